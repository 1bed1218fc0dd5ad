/**
 * A result the engine judges below min_quality: the job fails with
 * low_quality_result, refunded once, not retried, its result, diagnostics and
 * verdict kept on the job; above the bar it completes with result.quality.
 * The test engine scores 0.2 (two warnings) for a pure blue garment, else 0.97.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DEFAULT_MIN_QUALITY } from '../../src/engines/engine.js';
import { newTeam } from '../support/accounts.js';
import { databaseKinds } from '../support/databases.js';
import { assertError, multipart, request, until } from '../support/http.js';
import { dataUri, personImage, solidImage } from '../support/images.js';
import { TEST_ADMIN_KEY } from '../support/keys.js';
import { startTestServer, type TestServer } from '../support/server.js';

let person: Buffer;
let poorGarment: Buffer;
let goodGarment: Buffer;
before(async () => {
  person = await personImage();
  poorGarment = await solidImage(300, 300, { r: 0, g: 0, b: 255 }, 'png');
  goodGarment = await solidImage(300, 300, { r: 20, g: 90, b: 200 }, 'png');
});
const body = (garment: Buffer, extra: Record<string, unknown> = {}) => ({ person_image: dataUri(person), garment_image: dataUri(garment), ...extra });

for (const kind of await databaseKinds()) {
  describe(`result quality (${kind})`, () => {
    let server: TestServer;
    before(async () => {
      server = await startTestServer(kind);
    });
    after(async () => server.stop());

    test('below the default min_quality: failed low_quality_result, refunded once, not retried, result and diagnostics kept', async () => {
      assert.ok(DEFAULT_MIN_QUALITY > 0.2 && DEFAULT_MIN_QUALITY <= 0.97, 'the test engine’s two scores straddle the default');
      const { key } = await newTeam(server, { credits: 3 });
      const job = await request(`${server.url}/v1/tryon?wait=20`, { method: 'POST', json: body(poorGarment, { diagnostics: true }), key });
      assert.equal(job.body.status, 'failed', JSON.stringify(job.body));
      assert.equal(job.body.error.code, 'low_quality_result');
      assert.match(job.body.error.message, /0\.2.*old_garment_visible, garment_outside_body/);
      assert.equal(job.body.attempts, 1);
      assert.deepEqual(job.body.result.quality, { score: 0.2, warnings: ['old_garment_visible', 'garment_outside_body'] });
      assert.equal(job.body.result.info.qualityFigures.oldLeftShare, 0.2);
      // the owner can still fetch the result and the renderings that show why
      const image = await fetch(job.body.result.image_url.replace(server.config.PUBLIC_URL, server.url));
      assert.equal(image.status, 200);
      assert.deepEqual(job.body.result.diagnostics.map((d: { name: string }) => d.name), ['replaced-region']);
      assert.equal((await fetch(job.body.result.diagnostics[0].url.replace(server.config.PUBLIC_URL, server.url))).status, 200);
      const balance = await until(async () => {
        const account = await request(`${server.url}/v1/account`, { key });
        return account.body.credits === 3 ? account.body.credits : undefined;
      });
      assert.equal(balance, 3);
      // a while later: still failed, still one attempt, one charge and one refund
      await new Promise((resolve) => setTimeout(resolve, 300));
      const again = await request(`${server.url}/v1/jobs/${job.body.id}`, { key });
      assert.deepEqual([again.body.status, again.body.attempts], ['failed', 1]);
      const usage = await request(`${server.url}/v1/account/usage`, { key });
      assert.deepEqual(
        usage.body.data.map((entry: { kind: string; amount: number; job_id: string | null }) => [entry.kind, entry.amount, entry.job_id]),
        [
          ['refund', 1, job.body.id],
          ['charge', -1, job.body.id],
          ['grant', 3, null],
        ],
      );
    });

    test('min_quality below the score: completed with result.quality; min_quality 0 accepts every result', async () => {
      const lowered = await request(`${server.url}/v1/tryon?wait=20`, { method: 'POST', json: body(poorGarment, { min_quality: 0.1 }) });
      assert.equal(lowered.body.status, 'completed', JSON.stringify(lowered.body));
      assert.deepEqual(lowered.body.result.quality, { score: 0.2, warnings: ['old_garment_visible', 'garment_outside_body'] });
      assert.equal(lowered.body.options.min_quality, 0.1);
      const zero = await request(`${server.url}/v1/tryon?wait=20`, { method: 'POST', json: body(poorGarment, { min_quality: 0 }) });
      assert.equal(zero.body.status, 'completed');
    });

    test('a good result completes with its verdict; a bar above it fails the job', async () => {
      const good = await request(`${server.url}/v1/tryon?wait=20`, { method: 'POST', json: body(goodGarment) });
      assert.equal(good.body.status, 'completed', JSON.stringify(good.body));
      assert.deepEqual(good.body.result.quality, { score: 0.97, warnings: [] });
      const strict = await request(`${server.url}/v1/tryon?wait=20`, { method: 'POST', json: body(goodGarment, { min_quality: 0.99 }) });
      assert.deepEqual([strict.body.status, strict.body.error.code], ['failed', 'low_quality_result']);
    });

    test('min_quality outside 0..1 is a 400 invalid_parameter', async () => {
      for (const value of [1.5, -0.1, 'high']) {
        const response = await request(`${server.url}/v1/tryon`, { method: 'POST', json: body(goodGarment, { min_quality: value }) });
        assertError(response, 'invalid_parameter', 'min_quality');
      }
    });
  });
}

/** Each dialect's answer for a job failed with low_quality_result (the request-time tables are in error-statuses.test.ts). */
describe('result quality through the dialects', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer('pglite');
  });
  after(async () => server.stop());
  const headers = { 'x-api-key': TEST_ADMIN_KEY, accept: 'application/json' };
  const ended = <T>(poll: () => Promise<T | undefined>) => until(poll, 20_000, 'the job to end');

  test('Pixelcut: 400 unknown_foreground, waited for or polled', async () => {
    const json = { person_image_url: dataUri(person), garment_image_url: dataUri(poorGarment) };
    const waited = await request(`${server.url}/v1/try-on`, { method: 'POST', headers, json, key: null });
    assert.deepEqual([waited.status, waited.body.error_code], [400, 'unknown_foreground']);
    const accepted = await request(`${server.url}/v1/try-on`, { method: 'POST', headers, json: { ...json, wait_for_result: false }, key: null });
    const failed = await ended(async () => {
      const polled = await request(`${server.url}/v1/try-on/${accepted.body.job_id}`, { headers, key: null });
      return polled.body.status === 'failed' ? polled.body : undefined;
    });
    assert.deepEqual(failed, { job_id: accepted.body.job_id, status: 'failed', error: failed.error, error_code: 'unknown_foreground' });
    assert.match(failed.error, /min_quality/);
  });

  test('Glam: FAILED with the reason and no media', async () => {
    const created = await request(`${server.url}/api/v1/tryon`, {
      method: 'POST',
      headers,
      json: { media_url: dataUri(person), garment_url: dataUri(poorGarment), mask_type: 'upper' },
      key: null,
    });
    const failed = await ended(async () => {
      const polled = await request(`${server.url}/api/v1/tryon/${created.body.event_id}`, { headers, key: null });
      return polled.body.status === 'FAILED' ? polled.body : undefined;
    });
    assert.deepEqual(failed.media_urls, []);
    assert.match(failed.error, /quality score 0\.2/);
  });

  test('Huhu: failed, no output, the reason', async () => {
    const created = await request(`${server.url}/tryon/v1`, {
      method: 'POST',
      headers,
      json: { image_model_url: dataUri(person), image_garment_url: dataUri(poorGarment), garment_type: 'Top' },
      key: null,
    });
    assert.equal(created.status, 200, JSON.stringify(created.body));
    const failed = await ended(async () => {
      const polled = await request(`${server.url}/requests/v1?job_id=${created.body.job_id}`, { headers, key: null });
      return polled.body.status === 'failed' ? polled.body : undefined;
    });
    assert.deepEqual(failed.output, []);
    assert.match(failed.error, /min_quality/);
  });

  test('AILabTools: the task answers 422 FILE_CONTENT_NON_COMPLIANCE', async () => {
    const parts = multipart([
      ['task_type', 'async'],
      ['person_image', { bytes: person, type: 'image/png', filename: 'person.png' }],
      ['top_garment', { bytes: poorGarment, type: 'image/png', filename: 'top.png' }],
      ['coarse_image', { bytes: person, type: 'image/png', filename: 'coarse.png' }],
      ['gender', 'woman'],
    ]);
    const submitted = await request(`${server.url}/api/portrait/enhance/try-on-clothes-refiner`, { method: 'POST', headers: { 'ailabapi-api-key': TEST_ADMIN_KEY }, body: parts, key: null });
    assert.equal(submitted.status, 200, JSON.stringify(submitted.body));
    const answer = await ended(async () => {
      const polled = await request(`${server.url}/api/common/query-async-task-result?task_id=${submitted.body.task_id}`, { headers: { 'ailabapi-api-key': TEST_ADMIN_KEY }, key: null });
      return polled.status !== 200 ? polled : undefined;
    });
    assert.deepEqual([answer.status, answer.body.error_code, answer.body.error_detail.code], [422, 422, 'FILE_CONTENT_NON_COMPLIANCE']);
  });

  test('FASHN: failed with PipelineError, nothing charged', async () => {
    const started = await request(`${server.url}/v1/run`, {
      method: 'POST',
      json: { model_name: 'tryon-v1.6', inputs: { model_image: dataUri(person), garment_image: dataUri(poorGarment) } },
    });
    assert.equal(started.status, 200, JSON.stringify(started.body));
    const failed = await ended(async () => {
      const polled = await request(`${server.url}/v1/status/${started.body.id}`);
      return polled.body.status === 'failed' ? polled : undefined;
    });
    assert.equal(failed.body.error.name, 'PipelineError');
    assert.equal(failed.body.output, undefined);
    assert.equal(failed.headers.get('x-fashn-credits-used'), '0');
  });
});
