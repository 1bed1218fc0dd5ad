/**
 * The try-on pipeline: one person analysis, then one pass per garment
 * (lower, then dress, then upper), each pass = fit + warp + removal + composite.
 * The stages live in pipeline.ts and pass-masks.ts (refine reuses them).
 */
import { DrapeError } from '../../errors.js';
import type { EngineContext, EngineResult, NamedImage, RawImage, TryOnRequest } from '../engine.js';
import type { VisionModels } from '../../vision/models.js';
import { maskToImage, planesIn, toRgb, withPooledPlanes } from '../../vision/image.js';
import { compositePass } from './composite.js';
import { finishImage } from './output.js';
import { renderDiagnostics } from './diagnostics.js';
import { analyseGarments, analysePerson, fitPasses, runInfo } from './pipeline.js';
import { passMasks } from './pass-masks.js';
import { judgeTryOn } from './quality-verdict.js';
import { feetBelowHems } from './hem-reach.js';

export async function runTryOn(models: VisionModels, request: TryOnRequest, ctx: EngineContext): Promise<EngineResult> {
  if (request.garments.length < 1 || request.garments.length > 3) {
    throw new DrapeError('invalid_parameter', 'A try-on takes one to three garments.', { retryable: false, field: 'garments' });
  }
  const personImage = toRgb(request.person);
  const stage = await analysePerson(models, personImage, request.options, ctx, () => ctx.progress(15));
  const { person, frame, clothing } = stage;
  ctx.progress(35);

  const analyses = await ctx.stage('garment_analysis', () => analyseGarments(models, request.garments, request.options, person));
  ctx.progress(50);

  const passes = await ctx.stage('warp', () => fitPasses(stage, analyses));
  ctx.progress(80);

  const result = await ctx.stage('composite', async () => {
    const out = new Uint8Array(personImage.data);
    const changed = new Float32Array(person.width * person.height);
    const diag: NamedImage[] = [];
    // (the passes' masks in reused planes, but for every one the verdict's inputs reach, found by planesIn: a field
    // added to them later stays theirs without a list to update; image.ts withPooledPlanes)
    const { judged, feet } = withPooledPlanes(() => {
      const judged = [];
      let feet = clothing.regions.feet;
      for (const pass of passes) {
        const masks = passMasks(clothing, person, frame, pass, request.options);
        // (the shoes' tops a full-length leg covers on purpose are not judged as covered feet: hem-reach.ts)
        if (masks.hems) feet = feetBelowHems(feet, masks.hems, person.scale);
        compositePass({ out, width: person.width, height: person.height, changed }, pass.layer, masks);
        // (the old garment kept as a layer beneath is kept on purpose, like the protected parts)
        judged.push({ garment: pass.garment, category: pass.category, oldHard: masks.oldHard, kept: masks.kept, wornBeneath: masks.wornBeneath, protect: masks.protect, held: masks.held, armsInFront: masks.bareArms ?? masks.armsFront, layer: pass.layer });
        if (request.options.diagnostics) diag.push(...renderDiagnostics(person, clothing, pass, masks.oldCloth, masks.protect));
      }
      return { judged, feet };
    }, (r) => planesIn(r));
    if (request.options.diagnostics) diag.push({ name: 'replaced-region', image: maskToImage({ width: person.width, height: person.height, data: changed }) });
    const composed: RawImage = { width: person.width, height: person.height, channels: 3, data: out };
    const image = await finishImage(composed, person, passes.map((p) => p.layer), request.options);
    return { image, diag, changed, composed, judged, feet };
  });
  const quality = await ctx.stage('verdict', () =>
    judgeTryOn({ person, shoulderWidthPx: frame.shoulderWidth * person.scale, skin: clothing.skin, torso: clothing.regions.torso, feet: result.feet, hair: clothing.hairBeside, legs: clothing.regions.legs, hands: clothing.regions.hands, lowerCloth: clothing.lowerCloth, passes: result.judged, result: result.composed, changed: result.changed }),
  );
  ctx.progress(100);
  return {
    image: result.image,
    ...(request.options.diagnostics ? { diagnostics: result.diag } : {}),
    info: runInfo(passes, person, result.changed),
    quality,
  };
}
