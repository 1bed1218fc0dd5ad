/** Start a Drape server from the environment: `node dist/src/main.js` (what `npm start` runs). */
import { ConfigError, loadConfig } from './config.js';
import { createLogger } from './logger.js';
import { startServer } from './server.js';

export async function main(env: Record<string, string | undefined> = process.env): Promise<void> {
  let config;
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
  const server = await startServer(config, { logger });
  server.engineReady.catch((error) => {
    logger.fatal({ err: error }, 'the engines could not start');
    void server.close().finally(() => process.exit(1));
  });
  const stop = (signal: string) => {
    logger.info({ signal }, 'shutting down');
    void server.close().then(
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

const invokedDirectly = import.meta.url === `file://${process.argv[1]}`;
if (invokedDirectly) {
  main().catch((error) => {
    process.stderr.write(`drape failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
