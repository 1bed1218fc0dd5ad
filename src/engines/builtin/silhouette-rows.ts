/** Row scans of a silhouette mask: runs of "on" pixels, the central run, tops of columns. */
import type { Mask } from '../../vision/image.js';

export interface Run {
  a: number;
  b: number;
}

export function rowRuns(mask: Mask, y: number): Run[] {
  const runs: Run[] = [];
  const w = mask.width;
  let start = -1;
  for (let x = 0; x < w; x++) {
    const on = mask.data[y * w + x]! >= 0.5;
    if (on && start < 0) start = x;
    if (!on && start >= 0) { runs.push({ a: start, b: x - 1 }); start = -1; }
  }
  if (start >= 0) runs.push({ a: start, b: w - 1 });
  return runs;
}

/** The run containing cx, else the nearest one; null on an empty row. */
export function centralRun(runs: Run[], cx: number): Run | null {
  let best: Run | null = null;
  let bestD = Infinity;
  for (const r of runs) {
    const d = cx < r.a ? r.a - cx : cx > r.b ? cx - r.b : 0;
    if (d < bestD) { bestD = d; best = r; }
  }
  return best;
}

export function centroidX(mask: Mask, y0: number, y1: number): number {
  let sx = 0, n = 0;
  for (let y = y0; y <= y1; y++) for (let x = 0; x < mask.width; x++) if (mask.data[y * mask.width + x]! >= 0.5) { sx += x; n++; }
  return n ? sx / n : mask.width / 2;
}

export function topAt(mask: Mask, x: number, y0: number, y1: number): number {
  const xi = Math.max(0, Math.min(mask.width - 1, Math.round(x)));
  for (let y = y0; y <= y1; y++) if (mask.data[y * mask.width + xi]! >= 0.5) return y;
  return y1;
}

/** Sleeve geometry from the pixels outside the seam line; null when too small to be a sleeve. */
