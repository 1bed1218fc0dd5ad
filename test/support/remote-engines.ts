/** Running a remote engine adapter in tests: fixture photos as encoded inputs, a context that records what it is told. */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadConfig } from '../../src/config.js';
import { startEngineServer, type RunningEngineServer } from '../../src/engine-server/engine-server.js';
import { DEFAULT_TRYON_OPTIONS, type TryOnOptions } from '../../src/engines/engine.js';
import type { RemoteEngine, RemoteResult, RemoteTask } from '../../src/engines/remote/remote-engine.js';
import { DrapeError } from '../../src/errors.js';
import { SafeFetcher } from '../../src/net/safe-fetch.js';
import { fixturesDir } from './engine-fixtures.js';
import { TEST_ENGINE, testEnv } from './server.js';

export const PERSON_FILE = join(fixturesDir(), 'persons', '01008_00.jpg');
export const GARMENT_FILE = join(fixturesDir(), 'garments', '00055_00.jpg');

export async function fixtureTask(options: Partial<TryOnOptions> = {}, output: RemoteTask['output'] = { format: 'png', quality: 92 }): Promise<RemoteTask> {
  const [person, garment] = await Promise.all([readFile(PERSON_FILE), readFile(GARMENT_FILE)]);
  return {
    operation: 'tryon',
    person: { bytes: person, format: 'jpeg' },
    garments: [{ bytes: garment, format: 'jpeg', category: 'upper' }],
    options: { ...DEFAULT_TRYON_OPTIONS, ...options },
    output,
  };
}

export interface RecordedRun {
  outcome: Promise<RemoteResult>;
  stages: Record<string, number>;
  progress: number[];
  /** Cancel the job, as the runner does when a cancel request arrives. */
  cancel(): void;
}

export function startRun(engine: RemoteEngine, task: RemoteTask): RecordedRun {
  const controller = new AbortController();
  const stages: Record<string, number> = {};
  const progress: number[] = [];
  const outcome = engine.run(task, {
    signal: controller.signal,
    progress: (percent) => progress.push(percent),
    stage: (name, ms) => (stages[name] = (stages[name] ?? 0) + ms),
  });
  return { outcome, stages, progress, cancel: () => controller.abort(new DrapeError('canceled', 'The job was canceled.')) };
}

/** The DrapeError a run must end with. */
export async function failure(outcome: Promise<unknown>): Promise<DrapeError> {
  const error = await outcome.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  assert.ok(error instanceof DrapeError, `expected a DrapeError, got ${String(error)}`);
  return error;
}

/** The SSRF guard as Drape builds it, allowing the fakes on 127.0.0.1. */
export function testFetcher(): SafeFetcher {
  return new SafeFetcher({ allowlist: ['127.0.0.1/32'], connectTimeoutMs: 2_000, totalTimeoutMs: 10_000, maxRedirects: 1, userAgent: 'drape-test' });
}

/** A real engine server with the test engine; `stageMs` per each of its 4 stages (the env reaches its thread at start). */
export async function startTestEngineServer(stageMs: number, token: string): Promise<RunningEngineServer> {
  const saved = process.env.TEST_ENGINE_STAGE_MS;
  process.env.TEST_ENGINE_STAGE_MS = String(stageMs);
  try {
    const server = await startEngineServer(loadConfig(testEnv({ ENGINES: TEST_ENGINE, WORKERS: '1', ENGINE_SERVER_TOKEN: token })));
    await server.ready;
    return server;
  } finally {
    if (saved === undefined) delete process.env.TEST_ENGINE_STAGE_MS;
    else process.env.TEST_ENGINE_STAGE_MS = saved;
  }
}
