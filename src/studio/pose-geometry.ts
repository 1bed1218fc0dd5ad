/**
 * What a pose's keypoints say, in the studio document's words: the view
 * (front_facing, back_facing), the crop (fullbody, head_half_cropped, top,
 * bottom) and a pose prompt ("standing pose, front facing, arms at sides,
 * feet slightly apart, weight evenly on both legs, full body shot").
 *
 * Pure geometry on BlazePose keypoints (src/vision): lengths are in units of
 * the person's own shoulder width or torso length, so the rules hold at any
 * photo size and distance. Left and right are the person's own.
 */
import type { Keypoint, PoseLandmark } from '../vision/person-analysis.js';

export type ViewType = 'front_facing' | 'back_facing';
export type CropType = 'fullbody' | 'head_half_cropped' | 'top' | 'bottom';

/** A pose to describe: keypoints in the pixel frame of a width × height picture. */
export interface PoseFrame {
  width: number;
  height: number;
  keypoints: Record<PoseLandmark, Keypoint>;
  /** Face detector scores, when a detector ran (a face seen from the front). */
  faceScores?: number[] | undefined;
}

/**
 * When a keypoint counts as seen. BlazePose keeps predicting joints outside
 * the frame (a cropped head is placed above the top edge) with falling
 * scores; a joint is seen when its score is high enough and it lies in the
 * picture, give or take a small margin for joints on the edge.
 */
export const VISIBLE = {
  /** BlazePose visibility score, 0–1: real joints in frame score 0.8–1.0, joints cut off 0.0–0.4. */
  minScore: 0.5,
  /** Share of the picture's size a joint may lie outside it and still count (a foot on the bottom edge). */
  edgeMargin: 0.02,
  /** A face box scores above this when a face is seen from the front (the engine's FACE_SCORE). */
  faceScore: 0.6,
  /** An eye or ear shows a head in the picture when at least this far inside the top edge, in torso lengths. */
  headInside: 0.15,
} as const;

/** Facing: shoulder width per torso length (front views 0.6–0.9, side views below 0.35, person-checks.ts). */
export const FACING = {
  sideBelow: 0.35,
  threeQuarterBelow: 0.55,
} as const;

/** Arms, per arm (angles in degrees at the elbow between upper arm and forearm; 180 is straight). */
export const ARMS = {
  /** A wrist this far above its shoulder, in torso lengths, is a raised arm. */
  raisedAboveShoulder: 0.1,
  /** A wrist within this distance of its hip, in torso lengths, with a bent elbow, rests on the hip. */
  onHipWithin: 0.35,
  /** Below this elbow angle an arm is bent (hand on hip, at the chest, held in front). */
  bentBelowDeg: 140,
  /** A wrist past the body's midline by this much, in shoulder widths, reaches across (both: arms crossed). */
  acrossMidline: 0.1,
  /** A hand on the hip has its elbow out past its shoulder by at least this, in shoulder widths (arms akimbo); elbows by the sides hold the hands in front. */
  akimboElbowOut: 0.1,
  /** A bent arm's wrist less than this far below its shoulder, in torso lengths, is a hand at the chest. */
  chestBelowShoulder: 0.6,
  /** Wrists closer than this, in shoulder widths, are hands held together. */
  handsTogetherWithin: 0.35,
} as const;

/** Legs and weight (distances in shoulder widths, angles in degrees at the knee). */
export const LEGS = {
  /** Ankles closer than this are feet together… */
  togetherBelow: 0.35,
  /** …up to this, slightly apart; wider is a wide stance. */
  apartBelow: 1.1,
  /** Below this knee angle the knee is bent (a step, a relaxed leg). */
  kneeBentBelowDeg: 160,
  /** The hips' midpoint this far sideways of the ankles' midpoint puts the weight on the nearer leg. */
  weightShift: 0.12,
  /** A knee less than this far below its hip, in torso lengths, is a thigh held level: sitting, or a knee raised (standing: 0.8–1.1). */
  levelKneeDrop: 0.45,
  /**
   * Hip to ankle, in torso lengths, of a leg that reaches the feet: standing
   * legs measure 1.5–1.6, a seated leg reaching the floor ~1.3; legs BlazePose
   * invents below an upper-body crop measured 0.9–1.1.
   */
  minFullLeg: 1.2,
  /** Shoulder width per torso length above which the hips were guessed under a crop (full-length shots: 0.56–0.74; crops at the waist 1.05–1.3). */
  guessedHipsAbove: 1.0,
} as const;

