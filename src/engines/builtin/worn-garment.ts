/**
 * A garment worn by a person in the garment photo: the garment is that
 * person's clothing region (person matte ∩ the category's clothing zone,
 * skin excluded), found with the same person analysis as the try-on's person.
 */
import type { CategoryChoice } from '../engine.js';
import type { VisionModels } from '../../vision/models.js';
import { createMask, type Mask, type RgbImage } from '../../vision/image.js';
import { blurMask, keepLargest, maskArea } from '../../vision/mask-ops.js';
import { detectPose, segmentPerson, toPersonAnalysis } from '../../vision/person-analysis.js';
import { bodyFrame } from '../../vision/body-regions.js';
import { clothingRegions } from './clothing-regions.js';
import { MIN_POSE_SCORE, MIN_POSE_SCORE_WITH_FACE } from './person-checks.js';

/** Share of skin-coloured pixels below which no one is in the photo (product shots: < 1 %). */
const MIN_SKIN_SHARE = 0.015;

/** Generic skin chroma box (YCbCr), only as a cheap "is anyone here" gate before pose detection. */
function skinShare(image: RgbImage): number {
  const n = image.width * image.height;
  const ch = image.channels;
  let skin = 0;
  for (let i = 0; i < n; i += 2) {
    const r = image.data[i * ch]!, g = image.data[i * ch + 1]!, b = image.data[i * ch + 2]!;
    const y = 0.299 * r + 0.587 * g + 0.114 * b;
    const cb = 128 - 0.168736 * r - 0.331264 * g + 0.5 * b;
    const cr = 128 + 0.5 * r - 0.418688 * g - 0.081312 * b;
    if (y > 40 && cr >= 135 && cr <= 180 && cb >= 80 && cb <= 130) skin++;
  }
  return skin / (n / 2);
}

/** The worn garment's matte at the size of `small`, or null when no person wears it. */
export async function wornGarmentMatte(models: VisionModels, small: RgbImage, hint: CategoryChoice): Promise<Mask | null> {
  if (skinShare(small) < MIN_SKIN_SHARE) return null;
  const detected = await detectPose(models, small);
  const body = detected.result.body[0];
  const face = detected.result.face.some((f) => (f.boxScore ?? f.score) >= 0.8);
  if (!body || body.score < (face ? MIN_POSE_SCORE_WITH_FACE : MIN_POSE_SCORE)) return null;
  const matte = await segmentPerson(models, detected.small);
  const person = toPersonAnalysis(small, detected, matte);
  if (!person || person.keypoints.leftShoulder.score < 0.5 || person.keypoints.rightShoulder.score < 0.5) return null;
  const c = clothingRegions(person, bodyFrame(person));
  const m = createMask(c.upperCloth.width, c.upperCloth.height);
  for (let i = 0; i < m.data.length; i++) {
    const u = c.upperCloth.data[i]!, l = c.lowerCloth.data[i]!;
    m.data[i] = hint === 'lower' ? l : hint === 'dress' ? Math.max(u, l) : u;
  }
  const garment = keepLargest(m, 0.1);
  if (maskArea(garment) < m.width * m.height * 0.02) return null;
  // analysis ran on `small` itself, so the sizes match
  return blurMask(garment, 1, 1);
}
