/**
 * The body of one engine worker thread (run by piscina). Engines are loaded
 * and initialised once per thread, on the first task.
 */
import { setPriority } from 'node:os';
import { threadId, workerData } from 'node:worker_threads';
import { performance } from 'node:perf_hooks';
import { DrapeError, isDrapeError } from '../errors.js';
import { decodeToRaw, encodeRaw } from '../images/raw-codec.js';
import type { Engine, EngineContext, EngineRequest, EngineResult, OperationName, RawImage } from './engine.js';
import { loadEngine, routeOperations } from './engine-loader.js';
import type { EncodedImage, EngineMessage, EngineOutcome, EngineTask, WarmupOutcome, WarmupTask } from './engine-task.js';

const { engines: specs } = workerData as { engines: string[] };

/**
 * Engine threads yield the CPU to the HTTP thread: on Linux a nice value is
 * per thread. Measured with two try-ons running on 2 cores, job reads went
 * from 122 req/s (p99 919 ms) to 343 req/s (p99 234 ms) with this alone; the
 * engine still gets every cycle the API does not use.
 */
const ENGINE_THREAD_NICE = 19;
try {
  setPriority(ENGINE_THREAD_NICE);
} catch {
  // Not permitted on this platform: run at normal priority.
}

let routes: Promise<{ engines: Engine[]; routes: Map<OperationName, Engine> }> | undefined;

function loadAll() {
  routes ??= (async () => {
    const engines = await Promise.all(specs.map((spec) => loadEngine(spec)));
    const map = routeOperations(engines);
    for (const engine of engines) await engine.init();
    return { engines, routes: map };
  })();
  return routes;
}

/** Seed of the first sample when the client gave none: one fixed default, so a job without a seed repeats itself. */
const DEFAULT_SEED = 42;

/**
 * The samples after the first, up to options.samples: those the engine made
 * itself, then — for an engine whose result depends on the seed (it declares
 * the `seed` capability) — one more run per missing sample with the next
 * seed. A deterministic engine (the built-in try-on) would only draw the
 * same picture again: it is not run again, the job gets fewer images than it
 * asked for, and is charged for those it got (samplesNote, the refund in
 * CreditService.refundUndeliveredSamples).
 */
async function moreSamples(engine: Engine, request: EngineRequest, first: EngineResult, ctx: EngineContext) {
  const wanted = Math.max(1, request.options.samples ?? 1);
  const samples = (first.samples ?? []).slice(0, wanted - 1);
  const seed = request.options.seed ?? DEFAULT_SEED;
  const seeded = engine.capabilities?.includes('seed') === true;
  while (seeded && samples.length < wanted - 1) {
    const options = { ...request.options, samples: 1, seed: seed + samples.length + 1, diagnostics: false };
    samples.push((await engine.run({ ...request, options }, ctx)).image);
  }
  return samples;
}

export default async function handle(task: EngineTask | WarmupTask): Promise<EngineOutcome | WarmupOutcome> {
  const loaded = await loadAll();
  if (task.kind === 'warmup') {
    return {
      threadId,
      engines: loaded.engines.map((engine) => ({
        name: engine.name,
        operations: [...engine.operations],
        capabilities: [...(engine.capabilities ?? [])],
      })),
    };
  }
  return run(task, loaded.routes);
}

async function run(task: EngineTask, routes: Map<OperationName, Engine>): Promise<EngineOutcome> {
  const timings: Record<string, number> = {};
  const send = (message: EngineMessage) => task.port.postMessage(message);
  const stage: EngineContext['stage'] = async (name, work) => {
    if (Atomics.load(task.cancel, 0) === 1) throw new DrapeError('canceled', 'The job was canceled.');
    const started = performance.now();
    try {
      return await work();
    } finally {
      const elapsed = performance.now() - started;
      timings[name] = (timings[name] ?? 0) + elapsed;
      send({ type: 'stage', name, ms: elapsed });
    }
  };
  // The engine's own 0–100 is mapped into 5–95: decode and encode take the ends.
  const progress = (percent: number) =>
    send({ type: 'progress', percent: 5 + 0.9 * Math.max(0, Math.min(100, percent)) });

  try {
    const engine = routes.get(task.operation);
    if (engine === undefined) throw new DrapeError('engine_failed', `No engine handles ${task.operation}.`);
    const decode = (bytes: Uint8Array) => decodeToRaw(Buffer.from(bytes));
    const [person, coarse, ...garments] = await stage('decode', () =>
      Promise.all([
        decode(task.person),
        task.coarse === undefined ? undefined : decode(task.coarse),
        ...task.garments.map((garment) => decode(garment.bytes)),
      ]),
    );
    send({ type: 'progress', percent: 5 });
    const common = {
      person: person!,
      garments: garments.map((image, index) => ({ image: image!, category: task.garments[index]!.category as 'auto' })),
      options: task.options,
    };
    let request: EngineRequest;
    if (task.operation === 'upscale') request = { operation: 'upscale', image: person!, options: task.options };
    else if (task.operation === 'refine') {
      if (coarse === undefined) throw new DrapeError('missing_parameter', 'A refine job needs the coarse image.', { field: 'coarse_image' });
      request = { operation: 'refine', coarse, ...common };
    } else request = { operation: 'tryon', ...common };
    const result = await engine.run(request, { stage, progress });
    const samples = await moreSamples(engine, request, result, { stage, progress });
    const encoded = await stage('encode', async () => {
      const encode = async (image: typeof result.image, format = task.output.format): Promise<EncodedImage> => ({
        bytes: await encodeRaw(image, format, { quality: task.output.quality }),
        format,
        width: image.width,
        height: image.height,
      });
      // An engine that returns the same image as several samples (a deterministic upscale) has it encoded once.
      const first = encode(result.image);
      const once = new Map<RawImage, Promise<EncodedImage>>([[result.image, first]]);
      const encodeSample = (image: RawImage) => once.get(image) ?? once.set(image, encode(image)).get(image)!;
      return {
        image: await first,
        samples: await Promise.all(samples.map(encodeSample)),
        diagnostics: await Promise.all(
          (result.diagnostics ?? []).map(async (named) => ({ name: named.name, ...(await encode(named.image, 'png')) })),
        ),
      };
    });
    send({ type: 'progress', percent: 100 });
    const note = samplesNote(request, samples.length);
    return { ok: true, ...encoded, info: { ...(result.info ?? {}), ...(note === undefined ? {} : { samples: note }) }, ...(result.quality === undefined ? {} : { quality: result.quality }), timings };
  } catch (error) {
    if (isDrapeError(error)) {
      return { ok: false, error: { code: error.code, message: error.message, retryable: error.retryable }, timings };
    }
    const message = error instanceof Error ? error.message : String(error);
    // The client sees a fixed message; the cause goes to the runner's log only.
    return {
      ok: false,
      error: { code: 'engine_failed', message: 'The engine failed unexpectedly.', retryable: true, detail: message },
      timings,
    };
  }
}

/** What the job's info says when it asked for more samples than a deterministic engine makes. */
function samplesNote(request: EngineRequest, extra: number): Record<string, unknown> | undefined {
  const requested = Math.max(1, request.options.samples ?? 1);
  if (1 + extra >= requested) return undefined;
  return {
    requested,
    made: 1 + extra,
    reason: 'This engine is deterministic: another sample would be the same image. The job is charged for the images it returns.',
  };
}
