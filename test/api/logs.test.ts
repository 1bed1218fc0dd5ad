import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { startServer, type RunningServer } from '../../src/server.js';
import { TEST_ADMIN_KEY } from '../support/keys.js';
import { request } from '../support/http.js';
import { dataUri, personImage, solidImage } from '../support/images.js';
import { testDatabase, testEnv, type TestDatabase } from '../support/server.js';

describe('logs', () => {
  const lines: string[] = [];
  let server: RunningServer;
  let database: TestDatabase;
  before(async () => {
    database = await testDatabase('pglite');
    const sink = new Writable({
      write(chunk, _encoding, done) {
        lines.push(...chunk.toString().split('\n').filter(Boolean));
        done();
      },
    });
    server = await startServer(loadConfig(testEnv({ ...database.env, LOG_LEVEL: 'info' })), {
      logger: createLogger('info', sink),
    });
    await server.engineReady;
  });
  after(async () => {
    await server.close();
    await database.cleanup();
  });

  test('JSON lines with the request id; no image bytes, keys or signed URLs', async () => {
    const garment = await solidImage(300, 300, { r: 3, g: 4, b: 5 });
    const job = await request(`${server.url}/v1/tryon?wait=20`, {
      method: 'POST',
      headers: { 'x-request-id': 'trace-logs-1', authorization: `Bearer ${TEST_ADMIN_KEY}`, 'x-api-key': 'sk_other_secret' },
      json: { person_image: dataUri(await personImage()), garment_image: dataUri(garment, 'image/jpeg') },
    });
    assert.equal(job.body.status, 'completed');
    const url = new URL(job.body.result.image_url.replace(server.config.PUBLIC_URL, server.url));
    assert.equal((await fetch(url)).status, 200);

    const parsed = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    const accepted = parsed.find((line) => line.msg === 'job accepted');
    assert.equal(accepted?.reqId, 'trace-logs-1');
    assert.equal(accepted?.jobId, job.body.id);
    // Every key use is traceable: the request's lines name the team and the key.
    const account = await request(`${server.url}/v1/account`);
    assert.deepEqual([accepted?.teamId, accepted?.keyId], [account.body.team.id, account.body.key.id]);
    assert.ok(parsed.some((line) => line.msg === 'job completed' && line.jobId === job.body.id));

    const all = lines.join('\n');
    assert.ok(!all.includes(url.searchParams.get('sig')!), 'no signature in logs');
    assert.ok(!all.includes(TEST_ADMIN_KEY) && !all.includes('sk_other_secret'), 'no keys in logs');
    assert.ok(!all.includes(garment.toString('base64').slice(0, 40)), 'no image bytes in logs');
    assert.ok(all.includes('sig=[redacted]'), 'the file request is logged with its signature redacted');
  });
});
