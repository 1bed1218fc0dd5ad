/**
 * A PostgreSQL host that stops answering (packets dropped, nothing refused)
 * does not hang requests: with DB_CONNECT_TIMEOUT and DB_QUERY_TIMEOUT the
 * API answers 503 with Retry-After within their bound, and serves again once
 * the host answers. The host's silence is a TCP proxy (test/support/tcp-proxy.ts)
 * in front of the local PostgreSQL.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { loadConfig } from '../../src/config.js';
import { startServer, type RunningServer } from '../../src/server.js';
import { postgresReachable } from '../support/databases.js';
import { assertError, request, until } from '../support/http.js';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy.js';
import { testDatabase, testEnv, type TestDatabase } from '../support/server.js';
import { dataUri, personImage, solidImage } from '../support/images.js';

const CONNECT_TIMEOUT_MS = 1_000;
const QUERY_TIMEOUT_MS = 2_000;
/**
 * The longest a request may take while the host is silent: a query on a
 * pooled connection waits DB_QUERY_TIMEOUT, a new connection DB_CONNECT_TIMEOUT;
 * one of each at most, plus a loaded machine's slack.
 */
const ANSWER_BOUND_MS = QUERY_TIMEOUT_MS + CONNECT_TIMEOUT_MS + 2_000;

const HAS_POSTGRES = await postgresReachable();

describe('an unresponsive PostgreSQL host', { skip: !HAS_POSTGRES && !process.env.CI }, () => {
  let database: TestDatabase;
  let proxy: TcpProxy;
  let server: RunningServer;
  let tryOn: unknown;
  before(async () => {
    database = await testDatabase('postgres');
    const url = new URL(database.env.DATABASE_URL!);
    proxy = await startTcpProxy({ host: url.hostname, port: Number(url.port || 5432) });
    url.host = proxy.address;
    server = await startServer(
      loadConfig(
        testEnv({
          ...database.env,
          DATABASE_URL: url.toString(),
          WORKERS: '0',
          DB_CONNECT_TIMEOUT: `${CONNECT_TIMEOUT_MS}ms`,
          DB_QUERY_TIMEOUT: `${QUERY_TIMEOUT_MS}ms`,
        }),
      ),
    );
    tryOn = {
      person_image: dataUri(await personImage({ width: 256, height: 320 })),
      garment_image: dataUri(await solidImage(256, 256, { r: 20, g: 40, b: 200 }), 'image/jpeg'),
    };
  });
  after(async () => {
    proxy?.resume();
    await server?.close();
    await proxy?.close();
    await database?.cleanup();
  });

  test('requests answer 503 with Retry-After within the timeouts, and are served again when it answers', async () => {
    const created = await request(`${server.url}/v1/tryon`, { method: 'POST', json: tryOn });
    assert.equal(created.status, 202, JSON.stringify(created.body));
    const job = `${server.url}/v1/jobs/${created.body.id}`;

    proxy.silence();
    // Several rounds: the first meet pooled connections that stay silent, later ones new connections that never open.
    for (let round = 0; round < 3; round++) {
      for (const [what, send] of [
        // Aborted well past the bound, so that a hanging request fails the test rather than stalling it.
        ['GET /v1/jobs/:id', () => request(job, { signal: AbortSignal.timeout(2 * ANSWER_BOUND_MS) })],
        ['POST /v1/tryon', () => request(`${server.url}/v1/tryon`, { method: 'POST', json: tryOn, signal: AbortSignal.timeout(2 * ANSWER_BOUND_MS) })],
      ] as const) {
        const started = Date.now();
        const response = await send();
        const took = Date.now() - started;
        assertError(response, 'service_unavailable');
        assert.match(response.headers.get('retry-after') ?? '', /^\d+$/, what);
        assert.ok(took < ANSWER_BOUND_MS, `${what} answered after ${took} ms; bound ${ANSWER_BOUND_MS} ms`);
      }
    }
    const started = Date.now();
    const ready = await request(`${server.url}/readyz`);
    assert.equal(ready.status, 503);
    assert.notEqual(ready.body.checks.database, 'ok');
    assert.ok(Date.now() - started < ANSWER_BOUND_MS);

    proxy.resume();
    // The silent connections were dropped from the pool: new ones serve.
    const back = await until(async () => {
      const response = await request(job);
      return response.status === 200 ? response : undefined;
    }, 15_000, 'the job to be readable again');
    assert.equal(back.body.id, created.body.id);
    assert.equal((await request(`${server.url}/v1/tryon`, { method: 'POST', json: tryOn })).status, 202);
  });
});
