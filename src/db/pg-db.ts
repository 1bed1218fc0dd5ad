import pg from 'pg';
import type { Db, Queryable, QueryResult } from './db.js';

// timestamptz and bigint as JS values the stores expect.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

const POOL_SIZE = 10;

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
    const result = await this.pool.query(sql, params as unknown[]);
    return { rows: result.rows as Row[], rowCount: result.rowCount ?? 0 };
  }

  async transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
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
      throw error;
    } finally {
      client.release();
    }
  }

  async exec(sql: string): Promise<void> {
    await this.pool.query(sql);
  }

  async tryLock(id: number): Promise<(() => Promise<void>) | undefined> {
    // The lock belongs to a session: this connection stays out of the pool while it is held.
    const client = await this.pool.connect();
    try {
      const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [id]);
      if (rows[0]?.locked !== true) {
        client.release();
        return undefined;
      }
    } catch (error) {
      client.release(error as Error);
      throw error;
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
