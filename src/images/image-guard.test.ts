import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import zlib from 'node:zlib';
import sharp, { type Sharp } from 'sharp';
import { rejection } from '../../test/support/rejection.js';
import { acceptImage, type ImageLimits } from './image-guard.js';
import { isLosslessWebp } from './image-sniff.js';

const LIMITS: ImageLimits = { maxBytes: 5_000_000, minSide: 128, maxSide: 4096, maxPixels: 16_000_000 };
const FIELD = 'person_image';

/** Noise, so that truncating the encoded file cuts into the pixel data and not just the header. */
function noise(width: number, height: number): Sharp {
  return sharp(randomBytes(width * height * 3), { raw: { width, height, channels: 3 } });
}

function solid(width: number, height: number, channels: 3 | 4 = 3): Sharp {
  const background = channels === 4 ? { r: 0, g: 120, b: 255, alpha: 0.5 } : { r: 0, g: 120, b: 255 };
  return sharp({ create: { width, height, channels, background } });
}


function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typed = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlib.crc32(typed) >>> 0);
  return Buffer.concat([length, typed, crc]);
}

/** A valid-looking PNG whose IHDR claims the given size, followed by an IDAT of the given bytes. */
function handBuiltPng(width: number, height: number, idat: Buffer): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // colour type: truecolour
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', idat),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

describe('acceptImage: accepted images', () => {
  for (const format of ['jpeg', 'png', 'webp'] as const) {
    it(`accepts a ${format} and reports its size`, async () => {
      const input = await solid(320, 240).toFormat(format).toBuffer();
      const accepted = await acceptImage(input, LIMITS, FIELD);
      assert.deepEqual({ format: accepted.format, width: accepted.width, height: accepted.height }, {
        format,
        width: 320,
        height: 240,
      });
      const meta = await sharp(accepted.bytes).metadata();
      assert.deepEqual({ format: meta.format, width: meta.width, height: meta.height }, {
        format,
        width: 320,
        height: 240,
      });
    });
  }

  it('applies EXIF orientation 6: sides swapped, pixels turned, no EXIF left', async () => {
    // 200×100 blue with a red 20×20 block in the stored top-left corner.
    const width = 200;
    const height = 100;
    const raw = Buffer.alloc(width * height * 3);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const red = x < 20 && y < 20;
        raw.set(red ? [255, 0, 0] : [0, 0, 255], (y * width + x) * 3);
      }
    }
    const input = await sharp(raw, { raw: { width, height, channels: 3 } })
      .jpeg({ quality: 95 })
      .withMetadata({ orientation: 6 })
      .toBuffer();
    assert.equal((await sharp(input).metadata()).orientation, 6);

    const accepted = await acceptImage(input, { ...LIMITS, minSide: 50 }, FIELD);
    assert.deepEqual([accepted.width, accepted.height], [100, 200]);

    const meta = await sharp(accepted.bytes).metadata();
    assert.deepEqual({ exif: meta.exif, orientation: meta.orientation, width: meta.width, height: meta.height }, {
      exif: undefined,
      orientation: undefined,
      width: 100,
      height: 200,
    });
    // Orientation 6 means "turn 90° clockwise to display": stored top-left becomes displayed top-right.
    const { data } = await sharp(accepted.bytes).raw().toBuffer({ resolveWithObject: true });
    const pixel = (x: number, y: number): number[] => [...data.subarray((y * 100 + x) * 3, (y * 100 + x) * 3 + 3)];
    const [r1, g1, b1] = pixel(95, 5) as [number, number, number];
    assert.ok(r1 > 200 && g1 < 60 && b1 < 60, `top-right should be red, got ${[r1, g1, b1]}`);
    const [r2, , b2] = pixel(5, 5) as [number, number, number];
    assert.ok(r2 < 60 && b2 > 200, `top-left should be blue, got ${[r2, b2]}`);
  });

  it('strips EXIF, GPS, XMP and ICC metadata', async () => {
    const input = await solid(256, 256)
      .jpeg()
      .withExif({
        IFD0: { Copyright: 'someone', Make: 'PhoneCo' },
        IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '48/1 51/1 2400/100' },
      })
      .withXmp('<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/></x:xmpmeta>')
      .withIccProfile('p3')
      .toBuffer();
    const before = await sharp(input).metadata();
    assert.ok(before.exif && before.exif.includes(Buffer.from('PhoneCo')), 'the fixture carries EXIF');
    assert.ok(before.xmp && before.icc, 'the fixture carries XMP and ICC');

    const accepted = await acceptImage(input, LIMITS, FIELD);
    const after = await sharp(accepted.bytes).metadata();
    assert.deepEqual({ exif: after.exif, xmp: after.xmp, icc: after.icc, iptc: after.iptc }, {
      exif: undefined,
      xmp: undefined,
      icc: undefined,
      iptc: undefined,
    });
    assert.equal(accepted.bytes.includes(Buffer.from('PhoneCo')), false);
  });

  it('keeps a lossless WebP lossless and a lossy one lossy', async () => {
    const lossless = await acceptImage(await solid(200, 200, 4).webp({ lossless: true }).toBuffer(), LIMITS, FIELD);
    assert.equal(isLosslessWebp(lossless.bytes), true);
    const lossy = await acceptImage(await solid(200, 200).webp({ quality: 80 }).toBuffer(), LIMITS, FIELD);
    assert.equal(isLosslessWebp(lossy.bytes), false);
  });

  it('keeps the alpha channel of a PNG', async () => {
    const accepted = await acceptImage(await solid(200, 200, 4).png().toBuffer(), LIMITS, FIELD);
    assert.equal((await sharp(accepted.bytes).metadata()).hasAlpha, true);
  });
});

