import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { VisionModels } from '../../vision/models.js';
import { warmUpPipeline } from './warm-up.js';

// The warm-up swallows its errors (a failed warm-up must not fail init), so a
// pipeline change that makes the drawn figure fail would only show as slower
// first jobs: check here that every category goes through.
test('the warm-up figure goes through the whole pipeline for every category', async () => {
  // the figure stands in for the models: nothing of the real ones is called
  const models = { human: { tf: {} }, options: { pose: 'blazepose-full', face: true } } as unknown as VisionModels;
  const failures: string[] = [];
  await warmUpPipeline(models, (category, error) => failures.push(`${category}: ${String((error as { code?: string }).code ?? error)}`), 1);
  assert.deepEqual(failures, []);
});
