/**
 * What every long-running Drape command does around its work (`drape serve`,
 * `drape worker`, `drape engine-server`): read the configuration or exit
 * with its problems, stop on an engine that cannot start, and shut down
 * cleanly on SIGTERM/SIGINT.
 */
import { ConfigError, loadConfig, type Config } from './config.js';
import type { Logger } from './logger.js';

export function configOrExit(env: Record<string, string | undefined>): Config {
  try {
    return loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

export function runUntilSignal(logger: Logger, running: { engineReady: Promise<unknown>; close(): Promise<void> }): void {
  running.engineReady.catch((error: unknown) => {
    logger.fatal({ err: error }, 'the engines could not start');
    void running.close().finally(() => process.exit(1));
  });
  const stop = (signal: string) => {
    logger.info({ signal }, 'shutting down');
    void running.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}
