/**
 * `npm run bench:scale`: what splitting Drape into processes costs or gains,
 * on PostgreSQL, on this machine, in one run:
 *   1. try-on throughput of one `drape worker` with two engine threads
 *      against two `drape worker` processes of one thread each (each behind
 *      one `drape serve --no-workers`, on a fresh database);
 *   2. job reads/s (GET /v1/jobs/{id}, autocannon) on one HTTP server and on
 *      two, while try-ons run.
 * Target (issue 15): two worker processes ≥ 0.9× one process with two threads.
 * Every process is the built code (`node dist/src/cli/main.js`), as deployed.
 *
 * Env: BENCH_JOBS (try-ons timed per setup, default 8), BENCH_ENGINE (builtin,
 * or a module path such as test/support/test-engine.ts), BENCH_SECONDS (reads
 * per setup, default 10), BENCH_CONNECTIONS (default 32), TEST_POSTGRES_URL
 * (an admin connection to create the databases), DRAPE_FIXTURES.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createPostgresDatabase } from '../test/support/databases.js';
import { runLoad } from './support-autocannon.js';
import { AUTH_HEADERS, UNLIMITED_ACCOUNT_ENV } from './support-key.js';
import { freePort } from './support-server.js';
import { TryOnLoad, getJob, loadPair, submitTryOn, type Pair } from './support-tryons.js';

const REPO_ROOT = fileURLToPath(new URL('../', import.meta.url));
const JOBS = Number(process.env.BENCH_JOBS ?? 8);
const READ_SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const ENGINE = process.env.BENCH_ENGINE === undefined || process.env.BENCH_ENGINE === 'builtin' ? 'builtin' : resolve(process.env.BENCH_ENGINE);
const READY_TIMEOUT_MS = 180_000;
const TARGET_RATIO = 0.9;

interface Child {
  url: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

/** `drape serve --no-workers` or `drape worker`, ready once it logs that it listens, or that its engines are ready. */
async function startDrape(role: 'http' | 'worker', env: Record<string, string>): Promise<Child> {
  const port = role === 'http' ? await freePort() : 0;
  // A TypeScript engine module needs tsx; the built-in one runs on plain node.
  const loader = ENGINE.endsWith('.ts') ? ['--import', 'tsx'] : [];
  const args = role === 'http' ? ['serve', '--no-workers'] : ['worker'];
  const child = spawn(process.execPath, [...loader, 'dist/src/cli/main.js', ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  await new Promise<void>((ready, failed) => {
    const timer = setTimeout(() => failed(new Error(`drape ${args.join(' ')} not ready in ${READY_TIMEOUT_MS} ms:\n${output.slice(-3000)}`)), READY_TIMEOUT_MS);
    const onData = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-20_000);
      if (output.includes(role === 'http' ? '"msg":"drape listening"' : '"msg":"engines ready"')) {
        clearTimeout(timer);
        ready();
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    void exited.then(() => failed(new Error(`drape ${args.join(' ')} exited before it was ready:\n${output.slice(-3000)}`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    process: child,
    stop: async () => {
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(killer);
    },
  };
}

/** One HTTP server and `processes` workers of `threads` threads on a fresh database and storage folder. */
async function startSetup(processes: number, threads: number) {
  const database = await createPostgresDatabase();
  const dataDir = await mkdtemp(join(tmpdir(), 'drape-bench-scale-'));
  const env = {
    ...UNLIMITED_ACCOUNT_ENV,
    DATABASE_URL: database.url,
    DATA_DIR: dataDir,
    // One machine: a folder every process sees stands in for the S3 bucket.
    STORAGE_URL: join(dataDir, 'blobs'),
    ENGINES: ENGINE,
    WORKERS: String(threads),
  };
  const http = await startDrape('http', env);
  const workers = await Promise.all(Array.from({ length: processes }, () => startDrape('worker', env)));
  const extra: Child[] = [];
  return {
    env,
    http,
    addHttp: async () => {
      const server = await startDrape('http', env);
      extra.push(server);
      return server;
    },
    stop: async () => {
      await Promise.all([http, ...workers, ...extra].map((child) => child.stop()));
      await database.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

async function waitEnded(url: string, id: string): Promise<void> {
  for (;;) {
    const job = await getJob(url, id, { waitSeconds: 5 });
    if (job.status === 'completed') return;
    if (job.status === 'failed' || job.status === 'canceled') throw new Error(`try-on ${id} ${job.status}: ${JSON.stringify(job.error)}`);
  }
}

/** Try-ons a minute: `JOBS` submitted at once, from the first submission to the last end, after one warm-up job per thread. */
async function throughput(pair: Pair, processes: number, threads: number): Promise<{ perMinute: number; seconds: number; load: number }> {
  const setup = await startSetup(processes, threads);
  try {
    const url = setup.http.url;
    const submitOne = () => submitTryOn(url, pair.person, pair.garment, pair.category);
    const warm = await Promise.all(Array.from({ length: processes * threads }, submitOne));
    await Promise.all(warm.map((id) => waitEnded(url, id)));
    const started = performance.now();
    const ids = await Promise.all(Array.from({ length: JOBS }, submitOne));
    await Promise.all(ids.map((id) => waitEnded(url, id)));
    const seconds = (performance.now() - started) / 1000;
    return { perMinute: (60 * JOBS) / seconds, seconds, load: loadavg()[0]! };
  } finally {
    await setup.stop();
  }
}

/** Job reads/s with try-ons running: on one HTTP server, then on two (the connections split between them). */
async function reads(pair: Pair): Promise<{ one: number; two: number; load: number }> {
  const setup = await startSetup(1, 2);
  const load = new TryOnLoad(setup.http.url, pair.person, pair.garment, pair.category, 2);
  try {
    const id = await submitTryOn(setup.http.url, pair.person, pair.garment, pair.category);
    await waitEnded(setup.http.url, id);
    const second = await setup.addHttp();
    load.start();
    const readAll = async (urls: string[]) => {
      const results = await Promise.all(
        urls.map((url) =>
          runLoad({ url: `${url}/v1/jobs/${id}`, connections: CONNECTIONS / urls.length, duration: READ_SECONDS, headers: AUTH_HEADERS }),
        ),
      );
      const bad = results.reduce((sum, result) => sum + result.non2xx + result.errors, 0);
      if (bad > 0) throw new Error(`${bad} reads failed or were refused`);
      return results.reduce((sum, result) => sum + result.requests.total, 0) / READ_SECONDS;
    };
    const one = await readAll([setup.http.url]);
    const two = await readAll([setup.http.url, second.url]);
    return { one, two, load: loadavg()[0]! };
  } finally {
    await load.stop();
    await setup.stop();
  }
}

async function main(): Promise<void> {
  if (!existsSync(join(REPO_ROOT, 'dist/src/cli/main.js'))) throw new Error('not built: run `npm install` or `npm run build` first');
  const pair = await loadPair();
  const fmt = (value: number) => value.toFixed(1);
  console.log(`engine ${ENGINE}; ${JOBS} try-ons timed per setup; load average at start ${loadavg().map(fmt).join(' ')}`);
  const oneProcess = await throughput(pair, 1, 2);
  console.log(`1 worker process × 2 threads: ${fmt(oneProcess.perMinute)} try-ons/min (${fmt(oneProcess.seconds)} s; load ${fmt(oneProcess.load)})`);
  const twoProcesses = await throughput(pair, 2, 1);
  console.log(`2 worker processes × 1 thread: ${fmt(twoProcesses.perMinute)} try-ons/min (${fmt(twoProcesses.seconds)} s; load ${fmt(twoProcesses.load)})`);
  const read = await reads(pair);
  const ratio = twoProcesses.perMinute / oneProcess.perMinute;

  console.log('\n| On PostgreSQL, one machine (2 cores) | figure |');
  console.log('|---|---|');
  console.log(`| try-ons/min, 1 worker process × 2 threads | ${fmt(oneProcess.perMinute)} |`);
  console.log(`| try-ons/min, 2 worker processes × 1 thread | ${fmt(twoProcesses.perMinute)} (${ratio.toFixed(2)}×; target ≥ ${TARGET_RATIO}×) |`);
  console.log(`| job reads/s, 1 HTTP server, 2 try-ons running | ${Math.round(read.one)} |`);
  console.log(`| job reads/s, 2 HTTP servers, 2 try-ons running | ${Math.round(read.two)} |`);
  console.log(`\nload average at the end ${loadavg().map(fmt).join(' ')} (other processes on the machine share its 2 cores)`);
}

await main();
