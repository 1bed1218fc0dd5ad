/**
 * The composition root: one core (database, storage, stores, services) that
 * every way of running Drape shares. `startHttp(core)` (src/http/start-http.ts)
 * serves the API on it, `startWorkers(core)` (src/jobs/start-workers.ts) runs
 * jobs, webhooks and upkeep on it; a process picks one or both (src/server.ts,
 * src/worker.ts). Nothing here reads process.env or listens on a port.
 */
import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { writeAdminKeyFile } from './accounts/admin-key-file.js';
import { createAccounts, type Accounts } from './accounts/accounts.js';
import { databaseOptions, type Config } from './config.js';
import { openDb, type Db } from './db/db.js';
import { migrate } from './db/migrate.js';
import { settingsStore } from './db/settings-store.js';
import { ImageInputs } from './images/image-inputs.js';
import { JobEvents } from './jobs/job-events.js';
import { JobPresenter } from './jobs/job-json.js';
import { JobService } from './jobs/job-service.js';
import { JobTransitions } from './jobs/job-transitions.js';
import { SubmissionService } from './jobs/submission.js';
import { WEBHOOK_BODIES } from './jobs/webhook-bodies/index.js';
import type { Logger } from './logger.js';
import { Metrics } from './metrics.js';
import { SafeFetcher } from './net/safe-fetch.js';
import { openStorage, type Storage } from './storage/open-storage.js';
import { UrlSigner } from './storage/signed-urls.js';
import { CustomPoses } from './studio/custom-poses.js';
import { ModelGallery } from './studio/model-gallery.js';
import { PresetPictures } from './studio/pose-library.js';
import { SkuUploads } from './studio/sku-uploads.js';
import type { PoseReads } from './studio/pose-reader.js';
import { AnalysisPool } from './studio/studio-analysis.js';
import { acceptStudioImage } from './studio/studio-images.js';
import { StudioService } from './studio/studio-service.js';
import type { EngineStatus } from './engines/engine-router.js';
import { submissionTaskJobs } from './studio/task-jobs.js';
import { StudioUpscales } from './studio/upscale-requests.js';

/** What a part of the process reports to /readyz: 'ok', or what it is waiting for. */
export type PartState = string;

export interface Core extends Accounts {
  config: Config;
  logger: Logger;
  db: Db;
  storage: Storage;
  signer: UrlSigner;
  presenter: JobPresenter;
  events: JobEvents;
  metrics: Metrics;
  transitions: JobTransitions;
  jobs: JobService;
  fetcher: SafeFetcher;
  images: ImageInputs;
  /** The one way to make a job: routes, dialects and studio tasks submit through it. */
  submissions: SubmissionService;
  /** The studio API's catalogue, tasks and SKU archive uploads. */
  studio: StudioService;
  skuUploads: SkuUploads;
  /** The studio's model gallery, custom poses and the preset library's pictures. */
  models: ModelGallery;
  poses: CustomPoses;
  posePictures: PresetPictures;
  /** The studio's garment classification and pose reads, on their own threads. */
  studioAnalysis: AnalysisPool;
  /** The studio's upscale requests (jobs of the upscale operation). */
  upscales: StudioUpscales;
  /** Parts that start after the core (the engine) say here how far they are. */
  parts: Map<string, () => PartState>;
  /** The engine router of this process, once its workers start (unset in a process that runs no jobs). */
  engineStatus: { read?: () => EngineStatus[] };
  close(): Promise<void>;
}

/**
 * `opening`: the database, when the process began to open it before loading
 * this module (src/main.ts does, so that copying the embedded template and
 * compiling PGlite's WebAssembly run off the main thread while the modules load).
 */
