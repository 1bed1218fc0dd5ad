import type { Queryable } from './db.js';

export interface IdempotencyRecord {
  fingerprint: string;
  state: 'processing' | 'done';
  jobId: string | null;
}

interface Row {
  fingerprint: string;
  state: 'processing' | 'done';
  job_id: string | null;
}

/** The only SQL about Idempotency-Key records. */
export const idempotencyStore = {
  /**
   * Reserve a key for a request being accepted. Returns undefined when this
   * call reserved it, else the record that holds it. An expired record is
   * replaced as if absent.
   */
  async reserve(
    db: Queryable,
    teamId: string,
    key: string,
    fingerprint: string,
    ttlMs: number,
  ): Promise<IdempotencyRecord | undefined> {
    await db.query('DELETE FROM idempotency_keys WHERE team_id = $1 AND key = $2 AND expires_at < now()', [teamId, key]);
    const inserted = await db.query(
      `INSERT INTO idempotency_keys (team_id, key, fingerprint, state, expires_at)
       VALUES ($1, $2, $3, 'processing', now() + $4::interval)
       ON CONFLICT (team_id, key) DO NOTHING`,
      [teamId, key, fingerprint, `${ttlMs} milliseconds`],
    );
    if (inserted.rowCount === 1) return undefined;
    const { rows } = await db.query<Row>(
      'SELECT fingerprint, state, job_id FROM idempotency_keys WHERE team_id = $1 AND key = $2',
      [teamId, key],
    );
    const row = rows[0];
    if (row === undefined) return this.reserve(db, teamId, key, fingerprint, ttlMs);
    return {
      fingerprint: row.fingerprint,
      state: row.state,
      jobId: row.job_id,
    };
  },

  /** The job now exists: a replay of this key returns it (re-rendered from its current state). */
  async complete(db: Queryable, teamId: string, key: string, jobId: string): Promise<void> {
    await db.query(`UPDATE idempotency_keys SET state = 'done', job_id = $3 WHERE team_id = $1 AND key = $2`, [
      teamId,
      key,
      jobId,
    ]);
  },

  /** The request failed before a job existed: free the key for a corrected retry. */
  async release(db: Queryable, teamId: string, key: string): Promise<void> {
    await db.query(`DELETE FROM idempotency_keys WHERE team_id = $1 AND key = $2 AND state = 'processing'`, [teamId, key]);
  },

  async deleteExpired(db: Queryable): Promise<number> {
    const { rowCount } = await db.query('DELETE FROM idempotency_keys WHERE expires_at < now()');
    return rowCount;
  },
};
