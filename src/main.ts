/**
 * Start a Drape process from the environment. `node dist/src/main.js` (what
 * `npm start` runs) serves HTTP and runs the workers; the `drape` command
 * also starts an HTTP-only server (`serve --no-workers`) or a worker process
 * (`worker`). Each loads only what it runs: a worker never imports src/http.
 */
import { databaseOptions, type Config } from './config.js';
import { openDb } from './db/db.js';
import { createLogger, type Logger } from './logger.js';
import { configOrExit, runUntilSignal } from './process-main.js';

export type ProcessRole = { role: 'serve'; workers: boolean } | { role: 'worker' };

interface Running {
  engineReady: Promise<void>;
  close(): Promise<void>;
}

export async function main(env: Record<string, string | undefined> = process.env, role: ProcessRole = { role: 'serve', workers: true }): Promise<void> {
  const config = configOrExit(env);
  const logger = createLogger(config.LOG_LEVEL);
  const running = role.role === 'worker' ? await startWorker(config, logger) : await startServing(config, logger, role.workers);
  runUntilSignal(logger, running);
}

async function startServing(config: Config, logger: Logger, workers: boolean): Promise<Running> {
  // Begun before the server's modules load (about 1 s of main-thread CPU): the embedded database opens on its
  // own thread (a PostgreSQL pool connects) meanwhile.
  const opening = openDb(databaseOptions(config));
  // Awaited by buildCore; if loading the modules fails first, its rejection is not left unhandled.
  opening.catch(() => {});
  // The port answers from now on: /healthz at once, other requests held until the API takes over.
  const { listenEarly } = await import('./http/early-listener.js');
  const listener = await listenEarly(config.PORT, config.HOST, workers && config.WORKERS > 0 ? 'not started' : 'not run by this process');
  const { startServer } = await import('./server.js');
  return startServer(config, { logger, workers, opening, listener });
}

async function startWorker(config: Config, logger: Logger): Promise<Running> {
  const { startWorkerProcess, workerConfigProblem } = await import('./worker.js');
  const problem = workerConfigProblem(config);
  if (problem !== undefined) {
    process.stderr.write(`drape worker: ${problem}\n`);
    process.exit(1);
  }
  const worker = await startWorkerProcess(config, logger);
  return { engineReady: worker.workers.engineReady, close: worker.close };
}

const invokedDirectly = import.meta.url === `file://${process.argv[1]}`;
if (invokedDirectly) {
  main().catch((error) => {
    process.stderr.write(`drape failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
