import type { ErrorCode } from '../errors.js';

/**
 * The HTTP status of every error code of the native API, in one exhaustive
 * switch: adding a code without a status does not compile.
 */
export function codeToStatus(code: ErrorCode): number {
  switch (code) {
    case 'invalid_request_body':
    case 'missing_parameter':
    case 'invalid_parameter':
    case 'unknown_engine':
    case 'upload_parts_mismatch':
      return 400;
    case 'invalid_auth_token':
      return 401;
    case 'insufficient_credits':
      return 402;
    case 'forbidden':
    case 'url_expired':
    case 'invalid_signature':
      return 403;
    case 'not_found':
      return 404;
    case 'idempotency_in_progress':
    case 'job_not_cancelable':
    case 'canceled':
    case 'upload_not_open':
      return 409;
    case 'file_size_too_large':
    case 'url_too_large':
    case 'payload_too_large':
    case 'archive_too_large':
      return 413;
    case 'unsupported_content_type':
    case 'unsupported_image_format':
      return 415;
    case 'malformed_image':
    case 'resolution_too_low':
    case 'resolution_too_high':
    case 'too_many_pixels':
    case 'url_forbidden':
    case 'url_fetch_failed':
    case 'url_timeout':
    case 'idempotency_key_mismatch':
    case 'no_person_detected':
    case 'multiple_persons':
    case 'no_garment_detected':
    case 'pose_not_supported':
    case 'category_mismatch':
    case 'low_quality_result':
    case 'invalid_archive':
    case 'archive_unsafe_path':
    case 'archive_entry_not_image':
    case 'archive_empty':
      return 422;
    case 'rate_limit_exceeded':
    case 'concurrency_limit_exceeded':
      return 429;
    case 'engine_failed':
    case 'engine_timeout':
    case 'worker_lost':
    case 'internal_error':
      return 500;
    case 'not_implemented':
      return 501;
    case 'service_unavailable':
      return 503;
  }
}
