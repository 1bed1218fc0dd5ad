/**
 * Remnants of the old garment left in a try-on result as compact pieces: a
 * cuff on a shoe, a collar, a strip of an old skirt at a hem, an old sleeve's
 * end beside a new one. The verdict's share of old-coloured pixels per
 * removed pixel (oldGarmentLeft) misses them on large garments: a trouser's
 * two cuffs are a few per cent of the trousers. Here they are counted as
 * connected pieces of a meaningful size, in shoulder widths², so a small
 * visible remnant counts the same on any garment.
 *
 * A pure function of masks and images at the analysis size.
 */
import { createMask, type Mask, type RgbImage } from '../../vision/image.js';
import { boundedChessboardDistance, cropToBounds, grownBox, type PixelBox } from '../../vision/box-distance.js';
import { components, maskArea, maskBounds } from '../../vision/mask-ops.js';
import { extractPaletteInBox, nearAny, paletteDistance2, type Palette } from '../../vision/palette.js';

/** What the verdict's old-garment figures read: the share of old colours (quality-verdict.ts) and the remnants here. */
export interface OldGarmentInputs {
  /** The person photo and the result, both at the analysis size. */
  original: RgbImage;
  result: RgbImage;
  /** The old garment as the passes removed it. */
  old: Mask;
  /** The new garments as drawn: where they cover, nothing old can show. */
  cover: Mask;
  /** Pixels of the photo known not to be the old garment (skin, background): what a clean fill looks like. */
  surround: Mask;
  /** Pixels kept on purpose (face, hair, hands, the other garment, a layer worn beneath): never counted. */
  keep: Mask;
  /** How far beside the removed region old colours are looked for, px. */
  bandPx: number;
  /** readOldColours of these inputs, when the caller already has it (both figures read the same). */
  colours?: OldColours;
}

export interface RemnantInputs extends OldGarmentInputs {
  /** Pixels the try-on left as they were in the photo. */
  untouched: Mask;
  shoulderWidthPx: number;
}

/** The old and new garments' colours and the distance to the removed region: read once for the verdict's old-garment figures. */
export interface OldColours {
  /** The old garment's palette in the photo; null when it is too small to read. */
  oldPalette: Palette | null;
  /** The new garments' palette as drawn in the result; null when nothing is drawn. */
  newPalette: Palette | null;
  /** Chessboard distance to the old garment, px, capped past bandPx · surroundBands (every distance the figures compare). */
  near: Uint8Array;
  /** The old garment's bounds (maskBounds), null when it is empty: the figures' scans are boxed by it (nearBox). */
  oldBox: PixelBox | null;
}

/** The colours and distance the old-garment figures compare (see OldColours). */
export function readOldColours(x: Pick<RemnantInputs, 'original' | 'result' | 'old' | 'cover' | 'bandPx'>): OldColours {
  // (the old garment's bounds found once: the palette, the distance and the figures' boxes all start from them)
  const oldBox = maskBounds(x.old);
  return {
    // (each read in its mask's box: the same pixels in the same order, not the whole frame)
    oldPalette: extractPaletteInBox(x.original, x.old, 3, oldBox),
    newPalette: extractPaletteInBox(x.result, x.cover, 3, maskBounds(x.cover)),
    // (swept over the old garment's box grown by the cap only: the same distance, the frame's far side left out)
    near: boundedChessboardDistance(x.old, x.bandPx * REMNANT.surroundBands + 1, undefined, oldBox),
    oldBox,
  };
}

/** How a pixel reads as the old garment's, and how large a piece of them counts. */
export const REMNANT = {
  /** RGB distance² within which a pixel has one of the old garment's colours. */
  oldColourD2: 30 * 30,
  /** A remnant pixel must be this many times farther (in distance²) from the clean fill's and the new garment's colours than from the old one's. */
  otherRatio: 4,
  /** A piece smaller than this, shoulder widths², is noise or a shadow in a seam, not a remnant seen at normal size. */
  minPieceSw2: 0.002,
  /** The clean fill's colours are read from the surroundings within this many band widths of the removed region. */
  surroundBands: 3,
} as const;

/**
 * Pixels of the result in the removed region or within `bandPx` of it,
 * outside the new garment and the kept parts, that read as the old garment:
 * near one of its colours and clearly farther from what a clean result shows
 * there (the skin and background around the removed region, as in the
 * photo) and from the new garment's colours (its own soft edge is no
 * remnant).
 */
