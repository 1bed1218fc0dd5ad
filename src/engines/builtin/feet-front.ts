/**
 * Feet in front of a lower garment or a dress. A hem that would reach past
 * the ankles ends there (trousers break on the shoe, a maxi dress ends above
 * the feet; fitted at the garment's own length it was drawn over the shoes
 * down to the floor), and the person's feet and shoes below the ankles stay
 * in front of the new hem, bare feet in sandals included (the hem no longer
 * reaches the shins, which showed through a leg when kept).
 *
 * Where the ankles are: the pose's ankle joints, or, when a long old hem
 * hides them and the pose puts them on the hem (above where the heels say),
 * FEET_FRONT.ankleAboveHeelSw above the heels.
 */
import { createMask, type Mask } from '../../vision/image.js';
import type { PersonAnalysis } from '../../vision/person-analysis.js';
import { VISIBLE_SCORE, type BodyFrame } from '../../vision/body-regions.js';
import { fillCapsule } from '../../vision/raster.js';

export const FEET_FRONT = {
  /**
   * The ankle joint sits at most this far above the heel point, shoulder
   * widths (ankle height ~7–9 cm on a ~38 cm shoulder width, up to ~0.25 in
   * heels): an ankle keypoint higher than that was put on a hem covering it.
   */
  ankleAboveHeelSw: 0.25,
  /**
   * The lowest a hem reaches, below the ankle line, shoulder widths: a
   * trouser's break on the shoe's top (the shoe's top sits ~0.02 sw below
   * the joint, the feet's layer draws the shoe over the rest).
   */
  hemBelowAnkleSw: 0.06,
  /** The feet's layer starts this far below the ankle line, shoulder widths: the shoe's top (see body-regions' shoe capsule). */
  feetBelowAnkleSw: 0.02,
  /**
   * Radius of the feet's zone around the ankle, heel and toe points, shoulder
   * widths: a shoe is ~0.25 sw wide seen from the front and its toe and heel
   * reach ~0.1 past the points; only the person's silhouette inside it is kept.
   */
  footRadiusSw: 0.16,
} as const;

/** One foot's points (full px) where its ankle and knee are seen (on thigh-up photos the pose guesses ankles in the frame). */
interface FootPoints {
  ankle: { x: number; y: number };
  /** Whether the heel point is seen: an unseen one moves no ankle. */
  heelSeen: boolean;
  heel: { x: number; y: number };
  toe: { x: number; y: number };
}

function footPoints(person: PersonAnalysis, side: 'left' | 'right'): FootPoints | null {
  const k = person.keypoints;
  if (k[`${side}Ankle`].score < VISIBLE_SCORE || k[`${side}Knee`].score < VISIBLE_SCORE) return null;
  const p = (n: `${typeof side}Ankle` | `${typeof side}Heel` | `${typeof side}Foot`) => ({ x: k[n].x, y: k[n].y });
  return { ankle: p(`${side}Ankle`), heelSeen: k[`${side}Heel`].score >= VISIBLE_SCORE, heel: p(`${side}Heel`), toe: p(`${side}Foot`) };
}

/** The row of one seen ankle (full px): the joint, never more than FEET_FRONT.ankleAboveHeelSw above a seen heel. */
function ankleRow(f: FootPoints, swPx: number): number {
  return f.heelSeen ? Math.max(f.ankle.y, f.heel.y - FEET_FRONT.ankleAboveHeelSw * swPx) : f.ankle.y;
}

/**
 * A seen ankle (full px) at its row (see ankleRow), moved straight down from
 * the joint, or null where the ankle or the knee is not seen.
 */
export function seenAnkle(person: PersonAnalysis, side: 'left' | 'right', swPx: number): { x: number; y: number } | null {
  const f = footPoints(person, side);
  return f ? { x: f.ankle.x, y: ankleRow(f, swPx) } : null;
}

/**
 * The lowest row a hem may reach (full px): FEET_FRONT.hemBelowAnkleSw below
 * the lower of the seen ankles (a raised foot's hem follows the standing one),
 * or null when no ankle is seen (the frame ends above the feet).
 */
export function hemFloor(person: PersonAnalysis, frame: BodyFrame): number | null {
  const rows = (['left', 'right'] as const).map((s) => footPoints(person, s)).filter((f): f is FootPoints => f !== null).map((f) => ankleRow(f, frame.shoulderWidth));
  if (rows.length === 0) return null;
  return Math.max(...rows) + FEET_FRONT.hemBelowAnkleSw * frame.shoulderWidth;
}

/** Point `p` times `s`. */
function scaled(p: FootPoints['ankle'], s: number): FootPoints['ankle'] {
  return { x: p.x * s, y: p.y * s };
}

/**
 * The feet kept in front of a lower garment or a dress (analysis size, hard
 * 0/1): the person's silhouette (matte ≥ 0.5) within FEET_FRONT.footRadiusSw
 * of each seen foot's ankle, heel and toe, from FEET_FRONT.feetBelowAnkleSw
 * below its ankle row down, or from `hems[side]` (full px) where a new leg
 * reaches lower (hem-reach.ts: the old cuff it covers is not the foot).
 */
export function feetFront(person: PersonAnalysis, frame: BodyFrame, hems: { left?: number; right?: number } = {}): Mask {
  const { matte, scale: s } = person;
  const out = createMask(matte.width, matte.height);
  const sw = frame.shoulderWidth;
  for (const side of ['left', 'right'] as const) {
    const f = footPoints(person, side);
    if (!f) continue;
    const zone = createMask(matte.width, matte.height);
    // (scaled by a module function, not a closure over `s`: a closure here tied this function's optimised
    // loop below to one job's objects, thrown away after every job, V8's "weak objects")
    const a = scaled(f.ankle, s), h = scaled(f.heel, s), t = scaled(f.toe, s);
    const r = FEET_FRONT.footRadiusSw * sw * s;
    fillCapsule(zone, a, h, r);
    fillCapsule(zone, a, t, r);
    fillCapsule(zone, h, t, r);
    const from = Math.max(0, Math.ceil(Math.max(ankleRow(f, sw) + FEET_FRONT.feetBelowAnkleSw * sw, hems[side] ?? 0) * s));
    for (let i = from * matte.width; i < out.data.length; i++) if (zone.data[i]! >= 0.5 && matte.data[i]! >= 0.5) out.data[i] = 1;
  }
  return out;
}
