/**
 * Refine: improve a coarse try-on (ours or another engine's) of these garments
 * on this person. The coarse result says where the garment goes and how it
 * drapes; the garment photo says what it looks like; the person photo is the
 * truth everywhere else.
 *
 *   1. align: the coarse image scaled to the person photo (same framing required);
 *   2. the try-on's person and garment analyses and its pose-guided fit;
 *   3. the try-on's pass masks, decided once (removal, fills and layering: the
 *      old garment kept beneath a shorter new one), and the change map: where
 *      the coarse engine changed the person, inside the requested categories'
 *      zones and our fit (head, hair, hands and feet stay the person's, and the
 *      kept old garment where the coarse image left it);
 *   4. our try-on composite over the person photo, with the coarse image's
 *      folds as shading where it drew the garment;
 *   5. the coarse pixels brought in where the coarse engine changed the person
 *      (refine-blend.ts): under our garment where our fit does not line up with
 *      the coarse image, beside it where our fit does not reach (revealed skin,
 *      a longer sleeve); garment-like ones recoloured to our fit's colours,
 *      the rest tinted to their surroundings. Our garment is cut back where the
 *      coarse result shows the person's skin or background unchanged.
 * Outside the change map and our garment every pixel is the person's own.
 * `options.gender` is not needed by the classical fit (the pose says the build).
 */
import { DrapeError } from '../../errors.js';
import type { EngineContext, EngineResult, NamedImage, RawImage, RefineRequest, TryOnOptions } from '../engine.js';
import type { VisionModels } from '../../vision/models.js';
import { createMask, maskToImage, planesIn, resizeImage, toRgb, withPooledPlanes, type Mask, type RgbImage } from '../../vision/image.js';
import { maskBounds, resizeMask, threshold, unionMask } from '../../vision/mask-ops.js';
import { grownBox } from '../../vision/box-distance.js';
import { boxUnion, EMPTY_BOX } from '../../vision/raster.js';
import { alignmentWeight, blendCoarse, coverTapBox, garmentLikeness, recolourField, type CoarseBlend } from './refine-blend.js';
import { compositePass, garmentOcclusion } from './composite.js';
import { finishImage } from './output.js';
import { renderDiagnostics } from './diagnostics.js';
import { shadingMap } from './shading.js';
import { passMasks, type PassMaskSet } from './pass-masks.js';
import { analyseGarments, analysePerson, fitPasses, runInfo, shareAbove, type Pass, type PersonStage } from './pipeline.js';
import { alignCoarse, blendShading, changeMap, coarseAtAnalysisSize, harmoniseOffsets, type ChangeMap } from './refine-guide.js';

/** What refine reads from the coarse image at the analysis size: the image, where it changed the person, and its folds. */
interface RefineGuide {
  coarseSmall: RgbImage;
  change: ChangeMap;
  coarseShade: Mask;
}

/**
 * The try-on's masks of each pass (removal, fills, protection and the
 * layering decision: which old garment stays beneath the new one), decided
 * once and shared by the change map and our composite, as the coarse try-on
 * decided them.
 */
function refinePassMasks(stage: PersonStage, passes: Pass[], options: TryOnOptions): PassMaskSet[] {
  // (the passes' own masks in reused planes, but for those they return: image.ts withPooledPlanes)
  return withPooledPlanes(() => passes.map((pass) => passMasks(stage.clothing, stage.person, stage.frame, pass, options)), (m) => planesIn(m));
}

/**
 * The change map within our garments' coverage (the old garment our layering
 * keeps stays the person's where the coarse image left it), and the folds of
 * what the coarse engine drew (its own print divided out, as for the old garment).
 */
async function refineGuide(stage: PersonStage, passes: Pass[], masks: PassMaskSet[], coarse: RgbImage, options: TryOnOptions): Promise<RefineGuide> {
  const { person, clothing } = stage;
  const coarseSmall = await coarseAtAnalysisSize(coarse, person);
  const fitted = createMask(person.small.width, person.small.height);
  for (const p of passes) {
    const c = garmentOcclusion(p.layer, fitted.width, fitted.height, 1);
    for (let i = 0; i < fitted.data.length; i++) fitted.data[i] = Math.max(fitted.data[i]!, c.data[i]!);
  }
  const kept = masks.length > 0 ? unionMask(masks[0]!.kept, ...masks.slice(1).map((m) => m.kept)) : undefined;
  const change = changeMap(person, clothing, coarseSmall, passes.map((p) => p.category), options, fitted, kept);
  return { coarseSmall, change, coarseShade: shadingMap(coarseSmall, threshold(change.changed, 0.5)) };
}

