import { DrapeApiError, DrapeConnectionError, DrapeTimeoutError } from './errors.js';
import {
  TERMINAL_JOB_STATUSES,
  type Account,
  type EngineInfo,
  type Examples,
  type ImageInput,
  type Job,
  type JobList,
  type JobStatus,
  type RefineParams,
  type TryOnParams,
  type UsagePage,
  type WaitOptions,
} from './types.js';

export interface DrapeClientOptions {
  /** Where the server answers, e.g. http://localhost:8080. */
  baseUrl: string;
  /** Sent as `Authorization: Bearer <key>`. */
  apiKey?: string;
  /** Another fetch (a test double, a proxy agent); default globalThis.fetch. */
  fetch?: typeof fetch;
}

/** Long-poll slice when nobody watches progress: one request per 30 s instead of two a second. */
const LONG_POLL_SECONDS = 30;
const DEFAULT_POLL_INTERVAL_MS = 500;
const DEFAULT_WAIT_TIMEOUT_MS = 10 * 60_000;

/**
 * A typed client of Drape's native API, for Node 20+ and browsers: standard
 * fetch, FormData and Blob only. Every non-2xx answer throws a DrapeApiError
 * with the server's code; an unreachable server throws DrapeConnectionError.
 */
export class DrapeClient {
  readonly baseUrl: string;
  private readonly apiKey: string | undefined;
  private readonly fetchImpl: typeof fetch;

  constructor(options: DrapeClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.apiKey = options.apiKey;
    this.fetchImpl = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  }

  /**
   * Submit a try-on. Bytes go as multipart/form-data; when every image is a
   * string (URL or data: URI) the body is JSON. With waitSeconds the server
   * holds the request until the job ends or the time passes.
   */
  tryOn(params: TryOnParams): Promise<Job> {
    return this.submit('/v1/tryon', params, {}, {});
  }

  /**
   * Refine a coarse try-on result (Drape's or another service's): the
   * garments are fitted onto the person again, guided by it.
   */
  refine(params: RefineParams): Promise<Job> {
    return this.submit('/v1/refine', params, { coarse_image: params.coarse }, params.gender === undefined ? {} : { gender: params.gender });
  }

