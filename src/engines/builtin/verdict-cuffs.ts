/**
 * An old sleeve's end left on the arm beyond the removed region: the person
 * parse takes the old top's body and upper sleeves, but a long sleeve's
 * forearm and cuff (ribbed, patterned, pushed up, in the arm's shadow) can
 * fall outside it, so the removal never touches them and the old
 * remnant figures (which look only in and beside the removed region) never
 * see them. Under a new short sleeve they show as shreds of the old sleeve
 * at the wrists. The pose model's arm bones say where the arms are whatever
 * the parse missed: along them, pixels the new garment does not cover that
 * show the old top's colours, and not the skin's, the background's or the
 * new garment's, are the old sleeve left there.
 *
 * A pure function of masks, images and bones at the analysis size.
 */
import { createMask, type Mask, type RgbImage } from '../../vision/image.js';
import { maskBounds, morphPair } from '../../vision/mask-ops.js';
import { extractPalette, extractPaletteInBox, nearAny, paletteDistance2, type Palette } from '../../vision/palette.js';
import type { Keypoint, PoseLandmark } from '../../vision/person-analysis.js';
import { boneStrips, limbBones, type Bone } from './verdict-limbs.js';
import { piecesArea } from './verdict-remnants.js';

/** Where along the arms an old sleeve's end is looked for, and when a pixel reads as it. */
export const OLD_CUFF = {
  /**
   * Half the width of the strip along an arm bone, shoulder widths: the whole
   * forearm (~0.15–0.2 across), twice LIMB.radiusSw, since the pose model's
   * wrist on a hanging arm often sits a few px inside it, off the cuff.
   */
  radiusSw: 0.1,
  /** RGB distance² within which a pixel has one of the old top's colours (as REMNANT.oldColourD2). */
  oldColourD2: 30 * 30,
  /** A pixel must be this many times farther (distance²) from the skin's, the background's and the new garment's colours (as REMNANT.otherRatio). */
  otherRatio: 4,
  /** A piece smaller than this, shoulder widths², is a shadow or a bracelet, not a sleeve's end seen at normal size (as REMNANT.minPieceSw2). */
  minPieceSw2: 0.002,
  /** The joints an arm runs between, down to the hand: an old cuff sits at the wrist, over the hand's root. */
  bones: [
    ['leftShoulder', 'leftElbow'], ['leftElbow', 'leftWrist'], ['leftWrist', 'leftIndex'],
    ['rightShoulder', 'rightElbow'], ['rightElbow', 'rightWrist'], ['rightWrist', 'rightIndex'],
  ] as [PoseLandmark, PoseLandmark][],
  /** Radius of the closing that joins a patterned sleeve's old-coloured specks into its piece, px. */
  closePx: 1,
} as const;

export interface CuffInputs {
  /** The person photo and the result, at the analysis size. */
  original: RgbImage;
  result: RgbImage;
  /** The arms' bones (armBones), analysis px. */
  arms: Bone[];
  /** The old top as the passes removed it: its colours are what an old sleeve shows. */
  old: Mask;
  /** The new garments as drawn. */
  cover: Mask;
  /** Pixels kept on purpose (hands, a layer worn beneath): never counted. */
  keep: Mask;
  /**
   * The person's garments the passes leave as they are (a top's trousers or
   * skirt, beside which the hands hang): a pixel nearer their colours than
   * the old top's may be theirs, and is not counted.
   */
  other: Mask;
  /** The person matte and skin parse of the photo. */
  matte: Mask;
  skin: Mask;
  shoulderWidthPx: number;
  /**
   * extractPalette(original, old, 3) and extractPalette(result, cover, 3),
   * when the caller already has them (the verdict's old-colour figures read
   * the same palettes): k-means over the same pixels gives the same centres.
   */
  oldPalette?: Palette | null;
  drawnPalette?: Palette | null;
}

/**
 * The old top's sleeve left along the arms outside the new garment,
 * shoulder widths²: the pieces of oldCuffPixels at least
 * OLD_CUFF.minPieceSw2 large, after a closing of OLD_CUFF.closePx (a knit's
 * or a print's old colours are speckled: closed into the piece they make).
 */
export function oldCuffs(x: CuffInputs): number {
  const sw2 = Math.max(1, x.shoulderWidthPx * x.shoulderWidthPx);
  const found = oldCuffPixels(x);
  // (none found, most arms: the closing of an empty mask is empty, its pieces' area 0)
  if (!found) return 0;
  const pieces = morphPair(found, OLD_CUFF.closePx, -OLD_CUFF.closePx);
  return piecesArea(pieces, OLD_CUFF.minPieceSw2 * sw2) / sw2;
}

