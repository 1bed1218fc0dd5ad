/**
 * A few dominant colours of a masked region (k-means in RGB on a pixel
 * sample). Used to tell one garment from another and to separate a print's
 * albedo from the body's shading.
 */
import type { Mask, RgbImage } from './image.js';
import type { PixelBox } from './box-distance.js';

export interface Palette {
  /** k centres, 3 floats each. */
  centres: Float32Array;
  /** Pixel share per centre. */
  weights: number[];
}

const MAX_SAMPLES = 4000;

export function extractPalette(image: RgbImage, mask: Mask, k: number, iterations = 8): Palette | null {
  return paletteOfSamples(sampleColours(image, mask, k * 4), k, iterations);
}

/**
 * extractPalette(image, mask, k) of a mask whose pixels >= 0.5 (and NaNs)
 * all lie in `box` (null: none): only the box is read, in the frame's raster
 * order, so the same pixels are sampled in the same order and the palette is
 * the same. Masks made in a box (a ring near the old garment, a mask less
 * the old garment in its own box) cover a part of the frame.
 */
export function extractPaletteInBox(image: RgbImage, mask: Mask, k: number, box: PixelBox | null): Palette | null {
  return box ? paletteOfSamples(sampleColours(image, mask, k * 4, box), k, 8) : null;
}

/** The k-means palette of `samples` (3 bytes each; null: too few pixels, no palette). */
function paletteOfSamples(samples: Uint8Array | null, k: number, iterations: number): Palette | null {
  if (!samples) return null;
  const m = samples.length / 3;
  const centres = new Float32Array(k * 3);
  // deterministic init: spread over the luminance-sorted sample
  const order = byBrightness(samples);
  for (let c = 0; c < k; c++) {
    const s = order[Math.min(m - 1, Math.floor(((c + 0.5) / k) * m))]!;
    centres.set([samples[s * 3]!, samples[s * 3 + 1]!, samples[s * 3 + 2]!], c * 3);
  }
  const counts = new Array<number>(k).fill(0);
  const sums = new Float64Array(k * 3);
  for (let it = 0; it < iterations; it++) assignAndUpdate(samples, centres, k, sums, counts);
  return { centres, weights: counts.map((c) => c / m) };
}

/**
 * One k-means step: each sample to its nearest centre (the first of equals),
 * then each centre with samples to their mean (stored as float32, as the
 * distances read it). The sums are of integers, exact in any order.
 * (The distance loop inlined over a double copy of the centres: called
 * through nearestIndex per sample, this was most of the palette's time.)
 */
function assignAndUpdate(samples: Uint8Array, centres: Float32Array, k: number, sums: Float64Array, counts: number[]): void {
  if (k === 3) return assignAndUpdate3(samples, centres, sums, counts);
  const m = samples.length / 3;
  const cd = Float64Array.from(centres);
  const n = new Int32Array(k);
  sums.fill(0);
  for (let i = 0; i < m; i++) {
    const r = samples[i * 3]!, g = samples[i * 3 + 1]!, b = samples[i * 3 + 2]!;
    let best = 0, bestD = Infinity;
    for (let c = 0, q = 0; c < k; c++, q += 3) {
      const dr = r - cd[q]!, dg = g - cd[q + 1]!, db = b - cd[q + 2]!;
      const d = dr * dr + dg * dg + db * db;
      if (d < bestD) {
        bestD = d;
        best = c;
      }
    }
    n[best]!++;
    sums[best * 3] = sums[best * 3]! + r;
    sums[best * 3 + 1] = sums[best * 3 + 1]! + g;
    sums[best * 3 + 2] = sums[best * 3 + 2]! + b;
  }
  for (let c = 0; c < k; c++) {
    counts[c] = n[c]!;
    if (n[c]! === 0) continue;
    centres[c * 3] = sums[c * 3]! / n[c]!;
    centres[c * 3 + 1] = sums[c * 3 + 1]! / n[c]!;
    centres[c * 3 + 2] = sums[c * 3 + 2]! / n[c]!;
  }
}

/**
 * assignAndUpdate for k = 3, every palette the engine reads: the same
 * distances in the same doubles, the first of equals kept, the same integer
 * sums (exact in any order), with the three centres and their sums in locals
 * (a third of the time of the general loop over the centres).
 */
