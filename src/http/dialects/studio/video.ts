import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { unavailable } from '../../../studio/capabilities.js';
import type { HttpServices } from '../../services.js';
import { id, programId } from './schemas.js';

/**
 * Video generation: the request is validated as the document describes it,
 * then refused with 501 not_implemented (nothing stored or charged) while no
 * engine of this server runs video (GET /public/v1/capabilities).
 */
export function registerStudioVideo(app: FastifyInstance, services: HttpServices): void {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  routes.post('/public/v1/video', {
    schema: {
      tags: ['studio'],
      summary: 'Studio: generate a video from a try-on output (25 credits for 5 s, 40 for 10 s); 501 on a server without a video engine',
      body: z.object({
        project_id: id,
        sku_id: id,
        video_length: z.enum(['5', '10']).describe('"5" (5 seconds) or "10" (10 seconds).'),
        prompt: z.string().trim().min(1).max(2_000).describe('Video motion prompt.'),
        first_frame_image: z
          .union([z.strictObject({ image_base64: z.string().trim().min(1) }), z.strictObject({ image_id: id })])
          .describe('{image_base64: "..."} or {image_id: "..."}.'),
        program_id: programId,
        source_task_id: id.optional().describe('Source task ID.'),
      }),
    },
    handler: async () => {
      throw unavailable(services.config.ENGINE_SET, 'video');
    },
  });
  routes.get('/public/v1/video/requests', {
    schema: {
      tags: ['studio'],
      summary: 'Studio: video requests and their video_url once completed; 501 on a server without a video engine',
      querystring: z.object({
        program_id: programId,
        limit: z.coerce.number().int().min(1).max(100).default(10).describe('Max results (default 10).'),
        pagination_token: z.string().max(500).optional().describe('Token for the next page.'),
      }),
    },
    handler: async () => {
      throw unavailable(services.config.ENGINE_SET, 'video');
    },
  });
}
