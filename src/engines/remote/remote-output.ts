import sharp, { type Metadata } from 'sharp';
import { DrapeError } from '../../errors.js';
import type { EncodedImage, OutputFormat } from '../engine-task.js';
import type { SafeFetcher } from '../../net/safe-fetch.js';

/** A generous bound for a result image: 8k × 8k. Checked from the header before any decoding. */
const MAX_RESULT_PIXELS = 8192 * 8192;
/** Result downloads: a 4k PNG is ~30 MB. */
const MAX_RESULT_BYTES = 64 * 1024 * 1024;

/**
 * A service's result image in the job's output format: kept as it came when
 * the format already matches, converted otherwise (the only decode of a
 * remote job, and only of its output).
 */
export async function toOutput(bytes: Buffer, output: { format: OutputFormat; quality: number }, service: string): Promise<EncodedImage> {
  let metadata: Metadata;
  try {
    metadata = await sharp(bytes, { limitInputPixels: MAX_RESULT_PIXELS }).metadata();
  } catch (error) {
    throw new DrapeError('engine_failed', `${service} returned a result that is not an image.`, { retryable: true, cause: error });
  }
  const width = metadata.width ?? 0;
  const height = metadata.height ?? 0;
  if (metadata.format === output.format) return { bytes, format: output.format, width, height };
  const image = sharp(bytes, { limitInputPixels: MAX_RESULT_PIXELS });
  const encoded =
    output.format === 'png'
      ? await image.png().toBuffer()
      : output.format === 'webp'
        ? await image.webp({ quality: output.quality }).toBuffer()
        : await image.flatten({ background: '#ffffff' }).jpeg({ quality: output.quality }).toBuffer();
  return { bytes: encoded, format: output.format, width, height };
}

/**
 * The bytes behind a result reference: a data: URI, or a URL on the
 * service's storage, fetched through the SSRF guard (the address comes from
 * a third party's answer).
 */
export async function resultBytes(reference: string, fetcher: SafeFetcher, service: string, signal: AbortSignal): Promise<Buffer> {
  const data = /^data:[^,]*;base64,/.exec(reference);
  if (data !== null) return Buffer.from(reference.slice(data[0].length), 'base64');
  try {
    return (await fetcher.fetchBytes(reference, { maxBytes: MAX_RESULT_BYTES, field: `${service} result`, signal })).bytes;
  } catch (error) {
    throw new DrapeError('engine_failed', `${service}'s result could not be downloaded.`, { retryable: true, cause: error });
  }
}
