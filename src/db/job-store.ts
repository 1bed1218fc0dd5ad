import { intervalMs, type Queryable } from './db.js';

export const JOB_STATUSES = ['queued', 'processing', 'completed', 'failed', 'canceled'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];
export const TERMINAL_STATUSES: readonly JobStatus[] = ['completed', 'failed', 'canceled'];

export interface BlobRef {
  key: string;
  format: string;
  width: number;
  height: number;
}

export interface JobInput {
  person: BlobRef;
  garments: { image: BlobRef; category: string }[];
  /** A refine job's coarse try-on result. */
  coarse?: BlobRef;
}

export interface JobResult {
  image: BlobRef;
  /** The other results of a job that asked for several (options.samples). */
  samples?: BlobRef[];
  diagnostics: (BlobRef & { name: string })[];
  info: Record<string, unknown>;
  /** The engine's verdict on the image, when it judges its results (figures behind it in `info.qualityFigures`). */
  quality?: { score: number; warnings: string[] };
}

export interface JobError {
  code: string;
  message: string;
}

/** One engine run of a job (src/engines/engine-router.ts), in the order they happened. */
export interface EngineRunEntry {
  attempt: number;
  engine: string;
  kind: string;
  outcome: 'completed' | 'failed' | 'canceled';
  error_code?: string;
  ms: number;
}

export interface Job {
  id: string;
  teamId: string;
  operation: string;
  status: JobStatus;
  priority: number;
  input: JobInput;
  options: Record<string, unknown>;
  outputFormat: string;
  metadata: unknown;
  webhookUrl: string | null;
  source: string;
  result: JobResult | null;
  error: JobError | null;
  progress: number;
  stageTimings: Record<string, number>;
  /** Which engine ran each attempt (several runs per attempt when one fell back to the next engine). */
  engineRuns: EngineRunEntry[];
  attempts: number;
  maxAttempts: number;
  runAt: Date;
  lockedBy: string | null;
  leaseExpiresAt: Date | null;
  cancelRequestedAt: Date | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  purgedAt: Date | null;
}

interface JobRow {
  id: string;
  team_id: string;
  operation: string;
  status: JobStatus;
  priority: number;
  input: JobInput;
  options: Record<string, unknown>;
  output_format: string;
  metadata: unknown;
  webhook_url: string | null;
  source: string;
  result: JobResult | null;
  error: JobError | null;
  progress: number;
  stage_timings: Record<string, number>;
  engine_runs: EngineRunEntry[] | undefined;
  attempts: number;
  max_attempts: number;
  run_at: Date;
  locked_by: string | null;
  lease_expires_at: Date | null;
  cancel_requested_at: Date | null;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
  purged_at: Date | null;
}

function toJob(row: JobRow): Job {
  return {
    id: row.id,
    teamId: row.team_id,
    operation: row.operation,
    status: row.status,
    priority: row.priority,
    input: row.input,
    options: row.options,
    outputFormat: row.output_format,
    metadata: row.metadata,
    webhookUrl: row.webhook_url,
    source: row.source,
    result: row.result,
    error: row.error,
    progress: row.progress,
    stageTimings: row.stage_timings,
    engineRuns: row.engine_runs ?? [],
    attempts: row.attempts,
    maxAttempts: row.max_attempts,
    runAt: row.run_at,
    lockedBy: row.locked_by,
    leaseExpiresAt: row.lease_expires_at,
    cancelRequestedAt: row.cancel_requested_at,
    createdAt: row.created_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    purgedAt: row.purged_at,
  };
}

export interface NewJob {
  id: string;
  teamId: string;
  operation: string;
  input: JobInput;
  options: Record<string, unknown>;
  outputFormat: string;
  metadata: unknown;
  webhookUrl: string | null;
  source: string;
  maxAttempts: number;
  priority?: number;
}