function assignAndUpdate3(samples: Uint8Array, centres: Float32Array, sums: Float64Array, counts: number[]): void {
  const m = samples.length / 3;
  const r0 = centres[0]!, g0 = centres[1]!, b0 = centres[2]!, r1 = centres[3]!, g1 = centres[4]!, b1 = centres[5]!, r2 = centres[6]!, g2 = centres[7]!, b2 = centres[8]!;
  let n0 = 0, n1 = 0, n2 = 0, sr0 = 0, sg0 = 0, sb0 = 0, sr1 = 0, sg1 = 0, sb1 = 0, sr2 = 0, sg2 = 0, sb2 = 0;
  for (let i = 0; i < m; i++) {
    const r = samples[i * 3]!, g = samples[i * 3 + 1]!, b = samples[i * 3 + 2]!;
    let dr = r - r0, dg = g - g0, db = b - b0;
    const d0 = dr * dr + dg * dg + db * db;
    dr = r - r1; dg = g - g1; db = b - b1;
    const d1 = dr * dr + dg * dg + db * db;
    dr = r - r2; dg = g - g2; db = b - b2;
    const d2 = dr * dr + dg * dg + db * db;
    // (as the loop: a later centre wins only when strictly nearer)
    if (d1 < d0) {
      if (d2 < d1) { n2++; sr2 += r; sg2 += g; sb2 += b; } else { n1++; sr1 += r; sg1 += g; sb1 += b; }
    } else if (d2 < d0) { n2++; sr2 += r; sg2 += g; sb2 += b; } else { n0++; sr0 += r; sg0 += g; sb0 += b; }
  }
  sums[0] = sr0; sums[1] = sg0; sums[2] = sb0; sums[3] = sr1; sums[4] = sg1; sums[5] = sb1; sums[6] = sr2; sums[7] = sg2; sums[8] = sb2;
  const n = [n0, n1, n2];
  for (let c = 0; c < 3; c++) {
    counts[c] = n[c]!;
    if (n[c]! === 0) continue;
    centres[c * 3] = sums[c * 3]! / n[c]!;
    centres[c * 3 + 1] = sums[c * 3 + 1]! / n[c]!;
    centres[c * 3 + 2] = sums[c * 3 + 2]! / n[c]!;
  }
}

/**
 * The colours (3 bytes each) of every n-th pixel of mask >= 0.5, n chosen so
 * at most about MAX_SAMPLES are taken; null when fewer than `min` pixels.
 */
function sampleColours(image: RgbImage, mask: Mask, min: number, box?: PixelBox): Uint8Array | null {
  const ch = image.channels, md = mask.data;
  const spans = rowSpans(mask, box);
  const area = spans.area;
  if (area < min) return null;
  const step = Math.max(1, Math.floor(area / MAX_SAMPLES));
  const samples = new Uint8Array(Math.ceil(area / step) * 3);
  // the j-th pixel of the mask is taken when j is a multiple of step (`skip`: mask pixels until the next one);
  // only each row's span is read (the rows' spans in order: the same pixels in the same order as a scan of the frame)
  for (let y = 0, skip = 0, n = 0; y < mask.height && n < samples.length; y++) {
    for (let i = spans.first[y]!, end = spans.last[y]!; i <= end; i++) {
      if (md[i]! < 0.5) continue;
      if (skip > 0) {
        skip--;
        continue;
      }
      skip = step - 1;
      const p = i * ch;
      samples[n++] = image.data[p]!;
      samples[n++] = image.data[p + 1]!;
      samples[n++] = image.data[p + 2]!;
    }
  }
  return samples;
}

/**
 * The mask's pixels ≥ 0.5: how many (`area`) and, per row, the index of the
 * first and the last pixel not below 0.5 (last < first on a row without one). A palette's masks
 * are a garment's or a band's, a small part of the frame: sampling reads only
 * these spans, not the frame a second time. With `box` (within the frame),
 * only the box is read (the rows beyond it have none): the same figures when
 * every pixel not below 0.5 lies in it.
 */
