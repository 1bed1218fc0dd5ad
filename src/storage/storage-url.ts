import { isAbsolute, join, resolve } from 'node:path';

export type StorageLocation = { kind: 'folder'; root: string } | { kind: 's3'; bucket: string; prefix: string };

/** S3's own rule for bucket names (3–63 characters, lower case, digits, dots and hyphens). */
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/**
 * STORAGE_URL: unset for DATA_DIR/blobs, a folder path (or file:// URL), or
 * s3://bucket/optional/prefix. Returns a problem message for a bad value.
 */
export function parseStorageUrl(value: string | undefined, dataDir: string): StorageLocation | string {
  if (value === undefined) return { kind: 'folder', root: join(dataDir, 'blobs') };
  if (value.startsWith('s3://')) {
    const [bucket = '', ...rest] = value.slice('s3://'.length).split('/');
    if (!BUCKET.test(bucket)) return `not an S3 bucket name: "${bucket}"`;
    const prefix = rest.filter((part) => part.length > 0).join('/');
    if (prefix.split('/').some((part) => part === '.' || part === '..')) return 'the prefix may not contain . or .. segments';
    return { kind: 's3', bucket, prefix: prefix === '' ? '' : `${prefix}/` };
  }
  if (value.startsWith('file://')) return { kind: 'folder', root: new URL(value).pathname };
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) return 'use a folder path or s3://bucket/prefix';
  return { kind: 'folder', root: isAbsolute(value) ? value : resolve(value) };
}
