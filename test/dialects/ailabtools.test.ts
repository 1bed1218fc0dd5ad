/**
 * The AILabTools try-on clothes refiner dialect against its document
 * (../shared/specs/ailabtools-try-on-clothes-refiner.txt) and AILabTools'
 * public response fields and error codes: POST
 * /api/portrait/enhance/try-on-clothes-refiner (multipart: task_type,
 * person_image, top_garment, coarse_image, gender, bottom_garment) → task_id;
 * GET /api/common/query-async-task-result?task_id= → task_status 0 | 1 | 2,
 * output.image_url, usage.image_count; key in ailabapi-api-key; JPG, PNG or
 * BMP, at most 5 MB, 151 to 4095 pixels a side. Real fixture photos.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import sharp from 'sharp';
import { newTeam } from '../support/accounts.js';
import { databaseKinds } from '../support/databases.js';
import { fixturesDir } from '../support/engine-fixtures.js';
import { multipart, request, until, type JsonResponse } from '../support/http.js';
import { toBmp } from '../support/images.js';
import { TEST_ADMIN_KEY } from '../support/keys.js';
import { startTestServer, type TestServer } from '../support/server.js';

const SUBMIT = '/api/portrait/enhance/try-on-clothes-refiner';
const QUERY = '/api/common/query-async-task-result';

type Part = [string, string | { bytes: Buffer; filename?: string; type?: string }];

/** The public fields of a successful answer, in AILabTools' order. */
function assertSuccessFields(response: JsonResponse, businessFields: string[]): void {
  const detail = JSON.stringify(response.body);
  assert.equal(response.status, 200, detail);
  assert.deepEqual(Object.keys(response.body), ['request_id', 'log_id', 'error_code', 'error_msg', 'error_detail', ...businessFields]);
  assert.match(response.body.request_id, /\S/);
  assert.equal(response.body.log_id, response.body.request_id);
  assert.deepEqual(
    { error_code: response.body.error_code, error_msg: response.body.error_msg, error_detail: response.body.error_detail },
    { error_code: 0, error_msg: '', error_detail: { status_code: 200, code: '', code_message: '', message: '' } },
  );
}

/** The whole error body: public fields only, error_code equal to the HTTP status, and the documented code. */
function assertError(response: JsonResponse, status: number, code: string, codeMessage: string, message?: RegExp): void {
  const detail = JSON.stringify(response.body);
  assert.equal(response.status, status, detail);
  assert.equal(typeof response.body?.error_detail?.message, 'string', detail);
  const text: string = response.body.error_detail.message;
  if (message !== undefined) assert.match(text, message, detail);
  assert.match(response.body.request_id, /\S/, detail);
  assert.deepEqual(
    response.body,
    {
      request_id: response.body.request_id,
      log_id: response.body.request_id,
      error_code: status,
      error_msg: `${codeMessage} - ${text}`,
      error_detail: { status_code: status, code, code_message: codeMessage, message: text },
    },
    detail,
  );
}

