/**
 * Several engines per operation (ENGINES_FILE) through a real Drape server:
 * jobs routed to a real `drape engine-server` started here, to FASHN (its
 * test double) with the operator's key, and to the built-in engine (the test
 * engine on the server's own thread); the request's `engine` field; cancel
 * reaching the engine server; a slow remote job not holding the CPU thread;
 * fallback to the built-in engine when a remote one fails its health check
 * and when its circuit opens after repeated failures; keys never in job
 * JSON, logs or metrics.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { loadConfig } from '../../src/config.js';
import type { RunningEngineServer } from '../../src/engine-server/engine-server.js';
import { loadComfyTemplate } from '../../src/engines/remote/comfyui-template.js';
import { createLogger } from '../../src/logger.js';
import { startServer, type RunningServer } from '../../src/server.js';
import { startFakeComfy, type FakeComfy } from '../support/fakes/fake-comfyui.js';
import { startFakeFashn, type FakeFashn } from '../support/fakes/fake-fashn.js';
import { assertError, request, until } from '../support/http.js';
import { dataUri, personImage, solidImage } from '../support/images.js';
import { startTestEngineServer } from '../support/remote-engines.js';
import { TEST_ENGINE, testDatabase, testEnv, type TestDatabase } from '../support/server.js';

const FASHN_KEY = 'fa-routing-test-secret-4242';
const ENGINE_TOKEN = 'engine-server-token-routing-1';

function logSink(lines: string[]): Writable {
  return new Writable({
    write(chunk, _encoding, done) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
}

/**
 * A pass-through in front of an engine server that notes each request and
 * the status it got (the engine server does not log requests), so a test
 * can see what reached it.
 */
