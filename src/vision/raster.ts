/** Rasterising simple shapes into masks: polygons and capsules (limbs). */
import type { Mask } from './image.js';
import type { Box } from './skin-texture.js';

export interface Point {
  x: number;
  y: number;
}

/** A box holding nothing (x0 > x1): what a shape off the frame draws. */
export const EMPTY_BOX: Readonly<Box> = { x0: 0, y0: 0, x1: -1, y1: -1 };

/** The smallest box holding both (an empty box, not x0 ≤ x1 and y0 ≤ y1 — NaN bounds too, which draw nothing — adds nothing). */
export function boxUnion(a: Box, b: Box): Box {
  if (!(a.x0 <= a.x1 && a.y0 <= a.y1)) return { ...b };
  if (!(b.x0 <= b.x1 && b.y0 <= b.y1)) return { ...a };
  return { x0: Math.min(a.x0, b.x0), y0: Math.min(a.y0, b.y0), x1: Math.max(a.x1, b.x1), y1: Math.max(a.y1, b.y1) };
}

/**
 * Even-odd scanline fill of a polygon, value max-combined into the mask.
 * Returns the box of pixels it may have written (the points' extent on the
 * frame: a span's ends, ceil(x − 0.5) and floor(x − 0.5), lie within it).
 */
export function fillPolygon(mask: Mask, points: Point[], value = 1): Box {
  if (points.length < 3) return { ...EMPTY_BOX };
  const { width, height } = mask;
  let minY = Infinity, maxY = -Infinity, minX = Infinity, maxX = -Infinity;
  for (const p of points) {
    minY = Math.min(minY, p.y);
    maxY = Math.max(maxY, p.y);
    minX = Math.min(minX, p.x);
    maxX = Math.max(maxX, p.x);
  }
  const y0 = Math.max(0, Math.floor(minY));
  const y1 = Math.min(height - 1, Math.ceil(maxY));
  const xs: number[] = [];
  for (let y = y0; y <= y1; y++) {
    const cy = y + 0.5;
    xs.length = 0;
    for (let i = 0; i < points.length; i++) {
      const a = points[i]!;
      const b = points[(i + 1) % points.length]!;
      if ((a.y <= cy && b.y > cy) || (b.y <= cy && a.y > cy)) xs.push(a.x + ((cy - a.y) / (b.y - a.y)) * (b.x - a.x));
    }
    sortCrossings(xs);
    for (let k = 0; k + 1 < xs.length; k += 2) {
      const xa = Math.max(0, Math.ceil(xs[k]! - 0.5));
      const xb = Math.min(width - 1, Math.floor(xs[k + 1]! - 0.5));
      for (let x = xa; x <= xb; x++) {
        const i = y * width + x;
        if (mask.data[i]! < value) mask.data[i] = value;
      }
    }
  }
  return { x0: Math.max(0, Math.floor(minX)), y0, x1: Math.min(width - 1, Math.ceil(maxX)), y1 };
}

/**
 * Sorts a scanline's few crossings ascending, in place: an insertion sort
 * when all are finite (a stable sort, so the very order Array.sort with
 * `(p, q) => p − q` gives), that sort otherwise. Per row the builtin sort's
 * comparator and work arrays were garbage for the minor collections.
 */
export function sortCrossings(xs: number[]): void {
  for (let k = 0; k < xs.length; k++) {
    if (!Number.isFinite(xs[k]!)) {
      xs.sort((p, q) => p - q);
      return;
    }
  }
  for (let k = 1; k < xs.length; k++) {
    const v = xs[k]!;
    let j = k - 1;
    for (; j >= 0 && xs[j]! > v; j--) xs[j + 1] = xs[j]!;
    xs[j + 1] = v;
  }
}

/** A segment thickened to radius r0 at a and r1 at b (a tapered capsule); returns the box it may have written. */
export function fillCapsule(mask: Mask, a: Point, b: Point, r0: number, r1 = r0, value = 1): Box {
  const { width, height } = mask;
  const rMax = Math.max(r0, r1);
  const xa = Math.max(0, Math.floor(Math.min(a.x, b.x) - rMax));
  const xb = Math.min(width - 1, Math.ceil(Math.max(a.x, b.x) + rMax));
  const ya = Math.max(0, Math.floor(Math.min(a.y, b.y) - rMax));
  const yb = Math.min(height - 1, Math.ceil(Math.max(a.y, b.y) + rMax));
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const len2 = dx * dx + dy * dy || 1e-9;
  for (let y = ya; y <= yb; y++) {
    // Only the columns the capsule can reach on this row: the segment's span
    // over the rows within rMax, widened by rMax (+1 px against rounding). The
    // exact test below still decides each pixel (raster.test.ts checks the
    // result against testing the whole box): a diagonal limb's box is mostly empty.
    const cy = y + 0.5;
    let t0 = 0, t1 = 1;
    if (Math.abs(dy) > 1e-9) {
      const u = (cy - rMax - a.y) / dy, v = (cy + rMax - a.y) / dy;
      t0 = Math.max(0, Math.min(u, v));
      t1 = Math.min(1, Math.max(u, v));
      if (t0 > t1) continue;
    } else if (Math.abs(cy - a.y) > rMax + 1) continue;
    const ex0 = a.x + dx * t0, ex1 = a.x + dx * t1;
    const rowX0 = Math.max(xa, Math.floor(Math.min(ex0, ex1) - rMax) - 1);
    const rowX1 = Math.min(xb, Math.ceil(Math.max(ex0, ex1) + rMax) + 1);
    for (let x = rowX0; x <= rowX1; x++) {
      const px = x + 0.5 - a.x;
      const py = y + 0.5 - a.y;
      const t = Math.max(0, Math.min(1, (px * dx + py * dy) / len2));
      const ex = px - t * dx;
      const ey = py - t * dy;
      const r = r0 + (r1 - r0) * t;
      if (ex * ex + ey * ey <= r * r) {
        const i = y * width + x;
        if (mask.data[i]! < value) mask.data[i] = value;
      }
    }
  }
  return { x0: xa, y0: ya, x1: xb, y1: yb };
}

/** An axis-aligned ellipse, value max-combined into the mask; returns the box it may have written. */
export function fillEllipse(mask: Mask, c: Point, rx: number, ry: number, value = 1): Box {
  const { width, height } = mask;
  const x0 = Math.max(0, Math.floor(c.x - rx)), x1 = Math.min(width - 1, Math.ceil(c.x + rx));
  const y0 = Math.max(0, Math.floor(c.y - ry)), y1 = Math.min(height - 1, Math.ceil(c.y + ry));
  for (let y = y0; y <= y1; y++) {
    for (let x = x0; x <= x1; x++) {
      const u = (x + 0.5 - c.x) / rx;
      const v = (y + 0.5 - c.y) / ry;
      if (u * u + v * v <= 1) {
        const i = y * width + x;
        if (mask.data[i]! < value) mask.data[i] = value;
      }
    }
  }
  return { x0, y0, x1, y1 };
}
