import type { FastifyInstance } from 'fastify';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Core } from '../core.js';
import { localUrl } from '../net/local-url.js';
import { buildApp } from './app.js';
import type { EarlyListener } from './early-listener.js';

export interface HttpServer {
  app: FastifyInstance;
  /** Where it listens, e.g. http://127.0.0.1:8080. */
  url: string;
  /** Answer waiting requests now and stop listening. */
  close(): Promise<void>;
}

/**
 * Serve the API on a core: the HTTP side of a process. `listener`: the port
 * taken early by the process (src/main.ts), whose held requests the API
 * answers from now on; without it the API listens on PORT itself.
 */
export async function startHttp(core: Core, listener?: EarlyListener): Promise<HttpServer> {
  const { config } = core;
  let handler: ((request: IncomingMessage, response: ServerResponse) => void) | undefined;
  const serverFactory =
    listener === undefined
      ? undefined
      : (fastifyHandler: typeof handler) => {
          handler = fastifyHandler;
          return listener.server;
        };
  const app = await buildApp({ ...core, blobs: core.storage.blobs }, core.logger, serverFactory);
  let closing = false;
  // A request still being answered when the close begins would keep its connection open afterwards (keep-alive,
  // Fastify's 72 s) and app.close() with it: its answer closes the connection instead.
  app.addHook('onSend', async (_request, reply) => {
    if (closing) void reply.header('connection', 'close');
  });
  let url: string;
  if (listener === undefined) {
    const address = await app.listen({ port: config.PORT, host: config.HOST });
    url = localUrl(address);
  } else {
    await app.ready();
    listener.handOver(handler!);
    url = listener.url;
  }
  core.logger.info({ url, publicUrl: config.PUBLIC_URL, database: core.db.kind, storage: core.storage.blobs.kind }, 'drape listening');
  return {
    app,
    url,
    close: async () => {
      // Waiting requests answer now, so that closing the HTTP server does not wait for them.
      closing = true;
      core.jobs.close();
      // Fastify does not close a server it did not listen on: the early listener stops listening itself.
      await Promise.all([app.close(), listener?.close()]);
    },
  };
}
