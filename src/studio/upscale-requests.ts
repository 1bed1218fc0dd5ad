/**
 * The studio's upscale requests (POST and GET /upscale): one job of the
 * `upscale` engine operation per request, through the submission service
 * like every job — admitted with a concurrency slot, charged the price
 * table's `upscale` (2 credits) per image asked in the same transaction,
 * refunded when it fails, retried and recovered by the queue. No table of
 * its own: the job row keeps the program and the request's fields in its
 * metadata, and request_id is the job's id.
 */
import type { CreditService } from '../accounts/credit-service.js';
import type { Job } from '../db/job-store.js';
import { DEFAULT_TRYON_OPTIONS } from '../engines/engine.js';
import { DrapeError } from '../errors.js';
import type { ImageInputs, ImageSource } from '../images/image-inputs.js';
import type { JobService } from '../jobs/job-service.js';
import type { HoldBytes, SubmissionService } from '../jobs/submission.js';
import type { BlobLinks } from '../storage/blob-links.js';
import { requireOperation } from './capabilities.js';
import type { Caller, StudioService } from './studio-service.js';
import type { EngineSet } from '../engines/engine-config.js';

/** The document's resolution limit: input_pixels × factor² ≤ 18,000,000. */
export const MAX_UPSCALE_OUTPUT_PIXELS = 18_000_000;

/**
 * The smallest side accepted: upscaling small images is the point, so the
 * try-on inputs' MIN_IMAGE_SIDE does not apply; below this there is too
 * little picture for the model to work from.
 */
const MIN_UPSCALE_SIDE_PX = 16;

/** The document shows "success" for a finished request; the other words are ours (README "Studio"). */
const UPSCALE_STATUS = { queued: 'pending', processing: 'processing', completed: 'success', failed: 'failed', canceled: 'failed' } as const;

/** What the job row's metadata holds for a studio upscale. */
type UpscaleNotes = {
  studio_upscale: { program_id: string; upscale_factor: number; num_images: number };
};

export interface UpscaleInput {
  /** Base64 (bare or as a data: URI) or an http(s) URL. */
  image: string;
  factor: number;
  numImages: number;
  programId?: string | undefined;
}

export class StudioUpscales {
  constructor(
    private readonly studio: Pick<StudioService, 'program'>,
    private readonly submissions: SubmissionService,
    private readonly images: ImageInputs,
    private readonly jobs: JobService,
    private readonly credits: CreditService,
    private readonly links: BlobLinks,
    private readonly hold: HoldBytes,
    private readonly options: { engines: EngineSet; linkTtlMs: number },
  ) {}

  /**
   * Check the image against the output-pixel limit, then submit the job.
   * Refusals (422, 402, 429, 501) make nothing and charge nothing.
   */
  async create(caller: Caller, input: UpscaleInput) {
    requireOperation(this.options.engines, 'upscale');
    const program = await this.studio.program(caller, input.programId, 'write');
    const releases: (() => void)[] = [];
    try {
      const image = await this.images.accept(imageSource(input.image), {
        limits: { minSide: MIN_UPSCALE_SIDE_PX },
        onFetched: (bytes) => releases.push(this.hold(caller.keyId ?? caller.teamId, bytes)),
      });
      const output = image.width * image.height * input.factor ** 2;
      if (output > MAX_UPSCALE_OUTPUT_PIXELS) {
        const largest = Math.floor(Math.sqrt(MAX_UPSCALE_OUTPUT_PIXELS / (image.width * image.height)) * 100) / 100;
        throw new DrapeError(
          'too_many_pixels',
          `image is ${image.width}×${image.height}: × upscale_factor ${input.factor}² that is ${Math.round(output).toLocaleString('en')} output pixels; ` +
            `at most ${MAX_UPSCALE_OUTPUT_PIXELS.toLocaleString('en')} (input_pixels × factor² ≤ 18,000,000).` +
            (largest >= 1 ? ` This image can be upscaled by at most ${largest}.` : ''),
          { field: 'upscale_factor' },
        );
      }
      const notes: UpscaleNotes = { studio_upscale: { program_id: program.id, upscale_factor: input.factor, num_images: input.numImages } };
      const options = { ...DEFAULT_TRYON_OPTIONS, samples: input.numImages, upscaleFactor: input.factor };
      const { job } = await this.submissions.submit(
        { teamId: program.teamId, keyId: caller.keyId, requestId: caller.requestId },
        { operation: 'upscale', person: { field: 'image', accepted: image }, garments: [], options, outputFormat: 'png', metadata: notes, source: 'studio' },
      );
      return { status: 'success', request_id: job.id, cost: this.credits.costOf('upscale', options) };
    } finally {
      for (const release of releases) release();
    }
  }

  /** A request of this program: its status and, once done, a link per image. */
  async get(caller: Caller, query: { requestId: string; programId?: string | undefined }) {
    const program = await this.studio.program(caller, query.programId, 'read');
    const job = await this.jobs.get(program.teamId, query.requestId).catch((error: unknown) => {
      if (error instanceof DrapeError && error.code === 'not_found') return undefined;
      throw error;
    });
    const notes = job === undefined ? undefined : upscaleNotes(job);
    if (job === undefined || notes === undefined || notes.program_id !== program.id) {
      throw new DrapeError('not_found', `No upscale request ${query.requestId} in program ${program.id}.`, { field: 'request_id' });
    }
    const base = {
      request_id: job.id,
      status: UPSCALE_STATUS[job.status],
      upscale_factor: notes.upscale_factor,
      num_images: notes.num_images,
      create_time: job.createdAt.getTime(),
    };
    if (job.status !== 'completed' || job.result === null) {
      return { ...base, result_urls: [], ...(job.error === null ? {} : { error: { code: job.error.code, message: job.error.message } }) };
    }
    const images = job.purgedAt === null ? [job.result.image, ...(job.result.samples ?? [])] : [];
    const info = job.result.info as { method?: unknown; model?: unknown; distinctImages?: unknown } | undefined;
    return {
      ...base,
      result_urls: await Promise.all(images.map(async (image) => (await this.links.link(image.key, this.options.linkTtlMs)).url)),
      width: job.result.image.width,
      height: job.result.image.height,
      method: typeof info?.method === 'string' ? info.method : null,
      model: typeof info?.model === 'string' ? info.model : null,
      num_distinct_images: typeof info?.distinctImages === 'number' ? info.distinctImages : images.length,
    };
  }
}

/** The studio's upscale fields stored on a job, or undefined for any other job. */
function upscaleNotes(job: Job): UpscaleNotes['studio_upscale'] | undefined {
  if (job.operation !== 'upscale' || job.source !== 'studio') return undefined;
  const notes = (job.metadata as Partial<UpscaleNotes> | null)?.studio_upscale;
  return typeof notes?.program_id === 'string' ? notes : undefined;
}

/** The document's `image`: "Base64-encoded image or HTTP URL" (a data: URI too). */
function imageSource(image: string): ImageSource {
  const text = image.trim();
  if (/^https?:\/\//i.test(text) || /^data:/i.test(text)) return { field: 'image', reference: text };
  if (!/^[A-Za-z0-9+/=\s_-]+$/.test(text)) {
    throw new DrapeError('invalid_parameter', 'image must be base64 (or a data: URI) or an http(s) URL.', { field: 'image' });
  }
  // As a data: URI, the image inputs check its size before decoding it.
  return { field: 'image', reference: `data:;base64,${text}` };
}
