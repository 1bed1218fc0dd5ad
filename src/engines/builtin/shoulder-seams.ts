/**
 * Where a sleeved top's shoulder seams go on the body. A top with sleeves is
 * worn over the shoulders: its seam sits where the shoulder's outline turns
 * down into the arm, and the sleeve's cap covers the deltoid below it. A
 * flat-lay photo's sleeve has no shaped cap: its upper edge leaves the seam
 * point along the sleeve's axis, so a seam pivoted at the shoulder joint (the
 * middle of the arm's top) left the outer half of the deltoid bare, as a patch
 * of skin (or of skin filled in where the old top was) beside the sleeve.
 * The seam is moved out along the shoulder's outline towards that corner and
 * up to the outline's top over the joint, within bounds.
 * A sleeveless top's straps keep their place across and are only raised to
 * the outline over the joints (fit-targets.ts raisedStraps).
 */
import type { Pt } from './tps.js';

export const SHOULDER_SEAM = {
  /** The outline is read from this far above the joint, shoulder widths (a shoulder's top over a low joint estimate). */
  searchAboveSw: 0.45,
  /** ... down to this far below it: past the arm's outer edge the column holds no silhouette up there. */
  searchBelowSw: 0.3,
  /** The corner: the outline has dropped this far below its height over the joint, shoulder widths (a deltoid's round top: ~0.05–0.1). */
  cornerDropSw: 0.12,
  /**
   * A column whose top rises this far above the top over the joint ends the
   * walk, shoulder widths: outside the joint a shoulder only falls; higher up
   * lies hair the parse missed or a raised arm, no shoulder.
   */
  riseMaxSw: 0.04,
  /** Most the seam moves out past the joint, shoulder widths (the deltoid's outer edge: ~0.12–0.18; a loose old sleeve stands further). */
  outMaxSw: 0.18,
  /** The seam stays this far inside the corner, shoulder widths: the sleeve's outer edge widens from it down the arm. */
  cornerInsetSw: 0.03,
  /** The garment's shoulder edge lies this far below the outline, shoulder widths (not over the background). */
  belowOutlineSw: 0.02,
  /** Most a seam is lifted to meet the outline, shoulder widths (hair over a shoulder reads higher). */
  liftMaxSw: 0.15,
  /** Columns are read this far apart, shoulder widths. */
  stepSw: 0.005,
} as const;

/** The silhouette's top (full px) in column x between rows y0 and y1, or null (see BodyMeasures.silhouetteTop). */
export type SilhouetteTop = (x: number, y0: number, y1: number) => number | null;

/** One side's shoulder: its joint, its elbow and which way is out (+1 image right, −1 image left). */
export interface ShoulderSide {
  joint: Pt;
  elbow: Pt;
  out: 1 | -1;
}

/**
 * The shoulder's outline outside a joint: its corner, and its top over the
 * joint (outside the joint a shoulder only falls: a higher top out there was
 * hair the parse missed, between strands).
 */
export interface ShoulderOutline {
  corner: Pt;
  jointTop: number;
}

/**
 * The outline's corner outside a shoulder joint: walking out from the joint,
 * the last column whose silhouette top is within SHOULDER_SEAM.cornerDropSw of
 * the top over the joint, at most outMaxSw out; null where the joint's column
 * has no silhouette above it. Columns under a raised arm are not walked (the
 * arm's own top is no shoulder).
 */
export function shoulderOutline(side: ShoulderSide, sw: number, top: SilhouetteTop): ShoulderOutline | null {
  const S = SHOULDER_SEAM;
  const { joint, elbow, out } = side;
  const y0 = joint.y - sw * S.searchAboveSw, y1 = joint.y + sw * S.searchBelowSw;
  const jointTop = top(joint.x, y0, joint.y);
  if (jointTop === null) return null;
  let corner: Pt = { x: joint.x, y: jointTop };
  // an upper arm raised more than 45° from hanging: its top would read as the shoulder's
  if (elbow.y - joint.y < Math.abs(elbow.x - joint.x)) return { corner, jointTop };
  const step = Math.max(0.5, sw * S.stepSw);
  for (let d = step; d <= sw * S.outMaxSw; d += step) {
    const x = joint.x + out * d;
    const t = top(x, y0, y1);
    if (t === null || t > jointTop + sw * S.cornerDropSw || t < jointTop - sw * S.riseMaxSw) break;
    corner = { x, y: t };
  }
  return { corner, jointTop };
}

/**
 * A seam end moved onto the shoulder: out to SHOULDER_SEAM.cornerInsetSw
 * inside the outline's corner (never inwards of where the fit put it) and to
 * just below the outline's top over the joint, so the shoulder's line runs
 * over the deltoid's round top rather than under it (a seam on the outline at
 * the corner left the top bare above a line drawn from there inwards). Up by at most liftMaxSw; down only where it moved out
 * (a seam left high above a sloping shoulder drew the top over the
 * background). Image axes: the body is taken as upright at the shoulders.
 */
export function seamOnOutline(end: Pt, side: ShoulderSide, sw: number, top: SilhouetteTop): Pt {
  const S = SHOULDER_SEAM;
  const outline = shoulderOutline(side, sw, top);
  if (!outline) return end;
  const cornerX = outline.corner.x - side.out * sw * S.cornerInsetSw;
  const moved = side.out * (cornerX - end.x) > 0;
  const target = outline.jointTop + sw * S.belowOutlineSw;
  return { x: moved ? cornerX : end.x, y: Math.max(end.y - sw * S.liftMaxSw, moved ? target : Math.min(end.y, target)) };
}

/**
 * The shoulder row's inner point (between a seam and the neck) raised with its
 * seam by `lift` px, but not above the outline in its own column (less hair:
 * hair falling over the shoulder there stays in front, not under a shoulder
 * drawn up over it); half the lift where its column shows no silhouette.
 * Never lowered.
 */
export function innerOnOutline(inner: Pt, lift: number, sw: number, top: SilhouetteTop): number {
  if (lift <= 0) return inner.y;
  const S = SHOULDER_SEAM;
  const t = top(inner.x, inner.y - sw * S.searchAboveSw, inner.y);
  if (t === null) return inner.y - lift / 2;
  return Math.min(inner.y, Math.max(inner.y - lift, t + sw * S.belowOutlineSw));
}
