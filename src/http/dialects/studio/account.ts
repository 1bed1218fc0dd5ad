import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { HttpServices } from '../../services.js';
import { callerOf, listQuery, name, programId, queryFlag } from './schemas.js';

/** Metering (plan, credit history) and programs. */
export function registerStudioAccount(app: FastifyInstance, services: HttpServices): void {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  routes.get('/public/v1/metering/plan', {
    schema: {
      tags: ['studio'],
      summary: 'Studio: credit balance, plan and concurrent request limit',
      querystring: z.object({ program_id: programId.describe('Resolves the owner team of a shared program.') }),
    },
    handler: async (request) => services.studio.plan(callerOf(request), request.query.program_id),
  });
  routes.get('/public/v1/metering/credit-history', {
    schema: { tags: ['studio'], summary: 'Studio: credits spent in a program, newest first', querystring: z.object(listQuery) },
    handler: async (request) =>
      services.studio.creditHistory(callerOf(request), {
        programId: request.query.program_id,
        token: request.query.pagination_token,
        fetchAll: request.query.fetch_all ?? false,
      }),
  });
  routes.get('/public/v1/program', {
    schema: {
      tags: ['studio'],
      summary: 'Studio: programs your team owns or that are shared with it',
      querystring: z.object({ ...listQuery, owned: queryFlag.optional().describe('Only the programs your team owns.') }),
    },
    handler: async (request) =>
      services.studio.listPrograms(callerOf(request), {
        owned: request.query.owned ?? false,
        token: request.query.pagination_token,
        fetchAll: request.query.fetch_all ?? false,
      }),
  });
  routes.post('/public/v1/program', {
    schema: { tags: ['studio'], summary: 'Studio: create a program', body: z.object({ program_name: name }) },
    handler: async (request) => services.studio.createProgram(callerOf(request), request.body.program_name),
  });
}
