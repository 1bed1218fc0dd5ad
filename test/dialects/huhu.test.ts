/**
 * The Huhu try-on v1 dialect, from its document (../shared/specs/huhu-tryon-v1.txt):
 * POST /tryon/v1 (multipart files or JSON URLs), GET /requests/v1?job_id=,
 * its webhook body, x-api-key, its status codes. Two servers per database: one
 * with a worker for whole runs, one without (WORKERS=0) where jobs stay
 * queued, so "initiated", cancellation and the stored options are checked
 * without racing the engine.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import sharp from 'sharp';
import { Webhook } from 'standardwebhooks';
import { ERROR_CODES, type ErrorCode } from '../../src/errors.js';
import { huhuStatus } from '../../src/http/dialects/huhu/error-response.js';
import { newTeam } from '../support/accounts.js';
import { databaseKinds } from '../support/databases.js';
import { HUHU_STATUS } from '../support/expected-statuses.js';
import { fixturesDir } from '../support/engine-fixtures.js';
import { multipart, request, until, type JsonResponse } from '../support/http.js';
import { dataUri } from '../support/images.js';
import { TEST_ADMIN_KEY } from '../support/keys.js';
import { startTestServer, type TestServer } from '../support/server.js';

const fixture = (folder: 'persons' | 'garments', name: string) => readFileSync(resolve(fixturesDir(), folder, name));
const MODEL = fixture('persons', '049205_0.jpg');
const MODEL_PNG = fixture('persons', 'model_1.png');
const TOP = fixture('garments', '00055_00.jpg');
const BOTTOM = fixture('garments', '051412_1.jpg');

const TEN_MB = 10 * 1024 * 1024;
/** Huhu's documented statuses, and 404 for an unknown job. */
const HUHU_STATUS_CODES = [400, 401, 402, 403, 404, 413, 422, 429, 500];
/** A rate so slow that no token comes back during a test: only the burst counts. */
const SLOW = 0.01;

type Field = [string, string | Buffer];

/** A local origin for image URLs, counting what it served. */
async function startOrigin(files: Record<string, Buffer>): Promise<{ server: Server; base: string; seen: string[] }> {
  const seen: string[] = [];
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://origin').pathname;
    seen.push(path);
    const file = files[path];
    if (file === undefined) res.writeHead(404).end();
    else res.writeHead(200, { 'content-type': path.endsWith('.png') ? 'image/png' : 'image/jpeg' }).end(file);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

interface Received {
  headers: IncomingMessage['headers'];
  body: string;
}

/** A webhook receiver on 127.0.0.1 that answers 200 to everything. */
async function startReceiver(): Promise<{ server: Server; url: string; received: Received[] }> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      res.end('ok');
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, received };
}

const close = (server: Server | undefined) =>
  new Promise<void>((done) => {
    server?.closeAllConnections();
    if (server === undefined) done();
    else server.close(() => done());
  });

/** Huhu's error body: FastAPI's {detail} and Drape's code, with its status. */
function assertHuhuError(response: JsonResponse, status: number, code: ErrorCode, detail?: string): void {
  const shown = JSON.stringify(response.body);
  assert.equal(response.status, status, shown);
  assert.equal(typeof response.body?.detail, 'string', shown);
  assert.deepEqual(response.body, { detail: detail ?? response.body.detail, error_code: code }, shown);
}

function assertInitiated(response: JsonResponse): string {
  assert.equal(response.status, 200, JSON.stringify(response.body));
  assert.match(response.body.job_id, /^job_[0-9a-z]{26}$/);
  assert.deepEqual(response.body, { job_id: response.body.job_id, status: 'initiated' });
  return response.body.job_id as string;
}

describe('Huhu status codes', () => {
  test('every Drape error code answers one of Huhu’s statuses (or 404), as the table written from its document', () => {
    for (const code of ERROR_CODES) {
      assert.ok(HUHU_STATUS_CODES.includes(HUHU_STATUS[code]), `${code} → ${HUHU_STATUS[code]}`);
      assert.equal(huhuStatus(code), HUHU_STATUS[code], code);
    }
  });
});

