/**
 * The FASHN dialect, driven by FASHN's own TypeScript SDK (`fashn` on npm)
 * pointed at a test server through its baseURL option: predictions.run,
 * status and subscribe end to end on fixture photos given as URLs and as
 * base64 data: URIs; num_samples, seed, output_format and return_base64;
 * the x-fashn-credits-used header the SDK reads into creditsUsed; FASHN's
 * API-level error envelopes ({error: <Name>, message} with its statuses) as
 * the SDK surfaces them, and its run-time errors ({name, message}); GET
 * /v1/credits; the webhook body.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import Fashn, { APIError } from 'fashn';
import sharp from 'sharp';
import { newTeam } from '../support/accounts.js';
import { databaseKinds } from '../support/databases.js';
import { fixturesDir } from '../support/engine-fixtures.js';
import { request, until } from '../support/http.js';
import { dataUri, personImage } from '../support/images.js';
import { TEST_ADMIN_KEY } from '../support/keys.js';
import { startTestServer, type TestServer } from '../support/server.js';

const PERSON = join(fixturesDir(), 'persons', '01008_00.jpg');
const GARMENT = join(fixturesDir(), 'garments', '00055_00.jpg');
/** FASHN documents output links as available for 72 hours. */
const OUTPUT_TTL_S = 72 * 3600;

interface Origin {
  server: Server;
  base: string;
  /** Webhook bodies received at /hook. */
  hooks: unknown[];
}

/** Serves the fixture photos as a shop's CDN would, and receives webhooks at /hook. */
async function startOrigin(): Promise<Origin> {
  const files: Record<string, Buffer> = { '/person.jpg': await readFile(PERSON), '/garment.jpg': await readFile(GARMENT) };
  const hooks: unknown[] = [];
  const server = createServer((req, res) => {
    if (req.method === 'POST' && req.url === '/hook') {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        hooks.push(JSON.parse(body));
        res.end('ok');
      });
      return;
    }
    const body = files[req.url ?? ''];
    if (body === undefined) res.writeHead(404).end();
    else res.writeHead(200, { 'content-type': 'image/jpeg', 'content-length': String(body.length) }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, hooks };
}

/** The SDK's error for a call that must fail. */
async function sdkError(call: Promise<unknown>): Promise<APIError> {
  const error = await call.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  assert.ok(error instanceof APIError, `expected the SDK to throw an APIError, got ${String(error)}`);
  return error;
}

