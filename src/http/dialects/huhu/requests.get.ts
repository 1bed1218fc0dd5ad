import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { HttpServices } from '../../services.js';
import { huhuJobJson } from '../../../jobs/webhook-bodies/huhu.js';
import { huhuErrors, huhuJob } from './schemas.js';

export function registerHuhuRequestsGet(app: FastifyInstance, services: HttpServices): void {
  app.withTypeProvider<ZodTypeProvider>().route({
    method: 'GET',
    url: '/requests/v1',
    schema: {
      tags: ['huhu'],
      summary: 'Huhu: get a try-on job',
      description:
        'Status initiated, processing, completed, failed or canceled; output holds [{image_url}] once completed ' +
        '(valid 24 h). Another team’s job, or none, is 404.',
      querystring: z.object({ job_id: z.string().min(1).max(128).describe('The job_id POST /tryon/v1 answered.') }),
      response: { 200: huhuJob, ...huhuErrors(400, 401, 404, 429) },
    },
    handler: async (request) => huhuJobJson(await services.jobs.get(request.teamId, request.query.job_id), services.presenter),
  });
}
