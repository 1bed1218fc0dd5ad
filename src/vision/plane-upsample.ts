/**
 * Bilinear upsampling of a 3-float-per-pixel plane on the compositor's grid
 * (pixel centres, as `mask-sampler`), computed only inside a box: outside it
 * nearest-neighbour, which is ~3× cheaper. At 384×512 a full bilinear pass
 * cost ~10 ms per plane here through `sample3`; the removal's fills are drawn
 * only around the old garment, so the box is its reach.
 */
import { axisTable, type AxisTable } from './mask-sampler.js';

export interface PlaneBox {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

export function upsamplePlane3(plane: Float32Array, srcWidth: number, srcHeight: number, width: number, height: number, box?: PlaneBox): Float32Array {
  const out = new Float32Array(width * height * 3);
  const cols = axisTable(width, srcWidth), rows = axisTable(height, srcHeight);
  const bx0 = Math.max(0, box?.x0 ?? 0), bx1 = Math.min(width - 1, box?.x1 ?? width - 1);
  const by0 = Math.max(0, box?.y0 ?? 0), by1 = Math.min(height - 1, box?.y1 ?? height - 1);
  // nearest source column per output column (for outside the box)
  const near = new Int32Array(width);
  for (let x = 0; x < width; x++) near[x] = cols.t[x]! < 0.5 ? cols.i0[x]! : cols.i1[x]!;
  // (the source row of the last row drawn all nearest: an upsampled row repeats it, copied whole)
  let lastNear = -1;
  const across = acrossRows(bx1 - bx0 + 1);
  for (let y = 0; y < height; y++) {
    const d0 = y * width * 3;
    if (y < by0 || y > by1) {
      const r = (rows.t[y]! < 0.5 ? rows.i0[y]! : rows.i1[y]!) * srcWidth;
      if (r === lastNear) out.copyWithin(d0, d0 - width * 3, d0);
      else for (let x = 0; x < width; x++) copy(out, d0 + x * 3, plane, (r + near[x]!) * 3);
      lastNear = r;
      continue;
    }
    lastNear = -1;
    const r0 = rows.i0[y]! * srcWidth, r1 = rows.i1[y]! * srcWidth, ty = rows.t[y]!;
    const rn = ty < 0.5 ? r0 : r1;
    for (let x = 0; x < bx0; x++) copy(out, d0 + x * 3, plane, (rn + near[x]!) * 3);
    for (let x = bx1 + 1; x < width; x++) copy(out, d0 + x * 3, plane, (rn + near[x]!) * 3);
    const a = acrossRow(across, r0, plane, cols, bx0, bx1), b = acrossRow(across, r1, plane, cols, bx0, bx1);
    downRow3(a, b, ty, out, d0 + bx0 * 3);
  }
  return out;
}

/**
 * Two source rows interpolated across the box's columns (lerp2's first step,
 * 3 doubles per output pixel) and the source rows they hold (-1: none). An
 * upsampled row's two source rows are each read by the next rows too (at 2×
 * by four): interpolated across once per source row instead of once per use.
 */
interface AcrossRows {
  rows: [number, number];
  data: [Float64Array, Float64Array];
  /** The slot read last. */
  last: number;
}

function acrossRows(width: number): AcrossRows {
  const n = Math.max(0, width) * 3;
  return { rows: [-1, -1], data: [new Float64Array(n), new Float64Array(n)], last: 1 };
}

/**
 * Source row `r` (index of its first pixel) interpolated across the box's
 * columns (bx0..bx1), from the cache `c` or into it, in the slot not holding
 * the other row of the last pair read (the rows go down the plane).
 */
function acrossRow(c: AcrossRows, r: number, plane: Float32Array, cols: AxisTable, bx0: number, bx1: number): Float64Array {
  if (c.rows[0] === r) {
    c.last = 0;
    return c.data[0];
  }
  if (c.rows[1] === r) {
    c.last = 1;
    return c.data[1];
  }
  // (into the slot read longer ago: the other holds the row read last, which the pair may still need)
  const s = c.last === 0 ? 1 : 0;
  c.rows[s] = r;
  c.last = s;
  acrossRow3(plane, r, cols, bx0, bx1, c.data[s]);
  return c.data[s];
}

/**
 * Source row `r` (index of its first pixel) across the output columns
 * bx0..bx1 into `into` (3 doubles per pixel): each channel's value between
 * the row's two taps by the column's weight, lerp2's first step, unrounded.
 */
function acrossRow3(plane: Float32Array, r: number, cols: AxisTable, bx0: number, bx1: number, into: Float64Array): void {
  const { i0, i1, t } = cols;
  for (let x = bx0, j = 0; x <= bx1; x++, j += 3) {
    const p0 = (r + i0[x]!) * 3, p1 = (r + i1[x]!) * 3, tx = t[x]!;
    into[j] = plane[p0]! + (plane[p1]! - plane[p0]!) * tx;
    into[j + 1] = plane[p0 + 1]! + (plane[p1 + 1]! - plane[p0 + 1]!) * tx;
    into[j + 2] = plane[p0 + 2]! + (plane[p1 + 2]! - plane[p0 + 2]!) * tx;
  }
}

/** One output row's box from its two source rows across (`a` above, `b` below) by the row's weight `ty`, lerp2's second step, into `out` from `d`. */
function downRow3(a: Float64Array, b: Float64Array, ty: number, out: Float32Array, d: number): void {
  for (let j = 0; j < a.length; j++) out[d + j] = a[j]! + (b[j]! - a[j]!) * ty;
}

function copy(out: Float32Array, d: number, plane: Float32Array, s: number): void {
  out[d] = plane[s]!;
  out[d + 1] = plane[s + 1]!;
  out[d + 2] = plane[s + 2]!;
}

/** Bilinear upsampling of a 1-float-per-pixel plane on the same grid as upsamplePlane3: the whole plane, or the rows of `box` only (0 elsewhere). */
export function upsamplePlane1(plane: Float32Array, srcWidth: number, srcHeight: number, width: number, height: number, box?: PlaneBox): Float32Array {
  const out = new Float32Array(width * height);
  const cols = axisTable(width, srcWidth), rows = axisTable(height, srcHeight);
  for (let y = Math.max(0, box?.y0 ?? 0); y <= Math.min(height - 1, box?.y1 ?? height - 1); y++) bilinearRow1(plane, rows.i0[y]! * srcWidth, rows.i1[y]! * srcWidth, rows.t[y]!, cols, out, y * width);
  return out;
}

/**
 * One output row of upsamplePlane1 (source rows from r0 and r1, weight ty)
 * into `out` from `d0`. A function of its own: called per row it is optimised
 * after a few, where inline the few-times-called upsampling ran unoptimised
 * until an on-stack replacement was compiled, allocating a number per operation.
 */
function bilinearRow1(plane: Float32Array, r0: number, r1: number, ty: number, cols: AxisTable, out: Float32Array, d0: number): void {
  const { i0, i1, t } = cols;
  for (let x = 0; x < i0.length; x++) {
    const c0 = i0[x]!, c1 = i1[x]!, tx = t[x]!;
    const a = plane[r0 + c0]! + (plane[r0 + c1]! - plane[r0 + c0]!) * tx;
    const b = plane[r1 + c0]! + (plane[r1 + c1]! - plane[r1 + c0]!) * tx;
    out[d0 + x] = a + (b - a) * ty;
  }
}
