import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createMask } from './image.js';
import type { PersonAnalysis } from './person-analysis.js';
import { fillCapsule, fillPolygon } from './raster.js';
import { armOuterReach, armOuterRuns, bodyFrame, bodyRegions, clipToMatte, matteRuns, torsoExtentAt } from './body-regions.js';
import { frontFrame } from '../../test/support/drawing.js';

// full resolution 400×400, analysed at half size
const frame = frontFrame({ centreX: 200, shoulderY: 100, shoulderWidth: 120, hipY: 300, hipHalfWidth: 40 });

function person(): PersonAnalysis {
  const matte = createMask(200, 200);
  // torso 60..140 (analysis px) wide at every row
  fillPolygon(matte, [{ x: 60, y: 40 }, { x: 140, y: 40 }, { x: 140, y: 160 }, { x: 60, y: 160 }]);
  return { width: 400, height: 400, keypoints: {} as PersonAnalysis['keypoints'], poseScore: 1, matte, scale: 0.5, faces: [], small: { width: 200, height: 200, channels: 3, data: new Uint8Array(200 * 200 * 3) } };
}

test('the torso extent is measured each side of the centre line, in full-resolution px', () => {
  const p = person();
  const e = torsoExtentAt(p, frame, createMask(200, 200), 0.5)!;
  assert.ok(Math.abs(e.left - 80) <= 1 && Math.abs(e.right - 80) <= 1, JSON.stringify(e));
});

test('an arm or hand against one side of the body ends that side only', () => {
  const p = person();
  // the person's left arm (image right) hangs against the body, and reaches past it
  fillPolygon(p.matte, [{ x: 140, y: 60 }, { x: 170, y: 60 }, { x: 170, y: 150 }, { x: 140, y: 150 }]);
  const without = torsoExtentAt(p, frame, createMask(200, 200), 0.5)!;
  assert.ok(without.left > 130, `the arm counted as torso: ${JSON.stringify(without)}`);
  const breaks = createMask(200, 200);
  fillCapsule(breaks, { x: 138, y: 60 }, { x: 138, y: 150 }, 3);
  const withBreak = torsoExtentAt(p, frame, breaks, 0.5)!;
  assert.ok(withBreak.left < 72 && Math.abs(withBreak.right - 80) <= 1, JSON.stringify(withBreak));
});

test('the bare trunk is the bare shape without the legs, on the matte, made once when first read', () => {
  const p = person();
  // a front-facing stand-in: shoulders, hips, knees and ankles where frontFrame puts them (full px), the rest at the chest
  const at: Record<string, [number, number]> = {
    leftShoulder: [260, 100], rightShoulder: [140, 100], leftHip: [240, 300], rightHip: [160, 300],
    leftKnee: [240, 360], rightKnee: [160, 360], leftAnkle: [240, 390], rightAnkle: [160, 390],
    leftElbow: [280, 200], rightElbow: [120, 200], leftWrist: [285, 280], rightWrist: [115, 280],
  };
  p.keypoints = new Proxy({}, { get: (_t, name: string) => ({ x: at[name]?.[0] ?? 200, y: at[name]?.[1] ?? 140, score: 1 }) }) as PersonAnalysis['keypoints'];
  const regions = bodyRegions(p, bodyFrame(p));
  const trunk = regions.bareTrunk;
  assert.equal(regions.bareTrunk, trunk, 'read twice: the same mask');
  let inTrunk = 0;
  for (let i = 0; i < trunk.data.length; i++) {
    assert.ok(trunk.data[i]! <= regions.bareShape.data[i]!, `pixel ${i}: in the bare trunk, not in the bare shape`);
    if (p.matte.data[i]! < 0.5) assert.equal(trunk.data[i], 0, `pixel ${i}: off the matte`);
    if (trunk.data[i]! >= 0.5) inTrunk++;
  }
  assert.ok(inTrunk > 1000, `bare trunk of ${inTrunk} px`);
});

