import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DrapeError } from '../../../errors.js';
import { unavailable } from '../../../studio/capabilities.js';
import { MODEL_ATTRIBUTES, MODEL_SIZES, MODEL_TYPES } from '../../../studio/model-gallery.js';
import type { HttpServices } from '../../services.js';
import { callerOf, id, listQuery, name, oneOf, programId } from './schemas.js';

const attributeValue = z.string().trim().min(1).max(100);
const attributes = z.object(Object.fromEntries(MODEL_ATTRIBUTES.map((key) => [key, attributeValue.optional()])) as Record<(typeof MODEL_ATTRIBUTES)[number], z.ZodOptional<typeof attributeValue>>).strict();
const prompt = z.string().trim().min(1).max(2_000);

/** The model gallery (create, list with filters, a model's images, save an image to a model) and the generative model routes. */
export function registerStudioModels(app: FastifyInstance, services: HttpServices): void {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  // The generative operations: validated as the document specifies, then 501 (no engine can declare them,
  // studio/capabilities.ts), before anything is stored or charged.
  const notGenerated = (operation: string): never => {
    throw unavailable(services.config.ENGINE_SET, operation);
  };
  routes.post('/public/v1/model', {
    schema: {
      tags: ['studio'],
      summary: 'Studio: create a model in the gallery with searchable attributes',
      body: z.object({ model_name: name, model_type: oneOf(MODEL_TYPES).optional(), model_size: oneOf(MODEL_SIZES).optional(), attributes: attributes.optional(), program_id: programId }),
    },
    handler: async (request) => {
      const body = request.body;
      return services.models.create(callerOf(request), { programId: body.program_id, name: body.model_name, modelType: body.model_type, modelSize: body.model_size, attributes: body.attributes ?? {} });
    },
  });
  routes.get('/public/v1/model', {
    schema: {
      tags: ['studio'],
      summary: 'Studio: list models (filters match case-insensitively), or a model’s images with model_id',
      querystring: z.object({
        ...listQuery,
        model_id: id.optional(),
        model_type: oneOf(MODEL_TYPES).optional(),
        model_size: oneOf(MODEL_SIZES).optional(),
        ...Object.fromEntries(MODEL_ATTRIBUTES.map((key) => [key, attributeValue.optional()])),
      }),
    },
    handler: async (request) => {
      const query = request.query as typeof request.query & Partial<Record<(typeof MODEL_ATTRIBUTES)[number], string>>;
      const page = { programId: query.program_id, token: query.pagination_token, fetchAll: query.fetch_all ?? false };
      if (query.model_id !== undefined) return services.models.images(callerOf(request), { ...page, modelId: query.model_id });
      const filters = Object.fromEntries(MODEL_ATTRIBUTES.flatMap((key) => (query[key] === undefined ? [] : [[key, query[key]]])));
      return services.models.list(callerOf(request), { ...page, modelType: query.model_type, modelSize: query.model_size, attributes: filters });
    },
  });
  routes.post('/public/v1/model/image', {
    schema: {
      tags: ['studio'],
      summary: 'Studio: save an image to a model (model_id + style_id + image_url or file_data); generating one from a prompt answers 501',
      description: 'Mode 2 reads view_type (front_facing, back_facing) and crop_type (fullbody, head_half_cropped, top, bottom) from the pose; null when no person is seen.',
      body: z.object({
        prompt: prompt.optional(),
        reference_image: z.string().min(1).optional(),
        num_output_images: z.number().int().min(1).max(8).default(1),
        model_id: id.optional(),
        style_id: id.optional(),
        image_url: z.string().trim().min(1).max(4_000).optional(),
        file_data: z.string().min(1).optional(),
        program_id: programId,
      }),
    },
    handler: async (request) => {
      const body = request.body;
      if (body.prompt !== undefined) notGenerated('model_image_generation');
      if (body.model_id === undefined) throw new DrapeError('missing_parameter', 'Give prompt (generate) or model_id (save an image to a model).', { field: 'model_id' });
      if (body.style_id === undefined) throw new DrapeError('missing_parameter', 'style_id is required to save an image to a model.', { field: 'style_id' });
      if ((body.image_url === undefined) === (body.file_data === undefined)) {
        const field = body.image_url === undefined ? 'file_data' : 'image_url';
        throw new DrapeError(body.image_url === undefined ? 'missing_parameter' : 'invalid_parameter', 'Give exactly one of image_url and file_data.', { field });
      }
      const [field, value] = body.image_url !== undefined ? (['image_url', body.image_url] as const) : (['file_data', body.file_data!] as const);
      return services.models.saveImage(callerOf(request), { modelId: body.model_id, programId: body.program_id, styleId: body.style_id, field, value });
    },
  });
  routes.get('/public/v1/model/image', {
    schema: { tags: ['studio'], summary: 'Studio: poll a model, face or pose generation (501: none runs here)', querystring: z.object({ request_id: id, program_id: programId }) },
    // a request_id can only come from a generation, which none here makes
    handler: async () => notGenerated('model_image_generation'),
  });
  routes.post('/public/v1/model/face', {
    schema: {
      tags: ['studio'],
      summary: 'Studio: generate face images (501: not available on this server)',
      body: z.object({ prompt, mode: z.enum(['variety', 'fidelity']).default('variety'), num_output_images: z.number().int().min(1).max(4).default(1), program_id: programId }),
    },
    handler: async () => notGenerated('face_generation'),
  });
  routes.post('/public/v1/model/pose', {
    schema: {
      tags: ['studio'],
      summary: 'Studio: generate model images in a pose (501: not available on this server)',
      body: z.object({ prompt, reference_image: id, program_id: programId }),
    },
    handler: async () => notGenerated('pose_generation'),
  });
}
