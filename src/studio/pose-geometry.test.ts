/**
 * The pose geometry on real photos (fixtures' tune half, read by the studio's
 * pose reader) with the words expected from looking at each photo, and on
 * keypoints made by hand for what the fixtures do not show (a back view).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { before, describe, test } from 'node:test';
import { fixturesDir } from '../../test/support/engine-fixtures.js';
import { acceptImage } from '../images/image-guard.js';
import { POSE_LANDMARKS, type Keypoint, type PoseLandmark } from '../vision/person-analysis.js';
import { angleAt, cropType, posePrompt, viewType, type PoseFrame } from './pose-geometry.js';
import { PoseReader, type PoseReading } from './pose-reader.js';

const FIXTURES = fixturesDir();
const LIMITS = { maxBytes: 50e6, minSide: 64, maxSide: 10_000, maxPixels: 60e6 };
const reader = new PoseReader();
const readings = new Map<string, PoseReading | undefined>();

async function read(folder: 'persons' | 'garments', name: string): Promise<PoseReading | undefined> {
  const image = await acceptImage(readFileSync(resolve(FIXTURES, folder, name)), LIMITS, name);
  return reader.read(image);
}

/** What each photo shows, written from looking at it. */
const EXPECTED: { name: string; view: string; crop: string; words: string[]; not?: string[] }[] = [
  // a man standing straight, whole figure with the head, arms hanging
  { name: '1.jpg', view: 'front_facing', crop: 'fullbody', words: ['standing pose', 'front facing', 'arms at sides', 'full body shot'] },
  // a woman in a knit set, catalogue crop at the chin, feet in the picture, arms hanging
  { name: '0347.jpg', view: 'front_facing', crop: 'head_half_cropped', words: ['standing pose', 'front facing', 'arms at sides', 'full body shot cropped at the head'] },
  // a man from the thighs up, arms hanging: no legs to describe
  { name: 'model_1.png', view: 'front_facing', crop: 'top', words: ['front facing', 'arms at sides', 'upper body shot'], not: ['standing pose', 'feet'] },
  // a man seated on a ledge, one foot up, feet in the picture
  { name: 'model.webp', view: 'front_facing', crop: 'fullbody', words: ['sitting pose', 'front facing', 'full body shot'], not: ['standing pose', 'weight'] },
  // a woman from the waist up leaning on a sofa arm (legs hidden)
  { name: '2.jpg', view: 'front_facing', crop: 'top', words: ['upper body shot'], not: ['feet'] },
  // a woman walking in the street, whole figure, one hand raised to her face
  { name: 'person_dress.jpg', view: 'front_facing', crop: 'fullbody', words: ['standing pose', 'full body shot'] },
];

describe('pose geometry on fixture photos', () => {
  before(async () => {
    for (const { name } of EXPECTED) readings.set(name, await read('persons', name));
  });

  for (const expected of EXPECTED) {
    test(`${expected.name}: ${expected.view}, ${expected.crop}, ${expected.words.join(' / ')}`, () => {
      const pose = readings.get(expected.name);
      assert.ok(pose !== undefined, 'a person is read');
      assert.equal(viewType(pose), expected.view);
      assert.equal(cropType(pose), expected.crop);
      const prompt = posePrompt(pose);
      for (const word of expected.words) assert.ok(prompt.includes(word), `"${prompt}" says ${word}`);
      for (const word of expected.not ?? []) assert.ok(!prompt.includes(word), `"${prompt}" does not say ${word}`);
    });
  }

  test('a garment photo has no person to read', async () => {
    assert.equal(await read('garments', '00055_00.jpg'), undefined);
  });
});

/** A standing figure drawn by hand in a 300 × 400 picture, seen from the front (its left on the picture's right). */
function figure(overrides: Partial<Record<PoseLandmark, [number, number, number?]>> = {}): PoseFrame {
  const at: Partial<Record<PoseLandmark, [number, number, number?]>> = {
    nose: [150, 60], leftEye: [158, 52], rightEye: [142, 52], leftEar: [166, 56], rightEar: [134, 56],
    leftShoulder: [185, 110], rightShoulder: [115, 110], leftElbow: [192, 170], rightElbow: [108, 170], leftWrist: [195, 225], rightWrist: [105, 225],
    leftHip: [170, 215], rightHip: [130, 215], leftKnee: [172, 290], rightKnee: [128, 290], leftAnkle: [173, 365], rightAnkle: [127, 365],
    ...overrides,
  };
  const keypoints = {} as Record<PoseLandmark, Keypoint>;
  for (const name of POSE_LANDMARKS) {
    const point = at[name];
    keypoints[name] = point === undefined ? { x: 0, y: 0, z: 0, score: 0 } : { x: point[0], y: point[1], z: 0, score: point[2] ?? 0.95 };
  }
  return { width: 300, height: 400, keypoints };
}

