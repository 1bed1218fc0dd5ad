/**
 * The one SSRF guard: every outbound URL of the server (client image URLs,
 * webhook deliveries) goes through a SafeFetcher. A URL is checked for its
 * scheme, its host is resolved once and every address checked against the
 * address policy, and the connection is pinned to those addresses. Redirects
 * are followed by hand so each hop is checked the same way.
 */
import { lookup as dnsLookup } from 'node:dns/promises';
import type { LookupAddress } from 'node:dns';
import { isIP } from 'node:net';
import type { Readable } from 'node:stream';
import { request, type Agent } from 'undici';
import { DrapeError, isDrapeError, type ErrorCode } from '../errors.js';
import { AddressPolicy, normalizeHostname } from './address-policy.js';
import { abortable, readCapped, readHead } from './io-limits.js';
import { createPinnedAgent } from './pinned-agent.js';

export interface SafeFetchOptions {
  /** CIDRs, single IPs or hostnames ('localhost', '*.example.com') exempt from the address policy. */
  allowlist: string[];
  connectTimeoutMs: number;
  totalTimeoutMs: number;
  maxRedirects: number;
  userAgent: string;
}

export interface FetchedBytes {
  bytes: Buffer;
  contentType: string | undefined;
  finalUrl: string;
}

/** 8 KB: the request-line size most HTTP servers accept by default (nginx: large_client_header_buffers 8k). */
const MAX_URL_LENGTH = 8192;
/** Enough of a webhook receiver's answer to log why it refused a delivery. */
const POST_RESPONSE_BODY_BYTES = 4096;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
/** The field named on errors of webhook deliveries, which have no request field. */
const POST_FIELD = 'url';

interface Exchange {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Readable;
  release(): Promise<void>;
}

/** Origin and path only: query strings often carry signed tokens that must not reach messages or logs. */
export function describeUrl(url: URL): string {
  return `${url.origin}${url.pathname}`;
}

