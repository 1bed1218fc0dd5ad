/**
 * The one thin database interface. Stores (`*-store.ts`) are the only places
 * with SQL; they talk to this, never to a driver. Two implementations:
 * embedded PGlite (the default, on a thread of its own) and a PostgreSQL
 * server through `pg`.
 */
export interface QueryResult<Row> {
  rows: Row[];
  rowCount: number;
}

export interface Queryable {
  query<Row = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<QueryResult<Row>>;
}

export interface Db extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /** Run `work` in one transaction; rolled back if it throws. */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  /** Several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
  /**
   * Take a lock that only one holder among all processes on this database
   * can have (a session advisory lock on PostgreSQL), without waiting.
   * Returns its release, or undefined when another holder has it. A holder
   * that dies loses the lock with its connection.
   */
  tryLock(id: number): Promise<(() => Promise<void>) | undefined>;
  /**
   * Subscribe to NOTIFY on a channel; returns the unsubscribe function.
   * `onRestored` runs when the listening connection broke and was opened
   * again: notifications sent meanwhile are lost, so the subscriber looks
   * for itself (PGlite's never breaks).
   */
  listen(channel: string, onPayload: (payload: string) => void, onRestored?: () => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

export async function openDb(options: {
  databaseUrl?: string | undefined;
  dataDir: string;
  /** PostgreSQL only (DB_CONNECT_TIMEOUT, DB_QUERY_TIMEOUT); absent: the driver's (no limit). */
  timeouts?: { connectMs: number; queryMs: number };
}): Promise<Db> {
  if (options.databaseUrl) {
    const { PgDb } = await import('./pg-db.js');
    return PgDb.connect(options.databaseUrl, options.timeouts);
  }
  const { PgliteThreadDb } = await import('./pglite-thread.js');
  return PgliteThreadDb.open(options.dataDir);
}

/** A duration for a `$n::interval` parameter (PostgreSQL and PGlite read it alike). */
export const intervalMs = (value: number): string => `${Math.round(value)} milliseconds`;
