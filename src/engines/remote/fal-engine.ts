import { DrapeError } from '../../errors.js';
import type { OperationName } from '../engine.js';
import { fashnSchemaInputs, type HostedEngineOptions, type RemoteContext, type RemoteEngine, type RemoteResult, type RemoteTask } from './remote-engine.js';
import { RemoteHttp, pause, type RemoteResponse } from './remote-http.js';
import { resultBytes, toOutput } from './remote-output.js';

export interface FalEngineOptions extends HostedEngineOptions {
  /** A try-on model with FASHN's input schema; fal-ai/fashn/tryon/v1.6 by default. */
  model?: string | undefined;
}

const SERVICE = 'fal.ai';
const DEFAULT_MODEL = 'fal-ai/fashn/tryon/v1.6';

interface Submitted {
  request_id: string;
  status_url?: string;
  response_url?: string;
  cancel_url?: string;
}

/**
 * A try-on model on fal.ai's queue API with the operator's key: POST
 * {queue}/{model}, GET …/requests/{id}/status until COMPLETED, then the
 * result from …/requests/{id}; a cancel is PUT …/requests/{id}/cancel.
 * Inputs go as data: URIs; result images are downloaded through the SSRF guard.
 */
export class FalEngine implements RemoteEngine {
  readonly kind = 'fal';
  readonly name: string;
  readonly operations: readonly OperationName[] = ['tryon'];
  readonly capabilities: readonly string[];
  private readonly http: RemoteHttp;
  private readonly model: string;

  constructor(private readonly options: FalEngineOptions) {
    this.name = options.name;
    this.model = options.model ?? DEFAULT_MODEL;
    this.capabilities = options.capabilities ?? ['samples', 'seed'];
    this.http = new RemoteHttp({
      service: SERVICE,
      baseUrl: options.baseUrl ?? 'https://queue.fal.run',
      headers: { authorization: `Key ${options.apiKey}` },
      requestTimeoutMs: options.requestTimeoutMs,
      requestsPerSecond: options.requestsPerSecond,
    });
  }

  /** fal has no health endpoint for a model: an unknown request's status proves the queue answers and the key is taken. */
  async health(signal = AbortSignal.timeout(this.options.requestTimeoutMs)): Promise<void> {
    const response = await this.http.request('GET', `/${this.model}/requests/health-check/status`, { signal });
    if (response.status === 401 || response.status === 403 || response.status >= 500) throw this.http.unexpected(response, 'a status query');
  }

  async run(task: RemoteTask, ctx: RemoteContext): Promise<RemoteResult> {
    if (task.operation !== 'tryon') throw new DrapeError('engine_failed', `fal.ai model ${this.model} does not ${task.operation}.`);
    const started = Date.now();
    // Not aborted by a cancel: the request id is what a cancel needs (the polling below sees the cancel).
    const submitted = await this.http.request('POST', `/${this.model}`, {
      signal: AbortSignal.timeout(this.options.requestTimeoutMs),
      json: fashnSchemaInputs(task),
    });
    if (submitted.status !== 200 && submitted.status !== 202) throw this.falError(submitted, 'a submission');
    const request = submitted.json<Submitted>();
    const base = `/${this.model}/requests/${encodeURIComponent(request.request_id)}`;
    ctx.stage('submit', Date.now() - started);
    const waiting = Date.now();
    try {
      for (;;) {
        const response = await this.http.request('GET', `${base}/status`, { signal: ctx.signal });
        if (response.status !== 200 && response.status !== 202) throw this.falError(response, 'a status query');
        const status = response.json<{ status: string; queue_position?: number }>().status;
        if (status === 'COMPLETED') break;
        if (status === 'FAILED' || status === 'CANCELED') throw new DrapeError('engine_failed', `fal.ai: the request ${status.toLowerCase()}.`, { retryable: true });
        ctx.progress(status === 'IN_PROGRESS' ? 50 : 10);
        await pause(this.options.pollIntervalMs, ctx.signal, SERVICE);
      }
    } catch (error) {
      if (ctx.signal.aborted) {
        await this.http.request('PUT', `${base}/cancel`, { signal: AbortSignal.timeout(this.options.requestTimeoutMs) }).catch(() => {});
      }
      throw error;
    }
    ctx.stage('remote', Date.now() - waiting);
    const result = await this.http.request('GET', base, { signal: ctx.signal });
    if (result.status !== 200) throw this.falError(result, 'the result');
    const downloading = Date.now();
    const references = (result.json<{ images?: { url: string }[] }>().images ?? []).map((image) => image.url);
    if (references.length === 0) throw new DrapeError('engine_failed', 'fal.ai completed without an image.', { retryable: true });
    const images = await Promise.all(
      references.map(async (reference) => toOutput(await resultBytes(reference, this.options.fetcher, SERVICE, ctx.signal), task.output, SERVICE)),
    );
    ctx.stage('download', Date.now() - downloading);
    return { images, info: { provider: 'fal', model: this.model, requestId: request.request_id } };
  }

  /**
   * fal's error answers: {detail: [{loc, msg, type}]} for input it refuses
   * (422, the input's fault), X-Fal-Retryable saying whether trying again can
   * help; 401/403 the operator's key; 429 and 5xx transient.
   */
  private falError(response: RemoteResponse, what: string): DrapeError {
    let detail = '';
    try {
      const body = response.json<{ detail?: { msg?: string }[] | string }>();
      detail = Array.isArray(body.detail) ? body.detail.map((item) => item.msg ?? '').join('; ') : String(body.detail ?? '');
    } catch {
      // no JSON: the status says enough
    }
    const retryHeader = response.headers.get('x-fal-retryable');
    if (response.status === 422) {
      return new DrapeError('invalid_parameter', `fal.ai refused the input: ${detail}`, { retryable: retryHeader === 'true' });
    }
    if (response.status === 401 || response.status === 403) {
      return new DrapeError('engine_failed', 'fal.ai refused the configured API key.', { retryable: true });
    }
    return this.http.unexpected(response, what, detail || undefined);
  }
}
