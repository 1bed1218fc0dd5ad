import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { HttpServices } from '../services.js';

const CHECK_TIMEOUT_MS = 2_000;

async function timed(check: () => Promise<unknown>): Promise<'ok' | string> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      check(),
      new Promise((_, reject) => (timer = setTimeout(() => reject(new Error('timed out')), CHECK_TIMEOUT_MS))),
    ]);
    return 'ok';
  } catch (error) {
    return error instanceof Error ? error.message : 'failed';
  } finally {
    clearTimeout(timer);
  }
}

export function registerHealth(app: FastifyInstance, services: HttpServices): void {
  const typed = app.withTypeProvider<ZodTypeProvider>();
  typed.get(
    '/healthz',
    {
      schema: {
        tags: ['service'],
        summary: 'Liveness: the process answers',
        response: { 200: z.object({ status: z.literal('ok') }) },
      },
      logLevel: 'warn',
    },
    async () => ({ status: 'ok' as const }),
  );

  const readiness = z.object({
    status: z.enum(['ready', 'not_ready']).describe('ready: this server accepts requests (database and storage answer).'),
    checks: z
      .object({
        database: z.string(),
        storage: z.string(),
        engine: z.string().describe('ok, loading models (jobs wait in the queue meanwhile), or not run by this process.'),
      })
      .describe('ok, or what the part is waiting for.'),
  });
  typed.get(
    '/readyz',
    {
      schema: {
        tags: ['service'],
        summary: 'Readiness: database, storage and engine',
        description:
          'Ready (200) once the database and the storage answer: requests are accepted while the engine still ' +
          'loads its models, and their jobs wait in the queue meanwhile. checks says how far each part is.',
        response: { 200: readiness, 503: readiness },
      },
      logLevel: 'warn',
    },
    async (_request, reply) => {
      const [database, storage] = await Promise.all([
        timed(() => services.db.query('SELECT 1')),
        timed(() => services.blobs.check()),
      ]);
      const engine = services.parts.get('engine')?.() ?? 'not run by this process';
      const ok = database === 'ok' && storage === 'ok';
      return reply
        .status(ok ? 200 : 503)
        .send({ status: ok ? ('ready' as const) : ('not_ready' as const), checks: { database, storage, engine } });
    },
  );
}
