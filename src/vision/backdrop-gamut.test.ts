import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RgbImage } from './image.js';
import { backdropDistance2, estimateBackdropGamut, gamutMatte, readBackdropGamut } from './backdrop-gamut.js';
import { estimateBorderBackground, matteShape, productMatte, readBackground } from './garment-matte.js';
import { maskArea, onMask } from './mask-ops.js';

const W = 120, H = 160;
/** Wall level of 8 px block (bx, by): 110, 130, 150 or 170, each block's right neighbour one step darker (170 after 110), its lower one a step lighter. */
const wallLevel = (x: number, y: number) => 110 + 20 * ((Math.floor(x / 8) * 3 + Math.floor(y / 8) * 5) % 4);
/** A tee: body x 30–89, y 30–139, sleeves x 15–104, y 30–59 (area 60 × 110 + 30 × 30 = 7500 px). */
const inTee = (x: number, y: number) => (x >= 30 && x < 90 && y >= 30 && y < 140) || (x >= 15 && x < 105 && y >= 30 && y < 60);
/** The tee's cast shadow on the wall, right of its body below the sleeve: the wall at 0.7 of its level. */
const inShadow = (x: number, y: number) => x >= 90 && x < 100 && y >= 62 && y < 146;
/** A white logo box with a black mark in the top-left corner, crossing the 1 px border band (13 + 9 of its 556 px: 4 %). */
const logo = (x: number, y: number) => (x < 13 && y < 10 ? (x >= 3 && x < 10 && y >= 3 && y < 7 ? 20 : 250) : -1);

/** A white tee on a textured grey wall, with its cast shadow and a corner logo. */
function teeOnWall(): RgbImage {
  const data = new Uint8Array(W * H * 3);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const v = logo(x, y) >= 0 ? logo(x, y) : inTee(x, y) ? 244 + ((x + y) % 2) : inShadow(x, y) ? Math.round(wallLevel(x, y) * 0.7) : wallLevel(x, y);
      data.fill(v, (y * W + x) * 3, (y * W + x) * 3 + 3);
    }
  }
  return { width: W, height: H, channels: 3, data };
}

test('backdropDistance2: a backdrop colour or its shadow down to minShade is near, a lighter or tinted colour far', () => {
  const palette = { centres: Float32Array.from([150, 150, 150]), weights: [1] };
  assert.equal(backdropDistance2(palette, 150, 150, 150), 0);
  // 105 = 0.7 × 150: the wall in shadow
  assert.equal(backdropDistance2(palette, 105, 105, 105), 0);
  // 60 = 0.4 × 150, below minShade 0.6: nearest is 90 (0.6 × 150), 30 per channel away → 3 × 900
  assert.equal(backdropDistance2(palette, 60, 60, 60), 2700);
  // white is never a shadow: 100 per channel from 150 → 3 × 10 000
  assert.equal(backdropDistance2(palette, 250, 250, 250), 30000);
  // unshaded (minShade 1) the shadow is 45 per channel away
  assert.equal(backdropDistance2(palette, 105, 105, 105, 1), 3 * 45 * 45);
});

test('the border gamut holds the wall\'s tones, not the corner logo, and its tolerance is the least when the wall is exactly its tones', () => {
  const gamut = estimateBackdropGamut(teeOnWall());
  assert.ok(gamut);
  const colours = Array.from({ length: gamut.palette.weights.length }, (_, c) => Math.round(gamut.palette.centres[c * 3]!));
  for (const level of [110, 130, 150, 170]) assert.ok(colours.includes(level), `${level} in ${colours}`);
  assert.ok(colours.every((c) => c >= 110 && c <= 170), `no logo colour in ${colours}`);
  // every band pixel but the logo's 4 % is exactly a tone: the 95th percentile distance is 0, so minTolerance
  assert.equal(gamut.tolerance, 6);
  const reads = readBackdropGamut(teeOnWall(), gamut, new Uint8Array(W * H));
  const at = (x: number, y: number) => reads.coloured[y * W + x];
  assert.equal(at(0, 100), 1, 'the wall');
  assert.equal(at(95, 100), 1, 'the shadow');
  assert.equal(at(60, 100), 0, 'the tee');
  assert.equal(at(1, 1), 0, 'the logo');
});

test('a white tee on a textured wall: the gamut fill cuts out the tee without its cast shadow or the logo', () => {
  const img = teeOnWall();
  const bg = estimateBorderBackground(img);
  const gamut = estimateBackdropGamut(img)!;
  const matte = gamutMatte(img, bg, gamut, readBackground(img, bg).edges);
  const area = maskArea(matte);
  // the tee is 7500 px; the matte drops a 1 px rim (~400 px) and may keep a px of the wall's barrier
  assert.ok(area > 7500 * 0.9 && area < 7500 * 1.05, `area ${area}`);
  assert.ok(matteShape(matte).plausible);
  assert.equal(onMask(matte, 95, 100), false, 'the shadow is backdrop');
  assert.equal(onMask(matte, 5, 3), false, 'the logo is not kept');
  assert.equal(onMask(matte, 60, 100), true, 'the tee');
});

test('on the same wall the single-colour fill keeps the shadow and the wall\'s extreme tones beside the tee', () => {
  // the border's median is 150 with a spread of ~52 and its tolerance capped at 40 RGB units: the wall's 110
  // blocks (69 away) and the whole shadow (0.7 × 110…170 = 77…119, at least 54 away) are not background
  // to it, and the shadow beside the tee joins it, which is why the gamut route exists
  const img = teeOnWall();
  const matte = productMatte(img);
  let shadowKept = 0;
  for (let y = 62; y < 146; y++) for (let x = 92; x < 100; x++) if (onMask(matte, x, y)) shadowKept++;
  assert.ok(shadowKept > 0, 'part of the shadow is in the single-colour matte');
});
