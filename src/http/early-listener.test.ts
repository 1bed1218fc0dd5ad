import assert from 'node:assert/strict';
import { test } from 'node:test';
import { listenEarly } from './early-listener.js';

test('before the API takes over: /healthz 200, /readyz 503 saying what starts, other requests held and then answered by the API', async () => {
  const listener = await listenEarly(0, '127.0.0.1', 'not started');
  try {
    const health = await fetch(`${listener.url}/healthz`);
    assert.deepEqual([health.status, await health.json()], [200, { status: 'ok' }]);
    const ready = await fetch(`${listener.url}/readyz`);
    assert.deepEqual(
      [ready.status, await ready.json()],
      [503, { status: 'not_ready', checks: { database: 'opening', storage: 'waiting for the database', engine: 'not started' } }],
    );

    // Sent before the hand-over, answered after it by the API's handler, body intact.
    let arrived!: () => void;
    const held = new Promise<void>((resolve) => (arrived = resolve));
    listener.server.prependListener('request', () => arrived());
    const posting = fetch(`${listener.url}/v1/tryon`, { method: 'POST', body: 'the body', headers: { 'content-type': 'text/plain' } });
    await held;
    listener.handOver((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => response.end(`${request.method} ${request.url} ${body}`));
    });
    const answered = await posting;
    assert.deepEqual([answered.status, await answered.text()], [200, 'POST /v1/tryon the body']);
    // From now on every request goes to the API, /healthz too.
    assert.equal(await (await fetch(`${listener.url}/healthz`)).text(), 'GET /healthz ');
  } finally {
    await listener.close();
  }
});

test('a start that fails: held requests answer 503 with Retry-After in the error envelope, and the port closes', async () => {
  const listener = await listenEarly(0, '127.0.0.1', 'not run by this process');
  let arrived!: () => void;
  const held = new Promise<void>((resolve) => (arrived = resolve));
  listener.server.prependListener('request', () => arrived());
  const waiting = fetch(`${listener.url}/v1/jobs`);
  await held;
  await listener.close();
  const answer = await waiting;
  assert.equal(answer.status, 503);
  assert.equal(answer.headers.get('retry-after'), '1');
  assert.deepEqual(await answer.json(), { error: { code: 'service_unavailable', message: 'Drape is starting. Try again in a moment.' } });
  await assert.rejects(fetch(`${listener.url}/healthz`), (error: Error & { cause?: { code?: string } }) => error.cause?.code === 'ECONNREFUSED');
});
