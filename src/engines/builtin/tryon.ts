/**
 * The try-on pipeline: one person analysis, then one pass per garment
 * (lower, then dress, then upper), each pass = fit + warp + removal + composite.
 */
import { DrapeError } from '../../errors.js';
import type { Category, EngineContext, EngineResult, NamedImage, RawImage, TryOnRequest } from '../engine.js';
import type { VisionModels } from '../../vision/models.js';
import { createMask, maskToImage, toRgb, type Mask } from '../../vision/image.js';
import { detectPose, segmentPerson, toPersonAnalysis, type PersonAnalysis } from '../../vision/person-analysis.js';
import { bodyFrame, torsoWidthAt, type BodyFrame } from '../../vision/body-regions.js';
import { blurMask, chessboardDistance } from '../../vision/mask-ops.js';
import { analyzeGarmentImage, type GarmentAnalysis } from './garment-analysis.js';
import { decideCategory } from './category.js';
import { wornGarment } from './worn-garment.js';
import { fitLower, fitUpper, hasLegsInFrame, type GarmentFit } from './fit-targets.js';
import { renderGarment, type GarmentLayer } from './warp-render.js';
import { clothingRegions, type ClothingRegions } from './clothing-regions.js';
import { computeFills, otherGarmentExtent } from './removal.js';
import { shadingMap } from './shading.js';
import { paletteDistance2 } from '../../vision/palette.js';
import { compositePass, garmentOcclusion } from './composite.js';
import { checkDetection, checkPerson } from './person-checks.js';
import { finishImage } from './output.js';
import { renderDiagnostics } from './diagnostics.js';

const PASS_ORDER: Record<Category, number> = { lower: 0, dress: 1, upper: 2 };
/** RGB distance² within which a pixel of the old top looks like the lower garment (the parse's own match threshold, 55). */
const LOOKS_LIKE_D2 = 55 * 55;

/**
 * Presets choose the person analysis size (all masks, the removal and the
 * shading are computed there; warping and compositing stay at full size).
 * The models run at 256 px inside either way, so one loaded model serves all.
 */
const ANALYSIS_SIDE_BY_PRESET: Record<TryOnRequest['options']['preset'], number> = { fast: 384, balanced: 512, quality: 640 };

interface Pass {
  garment: GarmentAnalysis;
  category: Category;
  decided: string;
  fit: GarmentFit;
  layer: GarmentLayer;
}

function protectMask(c: ClothingRegions, category: Category, options: TryOnRequest['options'], person: PersonAnalysis, frame: BodyFrame, oldHard: Mask): Mask {
  const { width, height } = c.skin;
  const p = createMask(width, height);
  const r = c.regions;
  const s = person.scale;
  const shoulderY = Math.min(frame.shoulderL.y, frame.shoulderR.y) * s;
  for (let i = 0; i < p.data.length; i++) {
    let v = 0;
    if (category !== 'lower') {
      v = Math.max(v, r.head.data[i]!, c.hair.data[i]!);
      // neck skin above the shoulder line stays: necklines sit at its base
      // (but not the old neckline's own edge: kept, it stayed as a thin outline)
      if (r.neck.data[i]! >= 0.5 && c.skin.data[i]! >= 0.5 && oldHard.data[i]! < 0.5 && Math.floor(i / width) < shoulderY) v = 1;
    } else {
      // the top stays over the new lower garment
      v = Math.max(v, c.upperCloth.data[i]!);
    }
    // (a hand's capsule over the old garment keeps only skin that is not that
    // garment: model_2's pale yellow skirt passes the skin test beside her hand)
    if (options.preserveHands) v = Math.max(v, r.hands.data[i]! * (c.skin.data[i]! >= 0.5 && oldHard.data[i]! < 0.5 ? 1 : 0.0));
    if (options.preserveFeet && category !== 'upper') v = Math.max(v, oldHard.data[i]! >= 0.5 && r.cuffs.data[i]! >= 0.5 ? 0 : r.feet.data[i]!);
    p.data[i] = v;
  }
  return blurMask(p, 1, 1);
}

