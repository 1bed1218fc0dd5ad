/**
 * A standing person drawn for the feet and hem tests: full resolution 400×800
 * analysed at half size, shoulder width 100 px, legs down to the soles at
 * analysis row 380 with two shoes wider than the legs, and the pose points
 * a test gives (full-resolution pixels; a missing point has score 0).
 */
import { createMask } from '../../src/vision/image.js';
import { POSE_LANDMARKS, type PersonAnalysis } from '../../src/vision/person-analysis.js';
import { fillPolygon } from '../../src/vision/raster.js';
import { frontFrame } from './drawing.js';

export type Points = Partial<Record<(typeof POSE_LANDMARKS)[number], [number, number, number?]>>;

/** The body frame of the standing person: shoulders at row 100, hips at row 330. */
export const standingFrame = frontFrame({ centreX: 200, shoulderY: 100, shoulderWidth: 100, hipY: 330, hipHalfWidth: 30 });

/** Knees, ankles, heels and toes of a person standing with the feet apart (feet end at row 760). */
export const STANDING: Points = {
  leftKnee: [220, 540], rightKnee: [180, 540],
  leftAnkle: [225, 720], rightAnkle: [175, 720],
  leftHeel: [228, 745], rightHeel: [172, 745],
  leftFoot: [240, 760], rightFoot: [160, 760],
};

export function standingPerson(points: Points): PersonAnalysis {
  const keypoints = Object.fromEntries(POSE_LANDMARKS.map((n) => {
    const [x, y, score] = points[n] ?? [0, 0, 0];
    return [n, { x, y, score: score ?? 1 }];
  })) as PersonAnalysis['keypoints'];
  const matte = createMask(200, 400);
  // legs down to the soles (analysis rows ≤ 380), two shoes wider than the legs
  fillPolygon(matte, [{ x: 75, y: 160 }, { x: 125, y: 160 }, { x: 125, y: 380 }, { x: 75, y: 380 }]);
  fillPolygon(matte, [{ x: 60, y: 355 }, { x: 140, y: 355 }, { x: 140, y: 380 }, { x: 60, y: 380 }]);
  return { width: 400, height: 800, keypoints, poseScore: 1, matte, scale: 0.5, faces: [], small: { width: 200, height: 400, channels: 3, data: new Uint8Array(200 * 400 * 3) } };
}