function header(headers: Exchange['headers'], name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

export class SafeFetcher {
  readonly #options: SafeFetchOptions;
  readonly #policy: AddressPolicy;
  readonly #agents = new Set<Agent>();
  #closed = false;

  constructor(options: SafeFetchOptions) {
    for (const key of ['connectTimeoutMs', 'totalTimeoutMs'] as const) {
      if (!(options[key] > 0)) throw new Error(`SafeFetchOptions.${key} must be positive.`);
    }
    if (!Number.isInteger(options.maxRedirects) || options.maxRedirects < 0) {
      throw new Error('SafeFetchOptions.maxRedirects must be a non-negative integer.');
    }
    this.#options = { ...options, allowlist: [...options.allowlist] };
    this.#policy = new AddressPolicy(options.allowlist);
  }

  /** Validate a URL's scheme and host syntactically (for request validation before enqueueing). */
  checkUrlSyntax(url: string, field: string): URL {
    if (url.length > MAX_URL_LENGTH) {
      throw new DrapeError('invalid_parameter', `${field} is longer than ${MAX_URL_LENGTH} characters.`, { field });
    }
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new DrapeError('invalid_parameter', `${field} is not a valid absolute URL.`, { field });
    }
    const forbidden = (why: string): DrapeError =>
      new DrapeError('url_forbidden', `${field} ${why}: ${describeUrl(parsed)}`, { field });
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
      throw new DrapeError('url_forbidden', `${field} must be an http or https URL.`, { field });
    }
    if (parsed.username !== '' || parsed.password !== '') throw forbidden('must not carry credentials');
    const host = normalizeHostname(parsed.hostname);
    if (isIP(host) !== 0) {
      const verdict = this.#policy.checkAddress(host);
      if (!verdict.allowed) throw forbidden(`points at a ${verdict.reason} address`);
    } else if (this.#policy.refusesHostName(host)) {
      throw forbidden('points at a cloud metadata service');
    }
    return parsed;
  }

  /** GET a URL, following at most maxRedirects redirects, each re-checked; the body capped at maxBytes while streaming. */
  async fetchBytes(url: string, opts: { maxBytes: number; field: string; signal?: AbortSignal }): Promise<FetchedBytes> {
    const { maxBytes, field } = opts;
    let current = this.checkUrlSyntax(url, field);
    return this.#withDeadline(this.#options.totalTimeoutMs, opts.signal, field, () => current, async (signal) => {
      for (let redirects = 0; ; redirects++) {
        const exchange = await this.#exchange(current, field, signal, { method: 'GET' });
        try {
          const { status, headers } = exchange;
          if (REDIRECT_STATUSES.has(status)) {
            if (redirects >= this.#options.maxRedirects) {
              throw this.#error('url_fetch_failed', `${field} redirected more than ${this.#options.maxRedirects} times`, current, field);
            }
            current = this.#redirectTarget(current, header(headers, 'location'), field);
            continue;
          }
          if (status < 200 || status > 299) {
            // 5xx and 429 may pass; a 4xx will not.
            const retryable = status >= 500 || status === 429;
            throw this.#error('url_fetch_failed', `${field} answered HTTP ${status}`, current, field, { retryable });
          }
          const declared = Number(header(headers, 'content-length'));
          if (Number.isFinite(declared) && declared > maxBytes) {
            throw this.#error('url_too_large', `${field} is ${declared} bytes; at most ${maxBytes} are accepted`, current, field);
          }
          const bytes = await readCapped(exchange.body, maxBytes, () =>
            this.#error('url_too_large', `${field} is larger than ${maxBytes} bytes`, current, field),
          );
          return { bytes, contentType: header(headers, 'content-type'), finalUrl: current.href };
        } finally {
          await exchange.release();
        }
      }
    });
  }

  /** POST without following redirects (webhooks): returns status and up to 4 KB of the response body. */
  async post(
    url: string,
    body: string,
    headers: Record<string, string>,
    opts: { timeoutMs: number },
  ): Promise<{ status: number; body: string }> {
    const target = this.checkUrlSyntax(url, POST_FIELD);
    return this.#withDeadline(opts.timeoutMs, undefined, POST_FIELD, () => target, async (signal) => {
      const exchange = await this.#exchange(target, POST_FIELD, signal, { method: 'POST', headers, body });
      try {
        const head = await readHead(exchange.body, POST_RESPONSE_BODY_BYTES);
        return { status: exchange.status, body: head.toString('utf8') };
      } finally {
        await exchange.release();
      }
    });
  }

  async close(): Promise<void> {
    this.#closed = true;
    const agents = [...this.#agents];
    this.#agents.clear();
    await Promise.all(agents.map((agent) => agent.destroy()));
  }

  #redirectTarget(from: URL, location: string | undefined, field: string): URL {
    if (location === undefined) {
      throw this.#error('url_fetch_failed', `${field} answered a redirect without a Location`, from, field);
    }
    let next: URL;
    try {
      next = new URL(location, from);
    } catch {
      throw this.#error('url_fetch_failed', `${field} redirected to an invalid URL`, from, field);
    }
    return this.checkUrlSyntax(next.href, field);
  }

  /** Resolve once, check every address, then send the request over a socket pinned to them. */
  async #exchange(
    url: URL,
    field: string,
    signal: AbortSignal,
    init: { method: 'GET' | 'POST'; headers?: Record<string, string>; body?: string },
  ): Promise<Exchange> {
    if (this.#closed) throw new DrapeError('service_unavailable', 'The fetcher is closed.', { field, retryable: true });
    const addresses = await this.#resolve(url, field, signal);
    const agent = createPinnedAgent({ addresses, connectTimeoutMs: this.#options.connectTimeoutMs });
    this.#agents.add(agent);
    const release = async (): Promise<void> => {
      this.#agents.delete(agent);
      await agent.destroy();
    };
    try {
      const response = await request(url, {
        method: init.method,
        dispatcher: agent,
        signal,
        body: init.body,
        headers: {
          'user-agent': this.#options.userAgent,
          // Compressed bodies would not be counted by the size cap as the image they decode to.
          'accept-encoding': 'identity',
          ...init.headers,
        },
      });
      // Errors are read through iteration; without a listener a late socket error would crash the process.
      response.body.on('error', () => {});
      return { status: response.statusCode, headers: response.headers, body: response.body, release };
    } catch (error) {
      await release();
      throw error;
    }
  }

  async #resolve(url: URL, field: string, signal: AbortSignal): Promise<LookupAddress[]> {
    const host = normalizeHostname(url.hostname);
    const family = isIP(host);
    if (family !== 0) {
      // checkUrlSyntax refused it already; checked again so no path reaches a socket unchecked.
      const verdict = this.#policy.checkAddress(host);
      if (!verdict.allowed) throw this.#error('url_forbidden', `${field} points at a ${verdict.reason} address`, url, field);
      return [{ address: host, family }];
    }
    let addresses: LookupAddress[];
    try {
      addresses = await abortable(dnsLookup(host, { all: true }), signal);
    } catch (error) {
      if (signal.aborted) throw error;
      throw this.#error('url_fetch_failed', `${field} host could not be resolved`, url, field, { cause: error, retryable: true });
    }
    if (addresses.length === 0) throw this.#error('url_fetch_failed', `${field} host has no address`, url, field);
    if (this.#policy.allowsHost(host)) return addresses;
    for (const { address } of addresses) {
      // The address itself stays out of the message: it would map the private network for a prober.
      if (!this.#policy.checkAddress(address).allowed) {
        throw this.#error('url_forbidden', `${field} resolves to a non-public address`, url, field);
      }
    }
    return addresses;
  }

  /**
   * Run `work` under one deadline for the whole exchange (DNS, connect,
   * redirects, body) and turn whatever it throws into a DrapeError.
   */
  async #withDeadline<T>(
    timeoutMs: number,
    callerSignal: AbortSignal | undefined,
    field: string,
    currentUrl: () => URL,
    work: (signal: AbortSignal) => Promise<T>,
  ): Promise<T> {
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort(new Error('deadline reached'));
    }, timeoutMs);
    const onCallerAbort = (): void => controller.abort(callerSignal?.reason);
    if (callerSignal?.aborted) onCallerAbort();
    callerSignal?.addEventListener('abort', onCallerAbort, { once: true });
    try {
      return await work(controller.signal);
    } catch (error) {
      if (timedOut) {
        throw this.#error('url_timeout', `${field} did not answer within ${timeoutMs} ms`, currentUrl(), field, {
          cause: error,
          retryable: true,
        });
      }
      if (callerSignal?.aborted) {
        const reason: unknown = callerSignal.reason;
        throw isDrapeError(reason) ? reason : new DrapeError('canceled', `Fetching ${field} was canceled.`, { field, cause: reason });
      }
      if (isDrapeError(error)) throw error;
      throw this.#networkError(error, currentUrl(), field);
    } finally {
      clearTimeout(timer);
      callerSignal?.removeEventListener('abort', onCallerAbort);
    }
  }

  #networkError(error: unknown, url: URL, field: string): DrapeError {
    const code = (error as { code?: unknown } | null)?.code;
    if (code === 'UND_ERR_CONNECT_TIMEOUT' || code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') {
      return this.#error('url_timeout', `${field} timed out connecting`, url, field, { cause: error, retryable: true });
    }
    const detail = typeof code === 'string' ? ` (${code})` : '';
    return this.#error('url_fetch_failed', `${field} could not be fetched${detail}`, url, field, { cause: error, retryable: true });
  }

  #error(
    code: ErrorCode,
    what: string,
    url: URL,
    field: string,
    extra: { cause?: unknown; retryable?: boolean } = {},
  ): DrapeError {
    return new DrapeError(code, `${what}: ${describeUrl(url)}`, { field, retryable: extra.retryable ?? false, cause: extra.cause });
  }
}
