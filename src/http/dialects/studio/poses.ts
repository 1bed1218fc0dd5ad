import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DrapeError } from '../../../errors.js';
import { MODEL_CATEGORIES, preset, presetPrompt, presets, PROMPT_TYPES } from '../../../studio/pose-library.js';
import type { HttpServices } from '../../services.js';
import { callerOf, id, listQuery, name, oneOf, programId } from './schemas.js';

/** Custom poses (create from a reference photo, list, detail) and the preset library. */
export function registerStudioPoses(app: FastifyInstance, services: HttpServices): void {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  routes.get('/public/v1/pose/library', {
    schema: {
      tags: ['studio'],
      summary: 'Studio: the preset poses, filtered by model_category and prompt_type, each with its sketch',
      querystring: z.object({ model_category: oneOf(MODEL_CATEGORIES).optional(), prompt_type: z.enum(PROMPT_TYPES).optional() }),
    },
    handler: async (request) => {
      const found = presets({ modelCategory: request.query.model_category, promptType: request.query.prompt_type });
      const base = `${services.config.PUBLIC_URL}/public/v1/pose/library`;
      return {
        poses: found.map((each) => ({
          pose_id: each.pose_id,
          pose_name: each.pose_name,
          model_category: each.model_category,
          prompt_type: each.prompt_type,
          prompt: presetPrompt(each),
          reference_image_url: `${base}/${each.pose_id}/reference.png`,
          sketch_url: `${base}/${each.pose_id}/sketch.png`,
        })),
        total: found.length,
        // the whole library fits one answer
        pagination_token: null,
      };
    },
  });
  routes.get('/public/v1/pose', {
    schema: { tags: ['studio'], summary: 'Studio: your custom poses, or one with pose_id', querystring: z.object({ ...listQuery, pose_id: id.optional() }) },
    handler: async (request) => {
      const query = request.query;
      if (query.pose_id !== undefined) return services.poses.detail(callerOf(request), query.pose_id, query.program_id);
      return services.poses.list(callerOf(request), { programId: query.program_id, token: query.pagination_token, fetchAll: query.fetch_all ?? false });
    },
  });
  routes.post('/public/v1/pose', {
    schema: {
      tags: ['studio'],
      summary: 'Studio: create a pose from a reference photo; its pose_prompt is written from the keypoints',
      body: z.object({ reference_image: z.string().min(1).describe('Base64 image, data: URI or http(s) URL of one person.'), pose_title: name, program_id: programId }),
    },
    handler: async (request) =>
      services.poses.create(callerOf(request), { programId: request.body.program_id, title: request.body.pose_title, referenceImage: request.body.reference_image }),
  });
}

/** A preset's sketch or reference picture: public like the CDN pictures of the document (a preset is no team's data). */
export function registerStudioPosePictures(app: FastifyInstance, services: HttpServices): void {
  app.withTypeProvider<ZodTypeProvider>().get('/public/v1/pose/library/:pose_id/:picture', {
    schema: {
      tags: ['studio'],
      summary: 'Studio: a preset pose’s sketch.png or reference.png (public, no key)',
      params: z.object({ pose_id: id, picture: z.enum(['sketch.png', 'reference.png']) }),
    },
    handler: async (request, reply) => {
      const found = preset(request.params.pose_id);
      if (found === undefined) throw new DrapeError('not_found', `No preset pose ${request.params.pose_id}.`, { field: 'pose_id' });
      const png = await services.posePictures.png(found, request.params.picture === 'sketch.png' ? 'sketch' : 'reference');
      return reply.type('image/png').header('cache-control', 'public, max-age=86400').send(png);
    },
  });
}
