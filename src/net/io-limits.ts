/**
 * Reading and waiting within limits. A remote server chooses how much it
 * sends and how long it takes; these stop at the caller's cap or deadline
 * instead of buffering whatever arrives.
 */
import type { Readable } from 'node:stream';
import type { DrapeError } from '../errors.js';

/** The whole body, or `tooLarge()` thrown as soon as it passes maxBytes (the connection is dropped). */
export async function readCapped(body: Readable, maxBytes: number, tooLarge: () => DrapeError): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of body) {
    const buffer = chunk as Buffer;
    total += buffer.length;
    if (total > maxBytes) {
      body.destroy();
      throw tooLarge();
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks, total);
}

/** The first `limit` bytes of a body; the rest is dropped with the connection. */
export async function readHead(body: Readable, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of body) {
    const buffer = chunk as Buffer;
    chunks.push(buffer);
    total += buffer.length;
    if (total >= limit) break;
  }
  return Buffer.concat(chunks).subarray(0, limit);
}

/** getaddrinfo cannot be canceled; stop waiting for it when the deadline passes. */
export function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
