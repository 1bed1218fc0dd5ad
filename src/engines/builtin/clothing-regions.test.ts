import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createMask, type Mask, type RgbImage } from '../../vision/image.js';
import type { Palette } from '../../vision/palette.js';
import { claimWaistband, WAISTBAND } from './clothing-regions.js';

const W = 20, H = 40;
const ORANGE = [240, 170, 10], BLACK = [28, 24, 30], SKIN = [200, 150, 120];

/**
 * A 20×40 person: an orange top on rows 0–9, a black skirt's band on rows
 * 10–17 (unparsed) and the skirt on rows 18–39 (parsed lower); column 15 has
 * skin (a midriff) on rows 10–13 between the top and the band.
 */
function scene(): { small: RgbImage; upper: Mask; lower: Mask; skin: Mask } {
  const data = new Uint8Array(W * H * 3);
  const upper = createMask(W, H), lower = createMask(W, H), skin = createMask(W, H);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const i = y * W + x;
      const midriff = x === 15 && y >= 10 && y < 14;
      const c = y < 10 ? ORANGE : midriff ? SKIN : BLACK;
      data.set(c, i * 3);
      if (y < 10) upper.data[i] = 1;
      if (y >= 18) lower.data[i] = 1;
      if (midriff) skin.data[i] = 1;
    }
  }
  return { small: { width: W, height: H, channels: 3, data }, upper, lower, skin };
}

const palette = (rgb: number[]): Palette => ({ centres: Float32Array.from(rgb), weights: [1] });

test('the band above the parsed skirt becomes the lower garment, up to the top and not into skin', () => {
  const { small, upper, lower, skin } = scene();
  const input = { small, matte: createMask(W, H, 1), skin, armCore: createMask(W, H), upper, lower };
  const out = claimWaistband(input, palette(BLACK), palette(ORANGE), 12);
  const at = (x: number, y: number) => out.data[y * W + x]!;
  assert.equal(at(5, 10), 1, 'the band up to the top hem (8 rows above the skirt)');
  assert.equal(at(5, 9), 0, 'not the top');
  assert.equal(at(15, 14), 1, 'the band below the midriff');
  assert.equal(at(15, 13), 0, 'not the midriff skin');
  assert.equal(lower.data[10 * W + 5], 0, 'the input mask is left as it was');
});

test('the band reaches at most maxRows above the skirt, and not at all when it is the top colour', () => {
  const { small, upper, lower, skin } = scene();
  const input = { small, matte: createMask(W, H, 1), skin, armCore: createMask(W, H), upper, lower };
  const short = claimWaistband(input, palette(BLACK), palette(ORANGE), 3);
  assert.equal(short.data[15 * W + 5], 1, '3 rows above (row 15)');
  assert.equal(short.data[14 * W + 5], 0, 'not the 4th (row 14)');
  // a black top over a black skirt: the band is the top's colour, so it stays unclaimed
  const none = claimWaistband(input, palette(BLACK), palette(BLACK), 12);
  assert.equal(none.data[17 * W + 5], 0);
  assert.ok(WAISTBAND.nearD2 < WAISTBAND.topD2, 'the band must be nearer the bottom than the top threshold');
});
