/**
 * Classify a SKU's garment photo for the studio API: garment_type (Top,
 * Bottom, Full body, Shoes, Accessory), view (front, back) and presentation
 * (flatlay_clean, ghost_mannequin, on_model), each with a confidence and the
 * reason, kept beside the image.
 *
 * The shape comes from the built-in engine's own garment analysis (its
 * product-photo matte and landmarks, then decideCategory, the rule `auto`
 * uses at try-on time), so the studio and the try-on agree on what a garment
 * is. The view comes from the picture first: on a model, from the pose (a
 * face turned to the camera, the shoulders' left–right order: pose-geometry's
 * viewType); on a product photo, from the neck opening (garment-view.ts: a
 * front view looks through the neckline into the garment) or a print on the
 * chest. Only when the
 * picture is unsure does the file's name decide ("…_back.jpg"), as it does
 * for what the silhouette cannot tell at all: shoes and accessories, a
 * ghost-mannequin shot. The person check is the engine's cheap "someone
 * wears this" gate (skin under a head-shaped top) before the pose model.
 *
 * Runs in a studio analysis thread (analysis-worker.ts), never on the HTTP
 * event loop.
 */
import sharp from 'sharp';
import { decideCategory } from '../engines/builtin/category.js';
import { analyzeGarmentImage, GARMENT_ANALYSIS_LONG_SIDE_PX, type GarmentAnalysis } from '../engines/builtin/garment-analysis.js';
import { personLikely } from '../engines/builtin/worn-garment.js';
import type { Category } from '../engines/engine.js';
import { readGarmentView } from '../engines/builtin/garment-view.js';
import type { AcceptedImage } from '../images/image-guard.js';
import { resizeImage, type RgbImage } from '../vision/image.js';
import { viewType } from './pose-geometry.js';
import type { PoseReads } from './pose-reader.js';

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
/**
 * A view the pose gives: the face detector or the shoulders' order is
 * unambiguous when a person is seen (all 64 fixture persons read front).
 */
const POSE_VIEW_CONFIDENCE = 0.9;
/** The view a name hints when the picture is unsure: a catalogue's own label, but not looked at. */
const VIEW_NAME_CONFIDENCE = 0.75;
/** Catalogue photos are front views unless named otherwise: the default when neither the picture nor the name tells. */
const DEFAULT_VIEW_CONFIDENCE = 0.55;

/** Words in a file or folder name, lower case ("Blue_Dress-BACK.jpg" → blue, dress, back, jpg). */
function words(name: string): Set<string> {
  return new Set(name.toLowerCase().split(/[^a-z0-9]+/).filter((word) => word !== ''));
}

const SHOE_WORDS = ['shoe', 'shoes', 'sneaker', 'sneakers', 'boot', 'boots', 'sandal', 'sandals', 'heels', 'footwear'];
const ACCESSORY_WORDS = ['accessory', 'accessories', 'bag', 'hat', 'cap', 'belt', 'scarf', 'jewelry', 'jewellery', 'necklace', 'earrings', 'sunglasses', 'watch'];
const BACK_WORDS = ['back', 'rear', 'reverse'];
const GHOST_WORDS = ['ghost', 'mannequin', 'invisible'];

/**
 * The DrapeError no_garment_detected (an empty or all-background photo)
 * propagates: such a photo is refused. `poses` reads a person's pose (the
 * vision models) for a photo on a model.
 */
