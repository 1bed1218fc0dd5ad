import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import type { Db, Queryable, QueryResult } from './db.js';

/**
 * Embedded PostgreSQL (WASM) in this process. It has one connection: queries
 * and transactions are serialised by PGlite itself, so a long transaction
 * delays everything else — keep them short.
 */
export class PgliteDb implements Db {
  readonly kind = 'pglite' as const;

  private constructor(private readonly pg: PGlite) {}

  /** `dataDir` undefined: an in-memory database (tests). */
  static async open(dataDir: string | undefined): Promise<PgliteDb> {
    if (dataDir !== undefined) await mkdir(dataDir, { recursive: true });
    const pg = await PGlite.create(dataDir === undefined ? undefined : dataDir);
    return new PgliteDb(pg);
  }

  async query<Row>(sql: string, params: readonly unknown[] = []): Promise<QueryResult<Row>> {
    const result = await this.pg.query<Row>(sql, params as unknown[]);
    return { rows: result.rows, rowCount: result.affectedRows ?? result.rows.length };
  }

  async transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
    return this.pg.transaction(async (tx) =>
      work({
        async query<Row>(sql: string, params: readonly unknown[] = []) {
          const result = await tx.query<Row>(sql, params as unknown[]);
          return { rows: result.rows, rowCount: result.affectedRows ?? result.rows.length };
        },
      }),
    );
  }

  async exec(sql: string): Promise<void> {
    await this.pg.exec(sql);
  }

  async listen(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>> {
    return this.pg.listen(channel, onPayload);
  }

  async close(): Promise<void> {
    if (!this.pg.closed) await this.pg.close();
  }
}
