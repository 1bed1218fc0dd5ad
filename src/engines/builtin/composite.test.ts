import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createLayer } from './warp-render.js';
import { compositePass, crispCut, cutTaps, filmGrain, FILM_GRAIN, garmentOcclusion, HAND_KEY, handLikeness, isHandColour, edgeLiked, keyLikeness, keyPixels, oldLikeness, layerCoverage, removalUnder, sampleCut, sampleEdge, smoothArmCut, smoothKey } from './composite.js';
import { createSampler } from '../../vision/mask-sampler.js';
import { createMask } from '../../vision/image.js';

test('the garment occlusion is full under the garment, about half at its edge and none far from it', () => {
  // a 200×200 output with a garment box at x 60..139; analysis size 100×100
  const layer = createLayer(200, 200, { x0: 40, y0: 40, x1: 159, y1: 159 });
  for (let y = 40; y <= 159; y++) {
    for (let x = 60; x <= 139; x++) layer.alpha[(y - layer.oy) * layer.lw + (x - layer.ox)] = 1;
  }
  layer.bounds = { x0: 60, y0: 40, x1: 139, y1: 159 };
  const occ = garmentOcclusion(layer, 100, 100, 3);
  const at = (x: number, y: number) => occ.data[y * 100 + x]!;
  assert.ok(at(50, 50) > 0.95, `inside ${at(50, 50)}`);
  assert.ok(at(30, 50) > 0.3 && at(30, 50) < 0.7, `edge ${at(30, 50)}`);
  assert.ok(at(27, 50) > 0 && at(27, 50) < at(30, 50), 'falls off outside');
  assert.equal(at(10, 50), 0);
});

