import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mapLimb, prepareLimb } from './limb-warp.js';
import { matchAlong } from './fit-targets.js';

test('a limb warp whose body and garment axes coincide is the identity', () => {
  const axis = [{ x: 50, y: 20 }, { x: 60, y: 120 }, { x: 55, y: 220 }];
  const segs = prepareLimb({ body: axis, garment: axis, acrossScale: 1 });
  const out = new Float32Array(3);
  for (const [x, y] of [[50, 20], [70, 60], [40, 150], [58, 210], [30, 100]] as const) {
    mapLimb(segs, 1, 1000, x, y, out);
    assert.ok(Math.abs(out[0]! - x) < 1e-4 && Math.abs(out[1]! - y) < 1e-4, `(${x}, ${y}) → (${out[0]}, ${out[1]})`);
  }
});

test('a sleeve drawn at 45° follows an arm hanging straight down', () => {
  // garment sleeve from (0,0) down-left at 45°; body arm straight down from (100,100)
  const len = 100;
  const segs = prepareLimb({
    body: [{ x: 100, y: 100 }, { x: 100, y: 100 + len }],
    garment: [{ x: 0, y: 0 }, { x: -len / Math.SQRT2, y: len / Math.SQRT2 }],
    acrossScale: 1,
  });
  const out = new Float32Array(3);
  mapLimb(segs, 1, 10, 100, 150, out); // halfway down the arm
  assert.ok(Math.hypot(out[0]! + 50 / Math.SQRT2, out[1]! - 50 / Math.SQRT2) < 1e-6);
  mapLimb(segs, 1, 10, 100, 100 + len + 50, out); // far past the wrist: outside
  assert.equal(out[2], Infinity);
});

test('matchAlong lays a garment part along the body and snaps near-full lengths to the end', () => {
  const body = [{ x: 0, y: 0 }, { x: 0, y: 100 }, { x: 0, y: 200 }];
  const short = matchAlong({ x: 0, y: 0 }, { x: 50, y: 0 }, body, 1);
  assert.deepEqual(short.body.at(-1), { x: 0, y: 50 });
  assert.equal(short.garment.length, short.body.length);
  const nearlyFull = matchAlong({ x: 0, y: 0 }, { x: 185, y: 0 }, body, 1);
  assert.ok(Math.abs(nearlyFull.body.at(-1)!.y - 185) < 1e-9 || nearlyFull.body.at(-1)!.y >= 199, 'ends at the wrist/ankle');
  assert.ok(Math.abs(nearlyFull.garment.at(-1)!.x - 185) < 1e-9);
});
