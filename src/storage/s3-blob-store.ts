import {
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadBucketCommand,
  PutObjectCommand,
  S3Client,
  paginateListObjectsV2,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { assertBlobKey, assertBlobPrefix, storageUnavailable, type BlobEntry, type BlobStore } from './blob-store.js';

export interface S3Location {
  bucket: string;
  /** Prepended to every key: '' or ending in '/'. */
  prefix: string;
  /** MinIO, Ceph, R2, …; absent: AWS. */
  endpoint?: string | undefined;
  region: string;
  forcePathStyle: boolean;
  /** Absent: the SDK's default chain (environment, shared files, instance role). */
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string | undefined } | undefined;
}

/**
 * A connect that takes longer than this is a dead endpoint: a healthy S3
 * connects in milliseconds, and a submission should fail fast (503) rather
 * than hold the client.
 */
const CONNECT_TIMEOUT_MS = 3_000;
/** A 25 MB image to a slow S3-compatible store takes a few seconds; a request silent for this long is stuck. */
const REQUEST_TIMEOUT_MS = 30_000;
/** DeleteObjects takes at most 1000 keys per request. */
const DELETE_BATCH = 1_000;

/**
 * Blobs as objects in an S3 bucket (STORAGE_URL=s3://bucket/prefix), through
 * the AWS SDK. Also presigns GET links for RESULT_LINKS=presigned. The client
 * is public so that other layers (multipart uploads) use the same one.
 */
export class S3BlobStore implements BlobStore {
  readonly kind = 's3' as const;
  readonly client: S3Client;

  constructor(readonly location: S3Location) {
    this.client = new S3Client({
      region: location.region,
      forcePathStyle: location.forcePathStyle,
      ...(location.endpoint === undefined ? {} : { endpoint: location.endpoint }),
      ...(location.credentials === undefined ? {} : { credentials: location.credentials }),
      requestHandler: { connectionTimeout: CONNECT_TIMEOUT_MS, requestTimeout: REQUEST_TIMEOUT_MS },
    });
  }

  get bucket(): string {
    return this.location.bucket;
  }

  /** The object key of a blob key. */
  objectKey(key: string): string {
    return this.location.prefix + assertBlobKey(key);
  }

  async put(key: string, bytes: Buffer, contentType: string): Promise<void> {
    const command = new PutObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key), Body: bytes, ContentType: contentType });
    await this.client.send(command).catch((error: unknown) => {
      throw storageUnavailable(error);
    });
  }

  async get(key: string): Promise<{ bytes: Buffer; contentType: string } | undefined> {
    try {
      const object = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key) }));
      const bytes = Buffer.from(await object.Body!.transformToByteArray());
      return { bytes, contentType: object.ContentType ?? 'application/octet-stream' };
    } catch (error) {
      if ((error as { name?: string }).name === 'NoSuchKey') return undefined;
      throw storageUnavailable(error);
    }
  }

  async delete(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key) })).catch((error: unknown) => {
      throw storageUnavailable(error);
    });
  }

  async deletePrefix(prefix: string): Promise<void> {
    assertBlobPrefix(prefix);
    let batch: string[] = [];
    const flush = async () => {
      if (batch.length === 0) return;
      const objects = batch.map((Key) => ({ Key }));
      batch = [];
      await this.client.send(new DeleteObjectsCommand({ Bucket: this.bucket, Delete: { Objects: objects, Quiet: true } }));
    };
    try {
      for await (const page of this.pages(prefix)) {
        for (const object of page) {
          batch.push(object.Key);
          if (batch.length === DELETE_BATCH) await flush();
        }
      }
      await flush();
    } catch (error) {
      throw storageUnavailable(error);
    }
  }

  async *list(prefix: string): AsyncIterable<BlobEntry> {
    assertBlobPrefix(prefix);
    try {
      for await (const page of this.pages(prefix)) {
        for (const object of page) {
          yield { key: object.Key.slice(this.location.prefix.length), modifiedAt: object.LastModified };
        }
      }
    } catch (error) {
      throw storageUnavailable(error);
    }
  }

  private async *pages(prefix: string): AsyncIterable<{ Key: string; LastModified: Date }[]> {
    const pages = paginateListObjectsV2(
      { client: this.client },
      { Bucket: this.bucket, Prefix: this.location.prefix + prefix },
    );
    for await (const page of pages) {
      yield (page.Contents ?? []).flatMap((object) =>
        object.Key === undefined ? [] : [{ Key: object.Key, LastModified: object.LastModified ?? new Date(0) }],
      );
    }
  }

  /** HEAD on the bucket: reachable, credentials accepted, bucket exists. */
  async check(): Promise<void> {
    try {
      await this.client.send(new HeadBucketCommand({ Bucket: this.bucket }));
    } catch (error) {
      const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
      throw new Error(status === 404 ? `bucket ${this.bucket} does not exist` : `S3 unreachable: ${(error as Error).name}`);
    }
  }

  /** A presigned GET of the blob, valid for `ttlMs` (SigV4 allows at most 7 days). */
  async presignedGet(key: string, ttlMs: number): Promise<string> {
    const command = new GetObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key) });
    return getSignedUrl(this.client, command, { expiresIn: Math.max(1, Math.floor(ttlMs / 1000)) });
  }

  close(): void {
    this.client.destroy();
  }
}
