/**
 * Float mask math on typed arrays: resize, blur, morphology, components.
 * All O(pixels) with running sums, so radius does not change the cost.
 */
import { copyMask, createMask, type Mask } from './image.js';
import type { Box } from './skin-texture.js';

/**
 * Work planes reused between calls (the engine runs one stage at a time in
 * this thread, and no function here calls another that takes the same plane
 * while it holds one): a full-frame typed array per blur or morphology was a
 * large share of the engine's allocation, and its garbage collections cost
 * more than the zero-filling itself. A plane is only ever read where the
 * same call wrote it first (or after an explicit fill).
 */
const work = { runRow: new Int32Array(0), runStart: new Int32Array(0), runEnd: new Int32Array(0), f32: new Float32Array(0), u8: new Uint8Array(0), i32a: new Int32Array(0), i32b: new Int32Array(0), seen: new Uint8Array(0), labels: new Int32Array(0), inv: new Float32Array(0) };

/** The reused float work plane, at least `n` long (contents undefined). */
function workF32(n: number): Float32Array {
  if (work.f32.length < n) work.f32 = new Float32Array(n);
  return work.f32;
}

/** The reused byte work plane, at least `n` long, its first `n` bytes zero. */
function workU8(n: number): Uint8Array {
  if (work.u8.length < n) work.u8 = new Uint8Array(n);
  else work.u8.fill(0, 0, n);
  return work.u8;
}

/** The reused label plane of `keepLargest` and `fillHoles`, `n` long (contents undefined). */
function workLabels(n: number): Int32Array {
  if (work.labels.length < n) work.labels = new Int32Array(n);
  return work.labels.subarray(0, n);
}

/** `growInto`'s own reused planes, at least `n` long: two index lists (contents undefined) and a zeroed byte plane. */
function growWork(n: number): { frontier: Int32Array; next: Int32Array; seen: Uint8Array } {
  if (work.i32a.length < n) work.i32a = new Int32Array(n);
  if (work.i32b.length < n) work.i32b = new Int32Array(n);
  if (work.seen.length < n) work.seen = new Uint8Array(n);
  else work.seen.fill(0, 0, n);
  return { frontier: work.i32a, next: work.i32b, seen: work.seen };
}

/** Bilinear resample of a mask to another size. */
export function resizeMask(mask: Mask, width: number, height: number): Mask {
  if (mask.width === width && mask.height === height) return mask;
  const out = createMask(width, height);
  // the column weights are the same on every row: worked out once (doubles, as computed inline before)
  const cols = resampleAxis(width, mask.width);
  const rows = resampleAxis(height, mask.height);
  const src = mask.data, dst = out.data;
  const w = mask.width;
  for (let y = 0; y < height; y++) {
    const r0 = rows.i0[y]! * w, r1 = rows.i1[y]! * w, ty = rows.t[y]!;
    const row = y * width;
    for (let x = 0; x < width; x++) {
      const x0 = cols.i0[x]!, x1 = cols.i1[x]!, tx = cols.t[x]!;
      const a = src[r0 + x0]! * (1 - tx) + src[r0 + x1]! * tx;
      const b = src[r1 + x0]! * (1 - tx) + src[r1 + x1]! * tx;
      dst[row + x] = a * (1 - ty) + b * ty;
    }
  }
  return out;
}

/** Source pixels and weight along one axis of a bilinear resample from `srcSize` to `outSize` (edge-clamped). */
function resampleAxis(outSize: number, srcSize: number): { i0: Int32Array; i1: Int32Array; t: Float64Array } {
  const i0 = new Int32Array(outSize), i1 = new Int32Array(outSize), t = new Float64Array(outSize);
  const s = srcSize / outSize;
  for (let o = 0; o < outSize; o++) {
    let f = (o + 0.5) * s - 0.5;
    if (f < 0) f = 0;
    const a = Math.min(srcSize - 1, Math.floor(f));
    i0[o] = a;
    i1[o] = Math.min(srcSize - 1, a + 1);
    t[o] = f - a;
  }
  return { i0, i1, t };
}

/** A rectangle of a float plane: its row y starts at `offset + y * stride` of `data`. */
interface Rect {
  data: Float32Array;
  offset: number;
  stride: number;
  width: number;
  height: number;
}

/**
 * Box blur of a float plane (mean over the window's pixels inside the image);
 * 2 passes ≈ a Gaussian. Prefix sums across, running column sums down, so
 * the cost is independent of the radius and memory is walked row by row.
 */
export function boxBlurPlane(src: Float32Array, width: number, height: number, radius: number, passes = 2): Float32Array {
  return boxBlurOwnPlane(new Float32Array(src), width, height, radius, passes);
}

/**
 * `boxBlurPlane` of a plane the caller made for it and reads no more, in
 * place (returned): the copy is a full plane's allocation per blur.
 */
