import type { Queryable } from './db.js';

/** A team's own limits; null means the server's default. */
export interface TeamLimits {
  rateLimit: number | null;
  rateBurst: number | null;
  pollRateLimit: number | null;
  pollRateBurst: number | null;
  concurrencyLimit: number | null;
}

export interface Team extends TeamLimits {
  id: string;
  name: string;
  plan: string;
  webhookSecret: string;
  createdAt: Date;
}

interface Row {
  id: string;
  name: string;
  plan: string;
  webhook_secret: string;
  rate_limit: number | null;
  rate_burst: number | null;
  poll_rate_limit: number | null;
  poll_rate_burst: number | null;
  concurrency_limit: number | null;
  created_at: Date;
}

const toTeam = (row: Row): Team => ({
  id: row.id,
  name: row.name,
  plan: row.plan,
  webhookSecret: row.webhook_secret,
  rateLimit: row.rate_limit,
  rateBurst: row.rate_burst,
  pollRateLimit: row.poll_rate_limit,
  pollRateBurst: row.poll_rate_burst,
  concurrencyLimit: row.concurrency_limit,
  createdAt: row.created_at,
});

const LIMIT_COLUMNS: Record<keyof TeamLimits, string> = {
  rateLimit: 'rate_limit',
  rateBurst: 'rate_burst',
  pollRateLimit: 'poll_rate_limit',
  pollRateBurst: 'poll_rate_burst',
  concurrencyLimit: 'concurrency_limit',
};

/** Any constant, distinct from the migration lock's. */
const FIRST_TEAM_LOCK_ID = 7_302_152;

/** The only SQL about teams. */
export const teamStore = {
  async insert(db: Queryable, team: { id: string; name: string; webhookSecret: string; plan?: string }): Promise<Team> {
    const { rows } = await db.query<Row>(
      'INSERT INTO teams (id, name, webhook_secret, plan) VALUES ($1, $2, $3, $4) RETURNING *',
      [team.id, team.name, team.webhookSecret, team.plan ?? 'free'],
    );
    return toTeam(rows[0]!);
  },

  async get(db: Queryable, id: string): Promise<Team | undefined> {
    const { rows } = await db.query<Row>('SELECT * FROM teams WHERE id = $1', [id]);
    return rows[0] === undefined ? undefined : toTeam(rows[0]);
  },

  /** Lock the team's row for the rest of the transaction: credit and slot checks of one team take turns. */
  async lock(db: Queryable, id: string): Promise<Team | undefined> {
    const { rows } = await db.query<Row>('SELECT * FROM teams WHERE id = $1 FOR UPDATE', [id]);
    return rows[0] === undefined ? undefined : toTeam(rows[0]);
  },

  async list(db: Queryable): Promise<Team[]> {
    const { rows } = await db.query<Row>('SELECT * FROM teams ORDER BY created_at, id');
    return rows.map(toTeam);
  },

  /** Servers starting together on one database take turns deciding whether this is the first start. */
  async lockFirstTeamCreation(db: Queryable): Promise<void> {
    await db.query('SELECT pg_advisory_xact_lock($1)', [FIRST_TEAM_LOCK_ID]);
  },

  async count(db: Queryable): Promise<number> {
    const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM teams');
    return rows[0]!.n;
  },

  /** Set some limits (a null value goes back to the default); other columns stay. */
  async updateLimits(db: Queryable, id: string, limits: Partial<TeamLimits>): Promise<Team | undefined> {
    const entries = Object.entries(limits).filter(([, value]) => value !== undefined) as [keyof TeamLimits, number | null][];
    if (entries.length === 0) return this.get(db, id);
    const sets = entries.map(([name], index) => `${LIMIT_COLUMNS[name]} = $${index + 2}`);
    const { rows } = await db.query<Row>(`UPDATE teams SET ${sets.join(', ')} WHERE id = $1 RETURNING *`, [
      id,
      ...entries.map(([, value]) => value),
    ]);
    return rows[0] === undefined ? undefined : toTeam(rows[0]);
  },

  /** Jobs of the team that hold a concurrency slot: queued or running. */
  async activeJobs(db: Queryable, id: string): Promise<number> {
    const { rows } = await db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM jobs WHERE team_id = $1 AND status IN ('queued', 'processing')",
      [id],
    );
    return rows[0]!.n;
  },
};