test("the layer's coverage per analysis cell: the mean of its samples over the cell's full count, cells the box misses 0", () => {
  // an 8×8 output over a 4×4 grid: 2×2 px per cell, every pixel sampled, a full cell 4 samples
  const layer = createLayer(8, 8, { x0: 0, y0: 0, x1: 7, y1: 7 });
  layer.alpha[1 * layer.lw + 1] = 1;
  layer.alpha[1 * layer.lw + 2] = 0.5;
  // the box, columns 1–4 and rows 1–2, cuts the cells: cell (0, 0) holds 1 sample, (1, 0) 2, (2, 0) 1
  layer.bounds = { x0: 1, y0: 1, x1: 4, y1: 2 };
  const cover = layerCoverage(layer, 4, 4);
  // 1 / 4, (0.5 + 0) / 4, 0, and nothing below
  assert.deepEqual(Array.from(cover.data), [0.25, 0.125, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
});

test('a fill brighter than 255 (a lit bare arm) is drawn as 255, never wrapped round to a dark blot', () => {
  const w = 8, h = 8;
  const layer = createLayer(w, h, { x0: 0, y0: 0, x1: -1, y1: -1 });
  const full = createMask(w, h);
  full.data.fill(1);
  const none = createMask(w, h);
  // skin fill (270, 200, −10) over the whole old garment, all of it skin
  const skin = new Float32Array(w * h * 3);
  for (let i = 0; i < w * h; i++) skin.set([270, 200, -10], i * 3);
  const fills = { skin, background: new Float32Array(w * h * 3), other: null, width: w, height: h, body: full, extent: full, otherWeight: null };
  const out = new Uint8Array(w * h * 3).fill(100);
  compositePass({ out, width: w, height: h, changed: new Float32Array(w * h) }, layer, { oldCloth: full, protect: none, armsFront: none, shading: full, fills });
  const p = (4 * w + 4) * 3;
  assert.ok(out[p]! >= 250, `red ${out[p]}`);
  assert.ok(out[p + 2]! <= 5, `blue ${out[p + 2]}`);
});

test('crispCut narrows the garment side of the cut threefold and leaves the side in front as it is', () => {
  // gain 3 below 0.5: 0.4 → 0.2, 0.45 → 0.35, from 0.5 − 1/6 down 0; 0.5 and above unchanged
  assert.ok(Math.abs(crispCut(0.4) - 0.2) < 1e-9);
  assert.ok(Math.abs(crispCut(0.45) - 0.35) < 1e-9);
  assert.equal(crispCut(0.3), 0);
  assert.equal(crispCut(0), 0);
  assert.equal(crispCut(0.5), 0.5);
  assert.equal(crispCut(0.75), 0.75);
  assert.equal(crispCut(1), 1);
});

test('a hand in front cuts the new garment crisply: a quarter-kept pixel takes the garment whole, a three-quarter-kept one stays as it was', () => {
  const w = 4, h = 1;
  const layer = createLayer(w, h);
  for (let i = 0; i < w; i++) { layer.alpha[i] = 1; layer.rgb.set([200, 0, 0], i * 3); layer.part[i] = 2; }
  layer.bounds = { x0: 0, y0: 0, x1: w - 1, y1: 0 };
  const none = createMask(w, h), ones = createMask(w, h, 1);
  // protect across the row: 0, 0.25, 0.75, 1 (no old garment to remove)
  const protect = createMask(w, h);
  protect.data.set([0, 0.25, 0.75, 1]);
  const fills = { skin: new Float32Array(w * h * 3), background: new Float32Array(w * h * 3), other: null, width: w, height: h, body: none, extent: none, otherWeight: null };
  const out = new Uint8Array(w * h * 3).fill(50);
  compositePass({ out, width: w, height: h, changed: new Float32Array(w * h) }, layer, { oldCloth: none, protect, armsFront: none, shading: ones, fills });
  // keep 0.25 (a steep cell) → crisp 0: garment red 200 (a 0.25 blend gave 162);
  // keep 0.75 stays: 50 + (200 − 50) · 0.25 = 87.5 → 88
  assert.deepEqual([...out.filter((_, k) => k % 3 === 0)], [200, 200, 88, 50]);
});

test('sampleCut makes an edge crisp and leaves a plateau of a middle value as it is', () => {
  // 4×1 mask sampled 1:1; pixel 1 sits on its own tap (t = 0) in a flat cell (1, 2) of 0.4: it stays
  const s = createSampler(4, 1, 4, 1);
  assert.ok(Math.abs(sampleCut(s, Float32Array.from([0, 0.4, 0.4, 0.4]), 1, 0) - 0.4) < 1e-6);
  // a cell stepping 0.4 → 0.5 (0.1: 0.4 of edgeStep 0.25) sampled half way, 0.45: crisp 0.35, 0.45 + (0.35 − 0.45)·0.4 = 0.41
  const half = { ...createSampler(2, 1, 2, 1), cols: { i0: Int32Array.from([0, 0]), i1: Int32Array.from([1, 1]), t: Float32Array.from([0.5, 0.5]) } };
  assert.ok(Math.abs(sampleCut(half, Float32Array.from([0.4, 0.5]), 0, 0) - 0.41) < 1e-6);
  // a steep cell 0 → 1 at 0.4: crisp in full, 0.2; at 0.6 (in front): as it is
  const steep = (t: number) => ({ ...half, cols: { i0: Int32Array.from([0]), i1: Int32Array.from([1]), t: Float32Array.from([t]) } });
  assert.ok(Math.abs(sampleCut(steep(0.4), Float32Array.from([0, 1]), 0, 0) - 0.2) < 1e-6);
  assert.ok(Math.abs(sampleCut(steep(0.6), Float32Array.from([0, 1]), 0, 0) - 0.6) < 1e-6);
});

test('sampleEdge steps a made limb\'s outline within one output pixel on both sides and leaves plateaus and gentle slopes nearly as they are', () => {
  // a 4-px mask 0, 0, 1, 1 drawn at 8 px: output px 3 and 4 sample 1.25 and 1.75 (0.25 and 0.75
  // bilinear, a 4-px ramp over px 2..5); the cell steps by 1 (a full edge): crisp 0 and 1
  const edge = Float32Array.from([0, 0, 1, 1]);
  const s = createSampler(8, 1, 4, 1);
  assert.equal(sampleEdge(s, edge, 3, 0), 0);
  assert.equal(sampleEdge(s, edge, 4, 0), 1);
  // a plateau of 0.6 sampled inside it: unchanged
  const flat = Float32Array.from([0.6, 0.6, 0.6, 0.6]);
  assert.ok(Math.abs(sampleEdge(s, flat, 3, 0) - 0.6) < 1e-6);
  // a gentle cell, 0.5 → 0.6 (0.1: 0.4 of edgeStep 0.25): px 3 samples 0.525: crisp 0.5 + 0.025·3 = 0.575, 0.525 + (0.575 − 0.525)·0.4 = 0.545
  const gentle = Float32Array.from([0.5, 0.5, 0.6, 0.6]);
  assert.ok(Math.abs(sampleEdge(s, gentle, 3, 0) - 0.545) < 1e-6, `${sampleEdge(s, gentle, 3, 0)}`);
});

test("isHandColour: a hand's own colour in light 0.7–1.15 of it, not its outline mixed with a dark garment nor white", () => {
  // one centre (200, 150, 120), |c|² = 76 900
  const hand = { centres: Float32Array.from([200, 150, 120]), weights: [1] };
  assert.equal(isHandColour(hand, 200, 150, 120), true, 'the colour itself');
  assert.equal(isHandColour(hand, 160, 120, 96), true, 'in shadow: light 0.8');
  assert.equal(isHandColour(hand, 230, 172, 138), true, 'lit: light 88 360 / 76 900 = 1.149');
  assert.equal(isHandColour(hand, 100, 75, 60), false, 'half mixed with black: light 0.5');
  assert.equal(isHandColour(hand, 240, 240, 240), false, 'white: light 1.47');
  // grey (150, 150, 150): light 70 500 / 76 900 = 0.917, residual (−33.4, 12.5, 40.0), squared about 2 870 > 676
  assert.equal(isHandColour(hand, 150, 150, 150), false, 'grey in the same light');
  const minor = { centres: Float32Array.from([200, 150, 120]), weights: [HAND_KEY.minShare - 0.01] };
  assert.equal(isHandColour(minor, 200, 150, 120), false, 'a shade holding under minShare of the hand');
});

/**
 * A try-on of `cells` analysis cells in a row, each drawn as a BLOCK × BLOCK square of output pixels:
 * the new garment (200, 0, 0) opaque over all, of `parts` (1 panel, 2 limb); the photo's colour per cell;
 * `band` the key's band per cell, as `key` ('hand' or 'arm'; none without). Returns each cell's centre
 * pixel after the pass. (The key's outline is smoothed over a few output px, KEY_OUTLINE: a key of one
 * output pixel is noise to it, so each cell spans BLOCK px.)
 */
const BLOCK = 12;
function keyedRow(cells: { photo: number[]; band: number; part: number; protect?: number; others?: number }[], key: 'hand' | 'arm' | null, old?: number[]): number[][] {
  const n = cells.length, w = n * BLOCK, h = BLOCK;
  const layer = createLayer(w, h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      layer.alpha[i] = 1; layer.rgb.set([200, 0, 0], i * 3); layer.part[i] = cells[Math.floor(x / BLOCK)]!.part;
    }
  }
  layer.bounds = { x0: 0, y0: 0, x1: w - 1, y1: h - 1 };
  const none = createMask(n, 1), ones = createMask(n, 1, 1);
  const band = createMask(n, 1);
  band.data.set(cells.map((c) => c.band));
  const fills = { skin: new Float32Array(n * 3), background: new Float32Array(n * 3), other: null, width: n, height: 1, body: none, extent: none, otherWeight: null };
  const out = new Uint8Array(w * h * 3);
  for (let i = 0; i < w * h; i++) out.set(cells[Math.floor((i % w) / BLOCK)]!.photo, i * 3);
  const protect = createMask(n, 1), others = createMask(n, 1);
  protect.data.set(cells.map((c) => c.protect ?? 0));
  others.data.set(cells.map((c) => c.others ?? 0));
  const masks = { oldCloth: none, protect, armsFront: none, bareArms: none, shading: ones, fills };
  const own = { band, palette: { centres: Float32Array.from([200, 150, 120]), weights: [1] } };
  const k = old ? { ...own, others, old: [{ centres: Float32Array.from(old), weights: [1] }] } : own;
  compositePass({ out, width: w, height: h, changed: new Float32Array(w * h) }, layer, key === 'hand' ? { ...masks, handKey: k } : key === 'arm' ? { ...masks, armKey: k } : masks);
  return cells.map((_, c) => [...out.subarray(((BLOCK / 2) * w + c * BLOCK + BLOCK / 2) * 3, ((BLOCK / 2) * w + c * BLOCK + BLOCK / 2) * 3 + 3)]);
}

const SKIN = [200, 150, 120], GREY = [120, 120, 120], NEW = [200, 0, 0];

test("a kept hand's own pixels at the output size stay whole where the protect mask's soft edge drew the garment over them", () => {
  // 3 cells, no protect; the hand key's band 1, 1, 0. The photo: the hand's colour, then grey, then the hand's colour again
  const cells = [{ photo: SKIN, band: 1, part: 2 }, { photo: GREY, band: 1, part: 2 }, { photo: SKIN, band: 0, part: 2 }];
  // the hand's cell in the band stays; grey in the band and the hand's colour outside it take the garment
  assert.deepEqual(keyedRow(cells, 'hand'), [SKIN, NEW, NEW]);
  assert.deepEqual(keyedRow(cells, null), [NEW, NEW, NEW], 'without the key the garment covers all three');
});

const OLD = [40, 60, 160];

test("inside the hand key's band the protect mask's soft edge keeps the photo only as far as it is not the old garment's colour unlike the hand's", () => {
  // 3 cells, all in the band, on the protect's soft edge (0.8, edgeSpan or more under 1): the hand's colour; the old garment's colour (blue, the removed
  // garment's palette); the same blue where another protected layer (the top kept) is. The blue is no hand colour
  // (its light 0.47 of the hand's, 117 away from it): the protect's share kept there is 1 − 1 × (1 − 0) = 0 and the
  // garment is drawn; under the other layer the protect stays (0.8: the photo drawn at 0.8 over the garment's 0.2).
  // Without the palettes the middle one kept the photo the same way.
  const cells = [{ photo: SKIN, band: 1, part: 2, protect: 0.8 }, { photo: OLD, band: 1, part: 2, protect: 0.8 }, { photo: OLD, band: 1, part: 2, protect: 0.8, others: 1 }];
  const mixed = [0.8 * 40 + 0.2 * 200, 0.8 * 60, 0.8 * 160];
  assert.deepEqual(keyedRow(cells, 'hand', OLD), [SKIN, NEW, mixed]);
  assert.deepEqual(keyedRow(cells, 'hand'), [SKIN, mixed, mixed]);
});

test("a photo colour's likeness to the hands' colours: their chroma in any light from a crease to a highlight", () => {
  const p = { centres: Float32Array.from([200, 150, 120, 0, 0, 255]), weights: [0.9, 0.1] };
  // half the light (0.5, the range's floor), the same chroma: whole
  assert.equal(handLikeness(p, 100, 75, 60), 1);
  // 0.4 of the light: 0.1 under the floor, faded over 0.2: 0.5
  assert.ok(Math.abs(handLikeness(p, 80, 60, 48) - 0.5) < 1e-9);
  // 0.3: black, no hand
  assert.equal(handLikeness(p, 60, 45, 36), 0);
  // (200, 150, 160): light 81700 / 76900 = 1.06242, off by (−12.48, −9.36, 32.51), 36.06 away: (50 − 36.06) / 20 = 0.697
  assert.ok(Math.abs(handLikeness(p, 200, 150, 160) - 0.697) < 1e-3, `${handLikeness(p, 200, 150, 160)}`);
  // grey (150, 150, 150): 53.5 away, past 50: none
  assert.equal(handLikeness(p, 150, 150, 150), 0);
  // pure blue is the second centre's own colour, but it holds under HAND_KEY.minShare of the hands: not theirs
  assert.equal(handLikeness(p, 0, 0, 255), 0);
});

test("the protect weighed by the photo's likeness on its soft edge only: in full 0.1 under 1, not where it is whole", () => {
  assert.equal(edgeLiked(0.6, 0), 0, 'a soft edge of the old garment\'s colour goes');
  assert.ok(Math.abs(edgeLiked(0.6, 0.5) - 0.3) < 1e-9, 'half like the hand: half of it stays');
  assert.equal(edgeLiked(1, 0), 1, 'the whole inside stays');
  // 0.95: half the span under 1: 0.95 × (1 − 1 × 0.5) = 0.475
  assert.ok(Math.abs(edgeLiked(0.95, 0) - 0.475) < 1e-9);
  assert.equal(edgeLiked(0.4, 1), 0.4, 'like the hand: as it was');
});

test("a photo colour's likeness to the removed garments' palettes: whole within 40, none from 55", () => {
  const old = [{ centres: Float32Array.from([20, 20, 40]), weights: [1] }, { centres: Float32Array.from([250, 250, 250]), weights: [1] }];
  assert.equal(oldLikeness(old, 20, 20, 40), 1);
  assert.equal(oldLikeness(old, 20, 20, 75), 1, '35 away');
  // 47 away: (55 − 47) / 15
  assert.ok(Math.abs(oldLikeness(old, 20, 20, 87) - 8 / 15) < 1e-9);
  assert.equal(oldLikeness(old, 20, 20, 100), 0, '60 away');
  assert.equal(oldLikeness(old, 250, 250, 250), 1, 'the second palette');
  assert.equal(oldLikeness(undefined, 20, 20, 40), 0, 'no palettes');
});

test("the share of the protect kept in a key's band: its likeness where the hands alone are protected, smoothed over 3 px", () => {
  // 5 output px over a 5-cell band (1:1), all in the band's half line; the photo the hand's colour but the middle
  // pixel, the old garment's blue. Raw shares 1, 1, 0, 1, 1; a 3-wide box: the middle (1 + 0 + 1) / 3 = 2/3.
  const band = createMask(5, 1, 1);
  const photo = Uint8Array.from([...SKIN, ...SKIN, ...OLD, ...SKIN, ...SKIN]);
  const own = { band, palette: { centres: Float32Array.from(SKIN), weights: [1] } };
  const sa = createSampler(5, 1, 5, 1), hb = { x0: 0, y0: 0, x1: 4, y1: 0 };
  const old = [{ centres: Float32Array.from(OLD), weights: [1] }];
  const alone = keyLikeness(sa, photo, 5, { ...own, others: createMask(5, 1), old }, hb);
  assert.ok(Math.abs(alone.data[2]! - 2 / 3) < 1e-6, `${alone.data[2]}`);
  assert.ok(Math.abs(alone.data[1]! - 2 / 3) < 1e-6, 'its neighbour shares the bite');
  // another protected layer over all of it: 1 throughout; without the palettes or the other layers: 1
  assert.deepEqual([...keyLikeness(sa, photo, 5, { ...own, others: createMask(5, 1, 1), old }, hb).data], [1, 1, 1, 1, 1]);
  assert.deepEqual([...keyLikeness(sa, photo, 5, own, hb).data], [1, 1, 1, 1, 1]);
});

test("a hand-coloured pixel in the hand key's band is the hand whole or not at all, never half under the garment", () => {
  // 2 cells, both the hand's colour. The band 0.8 (inside its half line: the hand, kept whole) and 0.3 (past it:
  // the garment whole). Kept at the band's value they were (200, 120, 96) and (200, 45, 36): a ghost.
  assert.deepEqual(keyedRow([{ photo: SKIN, band: 0.8, part: 2 }, { photo: SKIN, band: 0.3, part: 2 }], 'hand'), [SKIN, NEW]);
});

test("a bare forearm's own pixels in the arm key's band are cut from the panel whole, never from a sleeve", () => {
  // 3 cells, all the arm's colour: the panel (part 1) at cells 0 and 1, a sleeve (part 2) at cell 2. No protect,
  // no bare-arms mask; the arm key's band 1, 0.3, 1. The panel's cell inside the band stays the arm; past its half
  // line the panel is drawn whole; the sleeve is drawn over the arm as before (the bare arms' cut applies to the
  // panel only). Without the arm key all three took the garment.
  const cells = [{ photo: SKIN, band: 1, part: 1 }, { photo: SKIN, band: 0.3, part: 1 }, { photo: SKIN, band: 1, part: 2 }];
  assert.deepEqual(keyedRow(cells, 'arm'), [SKIN, NEW, NEW]);
  assert.deepEqual(keyedRow(cells, null), [NEW, NEW, NEW]);
});

test("the bare arms' cut of the panel leaves the sleeve drawn beneath it, only along the sleeve's stretch and not where the arm's core is in front", () => {
  // 4 blocks of 9 panel pixels (part 1), opaque (200, 0, 0) over the arm's colour (200, 150, 120), all on the bare arms' mask.
  // The sleeve beneath (layer.limb): 255, 255, 255, 0; the sleeves' span: 1, 1, 0, 1; the arm's core in front: 0, 1, 0, 0.
  // At each block's middle pixel (4 px from its sides: beyond the reach of the arm masks' smoothing, smoothArmCut):
  // block 0: the sleeve beneath inside its span: drawn (before, the arm showed through the sleeve here);
  // block 1: the arm's core before the torso: the arm, as before; block 2: past the sleeve's span (its hidden
  // underarm past the cuff): the arm; block 3: no sleeve beneath: the arm.
  const b = 9, w = 4 * b, h = 1;
  const block = (v: number[]) => v.flatMap((x) => Array<number>(b).fill(x));
  const layer = createLayer(w, h);
  for (let i = 0; i < w; i++) { layer.alpha[i] = 1; layer.rgb.set([200, 0, 0], i * 3); layer.part[i] = 1; }
  layer.limb.set(block([255, 255, 255, 0]));
  layer.bounds = { x0: 0, y0: 0, x1: w - 1, y1: 0 };
  const none = createMask(w, h), ones = createMask(w, h, 1);
  const sleeveSpan = createMask(w, h), armsFront = createMask(w, h);
  sleeveSpan.data.set(block([1, 1, 0, 1]));
  armsFront.data.set(block([0, 1, 0, 0]));
  const fills = { skin: new Float32Array(w * h * 3), background: new Float32Array(w * h * 3), other: null, width: w, height: h, body: none, extent: none, otherWeight: null };
  const out = new Uint8Array(w * 3);
  for (let i = 0; i < w; i++) out.set([200, 150, 120], i * 3);
  compositePass({ out, width: w, height: h, changed: new Float32Array(w) }, layer, { oldCloth: none, protect: none, armsFront, bareArms: ones, sleeveSpan, shading: ones, fills });
  const middles = [0, 1, 2, 3].flatMap((k) => [...out.subarray((k * b + 4) * 3, (k * b + 5) * 3)]);
  assert.deepEqual(middles, [200, 0, 0, 200, 150, 120, 200, 150, 120, 200, 150, 120]);
});

test('a pass draws the new garment where its alpha is and removes the old one where its cells are, and leaves the pixels between alone', () => {
  // a 10×2 output at the analysis size (1:1 taps); row 0: the layer's alpha at x 7..8, the old garment's cell at x 1; row 1: neither
  const w = 10, h = 2;
  const layer = createLayer(w, h);
  for (const x of [7, 8]) { layer.alpha[x] = 1; layer.rgb.set([200, 0, 0], x * 3); layer.part[x] = 2; }
  layer.bounds = { x0: 7, y0: 0, x1: 8, y1: 0 };
  const oldCloth = createMask(w, h), none = createMask(w, h), ones = createMask(w, h, 1);
  oldCloth.data[1] = 1;
  const bg = new Float32Array(w * h * 3).fill(10);
  const fills = { skin: new Float32Array(w * h * 3), background: bg, other: null, width: w, height: h, body: none, extent: none, otherWeight: null };
  const out = new Uint8Array(w * h * 3).fill(50);
  compositePass({ out, width: w, height: h, changed: new Float32Array(w * h) }, layer, { oldCloth, protect: none, armsFront: none, shading: ones, fills });
  // row 0: the old garment's pixel takes the background fill (10), the layer's pixels the garment (200), the rest keep 50; row 1 untouched
  assert.deepEqual([...out.filter((_, k) => k % 3 === 0)], [50, 10, 50, 50, 50, 50, 50, 200, 200, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50]);
});

test('cutTaps marks the cells whose 2×2 bilinear taps reach a non-zero pixel of any plane, clamped at the edge', () => {
  // 4×3 planes: one non-zero at row 1, column 2; another at the bottom-right corner (row 2, column 3)
  const a = createMask(4, 3), b = createMask(4, 3);
  a.data[1 * 4 + 2] = 0.2;
  b.data[2 * 4 + 3] = 1;
  // (cell (r, c) reads rows r..r+1 and columns c..c+1, the last row and column only themselves)
  assert.deepEqual(Array.from(cutTaps([a, undefined, b], 4, 3)), [0, 1, 1, 0, 0, 1, 1, 1, 0, 0, 1, 1]);
  assert.deepEqual(Array.from(cutTaps([createMask(4, 3)], 4, 3)), new Array(12).fill(0));
  // a plane of another size: every cell samples it
  assert.deepEqual(Array.from(cutTaps([createMask(2, 2)], 4, 3)), new Array(12).fill(1));
});

test('cutTaps of one pixel inside a plane: only the four cells whose taps hold it, none beyond', () => {
  // 5×4: the non-zero pixel at row 2, column 2 is a tap of cells rows 1–2, columns 1–2
  const a = createMask(5, 4);
  a.data[2 * 5 + 2] = -0.5;
  assert.deepEqual(Array.from(cutTaps([a], 5, 4)), [0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0]);
});

test("the film grain on filled skin is the photo's own grain on its visible skin, blind to its shading", () => {
  const w = 12, h = 12;
  const seen = createMask(w, h, 1);
  const grey = (v: (x: number, y: number) => number) => {
    const p = new Uint8Array(w * h * 3);
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) p.fill(v(x, y), (y * w + x) * 3, (y * w + x) * 3 + 3);
    return p;
  };
  // a checkerboard 100/101: the centre c and corners alike, the edges e the other: ∂²x ∂²y is
  // 4c − 2 × 4e + 4c = 8 (c − e), |8| at every pixel; sd 8 × 1.4826 / 6 = 1.97680, half-width √3 × that = 3.42392
  const checker = grey((x, y) => 100 + ((x + y) % 2));
  assert.ok(Math.abs(filmGrain(checker, w, h, seen) - 3.42392) < 1e-4, `${filmGrain(checker, w, h, seen)}`);
  // a shaded, grainless skin (a quadratic in x and y): no grain to give
  assert.ok(filmGrain(grey((x, y) => 60 + x * x + 3 * y), w, h, seen) < 1e-9);
  // a very noisy photo is matched up to FILM_GRAIN.max
  assert.equal(filmGrain(grey((x, y) => 100 + 20 * ((x + y) % 2)), w, h, seen), FILM_GRAIN.max);
  // no visible skin, or under 40 samples: the fixed fallback
  assert.equal(filmGrain(checker, w, h, undefined), FILM_GRAIN.fallback);
  const few = createMask(w, h);
  few.data.fill(1, 0, 39);
  assert.equal(filmGrain(checker, w, h, few), FILM_GRAIN.fallback);
});

