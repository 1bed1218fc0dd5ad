import type { FastifyRequest } from 'fastify';

/**
 * Seconds a client asked to wait, from `Prefer: wait=N` (RFC 7240) or
 * `?wait=N`, capped at the configured maximum. 0 when not asked.
 */
export function requestedWaitSeconds(request: FastifyRequest, maxSeconds: number): number {
  const query = (request.query as { wait?: number | string } | undefined)?.wait;
  let seconds = query === undefined ? 0 : Number(query);
  const prefer = request.headers.prefer;
  const match = typeof prefer === 'string' ? /(?:^|[,;\s])wait\s*=\s*(\d+)/i.exec(prefer) : null;
  if (match !== null) seconds = Number(match[1]);
  if (!Number.isFinite(seconds) || seconds < 0) return 0;
  return Math.min(seconds, maxSeconds);
}
