import { z } from 'zod';
import type { Job } from '../db/job-store.js';
import { OPERATIONS, type OperationName, type TryOnOptions } from '../engines/engine.js';
import type { OutputFormat } from '../engines/engine-task.js';

/**
 * TryOnOptions as stored in a job's row (JSON): read back through this schema
 * instead of cast. `satisfies` makes it name every option of TryOnOptions
 * (an option added there and not here does not compile, rather than being
 * dropped when read back), and the schema's output must be a TryOnOptions.
 */
const tryOnOptionsShape = {
  preserveHands: z.boolean(),
  preserveFeet: z.boolean(),
  garmentBackgroundRemoval: z.enum(['auto', 'on', 'off']),
  resultBackground: z.string(),
  outputSize: z.object({ width: z.number().int().positive(), height: z.number().int().positive() }).optional(),
  diagnostics: z.boolean(),
  preset: z.enum(['fast', 'balanced', 'quality']),
  repaintOtherGarment: z.boolean().optional(),
  gender: z.enum(['woman', 'man']).optional(),
  samples: z.number().int().min(1).optional(),
  seed: z.number().int().optional(),
  garmentPhotoType: z.enum(['auto', 'flat-lay', 'model']).optional(),
  engine: z.string().optional(),
  requires: z.array(z.string()).optional(),
  minQuality: z.number().min(0).max(1).optional(),
  upscaleFactor: z.number().min(1).max(4).optional(),
} satisfies Record<keyof TryOnOptions, z.ZodType>;

const tryOnOptionsSchema: z.ZodType<TryOnOptions> = z.object(tryOnOptionsShape);

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
