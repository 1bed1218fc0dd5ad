import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';
import { configTable } from '../scripts/config-table.js';

test("the README's configuration table is the one the code describes", async () => {
  const readme = await readFile(new URL('../README.md', import.meta.url), 'utf8');
  assert.ok(readme.includes(configTable()), 'run `npm run config:table` and paste it into the README');
});

test('the README has the two set-up commands, and .ci/run calls the test one', async () => {
  const readme = await readFile(new URL('../README.md', import.meta.url), 'utf8');
  assert.match(readme, /^npm install && npm start\s/m);
  assert.match(readme, /^npm test\s/m);
  const ci = await readFile(new URL('../.ci/run', import.meta.url), 'utf8');
  assert.match(ci.trim().split('\n').at(-1)!, /^npm test$/);
});
