import { z } from 'zod';

export const jobIdParams = z.object({ id: z.string().max(64).describe('A job id, job_…') });
