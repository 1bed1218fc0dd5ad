import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { EngineServerServices } from '../engine-app.js';

const CONTENT_TYPES: Record<string, string> = { jpeg: 'image/jpeg', png: 'image/png', webp: 'image/webp' };

/** A finished task's result (index 0, then its other samples) or diagnostic image, as encoded bytes. */
export function registerTaskImageGet(app: FastifyInstance, services: EngineServerServices): void {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/v1/tasks/:id/:kind/:index',
    {
      schema: {
        summary: 'Download a finished task’s result image (0, then its other samples) or diagnostic image',
        params: z.object({ id: z.string().max(64), kind: z.enum(['images', 'diagnostics']), index: z.coerce.number().int().min(0).max(16) }),
      },
    },
    async (request, reply) => {
      const image = services.tasks.image(request.params.id, request.params.kind, request.params.index);
      return reply.type(CONTENT_TYPES[image.format] ?? 'application/octet-stream').send(Buffer.from(image.bytes));
    },
  );
}
