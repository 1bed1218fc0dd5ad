/**
 * Float mask math on typed arrays: resize, blur, morphology, components.
 * All O(pixels) with running sums, so radius does not change the cost.
 */
import { createMask, type Mask } from './image.js';

/** Bilinear resample of a mask to another size. */
export function resizeMask(mask: Mask, width: number, height: number): Mask {
  if (mask.width === width && mask.height === height) return mask;
  const out = createMask(width, height);
  const sx = mask.width / width;
  const sy = mask.height / height;
  const src = mask.data;
  const w = mask.width;
  for (let y = 0; y < height; y++) {
    let fy = (y + 0.5) * sy - 0.5;
    if (fy < 0) fy = 0;
    const y0 = Math.min(mask.height - 1, Math.floor(fy));
    const y1 = Math.min(mask.height - 1, y0 + 1);
    const ty = fy - y0;
    for (let x = 0; x < width; x++) {
      let fx = (x + 0.5) * sx - 0.5;
      if (fx < 0) fx = 0;
      const x0 = Math.min(w - 1, Math.floor(fx));
      const x1 = Math.min(w - 1, x0 + 1);
      const tx = fx - x0;
      const a = src[y0 * w + x0]! * (1 - tx) + src[y0 * w + x1]! * tx;
      const b = src[y1 * w + x0]! * (1 - tx) + src[y1 * w + x1]! * tx;
      out.data[y * width + x] = a * (1 - ty) + b * ty;
    }
  }
  return out;
}

/**
 * Box blur of a float plane (mean over the window's pixels inside the image);
 * 2 passes ≈ a Gaussian. Prefix sums across, running column sums down, so
 * the cost is independent of the radius and memory is walked row by row.
 */
export function boxBlurPlane(src: Float32Array, width: number, height: number, radius: number, passes = 2): Float32Array {
  const a = new Float32Array(src);
  const r = Math.round(radius);
  if (r < 1) return a;
  if (r === 1) return blur3(a, width, height, passes);
  const tmp = new Float32Array(a.length);
  const prefix = new Float64Array(width + 1);
  const colSum = new Float64Array(width);
  for (let p = 0; p < passes; p++) {
    for (let y = 0; y < height; y++) {
      const row = y * width;
      for (let x = 0; x < width; x++) prefix[x + 1] = prefix[x]! + a[row + x]!;
      for (let x = 0; x < width; x++) {
        const lo = x - r < 0 ? 0 : x - r;
        const hi = x + r >= width ? width - 1 : x + r;
        tmp[row + x] = (prefix[hi + 1]! - prefix[lo]!) / (hi - lo + 1);
      }
    }
    colSum.fill(0);
    for (let y = 0; y <= Math.min(height - 1, r); y++) {
      const row = y * width;
      for (let x = 0; x < width; x++) colSum[x] = colSum[x]! + tmp[row + x]!;
    }
    for (let y = 0; y < height; y++) {
      const lo = y - r < 0 ? 0 : y - r;
      const hi = y + r >= height ? height - 1 : y + r;
      const inv = 1 / (hi - lo + 1);
      const row = y * width;
      for (let x = 0; x < width; x++) a[row + x] = colSum[x]! * inv;
      const add = y + r + 1, drop = y - r;
      if (add < height) {
        const ra = add * width;
        for (let x = 0; x < width; x++) colSum[x] = colSum[x]! + tmp[ra + x]!;
      }
      if (drop >= 0) {
        const rd = drop * width;
        for (let x = 0; x < width; x++) colSum[x] = colSum[x]! - tmp[rd + x]!;
      }
    }
  }
  return a;
}