  private async submit(
    path: string,
    params: TryOnParams,
    extraImages: Record<string, ImageInput>,
    extraFields: Record<string, string>,
  ): Promise<Job> {
    const garments = params.garments ?? (params.garment === undefined ? [] : [{ image: params.garment, category: params.category }]);
    if (garments.length === 0) throw new TypeError('a try-on needs a garment (or garments)');
    const headers: Record<string, string> = {};
    if (params.idempotencyKey !== undefined) headers['idempotency-key'] = params.idempotencyKey;
    if (params.waitSeconds !== undefined && params.waitSeconds > 0) headers.prefer = `wait=${Math.round(params.waitSeconds)}`;
    const fields = { ...optionFields(params), ...extraFields };
    const images = [params.person, ...garments.map((garment) => garment.image), ...Object.values(extraImages)];
    let body: BodyInit;
    if (images.every((image) => typeof image === 'string')) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify({
        person_image: params.person,
        garments: garments.map((garment) => ({ image: garment.image, ...(garment.category === undefined ? {} : { category: garment.category }) })),
        ...extraImages,
        ...fields,
      });
    } else {
      const form = new FormData();
      appendImage(form, 'person_image', params.person, 'person');
      garments.forEach((garment, index) => {
        appendImage(form, 'garment_image', garment.image, `garment-${index + 1}`);
        // Categories pair with garment images by order, so each garment sends one.
        form.append('category', garment.category ?? 'auto');
      });
      for (const [name, image] of Object.entries(extraImages)) appendImage(form, name, image, name);
      for (const [name, value] of Object.entries(fields)) {
        form.append(name, typeof value === 'object' ? JSON.stringify(value) : String(value));
      }
      body = form;
    }
    return this.json<Job>('POST', path, { body, headers });
  }

  getJob(id: string, options: { waitSeconds?: number; signal?: AbortSignal } = {}): Promise<Job> {
    const headers: Record<string, string> = options.waitSeconds ? { prefer: `wait=${Math.round(options.waitSeconds)}` } : {};
    return this.json<Job>('GET', `/v1/jobs/${encodeURIComponent(id)}`, { headers, signal: options.signal });
  }

  listJobs(query: { status?: JobStatus; limit?: number; cursor?: string } = {}): Promise<JobList> {
    const search = new URLSearchParams();
    if (query.status !== undefined) search.set('status', query.status);
    if (query.limit !== undefined) search.set('limit', String(query.limit));
    if (query.cursor !== undefined) search.set('cursor', query.cursor);
    const suffix = search.size > 0 ? `?${search}` : '';
    return this.json<JobList>('GET', `/v1/jobs${suffix}`);
  }

  /** 200 canceled at once, 202 stopping at the next stage; 409 job_not_cancelable once ended. */
  cancelJob(id: string): Promise<Job> {
    return this.json<Job>('POST', `/v1/jobs/${encodeURIComponent(id)}/cancel`);
  }

  account(): Promise<Account> {
    return this.json<Account>('GET', '/v1/account');
  }

  /** The server's engines in routing order: what `engine` and `capabilities` may ask for. */
  async engines(): Promise<EngineInfo[]> {
    return (await this.json<{ object: 'list'; data: EngineInfo[] }>('GET', '/v1/engines')).data;
  }

  /** Credit history, newest first; `from`/`to` are ISO 8601 times. */
  usage(query: { limit?: number; cursor?: string; from?: string; to?: string } = {}): Promise<UsagePage> {
    const search = new URLSearchParams();
    for (const [name, value] of Object.entries(query)) if (value !== undefined) search.set(name, String(value));
    return this.json<UsagePage>('GET', `/v1/account/usage${search.size > 0 ? `?${search}` : ''}`);
  }

  /** The server's example photos (when it has DRAPE_FIXTURES); public, no key needed. */
  examples(): Promise<Examples> {
    return this.json<Examples>('GET', '/v1/examples');
  }

  /**
   * Follow a job until it ends and return it (completed, failed or canceled:
   * a failed job is a result, not an exception). With onProgress it polls
   * every intervalMs; without, it long-polls with Prefer: wait.
   */
  async waitForJob(jobOrId: Job | string, options: WaitOptions = {}): Promise<Job> {
    let job = typeof jobOrId === 'string' ? await this.getJob(jobOrId, { signal: options.signal }) : jobOrId;
    const timeoutMs = options.timeoutMs ?? DEFAULT_WAIT_TIMEOUT_MS;
    const deadline = Date.now() + timeoutMs;
    options.onProgress?.(job);
    while (!TERMINAL_JOB_STATUSES.includes(job.status)) {
      const left = deadline - Date.now();
      if (left <= 0) throw new DrapeTimeoutError(job.id, timeoutMs);
      try {
        if (options.onProgress === undefined) {
          const waitSeconds = Math.max(1, Math.min(LONG_POLL_SECONDS, Math.floor(left / 1000)));
          job = await this.getJob(job.id, { waitSeconds, signal: options.signal });
        } else {
          await delay(Math.min(options.intervalMs ?? DEFAULT_POLL_INTERVAL_MS, left), options.signal);
          job = await this.getJob(job.id, { signal: options.signal });
          options.onProgress(job);
        }
      } catch (error) {
        // Polling past the rate limit is not the job failing: wait as told and look again.
        if (!(error instanceof DrapeApiError && error.status === 429 && error.code === 'rate_limit_exceeded')) throw error;
        await delay(Math.min((error.retryAfterSeconds ?? 1) * 1000, Math.max(0, deadline - Date.now())), options.signal);
      }
    }
    return job;
  }

  /**
   * The bytes of a completed job's result (or any signed link of this
   * server). Signed links carry their own authority: no key is sent.
   */
  async download(jobOrUrl: Job | string): Promise<{ bytes: Uint8Array; contentType: string }> {
    const url = typeof jobOrUrl === 'string' ? jobOrUrl : jobOrUrl.result?.image_url;
    if (url === undefined || url === null) {
      const id = typeof jobOrUrl === 'string' ? jobOrUrl : jobOrUrl.id;
      throw new TypeError(`job ${id} has no result to download`);
    }
    const response = await this.send(url, { method: 'GET' });
    if (!response.ok) throw await DrapeApiError.fromResponse(response);
    return {
      bytes: new Uint8Array(await response.arrayBuffer()),
      contentType: response.headers.get('content-type') ?? 'application/octet-stream',
    };
  }

  private async json<T>(
    method: string,
    path: string,
    init: { body?: BodyInit; headers?: Record<string, string>; signal?: AbortSignal | undefined } = {},
  ): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json', ...init.headers };
    if (this.apiKey !== undefined && this.apiKey !== '') headers.authorization = `Bearer ${this.apiKey}`;
    const response = await this.send(`${this.baseUrl}${path}`, { method, headers, body: init.body, signal: init.signal });
    if (!response.ok) throw await DrapeApiError.fromResponse(response);
    return (await response.json()) as T;
  }

  private async send(url: string, init: RequestInit): Promise<Response> {
    try {
      return await this.fetchImpl(url, init);
    } catch (error) {
      if (init.signal?.aborted) throw error;
      throw new DrapeConnectionError(url, error);
    }
  }
}

/** The request's snake_case fields for the options that are set. */
function optionFields(params: TryOnParams): Record<string, string | number | boolean | object> {
  const fields: Record<string, string | number | boolean | object | undefined> = {
    output_format: params.outputFormat,
    preset: params.preset,
    preserve_hands: params.preserveHands,
    preserve_feet: params.preserveFeet,
    garment_background_removal: params.garmentBackgroundRemoval,
    result_background: params.resultBackground,
    output_width: params.outputWidth,
    output_height: params.outputHeight,
    diagnostics: params.diagnostics,
    min_quality: params.minQuality,
    engine: params.engine,
    // One comma-separated string: what both JSON and multipart accept.
    capabilities: params.capabilities === undefined || params.capabilities.length === 0 ? undefined : params.capabilities.join(','),
    webhook_url: params.webhookUrl,
    metadata: params.metadata,
  };
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as Record<
    string,
    string | number | boolean | object
  >;
}

function appendImage(form: FormData, name: string, image: ImageInput, filename: string): void {
  if (typeof image === 'string') form.append(name, image);
  else if (image instanceof Blob) form.append(name, image, filename);
  // Copied into a plain ArrayBuffer-backed view: a Buffer may share a larger pool.
  else form.append(name, new Blob([new Uint8Array(image)]), filename);
}

function delay(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
