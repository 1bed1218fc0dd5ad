import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createMask, type Mask } from '../../vision/image.js';
import { crotchSeen, lowerLandmarks, touchingCrotch } from './lower-landmarks.js';

/** Full-length trousers as a 60 × 320 block (x 70..129, y 20..339) with a gap cut at the hems: `gap(y)` gives the cut columns of row y, or null. */
function trousers(gap: (y: number) => [number, number] | null, bottom = 339): Mask {
  const m = createMask(200, 400);
  for (let y = 20; y <= bottom; y++) {
    const g = gap(y);
    for (let x = 70; x <= 129; x++) if (!g || x < g[0] || x > g[1]) m.data[y * 200 + x] = 1;
  }
  return m;
}

test('a gap rises far enough from the hems to be seen legs from a fifth of the height', () => {
  const bb = { y0: 0, y1: 99 };
  assert.equal(crotchSeen(bb, 80), false); // 19 rows of 100
  assert.equal(crotchSeen(bb, 79), true); // 20 rows
  assert.equal(crotchSeen(bb, -1), false);
});

test('trousers whose legs touch above a gap at the hems get a crotch at the rise share', () => {
  // gap 98..101 over rows 280..339: 60 of 320 rows (0.19, not seen); 4 px wide halfway (≥ 0.04 × 60);
  // hems 28 and 28 px of 60 (≥ 0.3); 320 ≥ 3 × the 59 px waist: crotch at 20 + 0.42 × 320 = 154.4 → 154, x midway in the gap
  const l = lowerLandmarks(trousers((y) => (y >= 280 ? [98, 101] : null)));
  assert.deepEqual(l?.crotch, { x: 99.5, y: 154 });
  assert.equal(l?.legsTouch, true);
  assert.ok(l?.legL && l.legR, 'two legs');
});

test("a straight skirt's slit, closed to a crease above its opening, stays a skirt", () => {
  // 1 px crease over rows 280..315, open 4 px below: 1 px halfway (row 310) < 2.4 px
  const l = lowerLandmarks(trousers((y) => (y >= 316 ? [98, 101] : y >= 280 ? [99, 99] : null)));
  assert.equal(l?.crotch, null);
});

test('a knee-length skirt with a pleat opening at its hem, and a slit off the centre, stay skirts', () => {
  // 150 rows long (< 3 × 59): a skirt, whatever its hem
  assert.equal(lowerLandmarks(trousers((y) => (y >= 150 ? [98, 101] : null), 169))?.crotch, null);
  // the slit at 84..87 leaves hems of 14 and 42 px: 14 < 0.3 × 60
  const bb = { x0: 70, y0: 20, x1: 129, y1: 339 };
  assert.equal(touchingCrotch(trousers((y) => (y >= 280 ? [84, 87] : null)), bb, { crotchY: 280, gapX: 85.5 }, 59), null);
});
