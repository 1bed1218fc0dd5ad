import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses } from '../schemas/common.js';
import { jobIdParams } from '../schemas/job.js';
import type { HttpServices } from '../services.js';

const attempt = z.object({
  attempt: z.number(),
  started_at: z.string(),
  duration_ms: z.number(),
  response_status: z.number().nullable(),
  error: z.string().nullable(),
  succeeded: z.boolean(),
});

export function registerJobsWebhooks(app: FastifyInstance, services: HttpServices): void {
  app.withTypeProvider<ZodTypeProvider>().route({
    method: 'GET',
    url: '/v1/jobs/:id/webhooks',
    schema: {
      tags: ['jobs'],
      summary: "A job's webhook deliveries and every attempt",
      params: jobIdParams,
      response: {
        200: z.object({
          object: z.literal('list'),
          data: z.array(
            z.object({
              id: z.string().describe('Also the webhook-id header of every attempt.'),
              event: z.string(),
              url: z.string(),
              status: z.enum(['pending', 'delivered', 'failed']),
              attempts: z.array(attempt),
              next_attempt_at: z.string().nullable(),
            }),
          ),
        }),
        ...errorResponses(401, 404, 429),
      },
    },
    handler: async (request) => {
      const deliveries = await services.jobs.webhookDeliveries(request.teamId, request.params.id);
      return {
        object: 'list' as const,
        data: deliveries.map(({ delivery, attempts }) => ({
          id: delivery.id,
          event: delivery.event,
          url: delivery.url,
          status: delivery.status,
          next_attempt_at: delivery.status === 'pending' ? delivery.nextAttemptAt.toISOString() : null,
          attempts: attempts.map((row) => ({
            attempt: row.attempt,
            started_at: row.startedAt.toISOString(),
            duration_ms: row.durationMs,
            response_status: row.responseStatus,
            error: row.error,
            succeeded: row.succeeded,
          })),
        })),
      };
    },
  });
}
