/**
 * A garment worn by a person in the garment photo: the garment is that
 * person's clothing region (person matte ∩ the category's clothing zone,
 * skin excluded), found with the same person analysis as the try-on's person.
 */
import { DrapeError } from '../../errors.js';
import type { CategoryChoice } from '../engine.js';
import type { VisionModels } from '../../vision/models.js';
import { createMask, lumaOf, type Mask, type RgbImage } from '../../vision/image.js';
import { blurMask, fillHoles, keepLargest, maskArea, maskBounds, morphPair } from '../../vision/mask-ops.js';
import { detectPose, segmentPerson, toPersonAnalysis, type Keypoint, type PoseLandmark } from '../../vision/person-analysis.js';
import { fillCapsule } from '../../vision/raster.js';
import { matteShape } from '../../vision/garment-matte.js';
import { dressSkinCut } from './worn-skin-cut.js';
import { bodyFrame, type BodyRegions } from '../../vision/body-regions.js';
import { clothingRegions } from './clothing-regions.js';
import { MIN_POSE_SCORE, MIN_POSE_SCORE_WITH_FACE } from './person-checks.js';

/**
 * A cheap gate before pose detection (~100–150 ms) on a garment photo: some
 * skin-coloured pixels overall and in the top 30 % of the foreground (face,
 * neck, shoulders). It is permissive on purpose: on the fixtures 26 of 28
 * person photos pass and 23 of 43 product photos also pass (warm prints,
 * beige) and pay for a pose detection that then finds no one.
 */
const SKIN_SHARE_BAND = [0.01, 0.75] as const;
const TOP_SKIN_SHARE = 0.02;

/** Generic skin chroma box (YCbCr), only as a cheap "is anyone here" gate before pose detection. */
function skinShare(image: RgbImage, foreground: Mask, rows: [number, number] = [0, image.height]): number {
  const ch = image.channels;
  let skin = 0, total = 0;
  for (let i = rows[0] * image.width; i < rows[1] * image.width; i += 2) {
    if (foreground.data[i]! < 0.5) continue;
    total++;
    const r = image.data[i * ch]!, g = image.data[i * ch + 1]!, b = image.data[i * ch + 2]!;
    const y = lumaOf(r, g, b);
    const cb = 128 - 0.168736 * r - 0.331264 * g + 0.5 * b;
    const cr = 128 + 0.5 * r - 0.418688 * g - 0.081312 * b;
    if (y > 40 && cr >= 135 && cr <= 180 && cb >= 80 && cb <= 130) skin++;
  }
  return total ? skin / total : 0;
}

export interface WornGarment {
  /** Garment matte at the size of `small`. */
  matte: Mask;
  /** The wearer's keypoints in `small` pixels: landmarks come from the body, not the silhouette. */
  wearer: Record<PoseLandmark, Keypoint>;
  /** The wearer's arms (capsules at the analysis size), wearer's left and right. */
  armL: Mask;
  armR: Mask;
}

/**
 * The cheap gate before pose detection on a garment photo: skin in the band
 * overall and in the top 30 % of the foreground (a face, a neck, shoulders —
 * where a product shot has a collar or a waistband).
 */
export function personLikely(small: RgbImage, foreground: Mask): boolean {
  const bb = maskBounds(foreground);
  if (!bb) return false;
  const share = skinShare(small, foreground);
  const top = skinShare(small, foreground, [bb.y0, bb.y0 + Math.round((bb.y1 - bb.y0) * 0.3)]);
  return share >= SKIN_SHARE_BAND[0] && share <= SKIN_SHARE_BAND[1] && top >= TOP_SKIN_SHARE && headOnTop(foreground, bb);
}

/**
 * A person's silhouette starts with a head or a neck: one narrow run in the top
 * rows. Product shots start with a collar, straps (two runs) or a waistband.
 */
