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
}

/**
 * Trousers whose legs hang together in the photo (wide or relaxed legs,
 * laid flat or on a form) show no background between the legs above the
 * hems: the gap opens only over the last rows, which for a skirt is a slit.
 * Drawn as one panel, they were pasted as a block over both legs, across a
 * stride. A garment at least as long as full-length trousers is trousers,
 * with the crotch at their rise.
 */
const TOUCHING_LEGS = {
  /**
   * Height over waist width from which a lower garment with a gap at its
   * hem is trousers: full-length trousers measured 3.9–4.4 on the tune half;
   * a pencil or maxi skirt (70–100 cm long on a 35 cm flat waist) under 3; a
   * midi circle skirt can reach 3.8, whose hem's width tells it (below). Only
   * under one waistband across the top (a dress's straps are two runs there).
   */
  minAspect: 3.2,
  /**
   * Most the garment spans over its lowest fifth, over the waist's width:
   * trouser legs hang straight (the tune half's 0.96–1.17); a flared or
   * circle skirt's hem, whose folds can leave a gap on the centre line of
   * its lowest rows, spans 1.6–2.5 waists.
   */
  maxHemOfWaist: 1.4,
  /** The crotch lies this share of the height below the waistband (the rise): 0.28 on trousers whose legs' channel shows up to it. */
  riseShare: 0.28,
  /**
   * Deepest crotch of trousers at least minAspect waists tall, as a share of
   * the height: a full-length leg's rise is 0.25–0.33 of its length. Where
   * the legs touch above a gap seen only lower down, the gap's top (0.44–0.55
   * of the height on the tune half) put the seat's bottom near the knees.
   */
  maxRiseShare: 0.34,
} as const;

/**
 * Shorts: legs shorter than their rise (the flat garment's hem lies nearer
 * the crotch than the crotch the waistband; full-length and cropped trousers'
 * inseam is 2–3 rises, shorts' 0.2–0.9). A shorts leg hangs round the thigh
 * as a tube open at its hem: seen from the front it shows about 2/π of its
 * flat width (0.64), loose denim standing off the thigh a little more. Laid
 * at a trouser leg's width (fit-targets.ts LOWER_FIT.legAcrossOfPanel), a
 * flat shorts leg's flared opening splayed out past the thighs.
 */
export const SHORTS = {
  /** Most inseam (crotch to hem) over rise (waistband to crotch) of shorts, in the flat garment. */
  maxInseamOfRise: 1,
  /** A shorts leg's width over the panel's scale (fit-targets.ts), and the seat's at its crotch row (mid-thigh). */
  legAcrossOfPanel: 0.7,
} as const;

/** Whether a lower garment's legs are shorts' (SHORTS). */
export function isShorts(l: { bounds: Bounds; crotch: Pt | null }): boolean {
  if (!l.crotch) return false;
  return l.bounds.y1 - l.crotch.y < (l.crotch.y - l.bounds.y0) * SHORTS.maxInseamOfRise;
}

