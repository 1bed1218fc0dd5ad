/**
 * AILabTools' error answers. Their "Response Description" page
 * (www.ailabtools.com/doc/response-description) lists every
 * error_detail.code with its HTTP status and meaning; error_code is 0 on
 * success and otherwise equals the HTTP status. Each native code maps onto
 * the closest documented code, keeping its documented status, with one
 * exception: rate limits answer 429 EXCEEDING_LIMITS, as in the table of
 * AILabTools' own SDK (the page lists EXCEEDING_LIMITS under 422 and has no
 * rate-limit entry).
 */
import type { FastifyRequest } from 'fastify';
import type { DrapeError, ErrorCode } from '../../../errors.js';

/** The documented codes Drape answers with: HTTP status and code_message, as on their page. */
const DOCUMENTED = {
  ERROR_PARAMETERS: [400, 'Invalid parameters.'],
  MISSING_PARAMETERS: [400, 'Missing parameters.'],
  ERROR_INVALID_PARAMETER: [400, 'Invalid parameter.'],
  ERROR_INVALID_URL: [400, 'Invalid URL.'],
  ERROR_FILE_DOWNLOAD_FAILED: [400, 'File download failed.'],
  ERROR_FILE_DOWNLOAD_TIMEOUT: [400, 'File download timeout.'],
  FILE_DECODING_FAILURE: [400, 'File decoding failed.'],
  ERROR_APPLICATIONS_NOT_EXISTS: [401, 'The application does not exist.'],
  ERROR_USER_LOCKED: [403, 'The user is locked.'],
  ERROR_RESOURCE_NOT_FOUND: [404, 'Resource not found.'],
  ERROR_TASK_CONFLICT: [409, 'Task conflict.'],
  ERROR_TASK_REVOKED: [409, 'Task has already been revoked.'],
  ERROR_RESOURCE_RECLAIMED: [410, 'Resource has been reclaimed.'],
  FILE_SIZE_EXCEEDS_LIMIT: [413, 'File size exceeds limit.'],
  ERROR_REQUEST_BODY_TOO_LARGE: [413, 'Request body size exceeds limit.'],
  UNSUPPORTED_FILE_TYPES: [415, 'Unsupported file types.'],
  FILE_RESOLUTION_EXCEEDS_LIMITS: [422, 'File resolution exceeds limits.'],
  ERROR_LOW_RESOLUTION: [422, 'File resolution too low.'],
  ERROR_HIGH_RESOLUTION: [422, 'File resolution too high.'],
  FILE_CONTENT_NON_COMPLIANCE: [422, 'File content does not meet requirements.'],
  ERROR_NO_RECOGNITION_TARGET_DETECTED: [422, 'No recognition target detected in the image.'],
  ERROR_NOT_ENOUGH_CREDITS: [429, 'Insufficient credits.'],
  EXCEEDING_LIMITS: [429, 'Exceeds limit.'],
  SERVICE_INTERNAL_ERROR: [500, 'Service internal error. Please try again later. If not resolved promptly, contact the platform.'],
  AI_SERVICE_ERROR: [500, 'AI service error. Please try again later. If not resolved promptly, contact the platform.'],
  AI_SERVICE_INTERNAL_ERROR: [
    500,
    'AI service internal error. Please try again later. If not resolved promptly, contact the platform.',
  ],
  AI_SERVICE_FLOW_RESTRICTION: [
    503,
    'AI service is rate-limited. Please try again later. If not resolved promptly, contact the platform.',
  ],
  AI_SERVICE_TIMEOUT: [504, 'AI service timeout. Please try again later. If not resolved promptly, contact the platform.'],
} as const satisfies Record<string, readonly [number, string]>;

