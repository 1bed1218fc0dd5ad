/**
 * The studio's SKU archive upload, as the document describes it: POST
 * /project/upload (file_type sku_zip, file_size) answers a key, an upload_id
 * and one presigned URL per part; the client PUTs each part to its URL and
 * keeps the ETag header; POST /project/complete_multipart_upload with
 * [{PartNumber, ETag}] assembles the archive, which is then unpacked into
 * SKUs (sku-zip.ts) and classified, all or nothing.
 *
 * With STORAGE_URL=s3://… the URLs are S3's own presigned UploadPart URLs of
 * a real multipart upload, and S3 assembles the parts. With a folder store
 * they are this server's signed part URLs (PUT /public/v1/uploads/<id>/<n>,
 * HMAC-signed like file links), the parts are stored as blobs and their ETag
 * is the MD5 of the part, as S3's is.
 */
import { createHash } from 'node:crypto';
import type { Db } from '../db/db.js';
import { studioStore, type Upload } from '../db/studio-store.js';
import { DrapeError } from '../errors.js';
import { newUuid7 } from '../ids.js';
import type { ImageLimits } from '../images/image-guard.js';
import { studioUploadPrefix } from '../storage/blob-keys.js';
import type { BlobStore } from '../storage/blob-store.js';
import type { S3BlobStore } from '../storage/s3-blob-store.js';
import type { UrlSigner } from '../storage/signed-urls.js';
import { unpackSkuArchive } from './sku-zip.js';
import type { Caller, StudioService } from './studio-service.js';

/**
 * S3's smallest part (but the last), 5 MiB. An archive gets
 * floor(file_size / PART_SIZE) parts (at least one), so that a client may cut
 * it either into that many equal parts or into 5 MiB parts with the rest in
 * the last one, and S3 takes both; a part is then at most 2 × PART_SIZE.
 */
const PART_SIZE = 5 * 1024 * 1024;
export const MAX_PART_BYTES = 2 * PART_SIZE;
/** The largest archive accepted (file_size). */
export const MAX_ARCHIVE_BYTES = 1024 * 1024 * 1024;
/** How long the part URLs stay valid. */
const PART_URL_TTL_MS = 60 * 60 * 1000;

