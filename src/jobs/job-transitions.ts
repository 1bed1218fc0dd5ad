import type { Db, Queryable } from '../db/db.js';
import { jobStore, type Job, type JobError, type JobResult } from '../db/job-store.js';
import { webhookStore } from '../db/webhook-store.js';
import { newId } from '../ids.js';
import type { JobEvents } from './job-events.js';
import type { JobPresenter } from './job-json.js';

/** Runs inside the transaction that ends a job (the accounts layer refunds here). */
export type TerminalHook = (tx: Queryable, job: Job) => Promise<void>;

/** Retry delay: exponential from 2 s, capped at 60 s, with ±25 % jitter so retries do not march in step. */
export function retryDelayMs(attempt: number): number {
  const base = Math.min(RETRY_DELAY_CAP_MS, 2_000 * 2 ** Math.max(0, attempt - 1));
  return Math.round(base * (0.75 + Math.random() * 0.5));
}
const RETRY_DELAY_CAP_MS = 60_000;

/**
 * The longest a job can take from its first start to its end: every attempt
 * ends within the engine timeout, or 1.5 leases after its worker died (the
 * reclaim runs every half lease), and waits at most the jittered backoff cap
 * before the next. Defaults: 3 × (120 s + 45 s) + 2 × 75 s = 645 s.
 */
export function longestRunMs(limits: { jobTimeoutMs: number; leaseMs: number; maxAttempts: number }): number {
  const attempt = limits.jobTimeoutMs + 1.5 * limits.leaseMs;
  return limits.maxAttempts * attempt + (limits.maxAttempts - 1) * RETRY_DELAY_CAP_MS * 1.25;
}

/**
 * The state machine's exits, shared by the job runner and the maintenance
 * loop so that a job that ends by a worker's hand and one whose worker died
 * go through the same path: one transaction ends the job, queues its webhook
 * and runs the terminal hooks.
 */
export class JobTransitions {
  private readonly terminalHooks: TerminalHook[] = [];

  constructor(
    private readonly db: Db,
    private readonly presenter: JobPresenter,
    private readonly events: JobEvents,
  ) {}

  onTerminal(hook: TerminalHook): void {
    this.terminalHooks.push(hook);
  }

  /** Ends a claimed job; undefined if `lockedBy` no longer holds it. */
  async finish(
    job: Job,
    lockedBy: string,
    outcome: { status: 'completed' | 'failed' | 'canceled'; result?: JobResult; error?: JobError; stageTimings: Record<string, number> },
  ): Promise<Job | undefined> {
    const ended = await this.db.transaction(async (tx) => {
      const updated = await jobStore.finishClaimed(tx, job.id, lockedBy, outcome);
      if (updated !== undefined) await this.afterTerminal(tx, updated);
      return updated;
    });
    if (ended !== undefined) await this.events.jobChanged(ended.id);
    return ended;
  }

  /** Cancels a job still waiting in the queue. */
  async cancelQueued(teamId: string, id: string): Promise<Job | undefined> {
    const canceled = await this.db.transaction(async (tx) => {
      const updated = await jobStore.cancelQueued(tx, id, teamId, {
        code: 'canceled',
        message: 'The job was canceled before it started.',
      });
      if (updated !== undefined) await this.afterTerminal(tx, updated);
      return updated;
    });
    if (canceled !== undefined) await this.events.jobChanged(canceled.id);
    return canceled;
  }

  async requeue(job: Job, lockedBy: string, delayMs: number, error: JobError | null, refundAttempt = false): Promise<Job | undefined> {
    const requeued = await jobStore.requeueClaimed(this.db, job.id, lockedBy, delayMs, error, { refundAttempt });
    if (requeued !== undefined) {
      await this.events.jobChanged(requeued.id);
      await this.events.jobQueued();
    }
    return requeued;
  }

  /**
   * Give a claimed job back untouched: to its place in the queue, its attempt
   * not counted, its last error kept (it never started: e.g. every engine
   * that may run it is busy in this process).
   */
  async handBack(job: Job, lockedBy: string): Promise<Job | undefined> {
    const back = await jobStore.requeueClaimed(this.db, job.id, lockedBy, 0, null, { refundAttempt: true, keepPlace: true });
    if (back !== undefined) {
      await this.events.jobChanged(back.id);
      // Another process may have a free slot of that engine.
      await this.events.jobQueued();
    }
    return back;
  }

  /**
   * The failure path for one attempt: retry a transient fault while attempts
   * remain, otherwise fail the job. Input errors never retry.
   */
  async fail(job: Job, lockedBy: string, error: JobError & { retryable: boolean }, stageTimings: Record<string, number>) {
    if (error.retryable && job.attempts < job.maxAttempts) {
      return this.requeue(job, lockedBy, retryDelayMs(job.attempts), { code: error.code, message: error.message });
    }
    return this.finish(job, lockedBy, {
      status: 'failed',
      error: { code: error.code, message: error.message },
      stageTimings,
    });
  }

  private async afterTerminal(tx: Queryable, job: Job): Promise<void> {
    if (job.webhookUrl !== null) {
      await webhookStore.enqueue(tx, {
        id: newId('whd'),
        jobId: job.id,
        teamId: job.teamId,
        url: job.webhookUrl,
        event: `job.${job.status}`,
        payload: JSON.stringify(await this.presenter.webhookPayload(job)),
      });
    }
    for (const hook of this.terminalHooks) await hook(tx, job);
  }
}
