import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createMask, type RgbImage } from '../../vision/image.js';
import { alignmentWeight, blendCoarse, coverTapBox, garmentLikeness, blurBoxMargin, recolourField, sampledSpans, type CoarseBlend } from './refine-blend.js';
import { boxBlurPlane } from '../../vision/mask-ops.js';
import { pushPullFill } from '../../vision/inpaint.js';
import { createSampler } from '../../vision/mask-sampler.js';
import { alignCoarse, harmoniseOffsets } from './refine-guide.js';
import { isDrapeError } from '../../errors.js';

const W = 16, H = 16;

function flat(w: number, h: number, rgb: [number, number, number]): RgbImage {
  const data = new Uint8Array(w * h * 3);
  for (let i = 0; i < w * h; i++) data.set(rgb, i * 3);
  return { width: w, height: h, channels: 3, data };
}

/** One-pixel blend inputs, every plane at one value (analysis size = output size). */
function blendAt(o: { cover: number; change: number; align: number; notOld: number; out: number; under: number; coarse: number; gain?: number; offset?: number }) {
  const out = new Uint8Array(W * H * 3).fill(o.out);
  const plane = (v: number) => createMask(W, H, v);
  const b: CoarseBlend = {
    cover: new Float32Array(W * H).fill(o.cover),
    under: new Uint8Array(W * H * 3).fill(o.under),
    change: plane(o.change),
    grown: plane(o.change),
    align: plane(o.align),
    notOld: plane(o.notOld),
    gains: new Float32Array(W * H * 3).fill(o.gain ?? 1),
    offsets: new Float32Array(W * H * 3).fill(o.offset ?? 0),
  };
  const changed = new Float32Array(W * H);
  blendCoarse(out, flat(W, H, [o.coarse, o.coarse, o.coarse]), b, changed);
  return { value: out[0]!, changed: changed[0]! };
}

test('blendCoarse: the person stays where nothing changed and nothing was drawn', () => {
  assert.deepEqual(blendAt({ cover: 0, change: 0, align: 0, notOld: 1, out: 90, under: 90, coarse: 200 }), { value: 90, changed: 0 });
});

test('blendCoarse: where only the coarse engine changed the person, its pixel recoloured', () => {
  assert.equal(blendAt({ cover: 0, change: 1, align: 0, notOld: 1, out: 90, under: 90, coarse: 100, gain: 0.5, offset: 10 }).value, 60);
});

test('blendCoarse: under our garment, ours where it lines up with the coarse image, else the coarse pixel', () => {
  assert.equal(blendAt({ cover: 1, change: 1, align: 1, notOld: 0, out: 30, under: 200, coarse: 120 }).value, 30);
  assert.equal(blendAt({ cover: 1, change: 1, align: 0, notOld: 0, out: 30, under: 200, coarse: 120 }).value, 120);
});

test('blendCoarse: our garment over unchanged skin or background is cut back; over the old garment it stays', () => {
  assert.equal(blendAt({ cover: 1, change: 0, align: 0, notOld: 1, out: 30, under: 210, coarse: 212 }).value, 210);
  assert.equal(blendAt({ cover: 1, change: 0, align: 0, notOld: 0, out: 30, under: 210, coarse: 212 }).value, 30);
});

test('blendCoarse: at our garment’s soft edge what lay under it does not show through', () => {
  // half our garment (30) over a light fill (200): out 115; the coarse result shows its garment (40) there
  const { value } = blendAt({ cover: 0.5, change: 1, align: 1, notOld: 1, out: 115, under: 200, coarse: 40 });
  assert.equal(value, 35);
});

test('recolourField: the ratio of the local means where both show the garment', () => {
  const both = createMask(W, H, 1);
  const g = recolourField(flat(W, H, [100, 50, 50]), flat(W, H, [200, 100, 50]), both, 40);
  assert.ok(Math.abs(g[0]! - 108 / 208) < 1e-3 && Math.abs(g[1]! - 58 / 108) < 1e-3 && Math.abs(g[2]! - 1) < 1e-3, Array.from(g.slice(0, 3)).join(','));
});

test('blurBoxMargin: twice the spread of the passes and a radius, 2 px to spare', () => {
  // radius 2, 2 passes: spread 4, twice 8, + 2 + 2 = 12; radius 3.4 rounds to 3: 12 + 3 + 2 = 17
  assert.equal(blurBoxMargin(2, 2), 12);
  assert.equal(blurBoxMargin(3.4, 2), 17);
  assert.equal(blurBoxMargin(5, 1), 17);
});

