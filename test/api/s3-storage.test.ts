/**
 * A server whose images live in an S3 bucket (a real S3-compatible server on
 * loopback): results through /v1/files or as presigned links, a missing
 * bucket, and an outage in the middle of a job.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { S3BlobStore } from '../../src/storage/s3-blob-store.js';
import { request, until } from '../support/http.js';
import { dataUri, personImage, solidImage } from '../support/images.js';
import { TEST_BUCKET, startS3Server, type TestS3 } from '../support/s3-server.js';
import { startTestServer, type TestServer } from '../support/server.js';

let s3: TestS3;
let body: () => Promise<{ person_image: string; garment_image: string }>;
before(async () => {
  s3 = await startS3Server();
  const person = dataUri(await personImage());
  body = async () => ({ person_image: person, garment_image: dataUri(await solidImage(300, 300, { r: 0, g: 0, b: 200 }), 'image/jpeg') });
});
after(async () => s3.close());

function bucketStore(prefix: string): S3BlobStore {
  return new S3BlobStore({
    bucket: TEST_BUCKET,
    prefix,
    endpoint: s3.endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  });
}

async function keysUnder(store: S3BlobStore, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  for await (const entry of store.list(prefix)) keys.push(entry.key);
  return keys.sort();
}

describe('S3 storage, links through /v1/files', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer('pglite', s3.env('proxy'));
  });
  after(async () => server.stop());

  test('inputs and the result are objects in the bucket, served through the signed proxy link', async () => {
    const done = await request(`${server.url}/v1/tryon?wait=20`, { method: 'POST', json: await body() });
    assert.equal(done.body.status, 'completed', JSON.stringify(done.body));
    const id = done.body.id;
    const store = bucketStore('proxy/');
    try {
      assert.deepEqual(await keysUnder(store, `inputs/${id}/`), [`inputs/${id}/garment-1.jpg`, `inputs/${id}/person.png`]);
      assert.deepEqual(await keysUnder(store, `results/${id}/`), [`results/${id}/a1/result.jpg`]);
      const url = new URL(done.body.result.image_url);
      assert.equal(url.pathname, `/v1/files/results/${id}/a1/result.jpg`);
      const download = await fetch(`${server.url}${url.pathname}${url.search}`);
      assert.equal(download.status, 200);
      assert.equal(download.headers.get('content-type'), 'image/jpeg');
      const bytes = Buffer.from(await download.arrayBuffer());
      assert.deepEqual(bytes, (await store.get(`results/${id}/a1/result.jpg`))!.bytes);
    } finally {
      store.close();
    }
  });

  test('readyz checks the bucket', async () => {
    const ready = await request(`${server.url}/readyz`);
    assert.equal(ready.status, 200);
    assert.equal(ready.body.checks.storage, 'ok');
  });
});

describe('S3 storage, presigned links', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer('pglite', { ...s3.env('presigned'), RESULT_LINKS: 'presigned', RESULT_URL_TTL: '3s' });
  });
  after(async () => server.stop());

  test('result and input links go straight to the bucket and expire with RESULT_URL_TTL', async () => {
    const done = await request(`${server.url}/v1/tryon?wait=20`, { method: 'POST', json: await body() });
    assert.equal(done.body.status, 'completed');
    const id = done.body.id;
    const result = done.body.result.image_url as string;
    assert.ok(result.startsWith(`${s3.endpoint}/${TEST_BUCKET}/presigned/results/${id}/a1/result.jpg?`), result);
    assert.ok(done.body.input.urls.person.startsWith(`${s3.endpoint}/${TEST_BUCKET}/presigned/inputs/${id}/person.png?`));
    const expiresAt = Date.parse(done.body.result.expires_at);
    assert.ok(expiresAt > Date.now() && expiresAt <= Date.now() + 3_000, done.body.result.expires_at);

    const fresh = await fetch(result);
    assert.equal(fresh.status, 200);
    assert.equal(fresh.headers.get('content-type'), 'image/jpeg');
    const expired = await until(async () => ((await fetch(result)).status === 403 ? Date.now() : undefined), 10_000, 'the link to expire');
    // S3 refuses it from the second after expires_at, not before.
    assert.ok(expired >= expiresAt - 1_000, `refused ${expiresAt - expired} ms before expires_at`);
  });
});

describe('S3 storage, missing bucket', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer('pglite', s3.env('x', 'no-such-bucket'));
  });
  after(async () => server.stop());

  test('readyz names the missing bucket; a submission answers 503 with Retry-After', async () => {
    const ready = await request(`${server.url}/readyz`);
    assert.equal(ready.status, 503);
    assert.equal(ready.body.checks.storage, 'bucket no-such-bucket does not exist');
    const refused = await request(`${server.url}/v1/tryon`, { method: 'POST', json: await body() });
    assert.equal(refused.status, 503);
    assert.equal(refused.headers.get('retry-after'), '5');
    assert.deepEqual(refused.body, {
      error: { code: 'service_unavailable', message: 'The image storage is not available right now; try again shortly.' },
    });
    assert.equal((await request(`${server.url}/v1/jobs`)).body.data.length, 0, 'no job without its inputs');
  });
});

describe('S3 storage, an outage during a job', () => {
  let server: TestServer;
  before(async () => {
    // Four stages of 400 ms: the outage starts while the engine works.
    server = await startTestServer('pglite', s3.env('outage'), { TEST_ENGINE_STAGE_MS: '400' });
  });
  after(async () => {
    await s3.start();
    await server.stop();
  });

  test('the job is retried without losing an attempt and completes once the bucket is back, charged once', async () => {
    const created = await request(`${server.url}/v1/tryon`, { method: 'POST', json: await body() });
    assert.equal(created.status, 202);
    const id = created.body.id;
    await until(async () => ((await request(`${server.url}/v1/jobs/${id}`)).body.status === 'processing' ? true : undefined));
    await s3.stop();
    // The result cannot be written: the job goes back to the queue, saying why.
    const waiting = await until(async () => {
      const job = (await request(`${server.url}/v1/jobs/${id}`)).body;
      return job.status === 'queued' && job.error !== null ? job : undefined;
    }, 15_000, 'the job to be handed back');
    assert.equal(waiting.error.code, 'service_unavailable');
    const refused = await request(`${server.url}/v1/tryon`, { method: 'POST', json: await body() });
    assert.equal(refused.status, 503);
    await s3.start();
    const done = await request(`${server.url}/v1/jobs/${id}?wait=30`);
    assert.equal(done.body.status, 'completed', JSON.stringify(done.body));
    assert.equal(done.body.attempts, 1);
    const usage = (await request(`${server.url}/v1/account/usage`)).body.data as { kind: string; job_id: string | null }[];
    assert.deepEqual(
      usage.filter((entry) => entry.job_id === id).map((entry) => entry.kind),
      ['charge'],
    );
  });
});
