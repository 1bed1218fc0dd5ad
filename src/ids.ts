import { monotonicFactory } from 'ulidx';

const ulid = monotonicFactory();

export type IdPrefix = 'job' | 'team' | 'key' | 'whd' | 'wha' | 'req' | 'led';

/**
 * Prefixed, time-ordered ids (`job_01j…`): readable in logs, and sortable, so
 * the newest-first listing can use the id itself as its cursor.
 */
export function newId(prefix: IdPrefix): string {
  return `${prefix}_${ulid().toLowerCase()}`;
}

const ID_PATTERN = /^[a-z]{3,4}_[0-9a-hjkmnp-tv-z]{26}$/;

export function isId(value: string, prefix: IdPrefix): boolean {
  return value.startsWith(`${prefix}_`) && ID_PATTERN.test(value);
}