/** The radius-1 case (most calls: feathering, 1 px morphology) with direct neighbour sums, ~3× faster. */
function blur3(a: Float32Array, width: number, height: number, passes: number): Float32Array {
  const tmp = new Float32Array(a.length);
  for (let p = 0; p < passes; p++) {
    for (let y = 0; y < height; y++) {
      const row = y * width;
      if (width === 1) { tmp[row] = a[row]!; continue; }
      tmp[row] = (a[row]! + a[row + 1]!) / 2;
      for (let x = 1; x < width - 1; x++) tmp[row + x] = (a[row + x - 1]! + a[row + x]! + a[row + x + 1]!) / 3;
      tmp[row + width - 1] = (a[row + width - 2]! + a[row + width - 1]!) / 2;
    }
    for (let y = 0; y < height; y++) {
      const row = y * width;
      const up = y > 0 ? row - width : -1, down = y < height - 1 ? row + width : -1;
      const n = 1 + (up >= 0 ? 1 : 0) + (down >= 0 ? 1 : 0);
      for (let x = 0; x < width; x++) {
        let v = tmp[row + x]!;
        if (up >= 0) v += tmp[up + x]!;
        if (down >= 0) v += tmp[down + x]!;
        a[row + x] = v / n;
      }
    }
  }
  return a;
}

/**
 * Runs `op` on the crop of `mask` around its non-zero pixels (padded by `pad`)
 * and pastes the result back: masks here cover a fraction of the image, and
 * blurs and morphology of zeros are zeros (and `fill` elsewhere).
 */
function onBounds(mask: Mask, pad: number, fill: number, op: (crop: Mask) => Mask): Mask {
  const b = maskBounds(mask, 1e-6);
  const out = createMask(mask.width, mask.height, fill);
  if (!b) return out;
  const x0 = Math.max(0, b.x0 - pad), y0 = Math.max(0, b.y0 - pad);
  const x1 = Math.min(mask.width - 1, b.x1 + pad), y1 = Math.min(mask.height - 1, b.y1 + pad);
  const w = x1 - x0 + 1, h = y1 - y0 + 1;
  if (w === mask.width && h === mask.height) return op(mask);
  const crop = createMask(w, h);
  for (let y = 0; y < h; y++) crop.data.set(mask.data.subarray((y + y0) * mask.width + x0, (y + y0) * mask.width + x0 + w), y * w);
  const res = op(crop);
  for (let y = 0; y < h; y++) out.data.set(res.data.subarray(y * w, y * w + w), (y + y0) * mask.width + x0);
  return out;
}

export function blurMask(mask: Mask, radius: number, passes = 2): Mask {
  const r = Math.round(radius);
  // pad by the full reach, plus the same again so the crop's edge normalisation stays out of reach
  return onBounds(mask, 2 * r * passes + 1, 0, (m) => ({ width: m.width, height: m.height, data: boxBlurPlane(m.data, m.width, m.height, radius, passes) }));
}

/** Binary dilation (radius > 0) or erosion (radius < 0) by a square, threshold 0.5. */
export function morph(mask: Mask, radius: number): Mask {
  const r = Math.abs(Math.round(radius));
  if (r === 0) return mask;
  if (radius > 0) return onBounds(mask, 2 * r + 1, 0, (m) => morphFull(m, r));
  // erosion: the empty outside stays empty
  return onBounds(mask, 2 * r + 1, 0, (m) => morphFull(m, -r));
}

function morphFull(mask: Mask, radius: number): Mask {
  const r = Math.abs(Math.round(radius));
  const dilate = radius > 0;
  const bin = new Float32Array(mask.data.length);
  for (let i = 0; i < bin.length; i++) bin[i] = (mask.data[i]! >= 0.5) === dilate ? 1 : 0;
  const blurred = boxBlurPlane(bin, mask.width, mask.height, r, 1);
  const out = createMask(mask.width, mask.height);
  // Any "on" pixel within the box spreads: the box mean is above zero.
  for (let i = 0; i < bin.length; i++) {
    const touched = blurred[i]! > 1e-6;
    out.data[i] = dilate ? (touched ? 1 : 0) : touched ? 0 : 1;
  }
  return out;
}

export function threshold(mask: Mask, t = 0.5): Mask {
  const out = createMask(mask.width, mask.height);
  for (let i = 0; i < out.data.length; i++) out.data[i] = mask.data[i]! >= t ? 1 : 0;
  return out;
}

