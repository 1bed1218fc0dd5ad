import type { Core } from '../core.js';
import { EnginePool } from '../engines/engine-pool.js';
import { EngineRouter } from '../engines/engine-router.js';
import { JobRunner } from './job-runner.js';
import { Maintenance } from './maintenance.js';
import { RetentionSweeper } from './retention-sweeper.js';
import { WebhookDispatcher } from './webhook-dispatcher.js';

/** How often the webhook dispatcher looks for due deliveries. */
const WEBHOOK_POLL_MS = 500;

export interface Workers {
  runner: JobRunner;
  maintenance: Maintenance;
  sweeper: RetentionSweeper;
  dispatcher: WebhookDispatcher;
  /** Resolves when the engine threads have loaded their models and jobs run; rejects if they cannot start. */
  engineReady: Promise<void>;
  /** Claim nothing new, give running jobs `graceMs` to finish, hand the rest back, stop the rest. */
  stop(graceMs: number): Promise<void>;
}

/**
 * The job-running side of a process, on a core: engine threads and the
 * claim loop, webhook delivery, lease reclaiming and the retention sweeper
 * (one at a time across all processes). Returns at once; the engines warm up
 * in the background and jobs wait in the queue meanwhile.
 */
export function startWorkers(core: Core, options: { threads: number }): Workers {
  const { config, logger } = core;
  const set = config.ENGINE_SET;
  // Only engines that need local models load them: without a built-in engine no thread starts.
  const modules = set.engines.flatMap((spec) => (spec.kind === 'builtin' ? [spec.module] : []));
  const pool = modules.length === 0 ? undefined : new EnginePool(options.threads, modules);
  const router = new EngineRouter(set, pool, core.fetcher, core.metrics, logger, config.JOB_TIMEOUT);
  const runner = new JobRunner(core.db, core.storage.blobs, router, core.events, core.transitions, core.metrics, logger, {
    leaseMs: config.JOB_LEASE,
    jobTimeoutMs: config.JOB_TIMEOUT,
    pollIntervalMs: config.POLL_INTERVAL,
  });
  let engineState = 'loading models';
  core.parts.set('engine', () => engineState);
  // Set by stop(): a process told to stop while its engine threads still load stops at once, without the load.
  let stopRequested = false;
  const engineReady = (async () => {
    const started = Date.now();
    try {
      // Remote engines are checked once first, so the first jobs skip one that is down.
      await router.start();
      if (stopRequested) return;
      core.engineStatus.read = () => router.engineStatuses();
      // Claims wait for the first warm thread or a free remote slot (the router counts both).
      runner.start();
      const threads = (await pool?.start()) ?? [];
      logger.info({ threads: threads.length, engines: threads[0]?.engines, ms: Date.now() - started }, 'engines ready');
    } catch (error) {
      // Closing the pool ends the threads still loading: that is the stop, not an engine that cannot start.
      if (stopRequested) return;
      engineState = 'failed to start';
      throw error;
    }
    engineState = 'ok';
  })();

  const maintenance = new Maintenance(core.db, core.transitions, logger, { leaseMs: config.JOB_LEASE });
  maintenance.start();
  const sweeper = new RetentionSweeper(core.db, core.storage.blobs, core.events, logger, {
    retentionMs: config.RETENTION,
    sweepIntervalMs: config.SWEEP_INTERVAL,
  });
  sweeper.start();
  const dispatcher = new WebhookDispatcher(core.db, core.fetcher, core.metrics, logger, {
    retryScheduleMs: config.WEBHOOK_RETRY_SCHEDULE,
    timeoutMs: config.WEBHOOK_TIMEOUT,
    pollIntervalMs: WEBHOOK_POLL_MS,
  });
  dispatcher.start();

  let stopping: Promise<void> | undefined;
  const stop = (graceMs: number) =>
    (stopping ??= (async () => {
      stopRequested = true;
      await runner.stop(graceMs);
      router.close();
      await pool?.close();
      await engineReady.catch(() => {});
      await dispatcher.stop();
      await maintenance.stop();
      await sweeper.stop();
      core.parts.delete('engine');
      delete core.engineStatus.read;
    })());
  return { runner, maintenance, sweeper, dispatcher, engineReady, stop };
}
