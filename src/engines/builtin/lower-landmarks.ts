/**
 * Landmarks and parts of a lower garment's silhouette: waistband corners,
 * crotch, hip corners and leg ends; parts: the seat and two legs, or one
 * panel for a skirt. Sides are the wearer's (left on the image right).
 */
import { createMask, type Mask } from '../../vision/image.js';
import { maskBounds } from '../../vision/mask-ops.js';
import type { Pt } from './tps.js';
import { centroidX, rowRuns } from './silhouette-rows.js';

export interface LegGeometry {
  /** Axis: waist point, crotch-level point, leg end centre. */
  axis: Pt[];
  mask: Mask;
}

export interface LowerGeometry {
  kind: 'lower';
  bounds: { x0: number; y0: number; x1: number; y1: number };
  waistL: Pt;
  waistR: Pt;
  /** Null for a skirt: no gap between legs. */
  crotch: Pt | null;
  hemL: Pt;
  hemR: Pt;
  waistWidth: number;
  legL: LegGeometry | null;
  legR: LegGeometry | null;
  /** Skirt: the whole garment; trousers: the seat, waist to just below the crotch. */
  panel: Mask;
  /** Trousers: outer edges at the crotch row (hip corners). */
  hipR: Pt | null;
  hipL: Pt | null;
  /** Trousers whose legs touch above the gap at their hems: the crotch is placed by TOUCHING_LEGS, not seen. */
  legsTouch: boolean;
}

/**
 * Trousers photographed with their legs touching: background shows between
 * the legs only at the hems (product trousers on the tune half: a gap over
 * 0.19 of the height below legs touching up to the crotch, read as a skirt
 * and fitted as one flat panel far beyond the person's legs). Measured on
 * the garment silhouette at analysis size.
 */
export const TOUCHING_LEGS = {
  /** A gap rising at least this share of the height from the hems is seen legs: the crotch is its top. */
  seenShare: 0.2,
  /** Below that, legs touching above their hems need a gap over at least this share of the height… */
  minGapShare: 0.1,
  /**
   * …this wide halfway up it, as a share of the garment's width: a skirt's
   * slit closes to a crease above its opening, two hems hang apart along
   * the whole gap (0.07 on the touching trousers)…
   */
  minMidWidthShare: 0.04,
  /** …two hems, each at least this share of the hem row's width (a slit off the centre leaves one narrow piece)… */
  minLegShare: 0.3,
  /** …and a garment at least this many waist widths long: full-length trousers (3.9 on the touching pair; knee skirts 1.5–2.5). */
  minLengthOfWaist: 3,
  /** The crotch then lies this share of the waist-to-hem height below the waist (crotches seen on tune's product trousers: 0.31–0.47, median 0.44). */
  riseShare: 0.42,
} as const;

/** Whether the gap found below `crotchY` rises far enough from the hems (TOUCHING_LEGS.seenShare) to be the legs' own. */
export function crotchSeen(bb: { y0: number; y1: number }, crotchY: number): boolean {
  return crotchY >= 0 && bb.y1 - crotchY >= (bb.y1 - bb.y0 + 1) * TOUCHING_LEGS.seenShare;
}

/**
 * The crotch of trousers whose legs touch above a short gap at the hems
 * (`found`: that gap's top), placed at TOUCHING_LEGS.riseShare straight
 * above the gap; null when the gap is a slit or a pleat (TOUCHING_LEGS).
 */
export function touchingCrotch(mask: Mask, bb: { x0: number; y0: number; x1: number; y1: number }, found: { crotchY: number; gapX: number }, waistWidth: number): Pt | null {
  const T = TOUCHING_LEGS;
  const h = bb.y1 - bb.y0 + 1, w = bb.x1 - bb.x0 + 1;
  if (found.crotchY < 0 || bb.y1 - found.crotchY < h * T.minGapShare || h < waistWidth * T.minLengthOfWaist) return null;
  const runs = rowRuns(mask, Math.round((found.crotchY + bb.y1) / 2));
  const k = runs.findIndex((r, i) => i + 1 < runs.length && r.b < found.gapX && runs[i + 1]!.a > found.gapX);
  if (k < 0 || runs[k + 1]!.a - runs[k]!.b - 1 < w * T.minMidWidthShare) return null;
  const hems = rowRuns(mask, bb.y1 - Math.max(1, Math.round(h * 0.03)));
  const hemWidth = (hems[hems.length - 1]?.b ?? 0) - (hems[0]?.a ?? 0) + 1;
  const right = hems.filter((r) => r.b < found.gapX).reduce((n, r) => n + r.b - r.a + 1, 0);
  const left = hems.filter((r) => r.a > found.gapX).reduce((n, r) => n + r.b - r.a + 1, 0);
  if (Math.min(right, left) < hemWidth * T.minLegShare) return null;
  return { x: found.gapX, y: Math.round(bb.y0 + h * T.riseShare) };
}

