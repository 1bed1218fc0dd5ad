import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DrapeError } from '../../errors.js';
import { jobIdOfKey, studioProgramOfImageKey } from '../../storage/blob-keys.js';
import { isBlobKey } from '../../storage/blob-store.js';
import { authenticate, presentedKey } from '../auth.js';
import { errorResponses } from '../schemas/common.js';
import type { HttpServices } from '../services.js';

export function registerFilesGet(app: FastifyInstance, services: HttpServices): void {
  app.withTypeProvider<ZodTypeProvider>().route({
    method: 'GET',
    url: '/v1/files/*',
    schema: {
      tags: ['files'],
      summary: 'Download a result image through its signed link',
      description:
        'Links come from a job’s result. They expire (RESULT_URL_TTL); an expired or altered link answers 403. ' +
        'A signed link needs no key, so it can be handed to a browser; a request that does send a key may only ' +
        'read its own team’s files (another team’s answer 404).',
      querystring: z.object({ expires: z.string().optional(), sig: z.string().optional() }),
      response: { 200: z.any().describe('The image bytes.'), ...errorResponses(401, 403, 404) },
    },
    handler: async (request, reply) => {
      const key = (request.params as { '*': string })['*'];
      const jobId = jobIdOfKey(key);
      // the studio's images (garment and model photos) are linked the same way
      const programId = studioProgramOfImageKey(key);
      if (!isBlobKey(key) || (jobId === undefined && programId === undefined)) throw new DrapeError('not_found', 'No such file.');
      const verdict = services.signer.verify(key, request.query.expires, request.query.sig);
      if (verdict === 'expired') throw new DrapeError('url_expired', 'This link has expired; fetch the job again for a fresh one.');
      if (verdict === 'invalid') throw new DrapeError('invalid_signature', 'This link is not valid.');
      const apiKey = presentedKey(request);
      if (apiKey !== undefined) {
        const verdict = await authenticate(apiKey, request, services);
        // The job's team owns the file; a studio image, the teams that may read its program.
        const owned =
          jobId !== undefined
            ? await services.jobs.get(verdict.team.id, jobId).then(() => true, () => false)
            : await services.studio.canRead(verdict.team.id, programId!);
        if (!owned) throw new DrapeError('not_found', 'No such file.');
      }
      const blob = await services.blobs.get(key);
      if (blob === undefined) throw new DrapeError('not_found', 'The file no longer exists.');
      return reply
        .type(blob.contentType)
        .header('cache-control', 'private, max-age=3600')
        .header('x-content-type-options', 'nosniff')
        .send(blob.bytes);
    },
  });
}
