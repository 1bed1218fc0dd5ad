import { z } from 'zod';

const engineSchema = z.object({
  name: z.string().describe('What the request’s `engine` field names.'),
  kind: z.string().describe('builtin, drape-protocol, comfyui, fashn, fal or replicate.'),
  operations: z.array(z.string()),
  capabilities: z.array(z.string()).describe('What a request’s `capabilities` is matched against.'),
  presets: z.array(z.string()).nullable().describe('Presets it serves; null: all.'),
  priority: z.number().describe('Higher is tried first.'),
  available: z
    .boolean()
    .nullable()
    .describe('Routing would try it now: its health checks pass and its circuit is not open. Null: this server runs no jobs and cannot tell.'),
});

export const engineListSchema = z
  .object({
    object: z.literal('list'),
    data: z.array(engineSchema).describe('In routing order: the first that serves a job and is available runs it.'),
  })
  .meta({ id: 'EngineList' });
