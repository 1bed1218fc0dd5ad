import type { Job, JobStatus } from '../../db/job-store.js';
import type { ErrorCode } from '../../errors.js';
import { jobFailure } from '../job-failure.js';
import type { JobPresenter } from '../job-json.js';

/** FASHN's prediction statuses (GET /v1/status/{id} and its webhook). */
export const FASHN_STATUSES = ['starting', 'in_queue', 'processing', 'completed', 'failed', 'canceled'] as const;
export type FashnStatus = (typeof FASHN_STATUSES)[number];

/** Run-time error names FASHN documents (status `failed`). */
export const RUNTIME_ERROR_NAMES = ['ImageLoadError', 'PoseError', 'InputValidationError', 'PipelineError', 'InternalServerError'] as const;
export type RuntimeErrorName = (typeof RUNTIME_ERROR_NAMES)[number];

/** A prediction as FASHN shows it; the dialect's response schema is checked against this type. */
export interface PredictionStatus {
  id: string;
  status: FashnStatus;
  output?: string[] | undefined;
  error: { name: RuntimeErrorName; message: string } | null;
}

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
 * so that base64 images are not stored once per delivery attempt). It lives
 * below src/http because worker processes send webhooks and load no HTTP code.
 */
export async function fashnPrediction(job: Job, presenter: JobPresenter): Promise<PredictionStatus> {
  const status = fashnStatus(job);
  if (status === 'failed') {
    const failure = jobFailure(job);
    return { id: job.id, status, error: { name: runtimeErrorName(failure.code), message: failure.message } };
  }
  if (status !== 'completed') return { id: job.id, status, error: null };
  return { id: job.id, status, output: (await presenter.resultUrls(job, OUTPUT_URL_TTL_MS)) ?? [], error: null };
}

/**
 * The run-time error name a failed prediction reports, for every native code
 * (a Record over the closed union: a new code does not compile without one).
 * Codes that cannot end a running job still get the nearest name.
 */
const RUNTIME_NAMES: Record<ErrorCode, RuntimeErrorName> = {
  invalid_request_body: 'InputValidationError',
  unsupported_content_type: 'InputValidationError',
  missing_parameter: 'InputValidationError',
  invalid_parameter: 'InputValidationError',
  unknown_engine: 'InputValidationError',
  category_mismatch: 'InputValidationError',
  idempotency_key_mismatch: 'InputValidationError',
  idempotency_in_progress: 'InputValidationError',
  // studio uploads: never end a job
  invalid_archive: 'InputValidationError',
  archive_too_large: 'InputValidationError',
  archive_unsafe_path: 'InputValidationError',
  archive_entry_not_image: 'InputValidationError',
  archive_empty: 'InputValidationError',
  upload_parts_mismatch: 'InputValidationError',
  upload_not_open: 'InputValidationError',
  not_implemented: 'InternalServerError',
  // the inputs could not be read (or are no longer stored)
  not_found: 'ImageLoadError',
  unsupported_image_format: 'ImageLoadError',
  malformed_image: 'ImageLoadError',
  file_size_too_large: 'ImageLoadError',
  resolution_too_low: 'ImageLoadError',
  resolution_too_high: 'ImageLoadError',
  too_many_pixels: 'ImageLoadError',
  url_forbidden: 'ImageLoadError',
  url_fetch_failed: 'ImageLoadError',
  url_too_large: 'ImageLoadError',
  url_timeout: 'ImageLoadError',
  url_expired: 'ImageLoadError',
  invalid_signature: 'ImageLoadError',
  payload_too_large: 'ImageLoadError',
  // FASHN: "Body pose not detectable in model or garment image"
  no_person_detected: 'PoseError',
  multiple_persons: 'PoseError',
  no_garment_detected: 'PoseError',
  pose_not_supported: 'PoseError',
  // the pipeline ran but its result did not pass the quality bar
  low_quality_result: 'PipelineError',
  engine_failed: 'PipelineError',
  engine_timeout: 'PipelineError',
  worker_lost: 'PipelineError',
  canceled: 'PipelineError',
  job_not_cancelable: 'InternalServerError',
  invalid_auth_token: 'InternalServerError',
  forbidden: 'InternalServerError',
  insufficient_credits: 'InternalServerError',
  rate_limit_exceeded: 'InternalServerError',
  concurrency_limit_exceeded: 'InternalServerError',
  service_unavailable: 'InternalServerError',
  internal_error: 'InternalServerError',
};

export function runtimeErrorName(code: ErrorCode): RuntimeErrorName {
  return RUNTIME_NAMES[code];
}