const partKey = (upload: { programId: string; id: string }, n: number) => `${studioUploadPrefix(upload.programId, upload.id)}part-${String(n).padStart(5, '0')}`;
const archiveKey = (programId: string, id: string) => `${studioUploadPrefix(programId, id)}archive.zip`;
/** What a folder-store part URL signs: the upload and the part number. */
const partSignatureKey = (uploadId: string, n: number) => `studio-upload/${uploadId}/${n}`;
/** S3 quotes ETags; clients echo them with or without the quotes. */
const bareEtag = (etag: string) => etag.replace(/^W\//, '').replace(/"/g, '');

export interface UploadPart {
  PartNumber: number;
  ETag: string;
}

export class SkuUploads {
  constructor(
    private readonly db: Db,
    private readonly blobs: BlobStore,
    private readonly s3: S3BlobStore | undefined,
    private readonly signer: UrlSigner,
    private readonly publicUrl: string,
    private readonly studio: StudioService,
    private readonly imageLimits: ImageLimits,
  ) {}

  async start(caller: Caller, input: { projectId: string; programId?: string | undefined; fileSize: number }) {
    const project = await this.studio.project(caller, input.projectId, input.programId, 'write');
    if (input.fileSize > MAX_ARCHIVE_BYTES) {
      throw new DrapeError('archive_too_large', `file_size is ${input.fileSize} bytes; a SKU archive may have at most ${MAX_ARCHIVE_BYTES}.`, {
        field: 'file_size',
      });
    }
    const id = newUuid7();
    const key = archiveKey(project.programId, id);
    const partCount = Math.max(1, Math.floor(input.fileSize / PART_SIZE));
    let s3UploadId: string | null = null;
    let urls: string[];
    if (this.s3 !== undefined) {
      const { CreateMultipartUploadCommand, UploadPartCommand } = await import('@aws-sdk/client-s3');
      const { getSignedUrl } = await import('@aws-sdk/s3-request-presigner');
      const s3 = this.s3;
      const created = await s3.client.send(new CreateMultipartUploadCommand({ Bucket: s3.bucket, Key: s3.objectKey(key), ContentType: 'application/zip' }));
      s3UploadId = created.UploadId!;
      urls = await Promise.all(
        Array.from({ length: partCount }, (_, index) =>
          getSignedUrl(s3.client, new UploadPartCommand({ Bucket: s3.bucket, Key: s3.objectKey(key), UploadId: s3UploadId!, PartNumber: index + 1 }), {
            expiresIn: PART_URL_TTL_MS / 1000,
          }),
        ),
      );
    } else {
      urls = Array.from(
        { length: partCount },
        (_, index) => `${this.publicUrl}/public/v1/uploads/${id}/${index + 1}?${this.signer.query(partSignatureKey(id, index + 1), PART_URL_TTL_MS)}`,
      );
    }
    await studioStore.insertUpload(this.db, {
      id,
      programId: project.programId,
      projectId: project.id,
      blobKey: key,
      s3UploadId,
      fileSize: input.fileSize,
      partSize: MAX_PART_BYTES,
      partCount,
    });
    return { message: 'success', key, upload_id: id, upload_urls: urls };
  }

  /** A part PUT to a folder-store part URL; answers its ETag. */
  async putPart(uploadId: string, n: number, signature: { expires?: string | undefined; sig?: string | undefined }, bytes: Buffer): Promise<string> {
    const verdict = this.signer.verify(partSignatureKey(uploadId, n), signature.expires, signature.sig);
    if (verdict === 'expired') throw new DrapeError('url_expired', 'This part upload URL has expired; start the upload again.');
    if (verdict === 'invalid') throw new DrapeError('invalid_signature', 'This part upload URL is not valid.');
    const upload = await studioStore.upload(this.db, uploadId);
    if (upload === undefined || upload.s3UploadId !== null) throw new DrapeError('not_found', `No upload ${uploadId}.`);
    if (upload.status !== 'open') throw new DrapeError('upload_not_open', `Upload ${uploadId} is ${upload.status}; its parts can no longer change.`);
    if (n > upload.partCount) throw new DrapeError('invalid_parameter', `Upload ${uploadId} has ${upload.partCount} parts.`);
    if (bytes.length > upload.partSize) {
      throw new DrapeError('payload_too_large', `A part has at most ${upload.partSize} bytes; this one has ${bytes.length}.`);
    }
    await this.blobs.put(partKey(upload, n), bytes, 'application/octet-stream');
    return `"${createHash('md5').update(bytes).digest('hex')}"`;
  }

  async complete(caller: Caller, input: { projectId: string; programId?: string | undefined; key: string; uploadId: string; parts: UploadPart[] }) {
    const project = await this.studio.project(caller, input.projectId, input.programId, 'write');
    const upload = await studioStore.upload(this.db, input.uploadId);
    if (upload === undefined || upload.projectId !== project.id || upload.blobKey !== input.key) {
      throw new DrapeError('not_found', `No upload ${input.uploadId} with key ${input.key} in project ${project.id}.`, { field: 'upload_id' });
    }
    if (!(await studioStore.moveUpload(this.db, upload.id, 'open', 'completing'))) {
      throw new DrapeError('upload_not_open', `Upload ${upload.id} is already ${upload.status === 'open' ? 'completing' : upload.status}.`, { field: 'upload_id' });
    }
    let archive: Buffer;
    try {
      archive = await this.assemble(upload, input.parts);
    } catch (error) {
      // A wrong parts list can be corrected: the upload stays open.
      await studioStore.moveUpload(this.db, upload.id, 'completing', 'open');
      throw error;
    }
    try {
      const skus = await unpackSkuArchive(archive, this.imageLimits);
      await this.studio.addSkus(project, skus);
      await studioStore.moveUpload(this.db, upload.id, 'completing', 'completed');
    } catch (error) {
      await studioStore.moveUpload(this.db, upload.id, 'completing', 'failed', error instanceof DrapeError ? error.code : 'internal_error');
      throw error;
    } finally {
      await this.blobs.deletePrefix(studioUploadPrefix(upload.programId, upload.id)).catch(() => {});
    }
    return { message: 'success' };
  }

  /** The archive's bytes, once every part is listed once, in order, with its ETag. */
  private async assemble(upload: Upload, parts: UploadPart[]): Promise<Buffer> {
    const numbers = parts.map((part) => part.PartNumber);
    if (numbers.length !== upload.partCount || numbers.some((n, index) => n !== index + 1)) {
      throw new DrapeError(
        'upload_parts_mismatch',
        `parts must list parts 1 to ${upload.partCount} in order, each once (got ${JSON.stringify(numbers)}).`,
        { field: 'parts' },
      );
    }
    if (upload.s3UploadId !== null) return this.assembleS3(upload, parts);
    const chunks: Buffer[] = [];
    for (const part of parts) {
      const blob = await this.blobs.get(partKey(upload, part.PartNumber));
      if (blob === undefined) {
        throw new DrapeError('upload_parts_mismatch', `Part ${part.PartNumber} was never uploaded.`, { field: 'parts' });
      }
      if (createHash('md5').update(blob.bytes).digest('hex') !== bareEtag(part.ETag)) {
        throw new DrapeError('upload_parts_mismatch', `Part ${part.PartNumber}'s ETag is not the one its upload answered.`, { field: 'parts' });
      }
      chunks.push(blob.bytes);
    }
    return Buffer.concat(chunks);
  }

  private async assembleS3(upload: Upload, parts: UploadPart[]): Promise<Buffer> {
    const { CompleteMultipartUploadCommand } = await import('@aws-sdk/client-s3');
    const s3 = this.s3!;
    try {
      await s3.client.send(
        new CompleteMultipartUploadCommand({
          Bucket: s3.bucket,
          Key: s3.objectKey(upload.blobKey),
          UploadId: upload.s3UploadId!,
          MultipartUpload: { Parts: parts.map((part) => ({ PartNumber: part.PartNumber, ETag: `"${bareEtag(part.ETag)}"` })) },
        }),
      );
    } catch (error) {
      const name = (error as { name?: string }).name ?? '';
      if (['InvalidPart', 'InvalidPartOrder', 'EntityTooSmall', 'NoSuchUpload'].includes(name)) {
        throw new DrapeError('upload_parts_mismatch', `S3 refused the parts: ${name}.`, { field: 'parts', cause: error });
      }
      throw error;
    }
    const blob = await this.blobs.get(upload.blobKey);
    if (blob === undefined) throw new DrapeError('upload_parts_mismatch', 'The assembled archive is not in the bucket.', { field: 'parts' });
    return blob.bytes;
  }
}
