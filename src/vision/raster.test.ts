import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createMask, type Mask } from './image.js';
import { boxUnion, EMPTY_BOX, fillCapsule, fillEllipse, fillPolygon, type Point, sortCrossings } from './raster.js';

/** The plain definition: every pixel of the capsule's box tested. */
function bruteCapsule(mask: Mask, a: Point, b: Point, r0: number, r1: number): void {
  const dx = b.x - a.x, dy = b.y - a.y;
  const len2 = dx * dx + dy * dy || 1e-9;
  for (let y = 0; y < mask.height; y++) {
    for (let x = 0; x < mask.width; x++) {
      const px = x + 0.5 - a.x, py = y + 0.5 - a.y;
      const t = Math.max(0, Math.min(1, (px * dx + py * dy) / len2));
      const ex = px - t * dx, ey = py - t * dy;
      const r = r0 + (r1 - r0) * t;
      if (ex * ex + ey * ey <= r * r) mask.data[y * mask.width + x] = 1;
    }
  }
}

test('a capsule fills exactly the pixels within its tapered radius (row spans skip only empty columns)', () => {
  let seed = 12345;
  const rand = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296);
  const cases: [Point, Point, number, number][] = [
    [{ x: 10, y: 10 }, { x: 10, y: 10 }, 5, 5],
    [{ x: 5, y: 30 }, { x: 90, y: 30 }, 6, 3],
    [{ x: 40, y: 2 }, { x: 40, y: 110 }, 4, 9],
    [{ x: -20, y: 50 }, { x: 130, y: 140 }, 12, 8],
  ];
  for (let k = 0; k < 60; k++) {
    cases.push([{ x: rand() * 140 - 20, y: rand() * 160 - 20 }, { x: rand() * 140 - 20, y: rand() * 160 - 20 }, rand() * 20, rand() * 20]);
  }
  for (const [a, b, r0, r1] of cases) {
    const fast = createMask(100, 120), slow = createMask(100, 120);
    fillCapsule(fast, a, b, r0, r1);
    bruteCapsule(slow, a, b, r0, r1);
    assert.deepEqual(fast.data, slow.data, JSON.stringify({ a, b, r0, r1 }));
  }
});

test('the fills return the box of pixels they may write, clamped to the frame', () => {
  const m = createMask(10, 8);
  // a square from (2, 1) to (5, 4): rows 1-4 (floor and ceil of its y), columns 2-5; it fills x 2-4, y 1-3
  assert.deepEqual(fillPolygon(m, [{ x: 2, y: 1 }, { x: 5, y: 1 }, { x: 5, y: 4 }, { x: 2, y: 4 }]), { x0: 2, y0: 1, x1: 5, y1: 4 });
  // partly off the frame: cut at 0
  assert.deepEqual(fillPolygon(createMask(10, 8), [{ x: -3, y: -2 }, { x: 3, y: -2 }, { x: 3, y: 2 }, { x: -3, y: 2 }]), { x0: 0, y0: 0, x1: 3, y1: 2 });
  // a round capsule of radius 2 at (4, 3): 4 ± 2, 3 ± 2
  assert.deepEqual(fillCapsule(createMask(10, 8), { x: 4, y: 3 }, { x: 4, y: 3 }, 2), { x0: 2, y0: 1, x1: 6, y1: 5 });
  // wholly off the frame: an empty box (x0 = 0 > x1 = -13)
  const off = fillCapsule(createMask(10, 8), { x: -20, y: -20 }, { x: -15, y: -20 }, 2);
  assert.ok(off.x0 > off.x1);
  // an ellipse at (5, 4), radii 2 and 1: x 3-7, y 3-5
  assert.deepEqual(fillEllipse(createMask(10, 8), { x: 5, y: 4 }, 2, 1), { x0: 3, y0: 3, x1: 7, y1: 5 });
  let written = 0;
  m.data.forEach((v, i) => {
    if (v > 0) written++;
    if (v > 0) assert.ok(i % 10 >= 2 && i % 10 <= 5 && Math.floor(i / 10) >= 1 && Math.floor(i / 10) <= 4);
  });
  assert.equal(written, 9);
});

test('boxUnion is the smallest box holding both; an empty or NaN box adds nothing', () => {
  assert.deepEqual(boxUnion({ x0: 1, y0: 2, x1: 3, y1: 4 }, { x0: 0, y0: 5, x1: 2, y1: 6 }), { x0: 0, y0: 2, x1: 3, y1: 6 });
  assert.deepEqual(boxUnion(EMPTY_BOX, { x0: 1, y0: 2, x1: 3, y1: 4 }), { x0: 1, y0: 2, x1: 3, y1: 4 });
  assert.deepEqual(boxUnion({ x0: 1, y0: 2, x1: 3, y1: 4 }, { x0: NaN, y0: NaN, x1: NaN, y1: NaN }), { x0: 1, y0: 2, x1: 3, y1: 4 });
});

test('sortCrossings: ascending in place, equal values kept, non-finite ones through Array.sort', () => {
  const xs = [7.5, -2, 3, 3, 0.25];
  sortCrossings(xs);
  assert.deepEqual(xs, [-2, 0.25, 3, 3, 7.5]);
  // +0 and −0 compare equal (p − q = 0): a stable sort keeps their order, as Array.sort does
  const zeros = [1, 0, -0];
  sortCrossings(zeros);
  assert.ok(Object.is(zeros[0], 0) && Object.is(zeros[1], -0) && zeros[2] === 1);
  const inf = [Infinity, 2, -Infinity];
  sortCrossings(inf);
  assert.deepEqual(inf, [-Infinity, 2, Infinity]);
});
