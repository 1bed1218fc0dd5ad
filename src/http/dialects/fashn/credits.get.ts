import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { HttpServices } from '../../services.js';
import { creditsBalance, fashnErrors } from './schemas.js';

export function registerFashnCredits(app: FastifyInstance, services: HttpServices): void {
  app.withTypeProvider<ZodTypeProvider>().route({
    method: 'GET',
    url: '/v1/credits',
    schema: {
      tags: ['fashn'],
      summary: 'FASHN: credit balance',
      description:
        'The key’s team balance as FASHN shows it: {credits: {total, subscription, on_demand}}. Drape’s credits ' +
        'are granted by an operator, so all of them are on_demand and subscription is 0.',
      response: { 200: creditsBalance, ...fashnErrors(401, 429, 500) },
    },
    handler: async (request) => {
      const balance = await services.credits.balance(request.teamId);
      return { credits: { total: balance, subscription: 0, on_demand: balance } };
    },
  });
}