export function boxBlurOwnPlane(data: Float32Array, width: number, height: number, radius: number, passes = 2): Float32Array {
  boxBlurInPlace({ data, offset: 0, stride: width, width, height }, radius, passes);
  return data;
}

/** `boxBlurPlane` of the rectangle `g` into itself (the rectangle is the image: its edge clamps the window). */
function boxBlurInPlace(g: Rect, radius: number, passes: number): void {
  const r = Math.round(radius);
  if (r < 1) return;
  if (r === 1) return blur3(g, passes);
  const { data: a, offset, stride, width, height } = g;
  const tmp = workF32(width * height);
  const prefix = new Float64Array(width + 1);
  const colSum = new Float64Array(width);
  for (let p = 0; p < passes; p++) {
    for (let y = 0; y < height; y++) boxBlurRow(a, offset + y * stride, tmp, y * width, width, r, prefix);
    colSum.fill(0);
    for (let y = 0; y <= Math.min(height - 1, r); y++) {
      const row = y * width;
      for (let x = 0; x < width; x++) colSum[x] = colSum[x]! + tmp[row + x]!;
    }
    for (let y = 0; y < height; y++) {
      const lo = y - r < 0 ? 0 : y - r;
      const hi = y + r >= height ? height - 1 : y + r;
      const inv = 1 / (hi - lo + 1);
      const row = offset + y * stride;
      const add = y + r + 1 < height ? (y + r + 1) * width : -1, drop = y - r >= 0 ? (y - r) * width : -1;
      // (the common case, a row entering and one leaving the window, in one sweep: the same sums in the same order)
      if (add >= 0 && drop >= 0) {
        for (let x = 0; x < width; x++) {
          const c = colSum[x]!;
          a[row + x] = c * inv;
          colSum[x] = c + tmp[add + x]! - tmp[drop + x]!;
        }
        continue;
      }
      for (let x = 0; x < width; x++) a[row + x] = colSum[x]! * inv;
      if (add >= 0) for (let x = 0; x < width; x++) colSum[x] = colSum[x]! + tmp[add + x]!;
      if (drop >= 0) for (let x = 0; x < width; x++) colSum[x] = colSum[x]! - tmp[drop + x]!;
    }
  }
}

/**
 * One row of the box blur across: the mean of `src[from..]`'s window of
 * radius `r` into `dst[to..]`, by prefix sums (`prefix`, width + 1, reused).
 * The window is clipped only within `r` of either end, so the middle divides
 * by the full window without testing the ends (a third faster).
 */
function boxBlurRow(src: Float32Array, from: number, dst: Float32Array, to: number, width: number, r: number, prefix: Float64Array): void {
  // (the running sum kept in a local: the same additions, without reading back each store)
  let acc = prefix[0]!;
  for (let x = 0; x < width; x++) prefix[x + 1] = acc = acc + src[from + x]!;
  const full = 2 * r + 1;
  const midLo = Math.min(r, width), midHi = Math.max(midLo, width - r);
  for (let x = 0; x < midLo; x++) {
    const hi = x + r >= width ? width - 1 : x + r;
    dst[to + x] = (prefix[hi + 1]! - prefix[0]!) / (hi + 1);
  }
  for (let x = midLo; x < midHi; x++) dst[to + x] = (prefix[x + r + 1]! - prefix[x - r]!) / full;
  for (let x = midHi; x < width; x++) {
    const lo = x - r < 0 ? 0 : x - r;
    dst[to + x] = (prefix[width]! - prefix[lo]!) / (width - lo);
  }
}

/** The radius-1 case (most calls: feathering, 1 px morphology) with direct neighbour sums, ~3× faster. */
function blur3(g: Rect, passes: number): void {
  const { data: a, offset, stride, width, height } = g;
  const tmp = workF32(width * height);
  for (let p = 0; p < passes; p++) {
    for (let y = 0; y < height; y++) {
      const row = offset + y * stride, out = y * width;
      if (width === 1) { tmp[out] = a[row]!; continue; }
      tmp[out] = (a[row]! + a[row + 1]!) / 2;
      // (the three taps slide along in locals: one read per pixel, the same sums)
      let left = a[row]!, mid = a[row + 1]!;
      for (let x = 1; x < width - 1; x++) {
        const right = a[row + x + 1]!;
        tmp[out + x] = (left + mid + right) / 3;
        left = mid;
        mid = right;
      }
      tmp[out + width - 1] = (a[row + width - 2]! + a[row + width - 1]!) / 2;
    }
    for (let y = 0; y < height; y++) {
      const row = y * width;
      const up = y > 0 ? row - width : -1, down = y < height - 1 ? row + width : -1;
      const n = 1 + (up >= 0 ? 1 : 0) + (down >= 0 ? 1 : 0);
      const out = offset + y * stride;
      if (up >= 0 && down >= 0) {
        // (an inner row, most of them: no tests per pixel, the same sums in the same order)
        for (let x = 0; x < width; x++) a[out + x] = (tmp[row + x]! + tmp[up + x]! + tmp[down + x]!) / 3;
        continue;
      }
      for (let x = 0; x < width; x++) {
        let v = tmp[row + x]!;
        if (up >= 0) v += tmp[up + x]!;
        if (down >= 0) v += tmp[down + x]!;
        a[out + x] = v / n;
      }
    }
  }
}

