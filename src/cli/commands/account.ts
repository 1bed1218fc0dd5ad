/** `drape account`: the key's team, its credits and limits, from the server. */
import type { Command } from 'commander';
import { action, clientFrom, printJson, withClientOptions, type ClientOptions } from '../client-options.js';

export function registerAccount(program: Command): void {
  withClientOptions(program.command('account').description("The key's team: credits, plan, concurrency and rate limits")).action(
    action(async (options: ClientOptions) => {
      const account = await clientFrom(options).account();
      if (options.json) return printJson(account);
      const { requests, polling } = account.rate_limits;
      process.stdout.write(
        `${account.team.name} (${account.team.id}), plan ${account.plan}\n` +
          `credits      ${account.credits}\n` +
          `concurrency  ${account.concurrency.in_use} of ${account.concurrency.limit} jobs queued or running\n` +
          `rate limits  ${requests.per_second}/s (burst ${requests.burst}) for writes, ${polling.per_second}/s (burst ${polling.burst}) for reads\n` +
          `key          ${account.key.name} (${account.key.prefix}…)\n`,
      );
    }),
  );
}