/** Labels 4-connected components of mask >= 0.5; returns labels and sizes (index 0 unused). */
export function components(mask: Mask): { labels: Int32Array; sizes: number[] } {
  const { width, height } = mask;
  const labels = new Int32Array(width * height);
  const sizes = [0];
  const stack = new Int32Array(width * height);
  let next = 1;
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] !== 0 || mask.data[i]! < 0.5) continue;
    let top = 0;
    stack[top++] = i;
    labels[i] = next;
    let size = 0;
    while (top > 0) {
      const p = stack[--top]!;
      size++;
      const x = p % width;
      for (let k = 0; k < 4; k++) {
        const q = k === 0 ? (x > 0 ? p - 1 : -1) : k === 1 ? (x < width - 1 ? p + 1 : -1) : k === 2 ? p - width : p + width;
        if (q < 0 || q >= labels.length || labels[q] !== 0 || mask.data[q]! < 0.5) continue;
        labels[q] = next;
        stack[top++] = q;
      }
    }
    sizes.push(size);
    next++;
  }
  return { labels, sizes };
}

/** Keeps components at least `minFraction` of the largest one. */
export function keepLargest(mask: Mask, minFraction = 1): Mask {
  const { labels, sizes } = components(mask);
  const largest = Math.max(0, ...sizes);
  const out = createMask(mask.width, mask.height);
  for (let i = 0; i < labels.length; i++) {
    const l = labels[i]!;
    if (l > 0 && sizes[l]! >= largest * minFraction) out.data[i] = mask.data[i]!;
  }
  return out;
}

/** Fills holes: background regions not connected to the border become foreground. */
export function fillHoles(mask: Mask): Mask {
  const inv = createMask(mask.width, mask.height);
  for (let i = 0; i < inv.data.length; i++) inv.data[i] = mask.data[i]! >= 0.5 ? 0 : 1;
  const { labels } = components(inv);
  const outside = new Set<number>();
  const { width, height } = mask;
  for (let x = 0; x < width; x++) {
    outside.add(labels[x]!);
    outside.add(labels[(height - 1) * width + x]!);
  }
  for (let y = 0; y < height; y++) {
    outside.add(labels[y * width]!);
    outside.add(labels[y * width + width - 1]!);
  }
  const out = createMask(width, height);
  for (let i = 0; i < out.data.length; i++) {
    out.data[i] = mask.data[i]! >= 0.5 ? mask.data[i]! : outside.has(labels[i]!) ? 0 : 1;
  }
  return out;
}

/** The pixelwise maximum of masks of one size. */
export function unionMask(first: Mask, ...rest: Mask[]): Mask {
  const out = createMask(first.width, first.height);
  out.data.set(first.data);
  for (const m of rest) for (let i = 0; i < out.data.length; i++) out.data[i] = Math.max(out.data[i]!, m.data[i]!);
  return out;
}

export function maskArea(mask: Mask, t = 0.5): number {
  let n = 0;
  for (let i = 0; i < mask.data.length; i++) if (mask.data[i]! >= t) n++;
  return n;
}

/** Bounding box of mask >= t, or null when empty. */
export function maskBounds(mask: Mask, t = 0.5): { x0: number; y0: number; x1: number; y1: number } | null {
  let x0 = mask.width, y0 = mask.height, x1 = -1, y1 = -1;
  for (let y = 0; y < mask.height; y++) {
    for (let x = 0; x < mask.width; x++) {
      if (mask.data[y * mask.width + x]! < t) continue;
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
    }
  }
  return x1 < 0 ? null : { x0, y0, x1, y1 };
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
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      let v = d[i]!;
      if (v === 0) continue;
      if (x > 0) v = Math.min(v, d[i - 1]! + 1);
      if (y > 0) {
        v = Math.min(v, d[i - w]! + 1);
        if (x > 0) v = Math.min(v, d[i - w - 1]! + 1);
        if (x < w - 1) v = Math.min(v, d[i - w + 1]! + 1);
      }
      d[i] = v;
    }
  }
  for (let y = h - 1; y >= 0; y--) {
    for (let x = w - 1; x >= 0; x--) {
      const i = y * w + x;
      let v = d[i]!;
      if (v === 0) continue;
      if (x < w - 1) v = Math.min(v, d[i + 1]! + 1);
      if (y < h - 1) {
        v = Math.min(v, d[i + w]! + 1);
        if (x < w - 1) v = Math.min(v, d[i + w + 1]! + 1);
        if (x > 0) v = Math.min(v, d[i + w - 1]! + 1);
      }
      d[i] = v;
    }
  }
  return d;
}
