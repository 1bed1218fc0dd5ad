import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createMask, type Mask, type RgbImage } from '../../vision/image.js';
import type { Keypoint, PoseLandmark } from '../../vision/person-analysis.js';
import { dressSkinCut } from './worn-skin-cut.js';

const W = 100, H = 120;
const SKIN: [number, number, number] = [200, 150, 120];
const WHITE_LACE: [number, number, number] = [235, 235, 235];
const BLACK_LACE: [number, number, number] = [20, 20, 20];

function rect(m: Mask, x0: number, y0: number, x1: number, y1: number): void {
  for (let y = y0; y <= y1; y++) for (let x = x0; x <= x1; x++) m.data[y * W + x] = 1;
}

/**
 * A wearer in a black-and-white lace dress (rows 20–79, x 30–69, with skin
 * showing through 2 px openings), bare legs below (x 38–45 and 54–61), and
 * the gap between the legs filled into the foreground as a hole of the
 * background matte. The skin test passes skin and the white lace (pale skin's
 * chroma reaches grey), as it does beside a pale face.
 */
function wearer() {
  const data = new Uint8Array(W * H * 3).fill(255);
  const foreground = createMask(W, H), skin = createMask(W, H);
  const paint = (x: number, y: number, c: [number, number, number]) => data.set(c, (y * W + x) * 3);
  for (let y = 20; y < 80; y++) {
    for (let x = 30; x < 70; x++) {
      const opening = x % 6 < 2 && y % 6 < 2;
      paint(x, y, opening ? SKIN : (x + y) % 4 < 2 ? WHITE_LACE : BLACK_LACE);
    }
  }
  for (let y = 80; y < 115; y++) for (let x = 38; x <= 61; x++) paint(x, y, x <= 45 || x >= 54 ? SKIN : [255, 255, 255]);
  rect(foreground, 30, 20, 69, 79);
  rect(foreground, 38, 80, 61, 114);
  for (let i = 0; i < W * H; i++) {
    const p = i * 3, white = data[p]! === WHITE_LACE[0] && data[p + 1]! === WHITE_LACE[1];
    if (foreground.data[i]! >= 0.5 && (data[p]! === SKIN[0] || white)) skin.data[i] = 1;
  }
  const small: RgbImage = { width: W, height: H, channels: 3, data };
  const skinModel = { cb: 110, cr: 150, sdCb: 5, sdCr: 5, y: 160, rgb: SKIN };
  return { foreground, wearer: { small, skin, skinModel, hair: createMask(W, H) } };
}

function keypoints(): Record<PoseLandmark, Keypoint> {
  const k = (x: number, y: number): Keypoint => ({ x, y, z: 0, score: 1 });
  return { leftShoulder: k(65, 22), rightShoulder: k(35, 22), leftHip: k(60, 55), rightHip: k(40, 55) } as Record<PoseLandmark, Keypoint>;
}

test('a lace dress is cut whole from its wearer by skin: openings joined, white lace kept, legs and the gap between them left out', () => {
  const { foreground, wearer: w } = wearer();
  const cut = dressSkinCut(foreground, w, keypoints(), 30);
  const at = (x: number, y: number) => cut.data[y * W + x]! >= 0.5;
  assert.ok(at(50, 50) && at(31, 21) && at(68, 78), 'the dress, corner to corner');
  assert.ok(at(30 + 6, 20 + 6), 'a lace opening showing skin is filled');
  let dress = 0;
  for (let y = 20; y < 80; y++) for (let x = 30; x < 70; x++) if (at(x, y)) dress++;
  assert.ok(dress >= 40 * 60 * 0.97, `dress ${dress}`);
  for (let y = 82; y < 115; y++) for (let x = 0; x < W; x++) assert.ok(!at(x, y), `below the hem (${x}, ${y})`);
});
