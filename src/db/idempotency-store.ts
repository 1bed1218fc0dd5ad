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

/** A reservation held by one request: `owner` is its token, renewed for `leaseMs` at a time. */
export interface IdempotencyHold {
  teamId: string;
  key: string;
  owner: string;
}

/** The only SQL about Idempotency-Key records. */
export const idempotencyStore = {
  /**
   * Reserve a key for a request being accepted, under a lease of `leaseMs`.
   * Returns undefined when this call reserved it, else the record that holds
   * it. An expired record, or a reservation whose lease lapsed (its request
   * died), is replaced as if absent.
   */
  async reserve(
    db: Queryable,
    hold: IdempotencyHold,
    fingerprint: string,
    ttlMs: number,
    leaseMs: number,
  ): Promise<IdempotencyRecord | undefined> {
    const { teamId, key, owner } = hold;
    await db.query(
      `DELETE FROM idempotency_keys
        WHERE team_id = $1 AND key = $2
          AND (expires_at < now()
               OR (state = 'processing' AND (lease_expires_at IS NULL OR lease_expires_at < now())))`,
      [teamId, key],
    );
    const inserted = await db.query(
      `INSERT INTO idempotency_keys (team_id, key, fingerprint, state, expires_at, owner, lease_expires_at)
       VALUES ($1, $2, $3, 'processing', now() + $4::interval, $5, now() + $6::interval)
       ON CONFLICT (team_id, key) DO NOTHING`,
      [teamId, key, fingerprint, `${ttlMs} milliseconds`, owner, `${leaseMs} milliseconds`],
    );
    if (inserted.rowCount === 1) return undefined;
    const { rows } = await db.query<Row>(
      'SELECT fingerprint, state, job_id FROM idempotency_keys WHERE team_id = $1 AND key = $2',
      [teamId, key],
    );
    const row = rows[0];
    if (row === undefined) return this.reserve(db, hold, fingerprint, ttlMs, leaseMs);
    return {
      fingerprint: row.fingerprint,
      state: row.state,
      jobId: row.job_id,
    };
  },

  /** Extend a reservation's lease; false when it is no longer this owner's (its lease lapsed and another took it). */
  async renew(db: Queryable, hold: IdempotencyHold, leaseMs: number): Promise<boolean> {
    const { rowCount } = await db.query(
      `UPDATE idempotency_keys SET lease_expires_at = now() + $4::interval
        WHERE team_id = $1 AND key = $2 AND owner = $3 AND state = 'processing'`,
      [hold.teamId, hold.key, hold.owner, `${leaseMs} milliseconds`],
    );
    return rowCount === 1;
  },

  /**
   * The job now exists: a replay of this key returns it (re-rendered from its
   * current state). False when the reservation is no longer this owner's.
   */
  async complete(db: Queryable, hold: IdempotencyHold, jobId: string): Promise<boolean> {
    const { rowCount } = await db.query(
      `UPDATE idempotency_keys SET state = 'done', job_id = $4, lease_expires_at = NULL
        WHERE team_id = $1 AND key = $2 AND owner = $3 AND state = 'processing'`,
      [hold.teamId, hold.key, hold.owner, jobId],
    );
    return rowCount === 1;
  },

  /** The request failed before a job existed: free the key for a corrected retry. */
  async release(db: Queryable, hold: IdempotencyHold): Promise<void> {
    await db.query(`DELETE FROM idempotency_keys WHERE team_id = $1 AND key = $2 AND owner = $3 AND state = 'processing'`, [
      hold.teamId,
      hold.key,
      hold.owner,
    ]);
  },

  async deleteExpired(db: Queryable): Promise<number> {
    const { rowCount } = await db.query('DELETE FROM idempotency_keys WHERE expires_at < now()');
    return rowCount;
  },
};
