/** `drape credits grant|show`: the credit ledger, administered on the configured database. */
import type { Command } from 'commander';
import { ledgerEntryJson } from '../../accounts/ledger-json.js';
import { parseCount, withAccounts } from '../admin-context.js';
import { action, printJson } from '../client-options.js';

export function registerCredits(program: Command): void {
  const credits = program.command('credits').description('Administer credits (on the configured database)');

  credits
    .command('grant')
    .description('Add credits to a team (a negative amount takes them away)')
    .argument('<team>', 'team id (team_…)')
    .argument('<amount>', 'credits')
    .option('--note <text>', 'why, for the history')
    .option('--json', 'print JSON')
    .action(
      action(async (teamId: string, amount: string, options: { note?: string; json?: boolean }) => {
        const credit = parseCount(amount, 'amount', { allowNegative: true });
        const entry = await withAccounts(({ credits: ledger }) => ledger.grant(teamId, credit, { note: options.note ?? 'granted by an admin' }));
        if (options.json) return printJson({ id: entry.id, team_id: entry.teamId, amount: entry.amount, balance: entry.balanceAfter });
        process.stdout.write(`${teamId}: ${entry.amount >= 0 ? '+' : ''}${entry.amount} credits, balance ${entry.balanceAfter}\n`);
      }),
    );

  credits
    .command('show')
    .description("A team's balance and its latest credit history")
    .argument('<team>', 'team id (team_…)')
    .option('--limit <n>', 'history entries', '20')
    .option('--json', 'print JSON')
    .action(
      action(async (teamId: string, options: { limit: string; json?: boolean }) => {
        const limit = Math.min(1000, Math.max(1, parseCount(options.limit, '--limit')));
        const { balance, entries } = await withAccounts(async ({ teams, credits: ledger }) => {
          await teams.get(teamId);
          return { balance: await ledger.balance(teamId), entries: (await ledger.history(teamId, { limit })).entries };
        });
        if (options.json) {
          return printJson({
            team_id: teamId,
            balance,
            history: entries.map(ledgerEntryJson),
          });
        }
        process.stdout.write(`${teamId}: ${balance} credits\n`);
        for (const entry of entries) {
          const what = [entry.operation, entry.jobId, entry.note].filter((part) => part !== null).join(' ');
          process.stdout.write(`  ${entry.createdAt.toISOString()}  ${entry.kind.padEnd(6)} ${String(entry.amount).padStart(5)}  → ${entry.balanceAfter}  ${what}\n`);
        }
      }),
    );
}
