/**
 * BMP input. The libvips bundled with sharp has no BMP loader, so BMP is read
 * here in two steps: the header alone first (so the image guard checks the
 * dimensions before a pixel is decoded), then the pixels by bmp-ts.
 *
 * bmp-ts reads pixel rows right after the palette (it ignores the file's
 * pixel-data offset), trusts the colour masks of a V4/V5 header even for
 * uncompressed data, and stops after the first row of an odd-width 4-bit
 * image. So the decoder is never given the client's bytes: it gets a
 * canonical copy — one header layout, a full palette, masks per the spec,
 * pixel rows right behind — built from the facts read and checked here.
 */
import { decode } from 'bmp-ts';

export type BmpVerdict =
  | { ok: true; header: BmpHeader }
  | { ok: false; code: 'malformed_image' | 'unsupported_image_format'; reason: string };

export interface BmpHeader {
  width: number;
  /** Always positive; `topDown` says which way the rows run. */
  height: number;
  topDown: boolean;
  bitsPerPixel: 1 | 4 | 8 | 16 | 24 | 32;
  /** Colour masks, used for 16- and 32-bit pixels; alpha 0: no alpha channel. */
  masks: { red: number; green: number; blue: number; alpha: number };
  /** Palette entries as B, G, R, 0 quads, padded to 2^bitsPerPixel (≤ 8 bits), else empty. */
  palette: Buffer;
  /** Where the pixel rows start, and how many bytes each row takes. */
  pixelOffset: number;
  rowBytes: number;
}

export interface DecodedBmp {
  width: number;
  height: number;
  channels: 3 | 4;
  data: Buffer;
}

const FILE_HEADER_BYTES = 14;
/** OS/2 1.x BITMAPCOREHEADER: 16-bit sizes, 3-byte palette entries. */
const CORE_HEADER_BYTES = 12;
const INFO_HEADER_BYTES = 40;
/** OS/2 2.x: the INFO layout plus OS/2 fields; its compression numbers differ, so only uncompressed is read. */
const OS2_V2_HEADER_BYTES = 64;
/** BITMAPV3INFOHEADER: INFO plus the four colour masks; what the canonical copy uses. */
const CANONICAL_HEADER_BYTES = 56;

const BI_RGB = 0;
const BI_BITFIELDS = 3;
const BI_ALPHA_BITFIELDS = 6;
const COMPRESSION_NAMES: Record<number, string> = { 1: 'RLE8', 2: 'RLE4', 4: 'JPEG', 5: 'PNG' };

const BIT_DEPTHS = [1, 4, 8, 16, 24, 32] as const;
/** What uncompressed 16- and 32-bit pixels mean per the BMP spec (5-5-5 and 8-8-8, no alpha). */
const DEFAULT_MASKS: Record<16 | 32, BmpHeader['masks']> = {
  16: { red: 0x7c00, green: 0x03e0, blue: 0x001f, alpha: 0 },
  32: { red: 0x00ff0000, green: 0x0000ff00, blue: 0x000000ff, alpha: 0 },
};

/** Read and check a BMP's headers and palette; no pixel is touched. */
export function readBmpHeader(bytes: Buffer): BmpVerdict {
  const malformed = (reason: string): BmpVerdict => ({ ok: false, code: 'malformed_image', reason });
  const unsupported = (reason: string): BmpVerdict => ({ ok: false, code: 'unsupported_image_format', reason });
  if (bytes.length < FILE_HEADER_BYTES + CORE_HEADER_BYTES) return malformed('the BMP header is truncated');
  const pixelOffset = bytes.readUInt32LE(10);
  const dibBytes = bytes.readUInt32LE(14);
  if (bytes.length < FILE_HEADER_BYTES + dibBytes) return malformed('the BMP header is truncated');

  const core = dibBytes === CORE_HEADER_BYTES;
  if (!core && dibBytes < INFO_HEADER_BYTES) return unsupported(`a BMP header of ${dibBytes} bytes is not supported`);
  const width = core ? bytes.readUInt16LE(18) : bytes.readInt32LE(18);
  const signedHeight = core ? bytes.readInt16LE(20) : bytes.readInt32LE(22);
  const bits = core ? bytes.readUInt16LE(24) : bytes.readUInt16LE(28);
  const compression = core ? BI_RGB : bytes.readUInt32LE(30);
  const coloursUsed = core ? 0 : bytes.readUInt32LE(46);

  if (width <= 0 || signedHeight === 0 || signedHeight === -0x80000000) return malformed('the BMP size is invalid');
  const bitsPerPixel = BIT_DEPTHS.find((depth) => depth === bits);
  if (bitsPerPixel === undefined) return unsupported(`${bits}-bit BMP is not supported`);
  const bitfields = compression === BI_BITFIELDS || compression === BI_ALPHA_BITFIELDS;
  if (compression !== BI_RGB && !(bitfields && (bitsPerPixel === 16 || bitsPerPixel === 32) && dibBytes !== OS2_V2_HEADER_BYTES)) {
    const name = COMPRESSION_NAMES[compression] ?? `type ${compression}`;
    return unsupported(`${name}-compressed BMP is not supported; send an uncompressed one`);
  }

  // Masks live inside a V2+ header, or right behind a 40-byte one.
  let cursor = FILE_HEADER_BYTES + dibBytes;
  let masks = bitsPerPixel === 16 || bitsPerPixel === 32 ? DEFAULT_MASKS[bitsPerPixel] : DEFAULT_MASKS[32];
  if (bitfields) {
    const inHeader = dibBytes > INFO_HEADER_BYTES;
    const at = inHeader ? FILE_HEADER_BYTES + INFO_HEADER_BYTES : cursor;
    const withAlpha = compression === BI_ALPHA_BITFIELDS || dibBytes >= CANONICAL_HEADER_BYTES;
    const maskBytes = withAlpha ? 16 : 12;
    if (bytes.length < at + maskBytes) return malformed('the BMP colour masks are truncated');
    masks = {
      red: bytes.readUInt32LE(at),
      green: bytes.readUInt32LE(at + 4),
      blue: bytes.readUInt32LE(at + 8),
      alpha: withAlpha ? bytes.readUInt32LE(at + 12) : 0,
    };
    if (masks.red === 0 || masks.green === 0 || masks.blue === 0) return malformed('the BMP colour masks are empty');
    if (!inHeader) cursor += maskBytes;
  }

  const entryBytes = core ? 3 : 4;
  const fullPalette = bitsPerPixel <= 8 ? 2 ** bitsPerPixel : 0;
  // A core header has no count of colours used: its palette fills the space up to the pixel rows.
  const entries = core
    ? Math.min(fullPalette, Math.max(0, Math.floor((pixelOffset - cursor) / entryBytes)))
    : bitsPerPixel <= 8
      ? coloursUsed === 0
        ? fullPalette
        : coloursUsed
      : 0;
  if (entries > fullPalette) return malformed('the BMP palette is larger than its bit depth allows');
  const paletteEnd = cursor + entries * entryBytes;
  if (paletteEnd > bytes.length) return malformed('the BMP palette is truncated');
  if (pixelOffset < paletteEnd) return malformed('the BMP pixel data offset points into its headers');
  const palette = Buffer.alloc(fullPalette * 4);
  for (let i = 0; i < entries; i++) {
    bytes.copy(palette, i * 4, cursor + i * entryBytes, cursor + i * entryBytes + 3);
  }

  const height = Math.abs(signedHeight);
  const rowBytes = Math.ceil((bitsPerPixel * width) / 32) * 4;
  return {
    ok: true,
    header: { width, height, topDown: signedHeight < 0, bitsPerPixel, masks, palette, pixelOffset, rowBytes },
  };
}

