/**
 * Worker processes meeting signals, on one PostgreSQL database and one S3
 * bucket behind an HTTP-only server: kill -9 mid-job, SIGSTOP past the lease
 * (the late write refused), SIGTERM while busy (nothing new claimed; the job
 * finishes or goes back within SHUTDOWN_GRACE). Jobs run on the test engine,
 * 4 stages of TEST_ENGINE_STAGE_MS each, so a kill can be aimed at a stage.
 */
import assert from 'node:assert/strict';
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, afterEach, before, describe, test } from 'node:test';
import { postgresReachable } from '../support/databases.js';
import { until } from '../support/http.js';
import type { ChildServer } from '../support/server.js';
import { allEnded, checkLedger, jobRows, startCluster, stopChild, submit, tryOnBody, type Cluster, type JobRow } from '../support/cluster.js';

const STAGE_MS = 150;
const LEASE = '2s';
const GRACE_MS = 1_000;
/** How long a wait may take before the test fails: on a crowded machine a process takes a minute or more to start; a passing run waits seconds. */
const PATIENCE_MS = 240_000;

/** The prefix of the worker id a process claims jobs under (JobRunner.workerId). */
const holderPrefix = (worker: ChildServer) => `${hostname()}:${worker.process.pid}:`;

/** The job `worker` holds now, if any. */
async function heldBy(cluster: Cluster, worker: ChildServer): Promise<{ id: string; attempts: number; progress: number } | undefined> {
  const { rows } = await cluster.sql.query<{ id: string; attempts: number; progress: number }>(
    `SELECT id, attempts, progress FROM jobs WHERE status = 'processing' AND starts_with(locked_by, $1)`,
    [holderPrefix(worker)],
  );
  return rows[0];
}

/** For each completed job: its result is in the bucket, and every attempt that wrote a result wrote the same bytes. */
async function checkResults(cluster: Cluster, jobs: Map<string, JobRow>): Promise<string[]> {
  const problems: string[] = [];
  for (const job of jobs.values()) {
    if (job.status !== 'completed') continue;
    const kept = await cluster.bucket.get(job.result!.image.key);
    if (kept === undefined) {
      problems.push(`${job.id}: its result ${job.result!.image.key} is not in the bucket`);
      continue;
    }
    for (const key of await cluster.bucket.keys(`results/${job.id}/`)) {
      if (!/\/result\.[a-z]+$/.test(key) || key === job.result!.image.key) continue;
      const other = await cluster.bucket.get(key);
      if (other !== undefined && !other.equals(kept)) problems.push(`${job.id}: ${key} differs from the kept ${job.result!.image.key}`);
    }
  }
  return problems;
}

