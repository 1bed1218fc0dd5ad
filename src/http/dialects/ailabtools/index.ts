/**
 * AILabTools try-on clothes refiner (../shared/specs/ailabtools-try-on-clothes-refiner.txt):
 * POST /api/portrait/enhance/try-on-clothes-refiner (multipart) answers a
 * task_id; GET /api/common/query-async-task-result?task_id= answers
 * task_status 0 | 1 | 2 and, once done, output.image_url (valid 24 hours).
 * Every answer carries AILabTools' public response fields; errors use their
 * error_detail codes and statuses. Key in ailabapi-api-key.
 */
import type { Dialect } from '../dialect.js';
import { ailabtoolsErrorResponse } from './error-response.js';
import { registerRefinerCreate } from './refiner.create.js';
import { registerTaskResultGet } from './task-result.get.js';

export const ailabtools: Dialect = {
  name: 'ailabtools',
  tag: {
    name: 'ailabtools',
    description: 'AILabTools try-on clothes refiner compatibility: the same requests and answers as www.ailabapi.com.',
  },
  errorResponse: ailabtoolsErrorResponse,
  register(scope, services) {
    registerRefinerCreate(scope, services);
    registerTaskResultGet(scope, services);
  },
};
