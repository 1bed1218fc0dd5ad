/**
 * A Drape server in a child process for the API benchmark, so the load
 * generator never shares the server's event loop; plus what /proc says about
 * that process (CPU per thread, peak RSS).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

export interface BenchServer {
  url: string;
  pid: number;
  /** The last lines it logged (warn and above), for error reports. */
  output(): string;
  /** Resolves with the exit code or signal once the process has ended. */
  exited: Promise<string>;
  /** SIGTERM, then SIGKILL if it has not exited after `graceMs`. */
  stop(graceMs: number): Promise<string>;
}

const OUTPUT_KEEP_CHARS = 16_000;
const READY_POLL_MS = 200;

/** A port nobody listens on now (a small race with other processes is acceptable for a benchmark). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('could not pick a free port');
  return address.port;
}

/** `node --import tsx src/main.ts` in `cwd` with `env`; resolves once GET /readyz answers 200 and the engine (when it runs one) is loaded. */
export async function startChildServer(cwd: string, env: Record<string, string>, readyTimeoutMs: number): Promise<BenchServer> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-OUTPUT_KEEP_CHARS);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  let done: string | undefined;
  const exited = new Promise<string>((resolve) =>
    child.once('exit', (code, signal) => resolve((done = signal === null ? `exit code ${code}` : signal))),
  );
  const url = `http://127.0.0.1:${env.PORT}`;
  const server: BenchServer = {
    url,
    pid: child.pid!,
    output: () => output,
    exited,
    stop: async (graceMs) => {
      if (done !== undefined) return done;
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      const how = await exited;
      clearTimeout(killer);
      return how;
    },
  };

  const deadline = Date.now() + readyTimeoutMs;
  let last = 'no answer';
  while (done === undefined) {
    try {
      const response = await fetch(`${url}/readyz`);
      const text = await response.text();
      last = `${response.status} ${text}`;
      // Ready means accepting requests; the engine may still be loading, which a benchmark must not time.
      if (response.status === 200 && !text.includes('loading')) return server;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    if (Date.now() > deadline) {
      await server.stop(5_000);
      throw new Error(`not ready after ${readyTimeoutMs} ms (last /readyz: ${last})\n${output}`);
    }
    await sleep(READY_POLL_MS);
  }
  throw new Error(`the server ended (${done}) before it was ready\n${output}`);
}

/** Linux reports CPU time in clock ticks of 1/100 s (USER_HZ, fixed at 100 on every mainstream kernel). */
const TICKS_PER_SECOND = 100;

/** CPU seconds a process (or one of its threads) has used: utime + stime from /proc. */
function cpuSeconds(statPath: string): number {
  const stat = readFileSync(statPath, 'utf8');
  // Fields after "(comm)": state is the 3rd field, utime the 14th, stime the 15th.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

/** Busy CPU seconds of the whole machine (all cores), from the first line of /proc/stat. */
function machineBusySeconds(): number {
  const [, ...ticks] = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/);
  // user nice system idle iowait irq softirq steal: everything but idle and iowait is busy.
  const [user, nice, system, , , irq, softirq, steal] = ticks.map(Number);
  return (user! + nice! + system! + irq! + softirq! + (steal ?? 0)) / TICKS_PER_SECOND;
}

export interface CpuSnapshot {
  at: number;
  serverProcess: number;
  serverMainThread: number;
  generator: number;
  machine: number;
}

export function cpuSnapshot(pid: number): CpuSnapshot {
  const own = process.cpuUsage();
  return {
    at: performance.now(),
    serverProcess: cpuSeconds(`/proc/${pid}/stat`),
    // The main thread's tid is the pid: that is the event loop serving HTTP.
    serverMainThread: cpuSeconds(`/proc/${pid}/task/${pid}/stat`),
    generator: (own.user + own.system) / 1e6,
    machine: machineBusySeconds(),
  };
}

export interface CpuShare {
  /** Percent of one core over the interval. */
  serverProcess: number;
  serverMainThread: number;
  generator: number;
  /** Everything else running on the machine meanwhile (other processes): the benchmark's noise. */
  others: number;
  /** CPU seconds of the server's event loop, to divide by the requests served. */
  mainThreadSeconds: number;
  seconds: number;
}

export function cpuShare(from: CpuSnapshot, to: CpuSnapshot): CpuShare {
  const seconds = (to.at - from.at) / 1000;
  const pct = (value: number) => (100 * value) / seconds;
  return {
    serverProcess: pct(to.serverProcess - from.serverProcess),
    serverMainThread: pct(to.serverMainThread - from.serverMainThread),
    generator: pct(to.generator - from.generator),
    others: Math.max(0, pct(to.machine - from.machine - (to.serverProcess - from.serverProcess) - (to.generator - from.generator))),
    mainThreadSeconds: to.serverMainThread - from.serverMainThread,
    seconds,
  };
}

/** Peak resident set size (VmHWM) in MiB, or undefined once the process is gone. */
export function peakRssMiB(pid: number): number | undefined {
  try {
    const match = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match === null ? undefined : Number(match[1]) / 1024;
  } catch {
    return undefined;
  }
}