for (const kind of await databaseKinds()) {
  describe(`FASHN dialect through FASHN's SDK (${kind})`, () => {
    let server: TestServer;
    let origin: Origin;
    let client: Fashn;
    let person: Buffer;
    let garment: Buffer;
    before(async () => {
      origin = await startOrigin();
      [person, garment] = await Promise.all([readFile(PERSON), readFile(GARMENT)]);
      server = await startTestServer(kind, { URL_FETCH_ALLOWLIST: '127.0.0.1/32', WEBHOOK_RETRY_SCHEDULE: '1s' });
      // No retries: an error answer must reach the test as the SDK first sees it.
      client = new Fashn({ apiKey: TEST_ADMIN_KEY, baseURL: server.url, maxRetries: 0 });
    });
    after(async () => {
      await server?.stop();
      await new Promise((resolve) => origin?.server.close(resolve));
    });

    const viaUrls = () => ({ model_image: `${origin.base}/person.jpg`, garment_image: `${origin.base}/garment.jpg` });
    const viaBase64 = () => ({ model_image: dataUri(person, 'image/jpeg'), garment_image: dataUri(garment, 'image/jpeg') });
    const fast = { pollInterval: 50, timeout: 30_000 };

    describe('predictions', () => {
      test('run then status: {id, error: null}, then completed with one link to a PNG of the person photo’s size, valid 72 h', async () => {
        const started = await client.predictions.run({ model_name: 'tryon-v1.6', inputs: viaUrls() });
        assert.deepEqual(Object.keys(started).sort(), ['error', 'id']);
        assert.equal(started.error, null);
        assert.match(started.id, /^job_/);

        const done = await until(async () => {
          const status = await client.predictions.status(started.id);
          return status.status === 'completed' || status.status === 'failed' ? status : undefined;
        });
        assert.equal(done.status, 'completed', JSON.stringify(done));
        assert.equal(done.error, null);
        assert.equal(done.output?.length, 1);
        const link = new URL(done.output![0]!.replace(server.config.PUBLIC_URL, server.url));
        const expiresIn = Number(link.searchParams.get('expires')) - Date.now() / 1000;
        assert.ok(Math.abs(expiresIn - OUTPUT_TTL_S) < 120, `the link expires in ${Math.round(expiresIn)} s`);
        const download = await fetch(link);
        assert.equal(download.status, 200);
        const metadata = await sharp(Buffer.from(await download.arrayBuffer())).metadata();
        assert.deepEqual([metadata.format, metadata.width, metadata.height], ['png', 768, 1024]);

        // FASHN's defaults, as the native API shows the job.
        const native = await request(`${server.url}/v1/jobs/${started.id}`);
        assert.equal(native.body.source, 'fashn');
        assert.equal(native.body.options.preset, 'balanced');
        assert.equal(native.body.options.samples, 1);
        assert.deepEqual(native.body.input.garments.map((each: { category: string }) => each.category), ['auto']);
      });

      test('subscribe with base64 inputs, num_samples 2, seed, jpeg and return_base64: two JPEG data: URIs, 2 credits used', async () => {
        const seen = new Set<string>();
        let enqueued: string | undefined;
        const result = await client.predictions.subscribe({
          model_name: 'tryon-v1.6',
          inputs: { ...viaBase64(), category: 'tops', mode: 'performance', num_samples: 2, seed: 7, output_format: 'jpeg', return_base64: true },
          onEnqueued: (id) => (enqueued = id),
          onQueueUpdate: (status) => seen.add(status.status),
          ...fast,
        });
        assert.equal(result.status, 'completed', JSON.stringify(result.error));
        assert.equal(result.id, enqueued);
        assert.equal(result.creditsUsed, 2);
        assert.equal(result.output?.length, 2);
        for (const uri of result.output!) {
          assert.match(uri, /^data:image\/jpeg;base64,/);
          const metadata = await sharp(Buffer.from(uri.slice(uri.indexOf(',') + 1), 'base64')).metadata();
          assert.deepEqual([metadata.format, metadata.width, metadata.height], ['jpeg', 768, 1024]);
        }
        for (const status of seen) assert.ok(['starting', 'in_queue', 'processing', 'completed'].includes(status), status);

        const native = await request(`${server.url}/v1/jobs/${result.id}`);
        assert.deepEqual(
          [native.body.options.preset, native.body.options.seed, native.body.options.samples, native.body.input.garments[0].category],
          ['fast', 7, 2, 'upper'],
        );
        assert.equal(native.body.result.samples.length, 1, 'the second result is listed beside the first');
      });

      test('tryon-max with product_image and num_images runs on the same engine', async () => {
        const result = await client.predictions.subscribe({
          model_name: 'tryon-max',
          inputs: { model_image: dataUri(person, 'image/jpeg'), product_image: dataUri(garment, 'image/jpeg'), generation_mode: 'quality' },
          ...fast,
        } as unknown as Parameters<typeof client.predictions.subscribe>[0]);
        assert.equal(result.status, 'completed', JSON.stringify(result.error));
        assert.equal(result.output?.length, 1);
        // The quality preset is the HD price (2 credits) in Drape's price table.
        assert.equal(result.creditsUsed, 2);
      });

      test('a person the engine cannot use: failed with FASHN’s PoseError, nothing charged', async () => {
        const refused = await personImage({ refused: true });
        const result = await client.predictions.subscribe({
          model_name: 'tryon-v1.6',
          inputs: { model_image: dataUri(refused), garment_image: dataUri(garment, 'image/jpeg') },
          ...fast,
        });
        assert.equal(result.status, 'failed');
        assert.equal(result.error?.name, 'PoseError');
        assert.equal(typeof result.error?.message, 'string');
        assert.equal(result.output, undefined);
        assert.equal(result.creditsUsed, 0);
      });

      test('the webhook carries the status body: {id, status: completed, output, error: null}', async () => {
        const started = await client.predictions.run({
          model_name: 'tryon-v1.6',
          inputs: viaUrls(),
          webhook_url: `${origin.base}/hook`,
        });
        const body = await until(async () => origin.hooks.find((hook) => (hook as { id: string }).id === started.id), 20_000, 'webhook');
        const output = (body as { output: string[] }).output;
        assert.deepEqual(body, { id: started.id, status: 'completed', output, error: null });
        assert.equal(output.length, 1);
        assert.equal((await fetch(output[0]!.replace(server.config.PUBLIC_URL, server.url))).status, 200);
      });
    });

    describe('credits', () => {
      test('GET /v1/credits: {credits: {total, subscription: 0, on_demand}}, and a prediction takes its price', async () => {
        const team = await newTeam(server, { credits: 5 });
        const balance = () => request(`${server.url}/v1/credits`, { key: team.key });
        const before = await balance();
        assert.equal(before.status, 200);
        assert.deepEqual(before.body, { credits: { total: 5, subscription: 0, on_demand: 5 } });
        const teamClient = new Fashn({ apiKey: team.key, baseURL: server.url, maxRetries: 0 });
        const result = await teamClient.predictions.subscribe({ model_name: 'tryon-v1.6', inputs: viaBase64(), ...fast });
        assert.equal(result.creditsUsed, 1);
        assert.deepEqual((await balance()).body, { credits: { total: 4, subscription: 0, on_demand: 4 } });
      });
    });

    describe('errors before a prediction exists, as the SDK sees them', () => {
      /** FASHN's documented statuses and names (docs.fashn.ai, API-level errors). */
      const EXPECTED = {
        badImage: [400, 'BadRequest'],
        missingImage: [400, 'BadRequest'],
        badEnum: [400, 'BadRequest'],
        tooManySamples: [400, 'BadRequest'],
        unknownModel: [400, 'BadRequest'],
        unreachableUrl: [400, 'BadRequest'],
        badKey: [401, 'UnauthorizedAccess'],
        unknownPrediction: [404, 'NotFound'],
        noCredits: [429, 'OutOfCredits'],
        concurrency: [429, 'ConcurrencyLimitExceeded'],
      } as const;

      async function assertFashnError(call: Promise<unknown>, [status, name]: readonly [number, string], message?: RegExp) {
        const error = await sdkError(call);
        assert.equal(error.status, status, error.message);
        const body = error.error as { error: string; message: string };
        assert.deepEqual(Object.keys(body).sort(), ['error', 'message'], JSON.stringify(body));
        assert.equal(body.error, name, JSON.stringify(body));
        assert.equal(typeof body.message, 'string');
        if (message !== undefined) assert.match(body.message, message);
      }

      test('a bad image (not an image at all): 400 BadRequest naming inputs.model_image', async () => {
        await assertFashnError(
          client.predictions.run({
            model_name: 'tryon-v1.6',
            inputs: { model_image: 'data:image/png;base64,bm90IGFuIGltYWdl', garment_image: dataUri(garment, 'image/jpeg') },
          }),
          EXPECTED.badImage,
          /model_image/,
        );
      });

      test('an image URL that does not answer with an image: 400 BadRequest', async () => {
        await assertFashnError(
          client.predictions.run({ model_name: 'tryon-v1.6', inputs: { ...viaUrls(), garment_image: `${origin.base}/missing.jpg` } }),
          EXPECTED.unreachableUrl,
          /garment_image/,
        );
      });

      test('missing garment_image, an unknown category, num_samples 5: 400 BadRequest naming the field', async () => {
        await assertFashnError(
          client.predictions.run({ model_name: 'tryon-v1.6', inputs: { model_image: viaUrls().model_image } } as never),
          EXPECTED.missingImage,
          /inputs\.garment_image is required/,
        );
        await assertFashnError(
          client.predictions.run({ model_name: 'tryon-v1.6', inputs: { ...viaUrls(), category: 'hats' } } as never),
          EXPECTED.badEnum,
          /^inputs\.category: /,
        );
        await assertFashnError(
          client.predictions.run({ model_name: 'tryon-v1.6', inputs: { ...viaUrls(), num_samples: 5 } }),
          EXPECTED.tooManySamples,
          /^inputs\.num_samples: /,
        );
      });

      test('a model this server does not serve: 400 BadRequest saying which it serves', async () => {
        await assertFashnError(
          client.predictions.run({ model_name: 'background-remove', inputs: { image: viaUrls().model_image } } as never),
          EXPECTED.unknownModel,
          /not available on this server; it serves tryon-v1\.6 and tryon-max/,
        );
      });

      test('an unknown key: 401 UnauthorizedAccess; an unknown prediction: 404 NotFound', async () => {
        const stranger = new Fashn({ apiKey: 'sk_NotAKeyThisServerKnows0000000000', baseURL: server.url, maxRetries: 0 });
        await assertFashnError(stranger.predictions.run({ model_name: 'tryon-v1.6', inputs: viaUrls() }), EXPECTED.badKey);
        await assertFashnError(client.predictions.status('job_01JNOSUCHPREDICTION000000'), EXPECTED.unknownPrediction);
      });

      test('no credits: 429 OutOfCredits, and no prediction is made', async () => {
        const broke = await newTeam(server, { credits: 0 });
        const brokeClient = new Fashn({ apiKey: broke.key, baseURL: server.url, maxRetries: 0 });
        await assertFashnError(brokeClient.predictions.run({ model_name: 'tryon-v1.6', inputs: viaBase64() }), EXPECTED.noCredits);
        const listed = await request(`${server.url}/v1/jobs`, { key: broke.key });
        assert.deepEqual(listed.body.data, []);
      });

      test('over the team’s concurrency limit: 429 ConcurrencyLimitExceeded', async () => {
        const busy = await newTeam(server, { limits: { concurrencyLimit: 0 } });
        const busyClient = new Fashn({ apiKey: busy.key, baseURL: server.url, maxRetries: 0 });
        await assertFashnError(busyClient.predictions.run({ model_name: 'tryon-v1.6', inputs: viaBase64() }), EXPECTED.concurrency);
      });
    });
  });
}

