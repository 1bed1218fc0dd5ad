import { DrapeError } from '../errors.js';

/**
 * Where input and result images live: a folder (LocalBlobStore) or an S3
 * bucket (S3BlobStore), behind one interface. Keys are server-made paths laid
 * out by blob-keys.ts; `assertBlobKey` refuses anything else, so no id a
 * client sends can walk out of the store.
 *
 * A store that cannot be reached throws `service_unavailable` (retryable):
 * a submission answers 503, a job attempt is retried later.
 */
export interface BlobStore {
  /** 'folder' or 's3', for logs and /readyz. */
  readonly kind: 'folder' | 's3';
  /** Stores the bytes and the content type given; a reader gets both back. */
  put(key: string, bytes: Buffer, contentType: string): Promise<void>;
  /** Undefined when absent. */
  get(key: string): Promise<{ bytes: Buffer; contentType: string } | undefined>;
  delete(key: string): Promise<void>;
  /** Delete every blob under a prefix such as `inputs/job_…/`. */
  deletePrefix(prefix: string): Promise<void>;
  /** Every blob under a prefix, in no particular order, with when it was last written (the orphan sweep). */
  list(prefix: string): AsyncIterable<BlobEntry>;
  /** For readiness checks: is the store reachable now? */
  check(): Promise<void>;
}

export interface BlobEntry {
  key: string;
  modifiedAt: Date;
}

const KEY_PATTERN = /^[a-z0-9][a-z0-9_-]*(\/[a-z0-9][a-z0-9_.-]*)+$/;

export function isBlobKey(key: string): boolean {
  return KEY_PATTERN.test(key) && !key.split('/').some((segment) => segment === '.' || segment === '..');
}

export function assertBlobKey(key: string): string {
  if (!isBlobKey(key)) throw new Error(`invalid blob key: ${JSON.stringify(key)}`);
  return key;
}

/** A prefix is a key's leading segments and a slash: `inputs/`, `results/job_1/`. */
export function assertBlobPrefix(prefix: string): string {
  if (!/^[a-z0-9][a-z0-9_-]*\/([a-z0-9][a-z0-9_.-]*\/)*$/.test(prefix) || prefix.split('/').some((part) => part === '..')) {
    throw new Error(`invalid blob prefix: ${JSON.stringify(prefix)}`);
  }
  return prefix;
}

/** Retry-After for a store that did not answer: about the time a restarted S3 endpoint or NFS mount takes. */
const STORAGE_RETRY_AFTER_SECONDS = 5;

/** The store did not answer (connection refused, timeout, 5xx, missing bucket): try again later. */
export function storageUnavailable(cause: unknown): DrapeError {
  return new DrapeError('service_unavailable', 'The image storage is not available right now; try again shortly.', {
    cause,
    retryable: true,
    headers: { 'retry-after': String(STORAGE_RETRY_AFTER_SECONDS) },
  });
}
