import type { JobResult } from '../../../db/job-store.js';
import type { HttpServices } from '../../services.js';

/** Pixelcut documents its result links as valid for 1 hour. */
export const RESULT_URL_TTL_MS = 3_600_000;

export function resultUrl(services: HttpServices, result: JobResult): string {
  return services.presenter.signedUrl(result.image.key, RESULT_URL_TTL_MS).url;
}

/** Where a 202's Location header points: the job's status endpoint. */
export function statusUrl(services: HttpServices, jobId: string): string {
  return `${services.config.PUBLIC_URL}/v1/try-on/${encodeURIComponent(jobId)}`;
}
