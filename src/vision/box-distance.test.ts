import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createMask, type Mask } from './image.js';
import { blurCropBox, boundedChessboardDistance, componentsInBox, cropMask, cropPlane, cropToBounds, grownBox, holeAreasInBox } from './box-distance.js';
import { boxBlurOwnPlane, boxBlurPlane, chessboardDistance, components, maskBounds } from './mask-ops.js';

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

test('given the mask\'s bounds, the bounded distance is the same as finding them itself', () => {
  const m = blobs(70, 60, 5, { x0: 20, y0: 15, x1: 40, y1: 30 });
  for (const cap of [1, 6]) assert.deepEqual(boundedChessboardDistance(m, cap, undefined, maskBounds(m)), chessboardDistance(m, cap), `cap ${cap}`);
  // a 1-px mask at (3, 2) of a 6×4 frame, its bounds given by hand; cap 2: distances by hand
  const dot = createMask(6, 4);
  dot.data[2 * 6 + 3] = 1;
  assert.deepEqual(Array.from(boundedChessboardDistance(dot, 2, undefined, { x0: 3, y0: 2, x1: 3, y1: 2 })), [
    2, 2, 2, 2, 2, 2,
    2, 2, 1, 1, 1, 2,
    2, 2, 1, 0, 1, 2,
    2, 2, 1, 1, 1, 2,
  ]);
  // null bounds: an empty mask, nothing swept, the cap everywhere
  assert.deepEqual(Array.from(boundedChessboardDistance(dot, 2, undefined, null)), new Array(24).fill(2));
});

test('with a read box, the bounded distance equals the full one inside it', () => {
  const m = blobs(70, 60, 3, { x0: 5, y0: 5, x1: 64, y1: 54 });
  const read = { x0: 30, y0: 20, x1: 45, y1: 33 };
  for (const cap of [2, 9]) {
    const full = chessboardDistance(m, cap), bounded = boundedChessboardDistance(m, cap, read);
    for (let y = read.y0; y <= read.y1; y++) for (let x = read.x0; x <= read.x1; x++) assert.equal(bounded[y * 70 + x], full[y * 70 + x], `cap ${cap} at ${x},${y}`);
  }
});

test('with a read box past the frame, the mask pixel outside the box is still seen', () => {
  // 10 × 3, the mask pixel at (0, 1); read box x 2..3 over rows -1..5 (the frame has 0..2), cap 3
  const m = createMask(10, 3);
  m.data[10] = 1;
  const d = boundedChessboardDistance(m, 3, { x0: 2, y0: -1, x1: 3, y1: 5 });
  // chessboard: max(|dx|, |dy|), capped at 3
  assert.deepEqual([d[2], d[3], d[12], d[23]], [2, 3, 2, 3]);
  // a read box beyond the mask's reach: the cap
  assert.equal(boundedChessboardDistance(m, 3, { x0: 12, y0: 0, x1: 14, y1: 0 })[9], 3);
});

test('the crop to the bounds keeps every piece and its size', () => {
  const m = blobs(70, 60, 11, { x0: 12, y0: 9, x1: 50, y1: 40 });
  const crop = cropToBounds(m)!;
  assert.ok(crop.width < 70 && crop.height < 60);
  assert.deepEqual([...components(crop).sizes].sort((a, b) => a - b), [...components(m).sizes].sort((a, b) => a - b));
  assert.equal(cropToBounds(createMask(8, 8)), null, 'empty: no crop');
});

test("the holes' areas on the box: an enclosed hole has its area, a gap open to the frame's edge none, nothing outside the box", () => {
  // 10×10: a ring x 1..5, y 1..5 round a 3×3 hole (x 2..4, y 2..4: area 9); a C at x 7..9, y 6..9 open
  // to the right on the frame's edge (its gap x 8..9, y 7..8 touches the border: no hole)
  const m = createMask(10, 10);
  for (let y = 1; y <= 5; y++) for (let x = 1; x <= 5; x++) if (x === 1 || x === 5 || y === 1 || y === 5) m.data[y * 10 + x] = 1;
  for (const [x, y] of [[7, 6], [8, 6], [9, 6], [7, 7], [7, 8], [7, 9], [8, 9], [9, 9]] as const) m.data[y * 10 + x] = 1;
  const area = holeAreasInBox(m);
  const holes: string[] = [];
  for (let i = 0; i < 100; i++) if (area[i] !== 0) holes.push(`${i % 10},${Math.floor(i / 10)}:${area[i]}`);
  const expected: string[] = [];
  for (let y = 2; y <= 4; y++) for (let x = 2; x <= 4; x++) expected.push(`${x},${y}:9`);
  assert.deepEqual(holes, expected);
  assert.deepEqual([...holeAreasInBox(createMask(4, 4))], new Array(16).fill(0), 'no mask, no holes');
});

