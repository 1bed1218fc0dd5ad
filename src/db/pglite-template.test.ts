import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { migrate } from './migrate.js';
import { PgliteDb } from './pglite-db.js';
import { buildTemplate, copyTemplate } from './pglite-template.js';

test('a data folder copied from the template opens migrated: nothing left to apply, the tables there', async () => {
  const root = await mkdtemp(join(tmpdir(), 'drape-template-'));
  try {
    const template = await buildTemplate(join(root, 'template'));
    // The build left no staging folder beside it.
    assert.deepEqual(await readdir(root), ['template']);
    const dataDir = join(root, 'data');
    assert.equal(await copyTemplate(dataDir, template), true);
    const db = await PgliteDb.open(dataDir);
    try {
      assert.deepEqual(await migrate(db), []);
      const { rows } = await db.query<{ count: number }>('SELECT count(*)::int AS count FROM jobs');
      assert.deepEqual(rows, [{ count: 0 }]);
    } finally {
      await db.close();
    }
    assert.equal(await copyTemplate(join(root, 'other'), join(root, 'no-template')), false, 'no template: nothing copied');
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});
