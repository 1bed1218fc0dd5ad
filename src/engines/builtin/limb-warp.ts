/**
 * Skeletal warp for sleeves and trouser legs: the garment part's axis (a
 * polyline) is matched segment by segment to the limb's axis, so a sleeve
 * bends at the elbow with its arm. Across the axis the garment keeps its own
 * width times `acrossScale`, so prints keep their proportions.
 */
import type { Mask } from '../../vision/image.js';
import type { Pt } from './tps.js';
import { median } from '../../vision/robust-stats.js';

export interface LimbWarp {
  /** Body axis in output pixels. */
  body: Pt[];
  /** Matching garment axis in garment pixels (same number of points). */
  garment: Pt[];
  /** Garment px per output px across the axis. */
  acrossScale: number;
  /**
   * acrossScale's factor at each body point (same number of points),
   * changing linearly along each segment; 1 throughout when absent. A
   * shorts leg is as wide as a trouser leg at the waist, where it lies
   * under the seat, and narrows to its thigh by the crotch (fit-targets.ts).
   */
  acrossTaper?: readonly number[];
  /**
   * Body points (indices) the warp does not blend across: straight joints
   * between two different stretches (a long trouser leg's squeezed shin
   * beside its thigh and its hem, fit-targets.ts keptHem). There the nearer
   * segment's mapping is already continuous, and blending the two stretches
   * folded the cloth into swirls at the leg's sides.
   */
  unblended?: readonly number[];
  /** A sleeve's cuff drawn as a straight line across the arm (see cuffLine). */
  cuff?: CuffLine;
}

interface Seg {
  ax: number; ay: number; dx: number; dy: number; len: number;
  gx: number; gy: number; gdx: number; gdy: number; glen: number;
  /** No blending across this segment's far joint: the limb folds back there (see FOLD_COS) or the warp says so (LimbWarp.unblended). */
  folds: boolean;
  /** acrossScale's factor at the segment's start and end (LimbWarp.acrossTaper). */
  sa: number; sb: number;
}

export function prepareLimb(w: LimbWarp): Seg[] {
  const segs: Seg[] = [];
  for (let i = 0; i + 1 < w.body.length; i++) {
    const a = w.body[i]!, b = w.body[i + 1]!, g = w.garment[i]!, h = w.garment[i + 1]!;
    const len = Math.hypot(b.x - a.x, b.y - a.y) || 1e-6;
    const glen = Math.hypot(h.x - g.x, h.y - g.y) || 1e-6;
    segs.push({ ax: a.x, ay: a.y, dx: (b.x - a.x) / len, dy: (b.y - a.y) / len, len, gx: g.x, gy: g.y, gdx: (h.x - g.x) / glen, gdy: (h.y - g.y) / glen, glen, folds: false, sa: w.acrossTaper?.[i] ?? 1, sb: w.acrossTaper?.[i + 1] ?? 1 });
  }
  // (the joint between segments i and i + 1 is body point i + 1)
  for (let i = 0; i + 1 < segs.length; i++) segs[i]!.folds = segs[i]!.dx * segs[i + 1]!.dx + segs[i]!.dy * segs[i + 1]!.dy < FOLD_COS || (w.unblended?.includes(i + 1) ?? false);
  return segs;
}

/**
 * Maps output (x, y) to garment coordinates. Each segment maps the pixel by
 * its own (unclamped) projection; the mappings of segments about as near as
 * the nearest (within `JOINT_BLEND` × `extend`) are blended by
 * nearness. Taking only the nearest segment clamped at the joint sent every
 * pixel on the outside of a bent elbow to the same garment row, which drew
 * radial streaks there (a sleeve on an arm akimbo).
 * Beyond the first and last joints the segment is extended straight.
 * Returns the distance to the axis (output px) in out[2], Infinity beyond
 * `extend` px past either end.
 */
