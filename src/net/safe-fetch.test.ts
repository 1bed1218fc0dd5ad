import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it, type TestContext } from 'node:test';
import { request } from 'undici';
import { DrapeError, isDrapeError } from '../errors.js';
import { createPinnedAgent } from './pinned-agent.js';
import { SafeFetcher, type SafeFetchOptions } from './safe-fetch.js';

const FIELD = 'garment_image_url';
const IMAGE = Buffer.from('pretend these are image bytes');

interface TestServer {
  origin: string;
  port: number;
  /** Paths requested, in order. */
  requests: string[];
  /** Host headers received, in order. */
  hosts: string[];
  connections: number;
}

async function startServer(
  t: TestContext,
  handler: (req: IncomingMessage, res: ServerResponse, server: TestServer) => void,
  host = '127.0.0.1',
): Promise<TestServer> {
  const state: TestServer = { origin: '', port: 0, requests: [], hosts: [], connections: 0 };
  const server: Server = createServer((req, res) => {
    state.requests.push(req.url ?? '');
    state.hosts.push(req.headers.host ?? '');
    handler(req, res, state);
  });
  server.on('connection', () => {
    state.connections++;
  });
  server.listen(0, host);
  await once(server, 'listening');
  state.port = (server.address() as AddressInfo).port;
  state.origin = `http://${host}:${state.port}`;
  t.after(async () => {
    server.closeAllConnections();
    server.close();
    await once(server, 'close');
  });
  return state;
}

function serveImage(_req: IncomingMessage, res: ServerResponse): void {
  res.writeHead(200, { 'content-type': 'image/png' }).end(IMAGE);
}

function fetcher(t: TestContext, options: Partial<SafeFetchOptions> = {}): SafeFetcher {
  const f = new SafeFetcher({
    allowlist: [],
    connectTimeoutMs: 2000,
    totalTimeoutMs: 5000,
    maxRedirects: 3,
    userAgent: 'drape-test/1',
    ...options,
  });
  t.after(() => f.close());
  return f;
}