/**
 * Runs `op` on the rectangle of `mask` around its non-zero pixels (padded by
 * `pad`): masks here cover a fraction of the image, and blurs and morphology
 * of zeros are zeros. `op` reads the rectangle in `mask` itself (`src`, no
 * copy) and writes its result into the same rectangle of a new zero mask
 * (`dst`), which is returned. The rectangle's edge is the image's edge to
 * `op`: the pad keeps it out of the op's reach. `within`: a box the caller
 * knows to hold every pixel the op reads as non-zero (see MaskBox), used
 * instead of scanning the frame for it.
 */
function onBounds(mask: Mask, pad: number, op: (src: Rect, dst: Rect) => void, within?: MaskBox): Mask {
  const out = createMask(mask.width, mask.height);
  const b = within === undefined ? maskBounds(mask, 1e-6) : within;
  if (!b || b.x1 < b.x0 || b.y1 < b.y0) return out;
  const x0 = Math.max(0, b.x0 - pad), y0 = Math.max(0, b.y0 - pad);
  const x1 = Math.min(mask.width - 1, b.x1 + pad), y1 = Math.min(mask.height - 1, b.y1 + pad);
  const rect = (data: Float32Array): Rect => ({ data, offset: y0 * mask.width + x0, stride: mask.width, width: x1 - x0 + 1, height: y1 - y0 + 1 });
  op(rect(mask.data), rect(out.data));
  return out;
}

/**
 * A box holding every pixel of a mask that an operation reads as non-zero, which the caller
 * already knows (the box it drew the mask in): blurMask, morph and morphPair then work on it
 * grown by their reach instead of scanning the frame for the mask's bounds. For morphology it
 * holds every pixel from 0.5; for a blur every pixel above 0 (the scan's bounds leave out pixels
 * below 1e-6: with such pixels in the box but off those bounds the blur differs by them). Null or
 * an empty box: no such pixel. The result is the same as without it, pixel for pixel: zeros
 * before a running sum or count add nothing.
 */
export type MaskBox = Box | null | undefined;

/** Box blur of a mask (boxBlurPlane, within the mask's bounds grown by the blur's reach); `within`: see MaskBox. */
export function blurMask(mask: Mask, radius: number, passes = 2, within?: MaskBox): Mask {
  const r = Math.round(radius);
  // pad by the full reach, plus the same again so the rectangle's edge normalisation stays out of reach
  return onBounds(mask, 2 * r * passes + 1, (src, dst) => {
    for (let y = 0; y < src.height; y++) {
      const from = src.offset + y * src.stride;
      dst.data.set(src.data.subarray(from, from + src.width), dst.offset + y * dst.stride);
    }
    boxBlurInPlace(dst, radius, passes);
  }, within);
}

/** Binary dilation (radius > 0) or erosion (radius < 0) by a square, threshold 0.5; `within`: see MaskBox. */
export function morph(mask: Mask, radius: number, within?: MaskBox): Mask {
  const r = Math.abs(Math.round(radius));
  if (r === 0) return mask;
  // (erosion: the empty outside stays empty)
  return onBounds(mask, 2 * r + 1, (src, dst) => morphFull(src, radius > 0 ? r : -r, dst), within);
}

/**
 * `morph(morph(mask, first), second)` (a closing or an opening) on one
 * rectangle: the same pixels, one full-size mask less. The pad keeps the
 * first step's growth (≤ r1) and the second step's window (r2) off the
 * rectangle's edge, so neither sees the edge where the whole image has zeros.
 * `within`: see MaskBox.
 */
export function morphPair(mask: Mask, first: number, second: number, within?: MaskBox): Mask {
  const r1 = Math.abs(Math.round(first)), r2 = Math.abs(Math.round(second));
  if (r1 === 0 || r2 === 0) return morph(morph(mask, first, within), second);
  return onBounds(mask, 2 * (r1 + r2) + 1, (src, dst) => {
    morphFull(src, first > 0 ? r1 : -r1, dst);
    morphFull(dst, second > 0 ? r2 : -r2, dst);
  }, within);
}

/**
 * Dilation (radius > 0) or erosion (< 0) of the rectangle `src` >= 0.5 by a
 * (2r+1)² square clipped to the rectangle, into `dst` (of its size; may be
 * `src`: it is read whole first): a pixel is touched when any pixel of the
 * other state lies in its window. Rows, then columns: the rows' spread as
 * bytes, the columns' with a running count written straight into `dst`.
 */
