/** `drape engine-server`: start the engine server from the environment and stop it on SIGTERM/SIGINT. */
import { ConfigError } from '../config.js';
import { createLogger } from '../logger.js';
import { configOrExit, runUntilSignal } from '../process-main.js';
import { startEngineServer } from './engine-server.js';

export async function engineServerMain(env: Record<string, string | undefined>): Promise<void> {
  const config = configOrExit(env);
  const logger = createLogger(config.LOG_LEVEL);
  const server = await startEngineServer(config, { logger }).catch((error: unknown) => {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  });
  runUntilSignal(logger, { engineReady: server.ready, close: server.close });
}
