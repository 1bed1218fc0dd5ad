import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { DEFAULT_TRYON_OPTIONS } from '../../../engines/engine.js';
import type { ImageLimits } from '../../../images/image-guard.js';
import { submitterOf } from '../../job-submission.js';
import type { HttpServices } from '../../services.js';
import { noError } from './error-response.js';
import { readRefinerRequest } from './refiner-request.js';
import { ailabtoolsErrors, refinerForm, refinerTask } from './schemas.js';

/**
 * The refiner's documented inputs: JPG, JPEG, PNG or BMP, at most 5 MB,
 * "larger than 150x150px, smaller than 4096x4096px".
 */
const REFINER_IMAGE_LIMITS: Partial<ImageLimits> = {
  maxBytes: 5 * 1024 * 1024,
  minSide: 151,
  maxSide: 4095,
  formats: ['jpeg', 'png', 'bmp'],
};

export function registerRefinerCreate(app: FastifyInstance, services: HttpServices): void {
  app.withTypeProvider<ZodTypeProvider>().route({
    method: 'POST',
    url: '/api/portrait/enhance/try-on-clothes-refiner',
    schema: {
      tags: ['ailabtools'],
      summary: 'AILabTools: refine a try-on result',
      description:
        'multipart/form-data: task_type=async, person_image, top_garment and coarse_image files, gender, and an ' +
        'optional bottom_garment file. Fits and blends the garments onto the person again, guided by the coarse ' +
        'result. Answers the task_id to poll with GET /api/common/query-async-task-result. Key in ailabapi-api-key.',
      consumes: ['multipart/form-data'],
      body: refinerForm,
      response: { 200: refinerTask, ...ailabtoolsErrors(400, 401, 413, 415, 422, 429, 500) },
    },
    // The form is read and checked by the handler; the body schema documents it.
    attachValidation: true,
    handler: async (request) => {
      const invalid = request.validationError as (Error & { validationContext?: string }) | undefined;
      if (invalid && invalid.validationContext !== 'body') throw invalid;
      const form = await readRefinerRequest(request);
      const { job: job } = await services.submissions.submit(submitterOf(request), {
        operation: 'refine',
        person: form.person,
        garments: [
          { source: form.top, category: 'upper' },
          ...(form.bottom === undefined ? [] : [{ source: form.bottom, category: 'lower' as const }]),
        ],
        coarse: form.coarse,
        options: { ...DEFAULT_TRYON_OPTIONS, gender: form.gender },
        outputFormat: 'jpeg',
        source: 'ailabtools',
        limits: REFINER_IMAGE_LIMITS,
      });
      return { ...noError(request), task_type: 'async' as const, task_id: job.id };
    },
  });
}
