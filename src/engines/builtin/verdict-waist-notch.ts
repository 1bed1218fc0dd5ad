/**
 * Fill notches beside a new waistband narrower than the old garment: when new
 * trousers or a skirt replace a dress's or a long top's lower part, the part
 * kept above is cut at the new waistband, and where that waistband is
 * narrower than the old garment the removal leaves fill beside it, under the
 * kept garment's cut (a white or smudged notch at each side of the waist).
 * Fill under a top's own hem (the photo below it another colour: trousers,
 * skin, background) is the background a narrower waistband shows: not counted.
 *
 * A pure function of masks at the analysis size.
 */
import { createMask, type Mask, type RgbImage } from '../../vision/image.js';
import { piecesArea } from './verdict-remnants.js';

/** Where notches are looked for, shoulder widths (sw). */
export const WAIST_NOTCH = {
  /** The new garment within this far in the pixel's row (the fill lies beside it). */
  besideSw: 0.25,
  /** The kept garment must lie within this far above the fill pixel in its column. */
  underSw: 0.12,
  /** RGB distance within which the photo at the fill pixel is the kept garment's colour just above it (the garment went on there: cut, not ended at its hem). */
  sameD: 30,
  /** Pieces smaller than this, sw², are a corner at a hand or a soft edge. */
  minPieceSw2: 0.001,
} as const;

export interface WaistNotchInputs {
  /** The person's photo. */
  original: RgbImage;
  /** The new lower garments' coverage. */
  cover: Mask;
  /** Filled pixels: changed by the removal, not covered by any new garment. */
  fill: Mask;
  /** The old lower garment the passes removed. */
  oldLower: Mask;
  /** The kept garment: the person's pixels the result left unchanged that are neither skin nor kept on purpose (face, hands). */
  keptGarment: Mask;
  shoulderWidthPx: number;
}

/** The nearest row of `m` within `reach` rows above (x, y); -1 when none. */
function rowAbove(m: Mask, x: number, y: number, reach: number): number {
  for (let yy = y - 1; yy >= Math.max(0, y - reach); yy--) if (m.data[yy * m.width + x]! >= 0.5) return yy;
  return -1;
}

/** RGB distance between the photo's pixels `i` and `j`. */
function photoD(img: RgbImage, i: number, j: number): number {
  const d = img.data, c = img.channels;
  return Math.hypot(d[i * c]! - d[j * c]!, d[i * c + 1]! - d[j * c + 1]!, d[i * c + 2]! - d[j * c + 2]!);
}

/** Whether `m` has a pixel within `reach` columns of (x, y) in its row. */
function beside(m: Mask, x: number, y: number, reach: number): boolean {
  const row = y * m.width;
  for (let xx = Math.max(0, x - reach); xx <= Math.min(m.width - 1, x + reach); xx++) if (m.data[row + xx]! >= 0.5) return true;
  return false;
}

/** The notch pixels: fill inside the old lower garment, just under the kept garment in its column where the photo had that garment's colour, beside the new garment in its row. */
export function waistNotchPixels(x: WaistNotchInputs): Mask {
  const { width: w, height: h } = x.cover;
  const out = createMask(w, h);
  const sw = x.shoulderWidthPx;
  const side = Math.max(1, Math.round(WAIST_NOTCH.besideSw * sw)), under = Math.max(1, Math.round(WAIST_NOTCH.underSw * sw));
  for (let y = 1; y < h; y++) {
    for (let xx = 0; xx < w; xx++) {
      const i = y * w + xx;
      if (x.fill.data[i]! < 0.5 || x.oldLower.data[i]! < 0.5) continue;
      const k = rowAbove(x.keptGarment, xx, y, under);
      if (k >= 0 && photoD(x.original, i, k * w + xx) <= WAIST_NOTCH.sameD && beside(x.cover, xx, y, side)) out.data[i] = 1;
    }
  }
  return out;
}

/** The notches' area, shoulder widths²: their pieces of meaningful size (WAIST_NOTCH). */
export function waistNotchSw2(x: WaistNotchInputs): number {
  const sw2 = Math.max(1, x.shoulderWidthPx * x.shoulderWidthPx);
  return piecesArea(waistNotchPixels(x), WAIST_NOTCH.minPieceSw2 * sw2) / sw2;
}
