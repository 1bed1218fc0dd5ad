/**
 * Conversions between encoded images and the engines' RawImage (interleaved
 * 8-bit sRGB). Input is expected to have passed acceptImage, which already
 * bounded its size; orientation is applied again here so a caller that skips
 * the guard still never hands an engine a sideways photo.
 */
import sharp from 'sharp';
import type { RawImage } from '../engines/engine.js';
import { DrapeError } from '../errors.js';

export type EncodedFormat = 'jpeg' | 'png' | 'webp';

const DEFAULT_JPEG_QUALITY = 95;
const DEFAULT_WEBP_QUALITY = 95;
/** JPEG has no alpha: transparent pixels become white, as on a product page. */
const JPEG_BACKGROUND = { r: 255, g: 255, b: 255 };

/** Decode to RGB, or RGBA when the image has an alpha channel. */
export async function decodeToRaw(bytes: Buffer): Promise<RawImage> {
  try {
    const input = sharp(bytes, { failOn: 'error' });
    const { hasAlpha } = await input.metadata();
    // toColourspace('srgb') turns greyscale into three channels and 16-bit into 8-bit.
    const pipeline = input.autoOrient().toColourspace('srgb');
    const { data, info } = await (hasAlpha ? pipeline.ensureAlpha() : pipeline.removeAlpha())
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
    const channels = info.channels;
    if (channels !== 3 && channels !== 4) throw new Error(`decoded to ${channels} channels`);
    return {
      width: info.width,
      height: info.height,
      channels,
      data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
    };
  } catch (error) {
    throw new DrapeError('malformed_image', 'The image could not be decoded.', { retryable: false, cause: error });
  }
}

export async function encodeRaw(
  image: RawImage,
  format: EncodedFormat,
  opts: { quality?: number } = {},
): Promise<Buffer> {
  const expected = image.width * image.height * image.channels;
  if (image.data.length !== expected) {
    // A caller bug, not a client error: internal_error keeps the details out of the response.
    throw new DrapeError(
      'internal_error',
      `RawImage data holds ${image.data.length} bytes; ${image.width}×${image.height}×${image.channels} needs ${expected}.`,
    );
  }
  const input = sharp(image.data, {
    raw: { width: image.width, height: image.height, channels: image.channels },
  });
  switch (format) {
    case 'jpeg':
      return input
        .flatten({ background: JPEG_BACKGROUND })
        .jpeg({ quality: opts.quality ?? DEFAULT_JPEG_QUALITY })
        .toBuffer();
    case 'png':
      return input.png().toBuffer();
    case 'webp':
      return input.webp({ quality: opts.quality ?? DEFAULT_WEBP_QUALITY }).toBuffer();
  }
}