test("a key's pixels: inside its band's half line and of the hands' colours, 1; else 0", () => {
  // 4 output px over a 4-cell band (1:1): band 1, 1, 0.4, 1; photo the hand's colour, grey, the hand's colour, the hand's colour
  const band = createMask(4, 1);
  band.data.set([1, 1, 0.4, 1]);
  const photo = Uint8Array.from([200, 150, 120, 120, 120, 120, 200, 150, 120, 200, 150, 120]);
  const key = { band, palette: { centres: Float32Array.from([200, 150, 120]), weights: [1] } };
  const kept = keyPixels(createSampler(4, 1, 4, 1), photo, 4, key, { x0: 0, y0: 0, x1: 3, y1: 0 });
  assert.deepEqual([...kept.data], [1, 0, 0, 1]);
  // a box of the last two pixels only: its own 2 px
  assert.deepEqual([...keyPixels(createSampler(4, 1, 4, 1), photo, 4, key, { x0: 2, y0: 0, x1: 3, y1: 0 }).data], [0, 1]);
});

test("a key's outline is smoothed at the output's scale: a one-pixel spur and bite go, a straight edge stays where it was", () => {
  // 20×20, the left half (x < 10) kept; a spur at (10, 10) and a bite at (9, 5). Two passes of a 5-wide box
  // weigh offsets −4..4 by 1, 2, 3, 4, 5, 4, 3, 2, 1 (/25) along each axis.
  // Straight edge: x 9 holds offsets −4..0 of the half = 15/25 = 0.6; x 10 holds −4..−1 = 10/25 = 0.4.
  // Sharpened by 1 / (0.2 × 1.5) = 10/3 about 0.5: 0.6 → 0.8333, 0.4 → 0.1667.
  // The spur: 0.4 + (5/25)² = 0.44 → 0.3 (was kept whole, 1); the bite: 0.6 − 0.04 = 0.56 → 0.7 (was cut, 0).
  const m = createMask(20, 20);
  for (let y = 0; y < 20; y++) for (let x = 0; x < 10; x++) m.data[y * 20 + x] = 1;
  m.data[10 * 20 + 10] = 1;
  m.data[5 * 20 + 9] = 0;
  const k = smoothKey(m);
  const at = (x: number, y: number) => k.data[y * 20 + x]!;
  const close = (v: number, e: number, what: string) => assert.ok(Math.abs(v - e) < 1e-3, `${what}: ${v} vs ${e}`);
  close(at(9, 15), 0.8333, 'inside the straight edge');
  close(at(10, 15), 0.1667, 'outside the straight edge');
  close(at(10, 10), 0.3, 'the spur');
  close(at(9, 5), 0.7, 'the bite');
  close(at(3, 10), 1, 'deep inside');
  close(at(16, 10), 0, 'far outside');
});

