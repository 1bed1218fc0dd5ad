import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createMask } from '../../vision/image.js';
import { maskArea } from '../../vision/mask-ops.js';
import { POSE_LANDMARKS, type Keypoint, type PoseLandmark } from '../../vision/person-analysis.js';
import { awaySkin, boneStrips, erasedLimbs, limbBones, type LimbInputs } from './verdict-limbs.js';
import { paint, rect, solidImage } from '../../../test/support/drawing.js';

test('limb bones: between joints the pose model is sure of, at the analysis scale', () => {
  const kp = Object.fromEntries(POSE_LANDMARKS.map((n) => [n, { x: 0, y: 0, z: 0, score: 0 }])) as Record<PoseLandmark, Keypoint>;
  kp.leftShoulder = { x: 100, y: 50, z: 0, score: 0.9 };
  kp.leftElbow = { x: 100, y: 150, z: 0, score: 0.9 };
  kp.leftWrist = { x: 120, y: 250, z: 0, score: 0.3 }; // a guess: the forearm is not judged
  assert.deepEqual(limbBones(kp, 0.5), [{ x0: 50, y0: 25, x1: 50, y1: 75 }]);
});

test('bone strips: pixel centres within the radius of the segment', () => {
  // a bone of no length is a disc: centres at (±0.5, ±0.5) and (±1.5, ±0.5), (±0.5, ±1.5) from (5, 5) lie within 1.6
  assert.equal(maskArea(boneStrips([{ x0: 5, y0: 5, x1: 5, y1: 5 }], 10, 10, 1.6)), 12);
  // along y = 5 from x = 2 to 8, radius 1: rows 4 and 5, columns 2–7, and one column past each end (centre 0.5 off)
  const m = boneStrips([{ x0: 2, y0: 5, x1: 8, y1: 5 }], 10, 10, 1);
  assert.equal(maskArea(m), 16);
  assert.equal(m.data[4 * 10 + 1], 1);
  assert.equal(m.data[4 * 10 + 0], 0);
  assert.equal(m.data[3 * 10 + 5], 0);
});

const WALL: [number, number, number] = [250, 250, 250];
const SKIN: [number, number, number] = [200, 150, 120];
const RED: [number, number, number] = [200, 0, 0];

/**
 * A 20×12 photo: a white wall, the person at rows 2–9 with skin on rows 2–3
 * and an old red sleeve on rows 4–9. The forearm's bone runs along y = 5
 * from x = 2 to 8; shoulder width 20 px, so its strip (radius 0.05 × 20 = 1)
 * is the 16 px of columns 1–8 on rows 4–5. The result fills columns 1–4 with
 * the wall and 5–8 with skin.
 */
function scene(): LimbInputs {
  const original = paint(paint(solidImage(20, 12, WALL), 0, 2, 20, 4, SKIN), 0, 4, 20, 10, RED);
  const result = paint(paint(solidImage(20, 12, WALL), 0, 2, 20, 4, SKIN), 5, 4, 20, 10, SKIN);
  return {
    original, result, bones: [{ x0: 2, y0: 5, x1: 8, y1: 5 }],
    old: rect(createMask(20, 12), 0, 4, 20, 10), cover: createMask(20, 12),
    matte: rect(createMask(20, 12), 0, 2, 20, 10), skin: rect(createMask(20, 12), 0, 2, 20, 4), shoulderWidthPx: 20,
  };
}

test('erased limbs: the old garment along a bone shown as the wall, not as skin, in shoulder widths²', () => {
  // columns 1–4 on rows 4–5: 8 px of 400 per sw²
  assert.equal(erasedLimbs(scene()), 8 / 400);
  // a new garment drawn over columns 1–2 hides them: 4 px left
  const covered = scene();
  rect(covered.cover, 1, 0, 3, 12);
  assert.equal(erasedLimbs(covered), 4 / 400);
  // where the old garment was not (row 4 was skin in the photo), the result is not judged: row 5 alone, 4 px
  const higher = scene();
  rect(higher.old, 0, 4, 20, 5, 0);
  assert.equal(erasedLimbs(higher), 4 / 400);
  // pale skin beside a pale wall, filled with that skin: near the wall (75 ≤ 25²) but nearer the skin (0 ≤ 4 × 75)
  const pale = scene();
  paint(pale.original, 0, 2, 20, 4, [245, 245, 245]);
  paint(pale.result, 1, 4, 5, 10, [245, 245, 245]);
  assert.equal(erasedLimbs(pale), 0);
  // no bones seen, nothing judged
  assert.equal(erasedLimbs({ ...scene(), bones: [] }), 0);
});

test('away skin: skin (≥ 0.5) where the old garment is not (< 0.5)', () => {
  // four pixels: skin off the garment, skin under it, no skin off it, skin at exactly 0.5 with the garment at 0.49
  const old = Float32Array.from([0, 1, 0, 0.49]);
  const skin = Float32Array.from([1, 1, 0.2, 0.5]);
  assert.deepEqual([...awaySkin(old, skin, 2, 2).data], [1, 0, 0, 1]);
});
