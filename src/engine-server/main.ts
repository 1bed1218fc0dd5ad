/** `drape engine-server`: start the engine server from the environment and stop it on SIGTERM/SIGINT. */
import { ConfigError, loadConfig } from '../config.js';
import { createLogger } from '../logger.js';
import { startEngineServer } from './engine-server.js';

export async function engineServerMain(env: Record<string, string | undefined>): Promise<void> {
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
  const server = await startEngineServer(config, { logger });
  server.ready.catch((error) => {
    logger.fatal({ err: error }, 'the engines could not start');
    void server.close().finally(() => process.exit(1));
  });
  const stop = (signal: string) => {
    logger.info({ signal }, 'shutting down');
    void server.close().then(() => process.exit(0), () => process.exit(1));
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}