/** `touchingLegs` false: a gap at the hems alone is a slit whatever the length (TOUCHING_LEGS), for a caller that looks for the legs' channel first. */
export function lowerLandmarks(mask: Mask, { touchingLegs = true } = {}): LowerGeometry | null {
  const bb = maskBounds(mask);
  if (!bb) return null;
  const h = bb.y1 - bb.y0 + 1;
  const cx = centroidX(mask, bb.y0, bb.y0 + Math.round(h * 0.15));
  const waistY = bb.y0 + Math.max(1, Math.round(h * 0.02));
  const wr = rowRuns(mask, waistY);
  const waistR = { x: wr[0]?.a ?? bb.x0, y: bb.y0 };
  const waistL = { x: wr[wr.length - 1]?.b ?? bb.x1, y: bb.y0 };
  const waistWidth = Math.max(1, waistL.x - waistR.x);
  const { crotchY, gapX } = findCrotch(mask, bb, cx, waistWidth);
  // A gap over less than a fifth of the height is a slit or a pleat, not legs,
  // unless the garment is as long as trousers whose legs hang together
  const T = TOUCHING_LEGS;
  const touching = touchingLegs && wr.length === 1 && crotchY >= 0 && bb.y1 - crotchY < h * 0.2 && h >= waistWidth * T.minAspect && lowerSpan(mask, bb) <= waistWidth * T.maxHemOfWaist;
  const isSkirt = !touching && (crotchY < 0 || bb.y1 - crotchY < h * 0.2);
  const hemRow = rowRuns(mask, bb.y1 - Math.max(1, Math.round(h * 0.015)));
  const hemR = { x: hemRow[0]?.a ?? bb.x0, y: bb.y1 };
  const hemL = { x: hemRow[hemRow.length - 1]?.b ?? bb.x1, y: bb.y1 };
  if (isSkirt) {
    return { kind: 'lower', bounds: bb, waistL, waistR, crotch: null, hemL, hemR, waistWidth, legL: null, legR: null, panel: mask, hipR: null, hipL: null };
  }
  const deepest = h >= waistWidth * T.minAspect && wr.length === 1 ? bb.y0 + Math.round(h * T.maxRiseShare) : bb.y1;
  const crotch = { x: gapX, y: touching ? bb.y0 + Math.round(h * T.riseShare) : Math.min(crotchY, deepest) };
  const frame: TrouserFrame = { mask, bb, cx, crotch, waistL, waistR, hemL, hemR };
  const seat = createMask(mask.width, mask.height);
  const seatEnd = Math.min(mask.height - 1, crotch.y + Math.round(h * 0.04));
  for (let y = bb.y0; y <= seatEnd; y++) {
    // fade out over the last rows so the legs take over smoothly
    const f = y <= crotch.y ? 1 : 1 - (y - crotch.y) / Math.max(1, seatEnd - crotch.y);
    for (let x = 0; x < mask.width; x++) seat.data[y * mask.width + x] = mask.data[y * mask.width + x]! * f;
  }
  const crotchRuns = rowRuns(mask, crotch.y);
  const hipR = { x: crotchRuns[0]?.a ?? waistR.x, y: crotch.y };
  const hipL = { x: crotchRuns[crotchRuns.length - 1]?.b ?? waistL.x, y: crotch.y };
  return { kind: 'lower', bounds: bb, waistL, waistR, crotch, hemL, hemR, waistWidth, legL: legGeometry(frame, false), legR: legGeometry(frame, true), panel: seat, hipR, hipL };
}

type Bounds = LowerGeometry['bounds'];

/** The widest span (first to last pixel) of the garment's rows over its lowest fifth. */
function lowerSpan(mask: Mask, bb: Bounds): number {
  let widest = 0;
  for (let y = bb.y1 - Math.round((bb.y1 - bb.y0 + 1) * 0.2); y <= bb.y1; y++) {
    const runs = rowRuns(mask, y);
    if (runs.length) widest = Math.max(widest, runs[runs.length - 1]!.b - runs[0]!.a);
  }
  return widest;
}

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

/**
 * How far the hem's centre lies above the leg's lowest row (analysis px):
 * the leg mask's lowest row in the end's column, measured up from the end
 * (`end`: the axis's last point, on the garment's lowest row). A cuff or
 * hem hanging slanted (laid flat, its outer corner lowest) ends higher at
 * its centre; a leg whose end is placed on a hem row left a strip of the
 * old trousers there. At most `max` px (a slit at the centre is not the hem).
 */
export function hemDip(mask: Mask, end: Pt, max: number): number {
  const x = Math.round(end.x);
  if (x < 0 || x >= mask.width) return 0;
  for (let y = Math.min(mask.height - 1, Math.round(end.y)), d = 0; y >= 0 && d <= max; y--, d++) {
    if (mask.data[y * mask.width + x]! >= 0.5) return d;
  }
  return 0;
}
