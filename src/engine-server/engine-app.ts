import fastifyMultipart from '@fastify/multipart';
import Fastify, { LogController, type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import fastifySwagger from '@fastify/swagger';
import { jsonSchemaTransform, jsonSchemaTransformObject, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { timingSafeEqual } from 'node:crypto';
import { DrapeError, isDrapeError } from '../errors.js';
import type { ImageLimits } from '../images/image-guard.js';
import type { Logger } from '../logger.js';
import type { SafeFetcher } from '../net/safe-fetch.js';
import { PROTOCOL, type Capabilities } from '../engines/remote/drape-protocol.js';
import { registerCapabilitiesGet } from './routes/capabilities.get.js';
import { registerHealthGet } from './routes/health.get.js';
import { registerTaskCancel } from './routes/tasks.cancel.js';
import { registerTaskCreate } from './routes/tasks.create.js';
import { registerTaskDelete } from './routes/tasks.delete.js';
import { registerTaskGet } from './routes/tasks.get.js';
import { registerTaskImageGet } from './routes/tasks.image.get.js';
import type { TaskTable } from './task-table.js';

export interface EngineServerServices {
  tasks: TaskTable;
  fetcher: SafeFetcher;
  limits: ImageLimits;
  capabilities: () => Capabilities;
  ready: () => boolean;
  /** When set, every request but /v1/health and /openapi.json must carry it as a Bearer token. */
  token: string | undefined;
}

/**
 * The protocol's status for an error: the body's code says what it was,
 * `retryable` whether the caller may try again (503 for a full server).
 */
export function protocolStatus(error: DrapeError): number {
  if (error.code === 'not_found') return 404;
  if (error.code === 'invalid_auth_token') return 401;
  if (error.code === 'service_unavailable') return 503;
  if (error.code === 'file_size_too_large' || error.code === 'payload_too_large') return 413;
  if (error.code === 'internal_error' || error.code.startsWith('engine_')) return 500;
  return 400;
}

function toProtocolError(error: unknown): DrapeError {
  if (isDrapeError(error)) return error;
  const fastifyError = error as FastifyError;
  if (fastifyError.validation !== undefined) return new DrapeError('invalid_parameter', fastifyError.message);
  if (fastifyError.statusCode === 413 || fastifyError.code === 'FST_REQ_FILE_TOO_LARGE') {
    return new DrapeError('file_size_too_large', 'An uploaded file is larger than the limit.');
  }
  if (fastifyError.statusCode !== undefined && fastifyError.statusCode < 500) return new DrapeError('invalid_request_body', fastifyError.message);
  return new DrapeError('internal_error', 'The engine server failed; it has been logged.', { cause: error });
}

function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

interface OpenApiDocument {
  paths?: unknown;
  components?: { schemas?: Record<string, unknown> };
}

/**
 * The document's components less those no route reaches: zod registers every
 * schema with an id in one process-wide registry, so the public API's
 * schemas would otherwise be listed in the engine protocol's description.
 */
function onlyReferencedSchemas(document: OpenApiDocument): OpenApiDocument {
  const all = document.components?.schemas ?? {};
  const kept = new Set<string>();
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (value !== null && typeof value === 'object') {
      for (const [key, inner] of Object.entries(value)) {
        const name = key === '$ref' && typeof inner === 'string' ? inner.replace('#/components/schemas/', '') : undefined;
        if (name !== undefined && !kept.has(name)) {
          kept.add(name);
          visit(all[name]);
        } else visit(inner);
      }
    }
  };
  visit(document.paths);
  const schemas = Object.fromEntries(Object.entries(all).filter(([name]) => kept.has(name)));
  return { ...document, components: { ...document.components, schemas } };
}

/** Reachable without the token: a load balancer's check and the protocol's description. */
const OPEN_PATHS = new Set(['/v1/health', '/openapi.json']);

/** The HTTP face of `drape engine-server`: one route per file, like the public API. */
export async function buildEngineApp(services: EngineServerServices, logger: Logger): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: logger,
    logController: new LogController({ disableRequestLogging: true }),
    // Its tasks end with the process anyway; a caller polling over keep-alive must not hold the shutdown (61 s measured).
    forceCloseConnections: true,
  }) as unknown as FastifyInstance;
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler((error: unknown, request: FastifyRequest, reply: FastifyReply) => {
    const drapeError = toProtocolError(error);
    if (drapeError.code === 'internal_error') request.log.error({ err: error }, 'engine server error');
    for (const [name, value] of Object.entries(drapeError.headers ?? {})) void reply.header(name, value);
    return reply
      .status(protocolStatus(drapeError))
      .send({ error: { code: drapeError.code, message: drapeError.message, retryable: drapeError.retryable } });
  });
  app.addHook('onRequest', async (request) => {
    if (services.token === undefined || OPEN_PATHS.has(request.url)) return;
    const given = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
    if (given === undefined || !sameToken(given, services.token)) {
      throw new DrapeError('invalid_auth_token', 'Send the engine server’s token as "Authorization: Bearer …".');
    }
  });
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Drape engine protocol',
        version: PROTOCOL,
        description:
          'How a Drape worker drives an engine on another machine (docs/engine-protocol.md). Errors are ' +
          '{"error": {code, message, retryable}}.',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'ENGINE_SERVER_TOKEN, when set.' } } },
      security: [{ bearer: [] }],
    },
    transform: jsonSchemaTransform,
    transformObject: (documentObject) => {
      const document = jsonSchemaTransformObject(documentObject);
      return onlyReferencedSchemas(document as OpenApiDocument) as typeof document;
    },
  });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  await app.register(fastifyMultipart, { limits: { fileSize: services.limits.maxBytes, files: 5, fields: 4, parts: 9 } });
  registerCapabilitiesGet(app, services);
  registerHealthGet(app, services);
  registerTaskCreate(app, services);
  registerTaskGet(app, services);
  registerTaskImageGet(app, services);
  registerTaskCancel(app, services);
  registerTaskDelete(app, services);
  return app;
}