async function recordingProxy(target: string): Promise<{ url: string; seen: { method: string; url: string; status: number }[]; server: Server }> {
  const seen: { method: string; url: string; status: number }[] = [];
  const server = createServer((req, res) => {
    const upstream = httpRequest(new URL(req.url ?? '/', target), { method: req.method, headers: req.headers }, (answer) => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', status: answer.statusCode ?? 0 });
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen, server };
}

async function startDrape(database: TestDatabase, enginesFile: string, lines: string[], extra: Record<string, string> = {}): Promise<RunningServer> {
  const config = loadConfig(
    testEnv({ ...database.env, ENGINES_FILE: enginesFile, LOG_LEVEL: 'info', URL_FETCH_ALLOWLIST: '127.0.0.1/32', ...extra }),
  );
  const server = await startServer(config, { logger: createLogger('info', logSink(lines)) });
  await server.engineReady;
  return server;
}

async function tryOn(server: RunningServer, fields: Record<string, unknown> = {}, wait = 30) {
  const garment = await solidImage(300, 300, { r: 20, g: 90, b: 200 });
  return request(`${server.url}/v1/tryon?wait=${wait}`, {
    method: 'POST',
    json: { person_image: dataUri(await personImage()), garment_image: dataUri(garment, 'image/jpeg'), ...fields },
  });
}

async function metric(server: RunningServer, line: RegExp): Promise<number | undefined> {
  const text = await (await fetch(`${server.url}/metrics`)).text();
  const match = text.split('\n').find((row) => line.test(row));
  return match === undefined ? undefined : Number(match.split(' ').at(-1));
}

describe('engine routing: engine server, FASHN and the built-in engine', () => {
  const drapeLines: string[] = [];
  let dir: string;
  let database: TestDatabase;
  let fast: RunningEngineServer;
  let slow: RunningEngineServer;
  let fashn: FakeFashn;
  let server: RunningServer;
  let fastProxy: Awaited<ReturnType<typeof recordingProxy>>;
  let slowProxy: Awaited<ReturnType<typeof recordingProxy>>;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'drape-routing-'));
    database = await testDatabase('pglite');
    [fast, slow, fashn] = await Promise.all([startTestEngineServer(10, ENGINE_TOKEN), startTestEngineServer(600, ENGINE_TOKEN), startFakeFashn(FASHN_KEY)]);
    [fastProxy, slowProxy] = await Promise.all([recordingProxy(fast.url), recordingProxy(slow.url)]);
    const file = join(dir, 'engines.yaml');
    // YAML, as an operator writes it; the FASHN key comes from the environment.
    await writeFile(
      file,
      [
        'engines:',
        '  - name: remote',
        '    kind: drape-protocol',
        `    url: ${fastProxy.url}`,
        '    token_env: ENGINE_TOKEN',
        '    priority: 10',
        '  - name: slow',
        '    kind: drape-protocol',
        `    url: ${slowProxy.url}`,
        '    token_env: ENGINE_TOKEN',
        '    priority: -10',
        '  - name: fashn',
        '    kind: fashn',
        `    base_url: ${fashn.url}`,
        '    api_key_env: FASHN_KEY',
        '    models: [tryon-max]',
        '  - name: builtin',
        '    kind: builtin',
        `    module: ${TEST_ENGINE}`,
        '    priority: -5',
      ].join('\n'),
    );
    server = await startDrape(database, file, drapeLines, { FASHN_KEY, ENGINE_TOKEN, WORKERS: '1' });
  });
  after(async () => {
    await server?.close();
    for (const proxy of [fastProxy, slowProxy]) proxy?.server.closeAllConnections();
    await Promise.all([fast?.close(), slow?.close(), fashn?.close(), database?.cleanup(), ...[fastProxy, slowProxy].map((proxy) => new Promise((resolve) => proxy?.server.close(resolve)))]);
    await rm(dir, { recursive: true, force: true });
  });

  test('a job goes to the highest-priority engine: the real engine server; job JSON, logs and metrics name it', async () => {
    const job = await tryOn(server);
    assert.equal(job.body.status, 'completed', JSON.stringify(job.body));
    assert.equal(job.body.engine, 'remote');
    assert.deepEqual(
      job.body.engine_runs.map((run: { engine: string; kind: string; outcome: string; attempt: number }) => [run.attempt, run.engine, run.kind, run.outcome]),
      [[1, 'remote', 'drape-protocol', 'completed']],
    );
    // The engine server ran it: its task id and its own stage timings came back.
    assert.match(String(job.body.result.info.remoteTaskId), /.+/);
    assert.ok(fastProxy.seen.some((seen) => seen.method === 'POST' && seen.url === '/v1/tasks' && seen.status === 202), 'the engine server took the task');
    const image = await fetch(job.body.result.image_url.replace(server.config.PUBLIC_URL, server.url));
    assert.equal(image.status, 200);
    assert.ok((await image.arrayBuffer()).byteLength > 1000);
    assert.ok(
      drapeLines.some((line) => line.includes('"msg":"engine run ended"') && line.includes(job.body.id) && line.includes('"engine":"remote"')),
      'the log names the engine of the run',
    );
    assert.equal(await metric(server, /^engine_runs_total\{engine="remote",kind="drape-protocol",outcome="completed"\}/), 1);
  });

  test('the request’s engine field picks the engine; an unknown one is 400 unknown_engine', async () => {
    const local = await tryOn(server, { engine: 'builtin' });
    assert.equal(local.body.status, 'completed', JSON.stringify(local.body));
    assert.equal(local.body.engine, 'builtin');
    assert.equal(local.body.options.engine, 'builtin');
    assert.equal(local.body.engine_runs.length, 1);

    const unknown = await tryOn(server, { engine: 'gpu-9000' });
    assertError(unknown, 'unknown_engine', 'engine');
    assert.match(unknown.body.error.message, /remote, slow, fashn, builtin/);
  });

  test('GET /v1/engines lists the engines in routing order with what routing matches, and no URL or key', async () => {
    const list = await request(`${server.url}/v1/engines`);
    assert.equal(list.status, 200);
    assert.deepEqual(
      list.body.data.map((engine: Record<string, unknown>) => [engine.name, engine.kind, engine.priority, engine.available, engine.presets]),
      [
        ['remote', 'drape-protocol', 10, true, null],
        ['fashn', 'fashn', 0, true, null],
        ['builtin', 'builtin', -5, true, null],
        ['slow', 'drape-protocol', -10, true, null],
      ],
    );
    assert.deepEqual(list.body.data[1].operations, ['tryon']);
    const text = JSON.stringify(list.body);
    for (const secret of [FASHN_KEY, ENGINE_TOKEN, fashn.url, fastProxy.url, slowProxy.url]) assert.ok(!text.includes(secret), `no ${secret}`);
    assert.equal((await request(`${server.url}/v1/engines`, { key: null })).status, 401);
  });

  test('FASHN with the operator’s key, and FASHN’s model_name mapped to it; the key is in no job JSON, log line or metric', async () => {
    const job = await tryOn(server, { engine: 'fashn' });
    assert.equal(job.body.status, 'completed', JSON.stringify(job.body));
    assert.equal(job.body.engine, 'fashn');
    assert.equal(fashn.runs.length, 1);

    // tryon-max is mapped to the fashn engine in the file: a FASHN-dialect request runs there.
    const garment = await solidImage(300, 300, { r: 200, g: 30, b: 30 });
    const run = await request(`${server.url}/v1/run`, {
      method: 'POST',
      json: { model_name: 'tryon-max', inputs: { model_image: dataUri(await personImage()), product_image: dataUri(garment, 'image/jpeg') } },
    });
    assert.equal(run.status, 200, JSON.stringify(run.body));
    const native = await until(async () => {
      const current = await request(`${server.url}/v1/jobs/${run.body.id}`);
      return current.body.status === 'completed' ? current : undefined;
    });
    assert.equal(native.body.engine, 'fashn');
    assert.equal(fashn.runs.length, 2);

    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    for (const text of [JSON.stringify(job.body), JSON.stringify(native.body), drapeLines.join('\n'), metrics]) {
      assert.ok(!text.includes(FASHN_KEY), 'no provider key');
      assert.ok(!text.includes(ENGINE_TOKEN), 'no engine server token');
    }
  });

  test('a slow remote job holds no CPU thread: a built-in job completes while it runs; its cancel reaches the engine server', async () => {
    const pending = await tryOn(server, { engine: 'slow' }, 0);
    assert.equal(pending.status, 202, JSON.stringify(pending.body));
    const id = pending.body.id as string;
    await until(async () => (slowProxy.seen.some((seen) => seen.url === '/v1/tasks' && seen.status === 202) ? true : undefined), 10_000, 'the slow task');

    // One engine thread in this server (WORKERS=1), and it is free: the remote job only holds a slot.
    const local = await tryOn(server, { engine: 'builtin' });
    assert.equal(local.body.status, 'completed');
    assert.equal((await request(`${server.url}/v1/jobs/${id}`)).body.status, 'processing', 'the remote job still runs');

    assert.equal((await request(`${server.url}/v1/jobs/${id}/cancel`, { method: 'POST' })).status, 202);
    const canceled = await until(async () => {
      const current = await request(`${server.url}/v1/jobs/${id}`);
      return current.body.status === 'canceled' ? current : undefined;
    }, 15_000);
    assert.deepEqual(canceled.body.engine_runs.map((run: { engine: string; outcome: string }) => [run.engine, run.outcome]), [['slow', 'canceled']]);
    const cancel = slowProxy.seen.find((seen) => seen.method === 'POST' && /^\/v1\/tasks\/[^/]+\/cancel$/.test(seen.url));
    assert.equal(cancel?.status, 200, 'the engine server took the cancel');
  });
});

