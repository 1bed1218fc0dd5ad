import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { DrapeError, isDrapeError, type ErrorCode } from '../errors.js';
import type { Metrics } from '../metrics.js';
import { codeToStatus } from './error-status.js';
import { validationError } from './validation-error.js';

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

/** What a validation context validated: the input a missing field is looked up in. */
function validatedInput(request: FastifyRequest | undefined, context: string | undefined): unknown {
  if (request === undefined) return undefined;
  if (context === 'querystring') return request.query;
  if (context === 'params') return request.params;
  if (context === 'headers') return request.headers;
  return request.body;
}

/** Turn anything thrown into a DrapeError; unknown faults become internal_error. */
export function toDrapeError(error: unknown, request?: FastifyRequest): DrapeError {
  if (isDrapeError(error)) return error;
  const fastifyError = error as FastifyError & { validation?: unknown };
  if (hasZodFastifySchemaValidationErrors(fastifyError)) {
    const issue = fastifyError.validation[0]!;
    const path = issue.instancePath.split('/').filter((part) => part !== '');
    return validationError(path, issue.message ?? 'invalid value', validatedInput(request, fastifyError.validationContext));
  }
  if (error instanceof SyntaxError) return new DrapeError('invalid_request_body', 'The body is not valid JSON.');
  const known = fastifyError.code === undefined ? undefined : FASTIFY_CODES[fastifyError.code];
  if (known !== undefined) return new DrapeError(known[0], known[1]);
  if (fastifyError.statusCode === 404) return new DrapeError('not_found', 'Not found.');
  return new DrapeError('internal_error', 'Something went wrong on our side. It has been logged.', { cause: error });
}

/** The native API's status and body for an error. */
export function nativeErrorResponse(error: DrapeError): { status: number; body: ErrorBody } {
  return { status: codeToStatus(error.code), body: { error: error.toJSON() } };
}

function sendError(reply: FastifyReply, error: DrapeError): FastifyReply {
  const { status, body } = nativeErrorResponse(error);
  return reply.status(status).type('application/json').send(body);
}

/**
 * Anything thrown while answering a request, as a Drape error: counted by
 * code and logged (the cause of an internal error is logged, never sent).
 * Its response headers (Retry-After, …) are set on the reply.
 */
export function recordError(error: unknown, request: FastifyRequest, reply: FastifyReply, metrics: Metrics): DrapeError {
  const drapeError = toDrapeError(error, request);
  metrics.httpErrors.inc({ code: drapeError.code });
  if (drapeError.code === 'internal_error') request.log.error({ err: error }, 'unhandled error');
  else request.log.info({ code: drapeError.code, field: drapeError.field }, 'request refused');
  for (const [name, value] of Object.entries(drapeError.headers ?? {})) void reply.header(name, value);
  return drapeError;
}

/**
 * Every error response is `{"error": {code, message, field?}}` with the
 * status of its code.
 */
export function installErrorHandler(app: FastifyInstance, metrics: Metrics): void {
  app.setErrorHandler((error: unknown, request: FastifyRequest, reply: FastifyReply) =>
    sendError(reply, recordError(error, request, reply, metrics)),
  );
  app.setNotFoundHandler((request, reply) => {
    metrics.httpErrors.inc({ code: 'not_found' });
    return sendError(reply, new DrapeError('not_found', `No route ${request.method} ${request.url.split('?')[0]}.`));
  });
}