export function mapLimb(segs: Seg[], acrossScale: number, extend: number, x: number, y: number, out: Float32Array): void {
  let bestD = Infinity, best = 0;
  const n = segs.length;
  if (dists.length < n) dists = new Float64Array(n * 2);
  for (let i = 0; i < n; i++) {
    const s = segs[i]!;
    const px = x - s.ax, py = y - s.ay;
    const t = px * s.dx + py * s.dy;
    // the ends extend straight (root and cuff), the joints do not
    const tc = i === 0 && i === n - 1 ? t : i === 0 ? Math.min(t, s.len) : i === n - 1 ? Math.max(t, 0) : Math.max(0, Math.min(s.len, t));
    const ex = px - tc * s.dx, ey = py - tc * s.dy;
    const d = Math.sqrt(ex * ex + ey * ey);
    dists[i] = d;
    if (d < bestD) {
      bestD = d;
      best = i;
    }
  }
  // Past the ends the axis extends only a little: a sleeve's root overlaps the
  // shoulder and its cuff may hang past the wrist, nothing further.
  const first = segs[0]!, last = segs[n - 1]!;
  const t0 = (x - first.ax) * first.dx + (y - first.ay) * first.dy;
  const tn = (x - last.ax) * last.dx + (y - last.ay) * last.dy;
  if ((best === 0 && t0 < -extend) || (best === n - 1 && tn > last.len + extend)) {
    out[2] = Infinity;
    return;
  }
  const band = Math.max(1, extend * JOINT_BLEND);
  let wSum = 0, gx = 0, gy = 0;
  for (let i = 0; i < n; i++) {
    const w = 1 - (dists[i]! - bestD) / band;
    if (w <= 0 || foldsBetween(segs, i, best)) continue;
    const s = segs[i]!;
    const px = x - s.ax, py = y - s.ay;
    // the first segment is not extended backwards past the limb's root, nor the
    // last past its end, beyond what the nearest one allows
    let t = px * s.dx + py * s.dy;
    if (i === 0 && t < 0 && best !== 0) t = 0;
    if (i === n - 1 && t > s.len && best !== n - 1) t = s.len;
    const nn = -px * s.dy + py * s.dx;
    const tg = (t / s.len) * s.glen;
    const ng = nn * acrossScale * (s.sa + (s.sb - s.sa) * Math.max(0, Math.min(1, t / s.len)));
    gx += w * (s.gx + tg * s.gdx - ng * s.gdy);
    gy += w * (s.gy + tg * s.gdy + ng * s.gdx);
    wSum += w;
  }
  out[0] = gx / wSum;
  out[1] = gy / wSum;
  out[2] = bestD;
}

/**
 * A sleeve's cuff as the garment photo has it, for a straight cuff on the arm.
 * The sleeve's axis runs from its seam to the cuff's centre; a sleeve lying
 * slanted or folded in the flat-lay ends in an edge that is not square to
 * that axis (and a matte's rim is uneven), and warped onto the arm that edge
 * came out slanted, wavy and jagged, with skin notches at its short side.
 * Near the cuff each garment row is moved along the axis by the cloth's own
 * edge's distance from a straight line (`at`), so the drawn edge lies on
 * that line, square to the arm.
 */
export interface CuffLine {
  /** The garment axis's end (the cuff's centre) and its unit direction, garment px. */
  end: Pt;
  dir: Pt;
  /** The straight cuff's position along the axis from `end`, garment px. */
  at: number;
  /** Length before `at` over which the move eases in, garment px. */
  ramp: number;
  /** Across offset (normal (−dir.y, dir.x)) of bin 0's centre, and the bins' width, garment px. */
  c0: number;
  binPx: number;
  /** Per across bin: the cloth's edge minus `at`, garment px (clamped, smoothed). */
  shift: Float32Array;
}

/** How the cuff is straightened (see CuffLine). */
export const CUFF = {
  /** The move eases in over this share of the sleeve's axis before the cuff. */
  rampOfAxis: 0.3,
  /** Largest move, as a share of the ramp: below 1 the garment rows keep their order (no folding). */
  maxShiftOfRamp: 0.5,
  /** Only cloth within this share of the axis before its end counts as cuff (not the armpit's side). */
  lookbackOfAxis: 0.5,
  /**
   * Steepest change of the move across the sleeve, along px per across px.
   * The moves are raised to the least profile this steep over the edge's: a
   * row moved less than its cloth reaches drew a spike past the line, and a
   * move jumping between neighbouring rows (a rounded corner beside a long
   * side) sheared the cloth there into a fringe; rows moved more than their
   * own only end a little short of the line (a rounded corner).
   */
  slope: 1,
  /**
   * The moves are first averaged over this many bins each side: read pixel
   * by pixel, a straight but slanted flat-lay edge is a staircase, and its
   * steps, magnified along the arm, drew a sawtooth cuff.
   */
  smoothBins: 2,
  /** Pixels of the piece covered less than this are not cloth. */
  minCover: 0.05,
} as const;

/**
 * The cuff line of a sleeve whose garment axis runs `from` → `to` (garment
 * px), its piece `mask` at the analysis size (`k` garment px per analysis
 * px); null when the piece has no cloth near the cuff.
 */
