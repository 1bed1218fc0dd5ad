/**
 * The old lower garment's band under the old top's hem. Over a new lower
 * garment the old top stays in front (protected), and the parse's top often
 * reaches a few rows past the hem onto the lower garment's waistband (a dark
 * sweater's ribbing shades the band's first rows towards the top's colours):
 * read as the top, those rows stayed as a sliver of the old skirt above the
 * new waistband.
 *
 * Palettes at the chest and the thighs do not tell one printed cloth from two
 * (a printed dress worn as one piece measured as two, and a rule reading them
 * made its hem ragged), so the band is told locally: per column, going up
 * from the top's lower edge, the run of pixels that look like the cloth just
 * below the edge and not like the cloth just above the band's reach; a column
 * counts only where that run ends within the reach (a hem line above it, not
 * one cloth going on), and only stretches of such columns whose band tops form
 * a line as wide as a waistband's visible piece are given to the lower garment.
 *
 * Under a printed top colour alone cannot tell the band: the print's shaded
 * marks hold every grey of a plain waistband in the top's shadow, so the band
 * was no farther from the cloth above than from the cloth below, and stayed
 * as a grey strip over the new waistband. There the band is told by texture
 * along the rows (HEM_BAND_TEXTURE): where the cloth above is busy and the
 * cloth below plain, a plain pixel like the cloth below in colour is the
 * band's too.
 */
import { createMask, lumaOf, type Mask, type RgbImage } from '../../vision/image.js';
import { median } from '../../vision/robust-stats.js';
import { shadedDistance2, type Palette } from '../../vision/palette.js';

export const HEM_BAND = {
  /** The band's greatest depth above the top's lower edge, shoulder widths (a waistband under ribbing: 0.04–0.06). */
  maxDepthSw: 0.08,
  /** Fewest rows of a column's band: one row is the edge's mixed pixel, not a band. */
  minRows: 2,
  /** Columns either side whose pixels sample the cloth below and above (a print's single marks average out over 5). */
  sampleHalfCols: 2,
  /** Rows sampled below the edge (the old lower garment) and above the band's reach (the top). */
  sampleRows: 3,
  /** Fewest samples either side for a column to be read. */
  minSamples: 5,
  /** RGB distance (in more or less light, shadedDistance2) within which a pixel looks like the cloth below: a band in the top's shadow is its own colour darker. */
  nearBelow: 45,
  /** RGB units by which a band pixel must be nearer the cloth below than the cloth above. */
  margin: 20,
  /** Narrowest stretch of band columns given to the lower garment, shoulder widths (a printed cloth's chance matches stay narrower). */
  minStretchSw: 0.1,
  /**
   * Most rows in a row that fail the test inside a band: a plaid's dark line
   * across the band is like the dark top above, and ending the band there
   * left the rows above it as a speck of the old skirt.
   */
  maxSkipRows: 2,
  /** Greatest change of the band's top row between neighbouring band columns, px (a hem is a line; the band's top wavers by a plaid's lines); a gap column adds its own px. */
  maxTopStep: 3,
  /** Most columns without a band inside a stretch. */
  maxGapCols: 2,
} as const;

/**
 * The band told by texture along the rows where colour cannot (a printed top
 * over a plain lower garment). A pixel's row texture is the mean absolute
 * luma step between row neighbours over 2·halfCols + 1 columns: along the row
 * only, so the hem line's own contrast across the rows stays out of a band
 * pixel's measure.
 */
export const HEM_BAND_TEXTURE = {
  /** Half width of the row window, px (at the analysis size a print's marks are 2–6 px across, so a window of 7 holds a few). */
  halfCols: 3,
  /**
   * Median row texture of the samples above the band's reach from which the
   * top reads as printed, luma units per px: a print's leaves and flowers
   * measured 20–70, a plain cloth's weave and soft shading 2–10.
   */
  busyMin: 15,
  /**
   * Most median row texture of the samples below the edge for the cloth
   * below to read as plain, luma units per px: a printed dress's print below
   * the edge is as busy as above it, and its pixels are never told by texture.
   */
  plainBelowMax: 10,
  /**
   * A band pixel is plain at most this share of the cloth above's median
   * row texture, and at most plainMax: a plain waistband's belt loops and
   * stitching measured 2–30 under a print of 40–70.
   */
  plainShareOfAbove: 0.5,
  plainMax: 20,
} as const;

/** What the hem band reads (analysis size): the photo and the parse's top and lower garment (from 0.5). */
export interface HemBandInput {
  small: RgbImage;
  upper: Mask;
  lower: Mask;
  /** Shoulder width, analysis px. */
  swPx: number;
}

