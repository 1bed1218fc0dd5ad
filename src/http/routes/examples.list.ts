import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { HttpServices } from '../services.js';
import type { ExampleCatalog } from './examples.catalog.js';

const photo = z.object({
  name: z.string(),
  url: z.string(),
  framing: z.string().optional().describe('Persons: upper_body or full_body.'),
  category: z.string().optional().describe('Garments: upper, lower or dress.'),
});

export function registerExamplesList(
  app: FastifyInstance,
  services: HttpServices,
  catalog: () => Promise<ExampleCatalog>,
): void {
  const base = `${services.config.PUBLIC_URL}/v1/examples`;
  app.withTypeProvider<ZodTypeProvider>().route({
    method: 'GET',
    url: '/v1/examples',
    schema: {
      tags: ['service'],
      summary: 'Example photos to try',
      description:
        'Person and garment photos from the server’s DRAPE_FIXTURES folder, for the playground; empty lists when it ' +
        'has none. Public: no key needed.',
      response: {
        200: z.object({
          persons: z.array(photo),
          garments: z.array(photo),
          pairs: z.array(z.object({ person: z.string(), garment: z.string(), category: z.string() })),
        }),
      },
    },
    handler: async (_request, reply) => {
      const { persons, garments, pairs } = await catalog();
      void reply.header('cache-control', 'public, max-age=300');
      return {
        persons: [...persons].map(([name, entry]) => ({ name, url: `${base}/persons/${name}`, ...defined({ framing: entry.framing }) })),
        garments: [...garments].map(([name, entry]) => ({ name, url: `${base}/garments/${name}`, ...defined({ category: entry.category }) })),
        pairs,
      };
    },
  });
}

const defined = (fields: Record<string, string | undefined>) =>
  Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as Record<string, string>;
