/**
 * Exact Euclidean distance transform (Felzenszwalb and Huttenlocher's lower
 * envelope of parabolas, columns then rows): morphology by a disk, where a
 * square's (chessboardDistance) corners reach √2 × as far along diagonals and
 * bend a closing's front into steps and slivers on slanted outlines.
 */
import type { Mask } from './image.js';

/** Squared distance (px²) from each pixel to the nearest pixel of mask >= 0.5; 1e20 where the mask is empty. */
export function squaredDistance(mask: Mask): Float32Array {
  const { width: w, height: h } = mask;
  const d = new Float32Array(w * h);
  for (let i = 0; i < d.length; i++) d[i] = mask.data[i]! >= 0.5 ? 0 : FAR;
  const n = Math.max(w, h);
  const line = { f: new Float64Array(n), out: new Float64Array(n), v: new Int32Array(n), z: new Float64Array(n + 1) };
  for (let x = 0; x < w; x++) {
    for (let y = 0; y < h; y++) line.f[y] = d[y * w + x]!;
    envelope(line, h);
    for (let y = 0; y < h; y++) d[y * w + x] = line.out[y]!;
  }
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) line.f[x] = d[y * w + x]!;
    envelope(line, w);
    for (let x = 0; x < w; x++) d[y * w + x] = line.out[x]!;
  }
  return d;
}

/** The squared distance's stand-in for "no pixel of the mask": far past any image, small enough to add to. */
const FAR = 1e20;

/** One line's squared distance: `out[q]` = min over p of (q − p)² + f[p], for q < n. */
function envelope(l: { f: Float64Array; out: Float64Array; v: Int32Array; z: Float64Array }, n: number): void {
  const { f, out, v, z } = l;
  let k = 0;
  v[0] = 0; z[0] = -Infinity; z[1] = Infinity;
  const meet = (q: number, p: number): number => (f[q]! + q * q - (f[p]! + p * p)) / (2 * q - 2 * p);
  for (let q = 1; q < n; q++) {
    let s = meet(q, v[k]!);
    while (s <= z[k]!) s = meet(q, v[--k]!);
    v[++k] = q; z[k] = s; z[k + 1] = Infinity;
  }
  k = 0;
  for (let q = 0; q < n; q++) {
    while (z[k + 1]! < q) k++;
    out[q] = (q - v[k]!) * (q - v[k]!) + f[v[k]!]!;
  }
}

/**
 * Morphological closing of mask >= 0.5 by a disk of radius `r` px (a pixel
 * is in it when every disk covering it meets the mask): gaps narrower than
 * the disk fill, with round fronts where they widen. 1 or 0 per pixel.
 */
export function closeByDisk(mask: Mask, r: number): Mask {
  const r2 = r * r;
  const near = squaredDistance(mask);
  const grown: Mask = { width: mask.width, height: mask.height, data: new Float32Array(near.length) };
  // (the erosion of the grown mask: pixels whose distance to its outside exceeds r)
  for (let i = 0; i < near.length; i++) grown.data[i] = near[i]! > r2 ? 1 : 0;
  const out = squaredDistance(grown);
  const data = new Float32Array(near.length);
  for (let i = 0; i < near.length; i++) data[i] = out[i]! > r2 ? 1 : 0;
  return { width: mask.width, height: mask.height, data };
}
