import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DrapeError } from '../../../errors.js';
import type { HttpServices } from '../../services.js';
import { callerOf, id, listQuery, name, programId } from './schemas.js';

const FILE_TYPES = ['garment_image', 'sku_zip', 'model_image', 'reference_image'] as const;

/** Projects, and the uploads into them (base64 images; SKU archives in parts). */
export function registerStudioProjects(app: FastifyInstance, services: HttpServices): void {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  routes.get('/public/v1/project', {
    schema: {
      tags: ['studio'],
      summary: 'Studio: list projects, or one project’s detail with project_id',
      querystring: z.object({ ...listQuery, project_id: id.optional() }),
    },
    handler: async (request) => {
      const caller = callerOf(request);
      const { project_id: projectId, program_id: program } = request.query;
      if (projectId !== undefined) return services.studio.projectJson(await services.studio.project(caller, projectId, program, 'read'));
      return services.studio.listProjects(caller, { programId: program, token: request.query.pagination_token, fetchAll: request.query.fetch_all ?? false });
    },
  });
  routes.post('/public/v1/project', {
    schema: { tags: ['studio'], summary: 'Studio: create a project', body: z.object({ project_name: name, program_id: programId }) },
    handler: async (request) => services.studio.createProject(callerOf(request), request.body.program_id, request.body.project_name),
  });
  routes.post('/public/v1/project/upload', {
    schema: {
      tags: ['studio'],
      summary: 'Studio: upload a garment, model or reference image (base64), or start a SKU archive upload',
      description:
        'garment_image: a SKU of its own with the classified image. sku_zip: answers upload_urls (one per 5 MiB part) to PUT the parts to, ' +
        'then POST /project/complete_multipart_upload with their ETags.',
      body: z.object({
        project_id: id,
        file_type: z.enum(FILE_TYPES),
        program_id: programId,
        file_data: z.string().optional().describe('Base64 image (or a data: URI) for the image types.'),
        file_size: z.number().int().positive().optional().describe('The archive’s size in bytes, for sku_zip.'),
      }),
    },
    handler: async (request) => {
      const body = request.body;
      const caller = callerOf(request);
      if (body.file_type === 'sku_zip') {
        if (body.file_size === undefined) throw new DrapeError('missing_parameter', 'file_size is required for sku_zip.', { field: 'file_size' });
        return services.skuUploads.start(caller, { projectId: body.project_id, programId: body.program_id, fileSize: body.file_size });
      }
      if (body.file_data === undefined || body.file_data === '') {
        throw new DrapeError('missing_parameter', `file_data is required for ${body.file_type}.`, { field: 'file_data' });
      }
      return services.studio.uploadImage(caller, { projectId: body.project_id, programId: body.program_id, fileType: body.file_type, data: body.file_data });
    },
  });
  routes.post('/public/v1/project/complete_multipart_upload', {
    schema: {
      tags: ['studio'],
      summary: 'Studio: finish a SKU archive upload; its SKUs are made and classified',
      body: z.object({
        project_id: id,
        key: z.string().min(1).max(500),
        upload_id: id,
        parts: z.array(z.object({ PartNumber: z.number().int().min(1).max(10_000), ETag: z.string().min(1).max(200) })).min(1).max(10_000),
        program_id: programId,
      }),
    },
    handler: async (request) =>
      services.skuUploads.complete(callerOf(request), {
        projectId: request.body.project_id,
        programId: request.body.program_id,
        key: request.body.key,
        uploadId: request.body.upload_id,
        parts: request.body.parts,
      }),
  });
}

/**
 * PUT of one part to the URL /project/upload gave out (folder storage): no
 * key, the URL's signature is the permission, as with a presigned S3 URL.
 * Answers 200 with the part's ETag header.
 */
export async function registerStudioPartUpload(app: FastifyInstance, services: HttpServices, partBytes: number): Promise<void> {
  await app.register(async (scope) => {
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: partBytes }, (_request, body, done) => done(null, body));
    scope.withTypeProvider<ZodTypeProvider>().put('/public/v1/uploads/:uploadId/:part', {
      schema: {
        tags: ['studio'],
        summary: 'Studio: upload one part of a SKU archive (the URL from /project/upload)',
        params: z.object({ uploadId: id, part: z.coerce.number().int().min(1).max(10_000) }),
        querystring: z.object({ expires: z.string().optional(), sig: z.string().optional() }),
      },
      handler: async (request, reply) => {
        const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
        const etag = await services.skuUploads.putPart(request.params.uploadId, request.params.part, request.query, body);
        return reply.header('etag', etag).header('access-control-expose-headers', 'ETag').send('');
      },
    });
  });
}
