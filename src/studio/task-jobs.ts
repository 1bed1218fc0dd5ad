import type { Job } from '../db/job-store.js';
import type { CategoryChoice } from '../engines/engine.js';
import { DEFAULT_TRYON_OPTIONS } from '../engines/engine.js';
import type { AcceptedImage } from '../images/image-guard.js';
import type { JobService } from '../jobs/job-service.js';
import type { SubmissionService, Submitter } from '../jobs/submission.js';

export interface TaskJobInputs {
  person: AcceptedImage;
  garments: { image: AcceptedImage; category: CategoryChoice }[];
}

export interface TaskJobOptions {
  /** Output images wanted (num_output_images, 1–4): one job, charged per image. */
  outputs: number;
}

/**
 * How the studio runs a task's try-on without an HTTP request: the narrow
 * seam between the studio and the job queue (its tests, or another queue,
 * can stand behind it).
 */
export interface TaskJobs {
  /** The submitter is the team that pays (the program's owner), with the request and key for the ledger. */
  submit(who: Submitter, inputs: TaskJobInputs, options: TaskJobOptions): Promise<Job>;
  get(teamId: string, jobId: string): Promise<Job>;
}

/**
 * TaskJobs over the jobs layer's submission service: the same path as every
 * API's jobs (image guard, outfit rules, admission with slots and credits,
 * the job row), with 'studio' as the job's source.
 */
export function submissionTaskJobs(submissions: SubmissionService, jobs: JobService): TaskJobs {
  return {
    submit: async (who, inputs, options) => {
      const { job } = await submissions.submit(who, {
        operation: 'tryon',
        person: { field: 'model_image', bytes: inputs.person.bytes },
        garments: inputs.garments.map((garment, index) => ({ source: { field: `garment_images[${index}]`, bytes: garment.image.bytes }, category: garment.category })),
        options: { ...DEFAULT_TRYON_OPTIONS, samples: options.outputs },
        // Huhu's outputs are PNG.
        outputFormat: 'png',
        source: 'studio',
      });
      return job;
    },
    get: (teamId, jobId) => jobs.get(teamId, jobId),
  };
}
