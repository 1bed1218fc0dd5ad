/**
 * Thin-plate spline in 2-D: maps control points `from` exactly onto `to`
 * with the least bending. Used backwards (output pixel → garment pixel), so
 * fit it with from = body targets, to = garment landmarks.
 */
export interface Pt {
  x: number;
  y: number;
}

export interface Tps {
  map(x: number, y: number): Pt;
  /** map into `out` (returned): for callers mapping many points, without a new point each. */
  mapInto(x: number, y: number, out: Pt): Pt;
}

function kernel(r2: number): number {
  return r2 <= 1e-12 ? 0 : r2 * Math.log(r2) * 0.5; // r² log r
}

/** Solves A x = b in place by Gaussian elimination with partial pivoting. */
function solve(a: Float64Array[], b: Float64Array): Float64Array {
  const n = b.length;
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(a[r]![c]!) > Math.abs(a[p]![c]!)) p = r;
    [a[c], a[p]] = [a[p]!, a[c]!];
    [b[c], b[p]] = [b[p]!, b[c]!];
    const d = a[c]![c]!;
    if (Math.abs(d) < 1e-12) continue;
    for (let r = c + 1; r < n; r++) {
      const f = a[r]![c]! / d;
      if (f === 0) continue;
      {
        const row = a[r]!, pivot = a[c]!;
        for (let k = c; k < n; k++) row[k] = row[k]! - f * pivot[k]!;
      }
      b[r] = b[r]! - f * b[c]!;
    }
  }
  const x = new Float64Array(n);
  for (let r = n - 1; r >= 0; r--) {
    let s = b[r]!;
    for (let k = r + 1; k < n; k++) s -= a[r]![k]! * x[k]!;
    const d = a[r]![r]!;
    x[r] = Math.abs(d) < 1e-12 ? 0 : s / d;
  }
  return x;
}

/**
 * `regularization` > 0 trades exactness for smoothness (in px², relative to
 * the kernel); 0 interpolates the points exactly.
 */
export function fitTps(from: Pt[], to: Pt[], regularization = 0): Tps {
  const n = from.length;
  // normalise coordinates for conditioning
  let cx = 0, cy = 0;
  for (const p of from) { cx += p.x; cy += p.y; }
  cx /= n; cy /= n;
  let sc = 0;
  for (const p of from) sc = Math.max(sc, Math.abs(p.x - cx), Math.abs(p.y - cy));
  sc = sc || 1;
  const fx = Float64Array.from(from, (p) => (p.x - cx) / sc);
  const fy = Float64Array.from(from, (p) => (p.y - cy) / sc);
  const size = n + 3;
  const a: Float64Array[] = Array.from({ length: size }, () => new Float64Array(size));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const dx = fx[i]! - fx[j]!, dy = fy[i]! - fy[j]!;
      a[i]![j] = kernel(dx * dx + dy * dy) + (i === j ? regularization : 0);
    }
    a[i]![n] = 1; a[i]![n + 1] = fx[i]!; a[i]![n + 2] = fy[i]!;
    a[n]![i] = 1; a[n + 1]![i] = fx[i]!; a[n + 2]![i] = fy[i]!;
  }
  const bx = new Float64Array(size), by = new Float64Array(size);
  for (let i = 0; i < n; i++) { bx[i] = to[i]!.x; by[i] = to[i]!.y; }
  const wx = solve(a.map((r) => new Float64Array(r)), bx);
  const wy = solve(a.map((r) => new Float64Array(r)), by);
  const mapInto = (x: number, y: number, out: Pt): Pt => {
    const u = (x - cx) / sc, v = (y - cy) / sc;
    let ox = wx[n]! + wx[n + 1]! * u + wx[n + 2]! * v;
    let oy = wy[n]! + wy[n + 1]! * u + wy[n + 2]! * v;
    for (let i = 0; i < n; i++) {
      const dx = u - fx[i]!, dy = v - fy[i]!, r2 = dx * dx + dy * dy;
      // (kernel's expression written out: as a call it was not inlined, and its result was a new number per control point and pixel)
      const k = r2 <= 1e-12 ? 0 : r2 * Math.log(r2) * 0.5;
      ox += wx[i]! * k;
      oy += wy[i]! * k;
    }
    out.x = ox;
    out.y = oy;
    return out;
  };
  return { map: (x, y) => mapInto(x, y, { x: 0, y: 0 }), mapInto };
}

/** A dense backward map sampled from a TPS on a coarse grid (every `step` px), bilinear between. */
export interface GridMap {
  x0: number;
  y0: number;
  cols: number;
  rows: number;
  step: number;
  gx: Float32Array;
  gy: Float32Array;
}

export function tpsGrid(tps: Tps, x0: number, y0: number, x1: number, y1: number, step: number): GridMap {
  const cols = Math.ceil((x1 - x0) / step) + 2;
  const rows = Math.ceil((y1 - y0) / step) + 2;
  const gx = new Float32Array(cols * rows), gy = new Float32Array(cols * rows);
  const p = { x: 0, y: 0 };
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      tps.mapInto(x0 + c * step, y0 + r * step, p);
      gx[r * cols + c] = p.x;
      gy[r * cols + c] = p.y;
    }
  }
  return { x0, y0, cols, rows, step, gx, gy };
}

/** Writes the mapped source coordinate of (x, y) into out[0], out[1]. */
export function sampleGrid(g: GridMap, x: number, y: number, out: Float32Array): void {
  const fx = Math.max(0, Math.min(g.cols - 1.001, (x - g.x0) / g.step));
  const fy = Math.max(0, Math.min(g.rows - 1.001, (y - g.y0) / g.step));
  const c = Math.floor(fx), r = Math.floor(fy);
  const tx = fx - c, ty = fy - r;
  const i = r * g.cols + c;
  const a = g.gx[i]! * (1 - tx) + g.gx[i + 1]! * tx;
  const b = g.gx[i + g.cols]! * (1 - tx) + g.gx[i + g.cols + 1]! * tx;
  out[0] = a * (1 - ty) + b * ty;
  const d = g.gy[i]! * (1 - tx) + g.gy[i + 1]! * tx;
  const e = g.gy[i + g.cols]! * (1 - tx) + g.gy[i + g.cols + 1]! * tx;
  out[1] = d * (1 - ty) + e * ty;
}
