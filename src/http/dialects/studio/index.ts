/**
 * The Huhu studio public API v1 (../shared/specs/huhu-public-api-v1.txt)
 * under /public/v1: metering, programs, projects and uploads, SKUs, tasks,
 * the model gallery and poses, upscaling, video (validated, 501 without an engine), and Drape's own
 * /capabilities, /openapi.json and /skill.md.
 * Bearer keys; FastAPI-style {detail} errors with the document's statuses.
 * The routes only translate: the catalogue and its rules live in src/studio.
 */
import type { FastifyInstance } from 'fastify';
import { recordError } from '../../error-handler.js';
import type { HttpServices } from '../../services.js';
import type { Dialect } from '../dialect.js';
import { registerStudioAccount } from './account.js';
import { registerStudioModels } from './models.js';
import { registerStudioPosePictures, registerStudioPoses } from './poses.js';
import { studioErrorResponse } from './error-response.js';
import { registerStudioPartUpload, registerStudioProjects } from './projects.js';
import { registerStudioSkusAndTasks } from './skus-tasks.js';
import { registerStudioCapabilities } from './capabilities.js';
import { registerStudioUpscale } from './upscale.js';
import { registerStudioVideo } from './video.js';

export const studio: Dialect = {
  name: 'studio',
  tag: { name: 'studio', description: 'Huhu studio public API v1: programs, projects, SKUs, tasks and credits, at /public/v1.' },
  errorResponse: studioErrorResponse,
  register(scope, services) {
    registerStudioAccount(scope, services);
    registerStudioProjects(scope, services);
    registerStudioSkusAndTasks(scope, services);
    registerStudioModels(scope, services);
    registerStudioPoses(scope, services);
    registerStudioUpscale(scope, services);
    registerStudioVideo(scope, services);
    registerStudioCapabilities(scope, services);
  },
};

/**
 * Routes outside the key's scope, answering errors as the studio does: the
 * part upload (its URL is signed) and the preset poses' pictures (public).
 */
export async function registerStudioPublic(app: FastifyInstance, services: HttpServices, partBytes: number): Promise<void> {
  await app.register(async (scope) => {
    scope.setErrorHandler((error: unknown, request, reply) => {
      const { status, body } = studioErrorResponse(recordError(error, request, reply, services.metrics));
      return reply.status(status).type('application/json').send(body);
    });
    await registerStudioPartUpload(scope, services, partBytes);
    registerStudioPosePictures(scope, services);
  });
}
