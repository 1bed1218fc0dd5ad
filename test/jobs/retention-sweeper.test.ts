/**
 * The retention sweeper: files no job owns are deleted after a grace period
 * (inputs left by a crash during submission), on the folder store and on S3;
 * and only one sweeper runs at a time across processes.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { openDb, type Db } from '../../src/db/db.js';
import { jobStore } from '../../src/db/job-store.js';
import { teamStore } from '../../src/db/team-store.js';
import { newId } from '../../src/ids.js';
import { JobEvents } from '../../src/jobs/job-events.js';
import { RetentionSweeper } from '../../src/jobs/retention-sweeper.js';
import { createLogger } from '../../src/logger.js';
import type { BlobEntry, BlobStore } from '../../src/storage/blob-store.js';
import { LocalBlobStore } from '../../src/storage/local-blob-store.js';
import { S3BlobStore } from '../../src/storage/s3-blob-store.js';
import { databaseKinds } from '../support/databases.js';
import { openTestDb } from '../support/db.js';
import { TEST_BUCKET, startS3Server, type TestS3 } from '../support/s3-server.js';

const TEAM_ID = 'team_sweeper_test';
const logger = createLogger('silent');

let s3: TestS3;
let folder: string;
before(async () => {
  s3 = await startS3Server();
  folder = await mkdtemp(join(tmpdir(), 'drape-sweeper-'));
});
after(async () => {
  await s3.close();
  await rm(folder, { recursive: true, force: true });
});

const stores: [string, (name: string) => BlobStore][] = [
  ['folder', (name) => new LocalBlobStore(join(folder, name))],
  [
    's3',
    (name) =>
      new S3BlobStore({
        bucket: TEST_BUCKET,
        prefix: `${name}/`,
        endpoint: s3.endpoint,
        region: 'us-east-1',
        forcePathStyle: true,
        credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
      }),
  ],
];

async function insertJob(db: Db, id: string): Promise<void> {
  await jobStore.insert(db, {
    id,
    teamId: TEAM_ID,
    operation: 'tryon',
    input: { person: { key: `inputs/${id}/person.png`, format: 'png', width: 1, height: 1 }, garments: [] },
    options: {},
    outputFormat: 'jpeg',
    metadata: null,
    webhookUrl: null,
    source: 'native',
    maxAttempts: 3,
  });
}

async function keys(store: BlobStore): Promise<string[]> {
  const found: string[] = [];
  for (const kind of ['inputs/', 'results/']) for await (const entry of store.list(kind)) found.push(entry.key);
  return found.sort();
}

for (const kind of await databaseKinds()) {
  for (const [storeKind, makeStore] of stores) {
    describe(`orphaned files (${kind}, ${storeKind} store)`, () => {
      let db: Db;
      let close: () => Promise<void>;
      let events: JobEvents;
      let store: BlobStore;
      before(async () => {
        ({ db, close } = await openTestDb(kind));
        await teamStore.insert(db, { id: TEAM_ID, name: 'Sweeper test', webhookSecret: 'whsec_test' });
        events = new JobEvents(db);
        await events.start();
        store = makeStore(`${kind}-orphans`);
      });
      after(async () => {
        (store as { close?: () => void }).close?.();
        await events.stop();
        await close();
      });

      test('files no kept job owns are deleted once past the grace period; a job’s own files stay', async () => {
        const kept = newId('job');
        const purged = newId('job');
        const crashed = newId('job');
        await insertJob(db, kept);
        await insertJob(db, purged);
        await jobStore.markPurged(db, purged);
        const png = (text: string) => Buffer.from(text);
        await store.put(`inputs/${kept}/person.png`, png('kept'), 'image/png');
        await store.put(`results/${kept}/a1/result.jpg`, png('kept result'), 'image/jpeg');
        // A crash between storing the inputs and committing the job row leaves these behind.
        await store.put(`inputs/${crashed}/person.png`, png('orphan'), 'image/png');
        await store.put(`inputs/${crashed}/garment-1.png`, png('orphan'), 'image/png');
        // A late worker wrote a result after retention purged its job.
        await store.put(`results/${purged}/a2/result.jpg`, png('late'), 'image/jpeg');

        const patient = new RetentionSweeper(db, store, events, logger, { retentionMs: 86_400_000, sweepIntervalMs: 3_600_000 });
        assert.deepEqual(await patient.sweep(), { skipped: false, purged: 0, orphans: 0, studioImages: 0 }, 'within the grace period nothing goes');
        assert.equal((await keys(store)).length, 5);

        const sweeper = new RetentionSweeper(db, store, events, logger, {
          retentionMs: 86_400_000,
          sweepIntervalMs: 3_600_000,
          orphanGraceMs: 0,
        });
        assert.deepEqual(await sweeper.sweep(), { skipped: false, purged: 0, orphans: 2, studioImages: 0 });
        assert.deepEqual(await keys(store), [`inputs/${kept}/person.png`, `results/${kept}/a1/result.jpg`]);
      });
    });
  }

  describe(`one sweeper at a time (${kind})`, () => {
    test('a second sweeper, in another connection, skips while the first is sweeping', async () => {
      const { db, url, close } = await openTestDb(kind);
      // Another process: its own connection pool to the same database (PGlite has one process only).
      const other = url === undefined ? db : await openDb({ databaseUrl: url, dataDir: folder });
      const events = new JobEvents(db);
      await events.start();
      let releaseListing!: () => void;
      let listingStarted!: () => void;
      const started = new Promise<void>((resolve) => (listingStarted = resolve));
      const gate = new Promise<void>((resolve) => (releaseListing = resolve));
      const local = new LocalBlobStore(join(folder, `${kind}-gate`));
      // The first sweeper's listing waits at the gate, holding the sweep open.
      const gated: BlobStore = Object.assign(Object.create(local) as BlobStore, {
        list: async function* (prefix: string): AsyncIterable<BlobEntry> {
          listingStarted();
          await gate;
          yield* local.list(prefix);
        },
      });
      const options = { retentionMs: 1_000, sweepIntervalMs: 3_600_000 };
      try {
        const first = new RetentionSweeper(db, gated, events, logger, options).sweep();
        await started;
        const second = await new RetentionSweeper(other, local, events, logger, options).sweep();
        assert.deepEqual(second, { skipped: true });
        releaseListing();
        assert.deepEqual(await first, { skipped: false, purged: 0, orphans: 0, studioImages: 0 });
        assert.deepEqual(await new RetentionSweeper(other, local, events, logger, options).sweep(), {
          skipped: false,
          purged: 0,
          orphans: 0,
          studioImages: 0,
        });
      } finally {
        releaseListing();
        await events.stop();
        if (other !== db) await other.close();
        await close();
      }
    });
  });
}
