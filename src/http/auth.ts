import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DrapeError } from '../errors.js';
import type { HttpServices } from './services.js';

/** The headers a key may arrive in: the native API's, and those the dialects' clients send. */
const KEY_HEADERS = ['x-api-key', 'ailabapi-api-key'] as const;
const BEARER = /^Bearer\s+(\S+)\s*$/i;

/** The key a request presents, from whichever header carries it. */
export function presentedKey(request: FastifyRequest): string | undefined {
  const authorization = request.headers.authorization;
  if (typeof authorization === 'string') {
    const bearer = BEARER.exec(authorization)?.[1];
    if (bearer !== undefined) return bearer;
  }
  for (const name of KEY_HEADERS) {
    const value = request.headers[name];
    if (typeof value === 'string' && value.trim() !== '') return value.trim();
  }
  return undefined;
}

/** The key's team and record, or 401 invalid_auth_token saying whether the key is unknown or revoked. */
export async function authenticate(key: string, request: FastifyRequest, services: HttpServices) {
  const verdict = await services.keys.verify(key, request.id);
  if (!verdict.ok) {
    throw new DrapeError(
      'invalid_auth_token',
      verdict.code === 'revoked_key' ? 'This API key has been revoked.' : 'This API key is not valid.',
    );
  }
  return verdict;
}

/**
 * Authenticate every request of the scope, then apply the key's rate limit:
 * GET requests (status polling, listings) count against the looser polling
 * limit, everything else against the request limit. Every response carries
 * the RateLimit-* headers of the limit it was counted against.
 */
export function installAuth(scope: FastifyInstance, services: HttpServices): void {
  scope.decorateRequest('teamId', '');
  scope.decorateRequest('keyId', '');
  scope.decorateRequest('releaseUpload', null);
  scope.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    const key = presentedKey(request);
    if (key === undefined) {
      throw new DrapeError('invalid_auth_token', 'Send your API key as "Authorization: Bearer sk_…" (or in x-api-key or ailabapi-api-key).');
    }
    const verdict = await authenticate(key, request, services);
    request.teamId = verdict.team.id;
    request.keyId = verdict.key.id;
    request.log = request.log.child({ teamId: verdict.team.id, keyId: verdict.key.id });

    const limits = services.teams.limitsOf(verdict.team);
    const polling = request.method === 'GET' || request.method === 'HEAD';
    const policy = polling ? limits.polling : limits.requests;
    const decision = await services.rateLimiter.take(`${verdict.key.id}:${polling ? 'poll' : 'request'}`, policy);
    void reply.headers({
      'ratelimit-policy': `${decision.limit};w=${decision.windowSeconds}`,
      'ratelimit-limit': String(decision.limit),
      'ratelimit-remaining': String(decision.remaining),
      'ratelimit-reset': String(decision.resetSeconds),
    });
    if (!decision.allowed) {
      throw new DrapeError(
        'rate_limit_exceeded',
        `Too many requests for this key (${policy.perSecond}/s, bursts of ${policy.burst}). Retry in ${decision.retryAfterSeconds} s.`,
        { headers: { 'retry-after': String(decision.retryAfterSeconds) } },
      );
    }
    admitBody(request, reply, services);
  });
}

/** Upload or request body size at most 5 images (person, 3 garments, coarse) of MAX_UPLOAD_BYTES, when undeclared. */
const UNDECLARED_BODY_IMAGES = 5;

/**
 * Charge the request's body to the process's upload budget before it is read
 * (its Content-Length, or the largest body the limits let through when it
 * is chunked), and give it back when the response ends or the client leaves,
 * or earlier once the job is accepted and the request only waits for it.
 */
function admitBody(request: FastifyRequest, reply: FastifyReply, services: HttpServices): void {
  const declared = Number(request.headers['content-length']);
  const chunked = request.headers['transfer-encoding'] !== undefined;
  const bytes = chunked ? UNDECLARED_BODY_IMAGES * services.config.MAX_UPLOAD_BYTES : Number.isFinite(declared) ? declared : 0;
  if (bytes <= 0) return;
  const release = services.uploads.hold(request.keyId, bytes);
  request.releaseUpload = release;
  reply.raw.once('close', release);
}
