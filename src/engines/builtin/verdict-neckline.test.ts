import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createMask, type Mask } from '../../vision/image.js';
import { combineFigures } from './quality-verdict.js';
import { neckSkinCoveredSw2, overlapArea } from './verdict-neckline.js';

/** Sets [x0, x1) × [y0, y1) of a mask to 1. */
function rect(m: Mask, x0: number, y0: number, x1: number, y1: number): Mask {
  for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) m.data[y * m.width + x] = 1;
  return m;
}

const close = (actual: number, expected: number) => assert.ok(Math.abs(actual - expected) < 1e-9, `${actual} ≠ ${expected}`);

// shoulder width 20 px, shoulders' midpoint at (20, 20): the zone is x 18..22 (±0.1 sw = 2 px),
// y 10..23 (0.5 sw = 10 px above the line, 0.15 sw = 3 px below): 5 columns × 14 rows
const SW = 20, NECK = { x: 20, y: 20 };

test('neck skin covered: a garment drawn from 4 px above the shoulders\' line covers 8 rows of the zone', () => {
  const skin = createMask(40, 40, 1);
  const cover = rect(createMask(40, 40), 0, 16, 40, 40);
  // rows 16..23 × columns 18..22 = 40 px / 20² px per sw²
  close(neckSkinCoveredSw2(cover, skin, NECK, SW), 40 / 400);
});

test('neck skin covered: only the photo\'s skin counts (an old collar covered is no fault)', () => {
  const skin = rect(createMask(40, 40), 0, 0, 40, 18);
  const cover = rect(createMask(40, 40), 0, 16, 40, 40);
  // skin rows 16..17 under the garment, 5 columns
  close(neckSkinCoveredSw2(cover, skin, NECK, SW), 10 / 400);
});

test('neck skin covered: shoulders beside the neck and a garment below the zone count nothing', () => {
  const skin = createMask(40, 40, 1);
  const cover = rect(rect(createMask(40, 40), 0, 10, 17, 40), 23, 10, 40, 40);
  rect(cover, 17, 24, 23, 40);
  assert.equal(neckSkinCoveredSw2(cover, skin, NECK, SW), 0);
});

test('overlap area counts the pixels set in both masks', () => {
  const a = rect(createMask(10, 10), 0, 0, 6, 10);
  const b = rect(createMask(10, 10), 4, 5, 10, 10);
  // columns 4..5 × rows 5..9
  assert.equal(overlapArea(a, b), 10);
});

test('a covered neck or covered hair past its ok level warns garment_misaligned', () => {
  // neckSkinSw2 0.0375 is halfway from ok 0.025 to bad 0.05; hairCoveredSw2 0.04 is at bad
  const neck = combineFigures({ neckSkinSw2: 0.0375 });
  assert.equal(neck.score, 0.5);
  assert.deepEqual(neck.warnings, ['garment_misaligned']);
  assert.equal(combineFigures({ hairCoveredSw2: 0.04 }).score, 0);
  assert.equal(combineFigures({ neckSkinSw2: 0.02, hairCoveredSw2: 0.019 }).score, 1);
});