export function rowSpans(mask: Mask, box: PixelBox = { x0: 0, y0: 0, x1: mask.width - 1, y1: mask.height - 1 }): { area: number; first: Int32Array; last: Int32Array } {
  const { width: w, height: h, data: md } = mask;
  const first = new Int32Array(h), last = new Int32Array(h).fill(-1);
  let area = 0;
  for (let y = box.y0; y <= box.y1; y++) {
    let a = -1, b = -2;
    for (let i = y * w + box.x0, end = y * w + box.x1; i <= end; i++) {
      const v = md[i]!;
      if (v < 0.5) continue;
      // (a NaN is in the span but not the area, as sampleColours' scan of the frame had it)
      if (v >= 0.5) area++;
      if (a < 0) a = i;
      b = i;
    }
    first[y] = a < 0 ? 0 : a;
    last[y] = a < 0 ? -1 : b;
  }
  return { area, first, last };
}

/** Sample indices ordered by r + g + b, ties in sample order (a counting sort: the same order as a stable sort). */
function byBrightness(samples: Uint8Array): Int32Array {
  const m = samples.length / 3;
  const start = new Int32Array(3 * 255 + 2);
  for (let i = 0; i < m; i++) start[samples[i * 3]! + samples[i * 3 + 1]! + samples[i * 3 + 2]! + 1]!++;
  for (let v = 1; v < start.length; v++) start[v] = start[v]! + start[v - 1]!;
  const order = new Int32Array(m);
  for (let i = 0; i < m; i++) order[start[samples[i * 3]! + samples[i * 3 + 1]! + samples[i * 3 + 2]!]!++] = i;
  return order;
}

