import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { HttpServices } from '../../services.js';
import { callerOf, id, programId } from './schemas.js';

/** Upscaling: a job of the engine's upscale operation per request (src/studio/upscale-requests.ts). */
export function registerStudioUpscale(app: FastifyInstance, services: HttpServices): void {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  routes.post('/public/v1/upscale', {
    schema: {
      tags: ['studio'],
      summary: 'Studio: upscale an image 1–4× (at most 18,000,000 output pixels); 2 credits per image',
      description:
        'Answers {status: "success", request_id, cost} at once; poll GET /upscale?request_id=. input_pixels × upscale_factor² must be at ' +
        'most 18,000,000 (1024×1024 at 4× is 16.8 M: accepted; 2048×2048 at 4× is 67 M: 422 too_many_pixels). The built-in engine runs the ' +
        'ESRGAN-slim super-resolution model up to 1 MP of input and lanczos3 above; the answer says which ran.',
      body: z.object({
        image: z.string().trim().min(1).describe('The image: base64 (bare or as a data: URI) or an http(s) URL.'),
        upscale_factor: z.number().min(1).max(4).default(2).describe('Scale factor, 1–4 (default 2).'),
        num_images: z.number().int().min(1).max(4).default(1).describe('Output images, 1–4 (default 1), each charged.'),
        program_id: programId,
      }),
    },
    handler: async (request) => {
      const body = request.body;
      return services.upscales.create(callerOf(request), { image: body.image, factor: body.upscale_factor, numImages: body.num_images, programId: body.program_id });
    },
  });
  routes.get('/public/v1/upscale', {
    schema: {
      tags: ['studio'],
      summary: 'Studio: an upscale request’s status, and its result_urls once status is "success"',
      description:
        'status: pending, processing, success or failed (with error {code, message}; a failed request is refunded). Once done: ' +
        'result_urls (one per image), width, height, method (esrgan-slim or lanczos3), model, num_distinct_images.',
      querystring: z.object({ request_id: id.describe('request_id from POST /upscale.'), program_id: programId }),
    },
    handler: async (request) => services.upscales.get(callerOf(request), { requestId: request.query.request_id, programId: request.query.program_id }),
  });
}
