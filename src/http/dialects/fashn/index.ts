/**
 * FASHN (docs.fashn.ai, and its `fashn` SDK): POST /v1/run {model_name,
 * inputs} answers {id, error: null}; GET /v1/status/{id} answers {id, status,
 * output, error} with FASHN's statuses and run-time error names, which is
 * also the webhook body (?webhook_url=); GET /v1/credits the balance. Errors
 * before a prediction exists are {error: <Name>, message} with FASHN's
 * statuses. Key as Authorization: Bearer.
 */
import type { Dialect } from '../dialect.js';
import { registerFashnCredits } from './credits.get.js';
import { fashnErrorResponse } from './error-response.js';
import { registerFashnRun } from './run.create.js';
import { registerFashnStatus } from './status.get.js';

export const fashn: Dialect = {
  name: 'fashn',
  tag: { name: 'fashn', description: 'FASHN API compatibility: the same requests and answers as api.fashn.ai, for its SDKs.' },
  errorResponse: fashnErrorResponse,
  register(scope, services) {
    registerFashnRun(scope, services);
    registerFashnStatus(scope, services);
    registerFashnCredits(scope, services);
  },
};
