import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createMask } from './image.js';
import { blurMask, boxBlurOwnPlane, boxBlurPlane, chessboardDistance, components, componentsTouching, fillHoles, growInto, holeAreas, keepLargest, maskArea, maskBounds, nonZeroSpan, morph, onMask, morphPair, resizeMask, unionBoxInto, unionInto, unionMask } from './mask-ops.js';
import { fillCapsule, fillPolygon } from './raster.js';

test('dilate and erode by a square move the edge by the radius', () => {
  const m = createMask(50, 50);
  fillPolygon(m, [{ x: 20, y: 20 }, { x: 30, y: 20 }, { x: 30, y: 30 }, { x: 20, y: 30 }]);
  assert.equal(maskArea(m), 100);
  assert.equal(maskArea(morph(m, 2)), 14 * 14);
  assert.equal(maskArea(morph(m, -2)), 6 * 6);
  assert.deepEqual(maskBounds(morph(m, 2)), { x0: 18, y0: 18, x1: 31, y1: 31 });
});

test('fillHoles fills enclosed background only; keepLargest drops small specks', () => {
  const ring = createMask(40, 40);
  fillPolygon(ring, [{ x: 5, y: 5 }, { x: 35, y: 5 }, { x: 35, y: 35 }, { x: 5, y: 35 }]);
  for (let y = 15; y < 25; y++) for (let x = 15; x < 25; x++) ring.data[y * 40 + x] = 0;
  ring.data[0] = 1; // a speck in the corner
  assert.equal(components(ring).sizes.length - 1, 2);
  const filled = fillHoles(ring);
  assert.equal(filled.data[20 * 40 + 20], 1);
  assert.equal(filled.data[39 * 40 + 39], 0);
  const big = keepLargest(ring);
  assert.equal(big.data[0], 0);
  assert.equal(big.data[5 * 40 + 5], 1);
});

test('components labels shapes that meet only across rows, U shapes and diagonals as a flood fill does', () => {
  // rows: a U (two columns joined by a bottom bar), a diagonal pair (not 4-connected), a spiral arm closing back
  const rows = [
    '1.1..1.111',
    '1.1...1..1',
    '111..1.1.1',
    '.......111',
    '11.11.....',
  ];
  const m = createMask(10, rows.length);
  rows.forEach((r, y) => [...r].forEach((c, x) => (m.data[y * 10 + x] = c === '1' ? 1 : 0)));
  const { labels, sizes } = components(m);
  // by hand, numbered by first pixel in raster order: the U = 1 (7 px), the lone (5,0) = 2, the hook at the
  // right = 3 (9 px: (7,2) joins it only through the row below), the diagonal neighbours (6,1) = 4 and (5,2) = 5 stay apart
  const grid = rows.map((_, y) => [...labels.slice(y * 10, y * 10 + 10)].join(''));
  assert.deepEqual(grid, [
    '1010020333',
    '1010004003',
    '1110050303',
    '0000000333',
    '6607700000',
  ]);
  assert.deepEqual(sizes, [0, 7, 1, 9, 1, 1, 2, 2]);
});

test('blur keeps the mean and resize keeps a constant', () => {
  const m = createMask(30, 20);
  fillCapsule(m, { x: 5, y: 10 }, { x: 25, y: 10 }, 4);
  const sum = (a: Float32Array) => a.reduce((s, v) => s + v, 0);
  const b = blurMask(m, 2);
  assert.ok(Math.abs(sum(b.data) - sum(m.data)) / sum(m.data) < 0.05);
  assert.ok(b.data[10 * 30 + 15]! > 0.9 && b.data[10 * 30 + 15]! <= 1);
  const c = resizeMask(createMask(10, 10, 0.7), 33, 17);
  assert.ok(c.data.every((v) => Math.abs(v - 0.7) < 1e-6));
});

