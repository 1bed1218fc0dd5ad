import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createMask } from '../../vision/image.js';
import { fillPolygon } from '../../vision/raster.js';
import { hemFloor } from './feet-front.js';
import { HEM_REACH, feetBelowHems, hemRows, keptToShoes, oldCuffs, reachedHems } from './hem-reach.js';
import { fitLower, type GarmentFit } from './fit-targets.js';
import type { GarmentAnalysis } from './garment-analysis.js';
import { lowerLandmarks } from './lower-landmarks.js';
import { standingFrame as frame, standingPerson as person, STANDING as standing } from '../../../test/support/standing-person.js';

/** The old trousers drawn over both legs down to analysis row `bottom` (the ankles are at row 360, the soles at 380). */
function oldTrousers(bottom: number) {
  const lower = createMask(200, 400);
  fillPolygon(lower, [{ x: 75, y: 160 }, { x: 125, y: 160 }, { x: 125, y: bottom }, { x: 75, y: bottom }]);
  return { lower, skin: createMask(200, 400), palette: null };
}

/** A trouser fit whose legs end at row `end` (full px). */
function legsTo(end: number): GarmentFit {
  const leg = (part: 'legL' | 'legR', x: number) => ({ warp: { body: [{ x, y: 300 }, { x, y: 540 }, { x, y: end }], garment: [], acrossScale: 1 }, part, reach: 50 });
  return { category: 'lower', panel: null, limbs: [leg('legL', 225), leg('legR', 175)], scale: 1 };
}

test('old trousers reaching the shoe: each leg\'s hem row is where they end', () => {
  const p = person(standing);
  assert.equal(hemFloor(p, frame), 726);
  const rows = hemRows(p, frame, oldTrousers(372))!;
  assert.equal(rows.floor, 726);
  assert.equal(rows.left?.y, 744);
  assert.equal(rows.right?.y, 744);
});

test('bare ankles or cropped old trousers: the hem row stays at the common floor', () => {
  const rows = hemRows(person(standing), frame, oldTrousers(340))!;
  assert.equal(rows.left?.y, 726);
  assert.equal(rows.right?.y, 726);
  // ending just below the ankle, above the floor: the floor
  assert.equal(hemRows(person(standing), frame, oldTrousers(361))!.left?.y, 726);
});

test('an old garment running on over the shoes is followed at most HEM_REACH.maxBelowAnkleSw below the ankle', () => {
  assert.equal(HEM_REACH.maxBelowAnkleSw, 0.3);
  const rows = hemRows(person(standing), frame, oldTrousers(400))!;
  // ankle row 360 + 0.3 × 100 × 0.5 = 375 analysis px, the last row followed: 376 / 0.5
  assert.equal(rows.left?.y, 752);
  assert.ok(rows.left!.y < 760, 'never to the soles');
});

test('the old garment below an ankle is read on HEM_REACH.rowShare of the band', () => {
  assert.equal(HEM_REACH.rowShare, 0.5);
  const old = oldTrousers(340);
  // a cuff over two thirds of the left leg's band, a sliver over a quarter of the right one's, down to row 372
  const bandHalf = HEM_REACH.bandSw * 100 * 0.5;
  fillPolygon(old.lower, [{ x: 112 - bandHalf, y: 340 }, { x: 112 + bandHalf / 3, y: 340 }, { x: 112 + bandHalf / 3, y: 372 }, { x: 112 - bandHalf, y: 372 }]);
  fillPolygon(old.lower, [{ x: 88 - bandHalf, y: 340 }, { x: 88 - bandHalf / 2, y: 340 }, { x: 88 - bandHalf / 2, y: 372 }, { x: 88 - bandHalf, y: 372 }]);
  const rows = hemRows(person(standing), frame, old)!;
  assert.equal(rows.left?.y, 744);
  assert.equal(rows.right?.y, 726);
});

test('a leg ending above its hem row (shorts, cropped) keeps the floor; a full-length one reaches it', () => {
  const rows = hemRows(person(standing), frame, oldTrousers(372))!;
  assert.equal(reachedHems(rows, legsTo(744), 100).left?.y, 744);
  assert.equal(reachedHems(rows, legsTo(744 - HEM_REACH.reachToleranceSw * 100 + 1), 100).right?.y, 744);
  assert.equal(reachedHems(rows, legsTo(600), 100).left?.y, 726);
});

