import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createMask, type Mask } from './image.js';
import { boundedChessboardDistance, cropToBounds } from './box-distance.js';
import { chessboardDistance, components } from './mask-ops.js';

/** A mask with a few scattered blobs in a sub-rectangle of the frame (deterministic). */
function blobs(w: number, h: number, seed: number, box: { x0: number; y0: number; x1: number; y1: number }): Mask {
  const m = createMask(w, h);
  let s = seed;
  const next = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
  for (let k = 0; k < 6; k++) {
    const cx = box.x0 + Math.floor(next() * (box.x1 - box.x0 + 1)), cy = box.y0 + Math.floor(next() * (box.y1 - box.y0 + 1));
    const r = Math.floor(next() * 4);
    for (let y = Math.max(box.y0, cy - r); y <= Math.min(box.y1, cy + r); y++) {
      for (let x = Math.max(box.x0, cx - r); x <= Math.min(box.x1, cx + r); x++) m.data[y * w + x] = next() < 0.8 ? 1 : 0.3;
    }
  }
  return m;
}

test('the bounded chessboard distance equals the full one everywhere, at any cap, mask touching the frame or not', () => {
  const boxes = [{ x0: 20, y0: 15, x1: 40, y1: 30 }, { x0: 0, y0: 0, x1: 10, y1: 59 }, { x0: 50, y0: 40, x1: 69, y1: 59 }];
  for (const [k, box] of boxes.entries()) {
    const m = blobs(70, 60, 7 + k, box);
    for (const cap of [1, 3, 12, 300]) assert.deepEqual(boundedChessboardDistance(m, cap), chessboardDistance(m, cap), `box ${k} cap ${cap}`);
  }
  assert.deepEqual(boundedChessboardDistance(createMask(20, 10), 5), chessboardDistance(createMask(20, 10), 5), 'empty mask: the cap');
});

test('with a read box, the bounded distance equals the full one inside it', () => {
  const m = blobs(70, 60, 3, { x0: 5, y0: 5, x1: 64, y1: 54 });
  const read = { x0: 30, y0: 20, x1: 45, y1: 33 };
  for (const cap of [2, 9]) {
    const full = chessboardDistance(m, cap), bounded = boundedChessboardDistance(m, cap, read);
    for (let y = read.y0; y <= read.y1; y++) for (let x = read.x0; x <= read.x1; x++) assert.equal(bounded[y * 70 + x], full[y * 70 + x], `cap ${cap} at ${x},${y}`);
  }
});

test('the crop to the bounds keeps every piece and its size', () => {
  const m = blobs(70, 60, 11, { x0: 12, y0: 9, x1: 50, y1: 40 });
  const crop = cropToBounds(m)!;
  assert.ok(crop.width < 70 && crop.height < 60);
  assert.deepEqual([...components(crop).sizes].sort((a, b) => a - b), [...components(m).sizes].sort((a, b) => a - b));
  assert.equal(cropToBounds(createMask(8, 8)), null, 'empty: no crop');
});
