/**
 * The Pixelcut dialect against its document (../shared/specs/pixelcut-try-on.txt):
 * POST /v1/try-on as JSON (person_image_url, garment_image_url) or multipart
 * (person_image, garment_image files, a file winning over a URL);
 * garment_mode, preprocess_garment, remove_background and wait_for_result
 * with their defaults; 200 {result_url} (JPEG, valid 1 hour) or 202 {job_id}
 * with a Location header to GET /v1/try-on/{job_id}; errors as
 * {error, error_code} with Pixelcut's codes and statuses; its limits (25 MB,
 * 256–1920 px); X-API-KEY. Real fixture photos, served by a local origin.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import sharp from 'sharp';
import { newTeam } from '../support/accounts.js';
import { databaseKinds } from '../support/databases.js';
import { fixturesDir } from '../support/engine-fixtures.js';
import { multipart, request, until, type JsonResponse } from '../support/http.js';
import { dataUri, personImage, solidImage } from '../support/images.js';
import { TEST_ADMIN_KEY } from '../support/keys.js';
import { startTestServer, type TestServer } from '../support/server.js';

/** Both 768×1024: inside Pixelcut's 256–1920 px. */
const PERSON = join(fixturesDir(), 'persons', '01008_00.jpg');
const GARMENT = join(fixturesDir(), 'garments', '00055_00.jpg');
const MB = 1024 * 1024;
const HOUR_S = 3600;

interface Origin {
  server: Server;
  base: string;
  /** Paths requested, in order. */
  seen: string[];
}

