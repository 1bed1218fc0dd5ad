import type { DrapeError, ErrorCode } from '../../../errors.js';
import { codeToStatus } from '../../error-status.js';
import type { ApiErrorName, RuntimeErrorName } from './schemas.js';

/**
 * FASHN's API-level error for a native code: its document lists 400
 * BadRequest, 401 UnauthorizedAccess, 404 NotFound, 429 RateLimitExceeded /
 * ConcurrencyLimitExceeded / OutOfCredits and 500 InternalServerError, so
 * the native status folds into those. Derived from codeToStatus: a new code
 * gets a FASHN answer with its native status.
 */
export function fashnApiError(code: ErrorCode): [number, ApiErrorName] {
  if (code === 'insufficient_credits') return [429, 'OutOfCredits'];
  if (code === 'concurrency_limit_exceeded' || code === 'idempotency_in_progress') return [429, 'ConcurrencyLimitExceeded'];
  const status = codeToStatus(code);
  if (status === 401 || status === 403) return [401, 'UnauthorizedAccess'];
  if (status === 404) return [404, 'NotFound'];
  if (status === 429) return [429, 'RateLimitExceeded'];
  if (status >= 500) return [500, 'InternalServerError'];
  // 400, 409, 413, 415, 422: a request FASHN would call malformed.
  return [400, 'BadRequest'];
}

/** FASHN's {error, message} body, before a prediction exists. */
export function fashnErrorResponse(error: DrapeError): { status: number; body: { error: ApiErrorName; message: string } } {
  const [status, name] = fashnApiError(error.code);
  return { status, body: { error: name, message: error.message } };
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
  category_mismatch: 'InputValidationError',
  idempotency_key_mismatch: 'InputValidationError',
  idempotency_in_progress: 'InputValidationError',
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
