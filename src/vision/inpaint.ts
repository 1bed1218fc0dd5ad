/**
 * Push-pull inpainting: fills unknown pixels with a smooth interpolation of
 * the known ones (a Gaussian pyramid of weighted colour, then back up). It
 * only has to carry low frequencies — skin tone or background shading — and
 * costs ~10 ms at 384×512.
 */
import type { Mask } from './image.js';
import type { PixelBox } from './box-distance.js';

interface Level {
  w: number;
  h: number;
  /** Premultiplied values, `channels` floats per pixel. */
  values: Float32Array;
  wt: Float32Array;
}

/** The finest level: values premultiplied by their known weight (clamped to 0..1). */
function baseLevel(values: Float32Array, known: Mask, channels: number): Level {
  const n = known.width * known.height;
  const base: Level = { w: known.width, h: known.height, values: new Float32Array(n * channels), wt: new Float32Array(n) };
  const kd = known.data, wt = base.wt, out = base.values;
  if (channels === 3) {
    // (the fills' RGB, most calls: the channels written out, the same products; the generic loop of
    // `channels` steps per pixel was a quarter of the fills' push-pull time)
    for (let i = 0, j = 0; i < n; i++, j += 3) {
      const k = Math.max(0, Math.min(1, kd[i]!));
      wt[i] = k;
      out[j] = values[j]! * k;
      out[j + 1] = values[j + 1]! * k;
      out[j + 2] = values[j + 2]! * k;
    }
    return base;
  }
  for (let i = 0; i < n; i++) {
    const k = Math.max(0, Math.min(1, kd[i]!));
    wt[i] = k;
    for (let j = i * channels, end = j + channels; j < end; j++) out[j] = values[j]! * k;
  }
  return base;
}

/**
 * Push: the next coarser level, summing premultiplied values and weight over
 * 2×2 pixels, normalised so weights stay in 0..1 (saturating: one known child
 * is enough).
 */
function pushedLevel(p: Level, channels: number): Level {
  const w = Math.max(1, Math.ceil(p.w / 2));
  const h = Math.max(1, Math.ceil(p.h / 2));
  const l: Level = { w, h, values: blockSums(p.values, p.w, p.h, channels), wt: blockSums(p.wt, p.w, p.h, 1) };
  for (let i = 0; i < w * h; i++) {
    const wt = l.wt[i]!;
    if (wt > 1) {
      for (let j = i * channels, end = j + channels; j < end; j++) l.values[j] = l.values[j]! / wt;
      l.wt[i] = 1;
    }
  }
  return l;
}

/**
 * Per 2×2 block of a `w` × `h` plane of `channels` floats per pixel, the sum
 * of each channel, a new plane of the half size (an odd size's last block
 * column or row sums the pixels it has). Summed a block at a time in a local
 * rounded to float32 after each addition, in raster order: the same sums as
 * adding each pixel into a float32 plane in turn (as the push did), without
 * reading and writing the block's sum back once per pixel (a quarter faster).
 */
export function blockSums(plane: Float32Array, w: number, h: number, channels: number): Float32Array {
  const hw = Math.ceil(w / 2), hh = Math.ceil(h / 2), c = channels;
  const out = new Float32Array(hw * hh * c);
  // (the blocks with a right column and a row below, all but an odd size's last: blockRow)
  const whole = w >> 1;
  for (let by = 0; by < hh; by++) {
    const below = 2 * by + 1 < h;
    let bx = 0;
    if (below) {
      blockRow(plane, 2 * by * w * c, w * c, out, by * hw * c, whole, c);
      bx = whole;
    }
    for (; bx < hw; bx++) {
      const right = 2 * bx + 1 < w;
      for (let ch = 0, q = (2 * by * w + 2 * bx) * c, d = (by * hw + bx) * c; ch < c; ch++, q++, d++) {
        // (from +0, as the plane's sums started: a -0 pixel alone sums to +0)
        let v = 0 + plane[q]!;
        if (right) v = Math.fround(v + plane[q + c]!);
        if (below) v = Math.fround(v + plane[q + w * c]!);
        if (right && below) v = Math.fround(v + plane[q + w * c + c]!);
        out[d] = v;
      }
    }
  }
  return out;
}

/**
 * blockSums of whole 2×2 blocks along one row of blocks: `blocks` blocks of
 * `c` channels into `out` from `d0`, the block row's first value at `q0` of
 * `plane`, `stride` values a row. The same four additions in the same order,
 * without the tests for a missing column or row per value.
 */
