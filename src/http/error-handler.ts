import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { DrapeError, isDrapeError, type ErrorCode } from '../errors.js';
import type { Metrics } from '../metrics.js';
import { codeToStatus } from './error-status.js';

export interface ErrorBody {
  error: { code: ErrorCode; message: string; field?: string };
}

/** Fastify's and its plugins' own errors, as Drape errors. */
const FASTIFY_CODES: Record<string, [ErrorCode, string]> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: ['unsupported_content_type', 'Send application/json or multipart/form-data.'],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: ['invalid_request_body', 'The Content-Length does not match the body.'],
  FST_ERR_CTP_EMPTY_JSON_BODY: ['invalid_request_body', 'The JSON body is empty.'],
  FST_ERR_CTP_INVALID_JSON_BODY: ['invalid_request_body', 'The body is not valid JSON.'],
  FST_ERR_CTP_BODY_TOO_LARGE: ['file_size_too_large', 'The request body is too large.'],
  FST_REQ_FILE_TOO_LARGE: ['file_size_too_large', 'An uploaded file is larger than the limit.'],
  FST_PARTS_LIMIT: ['invalid_parameter', 'Too many multipart parts.'],
  FST_FILES_LIMIT: ['invalid_parameter', 'Too many files in the request.'],
  FST_FIELDS_LIMIT: ['invalid_parameter', 'Too many form fields.'],
  FST_INVALID_MULTIPART_CONTENT_TYPE: ['unsupported_content_type', 'The request is not multipart/form-data.'],
};

/** Turn anything thrown into a DrapeError; unknown faults become internal_error. */
export function toDrapeError(error: unknown): DrapeError {
  if (isDrapeError(error)) return error;
  const fastifyError = error as FastifyError & { validation?: unknown };
  if (hasZodFastifySchemaValidationErrors(fastifyError)) {
    const issue = fastifyError.validation[0];
    const path = issue?.instancePath?.replace(/^\//, '').replace(/\//g, '.') || undefined;
    const missing = issue?.message?.includes('received undefined') ?? false;
    const field = path ?? (issue?.params as { missingProperty?: string } | undefined)?.missingProperty;
    return new DrapeError(
      missing ? 'missing_parameter' : 'invalid_parameter',
      `${field ?? fastifyError.validationContext ?? 'request'}: ${issue?.message ?? 'invalid value'}`,
      field === undefined ? {} : { field },
    );
  }
  if (error instanceof SyntaxError) return new DrapeError('invalid_request_body', 'The body is not valid JSON.');
  const known = fastifyError.code === undefined ? undefined : FASTIFY_CODES[fastifyError.code];
  if (known !== undefined) return new DrapeError(known[0], known[1]);
  if (fastifyError.statusCode === 404) return new DrapeError('not_found', 'Not found.');
  return new DrapeError('internal_error', 'Something went wrong on our side. It has been logged.', { cause: error });
}

export function sendError(reply: FastifyReply, error: DrapeError): FastifyReply {
  for (const [name, value] of Object.entries(error.headers ?? {})) void reply.header(name, value);
  return reply.status(codeToStatus(error.code)).type('application/json').send({ error: error.toJSON() } satisfies ErrorBody);
}

/**
 * Every error response is `{"error": {code, message, field?}}` with the
 * status of its code. The cause of an internal error is logged, never sent.
 */
export function installErrorHandler(app: FastifyInstance, metrics: Metrics): void {
  app.setErrorHandler((error: unknown, request: FastifyRequest, reply: FastifyReply) => {
    const drapeError = toDrapeError(error);
    metrics.httpErrors.inc({ code: drapeError.code });
    if (drapeError.code === 'internal_error') request.log.error({ err: error }, 'unhandled error');
    else request.log.info({ code: drapeError.code, field: drapeError.field }, 'request refused');
    return sendError(reply, drapeError);
  });
  app.setNotFoundHandler((request, reply) => {
    metrics.httpErrors.inc({ code: 'not_found' });
    return sendError(reply, new DrapeError('not_found', `No route ${request.method} ${request.url.split('?')[0]}.`));
  });
}
