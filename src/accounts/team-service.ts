import { randomBytes } from 'node:crypto';
import type { Db } from '../db/db.js';
import { teamStore, type Team } from '../db/team-store.js';
import { DrapeError } from '../errors.js';

/** A fresh Standard Webhooks secret: `whsec_` and 24 random bytes in base64. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(24).toString('base64')}`;
}

/** The team a single-tenant server acts for, before the accounts layer authenticates keys. */
export const LOCAL_TEAM_ID = 'team_local';

export class TeamService {
  constructor(private readonly db: Db) {}

  async ensureLocalTeam(): Promise<Team> {
    return teamStore.ensure(this.db, { id: LOCAL_TEAM_ID, name: 'Local', webhookSecret: newWebhookSecret() });
  }

  async get(teamId: string): Promise<Team> {
    const team = await teamStore.get(this.db, teamId);
    if (team === undefined) throw new DrapeError('not_found', 'No such team.');
    return team;
  }
}
