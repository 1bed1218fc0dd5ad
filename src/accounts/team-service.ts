import { randomBytes } from 'node:crypto';
import type { Db } from '../db/db.js';
import { apiKeyStore } from '../db/api-key-store.js';
import { teamStore, type Team, type TeamLimits } from '../db/team-store.js';
import { DrapeError } from '../errors.js';
import { newId } from '../ids.js';
import type { CreditService } from './credit-service.js';
import type { ApiKeyService } from './key-service.js';
import type { RatePolicy } from './rate-limiter.js';

/** A fresh Standard Webhooks secret: `whsec_` and 24 random bytes in base64. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(24).toString('base64')}`;
}

/** The server-wide defaults a team's NULL limits stand for (config). */
export interface LimitDefaults {
  newTeamCredits: number;
  requests: RatePolicy;
  polling: RatePolicy;
  concurrency: number;
}

export interface EffectiveLimits {
  requests: RatePolicy;
  polling: RatePolicy;
  concurrency: number;
}

export class TeamService {
  constructor(
    private readonly db: Db,
    private readonly credits: CreditService,
    private readonly keys: ApiKeyService,
    private readonly defaults: LimitDefaults,
  ) {}

  /** A team with its welcome credits, in one transaction. */
  async create(name: string, options: { credits?: number; plan?: string; requestId?: string } = {}): Promise<Team> {
    const credits = options.credits ?? this.defaults.newTeamCredits;
    return this.db.transaction(async (tx) => {
      const team = await teamStore.insert(tx, {
        id: newId('team'),
        name,
        webhookSecret: newWebhookSecret(),
        ...(options.plan === undefined ? {} : { plan: options.plan }),
      });
      if (credits > 0) await this.credits.grantIn(tx, team.id, credits, { note: 'new team', requestId: options.requestId });
      return team;
    });
  }

  async get(teamId: string): Promise<Team> {
    const team = await teamStore.get(this.db, teamId);
    if (team === undefined) throw new DrapeError('not_found', `No team ${teamId}.`);
    return team;
  }

  async list(): Promise<Team[]> {
    return teamStore.list(this.db);
  }

  async setLimits(teamId: string, limits: Partial<TeamLimits>): Promise<Team> {
    const team = await teamStore.updateLimits(this.db, teamId, limits);
    if (team === undefined) throw new DrapeError('not_found', `No team ${teamId}.`);
    await this.keys.accountsChanged();
    return team;
  }

  /** Jobs holding a concurrency slot now. */
  async activeJobs(teamId: string): Promise<number> {
    return teamStore.activeJobs(this.db, teamId);
  }

  limitsOf(team: Team): EffectiveLimits {
    return {
      requests: {
        perSecond: team.rateLimit ?? this.defaults.requests.perSecond,
        burst: team.rateBurst ?? this.defaults.requests.burst,
      },
      polling: {
        perSecond: team.pollRateLimit ?? this.defaults.polling.perSecond,
        burst: team.pollRateBurst ?? this.defaults.polling.burst,
      },
      concurrency: team.concurrencyLimit ?? this.defaults.concurrency,
    };
  }

  /**
   * First start: with no team at all, create the default team and its admin
   * key (`adminKey` when given). Returns the key when one was made. A
   * database from before API keys existed has its single-tenant team but no
   * key: that team gets the admin key, so an upgrade does not lock everyone
   * out. Servers starting together on one PostgreSQL take turns on an
   * advisory lock, so exactly one of them does this.
   */
  async bootstrap(adminKey: string | undefined): Promise<{ team: Team; key: string } | undefined> {
    const created = await this.db.transaction(async (tx) => {
      await teamStore.lockFirstTeamCreation(tx);
      if ((await apiKeyStore.count(tx)) > 0) return undefined;
      let team = (await teamStore.list(tx))[0];
      if (team === undefined) {
        team = await teamStore.insert(tx, { id: newId('team'), name: 'Default', webhookSecret: newWebhookSecret() });
        if (this.defaults.newTeamCredits > 0) {
          await this.credits.grantIn(tx, team.id, this.defaults.newTeamCredits, { note: 'new team' });
        }
      }
      const { key } = await this.keys.createIn(tx, team.id, 'admin', adminKey);
      return { team, key };
    });
    if (created !== undefined) await this.keys.accountsChanged();
    return created;
  }
}
