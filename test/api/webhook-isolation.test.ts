/**
 * Webhook deliveries are independent: with one receiver that hangs, one that
 * always fails and one that is healthy, all at once, the healthy one is
 * delivered within a second of its job's end, the failing one is retried on
 * the published schedule within a second, and the hanging one holds at most
 * its endpoint's share of connections.
 */
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { databaseKinds } from '../support/databases.js';
import { request, until } from '../support/http.js';
import { dataUri, personImage, solidImage } from '../support/images.js';
import { startTestServer, type TestServer } from '../support/server.js';

const RETRY_MS = 2000;
/** The dispatcher's documented share of one endpoint (MAX_IN_FLIGHT_PER_ENDPOINT). */
const PER_ENDPOINT = 4;
const SCHEDULE_SLACK_MS = 1000;

interface Receiver {
  server: Server;
  url: string;
  arrivals: number[];
}

async function receiver(answer: (res: ServerResponse) => void): Promise<Receiver> {
  const arrivals: number[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    req.resume();
    req.on('end', () => {
      arrivals.push(Date.now());
      answer(res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, arrivals };
}

const close = (server: Server) =>
  new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });

for (const kind of await databaseKinds()) {
  describe(`webhook deliveries are independent (${kind})`, () => {
    let server: TestServer;
    let hanging: Receiver;
    let failing: Receiver;
    let healthy: Receiver;
    let images: { person_image: string; garment_image: string };
    before(async () => {
      hanging = await receiver(() => {}); // never answers
      failing = await receiver((res) => res.writeHead(500).end('no'));
      healthy = await receiver((res) => res.writeHead(200).end('ok'));
      images = {
        person_image: dataUri(await personImage()),
        garment_image: dataUri(await solidImage(300, 300, { r: 10, g: 20, b: 30 }), 'image/jpeg'),
      };
      server = await startTestServer(kind, {
        URL_FETCH_ALLOWLIST: '127.0.0.1/32',
        WEBHOOK_TIMEOUT: '15s',
        WEBHOOK_RETRY_SCHEDULE: `${RETRY_MS}ms,${RETRY_MS}ms,${RETRY_MS}ms`,
      });
    });
    after(async () => {
      // The hanging receiver's connections go first, so that the server's shutdown records those attempts at once.
      await close(hanging.server);
      await server?.stop();
      await Promise.all([close(failing.server), close(healthy.server)]);
    });

    const submit = async (webhookUrl: string) => {
      const created = await request(`${server.url}/v1/tryon`, { method: 'POST', json: { ...images, webhook_url: webhookUrl } });
      assert.equal(created.status, 202, JSON.stringify(created.body));
      return created.body.id as string;
    };
    const webhooks = async (id: string) => (await request(`${server.url}/v1/jobs/${id}/webhooks`)).body.data[0];
    const job = async (id: string) => (await request(`${server.url}/v1/jobs/${id}`)).body;

    test('one hanging, one failing and one healthy receiver at once', async () => {
      // Six deliveries to the hanging receiver, more than its endpoint's share.
      for (let i = 0; i < 6; i++) await submit(hanging.url);
      await until(async () => (hanging.arrivals.length >= PER_ENDPOINT ? true : undefined), 20_000, 'the hanging receiver is busy');

      const failed = await submit(failing.url);
      const fine = await Promise.all([submit(healthy.url), submit(healthy.url), submit(healthy.url)]);

      // The healthy receiver gets each job within a second of its end.
      for (const id of fine) {
        const delivery = await until(async () => ((await webhooks(id))?.status === 'delivered' ? webhooks(id) : undefined), 20_000, 'delivered');
        const ended = Date.parse((await job(id)).finished_at);
        const sent = Date.parse(delivery.attempts[0].started_at);
        assert.ok(sent - ended < SCHEDULE_SLACK_MS, `delivered ${sent - ended} ms after the job ended`);
      }

      // The failing receiver is retried on the schedule (2 s after each failure), within a second.
      const retried = await until(
        async () => {
          const delivery = await webhooks(failed);
          return delivery?.attempts.length >= 3 ? delivery : undefined;
        },
        30_000,
        'two retries',
      );
      const attempts: { started_at: string; duration_ms: number }[] = retried.attempts;
      for (let i = 1; i < attempts.length; i++) {
        const due = Date.parse(attempts[i - 1]!.started_at) + attempts[i - 1]!.duration_ms + RETRY_MS;
        const late = Date.parse(attempts[i]!.started_at) - due;
        assert.ok(late > -100 && late < SCHEDULE_SLACK_MS, `retry ${i} sent ${late} ms after it was due`);
      }

      // Meanwhile the hanging receiver held no more than its endpoint's share.
      assert.equal(hanging.arrivals.length, PER_ENDPOINT);
    });
  });
}
