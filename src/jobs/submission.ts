/**
 * Submitting a job, below HTTP: what the native routes, every dialect and
 * anything else that makes jobs (studio tasks, batches) call. A caller
 * parses its own input into a JobRequest, names who asks (a Submitter), and
 * gets the job back; the reply's shape is the caller's business.
 */
import { checkRequestedEngine, checkServable, type EngineSet } from '../engines/engine-config.js';
import { createHash } from 'node:crypto';
import type { Job } from '../db/job-store.js';
import type { CategoryChoice, OperationName, TryOnOptions } from '../engines/engine.js';
import type { OutputFormat } from '../engines/engine-task.js';
import { DrapeError } from '../errors.js';
import type { ImageLimits } from '../images/image-guard.js';
import type { ImageInputs, ImageSource } from '../images/image-inputs.js';
import type { Logger } from '../logger.js';
import type { SafeFetcher } from '../net/safe-fetch.js';
import type { JobService } from './job-service.js';

export type { ImageSource } from '../images/image-inputs.js';

/** A job as any caller asks for it, images still as the client gave them (bytes, URL or data: URI). */
export interface JobRequest {
  operation: OperationName;
  person: ImageSource;
  /** One to three, at most one per category, a dress alone (checked here, for every caller). */
  garments: { source: ImageSource; category: CategoryChoice }[];
  /** A refine job's coarse try-on result. */
  coarse?: ImageSource | undefined;
  options: TryOnOptions;
  outputFormat: OutputFormat;
  metadata?: Record<string, unknown> | undefined;
  /** Receives the job when it ends; checked by the SSRF guard now and again at delivery. */
  webhookUrl?: string | undefined;
  /** The request field the webhook URL came in, for error messages (default webhook_url). */
  webhookField?: string | undefined;
  /** 'native', a dialect's name, or another caller's ('studio'): stored on the job, it picks the webhook body. */
  source: string;
  /** This caller's own image limits (a dialect's documented sizes), within the server's. */
  limits?: Partial<ImageLimits> | undefined;
}

/** Who asks for the job. */
export interface Submitter {
  teamId: string;
  /** The API key that asked: the credit ledger names it, and fetched images count against its share of memory. */
  keyId?: string | undefined;
  /** For the logs and the credit ledger. */
  requestId?: string | undefined;
  /**
   * Idempotency-Key: the same key and the same request within 24 h give the
   * same job (replayed: true); the same key with another request is refused
   * (422 idempotency_key_mismatch), and while the first is still being
   * accepted, 409 idempotency_in_progress.
   */
  idempotencyKey?: string | undefined;
  /**
   * The request's identity for that key. An HTTP route passes a hash of the
   * body as received; without one it is computed from the JobRequest.
   */
  fingerprint?: string | undefined;
}

export interface Submitted {
  job: Job;
  /** True when the Idempotency-Key named an earlier job: nothing new was made or charged. */
  replayed: boolean;
}

/**
 * Memory held by images fetched from URLs until their job is submitted:
 * returns the release, or throws the refusal (the accounts layer's upload
 * budget, given by the composition root).
 */
export type HoldBytes = (owner: string, bytes: number) => () => void;

const MAX_GARMENTS = 3;

/**
 * claim (Idempotency-Key) → check (webhook URL through the SSRF guard, each
 * image fetched through it and vetted by the image guard) → submit
 * (admission, credits, the job row and the key in one transaction) → release
 * (the key, when no job came of it; the fetched images' memory, always).
 */
export class SubmissionService {
  constructor(
    private readonly jobs: JobService,
    private readonly images: ImageInputs,
    private readonly fetcher: Pick<SafeFetcher, 'checkUrlSyntax'>,
    private readonly holdBytes: HoldBytes,
    private readonly logger: Logger,
    /** The declared engines: a request's `engine` must name one that serves its operation. */
    private readonly engines?: EngineSet,
  ) {}

