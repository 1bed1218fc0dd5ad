import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import type { Db } from '../db/db.js';
import { jobStore, type Job, type JobError, type JobResult } from '../db/job-store.js';
import { DEFAULT_MIN_QUALITY, type CategoryChoice } from '../engines/engine.js';
import type { EngineRouter } from '../engines/engine-router.js';
import type { EngineOutcome } from '../engines/engine-task.js';
import { isDrapeError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import { attemptPrefix, contentTypeOf, diagnosticKey, resultKey, sampleKey } from '../storage/blob-keys.js';
import type { BlobStore } from '../storage/blob-store.js';
import type { JobEvents } from './job-events.js';
import { jobSpec } from './job-options.js';
import type { JobTransitions } from './job-transitions.js';

/** A job this process holds (from its claim on); `cancel` stops its engine task at the next stage boundary. */
interface RunningJob {
  job: Job;
  handedBack: boolean;
  cancel: () => void;
  done: Promise<void>;
  /** What the next heartbeat writes. */
  progress: number;
  timings: Record<string, number>;
  /** A heartbeat found the lease gone: the result is discarded. */
  lostLease: boolean;
}

export interface JobRunnerOptions {
  leaseMs: number;
  jobTimeoutMs: number;
  pollIntervalMs: number;
}

/** Quality of lossy outputs: visually lossless for photos at a third of PNG's size. */
const OUTPUT_QUALITY = 92;
/**
 * A job whose storage did not answer runs again after about this long: a
 * restarting S3 endpoint or database is back within seconds, and a longer
 * outage costs one claim per job per interval, not a busy loop.
 */
const UNAVAILABLE_RETRY_MS = 5_000;
/** Heartbeats on stage messages are throttled to this; the timer covers long stages. */
const MIN_HEARTBEAT_GAP_MS = 1_000;
/**
 * After handing back a job whose engine was full, claims wait for a run to
 * end in this process, or this long (another process may have freed the
 * engine, or the job's engine may have turned unhealthy).
 */
const BUSY_RECHECK_MS = 2_000;

/**
 * The worker loop of one process: claims as many jobs as the engine pool has
 * free threads, runs each on the pool, renews its lease while it runs, and
 * ends it through JobTransitions. Every write after the claim is conditional
 * on still holding it, so a worker that lost its lease cannot overwrite the
 * job's later fate.
 */
export class JobRunner {
  readonly workerId = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private readonly running = new Map<string, RunningJob>();
  /** Jobs claimed whose inputs are still loading: not yet counted by the router's free slots. */
  private loading = 0;
  private loop: Promise<void> | undefined;
  private readonly stopping = new AbortController();
  private heartbeat: NodeJS.Timeout | undefined;
  private beating: Promise<void> | undefined;
  /** A claimed job was handed back because its engine was full: wait for a run to end before claiming again. */
  private engineFull = false;

  constructor(
    private readonly db: Db,
    private readonly blobs: BlobStore,
    private readonly router: EngineRouter,
    private readonly events: JobEvents,
    private readonly transitions: JobTransitions,
    private readonly metrics: Metrics,
    private readonly logger: Logger,
    private readonly options: JobRunnerOptions,
  ) {}

  start(): void {
    this.loop ??= this.claimLoop();
    // One heartbeat for every job held, a third of the lease apart: two can be lost before a lease lapses.
    this.heartbeat ??= setInterval(() => void this.beatAll(), Math.max(250, this.options.leaseMs / 3));
  }

  /**
   * Renew the lease of every job this process holds — running, loading its
   * inputs or waiting for a fallback engine's slot — in one statement. A job
   * whose lease is gone (reclaimed, ended elsewhere) is stopped; one whose
   * cancel was asked for is canceled.
   */
  private beatAll(): Promise<void> {
    this.beating ??= (async () => {
      const held = [...this.running.values()];
      if (held.length === 0) return;
      try {
        const alive = await jobStore.heartbeatMany(
          this.db,
          this.workerId,
          this.options.leaseMs,
          held.map((entry) => ({ id: entry.job.id, progress: entry.progress, stageTimings: entry.timings })),
        );
        for (const entry of held) {
          const state = alive.get(entry.job.id);
          if (state === undefined) {
            // Ended meanwhile by this process (the row is no longer processing): nothing to stop.
            if (!this.running.has(entry.job.id)) continue;
            entry.lostLease = true;
            entry.cancel();
          } else if (state.cancelRequested) entry.cancel();
        }
      } catch (error) {
        this.logger.warn({ err: error, jobs: held.length }, 'heartbeat failed');
      }
    })().finally(() => (this.beating = undefined));
    return this.beating;
  }

  get active(): number {
    return this.running.size;
  }

  /**
   * Stop claiming; give running jobs `graceMs` to finish, then hand the rest
   * back to the queue (the attempt is not counted) for another worker or the
   * next start.
   */
  async stop(graceMs: number): Promise<void> {
    this.stopping.abort();
    await this.loop;
    const all = Promise.all([...this.running.values()].map((entry) => entry.done));
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([all, new Promise((resolve) => (timer = setTimeout(resolve, graceMs)))]);
    clearTimeout(timer);
    for (const entry of this.running.values()) {
      entry.handedBack = true;
      entry.cancel();
    }
    await all;
    clearInterval(this.heartbeat);
    await this.beating;
  }

  private async claimLoop(): Promise<void> {
    const signal = this.stopping.signal;
    while (!signal.aborted) {
      if (this.engineFull) {
        this.engineFull = false;
        await this.router.runEnded(BUSY_RECHECK_MS, signal);
        continue;
      }
      // Warm threads and free remote slots count: the first jobs run while the other threads still load their models.
      const free = this.router.freeSlots() - this.loading;
      let claimed: Job[] = [];
      if (free > 0) {
        try {
          claimed = await jobStore.claim(this.db, this.workerId, free, this.options.leaseMs);
        } catch (error) {
          this.logger.error({ err: error }, 'claiming jobs failed');
        }
      }
      for (const job of claimed) this.launch(job);
      if (claimed.length === 0 || free - claimed.length <= 0) {
        await this.events.nextQueued(this.options.pollIntervalMs, signal);
      }
    }
  }

  private launch(job: Job): void {
    const log = this.logger.child({ jobId: job.id, attempt: job.attempts });
    const entry: RunningJob = { job, handedBack: false, cancel: () => {}, done: Promise.resolve(), progress: 0, timings: {}, lostLease: false };
    this.running.set(job.id, entry);
    entry.done = this.execute(job, entry, log)
      .catch((error) => log.error({ err: error }, 'job execution failed unexpectedly'))
      .finally(() => {
        this.running.delete(job.id);
        // A thread is free: look for more work without waiting for the poll.
        void this.events.jobQueued();
      });
  }

  private async execute(job: Job, entry: RunningJob, log: Logger): Promise<void> {
    const timings = entry.timings;
    let lastBeat = Date.now();

    const spec = jobSpec(job);
    if (spec === undefined) {
      // No submission writes such a row: a bug or a hand edit, which another attempt would not mend.
      log.error({ operation: job.operation, options: job.options, outputFormat: job.outputFormat }, 'job row holds an invalid spec');
      await this.transitions.finish(job, this.workerId, {
        status: 'failed',
        error: { code: 'internal_error', message: 'The job was stored with options no engine can run.' },
        stageTimings: timings,
      });
      return;
    }

    let inputs: Awaited<ReturnType<JobRunner['loadInputs']>>;
    this.loading += 1;
    try {
      inputs = await this.loadInputs(job);
    } catch (error) {
      this.loading -= 1;
      await this.retryLater(job, error, log);
      return;
    }
    this.loading -= 1;
    if (inputs === undefined) {
      await this.transitions.finish(job, this.workerId, {
        status: 'failed',
        error: { code: 'not_found', message: 'The input images of this job are no longer stored.' },
        stageTimings: timings,
      });
      return;
    }

    const engineJob = {
      operation: spec.operation,
      person: inputs.person,
      garments: inputs.garments,
      coarse: inputs.coarse,
      options: spec.options,
      output: { format: spec.outputFormat, quality: OUTPUT_QUALITY },
    };
    // Its engine is full (another job took the slot while this one's inputs loaded, or the claim counted
    // another engine's free slots): back to its place in the queue rather than wait here with a lease.
    // run() below takes the slot in this same tick when there is one.
    if (!entry.handedBack && !this.router.canStartNow(engineJob)) {
      this.engineFull = true;
      await this.transitions.handBack(job, this.workerId);
      log.debug('engine full; job handed back to the queue');
      return;
    }
    // Each engine run is recorded on the job (and logged) as it ends; the writes are chained to keep their order.
    let recorded: Promise<void> = Promise.resolve();
    const task = this.router.run(
      engineJob,
      {
        onMessage: (message) => {
          if (message.type === 'progress') entry.progress = Math.max(entry.progress, message.percent);
          else {
            timings[message.name] = (timings[message.name] ?? 0) + message.ms;
            this.metrics.engineStage.observe({ stage: message.name }, message.ms / 1000);
            if (Date.now() - lastBeat > MIN_HEARTBEAT_GAP_MS) void beat();
          }
        },
        onRunStart: (run) => log.info(run, 'engine run started'),
        onRunEnd: (run) => {
          log.info(run, 'engine run ended');
          recorded = recorded
            .then(() => jobStore.recordEngineRun(this.db, job.id, this.workerId, { attempt: job.attempts, ...run }))
            .catch((error: unknown) => log.warn({ err: error }, 'recording the engine run failed'));
        },
      },
    );
    entry.cancel = () => task.cancel();
    // Shutdown may have begun while the inputs were loading.
    if (entry.handedBack) task.cancel();

    // This job's own heartbeat, besides the shared one (beatAll): at a stage's end (progress for its
    // watchers), on a cancel request, and once at the start.
    const beat = async () => {
      lastBeat = Date.now();
      try {
        const state = await jobStore.heartbeat(this.db, job.id, this.workerId, this.options.leaseMs, entry.progress, timings);
        if (state === undefined) {
          entry.lostLease = true;
          task.cancel();
        } else if (state.cancelRequested) task.cancel();
        await this.events.jobChanged(job.id);
      } catch (error) {
        log.warn({ err: error }, 'heartbeat failed');
      }
    };
    // A cancel request reaches the engine before the next stage, not at the next heartbeat.
    const stopListening = this.events.onCancelRequested(job.id, () => void beat());
    // A cancel that arrived between the claim and the subscription is seen here.
    void beat();

    let outcome: EngineOutcome;
    try {
      outcome = await task.outcome;
    } finally {
      stopListening();
    }
    await recorded;
    Object.assign(timings, outcome.timings);

    if (entry.lostLease) {
      log.warn('lease lost while running; result discarded');
      return;
    }
    if (entry.handedBack && !outcome.ok && outcome.error.code === 'canceled') {
      await this.transitions.requeue(job, this.workerId, 0, null, true);
      log.info('job handed back to the queue at shutdown');
      return;
    }
    try {
      await this.conclude(job, outcome, timings, log);
    } catch (error) {
      await this.retryLater(job, error, log);
    }
  }

  /**
   * The storage (or another service the attempt needs) did not answer: hand
   * the job back to run again shortly, without counting the attempt, since
   * nothing about the job itself failed. Anything else is a bug: rethrown.
   */
  private async retryLater(job: Job, error: unknown, log: Logger): Promise<void> {
    if (!isDrapeError(error) || !error.retryable) throw error;
    log.warn({ err: error.cause ?? error, code: error.code }, 'a service the job needs is unavailable; retrying later');
    const delayMs = Math.round(UNAVAILABLE_RETRY_MS * (0.75 + Math.random() * 0.5));
    await this.transitions.requeue(job, this.workerId, delayMs, { code: error.code, message: error.message }, true);
  }

  private async conclude(job: Job, outcome: EngineOutcome, timings: Record<string, number>, log: Logger) {
    if (outcome.ok) {
      const image = outcome.image;
      const result: JobResult = {
        image: { key: resultKey(job.id, job.attempts, image.format), format: image.format, width: image.width, height: image.height },
        ...(outcome.samples.length === 0
          ? {}
          : {
              samples: outcome.samples.map((sample, index) => ({
                key: sampleKey(job.id, job.attempts, index + 2, sample.format),
                format: sample.format,
                width: sample.width,
                height: sample.height,
              })),
            }),
        diagnostics: outcome.diagnostics.map((diagnostic) => ({
          name: diagnostic.name,
          key: diagnosticKey(job.id, job.attempts, diagnostic.name),
          format: 'png',
          width: diagnostic.width,
          height: diagnostic.height,
        })),
        info: outcome.quality === undefined ? outcome.info : { ...outcome.info, qualityFigures: outcome.quality.figures },
        ...(outcome.quality === undefined ? {} : { quality: { score: outcome.quality.score, warnings: outcome.quality.warnings } }),
      };
      await this.blobs.put(result.image.key, Buffer.from(image.bytes), contentTypeOf(image.format));
      await Promise.all(
        outcome.samples.map((sample, index) =>
          this.blobs.put(result.samples![index]!.key, Buffer.from(sample.bytes), contentTypeOf(sample.format)),
        ),
      );
      await Promise.all(
        outcome.diagnostics.map((diagnostic, index) =>
          this.blobs.put(result.diagnostics[index]!.key, Buffer.from(diagnostic.bytes), contentTypeOf('png')),
        ),
      );
      // A result the engine judges below the request's bar fails the job,
      // which refunds it; the attempt is not retried (the engine is
      // deterministic: it would judge the same), and the result, its
      // diagnostics and the verdict stay on the job so its owner sees why.
      const rejected = lowQuality(result.quality, jobSpec(job)?.options.minQuality);
      const ended = await this.transitions.finish(job, this.workerId, {
        status: rejected === undefined ? 'completed' : 'failed',
        result,
        ...(rejected === undefined ? {} : { error: rejected }),
        stageTimings: timings,
      });
      if (ended === undefined) {
        await this.blobs.deletePrefix(attemptPrefix(job.id, job.attempts));
        log.warn('lease lost before completion; result discarded');
        return;
      }
      this.metrics.jobsFinished.inc({ status: ended.status, operation: job.operation });
      if (rejected === undefined) log.info({ stageTimings: timings }, 'job completed');
      else log.info({ code: rejected.code, quality: result.quality }, 'job failed');
      return;
    }
    const error = outcome.error;
    if (error.detail !== undefined) log.error({ detail: error.detail }, 'engine fault');
    if (error.code === 'canceled') {
      const ended = await this.transitions.finish(job, this.workerId, {
        status: 'canceled',
        error: { code: 'canceled', message: 'The job was canceled while it was running.' },
        stageTimings: timings,
      });
      if (ended !== undefined) this.metrics.jobsFinished.inc({ status: 'canceled', operation: job.operation });
      return;
    }
    const after = await this.transitions.fail(job, this.workerId, error, timings);
    if (after?.status === 'failed') {
      this.metrics.jobsFinished.inc({ status: 'failed', operation: job.operation });
      log.info({ code: error.code }, 'job failed');
    } else if (after !== undefined) {
      log.warn({ code: error.code, runAt: after.runAt }, 'job attempt failed; retrying');
    }
  }

  private async loadInputs(job: Job) {
    const person = await this.blobs.get(job.input.person.key);
    const garments = await Promise.all(job.input.garments.map((garment) => this.blobs.get(garment.image.key)));
    const coarse = job.input.coarse === undefined ? undefined : await this.blobs.get(job.input.coarse.key);
    if (person === undefined || garments.some((garment) => garment === undefined)) return undefined;
    if (job.input.coarse !== undefined && coarse === undefined) return undefined;
    // As stored: a remote engine gets these bytes as the client sent them, a local one decodes them on its thread.
    return {
      person: { bytes: person.bytes, format: job.input.person.format },
      coarse: coarse === undefined ? undefined : { bytes: coarse.bytes, format: job.input.coarse!.format },
      garments: garments.map((garment, index) => ({
        bytes: garment!.bytes,
        format: job.input.garments[index]!.image.format,
        category: job.input.garments[index]!.category as CategoryChoice,
      })),
    };
  }
}

/** The failure of a result scored below the job's min_quality (DEFAULT_MIN_QUALITY when it sets none); undefined when it passes or was not judged. */
function lowQuality(quality: JobResult['quality'], minQuality: number | undefined): JobError | undefined {
  if (quality === undefined) return undefined;
  const min = minQuality ?? DEFAULT_MIN_QUALITY;
  if (quality.score >= min) return undefined;
  const why = quality.warnings.length === 0 ? '' : ` (${quality.warnings.join(', ')})`;
  return {
    code: 'low_quality_result',
    message: `The result's quality score ${quality.score} is below min_quality ${min}${why}; the result and its diagnostics stay on the job, and the job is refunded.`,
  };
}
