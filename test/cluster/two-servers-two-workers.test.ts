/**
 * Two `drape serve --no-workers` servers and two `drape worker` processes on
 * one PostgreSQL database and one S3 bucket: try-ons submitted across both
 * servers all complete, each is charged once, and each webhook reaches the
 * receiver once with one webhook-id.
 *
 * The engine is the test engine (see test/support/cluster.ts): everything
 * between the processes (queue, SKIP LOCKED claims, leases, S3, ledger,
 * webhook claims) is the real code; only the image work is a stand-in, so
 * 200 jobs take seconds rather than the built-in engine's minutes on 2 cores.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { postgresReachable } from '../support/databases.js';
import { until } from '../support/http.js';
import { allEnded, checkLedger, startCluster, submit, tryOnBody, webhookReceiver, type Cluster } from '../support/cluster.js';

const JOBS = 200;
/** Submissions in flight at once, alternating between the two servers. */
const PARALLEL = 16;

describe('two HTTP servers and two workers on one database and bucket', { skip: !(await postgresReachable()) }, () => {
  let cluster: Cluster;
  let hooks: Awaited<ReturnType<typeof webhookReceiver>>;
  before(async () => {
    hooks = await webhookReceiver();
    cluster = await startCluster({
      httpServers: 2,
      workers: 2,
      env: { WORKERS: '2', TEST_ENGINE_STAGE_MS: '5', URL_FETCH_ALLOWLIST: '127.0.0.1/32', LOG_LEVEL: 'info' },
    });
  });
  after(async () => {
    await cluster?.stop();
    await hooks?.close();
  });

  test(`${JOBS} try-ons across both servers complete once, are charged once, and each webhook arrives once`, async () => {
    const body = await tryOnBody(undefined, { webhook_url: hooks.url });
    const ids: string[] = [];
    for (let start = 0; start < JOBS; start += PARALLEL) {
      const batch = Array.from({ length: Math.min(PARALLEL, JOBS - start) }, (_, index) =>
        submit(cluster.http[(start + index) % 2]!.url, body),
      );
      ids.push(...(await Promise.all(batch)));
    }
    assert.equal(new Set(ids).size, JOBS);

    const jobs = await allEnded(cluster.sql, ids, 180_000);
    const notCompleted = [...jobs.values()].filter((job) => job.status !== 'completed');
    assert.deepEqual(notCompleted, [], 'every job completed');
    assert.deepEqual(await checkLedger(cluster.sql, jobs), { badCharges: [], badRefunds: [] });

    // Both workers ran jobs, and between them each job exactly once.
    const countCompleted = () => cluster.workers.map((worker) => worker.output().match(/"msg":"job completed"/g)?.length ?? 0);
    // (a worker's log line reaches our pipe a moment after its row is written: wait for the last ones, then count)
    await until(async () => (countCompleted().reduce((a, b) => a + b, 0) >= JOBS ? true : undefined), 10_000, 'the workers to log every job completed').catch(() => undefined);
    const completedBy = countCompleted();
    assert.ok(completedBy.every((count) => count > 0), `jobs completed per worker: ${completedBy.join(', ')}`);
    assert.equal(completedBy[0]! + completedBy[1]!, JOBS, `jobs completed per worker: ${completedBy.join(', ')}`);
    for (const job of jobs.values()) assert.ok((await cluster.bucket.get(job.result!.image.key)) !== undefined, `${job.id}'s result is in the bucket`);

    // Every delivery recorded as delivered, then the receiver's count: a second delivery of any would show here.
    await until(
      async () => {
        const { rows } = await cluster.sql.query<{ pending: string }>(
          `SELECT count(*) FILTER (WHERE status <> 'delivered') AS pending FROM webhook_deliveries WHERE job_id = ANY($1)`,
          [ids],
        );
        return rows[0]!.pending === '0' && hooks.received.length >= JOBS ? true : undefined;
      },
      60_000,
      'every webhook delivered',
    );
    const { rows: deliveries } = await cluster.sql.query<{ job_id: string; count: string }>(
      'SELECT job_id, count(*) AS count FROM webhook_deliveries WHERE job_id = ANY($1) GROUP BY job_id',
      [ids],
    );
    assert.equal(deliveries.length, JOBS);
    assert.ok(deliveries.every((row) => row.count === '1'), 'one delivery per job');
    assert.equal(hooks.received.length, JOBS, 'each webhook was sent once');
    assert.equal(new Set(hooks.received.map((hook) => hook.id)).size, JOBS, 'one webhook-id per job');
    const delivered = hooks.received.map((hook) => (JSON.parse(hook.body) as { id: string }).id);
    assert.deepEqual([...delivered].sort(), [...ids].sort());
  });
});
