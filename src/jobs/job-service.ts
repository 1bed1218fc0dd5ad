import { LRUCache } from 'lru-cache';
import type { Db, Queryable } from '../db/db.js';
import { webhookStore } from '../db/webhook-store.js';
import { jobStore, TERMINAL_STATUSES, type BlobRef, type Job, type JobStatus } from '../db/job-store.js';
import type { CategoryChoice, OperationName, TryOnOptions } from '../engines/engine.js';
import type { OutputFormat } from '../engines/engine-task.js';
import { DrapeError } from '../errors.js';
import { newId } from '../ids.js';
import type { AcceptedImage } from '../images/image-guard.js';
import { contentTypeOf, inputKey, inputPrefix } from '../storage/blob-keys.js';
import type { BlobStore } from '../storage/blob-store.js';
import { IdempotencyLeases } from './idempotency-leases.js';
import type { JobEvents } from './job-events.js';
import type { JobTransitions } from './job-transitions.js';

/** Idempotency records live 24 h, as the IETF draft suggests. */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
/** Waiters re-read the job at least this often, in case a notification was lost. */
const WAIT_RECHECK_MS = 1_000;
/**
 * Job reads are the hot path (clients poll): a PGlite query costs ~0.8 ms of
 * the HTTP thread. Rows are cached until a change event for the job arrives
 * (from this process, or from another one through NOTIFY); the TTL bounds the
 * staleness should a notification be lost.
 */
const JOB_CACHE_ENTRIES = 10_000;
const JOB_CACHE_TTL_MS = 1_000;

export interface TryOnSubmission {
  teamId: string;
  operation: OperationName;
  person: AcceptedImage;
  garments: { image: AcceptedImage; category: CategoryChoice }[];
  /** A refine job's coarse try-on result. */
  coarse?: AcceptedImage | undefined;
  options: TryOnOptions;
  outputFormat: OutputFormat;
  metadata?: unknown;
  webhookUrl?: string | undefined;
  /** Which API accepted it: 'native' or a dialect name. */
  source: string;
  /** A claimed Idempotency-Key (claimIdempotencyKey): the job's row names it in the same transaction. */
  idempotency?: { key: string } | undefined;
  /** For the credit ledger: which request and key asked. */
  requestId?: string | undefined;
  keyId?: string | undefined;
}

/**
 * Runs in the transaction that enqueues a job, before its row is written:
 * the accounts layer takes a concurrency slot and charges credits here, and
 * refuses the job by throwing.
 */
export type AdmissionHook = (
  tx: Queryable,
  job: { jobId: string; teamId: string; operation: string; options: Record<string, unknown>; requestId?: string | undefined; keyId?: string | undefined },
) => Promise<void>;

export type IdempotencyClaim =
  | { state: 'new' }
  | { state: 'replay'; job: Job };

/** How a job that can no longer be canceled ended, for the refusal's message. */
const ENDED: Record<JobStatus, string> = {
  queued: 'started',
  processing: 'started',
  completed: 'completed',
  failed: 'failed',
  canceled: 'been canceled',
};

/** Submit, read, list, cancel and wait on jobs: what every API (native or dialect) calls. */
export class JobService {
  private readonly cache = new LRUCache<string, Job>({ max: JOB_CACHE_ENTRIES, ttl: JOB_CACHE_TTL_MS });
  private readonly stopListening: () => void;
  /** Aborted at shutdown: every waiting request answers with the job as it is. */
  private readonly closing = new AbortController();
  private readonly idempotency: IdempotencyLeases;

  constructor(
    private readonly db: Db,
    private readonly blobs: BlobStore,
    private readonly events: JobEvents,
    private readonly transitions: JobTransitions,
    private readonly maxAttempts: number,
    private readonly admission?: AdmissionHook,
  ) {
    this.stopListening = events.onAnyChange((id) => this.cache.delete(id));
    this.idempotency = new IdempotencyLeases(db, undefined);
  }

  /** End all waits (shutdown) and stop caching. */
  close(): void {
    this.closing.abort();
    this.idempotency.close();
    this.stopListening();
    this.cache.clear();
  }

  /**
   * Claim an Idempotency-Key before doing the work of accepting a request.
   * Same key and body: the earlier job. Another body: 422. Still being
   * accepted: 409. A new claim is held under a short lease, renewed until
   * submit() or releaseIdempotencyKey() ends it, so that it frees itself if
   * this process dies meanwhile.
   */
  async claimIdempotencyKey(teamId: string, key: string, fingerprint: string): Promise<IdempotencyClaim> {
    const existing = await this.idempotency.reserve(teamId, key, fingerprint, IDEMPOTENCY_TTL_MS);
    if (existing === undefined) return { state: 'new' };
    if (existing.fingerprint !== fingerprint) {
      throw new DrapeError('idempotency_key_mismatch', 'This Idempotency-Key was used with a different request body.', {
        field: 'Idempotency-Key',
      });
    }
    if (existing.state === 'processing' || existing.jobId === null) {
      throw new DrapeError('idempotency_in_progress', 'A request with this Idempotency-Key is still being accepted.', {
        field: 'Idempotency-Key',
        headers: { 'retry-after': '1' },
      });
    }
    const job = await jobStore.get(this.db, existing.jobId, teamId);
    if (job === undefined) throw new DrapeError('not_found', 'The job of this Idempotency-Key no longer exists.');
    return { state: 'replay', job };
  }

  /** Free a key whose request failed before a job existed, so a corrected retry can use it. */
  async releaseIdempotencyKey(teamId: string, key: string): Promise<void> {
    await this.idempotency.drop(teamId, key, true);
  }

