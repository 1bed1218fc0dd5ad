/**
 * Huhu try-on v1 (../shared/specs/huhu-tryon-v1.txt): POST /tryon/v1 with
 * the garment and model images, garment_type and model_type answers
 * {job_id, status: "initiated"}; GET /requests/v1?job_id= answers
 * {job_id, status, output: [{image_url}]}, which is also its webhook body.
 * Key in x-api-key; errors with Huhu's status codes.
 */
import type { Dialect } from '../dialect.js';
import { huhuErrorResponse } from './error-response.js';
import { registerHuhuRequestsGet } from './requests.get.js';
import { registerHuhuTryOnCreate } from './tryon.create.js';

export const huhu: Dialect = {
  name: 'huhu',
  tag: { name: 'huhu', description: 'Huhu try-on v1 compatibility: the same requests and answers as api-service.huhu.ai.' },
  errorResponse: huhuErrorResponse,
  register(scope, services) {
    registerHuhuTryOnCreate(scope, services);
    registerHuhuRequestsGet(scope, services);
  },
};
