import type { DrapeError, ErrorCode } from '../../../errors.js';
import { codeToStatus } from '../../error-status.js';
import type { z } from 'zod';
import type { huhuErrorBody } from './schemas.js';

/**
 * Huhu's status for a Drape error code: the native one, folded into the
 * statuses its document lists (400, 401, 402, 403, 413, 422, 429, 500; 404 is
 * kept for an unknown job, as HTTP has it). Derived from the native switch,
 * so a new code gets a status there and a Huhu one with it.
 */
export function huhuStatus(code: ErrorCode): number {
  // its validation is FastAPI's: a body it cannot read is a 400, a URL it refuses to fetch a 403
  if (code === 'unsupported_content_type') return 400;
  if (code === 'url_forbidden') return 403;
  const status = codeToStatus(code);
  // no 415 (an image it cannot use is a 422), and no 409, 501 or 503: conflicts its
  // routes cannot cause and outages are its 500
  if (status === 415) return 422;
  if (status === 409 || status === 501 || status === 503) return 500;
  return status;
}

/** FastAPI's {detail} body (Huhu's 422 shows it runs FastAPI), with Drape's code beside it. */
export function huhuErrorResponse(error: DrapeError): { status: number; body: z.output<typeof huhuErrorBody> } {
  return { status: huhuStatus(error.code), body: { detail: error.message, error_code: error.code } };
}