function morphFull(src: Rect, radius: number, dst: Rect): void {
  const r = Math.abs(Math.round(radius));
  const dilate = radius > 0;
  const { width, height } = src;
  const rows = spreadRows(src, dilate, r);
  const hit = dilate ? 1 : 0, miss = dilate ? 0 : 1;
  const count = new Int32Array(width);
  for (let y = 0; y < Math.min(height, r); y++) {
    for (let x = 0, row = y * width; x < width; x++) count[x] = count[x]! + rows[row + x]!;
  }
  const out = dst.data;
  for (let y = 0; y < height; y++) {
    const add = y + r < height ? (y + r) * width : -1, drop = y - r - 1 >= 0 ? (y - r - 1) * width : -1;
    const to = dst.offset + y * dst.stride;
    if (add >= 0 && drop >= 0) {
      // (a row entering the window and one leaving it, most rows: no tests per pixel, the same counts)
      for (let x = 0; x < width; x++) {
        const c = count[x]! + rows[add + x]! - rows[drop + x]!;
        count[x] = c;
        out[to + x] = c > 0 ? hit : miss;
      }
      continue;
    }
    for (let x = 0; x < width; x++) {
      let c = count[x]!;
      if (add >= 0) c += rows[add + x]!;
      if (drop >= 0) c -= rows[drop + x]!;
      count[x] = c;
      out[to + x] = c > 0 ? hit : miss;
    }
  }
}

/**
 * 1 where a pixel of the state being spread ((`src` >= 0.5) === `dilate`)
 * lies within `r` px along the row (window clipped to the row). Each such
 * pixel sets its window from where the previous one's ended: one write per
 * output byte, none over empty stretches (twice as fast as a running count).
 */
function spreadRows(src: Rect, dilate: boolean, r: number): Uint8Array {
  const { width, height, data } = src;
  const out = workU8(width * height);
  for (let y = 0; y < height; y++) {
    const from = src.offset + y * src.stride, row = y * width;
    let filled = -1;
    for (let x = 0; x < width; x++) {
      if ((data[from + x]! >= 0.5) !== dilate) continue;
      let lo = x - r;
      if (lo <= filled) lo = filled + 1;
      if (lo < 0) lo = 0;
      const hi = x + r < width ? x + r : width - 1;
      for (let k = lo; k <= hi; k++) out[row + k] = 1;
      filled = hi;
    }
  }
  return out;
}

/**
 * 1 where `mask` ≥ `t`, else 0, a new mask. `within`: a box the caller knows to hold every pixel ≥ `t`
 * (see MaskBox; null or empty: none), read instead of the whole frame; the same mask.
 */
export function threshold(mask: Mask, t = 0.5, within?: MaskBox): Mask {
  const out = createMask(mask.width, mask.height);
  const b = within === undefined ? { x0: 0, y0: 0, x1: mask.width - 1, y1: mask.height - 1 } : within;
  for (let y = b ? b.y0 : 0; b && y <= b.y1; y++) {
    for (let i = y * mask.width + b.x0, end = y * mask.width + b.x1; i <= end; i++) out.data[i] = mask.data[i]! >= t ? 1 : 0;
  }
  return out;
}

/**
 * Labels 4-connected components of mask >= 0.5; returns labels and sizes
 * (index 0 unused). Labels are numbered in raster order of each component's
 * first pixel. On runs rather than pixels: the runs of each row are joined to
 * the runs they overlap in the row above (union-find), then written out once;
 * a flood fill visited every pixel through a stack, about three times slower
 * on the full-size masks the engine labels.
 */
export function components(mask: Mask): { labels: Int32Array; sizes: number[] } {
  return labelInto(mask, new Int32Array(mask.data.length));
}

/**
 * `components` written into `labels` (the mask's size, any contents): for
 * the callers here that read the labels only before they return, which take
 * the reused work plane instead of a new full-frame array.
 */
function labelInto(mask: Mask, labels: Int32Array): { labels: Int32Array; sizes: number[] } {
  const { width } = mask;
  const runs = maskRuns(mask);
  const count = runs.count;
  const parent = new Int32Array(count);
  for (let r = 0; r < count; r++) parent[r] = r;
  // the runs of the row above, a window that slides along as the row's runs are joined to it
  let above = 0;
  for (let r = 0; r < count; r++) {
    const row = runs.row[r]!;
    while (above < r && (runs.row[above]! < row - 1 || (runs.row[above] === row - 1 && runs.end[above]! < runs.start[r]!))) above++;
    for (let q = above; q < r && runs.row[q] === row - 1 && runs.start[q]! <= runs.end[r]!; q++) join(parent, q, r);
  }
  // (every pixel is labelled: 0 first, then each run's label over it)
  labels.fill(0, 0, mask.data.length);
  const sizes = [0];
  const label = new Int32Array(count);
  for (let r = 0; r < count; r++) {
    const root = find(parent, r);
    // (a root is its component's first run in raster order: joins keep the smaller index as the root)
    if (root === r) label[r] = sizes.push(0) - 1;
    const l = label[root]!;
    label[r] = l;
    const from = runs.row[r]! * width;
    labels.fill(l, from + runs.start[r]!, from + runs.end[r]! + 1);
    sizes[l] = sizes[l]! + runs.end[r]! - runs.start[r]! + 1;
  }
  return { labels, sizes };
}

