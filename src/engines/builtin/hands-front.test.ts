import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createMask } from '../../vision/image.js';
import { POSE_LANDMARKS, type PersonAnalysis } from '../../vision/person-analysis.js';
import { FOREARM_FRONT, HAND_IN_POCKET, HAND_REACH, HANDS_FRONT, forearmsFrontZone, handsFrontZone, handsReachZone, hiddenHandWrists } from './hands-front.js';
import { frontFrame } from '../../../test/support/drawing.js';

// full resolution 400×400 analysed at half size; shoulder width 100 px
const frame = frontFrame({ centreX: 200, shoulderY: 60, shoulderWidth: 100, hipY: 260, hipHalfWidth: 30 });

function person(wristScore: number, elbow?: [number, number]): PersonAnalysis {
  const at: Partial<Record<(typeof POSE_LANDMARKS)[number], [number, number]>> = {
    // a hand hanging beside the hip: wrist at row 240, the index and pinky points 20 px further down
    leftWrist: [280, 240], leftIndex: [276, 260], leftPinky: [284, 260],
    ...(elbow ? { leftElbow: elbow } : {}),
  };
  const keypoints = Object.fromEntries(POSE_LANDMARKS.map((n) => {
    const [x, y] = at[n] ?? [0, 0];
    return [n, { x, y, score: n === 'leftWrist' ? wristScore : at[n] ? 1 : 0 }];
  })) as PersonAnalysis['keypoints'];
  return { width: 400, height: 400, keypoints, poseScore: 1, matte: createMask(200, 200), scale: 0.5, faces: [], small: { width: 200, height: 200, channels: 3, data: new Uint8Array(200 * 200 * 3) } };
}

test("the hands' zone reaches the fingertips, HANDS_FRONT.tipOfKnuckles wrist-to-knuckle distances from the wrist", () => {
  assert.equal(HANDS_FRONT.tipOfKnuckles, 2.1);
  assert.deepEqual(HANDS_FRONT.radiusSw, [0.1, 0.13]);
  const z = handsFrontZone(person(1), frame);
  const at = (x: number, y: number) => z.data[y * 200 + x]!;
  // analysis px: wrist (140, 120), knuckle points' middle (140, 130), fingertips (140, 141); radius 5 → 6.5 px
  assert.equal(at(140, 120), 1, 'the wrist');
  assert.equal(at(140, 146), 1, 'the fingertips, with their radius');
  assert.equal(at(140, 149), 0, 'past the fingertips');
  assert.equal(at(145, 140), 1, "the hand's side");
  assert.equal(at(149, 130), 0, 'beside the hand');
});

test('a wrist not seen has no hand zone', () => {
  const z = handsFrontZone(person(0.2), frame);
  assert.equal(z.data.reduce((s, v) => s + v, 0), 0);
});

test("a kept hand's reach: HAND_REACH.tipOfKnuckles past the wrist, wider than the hands' zone", () => {
  assert.equal(HAND_REACH.tipOfKnuckles, 2.6);
  assert.deepEqual(HAND_REACH.radiusSw, [0.14, 0.17]);
  const z = handsReachZone(person(1), frame);
  const at = (x: number, y: number) => z.data[y * 200 + x]!;
  // analysis px (pixel centres at +0.5): wrist (140, 120), tip 2.6 × 10 px below it (140, 146); radius 7 → 8.5 px
  assert.equal(at(140, 153), 1, 'the tip, with its radius (7.5 px past it)');
  assert.equal(at(140, 155), 0, 'past it (9.5 px)');
  // 6.5 px off the line at row 125.5, where the reach's radius is 7.3 px and the hands' zone's 5.4
  assert.equal(at(146, 125), 1, 'beside the wrist');
  assert.equal(handsFrontZone(person(1), frame).data[125 * 200 + 146], 0, "outside the hands' zone");
  assert.equal(handsReachZone(person(0.2), frame).data.reduce((s, v) => s + v, 0), 0, 'no seen wrist, no reach');
});

test("a forearm's zone: elbow to wrist, FOREARM_FRONT.radiusSw wide, only with both joints seen", () => {
  assert.deepEqual(FOREARM_FRONT.radiusSw, [0.11, 0.09]);
  // analysis px: elbow (120, 80), wrist (140, 120) (a forearm slanting across the hip); radius 5.5 → 4.5 px
  const z = forearmsFrontZone(person(1, [240, 160]), frame);
  const at = (x: number, y: number) => z.data[y * 200 + x]!;
  assert.equal(at(130, 100), 1, "the forearm's middle");
  assert.equal(at(120, 80), 1, 'the elbow');
  assert.equal(at(140, 120), 1, 'the wrist');
  assert.equal(at(140, 127), 0, 'past the wrist (the hand is the hands\' zones\')');
  // 6 px off the line at its middle, radius 5 there
  assert.equal(at(135, 97), 0, 'beside the forearm');
  assert.equal(forearmsFrontZone(person(1), frame).data.reduce((s, v) => s + v, 0), 0, 'no seen elbow, no forearm');
  assert.equal(forearmsFrontZone(person(0.2, [240, 160]), frame).data.reduce((s, v) => s + v, 0), 0, 'no seen wrist, no forearm');
});

test('a hidden hand (a hand in a pocket) is kept from its wrist up: HAND_IN_POCKET', () => {
  assert.equal(HAND_IN_POCKET.hiddenSw2, 0.004);
  assert.equal(HAND_IN_POCKET.backOfKnuckles, 0.5);
  // shoulder width 50 analysis px: hidden below 0.004 × 2500 = 10 kept px in the hand's zone
  const keptBlock = (side: number) => {
    const m = createMask(200, 200);
    for (let y = 125; y < 125 + side; y++) for (let x = 138; x < 138 + side; x++) m.data[y * 200 + x] = 1;
    return m;
  };
  assert.equal(hiddenHandWrists(person(1), frame, keptBlock(4)), null, '16 px kept: the hand shows');
  assert.notEqual(hiddenHandWrists(person(1), frame, keptBlock(3)), null, '9 px kept: hidden');
  assert.equal(hiddenHandWrists(person(0.2), frame, createMask(200, 200)), null, 'no seen wrist, no hand');
  const z = hiddenHandWrists(person(1), frame, createMask(200, 200))!;
  const at = (x: number, y: number) => z.data[y * 200 + x]!;
  // analysis px (pixel centres at +0.5): wrist (140, 120), knuckles (140, 130); the capsule runs from
  // (140, 115), 0.5 × 10 px above the wrist, to the wrist, radius 5 (HANDS_FRONT's at the wrist)
  assert.equal(at(140, 111), 1, 'up the forearm, 3.5 px above its start');
  assert.equal(at(140, 109), 0, '5.5 px above its start');
  assert.equal(at(140, 124), 1, 'the wrist, with its radius (4.5 px below it)');
  assert.equal(at(140, 126), 0, 'not the hand: 6.5 px below the wrist');
  assert.equal(at(146, 117), 0, 'beside the forearm (6.5 px off it)');
});
