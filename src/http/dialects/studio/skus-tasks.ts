import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DrapeError } from '../../../errors.js';
import { GARMENT_TYPES } from '../../../studio/garment-classifier.js';
import type { HttpServices } from '../../services.js';
import { callerOf, id, listQuery, programId } from './schemas.js';

const ids = z.array(id).min(1).max(1_000);

/** SKUs (list, detail with the garment classification, update) and tasks (create, set the model image, generate, poll). */
export function registerStudioSkusAndTasks(app: FastifyInstance, services: HttpServices): void {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  routes.get('/public/v1/sku', {
    schema: {
      tags: ['studio'],
      summary: 'Studio: list a project’s SKUs, or one SKU with its classified garment images',
      querystring: z.object({ ...listQuery, project_id: id, sku_id: id.optional() }),
    },
    handler: async (request) =>
      services.studio.skus(callerOf(request), {
        projectId: request.query.project_id,
        programId: request.query.program_id,
        skuId: request.query.sku_id,
        token: request.query.pagination_token,
        fetchAll: request.query.fetch_all ?? false,
      }),
  });
  routes.put('/public/v1/sku', {
    schema: {
      tags: ['studio'],
      summary: 'Studio: assign a model, style or garment type to SKUs',
      body: z.object({
        sku_ids: ids,
        project_id: id.optional(),
        program_id: programId,
        model_id: id.optional(),
        style_id: id.optional(),
        garment_type: z.enum(GARMENT_TYPES).optional(),
      }),
    },
    handler: async (request) => {
      const body = request.body;
      return services.studio.updateSkus(callerOf(request), {
        skuIds: body.sku_ids,
        projectId: body.project_id,
        programId: body.program_id,
        modelId: body.model_id,
        styleId: body.style_id,
        garmentType: body.garment_type,
      });
    },
  });
  routes.post('/public/v1/task', {
    schema: {
      tags: ['studio'],
      summary: 'Studio: create tasks for SKUs from their garment pairing (a front-view task, and a back-view task when there are back views)',
      body: z.object({ project_id: id, sku_ids: ids, program_id: programId }),
    },
    handler: async (request) =>
      services.studio.createTasks(callerOf(request), { projectId: request.body.project_id, programId: request.body.program_id, skuIds: request.body.sku_ids }),
  });
  routes.put('/public/v1/task', {
    schema: {
      tags: ['studio'],
      summary: 'Studio: set a task’s model image (required before generation)',
      body: z.object({ project_id: id, task_id: id, sku_id: id, program_id: programId, model_id: id.optional(), model_image: id.optional() }),
    },
    handler: async (request) => {
      const body = request.body;
      return services.studio.updateTask(callerOf(request), {
        projectId: body.project_id,
        programId: body.program_id,
        taskId: body.task_id,
        skuId: body.sku_id,
        modelImage: body.model_image,
        modelId: body.model_id,
      });
    },
  });
  routes.post('/public/v1/task/generate', {
    schema: {
      tags: ['studio'],
      summary: 'Studio: run the tasks’ try-ons (each needs its model_image, facing the task’s view); 429 when the team’s concurrent slots are full',
      body: z.object({
        project_id: id,
        task_ids: ids,
        program_id: programId,
        num_output_images: z.number().int().min(1).max(4).default(1),
        prompt: z.string().max(2_000).optional(),
      }),
    },
    handler: async (request) => {
      const body = request.body;
      return services.studio.generate(callerOf(request), {
        projectId: body.project_id,
        programId: body.program_id,
        taskIds: body.task_ids,
        numOutputs: body.num_output_images,
        prompt: body.prompt,
      });
    },
  });
  routes.get('/public/v1/task', {
    schema: {
      tags: ['studio'],
      summary: 'Studio: every task’s status by SKU, or one task with its output images (project_id + sku_id + task_id)',
      querystring: z.object({ ...listQuery, project_id: id.optional(), sku_id: id.optional(), task_id: id.optional() }),
    },
    handler: async (request) => {
      const { project_id: projectId, sku_id: skuId, task_id: taskId, program_id: program } = request.query;
      const caller = callerOf(request);
      if (projectId === undefined && skuId === undefined && taskId === undefined) {
        return services.studio.listTasks(caller, { programId: program, token: request.query.pagination_token, fetchAll: request.query.fetch_all ?? false });
      }
      if (projectId === undefined || skuId === undefined || taskId === undefined) {
        const missing = projectId === undefined ? 'project_id' : skuId === undefined ? 'sku_id' : 'task_id';
        throw new DrapeError('missing_parameter', 'A task’s detail needs project_id, sku_id and task_id together.', { field: missing });
      }
      return services.studio.taskDetail(caller, { projectId, programId: program, skuId, taskId });
    },
  });
}
