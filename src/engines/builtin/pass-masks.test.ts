import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createMask, type Mask } from '../../vision/image.js';
import { armKeyMask, armKeyPart, armsOrBeside, bareArmSkin, drawnAlong, handColours, handGrown, handHolesFilled, handKeyOf, handNotchesFilled, handMask, handSkin, handSkinCore, handTrimmed, HIPS_BELOW_HEM, withHemBand, looksLikeBottom, looksLikeMass, boxWithin, oldClothFor, oldClothRead, oldCuffRows, positiveBox, sleevedStretchInto, subtract, subtractInto, torsoBelowHem, trousersKeptBeneath, type HandZone } from './pass-masks.js';
import type { Shin } from './layering.js';
import type { HemRows } from './hem-reach.js';
import { maskArea, unionMask } from '../../vision/mask-ops.js';
import type { ClothingRegions } from './clothing-regions.js';
import type { PersonAnalysis } from '../../vision/person-analysis.js';
import { otherGarmentExtent } from './removal.js';
import { createLayer } from './warp-render.js';

const W = 20;

/** A 20×20 mask with `v` inside [x0, x1) × [y0, y1). */
function rect(x0: number, y0: number, x1: number, y1: number, v = 1): Mask {
  const m = createMask(W, W);
  for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) m.data[y * W + x] = v;
  return m;
}

const at = (m: Mask, x: number, y: number) => m.data[y * W + x]!;
const xy = (i: number) => ({ x: i % W, y: Math.floor(i / W) });

/**
 * A hand's capsule x 4..15, y 2..17 (its left column soft, 0.6) on skin wider
 * than it; the old garment from row 10 down. Over the garment: a 3-row cuff
 * (rows 10..12, white: no skin saturation), the garment's own colour at
 * x ≥ 13 (a pale skirt passing the skin test), and one shaded pixel (7, 15)
 * between fingers that fails the skin test.
 */
function zone(garmentEverywhere = false): HandZone {
  const hands = rect(4, 2, 16, 18);
  for (let y = 2; y < 18; y++) hands.data[y * W + 4] = 0.6;
  const skin = rect(1, 1, 19, 19);
  skin.data[15 * W + 7] = 0;
  return {
    hands,
    skin,
    oldHard: rect(0, 10, W, W),
    saturated: (i) => !(xy(i).y >= 10 && xy(i).y <= 12),
    garmentColour: (i) => garmentEverywhere || (xy(i).x >= 13 && xy(i).y >= 10),
  };
}

test('a hand over the old garment stays on top, its cuff and the garment-coloured skin do not', () => {
  const m = handMask(zone());
  assert.equal(at(m, 8, 6), 1, 'skin beside the old garment is kept');
  assert.ok(Math.abs(at(m, 4, 6) - 0.6) < 1e-6, 'with the capsule\'s own soft value');
  assert.equal(at(m, 6, 14), 1, 'skin over the old garment, saturated and not its colour, is kept');
  assert.equal(at(m, 8, 11), 0, 'a cuff without skin saturation is not kept');
  assert.equal(at(m, 15, 14), 0, 'a pixel of the garment\'s colour is not kept');
  assert.equal(at(m, 13, 14), 0, 'not even beside the kept hand (a 3 px band is no pinhole)');
  assert.equal(at(m, 7, 15), 1, 'a 1 px pinhole between fingers is closed');
  assert.equal(at(m, 2, 6), 0, 'skin outside the capsule is not the hand');
});

test("a hand's core: its pixels in the hand's own colours, not its outline mixed with a dark garment", () => {
  // a 20×20 photo: a hand x 4..11 of skin (200, 150, 120) on rows 2..17, its column x 11 mixed half with
  // black trousers (100, 75, 60); the hand kept x 4..11, soft (0.6) on row 2. Its 2 shades are the skin
  // (7/8 of it) and the mixed column (1/8, under HAND_CORE.minShare 0.15: no shade of the skin, 139 from it)
  const rgb = new Uint8Array(W * W * 3);
  for (let y = 2; y < 18; y++) for (let x = 4; x < 12; x++) rgb.set(x === 11 ? [100, 75, 60] : [200, 150, 120], (y * W + x) * 3);
  const hands = rect(4, 2, 12, 18);
  for (let x = 4; x < 12; x++) hands.data[2 * W + x] = 0.6;
  const core = handSkinCore(hands, { width: W, height: W, channels: 3, data: rgb });
  assert.equal(at(core, 6, 10), 1, 'the skin');
  assert.ok(Math.abs(at(core, 6, 2) - 0.6) < 1e-6, "with the hands' own soft value");
  assert.equal(at(core, 11, 10), 0, 'the mixed outline');
  assert.equal(at(core, 14, 10), 0, 'beside the hand');
});

test('without the garment\'s palette nothing over the old garment is kept', () => {
  const m = handMask(zone(true));
  assert.equal(at(m, 8, 6), 1);
  assert.equal(at(m, 8, 9), 1, 'the last row beside the garment');
  assert.equal(at(m, 6, 14), 0);
  assert.equal(at(m, 7, 15), 0);
});

test('the old garment removed never takes the bare arms\' skin, not even its grown edge', () => {
  // the old top x < 10, skin beside it x ≥ 10, bare arm skin from x 11 (its eroded edge: x 10 is not)
  const c = { upperCloth: rect(0, 0, 10, W), lowerCloth: createMask(W, W), skin: rect(10, 0, W, W) } as unknown as ClothingRegions;
  const plain = oldClothFor(c, 'upper').hard;
  assert.equal(at(plain, 11, 5), 1, 'without the bare skin the edge grows 2 px into skin');
  const kept = oldClothFor(c, 'upper', rect(11, 0, W, W)).hard;
  assert.equal(at(kept, 10, 5), 1, 'the skin\'s outline mixing in the garment still goes');
  assert.equal(at(kept, 11, 5), 0, 'the bare skin stays');
  assert.equal(at(kept, 5, 5), 1, 'the garment itself goes');
});

test('a sleeve reaches along the arm as far as its visible pixels do', () => {
  const layer = createLayer(40, 40);
  // a sleeve drawn x 8..12, y 0..14, and a sleeve hidden under the panel on to y 24
  for (let y = 0; y <= 24; y++) {
    for (let x = 8; x <= 12; x++) {
      const i = y * 40 + x;
      layer.alpha[i] = 1;
      layer.limb[i] = 255;
      layer.part[i] = y <= 14 ? 2 : 1;
    }
  }
  Object.assign(layer.bounds, { x0: 8, y0: 0, x1: 12, y1: 24 });
  // the arm bends at (10, 10) towards the right: pixels past the bend measure along its second stretch
  const axis = [{ x: 10, y: 0 }, { x: 10, y: 10 }, { x: 30, y: 30 }];
  const along = drawnAlong(layer, axis, 8);
  assert.ok(along >= 13 && along <= 16, `the visible cuff, not the hidden sleeve (${along})`);
  assert.equal(drawnAlong(createLayer(40, 40), axis, 8), 0, 'no sleeve, no reach');
});

test('in the hands\' zone skin of the face\'s colour, lit or shaded, counts as skin; navy cloth and pixels outside the zone do not', () => {
  // 4×1: shaded skin, navy cloth, lit skin, shaded skin outside the zone
  const rgb = [88, 59, 56, 28, 28, 41, 150, 95, 72, 88, 59, 56];
  const skin = createMask(4, 1), hands = createMask(4, 1);
  hands.data.set([1, 1, 1, 0]);
  const m = handSkin({ skin, hands, saturated: () => true, faceRgb: [151, 94, 71] }, rgb, 3);
  assert.deepEqual([...m.data], [1, 0, 1, 0]);
  // the parse's own skin stays as it is
  skin.data.set([0, 0, 0, 1]);
  assert.deepEqual([...handSkin({ skin, hands, saturated: () => false, faceRgb: [151, 94, 71] }, rgb, 3).data], [0, 0, 0, 1]);
});

