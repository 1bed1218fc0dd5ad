/**
 * Bilinear upsampling of a 3-float-per-pixel plane on the compositor's grid
 * (pixel centres, as `mask-sampler`), computed only inside a box: outside it
 * nearest-neighbour, which is ~3× cheaper. At 384×512 a full bilinear pass
 * cost ~10 ms per plane here through `sample3`; the removal's fills are drawn
 * only around the old garment, so the box is its reach.
 */
import { axisTable, lerp2, type AxisTable } from './mask-sampler.js';

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
    bilinearRow3(plane, r0, r1, ty, cols, out, d0, bx0, bx1);
  }
  return out;
}

/**
 * Columns bx0..bx1 of one output row of upsamplePlane3 (source rows from r0
 * and r1, weight ty) into `out`'s row from `d0` (see bilinearRow1). The three
 * channels written out one by one (lerp2), the row's numbers as arguments:
 * with a loop over the channels and a record per row, a 384×512 plane took
 * ~8.5 ms against ~4 (the same operations in the same order).
 */
function bilinearRow3(plane: Float32Array, r0: number, r1: number, ty: number, cols: AxisTable, out: Float32Array, d0: number, bx0: number, bx1: number): void {
  const { i0, i1, t } = cols;
  for (let x = bx0; x <= bx1; x++) {
    const c0 = i0[x]!, c1 = i1[x]!, tx = t[x]!;
    const p00 = (r0 + c0) * 3, p01 = (r0 + c1) * 3, p10 = (r1 + c0) * 3, p11 = (r1 + c1) * 3;
    const d = d0 + x * 3;
    out[d] = lerp2(plane, p00, p01, p10, p11, tx, ty);
    out[d + 1] = lerp2(plane, p00 + 1, p01 + 1, p10 + 1, p11 + 1, tx, ty);
    out[d + 2] = lerp2(plane, p00 + 2, p01 + 2, p10 + 2, p11 + 2, tx, ty);
  }
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