test('recolourField on the box of both equals the frame-wide blur, bit for bit', () => {
  // a 90×70 frame, textured colours, `both` a 12×9 block off-centre: the frame-wide normalised
  // convolution (the field's definition, written out here) and the field must agree exactly
  const w = 90, h = 70;
  const img = (k: number): RgbImage => {
    const data = new Uint8Array(w * h * 3);
    for (let i = 0; i < data.length; i++) data[i] = (i * k * 37 + (i >> 5) * 11) % 251;
    return { width: w, height: h, channels: 3, data };
  };
  const ours = img(3), coarse = img(7);
  const both = createMask(w, h);
  for (let y = 20; y < 29; y++) for (let x = 50; x < 62; x++) both.data[y * w + x] = 1;
  const r = Math.max(2, 40 * 0.12);
  const weight = boxBlurPlane(both.data, w, h, r, 2);
  const values = new Float32Array(w * h * 3).fill(1);
  const known = createMask(w, h);
  const mean = (src: RgbImage, c: number) => boxBlurPlane(Float32Array.from({ length: w * h }, (_, i) => (both.data[i]! >= 0.5 ? src.data[i * 3 + c]! : 0)), w, h, r, 2);
  const num = [0, 1, 2].map((c) => mean(ours, c)), den = [0, 1, 2].map((c) => mean(coarse, c));
  for (let i = 0; i < w * h; i++) {
    if (weight[i]! < 0.05) continue;
    known.data[i] = Math.min(1, weight[i]! * 2);
    for (let c = 0; c < 3; c++) values[i * 3 + c] = Math.max(0.33, Math.min(3, (num[c]![i]! / weight[i]! + 8) / (den[c]![i]! / weight[i]! + 8)));
  }
  assert.deepEqual(Array.from(recolourField(ours, coarse, both, 40)), Array.from(pushPullFill(values, known)));
  // without both: gains of 1 everywhere
  assert.ok(recolourField(ours, coarse, createMask(w, h), 40).every((v) => v === 1));
});

test('alignmentWeight: the same stripes line up, shifted ones do not', () => {
  const stripes = (shift: number): RgbImage => {
    const img = flat(64, 64, [0, 0, 0]);
    for (let y = 0; y < 64; y++) for (let x = 0; x < 64; x++) img.data.fill(((x + shift) >> 2) % 2 ? 200 : 60, (y * 64 + x) * 3, (y * 64 + x) * 3 + 3);
    return img;
  };
  const gains = new Float32Array(64 * 64 * 3).fill(1);
  const same = alignmentWeight(stripes(0), stripes(0), gains).data[32 * 64 + 32]!;
  const shifted = alignmentWeight(stripes(0), stripes(4), gains).data[32 * 64 + 32]!;
  assert.ok(same > 0.9, `same ${same}`);
  assert.ok(shifted < 0.1, `shifted ${shifted}`);
});

test('alignmentWeight on a read box equals the frame-wide one inside it, bit for bit', () => {
  const w = 70, h = 60;
  let seed = 11;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  // stripes with noise, lined up and not: weights across 0..1, not all 0 or 1
  // (the coarse stripes shifted by a pixel more every 12 rows)
  const stripes = (shift: (y: number) => number): RgbImage => ({
    width: w, height: h, channels: 3,
    data: Uint8Array.from({ length: w * h * 3 }, (_, i) => {
      const x = Math.floor(i / 3) % w, y = Math.floor(i / 3 / w);
      return ((x + shift(y)) >> 2) % 2 ? 180 + next() * 40 : 60 + next() * 40;
    }),
  });
  const ours = stripes(() => 0), coarse = stripes((y) => Math.floor(y / 12));
  // (gains as recolourField gives them: float32 near 1, so the colour gap's sums round)
  const gains = Float32Array.from({ length: w * h * 3 }, () => 0.9 + next() * 0.2);
  const full = alignmentWeight(ours, coarse, gains).data;
  assert.ok(full.some((v) => v > 0.05 && v < 0.95), 'weights between 0 and 1');
  for (const box of [{ x0: 20, y0: 10, x1: 35, y1: 30 }, { x0: 0, y0: 0, x1: 5, y1: 4 }, { x0: 50, y0: 40, x1: 69, y1: 59 }]) {
    const part = alignmentWeight(ours, coarse, gains, box).data;
    for (let y = box.y0; y <= box.y1; y++) for (let x = box.x0; x <= box.x1; x++) assert.equal(part[y * w + x], full[y * w + x], `box ${JSON.stringify(box)} at ${x},${y}`);
  }
  assert.ok(alignmentWeight(ours, coarse, gains, { x0: 0, y0: 0, x1: -1, y1: -1 }).data.every((v) => v === 0), 'an empty read box: all 0');
});

