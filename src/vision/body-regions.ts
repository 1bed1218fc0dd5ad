/**
 * Body-part regions derived from keypoints (and clipped by the matte where
 * that matters): torso, upper and lower arms, thighs, shins, neck, head,
 * hands, feet. Sizes are fractions of the shoulder width, the one body
 * measure BlazePose gives reliably on every framing.
 */
import { copyMask, createMask, type Mask } from './image.js';
import { boxUnion, EMPTY_BOX, fillCapsule, fillEllipse, fillPolygon, type Point } from './raster.js';
import type { Box } from './skin-texture.js';
import type { PersonAnalysis, PoseLandmark } from './person-analysis.js';
import { unionBoxInto, unionInto } from './mask-ops.js';
import { armSegmentsCoverage, bareArmSegments, bareLegSegments, bareShouldersCoverage, outwardNormal, seatInSilhouette, BARE_ARM_SW, type ArmSegment } from './bare-body.js';
import { median } from './robust-stats.js';

/** Keypoint score below which a joint counts as not visible. */
export const VISIBLE_SCORE = 0.5;

export interface BodyFrame {
  shoulderL: Point;
  shoulderR: Point;
  hipL: Point;
  hipR: Point;
  shoulderMid: Point;
  hipMid: Point;
  /** Shoulder keypoint distance, px (full resolution). */
  shoulderWidth: number;
  torsoLength: number;
  /** Unit vector from shoulder mid to hip mid. */
  down: Point;
  /** Unit vector from the person's right shoulder to the left (image left to right). */
  across: Point;
}

export function visible(person: PersonAnalysis, name: PoseLandmark): boolean {
  const k = person.keypoints[name];
  return k.score >= VISIBLE_SCORE && k.x >= 0 && k.y >= 0 && k.x < person.width && k.y < person.height;
}

export function bodyFrame(person: PersonAnalysis): BodyFrame {
  const p = (n: PoseLandmark): Point => ({ x: person.keypoints[n].x, y: person.keypoints[n].y });
  const shoulderL = p('leftShoulder'), shoulderR = p('rightShoulder');
  const hipL = p('leftHip'), hipR = p('rightHip');
  const shoulderMid = mid(shoulderL, shoulderR);
  const hipMid = mid(hipL, hipR);
  const shoulderWidth = dist(shoulderL, shoulderR);
  const torsoLength = Math.max(dist(shoulderMid, hipMid), shoulderWidth * 0.8);
  const down = norm(sub(hipMid, shoulderMid));
  const across = norm(sub(shoulderL, shoulderR));
  return { shoulderL, shoulderR, hipL, hipR, shoulderMid, hipMid, shoulderWidth, torsoLength, down, across };
}

export const mid = (a: Point, b: Point): Point => ({ x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 });
export const sub = (a: Point, b: Point): Point => ({ x: a.x - b.x, y: a.y - b.y });
export const add = (a: Point, b: Point): Point => ({ x: a.x + b.x, y: a.y + b.y });
export const mul = (a: Point, s: number): Point => ({ x: a.x * s, y: a.y * s });
export const dist = (a: Point, b: Point): number => Math.hypot(a.x - b.x, a.y - b.y);
export function norm(a: Point): Point {
  const l = Math.hypot(a.x, a.y) || 1;
  return { x: a.x / l, y: a.y / l };
}
export const lerp = (a: Point, b: Point, t: number): Point => ({ x: a.x + (b.x - a.x) * t, y: a.y + (b.y - a.y) * t });

export interface BodyRegions {
  /** All masks at the analysis size (person.matte's size). */
  torso: Mask;
  arms: Mask;
  /** The arms' own width (no margin): where an arm is in front of the torso. */
  armCore: Mask;
  /** The arm's core below the shoulder (from a quarter down the upper arm). */
  forearmCore: Mask;
  /**
   * The arm with its margin below the shoulder's curve (from FOREARM_CORE_START
   * down the upper arm), on the matte: where visible skin is the arm's own, not the shoulder's.
   */
  forearm: Mask;
  legs: Mask;
  neck: Mask;
  /** The neck's lower two thirds, where a collar sits. */
  collar: Mask;
  head: Mask;
  hands: Mask;
  feet: Mask;
  /** The feet's top, where a trouser cuff may lie on the shoe. */
  cuffs: Mask;
  /** Generous zones where an old garment may be: clipped to the matte. */
  upperZone: Mask;
  lowerZone: Mask;
  /** Thigh-up photos: where a skirt may flare beyond the lower zone (only what does not look like the top). */
  lowerFlare: Mask;
  /**
   * Body shape underneath clothes (skin where uncovered), generous: the arms'
   * zone, shoulders up to the old garment's outline. Where an area of it is
   * large enough that the old garment stays as a layer (layering.ts) is read on it.
   */
  bodyShape: Mask;
  /**
   * The bare body where skin is made (bare-body.ts): the same, but arms and
   * shoulders of a real arm's and shoulder's shape from the pose, not the old
   * garment's outline. On the matte.
   */
  bareShape: Mask;
  /** The bare arms' tapered pieces (analysis px), for their shading. */
  bareArms: ArmSegment[];
  /** bareShape without the legs: where a lower garment's or a dress's removal makes skin above the legs. On the matte. */
  bareTrunk: Mask;
  /** The bare legs' tapered pieces (analysis px), one list per leg: a real leg's shape from the pose (bare-body.ts), not the legs under clothes' capsules. */
  bareLegs: ArmSegment[][];
}