test('a pixel looks like the lower garment within 55 of its palette unless the top\'s palette is nearer (a black cuff by a plaid\'s dark lines)', () => {
  // pixels: near-black, the plaid's pink, a grey 57.9 from the plaid's dark line (past 55)
  const small = { width: 3, height: 1, channels: 3 as const, data: Uint8Array.from([22, 22, 22, 215, 178, 198, 80, 80, 80]) };
  const pal = (...cs: number[][]) => ({ centres: Float32Array.from(cs.flat()), weights: cs.map(() => 1 / cs.length) });
  const plaid = pal([45, 50, 45], [220, 180, 200]), black = pal([20, 20, 20]);
  // near-black: 42.9 from the plaid's dark line, 3.5 from the black top: the top's
  const withTop = looksLikeBottom({ topPalette: black, bottomPalette: plaid }, small)!;
  assert.deepEqual([0, 1, 2].map(withTop), [false, true, false]);
  // without a top palette the plaid's dark line decides
  const alone = looksLikeBottom({ topPalette: null, bottomPalette: plaid }, small)!;
  assert.deepEqual([0, 1, 2].map(alone), [true, true, false]);
  assert.equal(looksLikeBottom({ topPalette: black, bottomPalette: null }, small), undefined);
});

test('a pixel looks like the lower garment when it and most of its neighbourhood\'s person pixels do: a print\'s scattered marks do not', () => {
  const W = 5;
  const at = (x: number, y: number) => y * W + x;
  // a 5×5 checkerboard of marks that pass the colour test (even indices), all on the person; radius 1 (3×3)
  const matte = createMask(W, W, 1);
  const marks = looksLikeMass((i) => i % 2 === 0, matte, 1)!;
  // (2,2): a mark, 5 of 9 marks around it (0.56); (2,1): no mark itself
  assert.equal(marks(at(2, 2)), true);
  assert.equal(marks(at(2, 1)), false);
  // a lone mark: 1 of 9 (0.11), not the lower garment
  assert.equal(looksLikeMass((i) => i === at(2, 2), matte, 1)!(at(2, 2)), false);
  // the person on columns 0–2 only, column 2 passing: (2,2) 3 of its 6 person pixels (0.5, enough)
  const half = createMask(W, W);
  for (let y = 0; y < W; y++) for (let x = 0; x <= 2; x++) half.data[at(x, y)] = 1;
  assert.equal(looksLikeMass((i) => i % W === 2, half, 1)!(at(2, 2)), true);
  // the same column on a person 5 wide: 3 of 9 (0.33)
  assert.equal(looksLikeMass((i) => i % W === 2, matte, 1)!(at(2, 2)), false);
  assert.equal(looksLikeMass(undefined, matte, 1), undefined);
});

test('looksLikeMass on a person inside the frame: the shares at the edges of its box count the person pixels only', () => {
  const at = (x: number, y: number) => y * W + x;
  // the person x 5..9, y 5..9 in the 20×20 frame; columns 6..8 pass the colour test
  const matte = rect(5, 5, 10, 10);
  const cols = (i: number) => i % W >= 6 && i % W <= 8;
  const r1 = looksLikeMass(cols, matte, 1)!;
  // radius 1 at (6, 5), the box's top edge: person cols 5..7 × rows 5..6 = 6 px, passing cols 6..7 = 4 (4/9 ≥ 0.5 × 6/9)
  assert.equal(r1(at(6, 5)), true);
  // (5, 5) and (9, 7) do not pass themselves; (6, 4) is off the person
  assert.equal(r1(at(5, 5)), false);
  assert.equal(r1(at(9, 7)), false);
  assert.equal(r1(at(6, 4)), false);
  // radius 2 at (8, 9), the bottom edge: person cols 6..9 × rows 7..9 = 12 px, passing cols 6..8 = 9 (0.75 of them)
  const r2 = looksLikeMass(cols, matte, 2)!;
  assert.equal(r2(at(8, 9)), true);
  // only column 8 passing, radius 2 at (8, 7): 5 of the 20 person px (cols 6..9 × rows 5..9), under half
  assert.equal(looksLikeMass((i) => i % W === 8, matte, 2)!(at(8, 7)), false);
});

test('looksLikeMass within a box: the same answers there, false beyond it, and the colour test asked only within the radius of it', () => {
  const at = (x: number, y: number) => y * W + x;
  // the person x 5..9, y 5..9 in the 20×20 frame; columns 6..8 pass the colour test (as above: (6, 5) and (7, 7) pass with radius 1)
  const matte = rect(5, 5, 10, 10);
  let asked = 0;
  const cols = (i: number) => {
    asked++;
    return i % W >= 6 && i % W <= 8;
  };
  const r1 = looksLikeMass(cols, matte, 1, { x0: 6, y0: 5, x1: 6, y1: 5 })!;
  assert.equal(r1(at(6, 5)), true);
  // (7, 7): 9 of 9 pass around it, but it lies beyond the box
  assert.equal(r1(at(7, 7)), false);
  // asked on the person within 1 px of (6, 5): x 5..7 × y 5..6 (row 4 is off the person), 6 px
  assert.equal(asked, 6);
});

test('boxWithin: the overlap of two boxes, the first when the second is null, null when they miss', () => {
  assert.deepEqual(boxWithin({ x0: 0, y0: 0, x1: 9, y1: 9 }, { x0: 5, y0: 3, x1: 20, y1: 7 }), { x0: 5, y0: 3, x1: 9, y1: 7 });
  assert.deepEqual(boxWithin({ x0: 2, y0: 2, x1: 4, y1: 4 }, null), { x0: 2, y0: 2, x1: 4, y1: 4 });
  assert.equal(boxWithin({ x0: 0, y0: 0, x1: 4, y1: 4 }, { x0: 5, y0: 0, x1: 9, y1: 4 }), null);
  assert.equal(boxWithin(null, { x0: 0, y0: 0, x1: 4, y1: 4 }), null);
});

test('a kept hand: enclosed holes up to maxPx are filled, larger ones and gaps open to the border are not', () => {
  // a 20×20 kept hand x 2..17, y 2..17 with a 1 px hole (5, 5), a 2×2 hole (10..11, 10..11) and a notch
  // at its edge (x 2, y 14) open to the outside
  const kept = rect(2, 2, 18, 18);
  kept.data[5 * W + 5] = 0;
  for (const [x, y] of [[10, 10], [11, 10], [10, 11], [11, 11]] as const) kept.data[y * W + x] = 0;
  kept.data[14 * W + 2] = 0;
  kept.data[3 * W + 8] = 0.6;
  const m = handHolesFilled(kept, 3);
  assert.equal(at(m, 5, 5), 1, 'the 1 px hole');
  assert.equal(at(m, 10, 10), 0, 'a 4 px hole is over maxPx 3');
  assert.equal(at(m, 2, 14), 0, 'the notch is open to the outside');
  assert.ok(Math.abs(at(m, 8, 3) - 0.6) < 1e-6, 'kept pixels keep their value');
  assert.equal(at(handHolesFilled(kept, 4), 10, 10), 1, 'with maxPx 4 the 2×2 hole too');
});

/**
 * A hand kept x 4..8, y 2..6 in its colour (200, 150, 120) on a 20×20 photo; below it a finger x 6,
 * y 7..12 in the hand's shadow (160, 120, 96: light 0.8); the old garment from row 10 down, its colour
 * at (6, 12); beside the finger x 7, y 7..9 the hand's outline half in a dark garment (100, 75, 60);
 * a bare leg's skin x 10..12, y 2..6 in the hand's colour, joined to the hand by row 4; the garment the
 * pass keeps x 0..3 on row 4, there in the hand's colour (3, 4) beside it. Shoulder width
 * 25 px: reach 0.2 sw = 5 steps.
 */
