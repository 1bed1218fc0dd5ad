import pg from 'pg';
import { DrapeError } from '../errors.js';
import type { Db, Queryable, QueryResult } from './db.js';

// timestamptz and bigint as JS values the stores expect.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

const POOL_SIZE = 10;
/** Retry-After while the database is away: about the time a restarted or failed-over PostgreSQL takes. */
const RETRY_AFTER_SECONDS = 5;

/** SQLSTATEs that say the server is away, not that the statement was wrong: connection exceptions (class 08), shutdown and start-up, no free connection. */
const UNAVAILABLE_SQLSTATE = /^(08|57P0[123]$|53300$)/;
/** What `pg` throws, without a SQLSTATE, when its connection broke or never came. */
const CONNECTION_FAULT = /Connection terminated|connection error|not queryable/i;

/**
 * A fault of the connection, not of the statement, as the project's one error
 * type: `service_unavailable` (retryable, Retry-After), so that the API
 * answers 503 while the database is down (as it does for the storage) and a
 * worker hands its job back rather than failing it. Anything else is thrown
 * as it came.
 */
function whenUnavailable(error: unknown): unknown {
  const fault = error as { code?: unknown; syscall?: unknown; message?: unknown; severity?: unknown };
  const sqlState = fault.severity !== undefined && typeof fault.code === 'string' ? fault.code : undefined;
  const down =
    sqlState !== undefined
      ? UNAVAILABLE_SQLSTATE.test(sqlState)
      : (typeof fault.syscall === 'string' && typeof fault.code === 'string') || CONNECTION_FAULT.test(String(fault.message ?? ''));
  if (!down) return error;
  return new DrapeError('service_unavailable', 'The database is not available right now; try again shortly.', {
    cause: error,
    retryable: true,
    headers: { 'retry-after': String(RETRY_AFTER_SECONDS) },
  });
}

/** A PostgreSQL server through a `pg` pool; LISTEN on one dedicated client. */
export class PgDb implements Db {
  readonly kind = 'postgres' as const;
  private listener: pg.Client | undefined;
  private readonly handlers = new Map<string, Set<(payload: string) => void>>();

  private constructor(
    private readonly pool: pg.Pool,
    private readonly url: string,
  ) {}

  static async connect(url: string): Promise<PgDb> {
    const pool = new pg.Pool({ connectionString: url, max: POOL_SIZE });
    // Idle clients can error when the server restarts; the pool replaces them.
    pool.on('error', () => {});
    const client = await pool.connect();
    client.release();
    return new PgDb(pool, url);
  }

  async query<Row>(sql: string, params: readonly unknown[] = []): Promise<QueryResult<Row>> {
    try {
      const result = await this.pool.query(sql, params as unknown[]);
      return { rows: result.rows as Row[], rowCount: result.rowCount ?? 0 };
    } catch (error) {
      throw whenUnavailable(error);
    }
  }

  async transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
    const client = await this.pool.connect().catch((error: unknown) => {
      throw whenUnavailable(error);
    });
    try {
      await client.query('BEGIN');
      const result = await work({
        async query<Row>(sql: string, params: readonly unknown[] = []) {
          const res = await client.query(sql, params as unknown[]);
          return { rows: res.rows as Row[], rowCount: res.rowCount ?? 0 };
        },
      });
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {});
      throw whenUnavailable(error);
    } finally {
      client.release();
    }
  }

  async exec(sql: string): Promise<void> {
    await this.query(sql);
  }

  async tryLock(id: number): Promise<(() => Promise<void>) | undefined> {
    // The lock belongs to a session: this connection stays out of the pool while it is held.
    const client = await this.pool.connect().catch((error: unknown) => {
      throw whenUnavailable(error);
    });
    try {
      const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [id]);
      if (rows[0]?.locked !== true) {
        client.release();
        return undefined;
      }
    } catch (error) {
      client.release(error as Error);
      throw whenUnavailable(error);
    }
    return async () => {
      try {
        await client.query('SELECT pg_advisory_unlock($1)', [id]);
        client.release();
      } catch (error) {
        // A dead connection has dropped the lock already; the pool discards it.
        client.release(error as Error);
      }
    };
  }

  async listen(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>> {
    if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new Error(`bad channel name ${channel}`);
    if (this.listener === undefined) {
      const client = new pg.Client({ connectionString: this.url });
      client.on('error', () => {});
      await client.connect();
      client.on('notification', (message) => {
        for (const handler of this.handlers.get(message.channel) ?? []) handler(message.payload ?? '');
      });
      this.listener = client;
    }
    let set = this.handlers.get(channel);
    if (set === undefined) {
      set = new Set();
      this.handlers.set(channel, set);
      await this.listener.query(`LISTEN ${channel}`);
    }
    set.add(onPayload);
    return async () => {
      set.delete(onPayload);
    };
  }

  async close(): Promise<void> {
    await this.listener?.end().catch(() => {});
    this.listener = undefined;
    await this.pool.end();
  }
}
