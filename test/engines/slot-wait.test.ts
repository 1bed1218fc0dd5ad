/**
 * A job whose engine is full waits in the queue, not in a worker holding its
 * lease: a remote engine (FASHN's test double) with one slot and runs longer
 * than a lease (JOB_LEASE 1 s, runs 2.5 s), beside a free built-in engine
 * whose thread the claim counts. Every job runs on the engine it prefers, one
 * at a time, in one attempt; no lease lapses (the one heartbeat of the worker
 * renews every job it holds), and the waiting jobs stay queued meanwhile.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { startServer, type RunningServer } from '../../src/server.js';
import { startFakeFashn, type FakeFashn } from '../support/fakes/fake-fashn.js';
import { request, until } from '../support/http.js';
import { dataUri, personImage, solidImage } from '../support/images.js';
import { TEST_ENGINE, testDatabase, testEnv, type TestDatabase } from '../support/server.js';

const FASHN_KEY = 'fa-slot-wait-test-secret';
const RUN_MS = 2_500;

describe('a job waiting for a full remote engine holds no lease', () => {
  const lines: string[] = [];
  let dir: string;
  let database: TestDatabase;
  let fashn: FakeFashn;
  let server: RunningServer;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'drape-slot-wait-'));
    database = await testDatabase('pglite');
    fashn = await startFakeFashn(FASHN_KEY);
    fashn.settings.runMs = RUN_MS;
    const file = join(dir, 'engines.yaml');
    await writeFile(
      file,
      [
        'engines:',
        '  - name: fashn',
        '    kind: fashn',
        `    base_url: ${fashn.url}`,
        '    api_key_env: FASHN_KEY',
        '    concurrency: 1',
        '    priority: 10',
        '  - name: builtin',
        '    kind: builtin',
        `    module: ${TEST_ENGINE}`,
      ].join('\n'),
    );
    const sink = new Writable({
      write(chunk, _encoding, done) {
        lines.push(...chunk.toString().split('\n').filter(Boolean));
        done();
      },
    });
    const config = loadConfig(
      testEnv({ ...database.env, ENGINES_FILE: file, FASHN_KEY, WORKERS: '1', JOB_LEASE: '1s', LOG_LEVEL: 'info', URL_FETCH_ALLOWLIST: '127.0.0.1/32' }),
    );
    server = await startServer(config, { logger: createLogger('info', sink) });
    await server.engineReady;
  });
  after(async () => {
    await server?.close();
    await Promise.all([fashn?.close(), database?.cleanup()]);
    await rm(dir, { recursive: true, force: true });
  });

  test('three jobs for a one-slot engine: one runs, the others wait queued, each runs there in one attempt with no lease lost', async () => {
    const body = { person_image: dataUri(await personImage()), garment_image: dataUri(await solidImage(300, 300, { r: 20, g: 90, b: 200 }), 'image/jpeg') };
    const ids: string[] = [];
    for (let index = 0; index < 3; index++) {
      const created = await request(`${server.url}/v1/tryon`, { method: 'POST', json: body });
      assert.equal(created.status, 202, JSON.stringify(created.body));
      ids.push(created.body.id);
    }
    const statuses = async () => Promise.all(ids.map(async (id) => (await request(`${server.url}/v1/jobs/${id}`)).body.status as string));

    // While the first runs on the engine, the others are in the queue (not processing in a worker waiting for the slot).
    await until(async () => (fashn.runs.length === 1 ? true : undefined), 10_000, 'the first run');
    const during = await statuses();
    assert.equal(during.filter((status) => status === 'processing').length, 1, during.join(', '));
    assert.equal(during.filter((status) => status === 'queued').length, 2, during.join(', '));

    const done = await until(async () => {
      const jobs = await Promise.all(ids.map(async (id) => (await request(`${server.url}/v1/jobs/${id}`)).body));
      return jobs.every((job) => job.status === 'completed' || job.status === 'failed') ? jobs : undefined;
    }, 30_000, 'all jobs');
    for (const job of done) {
      assert.equal(job.status, 'completed', JSON.stringify(job));
      assert.equal(job.attempts, 1);
      assert.deepEqual(job.engine_runs.map((run: { engine: string }) => run.engine), ['fashn'], 'the preferred engine ran it, not the free built-in one');
    }
    assert.equal(fashn.runs.length, 3);
    // One at a time: each run started after the one before ended (the slot), at least a run's time apart.
    const submits = fashn.seen.filter((seen) => seen.method === 'POST' && seen.path === '/v1/run').map((seen) => seen.at);
    for (let index = 1; index < submits.length; index++) assert.ok(submits[index]! - submits[index - 1]! >= RUN_MS, `runs overlapped: ${submits.join(', ')}`);
    assert.ok(!lines.some((line) => line.includes('reclaimed a job with an expired lease')), 'no lease lapsed');
    assert.ok(!lines.some((line) => line.includes('lease lost')), 'no worker lost a lease');
  });
});