function growZone(): { kept: Mask; z: HandZone } {
  const rgb = new Uint8Array(W * W * 3).fill(240);
  const paint = (x: number, y: number, c: number[]) => rgb.set(c, (y * W + x) * 3);
  for (let y = 2; y < 7; y++) for (let x = 4; x < 13; x++) paint(x, y, [200, 150, 120]);
  for (let y = 7; y < 13; y++) paint(6, y, [160, 120, 96]);
  for (let y = 7; y < 10; y++) paint(7, y, [100, 75, 60]);
  paint(3, 4, [200, 150, 120]);
  const kept = rect(4, 2, 9, 7);
  const legs = rect(10, 0, W, W);
  const z: HandZone = {
    ...zone(),
    hands: kept,
    oldHard: rect(0, 10, W, W),
    garmentColour: () => false,
    reach: { bound: rect(0, 0, W, W), core: rect(0, 0, W, 12), rgb: { width: W, height: W, channels: 3, data: rgb }, matte: rect(0, 0, W, W), legs, other: rect(0, 4, 4, 5), garmentLike: (i) => xy(i).x === 6 && xy(i).y === 12, removed: [], shoulderWidthPx: 25, forearms: null },
  };
  return { kept, z };
}

test("a kept hand grows into its own colours: a shaded finger past its capsule, not a dark outline, the garment's colour, a bare leg", () => {
  const { kept, z } = growZone();
  const m = handGrown(kept, z);
  assert.equal(at(m, 6, 7), 1, 'the shaded finger below the hand');
  assert.equal(at(m, 6, 11), 1, 'over the old garment, not of its colour');
  assert.equal(at(m, 6, 12), 0, "near the old garment's colours (garmentLike), however near the skin's");
  assert.equal(at(m, 7, 8), 0, 'the outline mixed with a dark garment (light 0.5)');
  assert.equal(at(m, 10, 4), 0, "a bare leg's skin of the hand's colour");
  assert.equal(at(m, 2, 4), 0, 'the background');
  assert.equal(at(m, 3, 4), 0, "the garment the pass keeps, in the hand's colour");
  const beige = handGrown(kept, { ...z, reach: { ...z.reach!, garmentLike: (i) => xy(i).x === 6 && xy(i).y === 8 } });
  assert.equal(beige.data[8 * W + 6], 0, "off the old garment too, nothing near the removed garment's colours (the parse's skin)");
  assert.equal(handGrown(kept, { ...z, reach: { ...z.reach!, shoulderWidthPx: 10 } }).data[9 * W + 6], 0, 'reach 0.2 × 10 = 2 steps: row 9 is 3 past the hand');
  assert.equal(handGrown(kept, { ...zone(), hands: kept }), kept, 'without a reach the hand stays as it is');
});

test("a kept hand's notches up to twice the closing's radius are filled in the hand's shading, not in the garment's colour, the background, the kept garment or past the bound", () => {
  // a kept hand x 2..17, y 2..12; two notches open at its bottom edge (row 12): A x 5..6 (2 px wide) and
  // B x 10..15 (6 px), rows 9..12. Shoulder width 60 px: radius round(0.035 × 60) = 2, so A closes (each
  // of its pixels has the hand within 2 px on both sides and the dilated band below it) and B does not
  // (its middle columns 12..13 lie 3 px from either side). In A: (5, 9) of the old garment's colour,
  // (6, 9) without skin's saturation (the background), (5, 10) of the garment the pass keeps, (6, 10) past the bound.
  const kept = rect(2, 2, 18, 13);
  for (let y = 9; y < 13; y++) for (const x of [5, 6, 10, 11, 12, 13, 14, 15]) kept.data[y * W + x] = 0;
  kept.data[3 * W + 3] = 0.7;
  const bound = rect(0, 0, W, W);
  bound.data[10 * W + 6] = 0;
  const z: HandZone = {
    ...zone(),
    hands: kept,
    saturated: (i) => !(xy(i).x === 6 && xy(i).y === 9),
    garmentColour: (i) => xy(i).x === 5 && xy(i).y === 9,
    reach: { bound, core: rect(0, 0, W, W), rgb: { width: W, height: W, channels: 3, data: new Uint8Array(W * W * 3) }, matte: rect(0, 0, W, W), legs: createMask(W, W), other: rect(5, 10, 6, 11), garmentLike: () => false, removed: [], shoulderWidthPx: 60, forearms: null },
  };
  const m = handNotchesFilled(kept, z);
  for (const [x, y] of [[5, 11], [5, 12], [6, 11], [6, 12]] as const) assert.equal(at(m, x, y), 1, `notch A (${x}, ${y})`);
  assert.equal(at(m, 5, 9), 0, "the old garment's colour");
  assert.equal(at(m, 6, 9), 0, "without skin's saturation");
  assert.equal(at(m, 5, 10), 0, 'the garment the pass keeps');
  assert.equal(at(m, 6, 10), 0, 'past the bound');
  for (let x = 10; x < 16; x++) assert.equal(at(m, x, 11), 0, `notch B is too wide (${x}, 11)`);
  assert.ok(Math.abs(at(m, 3, 3) - 0.7) < 1e-6, 'kept pixels keep their value');
  assert.equal(at(m, 5, 13), 0, 'nothing past the hand');
  assert.equal(at(kept, 5, 11), 0, 'the given mask is not changed');
  assert.equal(handNotchesFilled(kept, { ...z, reach: { ...z.reach!, shoulderWidthPx: 10 } }).data[11 * W + 5], 0, 'a shoulder of 10 px: radius round(0.35) = 0, no closing');
  assert.equal(handNotchesFilled(kept, { ...zone(), hands: kept }), kept, 'without a reach the hand stays as it is');
});

test("past the pose's own capsules the zone's pixels over the old garment stay only in the hand's own colours", () => {
  const { z } = growZone();
  // the pose's own capsules down to row 13; kept: the hand, the finger's column x 6 down to row 14 and a blot
  // of pale old cloth (240) x 5, rows 12..14 (5 of 36 pixels pale: under HAND_CORE.minShare, no colour of the hand)
  const kept = unionMask(rect(4, 2, 9, 7), rect(6, 7, 7, 15), rect(5, 12, 6, 15));
  const m = handTrimmed(kept, { ...z, reach: { ...z.reach!, core: rect(0, 0, W, 14) } });
  assert.equal(at(m, 6, 11), 1, "the finger's shade over the garment, in the hand's colour, is kept");
  assert.equal(at(m, 5, 14), 0, 'past the core, over the garment, not the hand\'s colour: trimmed');
  assert.equal(at(m, 5, 13), 1, 'inside the core it is kept as the capsule decided');
  assert.equal(at(m, 6, 8), 1, 'off the old garment it is kept');
});

