/**
 * What each API answers for each Drape error code, written by hand from the
 * documents (README "Errors" and each dialect's section; ../shared/specs),
 * never computed by the code under test: a status moved in production is a
 * diff against these tables, and a failing test. `Record<ErrorCode, …>` makes
 * a new code fail to compile until someone writes its answer here too.
 */
import type { ErrorCode } from '../../src/errors.js';

/** README "Errors". Engine outcomes only ever appear inside a job's `error`; their row is the status a request would get. */
export const NATIVE_STATUS: Record<ErrorCode, number> = {
  invalid_request_body: 400,
  missing_parameter: 400,
  invalid_parameter: 400,
  invalid_auth_token: 401,
  insufficient_credits: 402,
  forbidden: 403,
  url_expired: 403,
  invalid_signature: 403,
  not_found: 404,
  idempotency_in_progress: 409,
  job_not_cancelable: 409,
  canceled: 409,
  file_size_too_large: 413,
  url_too_large: 413,
  payload_too_large: 413,
  unsupported_content_type: 415,
  unsupported_image_format: 415,
  malformed_image: 422,
  resolution_too_low: 422,
  resolution_too_high: 422,
  too_many_pixels: 422,
  url_forbidden: 422,
  url_fetch_failed: 422,
  url_timeout: 422,
  idempotency_key_mismatch: 422,
  no_person_detected: 422,
  multiple_persons: 422,
  no_garment_detected: 422,
  pose_not_supported: 422,
  category_mismatch: 422,
  low_quality_result: 422,
  rate_limit_exceeded: 429,
  concurrency_limit_exceeded: 429,
  engine_failed: 500,
  engine_timeout: 500,
  worker_lost: 500,
  internal_error: 500,
  service_unavailable: 503,
};

/**
 * Huhu try-on v1 (specs/huhu-tryon-v1.txt "Response Status Codes": 400, 401,
 * 402, 403, 413 "Payload exceeds 10MB limit", 422, 429, 500) as the README's
 * Huhu section places them: 400 bad field or body, 403 forbidden URL, 422
 * unusable image, 500 anything else; plus 404 for an unknown job.
 */
export const HUHU_STATUS: Record<ErrorCode, number> = {
  invalid_request_body: 400,
  missing_parameter: 400,
  invalid_parameter: 400,
  unsupported_content_type: 400,
  invalid_auth_token: 401,
  insufficient_credits: 402,
  forbidden: 403,
  url_expired: 403,
  invalid_signature: 403,
  url_forbidden: 403,
  not_found: 404,
  file_size_too_large: 413,
  url_too_large: 413,
  payload_too_large: 413,
  unsupported_image_format: 422,
  malformed_image: 422,
  resolution_too_low: 422,
  resolution_too_high: 422,
  too_many_pixels: 422,
  url_fetch_failed: 422,
  url_timeout: 422,
  idempotency_key_mismatch: 422,
  no_person_detected: 422,
  multiple_persons: 422,
  no_garment_detected: 422,
  pose_not_supported: 422,
  category_mismatch: 422,
  low_quality_result: 422,
  rate_limit_exceeded: 429,
  concurrency_limit_exceeded: 429,
  idempotency_in_progress: 500,
  job_not_cancelable: 500,
  canceled: 500,
  engine_failed: 500,
  engine_timeout: 500,
  worker_lost: 500,
  service_unavailable: 500,
  internal_error: 500,
};

/**
 * Pixelcut (specs/pixelcut-try-on.txt: 400 with its nine input codes, 401
 * invalid_auth_token, 403 insufficient_api_credits, 429 rate_limit_exceeded,
 * 500) as the README's Pixelcut section places the rest: what Pixelcut has no
 * code for is 400 invalid_parameter, an unreadable photo 400
 * unknown_foreground, 404 not_found for an unknown job, faults 500
 * internal_error.
 */