test('the old cuffs: the old garment from the ankle row down to a reached hem row, none where the leg stops at the floor', () => {
  const p = person(standing);
  const old = oldTrousers(372);
  const rows = hemRows(p, frame, old)!;
  const cuffs = oldCuffs(p, frame, old, rows);
  assert.equal(cuffs.data[365 * 200 + 112], 1);
  assert.equal(cuffs.data[350 * 200 + 112], 0, 'not above the ankle row');
  assert.equal(cuffs.data[374 * 200 + 112], 0, 'not below the hem row');
  const none = oldCuffs(p, frame, old, reachedHems(rows, legsTo(600), 100));
  assert.equal(none.data.reduce((a, v) => a + v, 0), 0);
});

test('the feet judged under a full-length leg start at its hem row; at the common floor they are left as they are', () => {
  const feet = createMask(200, 400);
  fillPolygon(feet, [{ x: 60, y: 361 }, { x: 140, y: 361 }, { x: 140, y: 380 }, { x: 60, y: 380 }]);
  const rows = hemRows(person(standing), frame, oldTrousers(372))!;
  const judged = feetBelowHems(feet, rows, 0.5);
  assert.equal(judged.data[365 * 200 + 112], 0, 'the shoe top under the new hem');
  assert.equal(judged.data[375 * 200 + 112], 1);
  const same = feetBelowHems(feet, reachedHems(rows, legsTo(600), 100), 0.5);
  assert.deepEqual(same.data, feet.data);
});

/** A pair of trousers drawn flat (garment px = analysis px): waist 100 px wide at row 10, crotch at row 110, hems at `hem`. */
function trousers(hem: number): GarmentAnalysis {
  const m = createMask(200, 400);
  fillPolygon(m, [{ x: 50, y: 10 }, { x: 150, y: 10 }, { x: 150, y: hem }, { x: 104, y: hem }, { x: 100, y: 110 }, { x: 96, y: hem }, { x: 50, y: hem }]);
  return { lower: lowerLandmarks(m), scale: 1 } as GarmentAnalysis;
}

test('a full-length leg is fitted down to the old hem; without one, or cropped, it ends where it did', () => {
  const p = person({ ...standing, leftHip: [230, 330], rightHip: [170, 330] });
  const rows = hemRows(p, frame, oldTrousers(372))!;
  const end = (g: GarmentAnalysis, hems: typeof rows | null) => {
    const leg = fitLower(p, frame, g, null, hems)!.limbs[0]!.warp.body;
    return leg[leg.length - 1]!.y;
  };
  const full = trousers(390);
  const today = end(full, null);
  assert.ok(today >= 720 && today < 735, `at the ankle (matchAlong's 4 % past it, cut at the floor): ${today}`);
  const reached = end(full, rows);
  assert.ok(reached >= 744 && reached < 760, `at the old hem (cut there): ${reached}`);
  // a little short of the ankle (within matchAlong's snap): stretched down to the old hem too (340: at 350 the
  // crotch, capped at 0.34 of the height by lower-landmarks.ts, lengthens the inseam into the snap at the ankle)
  const short = trousers(340);
  assert.ok(end(short, null) < 715, `short of the ankle today: ${end(short, null)}`);
  assert.ok(end(short, rows) >= 744, `stretched to the old hem: ${end(short, rows)}`);
  const cropped = trousers(250);
  assert.equal(end(cropped, rows), end(cropped, null));
  assert.ok(end(cropped, null) < 700);
});

test('an old leg kept beneath the new garment runs on to the shoes; one not kept on the shin is left removed', () => {
  assert.equal(HEM_REACH.keptProbeAboveSw, 0.15);
  const p = person(standing);
  // the old trousers removed down to row 372; the layer kept only down to row 350 (above the feet's zone), on the left leg's
  // columns; the probe row: (720 − 15) × 0.5 ≈ 352.5 → 353, so the kept layer must reach it
  const removed = oldTrousers(372).lower;
  const kept = createMask(200, 400);
  fillPolygon(kept, [{ x: 100, y: 160 }, { x: 125, y: 160 }, { x: 125, y: 356 }, { x: 100, y: 356 }]);
  const out = keptToShoes(kept, removed, p, frame);
  assert.equal(out.data[368 * 200 + 112], 1, 'the left leg kept down to the old hem');
  assert.equal(out.data[368 * 200 + 90], 0, 'the right leg was not kept on the shin: still removed');
  assert.equal(out.data[378 * 200 + 112], 0, 'nothing kept below the old garment');
  // kept only above the probe row: nothing runs on
  const short = createMask(200, 400);
  fillPolygon(short, [{ x: 100, y: 160 }, { x: 125, y: 160 }, { x: 125, y: 340 }, { x: 100, y: 340 }]);
  assert.deepEqual(keptToShoes(short, removed, p, frame).data, short.data);
});
