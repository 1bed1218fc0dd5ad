/**
 * Garment analysis: matte (background removal on product photos), then
 * landmarks and parts of the silhouette at a reduced size. Landmarks are
 * returned in full-resolution garment pixels.
 */
import { DrapeError } from '../../errors.js';
import type { BackgroundRemoval, CategoryChoice } from '../engine.js';
import { createMask, fitLongSide, resizeImage, toRgb, type Mask, type RgbImage } from '../../vision/image.js';
import { estimateBorderBackground, matteShape, MATTE_PLAUSIBILITY, peelShadowRim, productMatte, readBackground, sealLeaks, type BackgroundEstimate, type BackgroundReads } from '../../vision/garment-matte.js';
import { colourMatte } from '../../vision/colour-matte.js';
import { estimateBackdropGamut, gamutMatte } from '../../vision/backdrop-gamut.js';
import { blurMask, maskArea, maskBounds, morph, resizeMask, threshold } from '../../vision/mask-ops.js';
import { halve, pushPullFill, upsample3 } from '../../vision/inpaint.js';
import { backdropOfPlane, EDGE_RINGS, extendRings } from '../../vision/edge-unmix.js';
import { lowerLandmarks, upperLandmarks, type LowerGeometry, type UpperGeometry } from './garment-landmarks.js';
import { wornUpperLandmarks } from './worn-landmarks.js';
import { neckOpening, withoutOpening } from './neck-opening.js';
import { withoutHanger } from '../../vision/hanger.js';
import { carveLegGap } from './leg-gap.js';
import type { WornGarment } from './worn-garment.js';
import type { Keypoint, PoseLandmark } from '../../vision/person-analysis.js';

/** Long side of the garment analysis copy, px: landmarks need ~1 % precision. */
export const GARMENT_ANALYSIS_LONG_SIDE_PX = 384;
/** A garment smaller than this share of its photo is treated as not found. */
const MIN_GARMENT_AREA_FRACTION = 0.02;

export interface GarmentAnalysis {
  /** Full-resolution garment photo, RGB. */
  image: RgbImage;
  /** Garment matte at analysis size: what is drawn (a flat photo's neck opening and a hanger taken out). */
  matte: Mask;
  /**
   * The whole silhouette at analysis size, the neck opening left in and the
   * shadow rim not peeled: what the photo shows, for readers of the photo
   * itself (the studio's view and on-model reads look through the neckline
   * and at a wearer's head, which the drawn matte no longer holds; the
   * category reads its top edge, which the rim peel would rag by a pixel or
   * two and the opening would notch).
   */
  whole: Mask;
  /** Analysis size / full size. */
  scale: number;
  upper: UpperGeometry | null;
  lower: LowerGeometry | null;
  /** Where the matte came from: a product photo or a worn garment. */
  source: 'product' | 'worn' | 'alpha' | 'none';
  /**
   * Edge decontamination at the analysis size: `core` is the matte eroded by
   * 2 px, `bleed` the core's colours pushed outwards (3 floats per pixel).
   * Near the edge the warp takes colour from `bleed`, so the background's
   * colour never rims the garment.
   */
  core: Mask;
  bleed: Float32Array;
  /**
   * A product photo's background colour near the garment, at the analysis
   * size (3 floats per pixel, edge-unmix.ts backdropPlane): the warp unmixes
   * the edge's colours from it instead of taking `bleed` (a blur of the inside
   * drawn as a smeared band of the print); absent for worn, cut-out and
   * unremoved photos, which keep `bleed`.
   */
  backdrop?: Float32Array;
  /**
   * True when a flat photo's neck opening (its inside back) was found and
   * taken out of what is drawn (neck-opening.ts): the drawn top edge between
   * the collar's corners is then the garment's front neckline.
   */
  neckOpened?: boolean;
  /** A worn garment: the wearer's keypoints in full-resolution garment px. */
  wearer?: Record<PoseLandmark, Keypoint>;
}

/** Seals a leaked white-on-white matte, unless that joins two trouser legs. */
function sealed(matte: Mask): Mask {
  const closed = sealLeaks(matte);
  return closed && !(lowerLandmarks(matte, { touchingLegs: false })?.crotch && !lowerLandmarks(closed, { touchingLegs: false })?.crotch) ? closed : matte;
}

/**
 * The product photo's matte, checked (MATTE_PLAUSIBILITY). A faint outline
 * (a white garment on a white background) lets the background fill leak
 * into the garment and bite out a shoulder or a sleeve; a stronger edge
 * barrier closes such gaps. Both routes are built and the second wins when
 * it is clearly more symmetric (the leak broke the mirror symmetry) or the
 * first is implausible; when neither is plausible, a colour matte against the
 * plain background (colour-matte.ts) is the next route, then a fill over a
 * textured backdrop's range of colours (backdrop-gamut.ts), and when none is
 * plausible the job is refused rather than a fragment dressed.
 */