function headOnTop(m: Mask, bb: { x0: number; y0: number; x1: number; y1: number }): boolean {
  const width = bb.x1 - bb.x0 + 1;
  const y = bb.y0 + Math.round((bb.y1 - bb.y0) * 0.04);
  let runs = 0, on = 0, prev = false;
  for (let x = bb.x0; x <= bb.x1; x++) {
    const v = m.data[y * m.width + x]! >= 0.5;
    if (v) on++;
    if (v && !prev) runs++;
    prev = v;
  }
  return runs === 1 && on < width * 0.35;
}

/**
 * The worn garment at the size of `small`, or null when no person wears it.
 * `foreground`: the product-photo matte (everything that is not background).
 */
export async function wornGarment(models: VisionModels, small: RgbImage, foreground: Mask, hint: CategoryChoice): Promise<WornGarment | null> {
  if (!personLikely(small, foreground)) return null;
  const detected = await detectPose(models, small);
  const body = detected.result.body[0];
  const face = detected.result.face.some((f) => (f.boxScore ?? f.score) >= 0.8);
  if (!body || body.score < (face ? MIN_POSE_SCORE_WITH_FACE : MIN_POSE_SCORE)) return null;
  const matte = await segmentPerson(models, detected.small);
  const person = toPersonAnalysis(small, detected, matte);
  if (!person || person.keypoints.leftShoulder.score < 0.5 || person.keypoints.rightShoulder.score < 0.5) return null;
  const frame = bodyFrame(person);
  // (skin-coloured cloth is not told from skin on a garment's wearer: clothingRegions)
  const c = clothingRegions(person, frame, false);
  const m = createMask(c.upperCloth.width, c.upperCloth.height);
  for (let i = 0; i < m.data.length; i++) {
    const u = c.upperCloth.data[i]!, l = c.lowerCloth.data[i]!;
    // (the wearer's hair lying over the garment is not the garment)
    m.data[i] = (hint === 'lower' ? l : hint === 'dress' ? Math.max(u, l) : u) * (1 - c.hair.data[i]!);
  }
  const parsed = keepLargest(m, 0.1);
  if (maskArea(parsed) < m.width * m.height * 0.02) return null;
  const zone = wornZone(c.regions, person.matte, hint);
  // a dress the parse broke into pieces: cut from the wearer's skin instead (worn-skin-cut.ts), checked the same way
  const garment = wornMatteShape(parsed, zone).plausible ? parsed
    : hint === 'dress' ? plausibleOrNull(dressSkinCut(foreground, { small, skin: c.skin, skinModel: c.skinModel, hair: c.hair }, person.keypoints, frame.shoulderWidth), zone) : null;
  if (!garment) {
    throw new DrapeError(
      'no_garment_detected',
      'The garment could not be separated cleanly from the person wearing it (an open or lace fabric, a print like skin, or arms and other clothes across it): use a product photo of the garment on a plain background.',
      { retryable: false },
    );
  }
  // analysis ran on `small` itself, so the sizes match
  const sw = frame.shoulderWidth;
  const arm = (side: 'left' | 'right') => {
    const a = createMask(m.width, m.height);
    const k = person.keypoints;
    fillCapsule(a, k[`${side}Shoulder`], k[`${side}Elbow`], 0.3 * sw, 0.26 * sw);
    fillCapsule(a, k[`${side}Elbow`], k[`${side}Wrist`], 0.26 * sw, 0.2 * sw);
    // not the torso: the sleeve starts at the armhole
    for (let i = 0; i < a.data.length; i++) if (c.regions.torso.data[i]! >= 0.5) a.data[i] = 0;
    return a;
  };
  return { matte: blurMask(garment, 1, 1), wearer: person.keypoints, armL: arm('left'), armR: arm('right') };
}

/** The cut when it is whole (WORN_MATTE_PLAUSIBILITY) and shaped like a garment (MATTE_PLAUSIBILITY's mirror symmetry). */
function plausibleOrNull(cut: Mask, zone: Mask): Mask | null {
  return wornMatteShape(cut, zone).plausible && matteShape(cut).plausible ? cut : null;
}

