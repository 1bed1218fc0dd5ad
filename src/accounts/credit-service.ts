import type { Db, Queryable } from '../db/db.js';
import { creditStore, type LedgerEntry } from '../db/credit-store.js';
import type { Job } from '../db/job-store.js';
import { teamStore } from '../db/team-store.js';
import { DrapeError } from '../errors.js';
import { newId } from '../ids.js';
import { jobCost, pricedOperation, type CreditCosts } from './credit-costs.js';

/** Who asked: every credit change and key use is traceable to a request. */
export interface Actor {
  requestId?: string | undefined;
  keyId?: string | undefined;
}

export interface Admission extends Actor {
  jobId: string;
  teamId: string;
  operation: string;
  options: Record<string, unknown>;
}

/**
 * Credits and concurrency slots. A job is admitted in the transaction that
 * enqueues it: the team's row is locked, its unfinished jobs counted and its
 * cost charged, so concurrent submissions take turns and can neither
 * overspend nor overfill. Failed and canceled jobs get their charge back in
 * the transaction that ends them.
 */
export class CreditService {
  constructor(
    private readonly db: Db,
    private readonly costs: CreditCosts,
    private readonly defaultConcurrency: number,
  ) {}

  costOf(operation: string, options: Record<string, unknown>): number {
    return jobCost(this.costs, operation, options);
  }

  /** Credits a job has cost so far: its charge less any refund (0 once a failed job is refunded). */
  async chargedFor(jobId: string): Promise<number> {
    const entries = await creditStore.forJob(this.db, jobId);
    return -entries.reduce((sum, entry) => sum + entry.amount, 0);
  }

  async balance(teamId: string): Promise<number> {
    return creditStore.balance(this.db, teamId);
  }

  async grant(teamId: string, amount: number, details: Actor & { note?: string } = {}): Promise<LedgerEntry> {
    return this.db.transaction((tx) => this.grantIn(tx, teamId, amount, details));
  }

  /** A grant inside the caller's transaction (team creation). Negative amounts take credits away. */
  async grantIn(tx: Queryable, teamId: string, amount: number, details: Actor & { note?: string } = {}): Promise<LedgerEntry> {
    const team = await teamStore.lock(tx, teamId);
    if (team === undefined) throw new DrapeError('not_found', `No team ${teamId}.`);
    const balance = await creditStore.balance(tx, teamId);
    if (balance + amount < 0) {
      throw new DrapeError('insufficient_credits', `The team has ${balance} credits; cannot take away ${-amount}.`);
    }
    return creditStore.append(
      tx,
      { id: newId('led'), teamId, kind: 'grant', amount, note: details.note, requestId: details.requestId, keyId: details.keyId },
      balance,
    );
  }

  /** Runs in the enqueue transaction (JobService's admission hook). Throws to refuse the job. */
  readonly admit = async (tx: Queryable, job: Admission): Promise<void> => {
    const team = await teamStore.lock(tx, job.teamId);
    if (team === undefined) throw new DrapeError('not_found', `No team ${job.teamId}.`);
    const limit = team.concurrencyLimit ?? this.defaultConcurrency;
    const active = await teamStore.activeJobs(tx, team.id);
    if (active >= limit) {
      throw new DrapeError(
        'concurrency_limit_exceeded',
        `The team already has ${active} jobs queued or running; its limit is ${limit}. Retry when one ends.`,
        { headers: { 'retry-after': '1' } },
      );
    }
    const operation = pricedOperation(job.operation, job.options);
    const cost = jobCost(this.costs, job.operation, job.options);
    const balance = await creditStore.balance(tx, team.id);
    if (balance < cost) {
      throw new DrapeError('insufficient_credits', `This job costs ${cost} credits and the team has ${balance}.`);
    }
    if (cost === 0) return;
    await creditStore.append(
      tx,
      { id: newId('led'), teamId: team.id, kind: 'charge', amount: -cost, operation, jobId: job.jobId, keyId: job.keyId, requestId: job.requestId },
      balance,
    );
  };

  /** Runs in the transaction that ends a job (JobTransitions' terminal hook). */
  readonly refundIfUnsuccessful = async (tx: Queryable, job: Job): Promise<void> => {
    if (job.status !== 'failed' && job.status !== 'canceled') return;
    const charge = await unrefundedCharge(tx, job.id);
    if (charge === undefined) return;
    await appendRefund(tx, job, charge, -charge.amount, job.status === 'canceled' ? 'job canceled' : `job failed: ${job.error?.code ?? 'unknown'}`);
  };

  /**
   * Runs in the transaction that completes a job: a job charged for several
   * samples (its price × samples) that got fewer images — a deterministic
   * engine makes one — gets back the price of each image it did not get, so
   * it pays once per image returned.
   */
  readonly refundUndeliveredSamples = async (tx: Queryable, job: Job): Promise<void> => {
    if (job.status !== 'completed' || job.result === null) return;
    const requested = typeof job.options.samples === 'number' ? job.options.samples : 1;
    const delivered = 1 + (job.result.samples?.length ?? 0);
    if (delivered >= requested) return;
    const charge = await unrefundedCharge(tx, job.id);
    if (charge === undefined) return;
    const amount = Math.round((-charge.amount * (requested - delivered)) / requested);
    if (amount <= 0) return;
    await appendRefund(tx, job, charge, amount, `${delivered} of ${requested} samples returned: charged per image returned`);
  };

  async history(teamId: string, filter: { cursor?: number | undefined; from?: Date | undefined; to?: Date | undefined; limit: number }) {
    const entries = await creditStore.history(this.db, {
      teamId,
      beforeSeq: filter.cursor,
      from: filter.from,
      to: filter.to,
      limit: filter.limit + 1,
    });
    const page = entries.slice(0, filter.limit);
    return { entries: page, nextCursor: entries.length > filter.limit ? page[page.length - 1]!.seq : null };
  }
}

/** The job's charge, unless a refund already answers it (a job is refunded at most once). */
async function unrefundedCharge(tx: Queryable, jobId: string): Promise<LedgerEntry | undefined> {
  const entries = await creditStore.forJob(tx, jobId);
  const charge = entries.find((entry) => entry.kind === 'charge');
  return charge === undefined || entries.some((entry) => entry.kind === 'refund') ? undefined : charge;
}

/** A refund of `amount` against the job's charge, under the team's lock. */
async function appendRefund(tx: Queryable, job: Job, charge: LedgerEntry, amount: number, note: string): Promise<void> {
  await teamStore.lock(tx, job.teamId);
  const balance = await creditStore.balance(tx, job.teamId);
  await creditStore.append(
    tx,
    {
      id: newId('led'),
      teamId: job.teamId,
      kind: 'refund',
      amount,
      operation: charge.operation,
      jobId: job.id,
      // The refund answers the charge: the same request is the one to trace.
      requestId: charge.requestId,
      keyId: charge.keyId,
      note,
    },
    balance,
  );
}
