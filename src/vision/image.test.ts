import { test } from 'node:test';
import assert from 'node:assert/strict';
import { luma } from './image.js';
import { solidImage } from '../../test/support/drawing.js';

test("luma: Rec. 601 weights per pixel, as float32 unless a Float64Array is given to keep every digit", () => {
  const img = solidImage(2, 1, [200, 100, 50]);
  const exact = 0.299 * 200 + 0.587 * 100 + 0.114 * 50;
  const f32 = luma(img);
  assert.ok(f32 instanceof Float32Array);
  assert.deepEqual([...f32], [Math.fround(exact), Math.fround(exact)]);
  const f64 = luma(img, new Float64Array(2));
  assert.ok(f64 instanceof Float64Array);
  assert.deepEqual([...f64], [exact, exact]);
  assert.notEqual(f32[0], exact, 'float32 rounds this value: the double plane is not the same numbers');
});