/**
 * The runs of mask >= 0.5 along each row, in raster order: row, first and
 * last column (the first `count` entries of reused work arrays, grown as
 * needed: one sweep of the mask, where counting the runs first took two).
 */
function maskRuns(mask: Mask): { row: Int32Array; start: Int32Array; end: Int32Array; count: number } {
  const { width, height, data } = mask;
  let { runRow: row, runStart: start, runEnd: end } = work;
  let r = -1;
  for (let y = 0; y < height; y++) {
    let inside = false;
    for (let x = 0, i = y * width; x < width; x++, i++) {
      const on = data[i]! >= 0.5;
      if (on && !inside) {
        if (++r >= row.length) ({ row, start, end } = growRuns(r + 1));
        row[r] = y;
        start[r] = x;
      }
      if (on) end[r] = x;
      inside = on;
    }
  }
  return { row, start, end, count: r + 1 };
}

/** The reused run arrays of maskRuns grown to hold at least `n` runs (doubling; the runs so far kept). */
function growRuns(n: number): { row: typeof work.runRow; start: typeof work.runRow; end: typeof work.runRow } {
  const size = Math.max(n, 2 * work.runRow.length, 1024);
  const grow = (a: Int32Array): typeof work.runRow => {
    const b = new Int32Array(size);
    b.set(a);
    return b;
  };
  work.runRow = grow(work.runRow);
  work.runStart = grow(work.runStart);
  work.runEnd = grow(work.runEnd);
  return { row: work.runRow, start: work.runStart, end: work.runEnd };
}

/** The root of run `r` (paths halved on the way). */
function find(parent: Int32Array, r: number): number {
  while (parent[r] !== r) {
    parent[r] = parent[parent[r]!]!;
    r = parent[r]!;
  }
  return r;
}

/** Joins the sets of runs `a` and `b`; the smaller root stays the root. */
function join(parent: Int32Array, a: number, b: number): void {
  const ra = find(parent, a), rb = find(parent, b);
  if (ra < rb) parent[rb] = ra;
  else if (rb < ra) parent[ra] = rb;
}

/**
 * The components of `mask` (≥ 0.5) that hold a pixel of `seed` (≥ 0.5), as 1
 * (a new mask): what grew from the seed and is still joined to it, without the
 * pieces a growth or an erosion left standing apart.
 */
export function componentsTouching(mask: Mask, seed: Mask): Mask {
  const { labels, sizes } = labelInto(mask, workLabels(mask.data.length));
  const held = new Uint8Array(sizes.length);
  for (let i = 0; i < labels.length; i++) if (labels[i]! > 0 && seed.data[i]! >= 0.5) held[labels[i]!] = 1;
  const out = createMask(mask.width, mask.height);
  for (let i = 0; i < labels.length; i++) if (held[labels[i]!] === 1) out.data[i] = 1;
  return out;
}

/** Keeps components at least `minFraction` of the largest one. */
export function keepLargest(mask: Mask, minFraction = 1): Mask {
  const { labels, sizes } = labelInto(mask, workLabels(mask.data.length));
  let largest = 0;
  for (const s of sizes) if (s > largest) largest = s;
  const keep = new Uint8Array(sizes.length);
  for (let l = 1; l < sizes.length; l++) keep[l] = sizes[l]! >= largest * minFraction ? 1 : 0;
  const out = createMask(mask.width, mask.height);
  for (let i = 0; i < labels.length; i++) if (keep[labels[i]!] === 1) out.data[i] = mask.data[i]!;
  return out;
}

/**
 * Per pixel, the area of the enclosed hole of `mask` (< 0.5) it lies in: a
 * piece of the mask's outside that touches no border of the frame (as
 * fillHoles finds them); 0 on the mask and on its open outside. What a caller
 * filling only small holes reads.
 */
export function holeAreas(mask: Mask): Int32Array {
  const { width, height } = mask;
  const n = mask.data.length;
  // (the gaps and their labels in the reused work planes, as fillHoles has them: read only here)
  if (work.inv.length < n) work.inv = new Float32Array(n);
  const gaps: Mask = { width, height, data: work.inv.subarray(0, n) };
  for (let i = 0; i < n; i++) gaps.data[i] = mask.data[i]! >= 0.5 ? 0 : 1;
  const { labels, sizes } = labelInto(gaps, workLabels(n));
  const open = new Uint8Array(sizes.length);
  for (let x = 0; x < width; x++) open[labels[x]!] = open[labels[(height - 1) * width + x]!] = 1;
  for (let y = 0; y < height; y++) open[labels[y * width]!] = open[labels[y * width + width - 1]!] = 1;
  const area = new Int32Array(width * height);
  for (let i = 0; i < area.length; i++) {
    const l = labels[i]!;
    if (gaps.data[i]! >= 0.5 && open[l] === 0) area[i] = sizes[l]!;
  }
  return area;
}