export async function buildCore(config: Config, logger: Logger, opening?: Promise<Db>): Promise<Core> {
  await mkdir(config.DATA_DIR, { recursive: true });
  const db = await (opening ?? openDb(databaseOptions(config)));
  const applied = await migrate(db);
  if (applied.length > 0) logger.info({ versions: applied }, 'database migrations applied');

  const secret = config.SIGNING_SECRET ?? (await settingsStore.getOrCreate(db, 'signing_secret', randomBytes(32).toString('hex')));
  const signer = new UrlSigner(secret, config.PUBLIC_URL);
  const storage = await openStorage(config, signer);
  const presenter = new JobPresenter(storage.links, config.PUBLIC_URL, config.RESULT_URL_TTL, WEBHOOK_BODIES);
  const events = new JobEvents(db);
  await events.start();
  const metrics = new Metrics(db);
  const transitions = new JobTransitions(db, presenter, events);
  const accounts = createAccounts(db, config, logger);
  transitions.onTerminal(accounts.credits.refundIfUnsuccessful);
  transitions.onTerminal(accounts.credits.refundUndeliveredSamples);
  const jobs = new JobService(db, storage.blobs, events, transitions, config.JOB_MAX_ATTEMPTS, accounts.credits.admit);
  await accounts.keys.start();
  const fetcher = new SafeFetcher({
    allowlist: config.URL_FETCH_ALLOWLIST,
    connectTimeoutMs: config.URL_CONNECT_TIMEOUT,
    totalTimeoutMs: config.URL_FETCH_TIMEOUT,
    maxRedirects: 3,
    userAgent: 'Drape/0.1 (+https://github.com/drape)',
  });
  const imageLimits = {
    maxBytes: config.MAX_UPLOAD_BYTES,
    minSide: config.MIN_IMAGE_SIDE,
    maxSide: config.MAX_IMAGE_SIDE,
    maxPixels: config.MAX_IMAGE_PIXELS,
  };
  const images = new ImageInputs(fetcher, imageLimits);
  const submissions = new SubmissionService(jobs, images, fetcher, (owner, bytes) => accounts.uploads.hold(owner, bytes), logger, config.ENGINE_SET);
  // Garment classification and pose reads run on their own threads; the vision models load on a thread's first pose read.
  const analysis = new AnalysisPool(config.STUDIO_ANALYSIS_THREADS);
  const studio = new StudioService(db, storage.blobs, storage.links, submissionTaskJobs(submissions, jobs), accounts.credits, accounts.teams, analysis, {
    imageLimits,
    linkTtlMs: config.RESULT_URL_TTL,
  });
  const skuUploads = new SkuUploads(db, storage.blobs, storage.s3, signer, config.PUBLIC_URL, studio, imageLimits);
  const poseReader: PoseReads = { read: (image) => analysis.readPose(image) };
  const acceptImage = (field: string, value: string) => acceptStudioImage(images, field, value, imageLimits.maxBytes);
  const models = new ModelGallery(db, storage.blobs, storage.links, studio, poseReader, acceptImage, config.RESULT_URL_TTL);
  const poses = new CustomPoses(db, storage.blobs, storage.links, studio, poseReader, acceptImage, config.RESULT_URL_TTL);
  const upscales = new StudioUpscales(studio, submissions, images, jobs, accounts.credits, storage.links, (owner, bytes) => accounts.uploads.hold(owner, bytes), {
    engines: config.ENGINE_SET,
    linkTtlMs: config.RESULT_URL_TTL,
  });

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      jobs.close();
      await analysis.close();
      await events.stop();
      await accounts.keys.stop();
      await fetcher.close();
      storage.close();
      await db.close();
    })());

  return {
    config,
    logger,
    db,
    storage,
    signer,
    presenter,
    events,
    metrics,
    transitions,
    jobs,
    fetcher,
    images,
    submissions,
    studio,
    skuUploads,
    models,
    poses,
    posePictures: new PresetPictures(),
    studioAnalysis: analysis,
    upscales,
    parts: new Map(),
    engineStatus: {},
    ...accounts,
    close,
  };
}

/**
 * At the first start on an empty database, the default team and its admin
 * key: written to DATA_DIR/admin-key and printed once. Called by the process
 * that serves HTTP, the one a person starting Drape is looking at.
 */
export async function bootstrapFirstTeam(core: Core): Promise<void> {
  const { config, logger } = core;
  const firstTeam = await core.teams.bootstrap(config.DRAPE_ADMIN_KEY);
  if (firstTeam === undefined) return;
  const file = await writeAdminKeyFile(config.DATA_DIR, firstTeam.key);
  logger.info({ teamId: firstTeam.team.id, file }, 'first start: created the default team and its admin key');
  // Printed once, outside the JSON log, so that it is seen and not shipped to a log store.
  if (config.DRAPE_ADMIN_KEY === undefined) {
    process.stderr.write(`\n  Drape admin API key (shown once; also in ${file}):\n\n    ${firstTeam.key}\n\n`);
  }
}