/** Serves the fixture photos (and one file over 25 MB), as the shop's CDN would. */
async function startOrigin(): Promise<Origin> {
  const files: Record<string, Buffer> = {
    '/person.jpg': await readFile(PERSON),
    '/garment.jpg': await readFile(GARMENT),
    '/huge.jpg': Buffer.alloc(26 * MB, 0x42),
  };
  const seen: string[] = [];
  const server = createServer((req, res) => {
    seen.push(req.url ?? '');
    const body = files[req.url ?? ''];
    if (body === undefined) res.writeHead(404).end();
    else res.writeHead(200, { 'content-type': 'image/jpeg', 'content-length': String(body.length) }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

const file = (bytes: Buffer, type = 'image/jpeg') => ({ bytes, type, filename: type === 'image/png' ? 'photo.png' : 'photo.jpg' });

/** Nothing but {error, error_code}, with Pixelcut's status for the code. */
function assertPixelcutError(response: JsonResponse, status: number, code: string, message?: RegExp): void {
  const detail = JSON.stringify(response.body);
  assert.equal(response.status, status, detail);
  assert.deepEqual(Object.keys(response.body).sort(), ['error', 'error_code'], detail);
  assert.equal(response.body.error_code, code, detail);
  assert.equal(typeof response.body.error, 'string', detail);
  if (message !== undefined) assert.match(response.body.error, message, detail);
}

for (const kind of await databaseKinds()) {
  describe(`Pixelcut dialect (${kind})`, () => {
    let server: TestServer;
    /** No workers and a 1 s wait cap: jobs stay pending. */
    let held: TestServer;
    /** A 1 s wait cap and jobs that take 2.4 s. */
    let slow: TestServer;
    let origin: Origin;
    let person: Buffer;
    let garment: Buffer;
    before(async () => {
      origin = await startOrigin();
      [person, garment] = await Promise.all([readFile(PERSON), readFile(GARMENT)]);
      [server, held] = await Promise.all([
        startTestServer(kind, { URL_FETCH_ALLOWLIST: '127.0.0.1/32' }),
        startTestServer(kind, { WORKERS: '0', MAX_WAIT_SECONDS: '1' }),
      ]);
      // Alone: the stage time reaches its worker threads through process.env while it starts.
      slow = await startTestServer(kind, { MAX_WAIT_SECONDS: '1' }, { TEST_ENGINE_STAGE_MS: '600' });
    });
    after(async () => {
      await Promise.all([server?.stop(), held?.stop(), slow?.stop()]);
      await new Promise((resolve) => origin?.server.close(resolve));
    });

    const headers = (key: string) => ({ 'x-api-key': key, accept: 'application/json' });
    const tryOnJson = (body: unknown, key = TEST_ADMIN_KEY, on = server) =>
      request(`${on.url}/v1/try-on`, { method: 'POST', headers: headers(key), json: body, key: null });
    const tryOnForm = (fields: Parameters<typeof multipart>[0], key = TEST_ADMIN_KEY, on = server) =>
      request(`${on.url}/v1/try-on`, { method: 'POST', headers: headers(key), body: multipart(fields), key: null });
    const status = (url: string, key = TEST_ADMIN_KEY, on = server) =>
      request(url.replace(on.config.PUBLIC_URL, on.url), { headers: headers(key), key: null });
    const nativeJob = (id: string, on = server) => request(`${on.url}/v1/jobs/${id}`);
    const urls = () => ({ person_image_url: `${origin.base}/person.jpg`, garment_image_url: `${origin.base}/garment.jpg` });
    const dataUris = () => ({
      person_image_url: dataUri(person, 'image/jpeg'),
      garment_image_url: dataUri(garment, 'image/jpeg'),
    });
    /** The job behind a result link: results are stored under results/<job id>/. */
    const jobIdOf = (resultUrl: string) => /\/results\/(job_[^/]+)\//.exec(resultUrl)?.[1];

    /** A result link: downloads a JPEG of the person photo's size, and expires about an hour from now. */
    async function assertJpegResult(resultUrl: string): Promise<void> {
      const url = new URL(resultUrl.replace(server.config.PUBLIC_URL, server.url));
      const expiresIn = Number(url.searchParams.get('expires')) - Date.now() / 1000;
      assert.ok(Math.abs(expiresIn - HOUR_S) < 60, `the link expires in ${Math.round(expiresIn)} s, not about an hour`);
      const download = await fetch(url);
      assert.equal(download.status, 200);
      assert.equal(download.headers.get('content-type'), 'image/jpeg');
      const metadata = await sharp(Buffer.from(await download.arrayBuffer())).metadata();
      assert.deepEqual([metadata.format, metadata.width, metadata.height], ['jpeg', 768, 1024]);
    }

    describe('happy paths', () => {
      test('JSON with image URLs and every default: held until done, 200 {result_url} to a JPEG valid 1 hour', async () => {
        const fetchedBefore = origin.seen.length;
        const response = await tryOnJson(urls());
        assert.equal(response.status, 200, JSON.stringify(response.body));
        assert.deepEqual(Object.keys(response.body), ['result_url']);
        await assertJpegResult(response.body.result_url);
        assert.deepEqual(origin.seen.slice(fetchedBefore).sort(), ['/garment.jpg', '/person.jpg']);

        // The same job through the native API, with the defaults translated.
        const id = jobIdOf(response.body.result_url);
        assert.ok(id !== undefined, response.body.result_url);
        const native = await nativeJob(id);
        assert.equal(native.status, 200);
        assert.equal(native.body.source, 'pixelcut');
        assert.equal(native.body.status, 'completed');
        assert.equal(native.body.output_format, 'jpeg');
        assert.equal(native.body.input.garments[0].category, 'auto');
        assert.equal(native.body.options.garment_background_removal, 'on', 'preprocess_garment defaults to true');
        assert.equal(native.body.options.result_background, 'keep', 'remove_background defaults to false');
      });

      test('multipart files with wait_for_result "false": 202 {job_id} + Location, polled to completed, downloaded', async () => {
        const response = await tryOnForm([
          ['person_image', file(person)],
          ['garment_image', file(garment)],
          ['wait_for_result', 'false'],
        ]);
        assert.equal(response.status, 202, JSON.stringify(response.body));
        assert.deepEqual(Object.keys(response.body), ['job_id']);
        const id = response.body.job_id as string;
        const location = response.headers.get('location');
        assert.equal(location, `${server.config.PUBLIC_URL}/v1/try-on/${id}`);

        const seen = new Set<string>();
        const done = await until(async () => {
          const polled = await status(location!);
          assert.equal(polled.status, 200, JSON.stringify(polled.body));
          seen.add(polled.body.status);
          if (polled.body.status === 'completed') return polled.body;
          assert.deepEqual(Object.keys(polled.body).sort(), ['job_id', 'status']);
          return undefined;
        });
        assert.ok([...seen].every((word) => ['pending', 'processing', 'completed'].includes(word)), [...seen].join());
        assert.deepEqual(Object.keys(done).sort(), ['job_id', 'result_url', 'status']);
        assert.equal(done.job_id, id);
        await assertJpegResult(done.result_url);
        const native = await nativeJob(id);
        assert.deepEqual([native.body.source, native.body.status], ['pixelcut', 'completed']);
      });

      test('JSON data: URIs work as image URLs', async () => {
        const response = await tryOnJson(dataUris());
        assert.equal(response.status, 200, JSON.stringify(response.body));
        await assertJpegResult(response.body.result_url);
      });

      test('multipart: *_url fields as strings, and a file wins over a URL', async () => {
        const fromUrls = await tryOnForm([
          ['person_image_url', `${origin.base}/person.jpg`],
          ['garment_image_url', `${origin.base}/garment.jpg`],
        ]);
        assert.equal(fromUrls.status, 200, JSON.stringify(fromUrls.body));
        await assertJpegResult(fromUrls.body.result_url);

        // Both URLs point at nothing: the files win, so neither is fetched.
        const fetchedBefore = origin.seen.length;
        const both = await tryOnForm([
          ['person_image_url', `${origin.base}/absent-person.jpg`],
          ['person_image', file(person)],
          ['garment_image', file(garment)],
          ['garment_image_url', `${origin.base}/absent-garment.jpg`],
        ]);
        assert.equal(both.status, 200, JSON.stringify(both.body));
        assert.deepEqual(origin.seen.slice(fetchedBefore), []);
      });

      test('garment_mode auto, full, upper and lower become categories auto, dress, upper and lower', async () => {
        const expected = { auto: 'auto', full: 'dress', upper: 'upper', lower: 'lower' };
        for (const [mode, category] of Object.entries(expected)) {
          const viaJson = await tryOnJson({ ...dataUris(), garment_mode: mode, wait_for_result: false });
          const viaForm = await tryOnForm([
            ['person_image', file(person)],
            ['garment_image', file(garment)],
            ['garment_mode', mode],
            ['wait_for_result', 'false'],
          ]);
          for (const response of [viaJson, viaForm]) {
            assert.equal(response.status, 202, JSON.stringify(response.body));
            const native = await nativeJob(response.body.job_id);
            assert.equal(native.body.input.garments[0].category, category, mode);
          }
        }
      });

      test('preprocess_garment and remove_background, as JSON booleans and form strings', async () => {
        for (const preprocess of [true, false]) {
          for (const remove of [true, false]) {
            const expected = [preprocess ? 'on' : 'off', remove ? 'remove' : 'keep', 'jpeg'];
            const viaJson = await tryOnJson({
              ...dataUris(),
              preprocess_garment: preprocess,
              remove_background: remove,
              wait_for_result: false,
            });
            const viaForm = await tryOnForm([
              ['person_image', file(person)],
              ['garment_image', file(garment)],
              ['preprocess_garment', String(preprocess)],
              ['remove_background', String(remove)],
              ['wait_for_result', 'false'],
            ]);
            for (const response of [viaJson, viaForm]) {
              assert.equal(response.status, 202, JSON.stringify(response.body));
              const { body } = await nativeJob(response.body.job_id);
              assert.deepEqual(
                [body.options.garment_background_removal, body.options.result_background, body.output_format],
                expected,
                `preprocess_garment ${preprocess}, remove_background ${remove}`,
              );
            }
          }
        }
      });

      test('form booleans as common clients spell them: True/False (Python requests), any case, 1/0', async () => {
        const spellings: [string, boolean][] = [['False', false], ['True', true], ['FALSE', false], ['true', true], ['0', false], ['1', true]];
        for (const [spelled, meant] of spellings) {
          const response = await tryOnForm([
            ['person_image', file(person)],
            ['garment_image', file(garment)],
            ['preprocess_garment', spelled],
            ['remove_background', spelled],
            // Python's requests sends data={'wait_for_result': False} as "False".
            ['wait_for_result', 'False'],
          ]);
          assert.equal(response.status, 202, `${spelled}: ${JSON.stringify(response.body)}`);
          const { body } = await nativeJob(response.body.job_id);
          assert.deepEqual(
            [body.options.garment_background_removal, body.options.result_background],
            [meant ? 'on' : 'off', meant ? 'remove' : 'keep'],
            spelled,
          );
        }
        assertPixelcutError(
          await tryOnForm([['person_image', file(person)], ['garment_image', file(garment)], ['wait_for_result', 'maybe']]),
          400,
          'invalid_parameter',
          /wait_for_result: must be true or false/,
        );
      });

      test('wait_for_result true outlasting MAX_WAIT_SECONDS still answers 200 {result_url} when the job ends', async () => {
        // slow: MAX_WAIT_SECONDS 1, and a job of 4 stages × 600 ms.
        const started = Date.now();
        const response = await tryOnJson({ ...dataUris() }, TEST_ADMIN_KEY, slow);
        assert.equal(response.status, 200, JSON.stringify(response.body));
        assert.deepEqual(Object.keys(response.body), ['result_url']);
        assert.ok(Date.now() - started > 2000, 'the job itself took longer than MAX_WAIT_SECONDS');
        const download = await request(response.body.result_url.replace(slow.config.PUBLIC_URL, slow.url), { key: null });
        assert.equal(download.status, 200);
      });

      test('wait_for_result true on a job still queued past MAX_WAIT_SECONDS keeps waiting, and answers when it ends', async () => {
        let answered = false;
        const pending = tryOnJson({ ...dataUris() }, TEST_ADMIN_KEY, held).finally(() => (answered = true));
        const queued = await until(async () => (await request(`${held.url}/v1/jobs?status=queued&limit=1`)).body.data[0]);
        // Past held's MAX_WAIT_SECONDS (1 s): the old answer was a 202 by now.
        await new Promise((resolve) => setTimeout(resolve, 1500));
        assert.equal(answered, false, 'still waiting on the queued job');
        await request(`${held.url}/v1/jobs/${queued.id}/cancel`, { method: 'POST' });
        // Ended canceled: the answer a waiting client gets for it (Pixelcut has no code for a cancel).
        assertPixelcutError(await pending, 500, 'internal_error', /canceled/);
      });

      test('a canceled job reads canceled, without result or error', async () => {
        const response = await tryOnJson({ ...dataUris(), wait_for_result: false }, TEST_ADMIN_KEY, held);
        const id = response.body.job_id as string;
        const cancel = await request(`${held.url}/v1/jobs/${id}/cancel`, { method: 'POST' });
        assert.equal(cancel.status, 200, JSON.stringify(cancel.body));
        const polled = await status(response.headers.get('location')!, TEST_ADMIN_KEY, held);
        assert.deepEqual(polled.body, { job_id: id, status: 'canceled' });
      });

      test('images at the limits (256 and 1920 px) are accepted', async () => {
        const response = await tryOnJson({
          person_image_url: dataUri(await personImage({ width: 1920, height: 256 })),
          garment_image_url: dataUri(await solidImage(256, 1920, { r: 10, g: 60, b: 160 }), 'image/jpeg'),
          wait_for_result: false,
        });
        assert.equal(response.status, 202, JSON.stringify(response.body));
      });
    });

    describe('a job the engine refuses', () => {
      test('wait_for_result true: 400 unknown_foreground', async () => {
        const response = await tryOnJson({
          person_image_url: dataUri(await personImage({ refused: true })),
          garment_image_url: dataUri(garment, 'image/jpeg'),
        });
        assertPixelcutError(response, 400, 'unknown_foreground', /person/i);
      });

      test('polled: failed with error and error_code unknown_foreground; native: no_person_detected', async () => {
        const response = await tryOnForm([
          ['person_image', file(await personImage({ refused: true }), 'image/png')],
          ['garment_image', file(garment)],
          ['wait_for_result', 'false'],
        ]);
        assert.equal(response.status, 202, JSON.stringify(response.body));
        const failed = await until(async () => {
          const polled = await status(response.headers.get('location')!);
          return polled.body.status === 'failed' ? polled.body : undefined;
        });
        assert.deepEqual(Object.keys(failed).sort(), ['error', 'error_code', 'job_id', 'status']);
        assert.equal(failed.error_code, 'unknown_foreground');
        assert.match(failed.error, /person/i);
        const native = await nativeJob(response.body.job_id);
        assert.equal(native.body.error.code, 'no_person_detected');
      });
    });

    describe('bad requests: 400 with Pixelcut’s error codes', () => {
      const post = (body: string, contentType: string) =>
        request(`${server.url}/v1/try-on`, {
          method: 'POST',
          headers: { ...headers(TEST_ADMIN_KEY), 'content-type': contentType },
          body,
          key: null,
        });

      test('invalid_request_body: not JSON, empty, not an object', async () => {
        assertPixelcutError(await post('{"person_image_url": ', 'application/json'), 400, 'invalid_request_body');
        assertPixelcutError(await post('', 'application/json'), 400, 'invalid_request_body');
        assertPixelcutError(await tryOnJson([urls()]), 400, 'invalid_request_body');
        assertPixelcutError(await tryOnJson('person.jpg'), 400, 'invalid_request_body');
      });

      test('missing_parameter: either image, in JSON and in multipart', async () => {
        const { person_image_url, garment_image_url } = urls();
        assertPixelcutError(await tryOnJson({ garment_image_url }), 400, 'missing_parameter', /person_image_url/);
        assertPixelcutError(await tryOnJson({ person_image_url }), 400, 'missing_parameter', /garment_image_url/);
        assertPixelcutError(await tryOnJson({}), 400, 'missing_parameter');
        assertPixelcutError(await tryOnForm([['garment_image', file(garment)]]), 400, 'missing_parameter', /person_image/);
        assertPixelcutError(await tryOnForm([['person_image', file(person)]]), 400, 'missing_parameter', /garment_image/);
      });

      test('invalid_parameter: unknown enum values and booleans, an image file field sent as text', async () => {
        const cases: [Record<string, unknown>, RegExp][] = [
          [{ garment_mode: 'dress' }, /garment_mode/],
          [{ garment_mode: 'FULL' }, /garment_mode/],
          [{ preprocess_garment: 'yes' }, /preprocess_garment/],
          [{ remove_background: 1 }, /remove_background/],
          [{ wait_for_result: 'no' }, /wait_for_result/],
          [{ person_image_url: 42 }, /person_image_url/],
        ];
        for (const [fields, message] of cases) {
          assertPixelcutError(await tryOnJson({ ...urls(), ...fields }), 400, 'invalid_parameter', message);
        }
        assertPixelcutError(
          await tryOnForm([['person_image', file(person)], ['garment_image', file(garment)], ['garment_mode', 'top']]),
          400,
          'invalid_parameter',
          /garment_mode/,
        );
        assertPixelcutError(
          await tryOnForm([['person_image', `${origin.base}/person.jpg`], ['garment_image', file(garment)]]),
          400,
          'invalid_parameter',
          /person_image must be a file/,
        );
      });

      test('unsupported_content_type: a text/plain or form-urlencoded body', async () => {
        assertPixelcutError(await post(JSON.stringify(urls()), 'text/plain'), 400, 'unsupported_content_type');
        assertPixelcutError(await post('person_image_url=x', 'application/x-www-form-urlencoded'), 400, 'unsupported_content_type');
      });

      test('malformed_image: a truncated JPEG', async () => {
        const truncated = person.subarray(0, Math.floor(person.length / 2));
        assertPixelcutError(
          await tryOnForm([['person_image', file(truncated)], ['garment_image', file(garment)]]),
          400,
          'malformed_image',
        );
      });

      test('unsupported_image_format: a GIF, and text', async () => {
        const gif = await sharp({ create: { width: 300, height: 300, channels: 3, background: { r: 9, g: 9, b: 9 } } })
          .gif()
          .toBuffer();
        assertPixelcutError(
          await tryOnForm([['person_image', file(person)], ['garment_image', file(gif, 'image/gif')]]),
          400,
          'unsupported_image_format',
        );
        assertPixelcutError(
          await tryOnForm([['person_image', file(Buffer.from('not an image'), 'text/plain')], ['garment_image', file(garment)]]),
          400,
          'unsupported_image_format',
        );
      });

      test('file_size_too_large: over 25 MB uploaded, as a data: URI or behind a URL', async () => {
        const huge = Buffer.concat([person, Buffer.alloc(25 * MB - person.length + 1, 0)]);
        assertPixelcutError(
          await tryOnForm([['person_image', file(huge)], ['garment_image', file(garment)]]),
          400,
          'file_size_too_large',
        );
        assertPixelcutError(
          await tryOnJson({ person_image_url: dataUri(huge, 'image/jpeg'), garment_image_url: urls().garment_image_url }),
          400,
          'file_size_too_large',
        );
        assertPixelcutError(
          await tryOnJson({ ...urls(), garment_image_url: `${origin.base}/huge.jpg` }),
          400,
          'file_size_too_large',
        );
      });

      test('resolution_too_high: a side over 1920 px (the server alone would take 4096)', async () => {
        const wide = await solidImage(1921, 800, { r: 200, g: 200, b: 200 }, 'png');
        assertPixelcutError(
          await tryOnForm([['person_image', file(wide, 'image/png')], ['garment_image', file(garment)]]),
          400,
          'resolution_too_high',
          /1920/,
        );
      });

      test('too small: a side under 256 px is invalid_parameter, saying why', async () => {
        const small = await solidImage(255, 600, { r: 30, g: 30, b: 30 });
        assertPixelcutError(
          await tryOnForm([['person_image', file(person)], ['garment_image', file(small)]]),
          400,
          'invalid_parameter',
          /at least 256 pixels/,
        );
      });

      test('an image URL that cannot be fetched is invalid_parameter, saying why', async () => {
        assertPixelcutError(
          await tryOnJson({ ...urls(), person_image_url: `${origin.base}/absent.jpg` }),
          400,
          'invalid_parameter',
          /404|person_image_url/,
        );
      });
    });

    describe('keys, credits and limits', () => {
      test('401 invalid_auth_token: no key, or an unknown one in X-API-KEY', async () => {
        const none = await request(`${server.url}/v1/try-on`, { method: 'POST', json: urls(), key: null });
        assertPixelcutError(none, 401, 'invalid_auth_token');
        assertPixelcutError(await tryOnJson(urls(), 'sk_not_a_real_key'), 401, 'invalid_auth_token');
        assertPixelcutError(await status(`${server.url}/v1/try-on/job_x`, 'sk_not_a_real_key'), 401, 'invalid_auth_token');
        // Bearer works as well as X-API-KEY.
        const bearer = await request(`${server.url}/v1/try-on`, { method: 'POST', json: { ...dataUris(), wait_for_result: false } });
        assert.equal(bearer.status, 202, JSON.stringify(bearer.body));
      });

      test('403 insufficient_api_credits for a team without credits, and no job is made', async () => {
        const team = await newTeam(server, { credits: 0 });
        assertPixelcutError(await tryOnJson(dataUris(), team.key), 403, 'insufficient_api_credits');
        const jobs = await request(`${server.url}/v1/jobs`, { key: team.key });
        assert.deepEqual(jobs.body.data, []);
      });

      test('429 rate_limit_exceeded: over the request rate, or over the concurrency slots', async () => {
        const rated = await newTeam(server, { limits: { rateLimit: 0.01, rateBurst: 1 } });
        assert.equal((await tryOnJson({ ...dataUris(), wait_for_result: false }, rated.key)).status, 202);
        const limited = await tryOnJson({ ...dataUris(), wait_for_result: false }, rated.key);
        assertPixelcutError(limited, 429, 'rate_limit_exceeded');
        assert.ok(Number(limited.headers.get('retry-after')) > 0);

        const busy = await newTeam(held, { limits: { concurrencyLimit: 1 } });
        assert.equal((await tryOnJson({ ...dataUris(), wait_for_result: false }, busy.key, held)).status, 202);
        assertPixelcutError(await tryOnJson({ ...dataUris(), wait_for_result: false }, busy.key, held), 429, 'rate_limit_exceeded');
      });

      test('404 not_found: an unknown job, or another team’s', async () => {
        assertPixelcutError(await status(`${server.url}/v1/try-on/job_missing`), 404, 'not_found');
        const created = await tryOnJson({ ...dataUris(), wait_for_result: false });
        const other = await newTeam(server);
        assertPixelcutError(await status(created.headers.get('location')!, other.key), 404, 'not_found');
      });
    });

    test('OpenAPI lists both routes under the pixelcut tag', async () => {
      const spec = (await request(`${server.url}/openapi.json`, { key: null })).body;
      assert.deepEqual(spec.paths['/v1/try-on'].post.tags, ['pixelcut']);
      assert.deepEqual(spec.paths['/v1/try-on/{job_id}'].get.tags, ['pixelcut']);
      assert.ok(spec.tags.some((tag: { name: string }) => tag.name === 'pixelcut'));
    });
  });
}
