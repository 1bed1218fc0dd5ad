import assert from 'node:assert/strict';
import { test } from 'node:test';
import { teamStore } from '../../src/db/team-store.js';
import { jobStore } from '../../src/db/job-store.js';
import { openDb } from '../../src/db/db.js';
import { request, until } from '../support/http.js';
import { dataUri, personImage, solidImage } from '../support/images.js';
import { startTestServer } from '../support/server.js';

test('shutdown answers waiting requests at once and hands the running job back', async () => {
  // Stages of 5 s: the job cannot end while the test runs, unless shutdown waited for it.
  const server = await startTestServer('pglite', { SHUTDOWN_GRACE: '0' }, { TEST_ENGINE_STAGE_MS: '5000' });
  try {
    const created = await request(`${server.url}/v1/tryon`, {
      method: 'POST',
      json: { person_image: dataUri(await personImage()), garment_image: dataUri(await solidImage(300, 300, { r: 1, g: 1, b: 1 })) },
    });
    await until(async () => ((await request(`${server.url}/v1/jobs/${created.body.id}`)).body.status === 'processing' ? true : undefined));
    const waiting = request(`${server.url}/v1/jobs/${created.body.id}?wait=60`);
    const waitingPost = request(`${server.url}/v1/tryon?wait=60`, {
      method: 'POST',
      json: { person_image: dataUri(await personImage()), garment_image: dataUri(await solidImage(300, 300, { r: 2, g: 2, b: 2 })) },
    });
    // The second job exists: its request is past acceptance and waiting, and the read, sent before it, too.
    await until(async () => ((await request(`${server.url}/v1/jobs`)).body.data.length === 2 ? true : undefined));
    await server.close();
    const [read, post] = await Promise.all([waiting, waitingPost]);
    assert.equal(read.status, 200);
    assert.equal(read.body.status, 'processing', 'the waiting read answered with the job as it was');
    assert.equal(post.status, 202);
    assert.equal(post.body.status, 'queued');
  } finally {
    await server.close();
  }
  const db = await openDb({ dataDir: `${server.database.dataDir}/db` });
  try {
    const [team] = await teamStore.list(db);
    const jobs = await jobStore.list(db, { teamId: team!.id, limit: 10 });
    assert.deepEqual(
      jobs.map((job) => job.status),
      ['queued', 'queued'],
    );
  } finally {
    await db.close();
    await server.database.cleanup();
  }
});