test("cloth of the removed garment's hue round a kept hand is peeled from its outline (HAND_CLOTH), inside the pose's capsules too", () => {
  // a hand x 3..14, rows 1..9 (200, 150, 120) with a pale highlight of the garment's hue at (8, 7); under its fingertips
  // x 6..10, rows 10..11 beige cloth (182, 160, 146: 13 from the removed garment's (190, 168, 152), its hue 1 from
  // it, 36 from the hand's) the parse took for skin, and a beige pixel (15, 2) off the old garment (rows ≥ 6);
  // all inside the pose's capsules, skin, saturated, nearer the face than the garment's palette; the beige 13 of 121
  // px, under HAND_KEY.minShare: no colour of the hand. Shoulder width 25 px: depth round(0.08 × 25) = 2 steps.
  const rgb = new Uint8Array(W * W * 3).fill(240);
  const paint = (x0: number, y0: number, x1: number, y1: number, c: number[]) => { for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) rgb.set(c, (y * W + x) * 3); };
  paint(3, 1, 15, 10, [200, 150, 120]);
  paint(8, 7, 9, 8, [182, 160, 146]);
  paint(6, 10, 11, 12, [182, 160, 146]);
  paint(15, 2, 16, 3, [182, 160, 146]);
  const capsules = unionMask(rect(3, 1, 15, 10), rect(6, 10, 11, 12), rect(15, 2, 16, 3));
  const beige = { centres: Float32Array.from([190, 168, 152]), weights: [1] };
  const z: HandZone = {
    hands: capsules,
    skin: rect(0, 0, W, W),
    oldHard: rect(0, 6, W, W),
    saturated: () => true,
    garmentColour: () => false,
    reach: { bound: capsules, core: capsules, rgb: { width: W, height: W, channels: 3, data: rgb }, matte: rect(0, 0, W, W), legs: createMask(W, W), other: createMask(W, W), garmentLike: () => false, removed: [beige], shoulderWidthPx: 25, forearms: null },
  };
  const m = handMask(z);
  for (let x = 6; x < 11; x++) assert.equal(at(m, x, 11), 0, `the cloth under the fingertips (${x}, 11)`);
  for (let x = 6; x < 11; x++) assert.equal(at(m, x, 10), 0, `two steps in (${x}, 10)`);
  assert.equal(at(m, 8, 8), 1, 'the hand over the old garment stays');
  assert.equal(at(m, 8, 7), 1, "a highlight of the garment's hue inside the hand is not reached from its outline");
  assert.equal(at(m, 15, 2), 1, 'off the old garment the capsule decides as before');
  const shallow = handMask({ ...z, reach: { ...z.reach!, shoulderWidthPx: 10 } });
  assert.equal(at(shallow, 8, 11), 0, 'a shoulder of 10 px: one step, the outline row');
  assert.equal(at(shallow, 8, 10), 1, 'one step: the row above it stays');
  assert.equal(at(handMask({ ...z, reach: { ...z.reach!, removed: [] } }), 8, 11), 1, "without a removed garment's palette nothing is told by its hue");
  const far = { centres: Float32Array.from([228, 202, 182]), weights: [1] };
  assert.equal(at(handMask({ ...z, reach: { ...z.reach!, removed: [far] } }), 8, 11), 1, "the garment's hue but 72 from its colour as lit (past HAND_CLOTH.nearD): not its cloth");
});

test("the hands' key: their own colours and their band, whole over them, a ramp one pixel past", () => {
  const rgb = new Uint8Array(W * W * 3);
  for (let i = 0; i < W * W; i++) rgb.set([200, 150, 120], i * 3);
  const key = handKeyOf(rect(8, 8, 12, 12), { width: W, height: W, channels: 3, data: rgb })!;
  assert.deepEqual([...key.palette.centres.slice(0, 3)].map(Math.round), [200, 150, 120]);
  // dilated to x 7..12, then a 3-wide box: whole inside, 2/3 at the dilation's edge, 1/3 one past it
  assert.ok(Math.abs(at(key.band, 10, 10) - 1) < 1e-6);
  assert.ok(Math.abs(at(key.band, 7, 10) - 2 / 3) < 1e-6, `${at(key.band, 7, 10)}`);
  assert.ok(Math.abs(at(key.band, 6, 10) - 1 / 3) < 1e-6, `${at(key.band, 6, 10)}`);
  assert.equal(at(key.band, 5, 10), 0);
  assert.equal(handKeyOf(createMask(W, W), { width: W, height: W, channels: 3, data: rgb }), null, 'no hands, no key');
  // the other protected layers and the removed garments' palettes go with the key as given
  const others = rect(0, 0, 3, 3), old = [{ centres: Float32Array.from([20, 20, 40]), weights: [1] }];
  const withOthers = handKeyOf(rect(8, 8, 12, 12), { width: W, height: W, channels: 3, data: rgb }, undefined, { mask: others, old })!;
  assert.equal(withOthers.others, others);
  assert.equal(withOthers.old, old);
  assert.equal(key.others, undefined, 'none without them');
});

test('below a new top the hips between their sides count as bare, above the hem and beside them not', () => {
  const box = (x0: number, y0: number, x1: number, y1: number) => {
    const m = createMask(20, 20);
    for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) m.data[y * 20 + x] = 1;
    return m;
  };
  // the new top covers rows 0–9 over the torso; shoulder width 10 px, so the hips' sides lie 2 px past the joints (x 8 and 12)
  assert.equal(HIPS_BELOW_HEM.besideJointSw, 0.2);
  const regions = { torso: box(5, 0, 15, 10), arms: createMask(20, 20) } as never;
  const out = torsoBelowHem({ matte: box(0, 0, 20, 20), cover: box(5, 0, 15, 10), regions, swPx: 10, hips: [12, 8] });
  const at = (x: number, y: number) => out.data[y * 20 + x];
  assert.equal(at(10, 15), 1, 'below the hem, between the hips');
  assert.equal(at(6, 15), 1, "at a hip's side");
  assert.equal(at(14, 15), 1);
  assert.equal(at(5, 15), 0, 'beside the hips');
  assert.equal(at(15, 15), 0);
  assert.equal(at(10, 5), 0, 'under the new top');
});

test("past the pose's own capsules a blot off the old garment goes too, told by the colours of the hand inside the capsules", () => {
  const { z } = growZone();
  // the pose's own capsules rows 0..6 (the hand, 25 px in its colour); past them, off the old garment (rows 7..9),
  // a blot of beige cloth the parse took for skin (190, 175, 160) x 9..14, rows 7..9: 18 px, 42 % of all kept,
  // a colour of its own in the whole kept mask, none of the hand's in the capsules
  const rgb = z.reach!.rgb.data;
  for (let y = 7; y < 10; y++) for (let x = 9; x < 15; x++) rgb.set([190, 175, 160], (y * W + x) * 3);
  const kept = unionMask(rect(4, 2, 9, 7), rect(9, 7, 15, 10));
  const m = handTrimmed(kept, { ...z, reach: { ...z.reach!, core: rect(0, 0, W, 7) } });
  assert.equal(at(m, 11, 8), 0, 'the beige blot past the capsules, off the old garment: trimmed');
  assert.equal(at(m, 6, 4), 1, 'the hand in the capsules stays');
});

