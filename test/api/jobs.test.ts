import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { databaseKinds } from '../support/databases.js';
import { request, until } from '../support/http.js';
import { dataUri, personImage, solidImage } from '../support/images.js';
import { startTestServer, type TestServer } from '../support/server.js';

let person: Buffer;
let garment: Buffer;
const body = () => ({ person_image: dataUri(person), garment_image: dataUri(garment, 'image/jpeg') });

before(async () => {
  person = await personImage();
  garment = await solidImage(300, 300, { r: 200, g: 0, b: 0 });
});

for (const kind of await databaseKinds()) {
  describe(`jobs without workers: queue, list, cancel (${kind})`, () => {
    let server: TestServer;
    before(async () => {
      // WORKERS=0: this server only serves HTTP, so jobs stay queued.
      server = await startTestServer(kind, { WORKERS: '0' });
    });
    after(async () => server.stop());

    test('cursor pagination, newest first, with a status filter', async () => {
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) {
        ids.push((await request(`${server.url}/v1/tryon`, { method: 'POST', json: body() })).body.id);
      }
      const pages: string[][] = [];
      let cursor: string | null = null;
      do {
        const page: any = await request(`${server.url}/v1/jobs?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
        assert.equal(page.status, 200);
        assert.equal(page.body.object, 'list');
        pages.push(page.body.data.map((job: { id: string }) => job.id));
        cursor = page.body.next_cursor;
      } while (cursor !== null);
      assert.deepEqual(pages.flat().slice(0, 5), [...ids].reverse());
      assert.deepEqual(
        pages.map((page) => page.length),
        [2, 2, 1],
      );

      await request(`${server.url}/v1/jobs/${ids[0]}/cancel`, { method: 'POST' });
      const canceled = await request(`${server.url}/v1/jobs?status=canceled`);
      assert.deepEqual(
        canceled.body.data.map((job: { id: string }) => job.id),
        [ids[0]],
      );
      const queued = await request(`${server.url}/v1/jobs?status=queued&limit=100`);
      assert.equal(queued.body.data.length, 4);
      const bad = await request(`${server.url}/v1/jobs?status=done`);
      assert.equal(bad.status, 400);
      assert.equal(bad.body.error.code, 'invalid_parameter');
    });

    test('a queued job is canceled at once; canceling it again is 409 job_not_cancelable', async () => {
      const created = await request(`${server.url}/v1/tryon`, { method: 'POST', json: body() });
      const canceled = await request(`${server.url}/v1/jobs/${created.body.id}/cancel`, { method: 'POST' });
      assert.equal(canceled.status, 200);
      assert.equal(canceled.body.status, 'canceled');
      assert.deepEqual(canceled.body.error, { code: 'canceled', message: 'The job was canceled before it started.' });
      const again = await request(`${server.url}/v1/jobs/${created.body.id}/cancel`, { method: 'POST' });
      assert.equal(again.status, 409);
      assert.deepEqual(again.body, { error: { code: 'job_not_cancelable', message: `Job ${created.body.id} has already been canceled.` } });
      assert.equal((await request(`${server.url}/v1/jobs/${created.body.id}`)).body.status, 'canceled');
    });

    test('unknown jobs are 404 with the error envelope', async () => {
      const missing = await request(`${server.url}/v1/jobs/job_01aaaaaaaaaaaaaaaaaaaaaaaa`);
      assert.equal(missing.status, 404);
      assert.deepEqual(missing.body, { error: { code: 'not_found', message: 'No job job_01aaaaaaaaaaaaaaaaaaaaaaaa.', field: 'id' } });
      const cancel = await request(`${server.url}/v1/jobs/nope/cancel`, { method: 'POST' });
      assert.equal(cancel.status, 404);
      const route = await request(`${server.url}/v2/nothing`);
      assert.deepEqual(route.body, { error: { code: 'not_found', message: 'No route GET /v2/nothing.' } });
    });
  });

  describe(`jobs with a worker: cancel while running, failures, retries (${kind})`, () => {
    let server: TestServer;
    let scratch: string;
    before(async () => {
      scratch = await mkdtemp(join(tmpdir(), 'drape-jobs-'));
      server = await startTestServer(
        kind,
        {},
        { TEST_ENGINE_STAGE_MS: '300', TEST_ENGINE_FAIL_ONCE_FILE: join(scratch, 'fail-once') },
      );
    });
    after(async () => {
      await server.stop();
      await rm(scratch, { recursive: true, force: true });
    });

    test('a running job is canceled at its next stage boundary', async () => {
      const created = await request(`${server.url}/v1/tryon`, { method: 'POST', json: body() });
      await until(async () => {
        const job = await request(`${server.url}/v1/jobs/${created.body.id}`);
        return job.body.status === 'processing' ? true : undefined;
      });
      const requested = await request(`${server.url}/v1/jobs/${created.body.id}/cancel`, { method: 'POST' });
      assert.equal(requested.status, 202);
      assert.equal(requested.body.status, 'processing');
      const ended = await request(`${server.url}/v1/jobs/${created.body.id}?wait=20`);
      assert.equal(ended.body.status, 'canceled');
      assert.deepEqual(ended.body.error, { code: 'canceled', message: 'The job was canceled while it was running.' });
      assert.equal(ended.body.result, null);
    });

    test('an ended job cannot be canceled: 409', async () => {
      const done = await request(`${server.url}/v1/tryon?wait=20`, { method: 'POST', json: body() });
      assert.equal(done.body.status, 'completed');
      const cancel = await request(`${server.url}/v1/jobs/${done.body.id}/cancel`, { method: 'POST' });
      assert.equal(cancel.status, 409);
      assert.deepEqual(cancel.body, {
        error: { code: 'job_not_cancelable', message: `Job ${done.body.id} has already completed.` },
      });
    });

    test('an input error fails the job at once, without retrying', async () => {
      const refused = await personImage({ refused: true });
      const response = await request(`${server.url}/v1/tryon?wait=20`, {
        method: 'POST',
        json: { person_image: dataUri(refused), garment_image: dataUri(garment, 'image/jpeg') },
      });
      assert.equal(response.status, 200);
      assert.equal(response.body.status, 'failed');
      assert.equal(response.body.attempts, 1);
      assert.deepEqual(response.body.error, { code: 'no_person_detected', message: 'No person was found in the person photo.' });
    });

    test('a transient fault is retried and the job completes on its second attempt', async () => {
      await writeFile(join(scratch, 'fail-once'), '1');
      const created = await request(`${server.url}/v1/tryon`, { method: 'POST', json: body() });
      const ended = await request(`${server.url}/v1/jobs/${created.body.id}?wait=30`);
      assert.equal(ended.body.status, 'completed');
      assert.equal(ended.body.attempts, 2);
    });
  });
}
