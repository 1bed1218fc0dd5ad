/**
 * Start a Drape process from the environment. `node dist/src/main.js` (what
 * `npm start` runs) serves HTTP and runs the workers; the `drape` command
 * also starts an HTTP-only server (`serve --no-workers`) or a worker process
 * (`worker`). Each loads only what it runs: a worker never imports src/http.
 */
import { ConfigError, loadConfig, type Config } from './config.js';
import { createLogger, type Logger } from './logger.js';

export type ProcessRole = { role: 'serve'; workers: boolean } | { role: 'worker' };

interface Running {
  engineReady: Promise<void>;
  close(): Promise<void>;
}

export async function main(env: Record<string, string | undefined> = process.env, role: ProcessRole = { role: 'serve', workers: true }): Promise<void> {
  let config: Config;
  try {
    config = loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger(config.LOG_LEVEL);
  const running = role.role === 'worker' ? await startWorker(config, logger) : await startServing(config, logger, role.workers);
  running.engineReady.catch((error) => {
    logger.fatal({ err: error }, 'the engines could not start');
    void running.close().finally(() => process.exit(1));
  });
  const stop = (signal: string) => {
    logger.info({ signal }, 'shutting down');
    void running.close().then(
      () => process.exit(0),
      (error) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

async function startServing(config: Config, logger: Logger, workers: boolean): Promise<Running> {
  const { startServer } = await import('./server.js');
  return startServer(config, { logger, workers });
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