test("past the pose's own capsules a finger in the hand's shadow over what it holds stays (HAND_SHADE); that shade on the person, on the old garment or of a removed garment's colour, and a dark object, do not", () => {
  const { z } = growZone();
  // the pose's own capsules rows 0..6 (the hand x 4..8, (200, 150, 120)); past them, off the old garment (rows 7..9):
  // a finger x 6 at light 0.6 (120, 90, 72) off the matte (over a bag); the same shade x 8 on the matte (a shaded fold
  // of a beige garment the parse took for skin); at (6, 9) that shade but nearer a removed garment's colour than the
  // face's; an olive bag x 10 (110, 95, 50: light 0.55, another hue) and a navy strap x 12 (40, 45, 70: light 0.3), both
  // off the matte; below, on the old garment (rows 10..12), the finger's shade x 14 off the matte (a dark garment's mix)
  const rgb = z.reach!.rgb.data;
  const paint = (x: number, y0: number, y1: number, c: number[]) => { for (let y = y0; y < y1; y++) rgb.set(c, (y * W + x) * 3); };
  paint(6, 7, 10, [120, 90, 72]);
  paint(8, 7, 10, [120, 90, 72]);
  paint(10, 7, 10, [110, 95, 50]);
  paint(12, 7, 10, [40, 45, 70]);
  paint(14, 10, 13, [120, 90, 72]);
  const matte = subtract(rect(0, 0, W, W), unionMask(rect(6, 7, 7, 10), rect(10, 7, 11, 10), rect(12, 7, 13, 10), rect(14, 10, 15, 13)));
  const kept = unionMask(rect(4, 2, 9, 7), rect(6, 7, 7, 10), rect(8, 7, 9, 10), rect(10, 7, 11, 10), rect(12, 7, 13, 10), rect(14, 10, 15, 13));
  const m = handTrimmed(kept, { ...z, garmentColour: (i) => xy(i).x === 6 && xy(i).y === 9, reach: { ...z.reach!, core: rect(0, 0, W, 7), matte } });
  assert.equal(at(m, 6, 7), 1, "the finger in the hand's shadow off the matte stays");
  assert.equal(at(m, 6, 8), 1, "the finger in the hand's shadow off the matte stays");
  assert.equal(at(m, 6, 9), 0, "nearer a removed garment's colour than the face's: trimmed");
  for (let y = 7; y < 10; y++) assert.equal(at(m, 8, y), 0, `the same shade on the person's matte: trimmed (8, ${y})`);
  for (let y = 7; y < 10; y++) assert.equal(at(m, 10, y), 0, `an olive bag: trimmed (10, ${y})`);
  for (let y = 7; y < 10; y++) assert.equal(at(m, 12, y), 0, `a navy strap, too dark: trimmed (12, ${y})`);
  for (let y = 10; y < 13; y++) assert.equal(at(m, 14, y), 0, `the shade over the old garment: trimmed (14, ${y})`);
  assert.equal(at(m, 6, 4), 1, 'the hand in the capsules stays');
});

test("over the old garment a finger in the hand's shadow stays when its hue is clearly the hand's, not a removed garment's (HAND_SHADE.oldRatio2)", () => {
  const { z } = growZone();
  // the pose's own capsules rows 0..6 (the hand x 4..8, (200, 150, 120)); below them, on the old garment (rows 10..12)
  // and off the matte: a finger x 14 at light 0.6 of the hand (120, 90, 72), and x 16 a brown shade (122, 88, 64):
  // to the hand's shade at light 0.589 (117.8, 88.3, 70.7) it lies 62.6 in distance², 4 × that 250; to a brown
  // garment's colour (125, 85, 60) at light 1.0045 (125.6, 85.4, 60.3) it lies 33.5; to denim (60, 75, 100) at
  // light 1.057 it lies 5249. The finger is the hand's own shade: 0 to it, kept against either garment
  const rgb = z.reach!.rgb.data;
  const paint = (x: number, c: number[]) => { for (let y = 10; y < 13; y++) rgb.set(c, (y * W + x) * 3); };
  paint(14, [120, 90, 72]);
  paint(16, [122, 88, 64]);
  const matte = subtract(rect(0, 0, W, W), unionMask(rect(14, 10, 15, 13), rect(16, 10, 17, 13)));
  const kept = unionMask(rect(4, 2, 9, 7), rect(14, 10, 15, 13), rect(16, 10, 17, 13));
  const reach = { ...z.reach!, core: rect(0, 0, W, 7), matte };
  const brown = { centres: Float32Array.from([125, 85, 60]), weights: [1] }, denim = { centres: Float32Array.from([60, 75, 100]), weights: [1] };
  const overBrown = handTrimmed(kept, { ...z, reach: { ...reach, removed: [brown] } });
  for (let y = 10; y < 13; y++) assert.equal(at(overBrown, 14, y), 1, `the finger in the hand's own shade over a brown garment stays (14, ${y})`);
  for (let y = 10; y < 13; y++) assert.equal(at(overBrown, 16, y), 0, `a shade nearer the brown garment's colour than 4 × the hand's: trimmed (16, ${y})`);
  const overDenim = handTrimmed(kept, { ...z, reach: { ...reach, removed: [denim] } });
  for (let y = 10; y < 13; y++) assert.equal(at(overDenim, 16, y), 1, `over denim that shade is clearly the hand's: it stays (16, ${y})`);
  const unknown = handTrimmed(kept, { ...z, reach: { ...reach, removed: [] } });
  assert.equal(at(unknown, 14, 11), 0, "without a removed garment's palette nothing tells the hand's hue over the old garment: trimmed");
  assert.equal(at(overBrown, 6, 4), 1, 'the hand in the capsules stays');
});

test("a kept hand's dark rim over the old garment in the pose's capsules is peeled from its outline (HAND_RIM); lighter shade, the rim off the old garment do not go", () => {
  // the hand x 4..10, rows 2..6, all in the pose's capsules, in (200, 150, 120) (luma 161.5); columns x 4, 9 and 10 a dark
  // rim (80, 60, 48) (luma 64.9), row 6 x 7..8 a lighter shade (160, 120, 96) (luma 129.2); the old garment from x 7 on.
  // The hand's colours' mean luma is the pixels' mean, (15 × 64.9 + 2 × 129.2 + 18 × 161.5) / 35 ≈ 118.5, × 0.7 ≈ 83:
  // the rim is darker, the shade not. A shoulder of 25 px peels round(0.75) = 1 step, of 100 px 3 steps
  const rgb = new Uint8Array(W * W * 3).fill(240);
  const paint = (x: number, y: number, c: number[]) => rgb.set(c, (y * W + x) * 3);
  for (let y = 2; y < 7; y++) for (let x = 4; x < 11; x++) paint(x, y, x === 4 || x >= 9 ? [80, 60, 48] : [200, 150, 120]);
  paint(7, 6, [160, 120, 96]);
  paint(8, 6, [160, 120, 96]);
  const hands = rect(4, 2, 11, 7);
  const z = (sw: number): HandZone => ({
    hands,
    skin: rect(0, 0, W, W),
    oldHard: rect(7, 0, W, W),
    saturated: () => true,
    garmentColour: () => false,
    reach: { bound: hands, core: rect(0, 0, W, W), rgb: { width: W, height: W, channels: 3, data: rgb }, matte: rect(0, 0, W, W), legs: createMask(W, W), other: createMask(W, W), garmentLike: () => false, removed: [], shoulderWidthPx: sw, forearms: null },
  });
  const one = handMask(z(25));
  for (let y = 2; y < 7; y++) assert.equal(at(one, 10, y), 0, `the rim on the outline over the old garment: peeled (10, ${y})`);
  for (let y = 3; y < 6; y++) assert.equal(at(one, 9, y), 1, `one step deep only, off the top and bottom rows (on the outline themselves) (9, ${y})`);
  for (let y = 2; y < 7; y++) assert.equal(at(one, 4, y), 1, `the dark outline off the old garment stays (4, ${y})`);
  assert.equal(at(one, 7, 6), 1, "a lighter shade on the outline over the old garment stays");
  assert.equal(at(one, 6, 4), 1, 'the hand stays');
  const three = handMask(z(100));
  for (let y = 2; y < 7; y++) assert.equal(at(three, 9, y), 0, `three steps: the rim's second column goes too (9, ${y})`);
  for (let y = 3; y < 6; y++) assert.equal(at(three, 8, y), 1, `the hand's own colour past the rim stays (8, ${y})`);
});

