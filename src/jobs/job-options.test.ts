import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Job } from '../db/job-store.js';
import { DEFAULT_TRYON_OPTIONS, type TryOnOptions } from '../engines/engine.js';
import { jobSpec } from './job-options.js';

/** A job row as the database gives it back: the options went through JSON. */
const row = (fields: { operation?: string; options?: unknown; outputFormat?: string }) =>
  ({
    operation: fields.operation ?? 'tryon',
    options: JSON.parse(JSON.stringify(fields.options ?? DEFAULT_TRYON_OPTIONS)) as Record<string, unknown>,
    outputFormat: fields.outputFormat ?? 'png',
  }) as Job;

test('a stored job reads back as the spec it was submitted with, every option kept', () => {
  const options: TryOnOptions = {
    ...DEFAULT_TRYON_OPTIONS,
    outputSize: { width: 512, height: 768 },
    repaintOtherGarment: true,
    gender: 'woman',
    samples: 3,
    seed: 7,
    garmentPhotoType: 'flat-lay',
    engine: 'fashn',
    requires: ['tryon-v1.6'],
    minQuality: 0.4,
  };
  assert.deepEqual(jobSpec(row({ operation: 'refine', options, outputFormat: 'webp' })), { operation: 'refine', options, outputFormat: 'webp' });
});

test('a row no submission writes is no spec', () => {
  assert.equal(jobSpec(row({ options: { ...DEFAULT_TRYON_OPTIONS, preset: 'ultra' } })), undefined);
  assert.equal(jobSpec(row({ options: { preserveHands: true } })), undefined);
  assert.equal(jobSpec(row({ operation: 'teleport' })), undefined);
  assert.equal(jobSpec(row({ outputFormat: 'gif' })), undefined);
});
