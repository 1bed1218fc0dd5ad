import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FEET_FRONT, feetFront, hemFloor, seenAnkle } from './feet-front.js';
import { standingFrame as frame, standingPerson as person, STANDING as standing } from '../../../test/support/standing-person.js';

test('a hem ends FEET_FRONT.hemBelowAnkleSw below the ankles; no ankles in the frame, no floor', () => {
  assert.equal(FEET_FRONT.hemBelowAnkleSw, 0.06);
  assert.equal(hemFloor(person(standing), frame), 720 + 6);
  // knees unseen (a thigh-up photo: the pose guesses ankles inside the frame)
  assert.equal(hemFloor(person({ ...standing, leftKnee: [220, 540, 0.2], rightKnee: [180, 540, 0.2] }), frame), null);
});

test("an ankle the pose put on a long old hem is moved down to FEET_FRONT.ankleAboveHeelSw above the heel", () => {
  assert.equal(FEET_FRONT.ankleAboveHeelSw, 0.25);
  const onHem = person({ ...standing, leftAnkle: [225, 680], rightAnkle: [175, 680] });
  assert.deepEqual(seenAnkle(onHem, 'left', 100), { x: 225, y: 745 - 25 });
  // an unseen heel moves no ankle
  assert.deepEqual(seenAnkle(person({ ...standing, leftAnkle: [225, 680], leftHeel: [228, 790, 0.1] }), 'left', 100), { x: 225, y: 680 });
  // a real ankle close above the heel stays where it is
  assert.deepEqual(seenAnkle(person(standing), 'left', 100), { x: 225, y: 720 });
  // the lower ankle sets the floor: a raised foot's hem follows the standing one
  assert.equal(hemFloor(person({ ...standing, rightAnkle: [175, 700], rightHeel: [172, 720] }), frame), 726);
});

test('the feet in front: the silhouette within FEET_FRONT.footRadiusSw of the foot, from just below the ankle', () => {
  assert.equal(FEET_FRONT.feetBelowAnkleSw, 0.02);
  assert.equal(FEET_FRONT.footRadiusSw, 0.16);
  const m = feetFront(person(standing), frame);
  const at = (x: number, y: number) => m.data[y * 200 + x]!;
  const from = Math.ceil((720 + 2) * 0.5); // analysis row 361
  assert.equal(at(112, from), 1, 'the shoe just below the ankle line');
  assert.equal(at(112, from - 2), 0, 'the shin above it');
  assert.equal(at(120, 375), 1, "the shoe's toe");
  // the zone reaches 8 analysis px around the points: the sole's outer edge 15 px off the left toe is beyond it
  assert.equal(at(137, 375), 0, 'shoe beyond the zone');
  assert.equal(at(112, 390), 0, 'below the soles: not the silhouette');
  // an unseen side keeps nothing
  const oneSide = feetFront(person({ ...standing, rightAnkle: [175, 720, 0.1] }), frame);
  assert.equal(oneSide.data[375 * 200 + 80], 0);
  assert.equal(oneSide.data[375 * 200 + 120], 1);
});
