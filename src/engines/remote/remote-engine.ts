/**
 * Engines that run elsewhere: a `drape engine-server`, a ComfyUI box, or a
 * hosted service called with the operator's own key. Unlike an in-process
 * engine they take the encoded images as the client sent them (nothing is
 * decoded here) and give back encoded images; they hold a slot of their own
 * while they wait, never a CPU thread.
 */
import type { CategoryChoice, OperationName, TryOnOptions } from '../engine.js';
import type { EncodedImage, OutputFormat } from '../engine-task.js';
import type { SafeFetcher } from '../../net/safe-fetch.js';

export interface EncodedInput {
  bytes: Buffer;
  /** jpeg, png or webp: what the image guard accepted and stored. */
  format: string;
}

export interface RemoteTask {
  operation: OperationName;
  person: EncodedInput;
  garments: (EncodedInput & { category: CategoryChoice })[];
  coarse?: EncodedInput | undefined;
  options: TryOnOptions;
  output: { format: OutputFormat; quality: number };
}

export interface RemoteContext {
  /** Aborted when the job is canceled or times out: stop, and cancel the remote work where the service can. */
  signal: AbortSignal;
  progress(percent: number): void;
  /** Time spent in a named stage (upload, queue, run, download), for the job's stage timings. */
  stage(name: string, ms: number): void;
}

export interface RemoteResult {
  /** The result, then the other samples when options.samples asked for more. */
  images: EncodedImage[];
  info: Record<string, unknown>;
}

export interface RemoteEngine {
  readonly name: string;
  /** drape, comfyui, fashn, fal or replicate. */
  readonly kind: string;
  readonly operations: readonly OperationName[];
  readonly capabilities: readonly string[];
  /** Resolves when the service answers; throws a retryable DrapeError when it does not. */
  health(signal?: AbortSignal): Promise<void>;
  /**
   * Bad input throws a DrapeError with retryable false; outages, rate limits
   * and timeouts throw with retryable true.
   */
  run(task: RemoteTask, ctx: RemoteContext): Promise<RemoteResult>;
}

const MIME: Record<string, string> = { jpeg: 'image/jpeg', png: 'image/png', webp: 'image/webp' };

/** The image as a data: URI: what hosted services accept in place of a URL, so no upload step is needed. */
export function dataUri(input: EncodedInput): string {
  return `data:${MIME[input.format] ?? 'application/octet-stream'};base64,${input.bytes.toString('base64')}`;
}

export function mimeOf(format: string): string {
  return MIME[format] ?? 'application/octet-stream';
}

/** The garment category a service is told: the first garment's, `auto` when the client did not say. */
export function firstCategory(task: RemoteTask): CategoryChoice {
  return task.garments[0]?.category ?? 'auto';
}

/** FASHN's schema (also fal's FASHN models): Drape's category names → theirs. */
const FASHN_CATEGORIES: Record<CategoryChoice, string> = { upper: 'tops', lower: 'bottoms', dress: 'one-pieces', auto: 'auto' };
/** FASHN's modes for Drape's presets. */
const FASHN_MODES: Record<TryOnOptions['preset'], string> = { fast: 'performance', balanced: 'balanced', quality: 'quality' };


/** What every hosted-provider adapter is configured with. */
export interface HostedEngineOptions {
  name: string;
  /** The operator's key: sent in the service's auth header, nowhere else. */
  apiKey: string;
  /** The service's own address unless a test or a proxy says otherwise. */
  baseUrl?: string | undefined;
  capabilities?: readonly string[] | undefined;
  requestTimeoutMs: number;
  pollIntervalMs: number;
  requestsPerSecond?: number | undefined;
  /** The SSRF guard, for result URLs the service answers with. */
  fetcher: SafeFetcher;
}

/** A try-on in FASHN's input schema, which FASHN and fal's FASHN models share. */
export function fashnSchemaInputs(task: RemoteTask) {
  const options = task.options;
  return {
    model_image: dataUri(task.person),
    garment_image: dataUri(task.garments[0]!),
    category: FASHN_CATEGORIES[firstCategory(task)],
    mode: FASHN_MODES[options.preset],
    num_samples: options.samples ?? 1,
    ...(options.seed === undefined ? {} : { seed: options.seed }),
    output_format: task.output.format === 'jpeg' ? 'jpeg' : 'png',
  };
}
