/** `drape program share`: studio programs, administered on the configured database. */
import type { Command } from 'commander';
import { shareProgram } from '../../studio/program-shares.js';
import { withAccounts } from '../admin-context.js';
import { action, printJson } from '../client-options.js';

export function registerProgram(program: Command): void {
  const programs = program.command('program').description('Administer studio programs (on the configured database)');

  programs
    .command('share')
    .description('Let another team read a studio program (its projects, SKUs, tasks and outputs); its owner alone changes it')
    .argument('<program>', 'program id (from GET /public/v1/program)')
    .argument('<team>', 'team id (team_…)')
    .option('--json', 'print JSON')
    .action(
      action(async (programId: string, teamId: string, options: { json?: boolean }) => {
        await withAccounts(({ teams }, db) => shareProgram(db, teams, programId, teamId));
        if (options.json) return printJson({ program_id: programId, team_id: teamId, shared: true });
        process.stdout.write(`program ${programId} is shared with ${teamId}\n`);
      }),
    );
}