async function rejection(promise: Promise<unknown>): Promise<DrapeError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(isDrapeError(error), `expected a DrapeError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected a rejection');
}

async function codeOf(promise: Promise<unknown>): Promise<{ code: string; field: string | undefined }> {
  const error = await rejection(promise);
  return { code: error.code, field: error.field };
}

const LOOPBACK = ['127.0.0.1/32'];

describe('SafeFetcher.fetchBytes', () => {
  it('refuses loopback with the default empty allowlist, without connecting', async (t) => {
    const server = await startServer(t, serveImage);
    const f = fetcher(t);
    assert.deepEqual(await codeOf(f.fetchBytes(`${server.origin}/a.png`, { maxBytes: 1000, field: FIELD })), {
      code: 'url_forbidden',
      field: FIELD,
    });
    assert.equal(server.connections, 0);
  });

  it('fetches from an allowlisted address', async (t) => {
    const server = await startServer(t, serveImage);
    const f = fetcher(t, { allowlist: LOOPBACK });
    const result = await f.fetchBytes(`${server.origin}/a.png?sig=1`, { maxBytes: 1000, field: FIELD });
    assert.deepEqual(result, { bytes: IMAGE, contentType: 'image/png', finalUrl: `${server.origin}/a.png?sig=1` });
  });

  it('resolves an allowlisted hostname once and keeps it as the Host header', async (t) => {
    const server = await startServer(t, serveImage);
    const f = fetcher(t, { allowlist: ['localhost'] });
    const result = await f.fetchBytes(`http://localhost:${server.port}/a.png`, { maxBytes: 1000, field: FIELD });
    assert.deepEqual(result.bytes, IMAGE);
    assert.deepEqual(server.hosts, [`localhost:${server.port}`]);
  });

  it('refuses a hostname resolving to loopback when only addresses elsewhere are allowlisted', async (t) => {
    const server = await startServer(t, serveImage);
    const f = fetcher(t, { allowlist: ['10.0.0.0/8'] });
    assert.deepEqual(await codeOf(f.fetchBytes(`http://localhost:${server.port}/`, { maxBytes: 1000, field: FIELD })), {
      code: 'url_forbidden',
      field: FIELD,
    });
    assert.equal(server.connections, 0);
  });

  it('follows redirects within the limit, re-checking each hop', async (t) => {
    const server = await startServer(t, (req, res) => {
      if (req.url === '/one') res.writeHead(302, { location: '/two' }).end();
      else if (req.url === '/two') res.writeHead(307, { location: `http://127.0.0.1:${res.socket?.localPort}/a.png` }).end();
      else serveImage(req, res);
    });
    const f = fetcher(t, { allowlist: LOOPBACK, maxRedirects: 2 });
    const result = await f.fetchBytes(`${server.origin}/one`, { maxBytes: 1000, field: FIELD });
    assert.deepEqual([result.bytes, result.finalUrl], [IMAGE, `${server.origin}/a.png`]);
    assert.deepEqual(server.requests, ['/one', '/two', '/a.png']);
  });

  it('refuses a redirect to a private address, never connecting to it', async (t) => {
    const target = await startServer(t, serveImage, '127.0.0.2');
    const server = await startServer(t, (req, res) => {
      const location = req.url === '/to-private' ? 'http://10.0.0.1/' : `http://[::ffff:127.0.0.2]:${target.port}/`;
      res.writeHead(301, { location }).end();
    });
    const f = fetcher(t, { allowlist: LOOPBACK });
    for (const path of ['/to-private', '/to-mapped']) {
      assert.deepEqual(await codeOf(f.fetchBytes(`${server.origin}${path}`, { maxBytes: 1000, field: FIELD })), {
        code: 'url_forbidden',
        field: FIELD,
      });
    }
    assert.deepEqual(server.requests, ['/to-private', '/to-mapped']);
    assert.equal(target.connections, 0);
  });

  it('fails after too many redirects', async (t) => {
    const server = await startServer(t, (_req, res) => res.writeHead(302, { location: '/loop' }).end());
    const f = fetcher(t, { allowlist: LOOPBACK, maxRedirects: 3 });
    assert.deepEqual(await codeOf(f.fetchBytes(`${server.origin}/loop`, { maxBytes: 1000, field: FIELD })), {
      code: 'url_fetch_failed',
      field: FIELD,
    });
    assert.equal(server.requests.length, 4);
  });

  it('stops reading an endless body past maxBytes', async (t) => {
    let clientGone!: () => void;
    const gone = new Promise<void>((resolve) => (clientGone = resolve));
    const server = await startServer(t, (_req, res) => {
      res.writeHead(200, { 'content-type': 'image/jpeg' });
      const chunk = Buffer.alloc(16 * 1024, 7);
      const pump = (): void => {
        while (!res.destroyed && res.write(chunk));
        if (!res.destroyed) res.once('drain', pump);
      };
      res.on('close', clientGone);
      pump();
    });
    const f = fetcher(t, { allowlist: LOOPBACK });
    assert.deepEqual(await codeOf(f.fetchBytes(`${server.origin}/endless`, { maxBytes: 100_000, field: FIELD })), {
      code: 'url_too_large',
      field: FIELD,
    });
    await gone; // the connection was dropped, not left streaming
  });

  it('refuses a declared Content-Length over maxBytes before reading', async (t) => {
    const server = await startServer(t, (_req, res) => res.writeHead(200, { 'content-length': 5000 }).end(Buffer.alloc(5000)));
    const f = fetcher(t, { allowlist: LOOPBACK });
    assert.deepEqual(await codeOf(f.fetchBytes(`${server.origin}/big`, { maxBytes: 4999, field: FIELD })), {
      code: 'url_too_large',
      field: FIELD,
    });
    const exact = await f.fetchBytes(`${server.origin}/big`, { maxBytes: 5000, field: FIELD });
    assert.equal(exact.bytes.length, 5000);
  });

  it('times out on a server that never answers', async (t) => {
    const server = await startServer(t, () => {});
    const f = fetcher(t, { allowlist: LOOPBACK, totalTimeoutMs: 150 });
    const error = await rejection(f.fetchBytes(`${server.origin}/slow`, { maxBytes: 1000, field: FIELD }));
    assert.deepEqual({ code: error.code, field: error.field, retryable: error.retryable }, {
      code: 'url_timeout',
      field: FIELD,
      retryable: true,
    });
  });

  it('gives the caller its own abort reason', async (t) => {
    const server = await startServer(t, () => {});
    const f = fetcher(t, { allowlist: LOOPBACK });
    const controller = new AbortController();
    const pending = f.fetchBytes(`${server.origin}/slow`, { maxBytes: 1000, field: FIELD, signal: controller.signal });
    while (server.requests.length === 0) await new Promise((resolve) => setImmediate(resolve));
    const reason = new DrapeError('canceled', 'job canceled');
    controller.abort(reason);
    assert.equal(await rejection(pending), reason);
  });

  it('refuses non-http schemes, credentials and metadata hosts', async (t) => {
    const f = fetcher(t, { allowlist: LOOPBACK });
    for (const url of [
      'ftp://127.0.0.1/a.png',
      'file:///etc/passwd',
      'gopher://127.0.0.1/',
      'http://user:pw@127.0.0.1/a.png',
      'http://169.254.169.254/latest/meta-data/',
      'http://[::ffff:a9fe:a9fe]/',
      'http://metadata.google.internal/computeMetadata/v1/',
      'http://0x7f000002/', // WHATWG reads this as 127.0.0.2
    ]) {
      assert.deepEqual(await codeOf(f.fetchBytes(url, { maxBytes: 1000, field: FIELD })), { code: 'url_forbidden', field: FIELD }, url);
    }
    assert.deepEqual(await codeOf(f.fetchBytes('not a url', { maxBytes: 1000, field: FIELD })), {
      code: 'invalid_parameter',
      field: FIELD,
    });
  });

  it('reports a 404 with its status but without the query string', async (t) => {
    const server = await startServer(t, (_req, res) => res.writeHead(404).end('nope'));
    const f = fetcher(t, { allowlist: LOOPBACK });
    const error = await rejection(f.fetchBytes(`${server.origin}/missing.png?token=s3cr3t`, { maxBytes: 1000, field: FIELD }));
    assert.deepEqual({ code: error.code, field: error.field, retryable: error.retryable }, {
      code: 'url_fetch_failed',
      field: FIELD,
      retryable: false,
    });
    assert.match(error.message, /404/);
    assert.match(error.message, /\/missing\.png/);
    assert.doesNotMatch(error.message, /s3cr3t/);
  });

  it('reports a refused connection and an unknown host as url_fetch_failed', async (t) => {
    const closed = createServer();
    closed.listen(0, '127.0.0.1');
    await once(closed, 'listening');
    const port = (closed.address() as AddressInfo).port;
    closed.close();
    await once(closed, 'close');

    const f = fetcher(t, { allowlist: [...LOOPBACK, '*.invalid'] });
    assert.deepEqual(await codeOf(f.fetchBytes(`http://127.0.0.1:${port}/`, { maxBytes: 1000, field: FIELD })), {
      code: 'url_fetch_failed',
      field: FIELD,
    });
    // .invalid never resolves (RFC 6761).
    assert.deepEqual(await codeOf(f.fetchBytes('http://nothing-here.invalid/', { maxBytes: 1000, field: FIELD })), {
      code: 'url_fetch_failed',
      field: FIELD,
    });
  });

  it('refuses to work after close', async (t) => {
    const server = await startServer(t, serveImage);
    const f = fetcher(t, { allowlist: LOOPBACK });
    await f.close();
    assert.deepEqual(await codeOf(f.fetchBytes(`${server.origin}/a.png`, { maxBytes: 1000, field: FIELD })), {
      code: 'service_unavailable',
      field: FIELD,
    });
  });
});

