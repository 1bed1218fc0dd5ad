/**
 * Where input and result images live. Local disk now; an S3 implementation
 * plugs in behind the same interface. Keys are server-made paths such as
 * `inputs/job_…/person.jpg`; `assertBlobKey` refuses anything else, so no id
 * a client sends can walk out of the store.
 */
export interface BlobStore {
  put(key: string, bytes: Buffer, contentType: string): Promise<void>;
  /** Undefined when absent. */
  get(key: string): Promise<{ bytes: Buffer; contentType: string } | undefined>;
  delete(key: string): Promise<void>;
  /** Delete every blob under a prefix such as `inputs/job_…/`. */
  deletePrefix(prefix: string): Promise<void>;
  /** For readiness checks: can we write and read now? */
  check(): Promise<void>;
}

const KEY_PATTERN = /^[a-z0-9][a-z0-9_-]*(\/[a-z0-9][a-z0-9_.-]*)+$/;

export function isBlobKey(key: string): boolean {
  return KEY_PATTERN.test(key) && !key.split('/').some((segment) => segment === '.' || segment === '..');
}

export function assertBlobKey(key: string): string {
  if (!isBlobKey(key)) throw new Error(`invalid blob key: ${JSON.stringify(key)}`);
  return key;
}

export const CONTENT_TYPES: Record<string, string> = {
  jpeg: 'image/jpeg',
  jpg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
};

export function contentTypeForKey(key: string): string {
  const extension = key.slice(key.lastIndexOf('.') + 1);
  return CONTENT_TYPES[extension] ?? 'application/octet-stream';
}
