/**
 * Format sniffing from magic bytes. A client's declared content type is never
 * trusted: the bytes decide which decoder may see them, so SVG, PDF, HEIC and
 * the other formats libvips can parse never reach it.
 */

export type ImageFormat = 'jpeg' | 'png' | 'webp' | 'bmp';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** BITMAPCOREHEADER, BITMAPINFOHEADER and its V2–V5 successors, in bytes. */
const BMP_DIB_HEADER_SIZES = new Set([12, 40, 52, 56, 64, 108, 124]);

/** The byte offset of the first chunk after 'RIFF' <size> 'WEBP'. */
const WEBP_FIRST_CHUNK_OFFSET = 12;
/** A chunk header: fourcc + little-endian payload size. */
const RIFF_CHUNK_HEADER_BYTES = 8;
/** ANMF payload: x, y, width, height (3 bytes each), duration (3), flags (1). */
const ANMF_FRAME_HEADER_BYTES = 16;

/** The format the bytes start with, or undefined for anything else. */
export function sniffImageFormat(bytes: Buffer): ImageFormat | undefined {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  if (bytes.length >= PNG_SIGNATURE.length && bytes.subarray(0, PNG_SIGNATURE.length).equals(PNG_SIGNATURE)) {
    return 'png';
  }
  if (
    bytes.length >= WEBP_FIRST_CHUNK_OFFSET &&
    bytes.toString('latin1', 0, 4) === 'RIFF' &&
    bytes.toString('latin1', 8, 12) === 'WEBP'
  ) {
    return 'webp';
  }
  // 'BM' alone would match text files; the DIB header size narrows it down.
  if (bytes.length >= 18 && bytes[0] === 0x42 && bytes[1] === 0x4d && BMP_DIB_HEADER_SIZES.has(bytes.readUInt32LE(14))) {
    return 'bmp';
  }
  return undefined;
}

/**
 * Whether a WebP holds a lossless (VP8L) bitstream, so that re-encoding can
 * stay lossless instead of adding a generation of lossy artefacts. Walks the
 * RIFF chunks (and the first animation frame) up to the first bitstream chunk.
 */
export function isLosslessWebp(bytes: Buffer): boolean {
  return firstBitstreamChunk(bytes, WEBP_FIRST_CHUNK_OFFSET, bytes.length) === 'VP8L';
}

function firstBitstreamChunk(bytes: Buffer, start: number, end: number): string | undefined {
  let offset = start;
  while (offset + RIFF_CHUNK_HEADER_BYTES <= end) {
    const fourcc = bytes.toString('latin1', offset, offset + 4);
    const size = bytes.readUInt32LE(offset + 4);
    const payload = offset + RIFF_CHUNK_HEADER_BYTES;
    if (fourcc === 'VP8 ' || fourcc === 'VP8L') return fourcc;
    if (fourcc === 'ANMF') {
      return firstBitstreamChunk(bytes, payload + ANMF_FRAME_HEADER_BYTES, Math.min(end, payload + size));
    }
    // Chunks are padded to an even size.
    offset = payload + size + (size % 2);
  }
  return undefined;
}
