import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { writeAdminKeyFile } from './accounts/admin-key-file.js';
import { createAccounts } from './accounts/accounts.js';
import type { CreditService } from './accounts/credit-service.js';
import type { ApiKeyService } from './accounts/key-service.js';
import type { TeamService } from './accounts/team-service.js';
import type { Config } from './config.js';
import { openDb, type Db } from './db/db.js';
import { migrate } from './db/migrate.js';
import { settingsStore } from './db/settings-store.js';
import { EnginePool } from './engines/engine-pool.js';
import { buildApp } from './http/app.js';
import { dialectWebhookBodies } from './http/dialects/index.js';
import { ImageInputs } from './http/image-inputs.js';
import { JobEvents } from './jobs/job-events.js';
import { JobPresenter } from './jobs/job-json.js';
import { JobRunner } from './jobs/job-runner.js';
import { JobService } from './jobs/job-service.js';
import { JobTransitions } from './jobs/job-transitions.js';
import { Maintenance } from './jobs/maintenance.js';
import { WebhookDispatcher } from './jobs/webhook-dispatcher.js';
import { createLogger, type Logger } from './logger.js';
import { Metrics } from './metrics.js';
import { SafeFetcher } from './net/safe-fetch.js';
import { LocalBlobStore, blobRoot } from './storage/local-blob-store.js';
import { UrlSigner } from './storage/signed-urls.js';

export interface RunningServer {
  app: FastifyInstance;
  /** Where the server listens, e.g. http://127.0.0.1:8080. */
  url: string;
  config: Config;
  db: Db;
  jobs: JobService;
  teams: TeamService;
  keys: ApiKeyService;
  credits: CreditService;
  maintenance: Maintenance;
  runner: JobRunner | undefined;
  /** Resolves when the engine threads have loaded their models and jobs run. */
  engineReady: Promise<void>;
  close(): Promise<void>;
}

/** How often the webhook dispatcher looks for due deliveries. */
const WEBHOOK_POLL_MS = 500;

/**
 * Build every service from the config and start serving. HTTP answers at
 * once; the engine threads load their models in the background, and
 * /readyz reports ready when they have.
 */
export async function startServer(config: Config, options: { logger?: Logger } = {}): Promise<RunningServer> {
  const logger = options.logger ?? createLogger(config.LOG_LEVEL);
  await mkdir(config.DATA_DIR, { recursive: true });
  const db = await openDb({ databaseUrl: config.DATABASE_URL, dataDir: join(config.DATA_DIR, 'db') });
  const applied = await migrate(db);
  if (applied.length > 0) logger.info({ versions: applied }, 'database migrations applied');

  const blobs = new LocalBlobStore(blobRoot(config.DATA_DIR));
  const secret = config.SIGNING_SECRET ?? (await settingsStore.getOrCreate(db, 'signing_secret', randomBytes(32).toString('hex')));
  const signer = new UrlSigner(secret, config.PUBLIC_URL);
  const presenter = new JobPresenter(signer, config.PUBLIC_URL, config.RESULT_URL_TTL, dialectWebhookBodies());
  const events = new JobEvents(db);
  await events.start();
  const metrics = new Metrics(db);
  const transitions = new JobTransitions(db, presenter, events);
  const { teams, keys, credits, rateLimiter, uploads } = createAccounts(db, config, logger);
  transitions.onTerminal(credits.refundIfUnsuccessful);
  const jobs = new JobService(db, blobs, events, transitions, config.JOB_MAX_ATTEMPTS, credits.admit);
  await keys.start();
  const firstTeam = await teams.bootstrap(config.DRAPE_ADMIN_KEY);
  if (firstTeam !== undefined) {
    const file = await writeAdminKeyFile(config.DATA_DIR, firstTeam.key);
    logger.info({ teamId: firstTeam.team.id, file }, 'first start: created the default team and its admin key');
    // Printed once, outside the JSON log, so that it is seen and not shipped to a log store.
    if (config.DRAPE_ADMIN_KEY === undefined) {
      process.stderr.write(`\n  Drape admin API key (shown once; also in ${file}):\n\n    ${firstTeam.key}\n\n`);
    }
  }
  const fetcher = new SafeFetcher({
    allowlist: config.URL_FETCH_ALLOWLIST,
    connectTimeoutMs: config.URL_CONNECT_TIMEOUT,
    totalTimeoutMs: config.URL_FETCH_TIMEOUT,
    maxRedirects: 3,
    userAgent: 'Drape/0.1 (+https://github.com/drape)',
  });
  const images = new ImageInputs(fetcher, {
    maxBytes: config.MAX_UPLOAD_BYTES,
    minSide: config.MIN_IMAGE_SIDE,
    maxSide: config.MAX_IMAGE_SIDE,
    maxPixels: config.MAX_IMAGE_PIXELS,
  });
  const pool = config.WORKERS > 0 ? new EnginePool(config.WORKERS, config.ENGINES) : undefined;

  const app = await buildApp(
    { config, db, blobs, signer, presenter, jobs, images, fetcher, metrics, pool, teams, keys, credits, rateLimiter, uploads },
    logger,
  );
  const address = await app.listen({ port: config.PORT, host: config.HOST });
  const url = address.replace('[::]', '127.0.0.1').replace('0.0.0.0', '127.0.0.1');
  logger.info({ url, publicUrl: config.PUBLIC_URL, database: db.kind, workers: config.WORKERS }, 'drape listening');

  const runner =
    pool === undefined
      ? undefined
      : new JobRunner(db, blobs, pool, events, transitions, metrics, logger, {
          leaseMs: config.JOB_LEASE,
          jobTimeoutMs: config.JOB_TIMEOUT,
          pollIntervalMs: config.POLL_INTERVAL,
        });
  const engineReady = (async () => {
    if (pool === undefined || runner === undefined) return;
    const started = Date.now();
    const threads = await pool.start();
    logger.info({ threads: threads.length, engines: threads[0]?.engines, ms: Date.now() - started }, 'engines ready');
    runner.start();
  })();

  const maintenance = new Maintenance(db, blobs, transitions, events, logger, {
    leaseMs: config.JOB_LEASE,
    retentionMs: config.RETENTION,
    sweepIntervalMs: config.SWEEP_INTERVAL,
  });
  maintenance.start();
  const dispatcher = new WebhookDispatcher(db, fetcher, metrics, logger, {
    retryScheduleMs: config.WEBHOOK_RETRY_SCHEDULE,
    timeoutMs: config.WEBHOOK_TIMEOUT,
    pollIntervalMs: WEBHOOK_POLL_MS,
  });
  dispatcher.start();

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      // Waiting requests answer now, so that closing the HTTP server does not wait for them.
      jobs.close();
      await app.close();
      await engineReady.catch(() => {});
      await runner?.stop(config.SHUTDOWN_GRACE);
      await pool?.close();
      await dispatcher.stop();
      await maintenance.stop();
      await events.stop();
      await keys.stop();
      await fetcher.close();
      await db.close();
      logger.info('drape stopped');
    })());

  return { app, url, config, db, jobs, teams, keys, credits, maintenance, runner, engineReady, close };
}
