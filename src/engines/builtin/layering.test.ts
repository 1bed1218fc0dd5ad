import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createMask, type Mask } from '../../vision/image.js';
import { keptOldGarment, LAYERING } from './layering.js';

/** A 100×100 mask with 1 inside [x0, x1) × [y0, y1). */
function rect(x0: number, y0: number, x1: number, y1: number, size = 100): Mask {
  const m = createMask(size, size);
  for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) m.data[y * size + x] = 1;
  return m;
}

const at = (m: Mask, x: number, y: number) => m.data[y * m.width + x]!;

test('a long old top under a cropped new one is kept below the new hem, not filled with skin', () => {
  const oldTop = rect(20, 10, 80, 90);
  const cropped = rect(20, 10, 80, 50);
  const body = rect(0, 0, 100, 100);
  const kept = keptOldGarment(oldTop, cropped, body, 60);
  assert.equal(at(kept, 50, 70), 1, 'the belly keeps the old top');
  assert.ok(at(kept, 50, 49) > 0.5, 'it reaches under the new hem');
  assert.equal(at(kept, 50, 30), 0, 'not far under the new top');
  assert.equal(at(kept, 10, 70), 0, 'nor outside the old top');
});

test('a small neckline gap is filled, not kept', () => {
  const oldTop = rect(20, 10, 80, 90);
  // the new top leaves a 10×6 px gap at the neck: 60 px² < 0.04 × 60² = 144 px²
  const cover = rect(20, 16, 80, 90);
  for (let y = 10; y < 16; y++) for (let x = 20; x < 80; x++) if (x < 45 || x >= 55) cover.data[y * 100 + x] = 1;
  const kept = keptOldGarment(oldTop, cover, rect(0, 0, 100, 100), 60);
  assert.ok(10 * 6 < LAYERING.maxFilledAreaSw2 * 60 * 60);
  assert.equal(Math.max(...kept.data), 0);
});

test('bare areas outside the body (background fills) never keep the old garment', () => {
  const oldTop = rect(20, 10, 80, 90);
  const kept = keptOldGarment(oldTop, rect(20, 10, 80, 50), createMask(100, 100), 60);
  assert.equal(Math.max(...kept.data), 0);
});
