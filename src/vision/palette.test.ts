import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createMask, type RgbImage } from './image.js';
import { extractPalette, extractPaletteInBox, lightOnRay, nearestShadeDistance2, nearestWeightedIndex, paletteDistance2, paletteWhere, rowSpans, segmentPlace, shadeDistance2 } from './palette.js';

/** A w × h image whose masked pixels alternate red and blue in mask order (the even ones red), unmasked ones green. */
function alternating(w: number, h: number, masked: (i: number) => boolean): { image: RgbImage; mask: ReturnType<typeof createMask> } {
  const image: RgbImage = { width: w, height: h, channels: 3, data: new Uint8Array(w * h * 3) };
  const mask = createMask(w, h);
  for (let i = 0, j = 0; i < w * h; i++) {
    if (!masked(i)) {
      image.data[i * 3 + 1] = 255;
      continue;
    }
    mask.data[i] = 1;
    image.data.set(j++ % 2 === 0 ? [255, 0, 0] : [0, 0, 255], i * 3);
  }
  return { image, mask };
}

test('extractPalette samples every n-th masked pixel from the first one (n = 2 for 8000 px), none outside the mask', () => {
  // 8000 masked pixels of 10 000: every second one, from the first, is read: all red
  const { image, mask } = alternating(100, 100, (i) => i % 5 !== 4);
  const p = extractPalette(image, mask, 3)!;
  for (let c = 0; c < 3; c++) assert.deepEqual(Array.from(p.centres.subarray(c * 3, c * 3 + 3)), [255, 0, 0], `centre ${c}`);
});

test('extractPalette reads every masked pixel under 4000 of them, and refuses fewer than 4 per colour', () => {
  const { image, mask } = alternating(60, 60, (i) => i % 3 === 0);
  const p = extractPalette(image, mask, 2)!;
  // half red, half blue: one centre each
  const centres = [0, 1].map((c) => Array.from(p.centres.subarray(c * 3, c * 3 + 3)));
  assert.deepEqual(centres.sort(), [[0, 0, 255], [255, 0, 0]]);
  assert.deepEqual(p.weights, [0.5, 0.5]);
  const few = alternating(10, 1, (i) => i < 7);
  assert.equal(extractPalette(few.image, few.mask, 2), null);
});

test('paletteWhere keeps the colours the test passes, centres and weights together', () => {
  const p = { centres: Float32Array.from([10, 20, 30, 200, 100, 50, 0, 0, 255]), weights: [0.5, 0.3, 0.2] };
  const kept = paletteWhere(p, (r, _g, _b, w) => r < 100 && w >= 0.2);
  assert.deepEqual([...kept.centres], [10, 20, 30, 0, 0, 255]);
  assert.deepEqual(kept.weights, [0.5, 0.2]);
  assert.equal(paletteWhere(p, () => false).weights.length, 0);
});

test('rowSpans counts the pixels at or above 0.5 and gives each row its first and last such index', () => {
  // 4 × 3: row 0 pixels 1 and 3 (0.5 and 0.9), row 1 none (0.49 is below), row 2 pixel 8 only
  const mask = createMask(4, 3);
  mask.data.set([0, 0.5, 0.2, 0.9, 0.49, 0, 0, 0, 1, 0, 0, 0]);
  const s = rowSpans(mask);
  assert.equal(s.area, 3);
  assert.deepEqual(Array.from(s.first), [1, 0, 8]);
  // row 1 has none: its last lies before its first, so nothing of it is read
  assert.deepEqual(Array.from(s.last), [3, -1, 8]);
});

test('extractPalette samples the same pixels when the mask is a band across few rows (n = 2 over 9000 px in rows 40..129)', () => {
  // 100 masked pixels a row in rows 40..129 of 100 × 200: every second one from the first is red
  const { image, mask } = alternating(100, 200, (i) => i >= 4000 && i < 13000);
  const p = extractPalette(image, mask, 2)!;
  for (let c = 0; c < 2; c++) assert.deepEqual(Array.from(p.centres.subarray(c * 3, c * 3 + 3)), [255, 0, 0], `centre ${c}`);
  // (both centres red: every sample goes to the first of equals)
  assert.deepEqual(p.weights, [1, 0]);
});

