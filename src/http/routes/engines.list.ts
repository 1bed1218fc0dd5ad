import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { errorResponses } from '../schemas/common.js';
import { engineListSchema } from '../schemas/engines.js';
import type { HttpServices } from '../services.js';

/**
 * The engines a request may name: where this process runs jobs, as its
 * router sees them (health, circuit, effective capabilities); otherwise as
 * ENGINES_FILE declares them, availability unknown. Never a URL or a key.
 */
export function registerEnginesList(app: FastifyInstance, services: HttpServices): void {
  app.withTypeProvider<ZodTypeProvider>().route({
    method: 'GET',
    url: '/v1/engines',
    schema: {
      tags: ['engines'],
      summary: 'The engines of this server: what `engine` and `capabilities` may ask for',
      response: { 200: engineListSchema, ...errorResponses(401, 429) },
    },
    handler: async () => {
      const live = services.engineStatus.read?.();
      const data =
        live?.map((engine) => ({
          name: engine.name,
          kind: engine.kind,
          operations: engine.operations,
          capabilities: engine.capabilities,
          presets: engine.presets ?? null,
          priority: engine.priority,
          available: engine.healthy && engine.circuit !== 'open',
        })) ??
        [...services.config.ENGINE_SET.engines]
          .sort((a, b) => b.priority - a.priority)
          .map((engine) => ({
            name: engine.name,
            kind: engine.kind,
            operations: [...engine.operations],
            capabilities: engine.capabilities,
            presets: engine.presets ?? null,
            priority: engine.priority,
            available: null,
          }));
      return { object: 'list' as const, data };
    },
  });
}
