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
 *   npm run bench:remote [-- --runs=8 --concurrent=100,500,1000]
 */
import { fork, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
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
import type { RemoteTask } from '../src/engines/remote/remote-engine.js';

const args = Object.fromEntries(process.argv.slice(2).map((arg) => arg.replace(/^--/, '').split('=') as [string, string]));
const RUNS = Number(args.runs ?? 8);
const CONCURRENT = (args.concurrent ?? '100,500,1000').split(',').map(Number);
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

if (process.argv.includes('--stand-in')) await standIn();
else {
  await overhead();
  await holding();
}
