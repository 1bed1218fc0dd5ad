/**
 * The hosted-provider adapters (FASHN, fal.ai's queue, Replicate's
 * predictions) against local doubles that answer as each service documents:
 * the request each one receives (the operator's key in its header only, the
 * photos as sent, Drape's options in the service's names), results converted
 * to the job's format, samples, cancel reaching the service, 429 with
 * Retry-After waited out, and each service's failures mapped onto Drape's
 * codes with the right retryability.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import sharp from 'sharp';
import { FalEngine } from '../../../src/engines/remote/fal-engine.js';
import { FashnEngine } from '../../../src/engines/remote/fashn-engine.js';
import { ReplicateEngine } from '../../../src/engines/remote/replicate-engine.js';
import type { SafeFetcher } from '../../../src/net/safe-fetch.js';
import { until } from '../../support/http.js';
import { startFakeFal, type FakeFal } from '../../support/fakes/fake-fal.js';
import { startFakeFashn, type FakeFashn } from '../../support/fakes/fake-fashn.js';
import { fromDataUri } from '../../support/fakes/fake-server.js';
import { startFakeReplicate, type FakeReplicate } from '../../support/fakes/fake-replicate.js';
import { GARMENT_FILE, PERSON_FILE, failure, fixtureTask, startRun, testFetcher } from '../../support/remote-engines.js';

const KEY = 'provider-key-never-logged-1234';

async function assertImage(bytes: Uint8Array, format: string): Promise<void> {
  const metadata = await sharp(Buffer.from(bytes)).metadata();
  assert.deepEqual([metadata.format, metadata.width, metadata.height], [format, 768, 1024]);
}

let fetcher: SafeFetcher;
let person: Buffer;
let garment: Buffer;
before(async () => {
  fetcher = testFetcher();
  [person, garment] = await Promise.all([readFile(PERSON_FILE), readFile(GARMENT_FILE)]);
});
after(() => fetcher?.close());

describe('FASHN as a provider', () => {
  let fashn: FakeFashn;
  let engine: FashnEngine;
  before(async () => {
    fashn = await startFakeFashn(KEY);
    engine = new FashnEngine({ name: 'fashn', apiKey: KEY, baseUrl: fashn.url, requestTimeoutMs: 2_000, pollIntervalMs: 20, fetcher });
  });
  after(() => fashn?.close());

  test('POST /v1/run with FASHN’s inputs (photos as sent, base64 back), then /v1/status until completed', async () => {
    const result = await startRun(engine, await fixtureTask({ preset: 'quality', seed: 11, samples: 2, garmentPhotoType: 'flat-lay' }, { format: 'jpeg', quality: 90 }))
      .outcome;
    const run = fashn.runs.at(-1)!;
    assert.equal(run.model_name, 'tryon-v1.6');
    const { model_image, garment_image, ...rest } = run.inputs;
    assert.deepEqual([fromDataUri(model_image), fromDataUri(garment_image)], [person, garment]);
    assert.match(model_image, /^data:image\/jpeg;base64,/);
    assert.deepEqual(rest, {
      category: 'tops',
      mode: 'quality',
      garment_photo_type: 'flat-lay',
      num_samples: 2,
      seed: 11,
      output_format: 'jpeg',
      return_base64: true,
    });
    assert.equal(result.images.length, 2);
    for (const image of result.images) await assertImage(image.bytes, 'jpeg');
    assert.equal(fashn.seen.at(-1)!.headers.authorization, `Bearer ${KEY}`);
  });

  test('failures: PoseError fails the job (not retried); OutOfCredits and a refused key are retryable; the key is in no message', async () => {
    fashn.settings.runtimeError = 'PoseError';
    const pose = await failure(startRun(engine, await fixtureTask()).outcome);
    fashn.settings.runtimeError = undefined;
    assert.deepEqual([pose.code, pose.retryable], ['pose_not_supported', false]);
    assert.match(pose.message, /^FASHN: Unable to detect body pose/);

    fashn.settings.credits = 0;
    const broke = await failure(startRun(engine, await fixtureTask()).outcome);
    fashn.settings.credits = 100;
    assert.deepEqual([broke.code, broke.retryable], ['service_unavailable', true]);

    const wrongKey = new FashnEngine({ name: 'fashn', apiKey: 'wrong-key-0000', baseUrl: fashn.url, requestTimeoutMs: 2_000, pollIntervalMs: 20, fetcher });
    const refused = await failure(wrongKey.health());
    assert.deepEqual([refused.code, refused.retryable], ['engine_failed', true]);
    for (const error of [pose, broke, refused]) assert.ok(!error.message.includes(KEY) && !error.message.includes('wrong-key'), error.message);
    await engine.health();
  });

  test('429 RateLimitExceeded is waited out per its Retry-After, then the run goes on', async () => {
    fashn.settings.throttleNext = 1;
    const before = fashn.seen.length;
    await startRun(engine, await fixtureTask()).outcome;
    const posts = fashn.seen.slice(before).filter((request) => request.path === '/v1/run');
    assert.equal(posts.length, 2);
    assert.ok(posts[1]!.at - posts[0]!.at >= 950, `retried after ${posts[1]!.at - posts[0]!.at} ms, Retry-After said 1 s`);
  });
});

test('FASHN: a status poll whose connection breaks is sent again; a submission whose connection breaks is not', async () => {
  const fashn = await startFakeFashn(KEY);
  try {
    const engine = new FashnEngine({ name: 'fashn', apiKey: KEY, baseUrl: fashn.url, requestTimeoutMs: 2_000, pollIntervalMs: 20, fetcher });
    fashn.settings.runMs = 200;
    const run = startRun(engine, await fixtureTask());
    await until(async () => (fashn.runs.length === 1 ? true : undefined));
    fashn.settings.dropNext = 1;
    await run.outcome;
    fashn.settings.dropNext = 1;
    const broken = await failure(startRun(engine, await fixtureTask()).outcome);
    assert.deepEqual([broken.code, broken.retryable], ['engine_failed', true]);
    assert.equal(fashn.runs.length, 1, 'the POST was not sent twice');
  } finally {
    await fashn.close();
  }
});

describe('fal.ai queue', () => {
  let fal: FakeFal;
  let engine: FalEngine;
  before(async () => {
    fal = await startFakeFal(KEY);
    engine = new FalEngine({ name: 'fal', apiKey: KEY, baseUrl: fal.url, requestTimeoutMs: 2_000, pollIntervalMs: 20, fetcher });
  });
  after(() => fal?.close());

  test('submits FASHN v1.6 on fal with `Key` auth, polls the status, downloads the images from its CDN and converts them', async () => {
    const result = await startRun(engine, await fixtureTask({ preset: 'fast', samples: 2 }, { format: 'webp', quality: 80 })).outcome;
    const input = fal.inputs.at(-1)!;
    assert.deepEqual([fromDataUri(input.model_image), fromDataUri(input.garment_image)], [person, garment]);
    assert.deepEqual([input.category, input.mode, input.num_samples, input.output_format], ['tops', 'performance', 2, 'png']);
    assert.ok(fal.seen.some((request) => request.method === 'POST' && request.path === '/fal-ai/fashn/tryon/v1.6'));
    assert.equal(result.images.length, 2);
    for (const image of result.images) await assertImage(image.bytes, 'webp');
  });

  test('cancel reaches fal: PUT …/requests/{id}/cancel', async () => {
    fal.settings.runMs = 5_000;
    const run = startRun(engine, await fixtureTask());
    await until(async () => (fal.seen.some((request) => request.path.endsWith('/status')) ? true : undefined));
    const id = fal.inputs.length;
    run.cancel();
    assert.equal((await failure(run.outcome)).code, 'canceled');
    assert.equal(fal.canceled.length, 1, `request ${id} canceled at fal`);
    fal.settings.runMs = 50;
  });

  test('failures: 422 input refused is not retried; 503 and a refused key are; 429 waits out its Retry-After', async () => {
    fal.settings.rejectInput = true;
    const rejected = await failure(startRun(engine, await fixtureTask()).outcome);
    fal.settings.rejectInput = false;
    assert.deepEqual([rejected.code, rejected.retryable], ['invalid_parameter', false]);
    assert.match(rejected.message, /Could not detect a person/);

    fal.settings.serverError = true;
    const busy = await failure(startRun(engine, await fixtureTask()).outcome);
    fal.settings.serverError = false;
    assert.deepEqual([busy.code, busy.retryable], ['service_unavailable', true]);

    const wrongKey = new FalEngine({ name: 'fal', apiKey: 'wrong', baseUrl: fal.url, requestTimeoutMs: 2_000, pollIntervalMs: 20, fetcher });
    const refused = await failure(startRun(wrongKey, await fixtureTask()).outcome);
    assert.deepEqual([refused.code, refused.retryable], ['engine_failed', true]);
    assert.ok(!refused.message.includes(KEY));

    fal.settings.throttleNext = 1;
    await startRun(engine, await fixtureTask()).outcome;
  });
});

describe('Replicate predictions', () => {
  let replicate: FakeReplicate;
  let engine: ReplicateEngine;
  const VERSION = 'c871bb9b046607b680449ecbae55fd8c6d945e0a1948644bf2361b3d021d3ff4';
  before(async () => {
    replicate = await startFakeReplicate(KEY);
    engine = new ReplicateEngine({ name: 'replicate', apiKey: KEY, version: VERSION, baseUrl: replicate.url, requestTimeoutMs: 2_000, pollIntervalMs: 20, fetcher });
  });
  after(() => replicate?.close());

  test('one IDM-VTON prediction per sample with the next seed; outputs downloaded and kept as PNG', async () => {
    const before = replicate.inputs.length;
    const result = await startRun(engine, await fixtureTask({ seed: 5, samples: 2, preset: 'quality' })).outcome;
    const created = replicate.inputs.slice(before);
    assert.deepEqual(
      created.map(({ version, input }) => [version, input.category, input.steps, input.seed]),
      [
        [VERSION, 'upper_body', 40, 5],
        [VERSION, 'upper_body', 40, 6],
      ],
    );
    assert.deepEqual([fromDataUri(created[0]!.input.human_img), fromDataUri(created[0]!.input.garm_img)], [person, garment]);
    assert.equal(result.images.length, 2);
    for (const image of result.images) await assertImage(image.bytes, 'png');
    await engine.health();
  });

  test('cancel reaches Replicate: POST /v1/predictions/{id}/cancel', async () => {
    replicate.settings.runMs = 5_000;
    const run = startRun(engine, await fixtureTask());
    const before = replicate.canceled.length;
    await until(async () => (replicate.seen.some((request) => request.method === 'GET' && request.path.startsWith('/v1/predictions/')) ? true : undefined));
    run.cancel();
    assert.equal((await failure(run.outcome)).code, 'canceled');
    assert.equal(replicate.canceled.length, before + 1);
    replicate.settings.runMs = 50;
  });

  test('failures: a failed prediction is retried; a status call that never answers times out (retryable); 429 waits', async () => {
    replicate.settings.failPrediction = true;
    const failed = await failure(startRun(engine, await fixtureTask()).outcome);
    replicate.settings.failPrediction = false;
    assert.deepEqual([failed.code, failed.retryable], ['engine_failed', true]);
    assert.match(failed.message, /out of memory/);

    replicate.settings.hangStatus = true;
    const impatient = new ReplicateEngine({ name: 'replicate', apiKey: KEY, version: VERSION, baseUrl: replicate.url, requestTimeoutMs: 300, pollIntervalMs: 20, fetcher });
    const slow = await failure(startRun(impatient, await fixtureTask()).outcome);
    replicate.settings.hangStatus = false;
    assert.deepEqual([slow.code, slow.retryable], ['engine_timeout', true]);

    replicate.settings.throttleNext = 1;
    const before = replicate.seen.length;
    await startRun(engine, await fixtureTask()).outcome;
    const creations = replicate.seen.slice(before).filter((request) => request.method === 'POST' && request.path === '/v1/predictions');
    assert.equal(creations.length, 2);
    assert.ok(creations[1]!.at - creations[0]!.at >= 950);
  });
});
