import type { FastifyInstance } from 'fastify';
import { ConfigError, type Config } from '../config.js';
import type { EngineSpec } from '../engines/engine-config.js';
import { EnginePool } from '../engines/engine-pool.js';
import type { WarmupOutcome } from '../engines/engine-task.js';
import { PROTOCOL, type Capabilities } from '../engines/remote/drape-protocol.js';
import { createLogger, type Logger } from '../logger.js';
import { localUrl } from '../net/local-url.js';
import { SafeFetcher } from '../net/safe-fetch.js';
import { buildEngineApp } from './engine-app.js';
import { TaskTable } from './task-table.js';

export interface RunningEngineServer {
  app: FastifyInstance;
  url: string;
  /** Resolves when the engine threads have loaded their models. */
  ready: Promise<void>;
  close(): Promise<void>;
}

/** Tasks held per engine thread (running, waiting, or finished and not yet fetched): enough to keep threads busy. */
const TASKS_PER_SLOT = 8;
/** A finished task nobody fetched and deleted is dropped after this: a caller polls every second or so. */
const RESULT_TTL_MS = 10 * 60_000;

/**
 * The engines an engine server runs on its own threads: the `builtin`
 * engines of ENGINES_FILE (their modules, under the file's names and with
 * the capabilities it declares) or, without a file, the modules of ENGINES.
 * A remote engine in the file is refused: this server runs engines on this
 * machine, and relaying to another service would only add a hop — a Drape
 * worker's own ENGINES_FILE routes to that service directly.
 */
export function engineServerEngines(config: Pick<Config, 'ENGINE_SET' | 'ENGINES_FILE'>): Extract<EngineSpec, { kind: 'builtin' }>[] {
  const engines = config.ENGINE_SET.engines;
  const remote = engines.filter((engine) => engine.kind !== 'builtin');
  if (remote.length > 0) {
    throw new ConfigError([
      `ENGINES_FILE ${config.ENGINES_FILE ?? ''}: drape engine-server runs engines on this machine (kind builtin) and does not relay to remote ones; ` +
        `${remote.map((engine) => `${engine.name} (${engine.kind})`).join(', ')} belong in the ENGINES_FILE of the Drape workers, which call them directly.`,
    ]);
  }
  return engines.filter((engine): engine is Extract<EngineSpec, { kind: 'builtin' }> => engine.kind === 'builtin');
}

/**
 * `drape engine-server`: the engines of this process (engineServerEngines,
 * WORKERS threads) served over Drape's engine protocol, so that a Drape
 * worker on another machine routes jobs to them. It keeps no database: tasks
 * live in memory until their result is fetched. A remote engine in
 * ENGINES_FILE throws ConfigError before anything starts.
 */
export async function startEngineServer(config: Config, options: { logger?: Logger } = {}): Promise<RunningEngineServer> {
  const specs = engineServerEngines(config);
  const logger = options.logger ?? createLogger(config.LOG_LEVEL);
  const threads = Math.max(1, config.WORKERS);
  const pool = new EnginePool(threads, specs.map((spec) => spec.module));
  // One task's time limit: the longest an engine of the file declares, JOB_TIMEOUT otherwise.
  const declared = specs.flatMap((spec) => (spec.timeoutMs === undefined ? [] : [spec.timeoutMs]));
  const timeoutMs = declared.length > 0 ? Math.max(...declared) : config.JOB_TIMEOUT;
  const tasks = new TaskTable(pool, { limit: threads * TASKS_PER_SLOT, resultTtlMs: RESULT_TTL_MS, timeoutMs }, logger);
  const fetcher = new SafeFetcher({
    allowlist: config.URL_FETCH_ALLOWLIST,
    connectTimeoutMs: config.URL_CONNECT_TIMEOUT,
    totalTimeoutMs: config.URL_FETCH_TIMEOUT,
    maxRedirects: 3,
    userAgent: 'Drape-engine-server/0.1',
  });
  let warmed: WarmupOutcome[] = [];
  const capabilities = (): Capabilities => ({
    protocol: PROTOCOL,
    // The modules load in the order of the specs: with ENGINES_FILE, each answers under its declared name,
    // operations and capabilities; with ENGINES, under its module's own.
    engines: (warmed[0]?.engines ?? []).map((engine, index) => {
      const spec = config.ENGINES_FILE === undefined ? undefined : specs[index];
      const operations = engine.operations.filter((operation) => spec === undefined || (spec.operations as string[]).includes(operation));
      return {
        name: spec?.name ?? engine.name,
        operations: operations as Capabilities['engines'][number]['operations'],
        capabilities: spec !== undefined && spec.capabilities.length > 0 ? spec.capabilities : engine.capabilities,
      };
    }),
    slots: threads,
    queue_limit: threads * TASKS_PER_SLOT,
    input_formats: ['jpeg', 'png', 'webp', 'bmp'],
    output_formats: ['jpeg', 'png', 'webp'],
  });
  const app = await buildEngineApp(
    {
      tasks,
      fetcher,
      limits: {
        maxBytes: config.MAX_UPLOAD_BYTES,
        minSide: config.MIN_IMAGE_SIDE,
        maxSide: config.MAX_IMAGE_SIDE,
        maxPixels: config.MAX_IMAGE_PIXELS,
      },
      capabilities,
      ready: () => pool.readyThreads > 0,
      token: config.ENGINE_SERVER_TOKEN,
    },
    logger,
  );
  const address = await app.listen({ port: config.PORT, host: config.HOST });
  const url = localUrl(address);
  logger.info({ url, threads, engines: specs.map((spec) => spec.name) }, 'engine server listening');
  const ready = (async () => {
    warmed = await pool.start();
    logger.info({ engines: warmed[0]?.engines }, 'engines ready');
  })();
  return {
    app,
    url,
    ready,
    close: async () => {
      await app.close();
      tasks.close();
      await ready.catch(() => {});
      await pool.close();
      await fetcher.close();
    },
  };
}