export function lowerLandmarks(mask: Mask): LowerGeometry | null {
  const bb = maskBounds(mask);
  if (!bb) return null;
  const h = bb.y1 - bb.y0 + 1;
  const cx = centroidX(mask, bb.y0, bb.y0 + Math.round(h * 0.15));
  const waistY = bb.y0 + Math.max(1, Math.round(h * 0.02));
  const wr = rowRuns(mask, waistY);
  const waistR = { x: wr[0]?.a ?? bb.x0, y: bb.y0 };
  const waistL = { x: wr[wr.length - 1]?.b ?? bb.x1, y: bb.y0 };
  const waistWidth = Math.max(1, waistL.x - waistR.x);
  const found = findCrotch(mask, bb, cx, waistWidth);
  // a gap over less than a fifth of the height is a slit, a pleat, or legs touching above it (touchingCrotch)
  const crotch = crotchSeen(bb, found.crotchY) ? { x: found.gapX, y: found.crotchY } : touchingCrotch(mask, bb, found, waistWidth);
  const hemRow = rowRuns(mask, bb.y1 - Math.max(1, Math.round(h * 0.015)));
  const hemR = { x: hemRow[0]?.a ?? bb.x0, y: bb.y1 };
  const hemL = { x: hemRow[hemRow.length - 1]?.b ?? bb.x1, y: bb.y1 };
  if (!crotch) {
    return { kind: 'lower', bounds: bb, waistL, waistR, crotch: null, hemL, hemR, waistWidth, legL: null, legR: null, panel: mask, hipR: null, hipL: null, legsTouch: false };
  }
  const crotchY = crotch.y;
  const frame: TrouserFrame = { mask, bb, cx, crotch, waistL, waistR, hemL, hemR };
  const seat = createMask(mask.width, mask.height);
  const seatEnd = Math.min(mask.height - 1, crotchY + Math.round(h * 0.04));
  for (let y = bb.y0; y <= seatEnd; y++) {
    // fade out over the last rows so the legs take over smoothly
    const f = y <= crotchY ? 1 : 1 - (y - crotchY) / Math.max(1, seatEnd - crotchY);
    for (let x = 0; x < mask.width; x++) seat.data[y * mask.width + x] = mask.data[y * mask.width + x]! * f;
  }
  const crotchRuns = rowRuns(mask, crotchY);
  const hipR = { x: crotchRuns[0]?.a ?? waistR.x, y: crotchY };
  const hipL = { x: crotchRuns[crotchRuns.length - 1]?.b ?? waistL.x, y: crotchY };
  return { kind: 'lower', bounds: bb, waistL, waistR, crotch, hemL, hemR, waistWidth, legL: legGeometry(frame, false), legR: legGeometry(frame, true), panel: seat, hipR, hipL, legsTouch: crotch.y !== found.crotchY };
}

type Bounds = LowerGeometry['bounds'];

/**
 * Crotch: going up from the hem, the highest row where a gap still splits the
 * legs; legs that touch for a few rows (knees) do not end the search, and
 * runs narrower than 12 % of the waist are straps or belts, not legs.
 * crotchY −1: no gap (a skirt).
 */
function findCrotch(mask: Mask, bb: Bounds, cx: number, waistWidth: number): { crotchY: number; gapX: number } {
  const h = bb.y1 - bb.y0 + 1;
  let crotchY = -1;
  let gapX = cx;
  let misses = 0;
  const maxMisses = Math.max(2, Math.round(h * 0.04));
  for (let y = bb.y1 - Math.round(h * 0.03); y > bb.y0 + Math.round(h * 0.1); y--) {
    const runs = rowRuns(mask, y).filter((r) => r.b - r.a >= waistWidth * 0.12);
    let found = false;
    for (let i = 0; i + 1 < runs.length; i++) {
      const g = (runs[i]!.b + runs[i + 1]!.a) / 2;
      if (Math.abs(g - cx) < waistWidth * 0.3) { gapX = g; found = true; break; }
    }
    if (found) {
      crotchY = y;
      misses = 0;
    } else if (crotchY >= 0 && ++misses > maxMisses) {
      break;
    } else if (crotchY < 0 && y < bb.y1 - h * 0.3) {
      break;
    }
  }
  return { crotchY, gapX };
}

/** What a trouser leg's geometry is measured from. */
interface TrouserFrame { mask: Mask; bb: Bounds; cx: number; crotch: Pt; waistL: Pt; waistR: Pt; hemL: Pt; hemR: Pt }

/** One leg's mask (split at the line from the waist's centre to the crotch's gap) and its axis: waist, crotch level, leg end. */
function legGeometry(t: TrouserFrame, sideRight: boolean): LegGeometry {
  const { mask, bb, cx, crotch } = t;
  const h = bb.y1 - bb.y0 + 1;
  const crotchY = crotch.y, gapX = crotch.x;
  const m = createMask(mask.width, mask.height);
  let sx = 0, sy = 0, n = 0;
  const endY = bb.y1 - Math.round(h * 0.04);
  for (let y = bb.y0; y <= bb.y1; y++) {
    for (let x = 0; x < mask.width; x++) {
      const i = y * mask.width + x;
      if (mask.data[i]! < 0.5) continue;
      const split = y < crotchY ? cx + ((gapX - cx) * (y - bb.y0)) / Math.max(1, crotchY - bb.y0) : gapX;
      if (sideRight ? x > split : x <= split) continue;
      m.data[i] = mask.data[i]!;
      if (y >= endY) { sx += x; sy += y; n++; }
    }
  }
  const end = n ? { x: sx / n, y: bb.y1 } : { x: sideRight ? t.hemR.x : t.hemL.x, y: bb.y1 };
  const waist = { x: sideRight ? (t.waistR.x + cx) / 2 : (t.waistL.x + cx) / 2, y: bb.y0 };
  const rowAtCrotch = rowRuns(mask, crotchY).filter((r) => (sideRight ? r.b <= gapX : r.a >= gapX));
  const outer = sideRight ? rowAtCrotch[0]?.a ?? t.waistR.x : rowAtCrotch[rowAtCrotch.length - 1]?.b ?? t.waistL.x;
  const knee = { x: (outer + gapX) / 2, y: crotchY };
  return { axis: [waist, knee, end], mask: m };
}