test('the chessboard distance thresholded at r is the dilation by r', () => {
  const m = createMask(40, 30);
  m.data[10 * 40 + 12] = 1;
  m.data[20 * 40 + 30] = 1;
  const d = chessboardDistance(m, 10);
  for (const r of [1, 2, 3, 5]) {
    const dil = morph(m, r);
    for (let i = 0; i < d.length; i++) assert.equal(d[i]! <= r, dil.data[i]! >= 0.5, `r ${r} at ${i}`);
  }
  assert.equal(d[0], 10, 'capped');
});

test('unionMask takes the pixelwise maximum and leaves its inputs alone', () => {
  const a = createMask(3, 1), b = createMask(3, 1);
  a.data.set([0.2, 0, 1]);
  b.data.set([0.5, 0.1, 0]);
  assert.deepEqual(Array.from(unionMask(a, b).data), [0.5, Math.fround(0.1), 1]);
  assert.deepEqual(Array.from(a.data), [Math.fround(0.2), 0, 1]);
});

test('unionInto draws the pixelwise maximum into its target and returns it', () => {
  const a = createMask(3, 1), b = createMask(3, 1);
  a.data.set([0.2, 0, 1]);
  b.data.set([0.5, 0.1, 0]);
  assert.equal(unionInto(a, b), a);
  assert.deepEqual(Array.from(a.data), [0.5, Math.fround(0.1), 1]);
  assert.deepEqual(Array.from(b.data), [0.5, Math.fround(0.1), 0]);
});

test('unionMask of many masks (three a pass, then the rest) is the pixelwise maximum of them all', () => {
  const masks = Array.from({ length: 6 }, (_, k) => {
    const m = createMask(40, 30);
    fillCapsule(m, { x: 5 + k * 6, y: 4 + k * 4 }, { x: 30 - k * 3, y: 25 - k }, 2 + k, 2 + k, 0.3 + k * 0.1);
    return m;
  });
  for (let n = 1; n <= masks.length; n++) {
    const union = unionMask(masks[0]!, ...masks.slice(1, n));
    for (let i = 0; i < union.data.length; i++) assert.equal(union.data[i], Math.max(...masks.slice(0, n).map((m) => m.data[i]!)), `${n} masks, pixel ${i}`);
  }
  assert.ok(maskArea(unionMask(masks[0]!, ...masks.slice(1)), 0.3) > maskArea(masks[5]!, 0.3), 'every mask is added');
});

test('morphPair is morph twice, pixel for pixel: closings and openings, odd radii, shapes at the image border', () => {
  const m = createMask(60, 45);
  fillCapsule(m, { x: 2, y: 3 }, { x: 40, y: 30 }, 3, 6);
  fillPolygon(m, [{ x: 45, y: 0 }, { x: 60, y: 0 }, { x: 60, y: 20 }, { x: 52, y: 12 }]);
  for (let i = 0; i < m.data.length; i += 37) m.data[i] = (i % 3) / 2;
  const empty = createMask(60, 45);
  for (const mask of [m, empty]) {
    for (const [a, b] of [[2, -2], [-2, 2], [1, -3], [-3, 1], [1.5, -1.5], [4, -1], [0, -2], [7, -7]] as const) {
      assert.deepEqual(morphPair(mask, a, b).data, morph(morph(mask, a), b).data, `${a}, ${b}`);
    }
  }
});

test('onMask reads the nearest pixel at the threshold and is false off the frame', () => {
  const m = createMask(4, 3);
  m.data[1 * 4 + 2] = 0.5;
  m.data[2 * 4 + 3] = 0.4;
  assert.equal(onMask(m, 2, 1), true);
  assert.equal(onMask(m, 2.4, 0.6), true, 'rounded to (2, 1)');
  assert.equal(onMask(m, 2.6, 1), false, 'rounded to (3, 1)');
  assert.equal(onMask(m, 3, 2), false, 'below 0.5');
  assert.equal(onMask(m, 3, 2, 0.4), true);
  assert.equal(onMask(m, -1, 1), false);
  assert.equal(onMask(m, 2, 3), false);
});

