import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createMask } from './image.js';
import { blockSums, halve, halvePair, pullTaps, pushPullFill, relaxFill } from './inpaint.js';

test('push-pull keeps known pixels and fills unknown ones from their neighbourhood', () => {
  const w = 64, h = 48;
  const rgb = new Float32Array(w * h * 3);
  const known = createMask(w, h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      const left = x < w / 2;
      rgb.set(left ? [200, 150, 120] : [40, 60, 200], i * 3);
      // a hole straddling the middle
      known.data[i] = x > 20 && x < 44 && y > 10 && y < 38 ? 0 : 1;
    }
  }
  const out = pushPullFill(rgb, known);
  assert.deepEqual(Array.from(out.slice(0, 3)), [200, 150, 120]);
  const at = (x: number, y: number) => Array.from(out.slice((y * w + x) * 3, (y * w + x) * 3 + 3));
  // inside the hole near the left edge it is closer to the left colour
  const l = at(22, 24), r = at(42, 24);
  assert.ok(l[0]! > r[0]! + 40, `left ${l} right ${r}`);
  for (const v of [...l, ...r]) assert.ok(v >= 40 && v <= 200);
});

test('an all-unknown plane stays finite, and halve averages by weight', () => {
  const out = pushPullFill(new Float32Array(12 * 3).fill(9), createMask(4, 3));
  assert.ok(out.every((v) => Number.isFinite(v)));
  const k = createMask(2, 2);
  k.data[0] = 1;
  const rgb = new Float32Array([100, 100, 100, 7, 7, 7, 7, 7, 7, 7, 7, 7]);
  const hv = halve(rgb, k);
  assert.deepEqual(Array.from(hv.plane), [100, 100, 100]);
  assert.equal(hv.known.data[0], 0.25);
});

test('relaxation turns a fill into the membrane between its borders and keeps known pixels', () => {
  const w = 40, h = 40;
  const rgb = new Float32Array(w * h * 3);
  const known = createMask(w, h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      // bright above, dark below, a ramp down the sides: the membrane is the same ramp everywhere
      const ramp = y < 5 ? 200 : y >= 35 ? 100 : 200 - ((y - 4) / 31) * 100;
      const edge = y < 5 || y >= 35 || x === 0 || x === w - 1;
      known.data[i] = edge ? 1 : 0;
      rgb.fill(edge ? ramp : 0, i * 3, i * 3 + 3);
    }
  }
  const filled = pushPullFill(rgb, known);
  relaxFill(filled, known, createMask(w, h, 1), 400);
  const at = (x: number, y: number) => filled[(y * w + x) * 3]!;
  assert.equal(at(20, 2), 200);
  assert.equal(at(20, 37), 100);
  // linear between rows 4 (200) and 35 (100)
  for (const y of [10, 20, 30]) {
    const want = 200 - ((y - 4) / 31) * 100;
    assert.ok(Math.abs(at(20, y) - want) < 3, `row ${y}: ${at(20, y)} vs ${want}`);
  }
  assert.ok(at(20, 10) > at(20, 20) && at(20, 20) > at(20, 30));
});

test('the one-channel halve and push-pull fill give exactly the RGB versions\' first channel', () => {
  const w = 37, h = 29;
  const known = createMask(w, h);
  const rgb = new Float32Array(w * h * 3);
  const one = new Float32Array(w * h);
  for (let i = 0; i < w * h; i++) {
    // a deterministic scatter of known pixels, some partly known
    const k = (i * 7919) % 11;
    known.data[i] = k < 3 ? 1 : k === 3 ? 0.4 : 0;
    one[i] = ((i * 104729) % 997) / 997 + 0.5;
    rgb[i * 3] = one[i]!;
    rgb[i * 3 + 1] = 3;
    rgb[i * 3 + 2] = -1;
  }
  const h3 = halve(rgb, known), h1 = halve(one, known, 1);
  assert.deepEqual(h1.known.data, h3.known.data);
  assert.deepEqual(h1.plane, h3.plane.filter((_, i) => i % 3 === 0));
  const f3 = pushPullFill(h3.plane, h3.known), f1 = pushPullFill(h1.plane, h1.known, 1);
  assert.deepEqual(f1, f3.filter((_, i) => i % 3 === 0));
});

test('the pull\'s taps: each column\'s two coarser columns and the second\'s weight, clamped at the ends', () => {
  // 5 columns over 3 coarser ones: f = (x + 0.5) / 2 − 0.5 = −0.25 → 0, 0.25, 0.75, 1.25, 1.75 (≤ 2)
  const t = pullTaps(5, 3);
  assert.deepEqual([...t.x0], [0, 0, 0, 1, 1]);
  assert.deepEqual([...t.x1], [1, 1, 1, 2, 2]);
  assert.deepEqual([...t.t], [0, 0.25, 0.75, 0.25, 0.75]);
  // a one-column coarser level: every tap on it, weight 0
  const one = pullTaps(2, 1);
  assert.deepEqual([...one.x0, ...one.x1, ...one.t], [0, 0, 0, 0, 0, 0]);
});