/** Our try-on over the person photo, with the coarse folds as shading where it drew the garment; what our garment covers and what lay under it. */
interface OwnComposite {
  out: Uint8Array<ArrayBuffer>;
  changed: Float32Array<ArrayBuffer>;
  cover: Float32Array<ArrayBuffer>;
  under: Uint8Array<ArrayBuffer>;
  /** Analysis size: where the person is not wearing the old garment(s). */
  notOld: Mask;
  diag: NamedImage[];
}

function ownComposite(personImage: RgbImage, stage: PersonStage, passes: Pass[], passSets: PassMaskSet[], guide: RefineGuide, options: TryOnOptions): OwnComposite {
  const { person, clothing } = stage;
  const W = person.width, H = person.height;
  const own: OwnComposite = {
    out: new Uint8Array(personImage.data),
    changed: new Float32Array(W * H),
    cover: new Float32Array(W * H),
    under: new Uint8Array(W * H * 3),
    notOld: createMask(person.small.width, person.small.height, 1),
    diag: [],
  };
  for (const [index, pass] of passes.entries()) {
    const set = passSets[index]!;
    const masks = { ...set, shading: blendShading(set.shading, guide.coarseShade, guide.change.changed) };
    compositePass({ out: own.out, width: W, height: H, changed: own.changed, cover: own.cover, under: own.under }, pass.layer, masks);
    for (let i = 0; i < own.notOld.data.length; i++) own.notOld.data[i] = Math.min(own.notOld.data[i]!, 1 - Math.min(1, masks.oldCloth.data[i]! * 2));
    if (options.diagnostics) own.diag.push(...renderDiagnostics(person, clothing, pass, masks.oldCloth, masks.protect));
  }
  return own;
}

/**
 * How the coarse pixels are brought in (analysis size). Where both show the
 * garment: the coarse colours moved to ours, and whether our fit lines up
 * with the coarse image. Coarse pixels that look like its garment take the
 * garment's recolouring, others (skin it revealed, under our garment or
 * beside it) the tint of their surroundings. (Skin tests on the coarse image,
 * to keep its skin from being recoloured or covered, were tried: a warm
 * colour cast makes a white tee pass them, and the mean colour error inside
 * the garment on the quality review's worn pairs rose from 9.8 to 13.6.)
 */
async function coarseColours(
  stage: PersonStage,
  own: OwnComposite,
  guide: RefineGuide,
): Promise<{ both: Mask; coarseOnly: Mask; blend: Pick<CoarseBlend, 'align' | 'gains' | 'offsets'> }> {
  const { person, frame } = stage;
  const W = person.width, H = person.height;
  const aw = person.small.width, ah = person.small.height;
  const change = guide.change.changed;
  const coverSmall = resizeMask({ width: W, height: H, data: own.cover }, aw, ah);
  const oursSmall = await resizeImage({ width: W, height: H, channels: 3, data: own.out }, aw, ah);
  const both = createMask(aw, ah);
  for (let i = 0; i < both.data.length; i++) both.data[i] = change.data[i]! >= 0.5 && coverSmall.data[i]! >= 0.5 ? 1 : 0;
  const recolour = recolourField(oursSmall, guide.coarseSmall, both, frame.shoulderWidth * person.scale);
  // (the alignment, gains and offsets worked out where they are read: the
  // alignment under our garment, and on `both` by the diagnostics; the gains
  // and offsets also where the change map samples above 0, its cells grown
  // by the one a bilinear tap reaches past them)
  const under = coverTapBox(own.cover, W, H, aw, ah);
  const align = alignmentWeight(oursSmall, guide.coarseSmall, recolour, boxUnion(under, maskBounds(both) ?? EMPTY_BOX));
  const read = boxUnion(under, grownBox(maskBounds(change, Number.MIN_VALUE), 1, aw, ah) ?? EMPTY_BOX);
  const coarseOnly = createMask(aw, ah);
  for (let i = 0; i < coarseOnly.data.length; i++) coarseOnly.data[i] = change.data[i]! * (1 - Math.min(1, coverSmall.data[i]!));
  const tint = harmoniseOffsets(oursSmall, guide.coarseSmall, threshold(coarseOnly, 0.5));
  const like = garmentLikeness(guide.coarseSmall, both, read);
  const gains = new Float32Array(tint.length), offsets = new Float32Array(tint.length);
  for (let y = read.y0; y <= read.y1; y++) {
    for (let x = read.x0, i = y * aw + x; x <= read.x1; x++, i++) {
      const g = like.data[i]!;
      for (let c = 0; c < 3; c++) {
        gains[i * 3 + c] = 1 + (recolour[i * 3 + c]! - 1) * g;
        offsets[i * 3 + c] = tint[i * 3 + c]! * (1 - g);
      }
    }
  }
  return { both, coarseOnly, blend: { align, gains, offsets } };
}

