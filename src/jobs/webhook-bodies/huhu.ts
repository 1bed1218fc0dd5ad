import type { Job, JobStatus } from '../../db/job-store.js';
import type { JobPresenter } from '../job-json.js';

/** Huhu's job statuses (its dialect's GET /requests/v1 and webhook). */
export const HUHU_STATUSES = ['initiated', 'processing', 'completed', 'failed', 'canceled'] as const;
export type HuhuStatus = (typeof HUHU_STATUSES)[number];

/** A job as Huhu shows it; the dialect's response schema is checked against this type. */
export interface HuhuJob {
  job_id: string;
  status: HuhuStatus;
  output: { image_url: string }[];
  error?: string | undefined;
}

const STATUS: Record<JobStatus, HuhuStatus> = {
  queued: 'initiated',
  processing: 'processing',
  completed: 'completed',
  failed: 'failed',
  canceled: 'canceled',
};

/**
 * A job as Huhu shows it, the same on GET /requests/v1 and in its webhook:
 * {job_id, status, output: [{image_url}]}. The link lasts RESULT_URL_TTL
 * (24 h by default); a job whose files retention deleted has no output.
 * It lives below src/http because worker processes send webhooks and load no
 * HTTP code.
 */
export async function huhuJobJson(job: Job, presenter: JobPresenter): Promise<HuhuJob> {
  const status = STATUS[job.status];
  const link = await presenter.resultUrl(job);
  const output = link === undefined ? [] : [{ image_url: link }];
  if (status === 'failed' || status === 'canceled') {
    return { job_id: job.id, status, output, error: job.error?.message ?? 'The job was canceled.' };
  }
  return { job_id: job.id, status, output };
}