test('a plane blurred in place is the copying blur\'s result, in the same array', () => {
  // 3 × 1, radius 1, one pass: (3 + 6) / 2, (3 + 6 + 9) / 3, (6 + 9) / 2
  const plane = Float32Array.from([3, 6, 9]);
  const copy = boxBlurPlane(plane, 3, 1, 1, 1);
  assert.deepEqual([...plane], [3, 6, 9]);
  const own = boxBlurOwnPlane(plane, 3, 1, 1, 1);
  assert.equal(own, plane);
  assert.deepEqual([...own], [4.5, 6, 7.5]);
  assert.deepEqual([...copy], [4.5, 6, 7.5]);
});

test('holeAreas: each pixel of an enclosed hole carries its area; the mask and its open outside carry 0', () => {
  // a 7×7 frame; a ring (rows/cols 1..5) enclosing a 3×3 hole at 2..4, and a gap in the border row 0 that opens outwards
  const m = createMask(7, 7);
  for (let y = 1; y <= 5; y++) for (let x = 1; x <= 5; x++) m.data[y * 7 + x] = 1;
  for (let y = 2; y <= 4; y++) for (let x = 2; x <= 4; x++) m.data[y * 7 + x] = 0;
  const area = holeAreas(m);
  assert.equal(area[3 * 7 + 3], 9, 'the hole: 9 px');
  assert.equal(area[2 * 7 + 2], 9);
  assert.equal(area[1 * 7 + 1], 0, 'the ring itself');
  assert.equal(area[0], 0, 'the outside touching the border');
  // opened to the border, the same pixels are no hole
  m.data[3 * 7 + 1] = 0;
  m.data[3 * 7 + 0] = 0;
  assert.equal(holeAreas(m)[3 * 7 + 3], 0);
});

test('chessboardDistance at the frame\'s ends: one-pixel-wide and two-pixel-wide frames, a seed in a corner', () => {
  // 1 × 4 column, seed at the top: distances 0 1 2 3, the last capped at 2
  const col = createMask(1, 4);
  col.data[0] = 1;
  assert.deepEqual([...chessboardDistance(col, 2)], [0, 1, 2, 2]);
  // 4 × 1 row, seed at the right end: 3 2 1 0
  const row = createMask(4, 1);
  row.data[3] = 1;
  assert.deepEqual([...chessboardDistance(row, 9)], [3, 2, 1, 0]);
  // 3 × 3, seed at the bottom-left corner: the chessboard rings around it
  const sq = createMask(3, 3);
  sq.data[6] = 1;
  assert.deepEqual([...chessboardDistance(sq, 9)], [2, 2, 2, 1, 1, 2, 0, 1, 2]);
});

test('components past the run arrays\' first size: 1025 one-pixel runs on a row, each its own component', () => {
  // a 2049 × 1 row, on at every even column: runs at 0, 2, …, 2048 (1025 of them, past the 1024 first held)
  const m = createMask(2049, 1);
  for (let x = 0; x < 2049; x += 2) m.data[x] = 1;
  const { labels, sizes } = components(m);
  assert.equal(sizes.length, 1026);
  assert.ok(sizes.slice(1).every((s) => s === 1));
  assert.equal(labels[0], 1);
  assert.equal(labels[1], 0);
  assert.equal(labels[2048], 1025);
  // a second labelling reuses the grown arrays: a 2 × 2 block is one component of 4
  const sq = createMask(3, 3);
  sq.data.set([1, 1, 0, 1, 1, 0, 0, 0, 0]);
  assert.deepEqual(components(sq).sizes, [0, 4]);
});

test('unionBoxInto max-combines the source into the target within the box only', () => {
  const target = createMask(4, 3), source = createMask(4, 3);
  target.data[1] = 0.5; // (1, 0)
  source.data[1] = 0.25; // (1, 0): below the target's 0.5
  source.data[6] = 0.75; // (2, 1)
  source.data[11] = 1; // (3, 2): outside the box
  assert.equal(unionBoxInto(target, source, { x0: 1, y0: 0, x1: 2, y1: 1 }), target);
  assert.deepEqual(Array.from(target.data), [0, 0.5, 0, 0, 0, 0, 0.75, 0, 0, 0, 0, 0]);
});

