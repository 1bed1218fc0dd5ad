/**
 * A printed sleeve hanging beside the hips. Below the line between top and
 * bottom the parse gives a pixel to the top only when its own colour clearly
 * beats the bottom's (the position prior): a print's dark marks and shaded
 * ground come near a dark bottom's colours (denim seen in more or less
 * light), and on a long printed sleeve hanging by the hips they went to the
 * bottom, the sleeve's end with them. Replacing the top then removed only a
 * thin edge of it, and the old sleeve's lower part stayed beside the new
 * top's arm. A single pixel's colour cannot tell them apart there; the
 * texture can when the two garments differ in it (a dense print against
 * plain denim): the sleeve below the line has the texture of the sleeve
 * above it. So, in the arms' and hands' zones and joined to the top, a
 * bottom pixel whose neighbourhood has the top's texture, and is not
 * mostly of the bottom's colour, is likely the top's: the top's removal
 * takes it (clothing-regions.ts ClothingRegions.topBelowLine).
 */
import { createMask, type Mask, type RgbImage } from '../../vision/image.js';
import { boxBlurOwnPlane, growInto, maskBounds, morph, morphPair, unionMask } from '../../vision/mask-ops.js';
import { paletteDistance2, shadedDistance2, type Palette } from '../../vision/palette.js';
import { grownBox, type PixelBox } from '../../vision/box-distance.js';
import { columnsOf, fineTexture } from './hair-front.js';
import { lowerMedianInPlace } from '../../vision/robust-stats.js';

export const PRINTED_SLEEVE = {
  /** The neighbourhood's radius, shoulder widths (a third of a forearm's sleeve across: a print's marks and the ground between them). */
  radiusSw: 0.04,
  /**
   * Least ratio between the two garments' typical fine-texture energies
   * (hair-front.ts fineTexture; medians): below it texture does not tell them
   * apart. Tune half: a floral cardigan 0.28 against jeans 0.09; a knit
   * against a plaid skirt 0.08 against 0.10 (not told apart).
   */
  minTextureRatio: 2,
  /** Least count of pixels each texture reference is taken from. */
  minReferencePx: 50,
  /**
   * Most share of the neighbourhood's person pixels whose colour is clearly
   * the bottom's: a print's shaded ground takes a dark bottom's colour in
   * places (on the tune half's floral sleeve more than its top-coloured
   * pixels in places, but under half), the bottom's own cloth mostly does.
   */
  maxBottomShare: 0.5,
  /** Opening radius, px: thinner accepted lines are the bottom's edge beside an arm or a hand (textured by the edge), not a sleeve. */
  openPx: 2,
  /** Least area of the sleeve's piece, shoulder widths² (the tune half's floral sleeve end: 0.035): smaller pieces are edges and specks. */
  minAreaSw2: 0.005,
  /** RGB units by which the bottom's colour must beat the top's for a pixel to count as the bottom's colour (the parse's prior margin). */
  marginRgb: 25,
} as const;

/** What the printed sleeve is read from (analysis size). */
export interface PrintedSleeveInput {
  small: RgbImage;
  /** Person matte, hard. */
  matte: Mask;
  skin: Mask;
  /** The arms' zone (with its margin): where a sleeve hangs. */
  arms: Mask;
  /** The hands' zone: a long sleeve's cuff reaches over the wrist. */
  hands: Mask;
  upper: Mask;
  lower: Mask;
  /** The split line's row: only pixels below it are looked at. */
  hipLineY: number;
  /** Shoulder width, px. */
  sw: number;
  /** The frame's fineTexture (hair-front.ts) of `small` on the matte's columns at least, when the caller shares it: worked out here otherwise. */
  texture?: () => Float32Array;
}

/**
 * The bottom's pixels that are the printed sleeve's (see PRINTED_SLEEVE): in
 * the arms' or hands' zone (grown by the neighbourhood's radius) below the split line, reached from the top's
 * pixels through pixels whose neighbourhood's mean texture energy is nearer
 * (in ratio) the top's reference (its pixels in the arms' zone above the
 * line: the sleeve's own) than the bottom's (its pixels off the arms' zone
 * below it), and not mostly of the bottom's colour (PRINTED_SLEEVE.maxBottomShare).
 * A new mask, empty when none or when texture does not tell them apart.
 */
