/**
 * Skeletal warp for sleeves and trouser legs: the garment part's axis (a
 * polyline) is matched segment by segment to the limb's axis, so a sleeve
 * bends at the elbow with its arm. Across the axis the garment keeps its own
 * width times `acrossScale`, so prints keep their proportions.
 */
import type { Pt } from './tps.js';

export interface LimbWarp {
  /** Body axis in output pixels. */
  body: Pt[];
  /** Matching garment axis in garment pixels (same number of points). */
  garment: Pt[];
  /** Garment px per output px across the axis. */
  acrossScale: number;
}

interface Seg {
  ax: number; ay: number; dx: number; dy: number; len: number;
  gx: number; gy: number; gdx: number; gdy: number; glen: number;
}

export function prepareLimb(w: LimbWarp): Seg[] {
  const segs: Seg[] = [];
  for (let i = 0; i + 1 < w.body.length; i++) {
    const a = w.body[i]!, b = w.body[i + 1]!, g = w.garment[i]!, h = w.garment[i + 1]!;
    const len = Math.hypot(b.x - a.x, b.y - a.y) || 1e-6;
    const glen = Math.hypot(h.x - g.x, h.y - g.y) || 1e-6;
    segs.push({ ax: a.x, ay: a.y, dx: (b.x - a.x) / len, dy: (b.y - a.y) / len, len, gx: g.x, gy: g.y, gdx: (h.x - g.x) / glen, gdy: (h.y - g.y) / glen, glen });
  }
  return segs;
}

/**
 * Maps output (x, y) to garment coordinates via the nearest body segment.
 * Beyond the first and last joints the segment is extended straight.
 * Returns the distance to the axis (output px) in out[2], Infinity beyond
 * `extend` px past either end.
 */
export function mapLimb(segs: Seg[], acrossScale: number, extend: number, x: number, y: number, out: Float32Array): void {
  let best = -1, bestD = Infinity, bestT = 0, bestN = 0;
  for (let i = 0; i < segs.length; i++) {
    const s = segs[i]!;
    const px = x - s.ax, py = y - s.ay;
    const t = px * s.dx + py * s.dy;
    const n = -px * s.dy + py * s.dx;
    const first = i === 0, last = i === segs.length - 1;
    const tc = first && last ? t : first ? Math.min(t, s.len) : last ? Math.max(t, 0) : Math.max(0, Math.min(s.len, t));
    const ex = px - tc * s.dx, ey = py - tc * s.dy;
    const d = ex * ex + ey * ey;
    if (d < bestD) {
      bestD = d;
      best = i;
      bestT = tc;
      bestN = n;
    }
  }
  const s = segs[best]!;
  // Past the ends the axis extends only a little: a sleeve's root overlaps the
  // shoulder and its cuff may hang past the wrist, nothing further.
  const first = best === 0, last = best === segs.length - 1;
  if ((first && bestT < -extend) || (last && bestT > s.len + extend)) {
    out[2] = Infinity;
    return;
  }
  const tg = (bestT / s.len) * s.glen;
  const ng = bestN * acrossScale;
  out[0] = s.gx + tg * s.gdx - ng * s.gdy;
  out[1] = s.gy + tg * s.gdy + ng * s.gdx;
  out[2] = Math.sqrt(bestD);
}