describe('acceptImage: refused images', () => {
  it('refuses GIF, TIFF, SVG, PDF and text by their bytes', async () => {
    const gif = await solid(200, 200).gif().toBuffer();
    const tiff = await solid(200, 200).tiff().toBuffer();
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="200" height="200"/>');
    const pdf = Buffer.from('%PDF-1.4\n%âãÏÓ\n1 0 obj\n<<>>\nendobj\n');
    const text = Buffer.from('hello, this is not an image at all\n');
    for (const input of [gif, tiff, svg, pdf, text]) {
      assert.deepEqual(await rejection(acceptImage(input, LIMITS, FIELD)), {
        code: 'unsupported_image_format',
        field: FIELD,
      });
    }
  });

  it('refuses a format outside limits.formats', async () => {
    const webp = await solid(200, 200).webp().toBuffer();
    const limits: ImageLimits = { ...LIMITS, formats: ['jpeg', 'png'] };
    assert.deepEqual(await rejection(acceptImage(webp, limits, 'garment_image')), {
      code: 'unsupported_image_format',
      field: 'garment_image',
    });
  });

  it('refuses a truncated JPEG as malformed', async () => {
    const jpeg = await noise(256, 256).jpeg({ quality: 90 }).toBuffer();
    const truncated = jpeg.subarray(0, Math.floor(jpeg.length * 0.7));
    assert.deepEqual(await rejection(acceptImage(truncated, LIMITS, FIELD)), { code: 'malformed_image', field: FIELD });
  });

  it('refuses a truncated PNG as malformed', async () => {
    const png = await noise(256, 256).png().toBuffer();
    const truncated = png.subarray(0, Math.floor(png.length * 0.7));
    assert.deepEqual(await rejection(acceptImage(truncated, LIMITS, FIELD)), { code: 'malformed_image', field: FIELD });
  });

  it('refuses random bytes behind a PNG signature as malformed', async () => {
    const input = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(4096)]);
    assert.deepEqual(await rejection(acceptImage(input, LIMITS, FIELD)), { code: 'malformed_image', field: FIELD });
  });

  it('refuses an empty input as malformed', async () => {
    assert.deepEqual(await rejection(acceptImage(Buffer.alloc(0), LIMITS, FIELD)), { code: 'malformed_image', field: FIELD });
  });

  it('refuses a file over maxBytes before looking at it', async () => {
    const input = await noise(256, 256).png().toBuffer();
    const limits: ImageLimits = { ...LIMITS, maxBytes: input.length - 1 };
    assert.deepEqual(await rejection(acceptImage(input, limits, FIELD)), { code: 'file_size_too_large', field: FIELD });
    // Exactly maxBytes is allowed.
    await acceptImage(input, { ...LIMITS, maxBytes: input.length }, FIELD);
  });

  it('refuses 100×100 as too low', async () => {
    const input = await solid(100, 100).png().toBuffer();
    assert.deepEqual(await rejection(acceptImage(input, LIMITS, FIELD)), { code: 'resolution_too_low', field: FIELD });
  });

  it('refuses 5000×300 as too high with maxSide 4096', async () => {
    const input = await solid(5000, 300).png().toBuffer();
    assert.deepEqual(await rejection(acceptImage(input, LIMITS, FIELD)), { code: 'resolution_too_high', field: FIELD });
  });

  it('refuses a 30000×30000 PNG bomb from its header without decoding it', async () => {
    // The IDAT is not even valid zlib: had the decoder run, this would be malformed_image.
    const bomb = handBuiltPng(30_000, 30_000, randomBytes(64));
    assert.ok(bomb.length < 200);
    assert.deepEqual(await rejection(acceptImage(bomb, LIMITS, FIELD)), { code: 'too_many_pixels', field: FIELD });
  });

  it('refuses a compressed-to-nothing bomb (valid zlib of zeros) as too many pixels', async () => {
    // 100 zero rows of a 20000-wide truecolour image deflate to ~6 KB: the shape of a real bomb, kept small.
    const rows = zlib.deflateSync(Buffer.alloc((20_000 * 3 + 1) * 100));
    const bomb = handBuiltPng(20_000, 20_000, rows);
    assert.deepEqual(await rejection(acceptImage(bomb, LIMITS, FIELD)), { code: 'too_many_pixels', field: FIELD });
  });
});