/**
 * Decode BMP bytes whose header was read (and whose size the caller
 * accepted) to interleaved RGB, or RGBA when the image has an alpha channel.
 * Throws on truncated pixel data.
 */
export function decodeBmp(bytes: Buffer, header: BmpHeader): DecodedBmp {
  if (header.pixelOffset + header.rowBytes * header.height > bytes.length) throw new Error('the BMP pixel data is truncated');
  // bmp-ts stops after the first row of an odd-width 4-bit image; one pixel
  // wider, the rows have the very same bytes. The extra column is dropped below.
  const decodedWidth = header.bitsPerPixel === 4 && header.width % 2 === 1 ? header.width + 1 : header.width;
  const pixels = bytes.subarray(header.pixelOffset, header.pixelOffset + header.rowBytes * header.height);
  const dib = Buffer.alloc(CANONICAL_HEADER_BYTES);
  dib.writeUInt32LE(CANONICAL_HEADER_BYTES, 0);
  dib.writeInt32LE(decodedWidth, 4);
  dib.writeInt32LE(header.topDown ? -header.height : header.height, 8);
  dib.writeUInt16LE(1, 12);
  dib.writeUInt16LE(header.bitsPerPixel, 14);
  dib.writeUInt32LE(BI_BITFIELDS, 16);
  dib.writeUInt32LE(header.palette.length / 4, 32);
  dib.writeUInt32LE(header.masks.red, 40);
  dib.writeUInt32LE(header.masks.green, 44);
  dib.writeUInt32LE(header.masks.blue, 48);
  dib.writeUInt32LE(header.masks.alpha, 52);
  const file = Buffer.alloc(FILE_HEADER_BYTES);
  file.write('BM', 0, 'latin1');
  const offset = FILE_HEADER_BYTES + CANONICAL_HEADER_BYTES + header.palette.length;
  file.writeUInt32LE(offset + pixels.length, 2);
  file.writeUInt32LE(offset, 10);

  // Without toRGBA, every bit depth comes out as A, B, G, R (with toRGBA the palette paths mix orders up).
  const abgr = decode(Buffer.concat([file, dib, header.palette, pixels])).data;
  // A writer that sets an alpha mask but leaves every alpha at 0 means "no alpha" (browsers read it so too).
  let alpha = false;
  if (header.masks.alpha !== 0 && (header.bitsPerPixel === 16 || header.bitsPerPixel === 32)) {
    for (let i = 0; i < abgr.length && !alpha; i += 4) alpha = abgr[i] !== 0;
  }
  const channels = alpha ? 4 : 3;
  const data = Buffer.alloc(header.width * header.height * channels);
  for (let y = 0; y < header.height; y++) {
    for (let x = 0; x < header.width; x++) {
      const from = (y * decodedWidth + x) * 4;
      const to = (y * header.width + x) * channels;
      data[to] = abgr[from + 3]!;
      data[to + 1] = abgr[from + 2]!;
      data[to + 2] = abgr[from + 1]!;
      if (alpha) data[to + 3] = abgr[from]!;
    }
  }
  return { width: header.width, height: header.height, channels, data };
}
