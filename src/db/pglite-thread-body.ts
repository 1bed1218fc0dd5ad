/**
 * The body of the embedded database's thread (src/db/pglite-thread.ts):
 * opens the data folder with PgliteDb and answers the main thread's
 * requests on it, one message each way per statement.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { Queryable } from './db.js';
import { PgliteDb } from './pglite-db.js';
import type { FromThread, SentError, ToThread } from './pglite-thread.js';

const port = parentPort!;
const { dataDir } = workerData as { dataDir: string };

/** Thrown inside a transaction's callback to roll it back when the main thread's work failed. */
const ROLLBACK = Symbol('rollback');

/** An open transaction: its statements arrive one at a time until the main thread ends it. */
interface OpenTransaction {
  next(message: ToThread): void;
}

function sentError(error: unknown): SentError {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error), fields: {} };
  // PGlite's DatabaseError carries code, detail, constraint… as own properties: a structured clone of an Error keeps only its message.
  const fields: Record<string, string | number> = {};
  for (const [key, value] of Object.entries(error)) if (typeof value === 'string' || typeof value === 'number') fields[key] = value;
  return { name: error.name, message: error.message, fields };
}

const reply = (message: FromThread) => port.postMessage(message);
const ok = (id: number, value?: unknown) => reply({ kind: 'reply', id, ok: true, value });
const failed = (id: number, error: unknown) => reply({ kind: 'reply', id, ok: false, error: sentError(error) });
/** Replies to request `id` with the outcome of `work`. */
const answer = (id: number, work: Promise<unknown>) => work.then((value) => ok(id, value), (error: unknown) => failed(id, error));

async function runTransaction(db: PgliteDb, begin: Extract<ToThread, { op: 'begin' }>, open: Map<number, OpenTransaction>): Promise<void> {
  let begun = false;
  try {
    await db.transaction(
      (tx: Queryable) =>
        new Promise<void>((resolve, reject) => {
          open.set(begin.tx, {
            next(message) {
              if (message.op === 'query') {
                answer(message.id, tx.query(message.sql, message.params));
              } else if (message.op === 'end') {
                open.delete(begin.tx);
                if (message.commit) resolve();
                else reject(ROLLBACK);
              }
            },
          });
          begun = true;
          ok(begin.id);
        }),
    );
    reply({ kind: 'ended', tx: begin.tx, ok: true });
  } catch (error) {
    open.delete(begin.tx);
    // A transaction that could not begin answers the request to begin it; one that began, the request to end it.
    if (!begun) failed(begin.id, error);
    else if (error === ROLLBACK) reply({ kind: 'ended', tx: begin.tx, ok: true });
    else reply({ kind: 'ended', tx: begin.tx, ok: false, error: sentError(error) });
  }
}

function serve(db: PgliteDb): void {
  const transactions = new Map<number, OpenTransaction>();
  const unlisten = new Map<number, () => Promise<void>>();
  port.on('message', (message: ToThread) => {
    switch (message.op) {
      case 'query':
      case 'end': {
        if (message.tx === undefined) {
          // outside a transaction ('end' always names one)
          if (message.op === 'query') answer(message.id, db.query(message.sql, message.params));
          return;
        }
        const open = transactions.get(message.tx);
        if (open !== undefined) open.next(message);
        else if (message.op === 'query') failed(message.id, new Error('the transaction has ended'));
        return;
      }
      case 'begin':
        // Its reply is sent once PGlite has begun it.
        void runTransaction(db, message, transactions);
        return;
      case 'exec':
        answer(message.id, db.exec(message.sql));
        return;
      case 'listen': {
        const { subscription } = message;
        const onPayload = (payload: string) => reply({ kind: 'notify', subscription, payload });
        answer(message.id, db.listen(message.channel, onPayload).then((stop) => void unlisten.set(subscription, stop)));
        return;
      }
      case 'unlisten': {
        const stop = unlisten.get(message.subscription);
        unlisten.delete(message.subscription);
        answer(message.id, stop?.() ?? Promise.resolve());
        return;
      }
      case 'close':
        answer(message.id, db.close());
        return;
    }
  });
}

PgliteDb.open(dataDir).then(
  (db) => {
    serve(db);
    reply({ kind: 'opened' });
  },
  (error: unknown) => reply({ kind: 'open-failed', error: sentError(error) }),
);
