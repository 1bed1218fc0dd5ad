import type { Db } from '../db/db.js';
import { jobStore } from '../db/job-store.js';
import type { Logger } from '../logger.js';
import { retryDelayMs, type JobTransitions } from './job-transitions.js';

export interface MaintenanceOptions {
  leaseMs: number;
}

const RECLAIM_BATCH = 50;

/**
 * The lease reclaimer, run by every worker process (they coordinate through
 * row locks): jobs whose worker stopped renewing its lease go back through
 * the normal failure path.
 */
export class Maintenance {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;

  constructor(
    private readonly db: Db,
    private readonly transitions: JobTransitions,
    private readonly logger: Logger,
    private readonly options: MaintenanceOptions,
  ) {}

  start(): void {
    // Half a lease: a dead worker's job waits at most 1.5 leases to run again.
    this.timer = setInterval(() => {
      this.running ??= this.reclaimExpired()
        .catch((error) => this.logger.error({ err: error }, 'reclaiming expired leases failed'))
        .finally(() => (this.running = undefined));
    }, Math.max(200, this.options.leaseMs / 2));
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
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
}
