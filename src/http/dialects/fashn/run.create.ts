import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { submitterOf } from '../../job-submission.js';
import type { HttpServices } from '../../services.js';
import { readFashnRun } from './run-request.js';
import { fashnErrors, runAccepted, runBody, runQuery } from './schemas.js';

export function registerFashnRun(app: FastifyInstance, services: HttpServices): void {
  app.withTypeProvider<ZodTypeProvider>().route({
    method: 'POST',
    url: '/v1/run',
    schema: {
      tags: ['fashn'],
      summary: 'FASHN: start a prediction',
      description:
        'FASHN’s universal request {model_name, inputs}: tryon-v1.6 (model_image, garment_image, category, mode, ' +
        'garment_photo_type, segmentation_free, moderation_level, num_samples 1–4, seed, output_format, ' +
        'return_base64) or tryon-max (model_image, product_image, generation_mode, num_images, seed, output_format, ' +
        'return_base64). Answers {id, error: null}; poll GET /v1/status/{id} or pass ?webhook_url=. Images are ' +
        'fetched and checked before the prediction exists, so an unreadable image is a 400 BadRequest here.',
      body: runBody,
      querystring: runQuery,
      response: { 200: runAccepted, ...fashnErrors(400, 401, 429, 500) },
    },
    // The body is read by readFashnRun, which knows each model's inputs and names the field of an error.
    attachValidation: true,
    handler: async (request) => {
      const invalid = request.validationError as (Error & { validationContext?: string }) | undefined;
      if (invalid && invalid.validationContext !== 'body') throw invalid;
      const run = readFashnRun(request.body, services.config.ENGINE_SET);
      const { job: job } = await services.submissions.submit(submitterOf(request), {
        operation: 'tryon',
        person: run.person,
        garments: [{ source: run.garment, category: run.category }],
        options: run.options,
        outputFormat: run.outputFormat,
        metadata: { fashn: run.notes },
        webhookUrl: request.query.webhook_url,
        source: 'fashn',
      });
      return { id: job.id, error: null };
    },
  });
}