for (const kind of await databaseKinds()) {
  describe(`Huhu try-on v1 (${kind})`, () => {
    /** One worker: jobs run to their end. */
    let server: TestServer;
    /** No workers: jobs stay queued. */
    let queue: TestServer;
    let origin: Awaited<ReturnType<typeof startOrigin>>;
    let hooks: Awaited<ReturnType<typeof startReceiver>>;
    /** The model photo with a pure red top-left corner: the test engine finds no person in it. */
    let refusedModel: Buffer;

    before(async () => {
      const red = await sharp({ create: { width: 8, height: 8, channels: 3, background: { r: 255, g: 0, b: 0 } } }).png().toBuffer();
      refusedModel = await sharp(MODEL).composite([{ input: red, top: 0, left: 0 }]).png().toBuffer();
      origin = await startOrigin({ '/garment.jpg': BOTTOM, '/model.png': MODEL_PNG, '/model.jpg': MODEL });
      hooks = await startReceiver();
      const env = { URL_FETCH_ALLOWLIST: '127.0.0.1/32', WEBHOOK_RETRY_SCHEDULE: '200ms' };
      [server, queue] = await Promise.all([startTestServer(kind, env), startTestServer(kind, { ...env, WORKERS: '0' })]);
    });
    after(async () => {
      await Promise.all([server?.stop(), queue?.stop()]);
      await Promise.all([close(origin?.server), close(hooks?.server)]);
    });

    const submitForm = (on: TestServer, fields: Field[], key = TEST_ADMIN_KEY) =>
      request(`${on.url}/tryon/v1`, {
        method: 'POST',
        headers: { 'x-api-key': key },
        // Files as Huhu's Python example sends them: named "file", application/octet-stream.
        body: multipart(
          fields.map(([name, value]) => [
            name,
            typeof value === 'string' ? value : { bytes: value, filename: 'file', type: 'application/octet-stream' },
          ]),
        ),
      });
    const submitJson = (on: TestServer, json: unknown, key = TEST_ADMIN_KEY) =>
      request(`${on.url}/tryon/v1`, { method: 'POST', headers: { 'x-api-key': key }, json });
    const status = (on: TestServer, jobId: string, key = TEST_ADMIN_KEY) =>
      request(`${on.url}/requests/v1?job_id=${encodeURIComponent(jobId)}`, { headers: { 'x-api-key': key } });
    const nativeJob = async (on: TestServer, jobId: string, key = TEST_ADMIN_KEY) => {
      const response = await request(`${on.url}/v1/jobs/${jobId}`, { key });
      assert.equal(response.status, 200, JSON.stringify(response.body));
      return response.body;
    };
    const ended = (on: TestServer, jobId: string) =>
      until<JsonResponse>(async () => {
        const response = await status(on, jobId);
        return ['completed', 'failed', 'canceled'].includes(response.body.status) ? response : undefined;
      }, 20_000, `job ${jobId} to end`);
    const form = (garmentType = 'Top'): Field[] => [
      ['image_garment_file', TOP],
      ['image_model_file', MODEL],
      ['garment_type', garmentType],
    ];
    const json = (extra: Record<string, unknown> = {}) => ({
      image_garment_url: dataUri(TOP, 'image/jpeg'),
      image_model_url: dataUri(MODEL, 'image/jpeg'),
      garment_type: 'Top',
      ...extra,
    });
    /** A result link, fetched without a key; the body is read so no connection is left open. */
    const download = async (url: string) => {
      const response = await fetch(url.replace(server.config.PUBLIC_URL, server.url));
      return { status: response.status, type: response.headers.get('content-type'), bytes: Buffer.from(await response.arrayBuffer()) };
    };

    describe('submit → poll → download', () => {
      test('multipart as in Huhu’s curl example: initiated, polled to completed, the PNG downloads without a key', async () => {
        const jobId = assertInitiated(await submitForm(server, form()));
        const first = await status(server, jobId);
        assert.equal(first.status, 200);
        assert.ok(['initiated', 'processing', 'completed'].includes(first.body.status), first.body.status);
        if (first.body.status !== 'completed') assert.deepEqual(first.body, { job_id: jobId, status: first.body.status, output: [] });

        const done = await ended(server, jobId);
        assert.equal(done.status, 200);
        const imageUrl: string = done.body.output[0]?.image_url;
        assert.deepEqual(done.body, { job_id: jobId, status: 'completed', output: [{ image_url: imageUrl }] });
        const link = new URL(imageUrl);
        // Valid 24 h (RESULT_URL_TTL): the signature's expiry is a day away.
        const validSeconds = Number(link.searchParams.get('expires')) - Date.now() / 1000;
        assert.ok(Math.abs(validSeconds - 24 * 3600) < 120, `valid for ${validSeconds} s`);

        const image = await download(link.href);
        assert.equal(image.status, 200);
        assert.equal(image.type, 'image/png');
        const meta = await sharp(image.bytes).metadata();
        assert.deepEqual([meta.format, meta.width, meta.height], ['png', 768, 1024]);
      });

      test('the input_-prefixed file names of Huhu’s webhook example are accepted too', async () => {
        const jobId = assertInitiated(
          await submitForm(server, [
            ['input_image_garment_file', BOTTOM],
            ['input_image_model_file', MODEL],
            ['garment_type', 'Bottom'],
          ]),
        );
        const job = await nativeJob(server, jobId);
        assert.equal(job.input.garments[0].category, 'lower');
        assert.equal((await ended(server, jobId)).body.status, 'completed');
      });

      test('JSON with image URLs: both are fetched, and the job completes', async () => {
        const before = origin.seen.length;
        const jobId = assertInitiated(
          await submitJson(server, {
            image_garment_url: `${origin.base}/garment.jpg`,
            image_model_url: `${origin.base}/model.png`,
            garment_type: 'Bottom',
          }),
        );
        assert.deepEqual(origin.seen.slice(before).sort(), ['/garment.jpg', '/model.png']);
        const job = await nativeJob(server, jobId);
        const modelMeta = await sharp(MODEL_PNG).metadata();
        assert.deepEqual([job.input.person.width, job.input.person.height], [modelMeta.width, modelMeta.height]);
        assert.equal(job.input.garments[0].category, 'lower');
        assert.equal((await ended(server, jobId)).body.status, 'completed');
      });

      test('JSON with data: URIs is accepted as well', async () => {
        const jobId = assertInitiated(await submitJson(server, json()));
        assert.equal((await ended(server, jobId)).body.status, 'completed');
      });

      test('multipart with URL strings; a file wins over a URL given for the same image', async () => {
        const before = origin.seen.length;
        const jobId = assertInitiated(
          await submitForm(server, [
            ['image_garment_file', TOP],
            ['image_garment_url', `${origin.base}/garment.jpg`],
            ['image_model_url', `${origin.base}/model.jpg`],
            ['garment_type', 'Top'],
          ]),
        );
        assert.deepEqual(origin.seen.slice(before), ['/model.jpg']);
        const job = await nativeJob(server, jobId);
        const topMeta = await sharp(TOP).metadata();
        assert.deepEqual([job.input.garments[0].width, job.input.garments[0].height], [topMeta.width, topMeta.height]);
      });

      test('a job the engine refuses is failed, with no output and the reason', async () => {
        const jobId = assertInitiated(
          await submitForm(server, [
            ['image_garment_file', TOP],
            ['image_model_file', refusedModel],
            ['garment_type', 'Top'],
          ]),
        );
        assert.deepEqual((await ended(server, jobId)).body, {
          job_id: jobId,
          status: 'failed',
          output: [],
          error: 'No person was found in the person photo.',
        });
      });

      test('a Huhu job is a native job: GET /v1/jobs/{id} shows it with source huhu', async () => {
        const jobId = assertInitiated(await submitForm(server, form()));
        await ended(server, jobId);
        const job = await nativeJob(server, jobId);
        assert.equal(job.id, jobId);
        assert.equal(job.source, 'huhu');
        assert.equal(job.operation, 'tryon');
        assert.equal(job.status, 'completed');
        assert.equal(job.output_format, 'png');
        const listed = await request(`${server.url}/v1/jobs?limit=100`);
        assert.ok(listed.body.data.some((each: { id: string }) => each.id === jobId));
      });
    });

    describe('webhook', () => {
      const delivery = (jobId: string) =>
        until<Received>(
          async () => hooks.received.find((each) => JSON.parse(each.body).job_id === jobId),
          20_000,
          `webhook of ${jobId}`,
        );

      test('completed: exactly Huhu’s documented body, signed per Standard Webhooks', async () => {
        const jobId = assertInitiated(
          await submitForm(server, [
            ['input_image_garment_file', TOP],
            ['input_image_model_file', MODEL],
            ['garment_type', 'Top'],
            ['webhook', hooks.url],
          ]),
        );
        const received = await delivery(jobId);
        const body = JSON.parse(received.body);
        const imageUrl: string = body.output[0]?.image_url;
        assert.deepEqual(body, { job_id: jobId, status: 'completed', output: [{ image_url: imageUrl }] });
        for (const header of ['webhook-id', 'webhook-timestamp', 'webhook-signature']) assert.ok(received.headers[header], header);
        const { secret } = (await request(`${server.url}/v1/webhooks/secret`)).body;
        assert.deepEqual(new Webhook(secret).verify(received.body, received.headers as Record<string, string>), body);
        assert.equal((await download(imageUrl)).status, 200);
        assert.equal((await nativeJob(server, jobId)).webhook_url, hooks.url);
      });

      test('failed: status failed, empty output and the reason', async () => {
        const jobId = assertInitiated(
          await submitJson(server, json({ image_model_url: dataUri(refusedModel), webhook: hooks.url })),
        );
        assert.deepEqual(JSON.parse((await delivery(jobId)).body), {
          job_id: jobId,
          status: 'failed',
          output: [],
          error: 'No person was found in the person photo.',
        });
      });
    });

    describe('queued jobs (no workers)', () => {
      test('a queued job is initiated with no output; canceled, it says so', async () => {
        const jobId = assertInitiated(await submitForm(queue, form()));
        assert.deepEqual((await status(queue, jobId)).body, { job_id: jobId, status: 'initiated', output: [] });
        assert.equal((await request(`${queue.url}/v1/jobs/${jobId}/cancel`, { method: 'POST' })).status, 200);
        assert.deepEqual((await status(queue, jobId)).body, {
          job_id: jobId,
          status: 'canceled',
          output: [],
          error: 'The job was canceled before it started.',
        });
      });

      test('SD models cost one credit, HD two', async () => {
        const { key } = await newTeam(queue, { credits: 10 });
        const balance = async () => (await request(`${queue.url}/v1/account`, { key })).body.credits as number;
        const charged = [];
        for (const model_type of ['SD_V1', 'SD_V2', 'SD_V3', 'HD']) {
          assertInitiated(await submitJson(queue, json({ model_type }), key));
          charged.push(await balance());
        }
        assert.deepEqual(charged, [9, 8, 7, 5]);
        const usage = (await request(`${queue.url}/v1/account/usage`, { key })).body.data;
        assert.deepEqual(
          usage.filter((entry: { kind: string }) => entry.kind === 'charge').map((entry: { amount: number }) => entry.amount),
          [-2, -1, -1, -1],
        );
      });

      /** What the native job stored for a submission: the engine options and the category. */
      const stored = async (response: JsonResponse) => {
        const job = await nativeJob(queue, assertInitiated(response));
        const { preset, preserve_hands, preserve_feet, repaint_other_garment } = job.options;
        const category = job.input.garments[0].category;
        return { preset, preserve_hands, preserve_feet, repaint_other_garment, category, source: job.source };
      };
      const DEFAULTS = {
        preset: 'fast',
        preserve_hands: true,
        preserve_feet: true,
        repaint_other_garment: false,
        category: 'upper',
        source: 'huhu',
      };

      test('defaults: SD_V1 (fast), hands and feet kept, no other garment repainted', async () => {
        assert.deepEqual(await stored(await submitForm(queue, form())), DEFAULTS);
        assert.deepEqual(await stored(await submitJson(queue, json())), DEFAULTS);
      });

      const garmentTypes: [string, string][] = [
        ['Top', 'upper'],
        ['Bottom', 'lower'],
        ['Full body', 'dress'],
        ['Full Body', 'dress'],
        ['full_body', 'dress'],
        ['top', 'upper'],
        ['BOTTOM', 'lower'],
      ];
      for (const [garmentType, category] of garmentTypes) {
        test(`garment_type "${garmentType}" → category ${category}`, async () => {
          assert.equal((await stored(await submitForm(queue, form(garmentType)))).category, category);
        });
      }

      const presets: [string, string][] = [
        ['SD_V1', 'fast'],
        ['SD_V2', 'balanced'],
        ['SD_V3', 'balanced'],
        ['HD', 'quality'],
      ];
      for (const [modelType, preset] of presets) {
        test(`model_type ${modelType} → preset ${preset}`, async () => {
          assert.equal((await stored(await submitJson(queue, json({ model_type: modelType })))).preset, preset);
        });
      }

      const repaintOther: [Record<string, unknown>, boolean][] = [
        [{ garment_type: 'Top', model_type: 'SD_V2' }, true],
        [{ garment_type: 'Bottom', model_type: 'SD_V3' }, true],
        [{ garment_type: 'Top', model_type: 'SD_V2', repaint_other_garment: false }, false],
        [{ garment_type: 'Bottom', model_type: 'SD_V3', repaint_other_garment: 'false' }, false],
        [{ garment_type: 'Full body', model_type: 'SD_V2' }, false],
        [{ garment_type: 'Top', model_type: 'SD_V1', repaint_other_garment: true }, false],
        [{ garment_type: 'Bottom', model_type: 'HD', repaint_other_garment: 'true' }, false],
      ];
      for (const [fields, expected] of repaintOther) {
        test(`repaint_other_garment with ${JSON.stringify(fields)} → ${expected}`, async () => {
          assert.equal((await stored(await submitJson(queue, json(fields)))).repaint_other_garment, expected);
        });
      }

      test('repaint_hands and repaint_feet: JSON booleans and form strings (any case) invert preserve_*', async () => {
        assert.deepEqual(
          await stored(await submitJson(queue, json({ repaint_hands: true, repaint_feet: false }))),
          { ...DEFAULTS, preserve_hands: false, preserve_feet: true },
        );
        assert.deepEqual(
          await stored(await submitForm(queue, [...form(), ['repaint_hands', 'false'], ['repaint_feet', 'true']])),
          { ...DEFAULTS, preserve_hands: true, preserve_feet: false },
        );
        assert.deepEqual(
          await stored(await submitForm(queue, [...form(), ['repaint_hands', 'True'], ['repaint_feet', 'True']])),
          { ...DEFAULTS, preserve_hands: false, preserve_feet: false },
        );
        assert.deepEqual(
          await stored(await submitForm(queue, [...form(), ['repaint_hands', '1'], ['repaint_feet', '0']])),
          { ...DEFAULTS, preserve_hands: false, preserve_feet: true },
        );
      });
    });

    describe('errors: Huhu’s status codes, FastAPI’s {detail}', () => {
      test('400: garment_type missing or unknown', async () => {
        assertHuhuError(
          await submitForm(queue, form().filter(([name]) => name !== 'garment_type')),
          400,
          'missing_parameter',
          'garment_type is required.',
        );
        const unknown = await submitJson(queue, json({ garment_type: 'Shoes' }));
        assertHuhuError(unknown, 400, 'invalid_parameter', 'garment_type: must be Top, Bottom or Full body');
      });

      test('400: unknown model_type, a flag that is not a boolean, a webhook that is not a URL', async () => {
        const modelType = await submitJson(queue, json({ model_type: 'SD_V4' }));
        assertHuhuError(modelType, 400, 'invalid_parameter');
        assert.match(modelType.body.detail, /^model_type: /);
        assertHuhuError(
          await submitForm(queue, [...form(), ['repaint_hands', 'maybe']]),
          400,
          'invalid_parameter',
          'repaint_hands: must be true or false',
        );
        const number = await submitJson(queue, json({ repaint_feet: 1 }));
        assertHuhuError(number, 400, 'invalid_parameter', 'repaint_feet: must be true or false');
        const webhook = await submitJson(queue, json({ webhook: 'not a url' }));
        assertHuhuError(webhook, 400, 'invalid_parameter');
        assert.match(webhook.body.detail, /^webhook is not a valid absolute URL/);
      });

      test('400: an image missing, in either encoding', async () => {
        assertHuhuError(
          await submitForm(queue, form().filter(([name]) => name !== 'image_model_file')),
          400,
          'missing_parameter',
          'image_model_file is required.',
        );
        assertHuhuError(
          await submitForm(queue, form().filter(([name]) => name !== 'image_garment_file')),
          400,
          'missing_parameter',
          'image_garment_file is required.',
        );
        const { image_garment_url: _, ...withoutGarment } = json();
        assertHuhuError(await submitJson(queue, withoutGarment), 400, 'missing_parameter', 'image_garment_url is required.');
        assertHuhuError(await submitJson(queue, json({ image_model_url: 42 })), 400, 'invalid_parameter');
      });

      test('400: a body that is neither a JSON object nor multipart', async () => {
        const post = (body: string, type: string) =>
          request(`${queue.url}/tryon/v1`, { method: 'POST', headers: { 'x-api-key': TEST_ADMIN_KEY, 'content-type': type }, body });
        assertHuhuError(await post('garment_type=Top', 'text/plain'), 400, 'unsupported_content_type');
        assertHuhuError(await post('{"garment_type":', 'application/json'), 400, 'invalid_request_body');
        assertHuhuError(await post('[1, 2]', 'application/json'), 400, 'invalid_request_body');
      });

      test('400: GET /requests/v1 without job_id', async () => {
        const response = await request(`${queue.url}/requests/v1`, { headers: { 'x-api-key': TEST_ADMIN_KEY } });
        assertHuhuError(response, 400, 'missing_parameter', 'job_id is required.');
      });

      test('401: no key, or a key that is not valid, on both routes', async () => {
        const noKey = await request(`${queue.url}/tryon/v1`, { method: 'POST', key: null, json: json() });
        assertHuhuError(noKey, 401, 'invalid_auth_token');
        assertHuhuError(await submitJson(queue, json(), 'sk_NotAKeyOfThisServer'), 401, 'invalid_auth_token');
        assertHuhuError(await request(`${queue.url}/requests/v1?job_id=job_x`, { key: null }), 401, 'invalid_auth_token');
        assertHuhuError(await status(queue, 'job_x', 'sk_NotAKeyOfThisServer'), 401, 'invalid_auth_token');
      });

      test('402: no credits; HD with one credit left, and nothing is charged', async () => {
        const broke = await newTeam(queue, { credits: 0 });
        assertHuhuError(await submitForm(queue, form(), broke.key), 402, 'insufficient_credits');
        const one = await newTeam(queue, { credits: 1 });
        assertHuhuError(await submitJson(queue, json({ model_type: 'HD' }), one.key), 402, 'insufficient_credits');
        assert.equal((await request(`${queue.url}/v1/account`, { key: one.key })).body.credits, 1);
      });

      test('403: an image URL or a webhook at a forbidden address (cloud metadata)', async () => {
        const metadata = 'http://169.254.169.254/latest/meta-data';
        assertHuhuError(await submitJson(queue, json({ image_garment_url: `${metadata}/garment.jpg` })), 403, 'url_forbidden');
        assertHuhuError(await submitForm(queue, [...form(), ['webhook', `${metadata}/hook`]]), 403, 'url_forbidden');
        // One rule for both: a scheme other than http(s) is a forbidden URL too, not a bad field.
        for (const url of ['gopher://example.com/_x', 'file:///etc/passwd', 'ftp://example.com/hook']) {
          assertHuhuError(await submitJson(queue, json({ image_model_url: url })), 403, 'url_forbidden');
          assertHuhuError(await submitJson(queue, json({ webhook: url })), 403, 'url_forbidden');
        }
      });

      test('413: an image over 10 MB, as a file or a data: URI', async () => {
        const tooLarge = Buffer.concat([TOP, Buffer.alloc(TEN_MB + 1 - TOP.length)]);
        assertHuhuError(
          await submitForm(queue, [['image_garment_file', tooLarge], ['image_model_file', MODEL], ['garment_type', 'Top']]),
          413,
          'file_size_too_large',
        );
        const uri = dataUri(tooLarge, 'image/jpeg');
        assertHuhuError(await submitJson(queue, json({ image_model_url: uri })), 413, 'file_size_too_large');
      });

      test('422: a file that is not an image, a WebP (Huhu takes JPG or PNG), a URL that cannot be fetched', async () => {
        const notImage = await submitForm(queue, [
          ['image_garment_file', Buffer.from('this is a text file, not a garment photo')],
          ['image_model_file', MODEL],
          ['garment_type', 'Top'],
        ]);
        assertHuhuError(notImage, 422, 'unsupported_image_format');
        const webp = await sharp(TOP).webp().toBuffer();
        const webpUri = dataUri(webp, 'image/webp');
        assertHuhuError(await submitJson(queue, json({ image_garment_url: webpUri })), 422, 'unsupported_image_format');
        assertHuhuError(await submitJson(queue, json({ image_model_url: `${origin.base}/missing.png` })), 422, 'url_fetch_failed');
      });

      test('429: over the key’s request rate, with Retry-After', async () => {
        const { key } = await newTeam(queue, { limits: { rateLimit: SLOW, rateBurst: 1 } });
        assertInitiated(await submitForm(queue, form(), key));
        const limited = await submitForm(queue, form(), key);
        assertHuhuError(limited, 429, 'rate_limit_exceeded');
        assert.ok(Number(limited.headers.get('retry-after')) > 0);
      });

      test('404: an unknown job, and another team’s job', async () => {
        const unknown = 'job_01aaaaaaaaaaaaaaaaaaaaaaaa';
        assertHuhuError(await status(queue, unknown), 404, 'not_found', `No job ${unknown}.`);
        const jobId = assertInitiated(await submitForm(queue, form()));
        const other = await newTeam(queue);
        assertHuhuError(await status(queue, jobId, other.key), 404, 'not_found', `No job ${jobId}.`);
      });
    });

    test('OpenAPI lists both routes under the huhu tag', async () => {
      const spec = (await request(`${queue.url}/openapi.json`, { key: null })).body;
      assert.deepEqual(spec.paths['/tryon/v1'].post.tags, ['huhu']);
      assert.deepEqual(spec.paths['/requests/v1'].get.tags, ['huhu']);
      const tag = spec.tags.find((each: { name: string }) => each.name === 'huhu');
      assert.match(tag.description, /^Huhu try-on v1 compatibility/);
    });
  });
}
