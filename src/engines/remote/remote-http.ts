import { setTimeout as sleep } from 'node:timers/promises';
import { DrapeError, type ErrorCode } from '../../errors.js';

export interface RemoteHttpOptions {
  /** Names the service in error messages (never the key). */
  service: string;
  baseUrl: string;
  /** Sent with every request: the operator's key lives here and nowhere else. */
  headers?: Record<string, string>;
  /** One request's limit; the job's own timeout bounds the whole run. */
  requestTimeoutMs: number;
  /** The service's documented rate, requests per second; requests are spaced to stay under it. */
  requestsPerSecond?: number | undefined;
}

export interface RemoteResponse {
  status: number;
  headers: Headers;
  body: Buffer;
  json<T = unknown>(): T;
}

/** 429s waited out (per their Retry-After) before the attempt gives up and the job backs off. */
const MAX_THROTTLED_RETRIES = 3;
/** A GET whose connection broke is sent again this many times before the attempt fails. */
const MAX_BROKEN_CONNECTION_RETRIES = 2;
/** Retry-After longer than this fails the attempt instead: the job's backoff is the better wait. */
const MAX_RETRY_AFTER_MS = 30_000;

/**
 * HTTP to one remote engine: spaced to its rate limit, 429 waited out per
 * its Retry-After, and every network fault or timeout turned into a
 * retryable Drape error that names the service, never the key.
 */
export class RemoteHttp {
  private nextSlot = 0;

  constructor(private readonly options: RemoteHttpOptions) {}

  get baseUrl(): string {
    return this.options.baseUrl;
  }

  async request(
    method: string,
    path: string,
    init: { json?: unknown; form?: FormData; signal: AbortSignal; absolute?: boolean; headers?: Record<string, string> },
  ): Promise<RemoteResponse> {
    const url = init.absolute ? path : `${this.options.baseUrl.replace(/\/+$/, '')}${path}`;
    for (let attempt = 0; ; attempt++) {
      await this.waitForSlot(init.signal);
      const response = await this.sendIdempotent(method, url, init);
      // Only a 429 that says when to come back is waited out here; one that does not (FASHN's
      // OutOfCredits) goes back to the job, whose backoff is the better wait.
      const waitMs = response.status === 429 ? retryAfterMs(response.headers) : undefined;
      if (waitMs === undefined || attempt >= MAX_THROTTLED_RETRIES || waitMs > MAX_RETRY_AFTER_MS) return response;
      await sleep(waitMs, undefined, { signal: init.signal }).catch(() => undefined);
      if (init.signal.aborted) throw abortError(init.signal, this.options.service);
    }
  }

  /** A DrapeError for an answer the caller did not expect: 429 and 5xx are transient, the rest not. */
  unexpected(response: RemoteResponse, what: string, detail?: string): DrapeError {
    const status = response.status;
    const retryable = status === 429 || status >= 500;
    const code: ErrorCode = status === 429 || status === 503 ? 'service_unavailable' : 'engine_failed';
    const reason = detail === undefined ? '' : `: ${detail.slice(0, 300)}`;
    return new DrapeError(code, `${this.options.service} answered ${status} to ${what}${reason}.`, {
      retryable,
      ...(status === 429 ? { headers: { 'retry-after': String(Math.ceil((retryAfterMs(response.headers) ?? 1_000) / 1000)) } } : {}),
    });
  }

  /**
   * A GET or DELETE whose connection broke (a keep-alive socket the server
   * closed as it was reused) is sent again at once: a poll's hiccup must not
   * fail a job the engine is still running. POSTs are not repeated.
   */
  private async sendIdempotent(method: string, url: string, init: Parameters<RemoteHttp['send']>[2]): Promise<RemoteResponse> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.send(method, url, init);
      } catch (error) {
        const broken = error instanceof DrapeError && error.code === 'engine_failed' && !init.signal.aborted;
        if (!broken || (method !== 'GET' && method !== 'DELETE') || attempt >= MAX_BROKEN_CONNECTION_RETRIES) throw error;
      }
    }
  }

  private async waitForSlot(signal: AbortSignal): Promise<void> {
    const perSecond = this.options.requestsPerSecond;
    if (perSecond === undefined || perSecond <= 0) return;
    const now = Date.now();
    const at = Math.max(now, this.nextSlot);
    this.nextSlot = at + 1000 / perSecond;
    if (at > now) await sleep(at - now, undefined, { signal }).catch(() => undefined);
    if (signal.aborted) throw abortError(signal, this.options.service);
  }

  private async send(
    method: string,
    url: string,
    init: { json?: unknown; form?: FormData; signal: AbortSignal; headers?: Record<string, string> },
  ): Promise<RemoteResponse> {
    const timeout = AbortSignal.timeout(this.options.requestTimeoutMs);
    const headers: Record<string, string> = { ...this.options.headers, ...init.headers };
    let body: string | FormData | undefined;
    if (init.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(init.json);
    } else if (init.form !== undefined) body = init.form;
    let response: Response;
    let bytes: Buffer;
    try {
      response = await fetch(url, { method, headers, body, signal: AbortSignal.any([init.signal, timeout]) });
      bytes = Buffer.from(await response.arrayBuffer());
    } catch (error) {
      if (init.signal.aborted) throw abortError(init.signal, this.options.service);
      if (timeout.aborted) {
        throw new DrapeError('engine_timeout', `${this.options.service} did not answer within ${this.options.requestTimeoutMs} ms.`, {
          retryable: true,
        });
      }
      throw new DrapeError('engine_failed', `${this.options.service} could not be reached.`, { retryable: true, cause: error });
    }
    const service = this.options.service;
    return {
      status: response.status,
      headers: response.headers,
      body: bytes,
      json<T>() {
        try {
          return JSON.parse(bytes.toString('utf8')) as T;
        } catch (error) {
          throw new DrapeError('engine_failed', `${service} answered ${response.status} with a body that is not JSON.`, {
            retryable: true,
            cause: error,
          });
        }
      },
    };
  }
}

/** Retry-After in seconds or as an HTTP date, in milliseconds. */
function retryAfterMs(headers: Headers): number | undefined {
  const value = headers.get('retry-after');
  if (value === null) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/** Why a run stopped from outside: canceled (not retried) or timed out (retried). */
export function abortError(signal: AbortSignal, service: string): DrapeError {
  const reason: unknown = signal.reason;
  if (reason instanceof DrapeError) return reason;
  return new DrapeError('canceled', `The job was canceled while ${service} worked on it.`);
}

/** Wait `ms`, or less when the run is stopped (then throw its reason). */
export async function pause(ms: number, signal: AbortSignal, service: string): Promise<void> {
  await sleep(ms, undefined, { signal }).catch(() => undefined);
  if (signal.aborted) throw abortError(signal, service);
}
