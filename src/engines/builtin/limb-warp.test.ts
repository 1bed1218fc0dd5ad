import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cuffLine, edgeShift, mapLimb, prepareLimb, straightenCuff } from './limb-warp.js';
import { createMask } from '../../vision/image.js';
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

test('on the outside of a bent elbow the sleeve maps continuously, without streaks', () => {
  // upper arm straight down, forearm bent 90° towards +x (an arm akimbo, mirrored)
  const body = [{ x: 100, y: 0 }, { x: 100, y: 100 }, { x: 200, y: 100 }];
  const garment = [{ x: 0, y: 0 }, { x: 0, y: 100 }, { x: 0, y: 200 }];
  const segs = prepareLimb({ body, garment, acrossScale: 1 });
  const out = new Float32Array(3);
  // an arc of radius 20 round the elbow on its outer side (x < 100, y > 100)
  const points: { x: number; y: number }[] = [];
  for (let k = 0; k <= 30; k++) {
    const a = Math.PI + (k / 30) * (Math.PI / 2); // from straight left to straight down
    mapLimb(segs, 1, 60, 100 + 20 * Math.cos(a), 100 - 20 * Math.sin(a), out);
    points.push({ x: out[0]!, y: out[1]! });
  }
  // nearest-segment mapping sent the whole arc to one garment row (y = 100):
  // now it sweeps through the garment, and neighbours stay neighbours
  const ys = points.map((p) => p.y);
  assert.ok(Math.max(...ys) - Math.min(...ys) > 10, `garment rows ${Math.min(...ys)}..${Math.max(...ys)}`);
  for (let k = 1; k < points.length; k++) {
    const step = Math.hypot(points[k]!.x - points[k - 1]!.x, points[k]!.y - points[k - 1]!.y);
    assert.ok(step < 5, `step ${step} at ${k}`);
  }
});

test('an arm folded back (a hand at the face) maps each pixel by its nearest segment, not a blend of both', () => {
  // upper arm down 100 px, forearm back up 100 px, 10 px to the side; garment straight down 200 px
  const body = [{ x: 100, y: 0 }, { x: 100, y: 100 }, { x: 110, y: 0 }];
  const garment = [{ x: 0, y: 0 }, { x: 0, y: 100 }, { x: 0, y: 200 }];
  const segs = prepareLimb({ body, garment, acrossScale: 1 });
  const out = new Float32Array(3);
  // 2 px off the upper arm, 50 px down: the upper arm's cloth, row 50 (a blend gave a row near 100)
  mapLimb(segs, 1, 60, 98, 50, out);
  assert.ok(Math.abs(out[1]! - 50) < 1e-6, `row ${out[1]}`);
  // 1 px off the forearm, 50 px up it (y ≈ 50): its cloth, row ≈ 150
  mapLimb(segs, 1, 60, 106, 50, out);
  assert.ok(Math.abs(out[1]! - 150) < 1, `row ${out[1]}`);
});

test('a straight joint the warp leaves unblended between two stretches: the nearer segment maps, continuously', () => {
  // body straight down 0 → 100 → 200; garment 0 → 100 (×1) → 300 (×2)
  const segs = prepareLimb({ body: [{ x: 0, y: 0 }, { x: 0, y: 100 }, { x: 0, y: 200 }], garment: [{ x: 0, y: 0 }, { x: 0, y: 100 }, { x: 0, y: 300 }], acrossScale: 1, unblended: [1] });
  const out = new Float32Array(3);
  // 20 px off the axis, 10 px past the joint: the second segment's 100 + 2 × 10 = 120 (blended with the
  // first's 110 at weight 1 − (22.36 − 20) / 30 = 0.92 it was 115.2)
  mapLimb(segs, 1, 60, 20, 110, out);
  assert.ok(Math.abs(out[0]! - 20) < 1e-4 && Math.abs(out[1]! - 120) < 1e-4, `${out[0]}, ${out[1]}`);
  // 10 px before it: the first's 90
  mapLimb(segs, 1, 60, 20, 90, out);
  assert.ok(Math.abs(out[1]! - 90) < 1e-4, `${out[1]}`);
  // on the joint's line both give 100
  mapLimb(segs, 1, 60, 20, 100, out);
  assert.ok(Math.abs(out[1]! - 100) < 1e-4, `${out[1]}`);
});