function armsFrontMask(c: ClothingRegions, category: Category): Mask {
  const { width, height } = c.skin;
  const m = createMask(width, height);
  if (category === 'lower') return m;
  // The arm's own skin in front of the torso (its core, from a third down the
  // upper arm: the shoulder itself is under the garment); sleeves are drawn over it separately.
  for (let i = 0; i < m.data.length; i++) m.data[i] = c.regions.forearmCore.data[i]! >= 0.5 && c.skin.data[i]! >= 0.5 ? 1 : 0;
  return blurMask(m, 1, 1);
}

/** The old garment to remove (hard, and soft for compositing) and the 5 px around it (kept out of the fills). */
function oldClothFor(c: ClothingRegions, category: Category): { hard: Mask; soft: Mask; near: Mask } {
  const m = createMask(c.skin.width, c.skin.height);
  for (let i = 0; i < m.data.length; i++) {
    const u = c.upperCloth.data[i]!, l = c.lowerCloth.data[i]!;
    m.data[i] = category === 'upper' ? u : category === 'lower' ? l : Math.max(u, l);
  }
  // The old garment's soft edge (matte below 0.5, mixed colour) must go too:
  // grow 3 analysis px into whatever is not skin, and 2 px into skin: the
  // pixels mixing the garment's edge with skin pass the skin test and, kept,
  // drew the old neckline and straps as a thin dark outline (14627_00).
  // (one distance transform for the three radii; `near` is the grown mask's
  // 2 px neighbourhood, within 5 px of the garment)
  const dist = chessboardDistance(m, 6);
  const near = createMask(m.width, m.height);
  for (let i = 0; i < m.data.length; i++) {
    const d = dist[i]!;
    if (d <= 5) near.data[i] = 1;
    if (m.data[i]! < 0.5 && ((d <= 3 && c.skin.data[i]! < 0.5) || d <= 2)) m.data[i] = 1;
  }
  return { hard: m, soft: blurMask(m, 1, 1), near };
}

/**
 * Top of the old lower garment on the body's centre line, full px (median over
 * a few columns), or null when none is found below the shoulders.
 */
function oldLowerTop(person: PersonAnalysis, frame: BodyFrame, lowerCloth: Mask): number | null {
  const s = person.scale;
  const tops: number[] = [];
  for (const f of [-0.15, -0.05, 0.05, 0.15]) {
    const x = Math.round((frame.hipMid.x + frame.shoulderWidth * f) * s);
    if (x < 0 || x >= lowerCloth.width) continue;
    for (let y = Math.max(0, Math.round(frame.shoulderMid.y * s)); y < lowerCloth.height; y++) {
      if (lowerCloth.data[y * lowerCloth.width + x]! >= 0.5) { tops.push(y / s); break; }
    }
  }
  if (tops.length < 2) return null;
  tops.sort((a, b) => a - b);
  return tops[Math.floor(tops.length / 2)]!;
}

/** Boxes [x, y, w, h] in person pixels, for clients and tests: face, torso, thighs. */
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

