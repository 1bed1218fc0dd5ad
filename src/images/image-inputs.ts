import { DrapeError } from '../errors.js';
import { acceptImage, type AcceptedImage, type ImageLimits } from './image-guard.js';
import type { SafeFetcher } from '../net/safe-fetch.js';

/** An image as a client gave it: uploaded bytes, or a string (URL or data: URI). */
export type ImageSource = { field: string; bytes: Buffer } | { field: string; reference: string };

export interface AcceptOptions {
  /** This input's own limits (a dialect's documented sizes), within the server's. */
  limits?: Partial<ImageLimits> | undefined;
  /**
   * Told the size of each image fetched from a URL, before it is decoded:
   * the caller charges it to a memory budget (and throws to refuse it).
   * Uploads and data: URIs arrived in the request body, charged already.
   */
  onFetched?: ((bytes: number) => void) | undefined;
  /** Abandons the fetches still running (another input already failed). */
  signal?: AbortSignal | undefined;
}

const DATA_URI = /^data:([a-z]+\/[a-z0-9.+-]+)?(;[a-z-]+=[^;,]+)*;base64,/i;

/**
 * The one way images enter the server: uploads, data: URIs and URLs (through
 * the SSRF guard) all end in the same image guard.
 */
export class ImageInputs {
  constructor(
    private readonly fetcher: SafeFetcher,
    private readonly limits: ImageLimits,
  ) {}

  async accept(source: ImageSource, options: AcceptOptions = {}): Promise<AcceptedImage> {
    const effective = { ...this.limits, ...options.limits };
    return acceptImage(await this.bytesOf(source, effective.maxBytes, options), effective, source.field);
  }

  async acceptAll(sources: ImageSource[], options: AcceptOptions = {}): Promise<AcceptedImage[]> {
    return Promise.all(sources.map((source) => this.accept(source, options)));
  }

  private async bytesOf(source: ImageSource, maxBytes: number, options: AcceptOptions): Promise<Buffer> {
    if ('bytes' in source) return source.bytes;
    const reference = source.reference.trim();
    const match = DATA_URI.exec(reference);
    if (match !== null) {
      const payload = reference.slice(match[0].length);
      // Base64 is 4/3 of the bytes: refuse before decoding a huge string.
      if (payload.length * 0.75 > maxBytes + 3) {
        throw new DrapeError('file_size_too_large', `${source.field}: the image is larger than the limit.`, { field: source.field });
      }
      if (!/^[A-Za-z0-9+/=\s_-]*$/.test(payload)) {
        throw new DrapeError('invalid_parameter', `${source.field}: the data: URI is not valid base64.`, { field: source.field });
      }
      return Buffer.from(payload, 'base64');
    }
    if (reference.length === 0) {
      throw new DrapeError('missing_parameter', `${source.field} is empty.`, { field: source.field });
    }
    const fetched = await this.fetcher.fetchBytes(reference, {
      maxBytes,
      field: source.field,
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    });
    options.onFetched?.(fetched.bytes.length);
    return fetched.bytes;
  }
}
