import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { protocolErrors, taskSchema } from '../../engines/remote/drape-protocol.js';
import type { EngineServerServices } from '../engine-app.js';

export const taskParams = z.object({ id: z.string().max(64) });

export function registerTaskGet(app: FastifyInstance, services: EngineServerServices): void {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/v1/tasks/:id',
    {
      schema: {
        summary: 'A task: status queued, running, completed (result links), failed (error) or canceled; progress and stage timings',
        params: taskParams,
        response: { 200: taskSchema, ...protocolErrors(401, 404) },
      },
    },
    async (request) => services.tasks.get(request.params.id),
  );
}
