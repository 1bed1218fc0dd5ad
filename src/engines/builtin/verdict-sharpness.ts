/**
 * Whether the new garment is drawn as sharp as its photo. A warp that smears
 * (a sheer garment resampled into a blur, a sleeve stretched along the arm
 * into streaks, a panel drawn far below its photo's resolution) keeps the
 * garment's colours and folds but loses the fine detail its photo shows:
 * weave, seams, print edges, the grain of the cloth. Read on the result,
 * patch by patch: the share of the drawn garment's patches smoother than the
 * smoothest tenth of the photo's patches, both pictures brought to the same
 * scale (the garment as large in both) and read away from the garment's
 * outline (its step against the background is no detail of the garment). A
 * garment drawn as sharp as its photo has about a tenth of its patches that
 * smooth; a smeared one many more. Comparing patches with the photo's own,
 * not with a fixed level, judges a plain cloth and a busy print alike.
 */
import { luma, resizeRegion, type Mask, type RgbImage } from '../../vision/image.js';
import { maskArea, maskBounds, morph, resizeMask } from '../../vision/mask-ops.js';
import { cropMask, grownBox } from '../../vision/box-distance.js';

/** How the patches are read. */
export const SHARPNESS_READ = {
  /**
   * The garment is read at the result's own resolution (where a smear shows),
   * but at most this square root of its area, px: past it both pictures are
   * brought down to it, so a large photo costs no more (a top on a full-size
   * 1152×1536 result measures 250–500).
   */
  maxGarmentSidePx: 512,
  /** Patch side, px at that scale: a few weave or print periods, small enough to find a smeared sleeve. */
  patchPx: 12,
  /** Pixels this close to the garment's outline (or a kept part: hands, hair) are not read, px at that scale (taken at the mask's size: at least its 1 px). */
  outlineMarginPx: 3,
  /** The photo's patch detail at this quantile is the "smooth" level the drawn garment's patches are compared with. */
  photoQuantile: 0.1,
  /** Fewer whole patches than this in either picture: too little garment to judge. */
  minPatches: 20,
  /**
   * A drawn garment with more than this many pixels (of its mask) on the
   * picture's border is cut by the frame: its drawn area is not the photo's
   * whole garment, so the scale read from the two areas is wrong (the photo
   * brought too small reads sharper than it is), and it is not judged.
   */
  maxBorderPx: 3,
} as const;

export interface SharpnessInputs {
  /** The result at full size. */
  result: RgbImage;
  /** The drawn garment's alpha (≥ 0.5 is the garment), any size: read over the result's. */
  cover: Mask;
  /** Pixels kept on purpose (face, hair, hands, a layer beneath), the size of `cover`: their detail is not the garment's. */
  keep: Mask;
  /** The garment photo at full size and its matte (any size). */
  photo: RgbImage;
  matte: Mask;
}

/**
 * Share of the drawn garment's whole patches (SHARPNESS_READ) whose detail is
 * below the photo's photoQuantile patch detail, 0..1: about photoQuantile for
 * a garment drawn as sharp as its photo. Null when either picture has fewer
 * than minPatches whole patches, or the garment is cut by the frame (maxBorderPx).
 */
export async function smoothPatchShare(x: SharpnessInputs): Promise<number | null> {
  if (borderPixels(x.cover) > SHARPNESS_READ.maxBorderPx) return null;
  const drawnArea = maskArea(x.cover) * (x.result.width / x.cover.width) * (x.result.height / x.cover.height);
  const side = Math.min(SHARPNESS_READ.maxGarmentSidePx, Math.sqrt(drawnArea));
  const [drawn, photo] = await Promise.all([garmentAtScale(x.result, x.cover, x.keep, side), garmentAtScale(x.photo, x.matte, null, side)]);
  if (!drawn || !photo) return null;
  const mine = patchDetails(drawn), theirs = patchDetails(photo);
  if (mine.length < SHARPNESS_READ.minPatches || theirs.length < SHARPNESS_READ.minPatches) return null;
  theirs.sort((a, b) => a - b);
  const smooth = theirs[Math.floor(SHARPNESS_READ.photoQuantile * (theirs.length - 1))]!;
  return mine.filter((d) => d < smooth).length / mine.length;
}

