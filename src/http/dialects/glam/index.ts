/**
 * Glam try-on (../shared/specs/glam-tryon.txt): POST /api/v1/tryon with
 * media_url, garment_url and mask_type answers {event_id}; GET
 * /api/v1/tryon/{event_id} answers {media_urls, status}. Parallel
 * generations are bounded by the team's concurrency slots, as Glam's plan's
 * "max parallel requests".
 */
import { nativeErrorResponse } from '../../error-handler.js';
import type { Dialect } from '../dialect.js';
import { registerGlamTryOnCreate } from './tryon.create.js';
import { registerGlamTryOnGet } from './tryon.get.js';

export const glam: Dialect = {
  name: 'glam',
  tag: { name: 'glam', description: 'Glam try-on compatibility: the same requests and answers as api.glam.ai.' },
  // Glam documents no error body: its clients get the native one, with the same status codes.
  errorResponse: nativeErrorResponse,
  register(scope, services) {
    registerGlamTryOnCreate(scope, services);
    registerGlamTryOnGet(scope, services);
  },
};
