/**
 * The image guard and request validation of POST /v1/tryon, through the real
 * HTTP API: every stable error code with real (or deliberately broken) files
 * made here with sharp, zlib and Buffer, each response asserted whole.
 * The database plays no part in these checks, so this file runs on PGlite only.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import sharp, { type Sharp } from 'sharp';
import { LocalBlobStore } from '../../src/storage/local-blob-store.js';
import { assertError, multipart, request } from '../support/http.js';
import { dataUri, personImage, solidImage } from '../support/images.js';
import { startTestServer, type TestServer } from '../support/server.js';

/** Small limits keep every generated file tiny; the oversized one is ~360 KB. */
const MAX_UPLOAD_BYTES = 300_000;
const MAX_IMAGE_SIDE = 1024;


function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typed = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed));
  return Buffer.concat([length, typed, crc]);
}

/** A decompression bomb: an IHDR claiming width×height RGB pixels, and one tiny IDAT of a single zero row. */
function pngBomb(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.writeUInt8(8, 8); // bit depth
  ihdr.writeUInt8(2, 9); // colour type: RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', deflateSync(Buffer.alloc(1 + width * 3))),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Gaussian noise: it does not compress, so file sizes are predictable. */
function noise(width: number, height: number): Sharp {
  return sharp({
    create: { width, height, channels: 3, background: { r: 0, g: 0, b: 0 }, noise: { type: 'gaussian', mean: 128, sigma: 60 } },
  });
}

/** A real PNG, larger than the upload limit. */
async function oversizedPng(): Promise<Buffer> {
  const bytes = await noise(400, 300).png({ compressionLevel: 0 }).toBuffer();
  assert.ok(bytes.length > MAX_UPLOAD_BYTES, `the fixture is ${bytes.length} bytes`);
  return bytes;
}

describe('input guard (pglite)', () => {
  let server: TestServer;
  let person: Buffer;
  let garment: Buffer;

  before(async () => {
    server = await startTestServer('pglite', {
      MAX_UPLOAD_BYTES: String(MAX_UPLOAD_BYTES),
      MAX_IMAGE_SIDE: String(MAX_IMAGE_SIDE),
    });
    person = await personImage();
    garment = await solidImage(300, 300, { r: 0, g: 0, b: 200 });
  });
  after(async () => server.stop());

  const postJson = (json: unknown) => request(`${server.url}/v1/tryon`, { method: 'POST', json });
  const postForm = (fields: Parameters<typeof multipart>[0], query = '') =>
    request(`${server.url}/v1/tryon${query}`, { method: 'POST', body: multipart(fields) });
  const file = (bytes: Buffer, type = 'image/png') => ({ bytes, type });
  const jsonWith = (fields: Record<string, unknown>) => ({
    person_image: dataUri(person),
    garment_image: dataUri(garment, 'image/jpeg'),
    ...fields,
  });

  describe('missing_parameter', () => {
    test('JSON without person_image', async () => {
      assertError(await postJson({ garment_image: dataUri(garment) }), 'missing_parameter', 'person_image');
    });
    test('JSON without garment_image', async () => {
      assertError(await postJson({ person_image: dataUri(person) }), 'missing_parameter', 'garment_image');
    });
    test('multipart without person_image', async () => {
      assertError(await postForm([['garment_image', file(garment, 'image/jpeg')]]), 'missing_parameter', 'person_image');
    });
    test('multipart without garment_image', async () => {
      assertError(await postForm([['person_image', file(person)], ['category', 'upper']]), 'missing_parameter', 'garment_image');
    });
  });

  describe('invalid_parameter', () => {
    test('category hat (JSON and multipart)', async () => {
      assertError(await postJson(jsonWith({ category: 'hat' })), 'invalid_parameter', 'category');
      assertError(
        await postForm([['person_image', file(person)], ['garment_image', file(garment)], ['category', 'hat']]),
        'invalid_parameter',
        'category',
      );
    });
    test('output_format gif', async () => {
      assertError(await postJson(jsonWith({ output_format: 'gif' })), 'invalid_parameter', 'output_format');
    });
    test('a dress with an upper in garments', async () => {
      const body = {
        person_image: dataUri(person),
        garments: [
          { image: dataUri(garment), category: 'dress' },
          { image: dataUri(garment), category: 'upper' },
        ],
      };
      assertError(await postJson(body), 'invalid_parameter', 'garments');
    });
    test('four garments', async () => {
      const body = {
        person_image: dataUri(person),
        garments: ['upper', 'lower', 'auto', 'auto'].map((category) => ({ image: dataUri(garment), category })),
      };
      assertError(await postJson(body), 'invalid_parameter', 'garments');
    });
    test('person_image that is not a URL nor a data: URI', async () => {
      // The SSRF guard's syntax check refuses it before any network access.
      assertError(await postJson(jsonWith({ person_image: 'not-a-url' })), 'invalid_parameter', 'person_image');
    });
  });

  describe('request body', () => {
    test('malformed JSON is invalid_request_body', async () => {
      const response = await request(`${server.url}/v1/tryon`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"person_image": "data:image/png;base64,AAAA", ',
      });
      assertError(response, 'invalid_request_body');
    });
    test('a form-urlencoded body is unsupported_content_type', async () => {
      const response = await request(`${server.url}/v1/tryon`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'person_image=me.png',
      });
      assertError(response, 'unsupported_content_type');
    });
    test(
      'text/plain is unsupported_content_type',
      async () => {
        const response = await request(`${server.url}/v1/tryon`, {
          method: 'POST',
          headers: { 'content-type': 'text/plain' },
          body: 'person_image=me.png',
        });
        assertError(response, 'unsupported_content_type');
      },
    );
  });

  describe('unsupported_image_format', () => {
    test('a GIF', async () => {
      const gif = await sharp({ create: { width: 300, height: 300, channels: 3, background: { r: 9, g: 9, b: 9 } } })
        .gif()
        .toBuffer();
      assert.equal(gif.subarray(0, 6).toString('latin1'), 'GIF89a');
      assertError(
        await postForm([['person_image', file(gif, 'image/gif')], ['garment_image', file(garment)]]),
        'unsupported_image_format',
        'person_image',
      );
    });
    test('a text file declared as image/png', async () => {
      const text = Buffer.from('just some words, not an image\n'.repeat(20));
      assertError(
        await postForm([['person_image', file(text, 'image/png')], ['garment_image', file(garment)]]),
        'unsupported_image_format',
        'person_image',
      );
    });
  });

  describe('malformed_image', () => {
    test('a truncated JPEG', async () => {
      const jpeg = await noise(300, 400).jpeg().toBuffer();
      const truncated = jpeg.subarray(0, Math.floor(jpeg.length / 2));
      assertError(
        await postForm([['person_image', file(truncated, 'image/jpeg')], ['garment_image', file(garment)]]),
        'malformed_image',
        'person_image',
      );
    });
    test('a PNG signature followed by garbage', async () => {
      const garbage = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(2000, 0x5a)]);
      assertError(
        await postForm([['person_image', file(garbage)], ['garment_image', file(garment)]]),
        'malformed_image',
        'person_image',
      );
    });
  });

  describe('file_size_too_large', () => {
    test('an upload over MAX_UPLOAD_BYTES (multipart) is 413', async () => {
      const response = await postForm([['person_image', file(await oversizedPng())], ['garment_image', file(garment)]]);
      assert.equal(response.status, 413, JSON.stringify(response.body));
      assert.equal(response.body.error.code, 'file_size_too_large');
    });
    test(
      'an upload over MAX_UPLOAD_BYTES (multipart) names the field',
      async () => {
        const response = await postForm([['person_image', file(await oversizedPng())], ['garment_image', file(garment)]]);
        assertError(response, 'file_size_too_large', 'person_image');
      },
    );
    test('a data: URI over MAX_UPLOAD_BYTES (JSON)', async () => {
      assertError(await postJson(jsonWith({ person_image: dataUri(await oversizedPng()) })), 'file_size_too_large', 'person_image');
    });
  });

  describe('resolution and pixel limits', () => {
    test('100×100 is resolution_too_low', async () => {
      const small = await solidImage(100, 100, { r: 50, g: 50, b: 50 }, 'png');
      assertError(
        await postForm([['person_image', file(small)], ['garment_image', file(garment)]]),
        'resolution_too_low',
        'person_image',
      );
    });
    test('1100×300 is resolution_too_high with MAX_IMAGE_SIDE=1024', async () => {
      const wide = await solidImage(1100, 300, { r: 50, g: 50, b: 50 }, 'png');
      assertError(
        await postForm([['person_image', file(wide)], ['garment_image', file(garment)]]),
        'resolution_too_high',
        'person_image',
      );
    });
    test('a PNG bomb claiming 30000×30000 is too_many_pixels, and the server stays up', async () => {
      const bomb = pngBomb(30_000, 30_000);
      assert.ok(bomb.length < 2000, `the bomb is ${bomb.length} bytes`);
      assertError(
        await postForm([['person_image', file(bomb)], ['garment_image', file(garment)]]),
        'too_many_pixels',
        'person_image',
      );
      assertError(await postJson(jsonWith({ person_image: dataUri(bomb) })), 'too_many_pixels', 'person_image');
      const health = await request(`${server.url}/healthz`);
      assert.equal(health.status, 200);
      assert.deepEqual(health.body, { status: 'ok' });
    });
  });

  describe('garment problems name the garment', () => {
    test('multipart: the first and the second garment_image', async () => {
      const small = await solidImage(100, 100, { r: 50, g: 50, b: 50 }, 'png');
      assertError(
        await postForm([['person_image', file(person)], ['garment_image', file(small)]]),
        'resolution_too_low',
        'garment_image',
      );
      assertError(
        await postForm([
          ['person_image', file(person)],
          ['garment_image', file(garment)],
          ['category', 'upper'],
          ['garment_image', file(small)],
          ['category', 'lower'],
        ]),
        'resolution_too_low',
        'garment_image.1',
      );
    });
    test('JSON: garment_image and garments.1.image', async () => {
      const text = Buffer.from('not an image at all');
      assertError(await postJson(jsonWith({ garment_image: dataUri(text) })), 'unsupported_image_format', 'garment_image');
      const body = {
        person_image: dataUri(person),
        garments: [
          { image: dataUri(garment), category: 'upper' },
          { image: dataUri(text), category: 'lower' },
        ],
      };
      assertError(await postJson(body), 'unsupported_image_format', 'garments.1.image');
    });
  });

  test('EXIF orientation is applied and metadata stripped in the stored copy', async () => {
    // Stored 300×400 with orientation 6 (rotate 90° clockwise to display): displayed 400×300.
    const photo = await sharp({ create: { width: 300, height: 400, channels: 3, background: { r: 90, g: 120, b: 150 } } })
      .jpeg()
      .withExif({
        IFD0: { Make: 'DrapeTestCam', Model: 'X1' },
        IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '48/1 51/1 24/1', GPSLongitudeRef: 'E', GPSLongitude: '2/1 21/1 3/1' },
      })
      .withMetadata({ orientation: 6 })
      .toBuffer();
    const sent = await sharp(photo).metadata();
    assert.equal(sent.orientation, 6);
    assert.ok(photo.includes('DrapeTestCam'), 'the upload carries the Make tag');

    const response = await postForm([['person_image', file(photo, 'image/jpeg')], ['garment_image', file(garment)]], '?wait=20');
    assert.equal(response.status, 200, JSON.stringify(response.body));
    assert.equal(response.body.status, 'completed');
    assert.deepEqual(response.body.input.person, { width: 400, height: 300 });
    assert.deepEqual({ width: response.body.result.width, height: response.body.result.height }, { width: 400, height: 300 });

    const job = await server.jobs.get((await request(`${server.url}/v1/account`)).body.team.id, response.body.id);
    const stored = await new LocalBlobStore(join(server.database.dataDir, 'blobs')).get(job.input.person.key);
    assert.ok(stored !== undefined, 'the stored person image exists');
    const metadata = await sharp(stored.bytes).metadata();
    assert.deepEqual(
      { width: metadata.width, height: metadata.height, orientation: metadata.orientation, exif: metadata.exif, xmp: metadata.xmp },
      { width: 400, height: 300, orientation: undefined, exif: undefined, xmp: undefined },
    );
    assert.equal(stored.bytes.includes('DrapeTestCam'), false, 'the Make tag is gone');
  });

  test('error bodies carry no stack traces or server paths', async () => {
    const responses = [
      await postJson(jsonWith({ person_image: 'not-a-url' })),
      await request(`${server.url}/v1/tryon`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{' }),
      await postForm([['person_image', file(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]), 'image/jpeg')], ['garment_image', file(garment)]]),
      await postForm([['person_image', file(pngBomb(30_000, 30_000))], ['garment_image', file(garment)]]),
    ];
    for (const response of responses) {
      const detail = JSON.stringify(response.body);
      assert.ok(response.status >= 400 && response.status < 500, detail);
      assert.equal(detail.includes('stack'), false, detail);
      assert.equal(response.body.error.message.includes('/work/'), false, detail);
      assert.doesNotMatch(response.body.error.message, /\bat \S+ \(|node:internal|\.ts:\d+/, detail);
    }
  });
});