test('matteRuns gives the ends of the runs off and on the matte, the frame read as one line', () => {
  // 3 × 2: off, on, on | off (0.4), on (0.6), off
  const matte = createMask(3, 2);
  matte.data.set([0, 1, 1, 0.4, 0.6, 0]);
  assert.deepEqual(Array.from(matteRuns(matte)), [1, 3, 4, 5, 6]);
  // a matte starting on the person: the first run off it is empty
  const on = createMask(2, 1);
  on.data.set([1, 0]);
  assert.deepEqual(Array.from(matteRuns(on)), [0, 1, 2]);
});

test('clipToMatte clears a mask off the matte and caps it at 1 on it, in place', () => {
  const matte = createMask(3, 2);
  matte.data.set([0, 1, 1, 0.4, 0.6, 0]);
  const mask = createMask(3, 2);
  mask.data.set([0.5, 2, 0.25, 0.75, 1.5, -1]);
  const out = clipToMatte(mask, matteRuns(matte));
  assert.equal(out, mask);
  // off: 0.5 → 0, 0.75 → 0, -1 stays (min with 0); on: 2 → 1, 0.25 stays, 1.5 → 1
  assert.deepEqual(Array.from(mask.data), [0, 1, 0.25, 0, 1, -1]);
});

test('clipToMatte with a box clips that box only (the runs found from the first pixel in the box of each row)', () => {
  const matte = createMask(3, 2);
  matte.data.set([0, 1, 1, 0.4, 0.6, 0]);
  const runs = matteRuns(matte);
  const mask = createMask(3, 2);
  mask.data.set([0.5, 2, 0.25, 0.75, 1.5, -1]);
  // columns 1-2 of both rows: on 2 → 1, 0.25 stays, on 1.5 → 1, off -1 stays; column 0 (0.5, 0.75: off the matte) untouched
  clipToMatte(mask, runs, { x0: 1, y0: 0, x1: 2, y1: 1 });
  assert.deepEqual(Array.from(mask.data), [0.5, 1, 0.25, 0.75, 1, -1]);
  // the second row's first two pixels: the box starts inside the run off the matte that begins at pixel 3
  const row = createMask(3, 2);
  row.data.set([0.5, 2, 0.25, 0.75, 1.5, -1]);
  clipToMatte(row, runs, { x0: 0, y0: 1, x1: 1, y1: 1 });
  assert.deepEqual(Array.from(row.data), [0.5, 2, 0.25, 0, 1, -1]);
});

test("the arm's reach outwards from a sleeve's axis: to the matte's edge, away from the body", () => {
  const p = person();
  // the person's left arm (image right), analysis columns 140–159 of rows 60–150: full px 280–319, its outer edge at 320
  for (let y = 60; y <= 150; y++) for (let x = 140; x < 160; x++) p.matte.data[y * 200 + x] = 1;
  // an axis down the arm at full x 300: 20 px out to the edge (away from the centre line at x 200)
  assert.equal(armOuterReach(p, frame, [{ x: 300, y: 130 }, { x: 300, y: 290 }]), 20);
  // a sleeve's axis 10 px further in: 30 px
  assert.equal(armOuterReach(p, frame, [{ x: 290, y: 130 }, { x: 290, y: 290 }]), 30);
  // 40 px is past 0.3 shoulder widths (36 px): not measured
  assert.equal(armOuterReach(p, frame, [{ x: 280, y: 130 }, { x: 280, y: 290 }]), null);
  // one by one: a run above the arm (full row 100, analysis 50, off the matte) is 0, one past the limit is null
  assert.deepEqual(armOuterRuns(p, frame, [{ x: 290, y: 100 }, { x: 290, y: 300 }], [0, 0.5]), [0, 30]);
  assert.deepEqual(armOuterRuns(p, frame, [{ x: 280, y: 130 }, { x: 280, y: 290 }], [0.5]), [null]);
});
