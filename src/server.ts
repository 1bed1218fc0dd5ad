/**
 * `drape serve`: the API on a core, and (unless WORKERS=0 or --no-workers)
 * the workers too. HTTP answers at once (on the port src/main.ts took before
 * the database opened, when given); the engine threads load their models in
 * the background, and /readyz says how far they are.
 */
import type { FastifyInstance } from 'fastify';
import type { CreditService } from './accounts/credit-service.js';
import type { ApiKeyService } from './accounts/key-service.js';
import type { TeamService } from './accounts/team-service.js';
import type { Config } from './config.js';
import { bootstrapFirstTeam, buildCore, type Core } from './core.js';
import type { Db } from './db/db.js';
import type { EarlyListener } from './http/early-listener.js';
import { startHttp } from './http/start-http.js';
import type { JobService } from './jobs/job-service.js';
import { startWorkers, type Workers } from './jobs/start-workers.js';
import { createLogger, type Logger } from './logger.js';

export interface RunningServer {
  core: Core;
  app: FastifyInstance;
  /** Where the server listens, e.g. http://127.0.0.1:8080. */
  url: string;
  config: Config;
  db: Db;
  jobs: JobService;
  teams: TeamService;
  keys: ApiKeyService;
  credits: CreditService;
  /** Undefined in a process that only serves HTTP. */
  workers: Workers | undefined;
  /** Resolves when the engine threads have loaded their models and jobs run (at once without workers). */
  engineReady: Promise<void>;
  close(): Promise<void>;
}

export async function startServer(
  config: Config,
  options: { logger?: Logger; workers?: boolean; opening?: Promise<Db>; listener?: EarlyListener } = {},
): Promise<RunningServer> {
  const logger = options.logger ?? createLogger(config.LOG_LEVEL);
  const core = await buildCore(config, logger, options.opening);
  let workers: Workers | undefined;
  try {
    await bootstrapFirstTeam(core);
    const http = await startHttp(core, options.listener);
    const threads = options.workers === false ? 0 : config.WORKERS;
    workers = threads > 0 ? startWorkers(core, { threads }) : undefined;
    const engineReady = workers?.engineReady ?? Promise.resolve();
    let closing: Promise<void> | undefined;
    const close = () =>
      (closing ??= (async () => {
        await http.close();
        await workers?.stop(config.SHUTDOWN_GRACE);
        await core.close();
        logger.info('drape stopped');
      })());
    return {
      core,
      app: http.app,
      url: http.url,
      config,
      db: core.db,
      jobs: core.jobs,
      teams: core.teams,
      keys: core.keys,
      credits: core.credits,
      workers,
      engineReady,
      close,
    };
  } catch (error) {
    await workers?.stop(0);
    await core.close();
    throw error;
  }
}