export async function runRefine(models: VisionModels, request: RefineRequest, ctx: EngineContext): Promise<EngineResult> {
  if (request.garments.length < 1 || request.garments.length > 2) {
    throw new DrapeError('invalid_parameter', 'A refine takes a top garment and optionally a bottom garment.', { retryable: false, field: 'garments' });
  }
  const { options } = request;
  const personImage = toRgb(request.person);
  const coarse = await ctx.stage('align', () => alignCoarse(request.coarse, personImage));
  const stage = await analysePerson(models, personImage, options, ctx, () => ctx.progress(10));
  const { person } = stage;
  ctx.progress(30);
  const analyses = await ctx.stage('garment_analysis', () => analyseGarments(models, request.garments, options, person));
  ctx.progress(45);
  const passes = await ctx.stage('warp', () => fitPasses(stage, analyses));
  ctx.progress(65);
  const { masks, guide } = await ctx.stage('change_map', async () => {
    const masks = refinePassMasks(stage, passes, options);
    return { masks, guide: await refineGuide(stage, passes, masks, coarse, options) };
  });
  ctx.progress(75);

  const W = person.width, H = person.height;
  const result = await ctx.stage('composite', async () => {
    const own = ownComposite(personImage, stage, passes, masks, guide, options);
    const colours = await coarseColours(stage, own, guide);
    const { out, changed } = own;
    blendCoarse(out, coarse, { cover: own.cover, under: own.under, change: guide.change.changed, grown: guide.change.grown, notOld: own.notOld, ...colours.blend }, changed);
    const diag = own.diag;
    if (options.diagnostics) {
      const { align } = colours.blend;
      diag.push({ name: 'refine-change-map', image: maskToImage(guide.change.changed) });
      diag.push({ name: 'refine-coarse-only', image: maskToImage(colours.coarseOnly) });
      diag.push({ name: 'refine-fit-alignment', image: maskToImage({ width: align.width, height: align.height, data: align.data.map((v, i) => v * colours.both.data[i]!) }) });
      diag.push({ name: 'replaced-region', image: maskToImage({ width: W, height: H, data: changed }) });
    }
    const composed: RawImage = { width: W, height: H, channels: 3, data: out };
    const image = await finishImage(composed, person, passes.map((p) => p.layer), options, colours.coarseOnly);
    return { image, diag, changed, coarseOnly: colours.coarseOnly };
  });
  ctx.progress(100);
  return {
    image: result.image,
    ...(options.diagnostics ? { diagnostics: result.diag } : {}),
    info: {
      ...runInfo(passes, person, result.changed),
      coarseChangedFraction: shareAbove(guide.change.changed.data, 0.5),
      coarseOnlyFraction: shareAbove(result.coarseOnly.data, 0.5),
      coarseDrift: guide.change.drift.map((v) => Math.round(v)),
      changeThreshold: Number(guide.change.threshold.toFixed(1)),
    },
  };
}
