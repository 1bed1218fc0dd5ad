import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import sharp from 'sharp';
import type { RawImage } from '../engines/engine.js';
import { isDrapeError } from '../errors.js';
import { decodeToRaw, encodeRaw } from './raw-codec.js';

describe('decodeToRaw', () => {
  it('decodes an opaque JPEG to 3 channels', async () => {
    const jpeg = await sharp({ create: { width: 8, height: 6, channels: 3, background: '#ff0000' } }).jpeg().toBuffer();
    const raw = await decodeToRaw(jpeg);
    assert.deepEqual({ width: raw.width, height: raw.height, channels: raw.channels, bytes: raw.data.length }, {
      width: 8,
      height: 6,
      channels: 3,
      bytes: 8 * 6 * 3,
    });
    assert.ok(raw.data[0]! > 240 && raw.data[1]! < 20);
  });

  it('decodes a PNG with alpha to 4 channels', async () => {
    const png = await sharp({ create: { width: 4, height: 4, channels: 4, background: { r: 0, g: 0, b: 255, alpha: 0 } } })
      .png()
      .toBuffer();
    const raw = await decodeToRaw(png);
    assert.deepEqual([raw.channels, raw.data[3]], [4, 0]);
  });

  it('expands greyscale with alpha to RGBA', async () => {
    const grey = await sharp({ create: { width: 4, height: 4, channels: 4, background: { r: 90, g: 90, b: 90, alpha: 0.5 } } })
      .toColourspace('b-w')
      .png()
      .toBuffer();
    assert.equal((await sharp(grey).metadata()).channels, 2);
    const raw = await decodeToRaw(grey);
    assert.deepEqual([raw.channels, raw.data.length], [4, 4 * 4 * 4]);
  });

  it('refuses garbage as malformed_image', async () => {
    await assert.rejects(decodeToRaw(Buffer.from('not an image')), (error: unknown) => {
      assert.ok(isDrapeError(error));
      assert.equal(error.code, 'malformed_image');
      return true;
    });
  });
});

describe('encodeRaw', () => {
  const transparent: RawImage = { width: 2, height: 2, channels: 4, data: new Uint8Array(2 * 2 * 4) };

  it('flattens alpha onto white for JPEG', async () => {
    const jpeg = await encodeRaw(transparent, 'jpeg');
    const { data, info } = await sharp(jpeg).raw().toBuffer({ resolveWithObject: true });
    assert.equal(info.channels, 3);
    assert.ok([...data].every((v) => v > 245), `expected white, got ${[...data]}`);
  });

  it('keeps alpha for PNG and WebP', async () => {
    for (const format of ['png', 'webp'] as const) {
      const meta = await sharp(await encodeRaw(transparent, format)).metadata();
      assert.deepEqual({ format: meta.format, hasAlpha: meta.hasAlpha }, { format, hasAlpha: true });
    }
  });

  it('round-trips RGB pixels through PNG exactly', async () => {
    const image: RawImage = { width: 3, height: 1, channels: 3, data: Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9]) };
    const back = await decodeToRaw(await encodeRaw(image, 'png'));
    assert.deepEqual([...back.data], [...image.data]);
  });

  it('refuses data of the wrong length', async () => {
    const bad: RawImage = { width: 2, height: 2, channels: 3, data: new Uint8Array(5) };
    await assert.rejects(encodeRaw(bad, 'png'), (error: unknown) => isDrapeError(error) && error.code === 'internal_error');
  });
});
