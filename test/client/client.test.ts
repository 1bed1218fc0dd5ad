import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import sharp from 'sharp';
import { DrapeApiError, DrapeClient, DrapeConnectionError, type Job } from '../../src/client/index.js';
import { fixturesDir, loadManifest } from '../support/engine-fixtures.js';
import { dataUri, personImage, solidImage } from '../support/images.js';
import { TEST_ADMIN_KEY, TEST_OTHER_KEY } from '../support/keys.js';
import type { TestServer } from '../support/server.js';
import { freePort, startPublicServer } from './public-server.js';

describe('DrapeClient against a started server', () => {
  let server: TestServer;
  let client: DrapeClient;
  let person: Buffer;
  let garment: Buffer;
  before(async () => {
    server = await startPublicServer();
    client = new DrapeClient({ baseUrl: server.url, apiKey: TEST_ADMIN_KEY });
    person = await personImage();
    garment = await solidImage(300, 300, { r: 0, g: 0, b: 200 });
  });
  after(async () => server.stop());

  test('tryOn with bytes (multipart), waitForJob with progress, download the result', async () => {
    const submitted = await client.tryOn({ person, garment, category: 'top', outputFormat: 'png', metadata: { order: 7 } });
    assert.equal(submitted.object, 'job');
    assert.match(submitted.id, /^job_/);
    const seen: Job[] = [];
    const job = await client.waitForJob(submitted, { onProgress: (update) => seen.push(update), intervalMs: 50 });
    assert.equal(job.status, 'completed');
    assert.equal(job.progress, 100);
    assert.deepEqual(job.metadata, { order: 7 });
    assert.equal(job.input.garments[0]!.category, 'upper');
    assert.ok(seen.length >= 2 && seen.at(-1)!.status === 'completed', 'onProgress saw the job through to its end');
    const { bytes, contentType } = await client.download(job);
    assert.equal(contentType, 'image/png');
    const metadata = await sharp(bytes).metadata();
    assert.deepEqual([metadata.width, metadata.height, metadata.format], [300, 400, 'png']);
  });

  test('refine a try-on result, with bytes (multipart) and with data: URIs (JSON)', async () => {
    const coarseJob = await client.tryOn({ person, garment, category: 'upper', waitSeconds: 20 });
    const { bytes: coarse } = await client.download(coarseJob);
    const fromBytes = await client.waitForJob(await client.refine({ person, garment, category: 'upper', coarse, gender: 'man' }));
    assert.equal(fromBytes.operation, 'refine');
    assert.equal(fromBytes.status, 'completed');
    assert.equal(fromBytes.options.gender, 'man');
    assert.deepEqual(fromBytes.input.coarse, { width: 300, height: 400 });
    const fromUris = await client.refine({
      person: dataUri(person),
      garment: dataUri(garment, 'image/jpeg'),
      coarse: dataUri(Buffer.from(coarse), 'image/jpeg'),
      waitSeconds: 20,
    });
    assert.equal(fromUris.status, 'completed');
    assert.deepEqual(fromUris.input.coarse, { width: 300, height: 400 });
  });

  test('account and usage: the balance, limits and the charge of a submission', async () => {
    const before = await client.account();
    assert.equal(before.object, 'account');
    assert.equal(before.key.name, 'admin');
    const job = await client.tryOn({ person: dataUri(person), garment: dataUri(garment, 'image/jpeg'), preset: 'quality' });
    assert.equal((await client.account()).credits, before.credits - 2);
    const page = await client.usage({ limit: 1 });
    assert.deepEqual(
      [page.data[0]!.kind, page.data[0]!.amount, page.data[0]!.job_id, page.data[0]!.operation],
      ['charge', -2, job.id, 'tryon_hd'],
    );
    assert.notEqual(page.next_cursor, null);
    assert.equal((await client.usage({ from: new Date(Date.now() + 60_000).toISOString() })).data.length, 0);
    await client.waitForJob(job);
  });

  test('tryOn with data: URIs goes as JSON; waitSeconds answers with the ended job; input links work', async () => {
    const job = await client.tryOn({ person: dataUri(person), garment: dataUri(garment, 'image/jpeg'), waitSeconds: 20 });
    assert.equal(job.status, 'completed');
    assert.ok(job.input.urls?.person, 'the job links to its stored person photo');
    const input = await client.download(job.input.urls.person);
    assert.equal((await sharp(input.bytes).metadata()).width, 300);
  });

  test('a real fixture pair: waitForJob without onProgress long-polls to the end', async (t) => {
    const manifest = loadManifest();
    const pair = manifest.pairs[0];
    if (pair === undefined) return t.skip('no fixture pairs');
    const dir = fixturesDir();
    const submitted = await client.tryOn({
      person: await readFile(resolve(dir, 'persons', pair.person)),
      garment: new Blob([new Uint8Array(await readFile(resolve(dir, 'garments', pair.garment)))], { type: 'image/jpeg' }),
      category: pair.category,
    });
    const job = await client.waitForJob(submitted.id, { timeoutMs: 30_000 });
    assert.equal(job.status, 'completed');
    assert.equal(job.result?.format, 'jpeg');
  });

  test('a failed job is returned, not thrown', async () => {
    const submitted = await client.tryOn({ person: await personImage({ refused: true }), garment });
    const job = await client.waitForJob(submitted);
    assert.equal(job.status, 'failed');
    assert.equal(job.error?.code, 'no_person_detected');
  });

  test('result.quality and minQuality: a result below the bar is a failed job that keeps its verdict', async () => {
    // the test engine scores a pure blue garment 0.2
    const poor = await solidImage(300, 300, { r: 0, g: 0, b: 255 }, 'png');
    const failed = await client.waitForJob(await client.tryOn({ person, garment: poor }));
    assert.deepEqual([failed.status, failed.error?.code], ['failed', 'low_quality_result']);
    assert.deepEqual(failed.result?.quality, { score: 0.2, warnings: ['old_garment_visible', 'garment_outside_body'] });
    const accepted = await client.waitForJob(await client.tryOn({ person, garment: poor, minQuality: 0.1 }));
    assert.equal(accepted.status, 'completed');
    assert.equal(accepted.result?.quality?.score, 0.2);
  });

  test('getJob, listJobs and cancelJob', async () => {
    const job = await client.tryOn({ person, garment, waitSeconds: 20 });
    assert.equal((await client.getJob(job.id)).id, job.id);
    const page = await client.listJobs({ limit: 2, status: 'completed' });
    assert.equal(page.object, 'list');
    assert.equal(page.data.length, 2);
    assert.ok(page.data.every((listed) => listed.status === 'completed'));
    const next = await client.listJobs({ limit: 2, cursor: page.next_cursor! });
    assert.ok(next.data.every((listed) => !page.data.some((first) => first.id === listed.id)));
    const refusal = await client.cancelJob(job.id).catch((error: unknown) => error);
    assert.ok(refusal instanceof DrapeApiError);
    assert.deepEqual([refusal.status, refusal.code], [409, 'job_not_cancelable']);
  });

  test("errors carry the server's status, code, message and field", async () => {
    const error = await client.tryOn({ person: 'not a url', garment: dataUri(garment) }).catch((caught: unknown) => caught);
    assert.ok(error instanceof DrapeApiError, String(error));
    assert.equal(error.status, 400);
    assert.equal(error.code, 'invalid_parameter');
    assert.equal(typeof error.message, 'string');
    assert.match(error.requestId ?? '', /^req_/);
    const missing = await client.getJob('job_00000000000000000000000000').catch((caught: unknown) => caught);
    assert.ok(missing instanceof DrapeApiError);
    assert.deepEqual([missing.status, missing.code], [404, 'not_found']);
  });

  test('examples list the fixture photos, and each is served', async () => {
    const examples = await client.examples();
    const manifest = loadManifest();
    assert.deepEqual(examples.persons.map((photo) => photo.name).sort(), Object.keys(manifest.persons).sort());
    assert.ok(examples.garments.every((photo) => ['upper', 'lower', 'dress'].includes(photo.category!)));
    const first = await client.download(examples.garments[0]!.url);
    assert.equal(first.contentType, 'image/jpeg');
    const outside = await client.download(`${server.url}/v1/examples/persons/..%2f..%2fmanifest.json`).catch((caught: unknown) => caught);
    assert.ok(outside instanceof DrapeApiError);
    assert.equal(outside.code, 'not_found');
  });

  test('a wrong key is refused with invalid_auth_token (once accounts authenticate)', async () => {
    const stranger = new DrapeClient({ baseUrl: server.url, apiKey: TEST_OTHER_KEY });
    const error = await stranger.listJobs().catch((caught: unknown) => caught);
    assert.ok(error instanceof DrapeApiError, 'the request is refused');
    assert.deepEqual([error.status, error.code], [401, 'invalid_auth_token']);
  });

  test('waitForJob rides out the polling rate limit instead of failing', async () => {
    // One GET per second per key: polling every 10 ms meets 429 rate_limit_exceeded at once.
    const strict = await startPublicServer({ POLL_RATE_LIMIT: '1', POLL_RATE_BURST: '1' }, { TEST_ENGINE_STAGE_MS: '200' });
    try {
      const limited = new DrapeClient({ baseUrl: strict.url, apiKey: TEST_ADMIN_KEY });
      const submitted = await limited.tryOn({ person, garment });
      const refusal = await Promise.all([limited.getJob(submitted.id), limited.getJob(submitted.id)]).catch((error: unknown) => error);
      assert.ok(refusal instanceof DrapeApiError && refusal.status === 429, 'the limit is really met');
      assert.ok((refusal.retryAfterSeconds ?? 0) >= 1, 'and says when to come back');
      const job = await limited.waitForJob(submitted, { onProgress: () => {}, intervalMs: 10, timeoutMs: 20_000 });
      assert.equal(job.status, 'completed');
    } finally {
      await strict.stop();
    }
  });

  test('an unreachable server is a DrapeConnectionError', async () => {
    const port = await freePort();
    const nowhere = new DrapeClient({ baseUrl: `http://127.0.0.1:${port}`, apiKey: TEST_ADMIN_KEY });
    const error = await nowhere.listJobs().catch((caught: unknown) => caught);
    assert.ok(error instanceof DrapeConnectionError, String(error));
    assert.equal(error.message, `cannot reach http://127.0.0.1:${port}: ECONNREFUSED`);
  });
});
