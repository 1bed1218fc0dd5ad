/**
 * A top kept in front of new trousers or a new skirt, cut straight by the new
 * garment's top edge: a coat's or a long cardigan's tails parsed as the old
 * lower garment were removed and the new garment drawn there, so the top ends
 * on a straight line at the new waistband while the photo showed it going on
 * below. Per column the new garment is drawn in, at the top edge of what
 * the result changed (the old garment removed: filled or drawn over): above
 * it the kept top (untouched, kept on purpose), below it changed pixels whose
 * photo colour continued the top's (no hem, no waistband between) and is not
 * the removed old garment's main colour (a top and trousers of one colour
 * meet at the waist without a visible line: that is no cut), unless the old
 * lower garment was a skirt's part (it covers between the legs, see
 * skirtShare) and the cut lies across the skirt (see DRESS_WAIST): then the
 * kept top and the removed part of one colour are one dress, chopped by the
 * new waistband (its bodice ending at a waistband at the waist is how
 * legwear tried on a dress is worn, a top tucked in). The figure
 * is the longest straight run of such columns, shoulder widths.
 *
 * A pure function of the photo, the drawn coverage, the kept and changed
 * masks at the analysis size.
 */
import type { Mask, RgbImage } from '../../vision/image.js';
import { extractPaletteInBox } from '../../vision/palette.js';
import { maskBounds } from '../../vision/mask-ops.js';
import type { Pt } from './tps.js';

/** How a cut is read at the new garment's top edge. */
export const TOP_CUT = {
  /** Rows compared on each side of the edge, shoulder widths (at least 2 px). */
  depthSw: 0.06,
  /** Mean RGB distance within which the photo's colour below the edge continues the one above (a hem or a waistband's change is larger). */
  colourD: 18,
  /** Share of the rows above that must be kept and unchanged, and of the rows below changed by the new garment. */
  minShare: 0.8,
  /** A run goes on while the edge's row moves at most this many px from column to column (a straight cut). */
  maxStepPx: 1,
  /** RGB distance from the removed old garment's main colour (its palette's heaviest of 3) beyond which the colour below is not that garment's. */
  oldD: 40,
  /**
   * Share of the line between the legs (see skirtShare) that the old lower
   * garment covers from which it is a skirt's part (a dress's or a skirt's):
   * trousers leave a gap between the legs there. On the tune half dresses
   * measured 1 (five, all cut at the new waistband), a mini skirt 0.13 (it
   * ends above the line); trousers 0–1: wide trousers, or thighs together,
   * cover the line as a skirt does, so this keeps the colour test only for
   * trousers with a gap between the legs (a weak test: a one-colour top and
   * wide trousers are measured as a dress; on the tune half none changed),
   * and, since DRESS_WAIST, only where the cut lies across the skirt.
   */
  minSkirtShare: 0.8,
} as const;

/**
 * Where a dress cut at the new waistband (skirtShare from
 * TOP_CUT.minSkirtShare on) is a defect. New legwear on a person in a dress
 * must end the dress somewhere: its bodice kept above a waistband at the
 * waist reads as a top tucked in, whatever the dress's colour; a waistband
 * drawn below the hip joints (where no waistband sits: low-rise trousers sit
 * on the hip bones, above them) leaves the dress chopped across its skirt.
 * On the tune half five dresses were cut so (0.82–1.11 shoulder widths of
 * cut before this): a shift dress as a top tucked into trousers (graded
 * acceptable) and a white dress whose skirt's flaps stay beside the hip
 * (graded broken: oldLeftShare) cut 0.23 shoulder widths above the hips'
 * line, a studded dress as a crop top 0.61 above (broken for ghosted hands
 * and a band across the knees: legSkinSw2), measured 0, 0.036 (its cut's
 * run below the hips at one side) and 0; a dress left over the hips and a
 * tunic cut 0.55–0.6 below the line still measured 1.03 and 0.82. No other
 * tune result moved: trousers whose thighs cover the line between the legs
 * (skirtShare 1) keep the colour test above the hips, as a coat's tails over
 * them need.
 */
export const DRESS_WAIST = {
  /** A dress's cut column counts from this far above the hips' line on, shoulder widths (keypoints' spread: a cut at the hips' line is at the hips). */
  aboveHipsSw: 0.1,
} as const;

/** Where skirtShare reads the line between the legs: from this share of the way from the hips' midpoint to the knees' midpoint… */
export const BETWEEN_LEGS = {
  from: 0.4,
  /** …to this share (a short dress ends at mid-thigh, trousers' crotch lies above `from`). */
  to: 0.6,
} as const;

/** What the figure reads (analysis size): the photo, the new lower garments' coverage, what was kept on purpose, what changed. */
export interface TopCutInput {
  original: RgbImage;
  cover: Mask;
  keep: Mask;
  /** Changed pixels of the result, 0..1. */
  changed: ArrayLike<number>;
  /** The old lower garment the passes removed. */
  oldLower: Mask;
  /** First changed row per column (see columnTops), read only where `cover` has pixels. */
  tops: Int32Array;
  shoulderWidthPx: number;
  /** skirtShare of the old lower garment: from TOP_CUT.minSkirtShare on, its colour is no reason to skip a column where the cut lies across the skirt (DRESS_WAIST). */
  skirtShare: number;
  /** The hips' line (the hip keypoints' mean row, analysis px): a dress cut above it by DRESS_WAIST.aboveHipsSw is a top tucked in. */
  hipsRow: number;
}

