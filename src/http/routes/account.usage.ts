import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ledgerEntryJson } from '../../accounts/ledger-json.js';
import { ledgerEntrySchema } from '../schemas/account.js';
import { errorResponses } from '../schemas/common.js';
import type { HttpServices } from '../services.js';

export function registerAccountUsage(app: FastifyInstance, services: HttpServices): void {
  app.withTypeProvider<ZodTypeProvider>().route({
    method: 'GET',
    url: '/v1/account/usage',
    schema: {
      tags: ['account'],
      summary: 'Credit history, newest first',
      description: 'Every grant, charge and refund of the team, with the job, key and request behind it.',
      querystring: z.object({
        limit: z.coerce.number().int().min(1).max(100).default(20),
        cursor: z.string().regex(/^\d{1,18}$/, 'must be the next_cursor of a previous page').optional(),
        from: z.iso.datetime({ offset: true }).optional().describe('Only entries at or after this time (ISO 8601).'),
        to: z.iso.datetime({ offset: true }).optional().describe('Only entries before this time (ISO 8601).'),
      }),
      response: {
        200: z.object({ object: z.literal('list'), data: z.array(ledgerEntrySchema), next_cursor: z.string().nullable() }),
        ...errorResponses(400, 401, 429),
      },
    },
    handler: async (request) => {
      const { limit, cursor, from, to } = request.query;
      const page = await services.credits.history(request.teamId, {
        limit,
        cursor: cursor === undefined ? undefined : Number(cursor),
        from: from === undefined ? undefined : new Date(from),
        to: to === undefined ? undefined : new Date(to),
      });
      return {
        object: 'list' as const,
        data: page.entries.map(ledgerEntryJson),
        next_cursor: page.nextCursor === null ? null : String(page.nextCursor),
      };
    },
  });
}
