/**
 * The `drape` command line. `drape serve` starts the server from the
 * environment, as `npm start` does; client and admin commands join here.
 */
import { Command } from 'commander';
import { main as serve } from '../main.js';

export function buildProgram(): Command {
  const program = new Command();
  program.name('drape').description('Self-hosted virtual try-on server').version('0.1.0');
  program
    .command('serve')
    .description('Start the server (configured by environment variables; see README)')
    .option('-p, --port <port>', 'TCP port (overrides PORT)')
    .action(async (options: { port?: string }) => {
      await serve({ ...process.env, ...(options.port === undefined ? {} : { PORT: options.port }) });
    });
  return program;
}

await buildProgram().parseAsync(process.argv);