/**
 * Share of the line between the legs, from BETWEEN_LEGS.from to .to of the
 * way from the hips' midpoint to the knees' midpoint (analysis px), that
 * `oldLower` covers: about 1 for a skirt or a dress, low for trousers (the
 * gap between the legs, or the background showing through it).
 */
export function skirtShare(oldLower: Mask, hips: [Pt, Pt], knees: [Pt, Pt]): number {
  const mid = (a: Pt, b: Pt): Pt => ({ x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 });
  const h = mid(hips[0], hips[1]), k = mid(knees[0], knees[1]);
  const steps = Math.max(1, Math.round(Math.abs(k.y - h.y) * (BETWEEN_LEGS.to - BETWEEN_LEGS.from)));
  let n = 0, on = 0;
  for (let s = 0; s <= steps; s++) {
    const t = BETWEEN_LEGS.from + ((BETWEEN_LEGS.to - BETWEEN_LEGS.from) * s) / steps;
    const x = Math.round(h.x + (k.x - h.x) * t), y = Math.round(h.y + (k.y - h.y) * t);
    if (x < 0 || y < 0 || x >= oldLower.width || y >= oldLower.height) continue;
    n++;
    if (oldLower.data[y * oldLower.width + x]! >= 0.5) on++;
  }
  return n === 0 ? 0 : on / n;
}

/** Mean photo colour of column `x` over rows [y0, y1) where `want` holds for at least TOP_CUT.minShare of them; null otherwise. */
function columnMean(x: TopCutInput, col: number, y0: number, y1: number, want: (i: number) => boolean): [number, number, number] | null {
  const { original: o } = x;
  const w = o.width, ch = o.channels;
  let r = 0, g = 0, b = 0, n = 0, ok = 0;
  for (let y = Math.max(0, y0); y < Math.min(o.height, y1); y++) {
    const i = y * w + col;
    n++;
    if (want(i)) ok++;
    r += o.data[i * ch]!; g += o.data[i * ch + 1]!; b += o.data[i * ch + 2]!;
  }
  return n > 0 && ok >= n * TOP_CUT.minShare ? [r / n, g / n, b / n] : null;
}

/** Whether column `col` is a cut: the kept top above the changed region's edge goes on in the photo below it. */
function isCut(x: TopCutInput, col: number, depth: number, drawn: boolean, old: number[] | null): boolean {
  const t = x.tops[col]!;
  if (!drawn || t >= x.cover.height || t < depth) return false;
  const above = columnMean(x, col, t - depth, t, (i) => x.keep.data[i]! >= 0.5 && x.changed[i]! < 0.5);
  const below = above && columnMean(x, col, t, t + depth, (i) => x.changed[i]! >= 0.5);
  if (!below || Math.hypot(above[0] - below[0], above[1] - below[1], above[2] - below[2]) >= TOP_CUT.colourD) return false;
  // a dress's skirt cut across (DRESS_WAIST): the removed garment's colour is the dress's, no reason to skip
  const acrossSkirt = x.skirtShare >= TOP_CUT.minSkirtShare && t >= x.hipsRow - DRESS_WAIST.aboveHipsSw * x.shoulderWidthPx;
  return !old || acrossSkirt || Math.hypot(below[0] - old[0]!, below[1] - old[1]!, below[2] - old[2]!) > TOP_CUT.oldD;
}

/** The longest straight run of cut columns (see TOP_CUT), shoulder widths. */
export function topCutSw(x: TopCutInput): number {
  const depth = Math.max(2, Math.round(TOP_CUT.depthSw * x.shoulderWidthPx));
  const { width: w, height: h } = x.cover;
  const drawn = new Uint8Array(w);
  // (by rows: no division per covered pixel for its column)
  const cover = x.cover.data;
  for (let y = 0, i = 0; y < h; y++) for (let col = 0; col < w; col++, i++) if (cover[i]! >= 0.5) drawn[col] = 1;
  const old = mainColour(x.original, x.oldLower);
  let best = 0, run = 0;
  for (let col = 0; col < w; col++) {
    const straight = col > 0 && Math.abs(x.tops[col]! - x.tops[col - 1]!) <= TOP_CUT.maxStepPx;
    if (!isCut(x, col, depth, drawn[col] === 1, old)) { run = 0; continue; }
    run = straight && run > 0 ? run + 1 : 1;
    best = Math.max(best, run);
  }
  return best / Math.max(1, x.shoulderWidthPx);
}

/** The heaviest colour of `where`'s 3-colour palette in `img`; null when empty. */
function mainColour(img: RgbImage, where: Mask): number[] | null {
  // (read in its box only: the same pixels in the same order)
  const p = extractPaletteInBox(img, where, 3, maskBounds(where));
  if (!p) return null;
  let k = 0;
  for (let j = 1; j < p.weights.length; j++) if (p.weights[j]! > p.weights[k]!) k = j;
  return [p.centres[k * 3]!, p.centres[k * 3 + 1]!, p.centres[k * 3 + 2]!];
}
