import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createMask, type Mask, type RgbImage } from '../../vision/image.js';
import { SHARPNESS_READ, borderPixels, patchDetails, smoothPatchShare } from './verdict-sharpness.js';

const SIZE = 158;
/** The garment: the square [10, 148)², 138 px a side, drawn at the scale of its photo. */
const G0 = 10, G1 = 148;

test('the read parameters are the ones the hand-worked figures below assume', () => {
  assert.equal(SHARPNESS_READ.patchPx, 12);
  assert.equal(SHARPNESS_READ.outlineMarginPx, 3);
  assert.equal(SHARPNESS_READ.photoQuantile, 0.1);
  assert.equal(SHARPNESS_READ.minPatches, 20);
});

/** A grey picture (r = g = b, so luma = the value) from a value per pixel. */
function grey(value: (x: number, y: number) => number, size = SIZE): RgbImage {
  const data = new Uint8Array(size * size * 3);
  for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) data.fill(value(x, y), (y * size + x) * 3, (y * size + x) * 3 + 3);
  return { width: size, height: size, channels: 3, data };
}

function square(x0 = G0, x1 = G1): Mask {
  const m = createMask(SIZE, SIZE);
  for (let y = x0; y < x1; y++) for (let x = x0; x < x1; x++) m.data[y * SIZE + x] = 1;
  return m;
}

/** Vertical stripes 2 px wide, 100 and 140: every pixel's central difference across is 0 or 40. */
const stripes = (x: number) => (x % 4 < 2 ? 100 : 140);

test('patchDetails: a flat patch has none, stripes stepping 40 every 2 px measure 40', () => {
  const size = 14; // one whole patch: pixels 1..12 of 0..13
  const inside = new Uint8Array(size * size).fill(1);
  const flat = { lum: new Float32Array(size * size).fill(80), inside, width: size };
  assert.deepEqual(patchDetails(flat), [0]);
  // across the stripes |∂x| (central difference over 2 px) is 40 at every pixel: x-1 and x+1 always fall on different stripes
  const lum = new Float32Array(size * size);
  for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) lum[y * size + x] = stripes(x);
  assert.deepEqual(patchDetails({ lum, inside, width: size }), [40]);
  // a pixel outside the garment drops the patch
  const holed = new Uint8Array(inside); holed[5 * size + 5] = 0;
  assert.deepEqual(patchDetails({ lum, inside: holed, width: size }), []);
});

/**
 * The garment is read in its box grown by 2 px ([8, 150), crop x = x − 8), inside 3 px of its outline:
 * crop pixels 5..136. Whole patches (from 1, every 12) within them start at crop 13, 25, …, 121: 10 × 10 = 100
 * patches, at image x (and y) 21, 33, …, 129; the photo's are the same 100, every one measuring 40.
 */
test('smoothPatchShare: a garment drawn as sharp as its photo, a smeared one, a part of one smeared', async () => {
  const photo = grey(stripes), matte = square();
  const keep = createMask(SIZE, SIZE);
  // the photo's tenth smoothest patch measures 40: none of the drawn patches (40) is below it
  assert.equal(await smoothPatchShare({ result: grey(stripes), cover: square(), keep, photo, matte }), 0);
  assert.equal(await smoothPatchShare({ result: grey(() => 120), cover: square(), keep, photo, matte }), 1);
  // flat left of x = 44: the patches at x 21 (all flat) and 33 (flat but its last two columns, which read 20: mean 3.3) are
  // smooth; the patch at 45 reads x = 44 and 46, both striped: 40. 2 columns of 10 → 0.2
  const part = await smoothPatchShare({ result: grey((x) => (x < 44 ? 120 : stripes(x))), cover: square(), keep, photo, matte });
  assert.equal(part, 0.2);
});

test('smoothPatchShare: kept parts are not read, and too little garment is not judged', async () => {
  const photo = grey(stripes), matte = square();
  // the flat part kept (a hand over it): grown by 3 px it reaches x = 46, so the patch columns at 21, 33 and 45 drop;
  // 70 patches remain, all striped
  const keep = createMask(SIZE, SIZE);
  for (let y = 0; y < SIZE; y++) for (let x = 0; x < 44; x++) keep.data[y * SIZE + x] = 1;
  assert.equal(await smoothPatchShare({ result: grey((x) => (x < 44 ? 120 : stripes(x))), cover: square(), keep, photo, matte }), 0);
  // a garment of 40 × 40 px: read at crop 5..38, 2 × 2 whole patches, under minPatches
  const small = square(20, 60);
  assert.equal(await smoothPatchShare({ result: grey(stripes), cover: small, keep: createMask(SIZE, SIZE), photo, matte }), null);
});

test('smoothPatchShare: a garment cut by the frame is not judged (its drawn area is not its photo\'s)', async () => {
  assert.equal(SHARPNESS_READ.maxBorderPx, 3);
  assert.equal(borderPixels(square()), 0);
  // the square reaching the bottom row: its 138 columns there are on the border
  const cut = square();
  for (let y = G1; y < SIZE; y++) for (let x = G0; x < G1; x++) cut.data[y * SIZE + x] = 1;
  assert.equal(borderPixels(cut), 138);
  assert.equal(await smoothPatchShare({ result: grey(() => 120), cover: cut, keep: createMask(SIZE, SIZE), photo: grey(stripes), matte: square() }), null);
});
