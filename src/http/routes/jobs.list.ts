import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { JOB_STATUSES } from '../../db/job-store.js';
import { errorResponses } from '../schemas/common.js';
import { jobSchema } from '../../jobs/job-schema.js';
import type { HttpServices } from '../services.js';

export function registerJobsList(app: FastifyInstance, services: HttpServices): void {
  app.withTypeProvider<ZodTypeProvider>().route({
    method: 'GET',
    url: '/v1/jobs',
    schema: {
      tags: ['jobs'],
      summary: 'List jobs, newest first',
      querystring: z.object({
        status: z.enum(JOB_STATUSES).optional(),
        limit: z.coerce.number().int().min(1).max(100).default(20),
        cursor: z.string().max(64).optional().describe('next_cursor of the previous page'),
      }),
      response: {
        200: z.object({ object: z.literal('list'), data: z.array(jobSchema), next_cursor: z.string().nullable() }),
        ...errorResponses(400, 401, 429),
      },
    },
    handler: async (request) => {
      const page = await services.jobs.list(request.teamId, {
        status: request.query.status,
        cursor: request.query.cursor,
        limit: request.query.limit,
      });
      return {
        object: 'list' as const,
        data: await Promise.all(page.jobs.map((job) => services.presenter.toJson(job))),
        next_cursor: page.nextCursor,
      };
    },
  });
}
