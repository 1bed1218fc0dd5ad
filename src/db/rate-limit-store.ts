import type { Queryable } from './db.js';

export interface GcraOutcome {
  allowed: boolean;
  /** The database clock, epoch ms. */
  nowMs: number;
  /** The bucket's theoretical arrival time after this request (allowed) or as it stands (refused). */
  tatMs: number;
}

/**
 * The only SQL about rate limits: one GCRA step as a single statement, so
 * every server on the database shares the bucket and no two requests can
 * both take its last token. clock_timestamp() puts every process on the
 * database's clock; now() would be frozen at the transaction's start.
 */
export const rateLimitStore = {
  async take(db: Queryable, bucket: string, intervalMs: number, toleranceMs: number): Promise<GcraOutcome> {
    const { rows } = await db.query<{ now_ms: number; new_tat: number | null }>(
      `WITH clock AS (SELECT extract(epoch FROM clock_timestamp()) * 1000 AS ms),
       taken AS (
         INSERT INTO rate_limits AS r (bucket, tat_ms)
         SELECT $1, clock.ms + $2::float8 FROM clock
         ON CONFLICT (bucket) DO UPDATE
           SET tat_ms = GREATEST(r.tat_ms, (SELECT ms FROM clock)) + $2::float8
           WHERE GREATEST(r.tat_ms, (SELECT ms FROM clock)) - (SELECT ms FROM clock) <= $3::float8
         RETURNING tat_ms
       )
       SELECT (SELECT ms FROM clock)::float8 AS now_ms, (SELECT tat_ms FROM taken) AS new_tat`,
      [bucket, intervalMs, toleranceMs],
    );
    const row = rows[0]!;
    if (row.new_tat !== null) return { allowed: true, nowMs: row.now_ms, tatMs: row.new_tat };
    // Refused. The statement's snapshot may predate a concurrent writer's row, so read the bucket as it is now.
    const { rows: current } = await db.query<{ now_ms: number; tat_ms: number }>(
      'SELECT (extract(epoch FROM clock_timestamp()) * 1000)::float8 AS now_ms, tat_ms FROM rate_limits WHERE bucket = $1',
      [bucket],
    );
    const latest = current[0];
    return { allowed: false, nowMs: latest?.now_ms ?? row.now_ms, tatMs: latest?.tat_ms ?? row.now_ms };
  },
};