test('a kept hand is followed up its forearm (FOREARM_FRONT.reachSw) in its own colours, over the legs\' zone, not past the forearm', () => {
  const { kept, z } = growZone();
  // a forearm right of the hand, x 9..18 on rows 3..5, in the hand's colour, lying in the legs' zone
  // (x ≥ 10) off the old garment, as a forearm across the hip where the parse took old trousers for skin
  const rgb = z.reach!.rgb.data;
  for (let y = 3; y < 6; y++) for (let x = 9; x < 19; x++) rgb.set([200, 150, 120], (y * W + x) * 3);
  const forearm = rect(9, 3, 19, 6);
  // the hand's own bound stops at x 9; its reach would not take the legs' zone anyway
  const bound = rect(0, 0, 9, W);
  const withArm = handGrown(kept, { ...z, reach: { ...z.reach!, bound, forearms: { zone: forearm, garmentLike: () => false } } });
  assert.equal(at(withArm, 18, 4), 1, "the forearm's far end, 10 steps from the hand (0.9 × 25 = 22 allowed)");
  assert.equal(at(withArm, 12, 2), 0, 'not past the forearm (the bare leg above it, in the hand\'s colour)');
  const without = handGrown(kept, { ...z, reach: { ...z.reach!, bound } });
  assert.equal(at(without, 12, 4), 0, 'without the forearms the legs\' zone is not grown into');
  const garment = handGrown(kept, { ...z, reach: { ...z.reach!, bound, forearms: { zone: forearm, garmentLike: (i) => xy(i).x === 12 } } });
  assert.equal(at(garment, 14, 4), 0, "past a column of the removed garment's colour the forearm is not reached");
});

test("the hands' colours are read from their pixels from 0.5, not their soft ring; their key's band as of the hard hands", () => {
  // hands x 8..11, y 8..11 at 0.6: the top two rows dark (20, 40, 60), the bottom two light (200, 100, 50);
  // a ring one pixel round them at 0.4 in green, which no shade may take
  const hands = rect(7, 7, 13, 13, 0.4);
  for (let y = 8; y < 12; y++) for (let x = 8; x < 12; x++) hands.data[y * W + x] = 0.6;
  const rgb = new Uint8Array(W * W * 3);
  for (let i = 0; i < W * W; i++) rgb.set([0, 255, 0], i * 3);
  for (let y = 8; y < 12; y++) for (let x = 8; x < 12; x++) rgb.set(y < 10 ? [20, 40, 60] : [200, 100, 50], (y * W + x) * 3);
  const img = { width: W, height: W, channels: 3 as const, data: rgb };
  const own = handColours(hands, img)!;
  // 16 samples, 8 of each: the darker shade first (the brightness-ordered start), half the weight each
  assert.deepEqual([...own.centres].map(Math.round), [20, 40, 60, 200, 100, 50]);
  assert.deepEqual(own.weights, [0.5, 0.5]);
  // the band: the hard hands (x 8..11) dilated by 1 to x 7..12, then a 3-wide box
  const key = handKeyOf(hands, img, own)!;
  assert.ok(Math.abs(at(key.band, 10, 10) - 1) < 1e-6);
  assert.ok(Math.abs(at(key.band, 7, 10) - 2 / 3) < 1e-6, `${at(key.band, 7, 10)}`);
  assert.ok(Math.abs(at(key.band, 6, 10) - 1 / 3) < 1e-6, `${at(key.band, 6, 10)}`);
  assert.equal(at(key.band, 5, 10), 0);
});

test("a sleeve's stretch of the arm is set within its radius up to the axis's end, not in the round cap past it, nothing cleared", () => {
  // axis (2, 5) → (10, 5), radius 2, pixel centres at +0.5: rows 3..6 (|y + 0.5 − 5| ≤ 2); the left cap takes
  // x 1 on those rows and x 0 on rows 4..5 ((0.5 − 2)² + 0.5² ≤ 4, with 1.5² no); the end is 8 − 0.5 = 7.5
  // along, so x ≥ 9 (centre 9.5, nearest point 7.5 along) is past it
  const m = createMask(W, W);
  m.data[15 * W + 15] = 1;
  m.data[5 * W + 9] = 1;
  sleevedStretchInto(m, [{ x: 2, y: 5 }, { x: 10, y: 5 }], 2);
  const set: string[] = [];
  for (let i = 0; i < W * W; i++) if (m.data[i] === 1) set.push(`${xy(i).x},${xy(i).y}`);
  const expected = ['9,5', '15,15', '0,4', '0,5'];
  for (let y = 3; y <= 6; y++) for (let x = 1; x <= 8; x++) expected.push(`${x},${y}`);
  assert.deepEqual(set.sort(), expected.sort());
  assert.equal(at(m, 9, 4), 0, 'past the end along the axis: not set');
});

test('the old garment is the top for an upper pass, the lower garment for a lower one, their maximum for a dress', () => {
  // the top's plane holds 0.3 at (2, 2) and 1 at (12, 12); the lower garment's 0.8 at (2, 2) and nothing at (12, 12)
  const upperCloth = createMask(W, W), lowerCloth = createMask(W, W);
  upperCloth.data[2 * W + 2] = 0.3;
  upperCloth.data[12 * W + 12] = 1;
  lowerCloth.data[2 * W + 2] = 0.8;
  // (skin everywhere: the edge grows 2 px; a soft pixel under 0.5 with a garment pixel within 2 px becomes 1)
  const c = { upperCloth, lowerCloth, skin: rect(0, 0, W, W) } as unknown as ClothingRegions;
  const hard = (category: 'upper' | 'lower' | 'dress') => oldClothFor(c, category).hard;
  assert.ok(Math.abs(at(hard('upper'), 2, 2) - 0.3) < 1e-6, 'the top\'s own soft value, no garment pixel near it');
  assert.equal(at(hard('upper'), 12, 12), 1);
  assert.ok(Math.abs(at(hard('lower'), 2, 2) - 0.8) < 1e-6);
  assert.equal(at(hard('lower'), 12, 12), 0);
  assert.ok(Math.abs(at(hard('dress'), 2, 2) - 0.8) < 1e-6, 'the larger of the two');
  assert.equal(at(hard('dress'), 12, 12), 1);
});

test("the bare arms' key: their own colours and their band, one pixel past them; none without bare arms", () => {
  // the arm (rect: x 8..11, y 2..14) in (180, 130, 100), the rest of the photo grey (120, 120, 120)
  const rgb = new Uint8Array(W * W * 3);
  for (let y = 0; y < W; y++) for (let x = 0; x < W; x++) rgb.set(x >= 8 && x <= 11 && y >= 2 && y <= 14 ? [180, 130, 100] : [120, 120, 120], (y * W + x) * 3);
  const img = { width: W, height: W, channels: 3 as const, data: rgb };
  const { armKey } = armKeyPart(rect(8, 2, 12, 15), img);
  assert.ok(armKey);
  assert.deepEqual([...armKey.palette.centres.slice(0, 3)].map(Math.round), [180, 130, 100], 'the arm\'s colour, not the grey beside it');
  // dilated to x 7..12, then a 3-wide box: whole inside, 2/3 at the dilation's edge, 1/3 one past it, 0 beyond
  assert.ok(Math.abs(at(armKey.band, 10, 8) - 1) < 1e-6);
  assert.ok(Math.abs(at(armKey.band, 12, 8) - 2 / 3) < 1e-6, `${at(armKey.band, 12, 8)}`);
  assert.ok(Math.abs(at(armKey.band, 13, 8) - 1 / 3) < 1e-6, `${at(armKey.band, 13, 8)}`);
  assert.equal(at(armKey.band, 14, 8), 0);
  assert.deepEqual(armKeyPart(createMask(W, W), img), {}, 'no bare arms, no key');
});