test("made skin takes the visible skin's 1–4 px grain at the output size, and the photo beside it stays as it was", () => {
  // a 64×64 output over a 32×32 analysis grid. The photo is skin of 150 ± 15 levels on knots every 3 px, bilinear
  // between them: a 3–6 px mottle (its bands' relative sds ≥ FULL_GRAIN's 1.5 % cap) with no pixel-to-pixel grain
  // (a bilinear patch's ∂²x ∂²y is 0 but at a knot, 1 px in 9: the film grain's median reads the rounding to
  // levels only, a half-width under 1, sd under 0.6). The old garment (analysis columns 16–31) is replaced by a
  // flat skin fill of 150: without the top-up it is drawn with that film grain only.
  const w = 64, h = 64, aw = 32, ah = 32;
  const layer = createLayer(w, h, { x0: 0, y0: 0, x1: -1, y1: -1 });
  const old = createMask(aw, ah), seen = createMask(aw, ah), full = createMask(aw, ah), none = createMask(aw, ah);
  full.data.fill(1);
  for (let y = 0; y < ah; y++) for (let x = 0; x < aw; x++) {
    if (x >= 16) old.data[y * aw + x] = 1;
    if (x < 12) seen.data[y * aw + x] = 1;
  }
  let state = 12345;
  const knots = Array.from({ length: 23 * 23 }, () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return 135 + ((state >>> 16) % 31);
  });
  const photo = new Uint8Array(w * h * 3);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) {
    const kx = Math.floor(x / 3), ky = Math.floor(y / 3), tx = (x % 3) / 3, ty = (y % 3) / 3;
    const k = (i: number, j: number) => knots[j * 23 + i]!;
    const v = (k(kx, ky) * (1 - tx) + k(kx + 1, ky) * tx) * (1 - ty) + (k(kx, ky + 1) * (1 - tx) + k(kx + 1, ky + 1) * tx) * ty;
    photo.fill(Math.round(v), (y * w + x) * 3, (y * w + x) * 3 + 3);
  }
  assert.ok(filmGrain(photo, w, h, seen) < 1, `film grain ${filmGrain(photo, w, h, seen)}`);
  const out = new Uint8Array(photo);
  const fills = { skin: new Float32Array(aw * ah * 3).fill(150), background: new Float32Array(aw * ah * 3), other: null, width: aw, height: ah, body: full, extent: full, otherWeight: null, seenSkin: seen };
  compositePass({ out, width: w, height: h, changed: new Float32Array(w * h) }, layer, { oldCloth: old, protect: none, armsFront: none, shading: full, fills });
  const v: number[] = [];
  for (let y = 8; y < 56; y++) for (let x = 40; x < 60; x++) v.push(out[(y * w + x) * 3]!);
  const m = v.reduce((s, a) => s + a, 0) / v.length;
  const sd = Math.sqrt(v.reduce((s, a) => s + (a - m) ** 2, 0) / v.length);
  // the fine and mid bands each up to 1.5 % of 150 (2.25 levels): at least ~1.5 levels in all, the film grain alone under 0.6
  assert.ok(sd > 1.5, `made skin's sd ${sd}`);
  // the visible skin (output columns 0–23, away from the removal's bilinear reach) is untouched
  for (let y = 0; y < h; y++) for (let x = 0; x < 24; x++) assert.equal(out[(y * w + x) * 3], photo[(y * w + x) * 3]);
});

