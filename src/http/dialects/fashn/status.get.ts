import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { TERMINAL_STATUSES } from '../../../db/job-store.js';
import type { HttpServices } from '../../services.js';
import { fashnPredictionWithOutputs } from './prediction-json.js';
import { fashnErrors, predictionStatus } from './schemas.js';

/** FASHN's SDK reads a prediction's cost from this header of the final status answer. */
export const CREDITS_USED_HEADER = 'x-fashn-credits-used';

export function registerFashnStatus(app: FastifyInstance, services: HttpServices): void {
  app.withTypeProvider<ZodTypeProvider>().route({
    method: 'GET',
    url: '/v1/status/:id',
    schema: {
      tags: ['fashn'],
      summary: 'FASHN: get a prediction',
      description:
        'Status starting, in_queue, processing, completed (output: links valid 72 h, or data: URIs with ' +
        'return_base64), failed (error: {name, message}) or canceled. Once it has ended, the ' +
        'x-fashn-credits-used header says what it cost (0 after a failure: failed predictions are refunded).',
      params: z.object({ id: z.string().max(64).describe('The id POST /v1/run answered.') }),
      response: { 200: predictionStatus, ...fashnErrors(401, 404, 429, 500) },
    },
    handler: async (request, reply) => {
      const job = await services.jobs.get(request.teamId, request.params.id);
      if (TERMINAL_STATUSES.includes(job.status)) {
        void reply.header(CREDITS_USED_HEADER, String(await services.credits.chargedFor(job.id)));
      }
      return fashnPredictionWithOutputs(job, services.presenter, services.blobs);
    },
  });
}
