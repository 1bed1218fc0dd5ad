import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import sharp from 'sharp';
import { rejection } from '../../test/support/rejection.js';
import { decodeBmp, readBmpHeader, type DecodedBmp } from './bmp-decode.js';
import { acceptImage, type ImageLimits } from './image-guard.js';

type Rgba = [number, number, number, number];

interface BmpSpec {
  width: number;
  height: number;
  bits: 1 | 4 | 8 | 16 | 24 | 32;
  pixel: (x: number, y: number) => Rgba;
  topDown?: boolean;
  /** 12 (OS/2 core), 40 (INFO) or 124 (V5). */
  headerBytes?: 12 | 40 | 124;
  /** Colours of a ≤ 8-bit image; each pixel's colour must be one of them. */
  palette?: [number, number, number][];
  /** 32-bit only: BI_BITFIELDS with an alpha mask, alpha stored in the top byte. */
  alpha?: boolean;
  compression?: number;
  /** Bytes between the palette and the pixel rows (an ICC profile, say). */
  gap?: number;
}

/** A BMP written by hand, byte by byte from the spec, so the decoder is not checked against itself. */
function bmpFile(spec: BmpSpec): Buffer {
  const headerBytes = spec.headerBytes ?? 40;
  const core = headerBytes === 12;
  const palette = spec.palette ?? [];
  const entryBytes = core ? 3 : 4;
  const rowBytes = Math.ceil((spec.bits * spec.width) / 32) * 4;
  const offset = 14 + headerBytes + palette.length * entryBytes + (spec.gap ?? 0);
  const file = Buffer.alloc(offset + rowBytes * spec.height);
  file.write('BM', 0, 'latin1');
  file.writeUInt32LE(file.length, 2);
  file.writeUInt32LE(offset, 10);
  file.writeUInt32LE(headerBytes, 14);
  const height = spec.topDown ? -spec.height : spec.height;
  if (core) {
    file.writeUInt16LE(spec.width, 18);
    file.writeInt16LE(height, 20);
    file.writeUInt16LE(1, 22);
    file.writeUInt16LE(spec.bits, 24);
  } else {
    file.writeInt32LE(spec.width, 18);
    file.writeInt32LE(height, 22);
    file.writeUInt16LE(1, 26);
    file.writeUInt16LE(spec.bits, 28);
    file.writeUInt32LE(spec.compression ?? (spec.alpha ? 3 : 0), 30);
    file.writeUInt32LE(palette.length, 46);
    if (headerBytes === 124) {
      // A V5 header carries masks even when uncompressed; writers often leave them zero.
      const masks = spec.alpha ? [0x00ff0000, 0x0000ff00, 0x000000ff, 0xff000000] : [0, 0, 0, 0];
      masks.forEach((mask, i) => file.writeUInt32LE(mask >>> 0, 54 + i * 4));
    }
  }
  palette.forEach(([r, g, b], i) => file.set([b, g, r], 14 + headerBytes + i * entryBytes));
  const indexOf = (x: number, y: number) => {
    const [r, g, b] = spec.pixel(x, y);
    const index = palette.findIndex(([pr, pg, pb]) => pr === r && pg === g && pb === b);
    assert.ok(index >= 0, 'pixel colour not in the palette');
    return index;
  };
  for (let row = 0; row < spec.height; row++) {
    const y = spec.topDown ? row : spec.height - 1 - row;
    const start = offset + row * rowBytes;
    for (let x = 0; x < spec.width; x++) {
      const [r, g, b, a] = spec.pixel(x, y);
      switch (spec.bits) {
        case 1:
          file[start + (x >> 3)]! |= indexOf(x, y) << (7 - (x % 8));
          break;
        case 4:
          file[start + (x >> 1)]! |= indexOf(x, y) << (x % 2 === 0 ? 4 : 0);
          break;
        case 8:
          file[start + x] = indexOf(x, y);
          break;
        case 16:
          file.writeUInt16LE(((r >> 3) << 10) | ((g >> 3) << 5) | (b >> 3), start + x * 2);
          break;
        case 24:
          file.set([b, g, r], start + x * 3);
          break;
        case 32:
          // Uncompressed 32-bit leaves the top byte unused: junk there must not become alpha.
          file.set([b, g, r, spec.alpha ? a : 0x5a], start + x * 4);
          break;
      }
    }
  }
  return file;
}

const RED: Rgba = [255, 0, 0, 255];
const GREEN: Rgba = [0, 255, 0, 255];
const BLUE: Rgba = [0, 0, 255, 255];
const WHITE: Rgba = [255, 255, 255, 255];
const BLACK: Rgba = [0, 0, 0, 255];

/** Quadrants: red top-left, green top-right, blue bottom-left, white bottom-right. */
const quadrants = (width: number, height: number) => (x: number, y: number): Rgba =>
  y < height / 2 ? (x < width / 2 ? RED : GREEN) : x < width / 2 ? BLUE : WHITE;

