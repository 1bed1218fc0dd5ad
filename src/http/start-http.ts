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
  const address = await app.listen({ port: config.PORT, host: config.HOST });
  const url = address.replace('[::]', '127.0.0.1').replace('0.0.0.0', '127.0.0.1');
  core.logger.info({ url, publicUrl: config.PUBLIC_URL, database: core.db.kind, storage: core.storage.blobs.kind }, 'drape listening');
  return {
    app,
    url,
    close: async () => {
      // Waiting requests answer now, so that closing the HTTP server does not wait for them.
      core.jobs.close();
      await app.close();
    },
  };
}
