import type { CreditService } from '../accounts/credit-service.js';
import type { ApiKeyService } from '../accounts/key-service.js';
import type { RateLimiter } from '../accounts/rate-limiter.js';
import type { TeamService } from '../accounts/team-service.js';
import type { UploadBudget } from '../accounts/upload-budget.js';
import type { Config } from '../config.js';
import type { Db } from '../db/db.js';
import type { PartState } from '../core.js';
import type { EngineStatus } from '../engines/engine-router.js';
import type { JobPresenter } from '../jobs/job-json.js';
import type { JobService } from '../jobs/job-service.js';
import type { SubmissionService } from '../jobs/submission.js';
import type { Metrics } from '../metrics.js';
import type { BlobStore } from '../storage/blob-store.js';
import type { UrlSigner } from '../storage/signed-urls.js';
import type { CustomPoses } from '../studio/custom-poses.js';
import type { ModelGallery } from '../studio/model-gallery.js';
import type { PresetPictures } from '../studio/pose-library.js';
import type { SkuUploads } from '../studio/sku-uploads.js';
import type { StudioService } from '../studio/studio-service.js';
import type { StudioUpscales } from '../studio/upscale-requests.js';

/** What the HTTP layer is given by main: services, never globals. */
export interface HttpServices {
  config: Config;
  db: Db;
  blobs: BlobStore;
  signer: UrlSigner;
  presenter: JobPresenter;
  jobs: JobService;
  /** Where every route and dialect submits its jobs. */
  submissions: SubmissionService;
  metrics: Metrics;
  teams: TeamService;
  keys: ApiKeyService;
  credits: CreditService;
  rateLimiter: RateLimiter;
  /** What parts started after the core (the engine, in a process that runs jobs) report to /readyz. */
  parts: ReadonlyMap<string, () => PartState>;
  /** The engine router's view when this process runs jobs (GET /v1/engines). */
  engineStatus: { readonly read?: () => EngineStatus[] };
  studio: StudioService;
  skuUploads: SkuUploads;
  models: ModelGallery;
  poses: CustomPoses;
  posePictures: PresetPictures;
  upscales: StudioUpscales;
  /** Request bodies held at once: charged before a body is read. */
  uploads: UploadBudget;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the auth hook for every route in the authenticated scope. */
    teamId: string;
    keyId: string;
    /** Gives the request's body back to the upload budget (set by the auth hook; idempotent). */
    releaseUpload: (() => void) | null;
  }
}
