/**
 * The real `drape` command (src/cli/main.ts under tsx, as bin/drape.js runs
 * its build) against a started server: outputs, files, exit codes.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import sharp from 'sharp';
import { DrapeClient } from '../../src/client/index.js';
import { fixturesDir, loadManifest } from '../support/engine-fixtures.js';
import { personImage, solidImage } from '../support/images.js';
import { TEST_ADMIN_KEY, TEST_OTHER_KEY } from '../support/keys.js';
import type { TestServer } from '../support/server.js';
import { freePort, startPublicServer } from '../client/public-server.js';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CLI = join(REPO_ROOT, 'src/cli/main.ts');
// Resolved here: the CLI runs in a temporary folder, where a bare `tsx` would not be found.
const TSX = import.meta.resolve('tsx');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Run `drape …` in `cwd`; asynchronous, because the server answering it lives in this process. */
function drape(args: string[], options: { cwd: string; env?: Record<string, string> }): Promise<Run> {
  const child = spawn(process.execPath, ['--import', TSX, CLI, ...args], {
    cwd: options.cwd,
    env: { ...process.env, DRAPE_URL: '', DRAPE_API_KEY: '', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((done) => child.once('close', (code) => done({ code, stdout, stderr })));
}

describe('drape CLI', () => {
  let server: TestServer;
  let work: string;
  let client: DrapeClient;
  let personPath: string;
  let garmentPath: string;
  let category: string;
  const withServer = (args: string[]) => [...args, '--server', server.url, '--key', TEST_ADMIN_KEY];

  before(async () => {
    server = await startPublicServer();
    client = new DrapeClient({ baseUrl: server.url, apiKey: TEST_ADMIN_KEY });
    work = await mkdtemp(join(tmpdir(), 'drape-cli-'));
    const pair = loadManifest().pairs[0]!;
    personPath = resolve(fixturesDir(), 'persons', pair.person);
    garmentPath = resolve(fixturesDir(), 'garments', pair.garment);
    category = pair.category;
  });
  after(async () => {
    await server.stop();
    await rm(work, { recursive: true, force: true });
  });

  test('tryon: a fixture pair is saved as <person>-tryon.jpg and the timings are printed', async () => {
    const run = await drape(withServer(['tryon', personPath, garmentPath, '-c', category]), { cwd: work });
    assert.equal(run.code, 0, run.stderr);
    const expected = `${loadManifest().pairs[0]!.person.replace(/\.jpg$/, '')}-tryon.jpg`;
    const saved = await sharp(await readFile(join(work, expected))).metadata();
    assert.equal(saved.format, 'jpeg');
    assert.match(run.stdout, new RegExp(`^${expected}  \\d+×\\d+ jpeg  \\(job_[0-9a-z]{26}\\)\\n`));
    const rows = [...run.stdout.matchAll(/\n {2}(\w[\w ]*?) +\d+ ms/g)].map((match) => match[1]);
    assert.deepEqual(rows, ['decode', 'pose', 'matte', 'garment_analysis', 'composite', 'encode', 'server total', 'wall clock']);
    assert.equal(run.stderr, '', 'no progress bar when stderr is not a terminal');
  });

  test('tryon --json -o out.png: the job JSON on stdout, a PNG on disk', async () => {
    const run = await drape(withServer(['tryon', personPath, garmentPath, '-o', 'out.png', '--json']), { cwd: work });
    assert.equal(run.code, 0, run.stderr);
    const job = JSON.parse(run.stdout);
    assert.equal(job.status, 'completed');
    assert.equal(job.output_format, 'png');
    assert.equal((await sharp(await readFile(join(work, 'out.png'))).metadata()).format, 'png');
  });

  test('tryon --coarse refines that result: a refine job, saved as <person>-refined.jpg', async () => {
    const first = await drape(withServer(['tryon', personPath, garmentPath, '-o', 'coarse.jpg']), { cwd: work });
    assert.equal(first.code, 0, first.stderr);
    const run = await drape(
      withServer(['tryon', personPath, garmentPath, '-c', category, '--coarse', 'coarse.jpg', '--gender', 'woman', '--json']),
      { cwd: work },
    );
    assert.equal(run.code, 0, run.stderr);
    const job = JSON.parse(run.stdout);
    assert.equal(job.operation, 'refine');
    assert.equal(job.options.gender, 'woman');
    const expected = `${loadManifest().pairs[0]!.person.replace(/\.jpg$/, '')}-refined.jpg`;
    assert.equal((await sharp(await readFile(join(work, expected))).metadata()).format, 'jpeg');
    const missing = await drape(withServer(['tryon', personPath, garmentPath, '--coarse', 'nope.jpg']), { cwd: work });
    assert.equal(missing.code, 2);
  });

  test('in a terminal, tryon draws its progress bar on stderr', { skip: !existsSync('/usr/bin/script') && 'no script(1)' }, async () => {
    // script(1) gives the command a pseudo-terminal, as a person running it would have.
    const command = [process.execPath, '--import', TSX, CLI, ...withServer(['tryon', personPath, garmentPath, '-o', 'tty.jpg'])]
      .map((arg) => `'${arg}'`)
      .join(' ');
    const child = spawn('/usr/bin/script', ['-qefc', command, '/dev/null'], { cwd: work, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise<number | null>((done) => child.once('close', done));
    assert.equal(code, 0, output);
    assert.match(output, /drape \[[^\]]+\] 0% queued/, 'the bar was drawn');
    assert.match(output, /tty\.jpg {2}\d+×\d+ jpeg/, 'then the summary');
  });

  test('DRAPE_URL and DRAPE_API_KEY stand in for --server and --key', async () => {
    const run = await drape(['jobs', 'list', '--limit', '1'], { cwd: work, env: { DRAPE_URL: server.url, DRAPE_API_KEY: TEST_ADMIN_KEY } });
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^job_[0-9a-z]{26}  completed /);
  });

  test('account: the team, its credits and limits, as text and JSON', async () => {
    const text = await drape(withServer(['account']), { cwd: work });
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /^Default \(team_[0-9a-z]{26}\), plan free\ncredits      \d+\n/);
    const json = await drape(withServer(['account', '--json']), { cwd: work });
    assert.deepEqual(JSON.parse(json.stdout), await client.account());
  });

  test('engines: the server’s engines as a table and JSON; tryon --engine and --capability reach the request', async () => {
    const text = await drape(withServer(['engines']), { cwd: work });
    assert.equal(text.code, 0, text.stderr);
    // The test server has the one engine of ENGINES, on this process's router.
    assert.equal(text.stdout, 'ENGINE   KIND     NOW        OPERATIONS            PRESETS  CAPABILITIES\nbuiltin  builtin  available  tryon,refine,upscale  all      seed\n');
    const json = await drape(withServer(['engines', '--json']), { cwd: work });
    assert.deepEqual(JSON.parse(json.stdout), await client.engines());

    const named = await drape(withServer(['tryon', personPath, garmentPath, '-c', category, '--engine', 'builtin', '--json', '-o', join(work, 'named.png')]), { cwd: work });
    assert.equal(named.code, 0, named.stderr);
    const job = JSON.parse(named.stdout);
    assert.equal(job.engine, 'builtin');
    assert.equal(job.options.engine, 'builtin');
    const unknown = await drape(withServer(['tryon', personPath, garmentPath, '--engine', 'gpu-9000']), { cwd: work });
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /^drape: unknown_engine: engine: "gpu-9000" is not an engine of this server for tryon; it has builtin\./);
    // The engine declares no capabilities in a file: it may serve any; its module declares seed only, so routing finds no engine.
    const capable = await drape(withServer(['tryon', personPath, garmentPath, '--capability', 'catvton', 'seed', '--json', '-o', join(work, 'cap.png')]), { cwd: work });
    assert.equal(capable.code, 1, capable.stderr);
    const failed = (await client.listJobs({ limit: 1 })).data[0]!;
    assert.deepEqual(failed.options.capabilities, ['catvton', 'seed']);
    assert.equal(failed.error?.code, 'engine_failed');
  });

  test('a job that fails exits 1 with drape: <code>: <message>', async () => {
    await writeFile(join(work, 'red.png'), await personImage({ refused: true }));
    await writeFile(join(work, 'blue.jpg'), await solidImage(300, 300, { r: 0, g: 0, b: 200 }));
    const run = await drape(withServer(['tryon', 'red.png', 'blue.jpg']), { cwd: work });
    assert.equal(run.code, 1);
    assert.equal(run.stderr, 'drape: no_person_detected: No person was found in the person photo.\n');
    assert.equal(run.stdout, '');
  });

  test('bad input and bad usage exit 2', async () => {
    const missing = await drape(withServer(['tryon', 'nope.jpg', garmentPath]), { cwd: work });
    assert.equal(missing.code, 2);
    assert.equal(missing.stderr, 'drape: file_not_found: cannot read the person photo nope.jpg (ENOENT)\n');
    const refused = await drape(withServer(['tryon', personPath, garmentPath, '-c', 'hat']), { cwd: work });
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /^drape: invalid_parameter: category: /);
    const usage = await drape(['tryon', personPath], { cwd: work });
    assert.equal(usage.code, 2);
    assert.equal(usage.stderr, "drape: usage: missing required argument 'garment'\n");
  });

  test('a wrong key exits 3 with invalid_auth_token', async () => {
    const run = await drape(['jobs', 'list', '--server', server.url, '--key', TEST_OTHER_KEY], { cwd: work });
    assert.equal(run.code, 3, run.stderr);
    assert.match(run.stderr, /^drape: invalid_auth_token: /);
  });

  test('an unreachable server exits 5', async () => {
    const port = await freePort();
    const run = await drape(['jobs', 'list', '--server', `http://127.0.0.1:${port}`, '--key', TEST_ADMIN_KEY], { cwd: work });
    assert.equal(run.code, 5);
    assert.equal(run.stderr, `drape: connection_failed: cannot reach http://127.0.0.1:${port}: ECONNREFUSED\n`);
  });

  test('jobs get and cancel', async () => {
    const done = await client.tryOn({ person: await personImage(), garment: await solidImage(300, 300, { r: 9, g: 9, b: 9 }), waitSeconds: 20 });
    const get = await drape(withServer(['jobs', 'get', done.id]), { cwd: work });
    assert.equal(get.code, 0, get.stderr);
    assert.match(get.stdout, new RegExp(`^id +${done.id}\\nstatus +completed\\nprogress +100%\\n`));
    assert.match(get.stdout, /\nurl +http:\/\/127\.0\.0\.1:\d+\/v1\/files\//);
    const json = JSON.parse((await drape(withServer(['jobs', 'get', done.id, '--json']), { cwd: work })).stdout);
    assert.equal(json.id, done.id);

    const ended = await drape(withServer(['jobs', 'cancel', done.id]), { cwd: work });
    assert.equal(ended.code, 2);
    assert.match(ended.stderr, /^drape: job_not_cancelable: /);
    const unknown = await drape(withServer(['jobs', 'get', 'job_00000000000000000000000000']), { cwd: work });
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /^drape: not_found: /);
  });
});
