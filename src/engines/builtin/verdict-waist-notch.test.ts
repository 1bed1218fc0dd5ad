import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createMask, type Mask, type RgbImage } from '../../vision/image.js';
import { WAIST_NOTCH, waistNotchPixels, waistNotchSw2 } from './verdict-waist-notch.js';

const W = 20, H = 20;
const DRESS = [20, 20, 20], WHITE = [250, 250, 250], JEANS = [90, 120, 170];

function rect(x0: number, y0: number, x1: number, y1: number, m: Mask = createMask(W, H)): Mask {
  for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) m.data[y * W + x] = 1;
  return m;
}

/**
 * A 20×20 scene, shoulder width 20 px (beside: 5 px, under: 2 px): a dress on
 * columns 2–17 kept unchanged on rows 0–9; new trousers shown on columns
 * 6–13 from row 10; fill on columns 2–5 and 14–17 from row 10, inside the old
 * lower garment (columns 2–17 from row 10). The photo below row 10 on the
 * dress's columns is `below` (the dress going on, or another garment).
 */
function scene(below: number[]) {
  const data = new Uint8Array(W * H * 3);
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) data.set(x < 2 || x > 17 ? WHITE : y < 10 ? DRESS : below, (y * W + x) * 3);
  const original: RgbImage = { width: W, height: H, channels: 3, data };
  return { original, cover: rect(6, 10, 14, 20), fill: rect(14, 10, 18, 20, rect(2, 10, 6, 20)), oldLower: rect(2, 10, 18, 20), keptGarment: rect(2, 0, 18, 10), shoulderWidthPx: 20 };
}

test('fill beside the new waistband under a kept dress cut there is a notch (WAIST_NOTCH)', () => {
  assert.deepEqual(WAIST_NOTCH, { besideSw: 0.25, underSw: 0.12, sameD: 30, minPieceSw2: 0.001 });
  const s = scene(DRESS);
  // rows 10–11 (within 2 rows of the dress's last row 9) on 8 fill columns, each within 5 columns of the trousers: 16 px / 400
  const px = waistNotchPixels(s);
  assert.equal(px.data.reduce((a, v) => a + v, 0), 16);
  assert.equal(px.data[10 * W + 2], 1);
  assert.equal(px.data[12 * W + 2], 0);
  assert.equal(waistNotchSw2(s), 0.04);
});

test('fill under a top that ended at its hem (the photo below another garment) or away from the new garment is no notch', () => {
  // the photo below the kept top is jeans: the top ended there, the fill is what a narrower waistband shows
  assert.equal(waistNotchSw2(scene(JEANS)), 0);
  // the new garment more than 5 columns away from the fill (shown on columns 12–13 only): columns 2–5 are 7–10 away, 14–17 within 4
  const s = scene(DRESS);
  s.cover = rect(12, 10, 14, 20);
  assert.equal(waistNotchSw2(s), 8 / 400);
});