export const PIXELCUT_ERROR: Record<ErrorCode, [number, string]> = {
  invalid_request_body: [400, 'invalid_request_body'],
  missing_parameter: [400, 'missing_parameter'],
  invalid_parameter: [400, 'invalid_parameter'],
  unsupported_content_type: [400, 'unsupported_content_type'],
  malformed_image: [400, 'malformed_image'],
  unsupported_image_format: [400, 'unsupported_image_format'],
  file_size_too_large: [400, 'file_size_too_large'],
  url_too_large: [400, 'file_size_too_large'],
  payload_too_large: [400, 'file_size_too_large'],
  resolution_too_high: [400, 'resolution_too_high'],
  too_many_pixels: [400, 'resolution_too_high'],
  resolution_too_low: [400, 'invalid_parameter'],
  url_forbidden: [400, 'invalid_parameter'],
  url_fetch_failed: [400, 'invalid_parameter'],
  url_timeout: [400, 'invalid_parameter'],
  idempotency_key_mismatch: [400, 'invalid_parameter'],
  idempotency_in_progress: [400, 'invalid_parameter'],
  job_not_cancelable: [400, 'invalid_parameter'],
  no_person_detected: [400, 'unknown_foreground'],
  multiple_persons: [400, 'unknown_foreground'],
  no_garment_detected: [400, 'unknown_foreground'],
  pose_not_supported: [400, 'unknown_foreground'],
  category_mismatch: [400, 'unknown_foreground'],
  low_quality_result: [400, 'unknown_foreground'],
  invalid_auth_token: [401, 'invalid_auth_token'],
  insufficient_credits: [403, 'insufficient_api_credits'],
  forbidden: [403, 'forbidden'],
  url_expired: [403, 'forbidden'],
  invalid_signature: [403, 'forbidden'],
  not_found: [404, 'not_found'],
  rate_limit_exceeded: [429, 'rate_limit_exceeded'],
  concurrency_limit_exceeded: [429, 'rate_limit_exceeded'],
  engine_failed: [500, 'internal_error'],
  engine_timeout: [500, 'internal_error'],
  worker_lost: [500, 'internal_error'],
  canceled: [500, 'internal_error'],
  service_unavailable: [500, 'internal_error'],
  internal_error: [500, 'internal_error'],
};

/**
 * AILabTools (their "Response Description" page, as the README's AILabTools
 * section quotes it): [HTTP status, error_detail.code]; error_code equals the
 * status. Rate and concurrency limits are 429 EXCEEDING_LIMITS, as the README
 * says.
 */
export const AILABTOOLS_ERROR: Record<ErrorCode, [number, string]> = {
  invalid_request_body: [400, 'ERROR_PARAMETERS'],
  unsupported_content_type: [400, 'ERROR_PARAMETERS'],
  missing_parameter: [400, 'MISSING_PARAMETERS'],
  invalid_parameter: [400, 'ERROR_INVALID_PARAMETER'],
  url_forbidden: [400, 'ERROR_INVALID_URL'],
  url_fetch_failed: [400, 'ERROR_FILE_DOWNLOAD_FAILED'],
  url_timeout: [400, 'ERROR_FILE_DOWNLOAD_TIMEOUT'],
  malformed_image: [400, 'FILE_DECODING_FAILURE'],
  invalid_auth_token: [401, 'ERROR_APPLICATIONS_NOT_EXISTS'],
  forbidden: [403, 'ERROR_USER_LOCKED'],
  not_found: [404, 'ERROR_RESOURCE_NOT_FOUND'],
  invalid_signature: [404, 'ERROR_RESOURCE_NOT_FOUND'],
  idempotency_key_mismatch: [409, 'ERROR_TASK_CONFLICT'],
  idempotency_in_progress: [409, 'ERROR_TASK_CONFLICT'],
  job_not_cancelable: [409, 'ERROR_TASK_CONFLICT'],
  canceled: [409, 'ERROR_TASK_REVOKED'],
  url_expired: [410, 'ERROR_RESOURCE_RECLAIMED'],
  file_size_too_large: [413, 'FILE_SIZE_EXCEEDS_LIMIT'],
  url_too_large: [413, 'FILE_SIZE_EXCEEDS_LIMIT'],
  payload_too_large: [413, 'ERROR_REQUEST_BODY_TOO_LARGE'],
  unsupported_image_format: [415, 'UNSUPPORTED_FILE_TYPES'],
  too_many_pixels: [422, 'FILE_RESOLUTION_EXCEEDS_LIMITS'],
  resolution_too_low: [422, 'ERROR_LOW_RESOLUTION'],
  resolution_too_high: [422, 'ERROR_HIGH_RESOLUTION'],
  no_person_detected: [422, 'ERROR_NO_RECOGNITION_TARGET_DETECTED'],
  no_garment_detected: [422, 'ERROR_NO_RECOGNITION_TARGET_DETECTED'],
  multiple_persons: [422, 'FILE_CONTENT_NON_COMPLIANCE'],
  pose_not_supported: [422, 'FILE_CONTENT_NON_COMPLIANCE'],
  category_mismatch: [422, 'FILE_CONTENT_NON_COMPLIANCE'],
  low_quality_result: [422, 'FILE_CONTENT_NON_COMPLIANCE'],
  insufficient_credits: [429, 'ERROR_NOT_ENOUGH_CREDITS'],
  rate_limit_exceeded: [429, 'EXCEEDING_LIMITS'],
  concurrency_limit_exceeded: [429, 'EXCEEDING_LIMITS'],
  engine_failed: [500, 'AI_SERVICE_ERROR'],
  worker_lost: [500, 'AI_SERVICE_INTERNAL_ERROR'],
  internal_error: [500, 'SERVICE_INTERNAL_ERROR'],
  service_unavailable: [503, 'AI_SERVICE_FLOW_RESTRICTION'],
  engine_timeout: [504, 'AI_SERVICE_TIMEOUT'],
};

