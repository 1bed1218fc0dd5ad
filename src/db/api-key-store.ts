import type { Queryable } from './db.js';

export interface ApiKeyRecord {
  id: string;
  teamId: string;
  name: string;
  displayPrefix: string;
  createdAt: Date;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
  lastUsedRequestId: string | null;
}

interface Row {
  id: string;
  team_id: string;
  name: string;
  display_prefix: string;
  created_at: Date;
  revoked_at: Date | null;
  last_used_at: Date | null;
  last_used_request_id: string | null;
}

const toRecord = (row: Row): ApiKeyRecord => ({
  id: row.id,
  teamId: row.team_id,
  name: row.name,
  displayPrefix: row.display_prefix,
  createdAt: row.created_at,
  revokedAt: row.revoked_at,
  lastUsedAt: row.last_used_at,
  lastUsedRequestId: row.last_used_request_id,
});

const COLUMNS = 'id, team_id, name, display_prefix, created_at, revoked_at, last_used_at, last_used_request_id';

/** The only SQL about API keys. Keys are found by their hash; the key itself is never stored. */
export const apiKeyStore = {
  async insert(
    db: Queryable,
    key: { id: string; teamId: string; name: string; hash: string; displayPrefix: string },
  ): Promise<ApiKeyRecord> {
    const { rows } = await db.query<Row>(
      `INSERT INTO api_keys (id, team_id, name, key_hash, display_prefix) VALUES ($1, $2, $3, $4, $5) RETURNING ${COLUMNS}`,
      [key.id, key.teamId, key.name, key.hash, key.displayPrefix],
    );
    return toRecord(rows[0]!);
  },

  async findByHash(db: Queryable, hash: string): Promise<ApiKeyRecord | undefined> {
    const { rows } = await db.query<Row>(`SELECT ${COLUMNS} FROM api_keys WHERE key_hash = $1`, [hash]);
    return rows[0] === undefined ? undefined : toRecord(rows[0]);
  },

  async get(db: Queryable, id: string): Promise<ApiKeyRecord | undefined> {
    const { rows } = await db.query<Row>(`SELECT ${COLUMNS} FROM api_keys WHERE id = $1`, [id]);
    return rows[0] === undefined ? undefined : toRecord(rows[0]);
  },

  async listForTeam(db: Queryable, teamId: string): Promise<ApiKeyRecord[]> {
    const { rows } = await db.query<Row>(`SELECT ${COLUMNS} FROM api_keys WHERE team_id = $1 ORDER BY created_at, id`, [teamId]);
    return rows.map(toRecord);
  },

  async revoke(db: Queryable, id: string): Promise<ApiKeyRecord | undefined> {
    const { rows } = await db.query<Row>(
      `UPDATE api_keys SET revoked_at = COALESCE(revoked_at, now()) WHERE id = $1 RETURNING ${COLUMNS}`,
      [id],
    );
    return rows[0] === undefined ? undefined : toRecord(rows[0]);
  },

  async recordUse(db: Queryable, id: string, requestId: string): Promise<void> {
    await db.query('UPDATE api_keys SET last_used_at = now(), last_used_request_id = $2 WHERE id = $1', [id, requestId]);
  },

  async count(db: Queryable): Promise<number> {
    const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM api_keys');
    return rows[0]!.n;
  },
};
