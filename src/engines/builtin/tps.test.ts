import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fitTps, sampleGrid, tpsGrid } from './tps.js';

const points = [
  { x: 10, y: 10 }, { x: 200, y: 15 }, { x: 30, y: 240 }, { x: 190, y: 230 }, { x: 100, y: 120 }, { x: 60, y: 180 },
];

test('a TPS whose landmarks coincide is the identity everywhere', () => {
  const tps = fitTps(points, points);
  for (const [x, y] of [[0, 0], [55, 77], [150, 20], [250, 300], [100, 120]] as const) {
    const p = tps.map(x, y);
    assert.ok(Math.abs(p.x - x) < 1e-6 && Math.abs(p.y - y) < 1e-6, `(${x}, ${y}) → (${p.x}, ${p.y})`);
  }
});

test('a TPS interpolates its control points exactly and reproduces an affine map', () => {
  const affine = (p: { x: number; y: number }) => ({ x: 1.3 * p.x - 0.2 * p.y + 7, y: 0.1 * p.x + 0.9 * p.y - 3 });
  const tps = fitTps(points, points.map(affine));
  for (const p of points) {
    const q = tps.map(p.x, p.y);
    const e = affine(p);
    assert.ok(Math.hypot(q.x - e.x, q.y - e.y) < 1e-6);
  }
  const q = tps.map(123, 45);
  const e = affine({ x: 123, y: 45 });
  assert.ok(Math.hypot(q.x - e.x, q.y - e.y) < 1e-6, 'no bending for an affine target');
});

test('a TPS bends: a moved control point moves its neighbourhood, not far points', () => {
  const moved = points.map((p, i) => (i === 4 ? { x: p.x + 20, y: p.y } : p));
  const tps = fitTps(points, moved);
  assert.ok(Math.abs(tps.map(100, 120).x - 120) < 1e-6);
  const near = tps.map(105, 125).x - 105;
  assert.ok(near > 10, `near point moved ${near}`);
});

test('the sampled grid matches the TPS within a fraction of a pixel', () => {
  const moved = points.map((p, i) => ({ x: p.x + (i % 2 ? 5 : -3), y: p.y + i }));
  const tps = fitTps(points, moved);
  const grid = tpsGrid(tps, 0, 0, 220, 250, 8);
  const out = new Float32Array(2);
  let worst = 0;
  for (let y = 3; y < 250; y += 17) {
    for (let x = 5; x < 220; x += 13) {
      sampleGrid(grid, x, y, out);
      const e = tps.map(x, y);
      worst = Math.max(worst, Math.hypot(out[0]! - e.x, out[1]! - e.y));
    }
  }
  assert.ok(worst < 0.5, `worst grid error ${worst}`);
});