/**
 * Pixels within OLD_CUFF.radiusSw of an arm bone, not under the new garment
 * nor kept, whose colour is near the old top's palette, clearly farther
 * (otherRatio) from the skin's, the background's and the new garment's, and
 * farther from the other garment's than from the old top's. Null when there is none.
 */
function oldCuffPixels(x: CuffInputs): Mask | null {
  const { width: w, height: h } = x.old;
  const oldPalette = x.arms.length === 0 ? null : x.oldPalette !== undefined ? x.oldPalette : extractPaletteInBox(x.original, x.old, 3, maskBounds(x.old));
  if (!oldPalette) return null;
  let found: Mask | null = null;
  // (the other palettes are read at the first pixel that needs them: most arms show no old colour, and the background's palette reads the whole frame)
  let clean: Palette[] | undefined;
  let other: Palette | null | undefined;
  const strips = boneStrips(x.arms, w, h, OLD_CUFF.radiusSw * x.shoulderWidthPx);
  const ch = x.result.channels;
  // (the planes read per pixel taken out of their objects once: read through them, such loops ran 2–3× slower)
  const sd = strips.data, cover = x.cover.data, keep = x.keep.data, rgb = x.result.data;
  // (in the strips' box only, in raster order: no strip lies beyond it)
  const sb = maskBounds(strips);
  if (!sb) return null;
  for (let y = sb.y0; y <= sb.y1; y++) {
    for (let i = y * w + sb.x0, end = y * w + sb.x1; i <= end; i++) {
      if (sd[i]! < 0.5 || cover[i]! >= 0.5 || keep[i]! >= 0.5) continue;
      const r = rgb[i * ch]!, g = rgb[i * ch + 1]!, b = rgb[i * ch + 2]!;
      const dOld = paletteDistance2(oldPalette, r, g, b);
      if (dOld > OLD_CUFF.oldColourD2) continue;
      clean ??= cleanPalettes(x);
      if (nearAny(clean, r, g, b, dOld * OLD_CUFF.otherRatio)) continue;
      if (other === undefined) other = awayFromOldPalette(x, x.other);
      if (other && paletteDistance2(other, r, g, b) <= dOld) continue;
      found ??= createMask(w, h);
      found.data[i] = 1;
    }
  }
  return found;
}

/** The arm bones (OLD_CUFF.bones) whose both joints the pose model is sure of, analysis px (`scale`: analysis size / photo size). */
export function armBones(keypoints: Record<PoseLandmark, Keypoint>, scale: number): Bone[] {
  return limbBones(keypoints, scale, OLD_CUFF.bones);
}

/** What a clean arm shows instead: the photo's skin and background away from the old top, and the new garment as drawn. */
function cleanPalettes(x: CuffInputs): Palette[] {
  // the background (outside the matte) away from the old top, in one pass
  const background = createMask(x.old.width, x.old.height);
  const md = x.matte.data, od = x.old.data;
  for (let i = 0; i < background.data.length; i++) background.data[i] = od[i]! < 0.5 && md[i]! < 0.5 ? 1 : 0;
  const drawn = x.drawnPalette !== undefined ? x.drawnPalette : extractPaletteInBox(x.result, x.cover, 3, maskBounds(x.cover));
  const clean = [awayFromOldPalette(x, x.skin), extractPalette(x.original, background, 3), drawn];
  return clean.filter((p): p is Palette => p !== null);
}

/** The photo's colours (3) of `mask` away from the old top: what the photo shows there (skin, background, the other garments) is not the old top's. */
function awayFromOldPalette(x: CuffInputs, mask: Mask): Palette | null {
  const { width: w, height: h } = mask;
  const m = createMask(w, h);
  const od = x.old.data, kd = mask.data;
  // (in the mask's box only: beyond it there is none of it; the palette reads that box only too)
  const b = maskBounds(mask);
  for (let y = b ? b.y0 : h; b && y <= b.y1; y++) {
    for (let i = y * w + b.x0, end = y * w + b.x1; i <= end; i++) m.data[i] = od[i]! < 0.5 && kd[i]! >= 0.5 ? 1 : 0;
  }
  return extractPaletteInBox(x.original, m, 3, b);
}