function decoded(file: Buffer): DecodedBmp {
  const verdict = readBmpHeader(file);
  assert.ok(verdict.ok, JSON.stringify(verdict));
  return decodeBmp(file, verdict.header);
}

/** Every pixel of the decoded image equals the spec's, in RGB (and alpha when decoded with alpha). */
function assertPixels(image: DecodedBmp, spec: BmpSpec): void {
  assert.deepEqual([image.width, image.height], [spec.width, spec.height]);
  for (let y = 0; y < spec.height; y++) {
    for (let x = 0; x < spec.width; x++) {
      const at = (y * spec.width + x) * image.channels;
      const expected = spec.pixel(x, y).slice(0, image.channels);
      assert.deepEqual([...image.data.subarray(at, at + image.channels)], expected, `pixel ${x},${y}`);
    }
  }
}

describe('BMP decoding', () => {
  const [width, height] = [7, 6];
  const colours: [number, number, number][] = [
    [255, 0, 0],
    [0, 255, 0],
    [0, 0, 255],
    [255, 255, 255],
  ];

  it('reads a 24-bit bottom-up BMP with row padding', () => {
    const spec: BmpSpec = { width, height, bits: 24, pixel: quadrants(width, height) };
    const image = decoded(bmpFile(spec));
    assert.equal(image.channels, 3);
    assertPixels(image, spec);
  });

  it('reads a 24-bit top-down BMP (negative height) the right way up', () => {
    const spec: BmpSpec = { width, height, bits: 24, pixel: quadrants(width, height), topDown: true };
    const verdict = readBmpHeader(bmpFile(spec));
    assert.ok(verdict.ok && verdict.header.topDown && verdict.header.height === height);
    assertPixels(decoded(bmpFile(spec)), spec);
  });

  it('reads a 32-bit uncompressed BMP as opaque RGB, ignoring the unused top byte', () => {
    const spec: BmpSpec = { width, height, bits: 32, pixel: quadrants(width, height) };
    const image = decoded(bmpFile(spec));
    assert.equal(image.channels, 3);
    assertPixels(image, spec);
  });

  it('ignores the zero masks a V5 header carries for uncompressed 32-bit data', () => {
    const spec: BmpSpec = { width, height, bits: 32, pixel: quadrants(width, height), headerBytes: 124 };
    assertPixels(decoded(bmpFile(spec)), spec);
  });

  it('keeps the alpha of a 32-bit BMP with an alpha mask', () => {
    const spec: BmpSpec = {
      width,
      height,
      bits: 32,
      headerBytes: 124,
      alpha: true,
      pixel: (x, y) => (x < width / 2 ? [255, 0, 0, 255] : [0, 0, 255, y * 40]),
    };
    const image = decoded(bmpFile(spec));
    assert.equal(image.channels, 4);
    assertPixels(image, spec);
  });

  it('reads an 8-bit palette BMP with a partial palette', () => {
    const spec: BmpSpec = { width, height, bits: 8, pixel: quadrants(width, height), palette: colours };
    assertPixels(decoded(bmpFile(spec)), spec);
  });

  it('reads an 8-bit top-down palette BMP', () => {
    const spec: BmpSpec = { width, height, bits: 8, pixel: quadrants(width, height), palette: colours, topDown: true };
    assertPixels(decoded(bmpFile(spec)), spec);
  });

  it('reads every row of an odd-width 4-bit BMP', () => {
    const spec: BmpSpec = { width, height, bits: 4, pixel: quadrants(width, height), palette: colours };
    assertPixels(decoded(bmpFile(spec)), spec);
  });

  it('reads a 1-bit BMP', () => {
    const spec: BmpSpec = {
      width: 11,
      height: 3,
      bits: 1,
      pixel: (x, y) => ((x + y) % 2 === 0 ? BLACK : WHITE),
      palette: [
        [0, 0, 0],
        [255, 255, 255],
      ],
    };
    assertPixels(decoded(bmpFile(spec)), spec);
  });

  it('reads a 16-bit 5-5-5 BMP', () => {
    // 5-bit channels widen to multiples of 8: 0 and 248.
    const spec: BmpSpec = { width, height, bits: 16, pixel: (x) => (x < 3 ? [248, 0, 0, 255] : [0, 248, 248, 255]) };
    assertPixels(decoded(bmpFile(spec)), spec);
  });

  it('reads an OS/2 core-header BMP with its 3-byte palette', () => {
    const spec: BmpSpec = { width, height, bits: 8, pixel: quadrants(width, height), palette: colours, headerBytes: 12 };
    assertPixels(decoded(bmpFile(spec)), spec);
  });

  it('starts the pixel rows at the offset the file gives, past a gap', () => {
    const spec: BmpSpec = { width, height, bits: 24, pixel: quadrants(width, height), headerBytes: 124, gap: 100 };
    assertPixels(decoded(bmpFile(spec)), spec);
  });

  it('refuses RLE compression as unsupported and a palette beyond the file as malformed', () => {
    const rle = bmpFile({ width, height, bits: 8, pixel: quadrants(width, height), palette: colours, compression: 1 });
    assert.deepEqual(readBmpHeader(rle), {
      ok: false,
      code: 'unsupported_image_format',
      reason: 'RLE8-compressed BMP is not supported; send an uncompressed one',
    });
    const cut = bmpFile({ width, height, bits: 8, pixel: quadrants(width, height), palette: colours }).subarray(0, 60);
    const verdict = readBmpHeader(cut);
    assert.equal(verdict.ok ? 'ok' : verdict.code, 'malformed_image');
  });

  it('throws on pixel rows cut short', () => {
    const file = bmpFile({ width, height, bits: 24, pixel: quadrants(width, height) });
    const verdict = readBmpHeader(file.subarray(0, file.length - 10));
    assert.ok(verdict.ok);
    assert.throws(() => decodeBmp(file.subarray(0, file.length - 10), verdict.header), /truncated/);
  });
});

