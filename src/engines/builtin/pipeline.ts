/**
 * The try-on pipeline's stages, shared by try-on and refine: person analysis
 * (pose, matte, clothing parse), garment analysis with the category decision,
 * and the fit + warp of each garment into a layer at the person's size.
 */
import { DrapeError } from '../../errors.js';
import type { Category, EngineContext, GarmentInput, TryOnOptions } from '../engine.js';
import type { VisionModels } from '../../vision/models.js';
import { planesIn, withPooledPlanes, type Mask, type RgbImage } from '../../vision/image.js';
import { unionMask } from '../../vision/mask-ops.js';
import { detectPose, segmentPerson, toPersonAnalysis, withPlausibleHips, type PersonAnalysis } from '../../vision/person-analysis.js';
import { armHalfWidth, armOuterReach, armOuterRuns, bodyFrame, silhouetteTopAt, torsoExtentAt, type BodyFrame } from '../../vision/body-regions.js';
import { analyzeGarmentImage, type GarmentAnalysis } from './garment-analysis.js';
import { decideCategory } from './category.js';
import { wornGarment } from './worn-garment.js';
import { fitLower, fitUpper, hasLegsInFrame, type BodyMeasures, type GarmentFit } from './fit-targets.js';
import { renderGarment, type GarmentLayer } from './warp-render.js';
import { clothingRegions, type ClothingRegions } from './clothing-regions.js';
import { checkDetection, checkPerson } from './person-checks.js';
import { clipAtFloor, clipLowerToBody, clipToBody } from './body-clip.js';
import { hemFloor } from './feet-front.js';
import { hemRowAt, hemRows, oldLegwear, reachedHems, type HemRows } from './hem-reach.js';
import { median } from '../../vision/robust-stats.js';

export const PASS_ORDER: Record<Category, number> = { lower: 0, dress: 1, upper: 2 };

/**
 * Presets choose the person analysis size (all masks, the removal and the
 * shading are computed there; warping and compositing stay at full size).
 * The models run at 256 px inside either way, so one loaded model serves all.
 */
const ANALYSIS_SIDE_BY_PRESET: Record<TryOnOptions['preset'], number> = { fast: 384, balanced: 512, quality: 640 };

export interface PersonStage {
  person: PersonAnalysis;
  frame: BodyFrame;
  clothing: ClothingRegions;
}

export interface AnalysedGarment {
  garment: GarmentAnalysis;
  category: Category;
  decided: string;
}

export interface Pass extends AnalysedGarment {
  fit: GarmentFit;
  layer: GarmentLayer;
  /** Each leg's hem row a new lower garment's fit reaches (hem-reach.ts), else null: the cut here, the feet and old cuffs in passMasks. */
  hems: HemRows | null;
  /** For a new lower garment, each leg's hem row of the old garment itself (hem-reach.ts hemRows), else null: the old cuffs below bare legs (pass-masks.ts oldCuffRows). */
  oldHems: HemRows | null;
}

/** Stages 'pose' and 'matte': keypoints, matte and clothing parse of the person photo (RGB). */
export async function analysePerson(models: VisionModels, personImage: RgbImage, options: TryOnOptions, ctx: EngineContext, afterPose?: () => void): Promise<PersonStage> {
  const detected = await ctx.stage('pose', () => detectPose(models, personImage, ANALYSIS_SIDE_BY_PRESET[options.preset] ?? 512));
  checkDetection(detected.result);
  afterPose?.();
  return ctx.stage('matte', async () => {
    const matte = await segmentPerson(models, detected.small);
    const seen = toPersonAnalysis(personImage, detected, matte);
    if (!seen) throw new DrapeError('no_person_detected', 'No person was found in the person image.', { retryable: false });
    checkPerson(seen);
    // (hips squashed up a tight crop moved down, TORSO_DEPTH: after the checks, which read the pose as found;
    // a worn garment's wearer keeps its own, worn-garment.ts: its parse's shape checks were tuned on them)
    const person = { ...seen, keypoints: withPlausibleHips(seen.keypoints, seen.height) };
    const frame = bodyFrame(person);
    // (the parse's own masks in reused planes, but for those it returns: image.ts withPooledPlanes)
    return { person, frame, clothing: withPooledPlanes(() => clothingRegions(person, frame), (c) => planesIn(c)) };
  });
}