type P = Keypoint;
type Side = 'left' | 'right';
const mid = (a: P, b: P) => ({ x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 });
const dist = (a: { x: number; y: number }, b: { x: number; y: number }) => Math.hypot(a.x - b.x, a.y - b.y);

/** The angle at b of a–b–c, degrees. */
export function angleAt(a: P, b: P, c: P): number {
  const u = { x: a.x - b.x, y: a.y - b.y }, v = { x: c.x - b.x, y: c.y - b.y };
  const cos = (u.x * v.x + u.y * v.y) / (Math.hypot(u.x, u.y) * Math.hypot(v.x, v.y) || 1);
  return (Math.acos(Math.max(-1, Math.min(1, cos))) * 180) / Math.PI;
}

export function seen(frame: PoseFrame, name: PoseLandmark): boolean {
  const k = frame.keypoints[name];
  const mx = frame.width * VISIBLE.edgeMargin, my = frame.height * VISIBLE.edgeMargin;
  return k.score >= VISIBLE.minScore && k.x >= -mx && k.x <= frame.width + mx && k.y >= -my && k.y <= frame.height + my;
}

const either = (frame: PoseFrame, a: PoseLandmark, b: PoseLandmark) => seen(frame, a) || seen(frame, b);
const both = (frame: PoseFrame, a: PoseLandmark, b: PoseLandmark) => seen(frame, a) && seen(frame, b);

/**
 * The head is in the picture: an eye or an ear (an ear alone: a head seen
 * from behind) is seen well inside the top edge (VISIBLE.headInside).
 * Measured on catalogue photos: crops cut at the nose or the chin leave the
 * eyes and ears above the edge or at most 0.04 torso lengths below it (where
 * BlazePose places them); a whole head puts them 0.33 or more below it.
 */
function headInFrame(frame: PoseFrame): boolean {
  const inside = VISIBLE.headInside * bodyUnits(frame).torso;
  return (['leftEye', 'rightEye', 'leftEar', 'rightEar'] as const).some((name) => seen(frame, name) && frame.keypoints[name].y >= inside);
}

/** A face turned to the camera: the face detector found one, or the nose and an eye are seen. */
export function faceSeen(frame: PoseFrame): boolean {
  if ((frame.faceScores ?? []).some((score) => score >= VISIBLE.faceScore)) return true;
  return seen(frame, 'nose') && either(frame, 'leftEye', 'rightEye');
}

/**
 * Front or back. A face the detector finds is a front view (it does not fire
 * on the back of a head). Else the left–right order of the shoulders: seen
 * from the front, the person's left is on the picture's right (the engine's
 * own back-view check). Without both shoulders, the face keypoints of a head
 * in the picture, then the hips' order.
 */
export function viewType(frame: PoseFrame): ViewType | null {
  if ((frame.faceScores ?? []).some((score) => score >= VISIBLE.faceScore)) return 'front_facing';
  const k = frame.keypoints;
  if (both(frame, 'leftShoulder', 'rightShoulder')) return k.leftShoulder.x > k.rightShoulder.x ? 'front_facing' : 'back_facing';
  if (headInFrame(frame)) return faceSeen(frame) ? 'front_facing' : 'back_facing';
  if (both(frame, 'leftHip', 'rightHip')) return k.leftHip.x > k.rightHip.x ? 'front_facing' : 'back_facing';
  return null;
}

/**
 * The legs are in the picture down to the feet: an ankle seen, and the body
 * around it plausible. Below an upper-body crop BlazePose still places legs
 * with fair scores, but squashed: it guesses the hips just under the
 * shoulders (LEGS.guessedHipsAbove) and the legs short (LEGS.minFullLeg).
 */
export function feetInFrame(frame: PoseFrame): boolean {
  if (!either(frame, 'leftAnkle', 'rightAnkle') || !either(frame, 'leftHip', 'rightHip')) return false;
  const k = frame.keypoints;
  const { shoulder, torso } = bodyUnits(frame);
  if (shoulder / torso > LEGS.guessedHipsAbove) return false;
  const leg = Math.max(...(['left', 'right'] as const).filter((side) => seen(frame, `${side}Ankle`)).map((side) => k[`${side}Ankle`].y - k[`${side}Hip`].y));
  return leg >= LEGS.minFullLeg * torso;
}

