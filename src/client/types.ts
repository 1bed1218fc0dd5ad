/**
 * The shapes of Drape's native API as a client sees them. Written here, not
 * imported from the server, so the client stands alone (a browser bundle or
 * another project can use it without the server's dependencies).
 */

export type JobStatus = 'queued' | 'processing' | 'completed' | 'failed' | 'canceled';
export const TERMINAL_JOB_STATUSES: readonly JobStatus[] = ['completed', 'failed', 'canceled'];

/** The server also takes aliases (top, bottom, full, …); it answers with these four. */
export type Category = 'auto' | 'upper' | 'lower' | 'dress' | (string & {});
export type OutputFormat = 'jpeg' | 'png' | 'webp';
export type Preset = 'fast' | 'balanced' | 'quality';

/** Why a result may not pass as a try-on (README "Result quality"). */
export type QualityWarning =
  | 'garment_matte_fragmented'
  | 'garment_outside_body'
  | 'garment_misaligned'
  | 'old_garment_visible'
  | 'large_fill'
  | 'flat_fill'
  | 'fill_hard_edge'
  | 'smeared_edges'
  | 'limb_erased'
  | 'low_pose_confidence';

/** The engine's verdict on a result: score 0..1 (1 looks right), a warning per check that found a defect. */
export interface ResultQuality {
  score: number;
  warnings: QualityWarning[];
}

export interface JobInputImage {
  width: number;
  height: number;
}

export interface Job {
  id: string;
  object: 'job';
  operation: string;
  status: JobStatus;
  /** 0–100. */
  progress: number;
  attempts: number;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  input: {
    person: JobInputImage;
    garments: (JobInputImage & { category: string })[];
    /** A refine job's coarse result. */
    coarse?: JobInputImage;
    /** Signed links to the stored inputs; null once deleted by retention. */
    urls: { person: string | null; garments: (string | null)[]; coarse?: string | null };
  };
  options: Record<string, unknown>;
  output_format: string;
  metadata: unknown;
  webhook_url: string | null;
  source: string;
  result: {
    image_url: string | null;
    width: number;
    height: number;
    format: string;
    expires_at: string | null;
    /** The other results of a job that asked for several (FASHN's num_samples); absent otherwise. */
    samples?: { image_url: string | null; width: number; height: number }[];
    diagnostics: { name: string; url: string | null }[];
    info: Record<string, unknown>;
    /** Absent when the engine does not judge its results. */
    quality?: ResultQuality;
  } | null;
  error: { code: string; message: string } | null;
  /** Milliseconds per engine stage. */
  stage_timings: Record<string, number>;
  /** The engine of the latest run (its name in the server's ENGINES_FILE, or builtin); null before one starts. */
  engine: string | null;
  /** Every engine run in order: an attempt that fell back to the next engine has several. */
  engine_runs: {
    attempt: number;
    engine: string;
    kind: string;
    outcome: 'completed' | 'failed' | 'canceled';
    error_code?: string;
    ms: number;
  }[];
  links: { self: string; cancel: string; webhooks: string };
}

export interface JobList {
  object: 'list';
  data: Job[];
  next_cursor: string | null;
}

/**
 * GET /v1/account. Loose on purpose: the accounts layer decides its fields,
 * and a client that is older than the server must still read it.
 */
export interface RatePolicy {
  per_second: number;
  burst: number;
}

/** GET /v1/account: the key's team, its balance and limits. */
export interface Account {
  object: 'account';
  team: { id: string; name: string; created_at: string };
  plan: string;
  credits: number;
  concurrency: { limit: number; in_use: number };
  rate_limits: { requests: RatePolicy; polling: RatePolicy };
  key: { id: string; name: string; prefix: string };
}

/** GET /v1/engines: one engine of the server, in routing order. */
export interface EngineInfo {
  name: string;
  kind: string;
  operations: string[];
  capabilities: string[];
  /** Presets it serves; null: all. */
  presets: string[] | null;
  priority: number;
  /** Routing would try it now; null when the server runs no jobs and cannot tell. */
  available: boolean | null;
}

/** One grant, charge or refund of the team's credits. */
export interface LedgerEntry {
  id: string;
  kind: 'grant' | 'charge' | 'refund';
  amount: number;
  balance_after: number;
  operation: string | null;
  job_id: string | null;
  key_id: string | null;
  request_id: string | null;
  note: string | null;
  created_at: string;
}

export interface UsagePage {
  object: 'list';
  data: LedgerEntry[];
  next_cursor: string | null;
}

export interface ExamplePhoto {
  name: string;
  url: string;
  /** Garments only. */
  category?: 'upper' | 'lower' | 'dress';
  /** Persons: upper_body or full_body. */
  framing?: string;
}

export interface Examples {
  persons: ExamplePhoto[];
  garments: ExamplePhoto[];
  pairs: { person: string; garment: string; category: string }[];
}

/**
 * An image to send: its bytes (Uint8Array/Buffer or Blob), or a string that
 * the server fetches or decodes itself (an http(s) URL or a data: URI).
 */
export type ImageInput = Uint8Array | Blob | string;

export interface TryOnParams {
  person: ImageInput;
  /** One garment, or use `garments` for an outfit. */
  garment?: ImageInput;
  category?: Category;
  garments?: { image: ImageInput; category?: Category }[];
  outputFormat?: OutputFormat;
  preset?: Preset;
  preserveHands?: boolean;
  preserveFeet?: boolean;
  garmentBackgroundRemoval?: 'auto' | 'on' | 'off';
  /** keep, remove or #rrggbb. */
  resultBackground?: string;
  outputWidth?: number;
  outputHeight?: number;
  diagnostics?: boolean;
  /** Fail the job (low_quality_result, refunded) when the result's quality score is below this, 0..1; 0 accepts every result. */
  minQuality?: number;
  /** Run on this engine first (a name from engines()); an unknown one is 400 unknown_engine. */
  engine?: string;
  /** Run only on engines that declare all of these capabilities (engines() lists them). */
  capabilities?: string[];
  webhookUrl?: string;
  metadata?: Record<string, unknown>;
  idempotencyKey?: string;
  /** Hold the request up to this many seconds for the job to end (Prefer: wait=N). */
  waitSeconds?: number;
}

export interface RefineParams extends TryOnParams {
  /** The try-on result to refine (from Drape or another service), same framing as `person`. */
  coarse: ImageInput;
  gender?: 'woman' | 'man';
}

export interface WaitOptions {
  /** Called with each job seen while waiting, ended or not. */
  onProgress?: (job: Job) => void;
  /** Time between polls when onProgress is given. Default 500 ms. */
  intervalMs?: number;
  /** Give up (DrapeTimeoutError) after this long. Default 10 minutes. */
  timeoutMs?: number;
  signal?: AbortSignal;
}
