import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { protocolErrors, taskSchema } from '../../engines/remote/drape-protocol.js';
import { DrapeError } from '../../errors.js';
import type { EngineServerServices } from '../engine-app.js';
import { readTask } from '../task-request.js';

/** Accept a task: 202 with it queued (or already running), its link in Location. */
export function registerTaskCreate(app: FastifyInstance, services: EngineServerServices): void {
  app.withTypeProvider<ZodTypeProvider>().post(
    '/v1/tasks',
    {
      schema: {
        summary:
          'Submit a task: multipart (a task JSON field, then person, garment…, coarse files) or JSON with image URLs; 202 with the task',
        consumes: ['multipart/form-data', 'application/json'],
        response: { 202: taskSchema, ...protocolErrors(400, 401, 413, 500, 503) },
      },
    },
    async (request, reply) => {
      if (!services.ready()) {
        throw new DrapeError('service_unavailable', 'The engines are still loading their models.', {
          retryable: true,
          headers: { 'retry-after': '1' },
        });
      }
      const { spec, inputs } = await readTask(request, services);
      const task = services.tasks.submit(spec, inputs);
      return reply.status(202).header('location', `/v1/tasks/${task.id}`).send(task);
    },
  );
}
