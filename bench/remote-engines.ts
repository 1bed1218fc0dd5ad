/**
 * Remote engine figures, printed (never asserted):
 *
 * 1. Overhead of Drape's engine protocol on loopback: the built-in engine run
 *    in-process (EnginePool, as the job runner runs it) against the same
 *    engine behind `drape engine-server` called through the protocol adapter
 *    (multipart upload, polling, download, delete). Same machine, same run,
 *    alternating, one thread each: p50 of each and of the difference.
 * 2. How many remote jobs one process holds at once, and its RSS: N runs of
 *    the protocol adapter at once against a stand-in engine server (a child
 *    process) that takes 10 s a task. A remote run holds no thread, only a
 *    pending HTTP poll, so N is bounded by memory, which this measures.
 *
 * 3. The same through the job runner: jobs submitted over HTTP to a Drape
 *    server whose ENGINES_FILE routes them (the request's `engine` field) to
 *    the built-in engine in-process, to a real `drape engine-server` on
 *    loopback, or to the 10 s stand-in; p50 of created → finished per engine,
 *    and how many stand-in jobs one process (HTTP + worker, WORKERS=1) holds
 *    at once through the queue, with its RSS.
 *
 *   npm run bench:remote [-- --runs=8 --concurrent=100,500,1000 --queued=100,300]
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { loadConfig } from '../src/config.js';
import { startEngineServer } from '../src/engine-server/engine-server.js';
import { DEFAULT_TRYON_OPTIONS } from '../src/engines/engine.js';
import { EnginePool } from '../src/engines/engine-pool.js';
import { DrapeEngine } from '../src/engines/remote/drape-engine.js';
import { startServer } from '../src/server.js';
import type { RemoteTask } from '../src/engines/remote/remote-engine.js';

const args = Object.fromEntries(process.argv.slice(2).map((arg) => arg.replace(/^--/, '').split('=') as [string, string]));
const RUNS = Number(args.runs ?? 8);
const CONCURRENT = (args.concurrent ?? '100,500,1000').split(',').map(Number);
const QUEUED = (args.queued ?? '100,300').split(',').map(Number);
const FIXTURES = resolve(process.env.DRAPE_FIXTURES ?? '../shared/fixtures');
/** The stand-in engine's time per task. */
const TASK_MS = 10_000;

const p50 = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;

