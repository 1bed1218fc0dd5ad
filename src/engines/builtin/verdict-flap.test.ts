import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createMask, type Mask } from '../../vision/image.js';
import { flapPixels, LEG_FLAP, legFlapSw2 } from './verdict-flap.js';
import { combineFigures } from './quality-verdict.js';

const W = 40, H = 40;

function rect(x0: number, y0: number, x1: number, y1: number, m: Mask = createMask(W, H)): Mask {
  for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) m.data[y * W + x] = 1;
  return m;
}
const sum = (m: Mask) => m.data.reduce((a, v) => a + v, 0);

/**
 * Shoulder width 50 px: margin round(0.12 × 50) = 6 px, opening radius
 * round(0.03 × 50) = 2 px (a 5 × 5 square). The body stands on columns
 * 10–19; the trousers are drawn over it on rows 10–39.
 */
const SW = 50;
const body = () => rect(10, 0, 20, H);

test('a solid piece of the garment standing off the body beyond the margin is a flap (LEG_FLAP)', () => {
  assert.deepEqual(LEG_FLAP, { marginSw: 0.12, solidSw: 0.03 });
  // a flap on rows 20–29 joined to the leg by columns 20–25 (1–6 px off the body: within the margin);
  // columns 26–34 are 7–15 px off: 9 × 10 px, wider than the 5 × 5 opening, kept whole
  const cover = rect(20, 20, 35, 30, rect(10, 10, 20, H));
  const px = flapPixels(cover, body(), SW);
  assert.equal(sum(px), 90);
  assert.equal(px.data[20 * W + 26], 1);
  assert.equal(px.data[20 * W + 25], 0);
  assert.equal(legFlapSw2(cover, body(), SW), 90 / 2500);
  // two flaps: the largest counts (the other 7 × 6 px, rows 32–37, columns 26–32)
  rect(20, 32, 33, 38, cover);
  assert.equal(legFlapSw2(cover, body(), SW), 90 / 2500);
});

test('a fringe thinner than the opening or a piece within the margin is no flap', () => {
  // a 3 px wide strip off the body down the whole leg (columns 27–29): opened away
  assert.equal(legFlapSw2(rect(27, 10, 30, H, rect(10, 10, 20, H)), body(), SW), 0);
  // a wide leg standing up to 6 px off the body (columns 20–25): within the margin
  assert.equal(legFlapSw2(rect(10, 10, 26, H), body(), SW), 0);
  assert.equal(legFlapSw2(createMask(W, H), body(), SW), 0);
});

test('the flap figure lowers the score and warns garment_outside_body (QUALITY_LIMITS.legFlapSw2)', () => {
  // ok 0.01, bad 0.04: 0.025 is half way
  assert.deepEqual(combineFigures({ legFlapSw2: 0.025 }), { score: 0.5, warnings: ['garment_outside_body'], figures: { legFlapSw2: 0.025 } });
  assert.deepEqual(combineFigures({ legFlapSw2: 0.01 }), { score: 1, warnings: [], figures: { legFlapSw2: 0.01 } });
});
