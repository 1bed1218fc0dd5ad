import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createMask, type Mask, type RgbImage } from '../../vision/image.js';
import { hemRowAt, hemShadowOnLegs, shadowRowsAt, type HemShadowInput } from './hem-shadow.js';

// A 40 × 60 frame: the old garment on rows 0…19 (its hem row 19), a leg's
// visible skin on columns 10…29 below it (rows 20…59), grey levels: 200 on
// the leg, `shade` on the rows listed in `dark`. Shoulder width 50 px: the
// shadow is looked for down to 0.12 × 50 = 6 rows, the leg's light measured
// 8…18 rows below the hem (0.15 and 0.35 × 50, rounded).
const W = 40, H = 60, SW = 50;
function scene(dark: number[], shade = 180, covered = false): HemShadowInput {
  const small: RgbImage = { width: W, height: H, channels: 3, data: new Uint8Array(W * H * 3) };
  const oldHard = createMask(W, H), legs = createMask(W, H), cover = createMask(W, H);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const i = y * W + x;
      if (y < 20) oldHard.data[i] = 1;
      if (x >= 10 && x <= 29) legs.data[i] = 1;
      if (covered && y >= 20 && y < 30) cover.data[i] = 1;
      const v = y >= 20 && x >= 10 && x <= 29 ? (dark.includes(y) ? shade : 200) : 250;
      small.data.fill(v, i * 3, i * 3 + 3);
    }
  }
  return { small, skin: (x, y) => y >= 20 && y < H && x >= 10 && x <= 29, legs, oldHard, cover };
}
const rowsSet = (m: Mask, x: number) => Array.from({ length: H }, (_, y) => y).filter((y) => m.data[y * W + x]! >= 0.5);

test('hemRowAt: the old garment\'s last row over the leg\'s visible skin; -1 beside the leg, under the new garment or with its hem within `bare` rows above', () => {
  const s = scene([]);
  assert.equal(hemRowAt(s, 15), 19);
  assert.equal(hemRowAt(s, 5), -1);
  assert.equal(hemRowAt(scene([], 180, true), 15), -1);
  // a new garment ending at row 14: 5 rows of bare leg above the old hem
  const high = scene([]);
  for (let y = 0; y < 15; y++) for (let x = 0; x < W; x++) high.cover.data[y * W + x] = 1;
  assert.equal(hemRowAt(high, 15, 4), 19);
  assert.equal(hemRowAt(high, 15, 5), -1);
});

test('shadowRowsAt: the rows below the hem darker than the leg further down', () => {
  // rows 20…22 at 180 against 200 (10 % darker; 3 × 3 means: row 23's box holds row 22 at 180, mean 193.3, 3 % darker: not shadow)
  assert.equal(shadowRowsAt(scene([20, 21, 22]), 15, 19, SW), 3);
  // an even leg: none
  assert.equal(shadowRowsAt(scene([]), 15, 19, SW), 0);
  // a shade running on past the reach (rows 20…27) is no hem's contact shadow: none
  assert.equal(shadowRowsAt(scene([20, 21, 22, 23, 24, 25, 26, 27]), 15, 19, SW), 0);
});

test('hemShadowOnLegs: the shaded rows and the 2 rows above the hem on each column of the leg; null with no shadow', () => {
  const band = hemShadowOnLegs(scene([20, 21, 22]), SW)!;
  assert.deepEqual(rowsSet(band, 15), [17, 18, 19, 20, 21, 22]);
  assert.deepEqual(rowsSet(band, 10), [17, 18, 19, 20, 21, 22]);
  assert.deepEqual(rowsSet(band, 5), []);
  assert.equal(hemShadowOnLegs(scene([]), SW), null);
  assert.equal(hemShadowOnLegs(scene([20, 21, 22], 180, true), SW), null);
  // the new garment's hem 4 rows above the old one (under 0.1 × 50 = 5): it casts that shadow itself
  const near = scene([20, 21, 22]);
  for (let y = 0; y < 16; y++) for (let x = 0; x < W; x++) near.cover.data[y * W + x] = 1;
  assert.equal(hemShadowOnLegs(near, SW), null);
});