function blockRow(plane: Float32Array, q0: number, stride: number, out: Float32Array, d0: number, blocks: number, c: number): void {
  for (let k = 0, q = q0, d = d0; k < blocks; k++, q += c) {
    for (let ch = 0; ch < c; ch++, q++, d++) out[d] = Math.fround(Math.fround(Math.fround(0 + plane[q]! + plane[q + c]!) + plane[q + stride]!) + plane[q + stride + c]!);
  }
}

/** The coarsest level made whole: its partly known values divided by their weight, every weight 1. */
function wholeLevel(top: Level, channels: number): Level {
  const out: Level = { w: top.w, h: top.h, values: new Float32Array(top.values), wt: new Float32Array(top.w * top.h).fill(1) };
  for (let i = 0; i < top.w * top.h; i++) {
    const wt = top.wt[i]!;
    if (wt > 0 && wt < 1) for (let j = i * channels, end = j + channels; j < end; j++) out.values[j] = out.values[j]! / wt;
  }
  return out;
}

/**
 * Pull: the level `l` with its missing weight filled from the coarser level
 * `c` (bilinear), in place (each pixel reads only its own value and the
 * coarser level's), its values returned; every weight is then 1. The coarser
 * level is whole (filled by its own pull), so what it gives is a value, not a
 * premultiplied one. (In place: a copy of the values and a plane of ones per
 * level were a sixth of the fills' allocation, and the coarser level's
 * weights are never read.)
 */
function pullInto(l: Level, c: { w: number; h: number; values: Float32Array }, channels: number, box: PixelBox): Float32Array {
  const values = l.values, cv = c.values, wt = l.wt;
  const cols = pullTaps(l.w, c.w);
  for (let y = box.y0; y <= box.y1; y++) {
    const fy = Math.max(0, Math.min(c.h - 1, (y + 0.5) / 2 - 0.5));
    const y0 = Math.floor(fy);
    const y1 = Math.min(c.h - 1, y0 + 1);
    const ty = fy - y0;
    if (channels === 3) pullRow3(values, y * l.w, wt, box, { cv, r0: y0 * c.w, r1: y1 * c.w, ty }, cols);
    else pullRow(values, y * l.w, wt, box, { cv, r0: y0 * c.w, r1: y1 * c.w, ty }, cols, channels);
  }
  return values;
}

/** The coarser level's two rows a pull row reads (`r0`, `r1`: their first pixels) and the row's weight between them. */
interface PullRows {
  cv: Float32Array;
  r0: number;
  r1: number;
  ty: number;
}

/** One row of pullInto (its first pixel `i0`, columns `span.x0` … `span.x1` of it), `channels` values a pixel. */
function pullRow(values: Float32Array, i0: number, wt: Float32Array, span: { x0: number; x1: number }, c: PullRows, cols: ReturnType<typeof pullTaps>, channels: number): void {
  const { cv, r0, r1, ty } = c;
  for (let x = span.x0; x <= span.x1; x++) {
    const i = i0 + x;
    const missing = 1 - wt[i]!;
    if (missing <= 0) continue;
    const x0 = cols.x0[x]!, x1 = cols.x1[x]!, tx = cols.t[x]!;
    const i00 = (r0 + x0) * channels, i01 = (r0 + x1) * channels;
    const i10 = (r1 + x0) * channels, i11 = (r1 + x1) * channels;
    for (let ch = 0, j = i * channels; ch < channels; ch++, j++) {
      const a = cv[i00 + ch]! * (1 - tx) + cv[i01 + ch]! * tx;
      const b = cv[i10 + ch]! * (1 - tx) + cv[i11 + ch]! * tx;
      values[j] = values[j]! + missing * (a * (1 - ty) + b * ty);
    }
  }
}

/**
 * pullRow of 3 values a pixel (the fills' RGB, most calls), the channels
 * written out: the same products and sums in the same order (1 − tx and
 * 1 − ty are the same doubles worked out once), without a loop of 3 steps a pixel.
 */