function trustedProductMatte(small: RgbImage, first: Mask, background: BackgroundEstimate, reads: BackgroundReads): Mask {
  const matte = sealed(first);
  const shape = matteShape(matte);
  // (symmetry is at most 1: above 1 − the gain no second matte can replace a plausible first, so none is made)
  if (shape.plausible && shape.symmetry + MATTE_PLAUSIBILITY.leakRepairSymmetryGain > 1) return matte;
  const second = sealed(productMatte(small, background, MATTE_PLAUSIBILITY.strongBarrierGrowPx, reads));
  const other = matteShape(second);
  if (other.plausible && (!shape.plausible || other.symmetry >= shape.symmetry + MATTE_PLAUSIBILITY.leakRepairSymmetryGain)) return second;
  if (shape.plausible) return matte;
  // both fills leaked: on a plain background, the pixels that differ from it (colour-matte.ts), checked the same way
  const colour = colourMatte(small, background);
  if (colour && matteShape(colour).plausible) return colour;
  // a textured backdrop, which one colour does not describe: the fill over its range of colours (backdrop-gamut.ts), checked the same way
  const ranged = rangedMatte(small, background, reads);
  if (ranged && matteShape(ranged).plausible) return ranged;
  throw new DrapeError('no_garment_detected', 'The garment could not be told apart from its background (a garment close to the background colour, or a busy background): use a plain, contrasting background or a cut-out PNG.', { retryable: false });
}

/** The flood-fill matte with the backdrop read as the border's range of colours (BACKDROP_GAMUT), sealed like the others; null without a border. */
function rangedMatte(small: RgbImage, background: BackgroundEstimate, reads: BackgroundReads): Mask | null {
  const gamut = estimateBackdropGamut(small);
  return gamut ? sealed(gamutMatte(small, background, gamut, reads.edges)) : null;
}

/** Uses the photo's own alpha channel when it has a real one (a cut-out PNG). */
function alphaMatte(image: RgbImage): Mask | null {
  if (image.channels !== 4) return null;
  const n = image.width * image.height;
  const m = createMask(image.width, image.height);
  let transparent = 0;
  for (let i = 0; i < n; i++) {
    const a = image.data[i * 4 + 3]! / 255;
    m.data[i] = a;
    if (a < 0.5) transparent++;
  }
  return transparent > n * 0.05 ? m : null;
}

/**
 * Trousers whose legs hang close: the channel between them is background
 * (leg-gap.ts). Returns the matte and, when they were read for the crotch
 * and the matte kept, its lower landmarks (undefined: not read), so the
 * silhouette does not read them again.
 */
function openLegGap(small: RgbImage, matte: Mask, background: BackgroundEstimate, hint: CategoryChoice): { matte: Mask; lower?: LowerGeometry | null } {
  if (hint === 'upper' || hint === 'dress') return { matte };
  // (a channel above a gap open at the hems is carved first: read at the open gap's top, the crotch sat too low)
  const carved = carveLegGap(small, matte, background.rgb);
  if (carved !== matte) return { matte: carved };
  // (legs hanging together are read only where no channel between them shows: lower-landmarks.ts TOUCHING_LEGS)
  const lower = lowerLandmarks(matte, { touchingLegs: false });
  return lower?.crotch ? { matte, lower } : { matte };
}

/**
 * Landmarks and parts of the silhouette, and the matte that is drawn: a flat
 * photo (a product shot or a cut-out) shows the inside back through the neck
 * opening, which is taken out (neck-opening.ts) so it is not drawn over the
 * wearer's throat. The landmarks come from the whole silhouette.
 */
function silhouette(small: RgbImage, matte: Mask, source: GarmentAnalysis['source'], hint: CategoryChoice, worn: WornGarment | null, known?: LowerGeometry | null) {
  const lower = hint === 'upper' || hint === 'dress' ? null : known !== undefined ? known : lowerLandmarks(matte);
  const upper = hint === 'lower' ? null : worn ? wornUpperLandmarks(matte, worn) : upperLandmarks(matte);
  const opening = upper && (source === 'product' || source === 'alpha') ? neckOpening(small, matte, upper) : null;
  if (!upper || !opening) return { matte, whole: matte, upper, lower, opened: false };
  return { matte: withoutOpening(matte, opening.mask), whole: matte, upper: { ...upper, panel: withoutOpening(upper.panel, opening.mask) }, lower, opened: true };
}

