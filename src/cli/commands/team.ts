/** `drape team create|list|limits`: teams, administered on the configured database. */
import type { Command } from 'commander';
import type { TeamLimits } from '../../db/team-store.js';
import { parseCount, withAccounts } from '../admin-context.js';
import { action, printJson } from '../client-options.js';
import { CliError, EXIT } from '../exit-codes.js';

export function registerTeam(program: Command): void {
  const team = program.command('team').description('Administer teams (on the configured database)');

  team
    .command('create')
    .description('Create a team and its first API key (the key is shown once)')
    .argument('<name>', 'team name')
    .option('--credits <n>', 'welcome credits (default NEW_TEAM_CREDITS)')
    .option('--plan <plan>', 'plan name shown by GET /v1/account', 'free')
    .option('--no-key', 'do not create a key')
    .option('--json', 'print JSON')
    .action(
      action(async (name: string, options: { credits?: string; plan: string; key: boolean; json?: boolean }) => {
        const credits = options.credits === undefined ? undefined : parseCount(options.credits, '--credits');
        const created = await withAccounts(async ({ teams, keys, credits: ledger }) => {
          const made = await teams.create(name, { plan: options.plan, ...(credits === undefined ? {} : { credits }) });
          const key = options.key ? await keys.create(made.id, 'default') : undefined;
          return { team: made, key, balance: await ledger.balance(made.id) };
        });
        if (options.json) {
          return printJson({
            team: { id: created.team.id, name: created.team.name, plan: created.team.plan },
            credits: created.balance,
            key: created.key === undefined ? null : { id: created.key.record.id, key: created.key.key },
          });
        }
        process.stdout.write(`team ${created.team.id} "${created.team.name}" with ${created.balance} credits\n`);
        if (created.key !== undefined) {
          process.stdout.write(`key ${created.key.record.id}: ${created.key.key}\n(shown once: store it now)\n`);
        }
      }),
    );

  team
    .command('list')
    .description('All teams with their balances')
    .option('--json', 'print JSON')
    .action(
      action(async (options: { json?: boolean }) => {
        const rows = await withAccounts(async ({ teams, credits }) =>
          Promise.all(
            (await teams.list()).map(async (each) => ({ team: each, credits: await credits.balance(each.id), limits: teams.limitsOf(each) })),
          ),
        );
        if (options.json) {
          return printJson(
            rows.map(({ team: each, credits, limits }) => ({
              id: each.id,
              name: each.name,
              plan: each.plan,
              credits,
              concurrency: limits.concurrency,
              rate_limit: limits.requests,
              poll_rate_limit: limits.polling,
              created_at: each.createdAt.toISOString(),
            })),
          );
        }
        for (const { team: each, credits, limits } of rows) {
          process.stdout.write(
            `${each.id}  ${each.name}  plan=${each.plan}  credits=${credits}  concurrency=${limits.concurrency}  ` +
              `rate=${limits.requests.perSecond}/s burst ${limits.requests.burst}\n`,
          );
        }
      }),
    );

  team
    .command('limits')
    .description('Set a team\'s own limits; "default" returns one to the server default')
    .argument('<team>', 'team id (team_…)')
    .option('--rate <per-second>', 'requests per second per key (writes)')
    .option('--burst <n>', 'burst of writes')
    .option('--poll-rate <per-second>', 'GET requests per second per key')
    .option('--poll-burst <n>', 'burst of GET requests')
    .option('--concurrency <n>', 'jobs queued or running at once')
    .option('--json', 'print JSON')
    .action(
      action(
        async (
          teamId: string,
          options: { rate?: string; burst?: string; pollRate?: string; pollBurst?: string; concurrency?: string; json?: boolean },
        ) => {
          const limits: Partial<TeamLimits> = {
            rateLimit: limitValue(options.rate, '--rate', false),
            rateBurst: limitValue(options.burst, '--burst', true),
            pollRateLimit: limitValue(options.pollRate, '--poll-rate', false),
            pollRateBurst: limitValue(options.pollBurst, '--poll-burst', true),
            concurrencyLimit: limitValue(options.concurrency, '--concurrency', true),
          };
          const effective = await withAccounts(async ({ teams }) => teams.limitsOf(await teams.setLimits(teamId, limits)));
          if (options.json) return printJson(effective);
          process.stdout.write(
            `${teamId}: ${effective.requests.perSecond}/s burst ${effective.requests.burst}; polling ` +
              `${effective.polling.perSecond}/s burst ${effective.polling.burst}; concurrency ${effective.concurrency}\n`,
          );
        },
      ),
    );
}

/** undefined: leave as is; "default": back to the server default (null); else a positive number. */
function limitValue(value: string | undefined, name: string, integer: boolean): number | null | undefined {
  if (value === undefined) return undefined;
  if (value === 'default') return null;
  const number = Number(value);
  if (!(number > 0) || !Number.isFinite(number) || (integer && !Number.isInteger(number))) {
    throw new CliError('invalid_parameter', `${name} must be a positive ${integer ? 'integer' : 'number'} or "default", not "${value}"`, EXIT.usage);
  }
  return number;
}