/**
 * What a garment cut out of a photo of someone wearing it must look like to
 * be dressed. The cut is the wearer's clothing zone less their skin, arms and
 * other clothes; where that test confuses the garment with the wearer (an open
 * lace over skin, a print in skin tones, a top that runs into dark trousers)
 * the cut comes out in pieces or stops halfway down the body, and dressed it
 * shows the wearer's skin and clothes through gaps. Measured at the analysis
 * size (384 px long side) on the fixtures' worn garments and on their person
 * photos taken as worn garments: sound cuts had closeFill 0.94–1.00 and
 * zoneCover 0.70–1.00; a lace dress in pieces had closeFill 0.61, cuts that
 * stopped at the chest (the top running into dark trousers, or the clothing
 * zone ending above the hem) zoneCover 0.33–0.67, a coat over the trousers'
 * waist 0.64.
 */
export const WORN_MATTE_PLAUSIBILITY = {
  /** Radius of the closing that bridges gaps between the pieces, analysis px (≈1 % of the long side). */
  closeRadiusPx: 4,
  /** Matte area / area of its closing with holes filled: below it the garment is in pieces or full of holes. */
  minCloseFill: 0.85,
  /** Share of the body zone the garment must cover (torso for tops and dresses, hips to mid-thigh for trousers). */
  minZoneCover: 0.68,
} as const;

interface WornMatteShape {
  closeFill: number;
  zoneCover: number;
  plausible: boolean;
}

/** How whole a worn garment's cut is (see WORN_MATTE_PLAUSIBILITY); `zone`: where the body must be covered. */
export function wornMatteShape(garment: Mask, zone: Mask): WornMatteShape {
  const P = WORN_MATTE_PLAUSIBILITY;
  const area = maskArea(garment);
  const closed = maskArea(fillHoles(morphPair(garment, P.closeRadiusPx, -P.closeRadiusPx)));
  let inZone = 0, covered = 0;
  for (let i = 0; i < zone.data.length; i++) {
    if (zone.data[i]! < 0.5) continue;
    inZone++;
    if (garment.data[i]! >= 0.5) covered++;
  }
  const closeFill = closed > 0 ? area / closed : 0;
  const zoneCover = inZone > 0 ? covered / inZone : 0;
  return { closeFill, zoneCover, plausible: closeFill >= P.minCloseFill && zoneCover >= P.minZoneCover };
}

/**
 * The part of the wearer's body a garment of this category always covers,
 * inside their silhouette: for tops and dresses the lower half of the torso
 * (less the arms lying across it), where a cut that stopped short shows; for
 * trousers and skirts the band from the hips to mid-thigh.
 */
function wornZone(regions: BodyRegions, silhouette: Mask, hint: CategoryChoice): Mask {
  const zone = createMask(silhouette.width, silhouette.height);
  const lower = hint === 'lower';
  const part = lower ? regions.legs : regions.torso;
  const bb = maskBounds(part);
  if (!bb) return zone;
  const [from, to] = lower ? WORN_ZONE_ROWS.lower : WORN_ZONE_ROWS.upper;
  const y0 = Math.round(bb.y0 + (bb.y1 - bb.y0) * from), y1 = Math.round(bb.y0 + (bb.y1 - bb.y0) * to);
  for (let y = y0; y <= y1; y++) {
    for (let x = 0; x < silhouette.width; x++) {
      const i = y * silhouette.width + x;
      const v = lower ? part.data[i]! : part.data[i]! * (1 - regions.armCore.data[i]!);
      zone.data[i] = v >= 0.5 && silhouette.data[i]! >= 0.5 ? 1 : 0;
    }
  }
  return zone;
}

/**
 * Rows of the body part (share of its height, top to bottom) that the worn
 * garment must cover: the torso from half-way down to just above the hip
 * joints; a leg's capsules run hip to ankle, so mid-thigh is a quarter down.
 */
const WORN_ZONE_ROWS = { upper: [0.5, 0.9], lower: [0, 0.25] } as const;