function scaled(p: Point, s: number): Point {
  return { x: p.x * s, y: p.y * s };
}

/**
 * Limb capsule radii, shoulder widths (sw), at the two ends of each segment
 * (shoulder → elbow → wrist, hip → knee → ankle). A limb tapers: an upper arm
 * is ~0.18 sw across at the shoulder, a wrist ~0.12 sw.
 */
const LIMB_RADII_SW = {
  /** The arm with a margin: where the arm or a fitted sleeve may be. */
  arm: { upper: [0.14, 0.11], lower: [0.11, 0.08] },
  /** The arm's own width, no margin: where an arm in front of the torso hides it. */
  armCore: { upper: [0.09, 0.075], lower: [0.075, 0.06] },
  /** The arm's core below the shoulder's curve (from FOREARM_CORE_START down the upper arm). */
  forearmCore: { upper: [0.08, 0.075], lower: [0.075, 0.06] },
  /** The arm under clothes (body shape). */
  armShape: { upper: [0.11, 0.085], lower: [0.085, 0.065] },
  /** Where an old top's sleeve may be: a loose sleeve stands well off the arm. */
  armZone: { upper: [0.36, 0.34], lower: [0.34, 0.26] },
  /** The leg with a margin. */
  leg: { upper: [0.3, 0.2], lower: [0.2, 0.15] },
  /** The leg under clothes (body shape). */
  legShape: { upper: [0.24, 0.15], lower: [0.15, 0.1] },
  /** Where old trousers or a skirt may be. */
  legZone: { upper: [0.45, 0.4], lower: [0.4, 0.35] },
} as const;

/** Share of the upper arm (from the shoulder) where the forearm core starts: above it the shoulder's curve belongs to the torso. */
const FOREARM_CORE_START = 0.3;

/**
 * Hands, feet and head, shoulder widths unless noted. A hand reaches 1.5× the
 * wrist-to-knuckles distance (the fingers); shoes run from just below the
 * ankle joint past toe and heel; the head is an ellipse 1.35× the ear span
 * wide (the skull is wider than the ears' keypoints) and ends at the chin.
 */
export const EXTREMITIES = {
  handReachFactor: 1.5,
  handMinRadiusSw: 0.07,
  /** Hand radius as a share of the knuckle span (index to pinky). */
  handRadiusOfKnuckles: 0.8,
  shoeTopBelowAnkleSw: 0.02,
  shoeRadiiSw: [0.1, 0.13],
  soleRadiusSw: 0.11,
  /**
   * Cuffs: the shoe's top, above this share of the way from the ankle joint to
   * the foot's centre, where a trouser cuff stacks on the shoe (ankle points
   * often sit on a jeans' cuff, 0.2 sw above the shoe).
   */
  cuffShareOfShoe: 0.6,
  cuffHalfWidthSw: 0.25,
  cuffAboveAnkleSw: 0.2,
  headWidthOfEarSpan: 1.35,
  headMinWidthSw: 0.35,
  /** Face ellipse: centre raised by this share of the head width (hair above), radii as shares of it. */
  headRaise: 0.15,
  headRadii: [0.62, 0.95],
  /** The chin, below the mouth's corners. */
  chinBelowMouthSw: 0.12,
} as const;

/** Keypoints and axes at the analysis size: `at(p, a, d)` is p moved `a` px across the body (to its left) and `d` px down it. */
interface AnalysisFrame {
  k: (n: PoseLandmark) => Point;
  at: (p: Point, a: number, d: number) => Point;
  /** Shoulder width and torso length, analysis px. */
  sw: number;
  tl: number;
  width: number;
  height: number;
}

function analysisFrame(person: PersonAnalysis, frame: BodyFrame): AnalysisFrame {
  const s = person.scale;
  const { down, across } = frame;
  return {
    k: (n) => scaled(person.keypoints[n], s),
    at: (p, a, d) => ({ x: p.x + across.x * a + down.x * d, y: p.y + across.y * a + down.y * d }),
    sw: frame.shoulderWidth * s,
    tl: frame.torsoLength * s,
    width: person.matte.width,
    height: person.matte.height,
  };
}

/**
 * A mask of bodyRegions' own (made for this call) and the box its drawing may
 * have touched: it is zero outside the box, so its unions and its clip to the
 * matte read the box only, not the frame.
 */
interface Drawn {
  mask: Mask;
  box: Box;
}

/** A shape drawn (value 1, max-combined) into `mask`; returns the box it may have written. */
type Draw = (f: AnalysisFrame, mask: Mask) => Box;

/** The shapes drawn into one new mask: several are their union (drawing max-combines). */
function drawn(f: AnalysisFrame, ...draws: Draw[]): Drawn {
  const mask = createMask(f.width, f.height);
  let box: Box = { ...EMPTY_BOX };
  for (const draw of draws) box = boxUnion(box, draw(f, mask));
  return { mask, box };
}

