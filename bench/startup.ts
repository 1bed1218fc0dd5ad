/**
 * `npm run bench:startup`: how fast a fresh `npm start` (the built code, no
 * compiling) accepts its first try-on and completes it with the built-in
 * engine. Each run starts on an empty data folder (database created and
 * migrated, admin key written), submits a real fixture pair as soon as the
 * port answers, and waits for the result.
 * Targets (issue 15): first accepted request ≤ 3 s, first completed try-on ≤ 15 s.
 *
 * Env: BENCH_RUNS (default 3), DRAPE_FIXTURES, BENCH_ENGINE (builtin, or a module path),
 * BENCH_BASELINE (another built checkout, e.g. of main: its runs alternate with
 * this tree's, so that both figures come from the same run on the same load),
 * BENCH_ACCEPT_ONLY=1 (stop at the first 202, e.g. with WORKERS=0: the start
 * alone, without engine threads loading beside it), BENCH_PORT (the servers'
 * port, one run at a time; default a free one).
 * Needs a built tree: `npm install` (or `npm run build`) first.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { AUTH_HEADERS, UNLIMITED_ACCOUNT_ENV } from './support-key.js';
import { cpuSnapshot, freePort } from './support-server.js';
import { getJob, loadPair, type Pair } from './support-tryons.js';

const REPO_ROOT = fileURLToPath(new URL('../', import.meta.url));
const TARGET_ACCEPT_MS = 3_000;
const TARGET_COMPLETE_MS = 15_000;
/** How often the port is tried before it answers: finer than the figure's one decimal. */
const CONNECT_POLL_MS = 20;
const RUN_TIMEOUT_MS = 300_000;

function tryOnForm(pair: Pair): FormData {
  const form = new FormData();
  form.append('person_image', new Blob([new Uint8Array(pair.person.bytes)]), pair.person.name);
  form.append('garment_image', new Blob([new Uint8Array(pair.garment.bytes)]), pair.garment.name);
  form.append('category', pair.category);
  // The bench times the start and one engine run, not the picture: a result judged poor would fail the job.
  form.append('min_quality', '0');
  return form;
}

interface Run {
  /** The first answer of GET /healthz (any status): the port is served. */
  answeredMs: number;
  acceptedMs: number;
  /**
   * CPU seconds the server's main thread had used when its first try-on was
   * accepted: what the start costs, whatever else the machine is doing (on a
   * shared machine the wall time can be many times longer).
   */
  acceptedCpuS: number;
  /** CPU seconds of the whole server process (all its threads: the database's, the thread pool's, V8's) until then. */
  acceptedProcessCpuS: number;
  /** The whole load on the machine while starting, in cores busy: to read the wall times with. */
  machineBusyCores: number;
  completedMs: number;
  engineReadyMs: number | undefined;
}