export function remnantPixels(x: RemnantInputs): Mask {
  const out = createMask(x.old.width, x.old.height);
  const { oldPalette, newPalette, near, oldBox } = x.colours ?? readOldColours(x);
  if (!oldPalette) return out;
  // (read at the first pixel in old colours: a clean result has none)
  let others: Palette[] | undefined;
  const ch = x.result.channels;
  // (the planes read per pixel taken out of their objects once: read through them, such loops ran 2–3× slower)
  const cover = x.cover.data, keep = x.keep.data, surround = x.surround.data, untouched = x.untouched.data, rgb = x.result.data;
  const box = nearBox(x.old, x.bandPx, oldBox), w = out.width;
  for (let y = box ? box.y0 : 0; box && y <= box.y1; y++) {
    for (let i = y * w + box.x0, end = y * w + box.x1; i <= end; i++) {
      if (near[i]! > x.bandPx || cover[i]! >= 0.5 || keep[i]! >= 0.5) continue;
      // (skin or background left as the photo showed it is what a clean result shows there, whatever its colour)
      if (surround[i]! >= 0.5 && untouched[i]! >= 0.5) continue;
      const r = rgb[i * ch]!, g = rgb[i * ch + 1]!, b = rgb[i * ch + 2]!;
      const dOld = paletteDistance2(oldPalette, r, g, b);
      if (dOld > REMNANT.oldColourD2) continue;
      others ??= [ringPalette(x, near, x.bandPx * REMNANT.surroundBands, oldBox), newPalette].filter((p): p is Palette => p !== null);
      if (nearAny(others, r, g, b, dOld * REMNANT.otherRatio)) continue;
      out.data[i] = 1;
    }
  }
  return out;
}

/**
 * The box within `reachPx` of `old`'s (within the frame), null when `old` is
 * empty: no pixel beyond it lies within `reachPx` of the old garment, so
 * scans gated by that distance read it only (in raster order, as the frame).
 * `b`: old's maskBounds, when the caller has them.
 */
export function nearBox(old: Mask, reachPx: number, b: PixelBox | null = maskBounds(old)): PixelBox | null {
  if (!b) return null;
  // (the distances are bytes, capped at 255: from there a pixel anywhere may read as near)
  if (reachPx >= 255) return { x0: 0, y0: 0, x1: old.width - 1, y1: old.height - 1 };
  return grownBox(b, reachPx, old.width, old.height);
}

/** The colours of the surroundings within `reachPx` of the removed region (the photo's): what a clean fill there looks like. */
function ringPalette(x: Pick<RemnantInputs, 'original' | 'old' | 'surround'>, near: Uint8Array, reachPx: number, oldBox: PixelBox | null): Palette | null {
  const { width: w } = x.surround;
  const ring = createMask(w, x.surround.height);
  const sd = x.surround.data;
  const box = nearBox(x.old, reachPx, oldBox);
  for (let y = box ? box.y0 : 0; box && y <= box.y1; y++) {
    for (let i = y * w + box.x0, end = y * w + box.x1; i <= end; i++) ring.data[i] = near[i]! <= reachPx && sd[i]! >= 0.5 ? 1 : 0;
  }
  // (the ring lies in the box it was made in: read there only)
  return extractPaletteInBox(x.original, ring, 3, box);
}

/** Area of the pieces of `pixels` at least `minPiecePx` large, px. */
export function piecesArea(pixels: Mask, minPiecePx: number): number {
  // (labelled in the pixels' box: remnants are a few small pieces, the frame mostly empty)
  const crop = cropToBounds(pixels);
  if (!crop) return 0;
  let total = 0;
  for (const s of components(crop).sizes) if (s >= minPiecePx) total += s;
  return total;
}

/** The old garment's remnants in the result, shoulder widths²: the area of its pieces of meaningful size. */
export function oldRemnants(x: RemnantInputs): number {
  const sw2 = Math.max(1, x.shoulderWidthPx * x.shoulderWidthPx);
  if (maskArea(x.old) === 0) return 0;
  return piecesArea(remnantPixels(x), REMNANT.minPieceSw2 * sw2) / sw2;
}
