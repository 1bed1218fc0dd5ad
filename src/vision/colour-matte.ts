/**
 * A second way to cut a product photo's garment out when the border flood
 * fill leaks (garment-matte.ts): every pixel that differs from the plain
 * border colour by more than its noise is garment, whether or not an edge
 * separates it from the background. A white tee on an off-white studio
 * background has a faint outline the flood fill crosses at the hem, yet each
 * of its pixels is 4–8 RGB units brighter than the background, whose JPEG
 * noise is 1–2 units. It only serves on a plain background; the caller
 * checks the shape it returns like any matte (MATTE_PLAUSIBILITY).
 */
import { createMask, type Mask, type RgbImage } from './image.js';
import { blurMask, components, fillHoles, maskArea, morph, morphPair } from './mask-ops.js';
import type { BackgroundEstimate } from './garment-matte.js';

export const COLOUR_MATTE = {
  /** Only on a plain background: at least this share of the border within 12 RGB units of its colour. */
  minPlainness: 0.9,
  /** A pixel is garment when this many times the border's spread (or minDistance) from its colour. */
  spreadMultiple: 3,
  /** RGB distance floor: above the 1–2 unit JPEG noise of a clean studio background. */
  minDistance: 3,
  /** Closing radius, analysis px (~384 long side): joins the print and the cloth across single-pixel gaps. */
  closePx: 3,
  /**
   * One main piece: its largest component must hold this share of everything
   * found; a shadow, a logo and the garment in separate pieces read as a
   * noisy background, not a garment.
   */
  minMainPieceShare: 0.9,
  /** The garment's share of the photo: smaller is noise, larger is the background itself. */
  areaShare: [0.05, 0.85],
} as const;

/** The colour matte at the analysis size, or null on a busy background or when it is not one main piece. */
export function colourMatte(image: RgbImage, bg: BackgroundEstimate): Mask | null {
  const C = COLOUR_MATTE;
  if (bg.plainness < C.minPlainness) return null;
  const { width, height, channels: ch, data } = image;
  const limit = Math.max(C.minDistance, bg.spread * C.spreadMultiple);
  const raw = createMask(width, height);
  for (let i = 0; i < width * height; i++) {
    const p = i * ch;
    raw.data[i] = Math.hypot(data[p]! - bg.rgb[0], data[p + 1]! - bg.rgb[1], data[p + 2]! - bg.rgb[2]) > limit ? 1 : 0;
  }
  const closed = morphPair(raw, C.closePx, -C.closePx);
  const { labels, sizes } = components(closed);
  const total = sizes.reduce((a, b) => a + b, 0);
  let main = 0;
  for (let l = 1; l < sizes.length; l++) if (sizes[l]! > sizes[main]!) main = l;
  if (main === 0 || sizes[main]! < total * C.minMainPieceShare) return null;
  const piece = createMask(width, height);
  for (let i = 0; i < labels.length; i++) piece.data[i] = labels[i] === main ? 1 : 0;
  const filled = fillHoles(piece);
  const share = maskArea(filled) / (width * height);
  if (share < C.areaShare[0] || share > C.areaShare[1]) return null;
  // the same 1 px rim drop and feather as the flood-fill matte
  return blurMask(morph(filled, -1), 1, 1);
}
