import { existsSync } from 'node:fs';
import { cp, mkdtemp, rename, rm } from 'node:fs/promises';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { migrate } from './migrate.js';
import { PgliteDb } from './pglite-db.js';

const RUNNING_TYPESCRIPT = extname(fileURLToPath(import.meta.url)) === '.ts';
/**
 * A migrated, empty embedded database, made by `npm run build` (so by
 * `npm install`) beside the built code: a PGlite data folder, shut down
 * cleanly. Creating a PGlite database from nothing runs initdb in
 * WebAssembly (34 s on a loaded 2-core machine): it would be most of a first
 * start. A folder rather than PGlite's own tar.gz dump, because a first start
 * then copies files instead of gunzipping and untarring 39 MB in JavaScript
 * on the main thread (about 2 s of main-thread CPU of the 3 s a first start
 * took). It holds the schema only, no secret and no team.
 */
const TEMPLATE_DIR = fileURLToPath(new URL(`../../${RUNNING_TYPESCRIPT ? 'dist/' : ''}db-template`, import.meta.url));

/** Make a new data folder a copy of the template; false when the build made none. */
export async function copyTemplate(dataDir: string, template = TEMPLATE_DIR): Promise<boolean> {
  if (!existsSync(join(template, 'PG_VERSION'))) return false;
  await cp(template, dataDir, { recursive: true, force: false, errorOnExist: false });
  return true;
}

/** Make the template: a fresh database with every migration applied, shut down cleanly. Returns its folder. */
export async function buildTemplate(template = TEMPLATE_DIR): Promise<string> {
  // Built beside the final folder and renamed into place, so that a build stopped halfway leaves no half template.
  const staging = await mkdtemp(join(dirname(template), '.db-template-'));
  try {
    const db = PgliteDb.wrap(await PGlite.create(staging));
    try {
      await migrate(db);
    } finally {
      await db.close();
    }
    await rm(template, { recursive: true, force: true });
    await rename(staging, template);
    return template;
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
}
