import type { Job, JobStatus } from '../../../db/job-store.js';
import type { JobPresenter } from '../../../jobs/job-json.js';
import type { BlobStore } from '../../../storage/blob-store.js';
import { jobFailure } from '../job-failure.js';
import { runtimeErrorName } from './error-response.js';
import type { FashnStatus, PredictionStatus } from './schemas.js';

/** FASHN: "CDN URLs … available for 72 hours after completion". */
export const OUTPUT_URL_TTL_MS = 72 * 3_600_000;

/** What the FASHN request asked for that shapes its answers, kept in the job's metadata. */
export interface FashnRequestNotes {
  model_name: string;
  return_base64: boolean;
}

export function fashnNotes(job: Job): FashnRequestNotes | undefined {
  const notes = (job.metadata as { fashn?: FashnRequestNotes } | null)?.fashn;
  return notes;
}

function fashnStatus(job: Job): FashnStatus {
  const statuses: Record<JobStatus, FashnStatus> = {
    queued: 'in_queue',
    // Claimed, but the engine has not reported any progress yet: FASHN's "being initialized".
    processing: job.progress === 0 ? 'starting' : 'processing',
    completed: 'completed',
    failed: 'failed',
    canceled: 'canceled',
  };
  return statuses[job.status];
}

/**
 * A job as FASHN's GET /v1/status/{id} shows it, with result links (the
 * webhook body: a delivery carries links even when return_base64 was asked,
 * so that base64 images are not stored once per delivery attempt).
 */
export function fashnPrediction(job: Job, presenter: JobPresenter): PredictionStatus {
  const status = fashnStatus(job);
  if (status === 'failed') {
    const failure = jobFailure(job);
    return { id: job.id, status, error: { name: runtimeErrorName(failure.code), message: failure.message } };
  }
  if (status !== 'completed') return { id: job.id, status, error: null };
  return { id: job.id, status, output: presenter.resultUrls(job, OUTPUT_URL_TTL_MS) ?? [], error: null };
}

/** The status answer: as the webhook's, with data: URIs in place of links when return_base64 was asked. */
export async function fashnPredictionWithOutputs(job: Job, presenter: JobPresenter, blobs: BlobStore): Promise<PredictionStatus> {
  const prediction = fashnPrediction(job, presenter);
  if (prediction.status !== 'completed' || fashnNotes(job)?.return_base64 !== true || job.result === null || job.purgedAt !== null) {
    return prediction;
  }
  const images = [job.result.image, ...(job.result.samples ?? [])];
  const output = await Promise.all(
    images.map(async (image) => {
      const blob = await blobs.get(image.key);
      return blob === undefined ? undefined : `data:image/${image.format};base64,${blob.bytes.toString('base64')}`;
    }),
  );
  return { ...prediction, output: output.filter((uri): uri is string => uri !== undefined) };
}
