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
/**
 * What `pg` throws, without a SQLSTATE, when its connection broke or never
 * came: a broken connection, no connection within DB_CONNECT_TIMEOUT (pool
 * and client say it differently), no answer within DB_QUERY_TIMEOUT.
 */
const CONNECTION_FAULT = /Connection terminated|connection error|not queryable|timeout exceeded when trying to connect|Query read timeout/i;

/**
 * Re-opening the LISTEN connection after it broke: first after 100 ms, then
 * twice as long each time up to 5 s, ±25 % so that many processes do not
 * come back in step. A restarted PostgreSQL takes 1–5 s to accept
 * connections again (2.4 s in test/cluster/postgres-outage.test.ts).
 */
const LISTEN_RETRY_FIRST_MS = 100;
const LISTEN_RETRY_MAX_MS = 5_000;
/**
 * How often the LISTEN connection is checked with a query. A database host
 * that drops packets breaks no connection by itself, and an idle connection
 * would wait for TCP keepalive (minutes) to notice; a check that gets no
 * answer within DB_QUERY_TIMEOUT reopens it.
 */
const LISTEN_CHECK_MS = 10_000;

/** Limits on waiting for PostgreSQL (DB_CONNECT_TIMEOUT, DB_QUERY_TIMEOUT); absent: wait as long as the driver does. */
interface PgTimeouts {
  connectMs: number;
  queryMs: number;
}

function clientTimeouts(timeouts: PgTimeouts | undefined): pg.ClientConfig {
  if (timeouts === undefined) return {};
  return {
    connectionTimeoutMillis: timeouts.connectMs,
    // Client side: a host that answers nothing. Server side: a statement that runs too long is stopped there too.
    query_timeout: timeouts.queryMs,
    statement_timeout: timeouts.queryMs,
    keepAlive: true,
  };
}

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

/**
 * A PostgreSQL server through a `pg` pool; LISTEN on one dedicated client,
 * opened again (with backoff) whenever it breaks, so that NOTIFY wake-ups
 * come back after a PostgreSQL restart instead of leaving only polling.
 */
export class PgDb implements Db {
  readonly kind = 'postgres' as const;
  private listener: pg.Client | undefined;
  private readonly handlers = new Map<string, Set<(payload: string) => void>>();
  private readonly restoredHandlers = new Set<() => void>();
  private reopenTimer: NodeJS.Timeout | undefined;
  private checkTimer: NodeJS.Timeout | undefined;
  private closed = false;

  private constructor(
    private readonly pool: pg.Pool,
    private readonly url: string,
    private readonly timeouts: PgTimeouts | undefined,
  ) {}

  static async connect(url: string, timeouts?: PgTimeouts): Promise<PgDb> {
    const pool = new pg.Pool({ connectionString: url, max: POOL_SIZE, ...clientTimeouts(timeouts) });
    // Idle clients can error when the server restarts; the pool replaces them.
    pool.on('error', () => {});
    const client = await pool.connect();
    client.release();
    return new PgDb(pool, url, timeouts);
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
      client.release();
      return result;
    } catch (error) {
      const fault = whenUnavailable(error);
      if (fault !== error) {
        // A broken or silent connection goes out of the pool rather than back into it.
        client.release(error as Error);
        throw fault;
      }
      await client.query('ROLLBACK').catch(() => {});
      client.release();
      throw error;
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

  async listen(channel: string, onPayload: (payload: string) => void, onRestored?: () => void): Promise<() => Promise<void>> {
    if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new Error(`bad channel name ${channel}`);
    let set = this.handlers.get(channel);
    const added = set === undefined;
    if (set === undefined) {
      set = new Set();
      this.handlers.set(channel, set);
    }
    set.add(onPayload);
    if (onRestored !== undefined) this.restoredHandlers.add(onRestored);
    if (this.listener === undefined && this.reopenTimer === undefined) {
      // The first subscription opens the connection (LISTENing every channel); a failure here fails the start.
      this.listener = await this.openListener();
      this.checkTimer ??= setInterval(() => void this.checkListener(), LISTEN_CHECK_MS).unref();
    } else if (added && this.listener !== undefined) {
      await this.listener.query(`LISTEN ${channel}`);
    }
    // While the connection is being reopened, the reopening LISTENs the new channel.
    return async () => {
      set.delete(onPayload);
      if (onRestored !== undefined) this.restoredHandlers.delete(onRestored);
    };
  }

  private async openListener(): Promise<pg.Client> {
    const client = new pg.Client({ connectionString: this.url, ...clientTimeouts(this.timeouts) });
    client.on('error', () => {});
    client.on('notification', (message) => {
      for (const handler of this.handlers.get(message.channel) ?? []) handler(message.payload ?? '');
    });
    try {
      await client.connect();
      for (const channel of this.handlers.keys()) await client.query(`LISTEN ${channel}`);
    } catch (error) {
      void client.end().catch(() => {});
      throw error;
    }
    client.once('end', () => this.listenerLost(client));
    return client;
  }

  /** The LISTEN connection ended (a restart, a network fault, a failed check): open another, unless closing. */
  private listenerLost(client: pg.Client): void {
    if (this.listener !== client) return;
    this.listener = undefined;
    void client.end().catch(() => {});
    if (!this.closed) this.reopenListener(LISTEN_RETRY_FIRST_MS);
  }

  private reopenListener(delayMs: number): void {
    const jittered = delayMs * (0.75 + Math.random() * 0.5);
    this.reopenTimer = setTimeout(() => {
      void this.openListener().then(
        (client) => {
          this.reopenTimer = undefined;
          if (this.closed) {
            void client.end().catch(() => {});
            return;
          }
          this.listener = client;
          // Notifications sent while it was away are lost: the subscribers look again.
          for (const handler of this.restoredHandlers) handler();
        },
        () => {
          if (this.closed) this.reopenTimer = undefined;
          else this.reopenListener(Math.min(delayMs * 2, LISTEN_RETRY_MAX_MS));
        },
      );
    }, jittered);
    this.reopenTimer.unref();
  }

  private async checkListener(): Promise<void> {
    const client = this.listener;
    if (client === undefined) return;
    try {
      await client.query('SELECT 1');
    } catch {
      this.listenerLost(client);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.reopenTimer);
    clearInterval(this.checkTimer);
    const listener = this.listener;
    this.listener = undefined;
    await listener?.end().catch(() => {});
    await this.pool.end();
  }
}