test('the bare arms are keyed only outside the new sleeves, inside the new garment away from its outline, and in pieces wider than a sliver', () => {
  // the garment drawn over x 2..17 (rect end exclusive), a bare arm across it (x 0..19, y 6..11: 6 px wide), a new sleeve over
  // x 0..4, and a sliver of skin 2 px wide (x 10..11, y 14..16). 2 px inside the garment: x and y 4..15. Opened by 1 px:
  // the arm's piece x 5..15, y 6..11 stays (its corners aside), the sliver goes
  const arms = { bare: unionMask(rect(0, 6, 20, 12), rect(10, 14, 12, 17)), sleeved: rect(0, 0, 5, 20), cover: rect(2, 2, 18, 18) };
  const m = armKeyMask(arms, { inside: 2, open: 1 });
  assert.equal(at(m, 5, 8), 1, 'past the sleeve, inside the garment');
  assert.equal(at(m, 15, 9), 1, '2 px in from the outline');
  assert.equal(at(m, 10, 6), 1, "the arm's own edge");
  assert.equal(at(m, 10, 11), 1, "the arm's other edge");
  assert.equal(at(m, 4, 8), 0, 'under the new sleeve');
  assert.equal(at(m, 16, 8), 0, 'within 2 px of the outline: the garment\'s own side');
  assert.equal(at(m, 19, 8), 0, 'outside the garment');
  assert.equal(at(m, 10, 12), 0, 'not the bare arm');
  assert.equal(at(m, 10, 15), 0, 'a sliver 2 px wide: not keyed');
  assert.equal(at(m, 11, 14), 0, 'a sliver 2 px wide: not keyed');
});

test("the bare arms' key reads the garment's outline past the arms' own box", () => {
  // a bare arm x 5..12, y 6..11 inside a garment x 2..13: 2 px in from the outline is x 4..11, so the arm's
  // last column (12), whose window reaches the garment's edge at x 14 beyond the arm's box, is not keyed; the
  // piece x 5..11 is 7 px wide and stays whole through the opening
  const arms = { bare: rect(5, 6, 13, 12), sleeved: createMask(W, W), cover: rect(2, 0, 14, 20) };
  const m = armKeyMask(arms, { inside: 2, open: 1 });
  assert.equal(at(m, 11, 8), 1, '3 px in from the outline');
  assert.equal(at(m, 12, 8), 0, 'within 2 px of the outline, which lies past the arm');
  assert.equal(at(m, 5, 6), 1, "the arm's corner");
  assert.equal(maskArea(m), 7 * 6);
});

test('old trousers stay beneath a new dress, never beneath a new lower garment', () => {
  // 100×100: two trouser tubes x 34–46 and 54–66 down to row 96, the background between them;
  // the shins run from the knees at row 40 to the ankles at row 90 (x 40 and 60)
  const tubes = createMask(100, 100);
  for (let y = 20; y < 96; y++) for (let x = 0; x < 100; x++) if ((x >= 34 && x < 46) || (x >= 54 && x < 66)) tubes.data[y * 100 + x] = 1;
  const shins: [Shin, Shin] = [{ knee: { x: 40, y: 40 }, ankle: { x: 40, y: 90 } }, { knee: { x: 60, y: 40 }, ankle: { x: 60, y: 90 } }];
  assert.equal(trousersKeptBeneath('dress', tubes, shins), true, 'jeans under a short dress are worn');
  assert.equal(trousersKeptBeneath('lower', tubes, shins), false, 'new shorts replace the jeans: the legs below are bare');
  assert.equal(trousersKeptBeneath('upper', tubes, shins), false);
  // a maxi skirt (closed between the legs) is no trousers beneath a dress either
  const skirt = createMask(100, 100);
  for (let y = 20; y < 96; y++) for (let x = 30; x < 70; x++) skirt.data[y * 100 + x] = 1;
  assert.equal(trousersKeptBeneath('dress', skirt, shins), false);
});

test('the old cuffs go down to the old hem rows below new shorts, to the rows reached otherwise', () => {
  // the old trousers broke on the shoes at rows 960/970 (full px), the common floor is 930;
  // shorts keep the floor on both legs (hem-reach.ts reachedHems)
  const own: HemRows = { left: { x: 300, y: 960 }, right: { x: 400, y: 970 }, floor: 930 };
  const reached: HemRows = { left: { x: 300, y: 930 }, right: { x: 400, y: 930 }, floor: 930 };
  assert.equal(oldCuffRows('lower', true, reached, own), own, 'bare legs below new shorts: the old cuffs on the shoes go');
  assert.equal(oldCuffRows('lower', false, reached, own), reached, 'new trousers missing a thigh: layered as before');
  assert.equal(oldCuffRows('dress', true, null, null), null, 'a dress reads no hem rows');
  assert.equal(oldCuffRows('upper', false, null, null), null);
});

test('subtract: a × (1 − b) where b is non-zero, a as it is elsewhere, a new mask', () => {
  // 4×2: a = 0.8 everywhere; b = 0.25 at (1,0), 1 at (2,0), nothing on row 1 → 0.8·0.75 = 0.6, 0
  const a = createMask(4, 2, 0.8), b = createMask(4, 2);
  b.data[1] = 0.25;
  b.data[2] = 1;
  const out = subtract(a, b);
  assert.deepEqual(Array.from(out.data), [0.8, 0.6, 0, 0.8, 0.8, 0.8, 0.8, 0.8].map((v) => Math.fround(v)));
  assert.notEqual(out.data, a.data);
});

test("the new trousers' shading is read on the old bottom without its fringe, and without the kept layer and the held bag like the old garment", () => {
  // 4×2, columns: 0 the layer kept beneath, 1 cloth, 2 a held bag, 3 the fringe (in the soft old garment, not in the unfringed bottom)
  const soft = createMask(4, 2, 1), unfringed = createMask(4, 2), kept = createMask(4, 2), held = createMask(4, 2);
  for (let y = 0; y < 2; y++) {
    unfringed.data.set([1, 1, 1, 0], y * 4);
    kept.data[y * 4] = 1;
    held.data[y * 4 + 2] = 1;
  }
  const { oldCloth, shaded } = oldClothRead({ soft, unfringed }, kept, held);
  assert.deepEqual(Array.from(oldCloth.data), [0, 1, 0, 1, 0, 1, 0, 1], 'the cloth and the fringe');
  assert.deepEqual(Array.from(shaded.data), [0, 1, 0, 0, 0, 1, 0, 0], 'the cloth only: the bag is no cloth of the garment');
  // without a fringe the shading is read on the old garment itself
  const plain = oldClothRead({ soft: createMask(4, 2, 1), unfringed: null }, kept, held);
  assert.equal(plain.shaded, plain.oldCloth);
});

test('subtractInto: a × (1 − b) written into a itself, a as it was where b is zero', () => {
  // 3×2: a = 1, 0.5, 1 / 0.4, 0.4, 0.4; b = 0, 0.5, 1 on row 0, nothing on row 1 → 1, 0.5·0.5 = 0.25, 0 / row 1 as it was
  const a = createMask(3, 2), b = createMask(3, 2);
  a.data.set([1, 0.5, 1, 0.4, 0.4, 0.4]);
  b.data.set([0, 0.5, 1, 0, 0, 0]);
  const out = subtractInto(a, b);
  assert.equal(out, a);
  assert.deepEqual(Array.from(a.data), [1, 0.25, 0, 0.4, 0.4, 0.4].map((v) => Math.fround(v)));
});

test('positiveBox: the box of every positive pixel of the planes given, none for zeros and negatives', () => {
  // 6×5 planes: a at (1, 1) 0.2; b at (4, 3) 1e-30 (positive, however small) and −1 at (5, 4); c all zero
  const a = createMask(6, 5), b = createMask(6, 5), c = createMask(6, 5);
  a.data[1 * 6 + 1] = 0.2;
  b.data[3 * 6 + 4] = 1e-30;
  b.data[4 * 6 + 5] = -1;
  assert.deepEqual(positiveBox([a, null, b, c]), { x0: 1, y0: 1, x1: 4, y1: 3 });
  assert.deepEqual(positiveBox([c, null]), { x0: 0, y0: 0, x1: -1, y1: -1 });
});

