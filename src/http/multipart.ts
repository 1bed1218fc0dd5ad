import { createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { DrapeError } from '../errors.js';

export interface UploadedFile {
  bytes: Buffer;
  filename: string | undefined;
  mimetype: string;
}

export interface MultipartForm {
  fields: Map<string, string[]>;
  files: Map<string, UploadedFile[]>;
  /** Every part in arrival order, for fields whose files and strings pair by position. */
  parts: { name: string; value: string | UploadedFile }[];
  /** SHA-256 over every part in order: the body's identity for Idempotency-Key. */
  fingerprint: string;
}

/**
 * Read a whole multipart/form-data body into memory (images are bounded by
 * the upload limit, enforced by @fastify/multipart while streaming). Fields
 * keep their order and repetitions: `garment_image` may appear up to three
 * times, paired by order with `category`.
 */
export async function readMultipart(request: FastifyRequest): Promise<MultipartForm> {
  const fields = new Map<string, string[]>();
  const files = new Map<string, UploadedFile[]>();
  const parts: MultipartForm['parts'] = [];
  const hash = createHash('sha256');
  for await (const part of request.parts()) {
    hash.update(`${part.fieldname}\0${part.type}\0`);
    if (part.type === 'file') {
      let bytes: Buffer;
      try {
        bytes = await part.toBuffer();
      } catch (error) {
        if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') {
          throw new DrapeError('file_size_too_large', `${part.fieldname}: the file is larger than the limit.`, {
            field: part.fieldname,
          });
        }
        throw error;
      }
      hash.update(createHash('sha256').update(bytes).digest());
      const file = { bytes, filename: part.filename, mimetype: part.mimetype };
      const list = files.get(part.fieldname) ?? [];
      list.push(file);
      files.set(part.fieldname, list);
      parts.push({ name: part.fieldname, value: file });
    } else {
      const value = typeof part.value === 'string' ? part.value : String(part.value);
      hash.update(value);
      const list = fields.get(part.fieldname) ?? [];
      list.push(value);
      fields.set(part.fieldname, list);
      parts.push({ name: part.fieldname, value });
    }
    hash.update('\0');
  }
  return { fields, files, parts, fingerprint: hash.digest('hex') };
}

/** SHA-256 of a JSON body as received. */
export function fingerprintJson(body: unknown): string {
  return createHash('sha256').update(JSON.stringify(body ?? null)).digest('hex');
}