test('smoothArmCut takes the arm at its 0.5 line and smooths its outline into a ramp 5 px wide each side', () => {
  // a 20×21 arm mask, columns 0..9 in front, feathered by 1 px as armsFront is: 2/3 at column 9, 1/3 at 10
  const arm = createMask(20, 21);
  for (let y = 0; y < 21; y++) {
    for (let x = 0; x < 20; x++) arm.data[y * 20 + x] = x <= 8 ? 1 : x === 9 ? 2 / 3 : x === 10 ? 1 / 3 : 0;
  }
  // taken at 0.5: columns 0..9; one box pass of radius 2 over columns 7..12: 1, 4/5, 3/5, 2/5, 1/5, 0;
  // the second pass averages five of those: column 8 (1 + 1 + .8 + .6 + .4)/5 = .76, 9 (1 + .8 + .6 + .4 + .2)/5 = .6,
  // 10 .4, 11 (.6 + .4 + .2)/5 = .24, 12 (.4 + .2)/5 = .12, 13 .2/5 = .04, 14 nothing: 0 (the 0.5 line between 9 and 10)
  const s = smoothArmCut(arm);
  const row = [8, 9, 10, 11, 12, 13, 14].map((x) => s.data[10 * 20 + x]!);
  [0.76, 0.6, 0.4, 0.24, 0.12, 0.04, 0].forEach((v, k) => assert.ok(Math.abs(row[k]! - v) < 1e-6, `column ${8 + k}: ${row[k]}`));
  // a feathered spur under the 0.5 line (a 1-px line feathered to 1/3) is no arm: all 0
  const spur = createMask(20, 21);
  for (let y = 0; y < 21; y++) spur.data[y * 20 + 10] = 1 / 3;
  assert.ok(smoothArmCut(spur).data.every((v) => v === 0));
});

