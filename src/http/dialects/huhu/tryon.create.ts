import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { submitterOf } from '../../job-submission.js';
import type { HttpServices } from '../../services.js';
import { huhuErrors, huhuTryOnAccepted, huhuTryOnBody } from './schemas.js';
import { readHuhuTryOn } from './tryon-request.js';

/** Huhu: "413: Payload exceeds 10MB limit"; a server configured lower keeps its own limit. */
const HUHU_MAX_IMAGE_BYTES = 10 * 1024 * 1024;

export function registerHuhuTryOnCreate(app: FastifyInstance, services: HttpServices): void {
  app.withTypeProvider<ZodTypeProvider>().route({
    method: 'POST',
    url: '/tryon/v1',
    schema: {
      tags: ['huhu'],
      summary: 'Huhu: start a try-on job',
      description:
        'multipart/form-data (image_garment_file, image_model_file) or JSON (image_garment_url, image_model_url); ' +
        'JPG or PNG, at most 10 MB each. Answers {job_id, status: "initiated"}; poll GET /requests/v1?job_id=… ' +
        'or pass a webhook. Key in x-api-key.',
      consumes: ['application/json', 'multipart/form-data'],
      body: huhuTryOnBody,
      response: { 200: huhuTryOnAccepted, ...huhuErrors(400, 401, 402, 403, 413, 422, 429, 500) },
    },
    // Both encodings are read and validated by readHuhuTryOn, which knows which image fields each one uses.
    attachValidation: true,
    handler: async (request) => {
      const invalid = request.validationError as (Error & { validationContext?: string }) | undefined;
      if (invalid && invalid.validationContext !== 'body') throw invalid;
      const tryOn = await readHuhuTryOn(request);
      const { job: job } = await services.submissions.submit(submitterOf(request), {
        operation: 'tryon',
        person: tryOn.model,
        garments: [{ source: tryOn.garment, category: tryOn.category }],
        options: tryOn.options,
        // Huhu's results are PNG (as in its webhook example).
        outputFormat: 'png',
        webhookUrl: tryOn.webhookUrl,
        webhookField: 'webhook',
        source: 'huhu',
        limits: { maxBytes: Math.min(HUHU_MAX_IMAGE_BYTES, services.config.MAX_UPLOAD_BYTES), formats: ['jpeg', 'png'] },
      });
      return { job_id: job.id, status: 'initiated' as const };
    },
  });
}