/** `more` max-combined into `into` on their boxes: the union of drawn masks, in `into`'s mask. */
function withDrawn(into: Drawn, ...more: Drawn[]): Drawn {
  let box = into.box;
  for (const d of more) {
    unionBoxInto(into.mask, d.mask, d.box);
    box = boxUnion(box, d.box);
  }
  return { mask: into.mask, box };
}

/**
 * Two capsules along a limb (joint → middle joint → end) with LIMB_RADII_SW
 * radii, max-combined into `mask` (both sides' limbs drawn into one mask are
 * their union); `startAlong` moves the first capsule's start down the upper segment.
 */
function limb(f: AnalysisFrame, mask: Mask, joints: [Point, Point, Point], radii: { upper: readonly number[]; lower: readonly number[] }, startAlong = 0): Box {
  const [a, b, c] = joints;
  const upper = fillCapsule(mask, startAlong > 0 ? lerp(a, b, startAlong) : a, b, radii.upper[0]! * f.sw, radii.upper[1]! * f.sw);
  return boxUnion(upper, fillCapsule(mask, b, c, radii.lower[0]! * f.sw, radii.lower[1]! * f.sw));
}

const SIDES = ['left', 'right'] as const;

/** Both arms' capsules of one kind (LIMB_RADII_SW), a Draw. */
function bothArms(radii: { upper: readonly number[]; lower: readonly number[] }, startAlong = 0): Draw {
  return (f, mask) =>
    SIDES.reduce((box, side) => boxUnion(box, limb(f, mask, [f.k(`${side}Shoulder`), f.k(`${side}Elbow`), f.k(`${side}Wrist`)], radii, startAlong)), { ...EMPTY_BOX });
}

/** Both legs' capsules of one kind (LIMB_RADII_SW), a Draw. */
function bothLegs(radii: { upper: readonly number[]; lower: readonly number[] }): Draw {
  return (f, mask) => SIDES.reduce((box, side) => boxUnion(box, limb(f, mask, [f.k(`${side}Hip`), f.k(`${side}Knee`), f.k(`${side}Ankle`)], radii)), { ...EMPTY_BOX });
}

/** The hands where the wrist is seen: from the wrist past the knuckles (the fingers), a Draw. */
function handsOf(person: PersonAnalysis): Draw {
  return (f, mask) => {
    let box: Box = { ...EMPTY_BOX };
    for (const side of SIDES) {
      if (person.keypoints[`${side}Wrist`].score < VISIBLE_SCORE) continue;
      const wr = f.k(`${side}Wrist`), idx = f.k(`${side}Index`), pk = f.k(`${side}Pinky`);
      const tip = add(wr, mul(sub(mid(idx, pk), wr), EXTREMITIES.handReachFactor));
      const hr = Math.max(EXTREMITIES.handMinRadiusSw * f.sw, dist(idx, pk) * EXTREMITIES.handRadiusOfKnuckles);
      box = boxUnion(box, fillCapsule(mask, wr, tip, hr * 0.9, hr));
    }
    return box;
  };
}

/** The limbs' outlines under clothes and where old clothes may be (drawn into the zones' and shapes' masks). */
const ARM_SHAPE = bothArms(LIMB_RADII_SW.armShape);
const ARM_ZONE = bothArms(LIMB_RADII_SW.armZone);
const LEG_SHAPE = bothLegs(LIMB_RADII_SW.legShape);
const LEG_ZONE = bothLegs(LIMB_RADII_SW.legZone);

/** Both arms' capsules of each kind, and the hands where the wrist is seen: both sides drawn into one mask of each kind. */
function armMasks(person: PersonAnalysis, f: AnalysisFrame): { arms: Drawn; armCore: Drawn; forearmCore: Drawn; forearm: Drawn; hands: Drawn } {
  return {
    arms: drawn(f, bothArms(LIMB_RADII_SW.arm)),
    armCore: drawn(f, bothArms(LIMB_RADII_SW.armCore)),
    forearmCore: drawn(f, bothArms(LIMB_RADII_SW.forearmCore, FOREARM_CORE_START)),
    forearm: drawn(f, bothArms(LIMB_RADII_SW.arm, FOREARM_CORE_START)),
    hands: drawn(f, handsOf(person)),
  };
}

/**
 * Shoes (from the ankle joint down past toe and heel; a trouser cuff above
 * is clothing) and their tops where a cuff may lie, for one side whose ankle
 * and knee are seen (the knee too: on thigh-up photos the pose model guesses
 * ankles inside the frame with a good score while the knees score low, and
 * the "shoes" then kept a skirt's hem). The cuffs lie within the shoe's box.
 */
