import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { databaseKinds } from '../support/databases.js';
import { request, until } from '../support/http.js';
import { dataUri, personImage, solidImage } from '../support/images.js';
import { spawnServer, testDatabase, type TestDatabase } from '../support/server.js';

let body: () => { person_image: string; garment_image: string };
before(async () => {
  const person = dataUri(await personImage());
  const garment = dataUri(await solidImage(300, 300, { r: 0, g: 0, b: 120 }), 'image/jpeg');
  body = () => ({ person_image: person, garment_image: garment });
});

const processing = (url: string, id: string) =>
  until(async () => ((await request(`${url}/v1/jobs/${id}`)).body.status === 'processing' ? true : undefined), 30_000, 'processing');

for (const kind of await databaseKinds()) {
  describe(`nothing accepted is lost (${kind})`, () => {
    let database: TestDatabase;
    before(async () => {
      database = await testDatabase(kind);
    });
    after(async () => database.cleanup());

    test('stopped mid-job, started again: the job completes', async () => {
      // Four stages of 1.5 s: the stop lands mid-job. SHUTDOWN_GRACE=0 hands the job back at once.
      const env = { ...database.env, TEST_ENGINE_STAGE_MS: '1500', SHUTDOWN_GRACE: '0' };
      const first = await spawnServer(env);
      const created = await request(`${first.url}/v1/tryon`, { method: 'POST', json: body() });
      assert.equal(created.status, 202);
      await processing(first.url, created.body.id);
      assert.equal(await first.stop(), 0);
      assert.match(first.output(), /job handed back to the queue at shutdown/);

      const second = await spawnServer({ ...env, TEST_ENGINE_STAGE_MS: '10' });
      try {
        const done = await request(`${second.url}/v1/jobs/${created.body.id}?wait=30`);
        assert.equal(done.body.status, 'completed');
        // Handing back at shutdown does not use up an attempt.
        assert.equal(done.body.attempts, 1);
      } finally {
        await second.stop();
      }
    });

    test('kill -9 mid-job: the lease expires, the job is reclaimed and completes', async () => {
      const env = { ...database.env, TEST_ENGINE_STAGE_MS: '2000', JOB_LEASE: '2s' };
      const doomed = await spawnServer(env);
      const created = await request(`${doomed.url}/v1/tryon`, { method: 'POST', json: body() });
      await processing(doomed.url, created.body.id);
      await doomed.kill();

      const survivor = await spawnServer({ ...env, TEST_ENGINE_STAGE_MS: '10' });
      try {
        const done = await request(`${survivor.url}/v1/jobs/${created.body.id}?wait=40`);
        assert.equal(done.body.status, 'completed');
        assert.equal(done.body.attempts, 2);
        assert.match(survivor.output(), /reclaimed a job with an expired lease/);
      } finally {
        await survivor.stop();
      }
    });
  });
}
