/**
 * Bilinear lookup of analysis-size planes at output pixels without building
 * full-size copies: per-column and per-row tables are computed once, so a
 * sample is a handful of multiply-adds. At 1536×2048 a full-size copy of one
 * mask cost ~130 ms here; sampling only the pixels a pass touches is far less.
 */
export interface AxisTable {
  i0: Int32Array;
  i1: Int32Array;
  t: Float32Array;
}

export function axisTable(outSize: number, srcSize: number): AxisTable {
  const i0 = new Int32Array(outSize), i1 = new Int32Array(outSize), t = new Float32Array(outSize);
  const s = srcSize / outSize;
  for (let o = 0; o < outSize; o++) {
    const f = Math.max(0, Math.min(srcSize - 1, (o + 0.5) * s - 0.5));
    const a = Math.floor(f);
    i0[o] = a;
    i1[o] = Math.min(srcSize - 1, a + 1);
    t[o] = f - a;
  }
  return { i0, i1, t };
}

export interface Sampler {
  cols: AxisTable;
  rows: AxisTable;
  srcWidth: number;
}

export function createSampler(outWidth: number, outHeight: number, srcWidth: number, srcHeight: number): Sampler {
  return { cols: axisTable(outWidth, srcWidth), rows: axisTable(outHeight, srcHeight), srcWidth };
}

/** Samples a 1-float-per-pixel plane at output pixel (x, y). */
export function sample1(s: Sampler, plane: Float32Array, x: number, y: number): number {
  const w = s.srcWidth;
  const r0 = s.rows.i0[y]! * w, r1 = s.rows.i1[y]! * w, ty = s.rows.t[y]!;
  const c0 = s.cols.i0[x]!, c1 = s.cols.i1[x]!, tx = s.cols.t[x]!;
  const a = plane[r0 + c0]! + (plane[r0 + c1]! - plane[r0 + c0]!) * tx;
  const b = plane[r1 + c0]! + (plane[r1 + c1]! - plane[r1 + c0]!) * tx;
  return a + (b - a) * ty;
}

/** Samples channel `c` of a 3-float-per-pixel plane at output pixel (x, y). */
export function sample3(s: Sampler, plane: Float32Array, x: number, y: number, c: number): number {
  const w = s.srcWidth;
  const r0 = s.rows.i0[y]! * w, r1 = s.rows.i1[y]! * w, ty = s.rows.t[y]!;
  const c0 = s.cols.i0[x]!, c1 = s.cols.i1[x]!, tx = s.cols.t[x]!;
  const p00 = (r0 + c0) * 3 + c, p01 = (r0 + c1) * 3 + c, p10 = (r1 + c0) * 3 + c, p11 = (r1 + c1) * 3 + c;
  const a = plane[p00]! + (plane[p01]! - plane[p00]!) * tx;
  const b = plane[p10]! + (plane[p11]! - plane[p10]!) * tx;
  return a + (b - a) * ty;
}

/** An output pixel's four bilinear taps on a plane of 3 floats per cell (each tap's first float) and its weights across and down. */
export interface Taps {
  p00: number;
  p01: number;
  p10: number;
  p11: number;
  tx: number;
  ty: number;
}

/**
 * Output pixel (x, y)'s taps through `s` into `t`: found once for all of a
 * pixel's RGB samples, where sample3 found them again for each plane and
 * channel (up to 9 a pixel in fillColour).
 */
export function tapsAt(s: Sampler, x: number, y: number, t: Taps): void {
  const w = s.srcWidth;
  const r0 = s.rows.i0[y]! * w, r1 = s.rows.i1[y]! * w, c0 = s.cols.i0[x]!, c1 = s.cols.i1[x]!;
  t.p00 = (r0 + c0) * 3;
  t.p01 = (r0 + c1) * 3;
  t.p10 = (r1 + c0) * 3;
  t.p11 = (r1 + c1) * 3;
  t.tx = s.cols.t[x]!;
  t.ty = s.rows.t[y]!;
}

/** Channel `c` of a 3-float plane at taps `t`: sample3's value (the same operations in the same order). */
export function tapSample3(plane: Float32Array, t: Taps, c: number): number {
  return lerp2(plane, t.p00 + c, t.p01 + c, t.p10 + c, t.p11 + c, t.tx, t.ty);
}

/** A Taps record to fill with tapsAt (one per loop, not one per pixel). */
export function createTaps(): Taps {
  return { p00: 0, p01: 0, p10: 0, p11: 0, tx: 0, ty: 0 };
}

/** The bilinear mix of four values of `plane` (at p00, p01 along the row above p10, p11), across by `tx`, then down by `ty`. */
export function lerp2(plane: Float32Array, p00: number, p01: number, p10: number, p11: number, tx: number, ty: number): number {
  const a = plane[p00]! + (plane[p01]! - plane[p00]!) * tx;
  const b = plane[p10]! + (plane[p11]! - plane[p10]!) * tx;
  return a + (b - a) * ty;
}

/**
 * The output pixels along one axis whose bilinear taps (`i0`, `i1`) reach
 * source pixels `lo`..`hi`: [first, last], or null when none does. The tables
 * never decrease along the axis, so those pixels are one run; a plane that is
 * zero outside `lo`..`hi` samples exactly 0 everywhere else.
 */
export function axisReach(t: AxisTable, lo: number, hi: number): [number, number] | null {
  const n = t.i0.length;
  // (binary searches: the first pixel whose upper tap reaches lo, the last whose lower tap is within hi)
  let a = 0, b = n;
  while (a < b) {
    const m = (a + b) >> 1;
    if (t.i1[m]! < lo) a = m + 1;
    else b = m;
  }
  const first = a;
  a = first;
  b = n;
  while (a < b) {
    const m = (a + b) >> 1;
    if (t.i0[m]! <= hi) a = m + 1;
    else b = m;
  }
  const last = a - 1;
  return first <= last ? [first, last] : null;
}
