/**
 * The port, taken before the server's modules load and its database opens:
 * `/healthz` answers at once, `/readyz` says what is still starting, and
 * every other request is held until the API takes over the port (answered
 * 503 with Retry-After should that take longer than START_HOLD_MS). Only
 * node:http here: it runs while the rest of the server is still loading.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { localUrl } from '../net/local-url.js';

type Handler = (request: IncomingMessage, response: ServerResponse) => void;

/**
 * How long a request waits for the start to finish before it is told to come
 * back: a first start on an idle 2-core machine takes about 2 s, a loaded
 * machine many times that, and a client's own timeout is commonly 30 s.
 */
const START_HOLD_MS = 15_000;
const RETRY_AFTER_SECONDS = 1;

export interface EarlyListener {
  server: Server;
  /** Where it listens, e.g. http://127.0.0.1:8080. */
  url: string;
  /** Hand the held requests, then every later one, to the API's handler. */
  handOver(handler: Handler): void;
  /** Stop listening: held requests answer 503 (the start failed or the process stops). */
  close(): Promise<void>;
}

function send(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  response.end(JSON.stringify(body));
}

function tryLater(response: ServerResponse): void {
  send(
    response,
    503,
    { error: { code: 'service_unavailable', message: 'Drape is starting. Try again in a moment.' } },
    { 'retry-after': String(RETRY_AFTER_SECONDS), connection: 'close' },
  );
}

/** `engine`: what /readyz says of the engine meanwhile (loading, or not run by this process). */
export async function listenEarly(port: number, host: string, engine: string): Promise<EarlyListener> {
  let handler: Handler | undefined;
  const held = new Set<{ request: IncomingMessage; response: ServerResponse; timer: NodeJS.Timeout }>();
  const server = createServer((request, response) => {
    if (handler !== undefined) return handler(request, response);
    const path = (request.url ?? '/').split('?')[0]!.replace(/\/$/, '');
    if (path === '/healthz') return send(response, 200, { status: 'ok' });
    if (path === '/readyz') {
      return send(response, 503, { status: 'not_ready', checks: { database: 'opening', storage: 'waiting for the database', engine } });
    }
    const entry = {
      request,
      response,
      timer: setTimeout(() => {
        held.delete(entry);
        tryLater(response);
      }, START_HOLD_MS),
    };
    held.add(entry);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const url = typeof address === 'object' && address !== null ? `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}` : '';
  return {
    server,
    url: localUrl(url),
    handOver(next) {
      handler = next;
      for (const entry of held) {
        clearTimeout(entry.timer);
        next(entry.request, entry.response);
      }
      held.clear();
    },
    close: async () => {
      for (const entry of held) {
        clearTimeout(entry.timer);
        tryLater(entry.response);
      }
      held.clear();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      await closed;
    },
  };
}
