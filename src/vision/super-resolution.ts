/**
 * Learned super-resolution: the ESRGAN-slim models of @upscalerjs/esrgan-slim
 * (MIT; Keras RDN generators trained on DIV2K, converted to tfjs layers
 * models, ~0.9 MB of weights per scale, shipped inside the npm package), run
 * on the tfjs wasm backend that src/vision/models.ts uses, read from
 * node_modules (no network). Images are run in fixed-size tiles with a
 * margin of context, so memory is bounded whatever the image size and every
 * tile has the same shape (one kernel set-up).
 */
import { createRequire } from 'node:module';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { RawImage } from '../engines/engine.js';

const require = createRequire(import.meta.url);

export const SR_SCALES = [2, 3, 4] as const;
export type SrScale = (typeof SR_SCALES)[number];

/** The package's model folders and its name, for results that say what ran. */
export const SR_MODEL_NAME = 'esrgan-slim';

/**
 * Tile geometry, in input pixels. A tile's core is TILE_PX square; it is run
 * with MARGIN_PX of context on every side (border pixels repeated at the
 * image's edges) and only the core is kept. The generator's 3×3 and 5×5
 * convolutions see 10 input pixels away, so a 12 px margin leaves no seam.
 * 128 + 2 × 12: measured ~0.55 s per tile at ×2 on 2 busy cores, ~145 MB RSS;
 * 256-px tiles were 15% faster per pixel but doubled the memory.
 */
const TILE_PX = 128;
const MARGIN_PX = 12;
const RUN_PX = TILE_PX + 2 * MARGIN_PX;

// Minimal structural types of the tfjs parts used; tfjs' own d.ts pull in DOM types.
interface Tensor {
  shape: number[];
  data(): Promise<Float32Array>;
  dispose(): void;
}
interface LayersModel {
  predict(input: Tensor): Tensor;
  dispose(): void;
}
interface TfCore {
  tensor4d(values: Float32Array, shape: [number, number, number, number], dtype: 'float32'): Tensor;
  tidy<T>(work: () => T): T;
  setBackend(name: string): Promise<boolean>;
  ready(): Promise<void>;
  engine(): { backendName: string | null };
  io: { fromMemory(artifacts: Record<string, unknown>): unknown };
}

export interface SrModel {
  scale: SrScale;
  run(tile: Float32Array): Promise<Float32Array>;
  dispose(): void;
}

/**
 * The tfjs instance Human runs on (the same CommonJS modules), on the wasm
 * backend: set here only when nothing in this thread set one yet.
 */
async function wasmTf(): Promise<{ core: TfCore; layers: { loadLayersModel(handler: unknown): Promise<LayersModel> } }> {
  const core = require('@tensorflow/tfjs-core') as TfCore;
  const wasm = require('@tensorflow/tfjs-backend-wasm') as { setWasmPaths(path: string): void };
  const layers = require('@tensorflow/tfjs-layers') as { loadLayersModel(handler: unknown): Promise<LayersModel> };
  if (core.engine().backendName !== 'wasm') {
    wasm.setWasmPaths(`${dirname(require.resolve('@tensorflow/tfjs-backend-wasm'))}/`);
    if (!(await core.setBackend('wasm'))) throw new Error('the tfjs wasm backend did not start');
  }
  await core.ready();
  return { core, layers };
}

/** The package's folder: its exports map hides package.json, so walk up from its entry point. */
async function packageDir(name: string): Promise<string> {
  let dir = dirname(require.resolve(name));
  for (;;) {
    const manifest = await readFile(join(dir, 'package.json'), 'utf8').catch(() => undefined);
    if (manifest !== undefined && (JSON.parse(manifest) as { name?: string }).name === name) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`${name} is not installed`);
    dir = parent;
  }
}

/** Reads the model of one scale from the package folder and loads it on the wasm backend. */
export async function loadSrModel(scale: SrScale): Promise<SrModel> {
  const { core, layers } = await wasmTf();
  const dir = join(await packageDir('@upscalerjs/esrgan-slim'), 'models', `x${scale}`);
  const json = JSON.parse(await readFile(join(dir, 'model.json'), 'utf8')) as {
    modelTopology: unknown;
    weightsManifest: { paths: string[]; weights: unknown[] }[];
  };
  const shards = await Promise.all(json.weightsManifest.flatMap((group) => group.paths.map((path) => readFile(join(dir, path)))));
  const all = Buffer.concat(shards);
  const model = await layers.loadLayersModel(
    core.io.fromMemory({
      modelTopology: json.modelTopology,
      weightSpecs: json.weightsManifest.flatMap((group) => group.weights),
      weightData: all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength),
    }),
  );
  return {
    scale,
    async run(tile) {
      // The RDN generators take and give 0–255 floats.
      const out = core.tidy(() => model.predict(core.tensor4d(tile, [1, RUN_PX, RUN_PX, 3], 'float32')));
      try {
        return await out.data();
      } finally {
        out.dispose();
      }
    },
    dispose: () => model.dispose(),
  };
}

/** One tile's input: RUN_PX square around (x0, y0) − margin, coordinates clamped (edge pixels repeated). */
function tileInput(image: RawImage, x0: number, y0: number): Float32Array {
  const out = new Float32Array(RUN_PX * RUN_PX * 3);
  const { width, height, channels, data } = image;
  for (let ty = 0; ty < RUN_PX; ty++) {
    const y = Math.min(height - 1, Math.max(0, y0 - MARGIN_PX + ty));
    for (let tx = 0; tx < RUN_PX; tx++) {
      const x = Math.min(width - 1, Math.max(0, x0 - MARGIN_PX + tx));
      const from = (y * width + x) * channels;
      const to = (ty * RUN_PX + tx) * 3;
      out[to] = data[from]!;
      out[to + 1] = data[from + 1]!;
      out[to + 2] = data[from + 2]!;
    }
  }
  return out;
}

/** Copies a tile's output core (without the margin, cut at the image's edge) into the result. */
function placeTile(result: RawImage, tile: Float32Array, scale: number, x0: number, y0: number): void {
  const run = RUN_PX * scale;
  const skip = MARGIN_PX * scale;
  const w = Math.min(TILE_PX * scale, result.width - x0 * scale);
  const h = Math.min(TILE_PX * scale, result.height - y0 * scale);
  for (let y = 0; y < h; y++) {
    let from = ((skip + y) * run + skip) * 3;
    let to = ((y0 * scale + y) * result.width + x0 * scale) * 3;
    for (let i = 0; i < w * 3; i++) result.data[to++] = Math.max(0, Math.min(255, Math.round(tile[from++]!)));
  }
}

export interface TileRow {
  /** Runs one row of tiles; called once per row so a caller can time, report and cancel between rows. */
  (row: () => Promise<void>, done: number, rows: number): Promise<void>;
}

/** The image enlarged by the model's scale (RGB; an alpha channel is dropped), tile by tile. */
export async function superResolve(model: SrModel, image: RawImage, eachRow: TileRow = (row) => row()): Promise<RawImage> {
  const s = model.scale;
  const result: RawImage = { width: image.width * s, height: image.height * s, channels: 3, data: new Uint8Array(image.width * s * image.height * s * 3) };
  const rows = Math.ceil(image.height / TILE_PX);
  for (let r = 0; r < rows; r++) {
    await eachRow(
      async () => {
        for (let x0 = 0; x0 < image.width; x0 += TILE_PX) {
          placeTile(result, await model.run(tileInput(image, x0, r * TILE_PX)), s, x0, r * TILE_PX);
        }
      },
      r,
      rows,
    );
  }
  return result;
}
