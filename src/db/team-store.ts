import type { Queryable } from './db.js';

export interface Team {
  id: string;
  name: string;
  webhookSecret: string;
  createdAt: Date;
}

interface Row {
  id: string;
  name: string;
  webhook_secret: string;
  created_at: Date;
}

const toTeam = (row: Row): Team => ({
  id: row.id,
  name: row.name,
  webhookSecret: row.webhook_secret,
  createdAt: row.created_at,
});

/** The only SQL about teams. */
export const teamStore = {
  async ensure(db: Queryable, team: { id: string; name: string; webhookSecret: string }): Promise<Team> {
    await db.query(
      'INSERT INTO teams (id, name, webhook_secret) VALUES ($1, $2, $3) ON CONFLICT (id) DO NOTHING',
      [team.id, team.name, team.webhookSecret],
    );
    return (await this.get(db, team.id))!;
  },

  async get(db: Queryable, id: string): Promise<Team | undefined> {
    const { rows } = await db.query<Row>('SELECT * FROM teams WHERE id = $1', [id]);
    return rows[0] === undefined ? undefined : toTeam(rows[0]);
  },
};