test('coverTapBox: the bilinear taps of the covered full-size pixels', () => {
  // 8×8 output over a 6×6 plane: column 4 samples at 4.5 × 0.75 − 0.5 = 2.875 (cells 2 and 3), row 2 at 1.375 (cells 1 and 2)
  const cover = new Float32Array(64);
  cover[2 * 8 + 4] = 0.001;
  assert.deepEqual(coverTapBox(cover, 8, 8, 6, 6), { x0: 2, y0: 1, x1: 3, y1: 2 });
  // and column 7 at 5.125, clamped to the last cell (5 and 5); row 0 at −0.125, clamped to 0 (cells 0 and 1)
  cover[7] = 1;
  assert.deepEqual(coverTapBox(cover, 8, 8, 6, 6), { x0: 2, y0: 0, x1: 5, y1: 2 });
  const none = coverTapBox(new Float32Array(64), 8, 8, 6, 6);
  assert.ok(none.x1 < none.x0, 'nothing covered: an empty box');
});

test('garmentLikeness within a box: 1 on the garment\'s own colour there, 0 outside the box', () => {
  // one colour everywhere: the palette is that colour, at distance 0 (likeness 1) from every pixel
  const coarse = flat(6, 5, [120, 40, 200]);
  const both = createMask(6, 5, 1);
  const like = garmentLikeness(coarse, both, { x0: 1, y0: 2, x1: 3, y1: 3 }).data;
  for (let y = 0; y < 5; y++) for (let x = 0; x < 6; x++) assert.equal(like[y * 6 + x], x >= 1 && x <= 3 && y >= 2 && y <= 3 ? 1 : 0, `at ${x},${y}`);
  assert.ok(garmentLikeness(coarse, both).data.every((v) => v === 1), 'no box: the whole frame');
});

test('harmoniseOffsets: a tint measured on the ring around a region is carried inside it', () => {
  const region = createMask(W, H);
  for (let y = 4; y < 12; y++) for (let x = 4; x < 12; x++) region.data[y * W + x] = 1;
  const off = harmoniseOffsets(flat(W, H, [120, 120, 120]), flat(W, H, [130, 120, 110]), region);
  const c = (8 * W + 8) * 3;
  assert.deepEqual(Array.from(off.slice(c, c + 3)).map(Math.round), [-10, 0, 10]);
});

test('alignCoarse rejects another framing with a field-tagged input error', async () => {
  const person = flat(30, 40, [0, 0, 0]);
  await assert.rejects(alignCoarse(flat(40, 30, [0, 0, 0]), person), (e: unknown) => isDrapeError(e) && e.code === 'invalid_parameter' && e.field === 'coarse_image' && !e.retryable);
  const aligned = await alignCoarse(flat(60, 81, [9, 9, 9]), person);
  assert.deepEqual([aligned.width, aligned.height], [30, 40]);
});

test('sampledSpans: per output row, the columns whose bilinear taps reach the plane\'s non-zero cells', () => {
  // 4×4 plane, one non-zero cell at column 2, row 1, sampled at 8×8: output px o taps source
  // (i0, i1) = (0,1) (0,1) (0,1) (1,2) (1,2) (2,3) (2,3) (3,3); column 2 is reached by o = 3..6, row 1 by o = 0..4
  const plane = createMask(4, 4);
  plane.data[1 * 4 + 2] = 0.4;
  const { x0, x1 } = sampledSpans(createSampler(8, 8, 4, 4), plane, 8);
  assert.deepEqual([...x0], [3, 3, 3, 3, 3, 0, 0, 0]);
  assert.deepEqual([...x1], [6, 6, 6, 6, 6, -1, -1, -1]);
});