async function overhead(): Promise<void> {
  const pairs: [string, string][] = [
    ['01008_00.jpg', '00055_00.jpg'],
    ['01861_00.jpg', '00055_00.jpg'],
  ];
  const inputs = await Promise.all(
    pairs.map(async ([person, garment]) => ({
      person: await readFile(join(FIXTURES, 'persons', person)),
      garment: await readFile(join(FIXTURES, 'garments', garment)),
    })),
  );
  const pool = new EnginePool(1, ['builtin']);
  const server = await startEngineServer(loadConfig({ PORT: '0', HOST: '127.0.0.1', WORKERS: '1', ENGINES: 'builtin', LOG_LEVEL: 'warn' }));
  await Promise.all([pool.start(), server.ready]);
  const remote = new DrapeEngine({ name: 'loopback', url: server.url, operations: ['tryon'], capabilities: [], requestTimeoutMs: 30_000, pollIntervalMs: 25 });
  const local: number[] = [];
  const viaServer: number[] = [];
  /** The engine's own stage time (decode … encode), in each place. */
  const localEngine: number[] = [];
  const remoteEngine: number[] = [];
  const stages: Record<string, number[]> = {};
  /** Per engine stage: [in-process, in the engine server]. */
  const perStage: Record<string, [number[], number[]]> = {};
  for (let run = 0; run < RUNS; run++) {
    const { person, garment } = inputs[run % inputs.length]!;
    let started = performance.now();
    const outcome = await pool.run({
      operation: 'tryon',
      person,
      garments: [{ bytes: garment, category: 'upper' }],
      options: DEFAULT_TRYON_OPTIONS,
      output: { format: 'png', quality: 92 },
    }).outcome;
    if (!outcome.ok) throw new Error(outcome.error.message);
    local.push(performance.now() - started);
    const task: RemoteTask = {
      operation: 'tryon',
      person: { bytes: person, format: 'jpeg' },
      garments: [{ bytes: garment, format: 'jpeg', category: 'upper' }],
      options: DEFAULT_TRYON_OPTIONS,
      output: { format: 'png', quality: 92 },
    };
    started = performance.now();
    const result = await remote.run(task, {
      signal: new AbortController().signal,
      progress: () => {},
      stage: (name, ms) => (stages[name] ??= []).push(ms),
    });
    viaServer.push(performance.now() - started);
    const remoteTimings = result.info.remoteStageTimings as Record<string, number>;
    localEngine.push(Object.values(outcome.timings).reduce((sum, ms) => sum + ms, 0));
    remoteEngine.push(Object.values(remoteTimings).reduce((sum, ms) => sum + ms, 0));
    for (const [stage, ms] of Object.entries(outcome.timings)) (perStage[stage] ??= [[], []])[0].push(ms);
    for (const [stage, ms] of Object.entries(remoteTimings)) (perStage[stage] ??= [[], []])[1].push(ms);
  }
  await Promise.all([pool.close(), server.close()]);
  const differences = local.map((ms, index) => viaServer[index]! - ms);
  // Within one remote run: its wall time less the engine's own time in the server. Unlike the
  // difference above, no second run's noise enters it (2 shared cores: an A/A test of two
  // in-process pools differed by up to 1.1 s a run at load 18).
  const protocol = viaServer.map((ms, index) => ms - remoteEngine[index]!);
  console.log(`\n1. Built-in engine, ${RUNS} try-ons at 768×1024, alternating, 1 thread each`);
  console.log(`   in-process (EnginePool)           p50 ${Math.round(p50(local))} ms`);
  console.log(`   via drape engine-server, loopback p50 ${Math.round(p50(viaServer))} ms`);
  console.log(`   overhead of the protocol          p50 ${Math.round(p50(differences))} ms (${((p50(differences) / p50(local)) * 100).toFixed(1)}%)`);
  console.log(`   protocol alone (wall − server's engine stages) p50 ${Math.round(p50(protocol))} ms`);
  console.log(`   the engine's own stages           p50 ${Math.round(p50(localEngine))} ms in-process, ${Math.round(p50(remoteEngine))} ms in the engine server`);
  console.log(
    `   adapter stages                    ${Object.entries(stages)
      .map(([name, values]) => `${name} ${Math.round(p50(values))} ms`)
      .join(', ')}`,
  );
  for (const [stage, [here, there]] of Object.entries(perStage)) {
    console.log(`     ${stage.padEnd(18)} p50 ${Math.round(p50(here))} ms in-process, ${Math.round(p50(there))} ms in the engine server`);
  }
}

/** A stand-in engine server in a child process: every task completes TASK_MS after it was submitted. */
function startStandIn(): Promise<{ url: string; child: ChildProcess }> {
  const child = fork(fileURLToPath(import.meta.url), ['--stand-in'], { execArgv: ['--import', 'tsx'] });
  return new Promise((resolveUrl) => child.once('message', (url) => resolveUrl({ url: String(url), child })));
}

async function standIn(): Promise<void> {
  const png = await sharp({ create: { width: 768, height: 1024, channels: 3, background: { r: 90, g: 120, b: 150 } } }).png().toBuffer();
  const tasks = new Map<string, number>();
  let counter = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const url = req.url ?? '';
      if (req.method === 'POST' && url === '/v1/tasks') {
        const id = `task_${counter++}`;
        tasks.set(id, Date.now() + TASK_MS);
        res.writeHead(202, { 'content-type': 'application/json' }).end(JSON.stringify({ id, status: 'queued', progress: 0, stage_timings: {}, result: null, error: null }));
        return;
      }
      const id = /^\/v1\/tasks\/([^/]+)/.exec(url)?.[1] ?? '';
      if (url.endsWith('/images/0')) return res.writeHead(200, { 'content-type': 'image/png' }).end(png);
      if (req.method === 'DELETE') {
        tasks.delete(id);
        return res.writeHead(204).end();
      }
      const done = Date.now() >= (tasks.get(id) ?? 0);
      const body = {
        id,
        status: done ? 'completed' : 'running',
        progress: done ? 100 : 50,
        stage_timings: {},
        result: done ? { images: [{ url: `/v1/tasks/${id}/images/0`, format: 'png', width: 768, height: 1024 }], diagnostics: [], info: {} } : null,
        error: null,
      };
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    });
  });
  // As a Fastify engine server keeps connections (72 s), with a deep accept queue: a thousand callers connect at once.
  server.keepAliveTimeout = 72_000;
  server.listen({ port: 0, host: '127.0.0.1', backlog: 4096 }, () => process.send!(`http://127.0.0.1:${(server.address() as AddressInfo).port}`));
}

