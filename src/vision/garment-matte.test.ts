import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createMask, type RgbImage } from './image.js';
import { drawnMatte, estimateBorderBackground, peelRim, productMatte } from './garment-matte.js';
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

/**
 * A 40 × 40 garment at (40, 40) on a 120 × 120 photo, ringed by a 3 px soft
 * shadow whose rings (outer to inner) mix the garment's colour in at α =
 * 0.2, 0.35, 0.8: a pixel α·garment + (1−α)·background.
 */
function ringedPhoto(bg: number, fg: [number, number, number]): { img: RgbImage; ringed: ReturnType<typeof createMask> } {
  const w = 120, rings = [0.2, 0.35, 0.8];
  const data = new Uint8Array(w * w * 3);
  const ringed = createMask(w, w);
  for (let y = 0; y < w; y++) {
    for (let x = 0; x < w; x++) {
      // chessboard distance outside the garment square [40, 80)
      const out = Math.max(40 - x, x - 79, 40 - y, y - 79, 0);
      const a = out === 0 ? 1 : out <= 3 ? rings[3 - out]! : 0;
      data.set(fg.map((c) => Math.round(a * c + (1 - a) * bg)), (y * w + x) * 3);
      if (out <= 3) ringed.data[y * w + x] = 1;
    }
  }
  return { img: { width: w, height: w, channels: 3, data }, ringed };
}

test('the rim of a soft shadow is peeled where it is more background than garment (α < 0.5)', () => {
  const { img, ringed } = ringedPhoto(240, [200, 40, 60]);
  const m = peelRim(img, ringed, [240, 240, 240]);
  // the α = 0.2 and 0.35 rings go, the α = 0.8 ring stays: a 42 × 42 square
  let area = 0;
  for (const v of m.data) area += v;
  assert.equal(area, 42 * 42);
  assert.equal(m.data[60 * 120 + 39], 1, 'the α = 0.8 ring is garment');
  assert.equal(m.data[60 * 120 + 38], 0, 'the α = 0.35 ring is background');
});

test('nothing is peeled when garment and background colours are too close to tell a mix (white on white)', () => {
  const { img, ringed } = ringedPhoto(240, [255, 255, 255]);
  const m = peelRim(img, ringed, [240, 240, 240]);
  let area = 0;
  for (const v of m.data) area += v;
  assert.equal(area, 46 * 46);
});

test('the drawn matte leaves out a garment\'s soft shadow ring (no light halo)', () => {
  const { img } = ringedPhoto(240, [200, 40, 60]);
  const m = drawnMatte(img, productMatte(img), [240, 240, 240]);
  assert.ok(m.data[60 * 120 + 37]! < 0.05, `outer shadow ring ${m.data[60 * 120 + 37]}`);
  assert.ok(m.data[60 * 120 + 38]! < 0.05, `inner shadow ring ${m.data[60 * 120 + 38]}`);
  assert.ok(m.data[60 * 120 + 45]! > 0.99);
});