/** The only SQL about jobs. Every function takes the connection or transaction to run on. */
export const jobStore = {
  async insert(db: Queryable, job: NewJob): Promise<Job> {
    const { rows } = await db.query<JobRow>(
      `INSERT INTO jobs (id, team_id, operation, status, priority, input, options, output_format, metadata,
                         webhook_url, source, max_attempts)
       VALUES ($1, $2, $3, 'queued', $4, $5, $6, $7, $8, $9, $10, $11)
       RETURNING *`,
      [
        job.id,
        job.teamId,
        job.operation,
        job.priority ?? 0,
        JSON.stringify(job.input),
        JSON.stringify(job.options),
        job.outputFormat,
        job.metadata === undefined ? null : JSON.stringify(job.metadata),
        job.webhookUrl,
        job.source,
        job.maxAttempts,
      ],
    );
    return toJob(rows[0]!);
  },

  async get(db: Queryable, id: string, teamId?: string): Promise<Job | undefined> {
    const { rows } =
      teamId === undefined
        ? await db.query<JobRow>('SELECT * FROM jobs WHERE id = $1', [id])
        : await db.query<JobRow>('SELECT * FROM jobs WHERE id = $1 AND team_id = $2', [id, teamId]);
    return rows[0] === undefined ? undefined : toJob(rows[0]);
  },

  /** Newest first; `before` is the last id of the previous page. */
  async list(
    db: Queryable,
    filter: { teamId: string; status?: JobStatus | undefined; before?: string | undefined; limit: number },
  ): Promise<Job[]> {
    const { rows } = await db.query<JobRow>(
      `SELECT * FROM jobs
        WHERE team_id = $1
          AND ($2::text IS NULL OR status = $2)
          AND ($3::text IS NULL OR id < $3)
        ORDER BY id DESC
        LIMIT $4`,
      [filter.teamId, filter.status ?? null, filter.before ?? null, filter.limit],
    );
    return rows.map(toJob);
  },

  /**
   * Claim up to `limit` runnable jobs for `workerId`. SKIP LOCKED lets many
   * workers claim at once without waiting on each other; the attempt is
   * counted here, so a worker that dies mid-job has still used one.
   */
  async claim(db: Queryable, workerId: string, limit: number, leaseMs: number): Promise<Job[]> {
    const { rows } = await db.query<JobRow>(
      `WITH next AS (
         SELECT id FROM jobs
          WHERE status = 'queued' AND run_at <= now()
          ORDER BY priority, run_at
          LIMIT $1
          FOR UPDATE SKIP LOCKED
       )
       UPDATE jobs j
          SET status = 'processing', locked_by = $2, attempts = j.attempts + 1,
              lease_expires_at = now() + $3::interval, heartbeat_at = now(),
              started_at = coalesce(j.started_at, now()), progress = 0
         FROM next
        WHERE j.id = next.id
       RETURNING j.*`,
      [limit, workerId, intervalMs(leaseMs)],
    );
    return rows.map(toJob);
  },

  /**
   * Renew the lease and record progress. Undefined when the lease is lost
   * (reclaimed, or the job ended elsewhere): the worker must stop.
   */
  async heartbeat(
    db: Queryable,
    id: string,
    workerId: string,
    leaseMs: number,
    progress: number,
    stageTimings: Record<string, number>,
  ): Promise<{ cancelRequested: boolean } | undefined> {
    const { rows } = await db.query<{ cancel_requested_at: Date | null }>(
      `UPDATE jobs
          SET lease_expires_at = now() + $3::interval, heartbeat_at = now(),
              progress = greatest(progress, $4), stage_timings = $5
        WHERE id = $1 AND locked_by = $2 AND status = 'processing'
       RETURNING cancel_requested_at`,
      [id, workerId, intervalMs(leaseMs), Math.round(progress), JSON.stringify(stageTimings)],
    );
    return rows[0] === undefined ? undefined : { cancelRequested: rows[0].cancel_requested_at !== null };
  },

  /**
   * Renew the leases of all the jobs this worker holds, with each one's
   * progress, in one statement (hundreds of remote jobs held at once would
   * otherwise queue hundreds of heartbeats on PGlite's one connection). The
   * answer lists the jobs still held; one missing has lost its lease.
   */
  async heartbeatMany(
    db: Queryable,
    workerId: string,
    leaseMs: number,
    beats: { id: string; progress: number; stageTimings: Record<string, number> }[],
  ): Promise<Map<string, { cancelRequested: boolean }>> {
    const { rows } = await db.query<{ id: string; cancel_requested_at: Date | null }>(
      `UPDATE jobs j
          SET lease_expires_at = now() + $2::interval, heartbeat_at = now(),
              progress = greatest(j.progress, b.progress), stage_timings = b.stage_timings
         FROM jsonb_to_recordset($3::jsonb) AS b(id text, progress integer, stage_timings jsonb)
        WHERE j.id = b.id AND j.locked_by = $1 AND j.status = 'processing'
       RETURNING j.id, j.cancel_requested_at`,
      [workerId, intervalMs(leaseMs), JSON.stringify(beats.map((beat) => ({ id: beat.id, progress: Math.round(beat.progress), stage_timings: beat.stageTimings })))],
    );
    return new Map(rows.map((row) => [row.id, { cancelRequested: row.cancel_requested_at !== null }]));
  },

  /** Append an engine run to the job, while this worker holds it. */
  async recordEngineRun(db: Queryable, id: string, workerId: string, run: EngineRunEntry): Promise<void> {
    await db.query(
      `UPDATE jobs SET engine_runs = engine_runs || $3::jsonb WHERE id = $1 AND locked_by = $2 AND status = 'processing'`,
      [id, workerId, JSON.stringify([run])],
    );
  },

  /**
   * End a claimed job. Conditional on the claim: a worker that lost its lease
   * gets undefined and its late result is discarded.
   */
  async finishClaimed(
    db: Queryable,
    id: string,
    workerId: string,
    outcome: {
      status: 'completed' | 'failed' | 'canceled';
      result?: JobResult;
      error?: JobError;
      stageTimings: Record<string, number>;
    },
  ): Promise<Job | undefined> {
    const { rows } = await db.query<JobRow>(
      `UPDATE jobs
          SET status = $3, result = $4, error = $5, stage_timings = $6,
              progress = CASE WHEN $3 = 'completed' THEN 100 ELSE progress END,
              finished_at = now(), locked_by = NULL, lease_expires_at = NULL
        WHERE id = $1 AND locked_by = $2 AND status = 'processing'
       RETURNING *`,
      [
        id,
        workerId,
        outcome.status,
        outcome.result === undefined ? null : JSON.stringify(outcome.result),
        outcome.error === undefined ? null : JSON.stringify(outcome.error),
        JSON.stringify(outcome.stageTimings),
      ],
    );
    return rows[0] === undefined ? undefined : toJob(rows[0]);
  },

  /** Put a claimed job back in the queue to run again after `delayMs`. */
  async requeueClaimed(
    db: Queryable,
    id: string,
    workerId: string,
    delayMs: number,
    lastError: JobError | null,
    options: { refundAttempt?: boolean; keepPlace?: boolean } = {},
  ): Promise<Job | undefined> {
    // keepPlace: the job goes back where it was in the queue (its run_at), its last error unchanged.
    const { rows } = await db.query<JobRow>(
      `UPDATE jobs
          SET status = 'queued', locked_by = NULL, lease_expires_at = NULL, progress = 0,
              run_at = CASE WHEN $6 THEN run_at ELSE now() + $3::interval END,
              error = CASE WHEN $6 THEN error ELSE $4::jsonb END,
              attempts = CASE WHEN $5 THEN greatest(attempts - 1, 0) ELSE attempts END
        WHERE id = $1 AND locked_by = $2 AND status = 'processing'
       RETURNING *`,
      [id, workerId, intervalMs(delayMs), lastError === null ? null : JSON.stringify(lastError), options.refundAttempt === true, options.keepPlace === true],
    );
    return rows[0] === undefined ? undefined : toJob(rows[0]);
  },

  /**
   * Lock jobs whose worker stopped renewing its lease, for the maintenance
   * loop to send through the normal failure path. Must run in a transaction.
   */
  async lockExpired(tx: Queryable, limit: number): Promise<Job[]> {
    const { rows } = await tx.query<JobRow>(
      `SELECT * FROM jobs
        WHERE status = 'processing' AND lease_expires_at < now()
        ORDER BY lease_expires_at
        LIMIT $1
        FOR UPDATE SKIP LOCKED`,
      [limit],
    );
    return rows.map(toJob);
  },

  async cancelQueued(db: Queryable, id: string, teamId: string, error: JobError): Promise<Job | undefined> {
    const { rows } = await db.query<JobRow>(
      `UPDATE jobs SET status = 'canceled', error = $3, finished_at = now(), cancel_requested_at = now()
        WHERE id = $1 AND team_id = $2 AND status = 'queued'
       RETURNING *`,
      [id, teamId, JSON.stringify(error)],
    );
    return rows[0] === undefined ? undefined : toJob(rows[0]);
  },

  async requestCancel(db: Queryable, id: string, teamId: string): Promise<Job | undefined> {
    const { rows } = await db.query<JobRow>(
      `UPDATE jobs SET cancel_requested_at = coalesce(cancel_requested_at, now())
        WHERE id = $1 AND team_id = $2 AND status = 'processing'
       RETURNING *`,
      [id, teamId],
    );
    return rows[0] === undefined ? undefined : toJob(rows[0]);
  },

  async countByStatus(db: Queryable): Promise<Record<JobStatus, number>> {
    const { rows } = await db.query<{ status: JobStatus; count: number | string }>(
      'SELECT status, count(*) AS count FROM jobs GROUP BY status',
    );
    const counts = Object.fromEntries(JOB_STATUSES.map((status) => [status, 0])) as Record<JobStatus, number>;
    for (const row of rows) counts[row.status] = Number(row.count);
    return counts;
  },

  /** Ended jobs whose files outlived the retention period. */
  async listPurgeable(db: Queryable, olderThanMs: number, limit: number): Promise<Job[]> {
    const { rows } = await db.query<JobRow>(
      `SELECT * FROM jobs
        WHERE purged_at IS NULL AND finished_at IS NOT NULL AND finished_at < now() - $1::interval
        ORDER BY finished_at
        LIMIT $2`,
      [intervalMs(olderThanMs), limit],
    );
    return rows.map(toJob);
  },

  /** Which of these ids are jobs whose files are still kept (they exist and retention has not purged them). */
  async keptIds(db: Queryable, ids: readonly string[]): Promise<Set<string>> {
    const { rows } = await db.query<{ id: string }>('SELECT id FROM jobs WHERE id = ANY($1::text[]) AND purged_at IS NULL', [ids]);
    return new Set(rows.map((row) => row.id));
  },

  async markPurged(db: Queryable, id: string): Promise<void> {
    await db.query('UPDATE jobs SET purged_at = now() WHERE id = $1', [id]);
  },
};
