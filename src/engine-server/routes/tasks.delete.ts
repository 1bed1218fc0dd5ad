import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { EngineServerServices } from '../engine-app.js';
import { taskParams } from './tasks.get.js';

/** The caller has its result: free the task's memory now rather than at the result TTL. */
export function registerTaskDelete(app: FastifyInstance, services: EngineServerServices): void {
  app.withTypeProvider<ZodTypeProvider>().delete('/v1/tasks/:id', { schema: { summary: 'Forget a task (canceling it if it still runs): its result has been fetched', params: taskParams } }, async (request, reply) => {
    services.tasks.delete(request.params.id);
    return reply.status(204).send();
  });
}
