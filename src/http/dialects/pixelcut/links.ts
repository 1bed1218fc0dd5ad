import type { Job } from '../../../db/job-store.js';
import type { HttpServices } from '../../services.js';

/** Pixelcut documents its result links as valid for 1 hour. */
export const RESULT_URL_TTL_MS = 3_600_000;

/** The result's link, once there is one (and until retention deletes it). */
export function resultUrl(services: HttpServices, job: Job): Promise<string | undefined> {
  return services.presenter.resultUrl(job, RESULT_URL_TTL_MS);
}

/** Where a 202's Location header points: the job's status endpoint. */
export function statusUrl(services: HttpServices, jobId: string): string {
  return `${services.config.PUBLIC_URL}/v1/try-on/${encodeURIComponent(jobId)}`;
}
