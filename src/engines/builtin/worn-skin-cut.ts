/**
 * A worn dress cut from its wearer by skin alone, when the clothing parse
 * (clothing-regions.ts) breaks it into pieces: an open lace or a print of
 * several colours does not match one palette, so the parse keeps patches of
 * it. On a photo whose background is removed (the product-photo matte), a
 * dress is what is left of the wearer below the neck once skin and hair are
 * taken out: it is the wearer's only clothing from the shoulders to the hem,
 * the arms and legs around it are skin, and the shoes below are a separate
 * piece. A closing then joins the lace across its openings and the holes are
 * filled (the skin seen through a lace is drawn as the lace shows it). Tops
 * and trousers meet other clothes, which skin does not separate from them,
 * so only a dress is cut this way; the caller checks the cut like any worn
 * cut (WORN_MATTE_PLAUSIBILITY) and the mirror symmetry of a garment shape.
 */
import { createMask, type Mask, type RgbImage } from '../../vision/image.js';
import { skinSaturationShare, type SkinModel } from '../../vision/skin.js';
import { fillHoles, keepLargest, morphPair } from '../../vision/mask-ops.js';
import type { Keypoint, PoseLandmark } from '../../vision/person-analysis.js';

export const WORN_SKIN_CUT = {
  /** The cut starts this many shoulder widths above the shoulder line: straps and a neckline rise above the joints. */
  aboveShoulderSw: 0.15,
  /**
   * A skin-test pixel with less than this share of the face's saturation is
   * white or grey cloth: pale skin's chroma reaches grey, so a white lace
   * passes the skin test beside a pale face (the parse uses the same 0.25).
   */
  minSkinSaturationShare: 0.25,
  /**
   * The hem: below the hips, the first row narrower than this share of the
   * widest row above it ends the dress. Under a skirt the legs and the gap
   * between them (filled as a hole of the background matte) are a third of
   * its width or less; a straight dress keeps 0.8 and more down to its hem.
   */
  hemWidthShare: 0.5,
  /** Closing radius, analysis px (~384 long side): bridges a lace's openings, a few px at that size. */
  closePx: 5,
} as const;

/** The wearer's non-skin, non-hair foreground below the neck, joined across its openings (analysis size). */
export interface WearerSkin {
  /** The analysis image and the wearer's skin test on it (clothing-regions.ts). */
  small: RgbImage;
  skin: Mask;
  skinModel: SkinModel;
  hair: Mask;
}

/** Skin by the skin test and with skin's saturation (WORN_SKIN_CUT.minSkinSaturationShare). */
function isSkin(w: WearerSkin, i: number): boolean {
  if (w.skin.data[i]! < 0.5) return false;
  const p = i * w.small.channels;
  return skinSaturationShare(w.skinModel, w.small.data[p]!, w.small.data[p + 1]!, w.small.data[p + 2]!) >= WORN_SKIN_CUT.minSkinSaturationShare;
}

export function dressSkinCut(foreground: Mask, wearer: WearerSkin, keypoints: Record<PoseLandmark, Keypoint>, shoulderWidth: number): Mask {
  const { width, height } = foreground;
  const top = Math.max(0, Math.round(Math.min(keypoints.leftShoulder.y, keypoints.rightShoulder.y) - WORN_SKIN_CUT.aboveShoulderSw * shoulderWidth));
  const cut = createMask(width, height);
  for (let i = top * width; i < width * height; i++) {
    cut.data[i] = foreground.data[i]! >= 0.5 && wearer.hair.data[i]! < 0.5 && !isSkin(wearer, i) ? 1 : 0;
  }
  const joined = morphPair(cut, WORN_SKIN_CUT.closePx, -WORN_SKIN_CUT.closePx);
  // the closing also bridges the scallops of the outline over the background: the outline stays the photo's own
  for (let i = 0; i < joined.data.length; i++) if (foreground.data[i]! < 0.5) joined.data[i] = 0;
  const hipY = Math.round((keypoints.leftHip.y + keypoints.rightHip.y) / 2);
  return fillHoles(keepLargest(aboveHem(keepLargest(joined, 1), hipY), 1));
}

/** `cut` without the rows from its hem down (WORN_SKIN_CUT.hemWidthShare), searched from `fromY`. */
function aboveHem(cut: Mask, fromY: number): Mask {
  const { width, height, data } = cut;
  const out = createMask(width, height);
  let widest = 0, hem = height;
  for (let y = 0; y < height && hem === height; y++) {
    let row = 0;
    for (let x = 0; x < width; x++) if (data[y * width + x]! >= 0.5) row++;
    if (y >= fromY && row < widest * WORN_SKIN_CUT.hemWidthShare) hem = y;
    widest = Math.max(widest, row);
  }
  out.data.set(data.subarray(0, hem * width));
  return out;
}
