import { DrapeError, ERROR_CODES, type ErrorCode } from '../../errors.js';
import type { OperationName } from '../engine.js';
import { capabilitiesSchema, type TaskJson } from './drape-protocol.js';
import { mimeOf, type RemoteContext, type RemoteEngine, type RemoteResult, type RemoteTask } from './remote-engine.js';
import { RemoteHttp, pause } from './remote-http.js';

export interface DrapeEngineOptions {
  name: string;
  url: string;
  token?: string | undefined;
  operations: readonly OperationName[];
  capabilities: readonly string[];
  requestTimeoutMs: number;
  /** How often a task is polled; a built-in try-on takes ~2 s. */
  pollIntervalMs: number;
}

const SERVICE = 'the engine server';

/**
 * A `drape engine-server` (or anything speaking docs/engine-protocol.md):
 * the encoded images go up as multipart, the task is polled, its images come
 * back as the engine encoded them, and the task is deleted. A cancel or a
 * timeout reaches the server as POST /cancel.
 */
export class DrapeEngine implements RemoteEngine {
  readonly kind = 'drape';
  readonly name: string;
  readonly operations: readonly OperationName[];
  readonly capabilities: readonly string[];
  private readonly http: RemoteHttp;

  constructor(private readonly options: DrapeEngineOptions) {
    this.name = options.name;
    this.operations = options.operations;
    this.capabilities = options.capabilities;
    this.http = new RemoteHttp({
      service: `${SERVICE} ${options.name}`,
      baseUrl: options.url,
      headers: options.token === undefined ? {} : { authorization: `Bearer ${options.token}` },
      requestTimeoutMs: options.requestTimeoutMs,
    });
  }

  async health(signal = AbortSignal.timeout(this.options.requestTimeoutMs)): Promise<void> {
    const response = await this.http.request('GET', '/v1/health', { signal });
    if (response.status !== 200) throw this.http.unexpected(response, 'a health check');
  }

  /** What the server says it runs (for `drape engines` and a start-up check). */
  async describe(signal: AbortSignal) {
    const response = await this.http.request('GET', '/v1/capabilities', { signal });
    if (response.status !== 200) throw this.http.unexpected(response, 'GET /v1/capabilities');
    return capabilitiesSchema.parse(response.json());
  }

  async run(task: RemoteTask, ctx: RemoteContext): Promise<RemoteResult> {
    const started = Date.now();
    const form = new FormData();
    form.append(
      'task',
      JSON.stringify({
        operation: task.operation,
        garments: task.garments.map((garment) => ({ category: garment.category })),
        options: task.options,
        output: task.output,
      }),
    );
    const file = (name: string, input: { bytes: Buffer; format: string }) =>
      form.append(name, new Blob([new Uint8Array(input.bytes)], { type: mimeOf(input.format) }), `${name}.${input.format}`);
    file('person', task.person);
    for (const garment of task.garments) file('garment', garment);
    if (task.coarse !== undefined) file('coarse', task.coarse);

    // Submitting is not aborted by a cancel: the task id is needed to cancel it.
    const submitted = await this.http.request('POST', '/v1/tasks', { form, signal: AbortSignal.timeout(this.options.requestTimeoutMs) });
    if (submitted.status !== 202) throw this.protocolError(submitted, 'a task submission');
    const id = submitted.json<TaskJson>().id;
    ctx.stage('upload', Date.now() - started);
    try {
      const done = await this.follow(id, ctx);
      const downloading = Date.now();
      const images = await Promise.all(
        done.result!.images.map(async (image) => {
          const response = await this.http.request('GET', image.url, { signal: ctx.signal });
          if (response.status !== 200) throw this.http.unexpected(response, `GET ${image.url}`);
          return { bytes: response.body, format: image.format as 'png', width: image.width, height: image.height };
        }),
      );
      ctx.stage('download', Date.now() - downloading);
      return { images, info: { ...done.result!.info, remoteTaskId: id, remoteStageTimings: done.stage_timings } };
    } finally {
      // The result is home (or the run failed): free the server's memory now. Best effort.
      void this.http.request('DELETE', `/v1/tasks/${id}`, { signal: AbortSignal.timeout(this.options.requestTimeoutMs) }).catch(() => {});
    }
  }

  /** Poll the task until it ends; a cancel or timeout on our side is passed on to the server. */
  private async follow(id: string, ctx: RemoteContext): Promise<TaskJson> {
    try {
      return await this.poll(id, ctx);
    } catch (error) {
      if (ctx.signal.aborted) {
        const signal = AbortSignal.timeout(this.options.requestTimeoutMs);
        await this.http.request('POST', `/v1/tasks/${id}/cancel`, { signal }).catch(() => {});
      }
      throw error;
    }
  }

  private async poll(id: string, ctx: RemoteContext): Promise<TaskJson> {
    const waiting = Date.now();
    for (;;) {
      const response = await this.http.request('GET', `/v1/tasks/${id}`, { signal: ctx.signal });
      // A 404 here means the server restarted and lost the task: a transient fault, tried again.
      if (response.status !== 200) throw this.protocolError(response, `GET /v1/tasks/${id}`, true);
      const task = response.json<TaskJson>();
      ctx.progress(task.progress);
      if (task.status === 'completed') {
        ctx.stage('remote', Date.now() - waiting);
        return task;
      }
      if (task.status === 'failed' || task.status === 'canceled') {
        const error = task.error ?? { code: 'engine_failed', message: 'The remote engine failed.', retryable: true };
        throw new DrapeError(knownCode(error.code), error.message, { retryable: error.retryable });
      }
      await pause(this.options.pollIntervalMs, ctx.signal, SERVICE);
    }
  }

  /** The server's own {error: {code, message, retryable}}, or a generic answer for anything else. */
  private protocolError(response: Awaited<ReturnType<RemoteHttp['request']>>, what: string, lost = false): DrapeError {
    const body = (() => {
      try {
        return response.json<{ error?: { code: string; message: string; retryable: boolean } }>().error;
      } catch {
        return undefined;
      }
    })();
    if (lost && response.status === 404) return new DrapeError('worker_lost', `${SERVICE} no longer knows the task.`, { retryable: true });
    // The operator's token, not the client's key: never the client's error, and another engine may serve.
    if (response.status === 401) return new DrapeError('engine_failed', `${SERVICE} refused the configured token.`, { retryable: true });
    if (body === undefined) return this.http.unexpected(response, what);
    return new DrapeError(knownCode(body.code), body.message, { retryable: body.retryable });
  }
}

function knownCode(code: string): ErrorCode {
  return ERROR_CODES.find((known) => known === code) ?? 'engine_failed';
}
