import type { Job } from '../db/job-store.js';
import { DrapeError, ERROR_CODES } from '../errors.js';

/**
 * Why a failed or canceled job ended, as an error: dialects that answer a
 * finished job with an error response (a waiting request, a task query)
 * send it through their own error mapping.
 */
export function jobFailure(job: Job): DrapeError {
  const code = ERROR_CODES.find((known) => known === job.error?.code);
  if (code !== undefined) return new DrapeError(code, job.error!.message);
  return job.status === 'canceled'
    ? new DrapeError('canceled', 'The job was canceled.')
    : new DrapeError('internal_error', job.error?.message ?? 'The job failed.');
}
