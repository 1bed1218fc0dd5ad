/**
 * The outline figures on a print reaching the garment's edge (verdict-edges.ts
 * OWN_COLOUR's colour set, profileSharpness read just inside the outline,
 * verdict-halo.ts edgeBlend) and on a fringe of the garment photo's
 * background kept there (CUT_OUT_BACKDROP), on hand-worked synthetic images.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createMask, type Mask, type RgbImage } from '../../vision/image.js';
import { CUT_OUT_BACKDROP, OWN_COLOUR, backdropColour, colourSet, cutOutBackdrop, fringeColourAt, garmentColours, ownColourAt, profileSharpness } from './verdict-edges.js';
import { HALO_PROFILE, hasHalo } from './verdict-halo.js';

type Rgb = [number, number, number];
const SIZE = 64;
const RED: Rgb = [200, 40, 40], GREEN: Rgb = [40, 160, 60], BLUE: Rgb = [30, 60, 200], PALE: Rgb = [150, 150, 150], GREY: Rgb = [128, 128, 128];

/** The garment: columns [16, 48) over the whole height. */
function band(): Mask {
  const m = createMask(SIZE, SIZE);
  for (let y = 0; y < SIZE; y++) for (let x = 16; x < 48; x++) m.data[y * SIZE + x] = 1;
  return m;
}

function columns(colour: (x: number) => Rgb): RgbImage {
  const data = new Uint8Array(SIZE * SIZE * 3);
  for (let y = 0; y < SIZE; y++) for (let x = 0; x < SIZE; x++) data.set(colour(x), (y * SIZE + x) * 3);
  return { width: SIZE, height: SIZE, channels: 3, data };
}

test('the colour set and backdrop parameters are the ones the hand-worked figures below assume', () => {
  assert.equal(OWN_COLOUR.insidePx, 4);
  assert.equal(OWN_COLOUR.setLevels, 16);
  assert.equal(OWN_COLOUR.minSetShare, 0.003);
  assert.deepEqual(CUT_OUT_BACKDROP, { fromPx: 2, toPx: 6, k: 3, minWeight: 0.05, minScale: 0.55, maxScale: 1.1, maxDistance: 25 });
});

test('ownColourAt: a print\'s minor colour is the garment\'s own; a colour it never shows is not; a minor colour of the photo\'s background is a fringe', () => {
  // red with a green column (30) and a pale grey column (40): read over columns 20–43, each 1/24 = 0.042 of the interior,
  // under the palette's 0.05, over the set's 0.003. Green at the edge column 17 and blue at 18 (outside the interior)
  const result = columns((x) => (x === 30 || x === 17 ? GREEN : x === 40 ? PALE : x === 18 ? BLUE : x >= 16 && x < 48 ? RED : GREY));
  const x = { result, cover: band(), keep: createMask(SIZE, SIZE) };
  const own = garmentColours(x);
  const at = (col: number, input: Parameters<typeof ownColourAt>[0] = x) => ownColourAt(input, own, 32 * SIZE + col);
  // by its palette alone (as before the set) green is no colour of the garment's; by its set it is, blue is not
  assert.equal(ownColourAt(x, own.palette, 32 * SIZE + 17), false);
  assert.deepEqual([at(24), at(17), at(30), at(18), at(40)], [true, true, true, false, true]);
  // the photo shot on a light grey (200): pale 150 is that grey in the drawn shading (0.75 × 200): a fringe, not the print
  const shot = { ...x, backdrop: Float32Array.from([200, 200, 200]) };
  assert.deepEqual([at(17, shot), at(40, shot), fringeColourAt(shot, 32 * SIZE + 40)], [true, false, true]);
});

test('backdropColour: the background scaled by the drawn shading, within maxDistance', () => {
  const grey = Float32Array.from([200, 200, 200]);
  // 0.55 × 200 = 110 … 1.1 × 200 = 220 along the grey line
  assert.deepEqual([backdropColour(grey, 140, 140, 140), backdropColour(grey, 220, 220, 220), backdropColour(grey, 90, 90, 90)], [true, true, false]);
  // 20 off the line (140, 160, 140: 16.3 from 146.7 grey) is within 25; a red 140, 100, 100 (32.7 off) is not
  assert.deepEqual([backdropColour(grey, 140, 160, 140), backdropColour(grey, 140, 100, 100)], [true, false]);
});

test('cutOutBackdrop: the photo\'s colours 2–6 px beyond the silhouette', () => {
  // a 40 × 40 photo, grey 200 with a red square; its silhouette at half size, 20 × 20, the square's rows and columns 6–13
  const data = new Uint8Array(40 * 40 * 3);
  for (let i = 0; i < 40 * 40; i++) data.set([200, 200, 200], i * 3);
  for (let y = 12; y < 28; y++) for (let x = 12; x < 28; x++) data.set(RED, (y * 40 + x) * 3);
  const whole = createMask(20, 20);
  for (let y = 6; y < 14; y++) for (let x = 6; x < 14; x++) whole.data[y * 20 + x] = 1;
  assert.deepEqual(Array.from(cutOutBackdrop([{ image: { width: 40, height: 40, channels: 3, data }, whole, scale: 0.5 }])), [200, 200, 200]);
});

