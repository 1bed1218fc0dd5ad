/**
 * Pixelcut try-on (../shared/specs/pixelcut-try-on.txt): POST /v1/try-on as
 * JSON or multipart answers 200 {result_url} when it may wait, else 202
 * {job_id} with a Location header to GET /v1/try-on/{job_id}. Errors are
 * {error, error_code} with Pixelcut's codes. Results are JPEG, linked for 1 hour.
 */
import type { Dialect } from '../dialect.js';
import { pixelcutErrorResponse } from './error-response.js';
import { registerPixelcutTryOnCreate } from './tryon.create.js';
import { registerPixelcutTryOnGet } from './tryon.get.js';

export const pixelcut: Dialect = {
  name: 'pixelcut',
  tag: { name: 'pixelcut', description: 'Pixelcut try-on compatibility: the same requests and answers as Pixelcut’s API.' },
  errorResponse: pixelcutErrorResponse,
  register(scope, services) {
    registerPixelcutTryOnCreate(scope, services);
    registerPixelcutTryOnGet(scope, services);
  },
};