export function printedSleeve(x: PrintedSleeveInput, palettes: { top: Palette; bottom: Palette }): Mask {
  const { width: w, height: h } = x.lower;
  const out = createMask(w, h);
  const cand = createMask(w, h);
  const y0 = Math.max(0, Math.floor(x.hipLineY) + 1);
  const r = Math.max(1, Math.round(PRINTED_SLEEVE.radiusSw * x.sw));
  // (a wide sleeve hangs past the arm's zone by about the neighbourhood's radius)
  const zone = morph(unionMask(x.arms, x.hands), r);
  for (let i = y0 * w; i < w * h; i++) cand.data[i] = x.lower.data[i]! >= 0.5 && zone.data[i]! >= 0.5 ? 1 : 0;
  const box = maskBounds(cand);
  if (!box) return out;
  const energy = x.texture ? x.texture() : fineTexture(x.small, h - 1, columnsOf(x.matte));
  const refs = textureReferences(x, energy);
  if (!refs || Math.max(refs.top, refs.bottom) < PRINTED_SLEEVE.minTextureRatio * Math.min(refs.top, refs.bottom)) return out;
  const b = grownBox(box, r, w, h)!;
  const bw = b.x1 - b.x0 + 1, bh = b.y1 - b.y0 + 1;
  const planes = boxPlanes(x, palettes, energy, b);
  const [bottom, person, texture] = [planes.bottom, planes.person, planes.energy].map((p) => boxBlurOwnPlane(p, bw, bh, r, 1)) as [Float32Array, Float32Array, Float32Array];
  const lt = Math.log(refs.top), lb = Math.log(refs.bottom);
  // (box pixel j = (y − b.y0)·bw + x − b.x0 is the frame's i = y·w + x; in plain loops, not a closure per pixel)
  for (let y = b.y0, j = 0; y <= b.y1; y++) {
    for (let i = y * w + b.x0, end = i + bw; i < end; i++, j++) {
      if (cand.data[i]! < 0.5 || person[j]! <= 0) continue;
      const e = Math.log(Math.max(1e-4, texture[j]! / person[j]!));
      if (Math.abs(e - lt) < Math.abs(e - lb) && bottom[j]! < PRINTED_SLEEVE.maxBottomShare * person[j]!) out.data[i] = 1;
    }
  }
  // (thin lines are the bottom's edge, textured by the edge itself: PRINTED_SLEEVE.openPx)
  const thick = morphPair(out, -PRINTED_SLEEVE.openPx, PRINTED_SLEEVE.openPx);
  const grown = growInto(x.upper, Math.round(x.sw), (q) => thick.data[q]! >= 0.5 && out.data[q]! >= 0.5);
  // (grown off the top only takes pixels of `out`, all inside box b, and `out` is 0 beyond it: only b is rewritten)
  let area = 0;
  for (let y = b.y0; y <= b.y1; y++) {
    for (let i = y * w + b.x0, end = i + bw; i < end; i++) area += out.data[i] = grown.data[i]! >= 0.5 && x.upper.data[i]! < 0.5 ? 1 : 0;
  }
  return area >= PRINTED_SLEEVE.minAreaSw2 * x.sw * x.sw ? out : createMask(w, h);
}

/**
 * The top's and the bottom's typical texture energy (medians, see
 * printedSleeve) on the person off the skin; null when either has fewer
 * than PRINTED_SLEEVE.minReferencePx pixels. (By rows, the samples in
 * arrays sized by their count, the medians by selection: the full-frame
 * arrays, a division per pixel and a sort were most of its time.)
 */
export function textureReferences(x: Pick<PrintedSleeveInput, 'matte' | 'skin' | 'arms' | 'upper' | 'lower' | 'hipLineY'>, energy: Float32Array): { top: number; bottom: number } | null {
  const w = x.matte.width, h = x.matte.height;
  const matte = x.matte.data, skin = x.skin.data, arms = x.arms.data, upper = x.upper.data, lower = x.lower.data;
  // (1 the top's sample, 2 the bottom's, per pixel: counted first, then copied into arrays of their size)
  const side = new Uint8Array(w * h);
  let nTop = 0, nBottom = 0;
  for (let y = 0; y < h; y++) {
    const above = y <= x.hipLineY;
    for (let i = y * w, end = i + w; i < end; i++) {
      if (matte[i]! < 0.5 || skin[i]! >= 0.5) continue;
      const arm = arms[i]! >= 0.5;
      if (above && arm && upper[i]! >= 0.5) {
        side[i] = 1;
        nTop++;
      } else if (!above && !arm && lower[i]! >= 0.5) {
        side[i] = 2;
        nBottom++;
      }
    }
  }
  if (nTop < PRINTED_SLEEVE.minReferencePx || nBottom < PRINTED_SLEEVE.minReferencePx) return null;
  const top = new Float64Array(nTop), bottom = new Float64Array(nBottom);
  for (let i = 0, t = 0, b = 0; i < side.length; i++) {
    if (side[i] === 1) top[t++] = energy[i]!;
    else if (side[i] === 2) bottom[b++] = energy[i]!;
  }
  return { top: Math.max(1e-4, lowerMedianInPlace(top, nTop)), bottom: Math.max(1e-4, lowerMedianInPlace(bottom, nBottom)) };
}

/**
 * Per pixel of box `b` (inclusive): `person` 1 on the person; `energy` its
 * texture energy there; off the skin, `bottom` 1 where the bottom's shaded
 * colour beats the top's by marginRgb. Box-sized planes.
 */
function boxPlanes(x: PrintedSleeveInput, palettes: { top: Palette; bottom: Palette }, energy: Float32Array, b: PixelBox): { bottom: Float32Array; person: Float32Array; energy: Float32Array } {
  const bw = b.x1 - b.x0 + 1, n = bw * (b.y1 - b.y0 + 1);
  const [bottom, person, en] = [new Float32Array(n), new Float32Array(n), new Float32Array(n)];
  const { small } = x;
  const ch = small.channels, W = small.width;
  for (let j = 0; j < n; j++) {
    const i = (b.y0 + Math.floor(j / bw)) * W + b.x0 + (j % bw);
    if (x.matte.data[i]! < 0.5) continue;
    person[j] = 1;
    en[j] = energy[i]!;
    if (x.skin.data[i]! >= 0.5) continue;
    const rr = small.data[i * ch]!, g = small.data[i * ch + 1]!, bb = small.data[i * ch + 2]!;
    const dTop = Math.sqrt(paletteDistance2(palettes.top, rr, g, bb)), dBot = Math.sqrt(shadedDistance2(palettes.bottom, rr, g, bb));
    if (dBot + PRINTED_SLEEVE.marginRgb < dTop) bottom[j] = 1;
  }
  return { bottom, person, energy: en };
}
