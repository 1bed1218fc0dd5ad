/**
 * `drape engine-server` over Drape's engine protocol (docs/engine-protocol.md):
 * capabilities, health, submit as multipart and by URL, status, result
 * download, delete, cancel, a full queue, the token, and the protocol's
 * error statuses. Real servers with the test engine; the last test starts
 * the real command in a child process.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import sharp from 'sharp';
import { loadConfig } from '../../src/config.js';
import { startEngineServer, type RunningEngineServer } from '../../src/engine-server/engine-server.js';
import { fixturesDir } from '../support/engine-fixtures.js';
import { until } from '../support/http.js';
import { personImage } from '../support/images.js';
import { TEST_ENGINE, testEnv } from '../support/server.js';

const PERSON = join(fixturesDir(), 'persons', '01008_00.jpg');
const GARMENT = join(fixturesDir(), 'garments', '00055_00.jpg');
const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TOKEN = 'engine-token-for-tests-0001';

/** An engine server with the test engine; `stageMs` slows each of its 4 stages (the env reaches its threads at start). */
async function startEngines(extra: Record<string, string> = {}, stageMs = 10): Promise<RunningEngineServer> {
  const saved = process.env.TEST_ENGINE_STAGE_MS;
  process.env.TEST_ENGINE_STAGE_MS = String(stageMs);
  try {
    const server = await startEngineServer(loadConfig(testEnv({ ENGINES: TEST_ENGINE, WORKERS: '1', ...extra })));
    await server.ready;
    return server;
  } finally {
    if (saved === undefined) delete process.env.TEST_ENGINE_STAGE_MS;
    else process.env.TEST_ENGINE_STAGE_MS = saved;
  }
}

const spec = (extra: Record<string, unknown> = {}) => ({
  operation: 'tryon',
  garments: [{ category: 'upper' }],
  options: { preset: 'balanced', preserveHands: true, preserveFeet: true, garmentBackgroundRemoval: 'auto', resultBackground: 'keep', diagnostics: false },
  output: { format: 'png', quality: 92 },
  ...extra,
});

function form(task: unknown, files: [string, Buffer][]): FormData {
  const body = new FormData();
  body.append('task', JSON.stringify(task));
  for (const [name, bytes] of files) body.append(name, new Blob([new Uint8Array(bytes)], { type: 'image/jpeg' }), `${name}.jpg`);
  return body;
}

async function call(url: string, init: RequestInit = {}): Promise<{ status: number; headers: Headers; body: any }> {
  const response = await fetch(url, init);
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text === '' ? undefined : JSON.parse(text) };
}

