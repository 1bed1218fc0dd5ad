/**
 * Start real Drape servers for tests: in this process (startServer) or as a
 * child process (for restart and kill -9 tests), on PGlite or PostgreSQL, with
 * the test engine from test/support/test-engine.ts.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../../src/config.js';
import { startServer, type RunningServer } from '../../src/server.js';
import { createPostgresDatabase, type DatabaseKind } from './databases.js';
import { TEST_ADMIN_KEY } from './keys.js';

export const TEST_ENGINE = fileURLToPath(new URL('./test-engine.ts', import.meta.url));
const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface TestDatabase {
  kind: DatabaseKind;
  dataDir: string;
  env: Record<string, string>;
  cleanup: () => Promise<void>;
}

/** A data dir, and a fresh PostgreSQL database when kind is postgres. */
export async function testDatabase(kind: DatabaseKind): Promise<TestDatabase> {
  const dataDir = await mkdtemp(join(tmpdir(), 'drape-test-'));
  if (kind === 'pglite') {
    return { kind, dataDir, env: { DATA_DIR: dataDir }, cleanup: () => rm(dataDir, { recursive: true, force: true }) };
  }
  const database = await createPostgresDatabase();
  return {
    kind,
    dataDir,
    env: { DATA_DIR: dataDir, DATABASE_URL: database.url },
    cleanup: async () => {
      await database.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export function testEnv(extra: Record<string, string> = {}): Record<string, string> {
  return {
    PORT: '0',
    HOST: '127.0.0.1',
    WORKERS: '1',
    ENGINES: TEST_ENGINE,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    JOB_LEASE: '5s',
    POLL_INTERVAL: '100ms',
    DRAPE_ADMIN_KEY: TEST_ADMIN_KEY,
    // Tests that are not about limits must not meet them; the accounts tests set their own.
    NEW_TEAM_CREDITS: '1000000',
    RATE_LIMIT: '10000',
    RATE_BURST: '10000',
    POLL_RATE_LIMIT: '10000',
    POLL_RATE_BURST: '10000',
    CONCURRENCY_LIMIT: '10000',
    ...extra,
  };
}

export interface TestServer extends RunningServer {
  database: TestDatabase;
  stop(): Promise<void>;
}

/**
 * An in-process server on its own database; `stop()` closes it and drops the
 * database. `engineEnv` (e.g. TEST_ENGINE_STAGE_MS) reaches the test engine:
 * worker threads copy process.env when they start, so it is set around the start.
 */
export async function startTestServer(
  kind: DatabaseKind,
  env: Record<string, string> = {},
  engineEnv: Record<string, string> = {},
): Promise<TestServer> {
  const database = await testDatabase(kind);
  const saved = Object.fromEntries(Object.keys(engineEnv).map((key) => [key, process.env[key]]));
  Object.assign(process.env, engineEnv);
  let server: RunningServer;
  try {
    server = await startServer(loadConfig(testEnv({ ...database.env, ...env })));
    await server.engineReady;
  } finally {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
  return {
    ...server,
    database,
    stop: async () => {
      await server.close();
      await database.cleanup();
    },
  };
}

export interface ChildServer {
  url: string;
  process: ChildProcess;
  /** Everything it logged, for assertions on log lines. */
  output: () => string;
  /** SIGTERM and wait for exit. */
  stop(): Promise<number | null>;
  /** kill -9: no cleanup at all. */
  kill(): Promise<void>;
  /** Resolves with the exit code when the process ends. */
  exited: Promise<number | null>;
}

/**
 * A server in a child process (`node --import tsx src/main.ts`), ready when it
 * logs "engines ready" (or listens, with WORKERS=0 or `args` ['--no-workers']
 * through the CLI, or `readyAt` 'listening'). `args` run the `drape` CLI instead: ['serve', '--no-workers'].
 */
export async function spawnServer(env: Record<string, string>, args: string[] = [], readyAt: 'engines' | 'listening' = 'engines'): Promise<ChildServer> {
  const httpOnly = env.WORKERS === '0' || args.includes('--no-workers') || readyAt === 'listening';
  return spawnDrape(args.length === 0 ? ['src/main.ts'] : ['src/cli/main.ts', ...args], env, (output) => {
    const url = /"url":"(http:\/\/[^"]+)".*"msg":"drape listening"/.exec(output)?.[1];
    return url !== undefined && (httpOnly || output.includes('"msg":"engines ready"')) ? url : undefined;
  });
}

/** A `drape worker` process (no HTTP port), ready when its engines are. */
export async function spawnWorker(env: Record<string, string>): Promise<ChildServer> {
  return spawnDrape(['src/cli/main.ts', 'worker'], env, (output) => (output.includes('"msg":"engines ready"') ? '' : undefined));
}

async function spawnDrape(args: string[], env: Record<string, string>, ready: (output: string) => string | undefined): Promise<ChildServer> {
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...testEnv({ LOG_LEVEL: 'info', ...env }) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const url = ready(output);
      if (url !== undefined) resolve(url);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    void exited.then((code) => reject(new Error(`drape ${args.join(' ')} exited with ${code} before it was ready:\n${output}`)));
  });
  return {
    url,
    process: child,
    output: () => output,
    exited,
    stop: async () => {
      child.kill('SIGTERM');
      return exited;
    },
    kill: async () => {
      child.kill('SIGKILL');
      await exited;
    },
  };
}
