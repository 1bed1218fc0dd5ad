import fastifyMultipart from '@fastify/multipart';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { LogController, type FastifyInstance, type FastifyServerFactory } from 'fastify';
import { jsonSchemaTransform, jsonSchemaTransformObject, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { newRequestId } from '../ids.js';
import type { Logger } from '../logger.js';
import { installAuth } from './auth.js';
import { registerDialect } from './dialects/dialect.js';
import { DIALECTS } from './dialects/index.js';
import { registerStudioPublic } from './dialects/studio/index.js';
import { MAX_PART_BYTES } from '../studio/sku-uploads.js';
import { registerAccountGet } from './routes/account.get.js';
import { registerAccountUsage } from './routes/account.usage.js';
import { installErrorHandler } from './error-handler.js';
import { exampleCatalog } from './routes/examples.catalog.js';
import { registerEnginesList } from './routes/engines.list.js';
import { registerExamplesGet } from './routes/examples.get.js';
import { registerExamplesList } from './routes/examples.list.js';
import { registerFilesGet } from './routes/files.get.js';
import { registerHealth } from './routes/health.js';
import { registerJobsCancel } from './routes/jobs.cancel.js';
import { registerJobsGet } from './routes/jobs.get.js';
import { registerJobsList } from './routes/jobs.list.js';
import { registerJobsWebhooks } from './routes/jobs.webhooks.js';
import { registerMetrics } from './routes/metrics.get.js';
import { registerRefineCreate } from './routes/refine.create.js';
import { registerTryOnCreate } from './routes/tryon.create.js';
import { registerWebGet } from './routes/web.get.js';
import { registerWebhookSecretGet } from './routes/webhooks.secret.get.js';
import type { HttpServices } from './services.js';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;
/** Up to three images as base64 data: URIs (4/3 of their bytes) plus the fields. */
const JSON_IMAGES_PER_BODY = 4;

/** `serverFactory`: serve on a server that listens already (src/http/early-listener.ts) instead of app.listen(). */
export async function buildApp(services: HttpServices, logger: Logger, serverFactory?: FastifyServerFactory): Promise<FastifyInstance> {
  const { config } = services;
  const app = Fastify({
    ...(serverFactory === undefined ? {} : { serverFactory }),
    loggerInstance: logger,
    // One log line per request, written by our onResponse hook below.
    logController: new LogController({ disableRequestLogging: true, requestIdLogLabel: 'reqId' }),
    bodyLimit: Math.ceil(config.MAX_UPLOAD_BYTES * JSON_IMAGES_PER_BODY * 1.4),
    requestIdHeader: 'x-request-id',
    genReqId: (request) => {
      const given = request.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : newRequestId();
    },
    routerOptions: { ignoreTrailingSlash: true },
  }) as unknown as FastifyInstance; // pino's Logger is a FastifyBaseLogger; the generic only gets in the way.
  // Only JSON and multipart are accepted; Fastify's built-in text parser would let text/plain reach validation.
  app.removeContentTypeParser('text/plain');
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandler(app, services.metrics);

  app.addHook('onRequest', async (request, reply) => {
    void reply.header('x-request-id', request.id);
  });
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    const seconds = reply.elapsedTime / 1000;
    services.metrics.httpRequests.inc({ method: request.method, route, status: String(reply.statusCode) });
    services.metrics.httpDuration.observe({ method: request.method, route }, seconds);
    if (request.routeOptions.logLevel !== 'warn' || reply.statusCode >= 500) {
      request.log.info({ req: request, res: reply, ms: Math.round(reply.elapsedTime) }, 'request');
    }
  });

  await app.register(fastifyMultipart, {
    limits: { fileSize: config.MAX_UPLOAD_BYTES, files: 4, fields: 40, parts: 48, fieldSize: 1024 * 1024 },
  });
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Drape',
        version: '0.1.0',
        description:
          'Self-hosted virtual try-on. Submit a person photo and garment photos; poll the job or receive a webhook; ' +
          'download the result through its signed link. Every error is {"error": {code, message, field?}}.',
      },
      servers: [{ url: config.PUBLIC_URL }],
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'Authorization: Bearer sk_…' },
          apiKey: { type: 'apiKey', in: 'header', name: 'x-api-key' },
          ailabapiKey: { type: 'apiKey', in: 'header', name: 'ailabapi-api-key', description: 'The AILabTools dialect’s header.' },
        },
      },
      security: [{ bearer: [] }, { apiKey: [] }],
      tags: [
        { name: 'try-on', description: 'Submit try-on and refine jobs.' },
        { name: 'jobs', description: 'Follow, list and cancel jobs; webhook deliveries.' },
        { name: 'files', description: 'Result downloads through signed links.' },
        { name: 'account', description: 'Credit balance, limits and credit history of the key’s team.' },
        { name: 'service', description: 'Health, readiness and metrics.' },
        ...DIALECTS.map((dialect) => dialect.tag),
      ],
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  registerHealth(app, services);
  if (config.METRICS) registerMetrics(app, services);
  registerFilesGet(app, services);
  // The playground and its example photos are public: outside the team scope.
  const examples = exampleCatalog(config.DRAPE_FIXTURES);
  registerExamplesList(app, services, examples);
  registerExamplesGet(app, examples);
  await registerWebGet(app, services);
  await registerStudioPublic(app, services, MAX_PART_BYTES);

  // Everything that acts for a team sits in this scope, so a route cannot
  // forget authentication.
  await app.register(async (scope) => {
    installAuth(scope, services);
    registerTryOnCreate(scope, services);
    registerRefineCreate(scope, services);
    registerJobsGet(scope, services);
    registerJobsList(scope, services);
    registerJobsCancel(scope, services);
    registerJobsWebhooks(scope, services);
    registerWebhookSecretGet(scope, services);
    registerAccountGet(scope, services);
    registerAccountUsage(scope, services);
    registerEnginesList(scope, services);
  });
  for (const dialect of DIALECTS) await registerDialect(app, services, dialect);

  return app;
}
