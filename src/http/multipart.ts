import { createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { DrapeError, isDrapeError } from '../errors.js';

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
  try {
    return await readParts(request);
  } catch (error) {
    throw malformed(error);
  }
}

/** The limits' own errors, which the error handler names (too many parts, files, fields). */
const LIMIT_ERRORS = new Set(['FST_PARTS_LIMIT', 'FST_FILES_LIMIT', 'FST_FIELDS_LIMIT', 'FST_REQ_FILE_TOO_LARGE']);

/**
 * What the multipart parser throws on a body it cannot read (no boundary, a
 * cut-off or malformed part: plain Errors from busboy) is the client's
 * mistake, not a fault: the fuzz run found them answered 500.
 */
function malformed(error: unknown): unknown {
  if (isDrapeError(error) || LIMIT_ERRORS.has((error as { code?: string }).code ?? '')) return error;
  return new DrapeError('invalid_request_body', 'The multipart/form-data body is malformed or cut off.', { cause: error });
}

async function readParts(request: FastifyRequest): Promise<MultipartForm> {
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