/** Garment analysis and the category of each garment ('auto' decided from its shape); at most one per category, a dress alone. */
export async function analyseGarments(models: VisionModels, garments: GarmentInput[], options: TryOnOptions, person: PersonAnalysis): Promise<AnalysedGarment[]> {
  const out: AnalysedGarment[] = [];
  for (const [index, input] of garments.entries()) {
    const garment = await analyzeGarmentImage(input.image, options.garmentBackgroundRemoval, input.category, (small, foreground) =>
      wornGarment(models, small, foreground, input.category),
    );
    let category: Category;
    let decided: string;
    if (input.category === 'auto') {
      const d = decideCategory(garment);
      category = d.category;
      decided = `auto: ${d.reason}`;
      if (category !== 'upper' && !hasLegsInFrame(person)) {
        throw new DrapeError('category_mismatch', `Garment ${index + 1} looks like a ${category}, but the person photo does not show the legs.`, { retryable: false });
      }
    } else {
      category = input.category;
      decided = 'given';
    }
    out.push({ garment, category, decided });
  }
  const cats = out.map((o) => o.category);
  if (new Set(cats).size !== cats.length || (cats.includes('dress') && cats.length > 1)) {
    throw new DrapeError('category_mismatch', `Garments must be at most one per category and a dress alone (got ${cats.join(', ')}).`, { retryable: false });
  }
  return out;
}

/** Fits and warps each garment, in pass order (lower, dress, upper). */
export function fitPasses(stage: PersonStage, analyses: AnalysedGarment[]): Pass[] {
  // (the fits' own masks in reused planes, but for those the passes hold; the body measures' closures, which reach
  // a mask of the work, are read only while fitting, never kept in a fit: image.ts withPooledPlanes)
  return withPooledPlanes(() => fitEach(stage, analyses), (list) => planesIn(list));
}

function fitEach(stage: PersonStage, analyses: AnalysedGarment[]): Pass[] {
  const { person, frame, clothing } = stage;
  const list: Pass[] = [];
  const breaks = unionMask(clothing.regions.armCore, clothing.regions.hands);
  const measures: BodyMeasures = {
    torsoExtent: (depth) => torsoExtentAt(person, frame, breaks, depth),
    silhouetteTop: (x, y0, y1) => silhouetteTopAt(person, x, y0, y1, clothing.hair, clothing.regions.head),
    armHalfWidth: (side) => armHalfWidth(person, frame, side),
    armOuterReach: (axis) => armOuterReach(person, frame, axis),
    armOuterRuns: (axis, along) => armOuterRuns(person, frame, axis, along),
  };
  const floor = hemFloor(person, frame);
  // (a lower garment's legs reach down to where the old ones broke on the shoes, hem-reach.ts)
  const hems = legHems(stage);
  for (const a of [...analyses].sort((p, q) => PASS_ORDER[p.category] - PASS_ORDER[q.category])) {
    const fit = a.category === 'lower' ? fitLower(person, frame, a.garment, oldLowerTop(person, frame, clothing.lowerCloth), hems, topHem(person, frame, clothing.upperCloth)) : fitUpper(person, frame, a.garment, a.category, measures);
    if (!fit) throw new DrapeError('category_mismatch', `The garment's shape does not fit the category ${a.category}.`, { retryable: false });
    const rendered = renderGarment(person.width, person.height, a.garment, fit, clothing.regions.armCore, person.scale);
    // a garment must lie on the body (body-clip.ts): a top hugs it, trousers and skirts stand off it further, dresses flare
    const swPx = frame.shoulderWidth * person.scale;
    const clipped = a.category === 'upper' ? clipToBody(rendered, person.matte, swPx).layer : a.category === 'lower' ? clipLowerToBody(rendered, person.matte, swPx).layer : rendered;
    // (a hem past the ankles ends there: the feet stay in front, feet-front.ts)
    const s = person.scale;
    const reached = a.category === 'lower' && hems ? reachedHems(hems, fit, frame.shoulderWidth) : null;
    const cut = reached ? (x: number) => hemRowAt(reached, x / s) * s : floor !== null ? floor * s : null;
    const layer = a.category !== 'upper' && cut !== null ? clipAtFloor(clipped, person.matte, cut) : clipped;
    list.push({ ...a, fit, layer, hems: reached, oldHems: a.category === 'lower' ? hems : null });
  }
  return list;
}

