import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { errorResponses } from '../schemas/common.js';
import { jobSchema } from '../../jobs/job-schema.js';
import { jobIdParams } from '../schemas/job.js';
import { waitQuery } from '../schemas/tryon.js';
import type { HttpServices } from '../services.js';
import { waitWhileConnected } from '../job-reply.js';
import { requestedWaitSeconds } from '../wait.js';

export function registerJobsGet(app: FastifyInstance, services: HttpServices): void {
  app.withTypeProvider<ZodTypeProvider>().route({
    method: 'GET',
    url: '/v1/jobs/:id',
    schema: {
      tags: ['jobs'],
      summary: 'Get a job',
      description: 'The job with its status, progress, timings, and signed result links once completed. `Prefer: wait=N` long-polls.',
      params: jobIdParams,
      querystring: waitQuery,
      response: { 200: jobSchema, ...errorResponses(401, 404, 429) },
    },
    handler: async (request, reply) => {
      const waitSeconds = requestedWaitSeconds(request, services.config.MAX_WAIT_SECONDS);
      const job =
        waitSeconds > 0
          ? await waitWhileConnected(request, reply, services, request.params.id, waitSeconds)
          : await services.jobs.get(request.teamId, request.params.id);
      return services.presenter.toJson(job);
    },
  });
}
