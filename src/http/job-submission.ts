import type { FastifyRequest } from 'fastify';
import type { Submitter } from '../jobs/submission.js';

/** Who asks, as the auth hook found it: the request's team, key and id for SubmissionService.submit. */
export function submitterOf(request: FastifyRequest, idempotency?: { key: string; fingerprint: string }): Submitter {
  return {
    teamId: request.teamId,
    keyId: request.keyId,
    requestId: request.id,
    ...(idempotency === undefined ? {} : { idempotencyKey: idempotency.key, fingerprint: idempotency.fingerprint }),
  };
}