describe('engine routing: fallback to the built-in engine (health check, circuit breaker)', () => {
  const lines: string[] = [];
  let dir: string;
  let database: TestDatabase;
  let comfy: FakeComfy;
  let server: RunningServer;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'drape-routing-'));
    database = await testDatabase('pglite');
    const template = await loadComfyTemplate('catvton');
    comfy = await startFakeComfy(template.nodePacks.flatMap((pack) => pack.nodes));
    comfy.settings.runMs = 20;
    const file = join(dir, 'engines.json');
    await writeFile(
      file,
      JSON.stringify({
        engines: [
          { name: 'gpu', kind: 'comfyui', url: comfy.url, template: 'catvton', priority: 10 },
          { name: 'builtin', kind: 'builtin', module: TEST_ENGINE },
        ],
        breaker: { failures: 2, cool_down: '10m' },
        health_interval: '200ms',
      }),
    );
    server = await startDrape(database, file, lines);
  });
  after(async () => {
    await server?.close();
    await Promise.all([comfy?.close(), database?.cleanup()]);
    await rm(dir, { recursive: true, force: true });
  });

  test('a remote engine that fails its health check is skipped for the built-in one, and used again once healthy', async () => {
    const healthy = await tryOn(server);
    assert.equal(healthy.body.engine, 'gpu', JSON.stringify(healthy.body));

    comfy.settings.down = true;
    await until(async () => ((await metric(server, /^engine_healthy\{engine="gpu"\}/)) === 0 ? true : undefined), 10_000, 'the failed check');
    const listed = await request(`${server.url}/v1/engines`);
    assert.deepEqual(listed.body.data.map((engine: { name: string; available: boolean }) => [engine.name, engine.available]), [['gpu', false], ['builtin', true]]);
    const prompts = comfy.prompts.length;
    const fallback = await tryOn(server);
    assert.equal(fallback.body.status, 'completed');
    assert.deepEqual(fallback.body.engine_runs.map((run: { engine: string }) => run.engine), ['builtin']);
    assert.equal(comfy.prompts.length, prompts, 'nothing was sent to the engine that is down');
    assert.ok((await metric(server, /^engine_skipped_total\{engine="gpu",reason="unhealthy"\}/))! >= 1);

    comfy.settings.down = false;
    await until(async () => ((await metric(server, /^engine_healthy\{engine="gpu"\}/)) === 1 ? true : undefined), 10_000, 'the passed check');
    assert.equal((await tryOn(server)).body.engine, 'gpu');
  });

  test('repeated failures open the circuit: the job falls back within its attempt, later jobs skip the engine', async () => {
    comfy.settings.executionError = true;
    for (let index = 0; index < 2; index++) {
      const job = await tryOn(server);
      assert.equal(job.body.status, 'completed', JSON.stringify(job.body));
      assert.deepEqual(
        job.body.engine_runs.map((run: { engine: string; outcome: string; error_code?: string }) => [run.engine, run.outcome, run.error_code]),
        [
          ['gpu', 'failed', 'engine_failed'],
          ['builtin', 'completed', undefined],
        ],
      );
      assert.equal(job.body.attempts, 1, 'the fallback happened inside one attempt');
    }
    const prompts = comfy.prompts.length;
    const skipped = await tryOn(server);
    assert.deepEqual(skipped.body.engine_runs.map((run: { engine: string }) => run.engine), ['builtin']);
    assert.equal(comfy.prompts.length, prompts, 'the open circuit sent nothing to the failing engine');
    assert.equal(await metric(server, /^engine_skipped_total\{engine="gpu",reason="circuit_open"\}/), 1);
    assert.ok(lines.some((line) => line.includes('"msg":"engine circuit opened"') && line.includes('"engine":"gpu"')));
  });
});