/**
 * The document's crop types: feet in the picture make a full-length shot
 * (fullbody with the head, head_half_cropped without it: the catalogue crop
 * at the chin or the nose); no feet, a torso: top; no shoulders, hips: bottom.
 */
export function cropType(frame: PoseFrame): CropType | null {
  const feet = feetInFrame(frame);
  const shoulders = either(frame, 'leftShoulder', 'rightShoulder');
  if (feet && shoulders) return headInFrame(frame) ? 'fullbody' : 'head_half_cropped';
  if (shoulders) return 'top';
  if (either(frame, 'leftHip', 'rightHip')) return 'bottom';
  return null;
}

/** Shoulder width and torso length, px: the units of the rules (at least 1 px). */
export function bodyUnits(frame: PoseFrame): { shoulder: number; torso: number } {
  const k = frame.keypoints;
  const shoulder = dist(k.leftShoulder, k.rightShoulder);
  const torso = dist(mid(k.leftShoulder, k.rightShoulder), mid(k.leftHip, k.rightHip));
  return { shoulder: Math.max(1, shoulder), torso: Math.max(1, torso) };
}

/** "front facing", "back facing", "three-quarter view facing left" or "side view facing right" (left/right as the viewer sees it). */
export function facingWords(frame: PoseFrame, view: ViewType | null): string {
  const k = frame.keypoints;
  const { shoulder, torso } = bodyUnits(frame);
  const ratio = shoulder / torso;
  const base = view === 'back_facing' ? 'back facing' : 'front facing';
  if (ratio >= FACING.threeQuarterBelow || !seen(frame, 'nose')) return base;
  const turned = k.nose.x < mid(k.leftShoulder, k.rightShoulder).x ? 'left' : 'right';
  return ratio < FACING.sideBelow ? `side view facing ${turned}` : `three-quarter view facing ${turned}`;
}

type ArmPose = 'raised' | 'on hip' | 'across' | 'at chest' | 'in front' | 'down';

function armPose(frame: PoseFrame, side: Side): ArmPose | null {
  const k = frame.keypoints;
  const [shoulder, elbow, wrist, hip] = [k[`${side}Shoulder`], k[`${side}Elbow`], k[`${side}Wrist`], k[`${side}Hip`]];
  if (!seen(frame, `${side}Wrist`) || !seen(frame, `${side}Elbow`)) return null;
  const { shoulder: sw, torso } = bodyUnits(frame);
  if (wrist.y < shoulder.y - ARMS.raisedAboveShoulder * torso) return 'raised';
  const midX = mid(k.leftShoulder, k.rightShoulder).x;
  // past the midline: on the other side of it from this arm's own shoulder
  if (Math.sign(wrist.x - midX) !== Math.sign(shoulder.x - midX) && Math.abs(wrist.x - midX) > ARMS.acrossMidline * sw) return 'across';
  const angle = angleAt(shoulder, elbow, wrist);
  if (angle >= ARMS.bentBelowDeg) return 'down';
  if (wrist.y < shoulder.y + ARMS.chestBelowShoulder * torso) return 'at chest';
  const akimbo = Math.abs(elbow.x - midX) > Math.abs(shoulder.x - midX) + ARMS.akimboElbowOut * sw;
  if (akimbo && dist(wrist, hip) < ARMS.onHipWithin * torso) return 'on hip';
  return 'in front';
}

const ARM_WORDS: Record<ArmPose, [both: string, one: string]> = {
  raised: ['arms raised', 'arm raised'],
  'on hip': ['hands on hips', 'hand on hip'],
  across: ['arms crossed', 'arm across the body'],
  'at chest': ['hands at chest', 'hand at chest'],
  'in front': ['hands held in front', 'hand held in front'],
  down: ['arms at sides', 'arm at side'],
};

/** "arms at sides", "hands on hips", "left hand on hip, right arm at side"; empty when no arm is seen. */
export function armWords(frame: PoseFrame): string {
  const k = frame.keypoints;
  if (both(frame, 'leftWrist', 'rightWrist') && dist(k.leftWrist, k.rightWrist) < ARMS.handsTogetherWithin * bodyUnits(frame).shoulder) {
    return k.leftWrist.y < k.leftShoulder.y ? 'hands together above the head' : 'hands clasped in front';
  }
  const left = armPose(frame, 'left'), right = armPose(frame, 'right');
  if (left !== null && left === right) return ARM_WORDS[left][0];
  return [left === null ? '' : `left ${ARM_WORDS[left][1]}`, right === null ? '' : `right ${ARM_WORDS[right][1]}`].filter(Boolean).join(', ');
}