function footMasks(f: AnalysisFrame, side: 'left' | 'right'): { feet: Drawn; cuffs: Drawn } {
  const an = f.k(`${side}Ankle`), heel = f.k(`${side}Heel`), foot = f.k(`${side}Foot`);
  const c = mid(heel, foot);
  const E = EXTREMITIES;
  const feet = drawn(
    f,
    (g, m) => fillCapsule(m, g.at(an, 0, E.shoeTopBelowAnkleSw * g.sw), c, E.shoeRadiiSw[0] * g.sw, E.shoeRadiiSw[1] * g.sw),
    (g, m) => fillCapsule(m, heel, foot, E.soleRadiusSw * g.sw, E.soleRadiusSw * g.sw),
  );
  const cuffs = createMask(f.width, f.height);
  const shoeTop = an.y + (c.y - an.y) * E.cuffShareOfShoe;
  const x0 = Math.max(0, Math.floor(an.x - E.cuffHalfWidthSw * f.sw)), x1 = Math.min(f.width - 1, Math.ceil(an.x + E.cuffHalfWidthSw * f.sw));
  for (let y = Math.max(0, Math.floor(an.y - E.cuffAboveAnkleSw * f.sw)); y < Math.min(f.height, shoeTop); y++) {
    for (let x = x0; x <= x1; x++) if (feet.mask.data[y * f.width + x]! >= 0.5) cuffs.data[y * f.width + x] = 1;
  }
  return { feet, cuffs: { mask: cuffs, box: feet.box } };
}

/**
 * Both legs' capsules (both sides drawn into one mask), and the feet where
 * ankle and knee are seen (each side's own: its cuffs read its own shoe).
 */
function legMasks(person: PersonAnalysis, f: AnalysisFrame): { legs: Drawn; feet: Drawn; cuffs: Drawn } {
  const feet: Drawn[] = [], cuffs: Drawn[] = [];
  for (const side of SIDES) {
    const seen = person.keypoints[`${side}Ankle`].score >= VISIBLE_SCORE && person.keypoints[`${side}Knee`].score >= VISIBLE_SCORE;
    if (!seen) continue;
    const foot = footMasks(f, side);
    feet.push(foot.feet);
    cuffs.push(foot.cuffs);
  }
  const unionOf = (masks: Drawn[]) => (masks.length === 0 ? drawn(f) : withDrawn(masks[0]!, ...masks.slice(1)));
  return { legs: drawn(f, bothLegs(LIMB_RADII_SW.leg)), feet: unionOf(feet), cuffs: unionOf(cuffs) };
}

/** Polygons given as [anchor, across, down] offsets (analysis px), drawn into `mask` (several: their union). */
function polygons(f: AnalysisFrame, mask: Mask, ...outlines: [Point, number, number][][]): Box {
  let box: Box = { ...EMPTY_BOX };
  for (const corners of outlines) box = boxUnion(box, fillPolygon(mask, corners.map(([p, a, d]) => f.at(p, a, d))));
  return box;
}

/** The chin, below the mouth's corners: the head ends there, the neck starts. */
function chinOf(f: AnalysisFrame): Point {
  return f.at(mid(f.k('leftMouth'), f.k('rightMouth')), 0, EXTREMITIES.chinBelowMouthSw * f.sw);
}

/**
 * Head (face ellipse from eyes, ears and mouth, hair above, ending at the
 * chin: below it a collar is clothing), the neck proper (narrower than the
 * trapezius, so a neckline is only cut where the neck is) and the collar
 * band (the neck's lower two thirds: anything there that is neither skin nor
 * hair is a collar).
 */
function headAndNeck(f: AnalysisFrame): { head: Drawn; neck: Drawn; collar: Drawn } {
  const { k, sw } = f;
  const E = EXTREMITIES;
  const ears = [k('leftEar'), k('rightEar')] as const, nose = k('nose');
  const headW = Math.max(dist(ears[0], ears[1]) * E.headWidthOfEarSpan, E.headMinWidthSw * sw);
  const headC = { x: (ears[0].x + ears[1].x + nose.x) / 3, y: (ears[0].y + ears[1].y + nose.y) / 3 };
  const head = drawn(f, (_, m) => fillEllipse(m, { x: headC.x, y: headC.y - headW * E.headRaise }, headW * E.headRadii[0], headW * E.headRadii[1]));
  const shoulderMid = mid(k('leftShoulder'), k('rightShoulder'));
  const chin = chinOf(f), { x0, x1, y1 } = head.box;
  for (let y = Math.max(Math.ceil(chin.y), head.box.y0); y <= y1; y++) head.mask.data.fill(0, y * f.width + x0, y * f.width + x1 + 1);
  const neckMid = lerp(chin, shoulderMid, 0.35);
  return {
    head,
    neck: drawn(f, (g, m) => polygons(g, m, [[chin, -0.14 * sw, 0], [chin, 0.14 * sw, 0], [shoulderMid, 0.16 * sw, -0.02 * sw], [shoulderMid, -0.16 * sw, -0.02 * sw]])),
    collar: drawn(f, (g, m) => polygons(g, m, [[neckMid, -0.16 * sw, 0], [neckMid, 0.16 * sw, 0], [shoulderMid, 0.2 * sw, 0.02 * sw], [shoulderMid, -0.2 * sw, 0.02 * sw]])),
  };
}

/** The upper zone up the neck to the chin: a crew neck's collar and shoulder band sit 0.2 sw above the joints. */
const neckZone: Draw = (f, mask) => {
  const { k, sw } = f, chin = chinOf(f);
  return polygons(f, mask, [[chin, -0.2 * sw, 0], [chin, 0.2 * sw, 0], [k('leftShoulder'), 0.3 * sw, -0.2 * sw], [k('rightShoulder'), -0.3 * sw, -0.2 * sw]]);
};

