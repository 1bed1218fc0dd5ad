/**
 * PostgreSQL stops in the middle of a run and starts again, under an HTTP-only
 * server and a worker process (on a PostgreSQL server of the test's own, see
 * test/support/own-postgres.ts): while it is down the API answers 503 with
 * Retry-After and neither process exits; every job accepted before or after
 * ends once it is back.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, test } from 'node:test';
import { request } from '../support/http.js';
import { allEnded, checkLedger, startCluster, submit, tryOnBody, type Cluster } from '../support/cluster.js';
import { postgresBinaries, startOwnPostgres, type OwnPostgres } from '../support/own-postgres.js';

const HAS_BINARIES = (await postgresBinaries()) !== undefined;
/** How long the database stays down. */
const OUTAGE_MS = 4_000;

describe('PostgreSQL stops during a run and starts again', { skip: !HAS_BINARIES && !process.env.CI }, () => {
  let postgres: OwnPostgres;
  let dataDir: string;
  let cluster: Cluster;
  before(async () => {
    postgres = await startOwnPostgres();
    dataDir = await mkdtemp(join(tmpdir(), 'drape-outage-'));
    cluster = await startCluster({
      httpServers: 1,
      workers: 1,
      database: { kind: 'postgres', dataDir, env: { DATA_DIR: dataDir, DATABASE_URL: postgres.url }, cleanup: async () => {} },
      env: { WORKERS: '1', JOB_LEASE: '2s', TEST_ENGINE_STAGE_MS: '250' },
    });
  });
  after(async () => {
    await cluster?.stop();
    await postgres?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  test('503 with Retry-After while it is down, no process exits, every job accepted before or after ends', async () => {
    const url = cluster.http[0]!.url;
    const body = await tryOnBody();
    const before = await Promise.all(Array.from({ length: 4 }, () => submit(url, body)));
    // One job running, the others queued, when the database goes.
    await sleep(500);
    await postgres.stop();

    const answers: string[] = [];
    const downUntil = Date.now() + OUTAGE_MS;
    while (Date.now() < downUntil) {
      const created = await request(`${url}/v1/tryon`, { method: 'POST', json: body });
      const read = await request(`${url}/v1/jobs/${before[0]}`);
      for (const [what, response] of [['POST /v1/tryon', created], ['GET /v1/jobs/:id', read]] as const) {
        answers.push(`${what} ${response.status} ${response.headers.get('retry-after')} ${JSON.stringify(response.body)}`);
        assert.equal(response.status, 503, answers.join('\n'));
        assert.equal(response.body.error.code, 'service_unavailable');
        assert.match(response.headers.get('retry-after') ?? '', /^\d+$/, answers.join('\n'));
      }
      const ready = await request(`${url}/readyz`);
      assert.equal(ready.status, 503);
      assert.notEqual(ready.body.checks.database, 'ok');
      await sleep(250);
    }
    for (const child of [...cluster.http, ...cluster.workers]) assert.equal(child.process.exitCode, null, `still running:\n${child.output()}`);

    await postgres.start();
    // The pools reconnect on their own: the next request after the start is served.
    let afterIds: string[] = [];
    const back = Date.now() + 30_000;
    for (;;) {
      const created = await request(`${url}/v1/tryon`, { method: 'POST', json: body });
      if (created.status === 202) {
        afterIds = [created.body.id, ...(await Promise.all(Array.from({ length: 3 }, () => submit(url, body))))];
        break;
      }
      assert.ok(Date.now() < back, `not back 30 s after the database started: ${created.status} ${JSON.stringify(created.body)}`);
      await sleep(200);
    }
    const ended = await allEnded(cluster.sql, [...before, ...afterIds], 90_000);
    const detail = [...ended.values()].map((job) => `${job.id} ${job.status} attempts=${job.attempts} ${job.error?.code ?? ''}`).join('\n');
    assert.ok([...ended.values()].every((job) => job.status === 'completed'), detail);
    assert.deepEqual(await checkLedger(cluster.sql, ended), { badCharges: [], badRefunds: [] });
    for (const child of [...cluster.http, ...cluster.workers]) assert.equal(child.process.exitCode, null, child.output());
  });
});