/** Each leg's hem row for a new lower garment (hem-reach.ts), from the person's old lower garment near the feet. */
function legHems(stage: PersonStage): HemRows | null {
  const { person, frame, clothing } = stage;
  return hemRows(person, frame, oldLegwear(clothing));
}

/**
 * The median over the centre columns (CENTRE_COLUMNS_SW) of the row `rowIn`
 * finds in each column of `mask` from the shoulders' row down (analysis px
 * in, full px out), or null when fewer than two columns give one.
 */
function centreMedian(person: PersonAnalysis, frame: BodyFrame, mask: Mask, rowIn: (x: number, fromY: number) => number | null): number | null {
  const s = person.scale;
  const rows: number[] = [];
  for (const f of CENTRE_COLUMNS_SW) {
    const x = Math.round((frame.hipMid.x + frame.shoulderWidth * f) * s);
    if (x < 0 || x >= mask.width) continue;
    const y = rowIn(x, Math.max(0, Math.round(frame.shoulderMid.y * s)));
    if (y !== null) rows.push(y / s);
  }
  return rows.length < 2 ? null : median(rows);
}

/**
 * Top of the old lower garment on the body's centre line, full px (median over
 * a few columns), or null when none is found below the shoulders.
 */
function oldLowerTop(person: PersonAnalysis, frame: BodyFrame, lowerCloth: Mask): number | null {
  return centreMedian(person, frame, lowerCloth, (x, fromY) => {
    for (let y = fromY; y < lowerCloth.height; y++) if (lowerCloth.data[y * lowerCloth.width + x]! >= 0.5) return y;
    return null;
  });
}

/**
 * The hem of the top worn over the old lower garment on the body's centre
 * line, full px (median over a few columns): the row after the top's first
 * run down from the shoulders; null when fewer than two columns cross it.
 */
function topHem(person: PersonAnalysis, frame: BodyFrame, upperCloth: Mask): number | null {
  return centreMedian(person, frame, upperCloth, (x, fromY) => {
    let inTop = false;
    for (let y = fromY; y < upperCloth.height; y++) {
      const on = upperCloth.data[y * upperCloth.width + x]! >= 0.5;
      if (on) inTop = true;
      else if (inTop) return y;
    }
    return null;
  });
}

/** Where the old garment's top and the top's hem are read: columns this many shoulder widths either side of the hips' centre. */
const CENTRE_COLUMNS_SW = [-0.15, -0.05, 0.05, 0.15] as const;

/** The facts every run reports in its info: what each pass decided, the pose, the body and how much changed. */
export function runInfo(passes: Pass[], person: PersonAnalysis, changed: Float32Array): Record<string, unknown> {
  return {
    categories: passes.map((p) => ({ category: p.category, decided: p.decided, source: p.garment.source, sleeves: p.fit.limbs.length })),
    poseScore: Number(person.poseScore.toFixed(3)),
    body: bodyBoxes(person),
    changedFraction: shareAbove(changed, 0.05),
  };
}

/** The share of a map's pixels above `t`, to 4 decimals. */
export function shareAbove(m: ArrayLike<number>, t: number): number {
  let k = 0;
  for (let i = 0; i < m.length; i++) if (m[i]! > t) k++;
  return Number((k / m.length).toFixed(4));
}

function bodyBoxes(person: PersonAnalysis): Record<string, number[]> {
  const k = person.keypoints;
  const box = (pts: { x: number; y: number }[], pad = 0) => {
    const xs = pts.map((p) => p.x), ys = pts.map((p) => p.y);
    const x0 = Math.min(...xs) - pad, y0 = Math.min(...ys) - pad;
    return [x0, y0, Math.max(...xs) + pad - x0, Math.max(...ys) + pad - y0].map((v) => Math.round(v));
  };
  return {
    face: box([k.leftEye, k.rightEye, k.nose, k.leftMouth, k.rightMouth]),
    torso: box([k.leftShoulder, k.rightShoulder, k.leftHip, k.rightHip]),
    thighs: box([k.leftHip, k.rightHip, k.leftKnee, k.rightKnee]),
  };
}
