import { setFlagsFromString } from 'node:v8';
import { MessageChannel, type Transferable } from 'node:worker_threads';
import { Piscina } from 'piscina';
import { threadEntry } from '../thread-entry.js';
import type { OperationName, TryOnOptions } from './engine.js';
import type { EngineMessage, EngineOutcome, EngineTask, OutputFormat, WarmupOutcome } from './engine-task.js';

const WORKER = threadEntry('./engine-worker', import.meta.url);

/**
 * Young generation of each engine thread, MB (V8 splits it into two
 * semi-spaces and a large-object space: 96 MB is 32 MB semi-spaces, twice
 * Node 20's default). The engine allocates a few MB of short-lived masks
 * and planes per stage; with the default the scavenger promotes them and
 * collects them again in the old generation. Measured on the engine
 * benchmark's 28 try-ons (768×1024, one thread): CPU per try-on −10 to −12 %,
 * the same outputs (a garbage collector setting).
 */
export const ENGINE_YOUNG_GENERATION_MB = 96;

/**
 * First old-generation limit of each engine thread, MB (V8's
 * --initial-old-space-size; a worker's resource limits cannot set it). A
 * try-on allocates ~440 MB of large typed arrays (masks and planes at the
 * analysis and full sizes) besides the models' heap; with Node's default
 * limit the engine thread ran about six full mark-compacts per try-on.
 * Measured on 9 of the engine benchmark's try-ons (768×1024, one engine
 * thread started as the pool starts it, 2 runs each, alternated): full
 * collections over the run 122 → 42, CPU per try-on 837–912 → 699–764 ms
 * (−15 to −20 %), peak RSS 512–519 → 528–542 MB, the same outputs (a garbage
 * collector setting). 128 and 512 MB (one run each) measured about the same.
 */
export const ENGINE_INITIAL_OLD_SPACE_MB = 256;

/**
 * Sets ENGINE_INITIAL_OLD_SPACE_MB for the threads started after this call:
 * V8 flags are per process, and a new thread's heap reads them as it is made
 * (the running main thread's heap is already sized and keeps its limits).
 */
export function configureEngineHeap(): void {
  setFlagsFromString(`--initial-old-space-size=${ENGINE_INITIAL_OLD_SPACE_MB}`);
}

export interface EngineRun {
  operation: OperationName;
  person: Buffer;
  garments: { bytes: Buffer; category: string }[];
  coarse?: Buffer | undefined;
  options: TryOnOptions;
  output: { format: OutputFormat; quality: number };
}

export interface RunControls {
  onMessage?: (message: EngineMessage) => void;
  /** Aborting kills the thread mid-stage (timeouts); `cancel()` on the handle waits for a stage boundary. */
  signal?: AbortSignal;
}

export interface RunningEngineTask {
  outcome: Promise<EngineOutcome>;
  /** Ask the engine to stop at its next stage boundary. */
  cancel(): void;
}

/**
 * Engine work runs on worker_threads, one engine instance per thread, so the
 * HTTP event loop stays free while a try-on computes. Sized to the cores by
 * default: the engines are CPU-bound and single-threaded inside.
 */
export class EnginePool {
  private readonly piscina: Piscina;
  private warmed: WarmupOutcome[] = [];

  constructor(
    readonly threads: number,
    engines: string[],
  ) {
    configureEngineHeap();
    this.piscina = new Piscina({
      filename: WORKER.filename,
      minThreads: threads,
      maxThreads: threads,
      idleTimeout: Number.POSITIVE_INFINITY,
      concurrentTasksPerWorker: 1,
      resourceLimits: { maxYoungGenerationSizeMb: ENGINE_YOUNG_GENERATION_MB },
      workerData: { engines, entry: WORKER.entry },
    });
  }

  /**
   * Load and initialise the engines on every thread; throws if they cannot
   * start. Each thread takes work as soon as its own warm-up ends (readyThreads).
   */
  async start(): Promise<WarmupOutcome[]> {
    await Promise.all(
      Array.from({ length: this.threads }, async () => {
        this.warmed.push((await this.piscina.run({ kind: 'warmup' })) as WarmupOutcome);
      }),
    );
    return this.warmed;
  }

  /**
   * Threads whose engines are loaded. A job sent now goes to an idle warm
   * one: piscina hands a task to an idle thread, and a warming thread is busy
   * with its warm-up.
   */
  get readyThreads(): number {
    return this.warmed.length;
  }

  /** What the warm threads loaded: each engine's name, operations and capabilities (empty before one is warm). */
  get loadedEngines(): WarmupOutcome['engines'] {
    return this.warmed[0]?.engines ?? [];
  }

  run(job: EngineRun, controls: RunControls = {}): RunningEngineTask {
    const cancel = new Int32Array(new SharedArrayBuffer(4));
    const channel = new MessageChannel();
    channel.port1.on('message', (message: EngineMessage) => controls.onMessage?.(message));
    const task: EngineTask = {
      kind: 'run',
      operation: job.operation,
      person: job.person,
      garments: job.garments,
      coarse: job.coarse,
      options: job.options,
      output: job.output,
      cancel,
      port: channel.port2 as unknown as MessagePort,
    };
    const outcome = (
      this.piscina.run(task, {
        transferList: [channel.port2 as Transferable],
        ...(controls.signal ? { signal: controls.signal } : {}),
      }) as Promise<EngineOutcome>
    ).finally(() => channel.port1.close());
    return {
      outcome,
      cancel: () => {
        Atomics.store(cancel, 0, 1);
      },
    };
  }

  async close(): Promise<void> {
    await this.piscina.destroy();
  }
}
