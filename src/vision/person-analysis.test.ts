import { test } from 'node:test';
import assert from 'node:assert/strict';
import { padEdges } from './person-analysis.js';

test('padEdges repeats the edge pixels above and to the sides and keeps the photo below them', () => {
  // 2×2 RGBA: red, green / blue, white
  const data = new Uint8Array([255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 255, 255, 255, 255, 255, 255]);
  const out = padEdges({ width: 2, height: 2, channels: 4, data }, 1, 2);
  assert.equal(out.width, 4);
  assert.equal(out.height, 4);
  assert.equal(out.channels, 3);
  const px = (x: number, y: number) => Array.from(out.data.slice((y * 4 + x) * 3, (y * 4 + x) * 3 + 3));
  assert.deepEqual(px(0, 0), [255, 0, 0], 'top-left corner: the top-left pixel');
  assert.deepEqual(px(3, 1), [0, 255, 0], 'above the right edge: the top-right pixel');
  assert.deepEqual(px(1, 2), [255, 0, 0], 'the photo starts below the padding');
  assert.deepEqual(px(0, 3), [0, 0, 255], 'left of the bottom row: its first pixel');
  assert.deepEqual(px(2, 3), [255, 255, 255]);
});