test("the bare arm's skin keeps only what stays joined to the skin found in the arm's zones", () => {
  // 40×40, every pixel the face's colour, the matte whole, no garment parsed: only the skin parse decides.
  // The forearm's zone x 24..29; its skin x 24..29 down every row. Beside it a skin-toned skirt's patch the
  // parse took for skin, x 16..20 × y 14..20, joined to the arm by a 1-px-high neck (row 17, x 21..23): the
  // growth (0.08 sw = 8 px at sw 100) runs through the neck into the patch, and the 1-px erosion cuts the neck.
  // A hand's skin x 24..29 × y 33..38, apart from the forearm (rows 31..32 not skin), inside the hands' zone.
  const S = 40;
  const box = (x0: number, y0: number, x1: number, y1: number) => {
    const m = createMask(S, S);
    for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) m.data[y * S + x] = 1;
    return m;
  };
  const skin = unionMask(box(24, 0, 30, 31), box(16, 14, 21, 21), box(21, 17, 24, 18), box(24, 33, 30, 39));
  const rgb = new Uint8Array(S * S * 3);
  for (let i = 0; i < S * S; i++) rgb.set([200, 160, 140], i * 3);
  const c = {
    regions: { forearm: box(24, 0, 30, 31), hands: box(23, 31, 31, 40) },
    skin,
    skinModel: { cb: 111.25, cr: 149.63, y: 169.68, sdCb: 10, sdCr: 10, rgb: [200, 160, 140] },
    upperCloth: createMask(S, S),
    lowerCloth: createMask(S, S),
    topPalette: { centres: Float32Array.from([20, 30, 80]), weights: [1] },
    bottomPalette: null,
  } as unknown as ClothingRegions;
  const person = { matte: box(0, 0, S, S), small: { width: S, height: S, channels: 3, data: rgb } } as unknown as PersonAnalysis;
  const bare = bareArmSkin(c, 'upper', person, 100);
  const on = (x: number, y: number) => bare.data[y * S + x]!;
  assert.equal(on(18, 17), 0, "the skirt's patch, cut off from the arm by the erosion, is not the arm");
  assert.equal(on(27, 10), 1, "the forearm's skin stays");
  assert.equal(on(27, 36), 1, "a hand's skin apart from the forearm stays: it lies in the hands' zone");
});

/**
 * Beside a body (torso x 0..7, the person x 0..18) the trousers' mass x 0..9
 * from row 8 down, and the old top's sleeve x 10..17, rows 4..15, with the
 * top's grown edge over the trousers' edge (x 8..9): its removal (oldHard)
 * x 8..17, rows 4..15. The parse gave the trousers a 2×2 block inside the
 * sleeve at x 14..15, rows 12..13. Shoulder width 67 px: a neighbourhood of
 * radius 2 (5×5).
 */
function sleeveBlock(): { regions: { arms: Mask; torso: Mask; legs: Mask }; at: { lower: Mask; oldHard: Mask; matte: Mask } } {
  const lower = rect(0, 8, 10, 20);
  for (let y = 12; y < 14; y++) for (let x = 14; x < 16; x++) lower.data[y * W + x] = 1;
  return { regions: { arms: createMask(W, W), torso: rect(0, 0, 8, 20), legs: createMask(W, W) }, at: { lower, oldHard: rect(8, 4, 18, 16), matte: rect(0, 0, 19, 20) } };
}

test('armsOrBeside: a block of the bottom inside the old top\'s sleeve is the top\'s (the bottom\'s fill goes there only where it looks like the bottom), so the extent leaves it out', () => {
  const { regions, at: planes } = sleeveBlock();
  const box = { x0: 0, y0: 0, x1: W - 1, y1: W - 1 };
  const zone = armsOrBeside(regions, planes, box, 67);
  // the block: 4 of its 25 neighbours the bottom's (0.16) and taken by the removal; the sleeve's own pixel beside it too
  assert.equal(at(zone, 14, 12), 1);
  assert.equal(at(zone, 12, 10), 1);
  // (on the old reading the block, the parse's bottom, lay outside the zone, and the bottom's fill was drawn on it)
  const extent = otherGarmentExtent(planes.lower, planes.matte, zone, 0, undefined, () => false)!;
  assert.ok(at(extent, 14, 12) < 0.1, `extent ${at(extent, 14, 12)} on the sleeve's block`);
  assert.ok(at(extent, 5, 12) > 0.9);
});

test('armsOrBeside leaves the bottom\'s own edge that the top\'s grown edge takes, and the bottom beside the body the removal does not take', () => {
  const { regions, at: planes } = sleeveBlock();
  const zone = armsOrBeside(regions, planes, { x0: 0, y0: 0, x1: W - 1, y1: W - 1 }, 67);
  // (9, 10): the trousers' edge in the removal, 15 of its 25 neighbours the bottom's (0.6): the bottom's, outside the zone
  assert.equal(at(zone, 9, 10), 0);
  assert.equal(at(zone, 8, 12), 0);
  // (9, 18): the trousers beside the body below the sleeve, not in the removal
  assert.equal(at(zone, 9, 18), 0);
  // the torso is never in the zone; off the person nothing is the bottom's
  assert.equal(at(zone, 3, 12), 0);
  const extent = otherGarmentExtent(planes.lower, planes.matte, zone, 0, undefined, () => false)!;
  assert.ok(at(extent, 9, 10) >= 0.5, `extent ${at(extent, 9, 10)} on the trousers' edge`);
});

test("over a new lower garment the old lower garment's band under the top's hem goes to the garment removed and leaves the top kept; for a new top nothing moves", () => {
  // 12 × 12, swPx 60 (the band's reach 5 rows): a print of one-column stripes (black, grey) on rows 0..5, a plain band of
  // its grey on rows 6..7 that the parse gave the top (rows 0..7), the pale lower garment from row 8 (hem-band.ts HEM_BAND_TEXTURE)
  const w = 12, h = 12;
  const small = { width: w, height: h, channels: 3 as const, data: new Uint8Array(w * h * 3) };
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) small.data.set(y < 6 ? (x % 2 === 0 ? [25, 25, 30] : [160, 160, 164]) : y < 8 ? [160, 160, 164] : [200, 200, 205], (y * w + x) * 3);
  const band = (y0: number, y1: number) => {
    const m = createMask(w, h);
    for (let y = y0; y < y1; y++) for (let x = 0; x < w; x++) m.data[y * w + x] = 1;
    return m;
  };
  const c = { upperCloth: band(0, 8), lowerCloth: band(8, h) };
  const { removed, topKept } = withHemBand({ lowerCloth: c.lowerCloth }, c, 'lower', { small, swPx: 60 });
  for (const x of [0, 5, 11]) {
    assert.equal(removed.lowerCloth.data[6 * w + x], 1);
    assert.equal(removed.lowerCloth.data[7 * w + x], 1);
    assert.equal(removed.lowerCloth.data[5 * w + x], 0);
    assert.equal(topKept.data[5 * w + x], 1);
    assert.equal(topKept.data[6 * w + x], 0);
    assert.equal(topKept.data[7 * w + x], 0);
  }
  assert.equal(maskArea(removed.lowerCloth), maskArea(c.lowerCloth) + 2 * w);
  // a new top: the parse as it is
  const top = withHemBand({ lowerCloth: c.lowerCloth }, c, 'upper', { small, swPx: 60 });
  assert.equal(top.removed.lowerCloth, c.lowerCloth);
  assert.equal(top.topKept, c.upperCloth);
});
