import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import type { HttpServices } from '../services.js';

/**
 * The playground's files sit beside the code: src/web under tsx, dist/src/web
 * once built (scripts/copy-assets.mjs copies them). Both are ../../web from here.
 */
export const WEB_ROOT = fileURLToPath(new URL('../../web/', import.meta.url));

/**
 * The web playground at / : static HTML, CSS and ES modules, no build step.
 * Files are listed once at start (wildcard: false), so no catch-all route
 * shadows the API's 404s and no path from a request reaches the disk.
 */
export async function registerWebGet(app: FastifyInstance, services: HttpServices): Promise<void> {
  if (!existsSync(WEB_ROOT)) {
    app.log.warn({ root: WEB_ROOT }, 'playground files not found; / is not served');
    return;
  }
  // Result and input links point at PUBLIC_URL, which may be another origin than the page's.
  const publicOrigin = new URL(services.config.PUBLIC_URL).origin;
  const csp = [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    `img-src 'self' blob: data: ${publicOrigin}`,
    `connect-src 'self' ${publicOrigin}`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
  await app.register(fastifyStatic, {
    root: WEB_ROOT,
    prefix: '/',
    wildcard: false,
    schemaHide: true,
    // The file names carry no content hash, so browsers revalidate every time (cheap 304s with the ETag).
    cacheControl: false,
    setHeaders: (reply) => {
      void reply.header('cache-control', 'no-cache');
      void reply.header('x-content-type-options', 'nosniff');
      void reply.header('content-security-policy', csp);
      void reply.header('referrer-policy', 'no-referrer');
    },
  });
}
