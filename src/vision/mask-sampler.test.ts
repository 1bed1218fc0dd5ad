import { test } from 'node:test';
import assert from 'node:assert/strict';
import { axisReach, axisTable, createSampler, createTaps, sample1, tapSample3, tapsAt } from './mask-sampler.js';

test('axisReach: the output pixels whose bilinear taps touch a run of source pixels', () => {
  // 4 source px onto 8: output o sits at source (o + 0.5) / 2 − 0.5, clamped to 0..3:
  // o = 0, 1, 2 → taps 0 and 1; o = 3, 4 → 1 and 2; o = 5, 6 → 2 and 3; o = 7 → 3 and 3
  const t = axisTable(8, 4);
  assert.deepEqual(axisReach(t, 0, 0), [0, 2]);
  assert.deepEqual(axisReach(t, 2, 2), [3, 6]);
  assert.deepEqual(axisReach(t, 3, 3), [5, 7]);
  assert.deepEqual(axisReach(t, 1, 2), [0, 6]);
  assert.equal(axisReach(t, 4, 5), null);
});

test('outside axisReach a plane zero beyond the run samples exactly 0', () => {
  // a 4 × 1 plane non-zero only at source px 2, sampled onto 8 × 1
  const plane = Float32Array.from([0, 0, 0.7, 0]);
  const s = createSampler(8, 1, 4, 1);
  const [first, last] = axisReach(s.cols, 2, 2)!;
  for (let x = 0; x < 8; x++) if (x < first || x > last) assert.equal(sample1(s, plane, x, 0), 0);
  assert.ok(sample1(s, plane, first, 0) > 0 && sample1(s, plane, last, 0) > 0);
});

test('tapsAt and tapSample3: a pixel\'s four taps found once give its bilinear RGB sample', () => {
  // 4×4 plane sampled at 8×8: output px 3 lies at source 1.25 (taps 1, 2), px 5 at 2.25 (taps 2, 3); cell (col, row)
  // holds 100·channel + 10·row + col, so channel 1 mixes 121, 122 (row 2) and 131, 132 (row 3): 121.25 + 0.25 · 10
  const plane = new Float32Array(4 * 4 * 3);
  for (let row = 0; row < 4; row++) for (let col = 0; col < 4; col++) for (let c = 0; c < 3; c++) plane[(row * 4 + col) * 3 + c] = 100 * c + 10 * row + col;
  const t = createTaps();
  tapsAt(createSampler(8, 8, 4, 4), 3, 5, t);
  assert.deepEqual(t, { p00: 27, p01: 30, p10: 39, p11: 42, tx: 0.25, ty: 0.25 });
  assert.equal(tapSample3(plane, t, 1), 123.75);
});
