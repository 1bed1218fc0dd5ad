import { DrapeError } from '../../errors.js';
import type { CategoryChoice, OperationName } from '../engine.js';
import { dataUri, firstCategory, type HostedEngineOptions, type RemoteContext, type RemoteEngine, type RemoteResult, type RemoteTask } from './remote-engine.js';
import { RemoteHttp, pause, type RemoteResponse } from './remote-http.js';
import { resultBytes, toOutput } from './remote-output.js';

export interface ReplicateEngineOptions extends HostedEngineOptions {
  /**
   * The model version to run: an IDM-VTON build (cuuupid/idm-vton's inputs:
   * human_img, garm_img, garment_des, category, seed, steps).
   */
  version: string;
}

const SERVICE = 'Replicate';
/** IDM-VTON's categories. */
const CATEGORIES: Record<CategoryChoice, string> = { upper: 'upper_body', lower: 'lower_body', dress: 'dresses', auto: 'upper_body' };
/** IDM-VTON's denoising steps for Drape's presets (its default is 30). */
const STEPS = { fast: 20, balanced: 30, quality: 40 } as const;

interface Prediction {
  id: string;
  status: 'starting' | 'processing' | 'succeeded' | 'failed' | 'canceled';
  output: string | string[] | null;
  error: string | null;
}

/**
 * Replicate's predictions API with the operator's token: POST
 * /v1/predictions {version, input}, GET /v1/predictions/{id} until it
 * ends, POST /v1/predictions/{id}/cancel on a cancel. Inputs as data: URIs;
 * outputs downloaded through the SSRF guard.
 */
export class ReplicateEngine implements RemoteEngine {
  readonly kind = 'replicate';
  readonly name: string;
  readonly operations: readonly OperationName[] = ['tryon'];
  readonly capabilities: readonly string[];
  private readonly http: RemoteHttp;

  constructor(private readonly options: ReplicateEngineOptions) {
    this.name = options.name;
    this.capabilities = options.capabilities ?? ['seed'];
    this.http = new RemoteHttp({
      service: SERVICE,
      baseUrl: options.baseUrl ?? 'https://api.replicate.com',
      headers: { authorization: `Bearer ${options.apiKey}` },
      requestTimeoutMs: options.requestTimeoutMs,
      // Replicate allows 600 prediction creations a minute.
      requestsPerSecond: options.requestsPerSecond ?? 10,
    });
  }

  /** GET /v1/account proves the token and the service. */
  async health(signal = AbortSignal.timeout(this.options.requestTimeoutMs)): Promise<void> {
    const response = await this.http.request('GET', '/v1/account', { signal });
    if (response.status !== 200) throw this.replicateError(response, 'GET /v1/account');
  }

  async run(task: RemoteTask, ctx: RemoteContext): Promise<RemoteResult> {
    if (task.operation !== 'tryon') throw new DrapeError('engine_failed', `This Replicate model does not ${task.operation}.`);
    const samples = Math.max(1, task.options.samples ?? 1);
    const seed = task.options.seed ?? 42;
    const images = [];
    // IDM-VTON makes one image a prediction: one prediction per sample, each with the next seed.
    for (let index = 0; index < samples; index++) images.push(await this.predict(task, seed + index, ctx));
    return { images: await Promise.all(images.map((bytes) => toOutput(bytes, task.output, SERVICE))), info: { provider: 'replicate', version: this.options.version } };
  }

  private async predict(task: RemoteTask, seed: number, ctx: RemoteContext): Promise<Buffer> {
    const started = Date.now();
    // Not aborted by a cancel: the prediction id is what a cancel needs (the polling below sees the cancel).
    const created = await this.http.request('POST', '/v1/predictions', {
      signal: AbortSignal.timeout(this.options.requestTimeoutMs),
      json: {
        version: this.options.version,
        input: {
          human_img: dataUri(task.person),
          garm_img: dataUri(task.garments[0]!),
          garment_des: '',
          category: CATEGORIES[firstCategory(task)],
          steps: STEPS[task.options.preset],
          seed,
        },
      },
    });
    if (created.status !== 201 && created.status !== 200) throw this.replicateError(created, 'a prediction');
    const id = created.json<Prediction>().id;
    ctx.stage('submit', Date.now() - started);
    const waiting = Date.now();
    let prediction: Prediction;
    try {
      for (;;) {
        const response = await this.http.request('GET', `/v1/predictions/${encodeURIComponent(id)}`, { signal: ctx.signal });
        if (response.status !== 200) throw this.replicateError(response, 'a prediction status');
        prediction = response.json<Prediction>();
        if (prediction.status === 'succeeded') break;
        if (prediction.status === 'failed' || prediction.status === 'canceled') {
          throw new DrapeError('engine_failed', `Replicate: the prediction ${prediction.status}${prediction.error ? `: ${prediction.error}` : ''}.`, {
            retryable: true,
          });
        }
        ctx.progress(prediction.status === 'processing' ? 50 : 10);
        await pause(this.options.pollIntervalMs, ctx.signal, SERVICE);
      }
    } catch (error) {
      if (ctx.signal.aborted) {
        const signal = AbortSignal.timeout(this.options.requestTimeoutMs);
        await this.http.request('POST', `/v1/predictions/${encodeURIComponent(id)}/cancel`, { signal }).catch(() => {});
      }
      throw error;
    }
    ctx.stage('remote', Date.now() - waiting);
    const output = Array.isArray(prediction.output) ? prediction.output[0] : prediction.output;
    if (typeof output !== 'string') throw new DrapeError('engine_failed', 'Replicate succeeded without an output.', { retryable: true });
    return resultBytes(output, this.options.fetcher, SERVICE, ctx.signal);
  }

  /** Replicate's problem details {title, detail, status}: 422 the input's fault, 401 the token, 429 and 5xx transient. */
  private replicateError(response: RemoteResponse, what: string): DrapeError {
    let detail = '';
    try {
      const body = response.json<{ title?: string; detail?: string }>();
      detail = [body.title, body.detail].filter(Boolean).join(': ');
    } catch {
      // no JSON: the status says enough
    }
    if (response.status === 422) return new DrapeError('invalid_parameter', `Replicate refused the input: ${detail}`, { retryable: false });
    if (response.status === 401 || response.status === 403) {
      return new DrapeError('engine_failed', 'Replicate refused the configured API token.', { retryable: true });
    }
    return this.http.unexpected(response, what, detail || undefined);
  }
}
