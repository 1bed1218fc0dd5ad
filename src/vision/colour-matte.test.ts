import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RgbImage } from './image.js';
import { colourMatte } from './colour-matte.js';
import { estimateBorderBackground, matteShape } from './garment-matte.js';
import { maskArea } from './mask-ops.js';

/** An off-white background with a tee-like block a few units lighter, and no outline between them. */
function faintGarment(lift: number, speckles = false): RgbImage {
  const w = 120, h = 160, data = new Uint8Array(w * h * 3);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const body = x >= 30 && x < 90 && y >= 30 && y < 140, sleeves = x >= 15 && x < 105 && y >= 30 && y < 60;
      const speck = speckles && (x * 31 + y * 17) % 97 === 0;
      const v = 246 + (body || sleeves ? lift : 0) + ((x + y) % 2) - (speck ? 40 : 0);
      data.fill(v, (y * w + x) * 3, (y * w + x) * 3 + 3);
    }
  }
  return { width: w, height: h, channels: 3, data };
}

test('a garment only a few units off a plain background is cut out whole', () => {
  const img = faintGarment(8);
  const m = colourMatte(img, estimateBorderBackground(img));
  assert.ok(m, 'a matte');
  const area = maskArea(m);
  assert.ok(area > (60 * 110 + 30 * 30) * 0.9 && area < (60 * 110 + 30 * 30) * 1.05, `area ${area}`);
  assert.ok(matteShape(m).plausible);
});

test('no colour matte when nothing but noise differs from the background, or the pixels found are scattered', () => {
  const flat = faintGarment(0);
  assert.equal(colourMatte(flat, estimateBorderBackground(flat)), null, 'background only');
  const speckled = faintGarment(0, true);
  assert.equal(colourMatte(speckled, estimateBorderBackground(speckled)), null, 'specks, not one main piece');
});

test('no colour matte on a busy background', () => {
  const img = faintGarment(8);
  assert.equal(colourMatte(img, { rgb: [246, 246, 246], spread: 30, plainness: 0.3 }), null);
});