describe('acceptImage: BMP', () => {
  const LIMITS: ImageLimits = { maxBytes: 5_000_000, minSide: 128, maxSide: 4096, maxPixels: 16_000_000 };
  const FIELD = 'person_image';


  it('accepts a BMP and stores it as a lossless PNG with the same pixels', async () => {
    const spec: BmpSpec = { width: 200, height: 150, bits: 24, pixel: quadrants(200, 150), topDown: true };
    const accepted = await acceptImage(bmpFile(spec), LIMITS, FIELD);
    assert.deepEqual({ format: accepted.format, width: accepted.width, height: accepted.height }, {
      format: 'png',
      width: 200,
      height: 150,
    });
    const { data, info } = await sharp(accepted.bytes).raw().toBuffer({ resolveWithObject: true });
    assert.equal(info.channels, 3);
    assertPixels({ width: info.width, height: info.height, channels: 3, data }, spec);
  });

  it('keeps the alpha channel of a 32-bit BMP with alpha', async () => {
    const spec: BmpSpec = { width: 200, height: 150, bits: 32, headerBytes: 124, alpha: true, pixel: () => [0, 0, 255, 128] };
    const accepted = await acceptImage(bmpFile(spec), LIMITS, FIELD);
    const meta = await sharp(accepted.bytes).metadata();
    assert.deepEqual([meta.format, meta.hasAlpha], ['png', true]);
  });

  /** A header claiming a size, with no pixel rows behind it: decoding it would fail as truncated. */
  function bareHeader(width: number, height: number): Buffer {
    const file = bmpFile({ width: 1, height: 1, bits: 24, pixel: () => BLACK });
    file.writeInt32LE(width, 18);
    file.writeInt32LE(height, 22);
    return file;
  }

  it('refuses a BMP bomb from its header, before any decoding', async () => {
    // Decoding would answer malformed_image (no pixel rows): too_many_pixels shows the header was judged first.
    assert.deepEqual(await rejection(acceptImage(bareHeader(30_000, -30_000), LIMITS, FIELD)), {
      code: 'too_many_pixels',
      field: FIELD,
    });
    assert.deepEqual(await rejection(acceptImage(bareHeader(5000, 300), LIMITS, FIELD)), {
      code: 'resolution_too_high',
      field: FIELD,
    });
    assert.deepEqual(await rejection(acceptImage(bareHeader(100, 100), LIMITS, FIELD)), {
      code: 'resolution_too_low',
      field: FIELD,
    });
  });

  it('refuses a truncated BMP as malformed', async () => {
    const file = bmpFile({ width: 200, height: 200, bits: 24, pixel: quadrants(200, 200) });
    assert.deepEqual(await rejection(acceptImage(file.subarray(0, Math.floor(file.length * 0.7)), LIMITS, FIELD)), {
      code: 'malformed_image',
      field: FIELD,
    });
  });

  it('refuses an RLE BMP as unsupported, and any BMP where limits.formats leaves it out', async () => {
    const rle = bmpFile({ width: 200, height: 200, bits: 8, pixel: () => BLACK, palette: [[0, 0, 0]], compression: 1 });
    assert.deepEqual(await rejection(acceptImage(rle, LIMITS, FIELD)), { code: 'unsupported_image_format', field: FIELD });
    const plain = bmpFile({ width: 200, height: 200, bits: 24, pixel: () => BLACK });
    assert.deepEqual(await rejection(acceptImage(plain, { ...LIMITS, formats: ['jpeg', 'png'] }, FIELD)), {
      code: 'unsupported_image_format',
      field: FIELD,
    });
  });
});
