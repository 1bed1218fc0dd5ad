/** The options every client command shares: where the server is, the key, and JSON output. */
import { Command, Option } from 'commander';
import { DrapeClient } from '../client/index.js';
import { fail } from './exit-codes.js';

export const DEFAULT_SERVER = 'http://localhost:8080';

export interface ClientOptions {
  server: string;
  key?: string;
  json?: boolean;
}

export function withClientOptions(command: Command): Command {
  return command
    .addOption(new Option('--server <url>', 'Drape server').env('DRAPE_URL').default(DEFAULT_SERVER))
    .addOption(new Option('--key <key>', 'API key (sent as a Bearer token)').env('DRAPE_API_KEY'))
    .option('--json', 'print JSON to stdout instead of text');
}

export function clientFrom(options: ClientOptions): DrapeClient {
  return new DrapeClient({ baseUrl: options.server, apiKey: options.key });
}

/** Run a command's action; any error becomes `drape: <code>: <message>` and its exit code. */
export function action<Args extends unknown[]>(run: (...args: Args) => Promise<void>): (...args: Args) => Promise<void> {
  return async (...args) => {
    try {
      await run(...args);
    } catch (error) {
      fail(error);
    }
  };
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
