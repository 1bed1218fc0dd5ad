/**
 * The studio's upscale (POST and GET /public/v1/upscale) on a real server:
 * the built-in engine's ESRGAN-slim on a crop of a fixture photo (sizes,
 * method, a picture that is the input's, not a blank), and with the test
 * engine the request's rules: validation, the 18 M output-pixel limit,
 * credits charged once per request and refunded when the job fails.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import sharp from 'sharp';
import { newTeam } from '../support/accounts.js';
import { databaseKinds } from '../support/databases.js';
import { STUDIO_STATUS } from '../support/expected-statuses.js';
import { until } from '../support/http.js';
import { personImage, solidImage } from '../support/images.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { assertStudioError, fixture, local, studio, type Studio } from './support.js';

/** Poll GET /upscale until the request has ended. */
async function upscaleUntilDone(api: Studio, requestId: string, timeoutMs = 60_000): Promise<any> {
  return until(
    async () => {
      const got = await api.get(`/upscale?request_id=${requestId}`);
      assert.equal(got.status, 200, JSON.stringify(got.body));
      return ['success', 'failed'].includes(got.body.status) ? got.body : undefined;
    },
    timeoutMs,
    `upscale ${requestId} to end`,
  );
}

const credits = async (api: Studio) => (await api.get('/metering/plan')).body.credits as number;

describe('studio upscale with the built-in engine (ESRGAN-slim)', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer('pglite', { ENGINES: 'builtin', WORKERS: '1' });
    await server.engineReady;
  });
  after(async () => server?.stop());

  test('a 96×64 crop at ×2 and ×2.5: the model ran, the sizes are exact, the picture is the input enlarged', async () => {
    const api = studio(server.url, (await newTeam(server, { credits: 20 })).key);
    const crop = await sharp(fixture('persons', '049205_0.jpg')).extract({ left: 330, top: 250, width: 96, height: 64 }).png().toBuffer();
    const small = await sharp(crop).raw().toBuffer();

    const asked = await api.post('/upscale', { image: crop.toString('base64') });
    assert.equal(asked.status, 200, JSON.stringify(asked.body));
    assert.deepEqual(asked.body, { status: 'success', request_id: asked.body.request_id, cost: 2 });
    const twice = await api.post('/upscale', { image: `data:image/png;base64,${crop.toString('base64')}`, upscale_factor: 2.5, num_images: 2 });
    assert.equal(twice.status, 200, JSON.stringify(twice.body));
    assert.equal(twice.body.cost, 4);
    assert.equal(await credits(api), 20 - 2 - 4);

    for (const [request, factor, width, height, model, images] of [
      [asked.body.request_id, 2, 192, 128, 'esrgan-slim x2', 1],
      [twice.body.request_id, 2.5, 240, 160, 'esrgan-slim x3', 2],
    ] as const) {
      const done = await upscaleUntilDone(api, request, 120_000);
      assert.equal(done.status, 'success', JSON.stringify(done));
      assert.equal(done.method, 'esrgan-slim');
      assert.equal(done.model, model);
      assert.equal(done.upscale_factor, factor);
      assert.deepEqual([done.width, done.height, done.result_urls.length, done.num_distinct_images], [width, height, images, 1]);
      const png = Buffer.from(await (await fetch(local(done.result_urls[0], server))).arrayBuffer());
      const meta = await sharp(png).metadata();
      assert.deepEqual([meta.format, meta.width, meta.height], ['png', width, height]);
      // Not blank: the crop (shirt print and skin) has contrast, and so must the result.
      const stats = await sharp(png).stats();
      assert.ok(stats.channels[0]!.stdev > 20, `stdev ${stats.channels[0]!.stdev}`);
      // The input's picture: brought back to 96×64, it differs from the crop by a few levels only.
      const back = await sharp(png).resize(96, 64, { kernel: 'lanczos3' }).removeAlpha().raw().toBuffer();
      let sum = 0;
      for (let i = 0; i < back.length; i++) sum += Math.abs(back[i]! - small[i]!);
      assert.ok(sum / back.length < 8, `mean difference ${sum / back.length} levels`);
    }
    // Charged once per request: nothing more after they ran.
    assert.equal(await credits(api), 14);
  });
});

