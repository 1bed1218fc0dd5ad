import type { Job } from '../db/job-store.js';
import type { CategoryChoice } from '../engines/engine.js';
import { DEFAULT_TRYON_OPTIONS } from '../engines/engine.js';
import type { AcceptedImage } from '../images/image-guard.js';
import type { JobService } from '../jobs/job-service.js';

/** Who submits: the team that pays (the program's owner) and, for the ledger, the request and key. */
export interface TaskSubmitter {
  teamId: string;
  requestId?: string | undefined;
  keyId?: string | undefined;
}

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
 * seam between the studio and the job queue, so that the queue's own
 * submission service can replace this adapter without the studio changing.
 */
export interface TaskJobs {
  submit(team: TaskSubmitter, inputs: TaskJobInputs, options: TaskJobOptions): Promise<Job>;
  get(teamId: string, jobId: string): Promise<Job>;
}

/** TaskJobs over the JobService: admission (slots and credits), the job row and its inputs in one step. */
export function jobServiceTaskJobs(jobs: JobService): TaskJobs {
  return {
    submit: (team, inputs, options) =>
      jobs.submit({
        teamId: team.teamId,
        operation: 'tryon',
        person: inputs.person,
        garments: inputs.garments,
        options: { ...DEFAULT_TRYON_OPTIONS, samples: options.outputs },
        // Huhu's outputs are PNG.
        outputFormat: 'png',
        source: 'studio',
        requestId: team.requestId,
        keyId: team.keyId,
      }),
    get: (teamId, jobId) => jobs.get(teamId, jobId),
  };
}