describe('worker processes meeting kill -9, SIGSTOP and SIGTERM', { skip: !(await postgresReachable()) }, () => {
  let cluster: Cluster;
  before(async () => {
    cluster = await startCluster({
      httpServers: 1,
      workers: 0,
      env: { WORKERS: '1', JOB_LEASE: LEASE, TEST_ENGINE_STAGE_MS: String(STAGE_MS), SHUTDOWN_GRACE: `${GRACE_MS}ms`, JOB_MAX_ATTEMPTS: '5' },
    });
  });
  afterEach(async () => {
    // Each test starts with no worker running.
    await Promise.all(cluster.workers.splice(0).map((worker) => stopChild(worker)));
  });
  after(async () => {
    await cluster?.stop();
  });

  test('kill -9 a worker mid-job 10 times at different stages: every job ends, is charged once, its result stored once', async () => {
    const url = cluster.http[0]!.url;
    const colour = (n: number) => ({ r: 10 + 20 * n, g: 200 - 15 * n, b: 90 });
    const jobs: string[] = [];
    for (let n = 0; n < 4; n++) jobs.push(await submit(url, await tryOnBody(colour(n))));
    // Two workers at a time; each one killed is replaced while the other runs.
    const spawning = [cluster.addWorker(), cluster.addWorker()];
    const kills: string[] = [];
    const seen = new Set<string>();
    for (let round = 0; round < 10; round++) {
      // Keep work queued, so that a worker always has a job to be killed in.
      jobs.push(await submit(url, await tryOnBody(colour(round + 4))));
      // The first live worker holding a job attempt not seen yet is this round's victim.
      const [victim, job] = await until(
        async () => {
          for (const worker of cluster.workers) {
            const held = await heldBy(cluster, worker);
            if (held !== undefined && !seen.has(`${held.id}/${held.attempts}`)) return [worker, held] as const;
          }
          return undefined;
        },
        PATIENCE_MS,
        `a worker to claim a job (round ${round})`,
      );
      seen.add(`${job.id}/${job.attempts}`);
      // 0 ms (still loading its inputs) to 990 ms (the 4 stages of 150 ms done: encoding, storing, ending).
      const offset = round * 110;
      await sleep(offset);
      const then = (await jobRows(cluster.sql, [job.id])).get(job.id)!;
      cluster.workers.splice(cluster.workers.indexOf(victim), 1);
      await victim.kill();
      kills.push(`round ${round}: ${job.id} attempt ${job.attempts} killed ${offset} ms after its claim was seen (it was ${then.status})`);
      spawning.push(cluster.addWorker());
    }
    await Promise.all(spawning);

    const ended = await allEnded(cluster.sql, jobs, PATIENCE_MS);
    const detail = `${kills.join('\n')}\n${[...ended.values()].map((job) => `${job.id} ${job.status} attempts=${job.attempts} ${job.error?.code ?? ''}`).join('\n')}`;
    // Completed, or failed after its worker was lost on every attempt (JOB_MAX_ATTEMPTS 5); never left running.
    for (const job of ended.values()) {
      if (job.status !== 'completed') assert.deepEqual([job.status, job.error?.code, job.attempts], ['failed', 'worker_lost', 5], detail);
    }
    assert.deepEqual(await checkLedger(cluster.sql, ended), { badCharges: [], badRefunds: [] }, detail);
    assert.deepEqual(await checkResults(cluster, ended), [], detail);
  });

  test('SIGSTOP a worker past its lease, another finishes the job, SIGCONT: the late write is refused', async () => {
    const url = cluster.http[0]!.url;
    const first = await cluster.addWorker();
    const id = await submit(url, await tryOnBody({ r: 200, g: 30, b: 30 }));
    await until(async () => ((await heldBy(cluster, first))?.id === id ? true : undefined), PATIENCE_MS, 'the first worker to claim the job');
    // Into the third stage, so that on SIGCONT its engine finishes and it tries to store and end the job.
    await sleep(2.5 * STAGE_MS);
    first.process.kill('SIGSTOP');

    const second = await cluster.addWorker();
    const done = await until(
      async () => {
        const job = (await jobRows(cluster.sql, [id])).get(id)!;
        return job.status === 'completed' ? job : undefined;
      },
      PATIENCE_MS,
      'the second worker to finish the job',
    );
    // Attempt 2, or later should the second worker's own lease lapse on a crowded machine: never the stopped one's.
    assert.ok(done.attempts >= 2, `attempts ${done.attempts}`);
    assert.doesNotMatch(done.result!.image.key, /\/a1\/result\./);
    // (its log line reaches our pipe a moment after the row is written)
    const completedLine = new RegExp(`"jobId":"${id}".*"msg":"job completed"`);
    await until(async () => (completedLine.test(second.output()) ? true : undefined), PATIENCE_MS, 'the second worker to log the job completed');

    first.process.kill('SIGCONT');
    await until(async () => (/lease lost (while running|before completion); result discarded/.test(first.output()) ? true : undefined), PATIENCE_MS, 'the resumed worker to give up the job');
    const after = (await jobRows(cluster.sql, [id])).get(id)!;
    assert.deepEqual(after, done, 'the job is as the second worker left it');
    assert.doesNotMatch(first.output(), new RegExp(`"jobId":"${id}".*"msg":"job completed"`));
    // Anything the late attempt stored is deleted with its refusal; the kept result is the second's.
    await until(async () => ((await cluster.bucket.keys(`results/${id}/a1/`)).length === 0 ? true : undefined), 10_000, 'attempt 1’s files to go');
    assert.ok((await cluster.bucket.get(done.result!.image.key)) !== undefined);
    assert.deepEqual(await checkLedger(cluster.sql, new Map([[id, after]])), { badCharges: [], badRefunds: [] });
  });

  test('SIGTERM a busy worker: it claims nothing new, and its job finishes within SHUTDOWN_GRACE or goes back to the queue', async () => {
    const url = cluster.http[0]!.url;
    // A job (0.6 s) well inside a 10 s grace: it finishes.
    const quickGraceMs = 10_000;
    const quick = await cluster.addWorker({ WORKERS: '2', SHUTDOWN_GRACE: `${quickGraceMs}ms` });
    const short = await submit(url, await tryOnBody({ r: 30, g: 200, b: 30 }));
    await until(async () => ((await heldBy(cluster, quick))?.id === short ? true : undefined), PATIENCE_MS, 'the worker to claim the job');
    quick.process.kill('SIGTERM');
    await sleep(100);
    // Submitted after the SIGTERM, with a thread free: the stopping worker must not take it.
    const waiting = await submit(url, await tryOnBody({ r: 30, g: 30, b: 200 }));
    assert.equal(await quick.exited, 0, quick.output());
    let rows = await jobRows(cluster.sql, [short, waiting]);
    assert.equal(rows.get(short)!.status, 'completed', 'the job shorter than the grace finished');
    assert.equal(rows.get(waiting)!.status, 'queued', 'the stopping worker claimed nothing new');
    assert.equal(rows.get(waiting)!.attempts, 0);

    // A job (12 s) longer than the grace (1 s): handed back, its attempt not counted.
    const slow = await cluster.addWorker({ TEST_ENGINE_STAGE_MS: '3000' });
    await until(async () => ((await heldBy(cluster, slow))?.id === waiting ? true : undefined), PATIENCE_MS, 'the slow worker to claim the job');
    slow.process.kill('SIGTERM');
    assert.equal(await slow.exited, 0, slow.output());
    assert.match(slow.output(), /"msg":"job handed back to the queue at shutdown"/);
    rows = await jobRows(cluster.sql, [waiting]);
    assert.equal(rows.get(waiting)!.status, 'queued');
    assert.equal(rows.get(waiting)!.attempts, 0, 'a handed-back attempt is not counted');
    // Handed back, not finished: the worker gave up the 12 s job when its 1 s grace ran out (no wall-clock
    // bound here: on a crowded machine closing the engine threads alone can take seconds).

    await cluster.addWorker();
    const ended = await allEnded(cluster.sql, [short, waiting], PATIENCE_MS);
    assert.equal(ended.get(waiting)!.status, 'completed');
    assert.deepEqual(await checkLedger(cluster.sql, ended), { badCharges: [], badRefunds: [] });
  });
});
