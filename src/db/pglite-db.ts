import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { Db, Queryable, QueryResult } from './db.js';
import { takeLocalLock } from './local-lock.js';

/**
 * Embedded PostgreSQL (WASM) in this process. It has one connection: queries
 * and transactions are serialised by PGlite itself, so a long transaction
 * delays everything else — keep them short.
 */
export class PgliteDb implements Db {
  readonly kind = 'pglite' as const;
  private readonly locks = new Set<number>();

  private constructor(
    private readonly pg: PGlite,
    private readonly lockFile: string | undefined,
  ) {}

  /**
   * `dataDir` undefined: an in-memory database (tests). A new data folder
   * starts from the build's migrated template when there is one.
   */
  static async open(dataDir: string | undefined): Promise<PgliteDb> {
    if (dataDir === undefined) return new PgliteDb(await PGlite.create(), undefined);
    await mkdir(dataDir, { recursive: true });
    const lockFile = await takeLock(dataDir);
    try {
      return new PgliteDb(await createOrOpen(dataDir), lockFile);
    } catch (error) {
      await rm(lockFile, { force: true });
      throw error;
    }
  }

  /** An already open PGlite (the template builder's in-memory one). */
  static wrap(pg: PGlite): PgliteDb {
    return new PgliteDb(pg, undefined);
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

  async tryLock(id: number): Promise<(() => Promise<void>) | undefined> {
    return takeLocalLock(this.locks, id);
  }

  async listen(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>> {
    return this.pg.listen(channel, onPayload);
  }

  async close(): Promise<void> {
    if (!this.pg.closed) await this.pg.close();
    if (this.lockFile !== undefined) await rm(this.lockFile, { force: true });
  }
}

async function createOrOpen(dataDir: string): Promise<PGlite> {
  const fresh = !existsSync(join(dataDir, 'PG_VERSION'));
  // Imported here: pglite-template imports this module.
  const copied = fresh && (await (await import('./pglite-template.js')).copyTemplate(dataDir));
  if (!copied) return PGlite.create(dataDir);
  try {
    return await PGlite.create(dataDir);
  } catch {
    // A template from another PGlite version: start from nothing, as without one.
    for (const entry of await readdir(dataDir)) if (entry !== LOCK_FILE) await rm(join(dataDir, entry), { recursive: true, force: true });
    return PGlite.create(dataDir);
  }
}

/**
 * PGlite opens a data directory a second time without complaint, and the two
 * processes then overwrite each other's pages. A lock file with the owner's
 * pid keeps a second server, or the admin CLI, out while one is running; a
 * lock left by a process that died is taken over.
 */
const LOCK_FILE = 'drape.lock';

async function takeLock(dataDir: string): Promise<string> {
  const lockFile = join(dataDir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      await writeFile(lockFile, String(process.pid), { flag: 'wx' });
      return lockFile;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const owner = Number((await readFile(lockFile, 'utf8').catch(() => '')).trim());
    if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && isAlive(owner)) {
      throw new DatabaseInUseError(dataDir, owner);
    }
    await rm(lockFile, { force: true });
  }
  throw new DatabaseInUseError(dataDir, undefined);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export class DatabaseInUseError extends Error {
  constructor(dataDir: string, pid: number | undefined) {
    super(
      `The embedded database in ${dataDir} is in use${pid === undefined ? '' : ` by process ${pid}`} (a running Drape server?). ` +
        'Stop that process first, or share a PostgreSQL server between processes with DATABASE_URL.',
    );
    this.name = 'DatabaseInUseError';
  }
}