test('a slanted cuff is read as its edge per column around the middle edge', () => {
  // a sleeve hanging straight down (axis (10,0) → (10,10)) over columns 6..13,
  // its cuff slanted: column x is cloth down to row 8 + (x − 6)
  const m = createMask(20, 20);
  for (let x = 6; x <= 13; x++) for (let y = 0; y <= 8 + (x - 6); y++) m.data[y * 20 + x] = 1;
  const c = cuffLine(m, 1, { x: 10, y: 0 }, { x: 10, y: 10 })!;
  // edges past the axis end per column: x − 8 = −2..5, plus half a pixel (full cover); the middle (index 4 of 8 sorted) is 2.5
  assert.equal(c.at, 2.5);
  assert.equal(c.ramp, 3); // 0.3 × 10
  assert.equal(c.c0, -10); // 21 bins of 1 px; across = −(x − 10), bin = 20 − x
  // moves x − 10 clamped to ±1.5: x 6..13 → −1.5 −1.5 −1.5 −1 0 1 1.5 1.5, averaged over 5 bins
  assert.ok(Math.abs(c.shift[10]! - 0) < 1e-6); // x 12..8: (1.5 + 1 + 0 − 1 − 1.5) / 5
  assert.ok(Math.abs(c.shift[11]! + 0.6) < 1e-6); // x 11..7: (1 + 0 − 1 − 1.5 − 1.5) / 5 (its neighbours 0, −1.1 raise it to no more)
  assert.equal(c.shift[0], 1.5); // off the sleeve: the nearest column's (x 13)
  assert.equal(c.shift[20], -1.5); // (x 6)
});

test('cuff moves are clamped, averaged and raised to change by at most a step per bin', () => {
  // edges 0, 0, 0, 0, 5, 0, 0, 0, 0, clamped to 3: mean over 5 bins 0 0 0.6 0.6 0.6 0.6 0.6 0 0;
  // forwards max(that, previous − 0.25): 0 0 .6 .6 .6 .6 .6 .35 .1; backwards: .1 .35 .6 .6 .6 .6 .6 .35 .1
  const got = [...edgeShift(new Float32Array([0, 0, 0, 0, 5, 0, 0, -Infinity, 0]), 0, 3, 0.25)];
  const want = [0.1, 0.35, 0.6, 0.6, 0.6, 0.6, 0.6, 0.35, 0.1];
  assert.ok(got.every((v, i) => Math.abs(v - want[i]!) < 1e-6), String(got));
});

test('a cuff sample is moved along the axis by its row\'s shift, eased in before the line', () => {
  const cuff = { end: { x: 0, y: 0 }, dir: { x: 0, y: 1 }, at: 2, ramp: 4, c0: -1, binPx: 1, shift: new Float32Array([2, 0, -2]) };
  const out = new Float32Array(3);
  const at = (x: number, y: number) => {
    out[0] = x; out[1] = y;
    straightenCuff(cuff, out);
    return [Math.round(out[0]! * 1e6) / 1e6, Math.round(out[1]! * 1e6) / 1e6];
  };
  assert.deepEqual(at(0, -3), [0, -3]); // before the ramp (it starts at 2 − 4 = −2)
  assert.deepEqual(at(0, 2), [0, 2]); // on the axis the move is 0
  assert.deepEqual(at(-1, 2), [-1, 0]); // across +1 (bin 2): −2, fully in
  assert.deepEqual(at(1, 0), [1, 1]); // across −1 (bin 0): 2, half way up the ramp
});

test('acrossTaper: the across scale changes linearly along a segment, from its start factor to its end factor', () => {
  // body axis straight down (100,100)→(100,200) onto garment (0,0)→(0,100); across ×1 at the start, ×2 at the end
  const body = [{ x: 100, y: 100 }, { x: 100, y: 200 }], garment = [{ x: 0, y: 0 }, { x: 0, y: 100 }];
  const segs = prepareLimb({ body, garment, acrossScale: 1, acrossTaper: [1, 2] });
  const out = new Float32Array(3);
  // 10 px right of the axis (garment x = −n · scale · dy = 10 · factor): at the start ×1, halfway ×1.5, at the end ×2, past it ×2
  for (const [y, gx, gy] of [[100, 10, 0], [150, 15, 50], [200, 20, 100], [205, 20, 105]] as const) {
    mapLimb(segs, 1, 10, 110, y, out);
    assert.ok(Math.abs(out[0]! - gx) < 1e-6 && Math.abs(out[1]! - gy) < 1e-6, `y ${y} → (${out[0]}, ${out[1]})`);
  }
  // without a taper the width is kept all along
  mapLimb(prepareLimb({ body, garment, acrossScale: 1 }), 1, 10, 110, 150, out);
  assert.ok(Math.abs(out[0]! - 10) < 1e-6);
});