/** The AILabTools code for every native code: an exhaustive switch, so a new native code must be placed. */
function ailabtoolsCode(code: ErrorCode): keyof typeof DOCUMENTED {
  switch (code) {
    case 'invalid_request_body':
    case 'unsupported_content_type':
    // studio uploads: never reached through AILabTools' routes
    case 'invalid_archive':
    case 'archive_too_large':
    case 'archive_unsafe_path':
    case 'archive_entry_not_image':
    case 'archive_empty':
    case 'upload_parts_mismatch':
    case 'upload_not_open':
      return 'ERROR_PARAMETERS';
    case 'missing_parameter':
      return 'MISSING_PARAMETERS';
    case 'invalid_parameter':
    case 'unknown_engine':
      return 'ERROR_INVALID_PARAMETER';
    case 'url_forbidden':
      return 'ERROR_INVALID_URL';
    case 'url_fetch_failed':
      return 'ERROR_FILE_DOWNLOAD_FAILED';
    case 'url_timeout':
      return 'ERROR_FILE_DOWNLOAD_TIMEOUT';
    case 'malformed_image':
      return 'FILE_DECODING_FAILURE';
    case 'invalid_auth_token':
      // Their advice for this code is "check if the API KEY is correct".
      return 'ERROR_APPLICATIONS_NOT_EXISTS';
    case 'forbidden':
      return 'ERROR_USER_LOCKED';
    // Signed-URL errors belong to the /files route, never to these; placed for completeness.
    case 'invalid_signature':
    case 'not_found':
      return 'ERROR_RESOURCE_NOT_FOUND';
    case 'url_expired':
      return 'ERROR_RESOURCE_RECLAIMED';
    case 'idempotency_key_mismatch':
    case 'idempotency_in_progress':
    case 'job_not_cancelable':
      return 'ERROR_TASK_CONFLICT';
    case 'canceled':
      return 'ERROR_TASK_REVOKED';
    case 'file_size_too_large':
    case 'url_too_large':
      return 'FILE_SIZE_EXCEEDS_LIMIT';
    case 'payload_too_large':
      return 'ERROR_REQUEST_BODY_TOO_LARGE';
    case 'unsupported_image_format':
      return 'UNSUPPORTED_FILE_TYPES';
    case 'too_many_pixels':
      return 'FILE_RESOLUTION_EXCEEDS_LIMITS';
    case 'resolution_too_low':
      return 'ERROR_LOW_RESOLUTION';
    case 'resolution_too_high':
      return 'ERROR_HIGH_RESOLUTION';
    case 'no_person_detected':
    case 'no_garment_detected':
      return 'ERROR_NO_RECOGNITION_TARGET_DETECTED';
    // Their pose and clothing requirements: "file content does not meet requirements".
    case 'multiple_persons':
    case 'pose_not_supported':
    case 'category_mismatch':
    // (no usable try-on could be made of these photos)
    case 'low_quality_result':
      return 'FILE_CONTENT_NON_COMPLIANCE';
    case 'insufficient_credits':
      return 'ERROR_NOT_ENOUGH_CREDITS';
    case 'rate_limit_exceeded':
    case 'concurrency_limit_exceeded':
      return 'EXCEEDING_LIMITS';
    case 'engine_failed':
      return 'AI_SERVICE_ERROR';
    case 'worker_lost':
      return 'AI_SERVICE_INTERNAL_ERROR';
    case 'engine_timeout':
      return 'AI_SERVICE_TIMEOUT';
    case 'service_unavailable':
      return 'AI_SERVICE_FLOW_RESTRICTION';
    case 'internal_error':
    case 'not_implemented':
      return 'SERVICE_INTERNAL_ERROR';
  }
}

/** The public fields of a failed answer, and its status. */
export function ailabtoolsErrorResponse(error: DrapeError, request: FastifyRequest): { status: number; body: unknown } {
  const code = ailabtoolsCode(error.code);
  const [status, codeMessage] = DOCUMENTED[code];
  return {
    status,
    body: {
      request_id: request.id,
      log_id: request.id,
      error_code: status,
      error_msg: `${codeMessage} - ${error.message}`,
      error_detail: { status_code: status, code, code_message: codeMessage, message: error.message },
    },
  };
}

/** The public fields of a successful answer. */
export function noError(request: FastifyRequest) {
  return {
    request_id: request.id,
    log_id: request.id,
    error_code: 0,
    error_msg: '',
    error_detail: { status_code: 200, code: '', code_message: '', message: '' },
  };
}
