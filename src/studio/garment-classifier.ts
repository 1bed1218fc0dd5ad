/**
 * Classify a SKU's garment photo for the studio API: garment_type (Top,
 * Bottom, Full body, Shoes, Accessory), view (front, back) and presentation
 * (flatlay_clean, ghost_mannequin, on_model), each with a confidence and the
 * reason, kept beside the image.
 *
 * The shape comes from the built-in engine's own garment analysis (its
 * product-photo matte and landmarks, then decideCategory, the rule `auto`
 * uses at try-on time), so the studio and the try-on agree on what a garment
 * is. What the silhouette cannot tell comes from the file's name, which
 * catalogue exports carry ("…_back.jpg", "shoes/…"): shoes and accessories,
 * the back view, a ghost-mannequin shot. The person check is the engine's
 * cheap "someone wears this" gate (skin under a head-shaped top), without
 * the pose model.
 */
import sharp from 'sharp';
import { decideCategory } from '../engines/builtin/category.js';
import { analyzeGarmentImage, GARMENT_ANALYSIS_LONG_SIDE_PX } from '../engines/builtin/garment-analysis.js';
import { personLikely } from '../engines/builtin/worn-garment.js';
import type { Category } from '../engines/engine.js';
import type { AcceptedImage } from '../images/image-guard.js';
import { fitLongSide, resizeImage, toRgb, type RgbImage } from '../vision/image.js';

export const GARMENT_TYPES = ['Top', 'Bottom', 'Full body', 'Shoes', 'Accessory'] as const;
export type GarmentType = (typeof GARMENT_TYPES)[number];
export type GarmentView = 'front' | 'back';
export type Presentation = 'flatlay_clean' | 'ghost_mannequin' | 'on_model';

interface Decision<T> {
  value: T;
  /** 0–1: how far the deciding measurement is from the rule's threshold, or how strong a name hint is. */
  confidence: number;
  reason: string;
}

export interface GarmentClassification {
  garmentType: Decision<GarmentType>;
  view: Decision<GarmentView>;
  presentation: Decision<Presentation>;
}

const TYPE_OF_CATEGORY: Record<Category, GarmentType> = { upper: 'Top', lower: 'Bottom', dress: 'Full body' };
const NAME_HINT_CONFIDENCE = 0.9;

/** Words in a file or folder name, lower case ("Blue_Dress-BACK.jpg" → blue, dress, back, jpg). */
function words(name: string): Set<string> {
  return new Set(name.toLowerCase().split(/[^a-z0-9]+/).filter((word) => word !== ''));
}

const SHOE_WORDS = ['shoe', 'shoes', 'sneaker', 'sneakers', 'boot', 'boots', 'sandal', 'sandals', 'heels', 'footwear'];
const ACCESSORY_WORDS = ['accessory', 'accessories', 'bag', 'hat', 'cap', 'belt', 'scarf', 'jewelry', 'jewellery', 'necklace', 'earrings', 'sunglasses', 'watch'];
const BACK_WORDS = ['back', 'rear', 'reverse'];
const GHOST_WORDS = ['ghost', 'mannequin', 'invisible'];

/** The DrapeError no_garment_detected (an empty or all-background photo) propagates: such a photo is refused. */
export async function classifyGarment(image: AcceptedImage, name: string): Promise<GarmentClassification> {
  const hints = words(name);
  const has = (list: string[]) => list.find((word) => hints.has(word));
  const decoded = await sharp(image.bytes).raw().toBuffer({ resolveWithObject: true });
  const photo: RgbImage = { width: decoded.info.width, height: decoded.info.height, channels: decoded.info.channels as 3 | 4, data: decoded.data };
  const analysis = await analyzeGarmentImage(photo, 'auto', 'auto');
  const category = decideCategory(analysis);

  let garmentType: Decision<GarmentType>;
  const shoe = has(SHOE_WORDS);
  const accessory = has(ACCESSORY_WORDS);
  if (shoe !== undefined) garmentType = { value: 'Shoes', confidence: NAME_HINT_CONFIDENCE, reason: `name says "${shoe}"` };
  else if (accessory !== undefined) garmentType = { value: 'Accessory', confidence: NAME_HINT_CONFIDENCE, reason: `name says "${accessory}"` };
  else garmentType = { value: TYPE_OF_CATEGORY[category.category], confidence: shapeConfidence(category.reason), reason: category.reason };

  const back = has(BACK_WORDS);
  const view: Decision<GarmentView> =
    back !== undefined
      ? { value: 'back', confidence: NAME_HINT_CONFIDENCE, reason: `name says "${back}"` }
      : hints.has('front')
        ? { value: 'front', confidence: NAME_HINT_CONFIDENCE, reason: 'name says "front"' }
        : // Catalogue photos are front views unless named otherwise; a flat silhouette does not show which side faces the camera.
          { value: 'front', confidence: 0.6, reason: 'default: no view in the name' };

  const small = toRgb(photo);
  const size = fitLongSide(small.width, small.height, GARMENT_ANALYSIS_LONG_SIDE_PX);
  const resized = await resizeImage(small, size.width, size.height);
  const ghost = has(GHOST_WORDS);
  const presentation: Decision<Presentation> =
    analysis.source === 'product' && personLikely(resized, analysis.matte)
      ? { value: 'on_model', confidence: 0.7, reason: 'skin under a head-shaped top of the silhouette' }
      : ghost !== undefined
        ? { value: 'ghost_mannequin', confidence: NAME_HINT_CONFIDENCE, reason: `name says "${ghost}"` }
        : { value: 'flatlay_clean', confidence: 0.7, reason: `garment alone on a plain background (${analysis.source} matte)` };
  return { garmentType, view, presentation };
}

/**
 * How sure decideCategory's rule is: two legs are unmistakable; the
 * silhouette ratio is surer the further it is from the dress/top threshold
 * (h/w 1.45).
 */
function shapeConfidence(reason: string): number {
  if (reason.startsWith('two legs')) return 0.95;
  const aspect = /h\/w=([\d.]+)/.exec(reason)?.[1];
  if (aspect === undefined) return 0.5;
  const distance = Math.abs(Number(aspect) - 1.45);
  return Math.round(Math.min(0.95, 0.55 + distance * 0.8) * 100) / 100;
}
