/** `drape key create|list|revoke`: API keys, administered on the configured database. */
import type { Command } from 'commander';
import type { ApiKeyRecord } from '../../db/api-key-store.js';
import { withAccounts } from '../admin-context.js';
import { action, printJson } from '../client-options.js';

const keyJson = (record: ApiKeyRecord) => ({
  id: record.id,
  team_id: record.teamId,
  name: record.name,
  prefix: record.displayPrefix,
  created_at: record.createdAt.toISOString(),
  revoked_at: record.revokedAt?.toISOString() ?? null,
  last_used_at: record.lastUsedAt?.toISOString() ?? null,
  last_used_request_id: record.lastUsedRequestId,
});

export function registerKey(program: Command): void {
  const key = program.command('key').description('Administer API keys (on the configured database)');

  key
    .command('create')
    .description('Create an API key for a team (shown once)')
    .argument('<team>', 'team id (team_…)')
    .option('--name <name>', 'what the key is for', 'default')
    .option('--json', 'print JSON')
    .action(
      action(async (teamId: string, options: { name: string; json?: boolean }) => {
        const created = await withAccounts(({ keys }) => keys.create(teamId, options.name));
        if (options.json) return printJson({ ...keyJson(created.record), key: created.key });
        process.stdout.write(`key ${created.record.id}: ${created.key}\n(shown once: store it now)\n`);
      }),
    );

  key
    .command('list')
    .description("A team's keys: prefix, last use, revocation (never the keys themselves)")
    .argument('<team>', 'team id (team_…)')
    .option('--json', 'print JSON')
    .action(
      action(async (teamId: string, options: { json?: boolean }) => {
        const records = await withAccounts(async ({ teams, keys }) => {
          await teams.get(teamId);
          return keys.list(teamId);
        });
        if (options.json) return printJson(records.map(keyJson));
        for (const record of records) {
          const state = record.revokedAt === null ? 'active' : `revoked ${record.revokedAt.toISOString()}`;
          const used = record.lastUsedAt === null ? 'never used' : `last used ${record.lastUsedAt.toISOString()} (${record.lastUsedRequestId})`;
          process.stdout.write(`${record.id}  ${record.displayPrefix}…  ${record.name}  ${state}  ${used}\n`);
        }
      }),
    );

  key
    .command('revoke')
    .description('Revoke a key: it is refused from now on, by every server')
    .argument('<key-id>', 'key id (key_…)')
    .option('--json', 'print JSON')
    .action(
      action(async (keyId: string, options: { json?: boolean }) => {
        const record = await withAccounts(({ keys }) => keys.revoke(keyId));
        if (options.json) return printJson(keyJson(record));
        process.stdout.write(`${record.id} revoked\n`);
      }),
    );
}
