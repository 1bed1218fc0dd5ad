import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createMask, type Mask, type RgbImage } from '../../vision/image.js';
import { EDGE_PROFILE, OWN_COLOUR, RIM_PROFILE, garmentPalette, outlineNormals, ownColourAt, profileSharpness, rimContrast, rimShare, softEdgeShare } from './verdict-edges.js';

const SIZE = 64;
/** The garment: a band over the whole height, columns [16, 48); its outline is columns 16 and 47 (rows 1..62: the first and last rows are not scanned). */
const BAND_X0 = 16, BAND_X1 = 48;

function band(): Mask {
  const m = createMask(SIZE, SIZE);
  for (let y = 0; y < SIZE; y++) for (let x = BAND_X0; x < BAND_X1; x++) m.data[y * SIZE + x] = 1;
  return m;
}

/** A grey image (r = g = b, so luma = the value) from a value per column. */
function greyColumns(value: (x: number) => number): RgbImage {
  const data = new Uint8Array(SIZE * SIZE * 3);
  for (let y = 0; y < SIZE; y++) for (let x = 0; x < SIZE; x++) data.fill(value(x), (y * SIZE + x) * 3, (y * SIZE + x) * 3 + 3);
  return { width: SIZE, height: SIZE, channels: 3, data };
}

/** Garment grey 50 on a background of 200, stepping at once on both sides. */
const crisp = (x: number) => (x >= BAND_X0 && x < BAND_X1 ? 50 : 200);
/**
 * The left side smeared: from 200 at column 11 down to 50 at column 17 in
 * steps of 25 (a 6-px ramp); the right side crisp.
 */
const smearedLeft = (x: number) => (x >= 11 && x <= 17 ? 200 - 25 * (x - 11) : crisp(x));

test('the profile parameters are the ones the hand-worked figures below assume', () => {
  assert.equal(EDGE_PROFILE.reachPx, 5);
  assert.equal(EDGE_PROFILE.sidePx, 3);
  assert.equal(EDGE_PROFILE.coreReachPx, 3);
  assert.equal(EDGE_PROFILE.minStep, 40);
  assert.equal(EDGE_PROFILE.softRatio, 0.35);
  assert.deepEqual(RIM_PROFILE, { reachPx: 8, nearPx: 5, widthPx: 2, flankPx: 3, minContrast: 45, minProfiles: 20 });
});

test('profileSharpness: a step taken at once, and a ramp', () => {
  // sides 10 and 200; the whole step between samples 5 and 6
  assert.deepEqual(profileSharpness([10, 10, 10, 10, 10, 10, 200, 200, 200, 200, 200]), { step: 190, largest: 190 });
  // a ramp of 40 a sample from sample 2 to sample 7: sides 0 (samples 0–2) and 200 (samples 8–10), largest step 40
  assert.deepEqual(profileSharpness([0, 0, 0, 40, 80, 120, 160, 200, 200, 200, 200]), { step: 200, largest: 40 });
  // the sides are medians: one outlier among a side's three samples does not move it
  assert.deepEqual(profileSharpness([90, 10, 10, 10, 10, 10, 200, 200, 200, 200, 0]), { step: 190, largest: 190 });
  // steps outside the core (samples 0–2 and 8–10) are not the edge's: largest only within 3 samples of the outline
  assert.deepEqual(profileSharpness([0, 100, 100, 100, 100, 100, 100, 100, 100, 100, 200]), { step: 0, largest: 0 });
});

test('outlineNormals: a vertical band has two outline columns, normals pointing out of it', () => {
  const n = outlineNormals(band());
  // rows 1..62 on each side
  assert.equal(n.index.length, 2 * 62);
  for (let k = 0; k < n.index.length; k++) {
    const x = n.index[k]! % SIZE;
    assert.ok(x === BAND_X0 || x === BAND_X1 - 1);
    assert.equal(n.nx[k], x === BAND_X0 ? -1 : 1);
    assert.equal(n.ny[k], 0);
  }
});

test('softEdgeShare: a crisp outline is not soft', () => {
  assert.equal(softEdgeShare({ result: greyColumns(crisp), cover: band(), keep: createMask(SIZE, SIZE) }), 0);
});

test('softEdgeShare: one side smeared over 6 px is half the outline', () => {
  // left profiles (columns 21 down to 11): 50 50 50 50 50 75 100 125 150 175 200 →
  // sides 50 and 175 (step 125), largest core step 25 < 0.35 × 125: soft. Right profiles step 150 at once.
  // 62 soft of 124 judged.
  assert.equal(softEdgeShare({ result: greyColumns(smearedLeft), cover: band(), keep: createMask(SIZE, SIZE) }), 0.5);
});

test('softEdgeShare: a smear against a kept part (hair, a hand) is not the garment edge', () => {
  const keep = createMask(SIZE, SIZE);
  for (let y = 0; y < SIZE; y++) for (let x = 0; x < BAND_X0; x++) keep.data[y * SIZE + x] = 1;
  // only the right side's 62 crisp profiles are judged
  assert.equal(softEdgeShare({ result: greyColumns(smearedLeft), cover: band(), keep }), 0);
});

test('softEdgeShare: an outline too faint to judge gives no figure', () => {
  // garment 50 on 80: a step of 30 < minStep on every profile
  assert.equal(softEdgeShare({ result: greyColumns((x) => (x >= BAND_X0 && x < BAND_X1 ? 50 : 80)), cover: band(), keep: createMask(SIZE, SIZE) }), null);
});