test('growInto grows breadth-first into accepted 4-neighbours, from the whole mask, up to its reach', () => {
  // a 3×3 block in the middle of 7×7 (its centre pixel has no neighbour off it)
  const m = createMask(7, 7);
  for (let y = 2; y <= 4; y++) for (let x = 2; x <= 4; x++) m.data[y * 7 + x] = 1;
  // one step, everything accepted: the block and a row of 3 on each side (9 + 12), no corners
  assert.equal(maskArea(growInto(m, 1, () => true)), 21);
  // two steps: within taxicab distance 2 of the block: 9, two rows of 3 on each side (24), and per corner the one
  // pixel diagonal to the block's corner (4)
  assert.equal(maskArea(growInto(m, 2, () => true)), 37);
  // only column 1 accepted: the block's left neighbours (rows 2–4) at step 1, rows 1 and 5 at step 2, rows 0 and 6 at step 3
  assert.equal(maskArea(growInto(m, 3, (q) => q % 7 === 1)), 9 + 7);
  assert.equal(maskArea(growInto(m, 2, (q) => q % 7 === 1)), 9 + 5);
  // the source is left alone
  assert.equal(maskArea(m), 9);
});

test('maskBounds: the box of the pixels at or above the threshold, wherever in their rows they lie', () => {
  // 100 × 8: rows 0, 3 and 7 empty (long zero spans), a pixel at x 90 in row 1,
  // one at x 2 in row 4 (left of row 1's), 0.4 at x 99 in row 5 (below 0.5),
  // -0 and a tiny 1e-7 in row 6
  const m = createMask(100, 8);
  m.data[1 * 100 + 90] = 1;
  m.data[2 * 100 + 50] = 0.7;
  m.data[4 * 100 + 2] = 0.5;
  m.data[5 * 100 + 99] = 0.4;
  m.data[6 * 100 + 10] = -0;
  m.data[6 * 100 + 95] = 1e-7;
  assert.deepEqual(maskBounds(m), { x0: 2, y0: 1, x1: 90, y1: 4 });
  assert.deepEqual(maskBounds(m, 0.3), { x0: 2, y0: 1, x1: 99, y1: 5 });
  assert.deepEqual(maskBounds(m, 1e-8), { x0: 2, y0: 1, x1: 99, y1: 6 });
  // at a threshold of 0 every pixel counts, the zero ones too
  assert.deepEqual(maskBounds(m, 0), { x0: 0, y0: 0, x1: 99, y1: 7 });
  assert.equal(maskBounds(createMask(100, 8)), null);
  // one pixel: its own box
  const one = createMask(100, 8);
  one.data[7 * 100 + 64] = 1;
  assert.deepEqual(maskBounds(one), { x0: 64, y0: 7, x1: 64, y1: 7 });
});

test('nonZeroSpan: the first and last non-zero column of a row, null for a row of zeros (−0 included)', () => {
  // 6 × 3: row 0 holds 0.2 at x 1 and 1 at x 4; row 1 only −0; row 2 a single −0.5 at x 5
  const m = createMask(6, 3);
  m.data[1] = 0.2;
  m.data[4] = 1;
  m.data[6 + 2] = -0;
  m.data[12 + 5] = -0.5;
  assert.deepEqual(nonZeroSpan(m, 0), { a: 1, b: 4 });
  assert.equal(nonZeroSpan(m, 1), null);
  assert.deepEqual(nonZeroSpan(m, 2), { a: 5, b: 5 });
});

