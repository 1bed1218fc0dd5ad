/**
 * Hair in front of the garments. Long hair falls beside the neck and over the
 * shoulders, in front of the garment worn: it stays the person's and stays
 * in front of the new garment. The parse tells hair by its colour, sampled
 * at the top of the head; when the photo cuts the head off above the eyes
 * (the frame's top at the forehead or the nose) that sample is empty or a
 * sliver of forehead, and the hair beside the neck was parsed as the old top,
 * removed and filled with background or skin: white and skin-coloured blocks
 * cut into the hair. Then the hair's colour is sampled beside the face, where
 * long hair falls past the ears.
 */
import { createMask, type Mask } from '../../vision/image.js';
import { blurMask, keepLargest, maskArea, morphPair } from '../../vision/mask-ops.js';
import { fillPolygon } from '../../vision/raster.js';

export const HAIR_SAMPLE = {
  /**
   * Below this share of the top-of-head sample's area inside the picture the
   * head's top is cut off: what is left of it is forehead and frame edge.
   */
  minTopInFrame: 0.5,
  /**
   * The bands beside the face, as shares of the head's width (the ears' span)
   * from the face's centre line: the ears sit at 0.5, long hair hangs just
   * outside them; a short cut leaves background there (not the person) or
   * the ears (skin), which the sample leaves out.
   */
  sideReach: [0.55, 1.0],
  /** The bands run from the eyes' level down to the chin (this share of the eyes-to-mouth distance below the mouth). */
  chinBelowMouth: 0.6,
  /** The bands' sample counts when its hair pixels cover at least this share of the bands' part in the picture: fewer are stray pixels (an earring, a matte's edge). */
  minHairShare: 0.15,
} as const;

/**
 * Gaps between hair pixels closed up to this radius, analysis px. Strands at
 * the hair's ends are thin and their shading crosses the colour threshold:
 * parsed one by one, the gaps between them went to the old garment and its
 * fill, and the hair's ends read as dark streaks smeared into a white block.
 */
export const HAIR_CLOSING_PX = 2;

/** The face's keypoints a hair sample needs, analysis px. */
export interface FacePoints {
  /** Rows of the eyes' and the mouth's middle (the eyes' may lie above the picture). */
  eyeY: number;
  mouthY: number;
  /** Centre line of the face (between the ears). */
  centreX: number;
  /** The ears' span (or the head's least width). */
  headW: number;
}

/** The share of `area` (a mask drawn without clipping) that lies inside the picture, from its unclipped area `fullArea` px. */
export function inFrameShare(area: Mask, fullArea: number): number {
  return fullArea > 0 ? maskArea(area) / fullArea : 0;
}

/**
 * The hair sample beside the face (see HAIR_SAMPLE): the bands' pixels that
 * are the person (matte ≥ 0.5), not skin and outside `excluded` (the collar's
 * zone: a high collar reaches the chin); null when they are too few.
 */
export function hairSideSample(face: FacePoints, matte: Mask, skin: Mask, excluded: Mask): Mask | null {
  const { width: w, height: h } = matte;
  const bands = createMask(w, h);
  const y0 = face.eyeY, y1 = face.mouthY + (face.mouthY - face.eyeY) * HAIR_SAMPLE.chinBelowMouth;
  for (const side of [-1, 1]) {
    const xa = face.centreX + side * HAIR_SAMPLE.sideReach[0] * face.headW, xb = face.centreX + side * HAIR_SAMPLE.sideReach[1] * face.headW;
    fillPolygon(bands, [{ x: xa, y: y0 }, { x: xb, y: y0 }, { x: xb, y: y1 }, { x: xa, y: y1 }]);
  }
  const sample = createMask(w, h);
  let inFrame = 0, hair = 0;
  for (let i = 0; i < bands.data.length; i++) {
    if (bands.data[i]! < 0.5) continue;
    inFrame++;
    if (matte.data[i]! < 0.5 || skin.data[i]! >= 0.5 || excluded.data[i]! >= 0.5) continue;
    sample.data[i] = 1;
    hair++;
  }
  return inFrame > 0 && hair >= inFrame * HAIR_SAMPLE.minHairShare ? sample : null;
}

/** Hair pieces under this share of the largest are specks (a dark button, a shadow), not hair. */
const HAIR_MIN_PIECE = 0.3;

/**
 * The parse's hair from its raw hair-coloured pixels: gaps closed (see
 * HAIR_CLOSING_PX), specks dropped, the edge softened by 1 px. A new mask.
 */
export function hairMask(raw: Mask): Mask {
  return blurMask(keepLargest(morphPair(raw, HAIR_CLOSING_PX, -HAIR_CLOSING_PX), HAIR_MIN_PIECE), 1, 1);
}
