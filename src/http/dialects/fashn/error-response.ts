import type { DrapeError, ErrorCode } from '../../../errors.js';
import { codeToStatus } from '../../error-status.js';
import type { ApiErrorName } from './schemas.js';

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