async function holding(): Promise<void> {
  const { url, child } = await startStandIn();
  const person = await readFile(join(FIXTURES, 'persons', '01008_00.jpg'));
  const garment = await readFile(join(FIXTURES, 'garments', '00055_00.jpg'));
  // Polled every second, as a deployment would poll a 10 s engine.
  const remote = new DrapeEngine({ name: 'stand-in', url, operations: ['tryon'], capabilities: [], requestTimeoutMs: 60_000, pollIntervalMs: 1_000 });
  console.log(`\n2. Remote runs held at once by this process, stand-in engine taking ${TASK_MS / 1000} s a task`);
  for (const count of CONCURRENT.filter((value) => value > 0)) {
    global.gc?.();
    const before = process.memoryUsage().rss;
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 100);
    const started = performance.now();
    const results = await Promise.all(
      Array.from({ length: count }, () =>
        remote.run(
          {
            operation: 'tryon',
            person: { bytes: person, format: 'jpeg' },
            garments: [{ bytes: garment, format: 'jpeg', category: 'upper' }],
            options: DEFAULT_TRYON_OPTIONS,
            output: { format: 'png', quality: 92 },
          },
          { signal: new AbortController().signal, progress: () => {}, stage: () => {} },
        ),
      ),
    );
    clearInterval(sampler);
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `   ${String(count).padStart(5)} at once: all ${results.length} done in ${seconds.toFixed(1)} s; RSS ${mb(before)} → peak ${mb(peak)} ` +
        `(+${Math.round((peak - before) / 1024 / count)} KB a run)`,
    );
  }
  child.kill();
}

