import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { TERMINAL_STATUSES, type Job } from '../../db/job-store.js';
import { errorResponses } from '../schemas/common.js';
import { jobSchema } from '../schemas/job.js';
import { tryOnBody, waitQuery } from '../schemas/tryon.js';
import type { HttpServices } from '../services.js';
import { readTryOnRequest } from '../tryon-request.js';
import { requestedWaitSeconds } from '../wait.js';

export function registerTryOnCreate(app: FastifyInstance, services: HttpServices): void {
  app.withTypeProvider<ZodTypeProvider>().route({
    method: 'POST',
    url: '/v1/tryon',
    schema: {
      tags: ['try-on'],
      summary: 'Submit a try-on job',
      description:
        'Dress the person in the garment(s). JSON (images as https URLs or data: URIs) or multipart/form-data ' +
        '(files). Answers 202 with the queued job and a Location header; with `Prefer: wait=N` (or ?wait=N) the ' +
        'request is held until the job ends or N seconds pass, and a finished job comes back with 200.',
      consumes: ['application/json', 'multipart/form-data'],
      body: tryOnBody,
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
      const parsed = await readTryOnRequest(request);
      // A literal private address or metadata host is refused now; names are checked again at delivery.
      if (parsed.webhookUrl !== undefined) services.fetcher.checkUrlSyntax(parsed.webhookUrl, 'webhook_url');
      const key = request.headers['idempotency-key'];
      if (key !== undefined) {
        const claim = await services.jobs.claimIdempotencyKey(request.teamId, key, parsed.fingerprint);
        if (claim.state === 'replay') return respond(request, reply, services, claim.job);
      }
      let job: Job;
      try {
        const [person, ...garments] = await services.images.acceptAll([
          parsed.person,
          ...parsed.garments.map((garment) => garment.source),
        ]);
        job = await services.jobs.submit({
          teamId: request.teamId,
          operation: 'tryon',
          person: person!,
          garments: garments.map((image, index) => ({ image, category: parsed.garments[index]!.category })),
          options: parsed.options,
          outputFormat: parsed.outputFormat,
          metadata: parsed.metadata,
          webhookUrl: parsed.webhookUrl,
          source: 'native',
          idempotency: key === undefined ? undefined : { key, fingerprint: parsed.fingerprint },
          requestId: request.id,
          keyId: request.keyId,
        });
      } catch (error) {
        if (key !== undefined) await services.jobs.releaseIdempotencyKey(request.teamId, key);
        throw error;
      }
      request.log.info({ jobId: job.id }, 'try-on job accepted');
      return respond(request, reply, services, job);
    },
  });
}

/** 202 with the job, or 200 if it ended while the client asked to wait. */
async function respond(request: FastifyRequest, reply: FastifyReply, services: HttpServices, accepted: Job) {
  const waitSeconds = requestedWaitSeconds(request, services.config.MAX_WAIT_SECONDS);
  let job = accepted;
  if (waitSeconds > 0 && !TERMINAL_STATUSES.includes(job.status)) {
    const abort = new AbortController();
    // The response's close, not the request's: a request stream closes once its body is read.
    reply.raw.once('close', () => abort.abort());
    job = await services.jobs.waitForEnd(request.teamId, job.id, waitSeconds * 1000, abort.signal);
    void reply.header('preference-applied', `wait=${waitSeconds}`);
  }
  const ended = TERMINAL_STATUSES.includes(job.status);
  return reply
    .status(ended && waitSeconds > 0 ? 200 : 202)
    .header('location', `${services.config.PUBLIC_URL}/v1/jobs/${job.id}`)
    .send(services.presenter.toJson(job));
}