test('softEdgeShare: a garment at the image border is judged only where its profiles fit in the image', () => {
  // band over columns [0, 48): the left outline is the image border (column 0 is not scanned); only the right side counts
  const cover = createMask(SIZE, SIZE);
  for (let y = 0; y < SIZE; y++) for (let x = 0; x < BAND_X1; x++) cover.data[y * SIZE + x] = 1;
  assert.equal(softEdgeShare({ result: greyColumns((x) => (x < BAND_X1 ? 50 : 200)), cover, keep: createMask(SIZE, SIZE) }), 0);
});

/** A 17-sample profile (reach 8, outline at sample 8) from runs of [value, count]. */
function runs(...parts: [number, number][]): number[] {
  const out = parts.flatMap(([v, n]) => Array<number>(n).fill(v));
  assert.equal(out.length, 17);
  return out;
}

test('rimContrast: a thin light line, a dark one, a plain step, a wide trim', () => {
  // garment 50 (samples 0–8), a 255 line on samples 9–10, background 200: window 9–10 over flanks 6–8 (50) and 11–13 (200): 255 − 200
  assert.equal(rimContrast(runs([50, 9], [255, 2], [200, 6])), 55);
  // garment 150, a dark 60 line on samples 9–10, background 200: min(150, 200) − 60
  assert.equal(rimContrast(runs([150, 9], [60, 2], [200, 6])), 90);
  // a plain step is no line: at best a window level with one flank
  assert.equal(rimContrast(runs([50, 9], [200, 8])), 0);
  // a 6-px light trim at the garment's edge (samples 3–8): every 2-px window inside it has a 255 flank
  assert.equal(rimContrast(runs([50, 3], [255, 6], [200, 8])), 0);
});

test('rimShare: a light rim beside one side of the garment is half the outline; a faint one none', () => {
  // columns 14–15 (just outside the left outline) 255: the left profiles read 50 ×9, 255 ×2, 200 ×6 → 55 ≥ 45; the right ones a plain step
  const rimmed = (light: number) => greyColumns((x) => (x === 14 || x === 15 ? light : crisp(x)));
  assert.equal(rimShare({ result: rimmed(255), cover: band(), keep: createMask(SIZE, SIZE) }), 0.5);
  // a line 230 on a 200 background stands out by 30 < 45: the shading of a fold, not a halo
  assert.equal(rimShare({ result: rimmed(230), cover: band(), keep: createMask(SIZE, SIZE) }), 0);
});

test('rimShare: too little outline to judge gives no figure', () => {
  // a 4 × 4 garment: 12 outline pixels, fewer than minProfiles even before the profile checks
  const cover = createMask(SIZE, SIZE);
  for (let y = 30; y < 34; y++) for (let x = 30; x < 34; x++) cover.data[y * SIZE + x] = 1;
  assert.equal(rimShare({ result: greyColumns(crisp), cover, keep: createMask(SIZE, SIZE) }), null);
});

test('rimContrast: a dark stripe inside the garment in its own colours is its print; one in another colour is a rim', () => {
  // garment 150 (samples 0–5), a dark 60 stripe on samples 6–7 (2 and 1 px inside the outline), the outline 8 and beyond 200:
  // window 6–7 over flanks 3–5 (150) and 8–10 (200): min(150, 200) − 60 = 90
  const prof = runs([150, 6], [60, 2], [200, 9]);
  assert.equal(rimContrast(prof), 90);
  // samples 0–8 in the garment's own colours: window 6–7 is skipped; window 5–6 (150, 60) has flanks 150 and 200 (7–9: 60, 200, 200),
  // window 7–8 (60, 200) has flanks 150 (4–6: 150, 150, 60) and 200: neither stands out of both, 0
  const own = runs([1, 9], [0, 8]);
  assert.equal(rimContrast(prof, own), 0);
  // the stripe's outer sample (7) in a colour the garment has nowhere else: the window is read, 90
  assert.equal(rimContrast(prof, runs([1, 7], [0, 10])), 90);
});

test('garmentPalette / ownColourAt: the drawn garment\'s colours read inside its outline, kept parts left out', () => {
  assert.equal(OWN_COLOUR.insidePx, 4);
  assert.equal(OWN_COLOUR.maxDistance, 45);
  // the band (columns 16–47) grey 50 with columns 30–33 grey 250 (4 of the 24 columns read, 20–43: 1/6 of its pixels); 120 at columns 16–17
  const result = greyColumns((x) => (x >= 30 && x <= 33 ? 250 : x === 16 || x === 17 ? 120 : x >= BAND_X0 && x < BAND_X1 ? 50 : 200));
  const x = { result, cover: band(), keep: createMask(SIZE, SIZE) };
  const palette = garmentPalette(x);
  const at = (col: number) => ownColourAt(x, palette, 32 * SIZE + col);
  // 50 and 250 are its colours; the 120 edge columns are 70 grey levels (121 in RGB) from 50: not its own; the wall (200) is outside it
  assert.deepEqual([at(24), at(31), at(16), at(8)], [true, true, false, false]);
  // the 250 stripe kept on purpose (a hand over it): no colour of the garment's
  const keep = createMask(SIZE, SIZE);
  for (let y = 0; y < SIZE; y++) for (let c = 28; c <= 35; c++) keep.data[y * SIZE + c] = 1;
  const kept = { ...x, keep };
  assert.equal(ownColourAt(kept, garmentPalette(kept), 32 * SIZE + 31), false);
});
