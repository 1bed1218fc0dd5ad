import type { Job } from '../db/job-store.js';
import type { BlobLinks } from '../storage/blob-links.js';
import type { QualityWarning } from '../engines/engine.js';
import type { JobJson } from './job-schema.js';

const iso = (date: Date | null) => (date === null ? null : date.toISOString());

/** Options whose request field has another name than the stored option. */
const OPTION_NAMES: Record<string, string> = { requires: 'capabilities' };

/** Engine options are stored as the engine names them; clients see the request's snake_case names. */
function snakeCaseKeys(options: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(options).map(([key, value]) => [OPTION_NAMES[key] ?? key.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`), value]),
  );
}

/**
 * A dialect's webhook body for the jobs it accepted (Job.source names the
 * dialect). Given by the composition root, so that jobs never import http.
 */
export type WebhookBodyFormat = (job: Job, presenter: JobPresenter) => Promise<unknown>;

/**
 * The native JSON of a job, with fresh signed links to its result images. The
 * webhook body is this same JSON, so a receiver and a poller see one shape;
 * a job accepted through a dialect gets that dialect's webhook body instead.
 */
export class JobPresenter {
  constructor(
    private readonly links: BlobLinks,
    private readonly publicUrl: string,
    private readonly resultUrlTtlMs: number,
    private readonly webhookBodies: Readonly<Record<string, WebhookBodyFormat>> = {},
  ) {}

  /** What a job's webhook delivers: its dialect's body, or the native job JSON. */
  async webhookPayload(job: Job): Promise<unknown> {
    const format = this.webhookBodies[job.source];
    return format === undefined ? this.toJson(job) : format(job, this);
  }

  /**
   * A fresh link to the job's result image; undefined before it completes or
   * once retention deleted it. (A job failed with low_quality_result keeps its
   * result for its owner in the native JSON; the dialects, whose documents show
   * a result only on success, see none through here.)
   */
  async resultUrl(job: Job, ttlMs = this.resultUrlTtlMs): Promise<string | undefined> {
    if (job.status !== 'completed' || job.result === null || job.purgedAt !== null) return undefined;
    return (await this.links.link(job.result.image.key, ttlMs)).url;
  }

  /** Fresh links to every result image (the first, then the other samples); undefined as for resultUrl. */
  async resultUrls(job: Job, ttlMs = this.resultUrlTtlMs): Promise<string[] | undefined> {
    if (job.status !== 'completed' || job.result === null || job.purgedAt !== null) return undefined;
    const images = [job.result.image, ...(job.result.samples ?? [])];
    return Promise.all(images.map(async (image) => (await this.links.link(image.key, ttlMs)).url));
  }

  async toJson(job: Job): Promise<JobJson> {
    const self = `${this.publicUrl}/v1/jobs/${job.id}`;
    const purged = job.purgedAt !== null;
    const link = async (key: string) => (purged ? undefined : this.links.link(key, this.resultUrlTtlMs));
    const url = async (key: string) => (await link(key))?.url ?? null;
    let result: JobJson['result'] = null;
    if (job.result !== null) {
      const signed = await link(job.result.image.key);
      result = {
        image_url: signed?.url ?? null,
        width: job.result.image.width,
        height: job.result.image.height,
        format: job.result.image.format,
        expires_at: signed === undefined ? null : signed.expiresAt.toISOString(),
        ...(job.result.samples === undefined
          ? {}
          : {
              samples: await Promise.all(
                job.result.samples.map(async (sample) => ({ image_url: await url(sample.key), width: sample.width, height: sample.height })),
              ),
            }),
        diagnostics: await Promise.all(
          job.result.diagnostics.map(async (diagnostic) => ({ name: diagnostic.name, url: await url(diagnostic.key) })),
        ),
        info: job.result.info,
        // (the stored codes are the engine's own QUALITY_WARNINGS)
        ...(job.result.quality === undefined ? {} : { quality: { score: job.result.quality.score, warnings: job.result.quality.warnings as QualityWarning[] } }),
      };
    }
    const coarse = job.input.coarse;
    return {
      id: job.id,
      object: 'job',
      operation: job.operation,
      status: job.status,
      progress: job.progress,
      attempts: job.attempts,
      created_at: job.createdAt.toISOString(),
      started_at: iso(job.startedAt),
      finished_at: iso(job.finishedAt),
      input: {
        person: { width: job.input.person.width, height: job.input.person.height },
        garments: job.input.garments.map((garment) => ({
          category: garment.category,
          width: garment.image.width,
          height: garment.image.height,
        })),
        ...(coarse === undefined ? {} : { coarse: { width: coarse.width, height: coarse.height } }),
        urls: {
          person: await url(job.input.person.key),
          garments: await Promise.all(job.input.garments.map((garment) => url(garment.image.key))),
          ...(coarse === undefined ? {} : { coarse: await url(coarse.key) }),
        },
      },
      options: snakeCaseKeys(job.options),
      output_format: job.outputFormat,
      metadata: job.metadata ?? null,
      webhook_url: job.webhookUrl,
      source: job.source,
      result,
      error: job.error,
      stage_timings: Object.fromEntries(
        Object.entries(job.stageTimings).map(([stage, ms]) => [stage, Math.round(ms)]),
      ),
      engine: job.engineRuns.at(-1)?.engine ?? null,
      engine_runs: job.engineRuns,
      links: { self, cancel: `${self}/cancel`, webhooks: `${self}/webhooks` },
    };
  }
}
