/**
 * The one gate for image bytes entering Drape, uploaded or fetched. Cheap
 * checks run first (size, magic bytes, header dimensions) so that hostile
 * input — a decompression bomb, an SVG, a PDF — is refused before any pixel
 * is decoded. What passes is re-encoded: orientation applied, all metadata
 * (EXIF, GPS, XMP, ICC) gone, colours in sRGB.
 */
import sharp, { type Metadata } from 'sharp';
import { DrapeError, type ErrorCode } from '../errors.js';
import { decodeBmp, readBmpHeader } from './bmp-decode.js';
import { isLosslessWebp, sniffImageFormat, type ImageFormat } from './image-sniff.js';

export type { ImageFormat } from './image-sniff.js';

export interface ImageLimits {
  maxBytes: number;
  minSide: number;
  maxSide: number;
  maxPixels: number;
  /** Formats this input accepts; absent: all that Drape decodes. */
  formats?: readonly ImageFormat[];
}

export interface AcceptedImage {
  bytes: Buffer;
  format: 'jpeg' | 'png' | 'webp';
  /** Size after EXIF orientation was applied. */
  width: number;
  height: number;
}

/** High enough that a re-encode adds no visible loss before the engine sees the photo. */
const JPEG_QUALITY = 95;
const WEBP_QUALITY = 95;

/**
 * 'error' makes libvips fail on truncated data and decoder errors, while it
 * tolerates libjpeg warnings (e.g. extraneous bytes before a marker) that
 * many phone cameras produce; 'warning' would refuse those real photos.
 */
const FAIL_ON = 'error' as const;

const ACCEPTED_FORMATS: readonly ImageFormat[] = ['jpeg', 'png', 'webp', 'bmp'];
const FORMAT_NAMES: Record<ImageFormat, string> = { jpeg: 'JPEG', png: 'PNG', webp: 'WebP', bmp: 'BMP' };

/** EXIF orientations 5–8 include a 90° turn: the displayed width is the stored height. */
const FIRST_TRANSPOSING_ORIENTATION = 5;

export async function acceptImage(input: Buffer, limits: ImageLimits, field: string): Promise<AcceptedImage> {
  const fail = (code: ErrorCode, message: string, cause?: unknown): DrapeError =>
    new DrapeError(code, message, { field, retryable: false, cause });

  if (input.length > limits.maxBytes) {
    throw fail('file_size_too_large', `${field} is ${input.length} bytes; at most ${limits.maxBytes} bytes are accepted.`);
  }
  if (input.length === 0) throw fail('malformed_image', `${field} is empty.`);

  const format = sniffImageFormat(input);
  const allowed = limits.formats ?? ACCEPTED_FORMATS;
  if (format === undefined || !allowed.includes(format)) {
    const names = new Intl.ListFormat('en', { type: 'disjunction' }).format(allowed.map((f) => FORMAT_NAMES[f]));
    throw fail('unsupported_image_format', `${field} must be a ${names} image.`);
  }
  if (format === 'bmp') return acceptBmp(input, limits, field);

  const header = await readHeader(input, format, field);
  checkDimensions(header, limits, field);

  try {
    const pipeline = sharp(input, {
      failOn: FAIL_ON,
      // Second line of defence should the header read above ever disagree with the decoder.
      limitInputPixels: limits.maxPixels,
      sequentialRead: true,
    }).autoOrient();
    // Without keepMetadata/withMetadata sharp strips every metadata block and
    // converts an embedded ICC profile to sRGB.
    const encoded =
      format === 'jpeg'
        ? pipeline.jpeg({ quality: JPEG_QUALITY })
        : format === 'png'
          ? pipeline.png()
          : isLosslessWebp(input)
            ? pipeline.webp({ lossless: true })
            : pipeline.webp({ quality: WEBP_QUALITY });
    const { data, info } = await encoded.toBuffer({ resolveWithObject: true });
    return { bytes: data, format, width: info.width, height: info.height };
  } catch (error) {
    throw fail('malformed_image', `${field} could not be decoded: the ${format.toUpperCase()} data is truncated or corrupt.`, error);
  }
}

