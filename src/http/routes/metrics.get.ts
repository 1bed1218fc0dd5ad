import type { FastifyInstance } from 'fastify';
import type { HttpServices } from '../services.js';

export function registerMetrics(app: FastifyInstance, services: HttpServices): void {
  app.get(
    '/metrics',
    { schema: { tags: ['service'], summary: 'Prometheus metrics' }, logLevel: 'warn' },
    async (_request, reply) =>
      reply.type(services.metrics.registry.contentType).send(await services.metrics.registry.metrics()),
  );
}
