/**
 * The one configuration module. `loadConfig(env)` is called once at start by
 * main.ts (and by tests with their own env objects); no other module reads
 * process.env. The README's configuration table is generated from the same
 * descriptions (`npm run config:table`).
 */
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import ms from 'ms';
import { z } from 'zod';
import { defaultEngineSet, parseEngineFile, type EngineSet } from './engines/engine-config.js';
import { parseStorageUrl, type StorageLocation } from './storage/storage-url.js';

const duration = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((value, ctx) => {
      const parsed = parseDuration(value);
      if (parsed === undefined) {
        ctx.addIssue({ code: 'custom', message: `not a duration: "${value}" (use e.g. 30s, 10m, 24h, 7d)` });
        return z.NEVER;
      }
      return parsed;
    })
    // The README shows "24h", not 86400000.
    .meta({ display: fallback });

const integer = (fallback: number, min = 0, max = Number.MAX_SAFE_INTEGER) =>
  z.coerce.number().int().min(min).max(max).default(fallback);

const positive = (fallback: number) => z.coerce.number().positive().finite().default(fallback);

const list = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((value) =>
      value
        .split(',')
        .map((item) => item.trim())
        .filter((item) => item.length > 0),
    );

const bool = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'])
    .default(fallback ? 'true' : 'false')
    .transform((value) => value === 'true' || value === '1' || value === 'yes');

/** Milliseconds from "250ms", "30s", "24h", "7d", or a bare number of seconds. */
export function parseDuration(value: string): number | undefined {
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed) * 1000;
  const parsed = ms(trimmed as ms.StringValue);
  return typeof parsed === 'number' && Number.isFinite(parsed) && parsed >= 0 ? parsed : undefined;
}

