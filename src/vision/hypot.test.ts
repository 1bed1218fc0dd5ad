import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hypot2 } from './hypot.js';

test('hypot2: the hand-worked cases, infinities over NaN, zeros', () => {
  // 3-4-5: max 4, (0.75² + 1²) = 1.5625, √ = 1.25, × 4 = 5
  assert.equal(hypot2(3, 4), 5);
  assert.equal(hypot2(-3, -4), 5);
  // one zero: max 7, √(0 + 1) × 7 = 7
  assert.equal(hypot2(0, -7), 7);
  assert.ok(Object.is(hypot2(-0, 0), 0));
  assert.equal(hypot2(NaN, -Infinity), Infinity);
  assert.ok(Number.isNaN(hypot2(NaN, 1)));
  // beyond the square's range: √(x² + y²) overflows, the scaled sum does not (1e300·√2)
  assert.equal(hypot2(1e300, 1e300), Math.SQRT2 * 1e300);
});

test('hypot2 is Math.hypot bit for bit where √(x² + y²) is not', () => {
  // pseudo-random pairs in ±1000, a third of them whole numbers
  let seed = 12345;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648 - 0.5) * 2000;
  let naiveDiffers = 0;
  for (let k = 0; k < 20000; k++) {
    const x = rnd(), y = k % 3 === 0 ? Math.round(rnd()) : rnd();
    assert.ok(Object.is(hypot2(x, y), Math.hypot(x, y)), `${x}, ${y}`);
    if (Math.sqrt(x * x + y * y) !== Math.hypot(x, y)) naiveDiffers++;
  }
  assert.ok(naiveDiffers > 1000);
});