describe('engine routing by preset and capability', () => {
  const lines: string[] = [];
  let dir: string;
  let database: TestDatabase;
  let comfy: FakeComfy;
  let hq: RunningEngineServer;
  let server: RunningServer;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'drape-routing-'));
    database = await testDatabase('pglite');
    const template = await loadComfyTemplate('catvton');
    [comfy, hq] = await Promise.all([startFakeComfy(template.nodePacks.flatMap((pack) => pack.nodes)), startTestEngineServer(10, ENGINE_TOKEN)]);
    comfy.settings.runMs = 20;
    const file = join(dir, 'engines.yaml');
    await writeFile(
      file,
      [
        'engines:',
        '  - name: hq', // the first choice, but only for the quality preset, and it declares no capability
        '    kind: drape-protocol',
        `    url: ${hq.url}`,
        '    token_env: ENGINE_TOKEN',
        '    presets: [quality]',
        '    priority: 20',
        '  - name: gpu',
        '    kind: comfyui',
        `    url: ${comfy.url}`,
        '    template: catvton',
        '    capabilities: [catvton, seed]',
        '    presets: [balanced, quality]',
        '    priority: 10',
        '  - name: builtin',
        '    kind: builtin',
        `    module: ${TEST_ENGINE}`,
        '    capabilities: [seed]',
        'health_interval: 200ms',
      ].join('\n'),
    );
    server = await startDrape(database, file, lines, { ENGINE_TOKEN });
  });
  after(async () => {
    await server?.close();
    await Promise.all([comfy?.close(), hq?.close(), database?.cleanup()]);
    await rm(dir, { recursive: true, force: true });
  });

  const ranOn = (job: Awaited<ReturnType<typeof tryOn>>) => {
    assert.equal(job.body.status, 'completed', JSON.stringify(job.body));
    return job.body.engine_runs.map((run: { engine: string }) => run.engine);
  };

  test('the preset picks among the engines that declare it: quality → hq, balanced → gpu, fast → builtin (the only one serving it)', async () => {
    assert.deepEqual(ranOn(await tryOn(server, { preset: 'quality' })), ['hq']);
    assert.deepEqual(ranOn(await tryOn(server)), ['gpu']);
    assert.deepEqual(ranOn(await tryOn(server, { preset: 'fast' })), ['builtin']);
  });

  test('capabilities route to an engine that declares them all, skipping higher-priority ones that do not', async () => {
    const cat = await tryOn(server, { preset: 'quality', capabilities: ['catvton'] });
    assert.deepEqual(ranOn(cat), ['gpu'], 'hq serves quality but declares no catvton');
    assert.deepEqual(cat.body.options.capabilities, ['catvton']);
    // Multipart sends the list as one comma-separated field.
    const form = new FormData();
    form.append('person_image', new Blob([new Uint8Array(await personImage())], { type: 'image/png' }), 'person.png');
    form.append('garment_image', new Blob([new Uint8Array(await solidImage(300, 300, { r: 20, g: 90, b: 200 }))], { type: 'image/jpeg' }), 'garment.jpg');
    form.append('capabilities', 'seed, catvton');
    const multipart = await request(`${server.url}/v1/tryon?wait=30`, { method: 'POST', body: form });
    assert.deepEqual(ranOn(multipart), ['gpu']);
    assert.deepEqual(multipart.body.options.capabilities, ['seed', 'catvton']);
    // seed: the gpu first (priority 10), the built-in one declares it too.
    assert.deepEqual(ranOn(await tryOn(server, { capabilities: ['seed'] })), ['gpu']);
  });

  test('a capability or preset no engine serves is 400 unknown_engine before a job exists, naming what the engines declare', async () => {
    const none = await tryOn(server, { capabilities: ['idm-vton'] });
    assertError(none, 'unknown_engine', 'capabilities');
    assert.equal(none.body.error.message, 'capabilities: no engine of this server for tryon declares idm-vton; they declare catvton, seed.');
    // catvton is declared, but only by an engine that does not serve the fast preset.
    const fast = await tryOn(server, { preset: 'fast', capabilities: ['catvton'] });
    assertError(fast, 'unknown_engine', 'capabilities');
    assert.equal(fast.body.error.message, 'capabilities: no engine of this server for tryon declares catvton; they declare seed.');
    const jobs = await request(`${server.url}/v1/jobs?limit=100`);
    assert.ok(jobs.body.data.every((job: { options: { capabilities?: string[] } }) => !job.options.capabilities?.includes('idm-vton')), 'no job was made');
  });

  test('down the order: with the gpu down, seed runs on the built-in engine; catvton, which only the gpu serves, does not', async () => {
    comfy.settings.down = true;
    try {
      await until(async () => ((await metric(server, /^engine_healthy\{engine="gpu"\}/)) === 0 ? true : undefined), 10_000, 'the failed check');
      const prompts = comfy.prompts.length;
      assert.deepEqual(ranOn(await tryOn(server, { capabilities: ['seed'] })), ['builtin']);
      const cat = await tryOn(server, { capabilities: ['catvton'] }, 0);
      assert.equal(cat.status, 202);
      const current = await until(async () => {
        const job = await request(`${server.url}/v1/jobs/${cat.body.id}`);
        return job.body.attempts >= 1 && job.body.status !== 'processing' ? job : undefined;
      }, 10_000, 'the first attempt');
      assert.notEqual(current.body.status, 'completed', 'the built-in engine does not declare catvton');
      assert.deepEqual(current.body.engine_runs, [], 'no engine ran it');
      assert.equal(comfy.prompts.length, prompts);
      await request(`${server.url}/v1/jobs/${cat.body.id}/cancel`, { method: 'POST' });
    } finally {
      comfy.settings.down = false;
    }
  });
});