/** The planes the warp colours the garment's edge from (GarmentAnalysis core, bleed and backdrop). */
function edgePlanes(small: RgbImage, matte: Mask, whole: Mask, source: GarmentAnalysis['source']): Pick<GarmentAnalysis, 'core' | 'bleed' | 'backdrop'> {
  const core = blurMask(morph(matte, -2), 1, 1);
  const plane = new Float32Array(small.width * small.height * 3);
  plane.set(small.data.subarray(0, plane.length)); // (one typed-array copy: a loop inline here ran unoptimised, ~15 ms a photo)
  // half size: the bleed only colours the 1–2 px rim (~4× cheaper)
  const half = halve(plane, threshold(core, 0.99));
  const bleed = upsample3(pushPullFill(half.plane, half.known), half.known.width, half.known.height, small.width, small.height);
  // (only a product photo has a background to unmix from; there the bleed is only the unmixing's reference)
  if (source === 'product') return { core, bleed, backdrop: backdropOfPlane(plane, matte, whole) };
  // drawn in by the core's share, the rim takes the colours just inside it (extendRings), not the fill's wide average
  const near = extendRings(plane, threshold(core, 0.99), EDGE_RINGS);
  for (let i = 0; i < near.known.data.length; i++) {
    if (near.known.data[i]) bleed.set(near.plane.subarray(i * 3, i * 3 + 3), i * 3);
  }
  return { core, bleed };
}

/**
 * `hint` skips the landmarks a given category does not need (sleeves cost the
 * most); 'auto' computes both for the category decision.
 */
export async function analyzeGarmentImage(
  photo: RgbImage,
  removal: BackgroundRemoval,
  hint: CategoryChoice = 'auto',
  findWorn?: (small: RgbImage, foreground: Mask) => Promise<WornGarment | null>,
): Promise<GarmentAnalysis> {
  const rgb = toRgb(photo);
  const size = fitLongSide(rgb.width, rgb.height, GARMENT_ANALYSIS_LONG_SIDE_PX);
  const small = await resizeImage(rgb, size.width, size.height);
  const scale = size.width / rgb.width;
  let matte: Mask | null = null;
  let source: GarmentAnalysis['source'] = 'product';
  let worn: WornGarment | null = null;
  let background: BackgroundEstimate | null = null;
  let lower: LowerGeometry | null | undefined;
  const alpha = alphaMatte(photo);
  if (alpha) {
    matte = resizeMask(alpha, size.width, size.height);
    source = 'alpha';
  } else if (removal === 'off') {
    matte = createMask(size.width, size.height, 1);
    source = 'none';
  } else {
    background = estimateBorderBackground(small);
    // (both product mattes test the same pixels against the same background colour: read once)
    const reads = readBackground(small, background);
    matte = productMatte(small, background, undefined, reads);
    // 'on' forces product-photo background removal; 'auto' also looks for a person wearing it
    worn = findWorn && removal === 'auto' ? await findWorn(small, matte) : null;
    if (worn) {
      matte = worn.matte;
      source = 'worn';
    } else {
      ({ matte, lower } = openLegGap(small, trustedProductMatte(small, matte, background, reads), background, hint));
    }
  }
  const area = maskArea(matte), bb = maskBounds(matte);
  const tooBig = source !== 'none' && area > size.width * size.height * 0.97;
  if (!bb || area < size.width * size.height * MIN_GARMENT_AREA_FRACTION || tooBig) {
    throw new DrapeError('no_garment_detected', 'No garment was found in the garment image.', { retryable: false });
  }
  const shape = silhouette(small, matte, source, hint, worn, lower);
  // a garment photographed on a hanger: its hook and the hanger's shoulders are not drawn (hanger.ts; taken from what
  // is drawn only: the notch they leave in the top edge read as a neck opening as deep as a polo's collar)
  const drawn = source === 'product' || source === 'alpha' ? withoutHanger(small, shape.matte) : shape.matte;
  // a product photo's soft-shadow rim is drawn as a halo: it is peeled off what is drawn (RIM_RAMP)
  matte = source === 'product' && background ? peelShadowRim(small, drawn, background) : drawn;
  const { whole, upper } = shape;
  const analysis: GarmentAnalysis = { image: rgb, matte, whole, scale, upper, lower: shape.lower, source, ...edgePlanes(small, matte, whole, source) };
  if (shape.opened) analysis.neckOpened = true;
  if (worn) {
    const wearer = {} as Record<PoseLandmark, Keypoint>;
    for (const [name, k] of Object.entries(worn.wearer)) wearer[name as PoseLandmark] = { ...k, x: k.x / scale, y: k.y / scale };
    analysis.wearer = wearer;
  }
  return analysis;
}
