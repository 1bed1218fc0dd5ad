import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DrapeError } from '../../errors.js';
import { errorResponses } from '../schemas/common.js';
import type { ExampleCatalog } from './examples.catalog.js';

const CONTENT_TYPES: Record<string, string> = { jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png', webp: 'image/webp' };

export function registerExamplesGet(app: FastifyInstance, catalog: () => Promise<ExampleCatalog>): void {
  app.withTypeProvider<ZodTypeProvider>().route({
    method: 'GET',
    url: '/v1/examples/:kind/:name',
    schema: {
      tags: ['service'],
      summary: 'One example photo',
      description: 'Only names listed by GET /v1/examples. Public: no key needed.',
      params: z.object({ kind: z.enum(['persons', 'garments']), name: z.string().max(128) }),
      response: { 200: z.any().describe('The image bytes.'), ...errorResponses(404) },
    },
    handler: async (request, reply) => {
      const { kind, name } = request.params;
      const examples = await catalog();
      // The name is only a lookup key: the path is built from the manifest's own entry.
      const listed = [...examples[kind].keys()].find((known) => known === name);
      if (listed === undefined) throw new DrapeError('not_found', 'No such example.');
      let bytes: Buffer;
      try {
        bytes = await readFile(resolve(examples.dir, kind, listed));
      } catch {
        throw new DrapeError('not_found', 'This example is listed but its file is missing.');
      }
      return reply
        .type(CONTENT_TYPES[listed.split('.').pop()!.toLowerCase()] ?? 'application/octet-stream')
        .header('cache-control', 'public, max-age=86400')
        .header('x-content-type-options', 'nosniff')
        .send(bytes);
    },
  });
}
