import { openDb, type Db } from '../../src/db/db.js';
import { migrate } from '../../src/db/migrate.js';
import type { DatabaseKind } from './databases.js';
import { testDatabase } from './server.js';

/** A migrated database of the given kind, fresh for the caller; `close()` drops it. */
export async function openTestDb(kind: DatabaseKind): Promise<{ db: Db; url: string | undefined; close: () => Promise<void> }> {
  const database = await testDatabase(kind);
  const db =
    kind === 'pglite'
      ? await openDb({ dataDir: `${database.dataDir}/db` })
      : await openDb({ databaseUrl: database.env.DATABASE_URL, dataDir: database.dataDir });
  await migrate(db);
  return {
    db,
    url: database.env.DATABASE_URL,
    close: async () => {
      await db.close();
      await database.cleanup();
    },
  };
}
