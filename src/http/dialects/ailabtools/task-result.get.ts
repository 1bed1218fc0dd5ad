import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { DrapeError } from '../../../errors.js';
import type { HttpServices } from '../../services.js';
import { jobFailure } from '../../../jobs/job-failure.js';
import { noError } from './error-response.js';
import { ailabtoolsErrors, TASK_STATUSES, taskResult, taskResultQuery } from './schemas.js';

/** "Asynchronous task results are valid for 24 hours": so is the result link. */
const RESULT_URL_TTL_MS = 24 * 3600 * 1000;

export function registerTaskResultGet(app: FastifyInstance, services: HttpServices): void {
  app.withTypeProvider<ZodTypeProvider>().route({
    method: 'GET',
    url: '/api/common/query-async-task-result',
    schema: {
      tags: ['ailabtools'],
      summary: 'AILabTools: query an asynchronous task',
      description:
        'task_status 0 (queued), 1 (processing) or 2 (done, with output.image_url valid for 24 hours). A failed ' +
        'or canceled task answers with the error fields and the status of its error. Key in ailabapi-api-key.',
      querystring: taskResultQuery,
      response: { 200: taskResult, ...ailabtoolsErrors(400, 401, 404, 409, 422, 429, 500, 504) },
    },
    handler: async (request) => {
      const job = await services.jobs.get(request.teamId, request.query.task_id);
      if (job.status === 'failed' || job.status === 'canceled') throw jobFailure(job);
      if (job.status === 'queued' || job.status === 'processing' || job.result === null) {
        const status = job.status === 'queued' ? TASK_STATUSES.queued : TASK_STATUSES.processing;
        return { ...noError(request), task_status: status, output: { image_url: '' }, usage: { image_count: 0 } };
      }
      const imageUrl = await services.presenter.resultUrl(job, RESULT_URL_TTL_MS);
      if (imageUrl === undefined) {
        throw new DrapeError('not_found', `The result of task ${job.id} has been deleted: results are kept for a limited time.`);
      }
      return { ...noError(request), task_status: TASK_STATUSES.completed, output: { image_url: imageUrl }, usage: { image_count: 1 } };
    },
  });
}