/**
 * The pixels of the old top's parse that are the old lower garment's band
 * under its hem (HEM_BAND), a new mask (1 or 0), or null where there is none.
 */
export function lowerBandUnderHem(x: HemBandInput): Mask | null {
  const { width: w } = x.upper;
  const depth = Math.max(HEM_BAND.minRows + 1, Math.round(HEM_BAND.maxDepthSw * x.swPx));
  const edges = topLowerEdges(x.upper, x.lower);
  const rows = new Int32Array(w);
  for (let col = 0; col < w; col++) rows[col] = edges[col]! < 0 ? 0 : bandRows(x, edges, col, depth);
  const kept = bandStretches(edges, rows, HEM_BAND.minStretchSw * x.swPx);
  if (!kept.some((n) => n > 0)) return null;
  const out = createMask(w, x.upper.height);
  for (let col = 0; col < w; col++) for (let k = 0; k < kept[col]!; k++) out.data[(edges[col]! - k) * w + col] = 1;
  return out;
}

/** Per column, the top's lower edge over the lower garment: the lowest row of the top whose pixel below is the lower garment's alone; −1 where there is none. */
export function topLowerEdges(upper: Mask, lower: Mask): Int32Array {
  const { width: w, height: h } = upper;
  const edges = new Int32Array(w).fill(-1);
  for (let col = 0; col < w; col++) {
    for (let y = h - 2; y >= 0; y--) {
      const i = y * w + col;
      if (upper.data[i]! >= 0.5 && upper.data[i + w]! < 0.5 && lower.data[i + w]! >= 0.5) {
        edges[col] = y;
        break;
      }
    }
  }
  return edges;
}

/** A palette of the pixels at `indices` of `small`, each its own centre. */
function samplePalette(small: RgbImage, indices: number[]): Palette {
  const ch = small.channels, centres = new Float32Array(indices.length * 3);
  indices.forEach((i, k) => centres.set([small.data[i * ch]!, small.data[i * ch + 1]!, small.data[i * ch + 2]!], k * 3));
  return { centres, weights: indices.map(() => 1 / indices.length) };
}

/**
 * The cloth below the edge (lower garment alone) and above the band's reach
 * (the top) about column `col`, or null with too few samples; `plainMax`, the
 * most row texture of a band pixel told by texture (plainBandTexture).
 */
function clothAbout(x: HemBandInput, edges: Int32Array, col: number, depth: number): { below: Palette; above: Palette; plainMax: number } | null {
  const { width: w, height: h } = x.upper;
  const below: number[] = [], above: number[] = [];
  for (let c = col - HEM_BAND.sampleHalfCols; c <= col + HEM_BAND.sampleHalfCols; c++) {
    const e = c >= 0 && c < w ? edges[c]! : -1;
    if (e < 0) continue;
    for (let k = 1; k <= HEM_BAND.sampleRows; k++) {
      const b = (e + k) * w + c, a = (e - depth - k) * w + c;
      if (e + k < h && x.lower.data[b]! >= 0.5 && x.upper.data[b]! < 0.5) below.push(b);
      if (e - depth - k >= 0 && x.upper.data[a]! >= 0.5) above.push(a);
    }
  }
  if (below.length < HEM_BAND.minSamples || above.length < HEM_BAND.minSamples) return null;
  return { below: samplePalette(x.small, below), above: samplePalette(x.small, above), plainMax: plainBandTexture(x.small, above, below) };
}

/**
 * The most row texture of a band pixel told by texture (HEM_BAND_TEXTURE)
 * where the samples `above` (frame indices) are busy and those `below`
 * plain: plainShareOfAbove of the median above, at most plainMax; else 0
 * (no pixel is told by texture there).
 */
export function plainBandTexture(small: RgbImage, above: number[], below: number[]): number {
  const T = HEM_BAND_TEXTURE;
  const texture = (i: number) => rowTexture(small, i % small.width, Math.floor(i / small.width));
  const busy = median(above.map(texture));
  if (busy < T.busyMin || median(below.map(texture)) > T.plainBelowMax) return 0;
  return Math.min(T.plainMax, busy * T.plainShareOfAbove);
}