test('extractPalette with 3 colours: each centre the mean of the pixels nearest it, ties to the first centre', () => {
  // 12 px in a row: 4 × (0, 0, 0), 2 × (90, 90, 90) and 2 × (110, 110, 110), 4 × (240, 240, 240).
  // The brightness-sorted start takes samples 2, 6 and 10: (0,0,0), (110,110,110), (240,240,240).
  // Step 1: the 90s are 90√3 from black and 20√3 from 110: the middle centre takes them, mean 100.
  // Step 2 on: nothing moves. Weights 4/12, 4/12, 4/12.
  const image: RgbImage = { width: 12, height: 1, channels: 3, data: new Uint8Array(36) };
  const grey = [0, 0, 0, 0, 90, 90, 110, 110, 240, 240, 240, 240];
  grey.forEach((v, i) => image.data.set([v, v, v], i * 3));
  const mask = createMask(12, 1);
  mask.data.fill(1);
  const p = extractPalette(image, mask, 3)!;
  assert.deepEqual([...p.centres], [0, 0, 0, 100, 100, 100, 240, 240, 240]);
  assert.deepEqual(p.weights, [4 / 12, 4 / 12, 4 / 12]);
  // a colour exactly between two centres goes to the first: 4 × 0, 4 × 100 (one mid-way 50 → black side), 4 × 200
  const tie = [0, 0, 0, 0, 100, 100, 100, 100, 200, 200, 200, 200];
  tie.forEach((v, i) => image.data.set([v, v, v], i * 3));
  image.data.set([50, 50, 50], 0);
  const q = extractPalette(image, mask, 3)!;
  // start: samples 2, 6, 10 sorted by brightness (0, 100, 200); the 50 is 50√3 from both 0 and 100: it joins the first centre
  assert.deepEqual([...q.centres], [12.5, 12.5, 12.5, 100, 100, 100, 200, 200, 200]);
  assert.deepEqual(q.weights, [4 / 12, 4 / 12, 4 / 12]);
});

test('rowSpans in a box reads the box only: its rows\' first and last index, the rows beyond it empty', () => {
  // 5 × 4, box columns 1..3 of rows 1..2: row 1 pixels 6 (1) and 8 (0.7), 7 is 0.3 (below); row 2 pixel 12 (0.6);
  // pixel 0 (1) lies outside the box and is not read
  const mask = createMask(5, 4);
  mask.data[0] = 1;
  mask.data[6] = 1;
  mask.data[7] = 0.3;
  mask.data[8] = 0.7;
  mask.data[12] = 0.6;
  const s = rowSpans(mask, { x0: 1, y0: 1, x1: 3, y1: 2 });
  assert.equal(s.area, 3);
  assert.deepEqual(Array.from(s.first), [0, 6, 12, 0]);
  assert.deepEqual(Array.from(s.last), [-1, 8, 12, -1]);
});

test('extractPaletteInBox reads the mask in its box: 4 dark and 4 light pixels make one centre each; no box, no palette', () => {
  // 6 × 5, the mask on columns 1..4 of rows 2..3: the first row dark (10), the second light (250).
  // Sorted by brightness the start takes samples 2 (dark) and 6 (light); each keeps its four.
  const image: RgbImage = { width: 6, height: 5, channels: 3, data: new Uint8Array(6 * 5 * 3).fill(128) };
  const mask = createMask(6, 5);
  for (let x = 1; x <= 4; x++) {
    mask.data[2 * 6 + x] = 1;
    mask.data[3 * 6 + x] = 1;
    image.data.fill(10, (2 * 6 + x) * 3, (2 * 6 + x) * 3 + 3);
    image.data.fill(250, (3 * 6 + x) * 3, (3 * 6 + x) * 3 + 3);
  }
  const p = extractPaletteInBox(image, mask, 2, { x0: 1, y0: 2, x1: 4, y1: 3 })!;
  assert.deepEqual(Array.from(p.centres), [10, 10, 10, 250, 250, 250]);
  assert.deepEqual(p.weights, [0.5, 0.5]);
  assert.deepEqual(extractPalette(image, mask, 2), p);
  assert.equal(extractPaletteInBox(image, mask, 2, null), null);
});

