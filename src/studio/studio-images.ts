import { DrapeError } from '../errors.js';
import type { AcceptedImage } from '../images/image-guard.js';
import type { ImageInputs } from '../images/image-inputs.js';

/**
 * An image field of the studio document ("Base64 image or HTTP URL"): an
 * http(s) URL is fetched through the SSRF guard, a data: URI or bare base64
 * is decoded; every one ends in the image guard (ImageInputs).
 */
export async function acceptStudioImage(images: ImageInputs, field: string, value: string, maxBytes: number): Promise<AcceptedImage> {
  const text = value.trim();
  if (text === '') throw new DrapeError('missing_parameter', `${field} is empty.`, { field });
  if (/^(https?:|data:)/i.test(text)) return images.accept({ field, reference: text });
  // Base64 is 4/3 of the bytes: refuse before decoding a huge string.
  if (text.length * 0.75 > maxBytes + 3) {
    throw new DrapeError('file_size_too_large', `${field} is larger than ${maxBytes} bytes.`, { field });
  }
  if (!/^[A-Za-z0-9+/=\s_-]*$/.test(text)) {
    throw new DrapeError('invalid_parameter', `${field} is neither an http(s) URL nor base64.`, { field });
  }
  return images.accept({ field, bytes: Buffer.from(text, 'base64') });
}
