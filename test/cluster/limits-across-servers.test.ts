/**
 * A team's rate limit, concurrency limit and credits hold across two
 * `drape serve --no-workers` servers on one PostgreSQL database: requests
 * spread over both are counted once, as if they had reached one server. No
 * worker runs, so every accepted job stays queued and keeps its slot.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createAccounts, type Accounts } from '../../src/accounts/accounts.js';
import { loadConfig } from '../../src/config.js';
import { openDb, type Db } from '../../src/db/db.js';
import { postgresReachable } from '../support/databases.js';
import { request } from '../support/http.js';
import { startCluster, tryOnBody, type Cluster } from '../support/cluster.js';
import { testEnv } from '../support/server.js';

describe('limits across two HTTP servers on one database', { skip: !(await postgresReachable()) }, () => {
  let cluster: Cluster;
  let db: Db;
  let accounts: Accounts;
  before(async () => {
    cluster = await startCluster({ httpServers: 2, workers: 0 });
    // What `drape team create` and `drape team limits` do, on the servers' database.
    db = await openDb({ databaseUrl: cluster.env.DATABASE_URL, dataDir: cluster.database.dataDir });
    accounts = createAccounts(db, loadConfig(testEnv(cluster.env)));
  });
  after(async () => {
    await db?.close();
    await cluster?.stop();
  });

  async function team(credits: number, limits: { rateLimit?: number; rateBurst?: number; concurrencyLimit?: number }) {
    const made = await accounts.teams.create('Limits', { credits });
    await accounts.teams.setLimits(made.id, limits);
    return (await accounts.keys.create(made.id, 'test')).key;
  }

  /** Fire `count` requests at once, alternating between the two servers; the statuses in order. */
  async function burst(count: number, send: (url: string) => Promise<{ status: number }>): Promise<number[]> {
    const responses = await Promise.all(Array.from({ length: count }, (_, index) => send(cluster.http[index % 2]!.url)));
    return responses.map((response) => response.status);
  }
  const tally = (statuses: number[]) => statuses.reduce<Record<number, number>>((counts, status) => ({ ...counts, [status]: (counts[status] ?? 0) + 1 }), {});

  test('a burst of twice the rate limit over both servers lets the limit through (±10 %)', async () => {
    const BURST = 40;
    // 0.1 requests a second: the bucket barely refills while the burst lasts.
    const key = await team(100, { rateLimit: 0.1, rateBurst: BURST / 2, concurrencyLimit: 100 });
    // A cancel of a job that does not exist: cheap to answer (404) once the limiter has let it through.
    const statuses = await burst(BURST, (url) => request(`${url}/v1/jobs/job_none/cancel`, { method: 'POST', key }));
    const counts = tally(statuses);
    assert.deepEqual(Object.keys(counts).sort(), ['404', '429'], JSON.stringify(counts));
    const allowed = counts[404]!;
    assert.ok(Math.abs(allowed - BURST / 2) <= BURST / 20, `${allowed} of ${BURST} let through; the limit is ${BURST / 2}`);
  });

  test('a concurrency limit of 10 over both servers accepts 10 of 20 jobs at once', async () => {
    const key = await team(100, { rateLimit: 1000, rateBurst: 1000, concurrencyLimit: 10 });
    const body = await tryOnBody();
    const statuses = await burst(20, (url) => request(`${url}/v1/tryon`, { method: 'POST', json: body, key }));
    assert.deepEqual(tally(statuses), { 202: 10, 429: 10 });
  });

  test('credits for 5 try-ons over both servers buy exactly 5 of 12 at once, and the balance ends at 0', async () => {
    const key = await team(5, { rateLimit: 1000, rateBurst: 1000, concurrencyLimit: 100 });
    const body = await tryOnBody();
    const statuses = await burst(12, (url) => request(`${url}/v1/tryon`, { method: 'POST', json: body, key }));
    assert.deepEqual(tally(statuses), { 202: 5, 402: 7 });
    const account = await request(`${cluster.http[0]!.url}/v1/account`, { key });
    assert.equal(account.body.credits, 0, JSON.stringify(account.body));
  });
});
