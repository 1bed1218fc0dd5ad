import { monotonicFactory } from 'ulidx';

const ulid = monotonicFactory();
// Request ids need no unpredictability; the crypto source cost ~6 % of a job read (16 calls per id).
const cheapUlid = monotonicFactory(() => Math.random());

export type IdPrefix = 'job' | 'team' | 'key' | 'whd' | 'wha' | 'req' | 'led';

/**
 * Prefixed, time-ordered ids (`job_01j…`): readable in logs, and sortable, so
 * the newest-first listing can use the id itself as its cursor.
 */
export function newId(prefix: IdPrefix): string {
  return `${prefix}_${ulid().toLowerCase()}`;
}

/** A time-ordered request id from a fast, non-cryptographic source: for tracing only. */
export function newRequestId(): string {
  return `req_${cheapUlid().toLowerCase()}`;
}