/** The mean absolute luma step between row neighbours about (x, y) over HEM_BAND_TEXTURE.halfCols either side (within the frame). */
export function rowTexture(small: RgbImage, x: number, y: number): number {
  const { width: w, channels: ch, data } = small;
  const x0 = Math.max(0, x - HEM_BAND_TEXTURE.halfCols), x1 = Math.min(w - 1, x + HEM_BAND_TEXTURE.halfCols);
  if (x1 <= x0) return 0;
  const luma = (c: number) => { const p = (y * w + c) * ch; return lumaOf(data[p]!, data[p + 1]!, data[p + 2]!); };
  let sum = 0, prev = luma(x0);
  for (let c = x0 + 1; c <= x1; c++) { const l = luma(c); sum += Math.abs(l - prev); prev = l; }
  return sum / (x1 - x0);
}

/**
 * How many rows of column `col`, up from its edge, are the lower garment's
 * band: the run of the top's pixels like the cloth below and not like the
 * cloth above, or plain under a printed top (HEM_BAND, HEM_BAND_TEXTURE; up
 * to maxSkipRows failing in a row inside it); 0
 * when the run is shorter than minRows or reaches `depth` (no hem line within
 * reach: one cloth going on).
 */
function bandRows(x: HemBandInput, edges: Int32Array, col: number, depth: number): number {
  const cloth = clothAbout(x, edges, col, depth);
  if (!cloth) return 0;
  const { width: w } = x.upper, rgb = x.small.data, ch = x.small.channels;
  // (n: the rows up to the last that passes; the walk ends after maxSkipRows + 1 failing rows in a row, or off the top)
  let n = 0;
  for (let k = 0, y = edges[col]!; k < depth + HEM_BAND.maxSkipRows && y >= 0; k++, y--) {
    const i = y * w + col;
    if (x.upper.data[i]! < 0.5) break;
    const r = rgb[i * ch]!, g = rgb[i * ch + 1]!, b = rgb[i * ch + 2]!;
    const dBelow = Math.sqrt(shadedDistance2(cloth.below, r, g, b, 0)), dAbove = Math.sqrt(shadedDistance2(cloth.above, r, g, b, 0));
    // (under a printed top a plain pixel of the cloth below's colour is the band's, however near the print's colours it is)
    const plain = cloth.plainMax > 0 && rowTexture(x.small, col, y) <= cloth.plainMax;
    if (dBelow < HEM_BAND.nearBelow && (dAbove > dBelow + HEM_BAND.margin || plain)) n = k + 1;
    else if (k - n >= HEM_BAND.maxSkipRows) break;
  }
  return n >= HEM_BAND.minRows && n < depth ? n : 0;
}

/**
 * The band rows per column kept: only stretches of band columns (gaps of at
 * most HEM_BAND.maxGapCols) whose band tops step by at most maxTopStep px
 * (plus a gap's width) and that are at least `minWidth` columns wide.
 */
export function bandStretches(edges: Int32Array, rows: Int32Array, minWidth: number): Int32Array {
  const w = rows.length, kept = new Int32Array(w);
  const topOf = (c: number) => edges[c]! - rows[c]! + 1;
  for (let start = 0; start < w; ) {
    if (rows[start] === 0) { start++; continue; }
    let last = start;
    for (let c = start + 1; c < w && c - last <= HEM_BAND.maxGapCols + 1; c++) {
      if (rows[c] === 0) continue;
      if (Math.abs(topOf(c) - topOf(last)) > HEM_BAND.maxTopStep + (c - last - 1)) break;
      last = c;
    }
    if (last - start + 1 >= minWidth) kept.set(gapsFilled(edges, rows, start, last), start);
    start = last + 1;
  }
  return kept;
}

/**
 * A stretch's band rows (columns `start`..`last`) with its gap columns given
 * the band down from the lower of their neighbours' band tops: a plaid's dark
 * stripe in the band is like the dark top above and failed the test, and
 * stayed as a speck of the old skirt between band columns. At most
 * maxTopStep rows more than the deeper neighbour's band.
 */
function gapsFilled(edges: Int32Array, rows: Int32Array, start: number, last: number): Int32Array {
  const out = rows.slice(start, last + 1);
  const topOf = (c: number) => edges[c]! - rows[c]! + 1;
  let prev = start;
  for (let c = start + 1; c < last; c++) {
    if (rows[c] !== 0) { prev = c; continue; }
    let next = c + 1;
    while (rows[next] === 0) next++;
    const top = Math.max(topOf(prev), topOf(next)), n = edges[c]! - top + 1;
    if (edges[c]! >= 0 && n > 0 && n <= Math.max(rows[prev]!, rows[next]!) + HEM_BAND.maxTopStep) out[c - start] = n;
  }
  return out;
}
