/**
 * NOTIFY wake-ups come back after PostgreSQL restarts. A worker process
 * polls only every minute here (POLL_INTERVAL 60s), so a job that it picks up
 * within seconds was woken by NOTIFY: before the restart, and again after it
 * (its LISTEN connection broke with the restart and was opened again). On the
 * test's own PostgreSQL server (test/support/own-postgres.ts).
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, test } from 'node:test';
import { request } from '../support/http.js';
import { allEnded, startCluster, submit, tryOnBody, type Cluster } from '../support/cluster.js';
import { postgresBinaries, startOwnPostgres, type OwnPostgres } from '../support/own-postgres.js';

const HAS_BINARIES = (await postgresBinaries()) !== undefined;
/** Far longer than a NOTIFY wake-up takes, far shorter than the 60 s poll: a job done within this was woken. */
const PROMPT_MS = 15_000;

describe('LISTEN after a PostgreSQL restart', { skip: !HAS_BINARIES && !process.env.CI }, () => {
  let postgres: OwnPostgres;
  let dataDir: string;
  let cluster: Cluster;
  before(async () => {
    postgres = await startOwnPostgres();
    dataDir = await mkdtemp(join(tmpdir(), 'drape-listen-'));
    cluster = await startCluster({
      httpServers: 1,
      workers: 1,
      database: { kind: 'postgres', dataDir, env: { DATA_DIR: dataDir, DATABASE_URL: postgres.url }, cleanup: async () => {} },
      env: { WORKERS: '1', POLL_INTERVAL: '60s', TEST_ENGINE_STAGE_MS: '20', DB_CONNECT_TIMEOUT: '2s', DB_QUERY_TIMEOUT: '5s' },
    });
  });
  after(async () => {
    await cluster?.stop();
    await postgres?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  test('a job submitted after the restart is picked up at once, through NOTIFY, not the minute-long poll', async () => {
    const url = cluster.http[0]!.url;
    const body = await tryOnBody();
    const first = await submit(url, body);
    const [done] = [...(await allEnded(cluster.sql, [first], PROMPT_MS)).values()];
    assert.equal(done?.status, 'completed', 'before the restart');

    await postgres.stop();
    await postgres.start();
    // The HTTP server's pool reconnects on its own: the first 202 after the start.
    let afterId: string | undefined;
    const back = Date.now() + 30_000;
    while (afterId === undefined) {
      const created = await request(`${url}/v1/tryon`, { method: 'POST', json: body });
      if (created.status === 202) afterId = created.body.id as string;
      else {
        assert.equal(created.status, 503, JSON.stringify(created.body));
        assert.ok(Date.now() < back, 'the API was not back 30 s after PostgreSQL started');
        await sleep(200);
      }
    }
    const submittedAt = Date.now();
    const ended = await allEnded(cluster.sql, [afterId], PROMPT_MS).catch((error: Error) => {
      throw new Error(`${error.message}\nworker:\n${cluster.workers[0]!.output().slice(-3000)}`);
    });
    assert.equal(ended.get(afterId)?.status, 'completed');
    assert.ok(Date.now() - submittedAt < PROMPT_MS);
    // One more, well after the reconnection: the subscription itself is back, not only the wake-up at reconnecting.
    await sleep(1_000);
    const later = await submit(url, body);
    assert.equal((await allEnded(cluster.sql, [later], PROMPT_MS)).get(later)?.status, 'completed');
  });
});