/**
 * BMP: header and limits first, then decoded by bmp-decode.ts (sharp has no
 * BMP loader) and stored as a lossless PNG, so everything after the guard
 * sees one of the formats sharp reads. The decode is synchronous JavaScript
 * on the request's thread: 390 ms for the largest BMP a 25 MB upload can
 * hold (8.3 Mpx), about 80 ms at the AILabTools dialect's 5 MB.
 */
async function acceptBmp(input: Buffer, limits: ImageLimits, field: string): Promise<AcceptedImage> {
  const verdict = readBmpHeader(input);
  if (!verdict.ok) throw new DrapeError(verdict.code, `${field}: ${verdict.reason}.`, { field, retryable: false });
  const { width, height } = verdict.header;
  // BMP has no orientation tag: stored and displayed sizes are the same.
  checkDimensions({ width, height, orientedWidth: width, orientedHeight: height }, limits, field);
  try {
    const decoded = decodeBmp(input, verdict.header);
    const raw = { width: decoded.width, height: decoded.height, channels: decoded.channels };
    const { data, info } = await sharp(decoded.data, { raw }).png().toBuffer({ resolveWithObject: true });
    return { bytes: data, format: 'png', width: info.width, height: info.height };
  } catch (error) {
    throw new DrapeError('malformed_image', `${field} could not be decoded: the BMP data is truncated or corrupt.`, {
      field,
      retryable: false,
      cause: error,
    });
  }
}

interface HeaderFacts {
  /** Stored size, before orientation. */
  width: number;
  height: number;
  /** Displayed size, after orientation. */
  orientedWidth: number;
  orientedHeight: number;
}

/** Dimensions and orientation from the header only; libvips loads lazily, so no pixel is decoded here. */
async function readHeader(input: Buffer, format: 'jpeg' | 'png' | 'webp', field: string): Promise<HeaderFacts> {
  let metadata: Metadata;
  try {
    // No pixel limit here: the caller compares the size against its own limit
    // and answers too_many_pixels rather than a generic decoder error.
    metadata = await sharp(input, { failOn: FAIL_ON, limitInputPixels: false }).metadata();
  } catch (error) {
    throw new DrapeError('malformed_image', `${field} has a corrupt ${format.toUpperCase()} header.`, {
      field,
      retryable: false,
      cause: error,
    });
  }
  const { width, height } = metadata;
  if (metadata.format !== format || !width || !height) {
    throw new DrapeError('malformed_image', `${field} has a corrupt ${format.toUpperCase()} header.`, {
      field,
      retryable: false,
    });
  }
  const transposed = (metadata.orientation ?? 1) >= FIRST_TRANSPOSING_ORIENTATION;
  return {
    width,
    height,
    orientedWidth: transposed ? height : width,
    orientedHeight: transposed ? width : height,
  };
}

function checkDimensions(header: HeaderFacts, limits: ImageLimits, field: string): void {
  const { orientedWidth: width, orientedHeight: height } = header;
  const size = `${width}×${height} pixels`;
  if (header.width * header.height > limits.maxPixels) {
    throw new DrapeError('too_many_pixels', `${field} is ${size}; at most ${limits.maxPixels} pixels are accepted.`, {
      field,
      retryable: false,
    });
  }
  if (Math.max(width, height) > limits.maxSide) {
    throw new DrapeError(
      'resolution_too_high',
      `${field} is ${size}; each side may be at most ${limits.maxSide} pixels.`,
      { field, retryable: false },
    );
  }
  if (Math.min(width, height) < limits.minSide) {
    throw new DrapeError(
      'resolution_too_low',
      `${field} is ${size}; each side must be at least ${limits.minSide} pixels.`,
      { field, retryable: false },
    );
  }
}
