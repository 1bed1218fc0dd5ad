/**
 * Routing of jobs over the declared engines (ENGINES_FILE): for each job the
 * engines that serve its operation, preset and required capabilities, the
 * one the request named first, then by priority. An engine whose health
 * check fails or whose circuit is open is skipped for the next, down to the
 * built-in one where it can serve. Built-in engines run on the engine
 * threads (EnginePool); remote ones hold a slot of their own (their
 * `concurrency`) and no thread, and get the stored encoded bytes as they are.
 */
import { DrapeError, isDrapeError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import type { SafeFetcher } from '../net/safe-fetch.js';
import { CircuitBreaker, type CircuitState } from './circuit-breaker.js';
import { publicView, type EngineSet, type EngineSpec } from './engine-config.js';
import type { TryOnOptions } from './engine.js';
import type { EnginePool } from './engine-pool.js';
import type { EncodedImage, EngineMessage, EngineOutcome } from './engine-task.js';
import { createRemoteEngine } from './remote/create-remote.js';
import type { RemoteEngine, RemoteTask } from './remote/remote-engine.js';
import type { EngineRunEntry } from '../db/job-store.js';

/** Slots of a remote engine that does not say: a GPU box runs one prompt at a time; hosted services take more. */
const DEFAULT_CONCURRENCY: Record<string, number> = { 'drape-protocol': 2, comfyui: 1, fashn: 4, fal: 4, replicate: 4 };

/** A job as the router gets it: the stored, encoded photos (what a remote engine takes as they are). */
type EngineJob = RemoteTask;

/** One run of one engine for a job, as the job JSON and logs report it (the runner adds the attempt). */
type EngineRunRecord = Omit<EngineRunEntry, 'attempt'>;

export interface DispatchHooks {
  onMessage(message: EngineMessage): void;
  /** A run is about to start on this engine (before any byte is sent). */
  onRunStart(engine: { engine: string; kind: string }): void;
  onRunEnd(run: EngineRunRecord): void;
}

export interface Dispatch {
  outcome: Promise<EngineOutcome>;
  /** Stop: the current run is canceled (at a stage boundary locally, at the service remotely) and no further engine is tried. */
  cancel(): void;
}

/** One engine as this process's router sees it (GET /v1/engines): no URL, no key. */
export interface EngineStatus {
  name: string;
  kind: string;
  operations: string[];
  /** What routing matches a request's `capabilities` against: declared, else the adapter's or the module's. */
  capabilities: string[];
  /** Presets it serves; undefined: all. */
  presets: string[] | undefined;
  priority: number;
  /** Its last health checks passed (built-in engines: a warm thread). */
  healthy: boolean;
  circuit: CircuitState;
  /** Remote slots: jobs at once and in use; undefined for built-in engines (they share the threads). */
  slots: { limit: number; used: number } | undefined;
}

interface Slots {
  limit: number;
  used: number;
  waiters: (() => void)[];
}

interface Routed {
  spec: EngineSpec;
  /** Absent for built-in engines: they run on the pool. */
  remote: RemoteEngine | undefined;
  capabilities: Set<string>;
  breaker: CircuitBreaker;
  healthy: boolean;
  /** Failed health checks in a row: one missed answer of a busy service (or a busy host here) is not an outage. */
  healthFailures: number;
  slots: Slots;
}

/** Failed checks in a row that mark a running engine unhealthy; at start one is enough (nothing says it ever worked). */
const UNHEALTHY_AFTER = 2;

export class EngineRouter {
  private entries: Routed[] = [];
  private localRunning = 0;
  /** Jobs handed to run() and not yet placed on an engine: claimed capacity not to count twice. */
  private placing = 0;
  private healthTimer: NodeJS.Timeout | undefined;
  /** Set by close(): a start still running its first health checks sets no timer. */
  private closed = false;
  private readonly endWaiters = new Set<() => void>();

  constructor(
    private readonly set: EngineSet,
    private readonly pool: EnginePool | undefined,
    private readonly fetcher: SafeFetcher,
    private readonly metrics: Metrics,
    private readonly logger: Logger,
    private readonly jobTimeoutMs: number,
  ) {}

  /**
   * Build the remote adapters and check every remote engine once (so the first
   * jobs do not go to one that is down), then keep checking in the background.
   * `local` is what the engine threads loaded (their capabilities).
   */
  async start(): Promise<void> {
    this.entries = await Promise.all(
      this.set.engines.map(async (spec): Promise<Routed> => {
        const remote = spec.kind === 'builtin' ? undefined : await createRemoteEngine(spec, this.fetcher);
        // A built-in engine without declared capabilities has those its module declares (known once a thread is warm).
        const capabilities = spec.capabilities.length > 0 ? spec.capabilities : (remote?.capabilities ?? []);
        const limit = spec.kind === 'builtin' ? Number.POSITIVE_INFINITY : (spec.concurrency ?? DEFAULT_CONCURRENCY[spec.kind] ?? 1);
        return {
          spec,
          remote,
          capabilities: new Set(capabilities),
          breaker: new CircuitBreaker(this.set.breaker.failures, this.set.breaker.coolDownMs),
          healthy: true,
          healthFailures: 0,
          slots: { limit, used: 0, waiters: [] },
        };
      }),
    );
    await this.checkHealth(true);
    // closed while the first checks ran: no timer after the close
    if (this.closed) return;
    this.healthTimer = setInterval(() => void this.checkHealth(false), this.set.healthIntervalMs);
    this.healthTimer.unref();
    this.logger.info({ engines: this.set.engines.map(publicView) }, 'engine routing ready');
  }

  private async checkHealth(initial: boolean): Promise<void> {
    await Promise.all(
      this.entries.map(async (entry) => {
        if (entry.remote === undefined) return;
        let healthy = true;
        try {
          await entry.remote.health(AbortSignal.timeout(Math.min(10_000, this.set.healthIntervalMs)));
          entry.healthFailures = 0;
        } catch (error) {
          entry.healthFailures += 1;
          healthy = !initial && entry.healthFailures < UNHEALTHY_AFTER;
          if (entry.healthy) this.logger.warn({ engine: entry.spec.name, err: isDrapeError(error) ? error.message : String(error) }, 'engine failed its health check');
        }
        if (healthy && !entry.healthy) this.logger.info({ engine: entry.spec.name }, 'engine healthy again');
        entry.healthy = healthy;
        this.metrics.engineHealthy.set({ engine: entry.spec.name }, healthy ? 1 : 0);
      }),
    );
  }

  /** Every declared engine in routing order (priority, then file order), with its health and circuit. */
  engineStatuses(): EngineStatus[] {
    return [...this.entries]
      .sort((a, b) => b.spec.priority - a.spec.priority)
      .map((entry) => ({
        name: entry.spec.name,
        kind: entry.spec.kind,
        operations: [...entry.spec.operations],
        capabilities: [...this.capabilitiesOf(entry)],
        presets: entry.spec.presets === undefined ? undefined : [...entry.spec.presets],
        priority: entry.spec.priority,
        healthy: entry.remote === undefined ? (this.pool?.readyThreads ?? 0) > 0 : entry.healthy,
        circuit: entry.breaker.state,
        slots: entry.remote === undefined ? undefined : { limit: entry.slots.limit, used: entry.slots.used },
      }));
  }

  /** Jobs this process can start now: free engine threads plus free slots of usable remote engines. */
  freeSlots(): number {
    const threads = this.pool === undefined ? 0 : Math.max(0, this.pool.readyThreads - this.localRunning);
    let remote = 0;
    for (const entry of this.entries) {
      if (entry.remote !== undefined && entry.healthy && entry.breaker.state !== 'open') remote += Math.max(0, entry.slots.limit - entry.slots.used);
    }
    return Math.max(0, threads + remote - this.placing);
  }

  /**
   * Whether the job's first usable engine (healthy, circuit not open) has a
   * free slot (remote) or a free warm thread (built-in) now. The job runner
   * asks before run(): a job that would only wait for a slot goes back to
   * the queue instead of waiting with a lease. run() takes the slot in the
   * same tick as this answer, so no other job takes it in between. A job no
   * engine can take is startable: run() ends it at once.
   */
  canStartNow(job: Pick<EngineJob, 'operation' | 'options'>): boolean {
    for (const entry of this.candidates(job)) {
      if (!entry.healthy || entry.breaker.state === 'open') continue;
      if (entry.remote === undefined) return this.pool !== undefined && this.pool.readyThreads - this.localRunning > 0;
      return entry.slots.used < entry.slots.limit;
    }
    return true;
  }

  /** Resolves when a run ends on any engine (a slot or thread is free again), or after `timeoutMs`. */
  async runEnded(timeoutMs: number, signal: AbortSignal): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    let wake: () => void = () => {};
    const woken = new Promise<void>((resolve) => {
      wake = resolve;
      timer = setTimeout(resolve, timeoutMs);
    });
    const onAbort = () => wake();
    signal.addEventListener('abort', onAbort, { once: true });
    this.endWaiters.add(wake);
    try {
      await woken;
    } finally {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      this.endWaiters.delete(wake);
    }
  }

  private candidates(job: Pick<EngineJob, 'operation' | 'options'>): Routed[] {
    const requires = job.options.requires ?? [];
    const serving = this.entries.filter(
      (entry) =>
        entry.spec.operations.includes(job.operation) &&
        (entry.spec.presets === undefined || entry.spec.presets.includes(job.options.preset)) &&
        requires.every((capability) => this.capabilitiesOf(entry).has(capability)) &&
        (entry.remote !== undefined || this.pool !== undefined),
    );
    // Stable: ties keep the file's order.
    const ordered = [...serving].sort((a, b) => b.spec.priority - a.spec.priority);
    const named = ordered.findIndex((entry) => entry.spec.name === job.options.engine);
    if (named > 0) ordered.unshift(...ordered.splice(named, 1));
    return ordered;
  }

  private capabilitiesOf(entry: Routed): Set<string> {
    if (entry.remote !== undefined || entry.spec.capabilities.length > 0) return entry.capabilities;
    return new Set(this.pool?.loadedEngines.flatMap((engine) => engine.capabilities) ?? []);
  }

  run(job: EngineJob, hooks: DispatchHooks): Dispatch {
    let canceled = false;
    let stopCurrent: () => void = () => {};
    this.placing += 1;
    let placed = false;
    const place = () => {
      if (!placed) this.placing -= 1;
      placed = true;
    };
    const outcome = (async (): Promise<EngineOutcome> => {
      try {
        return await this.tryInOrder(job, hooks, {
          canceled: () => canceled,
          onStop: (stop) => (stopCurrent = stop),
          placed: place,
        });
      } finally {
        place();
      }
    })();
    return {
      outcome,
      cancel: () => {
        canceled = true;
        stopCurrent();
      },
    };
  }

  private async tryInOrder(
    job: EngineJob,
    hooks: DispatchHooks,
    control: { canceled: () => boolean; onStop: (stop: () => void) => void; placed: () => void },
  ): Promise<EngineOutcome> {
    const candidates = this.candidates(job);
    if (candidates.length === 0) {
      return failure('engine_failed', `No engine of this server can run this ${job.operation} job.`, false);
    }
    let last: EngineOutcome | undefined;
    for (const entry of candidates) {
      if (control.canceled()) break;
      const name = entry.spec.name;
      if (!entry.healthy) {
        this.skipped(name, 'unhealthy');
        continue;
      }
      if (!entry.breaker.tryPass()) {
        this.skipped(name, 'circuit_open');
        continue;
      }
      for (let attempt = 0; attempt <= entry.spec.retries; attempt++) {
        await this.acquire(entry);
        control.placed();
        const started = performance.now();
        hooks.onRunStart({ engine: name, kind: entry.spec.kind });
        let outcome: EngineOutcome;
        try {
          outcome = control.canceled()
            ? failure('canceled', 'The job was canceled.', false)
            : entry.remote === undefined
              ? await this.runLocal(entry, job, hooks, control.onStop)
              : await this.runRemote(entry, entry.remote, job, hooks, control.onStop);
        } finally {
          this.release(entry);
        }
        const ms = Math.round(performance.now() - started);
        const result: EngineRunRecord['outcome'] = outcome.ok ? 'completed' : outcome.error.code === 'canceled' ? 'canceled' : 'failed';
        if (outcome.ok || (!outcome.error.retryable && result === 'failed')) entry.breaker.succeeded();
        else if (result === 'canceled') entry.breaker.released();
        else entry.breaker.failed();
        this.metrics.engineRuns.inc({ engine: name, kind: entry.spec.kind, outcome: result });
        this.metrics.engineRunDuration.observe({ engine: name }, ms / 1000);
        hooks.onRunEnd({ engine: name, kind: entry.spec.kind, outcome: result, ms, ...(outcome.ok ? {} : { error_code: outcome.error.code }) });
        if (outcome.ok || !outcome.error.retryable || control.canceled()) return outcome;
        last = outcome;
        if (entry.breaker.state === 'open') {
          this.logger.warn({ engine: name }, 'engine circuit opened');
          break;
        }
        if (attempt < entry.spec.retries && !entry.breaker.tryPass()) break;
      }
    }
    if (control.canceled()) return failure('canceled', 'The job was canceled.', false);
    return last ?? failure('engine_failed', 'No engine that can run this job is available now.', true);
  }

  private skipped(engine: string, reason: string): void {
    this.metrics.engineSkipped.inc({ engine, reason });
    this.logger.info({ engine, reason }, 'engine skipped');
  }

  /** A remote engine's slot: wait for one when all are taken. Local runs queue on the pool instead. */
  private async acquire(entry: Routed): Promise<void> {
    if (entry.remote === undefined) {
      this.localRunning += 1;
      return;
    }
    while (entry.slots.used >= entry.slots.limit) await new Promise<void>((resolve) => entry.slots.waiters.push(resolve));
    entry.slots.used += 1;
  }

  private release(entry: Routed): void {
    for (const wake of this.endWaiters) wake();
    if (entry.remote === undefined) {
      this.localRunning -= 1;
      return;
    }
    entry.slots.used -= 1;
    entry.slots.waiters.shift()?.();
  }

  private timeoutOf(entry: Routed): number {
    return entry.spec.timeoutMs ?? this.jobTimeoutMs;
  }

  private async runLocal(entry: Routed, job: EngineJob, hooks: DispatchHooks, onStop: (stop: () => void) => void): Promise<EngineOutcome> {
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(), this.timeoutOf(entry));
    const task = this.pool!.run(
      {
        operation: job.operation,
        person: job.person.bytes,
        garments: job.garments.map((garment) => ({ bytes: garment.bytes, category: garment.category })),
        coarse: job.coarse?.bytes,
        options: engineOptions(job.options),
        output: job.output,
      },
      { signal: timeout.signal, onMessage: hooks.onMessage },
    );
    onStop(() => task.cancel());
    try {
      return await task.outcome;
    } catch (error) {
      const timedOut = timeout.signal.aborted;
      if (!timedOut) this.logger.error({ err: error, engine: entry.spec.name }, 'engine thread failed');
      return timedOut
        ? failure('engine_timeout', 'The engine took too long on this job.', true)
        : failure('engine_failed', 'The engine failed unexpectedly.', true);
    } finally {
      clearTimeout(timer);
    }
  }

  private async runRemote(
    entry: Routed,
    remote: RemoteEngine,
    job: EngineJob,
    hooks: DispatchHooks,
    onStop: (stop: () => void) => void,
  ): Promise<EngineOutcome> {
    const controller = new AbortController();
    const timeoutMs = this.timeoutOf(entry);
    const timer = setTimeout(
      () => controller.abort(new DrapeError('engine_timeout', `${entry.spec.name} took longer than ${timeoutMs} ms on this job.`, { retryable: true })),
      timeoutMs,
    );
    onStop(() => controller.abort(new DrapeError('canceled', 'The job was canceled.')));
    const timings: Record<string, number> = {};
    try {
      const result = await remote.run(
        { operation: job.operation, person: job.person, garments: job.garments, coarse: job.coarse, options: engineOptions(job.options), output: job.output },
        {
          signal: controller.signal,
          progress: (percent) => hooks.onMessage({ type: 'progress', percent }),
          stage: (name, ms) => {
            timings[name] = (timings[name] ?? 0) + ms;
            hooks.onMessage({ type: 'stage', name, ms });
          },
        },
      );
      const [image, ...samples] = result.images as [EncodedImage, ...EncodedImage[]];
      if (image === undefined) return failure('engine_failed', `${entry.spec.name} returned no image.`, true);
      return { ok: true, image, samples: samples.slice(0, Math.max(0, (job.options.samples ?? 1) - 1)), diagnostics: [], info: result.info, timings };
    } catch (error) {
      if (isDrapeError(error)) return { ok: false, error: { code: error.code, message: error.message, retryable: error.retryable }, timings };
      const detail = error instanceof Error ? error.message : String(error);
      return { ok: false, error: { code: 'engine_failed', message: 'The engine failed unexpectedly.', retryable: true, detail }, timings };
    } finally {
      clearTimeout(timer);
    }
  }

  close(): void {
    this.closed = true;
    clearInterval(this.healthTimer);
  }
}

function failure(code: DrapeError['code'], message: string, retryable: boolean): EngineOutcome {
  return { ok: false, error: { code, message, retryable }, timings: {} };
}

/** What an engine is told: the job's options without the routing fields, which are Drape's own business. */
function engineOptions(options: TryOnOptions): TryOnOptions {
  const { engine: _engine, requires: _requires, ...rest } = options;
  return rest;
}
