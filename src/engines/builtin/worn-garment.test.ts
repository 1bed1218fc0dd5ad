import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createMask, type Mask } from '../../vision/image.js';
import { wornMatteShape } from './worn-garment.js';

function rect(m: Mask, x0: number, y0: number, x1: number, y1: number, v = 1): void {
  for (let y = y0; y <= y1; y++) for (let x = x0; x <= x1; x++) m.data[y * m.width + x] = v;
}

// A 100×100 frame; the zone the garment must cover: x 30..69, y 40..59 (800 px).
function zone(): Mask {
  const z = createMask(100, 100);
  rect(z, 30, 40, 69, 59);
  return z;
}

test('a whole garment covering its zone is plausible', () => {
  const g = createMask(100, 100);
  rect(g, 20, 10, 79, 79); // 60×70, no gaps: closing adds nothing
  const s = wornMatteShape(g, zone());
  assert.equal(s.closeFill, 1);
  assert.equal(s.zoneCover, 1);
  assert.equal(s.plausible, true);
});

test('a garment in pieces (stripes with 3 px gaps) is refused by its fill', () => {
  const g = createMask(100, 100);
  // 10 stripes 3 px tall with 3 px gaps, rows 10..66: the closing (radius 4)
  // bridges the gaps, so the closed shape is rows 10..66 (57 rows) × 60 columns
  for (let k = 0; k < 10; k++) rect(g, 20, 10 + k * 6, 79, 12 + k * 6);
  const s = wornMatteShape(g, zone());
  assert.ok(Math.abs(s.closeFill - (10 * 3) / 57) < 0.02, `closeFill ${s.closeFill}`);
  assert.equal(s.plausible, false);
});

test('a cut that stops short of the zone is refused by its cover', () => {
  const g = createMask(100, 100);
  rect(g, 20, 10, 79, 49); // ends at row 49: covers rows 40..49 of the zone's 40..59
  const s = wornMatteShape(g, zone());
  assert.equal(s.closeFill, 1);
  assert.equal(s.zoneCover, 0.5);
  assert.equal(s.plausible, false);
});
