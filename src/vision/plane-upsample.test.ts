import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSampler, lerp2, sample3 } from './mask-sampler.js';
import { upsamplePlane1, upsamplePlane3 } from './plane-upsample.js';

test('inside the box the upsampling equals the compositor\'s bilinear sampling; outside it takes the nearest source pixel', () => {
  const sw = 7, sh = 5, w = 14, h = 10;
  const plane = new Float32Array(sw * sh * 3);
  for (let i = 0; i < plane.length; i++) plane[i] = (i * 37) % 101;
  const box = { x0: 3, y0: 2, x1: 9, y1: 6 };
  const up = upsamplePlane3(plane, sw, sh, w, h, box);
  const s = createSampler(w, h, sw, sh);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      for (let c = 0; c < 3; c++) {
        const got = up[(y * w + x) * 3 + c]!;
        if (x >= box.x0 && x <= box.x1 && y >= box.y0 && y <= box.y1) assert.ok(Math.abs(got - sample3(s, plane, x, y, c)) < 1e-4);
        else {
          // a 2× grid: output pixel x sits at source x / 2 − 0.25
          const nx = Math.min(sw - 1, Math.max(0, Math.round((x + 0.5) / 2 - 0.5))), ny = Math.min(sh - 1, Math.max(0, Math.round((y + 0.5) / 2 - 0.5)));
          assert.equal(got, plane[(ny * sw + nx) * 3 + c]);
        }
      }
    }
  }
  const whole = upsamplePlane3(plane, sw, sh, w, h);
  assert.ok(Math.abs(whole[(0 * w + 13) * 3]! - sample3(s, plane, 13, 0, 0)) < 1e-4);
});

test('a 1-float plane upsamples on the same grid as a 3-float one', () => {
  // 2 × 1 source: 0 and 8; a 4 × 1 output's centres sit at source −0.25, 0.25, 0.75, 1.25
  const up = upsamplePlane1(Float32Array.from([0, 8]), 2, 1, 4, 1);
  assert.deepEqual([...up], [0, 2, 6, 8]);
});

test('a 1-float plane upsampled on a box\'s rows only: 0 on the other rows', () => {
  // 2 × 2 source (0 8 / 4 12) to 4 × 2: row 1 from source row 1 alone, 4 6 10 12 (as 0 2 6 8 above, plus 4)
  const up = upsamplePlane1(Float32Array.from([0, 8, 4, 12]), 2, 2, 4, 2, { x0: 0, y0: 1, x1: 3, y1: 1 });
  assert.deepEqual([...up], [0, 0, 0, 0, 4, 6, 10, 12]);
});

test('the bilinear mix of four values: across the rows by tx, then down by ty', () => {
  // the row above holds 0 and 10, the row below 20 and 30 (after two unused values); tx 0.5, ty 0.25:
  // above 0 + (10 − 0) × 0.5 = 5, below 20 + 10 × 0.5 = 25, mixed 5 + (25 − 5) × 0.25 = 10
  const plane = Float32Array.from([7, 7, 0, 10, 20, 30]);
  assert.equal(lerp2(plane, 2, 3, 4, 5, 0.5, 0.25), 10);
  assert.equal(lerp2(plane, 2, 3, 4, 5, 0, 0), 0, 'at the first value, itself');
  assert.equal(lerp2(plane, 2, 3, 4, 5, 1, 1), 30, 'at the last, itself');
});

test('a 2 × 2 plane upsampled bilinearly to 4 × 4 on a box over all of it: each source row read across once, mixed down by each row\'s weight', () => {
  // per channel c the source is 0 8 / 4 12 plus 100 c; output centres sit at source −0.25, 0.25, 0.75, 1.25 (clamped to 0..1):
  // across, row 0 gives 0 2 6 8 and row 1 gives 4 6 10 12; down by 0, 0.25, 0.75, 1
  const plane = new Float32Array(12);
  [0, 8, 4, 12].forEach((v, i) => {
    for (let c = 0; c < 3; c++) plane[i * 3 + c] = v + 100 * c;
  });
  const up = upsamplePlane3(plane, 2, 2, 4, 4, { x0: 0, y0: 0, x1: 3, y1: 3 });
  const want = [0, 2, 6, 8, 1, 3, 7, 9, 3, 5, 9, 11, 4, 6, 10, 12];
  for (let c = 0; c < 3; c++) assert.deepEqual(want.map((_, i) => up[i * 3 + c]!), want.map((v) => v + 100 * c));
});