/** Fills holes: background regions not connected to the border become foreground. */
export function fillHoles(mask: Mask): Mask {
  const n = mask.data.length;
  if (work.inv.length < n) work.inv = new Float32Array(n);
  const inv: Mask = { width: mask.width, height: mask.height, data: work.inv.subarray(0, n) };
  for (let i = 0; i < n; i++) inv.data[i] = mask.data[i]! >= 0.5 ? 0 : 1;
  const { labels, sizes } = labelInto(inv, workLabels(n));
  const outside = new Uint8Array(sizes.length);
  const { width, height } = mask;
  for (let x = 0; x < width; x++) {
    outside[labels[x]!] = 1;
    outside[labels[(height - 1) * width + x]!] = 1;
  }
  for (let y = 0; y < height; y++) {
    outside[labels[y * width]!] = 1;
    outside[labels[y * width + width - 1]!] = 1;
  }
  const out = createMask(width, height);
  for (let i = 0; i < out.data.length; i++) {
    out.data[i] = mask.data[i]! >= 0.5 ? mask.data[i]! : outside[labels[i]!] === 1 ? 0 : 1;
  }
  return out;
}

/** The pixelwise maximum of masks of one size, a new mask. */
export function unionMask(first: Mask, ...rest: Mask[]): Mask {
  const out = createMask(first.width, first.height);
  if (rest.length < 2) {
    out.data.set(first.data);
    return unionInto(out, ...rest);
  }
  // (the first two of the rest max-combined with `first` as it is copied: one pass over the frame less, the same comparisons in the same order)
  const o = out.data, f = first.data, a = rest[0]!.data, b = rest[1]!.data;
  for (let i = 0; i < o.length; i++) {
    let v = f[i]!;
    const va = a[i]!, vb = b[i]!;
    if (va > v) v = va;
    if (vb > v) v = vb;
    o[i] = v;
  }
  return unionInto(out, ...rest.slice(2));
}

/** `unionMask` drawn into `target` itself (a mask of the caller's own that nothing else reads), one copy less. */
export function unionInto(target: Mask, ...rest: Mask[]): Mask {
  const o = target.data;
  // (three masks a pass, then the rest: the maximum is associative, so the maxima are the same as one pass per mask, in half the time;
  // comparisons rather than Math.max, which V8 does not inline with four arguments)
  let k = 0;
  for (; k + 3 <= rest.length; k += 3) {
    const a = rest[k]!.data, b = rest[k + 1]!.data, c = rest[k + 2]!.data;
    for (let i = 0; i < o.length; i++) {
      let v = o[i]!;
      const va = a[i]!, vb = b[i]!, vc = c[i]!;
      if (va > v) v = va;
      if (vb > v) v = vb;
      if (vc > v) v = vc;
      o[i] = v;
    }
  }
  for (; k < rest.length; k++) {
    const d = rest[k]!.data;
    for (let i = 0; i < o.length; i++) if (d[i]! > o[i]!) o[i] = d[i]!;
  }
  return target;
}

/**
 * `source` max-combined into `target` (same size) within `box` only: where
 * `source` is zero outside the box (a drawn shape and the box its drawing
 * returned) this is unionInto at the cost of the box, not the frame.
 */
export function unionBoxInto(target: Mask, source: Mask, box: Box): Mask {
  const o = target.data, d = source.data, w = target.width;
  const x0 = Math.max(0, box.x0), x1 = Math.min(w - 1, box.x1);
  for (let y = Math.max(0, box.y0); y <= Math.min(target.height - 1, box.y1); y++) {
    for (let i = y * w + x0, end = y * w + x1; i <= end; i++) if (d[i]! > o[i]!) o[i] = d[i]!;
  }
  return target;
}

/** Whether the pixel nearest (x, y) lies inside the mask at ≥ `t` (false off the frame). */
export function onMask(mask: Mask, x: number, y: number, t = 0.5): boolean {
  const xi = Math.round(x), yi = Math.round(y);
  return xi >= 0 && yi >= 0 && xi < mask.width && yi < mask.height && mask.data[yi * mask.width + xi]! >= t;
}

export function maskArea(mask: Mask, t = 0.5): number {
  let n = 0;
  for (let i = 0; i < mask.data.length; i++) if (mask.data[i]! >= t) n++;
  return n;
}

/**
 * The first and last column of row `y` of `mask` whose value is not 0 (−0
 * counts as 0), or null when the whole row is 0: the span outside which a
 * row-wise operation on the mask has nothing to do.
 */