describe('SafeFetcher.post', () => {
  it('posts, returns the status and at most 4 KB of the answer', async (t) => {
    const received: string[] = [];
    const server = await startServer(t, (req, res) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (chunk: string) => (body += chunk));
      req.on('end', () => {
        received.push(`${req.headers['content-type']} ${req.headers['user-agent']} ${body}`);
        res.writeHead(202).end('x'.repeat(10_000));
      });
    });
    const f = fetcher(t, { allowlist: LOOPBACK });
    const result = await f.post(`${server.origin}/hook`, '{"a":1}', { 'content-type': 'application/json' }, { timeoutMs: 2000 });
    assert.deepEqual(result, { status: 202, body: 'x'.repeat(4096) });
    assert.deepEqual(received, ['application/json drape-test/1 {"a":1}']);
  });

  it('does not follow redirects', async (t) => {
    const server = await startServer(t, (_req, res) => res.writeHead(302, { location: 'http://10.0.0.1/' }).end());
    const f = fetcher(t, { allowlist: LOOPBACK });
    assert.deepEqual(await f.post(`${server.origin}/hook`, '{}', {}, { timeoutMs: 2000 }), { status: 302, body: '' });
    assert.deepEqual(server.requests, ['/hook']);
  });

  it('refuses forbidden targets and times out on silent receivers', async (t) => {
    const server = await startServer(t, () => {});
    const f = fetcher(t);
    assert.deepEqual(await codeOf(f.post(`${server.origin}/hook`, '{}', {}, { timeoutMs: 2000 })), {
      code: 'url_forbidden',
      field: 'url',
    });
    const allowed = fetcher(t, { allowlist: LOOPBACK });
    assert.deepEqual(await codeOf(allowed.post(`${server.origin}/hook`, '{}', {}, { timeoutMs: 100 })), {
      code: 'url_timeout',
      field: 'url',
    });
  });
});

describe('createPinnedAgent', () => {
  it('connects to the pinned address without asking DNS, keeping the Host header', async (t) => {
    const server = await startServer(t, serveImage);
    const agent = createPinnedAgent({ addresses: [{ address: '127.0.0.1', family: 4 }], connectTimeoutMs: 2000 });
    t.after(() => agent.destroy());
    // This name has no DNS record: only the pinned lookup can make the connection work.
    const response = await request(`http://pinned.invalid:${server.port}/a.png`, { dispatcher: agent });
    assert.deepEqual(Buffer.from(await response.body.arrayBuffer()), IMAGE);
    assert.deepEqual(server.hosts, [`pinned.invalid:${server.port}`]);
  });
});