/** The mask's pixels (≥ 0.5) on the picture's border. */
export function borderPixels(mask: Mask): number {
  const { width: w, height: h, data } = mask;
  let n = 0;
  for (let x = 0; x < w; x++) n += (data[x]! >= 0.5 ? 1 : 0) + (h > 1 && data[(h - 1) * w + x]! >= 0.5 ? 1 : 0);
  for (let y = 1; y < h - 1; y++) n += (data[y * w]! >= 0.5 ? 1 : 0) + (w > 1 && data[y * w + w - 1]! >= 0.5 ? 1 : 0);
  return n;
}

/** A garment's luminance at the common scale and where it is read (inside its eroded mask, outside the kept parts). */
export interface ReadGarment {
  lum: Float32Array;
  inside: Uint8Array;
  width: number;
}

/** Outside pixels kept round the garment's bounding box, px of its mask. */
const BOX_PAD_PX = 2;

/** The mask's bounding box (grown by BOX_PAD_PX) cropped from `image` and brought to a garment of `side` px (the square root of its area). */
async function garmentAtScale(image: RgbImage, mask: Mask, keep: Mask | null, side: number): Promise<ReadGarment | null> {
  const tight = maskBounds(mask);
  if (!tight) return null;
  // a margin of the outside round the box, so that the erosion below finds the outline at the box's sides too
  const p = BOX_PAD_PX;
  const box = grownBox(tight, p, mask.width, mask.height)!;
  const sx = image.width / mask.width, sy = image.height / mask.height;
  const k = side / Math.sqrt(Math.max(1, maskArea(mask) * sx * sy));
  const x0 = Math.floor(box.x0 * sx), y0 = Math.floor(box.y0 * sy);
  const cw = Math.min(image.width, Math.ceil((box.x1 + 1) * sx)) - x0, ch = Math.min(image.height, Math.ceil((box.y1 + 1) * sy)) - y0;
  const w = Math.max(1, Math.round(cw * k)), h = Math.max(1, Math.round(ch * k));
  // (cut and brought to scale in one sharp call: no full-size copy of the crop in JS, the same pixels)
  const scaled = await resizeRegion(image, { left: x0, top: y0, width: cw, height: ch }, w, h);
  // the margin taken at the mask's own (coarser) size, then the one mask brought to the picture's: a third of the work
  const margin = Math.max(1, Math.round(SHARPNESS_READ.outlineMarginPx / (sx * k)));
  const garment = morph(cropMask(mask, box), -margin);
  const kept = keep ? morph(cropMask(keep, box), margin) : null;
  for (let i = 0; i < garment.data.length; i++) if (kept && kept.data[i]! >= 0.5) garment.data[i] = 0;
  const read = resizeMask(garment, w, h);
  const inside = new Uint8Array(w * h);
  for (let i = 0; i < inside.length; i++) inside[i] = read.data[i]! >= 0.5 ? 1 : 0;
  return { lum: luma(scaled), inside, width: w };
}

/**
 * Each whole patch's detail (patchPx square, every pixel inside, not on the
 * image's border): the mean of |∂x| + |∂y| by central differences, luminance
 * (0..255) per 2 px. Patches tile the picture from (1, 1).
 */
export function patchDetails(g: ReadGarment): number[] {
  const T = SHARPNESS_READ.patchPx, { lum, inside, width: w } = g, h = lum.length / w;
  const out: number[] = [];
  for (let ty = 1; ty + T <= h - 1; ty += T) {
    for (let tx = 1; tx + T <= w - 1; tx += T) {
      let sum = 0, whole = true;
      for (let y = ty; y < ty + T && whole; y++) {
        for (let i = y * w + tx, end = i + T; i < end; i++) {
          if (!inside[i]) { whole = false; break; }
          sum += Math.abs(lum[i + 1]! - lum[i - 1]!) + Math.abs(lum[i + w]! - lum[i - w]!);
        }
      }
      if (whole) out.push(sum / (T * T));
    }
  }
  return out;
}

