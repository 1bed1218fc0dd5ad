import type { Job, JobStatus } from '../../../db/job-store.js';
import type { JobPresenter } from '../../../jobs/job-json.js';
import type { HuhuJob, HuhuStatus } from './schemas.js';

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
 */
export function huhuJobJson(job: Job, presenter: JobPresenter): HuhuJob {
  const status = STATUS[job.status];
  const link = presenter.resultUrl(job);
  const output = link === undefined ? [] : [{ image_url: link }];
  if (status === 'failed' || status === 'canceled') {
    return { job_id: job.id, status, output, error: job.error?.message ?? 'The job was canceled.' };
  }
  return { job_id: job.id, status, output };
}
