import { DrapeError } from '../errors.js';

/**
 * The bytes of request bodies (uploads, data: URIs) and of images fetched
 * from URLs that one process holds at once. Every image is held whole and
 * then decoded (up to MAX_IMAGE_PIXELS), so memory grows with the bytes in
 * flight: 12 parallel requests of 2 × 24 MB took RSS from 0.79 to 1.49 GB
 * before this budget. A request is charged its declared size before its body
 * is read, and gives it back when its response ends or the client leaves; a
 * fetched image is charged once fetched, until its job is submitted.
 */
export type UploadAdmission =
  | { ok: true; release: () => void }
  | { ok: false; code: 'service_unavailable' | 'rate_limit_exceeded'; retryAfterSeconds: number };

/** A refused request may try again this soon: one max-size upload takes ~1 s to accept. */
const RETRY_AFTER_SECONDS = 1;

export class UploadBudget {
  private inFlight = 0;
  private readonly perKey = new Map<string, number>();

  /** `maxBytes` in all; one key may hold at most half of it, so one client cannot starve the others. */
  constructor(private readonly maxBytes: number) {}

  /**
   * Charge `bytes` to `keyId`. A request is always taken when nothing else is
   * in flight (for the process, or for its key), however large, so that a
   * body within the request limits can never be refused for good.
   */
  admit(keyId: string, bytes: number): UploadAdmission {
    const held = this.perKey.get(keyId) ?? 0;
    if (held > 0 && held + bytes > this.maxBytes / 2) {
      return { ok: false, code: 'rate_limit_exceeded', retryAfterSeconds: RETRY_AFTER_SECONDS };
    }
    if (this.inFlight > 0 && this.inFlight + bytes > this.maxBytes) {
      return { ok: false, code: 'service_unavailable', retryAfterSeconds: RETRY_AFTER_SECONDS };
    }
    this.inFlight += bytes;
    this.perKey.set(keyId, held + bytes);
    let released = false;
    return {
      ok: true,
      release: () => {
        if (released) return;
        released = true;
        this.inFlight -= bytes;
        const left = (this.perKey.get(keyId) ?? bytes) - bytes;
        if (left <= 0) this.perKey.delete(keyId);
        else this.perKey.set(keyId, left);
      },
    };
  }

  /**
   * As admit, for callers that hold the bytes until they call the returned
   * release: a refusal is the DrapeError a client sees (429 for this key's
   * share, 503 for the process's), with Retry-After.
   */
  hold(keyId: string, bytes: number): () => void {
    const admission = this.admit(keyId, bytes);
    if (admission.ok) return admission.release;
    const message =
      admission.code === 'rate_limit_exceeded'
        ? `This key is sending more images at once (uploads and fetched URLs) than its share of the server. Retry in ${admission.retryAfterSeconds} s.`
        : `The server is holding as many images (uploads and fetched URLs) as it can. Retry in ${admission.retryAfterSeconds} s.`;
    throw new DrapeError(admission.code, message, { retryable: true, headers: { 'retry-after': String(admission.retryAfterSeconds) } });
  }

  /** Bytes held now (for tests and metrics). */
  get bytesInFlight(): number {
    return this.inFlight;
  }
}