export const configSchema = z.object({
  PORT: integer(8080, 0, 65535).describe('TCP port of the HTTP server.'),
  HOST: z.string().default('0.0.0.0').describe('Address the HTTP server binds to.'),
  DATA_DIR: z.string().default('./data').describe('Folder for the embedded database and the stored images.'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .optional()
    .describe('PostgreSQL server to use. Unset: embedded PGlite under DATA_DIR/db.'),
  DB_CONNECT_TIMEOUT: duration('5s').describe(
    'PostgreSQL: longest wait for a connection (a new one, or a free one in the pool) before the request answers 503 with Retry-After.',
  ),
  DB_QUERY_TIMEOUT: duration('15s').describe(
    'PostgreSQL: longest wait for one statement\'s answer; beyond it the connection is dropped and the request answers 503 (a host that drops packets breaks no connection by itself). Also the server\'s statement_timeout.',
  ),
  PUBLIC_URL: z
    .url()
    .optional()
    .describe('Base URL clients reach this server at, used in links (Location, result URLs). Default: http://localhost:PORT.'),
  SIGNING_SECRET: z
    .string()
    .min(32, 'must be at least 32 characters')
    .optional()
    .describe('HMAC secret for signed result URLs. Default: generated once and kept in the database, shared by every server on it.'),
  RESULT_URL_TTL: duration('24h').describe('How long a signed result URL stays valid.'),
  STORAGE_URL: z
    .string()
    .optional()
    .describe('Where images are stored: a folder, or s3://bucket/prefix (with the S3_* and AWS_* variables). Default: DATA_DIR/blobs.'),
  S3_ENDPOINT: z
    .url({ protocol: /^https?$/ })
    .optional()
    .describe('Endpoint of an S3-compatible store (MinIO, Ceph, R2, …). Unset: AWS S3 in S3_REGION.'),
  S3_REGION: z.string().min(1).default('us-east-1').describe('Region of the bucket (most S3-compatible stores accept any).'),
  S3_FORCE_PATH_STYLE: bool(false).describe('Address the bucket as ENDPOINT/bucket rather than bucket.ENDPOINT (MinIO, Ceph).'),
  AWS_ACCESS_KEY_ID: z.string().optional().describe('S3 credentials. Unset: the AWS SDK\'s default chain (shared config files, instance or task role).'),
  AWS_SECRET_ACCESS_KEY: z.string().optional().describe('Secret of AWS_ACCESS_KEY_ID.'),
  AWS_SESSION_TOKEN: z.string().optional().describe('Session token of temporary S3 credentials.'),
  RESULT_LINKS: z
    .enum(['proxy', 'presigned'])
    .default('proxy')
    .describe('Links in job JSON: proxy (through /v1/files on this server) or presigned (straight to S3; needs s3:// storage and RESULT_URL_TTL ≤ 7d).'),
  RETENTION: duration('7d').describe('Inputs and results are deleted this long after a job ends; studio uploads this long after their upload.'),
  SWEEP_INTERVAL: duration('10m').describe('How often the retention sweeper runs.'),
  MAX_UPLOAD_BYTES: integer(25 * 1024 * 1024, 1).describe('Largest accepted image file, in bytes.'),
  UPLOAD_BYTES_IN_FLIGHT: integer(200 * 1024 * 1024, 1).describe(
    'Request bodies (uploads, data: URIs) this process holds at once, in bytes; past it 503 with Retry-After, or 429 for a key holding half of it. A request alone is always taken.',
  ),
  MIN_IMAGE_SIDE: integer(256, 1).describe('Smallest accepted image width or height, in pixels.'),
  MAX_IMAGE_SIDE: integer(4096, 1).describe('Largest accepted image width or height, in pixels.'),
  MAX_IMAGE_PIXELS: integer(4096 * 4096, 1).describe('Largest accepted width × height, checked before decoding.'),
  MAX_WAIT_SECONDS: integer(60, 0, 600).describe('Upper bound of `Prefer: wait=N`.'),
  WORKERS: integer(Math.max(1, availableParallelism()), 0, 64)
    .meta({ display: 'cores' })
    .describe(
    'Engine worker threads in this process (0: this process only serves HTTP). Default: the number of cores.',
  ),
  STUDIO_ANALYSIS_THREADS: integer(Math.min(2, Math.max(1, availableParallelism())), 1, 16)
    .meta({ display: 'min(2, cores)' })
    .describe('Threads that classify studio garment photos and read poses, off the HTTP event loop; started on first use, ended when idle.'),
  ENGINES: list('builtin').describe(
    'Engine modules to load: "builtin" or paths of modules exporting createEngine(). Each operation must have exactly one. Ignored when ENGINES_FILE is set.',
  ),
  ENGINES_FILE: z
    .string()
    .optional()
    .describe(
      'A JSON or YAML file declaring several engines (built-in, engine servers, ComfyUI, FASHN, fal, Replicate) with their priorities, slots, timeouts and keys; see "Several engines and routing". Unset: ENGINES.',
    ),
  JOB_LEASE: duration('30s').describe('Lease a worker holds on a job; renewed by heartbeats between stages.'),
  JOB_MAX_ATTEMPTS: integer(3, 1, 20).describe('Attempts for a job that fails with a transient error.'),
  JOB_TIMEOUT: duration('120s').describe('Longest an engine may work on one job attempt.'),
  POLL_INTERVAL: duration('500ms').describe('How often idle workers look for jobs when no notification arrives.'),
  WEBHOOK_RETRY_SCHEDULE: list('5s,30s,2m,10m,1h,6h').describe(
    'Delays before each webhook retry; the delivery fails for good after the last one.',
  ),
  WEBHOOK_TIMEOUT: duration('15s').describe('A webhook delivery counts only if a 2xx arrives within this time.'),
  URL_FETCH_ALLOWLIST: list('').describe(
    'CIDRs, addresses or host names that URL inputs and webhooks may reach although private (e.g. 127.0.0.1/32,localhost).',
  ),
  URL_FETCH_TIMEOUT: duration('20s').describe('Total time allowed to download one image URL.'),
  URL_CONNECT_TIMEOUT: duration('5s').describe('Time allowed to connect to an image URL or webhook.'),
  DRAPE_ADMIN_KEY: z
    .string()
    .regex(/^sk_[A-Za-z0-9_]{20,200}$/, 'must be sk_ followed by at least 20 letters, digits or underscores')
    .optional()
    .describe(
      'At first start (no team yet), the admin key of the default team. Unset: one is generated, printed once and written to DATA_DIR/admin-key.',
    ),
  NEW_TEAM_CREDITS: integer(50).describe('Credits granted to a new team (as Huhu: 50 free credits).'),
  CREDIT_COSTS: list('')
    .transform((items, ctx) => {
      const prices: Record<string, number> = {};
      for (const item of items) {
        const match = /^([a-z_]+)=(\d+)$/.exec(item);
        if (match === null) ctx.addIssue({ code: 'custom', message: `not operation=credits: "${item}"` });
        else prices[match[1]!] = Number(match[2]);
      }
      return prices;
    })
    .describe(
    'Overrides of the credit price table, e.g. tryon_hd=3,refine=1 (see "Teams, keys, credits and limits" for the operations and defaults).',
  ),
  RATE_LIMIT: positive(1).describe('Requests per second per API key (POST and other writes), unless the team has its own.'),
  RATE_BURST: integer(5, 1).describe('Requests a key may make at once before RATE_LIMIT applies.'),
  POLL_RATE_LIMIT: positive(10).describe('GET requests (status polling, listings) per second per API key.'),
  POLL_RATE_BURST: integer(20, 1).describe('GET requests a key may make at once before POLL_RATE_LIMIT applies.'),
  CONCURRENCY_LIMIT: integer(10, 1).describe('Jobs a team may have queued or running at once, unless the team has its own.'),
  ENGINE_SERVER_TOKEN: z
    .string()
    .min(16, 'must be at least 16 characters')
    .optional()
    .describe('`drape engine-server` only: the Bearer token its callers must send. Unset: no token (bind it to a private network).'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info').describe('pino log level.'),
  DRAPE_FIXTURES: z.string().default('../shared/fixtures').describe('Folder of test photographs (tests, benchmarks, playground examples).'),
  SHUTDOWN_GRACE: duration('10s').describe('On SIGTERM, how long running jobs may finish before they are handed back to the queue.'),
  METRICS: bool(true).describe('Serve Prometheus metrics at /metrics.'),
});

type Parsed = z.output<typeof configSchema>;

/** A SigV4 presigned URL is valid for at most 7 days. */
const MAX_PRESIGNED_TTL_MS = 7 * 24 * 60 * 60 * 1000;

export interface Config extends Omit<Parsed, 'WEBHOOK_RETRY_SCHEDULE' | 'PUBLIC_URL' | 'DATA_DIR'> {
  /** The engines jobs are routed to: ENGINES_FILE's, or ENGINES as one built-in group. */
  ENGINE_SET: EngineSet;
  DATA_DIR: string;
  /** STORAGE_URL, parsed. */
  STORAGE: StorageLocation;
  PUBLIC_URL: string;
  /** Milliseconds before each retry. */
  WEBHOOK_RETRY_SCHEDULE: number[];
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parse and validate the environment; throws ConfigError listing every bad value. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const relevant: Record<string, string> = {};
  for (const key of Object.keys(configSchema.shape)) {
    const value = env[key];
    if (value !== undefined && value !== '') relevant[key] = value;
  }
  const parsed = configSchema.safeParse(relevant);
  const problems: string[] = [];
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = String(issue.path[0] ?? '?');
      problems.push(`${key}=${JSON.stringify(relevant[key] ?? '')}: ${issue.message}`);
    }
    throw new ConfigError(problems);
  }
  const value = parsed.data;
  const schedule: number[] = [];
  for (const item of value.WEBHOOK_RETRY_SCHEDULE) {
    const delay = parseDuration(item);
    if (delay === undefined) problems.push(`WEBHOOK_RETRY_SCHEDULE: not a duration: "${item}"`);
    else schedule.push(delay);
  }
  if (value.MIN_IMAGE_SIDE > value.MAX_IMAGE_SIDE) problems.push('MIN_IMAGE_SIDE must not exceed MAX_IMAGE_SIDE');
  const dataDir = resolve(value.DATA_DIR);
  const storage = parseStorageUrl(value.STORAGE_URL, dataDir);
  if (typeof storage === 'string') problems.push(`STORAGE_URL=${JSON.stringify(value.STORAGE_URL)}: ${storage}`);
  if (value.RESULT_LINKS === 'presigned') {
    if (typeof storage !== 'string' && storage.kind !== 's3') problems.push('RESULT_LINKS=presigned needs STORAGE_URL=s3://…');
    if (value.RESULT_URL_TTL > MAX_PRESIGNED_TTL_MS) problems.push('RESULT_LINKS=presigned: RESULT_URL_TTL may be at most 7d (SigV4)');
  }
  if ((value.AWS_ACCESS_KEY_ID === undefined) !== (value.AWS_SECRET_ACCESS_KEY === undefined)) {
    problems.push('AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY go together');
  }
  let engineSet = defaultEngineSet(value.ENGINES);
  if (value.ENGINES_FILE !== undefined) {
    const file = value.ENGINES_FILE;
    let text: string | undefined;
    try {
      text = readFileSync(resolve(file), 'utf8');
    } catch (error) {
      problems.push(`ENGINES_FILE=${JSON.stringify(file)}: cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
    }
    // Keys named by api_key_env come from this same environment, never from process.env behind the caller's back.
    const parsedSet = text === undefined ? undefined : parseEngineFile(text, env);
    if (Array.isArray(parsedSet)) problems.push(...parsedSet.map((problem) => `ENGINES_FILE ${file}: ${problem}`));
    else if (parsedSet !== undefined) engineSet = parsedSet;
  }
  if (problems.length > 0 || typeof storage === 'string') throw new ConfigError(problems);

  return {
    ...value,
    ENGINE_SET: engineSet,
    DATA_DIR: dataDir,
    STORAGE: storage,
    PUBLIC_URL: (value.PUBLIC_URL ?? `http://localhost:${value.PORT}`).replace(/\/+$/, ''),
    WEBHOOK_RETRY_SCHEDULE: schedule,
  };
}

/** Rows for the README's configuration table, from the schema's descriptions. */
export function describeConfig(): { name: string; default: string; description: string }[] {
  return Object.entries(configSchema.shape).map(([name, schema]) => {
    const typed = schema as z.ZodType;
    let fallback = (typed.meta() as { display?: string } | undefined)?.display ?? '';
    const result = typed.safeParse(undefined);
    if (fallback === '' && result.success && result.data !== undefined) {
      const data = result.data as unknown;
      fallback = Array.isArray(data) ? data.join(',') : typeof data === 'object' ? '' : String(data);
    }
    return { name, default: fallback, description: typed.description ?? '' };
  });
}

/** Where and how to open the database (src/db/db.ts openDb), from the configuration. */
export function databaseOptions(config: Config) {
  return {
    databaseUrl: config.DATABASE_URL,
    dataDir: join(config.DATA_DIR, 'db'),
    timeouts: { connectMs: config.DB_CONNECT_TIMEOUT, queryMs: config.DB_QUERY_TIMEOUT },
  };
}
