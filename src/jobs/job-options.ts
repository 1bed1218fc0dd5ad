import { z } from 'zod';
import type { Job } from '../db/job-store.js';
import { OPERATIONS, type OperationName, type TryOnOptions } from '../engines/engine.js';
import { tryOnOptionsSchema } from '../engines/tryon-options.js';
import type { OutputFormat } from '../engines/engine-task.js';

const OUTPUT_FORMATS = ['jpeg', 'png', 'webp'] as const satisfies readonly OutputFormat[];

const jobSpecSchema = z.object({
  operation: z.enum(OPERATIONS),
  options: tryOnOptionsSchema,
  outputFormat: z.enum(OUTPUT_FORMATS),
});

/** What the engine is asked to do for a job, typed. */
export interface JobSpec {
  operation: OperationName;
  options: TryOnOptions;
  outputFormat: OutputFormat;
}

/**
 * A stored job's operation, options and output format, checked as they are
 * read back (the row holds strings and JSON); undefined when the row holds
 * something no submission writes.
 */
export function jobSpec(job: Job): JobSpec | undefined {
  const parsed = jobSpecSchema.safeParse({ operation: job.operation, options: job.options, outputFormat: job.outputFormat });
  return parsed.success ? parsed.data : undefined;
}
