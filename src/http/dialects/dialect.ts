import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { DrapeError } from '../../errors.js';
import { installAuth } from '../auth.js';
import { recordError } from '../error-handler.js';
import type { HttpServices } from '../services.js';

/**
 * A compatibility dialect: another service's public API, spoken by Drape so
 * that its clients only change their base URL and key. A dialect translates
 * requests onto the native services (SubmissionService, JobService, the presenter)
 * and their answers back into its own field names, status words and error
 * bodies; it holds no state and no logic of its own.
 */
export interface Dialect {
  /** Stored as the source of the jobs it accepts; picks their webhook body. */
  name: string;
  /** The OpenAPI tag its routes are listed under. */
  tag: { name: string; description: string };
  /** This dialect's status and body for an error (the request, for ids some dialects echo). */
  errorResponse(error: DrapeError, request: FastifyRequest): { status: number; body: unknown };
  register(scope: FastifyInstance, services: HttpServices): void;
}

/**
 * Register a dialect's routes in their own authenticated scope, where every
 * error (validation, auth, rate limits, engine outcomes) is answered in the
 * dialect's error shape.
 */
export async function registerDialect(app: FastifyInstance, services: HttpServices, dialect: Dialect): Promise<void> {
  await app.register(async (scope) => {
    installAuth(scope, services);
    scope.setErrorHandler((error: unknown, request: FastifyRequest, reply: FastifyReply) => {
      const { status, body } = dialect.errorResponse(recordError(error, request, reply, services.metrics), request);
      return reply.status(status).type('application/json').send(body);
    });
    dialect.register(scope, services);
  });
}