describe('drape engine-server', () => {
  let engines: RunningEngineServer;
  let slow: RunningEngineServer;
  let origin: Server;
  let originUrl: string;
  let person: Buffer;
  let garment: Buffer;
  before(async () => {
    [person, garment] = await Promise.all([readFile(PERSON), readFile(GARMENT)]);
    origin = createServer((req, res) => {
      const body = req.url === '/person.jpg' ? person : req.url === '/garment.jpg' ? garment : undefined;
      if (body === undefined) res.writeHead(404).end();
      else res.writeHead(200, { 'content-type': 'image/jpeg' }).end(body);
    });
    await new Promise<void>((resolve) => origin.listen(0, '127.0.0.1', resolve));
    originUrl = `http://127.0.0.1:${(origin.address() as AddressInfo).port}`;
    engines = await startEngines({ URL_FETCH_ALLOWLIST: '127.0.0.1/32' });
    slow = await startEngines({ ENGINE_SERVER_TOKEN: TOKEN }, 400);
  });
  after(async () => {
    await Promise.all([engines?.close(), slow?.close()]);
    await new Promise((resolve) => origin?.close(resolve));
  });

  const submit = (body: FormData | object, on = engines, headers: Record<string, string> = {}) =>
    call(`${on.url}/v1/tasks`, {
      method: 'POST',
      headers: body instanceof FormData ? headers : { 'content-type': 'application/json', ...headers },
      body: body instanceof FormData ? body : JSON.stringify(body),
    });
  const ended = (id: string, on = engines, headers: Record<string, string> = {}) =>
    until(async () => {
      const task = await call(`${on.url}/v1/tasks/${id}`, { headers });
      return ['completed', 'failed', 'canceled'].includes(task.body.status) ? task.body : undefined;
    });

  test('capabilities and health name the protocol, the engine, its operations and slots', async () => {
    const capabilities = await call(`${engines.url}/v1/capabilities`);
    assert.equal(capabilities.status, 200);
    assert.deepEqual(capabilities.body, {
      protocol: 'drape-engine/1',
      engines: [{ name: 'test-engine', operations: ['tryon', 'refine', 'upscale'], capabilities: ['seed'] }],
      slots: 1,
      queue_limit: 8,
      input_formats: ['jpeg', 'png', 'webp', 'bmp'],
      output_formats: ['jpeg', 'png', 'webp'],
    });
    const health = await call(`${engines.url}/v1/health`);
    assert.equal(health.status, 200);
    assert.deepEqual(health.body, { status: 'ok', running: 0, queued: 0, slots: 1 });
  });

  test('multipart submit → 202 with Location, then completed; the result downloads; DELETE frees it', async () => {
    const accepted = await submit(form(spec(), [['person', person], ['garment', garment]]));
    assert.equal(accepted.status, 202, JSON.stringify(accepted.body));
    assert.equal(accepted.headers.get('location'), `/v1/tasks/${accepted.body.id}`);
    assert.ok(['queued', 'running'].includes(accepted.body.status));
    const done = await ended(accepted.body.id);
    assert.equal(done.status, 'completed', JSON.stringify(done));
    assert.equal(done.progress, 100);
    assert.deepEqual(Object.keys(done.stage_timings).sort(), ['composite', 'decode', 'encode', 'garment_analysis', 'matte', 'pose']);
    assert.deepEqual(done.result.images, [{ url: `/v1/tasks/${done.id}/images/0`, format: 'png', width: 768, height: 1024 }]);
    assert.equal(done.result.info.engine, 'test-engine');
    const download = await fetch(`${engines.url}${done.result.images[0].url}`);
    assert.equal(download.headers.get('content-type'), 'image/png');
    const metadata = await sharp(Buffer.from(await download.arrayBuffer())).metadata();
    assert.deepEqual([metadata.format, metadata.width, metadata.height], ['png', 768, 1024]);
    assert.equal((await call(`${engines.url}/v1/tasks/${done.id}`, { method: 'DELETE' })).status, 204);
    assert.equal((await call(`${engines.url}/v1/tasks/${done.id}`)).status, 404);
  });

  test('JSON submit with image URLs, fetched by the server; samples 2 gives two images', async () => {
    const accepted = await submit({
      ...spec({ options: { ...spec().options, samples: 2, seed: 3 }, output: { format: 'jpeg', quality: 90 } }),
      person: { url: `${originUrl}/person.jpg` },
      garments: [{ url: `${originUrl}/garment.jpg`, category: 'upper' }],
    });
    assert.equal(accepted.status, 202, JSON.stringify(accepted.body));
    const done = await ended(accepted.body.id);
    assert.equal(done.status, 'completed', JSON.stringify(done));
    assert.deepEqual(
      done.result.images.map((image: { url: string; format: string }) => [image.url, image.format]),
      [
        [`/v1/tasks/${done.id}/images/0`, 'jpeg'],
        [`/v1/tasks/${done.id}/images/1`, 'jpeg'],
      ],
    );
  });

  test('an input error ends the task failed, not retryable, with the engine’s code', async () => {
    const accepted = await submit(form(spec(), [['person', await personImage({ refused: true })], ['garment', garment]]));
    const done = await ended(accepted.body.id);
    assert.equal(done.status, 'failed');
    assert.deepEqual(done.error, { code: 'no_person_detected', message: done.error.message, retryable: false });
    assert.equal(done.result, null);
  });

  test('errors: statuses and bodies as the protocol documents them', async () => {
    // Written from docs/engine-protocol.md, not computed by the server's code.
    const cases: [string, Promise<{ status: number; body: any }>, number, string, boolean][] = [
      ['no task field', submit(form(undefined, [['person', person]])), 400, 'invalid_parameter', false],
      ['a garment file missing', submit(form(spec(), [['person', person]])), 400, 'invalid_parameter', false],
      [
        'options that are not TryOnOptions (an unknown preset)',
        submit(form(spec({ options: { ...spec().options, preset: 'turbo' } }), [['person', person], ['garment', garment]])),
        400,
        'invalid_parameter',
        false,
      ],
      [
        'options missing a required one',
        submit(form(spec({ options: { preset: 'fast' } }), [['person', person], ['garment', garment]])),
        400,
        'invalid_parameter',
        false,
      ],
      ['not an image', submit(form(spec(), [['person', Buffer.from('not an image')], ['garment', garment]])), 400, 'unsupported_image_format', false],
      [
        'a URL at the cloud metadata address',
        submit({ ...spec(), person: { url: 'http://169.254.169.254/latest' }, garments: [{ url: `${originUrl}/garment.jpg`, category: 'upper' }] }),
        400,
        'url_forbidden',
        false,
      ],
      ['an unknown task', call(`${engines.url}/v1/tasks/task_nope`), 404, 'not_found', false],
      ['no token where one is set', call(`${slow.url}/v1/capabilities`), 401, 'invalid_auth_token', false],
    ];
    for (const [what, pending, status, code, retryable] of cases) {
      const response = await pending;
      assert.equal(response.status, status, `${what}: ${JSON.stringify(response.body)}`);
      assert.deepEqual(response.body, { error: { code, message: response.body.error.message, retryable } }, what);
    }
  });

  test('cancel: a running task stops at its next stage; a full server answers 503 retryable with Retry-After', async () => {
    const auth = { authorization: `Bearer ${TOKEN}` };
    const tasks: string[] = [];
    // 8 tasks fill the slow server (1 slot × 8); each takes 4 × 400 ms.
    for (let i = 0; i < 8; i++) {
      const accepted = await submit(form(spec(), [['person', person], ['garment', garment]]), slow, auth);
      assert.equal(accepted.status, 202, JSON.stringify(accepted.body));
      tasks.push(accepted.body.id);
    }
    const full = await submit(form(spec(), [['person', person], ['garment', garment]]), slow, auth);
    assert.equal(full.status, 503);
    assert.deepEqual(full.body, { error: { code: 'service_unavailable', message: full.body.error.message, retryable: true } });
    assert.equal(full.headers.get('retry-after'), '1');

    const queued = await call(`${slow.url}/v1/tasks/${tasks[7]}/cancel`, { method: 'POST', headers: auth });
    assert.equal(queued.body.status, 'canceled', 'a queued task is canceled at once');
    await until(async () => ((await call(`${slow.url}/v1/tasks/${tasks[0]}`, { headers: auth })).body.progress > 0 ? true : undefined));
    const running = await call(`${slow.url}/v1/tasks/${tasks[0]}/cancel`, { method: 'POST', headers: auth });
    assert.equal(running.status, 200);
    const done = await ended(tasks[0]!, slow, auth);
    assert.equal(done.status, 'canceled');
    assert.ok(!('composite' in done.stage_timings), 'it stopped before its last stage');
    for (const id of tasks.slice(1, 7)) await call(`${slow.url}/v1/tasks/${id}`, { method: 'DELETE', headers: auth });
  });

  test('the `drape engine-server` command serves until SIGTERM', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'engine-server', '--port', '0'], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...testEnv({ ENGINES: TEST_ENGINE, WORKERS: '1', LOG_LEVEL: 'info' }) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    const url = await new Promise<string>((resolve, reject) => {
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        const listening = /"url":"(http:\/\/[^"]+)".*"msg":"engine server listening"/.exec(output)?.[1];
        if (listening !== undefined && output.includes('"msg":"engines ready"')) resolve(listening);
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', onData);
      void exited.then((code) => reject(new Error(`exited with ${code}:\n${output}`)));
    });
    const health = await call(`${url}/v1/health`);
    assert.equal(health.status, 200);
    assert.equal(health.body.status, 'ok');
    child.kill('SIGTERM');
    assert.equal(await exited, 0);
  });
});

