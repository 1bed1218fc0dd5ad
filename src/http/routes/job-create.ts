import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { submitterOf } from '../job-submission.js';
import { respondWithJob } from '../job-reply.js';
import { errorResponses } from '../schemas/common.js';
import { jobSchema } from '../../jobs/job-schema.js';
import { refineBody, tryOnBody, waitQuery } from '../schemas/tryon.js';
import type { HttpServices } from '../services.js';
import { readTryOnRequest } from '../tryon-request.js';

export interface JobCreateRoute {
  url: string;
  operation: 'tryon' | 'refine';
  summary: string;
  description: string;
}

const BODIES = { tryon: tryOnBody, refine: refineBody } as const;

const WAIT_DESCRIPTION =
  'JSON (images as https URLs or data: URIs) or multipart/form-data (files). Answers 202 with the queued job and a ' +
  'Location header; with `Prefer: wait=N` (or ?wait=N) the request is held until the job ends or N seconds pass, ' +
  'and a finished job comes back with 200.';

/**
 * A native route that submits a job: the try-on and the refine routes differ
 * only in their body (refine adds the coarse result) and operation.
 */
export function registerJobCreate(app: FastifyInstance, services: HttpServices, route: JobCreateRoute): void {
  app.withTypeProvider<ZodTypeProvider>().route({
    method: 'POST',
    url: route.url,
    schema: {
      tags: ['try-on'],
      summary: route.summary,
      description: `${route.description} ${WAIT_DESCRIPTION}`,
      consumes: ['application/json', 'multipart/form-data'],
      body: BODIES[route.operation],
      querystring: waitQuery,
      headers: z.object({
        'idempotency-key': z.string().min(1).max(255).optional().describe('Same key and body within 24 h: the same job.'),
        prefer: z.string().optional().describe('wait=N (seconds, at most MAX_WAIT_SECONDS)'),
      }),
      response: { 200: jobSchema, 202: jobSchema, ...errorResponses(400, 401, 402, 409, 413, 415, 422, 429, 500) },
    },
    // Multipart bodies are read by the handler and validated with the same schema there.
    attachValidation: true,
    handler: async (request, reply) => {
      const invalid = request.validationError as (Error & { validationContext?: string }) | undefined;
      if (invalid && !(request.isMultipart() && invalid.validationContext === 'body')) throw invalid;
      const parsed = await readTryOnRequest(request, route.operation);
      const key = request.headers['idempotency-key'];
      const { job } = await services.submissions.submit(
        submitterOf(request, key === undefined ? undefined : { key, fingerprint: parsed.fingerprint }),
        {
          operation: route.operation,
          person: parsed.person,
          garments: parsed.garments,
          coarse: parsed.coarse,
          options: parsed.options,
          outputFormat: parsed.outputFormat,
          metadata: parsed.metadata,
          webhookUrl: parsed.webhookUrl,
          source: 'native',
        },
      );
      return respondWithJob(request, reply, services, job);
    },
  });
}
