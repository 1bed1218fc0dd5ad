/**
 * The three ways to run a core, as real processes: `drape serve --no-workers`
 * answers HTTP and runs nothing, `drape worker` runs jobs with no port, and a
 * worker refuses the embedded database.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { databaseKinds } from '../support/databases.js';
import { request } from '../support/http.js';
import { dataUri, personImage, solidImage } from '../support/images.js';
import { spawnServer, spawnWorker, testDatabase, testEnv, type ChildServer, type TestDatabase } from '../support/server.js';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const HAS_POSTGRES = (await databaseKinds()).includes('postgres');

test('drape worker on the embedded database says why and exits 1', async () => {
  const database = await testDatabase('pglite');
  try {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'worker'], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...testEnv(database.env) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const [code] = (await once(child, 'exit')) as [number | null];
    assert.equal(code, 1, stderr);
    assert.match(stderr, /^drape worker: drape worker needs DATABASE_URL: the embedded database \(PGlite\) belongs to one process/);
  } finally {
    await database.cleanup();
  }
});

describe('an HTTP-only server and a worker process on one PostgreSQL database', { skip: !HAS_POSTGRES }, () => {
  let database: TestDatabase;
  let http: ChildServer;
  let worker: ChildServer | undefined;
  before(async () => {
    database = await testDatabase('postgres');
    http = await spawnServer(database.env, ['serve', '--no-workers']);
  });
  after(async () => {
    await worker?.stop();
    await http.stop();
    await database.cleanup();
  });

  test('jobs wait until a worker runs them; readyz says this server runs no engine', async () => {
    const ready = await request(`${http.url}/readyz`);
    assert.equal(ready.status, 200);
    assert.deepEqual(ready.body, {
      status: 'ready',
      checks: { database: 'ok', storage: 'ok', engine: 'not run by this process' },
    });
    const created = await request(`${http.url}/v1/tryon?wait=2`, {
      method: 'POST',
      json: { person_image: dataUri(await personImage()), garment_image: dataUri(await solidImage(300, 300, { r: 9, g: 9, b: 9 })) },
    });
    assert.equal(created.status, 202);
    assert.equal(created.body.status, 'queued', 'no process runs jobs yet');

    worker = await spawnWorker(database.env);
    const done = await request(`${http.url}/v1/jobs/${created.body.id}?wait=30`);
    assert.equal(done.body.status, 'completed');
    assert.doesNotMatch(worker.output(), /drape listening/);
    assert.match(worker.output(), /"msg":"drape worker started"/);
    assert.match(http.output(), /"msg":"drape listening"/);
    assert.doesNotMatch(http.output(), /engines ready/);
  });
});
