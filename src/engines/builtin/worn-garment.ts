/**
 * A garment worn by a person in the garment photo: the garment is that
 * person's clothing region (person matte ∩ the category's clothing zone,
 * skin excluded), found with the same person analysis as the try-on's person.
 */
import type { CategoryChoice } from '../engine.js';
import type { VisionModels } from '../../vision/models.js';
import { createMask, type Mask, type RgbImage } from '../../vision/image.js';
import { blurMask, keepLargest, maskArea, maskBounds } from '../../vision/mask-ops.js';
import { detectPose, segmentPerson, toPersonAnalysis, type Keypoint, type PoseLandmark } from '../../vision/person-analysis.js';
import { fillCapsule } from '../../vision/raster.js';
import { bodyFrame } from '../../vision/body-regions.js';
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
    const y = 0.299 * r + 0.587 * g + 0.114 * b;
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
  const c = clothingRegions(person, frame);
  const m = createMask(c.upperCloth.width, c.upperCloth.height);
  for (let i = 0; i < m.data.length; i++) {
    const u = c.upperCloth.data[i]!, l = c.lowerCloth.data[i]!;
    m.data[i] = hint === 'lower' ? l : hint === 'dress' ? Math.max(u, l) : u;
  }
  const garment = keepLargest(m, 0.1);
  if (maskArea(garment) < m.width * m.height * 0.02) return null;
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
