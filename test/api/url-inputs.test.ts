/**
 * Image URLs through the SSRF guard, end to end: a JSON POST /v1/tryon naming
 * images on a local origin server. With the default config loopback is
 * refused before any connection; a second server allowlists 127.0.0.1/32 and
 * fetches, and every hop, size and deadline is still enforced.
 * The database plays no part in the guard, so both servers run on PGlite.
 */
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { assertError, multipart, request, until } from '../support/http.js';
import { dataUri, personImage, solidImage } from '../support/images.js';
import { startTestServer, type TestServer } from '../support/server.js';

const MAX_UPLOAD_BYTES = 300_000;
/** 1 s: a local origin answers in milliseconds, and the hanging route shows the deadline quickly. */
const URL_FETCH_TIMEOUT_MS = 1000;
const STREAM_CHUNK_BYTES = 64 * 1024;


interface Origin {
  server: Server;
  base: string;
  /** Every request it received, in order: method, path and the headers that matter. */
  seen: { method: string; path: string; userAgent: string | undefined; acceptEncoding: string | undefined }[];
  close(): Promise<void>;
}

/** A local HTTP server with a route per behaviour the guard must handle. */
async function startOrigin(person: Buffer, garment: Buffer): Promise<Origin> {
  const seen: Origin['seen'] = [];
  const routes: Record<string, (req: IncomingMessage, res: ServerResponse) => void> = {
    '/person.png': (_req, res) => res.writeHead(200, { 'content-type': 'image/png' }).end(person),
    '/garment.jpg': (_req, res) => res.writeHead(200, { 'content-type': 'image/jpeg' }).end(garment),
    '/redirect-ok': (_req, res) => res.writeHead(302, { location: '/person.png' }).end(),
    '/redirect-private': (_req, res) => res.writeHead(302, { location: 'http://10.0.0.1/x.png' }).end(),
    '/redirect-metadata': (_req, res) => res.writeHead(302, { location: 'http://[::ffff:169.254.169.254]/' }).end(),
    '/missing.png': (_req, res) => res.writeHead(404, { 'content-type': 'text/plain' }).end('not here'),
    // Chunked, no Content-Length: only counting while streaming can stop it.
    '/endless.png': (_req, res) => {
      res.writeHead(200, { 'content-type': 'image/png' });
      const chunk = Buffer.alloc(STREAM_CHUNK_BYTES, 0x42);
      const pump = (): void => {
        while (!res.destroyed && res.write(chunk));
        if (!res.destroyed) res.once('drain', pump);
      };
      pump();
    },
    // An honest Content-Length over the limit: refused before the body is read.
    '/declared-large.png': (_req, res) => {
      res.writeHead(200, { 'content-type': 'image/png', 'content-length': String(MAX_UPLOAD_BYTES * 2) });
      res.end(Buffer.alloc(MAX_UPLOAD_BYTES * 2, 0x42));
    },
    // Accepts the connection and never answers.
    '/hang.png': () => {},
  };
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://origin').pathname;
    seen.push({
      method: req.method ?? '',
      path,
      userAgent: req.headers['user-agent'],
      acceptEncoding: req.headers['accept-encoding'],
    });
    res.on('error', () => {});
    (routes[path] ?? ((_req: IncomingMessage, res: ServerResponse) => res.writeHead(404).end()))(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    server,
    base: `http://127.0.0.1:${port}`,
    seen,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}

describe('URL inputs and the SSRF guard (pglite)', () => {
  let origin: Origin;
  let person: Buffer;
  let garment: Buffer;
  /** Default config: no allowlist. */
  let guarded: TestServer;
  /** URL_FETCH_ALLOWLIST=127.0.0.1/32, a 1 s fetch deadline. */
  let allowing: TestServer;

  before(async () => {
    person = await personImage();
    garment = await solidImage(300, 300, { r: 0, g: 0, b: 200 });
    origin = await startOrigin(person, garment);
    const limits = { MAX_UPLOAD_BYTES: String(MAX_UPLOAD_BYTES) };
    [guarded, allowing] = await Promise.all([
      startTestServer('pglite', limits),
      startTestServer('pglite', {
        ...limits,
        URL_FETCH_ALLOWLIST: '127.0.0.1/32',
        URL_FETCH_TIMEOUT: `${URL_FETCH_TIMEOUT_MS}ms`,
      }),
    ]);
  });
  after(async () => {
    await Promise.all([guarded?.stop(), allowing?.stop()]);
    await origin?.close();
  });

  const submit = (server: TestServer, json: Record<string, unknown>) =>
    request(`${server.url}/v1/tryon`, { method: 'POST', json });
  const requestsTo = (path: string) => origin.seen.filter((seen) => seen.path === path).length;

  describe('default config (no allowlist)', () => {
    test('a loopback image URL is url_forbidden and never fetched', async () => {
      const before = origin.seen.length;
      const response = await submit(guarded, {
        person_image: `${origin.base}/person.png`,
        garment_image: dataUri(garment, 'image/jpeg'),
      });
      assertError(response, 'url_forbidden', 'person_image');
      assert.equal(origin.seen.length - before, 0, 'the origin saw no request');
    });

    test('a loopback garment URL names the garment', async () => {
      const before = origin.seen.length;
      const response = await submit(guarded, {
        person_image: dataUri(person),
        garments: [
          { image: dataUri(garment, 'image/jpeg'), category: 'upper' },
          { image: `${origin.base}/garment.jpg`, category: 'lower' },
        ],
      });
      assertError(response, 'url_forbidden', 'garments.1.image');
      assert.equal(origin.seen.length - before, 0, 'the origin saw no request');
    });

    test('localhost, private, metadata, credentials and non-http URLs are url_forbidden', async () => {
      const before = origin.seen.length;
      const port = new URL(origin.base).port;
      for (const url of [
        `http://localhost:${port}/person.png`,
        'http://10.0.0.1/x.png',
        'http://169.254.169.254/latest/meta-data/',
        'http://[::ffff:169.254.169.254]/',
        'http://[::1]/x.png',
        'http://metadata.google.internal/computeMetadata/v1/',
        `http://user:secret@127.0.0.1:${port}/person.png`,
        'file:///etc/passwd',
        'ftp://example.com/x.png',
      ]) {
        const response = await submit(guarded, { person_image: url, garment_image: dataUri(garment, 'image/jpeg') });
        assertError(response, 'url_forbidden', 'person_image');
        assert.equal(response.body.error.message.includes('secret'), false, 'credentials stay out of the message');
      }
      assert.equal(origin.seen.length - before, 0, 'the origin saw no request');
    });

    test('data: URIs are accepted', async () => {
      const response = await submit(guarded, { person_image: dataUri(person), garment_image: dataUri(garment, 'image/jpeg') });
      assert.equal(response.status, 202, JSON.stringify(response.body));
      assert.equal(response.body.status, 'queued');
      assert.deepEqual(response.body.input.person, { width: 300, height: 400 });
      const ended = await request(`${guarded.url}/v1/jobs/${response.body.id}?wait=20`);
      assert.equal(ended.body.status, 'completed', JSON.stringify(ended.body));
    });

    test('one URL rule: an image URL and a webhook_url get the same answer (JSON and multipart)', async () => {
      // Refused without a DNS lookup: schemes, credentials, literal private addresses, metadata names.
      const forbidden = [
        'file:///etc/passwd',
        'gopher://example.com/_x',
        'ftp://example.com/x.png',
        'http://10.0.0.1/x.png',
        'http://[::1]/x.png',
        'http://169.254.169.254/latest/meta-data/',
        'http://metadata.google.internal/computeMetadata/v1/',
        'http://user:secret@93.184.215.14/x.png',
      ];
      const image = dataUri(person);
      const garmentImage = dataUri(garment, 'image/jpeg');
      for (const url of forbidden) {
        assertError(await submit(guarded, { person_image: url, garment_image: garmentImage }), 'url_forbidden', 'person_image');
        assertError(
          await submit(guarded, { person_image: image, garment_image: garmentImage, webhook_url: url }),
          'url_forbidden',
          'webhook_url',
        );
        const form = (webhook: boolean) =>
          multipart([
            ['person_image', webhook ? { bytes: person, type: 'image/png' } : url],
            ['garment_image', { bytes: garment, type: 'image/jpeg' }],
            ...(webhook ? ([['webhook_url', url]] as [string, string][]) : []),
          ]);
        const post = (body: FormData) => request(`${guarded.url}/v1/tryon`, { method: 'POST', body });
        assertError(await post(form(false)), 'url_forbidden', 'person_image');
        assertError(await post(form(true)), 'url_forbidden', 'webhook_url');
      }
      // Not a URL at all is a bad parameter, for both.
      assertError(await submit(guarded, { person_image: 'not a url', garment_image: garmentImage }), 'invalid_parameter', 'person_image');
      assertError(
        await submit(guarded, { person_image: image, garment_image: garmentImage, webhook_url: 'not a url' }),
        'invalid_parameter',
        'webhook_url',
      );
    });

    test('a webhook_url at a literal private address is refused at submission', async () => {
      const response = await submit(guarded, {
        person_image: dataUri(person),
        garment_image: dataUri(garment, 'image/jpeg'),
        webhook_url: `${origin.base}/hook`,
      });
      assert.equal(response.status, 422, JSON.stringify(response.body));
      assert.deepEqual(
        { code: response.body.error.code, field: response.body.error.field },
        { code: 'url_forbidden', field: 'webhook_url' },
      );
    });

    test('a webhook_url whose name resolves to a private address is accepted, and its delivery refused by the guard', async () => {
      const before = origin.seen.length;
      const hook = `http://localhost:${new URL(origin.base).port}/hook`;
      const response = await submit(guarded, {
        person_image: dataUri(person),
        garment_image: dataUri(garment, 'image/jpeg'),
        webhook_url: hook,
      });
      assert.equal(response.status, 202, JSON.stringify(response.body));
      const ended = await request(`${guarded.url}/v1/jobs/${response.body.id}?wait=20`);
      assert.equal(ended.body.status, 'completed', JSON.stringify(ended.body));
      const delivery = await until(
        async () => {
          const list = await request(`${guarded.url}/v1/jobs/${response.body.id}/webhooks`);
          const first = list.body.data?.[0];
          return first?.status === 'failed' ? first : undefined;
        },
        20_000,
        'the delivery to fail',
      );
      // A forbidden address will not get better: no retries are scheduled.
      assert.equal(delivery.attempts.length, 1);
      const [attempt] = delivery.attempts;
      assert.deepEqual(
        { succeeded: attempt.succeeded, response_status: attempt.response_status, code: attempt.error?.split(':')[0] },
        { succeeded: false, response_status: null, code: 'url_forbidden' },
      );
      assert.equal(requestsTo('/hook'), 0);
      assert.equal(origin.seen.length - before, 0, 'the origin saw no request');
    });
  });

  describe('URL_FETCH_ALLOWLIST=127.0.0.1/32', () => {
    test('allowlisted image URLs are fetched and the job completes', async () => {
      const [personBefore, garmentBefore] = [requestsTo('/person.png'), requestsTo('/garment.jpg')];
      const response = await submit(allowing, {
        person_image: `${origin.base}/person.png`,
        garment_image: `${origin.base}/garment.jpg`,
        category: 'upper',
      });
      assert.equal(response.status, 202, JSON.stringify(response.body));
      assert.deepEqual(response.body.input.person, { width: 300, height: 400 });
      assert.deepEqual(response.body.input.garments, [{ category: 'upper', width: 300, height: 300 }]);
      assert.equal(requestsTo('/person.png') - personBefore, 1);
      assert.equal(requestsTo('/garment.jpg') - garmentBefore, 1);
      const fetched = origin.seen.filter((seen) => seen.path === '/person.png').at(-1)!;
      assert.deepEqual(
        { method: fetched.method, acceptEncoding: fetched.acceptEncoding, drape: fetched.userAgent?.startsWith('Drape/') },
        { method: 'GET', acceptEncoding: 'identity', drape: true },
      );

      const ended = await request(`${allowing.url}/v1/jobs/${response.body.id}?wait=20`);
      assert.equal(ended.status, 200);
      assert.equal(ended.body.status, 'completed', JSON.stringify(ended.body));
      assert.equal(typeof ended.body.result.image_url, 'string');
    });

    test('a redirect within the allowlist is followed', async () => {
      const response = await submit(allowing, {
        person_image: `${origin.base}/redirect-ok`,
        garment_image: dataUri(garment, 'image/jpeg'),
      });
      assert.equal(response.status, 202, JSON.stringify(response.body));
      assert.deepEqual(response.body.input.person, { width: 300, height: 400 });
    });

    test('a redirect to a private address is url_forbidden', async () => {
      const before = requestsTo('/redirect-private');
      const response = await submit(allowing, {
        person_image: `${origin.base}/redirect-private`,
        garment_image: dataUri(garment, 'image/jpeg'),
      });
      assertError(response, 'url_forbidden', 'person_image');
      // Refused at the hop: the first URL was fetched, its redirect target was not.
      assert.equal(requestsTo('/redirect-private') - before, 1);
    });

    test('a redirect to IPv4-mapped cloud metadata is url_forbidden', async () => {
      const before = requestsTo('/redirect-metadata');
      const response = await submit(allowing, {
        person_image: `${origin.base}/redirect-metadata`,
        garment_image: dataUri(garment, 'image/jpeg'),
      });
      assertError(response, 'url_forbidden', 'person_image');
      // Refused at the hop: the first URL was fetched, its redirect target was not.
      assert.equal(requestsTo('/redirect-metadata') - before, 1);
    });

    test('a 404 is url_fetch_failed', async () => {
      const response = await submit(allowing, {
        person_image: `${origin.base}/missing.png`,
        garment_image: dataUri(garment, 'image/jpeg'),
      });
      assertError(response, 'url_fetch_failed', 'person_image');
    });

    test('a body streaming past MAX_UPLOAD_BYTES is url_too_large', async () => {
      const response = await submit(allowing, {
        person_image: `${origin.base}/endless.png`,
        garment_image: dataUri(garment, 'image/jpeg'),
      });
      assertError(response, 'url_too_large', 'person_image');
    });

    test('a Content-Length over MAX_UPLOAD_BYTES is url_too_large', async () => {
      const response = await submit(allowing, {
        garment_image: `${origin.base}/declared-large.png`,
        person_image: dataUri(person),
      });
      assertError(response, 'url_too_large', 'garment_image');
    });

    test('an origin that never answers is url_timeout after URL_FETCH_TIMEOUT', async () => {
      const started = Date.now();
      const response = await submit(allowing, {
        person_image: `${origin.base}/hang.png`,
        garment_image: dataUri(garment, 'image/jpeg'),
      });
      const elapsed = Date.now() - started;
      assertError(response, 'url_timeout', 'person_image');
      assert.ok(elapsed >= URL_FETCH_TIMEOUT_MS * 0.9, `answered after ${elapsed} ms`);
      assert.ok(elapsed < URL_FETCH_TIMEOUT_MS + 5000, `answered after ${elapsed} ms`);
    });

    test('the allowlist does not open other private ranges', async () => {
      const response = await submit(allowing, {
        person_image: 'http://10.0.0.1/x.png',
        garment_image: dataUri(garment, 'image/jpeg'),
      });
      assertError(response, 'url_forbidden', 'person_image');
    });
  });
});