async function oneRun(pair: Pair, tree: string): Promise<Run> {
  const dataDir = await mkdtemp(join(tmpdir(), 'drape-bench-start-'));
  const port = process.env.BENCH_PORT === undefined ? await freePort() : Number(process.env.BENCH_PORT);
  const url = `http://127.0.0.1:${port}`;
  const started = performance.now();
  const machineAtStart = cpuSnapshot(process.pid).machine;
  // What `npm start` runs, without npm's own start-up in the figure.
  const child = spawn(process.execPath, ['dist/src/main.js'], {
    cwd: tree,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'info',
      ...(process.env.BENCH_ENGINE ? { ENGINES: process.env.BENCH_ENGINE } : {}),
      ...UNLIMITED_ACCOUNT_ENV,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let engineReadyMs: number | undefined;
  const keep = (chunk: Buffer) => {
    output += chunk.toString();
    if (engineReadyMs === undefined && output.includes('"msg":"engines ready"')) engineReadyMs = performance.now() - started;
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    let answeredMs: number | undefined;
    while (answeredMs === undefined) {
      if (performance.now() - started > RUN_TIMEOUT_MS) throw new Error(`no answer in ${RUN_TIMEOUT_MS} ms\n${output}`);
      if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode})\n${output}`);
      try {
        await (await fetch(`${url}/healthz`)).arrayBuffer();
        answeredMs = performance.now() - started;
      } catch (error) {
        if ((error as { cause?: { code?: string } }).cause?.code !== 'ECONNREFUSED') throw error;
        await sleep(CONNECT_POLL_MS);
      }
    }
    let id: string | undefined;
    let acceptedMs = 0;
    let acceptedCpuS = 0;
    let acceptedProcessCpuS = 0;
    let machineBusyCores = 0;
    while (id === undefined) {
      if (performance.now() - started > RUN_TIMEOUT_MS) throw new Error(`no try-on accepted in ${RUN_TIMEOUT_MS} ms\n${output}`);
      if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode})\n${output}`);
      try {
        const response = await fetch(`${url}/v1/tryon`, { method: 'POST', body: tryOnForm(pair), headers: AUTH_HEADERS });
        const body = (await response.json()) as { id: string };
        // A server that answers 503 with Retry-After while it starts (earlier trees did) is tried again at once, to time it.
        if (response.status === 503 && response.headers.has('retry-after')) {
          await sleep(CONNECT_POLL_MS);
          continue;
        }
        if (response.status !== 202) throw new Error(`POST /v1/tryon answered ${response.status}: ${JSON.stringify(body)}`);
        id = body.id;
        acceptedMs = performance.now() - started;
        const snapshot = cpuSnapshot(child.pid!);
        acceptedCpuS = snapshot.serverMainThread;
        acceptedProcessCpuS = snapshot.serverProcess;
        machineBusyCores = (snapshot.machine - machineAtStart) / (acceptedMs / 1000);
      } catch (error) {
        if ((error as { cause?: { code?: string } }).cause?.code !== 'ECONNREFUSED') throw error;
        await sleep(CONNECT_POLL_MS);
      }
    }
    const accepted = { answeredMs, acceptedMs, acceptedCpuS, acceptedProcessCpuS, machineBusyCores };
    if (process.env.BENCH_ACCEPT_ONLY === '1') return { ...accepted, completedMs: Number.NaN, engineReadyMs };
    for (;;) {
      const job = await getJob(url, id, { waitSeconds: 5 });
      if (job.status === 'completed') {
        return { ...accepted, completedMs: performance.now() - started, engineReadyMs };
      }
      if (job.status === 'failed' || job.status === 'canceled') throw new Error(`the first try-on ${job.status}: ${JSON.stringify(job.error)}`);
      if (performance.now() - started > RUN_TIMEOUT_MS) {
        throw new Error(`accepted after ${seconds(acceptedMs)} s, not completed in ${RUN_TIMEOUT_MS} ms:\n${output}`);
      }
    }
  } finally {
    child.kill('SIGTERM');
    await exited;
    await rm(dataDir, { recursive: true, force: true });
  }
}

const seconds = (ms: number | undefined) => (ms === undefined ? '–' : (ms / 1000).toFixed(2));
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

function report(label: string, runs: Run[]): void {
  const count = runs.length;
  const at = (pick: (run: Run) => number) => median(runs.map(pick));
  console.log(`\n| ${label}: from \`node dist/src/main.js\` on an empty data folder | median of ${count} | target |`);
  console.log('|---|---|---|');
  console.log(`| first answer of /healthz | ${seconds(at((run) => run.answeredMs))} s | |`);
  console.log(`| first try-on accepted (202) | ${seconds(at((run) => run.acceptedMs))} s | ≤ ${seconds(TARGET_ACCEPT_MS)} s |`);
  console.log(`| main thread CPU until then | ${at((run) => run.acceptedCpuS).toFixed(2)} s | |`);
  console.log(`| whole process CPU until then | ${at((run) => run.acceptedProcessCpuS).toFixed(2)} s | |`);
  console.log(`| first try-on completed | ${seconds(at((run) => run.completedMs))} s | ≤ ${seconds(TARGET_COMPLETE_MS)} s |`);
}

async function main(): Promise<void> {
  const baseline = process.env.BENCH_BASELINE;
  const trees = [{ label: 'this tree', path: REPO_ROOT }, ...(baseline ? [{ label: `baseline ${baseline}`, path: baseline }] : [])];
  for (const tree of trees) {
    if (!existsSync(join(tree.path, 'dist/src/main.js'))) throw new Error(`${tree.path} is not built: run \`npm install\` or \`npm run build\` first`);
  }
  const pair = await loadPair();
  const runs = new Map(trees.map((tree) => [tree, [] as Run[]]));
  const count = Number(process.env.BENCH_RUNS ?? 3);
  for (let index = 0; index < count; index++) {
    // Alternating, so that a change in the machine's load falls on both trees alike.
    for (const tree of index % 2 === 0 ? trees : [...trees].reverse()) {
      const run = await oneRun(pair, tree.path);
      runs.get(tree)!.push(run);
      console.log(
        `${tree.label} run ${index + 1}: /healthz answered ${seconds(run.answeredMs)} s, first try-on accepted ${seconds(run.acceptedMs)} s ` +
          `(main thread CPU ${run.acceptedCpuS.toFixed(2)} s, process ${run.acceptedProcessCpuS.toFixed(2)} s; machine ${run.machineBusyCores.toFixed(1)} cores busy), ` +
          `engine ready ${seconds(run.engineReadyMs)} s, first try-on completed ${seconds(run.completedMs)} s`,
      );
    }
  }
  for (const tree of trees) report(tree.label, runs.get(tree)!);
}

await main();
