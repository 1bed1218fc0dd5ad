import { readFile, rm, writeFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { migrate } from './migrate.js';
import { PgliteDb } from './pglite-db.js';

const RUNNING_TYPESCRIPT = extname(fileURLToPath(import.meta.url)) === '.ts';
/**
 * A migrated, empty embedded database, made by `npm run build` (so by
 * `npm install`) beside the built code. Creating a PGlite database from
 * nothing runs initdb in WebAssembly, 4× slower than unpacking this (34 s
 * against 8.7 s on a loaded 2-core machine): it is most of a first start.
 * It holds the schema only, no secret and no team.
 */
export const TEMPLATE_FILE = fileURLToPath(new URL(`../../${RUNNING_TYPESCRIPT ? 'dist/' : ''}db-template.tar.gz`, import.meta.url));

/** The template, if the build made one. */
export async function readTemplate(): Promise<Blob | undefined> {
  const bytes = await readFile(TEMPLATE_FILE).catch(() => undefined);
  return bytes === undefined ? undefined : new Blob([new Uint8Array(bytes)]);
}

/** Make the template: a fresh database with every migration applied, dumped. */
export async function buildTemplate(file = TEMPLATE_FILE): Promise<number> {
  const pg = await PGlite.create();
  const db = PgliteDb.wrap(pg);
  try {
    await migrate(db);
    const dump = await pg.dumpDataDir('gzip');
    await rm(file, { force: true });
    await writeFile(file, new Uint8Array(await dump.arrayBuffer()));
    return dump.size;
  } finally {
    await db.close();
  }
}