test('halve divides each block\'s weight by its own pixel count on an odd size\'s last row and column', () => {
  // 3 × 3 all known with weight 1: blocks of 4, 2 (last column), 2 (last row), 1 (corner) pixels, each weight 1
  const known = createMask(3, 3, 1);
  const values = new Float32Array(27).map((_, i) => i);
  const h = halve(values, known);
  assert.deepEqual([...h.known.data], [1, 1, 1, 1]);
  // block (1, 0): pixels 2 and 5, channel 0 values 6 and 15: mean 10.5; corner (1, 1): pixel 8 alone, 24
  assert.equal(h.plane[3], 10.5);
  assert.equal(h.plane[9], 24);
});

test('blockSums adds each 2×2 block in raster order in float32, an odd size\'s last blocks summing the pixels they have', () => {
  // 3×3, one channel: blocks {1,2,4,5}, {3,6}, {7,8}, {9}
  assert.deepEqual(Array.from(blockSums(Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9]), 3, 3, 1)), [12, 9, 15, 9]);
  // 3×1, two channels: pixels (1, 10), (2, 20) | (3, 30)
  assert.deepEqual(Array.from(blockSums(Float32Array.from([1, 10, 2, 20, 3, 30]), 3, 1, 2)), [3, 30, 3, 30]);
  // 2^24 + 1 rounds back to 2^24 in float32 at each step (2^24 + 2 if summed in doubles first)
  assert.deepEqual(Array.from(blockSums(Float32Array.from([16777216, 1, 1, 0]), 2, 2, 1)), [16777216]);
  // a lone -0 sums to +0, as added into a zeroed plane
  assert.ok(Object.is(blockSums(Float32Array.from([-0]), 1, 1, 1)[0], 0));
});

test('halvePair halves one plane under two masks, each as halve alone', () => {
  // 3 × 1 plane: pixels (10, 20, 30), (50, 60, 70), (90, 100, 110); mask a knows pixels 0 and 2, mask b pixel 1 at 0.5
  const values = Float32Array.from([10, 20, 30, 50, 60, 70, 90, 100, 110]);
  const a = { width: 3, height: 1, data: Float32Array.from([1, 0, 1]) }, b = { width: 3, height: 1, data: Float32Array.from([0, 0.5, 0]) };
  const [ha, hb] = halvePair(values, a, b);
  // block 0 (pixels 0, 1): a has pixel 0 alone at weight 1 of 2 px, b pixel 1 at 0.5 of 2; block 1 (pixel 2, 1 px): a 1, b 0
  assert.deepEqual([...ha.plane], [10, 20, 30, 90, 100, 110]);
  assert.deepEqual([...ha.known.data], [0.5, 1]);
  assert.deepEqual([...hb.plane], [50, 60, 70, 0, 0, 0]);
  assert.deepEqual([...hb.known.data], [0.25, 0]);
  for (const [pair, mask] of [[ha, a], [hb, b]] as const) {
    const one = halve(values, mask);
    assert.deepEqual([...pair.plane], [...one.plane]);
    assert.deepEqual([...pair.known.data], [...one.known.data]);
  }
});

test('push-pull of 3 channels: a missing pixel takes the coarser level between its two taps by their weights', () => {
  // 4×1, known (4, 8, 12) at x 0 and (8, 0, 4) at x 3: the half level holds them as they are, and the
  // pull reads it at 0.25 (x 1) and 0.75 (x 2) of the way from the first to the second
  const known = { width: 4, height: 1, data: Float32Array.from([1, 0, 0, 1]) };
  const values = Float32Array.from([4, 8, 12, 0, 0, 0, 0, 0, 0, 8, 0, 4]);
  assert.deepEqual(Array.from(pushPullFill(values, known)), [4, 8, 12, 5, 6, 10, 7, 2, 6, 8, 0, 4]);
});

test('push-pull pulled back only onto a box fills that box exactly as the whole pull does', () => {
  let seed = 7;
  const rand = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
  for (const [w, h] of [[37, 29], [64, 48], [5, 90], [1, 1]] as const) {
    for (let trial = 0; trial < 20; trial++) {
      for (const channels of [1, 3]) {
        const values = new Float32Array(w * h * channels).map(() => rand() * 255);
        const known = createMask(w, h);
        for (let i = 0; i < w * h; i++) known.data[i] = rand() < 0.3 ? (rand() < 0.5 ? 1 : rand()) : 0;
        const full = pushPullFill(values, known, channels);
        const x0 = Math.floor(rand() * w), y0 = Math.floor(rand() * h);
        const box = { x0, y0, x1: x0 + Math.floor(rand() * (w - x0)), y1: y0 + Math.floor(rand() * (h - y0)) };
        const part = pushPullFill(values, known, channels, box);
        for (let y = box.y0; y <= box.y1; y++) {
          for (let x = box.x0; x <= box.x1; x++) {
            for (let c = 0; c < channels; c++) assert.equal(part[(y * w + x) * channels + c], full[(y * w + x) * channels + c], `${w}×${h} (${x}, ${y})`);
          }
        }
      }
    }
  }
});