function pullRow3(values: Float32Array, i0: number, wt: Float32Array, span: { x0: number; x1: number }, c: PullRows, cols: ReturnType<typeof pullTaps>): void {
  const { cv, r0, r1, ty } = c;
  const uy = 1 - ty;
  for (let x = span.x0, end = span.x1; x <= end; x++) {
    const i = i0 + x;
    const missing = 1 - wt[i]!;
    if (missing <= 0) continue;
    const x0 = cols.x0[x]!, x1 = cols.x1[x]!, tx = cols.t[x]!, ux = 1 - tx;
    const i00 = (r0 + x0) * 3, i01 = (r0 + x1) * 3, i10 = (r1 + x0) * 3, i11 = (r1 + x1) * 3, j = i * 3;
    values[j] = values[j]! + missing * ((cv[i00]! * ux + cv[i01]! * tx) * uy + (cv[i10]! * ux + cv[i11]! * tx) * ty);
    values[j + 1] = values[j + 1]! + missing * ((cv[i00 + 1]! * ux + cv[i01 + 1]! * tx) * uy + (cv[i10 + 1]! * ux + cv[i11 + 1]! * tx) * ty);
    values[j + 2] = values[j + 2]! + missing * ((cv[i00 + 2]! * ux + cv[i01 + 2]! * tx) * uy + (cv[i10 + 2]! * ux + cv[i11 + 2]! * tx) * ty);
  }
}

/**
 * The coarser level's two columns and the weight of the second for each of
 * a level's `size` columns (`coarse` wide): the same on every row, worked
 * out once per pull instead of per pixel (the pull's most frequent work).
 */
export function pullTaps(size: number, coarse: number): { x0: Int32Array; x1: Int32Array; t: Float64Array } {
  const x0 = new Int32Array(size), x1 = new Int32Array(size), t = new Float64Array(size);
  for (let x = 0; x < size; x++) {
    const f = Math.max(0, Math.min(coarse - 1, (x + 0.5) / 2 - 0.5));
    x0[x] = Math.floor(f);
    x1[x] = Math.min(coarse - 1, x0[x]! + 1);
    t[x] = f - x0[x]!;
  }
  return { x0, x1, t };
}

/**
 * values: `channels` floats per pixel (3 for colour, 1 for a shading map);
 * known: weight per pixel (0 unknown, 1 known). Returns a full plane where
 * known pixels keep their value. Each channel gets the same arithmetic, so a
 * one-channel fill equals the first channel of a wider one.
 */
export function pushPullFill(values: Float32Array, known: Mask, channels = 3, within?: PixelBox): Float32Array {
  const levels: Level[] = [baseLevel(values, known, channels)];
  // push: halve until tiny
  while (levels[levels.length - 1]!.w > 1 || levels[levels.length - 1]!.h > 1) levels.push(pushedLevel(levels[levels.length - 1]!, channels));
  // pull: from the coarsest (made whole) back to the finest, each level where the finer one's pull reads it
  const boxes = pullBoxes(levels, within);
  const top = wholeLevel(levels[levels.length - 1]!, channels);
  let filled = top.values;
  for (let li = levels.length - 2; li >= 0; li--) filled = pullInto(levels[li]!, { w: levels[li + 1]!.w, h: levels[li + 1]!.h, values: filled }, channels, boxes[li]!);
  return filled;
}

/**
 * The box of each level a pull works on: the whole level, or with `within`
 * (a caller that reads the fill only there) that box on the finest level and,
 * on each coarser one, the cells the finer box's bilinear taps read
 * (pullTaps: a pixel x reads cells ⌊x/2 − 1/4⌋ and one more, within
 * ⌊x/2⌋ − 1 … ⌊x/2⌋ + 1). Each pixel's pull reads only its own value and
 * those taps, so inside `within` the fill is the whole pull's, value for
 * value; outside it the level keeps its unfilled (premultiplied) values.
 * The push stays whole: every known pixel weighs in on the coarse levels.
 */
function pullBoxes(levels: Level[], within: PixelBox | undefined): PixelBox[] {
  const whole = (l: Level): PixelBox => ({ x0: 0, y0: 0, x1: l.w - 1, y1: l.h - 1 });
  if (!within) return levels.map(whole);
  const boxes: PixelBox[] = [{ x0: Math.max(0, within.x0), y0: Math.max(0, within.y0), x1: Math.min(levels[0]!.w - 1, within.x1), y1: Math.min(levels[0]!.h - 1, within.y1) }];
  for (let li = 1; li < levels.length; li++) {
    const b = boxes[li - 1]!, l = levels[li]!;
    boxes.push({ x0: Math.max(0, (b.x0 >> 1) - 1), y0: Math.max(0, (b.y0 >> 1) - 1), x1: Math.min(l.w - 1, (b.x1 >> 1) + 1), y1: Math.min(l.h - 1, (b.y1 >> 1) + 1) });
  }
  return boxes;
}

