import { z } from 'zod';

/** AILabTools' public response fields: every answer, success or error, starts with these. */
const publicFields = {
  request_id: z.string().describe('The request id (as in the server logs).'),
  log_id: z.string().describe('The id to find this request in the server logs: the request id.'),
  error_code: z.number().int().describe('0 on success; otherwise the HTTP status.'),
  error_msg: z.string().describe('Empty on success; otherwise the error summary and its detail.'),
  error_detail: z.object({
    status_code: z.number().int().describe('The HTTP status.'),
    code: z.string().describe('Empty on success; otherwise an AILabTools error code such as MISSING_PARAMETERS.'),
    code_message: z.string().describe('What the code means.'),
    message: z.string().describe('What exactly went wrong.'),
  }),
};

export const ailabtoolsError = z.object(publicFields).meta({ id: 'AilabtoolsError' });

/** The same error schema under each status a route can answer with. */
export function ailabtoolsErrors(...statuses: number[]): Record<number, typeof ailabtoolsError> {
  return Object.fromEntries(statuses.map((status) => [status, ailabtoolsError]));
}

export const GENDERS = ['woman', 'man'] as const;

/** The multipart form, for the OpenAPI document; the handler reads and checks it field by field. */
export const refinerForm = z
  .object({
    task_type: z.literal('async').describe('async: an asynchronous task (the only kind).'),
    person_image: z.string().meta({ format: 'binary' }).describe('The person photo given to the try-on.'),
    top_garment: z.string().meta({ format: 'binary' }).describe('The top garment photo given to the try-on.'),
    coarse_image: z.string().meta({ format: 'binary' }).describe('The try-on result to refine.'),
    gender: z.enum(GENDERS).describe('The gender of the person in person_image.'),
    bottom_garment: z.string().meta({ format: 'binary' }).optional().describe('The bottom garment photo, if any.'),
  })
  .meta({ id: 'AilabtoolsRefinerForm' });

export const refinerTask = z
  .object({
    ...publicFields,
    task_type: z.literal('async'),
    task_id: z.string().describe('Pass it to GET /api/common/query-async-task-result; also a native job id.'),
  })
  .meta({ id: 'AilabtoolsRefinerTask' });

export const TASK_STATUSES = { queued: 0, processing: 1, completed: 2 } as const;

export const taskResultQuery = z.object({
  task_id: z.string().min(1).max(64).describe('The task_id the asynchronous API answered with.'),
});

export const taskResult = z
  .object({
    ...publicFields,
    task_status: z.union([z.literal(0), z.literal(1), z.literal(2)]).describe('0: queued; 1: processing; 2: done.'),
    output: z.object({ image_url: z.string().describe('The result image once task_status is 2 (a link valid 24 h); else empty.') }),
    usage: z.object({ image_count: z.number().int().describe('Images generated: 1 once done, else 0.') }),
  })
  .meta({ id: 'AilabtoolsTaskResult' });
