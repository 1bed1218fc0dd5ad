import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isDrapeError } from '../errors.js';
import { UploadBudget } from './upload-budget.js';

const MB = 1024 * 1024;

test('the budget admits up to its bytes, one key up to half, a lone request always; release gives back once', () => {
  const budget = new UploadBudget(100 * MB);
  const a1 = budget.admit('key_a', 40 * MB);
  assert.equal(a1.ok, true);
  // key_a would hold 80 MB, over its half (50 MB): 429.
  assert.deepEqual(budget.admit('key_a', 40 * MB), { ok: false, code: 'rate_limit_exceeded', retryAfterSeconds: 1 });
  const b1 = budget.admit('key_b', 50 * MB);
  assert.equal(b1.ok, true);
  // 90 MB in flight: 20 MB more is over 100 MB for anyone: 503.
  assert.deepEqual(budget.admit('key_c', 20 * MB), { ok: false, code: 'service_unavailable', retryAfterSeconds: 1 });
  if (a1.ok) {
    a1.release();
    a1.release();
  }
  assert.equal(budget.bytesInFlight, 50 * MB);
  assert.equal(budget.admit('key_c', 20 * MB).ok, true);
  // Alone, a request larger than the whole budget is still taken.
  const lone = new UploadBudget(10 * MB);
  assert.equal(lone.admit('key_a', 60 * MB).ok, true);
});

test('hold: a refusal is the DrapeError a client sees (429 for the key share, 503 for the process) with Retry-After', () => {
  const budget = new UploadBudget(100 * MB);
  const release = budget.hold('key_a', 40 * MB);
  const refused = (code: string) => (error: unknown) =>
    isDrapeError(error) && error.code === code && error.retryable && error.headers?.['retry-after'] === '1';
  assert.throws(() => budget.hold('key_a', 40 * MB), refused('rate_limit_exceeded'));
  budget.hold('key_b', 50 * MB);
  assert.throws(() => budget.hold('key_c', 20 * MB), refused('service_unavailable'));
  release();
  assert.equal(budget.bytesInFlight, 50 * MB);
});
