import { randomUUID } from 'node:crypto';
import type { EnginePool, EngineRun } from '../engines/engine-pool.js';
import type { EncodedImage, EngineOutcome } from '../engines/engine-task.js';
import { DrapeError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { TaskJson, TaskSpec, TaskStatus } from '../engines/remote/drape-protocol.js';

export interface TaskInputs {
  person: Buffer;
  garments: Buffer[];
  coarse?: Buffer | undefined;
}

interface Task {
  id: string;
  status: TaskStatus;
  progress: number;
  timings: Record<string, number>;
  outcome: EngineOutcome | undefined;
  /** Set once it runs: asks the engine to stop at its next stage. */
  cancel: (() => void) | undefined;
  cancelRequested: boolean;
  finishedAt: number | undefined;
  start: () => void;
}

export interface TaskTableOptions {
  /** Tasks held at once (running, queued, finished and not yet deleted); one more is refused with 503. */
  limit: number;
  /** A finished task nobody deleted is dropped this long after it ended. */
  resultTtlMs: number;
  /** Longest an engine may work on one task. */
  timeoutMs: number;
}

/**
 * The engine server's tasks, in memory: at most `pool.threads` run at once,
 * the rest wait in arrival order, and finished ones keep their result until
 * the caller deletes them or `resultTtlMs` passes. Bounded by `limit`, so a
 * flood of submissions is refused (503, retryable) rather than held.
 */
export class TaskTable {
  private readonly tasks = new Map<string, Task>();
  private readonly waiting: Task[] = [];
  private running = 0;
  private readonly sweeper: NodeJS.Timeout;

  constructor(
    private readonly pool: EnginePool,
    private readonly options: TaskTableOptions,
    private readonly logger: Logger,
  ) {
    this.sweeper = setInterval(() => this.sweep(), Math.min(options.resultTtlMs, 60_000));
    this.sweeper.unref();
  }

  get counts() {
    return { running: this.running, queued: this.waiting.length, slots: this.pool.threads };
  }

  submit(spec: TaskSpec, inputs: TaskInputs): TaskJson {
    this.sweep();
    if (this.tasks.size >= this.options.limit) {
      throw new DrapeError('service_unavailable', `The engine server holds ${this.tasks.size} tasks, its limit; retry shortly.`, {
        retryable: true,
        headers: { 'retry-after': '1' },
      });
    }
    const run: EngineRun = {
      operation: spec.operation,
      person: inputs.person,
      garments: inputs.garments.map((bytes, index) => ({ bytes, category: spec.garments[index]!.category })),
      coarse: inputs.coarse,
      options: spec.options,
      output: spec.output,
    };
    const task: Task = {
      id: `task_${randomUUID()}`,
      status: 'queued',
      progress: 0,
      timings: {},
      outcome: undefined,
      cancel: undefined,
      cancelRequested: false,
      finishedAt: undefined,
      start: () => this.execute(task, run),
    };
    this.tasks.set(task.id, task);
    this.waiting.push(task);
    this.next();
    return this.toJson(task);
  }

  get(id: string): TaskJson {
    return this.toJson(this.find(id));
  }

  /** The bytes of a finished task's result image (index 0, then samples) or diagnostic. */
  image(id: string, kind: 'images' | 'diagnostics', index: number): EncodedImage {
    const outcome = this.find(id).outcome;
    const images = outcome?.ok ? (kind === 'images' ? [outcome.image, ...outcome.samples] : outcome.diagnostics) : [];
    const image = images[index];
    if (image === undefined) throw new DrapeError('not_found', `Task ${id} has no ${kind} ${index}.`);
    return image;
  }

  /** A queued task ends at once; a running one at its engine's next stage. Ended tasks stay as they are. */
  cancel(id: string): TaskJson {
    const task = this.find(id);
    if (task.status === 'queued') {
      this.waiting.splice(this.waiting.indexOf(task), 1);
      this.end(task, { ok: false, error: { code: 'canceled', message: 'The task was canceled.', retryable: false }, timings: {} });
    } else if (task.status === 'running') {
      task.cancelRequested = true;
      task.cancel?.();
    }
    return this.toJson(task);
  }

  /** Forget a task; a running one is canceled first. */
  delete(id: string): void {
    const task = this.find(id);
    if (task.status === 'queued' || task.status === 'running') this.cancel(id);
    this.tasks.delete(id);
  }

  close(): void {
    clearInterval(this.sweeper);
    for (const task of this.tasks.values()) task.cancel?.();
  }

  private find(id: string): Task {
    const task = this.tasks.get(id);
    if (task === undefined) throw new DrapeError('not_found', `No task ${id}.`, { field: 'id' });
    return task;
  }

  private next(): void {
    while (this.running < this.pool.threads && this.waiting.length > 0) {
      this.running++;
      this.waiting.shift()!.start();
    }
  }

  private execute(task: Task, run: EngineRun): void {
    task.status = 'running';
    const timeout = AbortSignal.timeout(this.options.timeoutMs);
    const handle = this.pool.run(run, {
      signal: timeout,
      onMessage: (message) => {
        if (message.type === 'progress') task.progress = Math.max(task.progress, message.percent);
        else task.timings[message.name] = (task.timings[message.name] ?? 0) + message.ms;
      },
    });
    task.cancel = handle.cancel;
    handle.outcome
      .catch((error: unknown): EngineOutcome => {
        const timedOut = timeout.aborted;
        if (!timedOut) this.logger.error({ err: error, taskId: task.id }, 'engine thread failed');
        return {
          ok: false,
          error: timedOut
            ? { code: 'engine_timeout', message: 'The engine took too long on this task.', retryable: true }
            : { code: 'engine_failed', message: 'The engine failed unexpectedly.', retryable: true },
          timings: task.timings,
        };
      })
      .then((outcome) => {
        if (!outcome.ok && outcome.error.detail !== undefined) this.logger.error({ detail: outcome.error.detail, taskId: task.id }, 'engine fault');
        this.end(task, outcome);
        this.running--;
        this.next();
      });
  }

  private end(task: Task, outcome: EngineOutcome): void {
    task.outcome = outcome;
    task.timings = { ...task.timings, ...outcome.timings };
    task.status = outcome.ok ? 'completed' : outcome.error.code === 'canceled' ? 'canceled' : 'failed';
    if (outcome.ok) task.progress = 100;
    task.finishedAt = Date.now();
  }

  private sweep(): void {
    const before = Date.now() - this.options.resultTtlMs;
    for (const [id, task] of this.tasks) {
      if (task.finishedAt !== undefined && task.finishedAt < before) this.tasks.delete(id);
    }
  }

  private toJson(task: Task): TaskJson {
    const outcome = task.outcome;
    const link = (kind: string, index: number) => `/v1/tasks/${task.id}/${kind}/${index}`;
    const describe = (image: EncodedImage, kind: string, index: number) => ({
      url: link(kind, index),
      format: image.format,
      width: image.width,
      height: image.height,
    });
    return {
      id: task.id,
      status: task.status,
      progress: Math.round(task.progress),
      stage_timings: Object.fromEntries(Object.entries(task.timings).map(([stage, ms]) => [stage, Math.round(ms)])),
      result: outcome?.ok
        ? {
            images: [outcome.image, ...outcome.samples].map((image, index) => describe(image, 'images', index)),
            diagnostics: outcome.diagnostics.map((image, index) => ({ name: image.name, ...describe(image, 'diagnostics', index) })),
            info: outcome.info,
          }
        : null,
      error:
        outcome !== undefined && !outcome.ok
          ? { code: outcome.error.code, message: outcome.error.message, retryable: outcome.error.retryable }
          : null,
    };
  }
}
