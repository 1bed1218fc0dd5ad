import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { DEFAULT_TRYON_OPTIONS } from '../../../engines/engine.js';
import { errorResponses } from '../../schemas/common.js';
import { submitterOf } from '../../job-submission.js';
import type { HttpServices } from '../../services.js';
import { glamEvent, glamTryOnBody, MASK_TYPES } from './schemas.js';

export function registerGlamTryOnCreate(app: FastifyInstance, services: HttpServices): void {
  app.withTypeProvider<ZodTypeProvider>().route({
    method: 'POST',
    url: '/api/v1/tryon',
    schema: {
      tags: ['glam'],
      summary: 'Glam: start a try-on generation',
      description: 'Answers {event_id}; poll GET /api/v1/tryon/{event_id}. Key in X-API-Key.',
      body: glamTryOnBody,
      response: { 200: glamEvent, ...errorResponses(400, 401, 402, 413, 415, 422, 429, 500) },
    },
    handler: async (request) => {
      const { media_url, garment_url, mask_type } = request.body;
      const { job: job } = await services.submissions.submit(submitterOf(request), {
        operation: 'tryon',
        person: { field: 'media_url', reference: media_url },
        garments: [{ source: { field: 'garment_url', reference: garment_url }, category: MASK_TYPES[mask_type] }],
        options: DEFAULT_TRYON_OPTIONS,
        outputFormat: 'jpeg',
        source: 'glam',
      });
      return { event_id: job.id };
    },
  });
}
