import type { DrapeError, ErrorCode } from '../../../errors.js';
import type { PixelcutErrorCode } from './schemas.js';

/**
 * Pixelcut's status and error_code for every native code, in one exhaustive
 * switch: a new native code does not compile until it has an answer here.
 * Pixelcut documents 400, 401, 403, 429 and 500 only, so codes without a
 * Pixelcut equivalent fold into the nearest of those; the message keeps the
 * native detail.
 */
function pixelcutCode(code: ErrorCode): [number, PixelcutErrorCode] {
  switch (code) {
    case 'invalid_request_body':
    case 'missing_parameter':
    case 'invalid_parameter':
    case 'unsupported_content_type':
    case 'malformed_image':
    case 'unsupported_image_format':
    case 'file_size_too_large':
    case 'resolution_too_high':
      return [400, code];
    case 'too_many_pixels':
      return [400, 'resolution_too_high'];
    case 'url_too_large':
    case 'payload_too_large':
      return [400, 'file_size_too_large'];
    // Pixelcut has no code for these client mistakes; the message says which one it was.
    case 'resolution_too_low':
    case 'url_forbidden':
    case 'url_fetch_failed':
    case 'url_timeout':
    case 'idempotency_key_mismatch':
    case 'idempotency_in_progress':
    case 'job_not_cancelable':
    case 'unknown_engine':
    // studio uploads: never reached through Pixelcut's routes
    case 'invalid_archive':
    case 'archive_too_large':
    case 'archive_unsafe_path':
    case 'archive_entry_not_image':
    case 'archive_empty':
    case 'upload_parts_mismatch':
    case 'upload_not_open':
      return [400, 'invalid_parameter'];
    case 'no_person_detected':
    case 'multiple_persons':
    case 'no_garment_detected':
    case 'pose_not_supported':
    case 'category_mismatch':
    // (like the outcomes above, the result of these photos, not a fault a retry would clear)
    case 'low_quality_result':
      return [400, 'unknown_foreground'];
    case 'invalid_auth_token':
      return [401, 'invalid_auth_token'];
    // Pixelcut lists 403, not 402, for a lack of credits.
    case 'insufficient_credits':
      return [403, 'insufficient_api_credits'];
    case 'forbidden':
    case 'url_expired':
    case 'invalid_signature':
      return [403, 'forbidden'];
    case 'not_found':
      return [404, 'not_found'];
    case 'rate_limit_exceeded':
    case 'concurrency_limit_exceeded':
      return [429, 'rate_limit_exceeded'];
    // Pixelcut's 500 carries no code of its own; one fixed code keeps its clients' switches simple.
    case 'engine_failed':
    case 'engine_timeout':
    case 'worker_lost':
    case 'canceled':
    case 'service_unavailable':
    case 'not_implemented':
    case 'internal_error':
      return [500, 'internal_error'];
  }
}

export function pixelcutErrorResponse(error: DrapeError): {
  status: number;
  body: { error: string; error_code: PixelcutErrorCode };
} {
  const [status, code] = pixelcutCode(error.code);
  return { status, body: { error: error.message, error_code: code } };
}
