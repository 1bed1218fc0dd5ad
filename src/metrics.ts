import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Db } from './db/db.js';
import { JOB_STATUSES, jobStore } from './db/job-store.js';

/**
 * Prometheus metrics of one server. Each server has its own registry (no
 * global default), so two servers can run in one test process.
 */
export class Metrics {
  readonly registry = new Registry();
  readonly httpRequests: Counter<'method' | 'route' | 'status'>;
  readonly httpDuration: Histogram<'method' | 'route'>;
  readonly engineStage: Histogram<'stage'>;
  readonly jobsFinished: Counter<'status' | 'operation'>;
  readonly webhookAttempts: Counter<'outcome'>;
  readonly httpErrors: Counter<'code'>;
  readonly engineRuns: Counter<'engine' | 'kind' | 'outcome'>;
  readonly engineRunDuration: Histogram<'engine'>;
  readonly engineSkipped: Counter<'engine' | 'reason'>;
  readonly engineHealthy: Gauge<'engine'>;

  constructor(db: Db) {
    collectDefaultMetrics({ register: this.registry });
    this.httpRequests = new Counter({
      name: 'http_requests_total',
      help: 'HTTP requests by method, route pattern and status code.',
      labelNames: ['method', 'route', 'status'],
      registers: [this.registry],
    });
    this.httpDuration = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP request latency by route pattern.',
      labelNames: ['method', 'route'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      registers: [this.registry],
    });
    this.engineStage = new Histogram({
      name: 'engine_stage_duration_seconds',
      help: 'Time spent in each engine stage (decode, pose, matte, warp, …).',
      labelNames: ['stage'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [this.registry],
    });
    this.jobsFinished = new Counter({
      name: 'jobs_finished_total',
      help: 'Jobs that reached a final state in this process.',
      labelNames: ['status', 'operation'],
      registers: [this.registry],
    });
    this.httpErrors = new Counter({
      name: 'http_errors_total',
      help: 'Error responses by Drape error code (invalid_auth_token, rate_limit_exceeded, insufficient_credits, …).',
      labelNames: ['code'],
      registers: [this.registry],
    });
    this.webhookAttempts = new Counter({
      name: 'webhook_attempts_total',
      help: 'Webhook delivery attempts by outcome (delivered, retry, failed).',
      labelNames: ['outcome'],
      registers: [this.registry],
    });
    this.engineRuns = new Counter({
      name: 'engine_runs_total',
      help: 'Engine runs of jobs by engine (ENGINES_FILE name), kind and outcome (completed, failed, canceled).',
      labelNames: ['engine', 'kind', 'outcome'],
      registers: [this.registry],
    });
    this.engineRunDuration = new Histogram({
      name: 'engine_run_duration_seconds',
      help: 'Wall time of one engine run (remote: upload, queue, run and download).',
      labelNames: ['engine'],
      buckets: [0.25, 0.5, 1, 2.5, 5, 10, 20, 30, 60, 120, 300],
      registers: [this.registry],
    });
    this.engineSkipped = new Counter({
      name: 'engine_skipped_total',
      help: 'Times routing passed over an engine for the next: unhealthy (health check failed) or circuit_open.',
      labelNames: ['engine', 'reason'],
      registers: [this.registry],
    });
    this.engineHealthy = new Gauge({
      name: 'engine_healthy',
      help: 'Whether a remote engine passed its last health check (1) or not (0).',
      labelNames: ['engine'],
      registers: [this.registry],
    });
    new Gauge({
      name: 'jobs',
      help: 'Jobs in the database by state.',
      labelNames: ['state'],
      registers: [this.registry],
      async collect() {
        const counts = await jobStore.countByStatus(db);
        for (const state of JOB_STATUSES) this.set({ state }, counts[state]);
      },
    });
    new Gauge({
      name: 'queue_depth',
      help: 'Jobs waiting to be claimed.',
      registers: [this.registry],
      async collect() {
        this.set((await jobStore.countByStatus(db)).queued);
      },
    });
  }
}
