import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { studioCapabilities } from '../../../studio/capabilities.js';
import type { HttpServices } from '../../services.js';
import { studioOpenApi, studioSkillMarkdown, type OpenApiDocument } from './agent-docs.js';

/**
 * Drape's own studio routes: which operations this server runs, and the
 * references for agents the document offers (OpenAPI, SKILL.md), generated
 * from the routes' schemas.
 */
export function registerStudioCapabilities(app: FastifyInstance, services: HttpServices): void {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const capabilities = () => studioCapabilities(services.config.ENGINE_SET, (operation) => services.credits.costOf(operation, {}));
  const openApi = () => studioOpenApi(app.swagger() as unknown as OpenApiDocument, services.config.PUBLIC_URL);
  routes.get('/public/v1/capabilities', {
    schema: {
      tags: ['studio'],
      summary: 'Studio (Drape): which of the document’s operations this server runs, their credits and the engines that serve them',
      description: 'operations: [{operation, available, routes, credits, engines, reason?}]. An operation not available answers 501 not_implemented, charging nothing.',
    },
    handler: async () => ({ operations: capabilities() }),
  });
  routes.get('/public/v1/openapi.json', {
    schema: { tags: ['studio'], summary: 'Studio (Drape): the OpenAPI 3.1 document of these routes, for tool definitions and client SDKs' },
    handler: async () => openApi(),
  });
  routes.get('/public/v1/skill.md', {
    schema: { tags: ['studio'], summary: 'Studio (Drape): a SKILL.md reference of these routes for an LLM’s context (Markdown)' },
    handler: async (_request, reply) => reply.type('text/markdown; charset=utf-8').send(studioSkillMarkdown(openApi(), capabilities())),
  });
}
