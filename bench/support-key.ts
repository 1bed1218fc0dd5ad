import { newApiKey } from '../src/accounts/api-key.js';

/** The benchmark server's admin key (DRAPE_ADMIN_KEY), fresh each run. */
export const BENCH_KEY = newApiKey();
export const AUTH_HEADERS = { authorization: `Bearer ${BENCH_KEY}` } as const;

/**
 * The server's environment for accounts: the admin key, and limits so high
 * that the benchmark measures the API, not the limits (which still run on
 * every request).
 */
export const UNLIMITED_ACCOUNT_ENV = {
  DRAPE_ADMIN_KEY: BENCH_KEY,
  NEW_TEAM_CREDITS: '1000000000',
  RATE_LIMIT: '1000000',
  RATE_BURST: '1000000',
  POLL_RATE_LIMIT: '1000000',
  POLL_RATE_BURST: '1000000',
  CONCURRENCY_LIMIT: '1000',
};