test('componentsInBox: the pieces of the box, labelled in the frame\'s raster order, zero outside it', () => {
  // 7×5 frame, box columns 2–5, rows 1–3: piece A (2,1)–(3,1), piece B (5,2)–(5,3); (0,0) outside the box is not read
  const m = createMask(7, 5);
  for (const [x, y] of [[2, 1], [3, 1], [5, 2], [5, 3], [0, 0]] as const) m.data[y * 7 + x] = 1;
  const { labels, sizes } = componentsInBox(m, { x0: 2, y0: 1, x1: 5, y1: 3 });
  assert.deepEqual(sizes, [0, 2, 2]);
  assert.deepEqual([labels[1 * 7 + 2], labels[1 * 7 + 3], labels[2 * 7 + 5], labels[3 * 7 + 5], labels[0]], [1, 1, 2, 2, 0]);
  assert.equal(labels.reduce((n, l) => n + (l > 0 ? 1 : 0), 0), 4);
  // an empty box: no pieces
  assert.deepEqual(componentsInBox(m, { x0: 0, y0: 0, x1: -1, y1: -1 }).sizes, [0]);
});

test('a grown box keeps to the frame: 3 px round (2,5)–(4,6) in a 10×8 frame is (0,2)–(7,7); no box stays null', () => {
  assert.deepEqual(grownBox({ x0: 2, y0: 5, x1: 4, y1: 6 }, 3, 10, 8), { x0: 0, y0: 2, x1: 7, y1: 7 });
  assert.deepEqual(grownBox({ x0: 4, y0: 3, x1: 5, y1: 3 }, 0, 10, 8), { x0: 4, y0: 3, x1: 5, y1: 3 });
  assert.equal(grownBox(null, 3, 10, 8), null);
});

test('cropPlane: the box\'s pixels, every channel, in a plane of the same type', () => {
  // 3×2 pixels of 2 values each: pixel (x, y) holds 2·(3y + x) and 2·(3y + x) + 1
  const bytes = Uint8Array.from({ length: 12 }, (_, i) => i);
  const crop = cropPlane(bytes, 3, 2, { x0: 1, y0: 0, x1: 2, y1: 1 });
  assert.ok(crop instanceof Uint8Array);
  assert.deepEqual(Array.from(crop), [2, 3, 4, 5, 8, 9, 10, 11]);
  const floats = Float32Array.from({ length: 12 }, (_, i) => i / 2);
  const one = cropPlane(floats, 3, 2, { x0: 0, y0: 1, x1: 0, y1: 1 });
  assert.ok(one instanceof Float32Array);
  assert.deepEqual(Array.from(one), [3, 3.5]);
});

test('blurCropBox: the box grown by the read margin and passes × the rounded radius, within the frame', () => {
  // (10,8)–(20,12) grown by 3 + 2 × 4 = 11 in a 30×40 frame: (0,0)–(29,23)
  assert.deepEqual(blurCropBox({ x0: 10, y0: 8, x1: 20, y1: 12 }, 3, 3.6, 2, 30, 40), { x0: 0, y0: 0, x1: 29, y1: 23 });
  // grown by 0 + 1 × 2 = 2 (radius 2.4 rounds to 2, as the blur rounds it)
  assert.deepEqual(blurCropBox({ x0: 10, y0: 8, x1: 20, y1: 12 }, 0, 2.4, 1, 30, 40), { x0: 8, y0: 6, x1: 22, y1: 14 });
});

test('a blur of a plane 0 outside a box, on blurCropBox, is the frame-wide blur bit for bit on the read box', () => {
  const w = 90, h = 80;
  let s = 9;
  const next = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
  for (const [box, radius, passes, margin] of [[{ x0: 30, y0: 25, x1: 50, y1: 40 }, 4, 2, 0], [{ x0: 30, y0: 25, x1: 50, y1: 40 }, 5, 2, 10], [{ x0: 2, y0: 60, x1: 20, y1: 78 }, 3, 3, 3], [{ x0: 40, y0: 30, x1: 45, y1: 35 }, 1, 2, 2]] as const) {
    const plane = new Float32Array(w * h);
    // (values over five decades: the running sums round)
    for (let y = box.y0; y <= box.y1; y++) for (let x = box.x0; x <= box.x1; x++) plane[y * w + x] = next() < 0.3 ? 0 : next() * 10 ** Math.floor(next() * 5 - 2);
    const full = boxBlurPlane(plane, w, h, radius, passes);
    const c = blurCropBox(box, margin, radius, passes, w, h);
    const cw = c.x1 - c.x0 + 1;
    const part = boxBlurOwnPlane(cropMask({ width: w, height: h, data: plane }, c).data, cw, c.y1 - c.y0 + 1, radius, passes);
    const read = grownBox(box, margin, w, h)!;
    for (let y = read.y0; y <= read.y1; y++) for (let x = read.x0; x <= read.x1; x++) assert.ok(Object.is(part[(y - c.y0) * cw + x - c.x0], full[y * w + x]), `r ${radius} at ${x},${y}`);
  }
});
