import { randomUUID } from 'node:crypto';
import { DrapeError } from '../../errors.js';
import type { OperationName } from '../engine.js';
import { buildWorkflow, type ComfyTemplate } from './comfyui-template.js';
import { firstCategory, mimeOf, type EncodedInput, type RemoteContext, type RemoteEngine, type RemoteResult, type RemoteTask } from './remote-engine.js';
import { RemoteHttp, pause, type RemoteResponse } from './remote-http.js';
import { toOutput } from './remote-output.js';

export interface ComfyEngineOptions {
  name: string;
  url: string;
  template: ComfyTemplate;
  /** Sent as Authorization when ComfyUI sits behind a proxy that wants one. */
  token?: string | undefined;
  capabilities?: readonly string[] | undefined;
  requestTimeoutMs: number;
  pollIntervalMs: number;
}

const SERVICE = 'ComfyUI';
/** The seed when the job has none (as the engine worker's default); a template's own default seed is replaced either way. */
const DEFAULT_SEED = 42;

interface HistoryEntry {
  outputs?: Record<string, { images?: { filename: string; subfolder: string; type: string }[] }>;
  status?: { status_str: 'success' | 'error'; completed: boolean; messages?: [string, Record<string, unknown>][] };
}

/**
 * A ComfyUI server running a try-on workflow: the photos are uploaded
 * (POST /upload/image), the template's workflow is queued with them and the
 * job's values (POST /prompt), followed on GET /history/{prompt_id}, and its
 * SaveImage output fetched from /view. One prompt per sample, each with the
 * next seed. A cancel removes a waiting prompt from the queue and interrupts
 * a running one.
 */
export class ComfyEngine implements RemoteEngine {
  readonly kind = 'comfyui';
  readonly name: string;
  readonly operations: readonly OperationName[];
  readonly capabilities: readonly string[];
  private readonly http: RemoteHttp;
  private readonly clientId = randomUUID();

  constructor(private readonly options: ComfyEngineOptions) {
    this.name = options.name;
    this.operations = options.template.operations;
    this.capabilities = options.capabilities ?? ['samples', 'seed', `comfyui:${options.template.name}`];
    this.http = new RemoteHttp({
      service: SERVICE,
      baseUrl: options.url,
      headers: options.token === undefined ? {} : { authorization: `Bearer ${options.token}` },
      requestTimeoutMs: options.requestTimeoutMs,
    });
  }

  async health(signal = AbortSignal.timeout(this.options.requestTimeoutMs)): Promise<void> {
    const response = await this.http.request('GET', '/system_stats', { signal });
    if (response.status !== 200) throw this.http.unexpected(response, 'GET /system_stats');
  }

  async run(task: RemoteTask, ctx: RemoteContext): Promise<RemoteResult> {
    if (task.operation !== 'tryon') throw new DrapeError('engine_failed', `This ComfyUI workflow does not ${task.operation}.`);
    const uploading = Date.now();
    const [person, garment] = await Promise.all([this.upload(task.person, 'person', ctx), this.upload(task.garments[0]!, 'garment', ctx)]);
    ctx.stage('upload', Date.now() - uploading);
    const samples = Math.max(1, task.options.samples ?? 1);
    const seed = task.options.seed ?? DEFAULT_SEED;
    const images = [];
    for (let index = 0; index < samples; index++) {
      const workflow = buildWorkflow(this.options.template, {
        person,
        garment,
        seed: seed + index,
        preset: task.options.preset,
        category: firstCategory(task),
      });
      const bytes = await this.runPrompt(workflow, ctx);
      images.push(await toOutput(bytes, task.output, SERVICE));
      ctx.progress(((index + 1) / samples) * 100);
    }
    return { images, info: { provider: 'comfyui', template: this.options.template.name } };
  }

  /** Upload one photo as an input image under a name of its own; answers the name LoadImage takes. */
  private async upload(input: EncodedInput, role: string, ctx: RemoteContext): Promise<string> {
    const form = new FormData();
    form.append('image', new Blob([new Uint8Array(input.bytes)], { type: mimeOf(input.format) }), `drape-${randomUUID()}-${role}.${input.format}`);
    form.append('type', 'input');
    form.append('overwrite', 'true');
    const response = await this.http.request('POST', '/upload/image', { form, signal: ctx.signal });
    if (response.status !== 200) throw this.http.unexpected(response, 'an image upload');
    const { name, subfolder } = response.json<{ name: string; subfolder: string; type: string }>();
    return subfolder ? `${subfolder}/${name}` : name;
  }

