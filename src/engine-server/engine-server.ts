import type { FastifyInstance } from 'fastify';
import type { Config } from '../config.js';
import { EnginePool } from '../engines/engine-pool.js';
import type { WarmupOutcome } from '../engines/engine-task.js';
import { PROTOCOL, type Capabilities } from '../engines/remote/drape-protocol.js';
import { createLogger, type Logger } from '../logger.js';
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
 * `drape engine-server`: the engines of this process (ENGINES, WORKERS
 * threads) served over Drape's engine protocol, so that a Drape worker on
 * another machine routes jobs to them. It keeps no database: tasks live in
 * memory until their result is fetched.
 */
export async function startEngineServer(config: Config, options: { logger?: Logger } = {}): Promise<RunningEngineServer> {
  const logger = options.logger ?? createLogger(config.LOG_LEVEL);
  const threads = Math.max(1, config.WORKERS);
  const pool = new EnginePool(threads, config.ENGINES);
  const tasks = new TaskTable(pool, { limit: threads * TASKS_PER_SLOT, resultTtlMs: RESULT_TTL_MS, timeoutMs: config.JOB_TIMEOUT }, logger);
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
    engines: (warmed[0]?.engines ?? []).map((engine) => ({
      name: engine.name,
      operations: engine.operations as Capabilities['engines'][number]['operations'],
      capabilities: engine.capabilities,
    })),
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
  const url = address.replace('[::]', '127.0.0.1').replace('0.0.0.0', '127.0.0.1');
  logger.info({ url, threads, engines: config.ENGINES }, 'engine server listening');
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
