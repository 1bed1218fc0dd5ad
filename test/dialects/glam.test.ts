/**
 * The Glam dialect against its document (../shared/specs/glam-tryon.txt):
 * POST /api/v1/tryon {media_url, garment_url, mask_type} → {event_id};
 * GET /api/v1/tryon/{event_id} → {media_urls, status} with IN_QUEUE,
 * IN_PROGRESS, READY and FAILED; X-API-Key; parallel generations bounded by
 * the team's concurrency slots. Real fixture photos, served by a local origin.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { newTeam } from '../support/accounts.js';
import { databaseKinds } from '../support/databases.js';
import { fixturesDir } from '../support/engine-fixtures.js';
import { request, until } from '../support/http.js';
import { dataUri, personImage } from '../support/images.js';
import { TEST_ADMIN_KEY } from '../support/keys.js';
import { startTestServer, type TestServer } from '../support/server.js';

const PERSON = join(fixturesDir(), 'persons', '01008_00.jpg');
const GARMENT = join(fixturesDir(), 'garments', '00055_00.jpg');

/** Serves the fixture photos, as the shop's CDN would. */
async function startOrigin(): Promise<{ server: Server; base: string }> {
  const files: Record<string, Buffer> = { '/person.jpg': await readFile(PERSON), '/garment.jpg': await readFile(GARMENT) };
  const server = createServer((req, res) => {
    const body = files[req.url ?? ''];
    if (body === undefined) res.writeHead(404).end();
    else res.writeHead(200, { 'content-type': 'image/jpeg' }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

const glamHeaders = (key = TEST_ADMIN_KEY) => ({ 'x-api-key': key, accept: 'application/json' });

for (const kind of await databaseKinds()) {
  describe(`Glam dialect (${kind})`, () => {
    let server: TestServer;
    let origin: Awaited<ReturnType<typeof startOrigin>>;
    before(async () => {
      origin = await startOrigin();
      server = await startTestServer(kind, { URL_FETCH_ALLOWLIST: '127.0.0.1/32', TEST_ENGINE_STAGE_MS: '150' });
    });
    after(async () => {
      await server.stop();
      await new Promise((resolve) => origin.server.close(resolve));
    });

    const generate = (body: unknown, key?: string) =>
      request(`${server.url}/api/v1/tryon`, { method: 'POST', headers: glamHeaders(key), json: body, key: null });
    const result = (id: string, key?: string) =>
      request(`${server.url}/api/v1/tryon/${id}`, { headers: glamHeaders(key), key: null });

    test('generate, follow IN_QUEUE/IN_PROGRESS to READY, and download the media URL', async () => {
      const created = await generate({
        media_url: `${origin.base}/person.jpg`,
        garment_url: `${origin.base}/garment.jpg`,
        mask_type: 'upper',
      });
      assert.equal(created.status, 200, JSON.stringify(created.body));
      assert.deepEqual(Object.keys(created.body), ['event_id']);
      const eventId = created.body.event_id as string;

      const seen = new Set<string>();
      const ready = await until(async () => {
        const polled = await result(eventId);
        assert.equal(polled.status, 200);
        seen.add(polled.body.status);
        if (polled.body.status !== 'READY') {
          assert.deepEqual(polled.body.media_urls, []);
          return undefined;
        }
        return polled.body;
      });
      assert.ok([...seen].every((status) => ['IN_QUEUE', 'IN_PROGRESS', 'READY'].includes(status)), [...seen].join());
      assert.ok(seen.has('IN_PROGRESS'), 'a running generation reports IN_PROGRESS');
      assert.deepEqual(Object.keys(ready).sort(), ['media_urls', 'status']);
      assert.equal(ready.media_urls.length, 1);
      const download = await fetch(ready.media_urls[0].replace(server.config.PUBLIC_URL, server.url));
      assert.equal(download.status, 200);
      assert.equal(download.headers.get('content-type'), 'image/jpeg');
      assert.ok((await download.arrayBuffer()).byteLength > 1000);

      // The same job through the native API.
      const native = await request(`${server.url}/v1/jobs/${eventId}`);
      assert.equal(native.status, 200);
      assert.equal(native.body.source, 'glam');
      assert.equal(native.body.status, 'completed');
      assert.equal(native.body.input.garments[0].category, 'upper');
    });

    test('mask_type overall, upper and lower map to dress, upper and lower', async () => {
      const expected = { overall: 'dress', upper: 'upper', lower: 'lower' } as const;
      for (const [maskType, category] of Object.entries(expected)) {
        const created = await generate({
          media_url: dataUri(await readFile(PERSON), 'image/jpeg'),
          garment_url: dataUri(await readFile(GARMENT), 'image/jpeg'),
          mask_type: maskType,
        });
        assert.equal(created.status, 200, JSON.stringify(created.body));
        const native = await request(`${server.url}/v1/jobs/${created.body.event_id}`);
        assert.equal(native.body.input.garments[0].category, category, maskType);
      }
    });

    test('a generation that fails reports FAILED with no media', async () => {
      const created = await generate({
        media_url: dataUri(await personImage({ refused: true })),
        garment_url: dataUri(await readFile(GARMENT), 'image/jpeg'),
        mask_type: 'upper',
      });
      assert.equal(created.status, 200);
      const failed = await until(async () => {
        const polled = await result(created.body.event_id);
        return polled.body.status === 'FAILED' ? polled.body : undefined;
      });
      assert.deepEqual(failed.media_urls, []);
      assert.match(failed.error, /person/i);
    });

    test('bad requests: missing and unknown mask_type, missing URLs, a URL that is not an image', async () => {
      const person = `${origin.base}/person.jpg`;
      const garment = `${origin.base}/garment.jpg`;
      const cases: [unknown, number, string][] = [
        [{ media_url: person, garment_url: garment }, 400, 'missing_parameter'],
        [{ media_url: person, garment_url: garment, mask_type: 'full' }, 400, 'invalid_parameter'],
        [{ garment_url: garment, mask_type: 'upper' }, 400, 'missing_parameter'],
        [{ media_url: person, mask_type: 'upper' }, 400, 'missing_parameter'],
        [{ media_url: `${origin.base}/missing.jpg`, garment_url: garment, mask_type: 'upper' }, 422, 'url_fetch_failed'],
      ];
      for (const [body, status, code] of cases) {
        const refused = await generate(body);
        assert.equal(refused.status, status, JSON.stringify(refused.body));
        assert.equal(refused.body.error.code, code, JSON.stringify(refused.body));
      }
    });

    test('X-API-Key is required, and another team’s event is not found', async () => {
      const body = { media_url: `${origin.base}/person.jpg`, garment_url: `${origin.base}/garment.jpg`, mask_type: 'upper' };
      const missing = await request(`${server.url}/api/v1/tryon`, { method: 'POST', json: body, key: null });
      assert.equal(missing.status, 401);
      assert.equal(missing.body.error.code, 'invalid_auth_token');
      const wrong = await generate(body, 'sk_not_a_real_key');
      assert.equal(wrong.status, 401);

      const created = await generate(body);
      const other = await newTeam(server);
      const hidden = await result(created.body.event_id, other.key);
      assert.equal(hidden.status, 404);
      assert.equal((await result('job_missing')).status, 404);
    });

    test('parallel generations are bounded by the plan’s concurrency slots', async () => {
      const team = await newTeam(server, { limits: { concurrencyLimit: 1 } });
      const body = {
        media_url: dataUri(await readFile(PERSON), 'image/jpeg'),
        garment_url: dataUri(await readFile(GARMENT), 'image/jpeg'),
        mask_type: 'upper',
      };
      const first = await generate(body, team.key);
      assert.equal(first.status, 200);
      const second = await generate(body, team.key);
      assert.equal(second.status, 429);
      assert.equal(second.body.error.code, 'concurrency_limit_exceeded');
      await until(async () => ((await result(first.body.event_id, team.key)).body.status === 'READY' ? true : undefined));
      assert.equal((await generate(body, team.key)).status, 200, 'a finished generation frees its slot');
    });
  });
}
