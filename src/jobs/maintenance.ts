import type { Db } from '../db/db.js';
import { idempotencyStore } from '../db/idempotency-store.js';
import { jobStore } from '../db/job-store.js';
import type { Logger } from '../logger.js';
import { jobPrefixes } from '../storage/blob-keys.js';
import type { BlobStore } from '../storage/blob-store.js';
import type { JobEvents } from './job-events.js';
import { retryDelayMs, type JobTransitions } from './job-transitions.js';

export interface MaintenanceOptions {
  leaseMs: number;
  retentionMs: number;
  sweepIntervalMs: number;
}

const RECLAIM_BATCH = 50;
const SWEEP_BATCH = 200;

/**
 * Background upkeep that any server process may do (they coordinate through
 * row locks): jobs whose worker stopped renewing its lease go back through
 * the normal failure path; files past the retention period are deleted.
 */
export class Maintenance {
  private timers: NodeJS.Timeout[] = [];
  private busy = new Set<string>();

  constructor(
    private readonly db: Db,
    private readonly blobs: BlobStore,
    private readonly transitions: JobTransitions,
    private readonly events: JobEvents,
    private readonly logger: Logger,
    private readonly options: MaintenanceOptions,
  ) {}

  start(): void {
    // Half a lease: a dead worker's job waits at most 1.5 leases to run again.
    this.every(Math.max(200, this.options.leaseMs / 2), 'reclaim', () => this.reclaimExpired());
    this.every(this.options.sweepIntervalMs, 'sweep', () => this.sweep());
  }

  async stop(): Promise<void> {
    for (const timer of this.timers) clearInterval(timer);
    this.timers = [];
    while (this.busy.size > 0) await new Promise((resolve) => setTimeout(resolve, 20));
  }

  private every(intervalMs: number, name: string, work: () => Promise<unknown>): void {
    const tick = async () => {
      if (this.busy.has(name)) return;
      this.busy.add(name);
      try {
        await work();
      } catch (error) {
        this.logger.error({ err: error, task: name }, 'maintenance task failed');
      } finally {
        this.busy.delete(name);
      }
    };
    this.timers.push(setInterval(() => void tick(), intervalMs));
  }

  /** Returns how many jobs were reclaimed. */
  async reclaimExpired(): Promise<number> {
    const expired = await this.db.transaction((tx) => jobStore.lockExpired(tx, RECLAIM_BATCH));
    for (const job of expired) {
      const holder = job.lockedBy ?? '';
      if (job.cancelRequestedAt !== null) {
        await this.transitions.finish(job, holder, {
          status: 'canceled',
          error: { code: 'canceled', message: 'The job was canceled.' },
          stageTimings: job.stageTimings,
        });
      } else if (job.attempts < job.maxAttempts) {
        await this.transitions.requeue(job, holder, retryDelayMs(job.attempts) / 4, {
          code: 'worker_lost',
          message: 'The worker running this job stopped responding.',
        });
      } else {
        await this.transitions.finish(job, holder, {
          status: 'failed',
          error: { code: 'worker_lost', message: 'The worker running this job stopped responding, on every attempt.' },
          stageTimings: job.stageTimings,
        });
      }
      this.logger.warn({ jobId: job.id, lockedBy: holder, attempts: job.attempts }, 'reclaimed a job with an expired lease');
    }
    return expired.length;
  }

  /** Delete the inputs and outputs of jobs that ended longer ago than the retention period. */
  async sweep(): Promise<number> {
    let purged = 0;
    for (;;) {
      const jobs = await jobStore.listPurgeable(this.db, this.options.retentionMs, SWEEP_BATCH);
      for (const job of jobs) {
        for (const prefix of jobPrefixes(job.id)) await this.blobs.deletePrefix(prefix);
        await jobStore.markPurged(this.db, job.id);
        await this.events.jobChanged(job.id);
      }
      purged += jobs.length;
      if (jobs.length < SWEEP_BATCH) break;
    }
    await idempotencyStore.deleteExpired(this.db);
    if (purged > 0) this.logger.info({ purged }, 'retention sweep deleted job files');
    return purged;
  }
}
