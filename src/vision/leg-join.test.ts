import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createMask, type Mask } from './image.js';
import type { ArmSegment } from './bare-body.js';
import { boneXAt, findLegJoin, legHiddenFrom, legJoinedCoverage, runThrough } from './leg-join.js';

/** The run of coverage ≥ 0.5 along row `y` through column `x`, or null. */
function run(m: Mask, x: number, y: number): readonly [number, number] | null {
  return runThrough((u, v) => u >= 0 && u < m.width && m.data[v * m.width + u]! >= 0.5, x, y, m.width);
}

// A straight leg down the frame, its axis through pixel 30's middle (x 30.5),
// radius 6: pixel x's centre x + 0.5 lies within 6 of the axis for x 24…36
// (13 px). The old garment covers rows 0…49; the real leg shows below it,
// columns 21…39 (19 px, 19 / 13 = 1.46 of the made leg: one leg).
const W = 60, H = 80;
const leg: ArmSegment[] = [{ a: { x: 30.5, y: -10 }, b: { x: 30.5, y: 90 }, ra: 6, rb: 6 }];
function oldRows(): Mask {
  const m = createMask(W, H);
  for (let i = 0; i < 50 * W; i++) m.data[i] = 1;
  return m;
}
const skinCols = (lo: number, hi: number) => (x: number, y: number) => y >= 50 && y < H && x >= lo && x <= hi;

test('boneXAt: the axis x at a row; null off the leg or along a piece running across', () => {
  const s: ArmSegment[] = [{ a: { x: 10, y: 0 }, b: { x: 20, y: 40 }, ra: 3, rb: 3 }];
  // 10 + 10 × 20 / 40
  assert.equal(boneXAt(s, 20), 15);
  assert.equal(boneXAt(s, 41), null);
  assert.equal(boneXAt([{ a: { x: 0, y: 0 }, b: { x: 40, y: 10 }, ra: 3, rb: 3 }], 5), null);
});

test('runThrough: the run through a column, bounded by its reach', () => {
  const inside = (x: number) => x >= 3 && x <= 9;
  assert.deepEqual(runThrough(inside, 5, 0, 100), [3, 9]);
  assert.deepEqual(runThrough(inside, 5, 0, 1), [4, 6]);
  assert.equal(runThrough(inside, 1, 0, 100), null);
});

test('findLegJoin: the old garment\'s last row on the bone and the real leg\'s edges just below', () => {
  const made = (x: number) => x >= 24 && x <= 36;
  // rows 50…52 measured (13 × 0.25 → 3), each run 21…39: edges 21 and 40
  assert.deepEqual(findLegJoin(leg, made, skinCols(21, 39), oldRows()), { y: 49, lo: 21, hi: 40, rows: 3 });
  // 31 px of skin (both legs touching): 31 / 13 = 2.4, no one leg
  assert.equal(findLegJoin(leg, made, skinCols(15, 45), oldRows()), null);
  // a hem slanting across the leg: the old garment covers columns 36… on rows 50…59 too, the skin there ends
  // against it (at 35): the right side keeps the made leg's own edge (36 + 1), the left takes the real one (21)
  const slant = oldRows();
  for (let y = 50; y < 60; y++) for (let x = 36; x < W; x++) slant.data[y * W + x] = 1;
  const beside = (x: number, y: number) => skinCols(21, 39)(x, y) && slant.data[y * W + x]! < 0.5;
  assert.deepEqual(findLegJoin(leg, made, beside, slant), { y: 49, lo: 21, hi: 37, rows: 3 });
  // no skin below the old garment: no join
  assert.equal(findLegJoin(leg, made, () => false, oldRows()), null);
});

test('legJoinedCoverage: the made leg takes the real leg\'s outline at the join, easing back to its own above', () => {
  const out = legJoinedCoverage(leg, skinCols(21, 39), oldRows());
  // the join's row: edges 21 and 40; pixel 21's centre 0.5 inside → 0.5 / 1.5 + 0.5
  assert.deepEqual(run(out, 30, 49), [21, 39]);
  assert.ok(Math.abs(out.data[49 * W + 21]! - 0.8333) < 1e-3);
  // 9 rows above (reach 19): u = 10 / 19, t = u²(3 − 2u) = 0.53944, edges 24 − 3t = 22.3817, 37 + 3t = 38.6183;
  // pixel 22's centre 0.1183 inside → 0.5789
  assert.deepEqual(run(out, 30, 40), [22, 38]);
  assert.ok(Math.abs(out.data[40 * W + 22]! - 0.5789) < 1e-3, `${out.data[40 * W + 22]}`);
  assert.ok(Math.abs(out.data[40 * W + 38]! - 0.5789) < 1e-3, `${out.data[40 * W + 38]}`);
  // past the reach (row 29) the made leg's own 13 px
  assert.deepEqual(run(out, 30, 29), [24, 36]);
  // both legs touching below: the capsule as it was
  assert.deepEqual(run(legJoinedCoverage(leg, skinCols(15, 45), oldRows()), 30, 49), [24, 36]);
});

test('legJoinedCoverage: on a slanting leg each edge keeps its offset from the made leg\'s own, easing out above the join', () => {
  // axis x = 20.5 + (y + 0.5) / 4 at row y; radius 6 across it is 6 / cos θ = 6.1847 along a row (cos θ = 0.97014).
  // Row 49: axis 32.875, own run 27…38; the real leg below, columns 25…41: offsets 25 − 27 = −2 and 42 − 39 = +3.
  const slanting: ArmSegment[] = [{ a: { x: 20.5, y: 0 }, b: { x: 40.5, y: 80 }, ra: 6, rb: 6 }];
  const out = legJoinedCoverage(slanting, skinCols(25, 41), oldRows());
  assert.deepEqual(run(out, 32, 49), [25, 41]);
  // row 40 (reach 17, 9 rows above): u = 8 / 17, t = 0.45593; own 24…36 (axis 30.625), edges 24 − 2t = 23.088 and
  // 37 + 3t = 38.368: pixel 23 in (0.77), 38 out (0.41); towards fixed targets (25, 42) it was 24…38
  assert.deepEqual(run(out, 30, 40), [23, 37]);
  // row 32 (17 rows above): its own 22…34
  assert.deepEqual(run(out, 28, 32), [22, 34]);
});

test('legHiddenFrom: a made leg the new garment meets on every row down to its end is hidden', () => {
  const box = (x0: number, y0: number, x1: number, y1: number) => {
    const m = createMask(W, H);
    for (let y = y0; y <= y1; y++) for (let x = x0; x <= x1; x++) m.data[y * W + x] = 1;
    return m;
  };
  // the made leg: columns 20…30, rows 10…59
  const made = box(20, 10, 30, 59);
  // trousers over its inner half (columns 26…40) to row 59: every row meets them, though columns 20…25 lie beside
  assert.equal(legHiddenFrom(made, box(26, 0, 40, 59)), true);
  // trousers ending at row 57: rows 58–59 come out below the hem
  assert.equal(legHiddenFrom(made, box(26, 0, 40, 57)), false);
  // trousers beside the leg (columns 31…40), touching but over none of it
  assert.equal(legHiddenFrom(made, box(31, 0, 40, 59)), false);
  // no leg made
  assert.equal(legHiddenFrom(createMask(W, H), box(0, 0, W - 1, H - 1)), false);
});
