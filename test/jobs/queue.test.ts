import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { teamStore } from '../../src/db/team-store.js';
import type { Db } from '../../src/db/db.js';
import { loadMigrations, migrate } from '../../src/db/migrate.js';
import { jobStore, type NewJob } from '../../src/db/job-store.js';
import { newId } from '../../src/ids.js';
import { JobEvents } from '../../src/jobs/job-events.js';
import { JobPresenter } from '../../src/jobs/job-json.js';
import { JobTransitions } from '../../src/jobs/job-transitions.js';
import { Maintenance } from '../../src/jobs/maintenance.js';
import { createLogger } from '../../src/logger.js';
import { ProxyLinks } from '../../src/storage/blob-links.js';
import { UrlSigner } from '../../src/storage/signed-urls.js';
import { databaseKinds } from '../support/databases.js';
import { openTestDb } from '../support/db.js';

const TEAM_ID = 'team_queue_test';

const newJob = (maxAttempts = 3): NewJob => ({
  id: newId('job'),
  teamId: TEAM_ID,
  operation: 'tryon',
  input: { person: { key: 'inputs/x/person.png', format: 'png', width: 1, height: 1 }, garments: [] },
  options: {},
  outputFormat: 'jpeg',
  metadata: null,
  webhookUrl: null,
  source: 'native',
  maxAttempts,
});

for (const kind of await databaseKinds()) {
  describe(`job queue (${kind})`, () => {
    let db: Db;
    let close: () => Promise<void>;
    let transitions: JobTransitions;
    let maintenance: Maintenance;
    let events: JobEvents;
    before(async () => {
      ({ db, close } = await openTestDb(kind));
      await teamStore.insert(db, { id: TEAM_ID, name: 'Queue test', webhookSecret: 'whsec_test' });
      events = new JobEvents(db);
      await events.start();
      const presenter = new JobPresenter(new ProxyLinks(new UrlSigner('s'.repeat(32), 'http://x')), 'http://x', 60_000);
      transitions = new JobTransitions(db, presenter, events);
      maintenance = new Maintenance(db, transitions, createLogger('silent'), { leaseMs: 100 });
    });
    after(async () => {
      await events.stop();
      await close();
    });

    test('applying the migrations again changes nothing', async () => {
      assert.deepEqual(await migrate(db), []);
      const { rows } = await db.query<{ count: number }>('SELECT count(*)::int AS count FROM schema_migrations');
      assert.equal(rows[0]!.count, (await loadMigrations()).length);
    });

    test('concurrent claims never hand one job to two workers', async () => {
      await db.query(`DELETE FROM jobs`);
      for (let i = 0; i < 6; i++) await jobStore.insert(db, newJob());
      const claims = await Promise.all(
        ['w1', 'w2', 'w3'].map((worker) => jobStore.claim(db, worker, 3, 30_000)),
      );
      const ids = claims.flat().map((job) => job.id);
      assert.equal(ids.length, 6);
      assert.equal(new Set(ids).size, 6);
      for (const job of claims.flat()) {
        assert.equal(job.status, 'processing');
        assert.equal(job.attempts, 1);
      }
    });

    test('a heartbeat from a worker that does not hold the job updates nothing', async () => {
      const job = await jobStore.insert(db, newJob());
      await db.query(`UPDATE jobs SET run_at = now() - interval '1 hour' WHERE id = $1`, [job.id]);
      const [claimed] = (await jobStore.claim(db, 'holder', 10, 30_000)).filter((row) => row.id === job.id);
      assert.ok(claimed);
      assert.deepEqual(await jobStore.heartbeat(db, job.id, 'holder', 30_000, 40, { pose: 5 }), { cancelRequested: false });
      assert.equal(await jobStore.heartbeat(db, job.id, 'intruder', 30_000, 40, {}), undefined);
      assert.equal(await jobStore.finishClaimed(db, job.id, 'intruder', { status: 'completed', stageTimings: {} }), undefined);
    });

    test('an expired lease is reclaimed and the old worker cannot write its late result', async () => {
      await db.query(`DELETE FROM jobs`);
      const job = await jobStore.insert(db, newJob());
      const [claimed] = await jobStore.claim(db, 'dead-worker', 1, 1);
      assert.equal(claimed!.id, job.id);
      await db.query(`UPDATE jobs SET lease_expires_at = now() - interval '1 second' WHERE id = $1`, [job.id]);

      assert.equal(await maintenance.reclaimExpired(), 1);
      const requeued = (await jobStore.get(db, job.id))!;
      assert.equal(requeued.status, 'queued');
      assert.equal(requeued.lockedBy, null);
      assert.deepEqual(requeued.error, { code: 'worker_lost', message: 'The worker running this job stopped responding.' });

      const late = await transitions.finish(claimed!, 'dead-worker', { status: 'completed', stageTimings: {} });
      assert.equal(late, undefined);
      assert.equal((await jobStore.get(db, job.id))!.status, 'queued');
    });

    test('a job whose worker dies on every attempt fails with worker_lost', async () => {
      await db.query(`DELETE FROM jobs`);
      const job = await jobStore.insert(db, newJob(2));
      for (let attempt = 1; attempt <= 2; attempt++) {
        await db.query(`UPDATE jobs SET run_at = now() - interval '1 hour' WHERE id = $1`, [job.id]);
        const [claimed] = await jobStore.claim(db, `worker-${attempt}`, 1, 1);
        assert.equal(claimed!.attempts, attempt);
        await db.query(`UPDATE jobs SET lease_expires_at = now() - interval '1 second' WHERE id = $1`, [job.id]);
        await maintenance.reclaimExpired();
      }
      const failed = (await jobStore.get(db, job.id))!;
      assert.equal(failed.status, 'failed');
      assert.equal(failed.error?.code, 'worker_lost');
      assert.ok(failed.finishedAt);
    });

    test('a cancel requested on a job whose worker died ends it canceled, not requeued', async () => {
      await db.query(`DELETE FROM jobs`);
      const job = await jobStore.insert(db, newJob());
      await jobStore.claim(db, 'gone', 1, 1);
      await jobStore.requestCancel(db, job.id, TEAM_ID);
      await db.query(`UPDATE jobs SET lease_expires_at = now() - interval '1 second' WHERE id = $1`, [job.id]);
      await maintenance.reclaimExpired();
      assert.equal((await jobStore.get(db, job.id))!.status, 'canceled');
    });
  });
}