for (const kind of await databaseKinds()) {
  describe(`studio upscale: requests, limits and credits (${kind}, test engine)`, () => {
    let server: TestServer;
    before(async () => {
      server = await startTestServer(kind);
    });
    after(async () => server?.stop());

    test('validation: 422 before anything is charged', async () => {
      const api = studio(server.url, (await newTeam(server, { credits: 10 })).key);
      const image = (await solidImage(40, 30, { r: 10, g: 120, b: 200 }, 'png')).toString('base64');
      assertStudioError(await api.post('/upscale', {}), STUDIO_STATUS.missing_parameter, 'missing_parameter');
      assertStudioError(await api.post('/upscale', { image, upscale_factor: 5 }), STUDIO_STATUS.invalid_parameter, 'invalid_parameter');
      assertStudioError(await api.post('/upscale', { image, upscale_factor: 0.5 }), STUDIO_STATUS.invalid_parameter, 'invalid_parameter');
      assertStudioError(await api.post('/upscale', { image, num_images: 5 }), STUDIO_STATUS.invalid_parameter, 'invalid_parameter');
      assertStudioError(await api.post('/upscale', { image, num_images: 1.5 }), STUDIO_STATUS.invalid_parameter, 'invalid_parameter');
      assertStudioError(await api.post('/upscale', { image: 'ftp://example.com/a.png' }), STUDIO_STATUS.invalid_parameter, 'invalid_parameter');
      assertStudioError(await api.post('/upscale', { image: Buffer.from('not an image').toString('base64') }), STUDIO_STATUS.unsupported_image_format, 'unsupported_image_format');
      // Small images are what upscaling is for, but not below 16 px a side.
      const tiny = (await solidImage(8, 8, { r: 10, g: 120, b: 200 }, 'png')).toString('base64');
      assertStudioError(await api.post('/upscale', { image: tiny }), STUDIO_STATUS.resolution_too_low, 'resolution_too_low');
      // A URL goes through the SSRF guard.
      assertStudioError(await api.post('/upscale', { image: 'http://127.0.0.1:1/a.png' }), STUDIO_STATUS.url_forbidden, 'url_forbidden');
      assertStudioError(await api.get('/upscale'), STUDIO_STATUS.missing_parameter, 'missing_parameter');
      assert.equal(await credits(api), 10);
    });

    test('the limit: input_pixels × factor² ≤ 18,000,000 (2048² at ×4 refused, 1024² at ×4 accepted)', async () => {
      const api = studio(server.url, (await newTeam(server, { credits: 10 })).key);
      const big = (await solidImage(2048, 2048, { r: 90, g: 90, b: 90 }, 'png')).toString('base64');
      const refused = await api.post('/upscale', { image: big, upscale_factor: 4 });
      assertStudioError(refused, STUDIO_STATUS.too_many_pixels, 'too_many_pixels');
      assert.equal(refused.body.field, 'upscale_factor');
      assert.match(refused.body.detail, /67,108,864 output pixels; at most 18,000,000/);
      assert.match(refused.body.detail, /at most 2\.07/);
      assert.equal(await credits(api), 10);
      assert.deepEqual((await api.get('/metering/credit-history')).body.items, []);

      const fits = await api.post('/upscale', { image: (await solidImage(1024, 1024, { r: 90, g: 90, b: 90 }, 'png')).toString('base64'), upscale_factor: 4 });
      assert.equal(fits.status, 200, JSON.stringify(fits.body));
      const done = await upscaleUntilDone(api, fits.body.request_id);
      assert.deepEqual([done.status, done.width, done.height, done.method], ['success', 4096, 4096, 'test-nearest']);
    });

    test('credits: 2 per image charged once, 402 beyond the balance, refunded when the job fails', async () => {
      const team = await newTeam(server, { credits: 10 });
      const api = studio(server.url, team.key);
      const image = (await solidImage(40, 30, { r: 10, g: 120, b: 200 }, 'png')).toString('base64');
      const three = await api.post('/upscale', { image, num_images: 3 });
      assert.equal(three.status, 200, JSON.stringify(three.body));
      assert.equal(three.body.cost, 6);
      const done = await upscaleUntilDone(api, three.body.request_id);
      assert.deepEqual([done.status, done.result_urls.length, done.num_distinct_images, done.width, done.height], ['success', 3, 1, 80, 60]);
      assert.equal(await credits(api), 4);
      const history = (await api.get('/metering/credit-history')).body.items;
      assert.deepEqual(history.map((item: { credits: number; operation: string }) => [item.credits, item.operation]), [[6, 'upscale']]);

      assertStudioError(await api.post('/upscale', { image, num_images: 3 }), STUDIO_STATUS.insufficient_credits, 'insufficient_credits');
      assert.equal(await credits(api), 4);

      // A red top-left pixel makes the test engine fail the job: the charge comes back.
      const failing = await api.post('/upscale', { image: (await personImage({ refused: true, width: 64, height: 64 })).toString('base64') });
      assert.equal(failing.status, 200, JSON.stringify(failing.body));
      const failed = await upscaleUntilDone(api, failing.body.request_id);
      assert.equal(failed.status, 'failed');
      assert.equal(failed.error.code, 'engine_failed');
      assert.deepEqual(failed.result_urls, []);
      await until(async () => ((await credits(api)) === 4 ? true : undefined), 10_000, 'the refund');
    });

    test('GET: another team’s request is 404; a program of another team is 403', async () => {
      const mine = studio(server.url, (await newTeam(server)).key);
      const theirs = studio(server.url, (await newTeam(server)).key);
      const image = (await solidImage(40, 30, { r: 10, g: 120, b: 200 }, 'png')).toString('base64');
      const asked = await mine.post('/upscale', { image });
      assert.equal(asked.status, 200);
      assertStudioError(await theirs.get(`/upscale?request_id=${asked.body.request_id}`), STUDIO_STATUS.not_found, 'not_found');
      assertStudioError(await mine.get('/upscale?request_id=job_nothing'), STUDIO_STATUS.not_found, 'not_found');
      const program = (await mine.get('/program')).body.programs[0].program_id;
      assertStudioError(await theirs.get(`/upscale?request_id=${asked.body.request_id}&program_id=${program}`), STUDIO_STATUS.forbidden, 'forbidden');
      assertStudioError(await theirs.post('/upscale', { image, program_id: program }), STUDIO_STATUS.forbidden, 'forbidden');
      assert.equal((await mine.get(`/upscale?request_id=${asked.body.request_id}`)).status, 200);
    });
  });
}
