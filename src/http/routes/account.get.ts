import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { accountSchema } from '../schemas/account.js';
import { errorResponses } from '../schemas/common.js';
import type { HttpServices } from '../services.js';

export function registerAccountGet(app: FastifyInstance, services: HttpServices): void {
  app.withTypeProvider<ZodTypeProvider>().route({
    method: 'GET',
    url: '/v1/account',
    schema: {
      tags: ['account'],
      summary: 'The team of this key: credit balance, plan, limits',
      description: 'Check the balance and free slots before submitting work.',
      response: { 200: accountSchema, ...errorResponses(401, 429) },
    },
    handler: async (request) => {
      const [team, credits, inUse, keys] = await Promise.all([
        services.teams.get(request.teamId),
        services.credits.balance(request.teamId),
        services.teams.activeJobs(request.teamId),
        services.keys.list(request.teamId),
      ]);
      const limits = services.teams.limitsOf(team);
      const key = keys.find((candidate) => candidate.id === request.keyId)!;
      const policy = (rate: { perSecond: number; burst: number }) => ({ per_second: rate.perSecond, burst: rate.burst });
      return {
        object: 'account' as const,
        team: { id: team.id, name: team.name, created_at: team.createdAt.toISOString() },
        plan: team.plan,
        credits,
        concurrency: { limit: limits.concurrency, in_use: inUse },
        rate_limits: { requests: policy(limits.requests), polling: policy(limits.polling) },
        key: { id: key.id, name: key.name, prefix: key.displayPrefix },
      };
    },
  });
}
