/**
 * The engine's behaviour pinned: every golden case (test/engine/golden/golden.json)
 * run again must give the same replaced region, changed share, outside change
 * and verdict within GOLDEN_TOLERANCE. A change made on purpose updates the
 * file with `npm run quality:golden -- --update`.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createEngine } from '../../src/engines/builtin/index.js';
import type { Engine } from '../../src/engines/engine.js';
import { fixturesAvailable, fixturesDir } from '../support/engine-fixtures.js';
import { goldenDifferences, goldenFigures, readGolden } from '../support/golden.js';

const skipReason = fixturesAvailable() ? false : `fixtures not found at ${fixturesDir()} (set DRAPE_FIXTURES)`;
let engine: Engine;

before(async () => {
  if (skipReason) return;
  engine = createEngine();
  await engine.init();
});
after(async () => {
  await engine?.dispose?.();
});

test('every golden case gives its golden figures', { skip: skipReason }, async () => {
  const golden = readGolden();
  assert.ok(golden.length >= 15, 'the golden file holds the pairs and the sample');
  const failures: string[] = [];
  for (const entry of golden) {
    const diff = goldenDifferences(entry.figures, await goldenFigures(engine, entry));
    if (diff.length > 0) failures.push(`${entry.person} + ${entry.garment} (${entry.category}): ${diff.join('; ')}`);
  }
  assert.deepEqual(failures, [], 'the engine changed; if on purpose: npm run quality:golden -- --update');
});
