import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { protocolErrors, taskSchema } from '../../engines/remote/drape-protocol.js';
import type { EngineServerServices } from '../engine-app.js';
import { taskParams } from './tasks.get.js';

/** A queued task is canceled at once, a running one at its engine's next stage boundary; ended ones are unchanged. */
export function registerTaskCancel(app: FastifyInstance, services: EngineServerServices): void {
  app.withTypeProvider<ZodTypeProvider>().post(
    '/v1/tasks/:id/cancel',
    {
      schema: {
        summary: 'Cancel: a queued task at once, a running one at its next stage',
        params: taskParams,
        response: { 200: taskSchema, ...protocolErrors(401, 404) },
      },
    },
    async (request) => services.tasks.cancel(request.params.id),
  );
}
