import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { JobStatus } from '../../../db/job-store.js';
import { errorResponses } from '../../schemas/common.js';
import type { HttpServices } from '../../services.js';
import { glamResult, type GLAM_STATUSES } from './schemas.js';

/** Glam has no canceled state: a canceled generation did not produce anything, so it FAILED. */
const STATUS: Record<JobStatus, (typeof GLAM_STATUSES)[number]> = {
  queued: 'IN_QUEUE',
  processing: 'IN_PROGRESS',
  completed: 'READY',
  failed: 'FAILED',
  canceled: 'FAILED',
};

export function registerGlamTryOnGet(app: FastifyInstance, services: HttpServices): void {
  app.withTypeProvider<ZodTypeProvider>().route({
    method: 'GET',
    url: '/api/v1/tryon/:event_id',
    schema: {
      tags: ['glam'],
      summary: 'Glam: get a generation',
      description: 'Status IN_QUEUE, IN_PROGRESS, READY or FAILED; media_urls holds the result once READY.',
      params: z.object({ event_id: z.string().max(64) }),
      response: { 200: glamResult, ...errorResponses(401, 404, 429) },
    },
    handler: async (request) => {
      const job = await services.jobs.get(request.teamId, request.params.event_id);
      const status = STATUS[job.status];
      const url = await services.presenter.resultUrl(job);
      return {
        media_urls: url === undefined ? [] : [url],
        status,
        ...(status === 'FAILED' ? { error: job.error?.message ?? 'The generation was canceled.' } : {}),
      };
    },
  });
}
