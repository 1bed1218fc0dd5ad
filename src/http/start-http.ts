import type { FastifyInstance } from 'fastify';
import type { Core } from '../core.js';
import { buildApp } from './app.js';

export interface HttpServer {
  app: FastifyInstance;
  /** Where it listens, e.g. http://127.0.0.1:8080. */
  url: string;
  /** Answer waiting requests now and stop listening. */
  close(): Promise<void>;
}

/** Serve the API on a core: the HTTP side of a process. */
export async function startHttp(core: Core): Promise<HttpServer> {
  const { config } = core;
  const app = await buildApp({ ...core, blobs: core.storage.blobs }, core.logger);
  let closing = false;
  // A request still being answered when the close begins would keep its connection open afterwards (keep-alive,
  // Fastify's 72 s) and app.close() with it: its answer closes the connection instead.
  app.addHook('onSend', async (_request, reply) => {
    if (closing) void reply.header('connection', 'close');
  });
  const address = await app.listen({ port: config.PORT, host: config.HOST });
  const url = address.replace('[::]', '127.0.0.1').replace('0.0.0.0', '127.0.0.1');
  core.logger.info({ url, publicUrl: config.PUBLIC_URL, database: core.db.kind, storage: core.storage.blobs.kind }, 'drape listening');
  return {
    app,
    url,
    close: async () => {
      // Waiting requests answer now, so that closing the HTTP server does not wait for them.
      closing = true;
      core.jobs.close();
      await app.close();
    },
  };
}
