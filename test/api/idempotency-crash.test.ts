/**
 * An Idempotency-Key whose request dies (kill -9 while it fetches a slow image
 * URL) is free again once its short lease lapses — on the restarted server and
 * on a second one — instead of answering 409 idempotency_in_progress for the
 * key's 24 hours. While the request lives, its renewed lease keeps the key.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { IDEMPOTENCY_LEASE_MS } from '../../src/jobs/idempotency-leases.js';
import { databaseKinds } from '../support/databases.js';
import { request, until } from '../support/http.js';
import { dataUri, personImage, solidImage } from '../support/images.js';
import { spawnServer, testDatabase, type ChildServer, type TestDatabase } from '../support/server.js';

/** Serves the person photo; the first request for /slow.png gets no answer at all (later ones get the photo). */
async function startOrigin(person: Buffer): Promise<{ server: Server; base: string; slowRequests: () => number }> {
  let slow = 0;
  const server = createServer((req, res) => {
    if (req.url === '/slow.png' && ++slow === 1) return; // hangs: the submission stays in its fetch
    res.writeHead(200, { 'content-type': 'image/png' }).end(person);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, slowRequests: () => slow };
}

for (const kind of await databaseKinds()) {
  describe(`Idempotency-Key after a crash (${kind})`, () => {
    let database: TestDatabase;
    let origin: Awaited<ReturnType<typeof startOrigin>>;
    let garment: string;
    const children: ChildServer[] = [];
    before(async () => {
      database = await testDatabase(kind);
      origin = await startOrigin(await personImage());
      garment = dataUri(await solidImage(300, 300, { r: 9, g: 90, b: 9 }), 'image/jpeg');
    });
    after(async () => {
      for (const child of children) if (child.process.exitCode === null && child.process.signalCode === null) await child.kill();
      origin?.server.closeAllConnections();
      await new Promise((resolve) => origin?.server.close(resolve));
      await database?.cleanup();
    });

    const start = async () => {
      const child = await spawnServer({ ...database.env, WORKERS: '0', URL_FETCH_ALLOWLIST: '127.0.0.1/32', URL_FETCH_TIMEOUT: '120s' });
      children.push(child);
      return child;
    };
    const submit = (on: ChildServer, key: string, personUrl: string) =>
      request(`${on.url}/v1/tryon`, {
        method: 'POST',
        headers: { 'idempotency-key': key },
        json: { person_image: personUrl, garment_image: garment },
      });

    test('kill -9 while fetching: the retry is accepted once the lease lapses, on a restarted or a second server', async () => {
      const first = await start();
      const slowUrl = `${origin.base}/slow.png`;
      void submit(first, 'order-crash', slowUrl).catch(() => {});
      await until(async () => (origin.slowRequests() >= 1 ? true : undefined), 20_000, 'the first request fetching');

      // Alive past a whole lease: its renewals keep the key.
      const held = Date.now();
      await until(async () => (Date.now() - held > IDEMPOTENCY_LEASE_MS + 1000 ? true : undefined), 30_000, 'a lease');
      const duplicate = await submit(first, 'order-crash', slowUrl);
      assert.equal(duplicate.status, 409, JSON.stringify(duplicate.body));
      assert.equal(duplicate.body.error.code, 'idempotency_in_progress');

      await first.kill();
      const killedAt = Date.now();
      // PGlite's database belongs to one process: the same server restarts; PostgreSQL: a second one starts too.
      const next = await start();
      // The same request again, until it is no longer 409 (the old code: 409 for 24 hours).
      const retry = await until(
        async () => {
          const response = await submit(next, 'order-crash', slowUrl);
          return response.status === 409 ? undefined : response;
        },
        60_000,
        'the retry accepted',
      );
      assert.equal(retry.status, 202, JSON.stringify(retry.body));
      const freedAfterMs = Date.now() - killedAt;
      assert.ok(freedAfterMs < 60_000, `freed ${freedAfterMs} ms after the kill`);
      if (kind === 'postgres') {
        const second = await start();
        const replay = await submit(second, 'order-crash', slowUrl);
        assert.equal(replay.status, 202, JSON.stringify(replay.body));
        assert.equal(replay.body.id, retry.body.id, 'the second server replays the job the retry made');
      }
    });
  });
}
