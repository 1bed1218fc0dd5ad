import { test } from 'node:test';
import assert from 'node:assert/strict';
import { padEdges, plausibleBody, POSE_LANDMARKS, TORSO_DEPTH, withPlausibleHips, type Keypoint, type PoseLandmark } from './person-analysis.js';

test('padEdges repeats the edge pixels above and to the sides and keeps the photo below them', () => {
  // 2×2 RGBA: red, green / blue, white
  const data = new Uint8Array([255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 255, 255, 255, 255, 255, 255]);
  const out = padEdges({ width: 2, height: 2, channels: 4, data }, 1, 2);
  assert.equal(out.width, 4);
  assert.equal(out.height, 4);
  assert.equal(out.channels, 3);
  const px = (x: number, y: number) => Array.from(out.data.slice((y * 4 + x) * 3, (y * 4 + x) * 3 + 3));
  assert.deepEqual(px(0, 0), [255, 0, 0], 'top-left corner: the top-left pixel');
  assert.deepEqual(px(3, 1), [0, 255, 0], 'above the right edge: the top-right pixel');
  assert.deepEqual(px(1, 2), [255, 0, 0], 'the photo starts below the padding');
  assert.deepEqual(px(0, 3), [0, 0, 255], 'left of the bottom row: its first pixel');
  assert.deepEqual(px(2, 3), [255, 255, 255]);
});

test('padEdges repeats the bottom row below the photo', () => {
  const data = new Uint8Array([255, 0, 0, 0, 255, 0, 0, 0, 255, 255, 255, 255]);
  const out = padEdges({ width: 2, height: 2, channels: 3, data }, 0, 1, 2);
  assert.equal(out.height, 5);
  const px = (x: number, y: number) => Array.from(out.data.slice((y * 2 + x) * 3, (y * 2 + x) * 3 + 3));
  assert.deepEqual(px(0, 4), [0, 0, 255], 'below the photo: its bottom-left pixel');
  assert.deepEqual(px(1, 3), [255, 255, 255]);
});

/** A BlazePose body with shoulders and hips at these image points (the person's left on the image's right). */
function body(ls: [number, number], rs: [number, number], lh: [number, number], rh: [number, number], score = 0.9) {
  const k = (part: string, position: [number, number]) => ({ part, position: [...position, 0], score });
  return { score, box: [0, 0, 1, 1], keypoints: [k('leftShoulder', ls), k('rightShoulder', rs), k('leftHip', lh), k('rightHip', rh)] } as never;
}

test('a padded look is kept only for a front upper body inside the photo', () => {
  const photo = { width: 400, height: 500 };
  assert.ok(plausibleBody(body([260, 180], [120, 180], [230, 390], [150, 390]), photo), 'a waist-up front view');
  assert.ok(plausibleBody(body([300, 10], [100, 10], [260, 520], [140, 520]), photo), 'a chin crop: hips below the frame are allowed');
  assert.ok(!plausibleBody(body([120, 180], [260, 180], [150, 390], [230, 390]), photo), 'mirrored: a back view');
  assert.ok(!plausibleBody(body([260, -60], [120, -60], [230, 200], [150, 200]), photo), 'shoulders up in the padding');
  assert.ok(!plausibleBody(body([260, 180], [120, 180], [230, 220], [150, 220]), photo), 'hips just below the shoulders');
  assert.ok(!plausibleBody(body([260, 180], [120, 180], [230, 390], [150, 390], 0.3), photo), 'keypoints the detector is unsure of');
});

/** Keypoints with the shoulders and hips given ([x, y]), every other landmark unseen. */
function torso(ls: [number, number], rs: [number, number], lh: [number, number], rh: [number, number], hipScore = 0.99): Record<PoseLandmark, Keypoint> {
  const out = {} as Record<PoseLandmark, Keypoint>;
  for (const name of POSE_LANDMARKS) out[name] = { x: 0, y: 0, z: 0, score: 0 };
  const at = ([x, y]: [number, number], score: number): Keypoint => ({ x, y, z: 0, score });
  return { ...out, leftShoulder: at(ls, 0.99), rightShoulder: at(rs, 0.99), leftHip: at(lh, hipScore), rightHip: at(rh, hipScore) };
}

test('hips placed too high on a tight crop move down the torso to a typical depth', () => {
  assert.equal(TORSO_DEPTH.minPerShoulderWidth, 1.1);
  assert.equal(TORSO_DEPTH.typicalPerShoulderWidth, 1.5);
  // shoulders 20 px apart; hips 20 px (1.0 shoulder widths) below them: moved to 30 px, straight down
  const moved = withPlausibleHips(torso([60, 100], [40, 100], [58, 120], [42, 120]), 500);
  assert.deepEqual([moved.leftHip.x, moved.leftHip.y, moved.rightHip.x, moved.rightHip.y], [58, 130, 42, 130]);
  assert.equal(moved.leftHip.score, 0.99, 'the score stays');
  // a leaning torso moves along its own axis: hips 12 right and 16 down (20 px away) go to 18 right, 24 down
  const leaning = withPlausibleHips(torso([60, 100], [40, 100], [70, 116], [54, 116]), 500);
  assert.deepEqual([leaning.leftHip.x, leaning.leftHip.y], [76, 124]);
  // never below the photo's last row
  assert.equal(withPlausibleHips(torso([60, 100], [40, 100], [58, 120], [42, 120]), 125).leftHip.y, 124);
});

test('hips at a plausible depth, or unsure, stay where the pose model put them', () => {
  const whole = torso([60, 100], [40, 100], [58, 130], [42, 130]);
  assert.equal(withPlausibleHips(whole, 500), whole);
  const unsure = torso([60, 100], [40, 100], [58, 110], [42, 110], 0.3);
  assert.equal(withPlausibleHips(unsure, 500), unsure);
});
