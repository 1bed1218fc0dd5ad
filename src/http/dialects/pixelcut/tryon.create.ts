import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Job } from '../../../db/job-store.js';
import { DEFAULT_TRYON_OPTIONS } from '../../../engines/engine.js';
import type { ImageLimits } from '../../../images/image-guard.js';
import { waitForOutcomeWhileConnected } from '../../job-reply.js';
import { submitterOf } from '../../job-submission.js';
import type { HttpServices } from '../../services.js';
import { jobFailure } from '../../../jobs/job-failure.js';
import { resultUrl, statusUrl } from './links.js';
import { GARMENT_MODES, pixelcutAccepted, pixelcutErrors, pixelcutResult, pixelcutTryOnBody } from './schemas.js';
import { readPixelcutTryOn } from './tryon-request.js';

/** Pixelcut's input limits: 25 MB, 256×256 to 1920×1920 pixels. */
const PIXELCUT_IMAGE_LIMITS: Partial<ImageLimits> = { maxBytes: 25 * 1024 * 1024, minSide: 256, maxSide: 1920 };

export function registerPixelcutTryOnCreate(app: FastifyInstance, services: HttpServices): void {
  app.withTypeProvider<ZodTypeProvider>().route({
    method: 'POST',
    url: '/v1/try-on',
    schema: {
      tags: ['pixelcut'],
      summary: 'Pixelcut: try a garment on a person',
      description:
        'JSON with person_image_url and garment_image_url, or multipart/form-data with person_image and ' +
        'garment_image files. wait_for_result true (default) holds the request until the job ends (however long it ' +
        'queues; once running, within the job timeout and attempts) and answers 200 {result_url}; with ' +
        'wait_for_result false, 202 {job_id} at once with a Location header to GET /v1/try-on/{job_id}. Key in X-API-KEY.',
      consumes: ['application/json', 'multipart/form-data'],
      body: pixelcutTryOnBody,
      response: { 200: pixelcutResult, 202: pixelcutAccepted, ...pixelcutErrors(400, 401, 403, 429, 500) },
    },
    // The handler reads both encodings itself and validates the fields with the dialect's own schema.
    attachValidation: true,
    handler: async (request, reply) => {
      const invalid = request.validationError as (Error & { validationContext?: string }) | undefined;
      if (invalid && invalid.validationContext !== 'body') throw invalid;
      const { person, garment, fields } = await readPixelcutTryOn(request);
      const { job: accepted } = await services.submissions.submit(submitterOf(request), {
        operation: 'tryon',
        person,
        garments: [{ source: garment, category: GARMENT_MODES[fields.garment_mode] }],
        options: {
          ...DEFAULT_TRYON_OPTIONS,
          garmentBackgroundRemoval: fields.preprocess_garment ? 'on' : 'off',
          resultBackground: fields.remove_background ? 'remove' : 'keep',
        },
        outputFormat: 'jpeg',
        source: 'pixelcut',
        limits: PIXELCUT_IMAGE_LIMITS,
      });
      if (!fields.wait_for_result) return answerAccepted(reply, services, accepted);
      const job = await waitForOutcomeWhileConnected(request, reply, services, accepted);
      if (job.status === 'failed' || job.status === 'canceled') throw jobFailure(job);
      const url = await resultUrl(services, job);
      if (url !== undefined) return reply.status(200).send({ result_url: url });
      // Not ended within its own bound (or the server is closing): the client polls, as with wait_for_result false.
      return answerAccepted(reply, services, job);
    },
  });
}

function answerAccepted(reply: FastifyReply, services: HttpServices, job: Job) {
  return reply.status(202).header('location', statusUrl(services, job.id)).send({ job_id: job.id });
}