describe('pose geometry on drawn keypoints', () => {
  test('the drawn figure: front, full body, arms at sides, feet slightly apart, weight even', () => {
    const pose = figure();
    assert.equal(viewType(pose), 'front_facing');
    assert.equal(cropType(pose), 'fullbody');
    assert.equal(posePrompt(pose), 'standing pose, front facing, arms at sides, feet slightly apart, weight evenly on both legs, full body shot');
  });

  test('seen from behind: the shoulders in the other order and no face', () => {
    const back = figure({
      nose: [150, 60, 0.1], leftEye: [142, 52, 0.1], rightEye: [158, 52, 0.1],
      leftShoulder: [115, 110], rightShoulder: [185, 110], leftHip: [130, 215], rightHip: [170, 215],
      leftElbow: [108, 170], rightElbow: [192, 170], leftWrist: [105, 225], rightWrist: [195, 225],
      leftKnee: [128, 290], rightKnee: [172, 290], leftAnkle: [127, 365], rightAnkle: [173, 365],
    });
    assert.equal(viewType(back), 'back_facing');
    assert.ok(posePrompt(back).includes('back facing'));
  });

  test('crops: no feet is top, no shoulders is bottom, no eyes with feet is head_half_cropped', () => {
    assert.equal(cropType(figure({ leftKnee: [172, 290, 0.2], rightKnee: [128, 290, 0.2], leftAnkle: [173, 420, 0.1], rightAnkle: [127, 420, 0.1] })), 'top');
    assert.equal(cropType(figure({ leftEye: [158, -10], rightEye: [142, -10], leftEar: [166, -5], rightEar: [134, -5], nose: [150, -2] })), 'head_half_cropped');
    const legsOnly = figure({ nose: [150, -200, 0.1], leftEye: [158, -210, 0.1], rightEye: [142, -210, 0.1], leftEar: [166, -205, 0.1], rightEar: [134, -205, 0.1], leftShoulder: [185, -100, 0.2], rightShoulder: [115, -100, 0.2] });
    assert.equal(cropType(legsOnly), 'bottom');
  });

  test('arms: raised, hands on hips; legs: crossed, wide; weight on one leg', () => {
    assert.ok(posePrompt(figure({ leftWrist: [200, 60], rightWrist: [100, 60], leftElbow: [200, 90], rightElbow: [100, 90] })).includes('arms raised'));
    const akimbo = figure({ leftElbow: [225, 165], rightElbow: [75, 165], leftWrist: [178, 205], rightWrist: [122, 205] });
    assert.ok(posePrompt(akimbo).includes('hands on hips'), posePrompt(akimbo));
    assert.ok(posePrompt(figure({ leftAnkle: [140, 365], rightAnkle: [160, 365] })).includes('legs crossed'));
    assert.ok(posePrompt(figure({ leftKnee: [200, 290], rightKnee: [100, 290], leftAnkle: [240, 365], rightAnkle: [60, 365] })).includes('wide stance'));
    // hips over the left ankle, the right leg out to the side
    const contrapposto = figure({ leftAnkle: [165, 365], rightKnee: [115, 290], rightAnkle: [95, 365] });
    assert.ok(posePrompt(contrapposto).includes('weight on left leg'), posePrompt(contrapposto));
  });

  test('angleAt: a straight line is 180°, a right angle 90°', () => {
    const p = (x: number, y: number): Keypoint => ({ x, y, z: 0, score: 1 });
    assert.equal(Math.round(angleAt(p(0, 0), p(1, 0), p(2, 0))), 180);
    assert.equal(Math.round(angleAt(p(0, 0), p(1, 0), p(1, 1))), 90);
  });
});