/** The neck under clothes. */
const neckShape: Draw = (f, mask) => {
  const { k, sw } = f, chin = chinOf(f), shoulderMid = mid(k('leftShoulder'), k('rightShoulder'));
  return polygons(f, mask, [[chin, -0.16 * sw, 0], [chin, 0.16 * sw, 0], [shoulderMid, 0.2 * sw, 0.05 * sw], [shoulderMid, -0.2 * sw, 0.05 * sw]]);
};

/**
 * The trunk's outlines: the torso (shoulders to hips, hips widened: the hip
 * joints sit inside the body), the trunk under clothes (with the hips from
 * the waist down), the upper zone (shoulder tops to a little below the hips,
 * wide enough for loose tops) and the lower zone's band from the waist (a
 * third of the torso above the hips) down.
 */
function trunkOutline(kind: 'torso' | 'trunkShape' | 'upperZone' | 'waistZone'): Draw {
  return (f, mask) => {
    const { k, sw, tl } = f;
    const sL = k('leftShoulder'), sR = k('rightShoulder'), hL = k('leftHip'), hR = k('rightHip');
    if (kind === 'torso') return polygons(f, mask, [[sR, -0.05 * sw, -0.05 * sw], [sL, 0.05 * sw, -0.05 * sw], [hL, 0.18 * sw, 0], [hR, -0.18 * sw, 0]]);
    if (kind === 'trunkShape') {
      return polygons(
        f,
        mask,
        [[sR, 0.02 * sw, -0.02 * sw], [sL, -0.02 * sw, -0.02 * sw], [sL, -0.08 * sw, 0.35 * tl], [hL, 0.16 * sw, 0], [hR, -0.16 * sw, 0], [sR, 0.08 * sw, 0.35 * tl]],
        [[hR, -0.18 * sw, -0.35 * tl], [hL, 0.18 * sw, -0.35 * tl], [hL, 0.2 * sw, 0.1 * tl], [hR, -0.2 * sw, 0.1 * tl]],
      );
    }
    if (kind === 'upperZone') return polygons(f, mask, [[sR, -0.3 * sw, -0.2 * sw], [sL, 0.3 * sw, -0.2 * sw], [hL, 0.45 * sw, 0.3 * tl], [hR, -0.45 * sw, 0.3 * tl]]);
    return polygons(f, mask, [[hR, -0.5 * sw, -0.35 * tl], [hL, 0.5 * sw, -0.35 * tl], [hL, 0.5 * sw, 0.1 * tl], [hR, -0.5 * sw, 0.1 * tl]]);
  };
}

const TRUNK_SHAPE = trunkOutline('trunkShape');

/**
 * Shoulders under clothes: from the neck's base down the trapezius over
 * rounded deltoids. A box at 0.12 sw above the joints cut an old top's
 * shoulders off flat and filled above them with background (a tank top's
 * straps); the matte clips this generous outline to the real silhouette.
 */
const shoulderShape: Draw = (f, mask) => {
  const { k, sw, tl } = f;
  const sL = k('leftShoulder'), sR = k('rightShoulder'), shoulderMid = mid(sL, sR);
  const box = polygons(f, mask, [
    [sR, -0.14 * sw, 0.05 * sw],
    [sR, -0.1 * sw, -0.12 * sw],
    [sR, 0.08 * sw, -0.22 * sw],
    [shoulderMid, -0.18 * sw, -0.34 * sw],
    [shoulderMid, 0.18 * sw, -0.34 * sw],
    [sL, -0.08 * sw, -0.22 * sw],
    [sL, 0.1 * sw, -0.12 * sw],
    [sL, 0.14 * sw, 0.05 * sw],
    [sL, 0.04 * sw, 0.3 * tl],
    [sR, -0.04 * sw, 0.3 * tl],
  ]);
  return boxUnion(boxUnion(box, fillEllipse(mask, sR, 0.15 * sw, 0.14 * sw)), fillEllipse(mask, sL, 0.15 * sw, 0.14 * sw));
};

/**
 * Without knees in the frame (thigh-up photos), a flare below the hips to the
 * frame's bottom, outside the arms and the lower zone: a skirt flares past the
 * thighs' capsules, which follow guessed knees (and hip joints detected at
 * the navel left a skirt's sides).
 */
function lowerFlareMask(person: PersonAnalysis, f: AnalysisFrame, arms: Mask, lowerZone: Mask): Drawn {
  const kneesSeen = person.keypoints.leftKnee.score >= VISIBLE_SCORE || person.keypoints.rightKnee.score >= VISIBLE_SCORE;
  if (kneesSeen) return drawn(f);
  const flare = drawn(f, (g, m) => {
    const { k, sw, tl } = g, hL = k('leftHip'), hR = k('rightHip');
    return polygons(g, m, [[hR, -0.5 * sw, 0], [hL, 0.5 * sw, 0], [hL, 0.6 * sw, 2 * tl], [hR, -0.6 * sw, 2 * tl]]);
  });
  const { x0, y0, x1, y1 } = flare.box, d = flare.mask.data;
  for (let y = y0; y <= y1; y++) {
    for (let i = y * f.width + x0; i <= y * f.width + x1; i++) if (arms.data[i]! >= 0.5 || lowerZone.data[i]! >= 0.5) d[i] = 0;
  }
  return flare;
}

