/**
 * What refine reads from the coarse result (all at the person's analysis
 * size): where the coarse engine changed the person photo (the change map),
 * the shading of what it drew, and the colour offsets that blend its pixels
 * into the refined image where our own fit does not reach.
 */
import { DrapeError } from '../../errors.js';
import type { Category, RawImage, TryOnOptions } from '../engine.js';
import { createMask, resizeImage, toRgb, type Mask, type RgbImage } from '../../vision/image.js';
import { blurMask, boxBlurOwnPlane, fillHoles, keepLargest, morph, morphPair } from '../../vision/mask-ops.js';
import { boundedChessboardDistance } from '../../vision/box-distance.js';
import { pushPullFill, relaxFill } from '../../vision/inpaint.js';
import type { PersonAnalysis } from '../../vision/person-analysis.js';
import { medianInPlace } from '../../vision/robust-stats.js';
import type { ClothingRegions } from './clothing-regions.js';

/**
 * Largest aspect-ratio difference between the coarse image and the person
 * photo that is still "the same photo, resized": 4 %. Try-on services return
 * sizes rounded to multiples of 8–64 px (768×1024 → 768×1024 or 760×1016:
 * under 1 %); a crop or a padded result is beyond it and cannot be aligned.
 */
const COARSE_ASPECT_TOLERANCE = 0.04;

/** Scales the coarse image to the person photo's size, or rejects one that is not the same framing. */
export async function alignCoarse(coarse: RawImage, person: RgbImage): Promise<RgbImage> {
  const ratio = coarse.width / coarse.height / (person.width / person.height);
  if (!(Math.abs(ratio - 1) <= COARSE_ASPECT_TOLERANCE)) {
    throw new DrapeError(
      'invalid_parameter',
      `The coarse image (${coarse.width}×${coarse.height}) must have the person image's aspect ratio (${person.width}×${person.height}).`,
      { retryable: false, field: 'coarse_image' },
    );
  }
  return resizeImage(toRgb(coarse), person.width, person.height);
}

/**
 * RGB distance (after the global drift is removed) below which a pixel counts
 * as unchanged, 0..441. JPEG re-encoding of the fixtures moves pixels by
 * 3–8; a garment swap by 40 and more; skin-for-sleeve by 60+.
 */
const CHANGE_MIN_D = 22;
/** The threshold also rises to this multiple of the median residual outside the zones (a noisy or regenerated background). */
const CHANGE_NOISE_FACTOR = 3;
/** Zones grown by this share of the shoulder width: a coarse garment may stand off the body's silhouette. */
const ZONE_GROW_SW = 0.12;

export interface ChangeMap {
  /** Soft change (0..1) inside the requested categories' zones, cleaned. */
  changed: Mask;
  /**
   * The same grown by 2 px: under our garment, where it meets the coarse
   * garment's soft (or blurred) edge, the decision between the two must not
   * fade out before the coarse edge does (see `blendCoarse`).
   */
  grown: Mask;
  /** Median per-channel offset coarse − person outside the zones (a global colour drift of the coarse engine). */
  drift: [number, number, number];
  /** The distance threshold used. */
  threshold: number;
}

function blurredPlanes(img: RgbImage): Float32Array[] {
  const n = img.width * img.height;
  const planes: Float32Array[] = [];
  for (let c = 0; c < 3; c++) {
    const p = new Float32Array(n);
    for (let i = 0; i < n; i++) p[i] = img.data[i * img.channels + c]!;
    planes.push(boxBlurOwnPlane(p, img.width, img.height, 1, 1));
  }
  return planes;
}

/**
 * Where the coarse engine may have changed the person (analysis size): the
 * requested categories' zones and wherever our fit puts the garment (the zones
 * end 0.3 torso lengths below the hip joints; a long tee on hips detected high
 * reaches further), grown by ZONE_GROW_SW (a coarse garment may stand off the
 * body's silhouette).
 */
function changeZone(person: PersonAnalysis, clothing: ClothingRegions, categories: Category[], fitted?: Mask): Mask {
  const small = person.small;
  const r = clothing.regions;
  const upper = categories.some((c) => c !== 'lower');
  const lower = categories.some((c) => c !== 'upper');
  const zone = createMask(small.width, small.height);
  for (let i = 0; i < zone.data.length; i++) {
    let v = 0;
    if (upper) v = Math.max(r.upperZone.data[i]!, r.arms.data[i]!, r.collar.data[i]!);
    if (lower) v = Math.max(v, r.lowerZone.data[i]!, r.legs.data[i]!, r.lowerFlare.data[i]!);
    if (fitted) v = Math.max(v, fitted.data[i]! >= 0.25 ? 1 : 0);
    zone.data[i] = v;
  }
  const sw = (Math.hypot(person.keypoints.leftShoulder.x - person.keypoints.rightShoulder.x, person.keypoints.leftShoulder.y - person.keypoints.rightShoulder.y)) * person.scale;
  return morph(zone, Math.max(2, Math.round(sw * ZONE_GROW_SW)));
}

