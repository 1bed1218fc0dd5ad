import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { Webhook } from 'standardwebhooks';
import { databaseKinds } from '../support/databases.js';
import { request, until } from '../support/http.js';
import { dataUri, personImage, solidImage } from '../support/images.js';
import { startTestServer, type TestServer } from '../support/server.js';

interface Received {
  headers: Record<string, string>;
  body: string;
}

/** A webhook receiver on 127.0.0.1 that answers with the next status of `statuses` (then 200). */
async function receiver(statuses: number[]): Promise<{ server: Server; url: string; received: Received[] }> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      received.push({ headers: req.headers as Record<string, string>, body });
      res.statusCode = statuses.shift() ?? 200;
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, received };
}

for (const kind of await databaseKinds()) {
  describe(`webhooks (${kind})`, () => {
    let server: TestServer;
    let hooks: Awaited<ReturnType<typeof receiver>>;
    before(async () => {
      hooks = await receiver([500]);
      server = await startTestServer(kind, { URL_FETCH_ALLOWLIST: '127.0.0.1/32', WEBHOOK_RETRY_SCHEDULE: '200ms,200ms' });
    });
    after(async () => {
      await server.stop();
      await new Promise((resolve) => hooks.server.close(resolve));
    });

    test('a completed job is delivered signed, retried after a 500, and every attempt is listed', async () => {
      const created = await request(`${server.url}/v1/tryon`, {
        method: 'POST',
        json: {
          person_image: dataUri(await personImage()),
          garment_image: dataUri(await solidImage(300, 300, { r: 10, g: 20, b: 30 }), 'image/jpeg'),
          webhook_url: hooks.url,
          metadata: { sku: 'T-1' },
        },
      });
      assert.equal(created.status, 202);
      await until(async () => (hooks.received.length >= 2 ? true : undefined), 20_000, 'two webhook attempts');

      const { secret } = (await request(`${server.url}/v1/webhooks/secret`)).body;
      assert.match(secret, /^whsec_/);
      const [first, second] = hooks.received;
      assert.equal(first!.headers['webhook-id'], second!.headers['webhook-id'], 'a retry keeps its webhook-id');
      for (const attempt of [first!, second!]) {
        assert.match(attempt.headers['webhook-signature']!, /^v1,[A-Za-z0-9+/=]+$/);
        const payload = new Webhook(secret).verify(attempt.body, attempt.headers) as any;
        assert.equal(payload.id, created.body.id);
        assert.equal(payload.status, 'completed');
        assert.deepEqual(payload.metadata, { sku: 'T-1' });
        assert.match(payload.result.image_url, /\/v1\/files\/results\//);
      }
      assert.throws(() => new Webhook(secret).verify(first!.body.replace('completed', 'failed'), first!.headers));

      const log = await until(async () => {
        const response = await request(`${server.url}/v1/jobs/${created.body.id}/webhooks`);
        return response.body.data[0]?.status === 'delivered' ? response.body : undefined;
      });
      assert.equal(log.data.length, 1);
      assert.equal(log.data[0].event, 'job.completed');
      assert.equal(log.data[0].id, first!.headers['webhook-id']);
      assert.deepEqual(
        log.data[0].attempts.map((attempt: any) => [attempt.attempt, attempt.response_status, attempt.succeeded]),
        [
          [1, 500, false],
          [2, 200, true],
        ],
      );
    });

    test('a receiver that keeps failing exhausts the schedule and the delivery fails', async () => {
      const failing = await receiver([500, 503, 502, 500]);
      try {
        const created = await request(`${server.url}/v1/tryon`, {
          method: 'POST',
          json: {
            person_image: dataUri(await personImage()),
            garment_image: dataUri(await solidImage(300, 300, { r: 1, g: 2, b: 3 }), 'image/jpeg'),
            webhook_url: failing.url,
          },
        });
        const log = await until(async () => {
          const response = await request(`${server.url}/v1/jobs/${created.body.id}/webhooks`);
          return response.body.data[0]?.status === 'failed' ? response.body : undefined;
        });
        // One first attempt and one per entry of the schedule (200ms,200ms).
        assert.equal(log.data[0].attempts.length, 3);
        assert.equal(failing.received.length, 3);
      } finally {
        await new Promise((resolve) => failing.server.close(resolve));
      }
    });

    test('a webhook to a private address is refused at submission, or (by name) never sent', async () => {
      const guarded = await startTestServer(kind, { WEBHOOK_RETRY_SCHEDULE: '100ms' });
      const target = await receiver([]);
      try {
        const json = {
          person_image: dataUri(await personImage()),
          garment_image: dataUri(await solidImage(300, 300, { r: 1, g: 2, b: 3 }), 'image/jpeg'),
        };
        const literal = await request(`${guarded.url}/v1/tryon`, { method: 'POST', json: { ...json, webhook_url: target.url } });
        assert.equal(literal.status, 422);
        assert.equal(literal.body.error.field, 'webhook_url');
        const created = await request(`${guarded.url}/v1/tryon`, {
          method: 'POST',
          json: { ...json, webhook_url: target.url.replace('127.0.0.1', 'localhost') },
        });
        assert.equal(created.status, 202);
        const log = await until(async () => {
          const response = await request(`${guarded.url}/v1/jobs/${created.body.id}/webhooks`);
          return response.body.data[0]?.status === 'failed' ? response.body : undefined;
        });
        assert.equal(log.data[0].attempts.length, 1);
        assert.match(log.data[0].attempts[0].error, /^url_forbidden/);
        assert.equal(target.received.length, 0);
      } finally {
        await guarded.stop();
        await new Promise((resolve) => target.server.close(resolve));
      }
    });
  });
}
