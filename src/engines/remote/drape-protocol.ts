/**
 * Drape's engine protocol (docs/engine-protocol.md, docs/engine-protocol.openapi.json):
 * the wire shapes shared by `drape engine-server` and the adapter that calls
 * it. Version 1; a server names it in its capabilities.
 */
import { z } from 'zod';
import { CATEGORIES, OPERATIONS } from '../engine.js';
import { tryOnOptionsSchema } from '../tryon-options.js';

export const PROTOCOL = 'drape-engine/1';

export const TASK_STATUSES = ['queued', 'running', 'completed', 'failed', 'canceled'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

export const capabilitiesSchema = z
  .object({
    protocol: z.literal(PROTOCOL),
    engines: z.array(
      z.object({
        name: z.string(),
        operations: z.array(z.enum(OPERATIONS)),
        capabilities: z.array(z.string()).describe('Features beyond the operations: model names, "samples", …'),
      }),
    ),
    slots: z.number().int().describe('Tasks it runs at once.'),
    queue_limit: z.number().int().describe('Tasks it holds (running, queued or finished and not yet deleted); beyond, 503.'),
    input_formats: z.array(z.string()),
    output_formats: z.array(z.string()),
  })
  .meta({ id: 'EngineCapabilities' });
export type Capabilities = z.output<typeof capabilitiesSchema>;

export const healthSchema = z
  .object({
    status: z.enum(['ok', 'starting']).describe('starting while the engines load their models: submit waits for ok.'),
    running: z.number().int(),
    queued: z.number().int(),
    slots: z.number().int(),
  })
  .meta({ id: 'EngineHealth' });

const imageRef = z.object({ url: z.string().min(1).max(4096).describe('An http(s) URL the engine server fetches.') });

/** What a task asks for, apart from the images: the `task` field of a multipart submission, or the whole JSON one. */
export const taskSpecSchema = z.object({
  operation: z.enum(OPERATIONS),
  garments: z
    .array(z.object({ category: z.enum([...CATEGORIES, 'auto']) }))
    .min(1)
    .max(3)
    .describe('In the order of the garment files (multipart) or with their urls (JSON).'),
  options: tryOnOptionsSchema.describe('The engine options (TryOnOptions), camelCase as Drape stores them.'),
  output: z.object({ format: z.enum(['jpeg', 'png', 'webp']), quality: z.number().int().min(1).max(100).default(92) }),
});
export type TaskSpec = z.output<typeof taskSpecSchema>;

export const jsonTaskSchema = taskSpecSchema
  .extend({
    person: imageRef,
    garments: z
      .array(imageRef.extend({ category: z.enum([...CATEGORIES, 'auto']) }))
      .min(1)
      .max(3),
    coarse: imageRef.optional(),
  })
  .meta({ id: 'EngineTaskByUrl' });

const resultImage = z.object({
  url: z.string().describe('Download path, relative to the server: /v1/tasks/{id}/images/{index}.'),
  format: z.string(),
  width: z.number().int(),
  height: z.number().int(),
});

export const taskSchema = z
  .object({
    id: z.string(),
    status: z.enum(TASK_STATUSES),
    progress: z.number().describe('0–100.'),
    stage_timings: z.record(z.string(), z.number()).describe('Milliseconds per engine stage so far.'),
    result: z
      .object({
        images: z.array(resultImage).describe('The result, then the other samples when options.samples asked for more.'),
        diagnostics: z.array(resultImage.extend({ name: z.string() })),
        info: z.record(z.string(), z.unknown()),
      })
      .nullable(),
    error: z
      .object({ code: z.string(), message: z.string(), retryable: z.boolean() })
      .nullable()
      .describe('Drape error codes: bad input is retryable false, transient faults true.'),
  })
  .meta({ id: 'EngineTask' });
export type TaskJson = z.output<typeof taskSchema>;

const protocolError = z
  .object({ error: z.object({ code: z.string(), message: z.string(), retryable: z.boolean() }) })
  .meta({ id: 'EngineError' });

/** The error schema under each status a route can answer with. */
export function protocolErrors(...statuses: number[]): Record<number, typeof protocolError> {
  return Object.fromEntries(statuses.map((status) => [status, protocolError]));
}