/**
 * What always stays the person's: head and hair, and by option the hands
 * (where skin) and the feet. (Not the person's other garment as parsed: a
 * parse that put a long top's lower third in the trousers left a hole in the
 * refined top.)
 */
function alwaysThePerson(clothing: ClothingRegions, options: TryOnOptions): Mask {
  const r = clothing.regions;
  const keep = createMask(r.head.width, r.head.height);
  for (let i = 0; i < keep.data.length; i++) {
    let k = Math.max(r.head.data[i]!, clothing.hair.data[i]!);
    if (options.preserveHands) k = Math.max(k, r.hands.data[i]! * (clothing.skin.data[i]! >= 0.5 ? 1 : 0));
    if (options.preserveFeet) k = Math.max(k, r.feet.data[i]!);
    keep.data[i] = k;
  }
  return keep;
}

/**
 * Colour distance between the coarse image and the person photo (both lightly
 * blurred) less the coarse engine's drift, and the threshold above which a
 * pixel counts as changed. Drift and noise come from the pixels outside the
 * zone (background, head): every 3rd one is plenty.
 */
function coarseDistance(small: RgbImage, coarseSmall: RgbImage, zone: Mask): { dist: Float32Array; drift: [number, number, number]; threshold: number } {
  const n = zone.data.length;
  const p = blurredPlanes(small), q = blurredPlanes(coarseSmall);
  const dr = new Float64Array(Math.ceil(n / 3)), dg = new Float64Array(dr.length), db = new Float64Array(dr.length);
  let m = 0;
  for (let i = 0; i < n; i += 3) {
    if (zone.data[i]! >= 0.5) continue;
    dr[m] = q[0]![i]! - p[0]![i]!;
    dg[m] = q[1]![i]! - p[1]![i]!;
    db[m++] = q[2]![i]! - p[2]![i]!;
  }
  const drift: [number, number, number] = [medianInPlace(dr, m), medianInPlace(dg, m), medianInPlace(db, m)];
  const dist = new Float32Array(n);
  // (the same samples as the drift's: every 3rd pixel outside the zone)
  const outside = dr;
  let o = 0;
  for (let i = 0; i < n; i++) {
    const a = q[0]![i]! - p[0]![i]! - drift[0], b = q[1]![i]! - p[1]![i]! - drift[1], c = q[2]![i]! - p[2]![i]! - drift[2];
    dist[i] = Math.sqrt(a * a + b * b + c * c);
    if (zone.data[i]! < 0.5 && i % 3 === 0) outside[o++] = dist[i]!;
  }
  return { dist, drift, threshold: Math.max(CHANGE_MIN_D, CHANGE_NOISE_FACTOR * medianInPlace(outside, o)) };
}

/**
 * The changed pixels inside the zone and not kept, closed (bridging the new
 * garment's flat patches that happen to match the old colour), cleaned of
 * specks and filled; soft where `keep` is.
 */
function cleanedChange(dist: Float32Array, threshold: number, zone: Mask, keep: Mask): Mask {
  const { width: w, height: h } = zone;
  const hard = createMask(w, h);
  for (let i = 0; i < hard.data.length; i++) {
    if (zone.data[i]! < 0.5 || keep.data[i]! >= 0.5) continue;
    if (dist[i]! >= threshold) hard.data[i] = 1;
  }
  const cleaned = fillHoles(keepLargest(morphPair(hard, 2, -2), 0.03));
  const changed = createMask(w, h);
  for (let i = 0; i < changed.data.length; i++) {
    if (cleaned.data[i]! < 0.5 || zone.data[i]! < 0.5) continue;
    changed.data[i] = 1 - keep.data[i]!;
  }
  return changed;
}

/**
 * The change map less the old garment kept as a layer beneath the new one
 * (layering.ts) where the coarse image shows it unchanged: the closing and
 * the hole filling bridge a band of the old top left between a cropped new
 * top and the trousers, and the coarse pixels brought in there (tinted to
 * their surroundings) changed what the layering decision keeps. Where the
 * coarse engine did change the kept area (it drew skin or garment there),
 * its change stands.
 */
function withoutKeptLayer(changed: Mask, keptOld: Mask, dist: Float32Array, threshold: number): Mask {
  const out = createMask(changed.width, changed.height);
  for (let i = 0; i < out.data.length; i++) out.data[i] = keptOld.data[i]! >= 0.5 && dist[i]! < threshold ? 0 : changed.data[i]!;
  return out;
}

