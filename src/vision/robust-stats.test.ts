import { test } from 'node:test';
import assert from 'node:assert/strict';
import { kthSmallest, lowerMedianInPlace, madSd, median, medianInPlace } from './robust-stats.js';

test('the k-th smallest is the value a sort puts at k, repeated values included', () => {
  // sorted: 1, 2, 2, 3, 5, 8, 9 — index 0 → 1, 3 → 3 (the upper median of 7), 2 → 2, 6 → 9
  const values = [5, 2, 9, 1, 8, 2, 3];
  for (const [k, want] of [[0, 1], [3, 3], [2, 2], [6, 9]] as const) assert.equal(kthSmallest(Float64Array.from(values), k), want);
});

test('medians: the upper one of an even count, the lower one on request, only the first n values, 0 or NaN when empty', () => {
  // sorted 1, 2, 4, 7: upper median index 2 → 4, lower index 1 → 2
  assert.equal(median([7, 1, 4, 2]), 4);
  assert.equal(lowerMedianInPlace(Float64Array.from([7, 1, 4, 2])), 2);
  // the first three of 9, 3, 5, 0 sorted 3, 5, 9: both medians 5; the trailing 0 is not read
  assert.equal(medianInPlace(Float64Array.from([9, 3, 5, 0]), 3), 5);
  assert.equal(lowerMedianInPlace(Float64Array.from([9, 3, 5, 0]), 3), 5);
  assert.equal(median([]), 0);
  assert.ok(Number.isNaN(lowerMedianInPlace(new Float64Array(0))));
});

test('the MAD read as an sd ignores one outlier and leaves its input as it was', () => {
  // |v − 10|: 1, 1, 0, 2, 90 → sorted 0, 1, 1, 2, 90, median 1 → 1.4826
  const values = [11, 9, 10, 12, 100];
  assert.equal(madSd(values, 10), 1.4826);
  assert.deepEqual(values, [11, 9, 10, 12, 100]);
  assert.equal(madSd([], 3), 0);
});
