/**
 * A `drape serve` process stopped while it starts: SIGTERM while the engine
 * threads still load their models ends the process cleanly (exit 0), without
 * waiting for the load. The engine's load is made to last 10 minutes
 * (TEST_ENGINE_INIT_MS), so a process that waited for it would outlast the test.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openDb } from '../../src/db/db.js';
import { jobStore } from '../../src/db/job-store.js';
import { teamStore } from '../../src/db/team-store.js';
import { request } from '../support/http.js';
import { dataUri, personImage, solidImage } from '../support/images.js';
import { spawnServer, testDatabase } from '../support/server.js';

const ENGINE_LOAD_MS = 600_000;

test('SIGTERM while the engine loads its models: the server stops at once, exit 0, its jobs left queued', async () => {
  const database = await testDatabase('pglite');
  try {
    const server = await spawnServer({ ...database.env, WORKERS: '2', TEST_ENGINE_INIT_MS: String(ENGINE_LOAD_MS), SHUTDOWN_GRACE: '20s' }, [], 'listening');
    try {
      const ready = await request(`${server.url}/readyz`);
      assert.equal(ready.status, 200);
      assert.deepEqual(ready.body.checks, { database: 'ok', storage: 'ok', engine: 'loading models' });
      // Accepted while the engine loads: it waits in the queue, and stays there when the process stops.
      const created = await request(`${server.url}/v1/tryon`, {
        method: 'POST',
        json: { person_image: dataUri(await personImage()), garment_image: dataUri(await solidImage(300, 300, { r: 9, g: 9, b: 9 })) },
      });
      assert.equal(created.status, 202, JSON.stringify(created.body));
    } finally {
      assert.equal(await server.stop(), 0, server.output());
    }
    assert.match(server.output(), /"msg":"drape stopped"/);
    assert.doesNotMatch(server.output(), /engines ready|the engines could not start|shutdown failed/);
    const db = await openDb({ dataDir: `${database.dataDir}/db` });
    try {
      const [team] = await teamStore.list(db);
      const jobs = await jobStore.list(db, { teamId: team!.id, limit: 10 });
      assert.deepEqual(jobs.map((job) => [job.status, job.attempts]), [['queued', 0]]);
    } finally {
      await db.close();
    }
  } finally {
    await database.cleanup();
  }
});