/** A knee seen and held about level with its hip (LEGS.levelKneeDrop). */
function kneeLevel(frame: PoseFrame, side: Side): boolean {
  const k = frame.keypoints;
  return seen(frame, `${side}Knee`) && seen(frame, `${side}Hip`) && k[`${side}Knee`].y - k[`${side}Hip`].y < LEGS.levelKneeDrop * bodyUnits(frame).torso;
}

function kneeBent(frame: PoseFrame, side: Side): boolean {
  const k = frame.keypoints;
  return seen(frame, `${side}Knee`) && seen(frame, `${side}Ankle`) && angleAt(k[`${side}Hip`], k[`${side}Knee`], k[`${side}Ankle`]) < LEGS.kneeBentBelowDeg;
}

/**
 * Sitting: both thighs level with the hips, or one level and the other leg
 * bent too (on a ledge, one foot up). One thigh level over a straight
 * standing leg is a knee raised, said by legWords.
 */
export function isSitting(frame: PoseFrame): boolean {
  const left = kneeLevel(frame, 'left'), right = kneeLevel(frame, 'right');
  return (left && right) || (left && kneeBent(frame, 'right')) || (right && kneeBent(frame, 'left'));
}

/** "feet together", "feet slightly apart", "wide stance", "legs crossed", with a bent knee named; empty without both ankles. */
export function legWords(frame: PoseFrame): string {
  const k = frame.keypoints;
  if (!both(frame, 'leftAnkle', 'rightAnkle') || !feetInFrame(frame)) return '';
  const { shoulder } = bodyUnits(frame);
  const hipsOrder = Math.sign(k.leftHip.x - k.rightHip.x);
  const ankles = k.leftAnkle.x - k.rightAnkle.x;
  const spread = Math.abs(ankles) / shoulder;
  const stance =
    Math.sign(ankles) === -hipsOrder && spread > LEGS.togetherBelow / 2
      ? 'legs crossed'
      : spread < LEGS.togetherBelow
        ? 'feet together'
        : spread < LEGS.apartBelow
          ? 'feet slightly apart'
          : 'wide stance';
  const raised = (['left', 'right'] as const).filter((side) => kneeLevel(frame, side));
  const bent = (['left', 'right'] as const).filter((side) => kneeBent(frame, side) && !raised.includes(side));
  const knees = [raised.length === 1 ? `${raised[0]} knee raised` : '', bent.length === 2 ? 'both knees bent' : bent.length === 1 ? `${bent[0]} knee bent` : ''];
  return [stance, ...knees].filter(Boolean).join(', ');
}

/** Which leg carries the weight: the one whose ankle is under the hips (LEGS.weightShift); empty without both ankles. */
export function weightWords(frame: PoseFrame): string {
  const k = frame.keypoints;
  if (!both(frame, 'leftAnkle', 'rightAnkle') || !both(frame, 'leftHip', 'rightHip') || !feetInFrame(frame) || isSitting(frame)) return '';
  const hips = mid(k.leftHip, k.rightHip).x;
  const shift = (hips - mid(k.leftAnkle, k.rightAnkle).x) / bodyUnits(frame).shoulder;
  if (Math.abs(shift) < LEGS.weightShift) return 'weight evenly on both legs';
  const nearer = Math.abs(k.leftAnkle.x - hips) < Math.abs(k.rightAnkle.x - hips) ? 'left' : 'right';
  return `weight on ${nearer} leg`;
}

const CROP_WORDS: Record<CropType, string> = {
  fullbody: 'full body shot',
  head_half_cropped: 'full body shot cropped at the head',
  top: 'upper body shot',
  bottom: 'lower body shot',
};

/** The pose prompt: stance, facing, arms, legs, weight, crop, in that order, the parts that can be seen. */
export function posePrompt(frame: PoseFrame): string {
  const view = viewType(frame);
  const crop = cropType(frame);
  // standing is said only when a knee shows it; an upper-body shot leaves the stance open
  const stance = isSitting(frame) ? 'sitting pose' : feetInFrame(frame) ? 'standing pose' : '';
  return [stance, facingWords(frame, view), armWords(frame), legWords(frame), weightWords(frame), crop === null ? '' : CROP_WORDS[crop]]
    .filter(Boolean)
    .join(', ');
}
