import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createMask, type Mask } from './image.js';
import { fillCapsule, type Point } from './raster.js';

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