describe('num_samples on a deterministic engine (the built-in one makes one image a job)', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer('pglite', {}, { TEST_ENGINE_DETERMINISTIC: '1' });
  });
  after(async () => server?.stop());

  test('num_samples 3: one image, charged once; the job says why', async () => {
    const [person, garment] = await Promise.all([readFile(PERSON), readFile(GARMENT)]);
    const team = await newTeam(server, { credits: 10 });
    const client = new Fashn({ apiKey: team.key, baseURL: server.url, maxRetries: 0 });
    const result = await client.predictions.subscribe({
      model_name: 'tryon-v1.6',
      inputs: { model_image: dataUri(person, 'image/jpeg'), garment_image: dataUri(garment, 'image/jpeg'), mode: 'performance', num_samples: 3 },
      pollInterval: 50,
      timeout: 30_000,
    });
    assert.equal(result.status, 'completed', JSON.stringify(result.error));
    assert.equal(result.output?.length, 1);
    assert.equal(result.creditsUsed, 1);
    assert.deepEqual((await request(`${server.url}/v1/credits`, { key: team.key })).body, { credits: { total: 9, subscription: 0, on_demand: 9 } });
    const native = await request(`${server.url}/v1/jobs/${result.id}`, { key: team.key });
    assert.equal(native.body.options.samples, 3);
    assert.equal(native.body.result.samples, undefined);
    assert.deepEqual(native.body.result.info.samples, {
      requested: 3,
      made: 1,
      reason: 'This engine is deterministic: another sample would be the same image. The job is charged for the images it returns.',
    });
    const usage = await request(`${server.url}/v1/account/usage`, { key: team.key });
    const entries = usage.body.data.filter((entry: { job_id: string | null }) => entry.job_id === result.id);
    assert.deepEqual(
      entries.map((entry: { kind: string; amount: number }) => [entry.kind, entry.amount]).sort(),
      [
        ['charge', -3],
        ['refund', 2],
      ],
    );
  });
});
