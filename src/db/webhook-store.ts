import type { Queryable } from './db.js';

export interface WebhookDelivery {
  id: string;
  jobId: string;
  teamId: string;
  url: string;
  event: string;
  payload: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  nextAttemptAt: Date;
  createdAt: Date;
  finishedAt: Date | null;
}

export interface WebhookAttempt {
  id: string;
  deliveryId: string;
  attempt: number;
  startedAt: Date;
  durationMs: number;
  responseStatus: number | null;
  error: string | null;
  succeeded: boolean;
}

interface DeliveryRow {
  id: string;
  job_id: string;
  team_id: string;
  url: string;
  event: string;
  payload: string;
  status: WebhookDelivery['status'];
  attempts: number;
  next_attempt_at: Date;
  created_at: Date;
  finished_at: Date | null;
}

interface AttemptRow {
  id: string;
  delivery_id: string;
  attempt: number;
  started_at: Date;
  duration_ms: number;
  response_status: number | null;
  error: string | null;
  succeeded: boolean;
}

const toDelivery = (row: DeliveryRow): WebhookDelivery => ({
  id: row.id,
  jobId: row.job_id,
  teamId: row.team_id,
  url: row.url,
  event: row.event,
  payload: row.payload,
  status: row.status,
  attempts: row.attempts,
  nextAttemptAt: row.next_attempt_at,
  createdAt: row.created_at,
  finishedAt: row.finished_at,
});

const toAttempt = (row: AttemptRow): WebhookAttempt => ({
  id: row.id,
  deliveryId: row.delivery_id,
  attempt: row.attempt,
  startedAt: row.started_at,
  durationMs: row.duration_ms,
  responseStatus: row.response_status,
  error: row.error,
  succeeded: row.succeeded,
});

/** A delivery's endpoint: its URL up to the path, "http(s)://host:port" (what webhookEndpoint computes). */
const ENDPOINT_SQL = `coalesce(substring(url from '^[A-Za-z][A-Za-z0-9+.-]*://[^/?#]+'), url)`;

/** The endpoint of a webhook URL, as ENDPOINT_SQL computes it: per-endpoint limits count by it. */
export function webhookEndpoint(url: string): string {
  return /^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/?#]+/.exec(url)?.[0] ?? url;
}

/** The only SQL about webhook deliveries and their attempts. */
export const webhookStore = {
  async enqueue(
    db: Queryable,
    delivery: { id: string; jobId: string; teamId: string; url: string; event: string; payload: string },
  ): Promise<void> {
    await db.query(
      `INSERT INTO webhook_deliveries (id, job_id, team_id, url, event, payload, status)
       VALUES ($1, $2, $3, $4, $5, $6, 'pending')`,
      [delivery.id, delivery.jobId, delivery.teamId, delivery.url, delivery.event, delivery.payload],
    );
  },

  /**
   * Claim due deliveries for `lockMs` so that two dispatchers never send the
   * same attempt at once: oldest first, at most `perEndpoint` per endpoint
   * (scheme://host:port, the URL up to its path) and none for the endpoints
   * in `skipEndpoints` (already busy), so that one endpoint's backlog never
   * takes the places of the others.
   */
  async claimDue(
    db: Queryable,
    options: { limit: number; lockMs: number; perEndpoint: number; skipEndpoints: string[] },
  ): Promise<WebhookDelivery[]> {
    const { rows } = await db.query<DeliveryRow>(
      `WITH ranked AS (
         SELECT id, row_number() OVER (PARTITION BY ${ENDPOINT_SQL} ORDER BY next_attempt_at) AS place
           FROM webhook_deliveries
          WHERE status = 'pending' AND next_attempt_at <= now()
            AND (locked_until IS NULL OR locked_until < now())
            AND ${ENDPOINT_SQL} <> ALL($4::text[])
       ), due AS (
         -- The row's own conditions again, beside FOR UPDATE: a row another dispatcher claimed (or sent)
         -- after this statement's snapshot is re-checked on its newest version and skipped. In the
         -- ranked CTE alone they are not re-checked, and two dispatchers sent the same attempt.
         SELECT d.id FROM webhook_deliveries d JOIN ranked r ON r.id = d.id
          WHERE r.place <= $3
            AND d.status = 'pending' AND (d.locked_until IS NULL OR d.locked_until < now())
          ORDER BY d.next_attempt_at
          LIMIT $1
          FOR UPDATE OF d SKIP LOCKED
       )
       UPDATE webhook_deliveries d SET locked_until = now() + $2::interval
         FROM due WHERE d.id = due.id
       RETURNING d.*`,
      [options.limit, `${options.lockMs} milliseconds`, options.perEndpoint, options.skipEndpoints],
    );
    return rows.map(toDelivery);
  },

  /** Give claimed deliveries back unsent (their endpoint was busy after all). */
  async release(db: Queryable, ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await db.query(`UPDATE webhook_deliveries SET locked_until = NULL WHERE id = ANY($1::text[]) AND status = 'pending'`, [ids]);
  },

  async recordAttempt(
    db: Queryable,
    attempt: Omit<WebhookAttempt, 'id'> & { id: string },
    next: { status: 'pending' | 'delivered' | 'failed'; retryInMs?: number },
  ): Promise<void> {
    await db.query(
      `INSERT INTO webhook_attempts (id, delivery_id, attempt, started_at, duration_ms, response_status, error, succeeded)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        attempt.id,
        attempt.deliveryId,
        attempt.attempt,
        attempt.startedAt,
        attempt.durationMs,
        attempt.responseStatus,
        attempt.error,
        attempt.succeeded,
      ],
    );
    await db.query(
      `UPDATE webhook_deliveries
          SET attempts = $2, status = $3, locked_until = NULL,
              next_attempt_at = CASE WHEN $3 = 'pending' THEN now() + $4::interval ELSE next_attempt_at END,
              finished_at = CASE WHEN $3 = 'pending' THEN NULL ELSE now() END
        WHERE id = $1`,
      [attempt.deliveryId, attempt.attempt, next.status, `${next.retryInMs ?? 0} milliseconds`],
    );
  },

  async listForJob(db: Queryable, jobId: string): Promise<{ delivery: WebhookDelivery; attempts: WebhookAttempt[] }[]> {
    const deliveries = await db.query<DeliveryRow>(
      'SELECT * FROM webhook_deliveries WHERE job_id = $1 ORDER BY created_at, id',
      [jobId],
    );
    const attempts = await db.query<AttemptRow>(
      `SELECT a.* FROM webhook_attempts a JOIN webhook_deliveries d ON d.id = a.delivery_id
        WHERE d.job_id = $1 ORDER BY a.attempt`,
      [jobId],
    );
    return deliveries.rows.map((row) => ({
      delivery: toDelivery(row),
      attempts: attempts.rows.filter((attempt) => attempt.delivery_id === row.id).map(toAttempt),
    }));
  },
};
