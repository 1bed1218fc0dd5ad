/**
 * The `drape` command line. `drape serve` starts the server from the
 * environment, as `npm start` does; client and admin commands join here.
 */
import { Command } from 'commander';
import { registerAccount } from './commands/account.js';
import { registerEngines } from './commands/engines.js';
import { registerCredits } from './commands/credits.js';
import { registerJobs } from './commands/jobs.js';
import { registerKey } from './commands/key.js';
import { registerProgram } from './commands/program.js';
import { registerTeam } from './commands/team.js';
import { registerTryOn } from './commands/tryon.js';
import { EXIT } from './exit-codes.js';

export function buildProgram(): Command {
  const program = new Command();
  program.name('drape').description('Self-hosted virtual try-on server').version('0.1.0');
  // Set before any subcommand exists: commander copies these into each one it creates.
  program
    .configureOutput({ outputError: (text, write) => write(`drape: usage: ${text.replace(/^error: /, '')}`) })
    .exitOverride((error) => process.exit(error.exitCode === 0 ? EXIT.ok : EXIT.usage));
  program
    .command('serve')
    .description('Start the server: the HTTP API and the workers (configured by environment variables; see README)')
    .option('-p, --port <port>', 'TCP port (overrides PORT)')
    .option('--no-workers', 'Serve HTTP only: jobs are run by `drape worker` processes (as WORKERS=0)')
    .action(async (options: { port?: string; workers: boolean }) => {
      // Loaded here: the client commands should not pay for the server's modules.
      const { main: start } = await import('../main.js');
      await start({ ...process.env, ...(options.port === undefined ? {} : { PORT: options.port }) }, { role: 'serve', workers: options.workers });
    });
  program
    .command('worker')
    .description('Run jobs, deliver webhooks and sweep old files, without an HTTP port (needs DATABASE_URL)')
    .action(async () => {
      const { main: start } = await import('../main.js');
      await start(process.env, { role: 'worker' });
    });
  program
    .command('engine-server')
    .description("Serve this machine's engines over Drape's engine protocol (ENGINES, WORKERS, PORT; see docs/engine-protocol.md)")
    .option('-p, --port <port>', 'TCP port (overrides PORT)')
    .action(async (options: { port?: string }) => {
      const { engineServerMain } = await import('../engine-server/main.js');
      await engineServerMain({ ...process.env, ...(options.port === undefined ? {} : { PORT: options.port }) });
    });
  registerTryOn(program);
  registerJobs(program);
  registerAccount(program);
  registerEngines(program);
  registerTeam(program);
  registerKey(program);
  registerCredits(program);
  registerProgram(program);
  return program;
}

await buildProgram().parseAsync(process.argv);