export async function runTryOn(models: VisionModels, request: TryOnRequest, ctx: EngineContext): Promise<EngineResult> {
  if (request.garments.length < 1 || request.garments.length > 3) {
    throw new DrapeError('invalid_parameter', 'A try-on takes one to three garments.', { retryable: false, field: 'garments' });
  }
  const personImage = toRgb(request.person);
  const detected = await ctx.stage('pose', () => detectPose(models, personImage, ANALYSIS_SIDE_BY_PRESET[request.options.preset] ?? 512));
  checkDetection(detected.result);
  ctx.progress(15);
  const { person, frame, clothing } = await ctx.stage('matte', async () => {
    const matte = await segmentPerson(models, detected.small);
    const person = toPersonAnalysis(personImage, detected, matte);
    if (!person) throw new DrapeError('no_person_detected', 'No person was found in the person image.', { retryable: false });
    checkPerson(person);
    const frame = bodyFrame(person);
    return { person, frame, clothing: clothingRegions(person, frame) };
  });
  ctx.progress(35);

  const analyses = await ctx.stage('garment_analysis', async () => {
    const out: { garment: GarmentAnalysis; category: Category; decided: string }[] = [];
    for (const [index, input] of request.garments.entries()) {
      const garment = await analyzeGarmentImage(input.image, request.options.garmentBackgroundRemoval, input.category, (small, foreground) =>
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
  });
  ctx.progress(50);

  const passes = await ctx.stage('warp', () => {
    const list: Pass[] = [];
    for (const a of [...analyses].sort((p, q) => PASS_ORDER[p.category] - PASS_ORDER[q.category])) {
      const torso = (depth: number) => torsoWidthAt(person, frame, clothing.regions.armCore, depth);
      const fit = a.category === 'lower' ? fitLower(person, frame, a.garment, oldLowerTop(person, frame, clothing.lowerCloth)) : fitUpper(person, frame, a.garment, a.category, torso);
      if (!fit) throw new DrapeError('category_mismatch', `The garment's shape does not fit the category ${a.category}.`, { retryable: false });
      const layer = renderGarment(person.width, person.height, a.garment, fit, clothing.regions.armCore, person.scale);
      list.push({ ...a, fit, layer });
    }
    return list;
  });
  ctx.progress(80);

  const result = await ctx.stage('composite', async () => {
    const out = new Uint8Array(personImage.data);
    const changed = new Float32Array(person.width * person.height);
    const diag: NamedImage[] = [];
    for (const pass of passes) {
      const { hard, soft: oldCloth, near } = oldClothFor(clothing, pass.category);
      const protect = protectMask(clothing, pass.category, request.options, person, frame, hard);
      const swPx = frame.shoulderWidth * person.scale;
      const bottom = clothing.bottomPalette;
      const small = person.small;
      const sc = small.channels;
      const looksLike = bottom ? (i: number) => paletteDistance2(bottom, small.data[i * sc]!, small.data[i * sc + 1]!, small.data[i * sc + 2]!) < LOOKS_LIKE_D2 : undefined;
      const extent = pass.category === 'upper' ? otherGarmentExtent(clothing.lowerCloth, person.matte, clothing.regions.arms, swPx * 0.12, clothing.regions.armCore, looksLike) : null;
      const other = extent ? { mask: clothing.lowerCloth, extent } : null;
      const fills = computeFills(person.small, person.matte, clothing.skin, near, clothing.regions.bodyShape, swPx, other);
      const shading = shadingMap(person.small, oldCloth);
      // the shadow reaches ~0.04 shoulder widths (a strap's own width) past the garment's edge
      const occlusion = garmentOcclusion(pass.layer, oldCloth.width, oldCloth.height, Math.max(1, swPx * 0.04));
      compositePass(out, person.width, person.height, pass.layer, { oldCloth, protect, armsFront: armsFrontMask(clothing, pass.category), shading, fills, occlusion }, changed);
      if (request.options.diagnostics) diag.push(...renderDiagnostics(person, clothing, pass, oldCloth, protect));
    }
    if (request.options.diagnostics) diag.push({ name: 'replaced-region', image: maskToImage({ width: person.width, height: person.height, data: changed }) });
    const composed: RawImage = { width: person.width, height: person.height, channels: 3, data: out };
    const image = await finishImage(composed, person, passes.map((p) => p.layer), request.options);
    return { image, diag, changed };
  });
  ctx.progress(100);
  let changedArea = 0;
  for (let i = 0; i < result.changed.length; i++) if (result.changed[i]! > 0.05) changedArea++;
  return {
    image: result.image,
    ...(request.options.diagnostics ? { diagnostics: result.diag } : {}),
    info: {
      categories: passes.map((p) => ({ category: p.category, decided: p.decided, source: p.garment.source, sleeves: p.fit.limbs.length })),
      poseScore: Number(person.poseScore.toFixed(3)),
      body: bodyBoxes(person),
      changedFraction: Number((changedArea / result.changed.length).toFixed(4)),
    },
  };
}