/**
 * The matte's pixels (row after row, as one line) in alternate runs off and
 * on it (≥ 0.5): the end (exclusive) of each, the first run off the matte
 * (possibly empty), the last ending at the frame's end. Found once, they let
 * clipToMatte clip each of bodyRegions' masks without reading the matte
 * again: a pass reading the matte per mask was most of the clipping's time.
 */
export function matteRuns(matte: Mask): Int32Array {
  const m = matte.data;
  const ends: number[] = [];
  let on = false;
  for (let i = 0; i < m.length; i++) {
    if (m[i]! >= 0.5 === on) continue;
    ends.push(i);
    on = !on;
  }
  ends.push(m.length);
  return Int32Array.from(ends);
}

/** The run (matteRuns) holding pixel `i` of the frame: the first k with runs[k] > i. */
function runAt(runs: Int32Array, i: number): number {
  let lo = 0, hi = runs.length - 1;
  while (lo < hi) {
    const m = (lo + hi) >> 1;
    if (runs[m]! > i) hi = m;
    else lo = m + 1;
  }
  return lo;
}

/**
 * `mask` limited to the person's matte (its runs: matteRuns), in place, within
 * `box` (the whole frame by default; a drawn mask's box: it is zero outside,
 * where the clip changes nothing): every mask clipped here is bodyRegions'
 * own, made for this call and read by nothing after it is clipped. Clipping
 * before a union or after it gives the same pixels (min(max(a, b), m) = max(min(a, m), min(b, m))).
 */
export function clipToMatte(mask: Mask, runs: Int32Array, box: Box = { x0: 0, y0: 0, x1: mask.width - 1, y1: mask.height - 1 }): Mask {
  const a = mask.data, w = mask.width;
  const x0 = Math.max(0, box.x0), x1 = Math.min(w - 1, box.x1);
  // (min(a, 0 or 1) written only where it changes a: most pixels are 0 off the
  // matte or at most 1 on it, so most stores go; a NaN stays NaN, as Math.min keeps it)
  for (let y = Math.max(0, box.y0); x0 <= x1 && y <= Math.min(mask.height - 1, box.y1); y++) {
    const to = y * w + x1 + 1;
    for (let start = y * w + x0, k = runAt(runs, start); start < to; k++) {
      const end = Math.min(runs[k]!, to);
      if (k % 2 === 0) {
        for (let i = start; i < end; i++) if (a[i]! > 0) a[i] = 0;
      } else {
        for (let i = start; i < end; i++) if (a[i]! > 1) a[i] = 1;
      }
      start = end;
    }
  }
  return mask;
}

export function bodyRegions(person: PersonAnalysis, frame: BodyFrame): BodyRegions {
  const f = analysisFrame(person, frame);
  const { arms, armCore, forearmCore, forearm, hands } = armMasks(person, f);
  const { legs, feet, cuffs } = legMasks(person, f);
  const top = headAndNeck(f);
  // (each union's outlines are drawn into one mask of this call, as drawing
  // max-combines; masks drawn on their own are max-combined on their boxes)
  const upperZone = drawn(f, trunkOutline('upperZone'), ARM_ZONE, neckZone);
  const lowerZone = drawn(f, LEG_ZONE, trunkOutline('waistZone'));
  const lowerFlare = lowerFlareMask(person, f, arms.mask, lowerZone.mask);
  // Under the clothes the body fills the matte within these outlines: the arms'
  // zone is the sleeve silhouette, so an old long sleeve becomes a whole arm
  // (the arm's capsules alone miss a forearm when the elbow keypoint sits inside
  // the sleeve's edge), and the hands (the wrist keypoint often sits short of
  // the real one, and a long sleeve's end past it was filled with background).
  const bodyShape = withDrawn(drawn(f, ARM_SHAPE, TRUNK_SHAPE, LEG_SHAPE, neckShape, shoulderShape), arms, hands);
  const runs = matteRuns(person.matte);
  const bare = bareArmsAndShoulders(f, person.matte);
  // the bare trunk (the bare shape without the legs) first; the bare shape is it and the legs
  const bareTrunk = unionInto(bare.shoulders, bare.arms);
  TRUNK_SHAPE(f, bareTrunk);
  neckShape(f, bareTrunk);
  unionBoxInto(bareTrunk, hands.mask, hands.box);
  const bareShape = copyMask(bareTrunk);
  LEG_SHAPE(f, bareShape);
  // (only a lower garment or a dress over covered legs reads the bare trunk: clipped when first read)
  let bareTrunkOnMatte: Mask | null = null;
  const clip = (d: Drawn) => clipToMatte(d.mask, runs, d.box);
  return {
    torso: drawn(f, trunkOutline('torso')).mask,
    arms: clip(arms),
    armCore: armCore.mask,
    forearmCore: forearmCore.mask,
    forearm: clip(forearm),
    legs: clip(legs),
    neck: top.neck.mask,
    collar: clip(top.collar),
    head: clip(top.head),
    hands: clip(hands),
    feet: clip(feet),
    cuffs: clip(cuffs),
    upperZone: clip(upperZone),
    lowerZone: clip(lowerZone),
    lowerFlare: clip(lowerFlare),
    bodyShape: clip(bodyShape),
    bareShape: clipToMatte(bareShape, runs),
    bareArms: bare.segments,
    get bareTrunk() {
      return (bareTrunkOnMatte ??= clipToMatte(bareTrunk, runs));
    },
    bareLegs: SIDES.map((side) => bareLegSegments(f.k(`${side}Hip`), f.k(`${side}Knee`), f.k(`${side}Ankle`), f.sw)),
  };
}

