/**
 * Refine through the built-in engine's dispatch (`run` with operation
 * 'refine'), as the worker pool calls it: a coarse result from the engine's
 * own try-on of a person in another garment is refined, and an input error
 * keeps its code through the engine's error wrapping.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createBuiltinEngine } from '../../src/engines/builtin/index.js';
import type { Engine } from '../../src/engines/engine.js';
import { isDrapeError } from '../../src/errors.js';
import { fixturesAvailable, fixturesDir, loadGarment, loadPerson, recordingContext, tryOnOptions } from '../support/engine-fixtures.js';

const skipReason = fixturesAvailable() ? false : `fixtures not found at ${fixturesDir()} (set DRAPE_FIXTURES)`;
let engine: Engine;

before(async () => {
  if (skipReason) return;
  engine = createBuiltinEngine({ warmUp: false });
  await engine.init();
});
after(async () => {
  await engine?.dispose?.();
});

test('engine.run refines a coarse try-on of another person', { skip: skipReason }, async () => {
  assert.ok(engine.operations.includes('refine'));
  const person = await loadPerson('02849_00.jpg'); // white tee
  const garments = [{ image: await loadGarment('14627_00.jpg'), category: 'upper' as const }]; // black top
  const coarse = (await engine.run({ operation: 'tryon', person, garments, options: tryOnOptions() }, recordingContext())).image;
  const refined = await engine.run({ operation: 'refine', person, garments, coarse, options: tryOnOptions({ gender: 'woman' }) }, recordingContext());
  assert.equal(refined.image.width, person.width);
  assert.equal(refined.image.height, person.height);
  let diff = 0;
  for (let i = 0; i < coarse.data.length; i++) diff += Math.abs(coarse.data[i]! - refined.image.data[i]!);
  assert.ok(diff > 0, 'the refined image differs from the coarse one');
  assert.equal((refined.info!.categories as { category: string }[])[0]!.category, 'upper');
  const wide = { width: 1024, height: 768, channels: 3 as const, data: new Uint8Array(1024 * 768 * 3) };
  await assert.rejects(engine.run({ operation: 'refine', person, garments, coarse: wide, options: tryOnOptions() }, recordingContext()), (error: unknown) => {
    assert.ok(isDrapeError(error));
    assert.equal(error.code, 'invalid_parameter');
    assert.equal(error.field, 'coarse_image');
    return true;
  });
});