export function nonZeroSpan(mask: Mask, y: number): { a: number; b: number } | null {
  const { width: w, data } = mask;
  const row = y * w;
  let a = 0;
  while (a < w && data[row + a] === 0) a++;
  if (a === w) return null;
  let b = w - 1;
  while (data[row + b] === 0) b--;
  return { a, b };
}

/**
 * Bounding box of mask >= t, or null when empty. The first and last rows
 * with a pixel bound it from above and below; between them only the parts
 * of each row outside the box so far can widen it, so the scan reads little
 * more than the frame outside the box.
 */
export function maskBounds(mask: Mask, t = 0.5): { x0: number; y0: number; x1: number; y1: number } | null {
  const { width: w, height: h } = mask;
  const scan = rowScan(mask, t);
  let y0 = 0, x0 = -1;
  // (whole blocks of empty rows above and below the mask skipped first, one comparison each: see ZERO_ROWS)
  while (y0 + ZERO_ROWS <= h && scan.emptyRows(y0, y0 + ZERO_ROWS)) y0 += ZERO_ROWS;
  for (; y0 < h; y0++) if ((x0 = scan.first(y0 * w, 0, w)) >= 0) break;
  if (x0 < 0) return null;
  let x1 = scan.last(y0 * w, x0, w), y1 = y0;
  let below = h;
  while (below - ZERO_ROWS > y0 && scan.emptyRows(below - ZERO_ROWS, below)) below -= ZERO_ROWS;
  for (let y = below - 1; y > y0; y--) {
    const first = scan.first(y * w, 0, w);
    if (first < 0) continue;
    y1 = y;
    x0 = Math.min(x0, first);
    x1 = Math.max(x1, scan.last(y * w, x1 + 1, w));
    break;
  }
  // (row y's part right of the box and row y + 1's part left of it lie next to each other in the
  // data: while empty, one comparison for both; row y0's right part and row y1's left part hold none)
  for (let y = y0; y < y1; y++) {
    if (scan.empty(y * w + x1 + 1, (y + 1) * w + x0)) continue;
    if (y > y0) x1 = Math.max(x1, scan.last(y * w, x1 + 1, w));
    const first = y + 1 < y1 ? scan.first((y + 1) * w, 0, x0) : -1;
    if (first >= 0) x0 = first;
  }
  return { x0, y0, x1, y1 };
}

/** Spans at least this long (px) are first compared whole with zero bytes (memcmp): a mask is mostly empty frame. */
const ZERO_SPAN = 32;
/**
 * Rows maskBounds compares with zero bytes at once above and below the mask: each comparison
 * costs about as much in the call itself as in reading one row, and a mask of a part (a hand, a
 * cuff) has hundreds of empty rows round it.
 */
const ZERO_ROWS = 16;
let zeroBytes = Buffer.alloc(0);

interface RowScan {
  first: (row: number, from: number, to: number) => number;
  last: (row: number, from: number, to: number) => number;
  /** True when rows y0..y1 − 1 are all zero bytes (so none holds a pixel >= t); false when unsure (t <= 0). */
  emptyRows: (y0: number, y1: number) => boolean;
  /** True when pixels a..b − 1 (indices into the data) are all zero bytes; false when unsure (t <= 0, or a span under ZERO_SPAN). */
  empty: (a: number, b: number) => boolean;
}

/**
 * The first / last pixel >= t of `mask` in [from, to) of the row starting at
 * `row`, -1 when none. For t > 0 a long span of zero bytes (all +0) holds
 * none and is skipped by one comparison instead of a pixel loop.
 */
function rowScan(mask: Mask, t: number): RowScan {
  const data = mask.data, w = mask.width;
  if (zeroBytes.length < w * ZERO_ROWS * 4) zeroBytes = Buffer.alloc(w * ZERO_ROWS * 4);
  const bytes = t > 0 ? Buffer.from(data.buffer, data.byteOffset, data.byteLength) : null;
  const zero = (a: number, b: number): boolean => bytes !== null && b - a >= ZERO_SPAN && bytes.compare(zeroBytes, 0, (b - a) * 4, a * 4, b * 4) === 0;
  return {
    emptyRows: (y0, y1) => zero(y0 * w, y1 * w),
    empty: zero,
    first(row, from, to) {
      if (zero(row + from, row + to)) return -1;
      for (let x = from; x < to; x++) if (data[row + x]! >= t) return x;
      return -1;
    },
    last(row, from, to) {
      if (zero(row + from, row + to)) return -1;
      for (let x = to - 1; x >= from; x--) if (data[row + x]! >= t) return x;
      return -1;
    },
  };
}

/**
 * Chessboard distance (px) from each pixel to the nearest pixel of mask >= 0.5,
 * capped at `cap` (0 on the mask). `distance <= r` is the dilation by a
 * (2r+1)² square, as `morph(mask, r)`: one transform serves several radii
 * (two forward/backward sweeps, ~2 ms at 384×512 against ~5 ms per morph).
 */
