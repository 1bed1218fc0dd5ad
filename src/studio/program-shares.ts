import type { TeamService } from '../accounts/team-service.js';
import type { Db } from '../db/db.js';
import { studioStore } from '../db/studio-store.js';
import { DrapeError } from '../errors.js';

/**
 * Let another team read a program (its projects, SKUs, tasks, outputs and
 * credit use) — an administrator's act (`drape program share`), as a Huhu
 * team's owner shares a program from the studio. Sharing twice is a no-op.
 */
export async function shareProgram(db: Db, teams: TeamService, programId: string, teamId: string): Promise<void> {
  const program = await studioStore.program(db, programId);
  if (program === undefined) throw new DrapeError('not_found', `No program ${programId}.`);
  await teams.get(teamId);
  if (program.teamId === teamId) throw new DrapeError('invalid_parameter', `Team ${teamId} owns program ${programId}.`);
  await studioStore.share(db, programId, teamId);
}
