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
import { fineTexture } from './hair-front.js';

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
  const energy = fineTexture(x.small, h - 1);
  const refs = textureReferences(x, energy);
  if (!refs || Math.max(refs.top, refs.bottom) < PRINTED_SLEEVE.minTextureRatio * Math.min(refs.top, refs.bottom)) return out;
  const b = grownBox(box, r, w, h)!;
  const bw = b.x1 - b.x0 + 1, bh = b.y1 - b.y0 + 1;
  const planes = boxPlanes(x, palettes, energy, b);
  const [bottom, person, texture] = [planes.bottom, planes.person, planes.energy].map((p) => boxBlurOwnPlane(p, bw, bh, r, 1)) as [Float32Array, Float32Array, Float32Array];
  const lt = Math.log(refs.top), lb = Math.log(refs.bottom);
  const accept = (q: number) => {
    if (cand.data[q]! < 0.5) return false;
    const j = (Math.floor(q / w) - b.y0) * bw + (q % w) - b.x0;
    if (person[j]! <= 0) return false;
    const e = Math.log(Math.max(1e-4, texture[j]! / person[j]!));
    return Math.abs(e - lt) < Math.abs(e - lb) && bottom[j]! < PRINTED_SLEEVE.maxBottomShare * person[j]!;
  };
  for (let y = b.y0; y <= b.y1; y++) for (let i = y * w + b.x0; i <= y * w + b.x1; i++) out.data[i] = accept(i) ? 1 : 0;
  // (thin lines are the bottom's edge, textured by the edge itself: PRINTED_SLEEVE.openPx)
  const thick = morphPair(out, -PRINTED_SLEEVE.openPx, PRINTED_SLEEVE.openPx);
  const grown = growInto(x.upper, Math.round(x.sw), (q) => thick.data[q]! >= 0.5 && out.data[q]! >= 0.5);
  let area = 0;
  for (let i = 0; i < out.data.length; i++) area += out.data[i] = grown.data[i]! >= 0.5 && x.upper.data[i]! < 0.5 ? 1 : 0;
  return area >= PRINTED_SLEEVE.minAreaSw2 * x.sw * x.sw ? out : createMask(w, h);
}

/** Median of the first `n` values of `v` (sorted in place: a typed array sorts numerically without a comparator); NaN when empty. */
function median(v: Float32Array, n: number): number {
  const head = v.subarray(0, n).sort();
  return n ? head[(n - 1) >> 1]! : NaN;
}

/**
 * The top's and the bottom's typical texture energy (medians, see
 * printedSleeve) on the person off the skin; null when either has fewer
 * than PRINTED_SLEEVE.minReferencePx pixels.
 */
export function textureReferences(x: Pick<PrintedSleeveInput, 'matte' | 'skin' | 'arms' | 'upper' | 'lower' | 'hipLineY'>, energy: Float32Array): { top: number; bottom: number } | null {
  const w = x.matte.width;
  const top = new Float32Array(energy.length), bottom = new Float32Array(energy.length);
  let nTop = 0, nBottom = 0;
  for (let i = 0; i < energy.length; i++) {
    if (x.matte.data[i]! < 0.5 || x.skin.data[i]! >= 0.5) continue;
    const above = Math.floor(i / w) <= x.hipLineY, arm = x.arms.data[i]! >= 0.5;
    if (above && arm && x.upper.data[i]! >= 0.5) top[nTop++] = energy[i]!;
    else if (!above && !arm && x.lower.data[i]! >= 0.5) bottom[nBottom++] = energy[i]!;
  }
  if (nTop < PRINTED_SLEEVE.minReferencePx || nBottom < PRINTED_SLEEVE.minReferencePx) return null;
  return { top: Math.max(1e-4, median(top, nTop)), bottom: Math.max(1e-4, median(bottom, nBottom)) };
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
