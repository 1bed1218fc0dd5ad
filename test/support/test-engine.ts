/**
 * A test double of an engine, loaded by test servers through ENGINES. It
 * paints the garment's mean colour over the middle of the person photo in a
 * few timed stages, so job-lifecycle tests run in milliseconds and can be
 * steered:
 * - TEST_ENGINE_STAGE_MS: duration of each of its 4 stages (default 10).
 * - TEST_ENGINE_INIT_MS: how long init() takes, as loading models does (default 0).
 * - a person photo whose top-left pixel is pure red (255,0,0) fails with
 *   no_person_detected (an input error: never retried);
 * - refine jobs run the same way and report the coarse image's size in info;
 * - it declares the `seed` capability and shifts the painted red by the
 *   seed (samples differ), unless TEST_ENGINE_DETERMINISTIC is set (then,
 *   like the built-in engine, it declares none and makes one image a job);
 * - TEST_ENGINE_FAIL_ONCE_FILE: if that file exists, the run deletes it and
 *   fails with a transient fault (retried);
 * - upscale jobs repeat each pixel (nearest neighbour) to the factor's size,
 *   info.method 'test-nearest'; an image whose top-left pixel is pure red
 *   fails with engine_failed (not retried);
 * - it judges its result as the built-in engine does (EngineResult.quality):
 *   0.97 with no warnings (above the default min_quality), or 0.2 with old_garment_visible and
 *   garment_outside_body when the garment photo's top-left pixel is pure blue
 *   (0,0,255); with options.diagnostics it returns one rendering,
 *   `replaced-region`.
 * Never shipped: it lives under test/.
 */
import { existsSync, unlinkSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Engine, EngineContext, EngineFactory, EngineResult, QualityVerdict, RawImage, UpscaleRequest } from '../../src/engines/engine.js';
import { DrapeError } from '../../src/errors.js';

function meanColour(image: RawImage): [number, number, number] {
  const sum = [0, 0, 0];
  const pixels = image.width * image.height;
  for (let i = 0; i < pixels; i++) {
    for (let c = 0; c < 3; c++) sum[c]! += image.data[i * image.channels + c]!;
  }
  return [sum[0]! / pixels, sum[1]! / pixels, sum[2]! / pixels];
}

/** The upscale double: nearest-neighbour enlargement, failing on a red top-left pixel. */
async function upscale(request: UpscaleRequest, ctx: EngineContext): Promise<EngineResult> {
  const { image } = request;
  const factor = request.options.upscaleFactor ?? 2;
  const width = Math.round(image.width * factor);
  const height = Math.round(image.height * factor);
  const out = await ctx.stage('resample', async () => {
    await sleep(Number(process.env.TEST_ENGINE_STAGE_MS ?? 10));
    if (image.data[0] === 255 && image.data[1] === 0 && image.data[2] === 0) throw new DrapeError('engine_failed', 'The upscale failed (test).');
    const data = new Uint8Array(width * height * 3);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const from = (Math.min(image.height - 1, Math.floor(y / factor)) * image.width + Math.min(image.width - 1, Math.floor(x / factor))) * image.channels;
        for (let c = 0; c < 3; c++) data[(y * width + x) * 3 + c] = image.data[from + c]!;
      }
    }
    return { width, height, channels: 3 as const, data };
  });
  const samples = Math.max(1, request.options.samples ?? 1);
  return { image: out, ...(samples > 1 ? { samples: Array.from({ length: samples - 1 }, () => out) } : {}), info: { method: 'test-nearest', factor, distinctImages: 1 } };
}

export const createEngine: EngineFactory = (): Engine => ({
  name: 'test-engine',
  operations: ['tryon', 'refine', 'upscale'],
  // Like a generative engine, its picture depends on the seed (samples differ); TEST_ENGINE_DETERMINISTIC: like the built-in one.
  capabilities: process.env.TEST_ENGINE_DETERMINISTIC ? [] : ['seed'],
  async init() {
    await sleep(Number(process.env.TEST_ENGINE_INIT_MS ?? 0));
  },
  async run(request, ctx) {
    if (request.operation === 'upscale') return upscale(request, ctx);
    const stageMs = Number(process.env.TEST_ENGINE_STAGE_MS ?? 10);
    const { person } = request;
    await ctx.stage('pose', async () => {
      await sleep(stageMs);
      const [r, g, b] = [person.data[0], person.data[1], person.data[2]];
      if (r === 255 && g === 0 && b === 0) throw new DrapeError('no_person_detected', 'No person was found in the person photo.');
      const failOnce = process.env.TEST_ENGINE_FAIL_ONCE_FILE;
      if (failOnce && existsSync(failOnce)) {
        unlinkSync(failOnce);
        throw new DrapeError('engine_failed', 'A transient fault (test).', { retryable: true });
      }
    });
    ctx.progress(25);
    await ctx.stage('matte', () => sleep(stageMs));
    ctx.progress(50);
    const colour = await ctx.stage('garment_analysis', async () => {
      await sleep(stageMs);
      return meanColour(request.garments[0]!.image);
    });
    ctx.progress(75);
    // A seed the request gives shifts the painted red by up to 15 levels: samples of one job differ.
    const shade = request.options.seed === undefined ? 0 : request.options.seed % 16;
    const out = await ctx.stage('composite', async () => {
      await sleep(stageMs);
      const data = new Uint8Array(person.width * person.height * 3);
      for (let y = 0; y < person.height; y++) {
        for (let x = 0; x < person.width; x++) {
          const i = y * person.width + x;
          const inside = y > person.height / 4 && y < (3 * person.height) / 4 && x > person.width / 4 && x < (3 * person.width) / 4;
          for (let c = 0; c < 3; c++) data[i * 3 + c] = inside ? Math.min(255, Math.round(colour[c]!) + (c === 0 ? shade : 0)) : person.data[i * person.channels + c]!;
        }
      }
      return { width: person.width, height: person.height, channels: 3 as const, data };
    });
    ctx.progress(100);
    const info: Record<string, unknown> = { engine: 'test-engine', categories: request.garments.map((garment) => garment.category) };
    if (request.operation === 'refine') info.coarse = { width: request.coarse.width, height: request.coarse.height };
    const g = request.garments[0]!.image.data;
    const poor = g[0] === 0 && g[1] === 0 && g[2] === 255;
    const quality: QualityVerdict = poor
      ? { score: 0.2, warnings: ['old_garment_visible', 'garment_outside_body'], figures: { oldLeftShare: 0.2 } }
      : { score: 0.97, warnings: [], figures: { oldLeftShare: 0 } };
    const diagnostics = request.options.diagnostics ? [{ name: 'replaced-region', image: { ...out, data: out.data.map((v) => 255 - v) } }] : undefined;
    return { image: out, info, quality, ...(diagnostics ? { diagnostics } : {}) };
  },
});
