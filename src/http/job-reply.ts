import type { FastifyReply, FastifyRequest } from 'fastify';
import { TERMINAL_STATUSES, type Job } from '../db/job-store.js';
import type { HttpServices } from './services.js';
import { requestedWaitSeconds } from './wait.js';

/**
 * The job once it has ended, or as it is after `seconds` or when the client
 * hangs up: the wait behind `Prefer: wait`, Pixelcut's wait_for_result, ….
 */
export function waitWhileConnected(request: FastifyRequest, reply: FastifyReply, services: HttpServices, jobId: string, seconds: number): Promise<Job> {
  const gone = new AbortController();
  // The response's close, not the request's: a request stream closes once its body is read.
  reply.raw.once('close', () => gone.abort());
  return services.jobs.waitForEnd(request.teamId, jobId, seconds * 1000, gone.signal);
}

/** 202 with the job, or 200 if it ended while the client asked to wait. */
export async function respondWithJob(request: FastifyRequest, reply: FastifyReply, services: HttpServices, accepted: Job) {
  const waitSeconds = requestedWaitSeconds(request, services.config.MAX_WAIT_SECONDS);
  let job = accepted;
  if (waitSeconds > 0 && !TERMINAL_STATUSES.includes(job.status)) {
    job = await waitWhileConnected(request, reply, services, job.id, waitSeconds);
    void reply.header('preference-applied', `wait=${waitSeconds}`);
  }
  const ended = TERMINAL_STATUSES.includes(job.status);
  return reply
    .status(ended && waitSeconds > 0 ? 200 : 202)
    .header('location', `${services.config.PUBLIC_URL}/v1/jobs/${job.id}`)
    .send(await services.presenter.toJson(job));
}
