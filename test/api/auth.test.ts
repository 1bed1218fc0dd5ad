import assert from 'node:assert/strict';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { isWellFormedApiKey } from '../../src/accounts/api-key.js';
import { loadConfig } from '../../src/config.js';
import { openDb } from '../../src/db/db.js';
import { migrate } from '../../src/db/migrate.js';
import { teamStore } from '../../src/db/team-store.js';
import { startServer } from '../../src/server.js';
import { newTeam } from '../support/accounts.js';
import { databaseKinds } from '../support/databases.js';
import { assertError, request, until } from '../support/http.js';
import { dataUri, personImage, solidImage } from '../support/images.js';
import { TEST_ADMIN_KEY, TEST_OTHER_KEY } from '../support/keys.js';
import { startTestServer, testDatabase, testEnv, type TestServer } from '../support/server.js';

/** Every route that acts for a team; the OpenAPI test below fails when a new route is missing here. */
const TEAM_ROUTES: [method: string, path: string][] = [
  ['POST', '/v1/tryon'],
  ['GET', '/v1/jobs'],
  ['GET', '/v1/jobs/job_x'],
  ['POST', '/v1/jobs/job_x/cancel'],
  ['GET', '/v1/jobs/job_x/webhooks'],
  ['GET', '/v1/webhooks/secret'],
  ['GET', '/v1/account'],
  ['GET', '/v1/account/usage'],
  ['GET', '/v1/engines'],
  ['POST', '/v1/refine'],
];
/** The compatibility dialects' routes: the same check of the status, each in its own error body. */
const DIALECT_ROUTES: [method: string, path: string][] = [
  ['POST', '/tryon/v1'],
  ['GET', '/requests/v1?job_id=job_x'],
  ['POST', '/v1/try-on'],
  ['GET', '/v1/try-on/job_x'],
  ['POST', '/api/v1/tryon'],
  ['GET', '/api/v1/tryon/job_x'],
  ['POST', '/api/portrait/enhance/try-on-clothes-refiner'],
  ['GET', '/api/common/query-async-task-result?task_id=job_x'],
  ['POST', '/v1/run'],
  ['GET', '/v1/status/job_x'],
  ['GET', '/v1/credits'],
  // The Huhu studio API, including the routes it answers 501 for: the key is checked first.
  ['GET', '/public/v1/metering/plan'],
  ['GET', '/public/v1/metering/credit-history'],
  ['GET', '/public/v1/program'],
  ['POST', '/public/v1/program'],
  ['GET', '/public/v1/project'],
  ['POST', '/public/v1/project'],
  ['POST', '/public/v1/project/upload'],
  ['POST', '/public/v1/project/complete_multipart_upload'],
  ['GET', '/public/v1/sku'],
  ['PUT', '/public/v1/sku'],
  ['POST', '/public/v1/task'],
  ['PUT', '/public/v1/task'],
  ['POST', '/public/v1/task/generate'],
  ['GET', '/public/v1/task'],
  ['POST', '/public/v1/model'],
  ['GET', '/public/v1/model'],
  ['POST', '/public/v1/model/face'],
  ['POST', '/public/v1/model/image'],
  ['GET', '/public/v1/model/image'],
  ['POST', '/public/v1/model/pose'],
  ['GET', '/public/v1/pose/library'],
  ['GET', '/public/v1/pose'],
  ['POST', '/public/v1/pose'],
  ['POST', '/public/v1/video'],
  ['GET', '/public/v1/video/requests'],
  ['POST', '/public/v1/upscale'],
  ['GET', '/public/v1/upscale'],
  // Drape's own studio routes: capabilities and the agents' references.
  ['GET', '/public/v1/capabilities'],
  ['GET', '/public/v1/openapi.json'],
  ['GET', '/public/v1/skill.md'],
];
/** Routes that answer without a key: service endpoints, signed downloads, the playground and its examples. */
// The studio's part uploads, like /v1/files, are authorized by the signature in their URL, not by a key
// (test/studio/studio.test.ts refuses a forged one).
// The preset poses' pictures are public like the document's CDN pictures (test/studio/poses.test.ts).
const PUBLIC_PATHS = [/^\/healthz$/, /^\/readyz$/, /^\/metrics$/, /^\/v1\/files\//, /^\/v1\/examples/, /^\/public\/v1\/uploads\//, /^\/public\/v1\/pose\/library\/\{/, /^\/$/];

let person: Buffer;
let garment: Buffer;
before(async () => {
  person = await personImage();
  garment = await solidImage(300, 300, { r: 20, g: 90, b: 200 });
});
const tryOnBody = () => ({ person_image: dataUri(person), garment_image: dataUri(garment) });

for (const kind of await databaseKinds()) {
  describe(`authentication and tenant isolation (${kind})`, () => {
    let server: TestServer;
    before(async () => {
      server = await startTestServer(kind);
    });
    after(async () => server.stop());

    test('the key is accepted as a Bearer token, in x-api-key and in ailabapi-api-key', async () => {
      for (const headers of <Record<string, string>[]>[
        { authorization: `Bearer ${TEST_ADMIN_KEY}` },
        { authorization: `bearer ${TEST_ADMIN_KEY}` },
        { 'x-api-key': TEST_ADMIN_KEY },
        { 'ailabapi-api-key': TEST_ADMIN_KEY },
      ]) {
        const response = await request(`${server.url}/v1/account`, { headers, key: null });
        assert.equal(response.status, 200, JSON.stringify(headers));
        assert.equal(response.body.key.name, 'admin');
      }
    });

    test('every team route refuses a missing, unknown, malformed or revoked key with 401 invalid_auth_token', async () => {
      const { key, keyId } = await newTeam(server);
      await server.keys.revoke(keyId);
      const cases: [string, Record<string, string>][] = [
        ['no key', {}],
        ['unknown key', { authorization: `Bearer ${TEST_OTHER_KEY}` }],
        ['not a key', { 'x-api-key': 'hello' }],
        ['Basic auth', { authorization: `Basic ${Buffer.from(`u:${TEST_ADMIN_KEY}`).toString('base64')}` }],
        ['revoked key', { authorization: `Bearer ${key}` }],
      ];
      for (const [method, path] of TEAM_ROUTES) {
        for (const [what, headers] of cases) {
          const response = await request(`${server.url}${path}`, {
            method,
            headers,
            key: null,
            ...(method === 'POST' ? { json: {} } : {}),
          });
          assertError(response, 'invalid_auth_token');
          assert.ok(!response.headers.has('ratelimit-limit'), `${method} ${path} (${what}): no limit is counted before authentication`);
        }
      }
      for (const [method, path] of DIALECT_ROUTES) {
        for (const [what, headers] of cases) {
          const response = await request(`${server.url}${path}`, { method, headers, key: null, ...(method === 'POST' ? { json: {} } : {}) });
          assert.equal(response.status, 401, `${method} ${path} (${what}): ${JSON.stringify(response.body)}`);
          assert.ok(!response.headers.has('ratelimit-limit'), `${method} ${path} (${what}): no limit is counted before authentication`);
        }
      }
      const revoked = await request(`${server.url}/v1/account`, { key });
      assert.match(revoked.body.error.message, /revoked/);
    });

    test('OpenAPI lists no team or dialect route that the check above misses', async () => {
      const spec = (await request(`${server.url}/openapi.json`)).body as { paths: Record<string, Record<string, unknown>> };
      const covered = new Set(
        [...TEAM_ROUTES, ...DIALECT_ROUTES].map(([method, path]) => `${method} ${path.split('?')[0]!.replace(/job_x/g, '{}')}`),
      );
      for (const [path, methods] of Object.entries(spec.paths)) {
        if (PUBLIC_PATHS.some((pattern) => pattern.test(path))) continue;
        for (const method of Object.keys(methods)) {
          const route = `${method.toUpperCase()} ${path.replace(/\{[^}]+\}/g, '{}')}`;
          assert.ok(covered.has(route), `${method.toUpperCase()} ${path} has no auth check in TEAM_ROUTES or DIALECT_ROUTES`);
        }
      }
    });

    test("another team's jobs, webhook logs and files answer 404, exactly like missing ones", async () => {
      const other = await newTeam(server, { name: 'Other' });
      const mine = await request(`${server.url}/v1/tryon?wait=20`, { method: 'POST', json: tryOnBody() });
      assert.equal(mine.status, 200, JSON.stringify(mine.body));
      const id = mine.body.id as string;
      const asOther = { key: other.key };

      assertError(await request(`${server.url}/v1/jobs/${id}`, asOther), 'not_found', 'id');
      const missing = await request(`${server.url}/v1/jobs/job_01aaaaaaaaaaaaaaaaaaaaaaaa`, asOther);
      assertError(missing, 'not_found', 'id');
      assertError(await request(`${server.url}/v1/jobs/${id}/cancel`, { ...asOther, method: 'POST' }), 'not_found', 'id');
      assertError(await request(`${server.url}/v1/jobs/${id}/webhooks`, asOther), 'not_found', 'id');
      const list = await request(`${server.url}/v1/jobs`, asOther);
      assert.deepEqual(list.body.data, [], 'the other team lists none of our jobs');
      const usage = await request(`${server.url}/v1/account/usage`, asOther);
      assert.ok(usage.body.data.every((entry: { job_id: string | null }) => entry.job_id !== id));

      // A signed link is a bearer capability: no key needed. A request that sends a key may only read its own team's files.
      const url = (mine.body.result.image_url as string).replace(server.config.PUBLIC_URL, server.url);
      assert.equal((await request(url, { key: null })).status, 200);
      assert.equal((await request(url)).status, 200);
      assertError(await request(url, asOther), 'not_found');
      assertError(await request(url, { key: TEST_OTHER_KEY }), 'invalid_auth_token');

      assert.equal((await request(`${server.url}/v1/jobs/${id}`)).status, 200, 'the owner still sees it');
      const [ourSecret, theirSecret] = await Promise.all([
        request(`${server.url}/v1/webhooks/secret`),
        request(`${server.url}/v1/webhooks/secret`, asOther),
      ]);
      assert.match(theirSecret.body.secret, /^whsec_/);
      assert.notEqual(ourSecret.body.secret, theirSecret.body.secret, 'each team signs its webhooks with its own secret');
    });

    test('keys are stored only as hashes, and their last use is recorded with the request id', async () => {
      const { key, keyId } = await newTeam(server);
      const response = await request(`${server.url}/v1/account`, { key, headers: { 'x-request-id': 'trace-me-123' } });
      assert.equal(response.status, 200);
      assert.equal(response.body.key.prefix, key.slice(0, 9));
      const { rows } = await server.db.query<Record<string, unknown>>('SELECT * FROM api_keys WHERE id = $1', [keyId]);
      const stored = JSON.stringify(rows);
      assert.ok(!stored.includes(key), 'the key itself is not in the table');
      assert.ok(!stored.includes(key.slice(9)), 'nor is its secret part');
      const used = await until(async () => {
        const { rows: again } = await server.db.query<{ last_used_request_id: string | null }>(
          'SELECT last_used_request_id FROM api_keys WHERE id = $1',
          [keyId],
        );
        return again[0]!.last_used_request_id ?? undefined;
      });
      assert.equal(used, 'trace-me-123');
    });
  });
}

describe('first start', () => {
  test('without DRAPE_ADMIN_KEY a key is generated, written to a 0600 file, and works', async () => {
    const server = await startTestServer('pglite', { DRAPE_ADMIN_KEY: '', WORKERS: '0' });
    try {
      const file = join(server.config.DATA_DIR, 'admin-key');
      const key = (await readFile(file, 'utf8')).trim();
      assert.ok(isWellFormedApiKey(key), key);
      assert.equal((await stat(file)).mode & 0o777, 0o600);
      const account = await request(`${server.url}/v1/account`, { key });
      assert.equal(account.status, 200);
      assert.equal(account.body.credits, 1_000_000, 'the default team got NEW_TEAM_CREDITS');
      assertError(await request(`${server.url}/v1/account`), 'invalid_auth_token');
    } finally {
      await server.stop();
    }
  });

  test('DRAPE_ADMIN_KEY becomes the admin key; a restart creates no second team', async () => {
    const server = await startTestServer('pglite', { WORKERS: '0' });
    try {
      assert.equal((await readFile(join(server.config.DATA_DIR, 'admin-key'), 'utf8')).trim(), TEST_ADMIN_KEY);
      const teams = await server.teams.list();
      assert.equal(teams.length, 1);
      assert.equal(await server.teams.bootstrap('sk_SomeOtherKeyThatIsLongEnough000'), undefined, 'not the first start any more');
      assert.equal((await server.teams.list()).length, 1);
    } finally {
      await server.stop();
    }
  });

  test('a database from before API keys: its team gets the admin key and keeps its jobs', async () => {
    const database = await testDatabase('pglite');
    const db = await openDb({ dataDir: join(database.dataDir, 'db') });
    await migrate(db);
    await teamStore.insert(db, { id: 'team_local', name: 'Local', webhookSecret: 'whsec_old' });
    await db.close();
    const server = await startServer(loadConfig(testEnv({ ...database.env, WORKERS: '0' })));
    try {
      const account = await request(`${server.url}/v1/account`);
      assert.equal(account.status, 200);
      assert.deepEqual([account.body.team.id, account.body.key.name], ['team_local', 'admin']);
      assert.equal((await server.teams.list()).length, 1, 'no second team');
    } finally {
      await server.close();
      await database.cleanup();
    }
  });
});

