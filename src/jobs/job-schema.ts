import { z } from 'zod';
import { JOB_STATUSES } from '../db/job-store.js';
import { QUALITY_WARNINGS } from '../engines/engine.js';

/**
 * A job's JSON, declared once: what GET /v1/jobs/{id} answers, what the
 * native webhook delivers, what JobPresenter.toJson makes (its type is this
 * schema's), what the routes' response schemas and the OpenAPI document say,
 * and what the client's Job type is checked against at compile time
 * (test/client/job-shape.test.ts). Below http, so that workers (webhooks)
 * and non-HTTP callers share it.
 */
export const jobSchema = z
  .object({
    id: z.string(),
    object: z.literal('job'),
    operation: z.string(),
    status: z.enum(JOB_STATUSES),
    progress: z.number().describe('0–100'),
    attempts: z.number(),
    created_at: z.string(),
    started_at: z.string().nullable(),
    finished_at: z.string().nullable(),
    input: z.object({
      person: z.object({ width: z.number(), height: z.number() }),
      garments: z.array(z.object({ category: z.string(), width: z.number(), height: z.number() })),
      coarse: z.object({ width: z.number(), height: z.number() }).optional().describe('A refine job’s coarse result.'),
      urls: z
        .object({
          person: z.string().nullable(),
          garments: z.array(z.string().nullable()),
          coarse: z.string().nullable().optional(),
        })
        .describe('Signed links to the stored inputs, valid as long as result links; null once deleted by retention.'),
    }),
    options: z.record(z.string(), z.unknown()),
    output_format: z.string(),
    metadata: z.unknown(),
    webhook_url: z.string().nullable(),
    source: z.string().describe('The API that accepted the job: native or a dialect.'),
    result: z
      .object({
        image_url: z.string().nullable().describe('Signed link, valid until expires_at; null once deleted by retention.'),
        width: z.number(),
        height: z.number(),
        format: z.string(),
        expires_at: z.string().nullable(),
        samples: z
          .array(z.object({ image_url: z.string().nullable(), width: z.number(), height: z.number() }))
          .optional()
          .describe('The other results of a job that asked for several (FASHN’s num_samples); signed like image_url.'),
        diagnostics: z.array(z.object({ name: z.string(), url: z.string().nullable() })),
        info: z.record(z.string(), z.unknown()),
        quality: z
          .object({
            score: z.number().min(0).max(1).describe('1 looks right, 0 is broken; below min_quality the job fails with low_quality_result.'),
            warnings: z.array(z.enum(QUALITY_WARNINGS)).describe('One code per check that found a defect (README "Result quality").'),
          })
          .optional()
          .describe('The engine’s verdict on the image; absent when the engine does not judge its results.'),
      })
      .nullable()
      .describe('Present once the job completed, and on a job failed with low_quality_result (its result, kept so you can see why).'),
    error: z.object({ code: z.string(), message: z.string() }).nullable(),
    stage_timings: z.record(z.string(), z.number()).describe('Milliseconds per engine stage.'),
    engine: z.string().nullable().describe('The engine of the latest run (its name in ENGINES_FILE, or builtin); null before one starts.'),
    engine_runs: z
      .array(
        z.object({
          attempt: z.number(),
          engine: z.string(),
          kind: z.string().describe('builtin, drape-protocol, comfyui, fashn, fal or replicate.'),
          outcome: z.enum(['completed', 'failed', 'canceled']),
          error_code: z.string().optional(),
          ms: z.number(),
        }),
      )
      .describe('Every engine run in order: an attempt that fell back to the next engine has several.'),
    links: z.object({ self: z.string(), cancel: z.string(), webhooks: z.string() }),
  })
  .meta({ id: 'Job' });

export type JobJson = z.infer<typeof jobSchema>;
