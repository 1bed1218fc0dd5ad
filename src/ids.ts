import { randomBytes } from 'node:crypto';
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


/**
 * A UUIDv7 (RFC 9562: 48-bit Unix ms, then random bits) for the studio API,
 * whose document says "All IDs are UUID or hex strings": a UUID its clients
 * accept, and time-ordered, so lists page on the id.
 */
export function newUuid7(now = Date.now()): string {
  const bytes = randomBytes(16);
  bytes.writeUIntBE(now, 0, 6);
  bytes[6] = 0x70 | (bytes[6]! & 0x0f);
  bytes[8] = 0x80 | (bytes[8]! & 0x3f);
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