test('nearestWeightedIndex skips centres under minWeight; paletteDistance2 is the distance² to that centre', () => {
  // centres: black (weight 0.02, below the default 0.05), grey 100, white; (20, 20, 20) is nearest black by colour
  const p = { centres: new Float32Array([0, 0, 0, 100, 100, 100, 255, 255, 255]), weights: [0.02, 0.48, 0.5] };
  assert.equal(nearestWeightedIndex(p, 20, 20, 20), 1);
  assert.equal(paletteDistance2(p, 20, 20, 20), 3 * 80 * 80);
  assert.equal(nearestWeightedIndex(p, 20, 20, 20, 0), 0);
  assert.equal(paletteDistance2(p, 20, 20, 20, 0), 3 * 20 * 20);
  assert.equal(nearestWeightedIndex(p, 200, 200, 200), 2);
  // no centre holds 0.6: none, and an infinite distance
  assert.equal(nearestWeightedIndex(p, 20, 20, 20, 0.6), -1);
  assert.equal(paletteDistance2(p, 20, 20, 20, 0.6), Infinity);
});

test('segmentPlace: position along two centres (not clamped) and distance² from the segment (clamped)', () => {
  // segment from black (0,0,0) to (100,0,0), the second one given from another palette at index 1
  const a = new Float32Array([0, 0, 0]), b = new Float32Array([9, 9, 9, 100, 0, 0]);
  // (25, 10, 0): a quarter of the way, 10 off the line
  assert.deepEqual(segmentPlace(a, 0, b, 1, 25, 10, 0), { at: 0.25, off2: 100 });
  // (150, 0, 0): position 1.5, beyond the end: 50 past it
  assert.deepEqual(segmentPlace(a, 0, b, 1, 150, 0, 0), { at: 1.5, off2: 2500 });
  // (-30, 40, 0): before the start: 50 from black (30² + 40²)
  assert.deepEqual(segmentPlace(a, 0, b, 1, -30, 40, 0), { at: -0.3, off2: 2500 });
  // coinciding centres: position 0, distance to that colour
  assert.deepEqual(segmentPlace(a, 0, a, 0, 3, 4, 0), { at: 0, off2: 25 });
});

test('lightOnRay / shadeDistance2 / nearestShadeDistance2: a colour projected on a centre\'s ray from black', () => {
  // centres: (100, 50, 0) and black
  const p = { centres: new Float32Array([100, 50, 0, 0, 0, 0]), weights: [0.5, 0.5] };
  // (90, 60, 10): (9000 + 3000 + 0) / (10000 + 2500) = 0.96; shade (96, 48, 0), off by (-6, 12, 10): 36 + 144 + 100
  assert.ok(Math.abs(lightOnRay(p, 0, 90, 60, 10) - 0.96) < 1e-12);
  assert.ok(Math.abs(shadeDistance2(p, 0, 0.96, 90, 60, 10) - 280) < 1e-9);
  assert.ok(Number.isNaN(lightOnRay(p, 1, 90, 60, 10)), 'black has no ray');
  // (200, 100, 0) is the centre at light 2; clamped to 1.15: (115, 57.5, 0), off by (85, 42.5, 0): 7225 + 1806.25
  assert.ok(Math.abs(nearestShadeDistance2(p, 0, 200, 100, 0, 0.45, 1.15) - 9031.25) < 1e-9);
  assert.equal(nearestShadeDistance2(p, 0, 200, 100, 0, 0.45, 2.5), 0, 'within the range: the colour is a shade of the centre');
  // a black centre is taken as it is: 90² + 60² + 10²
  assert.equal(nearestShadeDistance2(p, 1, 90, 60, 10, 0.45, 1.15), 8100 + 3600 + 100);
});
