import { DrapeError, type ErrorCode } from '../../errors.js';
import type { OperationName } from '../engine.js';
import { fashnSchemaInputs, type HostedEngineOptions, type RemoteContext, type RemoteEngine, type RemoteResult, type RemoteTask } from './remote-engine.js';
import { RemoteHttp, pause } from './remote-http.js';
import { resultBytes, toOutput } from './remote-output.js';

export interface FashnEngineOptions extends HostedEngineOptions {
  /** tryon-v1.6 unless the operator names another FASHN try-on model. */
  model?: string | undefined;
}

const SERVICE = 'FASHN';
/** FASHN documents 5–17 s a run; its status endpoint answers quickly. */
const DEFAULT_MODEL = 'tryon-v1.6';

/** FASHN's run-time error names → Drape codes: the input's fault fails the job, FASHN's is retried. */
const RUNTIME_ERRORS: Record<string, [ErrorCode, boolean]> = {
  ImageLoadError: ['malformed_image', false],
  PoseError: ['pose_not_supported', false],
  ContentModerationError: ['invalid_parameter', false],
  InputValidationError: ['invalid_parameter', false],
  PipelineError: ['engine_failed', true],
  ThirdPartyError: ['engine_failed', true],
  '3rdPartyProviderError': ['engine_failed', true],
  InternalServerError: ['engine_failed', true],
};

interface FashnStatus {
  id: string;
  status: string;
  output?: string[] | null;
  error: { name: string; message: string } | null;
}

/**
 * FASHN's hosted try-on with the operator's key: POST /v1/run, then
 * /v1/status/{id} until it ends. Images go as data: URIs and come back as
 * base64 (return_base64), so nothing is stored at FASHN. FASHN has no cancel
 * endpoint: a canceled job stops waiting, and FASHN finishes on its own.
 */
export class FashnEngine implements RemoteEngine {
  readonly kind = 'fashn';
  readonly name: string;
  readonly operations: readonly OperationName[] = ['tryon'];
  readonly capabilities: readonly string[];
  private readonly http: RemoteHttp;

  constructor(private readonly options: FashnEngineOptions) {
    this.name = options.name;
    this.capabilities = options.capabilities ?? ['samples', 'seed', 'tryon-v1.6'];
    this.http = new RemoteHttp({
      service: SERVICE,
      baseUrl: options.baseUrl ?? 'https://api.fashn.ai',
      headers: { authorization: `Bearer ${options.apiKey}` },
      requestTimeoutMs: options.requestTimeoutMs,
      requestsPerSecond: options.requestsPerSecond,
    });
  }

  /** FASHN has no health endpoint; its credits endpoint (30 requests / 10 s) proves the key and the service. */
  async health(signal = AbortSignal.timeout(this.options.requestTimeoutMs)): Promise<void> {
    const response = await this.http.request('GET', '/v1/credits', { signal });
    if (response.status !== 200) throw this.apiError(response, 'GET /v1/credits');
  }

  async run(task: RemoteTask, ctx: RemoteContext): Promise<RemoteResult> {
    if (task.operation !== 'tryon') throw new DrapeError('engine_failed', `FASHN does not ${task.operation}.`);
    const started = Date.now();
    const submitted = await this.http.request('POST', '/v1/run', {
      signal: ctx.signal,
      json: {
        model_name: this.options.model ?? DEFAULT_MODEL,
        inputs: {
          ...fashnSchemaInputs(task),
          ...(task.options.garmentPhotoType === undefined ? {} : { garment_photo_type: task.options.garmentPhotoType }),
          return_base64: true,
        },
      },
    });
    if (submitted.status !== 200) throw this.apiError(submitted, 'POST /v1/run');
    const id = submitted.json<{ id: string }>().id;
    ctx.stage('submit', Date.now() - started);
    const waiting = Date.now();
    for (;;) {
      const response = await this.http.request('GET', `/v1/status/${encodeURIComponent(id)}`, { signal: ctx.signal });
      if (response.status !== 200) throw this.apiError(response, 'GET /v1/status');
      const status = response.json<FashnStatus>();
      if (status.status === 'completed') {
        ctx.stage('remote', Date.now() - waiting);
        const images = await Promise.all(
          (status.output ?? []).map(async (reference) =>
            toOutput(await resultBytes(reference, this.options.fetcher, SERVICE, ctx.signal), task.output, SERVICE),
          ),
        );
        if (images.length === 0) throw new DrapeError('engine_failed', 'FASHN completed without an output.', { retryable: true });
        return { images, info: { provider: 'fashn', predictionId: id, model: this.options.model ?? DEFAULT_MODEL } };
      }
      if (status.status === 'failed' || status.status === 'canceled' || status.status === 'time_out') {
        const [code, retryable] = RUNTIME_ERRORS[status.error?.name ?? ''] ?? ['engine_failed', true];
        throw new DrapeError(code, `FASHN: ${status.error?.message ?? status.status}`, { retryable });
      }
      ctx.progress(status.status === 'processing' ? 50 : 10);
      await pause(this.options.pollIntervalMs, ctx.signal, SERVICE);
    }
  }

  /** FASHN's {error: <Name>, message} before a prediction exists. */
  private apiError(response: Awaited<ReturnType<RemoteHttp['request']>>, what: string): DrapeError {
    let name = '';
    let message = '';
    try {
      ({ error: name, message } = response.json<{ error: string; message: string }>());
    } catch {
      // not FASHN's envelope: the status alone says enough
    }
    if (name === 'OutOfCredits') return new DrapeError('service_unavailable', 'FASHN: the operator’s account is out of credits.', { retryable: true });
    if (response.status === 401) return new DrapeError('engine_failed', 'FASHN refused the configured API key.', { retryable: true });
    if (response.status === 400) return new DrapeError('invalid_parameter', `FASHN refused the request: ${message}`, { retryable: false });
    return this.http.unexpected(response, what, name === '' ? undefined : `${name} ${message}`);
  }
}
