/**
 * Well-formed API keys (valid checksums) for tests. Every test server starts
 * with DRAPE_ADMIN_KEY = TEST_ADMIN_KEY, so its default team answers to it, and
 * `request()` sends it unless told otherwise.
 */
export const TEST_ADMIN_KEY = 'sk_TestAdminKeyForDrapeTests000011zTKcF';
/** Not known to any server until a test creates a team with it. */
export const TEST_OTHER_KEY = 'sk_TestOtherTeamKeyForDrape0000022fxR5l';

