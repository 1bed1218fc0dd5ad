/**
 * Drape's TypeScript client: `import { DrapeClient } from 'drape'`.
 * Standalone: it imports nothing from the server.
 */
export { DrapeClient, type DrapeClientOptions } from './drape-client.js';
export { DrapeApiError, DrapeConnectionError, DrapeTimeoutError } from './errors.js';
export * from './types.js';
