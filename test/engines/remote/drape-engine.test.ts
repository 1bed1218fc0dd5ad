/**
 * The adapter for Drape's engine protocol against a real `drape engine-server`
 * (the test engine in its threads): multipart upload of the encoded photos,
 * polling, download, the task deleted afterwards; samples; an input error;
 * cancel reaching the server (its engine stops); a refused token, a full
 * server and one that is not there.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import sharp from 'sharp';
import type { RunningEngineServer } from '../../../src/engine-server/engine-server.js';
import { DrapeEngine } from '../../../src/engines/remote/drape-engine.js';
import { until } from '../../support/http.js';
import { personImage } from '../../support/images.js';
import { failure, fixtureTask, startRun, startTestEngineServer } from '../../support/remote-engines.js';

const TOKEN = 'engine-token-for-tests-0002';

const adapter = (url: string, token: string = TOKEN) =>
  new DrapeEngine({ name: 'cpu-2', url, token, operations: ['tryon', 'refine'], capabilities: [], requestTimeoutMs: 5_000, pollIntervalMs: 50 });

describe('Drape engine protocol adapter → drape engine-server', () => {
  let fast: RunningEngineServer;
  let slow: RunningEngineServer;
  before(async () => {
    [fast, slow] = await Promise.all([startTestEngineServer(10, TOKEN), startTestEngineServer(2_000, TOKEN)]);
  });
  after(() => Promise.all([fast?.close(), slow?.close()]));

  const task = (url: string, id: string) => fetch(`${url}/v1/tasks/${id}`, { headers: { authorization: `Bearer ${TOKEN}` } });

  test('runs the task remotely and brings back its images; the server forgets the task afterwards', async () => {
    const run = startRun(adapter(fast.url), await fixtureTask({ samples: 2 }, { format: 'jpeg', quality: 90 }));
    const result = await run.outcome;
    assert.equal(result.images.length, 2);
    for (const image of result.images) {
      const metadata = await sharp(Buffer.from(image.bytes)).metadata();
      assert.deepEqual([image.format, metadata.format, metadata.width, metadata.height], ['jpeg', 'jpeg', 768, 1024]);
    }
    assert.equal(result.info.engine, 'test-engine');
    assert.deepEqual(Object.keys(run.stages).sort(), ['download', 'remote', 'upload']);
    const id = String(result.info.remoteTaskId);
    await until(async () => ((await task(fast.url, id)).status === 404 ? true : undefined), 5_000, 'the task to be deleted');
  });

  test('an input error comes back with the engine’s code, not retryable', async () => {
    const input = await fixtureTask();
    input.person = { bytes: await personImage({ refused: true }), format: 'png' };
    const error = await failure(startRun(adapter(fast.url), input).outcome);
    assert.deepEqual([error.code, error.retryable], ['no_person_detected', false]);
  });

  test('cancel reaches the engine server: its engine stops within a stage, not after the remaining ones', async () => {
    // Each of the test engine's 4 stages takes 2 s here: left alone the task runs ~8 s.
    const run = startRun(adapter(slow.url), await fixtureTask());
    await until(async () => ((await (await fetch(`${slow.url}/v1/health`)).json()).running === 1 ? true : undefined), 10_000, 'the task to run');
    run.cancel();
    assert.equal((await failure(run.outcome)).code, 'canceled');
    await until(async () => ((await (await fetch(`${slow.url}/v1/health`)).json()).running === 0 ? true : undefined), 3_000, 'the engine to stop');
  });

  test('a refused token, a server that is not there: retryable engine faults (another engine may serve)', async () => {
    const refused = await failure(startRun(adapter(fast.url, 'not-the-token-000000'), await fixtureTask()).outcome);
    assert.deepEqual([refused.code, refused.retryable], ['engine_failed', true]);
    assert.ok(!refused.message.includes('not-the-token'));
    const gone = await failure(adapter('http://127.0.0.1:9').health());
    assert.deepEqual([gone.code, gone.retryable], ['engine_failed', true]);
    await adapter(fast.url).health();
    const described = await adapter(fast.url).describe(AbortSignal.timeout(5_000));
    assert.deepEqual(described.engines, [{ name: 'test-engine', operations: ['tryon', 'refine', 'upscale'], capabilities: ['seed'] }]);
  });
});
