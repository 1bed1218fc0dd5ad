/**
 * The built-in engine's upscale: the learned ESRGAN-slim model
 * (src/vision/super-resolution.ts) at the smallest model scale that reaches
 * the factor, then lanczos3 to the exact size; lanczos3 alone where the model
 * would take too long or cannot load. The result's info says which ran.
 */
import { DrapeError } from '../../errors.js';
import { resizeImage } from '../../vision/image.js';
import { superResolve, SR_MODEL_NAME, SR_SCALES, type SrModel, type SrScale } from '../../vision/super-resolution.js';
import type { EngineContext, EngineResult, RawImage, UpscaleRequest } from '../engine.js';

/**
 * Inputs above this many pixels are resized with lanczos3 instead of the
 * model. Measured on this 2-core machine (bench/upscale.ts, CPU time of the
 * one thread, 512×512 input): ESRGAN-slim takes 12.2 s at ×2 (47 µs per input
 * pixel) and 15.8 s at ×4 (60 µs); lanczos3 0.1–0.2 s. 768×768 is then at
 * most ~36 s of a core, under a third of JOB_TIMEOUT (120 s), so a job still
 * ends in time on a machine whose cores are shared; 1024×1024 at ×4 (the
 * document's largest example) would be ~63 s of a core, ~2 minutes or more
 * on a busy machine.
 */
export const SR_MAX_INPUT_PIXELS = 768 * 768;
/** The factor when the job does not say (the studio document's default). */
const DEFAULT_FACTOR = 2;

export type UpscaleMethod = 'esrgan-slim' | 'lanczos3';

/** Loads (once per thread) the model of a scale; rejects when it cannot run here. */
export type SrModels = (scale: SrScale) => Promise<SrModel>;

/** The model scale for a factor: the smallest that reaches it (×1 runs ×2 and comes back down). */
export function modelScale(factor: number): SrScale {
  return SR_SCALES.find((scale) => scale >= factor) ?? 4;
}

export function outputSize(image: { width: number; height: number }, factor: number): { width: number; height: number } {
  return { width: Math.max(1, Math.round(image.width * factor)), height: Math.max(1, Math.round(image.height * factor)) };
}

export async function runUpscale(models: SrModels, request: UpscaleRequest, ctx: EngineContext): Promise<EngineResult> {
  const factor = request.options.upscaleFactor ?? DEFAULT_FACTOR;
  if (!(factor >= 1 && factor <= 4)) throw new DrapeError('invalid_parameter', 'The upscale factor is 1 to 4.', { field: 'upscale_factor' });
  const image = request.image;
  const target = outputSize(image, factor);
  const scale = modelScale(factor);
  let method: UpscaleMethod = 'lanczos3';
  let reason = 'input above the model’s size budget';
  let enlarged: RawImage = image;
  if (image.width * image.height <= SR_MAX_INPUT_PIXELS) {
    const model = await ctx.stage('load_model', () => models(scale)).catch((error: unknown) => {
      if (error instanceof DrapeError && error.code === 'canceled') throw error;
      reason = `the model could not run: ${error instanceof Error ? error.message : String(error)}`;
      return undefined;
    });
    if (model !== undefined) {
      enlarged = await superResolve(model, image, (row, done, rows) =>
        ctx.stage('super_resolution', async () => {
          await row();
          ctx.progress((90 * (done + 1)) / rows);
        }),
      );
      method = 'esrgan-slim';
    }
  }
  const result = await ctx.stage('resample', () => finish(enlarged, image, target));
  ctx.progress(100);
  const samples = Math.max(1, request.options.samples ?? 1);
  return {
    image: result,
    // The same picture for each further sample: the model is deterministic (the studio reports one distinct image).
    ...(samples > 1 ? { samples: Array.from({ length: samples - 1 }, () => result) } : {}),
    info: {
      method,
      ...(method === 'esrgan-slim' ? { model: `${SR_MODEL_NAME} x${scale}` } : { reason }),
      factor,
      distinctImages: 1,
      input: { width: image.width, height: image.height },
      output: target,
    },
  };
}

/** The enlarged RGB to the exact size, with the input's alpha (if any) enlarged by lanczos3 and put back. */
async function finish(enlarged: RawImage, input: RawImage, target: { width: number; height: number }): Promise<RawImage> {
  const rgb = await resizeImage(enlarged, target.width, target.height);
  if (input.channels === 3 || enlarged.channels === 4) return rgb;
  const alpha = await resizeImage(input, target.width, target.height);
  const n = target.width * target.height;
  const data = new Uint8Array(n * 4);
  for (let i = 0; i < n; i++) {
    data[i * 4] = rgb.data[i * rgb.channels]!;
    data[i * 4 + 1] = rgb.data[i * rgb.channels + 1]!;
    data[i * 4 + 2] = rgb.data[i * rgb.channels + 2]!;
    data[i * 4 + 3] = alpha.data[i * 4 + 3]!;
  }
  return { width: target.width, height: target.height, channels: 4, data };
}
