import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RgbImage } from './image.js';
import { estimateBorderBackground, productMatte } from './garment-matte.js';
import { maskArea } from './mask-ops.js';

function productPhoto(bg: [number, number, number], fg: [number, number, number]): RgbImage {
  const w = 120, h = 160;
  const data = new Uint8Array(w * h * 3);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const inGarment = x >= 30 && x < 90 && y >= 20 && y < 140;
      // a print inside the garment with the background's colour: must stay garment
      const print = x >= 50 && x < 70 && y >= 60 && y < 80;
      const c = inGarment && !print ? fg : bg;
      const noise = ((x * 7 + y * 13) % 5) - 2;
      data.set([c[0] + noise, c[1] + noise, c[2] + noise], (y * w + x) * 3);
    }
  }
  return { width: w, height: h, channels: 3, data };
}

test('the border colour is found and the garment (with a background-coloured print) is matted', () => {
  const img = productPhoto([240, 240, 238], [200, 40, 60]);
  const bg = estimateBorderBackground(img);
  assert.ok(Math.abs(bg.rgb[0] - 240) <= 2 && bg.plainness > 0.9);
  const m = productMatte(img, bg);
  const area = maskArea(m);
  // 60 × 120 garment, minus the 1 px rim dropped for the halo
  assert.ok(area > 58 * 118 * 0.97 && area < 60 * 120 * 1.02, `area ${area}`);
  assert.ok(m.data[70 * 120 + 60]! > 0.9, 'the print is garment');
  assert.ok(m.data[5 * 120 + 5]! < 0.01);
});

test('a white tee on a light grey background is still separated', () => {
  const m = productMatte(productPhoto([228, 228, 228], [250, 250, 250]));
  const area = maskArea(m);
  assert.ok(area > 60 * 120 * 0.9 && area < 60 * 120 * 1.05, `area ${area}`);
});
