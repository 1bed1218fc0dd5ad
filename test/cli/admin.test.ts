import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { loadConfig } from '../../src/config.js';
import { startServer } from '../../src/server.js';
import { runCli } from '../support/cli.js';
import { assertError, request } from '../support/http.js';
import { testEnv } from '../support/server.js';

describe('drape admin commands on the embedded database', () => {
  let dataDir: string;
  let env: Record<string, string>;
  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'drape-admin-'));
    env = { DATA_DIR: dataDir, NEW_TEAM_CREDITS: '50' };
  });
  after(async () => rm(dataDir, { recursive: true, force: true }));

  test('teams, keys and credits, then a server on the same database honours them', async () => {
    const created = await runCli(['team', 'create', 'Acme', '--credits', '7', '--plan', 'pro', '--json'], env);
    assert.equal(created.code, 0, created.stderr);
    const { team, key, credits } = JSON.parse(created.stdout);
    assert.equal(credits, 7);
    assert.match(key.key, /^sk_[0-9A-Za-z]{36}$/);

    const second = await runCli(['key', 'create', team.id, '--name', 'ci', '--json'], env);
    assert.equal(second.code, 0, second.stderr);
    const ciKey = JSON.parse(second.stdout);

    const listed = await runCli(['key', 'list', team.id, '--json'], env);
    assert.deepEqual(
      JSON.parse(listed.stdout).map((each: { name: string; prefix: string; revoked_at: string | null }) => [each.name, each.prefix, each.revoked_at]),
      [
        ['default', key.key.slice(0, 9), null],
        ['ci', ciKey.key.slice(0, 9), null],
      ],
    );
    assert.ok(!listed.stdout.includes(key.key) && !listed.stdout.includes(ciKey.key), 'listing never shows a key');

    const granted = await runCli(['credits', 'grant', team.id, '5', '--note', 'invoice 17'], env);
    assert.equal(granted.code, 0, granted.stderr);
    assert.equal(granted.stdout.trim(), `${team.id}: +5 credits, balance 12`);
    const shown = JSON.parse((await runCli(['credits', 'show', team.id, '--json'], env)).stdout);
    assert.equal(shown.balance, 12);
    assert.deepEqual(
      shown.history.map((entry: { kind: string; amount: number; note: string }) => [entry.kind, entry.amount, entry.note]),
      [
        ['grant', 5, 'invoice 17'],
        ['grant', 7, 'new team'],
      ],
    );

    const revoked = await runCli(['key', 'revoke', ciKey.id], env);
    assert.equal(revoked.code, 0, revoked.stderr);
    const limits = await runCli(['team', 'limits', team.id, '--concurrency', '3', '--rate', '2', '--json'], env);
    assert.equal(limits.code, 0, limits.stderr);

    const teams = JSON.parse((await runCli(['team', 'list', '--json'], env)).stdout);
    assert.deepEqual(
      teams.map((each: { name: string; plan: string; credits: number; concurrency: number }) => [each.name, each.plan, each.credits, each.concurrency]),
      [['Acme', 'pro', 12, 3]],
    );

    const server = await startServer(loadConfig(testEnv({ ...env, WORKERS: '0' })));
    try {
      // The database already has a team: no default team, no admin key.
      assert.equal((await runCli(['team', 'list'], env)).code, 5, 'the embedded database is locked while the server runs');
      const account = await request(`${server.url}/v1/account`, { key: key.key });
      assert.equal(account.status, 200);
      assert.deepEqual(
        [account.body.team.id, account.body.plan, account.body.credits, account.body.concurrency.limit, account.body.rate_limits.requests.per_second],
        [team.id, 'pro', 12, 3, 2],
      );
      assertError(await request(`${server.url}/v1/account`, { key: ciKey.key }), 'invalid_auth_token');
      assertError(await request(`${server.url}/v1/account`), 'invalid_auth_token');
    } finally {
      await server.close();
    }
  });

  test('bad arguments and unknown ids: exit 2 with "drape: <code>: <message>"', async () => {
    const unknownTeam = await runCli(['key', 'list', 'team_nope'], env);
    assert.equal(unknownTeam.code, 2);
    assert.match(unknownTeam.stderr, /^drape: not_found: No team team_nope\.\n$/);
    const badAmount = await runCli(['credits', 'grant', 'team_nope', 'lots'], env);
    assert.equal(badAmount.code, 2);
    assert.match(badAmount.stderr, /^drape: invalid_parameter: amount must be an integer/);
    const unknownKey = await runCli(['key', 'revoke', 'key_nope'], env);
    assert.equal(unknownKey.code, 2);
    const badLimit = await runCli(['team', 'limits', 'team_nope', '--burst', '0'], env);
    assert.equal(badLimit.code, 2);
    assert.match(badLimit.stderr, /--burst must be a positive integer/);
  });
});