export function cuffLine(mask: Mask, k: number, from: Pt, to: Pt): CuffLine | null {
  const len = Math.hypot(to.x - from.x, to.y - from.y);
  if (!(len > 0)) return null;
  const dir = { x: (to.x - from.x) / len, y: (to.y - from.y) / len };
  const nBins = Math.max(1, Math.ceil((2 * len) / k) + 1);
  const c0 = -((nBins - 1) / 2) * k;
  const edge = new Float32Array(nBins).fill(-Infinity);
  // (the plane and the mask's width in locals: read through the mask object per pixel, most of them off the sleeve)
  const data = mask.data, w = mask.width;
  for (let y = 0; y < mask.height; y++) {
    for (let x = 0; x < w; x++) {
      const m = data[y * w + x]!;
      if (m < CUFF.minCover) continue;
      const px = x * k - to.x, py = y * k - to.y;
      // (a rim pixel's cover places the outline within it: the edge to a fraction of a pixel)
      const a = px * dir.x + py * dir.y + (m - 0.5) * k;
      const b = Math.round((-px * dir.y + py * dir.x - c0) / k);
      if (a < -len * CUFF.lookbackOfAxis || b < 0 || b >= nBins) continue;
      if (a > edge[b]!) edge[b] = a;
    }
  }
  const found = edge.filter((e) => e > -Infinity);
  if (found.length === 0) return null;
  const at = median(found);
  const ramp = len * CUFF.rampOfAxis;
  return { end: to, dir, at, ramp, c0, binPx: k, shift: edgeShift(edge, at, ramp * CUFF.maxShiftOfRamp, CUFF.slope * k) };
}

/**
 * Each bin's edge minus `at`, clamped to ±`max`; empty bins take their
 * nearest found bin's; averaged over CUFF.smoothBins; then raised to the
 * least profile changing by at most `step` per bin (see CUFF.slope).
 */
export function edgeShift(edge: Float32Array, at: number, max: number, step: number): Float32Array {
  const n = edge.length;
  const raw = new Float32Array(n);
  // (each bin's nearest found bin: left-to-right then right-to-left)
  const near = new Int32Array(n).fill(-1);
  for (let i = 0, last = -1; i < n; i++) near[i] = last = edge[i]! > -Infinity ? i : last;
  for (let i = n - 1, last = -1; i >= 0; i--) {
    if (edge[i]! > -Infinity) last = i;
    if (last >= 0 && (near[i]! < 0 || last - i < i - near[i]!)) near[i] = last;
  }
  for (let i = 0; i < n; i++) raw[i] = near[i]! < 0 ? 0 : Math.max(-max, Math.min(max, edge[near[i]!]! - at));
  // (each bin's move averaged over CUFF.smoothBins bins each side: an edge read pixel by pixel is noisy)
  const out = new Float32Array(n);
  const r = CUFF.smoothBins;
  for (let i = 0; i < n; i++) {
    let sum = 0, cnt = 0;
    for (let j = Math.max(0, i - r); j <= Math.min(n - 1, i + r); j++, cnt++) sum += raw[j]!;
    out[i] = sum / cnt;
  }
  // (the least function over the averages whose slope stays within `step` per bin: forwards, then backwards)
  for (let i = 1; i < n; i++) out[i] = Math.max(out[i]!, out[i - 1]! - step);
  for (let i = n - 2; i >= 0; i--) out[i] = Math.max(out[i]!, out[i + 1]! - step);
  return out;
}

/** Moves a garment sample (out[0..1]) near the cuff by its row's shift (see CuffLine). */
export function straightenCuff(cuff: CuffLine, out: Float32Array): void {
  const px = out[0]! - cuff.end.x, py = out[1]! - cuff.end.y;
  const a = px * cuff.dir.x + py * cuff.dir.y;
  const w = Math.min(1, (a - (cuff.at - cuff.ramp)) / cuff.ramp);
  if (w <= 0) return;
  const f = (-px * cuff.dir.y + py * cuff.dir.x - cuff.c0) / cuff.binPx;
  const n = cuff.shift.length;
  const i = Math.max(0, Math.min(n - 1, Math.floor(f)));
  const j = Math.min(n - 1, i + 1);
  const t = Math.max(0, Math.min(1, f - i));
  const s = (cuff.shift[i]! * (1 - t) + cuff.shift[j]! * t) * w;
  out[0] = out[0]! + cuff.dir.x * s;
  out[1] = out[1]! + cuff.dir.y * s;
}

/** Whether the limb folds back at a joint between segments `i` and `j`. */
function foldsBetween(segs: Seg[], i: number, j: number): boolean {
  for (let k = Math.min(i, j); k < Math.max(i, j); k++) if (segs[k]!.folds) return true;
  return false;
}

/**
 * Cosine of the turn at a joint past which the limb counts as folded back
 * (over 120°: a hand raised to the face, the forearm lying along the upper
 * arm). There the two segments lie a few px apart over their whole length,
 * so every pixel was near both, and their blend averaged the sleeve's upper
 * and lower rows into a swirl; each pixel takes the nearest one's cloth.
 * Bends up to it (an arm akimbo) still blend round the elbow.
 */
const FOLD_COS = -0.5;

/** Distances to each segment, reused across calls (the warp calls this per output pixel). */
let dists = new Float64Array(8);

/** Segments nearer than the nearest by less than this share of `extend` blend. */
const JOINT_BLEND = 0.5;