  private async runPrompt(workflow: Record<string, unknown>, ctx: RemoteContext): Promise<Buffer> {
    // Not aborted by a cancel: its prompt id is what a cancel needs (the follow below sees the cancel).
    const signal = AbortSignal.timeout(this.options.requestTimeoutMs);
    const queued = await this.http.request('POST', '/prompt', { json: { prompt: workflow, client_id: this.clientId }, signal });
    if (queued.status !== 200) throw this.promptError(queued);
    const promptId = queued.json<{ prompt_id: string }>().prompt_id;
    const waiting = Date.now();
    let entry: HistoryEntry;
    try {
      entry = await this.follow(promptId, ctx);
    } catch (error) {
      if (ctx.signal.aborted) await this.cancel(promptId);
      throw error;
    }
    ctx.stage('remote', Date.now() - waiting);
    const image = entry.outputs?.[this.options.template.output]?.images?.[0];
    if (image === undefined) {
      throw new DrapeError('engine_failed', `ComfyUI finished without an image from node ${this.options.template.output}; check the template's output.`, {
        retryable: false,
      });
    }
    const query = new URLSearchParams({ filename: image.filename, subfolder: image.subfolder, type: image.type });
    const view = await this.http.request('GET', `/view?${query}`, { signal: ctx.signal });
    if (view.status !== 200) throw this.http.unexpected(view, 'GET /view');
    return view.body;
  }

  /** GET /history/{id} is {} until the prompt has run, then holds its outputs and status. */
  private async follow(promptId: string, ctx: RemoteContext): Promise<HistoryEntry> {
    for (;;) {
      const response = await this.http.request('GET', `/history/${encodeURIComponent(promptId)}`, { signal: ctx.signal });
      if (response.status !== 200) throw this.http.unexpected(response, 'GET /history');
      const entry = response.json<Record<string, HistoryEntry>>()[promptId];
      if (entry?.status?.status_str === 'error') {
        const failure = entry.status.messages?.find(([kind]) => kind === 'execution_error')?.[1];
        const detail = failure === undefined ? '' : `: ${String(failure.node_type ?? '')} ${String(failure.exception_message ?? '')}`.trimEnd();
        // Out of memory, a model still loading, a node's bug: worth another attempt (or another engine).
        throw new DrapeError('engine_failed', `ComfyUI failed to run the workflow${detail}.`, { retryable: true });
      }
      if (entry?.status?.status_str === 'success' || entry?.status?.completed === true) return entry;
      await pause(this.options.pollIntervalMs, ctx.signal, SERVICE);
    }
  }

  /** Take a waiting prompt off the queue, and interrupt it if it already runs. Best effort. */
  private async cancel(promptId: string): Promise<void> {
    const signal = AbortSignal.timeout(this.options.requestTimeoutMs);
    await this.http.request('POST', '/queue', { json: { delete: [promptId] }, signal }).catch(() => {});
    const queue = await this.http.request('GET', '/queue', { signal }).catch(() => undefined);
    const running = queue?.status === 200 ? queue.json<{ queue_running: unknown[][] }>().queue_running : [];
    if (running.some((item) => item[1] === promptId)) {
      await this.http.request('POST', '/interrupt', { json: { prompt_id: promptId }, signal }).catch(() => {});
    }
  }

  /** POST /prompt refuses a workflow whose nodes are missing or whose inputs are wrong: the template does not fit this server. */
  private promptError(response: RemoteResponse): DrapeError {
    if (response.status !== 400) return this.http.unexpected(response, 'POST /prompt');
    let detail = '';
    try {
      const body = response.json<{ error?: { message?: string; details?: string } }>();
      detail = [body.error?.message, body.error?.details].filter(Boolean).join(': ');
    } catch {
      // no JSON
    }
    return new DrapeError('engine_failed', `ComfyUI refused the workflow of template ${this.options.template.name}${detail ? `: ${detail}` : ''}.`, {
      retryable: false,
    });
  }
}