for (const kind of await databaseKinds()) {
  describe(`AILabTools refiner dialect (${kind})`, () => {
    let server: TestServer;
    let person: Buffer;
    let top: Buffer;
    let bottom: Buffer;
    let coarse: Buffer;
    before(async () => {
      const fixtures = fixturesDir();
      person = await readFile(join(fixtures, 'persons', '049205_0.jpg'));
      top = await readFile(join(fixtures, 'garments', '048554_1.jpg'));
      bottom = await readFile(join(fixtures, 'garments', '051412_1.jpg'));
      server = await startTestServer(kind, { TEST_ENGINE_STAGE_MS: '100' });
      // A coarse result from the native API, as a client would have it from a first try-on.
      const native = await request(`${server.url}/v1/tryon`, {
        method: 'POST',
        headers: { prefer: 'wait=30' },
        body: multipart([
          ['person_image', { bytes: person, type: 'image/jpeg' }],
          ['garment_image', { bytes: top, type: 'image/jpeg' }],
          ['category', 'upper'],
        ]),
      });
      assert.equal(native.body.status, 'completed', JSON.stringify(native.body));
      const download = await fetch(native.body.result.image_url.replace(server.config.PUBLIC_URL, server.url));
      assert.equal(download.status, 200);
      coarse = Buffer.from(await download.arrayBuffer());
    });
    after(async () => server.stop());

    const local = (url: string) => url.replace(server.config.PUBLIC_URL, server.url);
    const ailabHeaders = (key: string | null): Record<string, string> => (key === null ? {} : { 'ailabapi-api-key': key });
    const submit = (parts: Part[], key: string | null = TEST_ADMIN_KEY) =>
      request(`${server.url}${SUBMIT}`, { method: 'POST', headers: ailabHeaders(key), body: multipart(parts), key: null });
    const query = (taskId: string, key: string | null = TEST_ADMIN_KEY) =>
      request(`${server.url}${QUERY}?task_id=${encodeURIComponent(taskId)}`, { headers: ailabHeaders(key), key: null });
    const nativeJob = (id: string) => request(`${server.url}/v1/jobs/${id}`);
    const form = (overrides: Record<string, Part[1] | undefined> = {}): Part[] => {
      const fields: Record<string, Part[1] | undefined> = {
        task_type: 'async',
        person_image: { bytes: person, type: 'image/jpeg', filename: 'person.jpg' },
        top_garment: { bytes: top, type: 'image/jpeg', filename: 'top.jpg' },
        coarse_image: { bytes: coarse, type: 'image/jpeg', filename: 'coarse.jpg' },
        gender: 'woman',
        ...overrides,
      };
      return Object.entries(fields).flatMap(([name, value]) => (value === undefined ? [] : [[name, value] as Part]));
    };
    const finished = (taskId: string) =>
      until(async () => {
        const response = await query(taskId);
        return response.status !== 200 || response.body.task_status === 2 ? response : undefined;
      }, 30_000, `task ${taskId} to end`);

    test('refines a coarse result made by the native API: submit, poll to task_status 2, download', async () => {
      const submitted = await submit(form());
      assertSuccessFields(submitted, ['task_type', 'task_id']);
      assert.equal(submitted.body.task_type, 'async');
      assert.match(submitted.body.task_id, /^job_[0-9a-z]{26}$/);
      const taskId: string = submitted.body.task_id;

      const first = await query(taskId);
      assertSuccessFields(first, ['task_status', 'output', 'usage']);
      if (first.body.task_status !== 2) {
        assert.ok([0, 1].includes(first.body.task_status));
        assert.deepEqual([first.body.output, first.body.usage], [{ image_url: '' }, { image_count: 0 }]);
      }

      const done = await finished(taskId);
      assertSuccessFields(done, ['task_status', 'output', 'usage']);
      assert.equal(done.body.task_status, 2);
      assert.deepEqual(done.body.usage, { image_count: 1 });
      const link = new URL(done.body.output.image_url);
      const validFor = Number(link.searchParams.get('expires')) - Date.now() / 1000;
      assert.ok(validFor > 24 * 3600 - 60 && validFor <= 24 * 3600, `link valid for ${validFor} s, not 24 h`);
      const image = await fetch(local(done.body.output.image_url));
      assert.equal(image.status, 200);
      assert.equal(image.headers.get('content-type'), 'image/jpeg');
      const meta = await sharp(Buffer.from(await image.arrayBuffer())).metadata();
      assert.deepEqual([meta.format, meta.width, meta.height], ['jpeg', 768, 1024]);

      // The same task is a native job: operation refine, with the coarse input.
      const job = await nativeJob(taskId);
      assert.equal(job.status, 200);
      assert.equal(job.body.operation, 'refine');
      assert.equal(job.body.source, 'ailabtools');
      assert.equal(job.body.status, 'completed');
      assert.deepEqual(job.body.input.coarse, { width: 768, height: 1024 });
      assert.match(job.body.input.urls.coarse, /\/v1\/files\/inputs\/job_/);
      assert.deepEqual(job.body.input.garments, [{ category: 'upper', width: 768, height: 1024 }]);
      assert.equal(job.body.options.gender, 'woman');
      assert.deepEqual(job.body.result.info.coarse, { width: 768, height: 1024 });
      const storedCoarse = await fetch(local(job.body.input.urls.coarse));
      assert.equal(storedCoarse.status, 200);
    });

    test('bottom_garment is optional and stored as the lower garment; gender man is passed on', async () => {
      const submitted = await submit(form({ gender: 'man', bottom_garment: { bytes: bottom, type: 'image/jpeg' } }));
      assertSuccessFields(submitted, ['task_type', 'task_id']);
      const done = await finished(submitted.body.task_id);
      assert.equal(done.body.task_status, 2);
      const job = await nativeJob(submitted.body.task_id);
      assert.deepEqual(
        job.body.input.garments.map((garment: { category: string }) => garment.category),
        ['upper', 'lower'],
      );
      assert.equal(job.body.options.gender, 'man');
    });

    test('every required field: missing or out of scope answers 400 with the documented code', async () => {
      const cases: [string, Record<string, Part[1] | undefined>, string, string, RegExp][] = [
        ['task_type missing', { task_type: undefined }, 'MISSING_PARAMETERS', 'Missing parameters.', /task_type/],
        ['task_type sync', { task_type: 'sync' }, 'ERROR_INVALID_PARAMETER', 'Invalid parameter.', /task_type must be async/],
        ['person_image missing', { person_image: undefined }, 'MISSING_PARAMETERS', 'Missing parameters.', /person_image/],
        ['top_garment missing', { top_garment: undefined }, 'MISSING_PARAMETERS', 'Missing parameters.', /top_garment/],
        ['coarse_image missing', { coarse_image: undefined }, 'MISSING_PARAMETERS', 'Missing parameters.', /coarse_image/],
        ['gender missing', { gender: undefined }, 'MISSING_PARAMETERS', 'Missing parameters.', /gender/],
        ['gender other', { gender: 'other' }, 'ERROR_INVALID_PARAMETER', 'Invalid parameter.', /gender must be woman or man/],
        ['person_image as text', { person_image: 'https://example.com/p.jpg' }, 'ERROR_INVALID_PARAMETER', 'Invalid parameter.', /person_image must be a file/],
        ['bottom_garment as text', { bottom_garment: 'jeans' }, 'ERROR_INVALID_PARAMETER', 'Invalid parameter.', /bottom_garment must be a file/],
      ];
      for (const [what, overrides, code, codeMessage, message] of cases) {
        const response = await submit(form(overrides));
        assert.equal(response.status, 400, what);
        assertError(response, 400, code, codeMessage, message);
      }
    });

    test('a JSON body is refused: the API is multipart only', async () => {
      const response = await request(`${server.url}${SUBMIT}`, {
        method: 'POST',
        headers: ailabHeaders(TEST_ADMIN_KEY),
        json: { task_type: 'async', gender: 'woman' },
        key: null,
      });
      assertError(response, 400, 'ERROR_PARAMETERS', 'Invalid parameters.', /multipart/);
    });

    test('image limits: over 5 MB, 150 px or less, 4096 px or more, unsupported and corrupt files', async () => {
      // Noise does not compress: this PNG is over 5 MB, and under the server's own 25 MB.
      const big = await sharp(randomBytes(1400 * 1400 * 3), { raw: { width: 1400, height: 1400, channels: 3 } }).png().toBuffer();
      assert.ok(big.length > 5 * 1024 * 1024);
      assertError(await submit(form({ coarse_image: { bytes: big } })), 413, 'FILE_SIZE_EXCEEDS_LIMIT', 'File size exceeds limit.', /coarse_image/);

      const small = await sharp(person).resize(150, 150).jpeg().toBuffer();
      assertError(await submit(form({ person_image: { bytes: small } })), 422, 'ERROR_LOW_RESOLUTION', 'File resolution too low.', /person_image/);
      const wide = await sharp(top).resize(4096, 300, { fit: 'fill' }).jpeg({ quality: 50 }).toBuffer();
      assertError(await submit(form({ top_garment: { bytes: wide } })), 422, 'ERROR_HIGH_RESOLUTION', 'File resolution too high.', /top_garment/);

      // WebP is not among JPG, JPEG, PNG and BMP.
      const webp = await sharp(top).webp().toBuffer();
      assertError(await submit(form({ top_garment: { bytes: webp } })), 415, 'UNSUPPORTED_FILE_TYPES', 'Unsupported file types.', /top_garment must be a JPEG, PNG, or BMP image/);
      const gif = await sharp(top).resize(300, 400).gif().toBuffer();
      assertError(await submit(form({ coarse_image: { bytes: gif } })), 415, 'UNSUPPORTED_FILE_TYPES', 'Unsupported file types.', /coarse_image/);

      const truncated = person.subarray(0, Math.floor(person.length / 2));
      assertError(await submit(form({ person_image: { bytes: truncated } })), 400, 'FILE_DECODING_FAILURE', 'File decoding failed.', /person_image/);

      // 151 pixels is "larger than 150x150px": accepted.
      const smallest = await sharp(coarse).resize(151, 151).png().toBuffer();
      assertSuccessFields(await submit(form({ coarse_image: { bytes: smallest } })), ['task_type', 'task_id']);
    });

    test('BMP is accepted and stored converted to PNG; a truncated BMP is refused', async () => {
      const bmp = await toBmp(person);
      assert.ok(bmp.length < 5 * 1024 * 1024);
      const submitted = await submit(form({ person_image: { bytes: bmp, type: 'image/bmp', filename: 'person.bmp' } }));
      assertSuccessFields(submitted, ['task_type', 'task_id']);
      const done = await finished(submitted.body.task_id);
      assert.equal(done.body.task_status, 2);
      const job = await nativeJob(submitted.body.task_id);
      assert.deepEqual(job.body.input.person, { width: 768, height: 1024 });
      const stored = await fetch(local(job.body.input.urls.person));
      assert.equal(stored.headers.get('content-type'), 'image/png');
      // Lossless all the way: the stored pixels are the BMP's, which are the JPEG's decoded pixels.
      const [storedPixels, originalPixels] = await Promise.all([
        sharp(Buffer.from(await stored.arrayBuffer())).raw().toBuffer(),
        sharp(person).removeAlpha().raw().toBuffer(),
      ]);
      assert.ok(storedPixels.equals(originalPixels));

      assertError(
        await submit(form({ person_image: { bytes: bmp.subarray(0, bmp.length - 5000) } })),
        400,
        'FILE_DECODING_FAILURE',
        'File decoding failed.',
        /person_image could not be decoded/,
      );
    });

    test('401 ERROR_APPLICATIONS_NOT_EXISTS without a key or with a wrong one, on both routes', async () => {
      for (const key of [null, 'sk_wrong', '']) {
        assertError(await submit(form(), key), 401, 'ERROR_APPLICATIONS_NOT_EXISTS', 'The application does not exist.');
        assertError(await query('job_01hzzzzzzzzzzzzzzzzzzzzzzz', key), 401, 'ERROR_APPLICATIONS_NOT_EXISTS', 'The application does not exist.');
      }
    });

    test('a refine costs 2 credits: with 1 credit, 429 ERROR_NOT_ENOUGH_CREDITS; with 2, accepted', async () => {
      const poor = await newTeam(server, { credits: 1 });
      assertError(await submit(form(), poor.key), 429, 'ERROR_NOT_ENOUGH_CREDITS', 'Insufficient credits.');
      const enough = await newTeam(server, { credits: 2 });
      const submitted = await submit(form(), enough.key);
      assertSuccessFields(submitted, ['task_type', 'task_id']);
      assert.equal((await server.credits.balance(enough.teamId)), 0);
    });

    test('over the rate limit: 429 EXCEEDING_LIMITS with Retry-After', async () => {
      const { key } = await newTeam(server, { limits: { rateLimit: 0.01, rateBurst: 1 } });
      await submit(form({ gender: undefined }), key);
      const limited = await submit(form({ gender: undefined }), key);
      assertError(limited, 429, 'EXCEEDING_LIMITS', 'Exceeds limit.', /Too many requests/);
      assert.ok(Number(limited.headers.get('retry-after')) > 0);
    });

    test('a failed task answers its error: no person found → 422 ERROR_NO_RECOGNITION_TARGET_DETECTED', async () => {
      // The test engine finds no person in a photo whose top-left pixel is pure red.
      const red = await sharp({ create: { width: 8, height: 8, channels: 3, background: { r: 255, g: 0, b: 0 } } }).png().toBuffer();
      const refused = await sharp(person).composite([{ input: red, top: 0, left: 0 }]).png().toBuffer();
      const submitted = await submit(form({ person_image: { bytes: refused } }));
      assertSuccessFields(submitted, ['task_type', 'task_id']);
      const failed = await finished(submitted.body.task_id);
      assertError(failed, 422, 'ERROR_NO_RECOGNITION_TARGET_DETECTED', 'No recognition target detected in the image.', /No person/);
      assert.equal((await nativeJob(submitted.body.task_id)).body.status, 'failed');
    });

    test('a canceled task answers 409 ERROR_TASK_REVOKED', async () => {
      const submitted = await submit(form());
      const taskId: string = submitted.body.task_id;
      await request(`${server.url}/v1/jobs/${taskId}/cancel`, { method: 'POST' });
      await until(async () => ((await nativeJob(taskId)).body.status === 'canceled' ? true : undefined), 20_000, 'cancel');
      assertError(await query(taskId), 409, 'ERROR_TASK_REVOKED', 'Task has already been revoked.', /canceled/);
    });

    test('query: unknown task, another team’s task and a missing task_id', async () => {
      assertError(await query('job_01hzzzzzzzzzzzzzzzzzzzzzzz'), 404, 'ERROR_RESOURCE_NOT_FOUND', 'Resource not found.');
      const submitted = await submit(form());
      const other = await newTeam(server);
      assertError(await query(submitted.body.task_id, other.key), 404, 'ERROR_RESOURCE_NOT_FOUND', 'Resource not found.');
      const missing = await request(`${server.url}${QUERY}`, { headers: ailabHeaders(TEST_ADMIN_KEY), key: null });
      assertError(missing, 400, 'MISSING_PARAMETERS', 'Missing parameters.', /task_id/);
    });

    test('OpenAPI lists both routes under the ailabtools tag', async () => {
      const spec = (await request(`${server.url}/openapi.json`)).body;
      assert.deepEqual(spec.paths[SUBMIT].post.tags, ['ailabtools']);
      assert.deepEqual(spec.paths[QUERY].get.tags, ['ailabtools']);
      assert.ok(spec.tags.some((tag: { name: string }) => tag.name === 'ailabtools'));
    });
  });
}
