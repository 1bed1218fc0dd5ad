import type { FastifyReply, FastifyRequest } from 'fastify';
import { TERMINAL_STATUSES, type Job } from '../db/job-store.js';
import { longestRunMs } from '../jobs/job-transitions.js';
import type { HttpServices } from './services.js';
import { requestedWaitSeconds } from './wait.js';

/**
 * The job once it has ended, or as it is after `seconds` or when the client
 * hangs up: the wait behind `Prefer: wait`, Pixelcut's wait_for_result, ….
 */
export function waitWhileConnected(request: FastifyRequest, reply: FastifyReply, services: HttpServices, jobId: string, seconds: number): Promise<Job> {
  return services.jobs.waitForEnd(request.teamId, jobId, seconds * 1000, clientGone(reply));
}

/**
 * The job once it has ended, however long it queues, as long as the client
 * stays connected; bounded by the job's own timeout and attempts once it runs
 * (Pixelcut's wait_for_result promises the result, not a time).
 */
export function waitForOutcomeWhileConnected(request: FastifyRequest, reply: FastifyReply, services: HttpServices, job: Job): Promise<Job> {
  const { JOB_TIMEOUT, JOB_LEASE } = services.config;
  const bound = longestRunMs({ jobTimeoutMs: JOB_TIMEOUT, leaseMs: JOB_LEASE, maxAttempts: job.maxAttempts });
  return services.jobs.waitForOutcome(request.teamId, job.id, bound, clientGone(reply));
}

/** Aborts when the client hangs up: the response's close, not the request's (a request stream closes once its body is read). */
function clientGone(reply: FastifyReply): AbortSignal {
  // The body has become a job: a request that only waits holds no upload bytes.
  reply.request.releaseUpload?.();
  const gone = new AbortController();
  reply.raw.once('close', () => gone.abort());
  return gone.signal;
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