test('colourSet: read on a box holding the mask, the same set as over the frame; an empty box none', () => {
  const result = columns((x) => (x === 30 ? GREEN : x >= 16 && x < 48 ? RED : GREY));
  const where = band();
  const frame = colourSet(result, where)!;
  // the band's box, and a wider one: the same cells (red, green and their neighbours); none from a null box
  assert.deepEqual(colourSet(result, where, { x0: 16, y0: 0, x1: 47, y1: SIZE - 1 }), frame);
  assert.deepEqual(colourSet(result, where, { x0: 10, y0: 0, x1: 50, y1: SIZE - 1 }), frame);
  assert.equal(colourSet(result, where, null), null);
  assert.equal(frame.reduce((a, b) => a + b, 0), 2 * 27);
});

test('cutOutBackdrop: a silhouette at the frame\'s corner reads its ring inside the frame only; none without a silhouette', () => {
  // 20 × 20 grey 90 photo with a blue band 2–6 px right of and below a silhouette in the corner (rows and columns 0–5)
  const data = new Uint8Array(20 * 20 * 3);
  for (let y = 0; y < 20; y++) for (let x = 0; x < 20; x++) data.set(x < 6 && y < 6 ? RED : Math.max(x, y) >= 8 ? ([90, 90, 90] as Rgb) : BLUE, (y * 20 + x) * 3);
  const whole = createMask(20, 20);
  for (let y = 0; y < 6; y++) for (let x = 0; x < 6; x++) whole.data[y * 20 + x] = 1;
  // ring: chessboard distance 2–6 from the square, px 7–11 of each axis' far side; blue (6–7 away: distance 2) and grey
  const backdrop = Array.from(cutOutBackdrop([{ image: { width: 20, height: 20, channels: 3, data }, whole, scale: 1 }]));
  assert.equal(backdrop.length % 3, 0);
  assert.ok(backdrop.length >= 6, 'blue and grey both among the ring\'s colours');
  assert.deepEqual(Array.from(cutOutBackdrop([{ image: { width: 20, height: 20, channels: 3, data }, whole: createMask(20, 20), scale: 1 }])), []);
});

test('profileSharpness: a print band inside the edge as dark as the neighbour is read from just inside the outline', () => {
  // garment 200 (samples 0–1), a print band 60 (2–5: 3 px inside to the outline), the neighbour 70 beyond (6–10)
  const prof = [200, 200, 60, 60, 60, 60, 70, 70, 70, 70, 70];
  // from the profile's ends: sides 200 and 70, the largest step near the outline 10: soft (under 0.35 × 130)
  assert.deepEqual(profileSharpness(prof), { step: 130, largest: 10 });
  // samples 2–4 in the garment's own colours: its side is read there, 60: a step of 10, too faint to judge (minStep 40)
  assert.deepEqual(profileSharpness(prof, [1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0]), { step: 10, largest: 10 });
});

test('hasHalo: a print band ending at the outline with one blended pixel beyond is no halo; in a fringe\'s colours it is', () => {
  const IN = HALO_PROFILE.insideToPx, n = IN + HALO_PROFILE.bandOutsidePx + HALO_PROFILE.beyondPx + 1;
  const DARK: Rgb = [60, 20, 40];
  const rgb = new Float32Array(n * 3), own = new Uint8Array(n), changed = new Uint8Array(n);
  for (let k = 0; k < n; k++) {
    const t = k - IN;
    // red inside, the dark band t = −3…0, at t = 1 halfway from dark to the grey beyond (94, 74, 84), grey from t = 2
    rgb.set(t <= -4 ? RED : t <= 0 ? DARK : t === 1 ? [94, 74, 84] : GREY, k * 3);
    own[k] = t <= 0 ? 1 : 0;
  }
  changed[IN + 1] = 1;
  // the run t = −3…1 is 45 or more from red and grey; before, the blended t = 1 (no garment colour) made it foreign
  assert.equal(hasHalo({ rgb, changed, own }), false);
  // the blend's end moved off the segment (t = 1 at 94, 120, 84: 33 off): a colour of its own, a halo
  rgb.set([94, 120, 84], (IN + 1) * 3);
  assert.equal(hasHalo({ rgb, changed, own }), true);
  rgb.set([94, 74, 84], (IN + 1) * 3);
  // the outline's sample in a colour of the garment photo's background: the band may be a fringe kept, read as before
  const fringe = new Uint8Array(n);
  fringe[IN] = 1;
  assert.equal(hasHalo({ rgb, changed, own, fringe }), true);
});
