import type { FastifyInstance } from 'fastify';
import { DrapeError } from '../../../errors.js';

/**
 * The studio document's routes this server does not run yet: the model
 * gallery, face, image and pose generation, poses, video and upscaling. Each
 * answers 501 not_implemented in the studio's error body (before reading its
 * body, so nothing is stored or charged), rather than a 404 that would read
 * as a wrong URL.
 */
const NOT_YET: [method: 'GET' | 'POST', url: string, what: string][] = [
  ['POST', '/video', 'video generation'],
  ['GET', '/video/requests', 'video generation'],
  ['POST', '/upscale', 'upscaling'],
  ['GET', '/upscale', 'upscaling'],
];

export function registerStudioNotImplemented(app: FastifyInstance): void {
  for (const [method, url, what] of NOT_YET) {
    app.route({
      method,
      url: `/public/v1${url}`,
      schema: { tags: ['studio'], summary: `Studio: ${what} (not available on this server: 501)` },
      // onRequest: refused before any body is read
      onRequest: async () => {
        throw new DrapeError('not_implemented', `${method} /public/v1${url}: ${what} is not available on this server yet; nothing was charged.`);
      },
      handler: async () => ({}),
    });
  }
}
