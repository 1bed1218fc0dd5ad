import { Worker } from 'node:worker_threads';
import { threadEntry } from '../thread-entry.js';
import type { Db, Queryable, QueryResult } from './db.js';
import { takeLocalLock } from './local-lock.js';

const BODY = threadEntry('./pglite-thread-body', import.meta.url);

/** An error as it crosses threads: a structured clone of an Error keeps only its message. */
export interface SentError {
  name: string;
  message: string;
  /** PGlite's DatabaseError fields (code, detail, constraint…). */
  fields: Record<string, string | number>;
}

export type ToThread =
  | { op: 'query'; id: number; sql: string; params: unknown[]; tx?: number }
  | { op: 'exec'; id: number; sql: string }
  | { op: 'begin'; id: number; tx: number }
  | { op: 'end'; tx: number; commit: boolean }
  | { op: 'listen'; id: number; channel: string; subscription: number }
  | { op: 'unlisten'; id: number; subscription: number }
  | { op: 'close'; id: number };

export type FromThread =
  | { kind: 'opened' }
  | { kind: 'open-failed'; error: SentError }
  | { kind: 'reply'; id: number; ok: true; value: unknown }
  | { kind: 'reply'; id: number; ok: false; error: SentError }
  | { kind: 'ended'; tx: number; ok: true }
  | { kind: 'ended'; tx: number; ok: false; error: SentError }
  | { kind: 'notify'; subscription: number; payload: string };

function received(sent: SentError): Error {
  const error = new Error(sent.message);
  error.name = sent.name;
  return Object.assign(error, sent.fields);
}

interface Waiting {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

/**
 * The embedded database (PGlite, PostgreSQL in WebAssembly) on a thread of
 * its own, behind the same Db interface. On the main thread, starting it was
 * most of a first start's main-thread CPU (its WebAssembly alone 1.9 s of a
 * --cpu-prof of 8.8 s on a loaded machine) and every statement held the
 * event loop; here it starts while the server's modules load and runs beside
 * the HTTP side (bench:startup, same run: main-thread CPU to the first 202
 * 1.80 s → 0.87 s). Each statement is one message each way (rows are copied;
 * a bytea column arrives as a Uint8Array, as from PGlite itself).
 */
export class PgliteThreadDb implements Db {
  readonly kind = 'pglite' as const;
  private readonly waiting = new Map<number, Waiting>();
  private readonly transactionsEnding = new Map<number, Waiting>();
  private readonly subscribers = new Map<number, (payload: string) => void>();
  private readonly locks = new Set<number>();
  private nextId = 1;
  private stopped: Error | undefined;
  private closing: Promise<void> | undefined;

  private readonly thread: Worker;
  private readonly opening: Waiting;

  private constructor(dataDir: string, opening: Waiting) {
    this.opening = opening;
    this.thread = new Worker(BODY.filename, { workerData: { dataDir, entry: BODY.entry } });
    this.thread.on('message', (message: FromThread) => this.onMessage(message));
    this.thread.on('error', (error) => this.fail(error));
    this.thread.on('exit', (code) => this.fail(new Error(`the embedded database thread stopped (exit code ${code})`)));
  }

  /** Open (or create from the build's template) the database in `dataDir` on a new thread. */
  static async open(dataDir: string): Promise<PgliteThreadDb> {
    let db: PgliteThreadDb | undefined;
    const opened = new Promise((resolve, reject) => (db = new PgliteThreadDb(dataDir, { resolve, reject })));
    try {
      await opened;
    } catch (error) {
      await db!.thread.terminate();
      throw error;
    }
    return db!;
  }

  query<Row>(sql: string, params: readonly unknown[] = []): Promise<QueryResult<Row>> {
    return this.request<QueryResult<Row>>((id) => ({ op: 'query', id, sql, params: [...params] }));
  }

  async transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
    const tx = this.nextId++;
    await this.request((id) => ({ op: 'begin', id, tx }));
    const ended = new Promise<unknown>((resolve, reject) => this.transactionsEnding.set(tx, { resolve, reject }));
    // Awaited below; a thread that dies while `work` runs must not make it an unhandled rejection meanwhile.
    ended.catch(() => {});
    let result: T;
    try {
      result = await work({
        query: <Row>(sql: string, params: readonly unknown[] = []) =>
          this.request<QueryResult<Row>>((id) => ({ op: 'query', id, sql, params: [...params], tx })),
      });
    } catch (error) {
      this.send({ op: 'end', tx, commit: false });
      await ended.catch(() => {});
      throw error;
    }
    this.send({ op: 'end', tx, commit: true });
    await ended;
    return result;
  }

  async exec(sql: string): Promise<void> {
    await this.request((id) => ({ op: 'exec', id, sql }));
  }

  async tryLock(id: number): Promise<(() => Promise<void>) | undefined> {
    return takeLocalLock(this.locks, id);
  }

  async listen(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>> {
    const subscription = this.nextId++;
    this.subscribers.set(subscription, onPayload);
    await this.request((id) => ({ op: 'listen', id, channel, subscription }));
    return async () => {
      this.subscribers.delete(subscription);
      if (this.stopped === undefined) await this.request((id) => ({ op: 'unlisten', id, subscription }));
    };
  }

  close(): Promise<void> {
    return (this.closing ??= (async () => {
      if (this.stopped === undefined) await this.request((id) => ({ op: 'close', id })).catch(() => {});
      await this.thread.terminate();
    })());
  }

  private request<T>(message: (id: number) => ToThread): Promise<T> {
    if (this.stopped !== undefined) return Promise.reject(this.stopped);
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.waiting.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.send(message(id));
    });
  }

  private send(message: ToThread): void {
    this.thread.postMessage(message);
  }

  private onMessage(message: FromThread): void {
    if (message.kind === 'opened') {
      this.opening.resolve(undefined);
    } else if (message.kind === 'open-failed') {
      this.opening.reject(received(message.error));
    } else if (message.kind === 'notify') {
      this.subscribers.get(message.subscription)?.(message.payload);
    } else if (message.kind === 'reply') {
      const waiting = this.waiting.get(message.id);
      this.waiting.delete(message.id);
      if (message.ok) waiting?.resolve(message.value);
      else waiting?.reject(received(message.error));
    } else if (message.kind === 'ended') {
      const waiting = this.transactionsEnding.get(message.tx);
      this.transactionsEnding.delete(message.tx);
      if (message.ok) waiting?.resolve(undefined);
      else waiting?.reject(received(message.error));
    }
  }

  /** The thread is gone: everything waiting fails, and so does every later statement. */
  private fail(error: Error): void {
    this.stopped ??= error;
    this.opening.reject(this.stopped);
    for (const waiting of [...this.waiting.values(), ...this.transactionsEnding.values()]) waiting.reject(this.stopped);
    this.waiting.clear();
    this.transactionsEnding.clear();
  }
}