/** Halves a plane of `channels` floats per pixel and its known-weight mask (2×2 weighted mean): fills need only low frequencies. */
export function halve(values: Float32Array, known: Mask, channels = 3): { plane: Float32Array; known: Mask } {
  const w = Math.ceil(known.width / 2), h = Math.ceil(known.height / 2);
  const out = new Float32Array(w * h * channels);
  const outK = new Float32Array(w * h);
  for (let y = 0; y < known.height; y++) {
    for (let x = 0; x < known.width; x++) {
      const s = y * known.width + x;
      const d = (y >> 1) * w + (x >> 1);
      const k = known.data[s]!;
      outK[d] = outK[d]! + k;
      // (an unknown pixel adds a zero: skipped, the sums are the same)
      if (k === 0) continue;
      // (1 and 3 channels, every call the engine makes, without a loop per pixel: the same sums)
      if (channels === 1) out[d] = out[d]! + values[s]! * k;
      else if (channels === 3) addScaled3(out, d * 3, values, s * 3, k);
      else for (let ch = 0, dj = d * channels, sj = s * channels; ch < channels; ch++) out[dj + ch] = out[dj + ch]! + values[sj + ch]! * k;
    }
  }
  return normalised(out, outK, known.width, known.height, channels);
}

/**
 * `halve` of one plane under two known-weight masks at once (3 floats per
 * pixel): the plane read once for both, each mask's sums as halve's own.
 */
export function halvePair(values: Float32Array, a: Mask, b: Mask): [{ plane: Float32Array; known: Mask }, { plane: Float32Array; known: Mask }] {
  const W = a.width, H = a.height;
  const w = Math.ceil(W / 2), h = Math.ceil(H / 2);
  const outA = new Float32Array(w * h * 3), outB = new Float32Array(w * h * 3);
  const kA = new Float32Array(w * h), kB = new Float32Array(w * h);
  const ad = a.data, bd = b.data;
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const s = y * W + x, d = (y >> 1) * w + (x >> 1);
      const ka = ad[s]!, kb = bd[s]!;
      kA[d] = kA[d]! + ka;
      kB[d] = kB[d]! + kb;
      // (an unknown pixel adds a zero: skipped, the sums are the same)
      if (ka !== 0) addScaled3(outA, d * 3, values, s * 3, ka);
      if (kb !== 0) addScaled3(outB, d * 3, values, s * 3, kb);
    }
  }
  return [normalised(outA, kA, W, H, 3), normalised(outB, kB, W, H, 3)];
}

/** `out` from `d` plus `values` from `s` times `k`, 3 floats (float32 after each addition, as halve's sums). */
function addScaled3(out: Float32Array, d: number, values: Float32Array, s: number, k: number): void {
  out[d] = out[d]! + values[s]! * k;
  out[d + 1] = out[d + 1]! + values[s + 1]! * k;
  out[d + 2] = out[d + 2]! + values[s + 2]! * k;
}

/**
 * halve's sums (`channels` floats per pixel) divided by their weight, and the
 * weights by their block's pixel count, in place: the halved plane of a
 * `W` × `H` one.
 */
function normalised(out: Float32Array, outK: Float32Array, W: number, H: number, channels: number): { plane: Float32Array; known: Mask } {
  const w = Math.ceil(W / 2), h = Math.ceil(H / 2);
  // (a block's pixel count: 4, or 2 or 1 on an odd size's last column and row)
  const lastW = W - 2 * (w - 1), lastH = H - 2 * (h - 1);
  for (let d = 0, by = 0; by < h; by++) {
    const rows = by === h - 1 ? lastH : 2;
    for (let bx = 0; bx < w; bx++, d++) {
      const k = outK[d]!;
      if (k > 0) for (let j = d * channels, end = j + channels; j < end; j++) out[j] = out[j]! / k;
      outK[d] = k / (rows * (bx === w - 1 ? lastW : 2));
    }
  }
  return { plane: out, known: { width: w, height: h, data: outK } };
}

/** Nearest-neighbour upsampling of a 3-float-per-pixel plane. */
export function upsample3(plane: Float32Array, w: number, h: number, width: number, height: number): Float32Array {
  const out = new Float32Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    const sy = Math.min(h - 1, Math.floor((y * h) / height));
    for (let x = 0; x < width; x++) {
      const sx = Math.min(w - 1, Math.floor((x * w) / width));
      const s = (sy * w + sx) * 3, d = (y * width + x) * 3;
      out[d] = plane[s]!;
      out[d + 1] = plane[s + 1]!;
      out[d + 2] = plane[s + 2]!;
    }
  }
  return out;
}