  async submit(who: Submitter, request: JobRequest): Promise<Submitted> {
    checkOutfit(request.garments.map((garment) => garment.category));
    if (this.engines !== undefined) {
      checkRequestedEngine(this.engines, request.operation, request.options.engine);
      checkServable(this.engines, request.operation, request.options);
    }
    const key = who.idempotencyKey;
    if (key !== undefined) {
      const claim = await this.jobs.claimIdempotencyKey(who.teamId, key, who.fingerprint ?? fingerprintOf(request));
      if (claim.state === 'replay') return { job: claim.job, replayed: true };
    }
    const held = new HeldBytes(this.holdBytes, who.keyId ?? who.teamId);
    const abandon = new AbortController();
    try {
      // A literal private address or metadata host is refused now; names are checked again at delivery.
      if (request.webhookUrl !== undefined) this.fetcher.checkUrlSyntax(request.webhookUrl, request.webhookField ?? 'webhook_url');
      const sources = [request.person, ...request.garments.map((garment) => garment.source), ...(request.coarse ? [request.coarse] : [])];
      const [person, ...rest] = await this.images
        .acceptAll(sources, { limits: request.limits, onFetched: (bytes) => held.add(bytes), signal: abandon.signal })
        .catch((error: unknown) => {
          abandon.abort();
          throw error;
        });
      const garments = rest.slice(0, request.garments.length);
      const job = await this.jobs.submit({
        teamId: who.teamId,
        operation: request.operation,
        person: person!,
        garments: garments.map((image, index) => ({ image, category: request.garments[index]!.category })),
        coarse: request.coarse === undefined ? undefined : rest[request.garments.length],
        options: request.options,
        outputFormat: request.outputFormat,
        metadata: request.metadata,
        webhookUrl: request.webhookUrl,
        source: request.source,
        idempotency: key === undefined ? undefined : { key },
        requestId: who.requestId,
        keyId: who.keyId,
      });
      this.logger.info(
        { jobId: job.id, operation: request.operation, source: request.source, reqId: who.requestId, teamId: who.teamId, keyId: who.keyId },
        'job accepted',
      );
      return { job, replayed: false };
    } catch (error) {
      if (key !== undefined) await this.jobs.releaseIdempotencyKey(who.teamId, key);
      throw error;
    } finally {
      held.releaseAll();
    }
  }
}

/**
 * The fetched images one submission holds. Images still being fetched when
 * the submission ends (another one failed) are not charged at all.
 */
class HeldBytes {
  private readonly releases: (() => void)[] = [];
  private ended = false;

  constructor(
    private readonly hold: HoldBytes,
    private readonly owner: string,
  ) {}

  add(bytes: number): void {
    if (this.ended) return;
    this.releases.push(this.hold(this.owner, bytes));
  }

  releaseAll(): void {
    this.ended = true;
    for (const release of this.releases.splice(0)) release();
  }
}

/** An outfit: at most three garments, one per category, and a dress alone. */
export function checkOutfit(categories: CategoryChoice[]): void {
  if (categories.length > MAX_GARMENTS) {
    throw new DrapeError('invalid_parameter', `At most ${MAX_GARMENTS} garments per job.`, { field: 'garments' });
  }
  const known = categories.filter((category) => category !== 'auto');
  if (new Set(known).size !== known.length) {
    throw new DrapeError('invalid_parameter', 'At most one garment per category.', { field: 'garments' });
  }
  if (known.includes('dress') && categories.length > 1) {
    throw new DrapeError('invalid_parameter', 'A dress is worn alone: send it as the only garment.', { field: 'garments' });
  }
}

/** A request's identity for its Idempotency-Key when the caller has none: its fields, uploaded bytes by their hash. */
function fingerprintOf(request: JobRequest): string {
  // The replacer sees a Buffer after its toJSON ran: look at the holder's own value.
  const text = JSON.stringify(request, function (this: Record<string, unknown>, name: string, value: unknown) {
    const original = this[name];
    return Buffer.isBuffer(original) ? `sha256:${createHash('sha256').update(original).digest('hex')}` : value;
  });
  return createHash('sha256').update(text).digest('hex');
}
