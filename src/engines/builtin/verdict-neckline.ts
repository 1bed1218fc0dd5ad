/**
 * The inside back of a flat top left in what is drawn. A product photo of a
 * top shows the inside of its back through the front neckline: a region
 * hanging from the garment's top edge at the centre, in the shadow of the
 * front (darker), bounded below by the front neckline where the fabric turns
 * brighter. neck-opening.ts cuts it out when the photo's geometry matches a
 * neck opening seen from the front; when it does not, the drawn garment
 * carries it across the wearer's throat as a grey patch or a second collar.
 *
 * Read on the garment photo within the drawn matte (the photo has no fills,
 * no person's shading and no old garment to confuse it), down the columns
 * around the garment's centre line: a flat, darker run from the top edge
 * followed by a flat, brighter front. A worn neckline (the top edge is the
 * front neckline, cut or hidden) has no such run deeper than its collar rib;
 * a stripe or a print is not flat on both sides. An inside lit like the
 * front (a white tee's white inside) has no run darker than its front and
 * is not caught here.
 *
 * Reads a few thousand pixels of the full-size photo at the analysis grid
 * (no resize): 0.1–0.5 ms per garment on the tune half once warm, on a loaded
 * 2-core machine.
 */
import { lumaOf, type Mask, type RgbImage } from '../../vision/image.js';
import type { UpperGeometry } from './garment-landmarks.js';

/** Shares of the garment's body width (bw) and luminance units (0..255). */
export const INNER_BACK = {
  /** Columns within this of the centre line: inside any neck opening (0.3–0.45 bw wide). */
  halfWidthBw: 0.1,
  /** The darker run reaches at least this deep below the top edge (a collar rib's shadow is shallower)… */
  minDepthBw: 0.06,
  /** …and at most this deep (openings are 0.12–0.26 bw deep at the centre). */
  maxDepthBw: 0.3,
  /** The front is read over this depth below the step. */
  frontBw: 0.1,
  /** Rows at the top edge skipped, px: the matte's own edge. */
  edgeSkipPx: 2,
  /** The front is brighter than the run by at least this (neck-opening.ts measured shadowed insides 13–65 units darker; a fold's shading is fainter). */
  minLift: 10,
  /** Both sides are flat: their samples' spread (standard deviation) under this. A print or a stripe is not. */
  maxSpread: 8,
  /**
   * A neck opening dips the top edge at the centre line below its highest
   * point within this of it (the collar's corners, 0.2–0.4 bw out): by the
   * front neckline when cut or hidden, by the back neck band's own dip when
   * not (neck-opening.ts: 0.014–0.082 bw; on the tune half the drawn mattes
   * dipped 0.11–0.2 bw). A straight top edge (a bandeau, a dark print hanging
   * from it) or a mock neck rising at the centre has no inside back to show.
   */
  dipProbeBw: 0.4,
  minDipBw: 0.01,
} as const;

export interface InnerBackInputs {
  /** The garment photo at full size; the matte and geometry at the analysis size (`scale` = analysis / full). */
  photo: RgbImage;
  matte: Mask;
  scale: number;
  upper: Pick<UpperGeometry, 'neck' | 'bodyWidth' | 'bounds'>;
}

/** Share of the judged centre columns with an inside back left in (INNER_BACK), 0 when the top edge does not dip at the centre (no neck); null when no column could be read. */
export function innerBackShare(x: InnerBackInputs): number | null {
  const { matte, upper } = x;
  const bw = upper.bodyWidth;
  if (!dipsAtCentre(x)) return 0;
  const half = Math.round(bw * INNER_BACK.halfWidthBw);
  let judged = 0, found = 0;
  for (let c = Math.round(upper.neck.x) - half; c <= Math.round(upper.neck.x) + half; c++) {
    if (c < 0 || c >= matte.width) continue;
    const v = columnLuma(x, c, Math.round(bw * (INNER_BACK.maxDepthBw + INNER_BACK.frontBw)) + INNER_BACK.edgeSkipPx + 2);
    if (v === null) continue;
    judged++;
    if (hasInnerBack(v, bw)) found++;
  }
  return judged === 0 ? null : found / judged;
}

/** Whether the matte's top edge at the centre line lies minDipBw lower than its highest point within dipProbeBw (INNER_BACK). */
function dipsAtCentre(x: InnerBackInputs): boolean {
  const { matte, upper } = x;
  const bw = upper.bodyWidth, cx = Math.round(upper.neck.x), probe = Math.round(bw * INNER_BACK.dipProbeBw), y0 = upper.bounds.y0;
  let highest = matte.height;
  for (let c = cx - probe; c <= cx + probe; c++) highest = Math.min(highest, topEdge(matte, c, y0));
  return topEdge(matte, cx, y0) - highest >= bw * INNER_BACK.minDipBw;
}

/** The first matte row at or below `y0` in column `c` (the height when the column is empty or outside). */
function topEdge(matte: Mask, c: number, y0: number): number {
  if (c < 0 || c >= matte.width) return matte.height;
  let y = Math.max(0, y0);
  while (y < matte.height && matte.data[y * matte.width + c]! < 0.5) y++;
  return y;
}

/** The photo's luminance down column `c` from the matte's top edge (nearest full-size pixel), `n` samples; null when the run leaves the matte. */
function columnLuma(x: InnerBackInputs, c: number, n: number): Float32Array | null {
  const { matte, photo, scale } = x;
  const w = matte.width;
  const top = topEdge(matte, c, x.upper.bounds.y0);
  if (top + n > matte.height) return null;
  const v = new Float32Array(n);
  const fx = Math.min(photo.width - 1, Math.floor((c + 0.5) / scale)), ch = photo.channels;
  for (let k = 0; k < n; k++) {
    if (matte.data[(top + k) * w + c]! < 0.5) return null;
    const i = (Math.min(photo.height - 1, Math.floor((top + k + 0.5) / scale)) * photo.width + fx) * ch;
    v[k] = lumaOf(photo.data[i]!, photo.data[i + 1]!, photo.data[i + 2]!);
  }
  return v;
}

/** A flat run from the top edge (past edgeSkipPx) down to some depth in minDepthBw…maxDepthBw, then a flat front minLift brighter. */
export function hasInnerBack(v: ArrayLike<number>, bw: number): boolean {
  const { edgeSkipPx: s, minDepthBw, maxDepthBw, frontBw, minLift, maxSpread } = INNER_BACK;
  const front = Math.max(2, Math.round(bw * frontBw));
  for (let d = s + Math.round(bw * minDepthBw); d <= s + Math.round(bw * maxDepthBw) && d + 2 + front <= v.length; d++) {
    const run = stats(v, s, d), fr = stats(v, d + 2, d + 2 + front);
    if (fr.mean - run.mean >= minLift && run.spread <= maxSpread && fr.spread <= maxSpread) return true;
  }
  return false;
}

/** Mean and standard deviation of v[from..to). */
function stats(v: ArrayLike<number>, from: number, to: number): { mean: number; spread: number } {
  let s = 0, s2 = 0;
  for (let k = from; k < to; k++) { s += v[k]!; s2 += v[k]! * v[k]!; }
  const n = Math.max(1, to - from), mean = s / n;
  return { mean, spread: Math.sqrt(Math.max(0, s2 / n - mean * mean)) };
}