/**
 * Both bare arms (their pieces and soft mask: armSegmentsCoverage) and both
 * bare shoulders (bare-body.ts; their outline as each pixel's covered share:
 * a hard raster's steps showed along the long shoulder line), analysis size; the elbow and the wrist seated inside the
 * silhouette (`matte`) on the arm's outer side.
 */
function bareArmsAndShoulders(f: AnalysisFrame, matte: Mask): { segments: ArmSegment[]; arms: Mask; shoulders: Mask } {
  const segments: ArmSegment[] = [];
  const elbows: Partial<Record<'left' | 'right', Point>> = {};
  const inside = (x: number, y: number) => {
    const xi = Math.round(x), yi = Math.round(y);
    return xi >= 0 && yi >= 0 && xi < f.width && yi < f.height && matte.data[yi * f.width + xi]! >= 0.5;
  };
  for (const side of ['left', 'right'] as const) {
    const sh = f.k(`${side}Shoulder`), el = f.k(`${side}Elbow`), wr = f.k(`${side}Wrist`);
    // (the person's left arm lies to the body's left: `at` moves across to the left)
    const away = sub(f.at(sh, side === 'left' ? 1 : -1, 0), sh);
    const nUpper = outwardNormal(sh, el, away), nLower = outwardNormal(el, wr, away);
    const elbow = nUpper ? seatInSilhouette(el, nUpper, BARE_ARM_SW.elbow * f.sw, inside) : el;
    const wrist = nLower ? seatInSilhouette(wr, nLower, BARE_ARM_SW.wrist * f.sw, inside) : wr;
    segments.push(...bareArmSegments(sh, elbow, wrist, f.sw));
    elbows[side] = elbow;
  }
  const frame = { shoulderL: f.k('leftShoulder'), shoulderR: f.k('rightShoulder'), at: f.at, swPx: f.sw, tlPx: f.tl, elbowL: elbows.left, elbowR: elbows.right };
  return { segments, arms: armSegmentsCoverage(segments, f.width, f.height), shoulders: bareShouldersCoverage(frame, f.width, f.height) };
}

/**
 * The torso's visible extent (full-resolution px) at a given depth below the
 * shoulders (0 = shoulder line, 1 = hip line): how far the person matte runs
 * left and right of the body's centre line, with `breaks` (the arms' core and
 * the hands) ending the run so arms hanging against the body, or a hand in a
 * pocket, do not count. Null where nothing is measured.
 */
export function torsoExtentAt(person: PersonAnalysis, frame: BodyFrame, breaks: Mask, depth: number): { left: number; right: number } | null {
  const s = person.scale;
  const m = person.matte;
  const c = lerp(frame.shoulderMid, frame.hipMid, depth);
  const y = Math.round(c.y * s);
  const cx = Math.round(c.x * s);
  if (y < 0 || y >= m.height || cx < 0 || cx >= m.width) return null;
  const on = (x: number) => m.data[y * m.width + x]! >= 0.5 && breaks.data[y * m.width + x]! < 0.5;
  if (!on(cx)) return null;
  let a = cx, b = cx;
  while (a > 0 && on(a - 1)) a--;
  while (b < m.width - 1 && on(b + 1)) b++;
  // image left is the person's right: frame.across points to the person's left
  const toLeft = frame.across.x >= 0;
  const lo = (cx - a + 0.5) / s, hi = (b - cx + 0.5) / s;
  return toLeft ? { left: hi, right: lo } : { left: lo, right: hi };
}

/**
 * Half the upper arm's width (full px): from its axis outwards, away from the
 * body, to the matte's edge, at ARM_RUNS' points between shoulder and elbow;
 * the median, clamped to 0.05–0.2 shoulder widths. Outwards because inwards
 * the arm often lies against the torso. Null when the elbow is not seen.
 */
export function armHalfWidth(person: PersonAnalysis, frame: BodyFrame, side: 'left' | 'right'): number | null {
  if (!visible(person, `${side}Elbow`)) return null;
  const sh = side === 'left' ? frame.shoulderL : frame.shoulderR;
  const el = person.keypoints[`${side}Elbow`];
  const out = awayFromBody(norm(sub(el, sh)), sh, frame);
  const sw = frame.shoulderWidth, limit = sw * ARM_RUNS.maxSw;
  const found: number[] = [];
  for (const t of ARM_RUNS.along) {
    const r = matteRun(person, lerp(sh, el, t), out, limit);
    if (r > 0 && r < limit) found.push(r);
  }
  if (found.length < ARM_RUNS.minFound) return null;
  return Math.max(sw * 0.05, Math.min(sw * 0.2, median(found)));
}

