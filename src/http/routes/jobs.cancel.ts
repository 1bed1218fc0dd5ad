import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { errorResponses } from '../schemas/common.js';
import { jobSchema } from '../../jobs/job-schema.js';
import { jobIdParams } from '../schemas/job.js';
import type { HttpServices } from '../services.js';

export function registerJobsCancel(app: FastifyInstance, services: HttpServices): void {
  app.withTypeProvider<ZodTypeProvider>().route({
    method: 'POST',
    url: '/v1/jobs/:id/cancel',
    schema: {
      tags: ['jobs'],
      summary: 'Cancel a job',
      description:
        'A queued job is canceled at once (200, status canceled). A running job stops at its next stage boundary ' +
        '(202, status still processing until then). An ended job (completed, failed or already canceled) cannot be canceled (409).',
      params: jobIdParams,
      response: { 200: jobSchema, 202: jobSchema, ...errorResponses(401, 404, 409, 429) },
    },
    handler: async (request, reply) => {
      const job = await services.jobs.cancel(request.teamId, request.params.id);
      return reply.status(job.status === 'canceled' ? 200 : 202).send(await services.presenter.toJson(job));
    },
  });
}
