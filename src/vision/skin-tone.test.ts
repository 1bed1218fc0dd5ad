import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createMask } from './image.js';
import { litSkinTone, SKIN_TONE_RANGE, skinToneRange, withinSkinTone, withinSkinToneOwn } from './skin-tone.js';

test('the visible skin range is its chromaticity\'s and brightness\'s deciles; too few pixels give none', () => {
  // 10 × 30 known pixels: brightness sums 300..390 (R, G, B = 0.4, 0.35, 0.25 of the sum), one per column
  const w = 10, h = 30;
  const rgb = new Float32Array(w * h * 3);
  const known = createMask(w, h);
  for (let i = 0; i < w * h; i++) {
    const sum = 300 + (i % w) * 10;
    rgb.set([0.4 * sum, 0.35 * sum, 0.25 * sum], i * 3);
    known.data[i] = 1;
  }
  const r = skinToneRange(rgb, known);
  assert.ok(r);
  // 300 samples sorted, the 0.9 quantile at index round(0.9 × 299) = 269: sum 380
  assert.equal(r.sumHi, 380);
  assert.ok(Math.abs(r.shareLo[0] - 0.4) < 1e-6 && Math.abs(r.shareHi[2] - 0.25) < 1e-6);
  const few = createMask(w, h);
  for (let i = 0; i < SKIN_TONE_RANGE.minSamples - 1 && i < w * h; i++) few.data[i] = 1;
  assert.equal(skinToneRange(rgb, few), null);
});

test('a made pixel outside the visible skin\'s range is held to it; inside it, and known skin, stay', () => {
  const w = 3, h = 1;
  const range = { shareLo: [0.38, 0.32, 0.22] as [number, number, number], shareHi: [0.42, 0.36, 0.26] as [number, number, number], sumHi: 400 };
  const known = createMask(w, h);
  known.data[2] = 1;
  // pixel 0: orange and too bright (250, 130, 70: sum 450, R share 0.556); pixel 1 inside; pixel 2 orange but known skin
  const fill = Float32Array.from([250, 130, 70, 140, 120, 90, 250, 130, 70]);
  const out = withinSkinTone(fill, w, known, range, { x0: 0, y0: 0, x1: 2, y1: 0 });
  // shares clamped to 0.42, 0.32 (130/450 = 0.289 → 0.32), 0.22 (70/450 = 0.156 → 0.22): total 0.96; brightness 400
  assert.ok(Math.abs(out[0]! - (400 * 0.42) / 0.96) < 1e-3);
  assert.ok(Math.abs(out[1]! - (400 * 0.32) / 0.96) < 1e-3);
  assert.ok(Math.abs(out[2]! - (400 * 0.22) / 0.96) < 1e-3);
  // pixel 1: sum 350, shares 0.4, 0.343, 0.257 all inside
  assert.deepEqual([...out.slice(3, 6)].map((v) => Math.round(v * 1000) / 1000), [140, 120, 90]);
  assert.deepEqual([...out.slice(6, 9)], [250, 130, 70]);
  // a made side darker than any skin seen stays as dark (its form shading)
  const dark = withinSkinTone(Float32Array.from([60, 51, 39]), 1, createMask(1, 1), range, { x0: 0, y0: 0, x1: 0, y1: 0 });
  assert.ok(Math.abs(dark[0]! + dark[1]! + dark[2]! - 150) < 1e-3);
});

test('withinSkinToneOwn holds the plane it is given in place, and withinSkinTone leaves its input as it was', () => {
  const range = { shareLo: [0.38, 0.32, 0.22] as [number, number, number], shareHi: [0.42, 0.36, 0.26] as [number, number, number], sumHi: 400 };
  // one made pixel, orange and too bright (250, 130, 70): held to 400 × (0.42, 0.32, 0.22) / 0.96 = 175, 133.33, 91.67
  const fill = Float32Array.from([250, 130, 70]);
  const copy = withinSkinTone(fill, 1, createMask(1, 1), range, { x0: 0, y0: 0, x1: 0, y1: 0 });
  assert.deepEqual([...fill], [250, 130, 70]);
  const own = withinSkinToneOwn(fill, 1, createMask(1, 1), range, { x0: 0, y0: 0, x1: 0, y1: 0 });
  assert.equal(own, fill);
  assert.ok(Math.abs(fill[0]! - 175) < 1e-3 && Math.abs(fill[1]! - 133.333) < 1e-3 && Math.abs(fill[2]! - 91.667) < 1e-3);
  assert.deepEqual([...own], [...copy]);
});

test("made skin's lit tone is the brighter half of the visible skin near it, spread beyond its reach", () => {
  // 40 × 8: the left 10 columns known skin, rows alternating lit (200, 150, 120) and shaded (100, 60, 40);
  // the shaded rows sum 200, the lit 470, their mean 335: only the lit rows count
  const w = 40, h = 8;
  const rgb = new Float32Array(w * h * 3);
  const known = createMask(w, h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < 10; x++) {
      rgb.set(y % 2 ? [100, 60, 40] : [200, 150, 120], (y * w + x) * 3);
      known.data[y * w + x] = 1;
    }
  }
  let spreadWeight: number[] = [];
  const lit = litSkinTone(rgb, known, 4, (plane, weight) => {
    spreadWeight = Array.from(weight.data);
    return plane;
  });
  assert.ok(lit);
  for (const x of [0, 9, 12]) for (let c = 0; c < 3; c++) assert.ok(Math.abs(lit[(3 * w + x) * 3 + c]! - [200, 150, 120][c]!) < 1e-3, `${x}`);
  // a box of radius 4 applied twice reaches 8 px past the skin (x ≤ 17); beyond, the spread fills
  assert.equal(spreadWeight[3 * w + 30], 0);
  assert.equal(spreadWeight[3 * w + 5], 1);
  assert.equal(litSkinTone(rgb, createMask(w, h), 4, (p) => p), null);
});