/**
 * Where the arm is measured across (armHalfWidth, armOuterReach): the upper
 * arm below the shoulder's round and above the elbow's bend, where the arm's
 * outline runs along its axis.
 */
const ARM_RUNS = {
  /** Points along the axis, shares of its length. */
  along: [0.3, 0.45, 0.6, 0.75],
  /** A run longer than this many shoulder widths left the arm for the torso or a raised hand: not counted. */
  maxSw: 0.3,
  /** Fewest runs counted for a measure. */
  minFound: 2,
} as const;

/**
 * How far the person's matte reaches outwards (away from the body's centre
 * line) from a sleeve's body axis `axis` (full px): the median of the runs
 * from the axis along its normal to the matte's edge at ARM_RUNS' points;
 * null where too few end within its reach. The arm's own axis
 * (armHalfWidth) runs through its joints; a sleeve's runs from the shoulder
 * seam, and only this tells how much of the arm lies outside it.
 */
export function armOuterReach(person: PersonAnalysis, frame: BodyFrame, axis: Point[]): number | null {
  const found = armOuterRuns(person, frame, axis, ARM_RUNS.along).filter((r): r is number => r !== null);
  return found.length >= ARM_RUNS.minFound ? median(found) : null;
}

/**
 * The runs of armOuterReach one by one, at shares `along` of the axis's
 * length (full px); null where a run does not end within ARM_RUNS.maxSw
 * (it left the arm). Near the shoulder seam the arm's round is measured
 * this way point by point: one median hides how it narrows there.
 */
export function armOuterRuns(person: PersonAnalysis, frame: BodyFrame, axis: Point[], along: readonly number[]): (number | null)[] {
  if (axis.length < 2) return along.map(() => null);
  const total = axis.slice(1).reduce((acc, p, i) => acc + Math.hypot(p.x - axis[i]!.x, p.y - axis[i]!.y), 0);
  const limit = frame.shoulderWidth * ARM_RUNS.maxSw;
  return along.map((t) => {
    const { at, dir } = pointAlong(axis, t * total);
    const r = matteRun(person, at, awayFromBody(dir, at, frame), limit);
    return r < limit ? r : null;
  });
}

/** The normal of unit direction `dir` at point `at` that points away from the body's centre line (the shoulders' midpoint). */
function awayFromBody(dir: Point, at: Point, frame: BodyFrame): Point {
  const out = { x: -dir.y, y: dir.x };
  return leftNormalAway(dir, at, frame) ? out : { x: -out.x, y: -out.y };
}

/** Whether the left-hand normal (−dy, dx) of direction `dir` at point `at` points away from the body's centre line (the shoulders' midpoint), or along it. */
export function leftNormalAway(dir: Point, at: Point, frame: BodyFrame): boolean {
  return -dir.y * (at.x - frame.shoulderMid.x) + dir.x * (at.y - frame.shoulderMid.y) >= 0;
}

/** The point `length` full px along polyline `axis` (its last segment carried on past its end) and that segment's direction. */
function pointAlong(axis: Point[], length: number): { at: Point; dir: Point } {
  let left = length, i = 0;
  while (i + 2 < axis.length && left > Math.hypot(axis[i + 1]!.x - axis[i]!.x, axis[i + 1]!.y - axis[i]!.y)) {
    left -= Math.hypot(axis[i + 1]!.x - axis[i]!.x, axis[i + 1]!.y - axis[i]!.y);
    i++;
  }
  const dir = norm(sub(axis[i + 1]!, axis[i]!));
  return { at: { x: axis[i]!.x + dir.x * left, y: axis[i]!.y + dir.y * left }, dir };
}

/** How far (full px, in steps of one analysis px) the person's matte runs from `from` along unit `out`; `limit` or more where it runs that far. */
function matteRun(person: PersonAnalysis, from: Point, out: Point, limit: number): number {
  const s = person.scale, m = person.matte;
  let r = 0;
  while (r < limit) {
    const x = Math.round((from.x + out.x * r) * s), y = Math.round((from.y + out.y * r) * s);
    if (x < 0 || y < 0 || x >= m.width || y >= m.height || m.data[y * m.width + x]! < 0.5) break;
    r += 1 / s;
  }
  return r;
}

/** First row (full px) of column x in y0..y1 that is the person and in none of `excluded` (hair, head); null if none. */
export function silhouetteTopAt(person: PersonAnalysis, x: number, y0: number, y1: number, ...excluded: Mask[]): number | null {
  const s = person.scale;
  const m = person.matte;
  const xi = Math.round(x * s);
  if (xi < 0 || xi >= m.width) return null;
  for (let y = Math.max(0, Math.round(y0 * s)); y <= Math.min(m.height - 1, Math.round(y1 * s)); y++) {
    const i = y * m.width + xi;
    if (m.data[i]! >= 0.5 && excluded.every((e) => e.data[i]! < 0.5)) return y / s;
  }
  return null;
}