export function chessboardDistance(mask: Mask, cap: number): Uint8Array {
  const { width: w, height: h } = mask;
  const c = Math.min(255, Math.max(1, Math.round(cap)));
  const d = new Uint8Array(w * h);
  for (let i = 0; i < d.length; i++) d[i] = mask.data[i]! >= 0.5 ? 0 : c;
  // forward: left, up-left, up, up-right; backward: right, down-right, down, down-left
  for (let y = 0; y < h; y++) sweepRow(d, w, y * w, y > 0 ? -w : 0, 1);
  for (let y = h - 1; y >= 0; y--) sweepRow(d, w, y * w, y < h - 1 ? w : 0, -1);
  return d;
}

/**
 * One row of a chessboard sweep in direction `dir` (1: left to right, -1:
 * right to left), from the row before it (`prev` offset, 0 for none) and the
 * pixel before it on the row. The row's two end pixels test for their missing
 * neighbours (sweepEnd); the ones between, most of them, have all of theirs.
 */
function sweepRow(d: Uint8Array, w: number, row: number, prev: number, dir: 1 | -1): void {
  const first = dir === 1 ? row : row + w - 1, last = first + (w - 1) * dir;
  sweepEnd(d, first, prev, 0, w > 1 ? dir : 0);
  if (w < 2) return;
  if (prev !== 0) {
    for (let i = first + dir; i !== last; i += dir) {
      let v = d[i]!;
      if (v === 0) continue;
      const j = i + prev;
      if (d[i - dir]! + 1 < v) v = d[i - dir]! + 1;
      if (d[j]! + 1 < v) v = d[j]! + 1;
      if (d[j - dir]! + 1 < v) v = d[j - dir]! + 1;
      if (d[j + dir]! + 1 < v) v = d[j + dir]! + 1;
      d[i] = v;
    }
  } else {
    for (let i = first + dir; i !== last; i += dir) if (d[i]! !== 0 && d[i - dir]! + 1 < d[i]!) d[i] = d[i - dir]! + 1;
  }
  sweepEnd(d, last, prev, dir, 0);
}

/** sweepRow at pixel `i` with the neighbours it has: `before`/`after` the step back/on along the row, 0 for none. */
function sweepEnd(d: Uint8Array, i: number, prev: number, before: number, after: number): void {
  let v = d[i]!;
  if (v === 0) return;
  if (before !== 0 && d[i - before]! + 1 < v) v = d[i - before]! + 1;
  if (prev !== 0) {
    const j = i + prev;
    if (d[j]! + 1 < v) v = d[j]! + 1;
    if (before !== 0 && d[j - before]! + 1 < v) v = d[j - before]! + 1;
    if (after !== 0 && d[j + after]! + 1 < v) v = d[j + after]! + 1;
  }
  d[i] = v;
}

/** `grown`, a copy of the mask grown breadth-first into 4-neighbours that `accept` takes, up to `reach` steps. */
export function growInto(source: Mask, reach: number, accept: (index: number) => boolean): Mask {
  const { width: w, height: h } = source;
  const mask = copyMask(source);
  const planes = growWork(w * h);
  const seen = planes.seen;
  let { frontier, next } = planes;
  let nf = 0;
  const m = mask.data;
  // (every pixel of the mask is seen; only those with a 4-neighbour off it can reach a new one: a pixel
  // inside the mask found every neighbour seen, so the first step took the same pixels in the same order without them)
  // (only the box of the mask's pixels holds any: scanned in the same raster order)
  const b = maskBounds(source) ?? { x0: 0, y0: 0, x1: -1, y1: -1 };
  for (let y = b.y0; y <= b.y1; y++) {
    for (let x = b.x0, i = y * w + b.x0; x <= b.x1; x++, i++) {
      if (!(m[i]! >= 0.5)) continue;
      seen[i] = 1;
      if ((x > 0 && !(m[i - 1]! >= 0.5)) || (x < w - 1 && !(m[i + 1]! >= 0.5)) || (y > 0 && !(m[i - w]! >= 0.5)) || (y < h - 1 && !(m[i + w]! >= 0.5))) frontier[nf++] = i;
    }
  }
  const visit = (q: number): boolean => {
    seen[q] = 1;
    if (!accept(q)) return false;
    mask.data[q] = 1;
    return true;
  };
  for (let d = 1; d <= reach && nf > 0; d++) {
    let nn = 0;
    for (let k = 0; k < nf; k++) {
      const p = frontier[k]!;
      const x = p % w;
      if (x > 0 && !seen[p - 1] && visit(p - 1)) next[nn++] = p - 1;
      if (x < w - 1 && !seen[p + 1] && visit(p + 1)) next[nn++] = p + 1;
      if (p >= w && !seen[p - w] && visit(p - w)) next[nn++] = p - w;
      if (p + w < w * h && !seen[p + w] && visit(p + w)) next[nn++] = p + w;
    }
    [frontier, next] = [next, frontier];
    nf = nn;
  }
  return mask;
}
