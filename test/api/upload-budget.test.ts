/**
 * The upload budget over HTTP: a body past what the server holds is refused
 * with Retry-After, a request alone is always taken, and a request that only
 * waits for its job (Prefer: wait) holds no upload bytes.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { assertError, request, until } from '../support/http.js';
import { dataUri, personImage, solidImage } from '../support/images.js';
import { startTestServer, type TestServer } from '../support/server.js';

describe('upload budget (pglite)', () => {
  let server: TestServer;
  let body: Record<string, string>;
  before(async () => {
    // A budget smaller than one request: only a request alone gets in.
    server = await startTestServer('pglite', { WORKERS: '0', UPLOAD_BYTES_IN_FLIGHT: '1000' });
    body = { person_image: dataUri(await personImage()), garment_image: dataUri(await solidImage(300, 300, { r: 1, g: 2, b: 3 }), 'image/jpeg') };
  });
  after(async () => server?.stop());

  test('a request that waits for its job gives its body back: the next upload is taken meanwhile', async () => {
    let answered = false;
    const waiting = request(`${server.url}/v1/tryon`, { method: 'POST', json: body, headers: { prefer: 'wait=3' } }).finally(() => (answered = true));
    await until(async () => ((await request(`${server.url}/v1/jobs?status=queued`)).body.data.length > 0 ? true : undefined));
    const next = await request(`${server.url}/v1/tryon`, { method: 'POST', json: body });
    assert.equal(answered, false, 'the first request is still waiting');
    assert.equal(next.status, 202, JSON.stringify(next.body));
    assert.equal((await waiting).status, 202);
  });

  test('past the budget: 429 for the same key with Retry-After', async () => {
    // Held open by a slow body: the first request's bytes are in flight while the second arrives.
    const controller = new AbortController();
    let push: (chunk: Uint8Array) => void = () => {};
    const stream = new ReadableStream<Uint8Array>({ start: (c) => (push = (chunk) => c.enqueue(chunk)) });
    const slow = fetch(`${server.url}/v1/tryon`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.config.DRAPE_ADMIN_KEY}`, 'content-type': 'application/json', 'content-length': '5000' },
      body: stream,
      duplex: 'half',
      signal: controller.signal,
    } as RequestInit).catch(() => undefined);
    push(new TextEncoder().encode('{"person_image":"'));
    const refused = await until(async () => {
      const response = await request(`${server.url}/v1/tryon`, { method: 'POST', json: body });
      return response.status === 429 ? response : undefined;
    });
    assertError(refused, 'rate_limit_exceeded');
    assert.equal(refused.headers.get('retry-after'), '1');
    controller.abort();
    await slow;
  });
});
