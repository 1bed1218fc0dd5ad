/**
 * Refine: improve a coarse try-on (ours or another engine's) of these garments
 * on this person. The coarse result says where the garment goes and how it
 * drapes; the garment photo says what it looks like; the person photo is the
 * truth everywhere else.
 *
 *   1. align: the coarse image scaled to the person photo (same framing required);
 *   2. the try-on's person and garment analyses and its pose-guided fit;
 *   3. the change map: where the coarse engine changed the person, inside the
 *      requested categories' zones and our fit (head, hair, hands and feet stay
 *      the person's);
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
import type { EngineContext, EngineResult, NamedImage, RawImage, RefineRequest } from '../engine.js';
import type { VisionModels } from '../../vision/models.js';
import { createMask, maskToImage, resizeImage, toRgb } from '../../vision/image.js';
import { resizeMask, threshold } from '../../vision/mask-ops.js';
import { alignmentWeight, blendCoarse, garmentLikeness, recolourField } from './refine-blend.js';
import { compositePass, garmentOcclusion } from './composite.js';
import { finishImage } from './output.js';
import { renderDiagnostics } from './diagnostics.js';
import { shadingMap } from './shading.js';
import { passMasks } from './pass-masks.js';
import { analyseGarments, analysePerson, fitPasses, runInfo, shareAbove } from './pipeline.js';
import { alignCoarse, blendShading, changeMap, coarseAtAnalysisSize, harmoniseOffsets } from './refine-guide.js';

export async function runRefine(models: VisionModels, request: RefineRequest, ctx: EngineContext): Promise<EngineResult> {
  if (request.garments.length < 1 || request.garments.length > 2) {
    throw new DrapeError('invalid_parameter', 'A refine takes a top garment and optionally a bottom garment.', { retryable: false, field: 'garments' });
  }
  const { options } = request;
  const personImage = toRgb(request.person);
  const coarse = await ctx.stage('align', () => alignCoarse(request.coarse, personImage));
  const stage = await analysePerson(models, personImage, options, ctx, () => ctx.progress(10));
  const { person, frame, clothing } = stage;
  ctx.progress(30);
  const analyses = await ctx.stage('garment_analysis', () => analyseGarments(models, request.garments, options, person));
  ctx.progress(45);
  const passes = await ctx.stage('warp', () => fitPasses(stage, analyses));
  ctx.progress(65);
  const guide = await ctx.stage('change_map', async () => {
    const coarseSmall = await coarseAtAnalysisSize(coarse, person);
    const fitted = createMask(person.small.width, person.small.height);
    for (const p of passes) {
      const c = garmentOcclusion(p.layer, fitted.width, fitted.height, 1);
      for (let i = 0; i < fitted.data.length; i++) fitted.data[i] = Math.max(fitted.data[i]!, c.data[i]!);
    }
    const change = changeMap(person, clothing, coarseSmall, passes.map((p) => p.category), options, fitted);
    // the folds of what the coarse engine drew (its own print divided out, as for the old garment)
    const coarseShade = shadingMap(coarseSmall, threshold(change.changed, 0.5));
    return { coarseSmall, change, coarseShade };
  });
  ctx.progress(75);

  const W = person.width, H = person.height;
  const result = await ctx.stage('composite', async () => {
    const out = new Uint8Array(personImage.data);
    const changed = new Float32Array(W * H);
    const cover = new Float32Array(W * H);
    const under = new Uint8Array(W * H * 3);
    const diag: NamedImage[] = [];
    const notOld = createMask(person.small.width, person.small.height, 1);
    for (const pass of passes) {
      const masks = passMasks(clothing, person, frame, pass, options);
      masks.shading = blendShading(masks.shading, guide.coarseShade, guide.change.changed);
      compositePass({ out, width: W, height: H, changed, cover, under }, pass.layer, masks);
      for (let i = 0; i < notOld.data.length; i++) notOld.data[i] = Math.min(notOld.data[i]!, 1 - Math.min(1, masks.oldCloth.data[i]! * 2));
      if (options.diagnostics) diag.push(...renderDiagnostics(person, clothing, pass, masks.oldCloth, masks.protect));
    }
    const aw = person.small.width, ah = person.small.height;
    const change = guide.change.changed;
    const coverSmall = resizeMask({ width: W, height: H, data: cover }, aw, ah);
    const oursSmall = await resizeImage({ width: W, height: H, channels: 3, data: out }, aw, ah);
    // where both show the garment: the coarse colours moved to ours, and whether our fit lines up with the coarse image
    const both = createMask(aw, ah);
    for (let i = 0; i < both.data.length; i++) both.data[i] = change.data[i]! >= 0.5 && coverSmall.data[i]! >= 0.5 ? 1 : 0;
    const recolour = recolourField(oursSmall, guide.coarseSmall, both, frame.shoulderWidth * person.scale);
    const align = alignmentWeight(oursSmall, guide.coarseSmall, recolour);
    // coarse pixels that look like its garment take the garment's recolouring, others
    // (skin it revealed, under our garment or beside it) the tint of their surroundings
    // (skin tests on the coarse image, to keep its skin from being recoloured or covered,
    // were tried: a warm colour cast makes a white tee pass them, and the mean colour
    // error inside the garment on the quality review's worn pairs rose from 9.8 to 13.6)
    const coarseOnly = createMask(aw, ah);
    for (let i = 0; i < coarseOnly.data.length; i++) coarseOnly.data[i] = change.data[i]! * (1 - Math.min(1, coverSmall.data[i]!));
    const tint = harmoniseOffsets(oursSmall, guide.coarseSmall, threshold(coarseOnly, 0.5));
    const like = garmentLikeness(guide.coarseSmall, both);
    const gains = new Float32Array(tint.length), offsets = new Float32Array(tint.length);
    for (let i = 0; i < like.data.length; i++) {
      const g = like.data[i]!;
      for (let c = 0; c < 3; c++) {
        gains[i * 3 + c] = 1 + (recolour[i * 3 + c]! - 1) * g;
        offsets[i * 3 + c] = tint[i * 3 + c]! * (1 - g);
      }
    }
    blendCoarse(out, coarse, { cover, under, change, grown: guide.change.grown, align, notOld, gains, offsets }, changed);
    if (options.diagnostics) {
      diag.push({ name: 'refine-change-map', image: maskToImage(guide.change.changed) });
      diag.push({ name: 'refine-coarse-only', image: maskToImage(coarseOnly) });
      diag.push({ name: 'refine-fit-alignment', image: maskToImage({ width: aw, height: ah, data: align.data.map((v, i) => v * both.data[i]!) }) });
      diag.push({ name: 'replaced-region', image: maskToImage({ width: W, height: H, data: changed }) });
    }
    const composed: RawImage = { width: W, height: H, channels: 3, data: out };
    const image = await finishImage(composed, person, passes.map((p) => p.layer), options, coarseOnly);
    return { image, diag, changed, coarseOnly };
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
