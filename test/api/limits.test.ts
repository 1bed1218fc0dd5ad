import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { newTeam } from '../support/accounts.js';
import { runCli } from '../support/cli.js';
import { databaseKinds } from '../support/databases.js';
import { assertError, request } from '../support/http.js';
import { dataUri, personImage, solidImage } from '../support/images.js';
import { spawnServer, startTestServer, testDatabase, type TestServer } from '../support/server.js';

let person: Buffer;
let garment: Buffer;
before(async () => {
  person = await personImage();
  garment = await solidImage(300, 300, { r: 20, g: 90, b: 200 });
});
const body = () => ({ person_image: dataUri(person), garment_image: dataUri(garment) });

/** A rate so slow that no token comes back during a test: only the burst counts. */
const SLOW = 0.01;

for (const kind of await databaseKinds()) {
  describe(`rate and concurrency limits (${kind})`, () => {
    let server: TestServer;
    before(async () => {
      server = await startTestServer(kind, { WORKERS: '0' });
    });
    after(async () => server.stop());

    test('a key over its request rate gets 429 rate_limit_exceeded with Retry-After and RateLimit-* headers', async () => {
      const { key } = await newTeam(server, { limits: { rateLimit: SLOW, rateBurst: 3, pollRateBurst: 20 } });
      const responses = [];
      for (let i = 0; i < 4; i++) responses.push(await request(`${server.url}/v1/jobs/job_x/cancel`, { method: 'POST', key }));
      assert.deepEqual(
        responses.map((response) => [response.status, response.headers.get('ratelimit-remaining')]),
        [
          [404, '2'],
          [404, '1'],
          [404, '0'],
          [429, '0'],
        ],
      );
      const limited = responses[3]!;
      assertError(limited, 'rate_limit_exceeded');
      assert.equal(limited.headers.get('ratelimit-limit'), '3');
      assert.equal(limited.headers.get('ratelimit-policy'), '3;w=300');
      const retryAfter = Number(limited.headers.get('retry-after'));
      assert.ok(retryAfter >= 99 && retryAfter <= 100, `Retry-After ${retryAfter}: one token comes back every 100 s`);

      // Polling has its own, looser bucket: reads still work while writes are limited.
      const read = await request(`${server.url}/v1/account`, { key });
      assert.equal(read.status, 200);
      assert.equal(read.headers.get('ratelimit-limit'), '20');
      // And another key of the same team has its own buckets.
      const { key: second } = await server.keys.create((await request(`${server.url}/v1/account`, { key })).body.team.id, 'second');
      assert.equal((await request(`${server.url}/v1/jobs/job_x/cancel`, { method: 'POST', key: second })).status, 404);
    });

    test('status polling is limited separately, by the team\'s polling limit', async () => {
      const { key } = await newTeam(server, { limits: { pollRateLimit: SLOW, pollRateBurst: 2 } });
      const statuses = [];
      for (let i = 0; i < 3; i++) statuses.push((await request(`${server.url}/v1/jobs`, { key })).status);
      assert.deepEqual(statuses, [200, 200, 429]);
    });

    test('a team over its concurrency slots gets 429 concurrency_limit_exceeded until a job ends', async () => {
      const { key } = await newTeam(server, { credits: 100, limits: { concurrencyLimit: 2 } });
      const first = await request(`${server.url}/v1/tryon`, { method: 'POST', json: body(), key });
      const second = await request(`${server.url}/v1/tryon`, { method: 'POST', json: body(), key });
      assert.deepEqual([first.status, second.status], [202, 202]);
      const third = await request(`${server.url}/v1/tryon`, { method: 'POST', json: body(), key });
      assertError(third, 'concurrency_limit_exceeded');
      assert.equal(third.headers.get('retry-after'), '1');
      const account = await request(`${server.url}/v1/account`, { key });
      assert.deepEqual(account.body.concurrency, { limit: 2, in_use: 2 });
      assert.equal(account.body.credits, 98, 'the refused job was not charged');
      await request(`${server.url}/v1/jobs/${first.body.id}/cancel`, { method: 'POST', key });
      assert.equal((await request(`${server.url}/v1/tryon`, { method: 'POST', json: body(), key })).status, 202);
    });
  });
}

if ((await databaseKinds()).includes('postgres')) {
  describe('limits shared by two server processes on one PostgreSQL database', () => {
    test('rate, concurrency and credits hold across both servers', async () => {
      const database = await testDatabase('postgres');
      const env = { ...database.env, WORKERS: '0' };
      const servers = [await spawnServer(env), await spawnServer(env)];
      try {
        // The team is made with the admin CLI on the same database, as an operator would.
        const created = await runCli(['team', 'create', 'Shared', '--credits', '3', '--json'], database.env);
        assert.equal(created.code, 0, created.stderr);
        const { team, key } = JSON.parse(created.stdout) as { team: { id: string }; key: { key: string } };
        const limits = await runCli(['team', 'limits', team.id, '--rate', String(SLOW), '--burst', '4', '--concurrency', '2'], database.env);
        assert.equal(limits.code, 0, limits.stderr);

        const submit = (index: number) =>
          request(`${servers[index % 2]!.url}/v1/tryon`, { method: 'POST', json: body(), key: key.key });
        const submissions = [];
        for (let i = 0; i < 4; i++) submissions.push(await submit(i));
        assert.deepEqual(
          submissions.map((response) => response.status),
          [202, 202, 429, 429],
        );
        assert.equal(submissions[2]!.body.error.code, 'concurrency_limit_exceeded', 'two slots, whichever server takes the job');
        assert.equal(submissions[3]!.body.error.code, 'concurrency_limit_exceeded');
        // Four requests spent the burst of 4 across both servers: the fifth is refused by either.
        assertError(await submit(4), 'rate_limit_exceeded');
        assertError(await submit(5), 'rate_limit_exceeded');

        const account = await request(`${servers[1]!.url}/v1/account`, { key: key.key });
        assert.deepEqual([account.body.credits, account.body.concurrency], [1, { limit: 2, in_use: 2 }]);
      } finally {
        for (const server of servers) await server.stop();
        await database.cleanup();
      }
    });
  });
}
