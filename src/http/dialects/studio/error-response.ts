import type { DrapeError, ErrorCode } from '../../../errors.js';
import { codeToStatus } from '../../error-status.js';

/**
 * The studio document's status for a Drape error code. It lists 401, 402,
 * 403, 404, 422 ("Validation error: check request body and params"), 429 and
 * 500, so a malformed request (400) and an unusable file (415) are its 422;
 * 413 (a body or archive too large) and 409 (an upload already completing)
 * keep their HTTP meaning; an outage (503) is its 500 "retry after a delay",
 * with Retry-After. Derived from the native switch, so a new code gets a
 * studio status with it.
 */
export function studioStatus(code: ErrorCode): number {
  const status = codeToStatus(code);
  if (status === 400 || status === 415) return 422;
  if (status === 503) return 500;
  return status;
}

/** FastAPI's {detail} body, as the Huhu APIs answer, with Drape's code and field beside it. */
export function studioErrorResponse(error: DrapeError): { status: number; body: { detail: string; error_code: ErrorCode; field?: string } } {
  return {
    status: studioStatus(error.code),
    body: { detail: error.message, error_code: error.code, ...(error.field === undefined ? {} : { field: error.field }) },
  };
}