test('blurMask within a known box: the same pixels as without it, worked out by hand at the block', () => {
  // a 3×2 block of ones at columns 8–10, rows 4–5 of a 20×10 mask
  const m = createMask(20, 10);
  for (const y of [4, 5]) for (const x of [8, 9, 10]) m.data[y * 20 + x] = 1;
  const full = blurMask(m, 1, 1);
  // (9, 4): rows 3, 4, 5 across are 0, 1, 1 → 2/3; (7, 4): rows across 0, 1/3, 1/3 → 2/9; (9, 2): out of reach → 0
  assert.equal(full.data[4 * 20 + 9], Math.fround(2 / 3));
  assert.equal(full.data[4 * 20 + 7], Math.fround(2 / 9));
  assert.equal(full.data[2 * 20 + 9], 0);
  for (const box of [{ x0: 8, y0: 4, x1: 10, y1: 5 }, { x0: 0, y0: 0, x1: 19, y1: 9 }, { x0: 6, y0: 3, x1: 12, y1: 8 }]) {
    assert.deepEqual(blurMask(m, 1, 1, box).data, full.data, JSON.stringify(box));
    assert.deepEqual(blurMask(m, 3, 2, box).data, blurMask(m, 3, 2).data, `radius 3, ${JSON.stringify(box)}`);
  }
  // a box that says no pixel: a zero mask, as the empty mask's blur
  assert.deepEqual(blurMask(createMask(20, 10), 1, 1, null).data, createMask(20, 10).data);
  assert.deepEqual(blurMask(createMask(20, 10), 1, 1, { x0: 0, y0: 0, x1: -1, y1: -1 }).data, createMask(20, 10).data);
});

test('morph and morphPair within a known box of the pixels from 0.5: the same pixels as without it', () => {
  const dot = createMask(12, 12);
  dot.data[5 * 12 + 5] = 1;
  dot.data[0] = 0.4; // below 0.5: not in the box, not grown
  const grown = morph(dot, 2, { x0: 5, y0: 5, x1: 5, y1: 5 });
  // a 5×5 square round (5, 5): columns and rows 3–7
  assert.equal(maskArea(grown), 25);
  assert.deepEqual(maskBounds(grown), { x0: 3, y0: 3, x1: 7, y1: 7 });
  assert.deepEqual(grown.data, morph(dot, 2).data);
  // (the box is taken as given, not scanned for: one that leaves the dot out leaves it unread)
  assert.equal(maskArea(morph(dot, 2, null)), 0);
  const m = createMask(60, 45);
  fillCapsule(m, { x: 2, y: 3 }, { x: 40, y: 30 }, 3, 6);
  fillPolygon(m, [{ x: 45, y: 0 }, { x: 60, y: 0 }, { x: 60, y: 20 }, { x: 52, y: 12 }]);
  for (let i = 0; i < m.data.length; i += 37) m.data[i] = (i % 3) / 4;
  const box = maskBounds(m);
  for (const [a, b] of [[2, -2], [-2, 2], [1, -3], [0, -2], [7, -7]] as const) {
    assert.deepEqual(morphPair(m, a, b, box).data, morphPair(m, a, b).data, `${a}, ${b}`);
    assert.deepEqual(morph(m, a, box).data, morph(m, a).data, `${a}`);
  }
});

test('componentsTouching keeps the whole pieces that hold a seed pixel, as 1, and drops the others', () => {
  // 10×4: a piece x 0..2 (soft, 0.6), a piece x 5..6, a piece x 8..9; the seed one pixel of the second
  const m = createMask(10, 4);
  for (let y = 0; y < 4; y++) {
    for (const x of [0, 1, 2]) m.data[y * 10 + x] = 0.6;
    for (const x of [5, 6, 8, 9]) m.data[y * 10 + x] = 1;
  }
  const seed = createMask(10, 4);
  seed.data[2 * 10 + 5] = 1;
  seed.data[3 * 10 + 3] = 1; // a seed outside every piece holds none
  const out = componentsTouching(m, seed);
  assert.deepEqual(Array.from(out.data.subarray(0, 10)), [0, 0, 0, 0, 0, 1, 1, 0, 0, 0]);
  assert.equal(maskArea(out), 8, 'the seeded piece whole, all four rows');
  seed.data[1 * 10 + 0] = 1;
  assert.equal(componentsTouching(m, seed).data[3 * 10 + 2], 1, 'a soft piece comes out as 1');
});
