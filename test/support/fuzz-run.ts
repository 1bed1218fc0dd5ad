/**
 * Send fuzz cases through a real server in its own process and tally what it
 * answered: a crash (the process exits), a 5xx, a refusal without its code
 * or a request that never got an answer is a finding; so is peak RSS above
 * the bound.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { loadSeeds, Random } from './fuzz-images.js';
import { fuzzCase, refusalCode } from './fuzz-requests.js';
import { spawnServer, testDatabase } from './server.js';

export interface FuzzReport {
  cases: number;
  seed: number;
  statuses: Record<string, number>;
  codes: Record<string, number>;
  findings: string[];
  crashed: boolean;
  rssAtRestMb: number;
  peakRssMb: number;
  seconds: number;
}

/** No answer within this time is a finding: the slowest case (a 70 kB field, three images) takes well under 1 s. */
const CASE_TIMEOUT_MS = 30_000;
/** Cases in flight at once: the machine has 2 cores. */
const PARALLEL = 2;

async function memoryMb(pid: number, field: 'VmRSS' | 'VmHWM'): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)![1]) / 1024;
}

export async function runFuzz(options: { cases: number; seed: number; onProgress?: (done: number) => void }): Promise<FuzzReport> {
  const started = Date.now();
  const seeds = await loadSeeds();
  const database = await testDatabase('pglite');
  // One worker with the test engine: accepted jobs run (Pixelcut's wait_for_result gets its answer), quickly.
  const server = await spawnServer({ ...database.env, WORKERS: '1', URL_FETCH_TIMEOUT: '2s', URL_CONNECT_TIMEOUT: '1s' });
  const pid = server.process.pid!;
  let crashed = false;
  server.process.once('exit', (code, signal) => (crashed = code !== 0 || signal !== null));
  const report: FuzzReport = { cases: options.cases, seed: options.seed, statuses: {}, codes: {}, findings: [], crashed: false, rssAtRestMb: 0, peakRssMb: 0, seconds: 0 };
  try {
    await writeFile(`/proc/${pid}/clear_refs`, '5').catch(() => {});
    report.rssAtRestMb = await memoryMb(pid, 'VmRSS');
    const random = new Random(options.seed);
    // Cases are made in order from the one seed, then sent PARALLEL at a time.
    let next = 0;
    const worker = async () => {
      while (next < options.cases && !crashed) {
        const index = next++;
        const fuzz = await fuzzCase(seeds, random);
        const label = `#${index} ${fuzz.name}`;
        try {
          const response = await fetch(`${server.url}${fuzz.path}`, {
            method: 'POST',
            headers: fuzz.headers,
            body: new Uint8Array(fuzz.body),
            signal: AbortSignal.timeout(CASE_TIMEOUT_MS),
          });
          const text = await response.text();
          report.statuses[response.status] = (report.statuses[response.status] ?? 0) + 1;
          if (response.status >= 500) report.findings.push(`${label}: ${response.status} ${text.slice(0, 200)}`);
          if (response.status >= 400) {
            let body: unknown;
            try {
              body = JSON.parse(text);
            } catch {
              body = undefined;
            }
            const code = refusalCode(fuzz.shape, body);
            if (code === undefined) report.findings.push(`${label}: ${response.status} without a code: ${text.slice(0, 200)}`);
            else report.codes[code] = (report.codes[code] ?? 0) + 1;
          }
        } catch (error) {
          report.findings.push(`${label}: no answer (${(error as Error).message})`);
        }
        options.onProgress?.(index + 1);
      }
    };
    await Promise.all(Array.from({ length: PARALLEL }, worker));
    report.peakRssMb = await memoryMb(pid, 'VmHWM');
  } finally {
    report.crashed = crashed;
    if (crashed) report.findings.push(`the server exited:\n${server.output().slice(-2000)}`);
    else await server.stop();
    await database.cleanup();
    report.seconds = Math.round((Date.now() - started) / 1000);
  }
  return report;
}
