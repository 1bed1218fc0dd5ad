import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { healthSchema } from '../../engines/remote/drape-protocol.js';
import type { EngineServerServices } from '../engine-app.js';

/** 200 once the engines have loaded their models, 503 before: a load balancer's check and the adapter's. */
export function registerHealthGet(app: FastifyInstance, services: EngineServerServices): void {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/v1/health',
    { schema: { summary: 'Ready (200, ok) or still loading models (503, starting); tasks running and queued', response: { 200: healthSchema, 503: healthSchema } } },
    async (_request, reply) => {
      const ready = services.ready();
      return reply.status(ready ? 200 : 503).send({ status: ready ? 'ok' : 'starting', ...services.tasks.counts });
    },
  );
}
