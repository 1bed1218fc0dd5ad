import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createMask } from './image.js';
import { closeByDisk, squaredDistance } from './distance.js';

test('squared distances to the nearest mask pixel, along a row and across a diagonal', () => {
  // one row, the mask at x = 1: distances 1, 0, 1, 2, 3 → squared 1, 0, 1, 4, 9
  const row = createMask(5, 1);
  row.data[1] = 1;
  assert.deepEqual(Array.from(squaredDistance(row)), [1, 0, 1, 4, 9]);
  // 3×3, the mask at the centre: edges 1 px, corners √2 px away
  const square = createMask(3, 3);
  square.data[4] = 1;
  assert.deepEqual(Array.from(squaredDistance(square)), [2, 1, 2, 1, 0, 1, 2, 1, 2]);
});

test('a disk closes a gap narrower than itself and leaves a wider one open', () => {
  // two bars 2 px wide; r = 2: a 3-px gap is at most 2 px (d² ≤ 4) from a bar everywhere, so it fills
  const narrow = createMask(7, 5);
  for (let y = 0; y < 5; y++) for (const x of [0, 1, 5, 6]) narrow.data[y * 7 + x] = 1;
  assert.ok(Array.from(closeByDisk(narrow, 2).data).every((v) => v === 1));
  // a 5-px gap (x 2..6): its middle column is 3 px from both bars (d² = 9 > 4), so the dilation leaves
  // it out, and the erosion takes back x 2..6 (within 2 px of it); the bars stay
  const wide = createMask(9, 5);
  for (let y = 0; y < 5; y++) for (const x of [0, 1, 7, 8]) wide.data[y * 9 + x] = 1;
  const closed = closeByDisk(wide, 2);
  assert.deepEqual(Array.from(closed.data.slice(2 * 9, 3 * 9)), [1, 1, 0, 0, 0, 0, 0, 1, 1]);
});