/**
 * Where the coarse engine changed the person: colour distance between the
 * coarse image and the person photo (both lightly blurred), less the drift
 * the coarse engine applied everywhere, thresholded softly, closed, cleaned
 * of specks and filled, and limited to the requested categories' zones minus
 * what always stays the person's (head, hair; hands and feet by option).
 * `fitted`: our garments' coverage at the analysis size, part of the zones;
 * `keptOld`: the old garment our layering keeps beneath the new one (the same
 * decision the try-on makes), which stays the person's where the coarse image
 * left it unchanged.
 */
export function changeMap(
  person: PersonAnalysis,
  clothing: ClothingRegions,
  coarseSmall: RgbImage,
  categories: Category[],
  options: TryOnOptions,
  fitted?: Mask,
  keptOld?: Mask,
): ChangeMap {
  const zone = changeZone(person, clothing, categories, fitted);
  const keep = alwaysThePerson(clothing, options);
  const { dist, drift, threshold } = coarseDistance(person.small, coarseSmall, zone);
  const cleaned = cleanedChange(dist, threshold, zone, keep);
  const changed = keptOld ? withoutKeptLayer(cleaned, keptOld, dist, threshold) : cleaned;
  return { changed: blurMask(changed, 1, 1), grown: blurMask(morph(changed, 2), 1, 1), drift, threshold };
}

/** Per-pixel blend of two shading maps (same size): `coarse` where `weight` (any size, nearest) is high. */
export function blendShading(own: Mask, coarse: Mask, weight: Mask): Mask {
  const out = createMask(own.width, own.height);
  for (let y = 0; y < own.height; y++) {
    const wy = Math.min(weight.height - 1, Math.floor(((y + 0.5) * weight.height) / own.height));
    for (let x = 0; x < own.width; x++) {
      const wx = Math.min(weight.width - 1, Math.floor(((x + 0.5) * weight.width) / own.width));
      const t = weight.data[wy * weight.width + wx]!;
      const i = y * own.width + x;
      out.data[i] = own.data[i]! * (1 - t) + coarse.data[i]! * t;
    }
  }
  return out;
}

/** Largest colour difference, RGB distance, between the refined image and the coarse one across a seam that still counts as "the same content, other tint". */
const HARMONISE_MAX_D = 30;
/** Offsets are clamped to this many levels per channel: a larger one is a different thing, not a tint. */
const HARMONISE_CLAMP = 30;
/** Membrane sweeps (analysis size) after the push-pull start: a 40 px region settles in ~25. */
const HARMONISE_SWEEPS = 30;

/**
 * Colour offsets (3 floats per analysis pixel) that carry the refined image's
 * tint into the coarse-only region `region`: on a 2 px ring around it the
 * offset is refined − coarse where the two agree roughly (the same content in
 * another tint: a coarse sleeve beside our body panel, coarse skin beside the
 * person's skin), then spread inside by a membrane (a seamless-cloning
 * approximation at low frequency). Ring pixels that disagree strongly (skin
 * beside a garment) give no sample.
 */
export function harmoniseOffsets(refined: RgbImage, coarse: RgbImage, region: Mask): Float32Array {
  const { width: w, height: h } = region;
  const n = w * h;
  // (swept only over the region's box grown by the cap: the same values, see box-distance.ts)
  const dist = boundedChessboardDistance(region, 3);
  const known = createMask(w, h);
  const values = new Float32Array(n * 3);
  const free = createMask(w, h);
  let samples = 0;
  for (let i = 0; i < n; i++) {
    if (region.data[i]! >= 0.5) { free.data[i] = 1; continue; }
    if (dist[i]! > 2) continue;
    const a = refined.data[i * refined.channels]! - coarse.data[i * coarse.channels]!;
    const b = refined.data[i * refined.channels + 1]! - coarse.data[i * coarse.channels + 1]!;
    const c = refined.data[i * refined.channels + 2]! - coarse.data[i * coarse.channels + 2]!;
    if (Math.sqrt(a * a + b * b + c * c) > HARMONISE_MAX_D) continue;
    values[i * 3] = a; values[i * 3 + 1] = b; values[i * 3 + 2] = c;
    known.data[i] = 1;
    samples++;
  }
  if (samples === 0) return new Float32Array(n * 3);
  const filled = pushPullFill(values, known);
  relaxFill(filled, known, free, HARMONISE_SWEEPS);
  for (let j = 0; j < filled.length; j++) filled[j] = Math.max(-HARMONISE_CLAMP, Math.min(HARMONISE_CLAMP, filled[j]!));
  return filled;
}

/** The coarse image at the analysis size. */
export function coarseAtAnalysisSize(coarse: RgbImage, person: PersonAnalysis): Promise<RgbImage> {
  return resizeImage(coarse, person.small.width, person.small.height);
}