/**
 * Smooths a push-pull fill into a membrane (Laplace) interpolation of its
 * surroundings: successive over-relaxation on the `free` pixels only, each
 * the mean of its neighbours that are known or free (an unknown pixel outside
 * `free` is a free edge, not a value to pull towards). Push-pull fills the
 * middle of a large hole from a coarse level's block average (a chest took the
 * arms' mean tone); the membrane follows the hole's own border (the neck
 * above, the arms beside it). `rgb` (3 floats per pixel) is updated in place.
 */
export function relaxFill(rgb: Float32Array, known: Mask, free: Mask, iterations: number): void {
  const { idx, nb } = relaxedPixels(known.data, free.data, known.width, known.height);
  if (idx.length === 0) return;
  const inv = [0, 1, 1, 0.5, 1, 0.5, 0.5, 1 / 3, 1, 0.5, 0.5, 1 / 3, 0.5, 1 / 3, 1 / 3, 0.25];
  // ω = 1.8: a 60 px hole settles in ~30 sweeps from the push-pull start (plain Gauss–Seidel needs thousands)
  const omega = 1.8;
  for (let it = 0; it < iterations; it++) relaxSweep(rgb, known.width, { idx, nb, inv }, omega);
}

/**
 * relaxFill's pixels: the free, unknown ones off the frame's edge with at
 * least one neighbour known or free (`nb`: its bits, 1 left, 2 right, 4 up, 8
 * down), in row order. A function of plain arrays: with a closure for the
 * neighbour test, relaxFill's optimised loop was tied to one call's masks and
 * thrown away after every job (V8's "weak objects").
 */
function relaxedPixels(known: Float32Array, free: Float32Array, w: number, h: number): { idx: Int32Array; nb: Uint8Array } {
  const list: number[] = [];
  const bits: number[] = [];
  for (let y = 1; y < h - 1; y++) {
    for (let x = 1; x < w - 1; x++) {
      const i = y * w + x;
      if (free[i]! < 0.5 || known[i]! >= 0.5) continue;
      const b = (known[i - 1]! >= 0.5 || free[i - 1]! >= 0.5 ? 1 : 0) | (known[i + 1]! >= 0.5 || free[i + 1]! >= 0.5 ? 2 : 0) | (known[i - w]! >= 0.5 || free[i - w]! >= 0.5 ? 4 : 0) | (known[i + w]! >= 0.5 || free[i + w]! >= 0.5 ? 8 : 0);
      if (b === 0) continue;
      list.push(i);
      bits.push(b);
    }
  }
  return { idx: Int32Array.from(list), nb: Uint8Array.from(bits) };
}

/**
 * One over-relaxation sweep of relaxFill over its pixels `idx` (neighbour bits
 * `nb`, `inv` the mean's factor per bits). A function of its own: called per
 * sweep it is optimised after a few, where inline the sweeps ran unoptimised
 * until an on-stack replacement was compiled, allocating a number per operation.
 */
function relaxSweep(rgb: Float32Array, w: number, pixels: { idx: Int32Array; nb: Uint8Array; inv: number[] }, omega: number): void {
  const { idx, nb, inv } = pixels;
  const up = w * 3;
  for (let k = 0; k < idx.length; k++) {
    const p = idx[k]! * 3, b = nb[k]!;
    if (b === 15) {
      // (all four neighbours, most pixels: the same sums from 0 in the same order, the channels written out)
      rgb[p] = rgb[p]! + omega * ((0 + rgb[p - 3]! + rgb[p + 3]! + rgb[p - up]! + rgb[p + up]!) * 0.25 - rgb[p]!);
      rgb[p + 1] = rgb[p + 1]! + omega * ((0 + rgb[p - 2]! + rgb[p + 4]! + rgb[p + 1 - up]! + rgb[p + 1 + up]!) * 0.25 - rgb[p + 1]!);
      rgb[p + 2] = rgb[p + 2]! + omega * ((0 + rgb[p - 1]! + rgb[p + 5]! + rgb[p + 2 - up]! + rgb[p + 2 + up]!) * 0.25 - rgb[p + 2]!);
      continue;
    }
    const f = inv[b]!;
    for (let c = 0; c < 3; c++) {
      let sum = 0;
      if (b & 1) sum += rgb[p - 3 + c]!;
      if (b & 2) sum += rgb[p + 3 + c]!;
      if (b & 4) sum += rgb[p - up + c]!;
      if (b & 8) sum += rgb[p + up + c]!;
      rgb[p + c] = rgb[p + c]! + omega * (sum * f - rgb[p + c]!);
    }
  }
}
