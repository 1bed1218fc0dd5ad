/**
 * Input checks on the person photo that fail a job without charging it:
 * no person, several persons, a pose the engine cannot dress (back or side view).
 */
import { DrapeError } from '../../errors.js';
import type { HumanResult } from '../../vision/models.js';
import type { PersonAnalysis } from '../../vision/person-analysis.js';
import { maskArea } from '../../vision/mask-ops.js';

/** BlazePose scores 0.99–1.00 on real persons and 0.66 on a garment-only photo (ENGINE-NOTES). */
export const MIN_POSE_SCORE = 0.8;
export const MIN_POSE_SCORE_WITH_FACE = 0.5;
/** The person matte must cover this share of the photo. */
const MIN_MATTE_FRACTION = 0.04;
/** Second face at least this big relative to the first counts as a second person (not a print). */
const SECOND_FACE_AREA_RATIO = 0.25;
const FACE_SCORE = 0.6;

export function checkDetection(result: HumanResult): void {
  const faces = result.face.filter((f) => (f.boxScore ?? f.score) >= FACE_SCORE).map((f) => f.box[2]! * f.box[3]!).sort((a, b) => b - a);
  if (faces.length >= 2 && faces[1]! >= faces[0]! * SECOND_FACE_AREA_RATIO) {
    throw new DrapeError('multiple_persons', 'The person image shows more than one person.', { retryable: false });
  }
  // Faces first: with two people BlazePose (one body) loses confidence and
  // would report no person at all.
  // A clear face vouches for a lower pose score: a person with the head at the
  // top edge scored 0.61 with a 0.92 face; garment-only photos have no face.
  const body = result.body[0];
  const faceSeen = result.face.some((f) => (f.boxScore ?? f.score) >= 0.8);
  if (!body || body.score < (faceSeen ? MIN_POSE_SCORE_WITH_FACE : MIN_POSE_SCORE)) {
    throw new DrapeError('no_person_detected', 'No person was found in the person image.', { retryable: false });
  }
}

export function checkPerson(person: PersonAnalysis): void {
  if (maskArea(person.matte) < person.matte.width * person.matte.height * MIN_MATTE_FRACTION) {
    throw new DrapeError('no_person_detected', 'No person was found in the person image.', { retryable: false });
  }
  const k = person.keypoints;
  if (k.leftShoulder.score < 0.5 || k.rightShoulder.score < 0.5) {
    throw new DrapeError('pose_not_supported', 'Both shoulders must be visible in the person image.', { retryable: false });
  }
  const faceSeen = k.nose.score >= 0.5 && (k.leftEye.score >= 0.5 || k.rightEye.score >= 0.5);
  // Front view: the person's left shoulder is on the image's right.
  const mirrored = k.leftShoulder.x < k.rightShoulder.x;
  if (mirrored || (!faceSeen && person.faces.length === 0 && k.nose.y > 0)) {
    throw new DrapeError('pose_not_supported', 'Only front-facing person photos are supported (this looks like a back view).', { retryable: false });
  }
  const sw = Math.hypot(k.leftShoulder.x - k.rightShoulder.x, k.leftShoulder.y - k.rightShoulder.y);
  const hipMid = { x: (k.leftHip.x + k.rightHip.x) / 2, y: (k.leftHip.y + k.rightHip.y) / 2 };
  const shMid = { x: (k.leftShoulder.x + k.rightShoulder.x) / 2, y: (k.leftShoulder.y + k.rightShoulder.y) / 2 };
  const torso = Math.hypot(hipMid.x - shMid.x, hipMid.y - shMid.y);
  // Front views measured 0.6–0.9 shoulder width per torso length; a side view drops below 0.35.
  // A head-and-shoulders crop: BlazePose then guesses hips just below the
  // shoulders (torso 0.3 shoulder widths on such a crop; ≥ 0.9 on real framings).
  if (torso < sw * 0.6) {
    throw new DrapeError('pose_not_supported', 'The torso must be visible in the person image.', { retryable: false });
  }
  if (k.leftHip.score >= 0.5 && k.rightHip.score >= 0.5 && sw < torso * 0.35) {
    throw new DrapeError('pose_not_supported', 'Only front-facing person photos are supported (this looks like a side view).', { retryable: false });
  }
}