/**
 * FASHN (its API reference's "Errors" before a prediction exists): 400
 * BadRequest, 401 UnauthorizedAccess, 404 NotFound, 429 RateLimitExceeded /
 * ConcurrencyLimitExceeded / OutOfCredits, 500 InternalServerError. Anything
 * wrong with the request or its images is a BadRequest; a key that may not do
 * this, or a signed link that does not hold, is UnauthorizedAccess.
 */
export const FASHN_ERROR: Record<ErrorCode, [number, string]> = {
  invalid_request_body: [400, 'BadRequest'],
  missing_parameter: [400, 'BadRequest'],
  invalid_parameter: [400, 'BadRequest'],
  unsupported_content_type: [400, 'BadRequest'],
  unsupported_image_format: [400, 'BadRequest'],
  malformed_image: [400, 'BadRequest'],
  resolution_too_low: [400, 'BadRequest'],
  resolution_too_high: [400, 'BadRequest'],
  too_many_pixels: [400, 'BadRequest'],
  file_size_too_large: [400, 'BadRequest'],
  url_too_large: [400, 'BadRequest'],
  payload_too_large: [400, 'BadRequest'],
  url_forbidden: [400, 'BadRequest'],
  url_fetch_failed: [400, 'BadRequest'],
  url_timeout: [400, 'BadRequest'],
  idempotency_key_mismatch: [400, 'BadRequest'],
  job_not_cancelable: [400, 'BadRequest'],
  canceled: [400, 'BadRequest'],
  no_person_detected: [400, 'BadRequest'],
  multiple_persons: [400, 'BadRequest'],
  no_garment_detected: [400, 'BadRequest'],
  pose_not_supported: [400, 'BadRequest'],
  category_mismatch: [400, 'BadRequest'],
  low_quality_result: [400, 'BadRequest'],
  invalid_auth_token: [401, 'UnauthorizedAccess'],
  forbidden: [401, 'UnauthorizedAccess'],
  url_expired: [401, 'UnauthorizedAccess'],
  invalid_signature: [401, 'UnauthorizedAccess'],
  not_found: [404, 'NotFound'],
  rate_limit_exceeded: [429, 'RateLimitExceeded'],
  concurrency_limit_exceeded: [429, 'ConcurrencyLimitExceeded'],
  idempotency_in_progress: [429, 'ConcurrencyLimitExceeded'],
  insufficient_credits: [429, 'OutOfCredits'],
  engine_failed: [500, 'InternalServerError'],
  engine_timeout: [500, 'InternalServerError'],
  worker_lost: [500, 'InternalServerError'],
  internal_error: [500, 'InternalServerError'],
  service_unavailable: [500, 'InternalServerError'],
};
