import assert from 'node:assert/strict';
import { test } from 'node:test';
import { longestRunMs } from './job-transitions.js';

test('longestRunMs: every attempt within timeout + 1.5 leases, backoff of at most 75 s between attempts', () => {
  // The defaults: JOB_TIMEOUT 120 s, JOB_LEASE 30 s, JOB_MAX_ATTEMPTS 3 → 3 × 165 s + 2 × 75 s, as the README says.
  assert.equal(longestRunMs({ jobTimeoutMs: 120_000, leaseMs: 30_000, maxAttempts: 3 }), 645_000);
  assert.equal(longestRunMs({ jobTimeoutMs: 1_000, leaseMs: 2_000, maxAttempts: 1 }), 4_000);
});