describe('the engine server and ENGINES_FILE', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'drape-engine-server-'));
  });
  after(async () => rm(dir, { recursive: true, force: true }));

  test('it serves the built-in engines the file declares, under their names and declared capabilities', async () => {
    const file = join(dir, 'local.yaml');
    await writeFile(file, ['engines:', '  - name: cpu-vton', '    kind: builtin', `    module: ${TEST_ENGINE}`, '    operations: [tryon]', '    capabilities: [seed, outfit]'].join('\n'));
    const server = await startEngines({ ENGINES_FILE: file });
    try {
      const capabilities = await call(`${server.url}/v1/capabilities`);
      assert.equal(capabilities.status, 200);
      assert.deepEqual(capabilities.body.engines, [{ name: 'cpu-vton', operations: ['tryon'], capabilities: ['seed', 'outfit'] }]);
    } finally {
      await server.close();
    }
  });

  test('a remote engine in the file is refused before anything starts, naming it; the command exits 1 with the reason', async () => {
    const file = join(dir, 'mixed.yaml');
    await writeFile(
      file,
      ['engines:', '  - name: gpu', '    kind: comfyui', '    url: http://127.0.0.1:9', '    template: catvton', '  - name: builtin', '    kind: builtin', `    module: ${TEST_ENGINE}`].join('\n'),
    );
    const expected =
      `Invalid configuration:\n  - ENGINES_FILE ${file}: drape engine-server runs engines on this machine (kind builtin) and does not relay to remote ones; ` +
      'gpu (comfyui) belong in the ENGINES_FILE of the Drape workers, which call them directly.';
    await assert.rejects(startEngines({ ENGINES_FILE: file }), (error: Error) => error.message === expected);
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'engine-server', '--port', '0'], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...testEnv({ ENGINES_FILE: file, WORKERS: '1' }) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.resume();
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    assert.equal(code, 1);
    assert.equal(stderr.trim(), expected);
  });
});

test('docs/engine-protocol.openapi.json is what the engine server describes', async () => {
  const server = await startEngines();
  try {
    const served = await (await fetch(`${server.url}/openapi.json`)).json();
    const committed = JSON.parse(await readFile(new URL('../../docs/engine-protocol.openapi.json', import.meta.url), 'utf8'));
    assert.deepEqual(committed, served, 'regenerate docs/engine-protocol.openapi.json from GET /openapi.json of a running engine server');
    // Only the protocol: none of the public API's schemas (registered in the same process), and no dangling $ref.
    assert.deepEqual(Object.keys(served.components.schemas).sort(), ['EngineCapabilities', 'EngineError', 'EngineHealth', 'EngineTask']);
    const refs = new Set<string>();
    JSON.stringify(served, (key, value) => (key === '$ref' && refs.add(value), value));
    for (const ref of refs) assert.ok(served.components.schemas[ref.replace('#/components/schemas/', '')], `${ref} resolves`);
  } finally {
    await server.close();
  }
});
