import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses } from '../schemas/common.js';
import type { HttpServices } from '../services.js';

export function registerWebhookSecretGet(app: FastifyInstance, services: HttpServices): void {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/v1/webhooks/secret',
    {
      schema: {
        tags: ['jobs'],
        summary: "The team's webhook signing secret",
        description:
          'Webhooks are signed per Standard Webhooks: verify `webhook-signature` (v1,base64 HMAC-SHA256 over ' +
          '`webhook-id.webhook-timestamp.body`) with this secret, e.g. with the `standardwebhooks` package.',
        response: { 200: z.object({ secret: z.string().describe('whsec_…') }), ...errorResponses(401, 429) },
      },
    },
    async (request) => ({ secret: (await services.teams.get(request.teamId)).webhookSecret }),
  );
}
