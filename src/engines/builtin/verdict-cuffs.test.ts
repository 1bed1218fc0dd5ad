import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createMask } from '../../vision/image.js';
import { POSE_LANDMARKS, type Keypoint, type PoseLandmark } from '../../vision/person-analysis.js';
import { combineFigures } from './quality-verdict.js';
import { OLD_CUFF, armBones, oldCuffs, type CuffInputs } from './verdict-cuffs.js';
import { paint, rect, solidImage } from '../../../test/support/drawing.js';

const close = (actual: number, expected: number) => assert.ok(Math.abs(actual - expected) < 1e-9, `${actual} ≠ ${expected}`);

const BLUE: [number, number, number] = [0, 0, 200];
const SKIN: [number, number, number] = [220, 180, 150];
const RED: [number, number, number] = [200, 0, 0];
const GREEN: [number, number, number] = [0, 160, 0];

/**
 * A 60×60 photo on a blue wall: an arm down column 30 (skin, columns 25–34,
 * the strip of the bone at radius 0.1 × 50 = 5 px: centres within 5 px of
 * x = 30), an old red top over rows 0–19 (columns 10–49), and the old top's
 * red cuff on the arm at rows 20–29, which the parse left out of the old
 * garment. The result draws a new green top over the old one and leaves the
 * rest as it was. Shoulder width 50 px: 2500 px per sw², pieces from
 * 0.002 × 2500 = 5 px count.
 */
function scene(): CuffInputs {
  const original = paint(paint(paint(solidImage(60, 60, BLUE), 25, 0, 35, 60, SKIN), 10, 0, 50, 20, RED), 25, 20, 35, 30, RED);
  const result = paint(paint(paint(solidImage(60, 60, BLUE), 25, 0, 35, 60, SKIN), 10, 0, 50, 20, GREEN), 25, 20, 35, 30, RED);
  const old = rect(createMask(60, 60), 10, 0, 50, 20);
  const matte = rect(rect(createMask(60, 60), 10, 0, 50, 20), 25, 0, 35, 60);
  const skin = rect(createMask(60, 60), 25, 30, 35, 60);
  return {
    original, result, arms: [{ x0: 30, y0: 0, x1: 30, y1: 60 }], old, cover: rect(createMask(60, 60), 10, 0, 50, 20),
    keep: createMask(60, 60), other: createMask(60, 60), matte, skin, shoulderWidthPx: 50,
  };
}

test('old cuffs: the old top\'s colours left along an arm outside the removed region, in shoulder widths²', () => {
  assert.equal(OLD_CUFF.minPieceSw2 * 2500, 5);
  // the cuff: rows 20–29 × columns 25–34, 100 px
  close(oldCuffs(scene()), 100 / 2500);
  // a 2 px red speck on the arm is too small; red beside the arm (outside the strip) is not the arm's
  const specks = scene();
  paint(paint(specks.result, 25, 20, 35, 30, SKIN), 28, 50, 30, 51, RED);
  paint(specks.result, 2, 40, 6, 46, RED);
  assert.equal(oldCuffs(specks), 0);
});

test('old cuffs: a cuff kept on purpose, under the new garment, or in the other garment\'s colours is not counted', () => {
  const kept = scene();
  rect(kept.keep, 25, 20, 35, 25); // the hands' zone or a layer worn beneath over rows 20–24: rows 25–29 remain, 50 px
  close(oldCuffs(kept), 50 / 2500);
  const covered = scene();
  rect(covered.cover, 25, 20, 35, 30);
  assert.equal(oldCuffs(covered), 0);
  // a red skirt left as it is: red beside the hands is as much the skirt's as the old top's
  const skirt = scene();
  paint(skirt.original, 40, 40, 60, 60, RED);
  rect(skirt.other, 40, 40, 60, 60);
  assert.equal(oldCuffs(skirt), 0);
  assert.equal(oldCuffs({ ...scene(), arms: [] }), 0);
});

test('arm bones: shoulder to elbow to wrist to the index finger, between joints the pose model is sure of', () => {
  const kp = Object.fromEntries(POSE_LANDMARKS.map((n) => [n, { x: 0, y: 0, z: 0, score: 0 }])) as Record<PoseLandmark, Keypoint>;
  kp.rightElbow = { x: 100, y: 150, z: 0, score: 0.9 };
  kp.rightWrist = { x: 100, y: 250, z: 0, score: 0.8 };
  kp.rightIndex = { x: 110, y: 290, z: 0, score: 0.6 };
  kp.rightShoulder = { x: 90, y: 50, z: 0, score: 0.4 }; // a guess: the upper arm is not judged
  assert.deepEqual(armBones(kp, 0.5), [{ x0: 50, y0: 75, x1: 50, y1: 125 }, { x0: 50, y0: 125, x1: 55, y1: 145 }]);
});

test('old cuffs past their ok level warn old_garment_visible', () => {
  // oldCuffSw2 0.007 is halfway from ok 0.004 to bad 0.01
  assert.deepEqual(combineFigures({ oldCuffSw2: 0.007 }), { score: 0.5, warnings: ['old_garment_visible'], figures: { oldCuffSw2: 0.007 } });
  assert.equal(combineFigures({ oldCuffSw2: 0.004 }).score, 1);
});
