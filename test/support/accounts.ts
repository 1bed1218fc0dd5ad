import type { TeamLimits } from '../../src/db/team-store.js';
import type { RunningServer } from '../../src/server.js';

/** A new team on a started server, with its own credits and limits, and one key. */
export async function newTeam(
  server: RunningServer,
  options: { name?: string; credits?: number; limits?: Partial<TeamLimits> } = {},
): Promise<{ teamId: string; key: string; keyId: string }> {
  const team = await server.teams.create(options.name ?? 'Test team', { credits: options.credits ?? 1000 });
  if (options.limits !== undefined) await server.teams.setLimits(team.id, options.limits);
  const { key, record } = await server.keys.create(team.id, 'test');
  return { teamId: team.id, key, keyId: record.id };
}