  /**
   * Store the inputs and enqueue the job. Admission (slot and credits), the
   * job row and the idempotency record commit together; the blobs are written
   * first and removed again if that transaction fails, so no job ever points
   * at a missing input.
   */
  async submit(submission: TryOnSubmission): Promise<Job> {
    const id = newId('job');
    const store = async (image: AcceptedImage, name: string): Promise<BlobRef> => {
      const key = inputKey(id, name, image.format);
      await this.blobs.put(key, image.bytes, contentTypeOf(image.format));
      return { key, format: image.format, width: image.width, height: image.height };
    };
    try {
      const person = await store(submission.person, 'person');
      const garments = await Promise.all(
        submission.garments.map(async (garment, index) => ({
          image: await store(garment.image, `garment-${index + 1}`),
          category: garment.category,
        })),
      );
      const coarse = submission.coarse === undefined ? undefined : await store(submission.coarse, 'coarse');
      const options = { ...submission.options };
      const job = await this.db.transaction(async (tx) => {
        await this.admission?.(tx, {
          jobId: id,
          teamId: submission.teamId,
          operation: submission.operation,
          options,
          requestId: submission.requestId,
          keyId: submission.keyId,
        });
        const inserted = await jobStore.insert(tx, {
          id,
          teamId: submission.teamId,
          operation: submission.operation,
          input: coarse === undefined ? { person, garments } : { person, garments, coarse },
          options,
          outputFormat: submission.outputFormat,
          metadata: submission.metadata,
          webhookUrl: submission.webhookUrl ?? null,
          source: submission.source,
          maxAttempts: this.maxAttempts,
        });
        const held = submission.idempotency;
        if (held !== undefined && !(await this.idempotency.complete(tx, submission.teamId, held.key, id))) {
          // Our lease lapsed (this process stalled) and another request took the key: it makes the job, not us.
          throw new DrapeError('idempotency_in_progress', 'A request with this Idempotency-Key is still being accepted.', {
            field: 'Idempotency-Key',
            headers: { 'retry-after': '1' },
          });
        }
        return inserted;
      });
      if (submission.idempotency !== undefined) await this.idempotency.drop(submission.teamId, submission.idempotency.key, false);
      await this.events.jobQueued();
      return job;
    } catch (error) {
      await this.blobs.deletePrefix(inputPrefix(id)).catch(() => {});
      throw error;
    }
  }

  async get(teamId: string, id: string): Promise<Job> {
    let job = this.cache.get(id);
    if (job === undefined) {
      job = await jobStore.get(this.db, id);
      if (job !== undefined) this.cache.set(id, job);
    }
    // Another team's job answers exactly like a missing one: existence never leaks.
    if (job === undefined || job.teamId !== teamId) throw new DrapeError('not_found', `No job ${id}.`, { field: 'id' });
    return job;
  }

  async list(teamId: string, filter: { status?: JobStatus | undefined; cursor?: string | undefined; limit: number }) {
    const jobs = await jobStore.list(this.db, {
      teamId,
      status: filter.status,
      before: filter.cursor,
      limit: filter.limit + 1,
    });
    const page = jobs.slice(0, filter.limit);
    return { jobs: page, nextCursor: jobs.length > filter.limit ? page[page.length - 1]!.id : null };
  }

  /**
   * A queued job is canceled at once; a running one at its next stage
   * boundary (the runner sees the request on its heartbeat). Canceling an
   * ended job, a canceled one too, is refused (409), as the README says.
   */
  async cancel(teamId: string, id: string): Promise<Job> {
    const canceled = await this.transitions.cancelQueued(teamId, id);
    if (canceled !== undefined) return canceled;
    const requested = await jobStore.requestCancel(this.db, id, teamId);
    if (requested !== undefined) {
      await this.events.cancelRequested(id);
      await this.events.jobChanged(id);
      return requested;
    }
    const job = await this.get(teamId, id);
    if (job.status === 'queued' || job.status === 'processing') return this.cancel(teamId, id);
    throw new DrapeError('job_not_cancelable', `Job ${id} has already ${ENDED[job.status]}.`);
  }

  /** Webhook deliveries of a job, each with its attempts. */
  async webhookDeliveries(teamId: string, id: string) {
    const job = await this.get(teamId, id);
    return webhookStore.listForJob(this.db, job.id);
  }

  /**
   * The job once it has ended, however long it queues; once started, at most
   * `runBoundMs` from its first start (longestRunMs: its own timeout and
   * attempts). Returns it as it is when `signal` aborts (the client left) or
   * the server closes.
   */
  async waitForOutcome(teamId: string, id: string, runBoundMs: number, signal?: AbortSignal): Promise<Job> {
    const stop = signal === undefined ? this.closing.signal : AbortSignal.any([signal, this.closing.signal]);
    for (;;) {
      const job = await this.get(teamId, id);
      const left = job.startedAt === null ? WAIT_RECHECK_MS : job.startedAt.getTime() + runBoundMs - Date.now();
      if (TERMINAL_STATUSES.includes(job.status) || left <= 0 || stop.aborted) return job;
      await this.events.nextChange(id, Math.min(left, WAIT_RECHECK_MS), stop);
    }
  }

  /** The job once it has ended, or as it is when `timeoutMs` runs out. */
  async waitForEnd(teamId: string, id: string, timeoutMs: number, signal?: AbortSignal): Promise<Job> {
    const deadline = Date.now() + timeoutMs;
    const stop = signal === undefined ? this.closing.signal : AbortSignal.any([signal, this.closing.signal]);
    for (;;) {
      const job = await this.get(teamId, id);
      const left = deadline - Date.now();
      if (TERMINAL_STATUSES.includes(job.status) || left <= 0 || stop.aborted) return job;
      await this.events.nextChange(id, Math.min(left, WAIT_RECHECK_MS), stop);
    }
  }
}
