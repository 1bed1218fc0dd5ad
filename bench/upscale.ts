/**
 * Time of the built-in engine's upscale on this machine: a 512×512 crop of a
 * fixture photo at ×2 and ×4 with ESRGAN-slim (model loading excluded, one
 * warm-up run first), and lanczos3 for comparison. Writes the results to
 * artifacts/upscale-*.png to look at. `npm run bench:upscale [-- --runs 3]`
 */
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import { runUpscale } from '../src/engines/builtin/upscale.js';
import type { EngineContext, RawImage } from '../src/engines/engine.js';
import { DEFAULT_TRYON_OPTIONS } from '../src/engines/engine.js';
import { encodeRaw } from '../src/images/raw-codec.js';
import { loadSrModel, type SrModel, type SrScale } from '../src/vision/super-resolution.js';
import { fixturesDir } from '../test/support/engine-fixtures.js';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '2' }, size: { type: 'string', default: '512' } } });
const runs = Number(values.runs);
const size = Number(values.size);
const { data, info } = await sharp(join(fixturesDir(), 'persons', '049205_0.jpg'))
  .resize(size, size, { fit: 'cover', position: 'top' })
  .removeAlpha()
  .raw()
  .toBuffer({ resolveWithObject: true });
const image: RawImage = { width: info.width, height: info.height, channels: 3, data: new Uint8Array(data) };

const loaded = new Map<SrScale, SrModel>();
const models = async (scale: SrScale) => {
  if (!loaded.has(scale)) loaded.set(scale, await loadSrModel(scale));
  return loaded.get(scale)!;
};
const noModel = () => Promise.reject(new Error('lanczos only (bench)'));
const ctx: EngineContext = { stage: async (_name, work) => work(), progress: () => {} };
await mkdir('artifacts', { recursive: true });

for (const factor of [2, 4]) {
  for (const [label, source] of [['esrgan-slim', models], ['lanczos3', noModel]] as const) {
    const request = { operation: 'upscale' as const, image, options: { ...DEFAULT_TRYON_OPTIONS, upscaleFactor: factor } };
    // Warm-up (model load, kernel set-up) on a small image: tiles have one shape whatever the image size.
    await runUpscale(source, { ...request, image: { ...image, width: 64, height: 64, data: image.data.subarray(0, 64 * 64 * 3) } }, ctx);
    const times: number[] = [];
    const cpu: number[] = [];
    let last;
    for (let i = 0; i < runs; i++) {
      const started = performance.now();
      const cpuStarted = process.cpuUsage();
      last = await runUpscale(source, request, ctx);
      times.push(performance.now() - started);
      const used = process.cpuUsage(cpuStarted);
      cpu.push((used.user + used.system) / 1000);
    }
    const out = last!.image;
    await writeFile(`artifacts/upscale-x${factor}-${label}.png`, await encodeRaw(out, 'png'));
    const best = Math.min(...times);
    const bestCpu = Math.min(...cpu);
    // CPU time of this (single-threaded) process: what the run takes on a core of its own, however busy the machine.
    console.log(
      `${size}×${size} ×${factor} ${label.padEnd(11)} → ${out.width}×${out.height}: wall ${(best / 1000).toFixed(2)} s, CPU ${(bestCpu / 1000).toFixed(2)} s ` +
        `(best of ${runs}; ${((bestCpu * 1000) / (size * size)).toFixed(1)} µs CPU per input pixel), method ${String(last!.info?.method)}, load ${os.loadavg()[0]!.toFixed(1)}`,
    );
  }
}
