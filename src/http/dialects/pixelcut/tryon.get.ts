import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { JobStatus } from '../../../db/job-store.js';
import type { HttpServices } from '../../services.js';
import { jobFailure } from '../../../jobs/job-failure.js';
import { pixelcutErrorResponse } from './error-response.js';
import { resultUrl } from './links.js';
import { pixelcutErrors, pixelcutJobStatus, type PIXELCUT_STATUSES } from './schemas.js';

const STATUS: Record<JobStatus, (typeof PIXELCUT_STATUSES)[number]> = {
  queued: 'pending',
  processing: 'processing',
  completed: 'completed',
  failed: 'failed',
  canceled: 'canceled',
};

/**
 * Pixelcut documents the Location header of its 202 but not the endpoint it
 * points to; this is Drape's answer there, in Pixelcut's vocabulary.
 */
export function registerPixelcutTryOnGet(app: FastifyInstance, services: HttpServices): void {
  app.withTypeProvider<ZodTypeProvider>().route({
    method: 'GET',
    url: '/v1/try-on/:job_id',
    schema: {
      tags: ['pixelcut'],
      summary: 'Pixelcut: get a try-on job',
      description:
        'Status pending, processing, completed (with result_url, valid 1 hour), failed (with error and ' +
        'error_code) or canceled.',
      params: z.object({ job_id: z.string().max(64) }),
      response: { 200: pixelcutJobStatus, ...pixelcutErrors(400, 401, 404, 429, 500) },
    },
    handler: async (request) => {
      const job = await services.jobs.get(request.teamId, request.params.job_id);
      const url = await resultUrl(services, job);
      return {
        job_id: job.id,
        status: STATUS[job.status],
        ...(url === undefined ? {} : { result_url: url }),
        ...(job.status === 'failed' ? pixelcutErrorResponse(jobFailure(job)).body : {}),
      };
    },
  });
}