test("under a protected part's soft edge the fill goes behind the new garment: the photo in front with keep, the garment, then the fill", () => {
  // photo 50, background fill 10, garment 200; old garment everywhere. Alphas 1, 0, 0.6 across;
  // row 0 keeps 0.5 (a plateau: sampled as it is), row 1 keeps nothing.
  const w = 3, h = 2;
  const layer = createLayer(w, h);
  const alphas = [1, 0, 0.6, 1, 0, 0.6];
  for (let i = 0; i < w * h; i++) { layer.alpha[i] = alphas[i]!; layer.rgb.set([200, 0, 0], i * 3); layer.part[i] = 2; }
  layer.bounds = { x0: 0, y0: 0, x1: w - 1, y1: h - 1 };
  const none = createMask(w, h), ones = createMask(w, h, 1);
  const protect = createMask(w, h);
  protect.data.set([0.5, 0.5, 0.5, 0, 0, 0]);
  const fills = { skin: new Float32Array(w * h * 3), background: new Float32Array(w * h * 3).fill(10), other: null, width: w, height: h, body: none, extent: none, otherWeight: null };
  const out = new Uint8Array(w * h * 3).fill(50);
  compositePass({ out, width: w, height: h, changed: new Float32Array(w * h) }, layer, { oldCloth: ones, protect, armsFront: none, shading: ones, fills });
  // keep·photo + (1 − keep)·(la·garment + (1 − la)·fill):
  // keep 0.5: la 1 → 25 + 100 = 125 (the fill had 0.25 of it: 115); la 0 → 25 + 5 = 30; la 0.6 → 25 + 0.5·(120 + 4) = 87 (was 81)
  // keep 0: la 1 → 200; la 0 → 10; la 0.6 → 120 + 4 = 124
  assert.deepEqual([...out.filter((_, k) => k % 3 === 0)], [125, 30, 87, 200, 10, 124]);
  // the share removed: o·(1 − keep)·(1 − la) / (1 − la·(1 − keep)); o·(1 − keep) where keep is 0 or 1 or the garment covers whole
  const near = (v: number, e: number) => assert.ok(Math.abs(v - e) < 1e-9, `${v} vs ${e}`);
  near(removalUnder(1, 0.5, 1), 0);
  near(removalUnder(1, 0.5, 0), 0.5);
  near(removalUnder(0.8, 0.5, 0.5), (0.8 * 0.5 * 0.5) / 0.75);
  near(removalUnder(0.8, 0, 0.7), 0.8);
  near(removalUnder(0.8, 1, 0.7), 0);
  near(removalUnder(0.8, 0, 1), 0.8);
});
