import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { capabilitiesSchema, protocolErrors } from '../../engines/remote/drape-protocol.js';
import type { EngineServerServices } from '../engine-app.js';

export function registerCapabilitiesGet(app: FastifyInstance, services: EngineServerServices): void {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/v1/capabilities',
    {
      schema: {
        summary: 'What the server runs: its engines, their operations and capabilities, its slots and queue limit',
        response: { 200: capabilitiesSchema, ...protocolErrors(401) },
      },
    },
    async () => services.capabilities(),
  );
}
