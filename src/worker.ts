/**
 * `drape worker`: a process with no HTTP port that claims and runs jobs,
 * delivers webhooks, reclaims expired leases and takes its turn at the
 * retention sweep, beside any number of HTTP servers and other workers on one
 * PostgreSQL database and one storage. It loads no HTTP code.
 */
import type { Config } from './config.js';
import { buildCore, type Core } from './core.js';
import { startWorkers, type Workers } from './jobs/start-workers.js';
import type { Logger } from './logger.js';

export interface RunningWorker {
  core: Core;
  workers: Workers;
  close(): Promise<void>;
}

/** Why this configuration cannot run a worker process; undefined when it can. */
export function workerConfigProblem(config: Config): string | undefined {
  if (config.DATABASE_URL === undefined) {
    return (
      'drape worker needs DATABASE_URL: the embedded database (PGlite) belongs to one process, so a separate ' +
      'worker cannot share it. Set DATABASE_URL=postgres://… for the servers and the workers, or run `drape serve`, ' +
      'which runs the workers in the same process.'
    );
  }
  if (config.WORKERS === 0) return 'drape worker with WORKERS=0 would run no engine threads; set WORKERS to 1 or more.';
  return undefined;
}

export async function startWorkerProcess(config: Config, logger: Logger): Promise<RunningWorker> {
  const problem = workerConfigProblem(config);
  if (problem !== undefined) throw new Error(problem);
  const core = await buildCore(config, logger);
  const workers = startWorkers(core, { threads: config.WORKERS });
  logger.info({ threads: config.WORKERS, database: core.db.kind, storage: core.storage.blobs.kind }, 'drape worker started');
  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      await workers.stop(config.SHUTDOWN_GRACE);
      await core.close();
      logger.info('drape worker stopped');
    })());
  return { core, workers, close };
}
