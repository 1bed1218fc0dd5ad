import { EventEmitter } from 'node:events';
import type { Db } from '../db/db.js';

const QUEUED_CHANNEL = 'drape_job_queued';
const CHANGED_CHANNEL = 'drape_job_changed';
const CANCEL_CHANNEL = 'drape_job_cancel';

/**
 * Wake-ups between processes that share a database: NOTIFY after a commit,
 * LISTEN here. Losing one is harmless — workers and waiters also poll — so
 * this is latency, not correctness.
 */
export class JobEvents {
  private readonly emitter = new EventEmitter();
  private unsubscribers: (() => Promise<void>)[] = [];

  constructor(private readonly db: Db) {
    this.emitter.setMaxListeners(0);
  }

  async start(): Promise<void> {
    // After the listening connection comes back, idle workers look for jobs queued while it was away.
    const wake = () => this.emitter.emit('queued');
    this.unsubscribers.push(await this.db.listen(QUEUED_CHANNEL, wake, wake));
    this.unsubscribers.push(
      await this.db.listen(CHANGED_CHANNEL, (id) => {
        this.emitter.emit('changed', id);
        this.emitter.emit(`changed:${id}`);
      }),
    );
    this.unsubscribers.push(await this.db.listen(CANCEL_CHANNEL, (id) => this.emitter.emit(`cancel:${id}`)));
  }

  async stop(): Promise<void> {
    await Promise.all(this.unsubscribers.map((unsubscribe) => unsubscribe().catch(() => {})));
    this.unsubscribers = [];
    this.emitter.removeAllListeners();
  }

  /** Call after the enqueueing transaction committed. */
  async jobQueued(): Promise<void> {
    this.emitter.emit('queued');
    await this.db.query('SELECT pg_notify($1, $2)', [QUEUED_CHANNEL, '']).catch(() => {});
  }

  /** Call after a job's state or progress changed (committed). */
  async jobChanged(id: string): Promise<void> {
    this.emitter.emit('changed', id);
    this.emitter.emit(`changed:${id}`);
    await this.db.query('SELECT pg_notify($1, $2)', [CHANGED_CHANNEL, id]).catch(() => {});
  }

  /** Call `handler` with the id of every job that changed, here or in another process. */
  onAnyChange(handler: (id: string) => void): () => void {
    this.emitter.on('changed', handler);
    return () => this.emitter.off('changed', handler);
  }

  /** Call after a cancel was requested for a running job: its worker stops at the next stage. */
  async cancelRequested(id: string): Promise<void> {
    this.emitter.emit(`cancel:${id}`);
    await this.db.query('SELECT pg_notify($1, $2)', [CANCEL_CHANNEL, id]).catch(() => {});
  }

  /** Call `handler` whenever a cancel is requested for job `id`; returns the unsubscribe. */
  onCancelRequested(id: string, handler: () => void): () => void {
    this.emitter.on(`cancel:${id}`, handler);
    return () => this.emitter.off(`cancel:${id}`, handler);
  }

  /** Resolves on the next queued event or after `timeoutMs`, whichever first. */
  nextQueued(timeoutMs: number, signal?: AbortSignal): Promise<void> {
    return this.once('queued', timeoutMs, signal);
  }

  nextChange(id: string, timeoutMs: number, signal?: AbortSignal): Promise<void> {
    return this.once(`changed:${id}`, timeoutMs, signal);
  }

  private once(event: string, timeoutMs: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.emitter.off(event, done);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      this.emitter.on(event, done);
      signal?.addEventListener('abort', done, { once: true });
    });
  }
}