/** Jobs through the queue and the job runner, routed by ENGINES_FILE. */
async function throughRunner(): Promise<void> {
  const dataDir = await mkdtemp(join(tmpdir(), 'drape-bench-remote-'));
  const { url: standInUrl, child } = await startStandIn();
  const engineServer = await startEngineServer(loadConfig({ PORT: '0', HOST: '127.0.0.1', WORKERS: '1', ENGINES: 'builtin', LOG_LEVEL: 'warn' }));
  await engineServer.ready;
  const enginesFile = join(dataDir, 'engines.json');
  await writeFile(
    enginesFile,
    JSON.stringify({
      engines: [
        { name: 'local', kind: 'builtin', priority: 10 },
        { name: 'server', kind: 'drape-protocol', url: engineServer.url, concurrency: 1 },
        { name: 'standin', kind: 'drape-protocol', url: standInUrl, concurrency: 10_000, timeout: '10m', priority: -10 },
      ],
    }),
  );
  const key = `sk_bench_${'r'.repeat(24)}`;
  const server = await startServer(
    loadConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      WORKERS: '1',
      ENGINES_FILE: enginesFile,
      LOG_LEVEL: 'warn',
      DRAPE_ADMIN_KEY: key,
      NEW_TEAM_CREDITS: '100000000',
      RATE_LIMIT: '100000',
      RATE_BURST: '100000',
      POLL_RATE_LIMIT: '100000',
      POLL_RATE_BURST: '100000',
      CONCURRENCY_LIMIT: '100000',
    }),
  );
  await server.engineReady;
  const person = (await readFile(join(FIXTURES, 'persons', '01008_00.jpg'))).toString('base64');
  const garment = (await readFile(join(FIXTURES, 'garments', '00055_00.jpg'))).toString('base64');
  const submit = async (engine: string, wait: number) => {
    const response = await fetch(`${server.url}/v1/tryon?wait=${wait}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      // min_quality 0: the bench times the route, not the picture (a result judged poor would fail the job).
      body: JSON.stringify({ person_image: `data:image/jpeg;base64,${person}`, garment_image: `data:image/jpeg;base64,${garment}`, output_format: 'png', engine, min_quality: 0 }),
    });
    const job = (await response.json()) as { id: string; status: string; engine: string; created_at: string; finished_at: string | null };
    if (response.status >= 300 && response.status !== 202) throw new Error(`submission: ${response.status} ${JSON.stringify(job)}`);
    return job;
  };
  const elapsed = (job: { created_at: string; finished_at: string | null }) => Date.parse(job.finished_at!) - Date.parse(job.created_at);

  const times: Record<string, number[]> = { local: [], server: [] };
  for (let run = 0; run < RUNS; run++) {
    for (const engine of ['local', 'server']) {
      const job = await submit(engine, 60);
      if (job.status !== 'completed' || job.engine !== engine) throw new Error(`job on ${engine}: ${JSON.stringify(job)}`);
      times[engine]!.push(elapsed(job));
    }
  }
  console.log(`\n3. Through the queue and the job runner (HTTP in, ENGINES_FILE routing, ${RUNS} jobs each, alternating, 1 thread each)`);
  console.log(`   built-in engine in-process       p50 ${p50(times.local!)} ms created → finished`);
  console.log(`   drape engine-server on loopback  p50 ${p50(times.server!)} ms created → finished`);
  console.log(`   overhead of the remote route     p50 ${p50(times.server!.map((ms, index) => ms - times.local![index]!))} ms`);

  // One job through HTTP; then copies of its row queued at once, so that the queue (not the image checks of
  // N submissions on 2 shared cores) is what the runner works through: it claims them as slots allow.
  const model = await submit('standin', 30);
  if (model.status !== 'completed') throw new Error(`stand-in job: ${JSON.stringify(model)}`);
  for (const count of QUEUED.filter((value) => value > 0)) {
    global.gc?.();
    const before = process.memoryUsage().rss;
    let peak = before;
    let mostProcessing = 0;
    const started = performance.now();
    const { rows: inserted } = await server.db.query<{ id: string }>(
      `INSERT INTO jobs (id, team_id, operation, status, priority, input, options, output_format, metadata, source, max_attempts)
       SELECT 'job_bench_' || $3 || '_' || g, team_id, operation, 'queued', priority, input, options, output_format, metadata, source, max_attempts
         FROM jobs, generate_series(1, $2::int) AS g WHERE id = $1
       RETURNING id`,
      [model.id, count, String(count)],
    );
    const ids = inserted.map((row) => row.id);
    const submittedIn = (performance.now() - started) / 1000;
    for (;;) {
      const { rows } = await server.db.query<{ processing: number; completed: number; failed: number; elsewhere: number }>(
        `SELECT count(*) FILTER (WHERE status = 'processing')::int AS processing, count(*) FILTER (WHERE status = 'completed')::int AS completed,
                count(*) FILTER (WHERE status IN ('failed', 'canceled'))::int AS failed,
                count(*) FILTER (WHERE status = 'completed' AND engine_runs->-1->>'engine' <> 'standin')::int AS elsewhere
           FROM jobs WHERE id = ANY($1)`,
        [ids],
      );
      const counts = rows[0]!;
      mostProcessing = Math.max(mostProcessing, counts.processing);
      peak = Math.max(peak, process.memoryUsage().rss);
      if (counts.completed + counts.failed === count) {
        if (counts.failed > 0) console.log(`   ${counts.failed} of ${count} jobs failed`);
        if (counts.elsewhere > 0) console.log(`   ${counts.elsewhere} of ${count} jobs ended on another engine than the stand-in`);
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `   ${String(count).padStart(5)} stand-in jobs (${TASK_MS / 1000} s each): queued in ${submittedIn.toFixed(1)} s, at most ${mostProcessing} processing at once, ` +
        `all done in ${seconds.toFixed(1)} s; RSS ${mb(before)} → peak ${mb(peak)} (one process: HTTP + worker, 1 engine thread)`,
    );
  }
  await server.close();
  await engineServer.close();
  child.kill();
  await rm(dataDir, { recursive: true, force: true });
}

if (process.argv.includes('--stand-in')) await standIn();
else if (process.argv.includes('--runner-only')) await throughRunner();
else {
  await overhead();
  await holding();
  await throughRunner();
}