export async function classifyGarment(image: AcceptedImage, name: string, poses: PoseReads): Promise<GarmentClassification> {
  const hints = words(name);
  const has = (list: string[]) => list.find((word) => hints.has(word));
  // Decoded straight at the analysis size: the analysis works on a 384 px copy anyway, and a full-size decode of a
  // large photo costs more than the whole analysis.
  const decoded = await sharp(image.bytes)
    .resize(GARMENT_ANALYSIS_LONG_SIDE_PX, GARMENT_ANALYSIS_LONG_SIDE_PX, { fit: 'inside', withoutEnlargement: true })
    .raw()
    .toBuffer({ resolveWithObject: true });
  const photo: RgbImage = { width: decoded.info.width, height: decoded.info.height, channels: decoded.info.channels as 3 | 4, data: decoded.data };
  const analysis = await analyzeGarmentImage(photo, 'auto', 'auto');
  const category = decideCategory(analysis);

  let garmentType: Decision<GarmentType>;
  const shoe = has(SHOE_WORDS);
  const accessory = has(ACCESSORY_WORDS);
  if (shoe !== undefined) garmentType = { value: 'Shoes', confidence: NAME_HINT_CONFIDENCE, reason: `name says "${shoe}"` };
  else if (accessory !== undefined) garmentType = { value: 'Accessory', confidence: NAME_HINT_CONFIDENCE, reason: `name says "${accessory}"` };
  else garmentType = { value: TYPE_OF_CATEGORY[category.category], confidence: shapeConfidence(category.reason), reason: category.reason };

  const ghost = has(GHOST_WORDS);
  // the photo is at the matte's size already (a smaller photo is not enlarged: both are its own size); the whole
  // silhouette, as the engine's own worn check reads it: the drawn matte can lack a wearer's head (a face above a
  // neckline looks like a flat top's neck opening and is taken out)
  const onModel = analysis.source === 'product' && personLikely(analysis.image, analysis.whole);
  const presentation: Decision<Presentation> = onModel
    ? { value: 'on_model', confidence: 0.7, reason: 'skin under a head-shaped top of the silhouette' }
    : ghost !== undefined
      ? { value: 'ghost_mannequin', confidence: NAME_HINT_CONFIDENCE, reason: `name says "${ghost}"` }
      : { value: 'flatlay_clean', confidence: 0.7, reason: `garment alone on a plain background (${analysis.source} matte)` };
  // The neck opening is read on what has one: a top or a dress as the shape says (trousers' waist is not a neckline).
  const necked = category.category !== 'lower' && (garmentType.value === 'Top' || garmentType.value === 'Full body');
  const seen = onModel ? await poseView(image, poses) : necked ? await productView(analysis) : undefined;
  const view = seen ?? viewFromName(hints);
  return { garmentType, view, presentation };
}

/** The view of a photo on a model, from the pose; undefined when no person or no view is read. */
async function poseView(image: AcceptedImage, poses: PoseReads): Promise<Decision<GarmentView> | undefined> {
  const pose = await poses.read(image);
  const facing = pose === undefined ? null : viewType(pose);
  if (facing === null) return undefined;
  return { value: facing === 'back_facing' ? 'back' : 'front', confidence: POSE_VIEW_CONFIDENCE, reason: `pose: the model is ${facing.replace('_', ' ')}` };
}

/** The view of a product photo of a top or dress, from its neck opening; undefined when the picture is unsure. */
async function productView(analysis: GarmentAnalysis): Promise<Decision<GarmentView> | undefined> {
  if (analysis.upper === null) return undefined;
  const small = await resizeImage(analysis.image, analysis.whole.width, analysis.whole.height);
  // the whole silhouette: the drawn matte has the neck opening taken out, so its top at the centre is the front
  // neckline and the zone read below it would be the chest
  const reading = readGarmentView(small, analysis.whole, analysis.upper);
  if (reading.view === 'unsure') return undefined;
  const reason =
    reading.cue === 'neck'
      ? `neck opening: ${Math.round(reading.openShare * 100)} % of the neck zone is not the shoulders' fabric (the inside seen through a front neckline)`
      : `print: ${Math.round(reading.printShare * 100)} % of the chest is not the shoulders' fabric (a print or logo, on the front of most tops)`;
  return { value: 'front', confidence: reading.confidence, reason };
}

/** When the picture is unsure: the file's name, else the catalogue default (front). */
function viewFromName(hints: Set<string>): Decision<GarmentView> {
  const back = BACK_WORDS.find((word) => hints.has(word));
  if (back !== undefined) return { value: 'back', confidence: VIEW_NAME_CONFIDENCE, reason: `picture unsure; name says "${back}"` };
  if (hints.has('front')) return { value: 'front', confidence: VIEW_NAME_CONFIDENCE, reason: 'picture unsure; name says "front"' };
  return { value: 'front', confidence: DEFAULT_VIEW_CONFIDENCE, reason: 'picture unsure, no view in the name: the catalogue default' };
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
