import type { DrapeError, ErrorCode } from '../../../errors.js';
import type { z } from 'zod';
import type { huhuErrorBody } from './schemas.js';

/**
 * Huhu's status for every Drape error code. Its document lists 400, 401,
 * 402, 403, 413, 422, 429 and 500 only; 404 is added for an unknown job, as
 * HTTP has it. Exhaustive: a new code does not compile without a decision.
 */
export function huhuStatus(code: ErrorCode): number {
  switch (code) {
    case 'invalid_request_body':
    case 'unsupported_content_type':
    case 'missing_parameter':
    case 'invalid_parameter':
      return 400;
    case 'invalid_auth_token':
      return 401;
    case 'insufficient_credits':
      return 402;
    case 'forbidden':
    case 'url_forbidden':
    case 'url_expired':
    case 'invalid_signature':
      return 403;
    case 'not_found':
      return 404;
    case 'file_size_too_large':
    case 'url_too_large':
    case 'payload_too_large':
      return 413;
    case 'unsupported_image_format':
    case 'malformed_image':
    case 'resolution_too_low':
    case 'resolution_too_high':
    case 'too_many_pixels':
    case 'url_fetch_failed':
    case 'url_timeout':
    case 'idempotency_key_mismatch':
    case 'no_person_detected':
    case 'multiple_persons':
    case 'no_garment_detected':
    case 'pose_not_supported':
    case 'category_mismatch':
      return 422;
    case 'rate_limit_exceeded':
    case 'concurrency_limit_exceeded':
      return 429;
    // Huhu has no 409 or 503: conflicts its routes cannot cause and outages are its 500.
    case 'idempotency_in_progress':
    case 'job_not_cancelable':
    case 'canceled':
    case 'engine_failed':
    case 'engine_timeout':
    case 'worker_lost':
    case 'service_unavailable':
    case 'internal_error':
      return 500;
  }
}

/** FastAPI's {detail} body (Huhu's 422 shows it runs FastAPI), with Drape's code beside it. */
export function huhuErrorResponse(error: DrapeError): { status: number; body: z.output<typeof huhuErrorBody> } {
  return { status: huhuStatus(error.code), body: { detail: error.message, error_code: error.code } };
}