/** Index of the centre nearest (r, g, b), the first of equals. */
function nearestIndex(centres: Float32Array, k: number, r: number, g: number, b: number): number {
  let best = 0;
  let bestD = Infinity;
  for (let c = 0; c < k; c++) {
    const dr = r - centres[c * 3]!;
    const dg = g - centres[c * 3 + 1]!;
    const db = b - centres[c * 3 + 2]!;
    const d = dr * dr + dg * dg + db * db;
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  return best;
}

export function nearest(centres: Float32Array, k: number, r: number, g: number, b: number): { index: number; dist2: number } {
  const index = nearestIndex(centres, k, r, g, b);
  const dr = r - centres[index * 3]!;
  const dg = g - centres[index * 3 + 1]!;
  const db = b - centres[index * 3 + 2]!;
  return { index, dist2: dr * dr + dg * dg + db * db };
}

/** Distance² from a colour to the palette's nearest centre holding ≥ minWeight of pixels (Infinity without one). */
export function paletteDistance2(p: Palette, r: number, g: number, b: number, minWeight = 0.05): number {
  const c = nearestWeightedIndex(p, r, g, b, minWeight);
  if (c < 0) return Infinity;
  const dr = r - p.centres[c * 3]!;
  const dg = g - p.centres[c * 3 + 1]!;
  const db = b - p.centres[c * 3 + 2]!;
  return dr * dr + dg * dg + db * db;
}

/**
 * Where a colour lies on the segment between two palette centres (3 floats
 * each, at `fromAt` and `toAt`): `at`, its position along it (0 at the first
 * centre, 1 at the second; not clamped, 0 when the centres coincide), and
 * `off2`, its distance² from the segment's nearest point (the position clamped
 * to 0..1). A pixel mixed from two colours (an edge blurred at the analysis
 * size) lies on their segment.
 */
export function segmentPlace(
  from: Float32Array, fromAt: number, to: Float32Array, toAt: number, r: number, g: number, b: number,
): { at: number; off2: number } {
  const fr = from[fromAt * 3]!, fg = from[fromAt * 3 + 1]!, fb = from[fromAt * 3 + 2]!;
  const ur = to[toAt * 3]! - fr, ug = to[toAt * 3 + 1]! - fg, ub = to[toAt * 3 + 2]! - fb;
  const pr = r - fr, pg = g - fg, pb = b - fb;
  const len2 = ur * ur + ug * ug + ub * ub;
  const at = len2 > 0 ? (pr * ur + pg * ug + pb * ub) / len2 : 0;
  const c = Math.max(0, Math.min(1, at));
  const dr = pr - ur * c, dg = pg - ug * c, db = pb - ub * c;
  return { at, off2: dr * dr + dg * dg + db * db };
}

/** The index of the palette's centre holding ≥ minWeight of pixels nearest a colour (the first of equals), or −1 without one. */
export function nearestWeightedIndex(p: Palette, r: number, g: number, b: number, minWeight = 0.05): number {
  let best = -1, bestD = Infinity;
  const k = p.weights.length;
  for (let c = 0; c < k; c++) {
    if (p.weights[c]! < minWeight) continue;
    const dr = r - p.centres[c * 3]!;
    const dg = g - p.centres[c * 3 + 1]!;
    const db = b - p.centres[c * 3 + 2]!;
    const d = dr * dr + dg * dg + db * db;
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  return best;
}

/**
 * The light s at which centre `c` of `p` comes nearest colour (r, g, b): the colour's projection on the
 * centre's ray from black, so that s × centre is the shade of it nearest the colour (s 1: the centre
 * itself, under 1 in shadow, over 1 lit). NaN for a black centre, which has no ray.
 */
export function lightOnRay(p: Palette, c: number, r: number, g: number, b: number): number {
  const cr = p.centres[c * 3]!, cg = p.centres[c * 3 + 1]!, cb = p.centres[c * 3 + 2]!;
  const cc = cr * cr + cg * cg + cb * cb;
  return cc > 0 ? (r * cr + g * cg + b * cb) / cc : NaN;
}

/** Squared RGB distance from colour (r, g, b) to centre `c` of `p` in light `s` (s × centre). */
export function shadeDistance2(p: Palette, c: number, s: number, r: number, g: number, b: number): number {
  const dr = r - p.centres[c * 3]! * s, dg = g - p.centres[c * 3 + 1]! * s, db = b - p.centres[c * 3 + 2]! * s;
  return dr * dr + dg * dg + db * db;
}

/**
 * Squared RGB distance from colour (r, g, b) to the nearest shade of centre `c` of `p` whose light lies
 * in [lo, hi] (lightOnRay clamped; a black centre taken as it is).
 */
export function nearestShadeDistance2(p: Palette, c: number, r: number, g: number, b: number, lo: number, hi: number): number {
  const light = lightOnRay(p, c, r, g, b);
  return shadeDistance2(p, c, Number.isNaN(light) ? 1 : Math.max(lo, Math.min(hi, light)), r, g, b);
}

/**
 * Distance² from a colour to the nearest centre (holding ≥ minWeight) seen in
 * more or less light: the centre scaled by the brightness that fits best,
 * within 0.45–1.15. A white skirt's shaded side is grey, far from white but
 * close to white in shadow; beige background stays far from it.
 */
export function shadedDistance2(p: Palette, r: number, g: number, b: number, minWeight = 0.05): number {
  let bestD = Infinity;
  const k = p.weights.length;
  for (let c = 0; c < k; c++) {
    if (p.weights[c]! < minWeight) continue;
    bestD = Math.min(bestD, nearestShadeDistance2(p, c, r, g, b, 0.45, 1.15));
  }
  return bestD;
}

/**
 * Whether (r, g, b) lies within distance² `d2` of one of `palettes`
 * (paletteDistance2): a loop, not `some` with a closure, since the verdict
 * asks it for every old-coloured pixel it reads.
 */
export function nearAny(palettes: Palette[], r: number, g: number, b: number, d2: number): boolean {
  for (const p of palettes) if (paletteDistance2(p, r, g, b) <= d2) return true;
  return false;
}

/** The palette of `p`'s colours for which `keep(r, g, b, weight)` holds (a new palette, possibly empty). */
export function paletteWhere(p: Palette, keep: (r: number, g: number, b: number, weight: number) => boolean): Palette {
  const kept: number[] = [];
  for (let k = 0; k < p.weights.length; k++) if (keep(p.centres[k * 3]!, p.centres[k * 3 + 1]!, p.centres[k * 3 + 2]!, p.weights[k]!)) kept.push(k);
  const centres = new Float32Array(kept.length * 3);
  kept.forEach((k, j) => centres.set(p.centres.subarray(k * 3, k * 3 + 3), j * 3));
  return { centres, weights: kept.map((k) => p.weights[k]!) };
}
