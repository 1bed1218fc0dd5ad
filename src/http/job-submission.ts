import type { FastifyRequest } from 'fastify';
import type { Job } from '../db/job-store.js';
import type { CategoryChoice, OperationName, TryOnOptions } from '../engines/engine.js';
import type { OutputFormat } from '../engines/engine-task.js';
import type { ImageLimits } from '../images/image-guard.js';
import type { ImageSource } from '../images/image-inputs.js';
import { checkRequestedEngine } from '../engines/engine-config.js';
import type { HttpServices } from './services.js';

/** A job as any API (native or dialect) asks for it, images still as the client gave them. */
export interface JobRequest {
  operation: OperationName;
  person: ImageSource;
  garments: { source: ImageSource; category: CategoryChoice }[];
  /** A refine job's coarse try-on result. */
  coarse?: ImageSource | undefined;
  options: TryOnOptions;
  outputFormat: OutputFormat;
  metadata?: Record<string, unknown> | undefined;
  webhookUrl?: string | undefined;
  /** The request field the webhook URL came in, for error messages (default webhook_url). */
  webhookField?: string | undefined;
  /** 'native' or the dialect's name: it picks the job's webhook body. */
  source: string;
  /** A claimed Idempotency-Key: released again if the job is not accepted. */
  idempotency?: { key: string; fingerprint: string } | undefined;
  /** A dialect's own image limits (its documented sizes), within the server's. */
  limits?: Partial<ImageLimits> | undefined;
}

/**
 * Accept a job: check the webhook URL, fetch and vet every image, then
 * enqueue (admission, credits and the job row in one transaction). The one
 * path from a request to a job, shared by the native API and every dialect.
 */
export async function acceptJob(request: FastifyRequest, services: HttpServices, job: JobRequest): Promise<Job> {
  try {
    checkRequestedEngine(services.config.ENGINE_SET, job.operation, job.options.engine);
    // A literal private address or metadata host is refused now; names are checked again at delivery.
    if (job.webhookUrl !== undefined) services.fetcher.checkUrlSyntax(job.webhookUrl, job.webhookField ?? 'webhook_url');
    const sources = [job.person, ...job.garments.map((garment) => garment.source), ...(job.coarse ? [job.coarse] : [])];
    const [person, ...rest] = await services.images.acceptAll(sources, job.limits);
    const garments = rest.slice(0, job.garments.length);
    const accepted = await services.jobs.submit({
      teamId: request.teamId,
      operation: job.operation,
      person: person!,
      garments: garments.map((image, index) => ({ image, category: job.garments[index]!.category })),
      coarse: job.coarse === undefined ? undefined : rest[job.garments.length],
      options: job.options,
      outputFormat: job.outputFormat,
      metadata: job.metadata,
      webhookUrl: job.webhookUrl,
      source: job.source,
      idempotency: job.idempotency,
      requestId: request.id,
      keyId: request.keyId,
    });
    request.log.info({ jobId: accepted.id, operation: job.operation, source: job.source }, 'job accepted');
    return accepted;
  } catch (error) {
    if (job.idempotency !== undefined) await services.jobs.releaseIdempotencyKey(request.teamId, job.idempotency.key);
    throw error;
  }
}
