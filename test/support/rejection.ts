import assert from 'node:assert/strict';
import { isDrapeError } from '../../src/errors.js';

/** The code and field of the DrapeError a promise rejects with; fails the test if it resolves or throws anything else. */
export async function rejection(promise: Promise<unknown>): Promise<{ code: string; field: string | undefined }> {
  try {
    await promise;
  } catch (error) {
    assert.ok(isDrapeError(error), `expected a DrapeError, got ${String(error)}`);
    return { code: error.code, field: error.field };
  }
  assert.fail('expected a rejection');
}
