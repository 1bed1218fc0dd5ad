/**
 * Smeared edges: the new garment's outline, where it meets the photo, spread
 * over many pixels instead of a step. A garment drawn with a soft or blurred
 * matte (white sleeves bleeding into a white background, a rim of the
 * product photo's background left around the cut-out, a blurred band where an
 * old sleeve was painted out beside the new one) reads as a smudge; a garment
 * laid on the photo has an edge that steps within a pixel or two at the
 * analysis size (the compositor's soft edge is 1–2 px at full size).
 *
 * Measured on brightness profiles across the outline, along its normal: the
 * step from the garment's side to the neighbour's side, and the largest step
 * between two neighbouring pixels of the profile. A crisp edge takes most of
 * its step in one pixel; a smear takes it in small steps.
 */
import { luma, type Mask, type RgbImage } from '../../vision/image.js';

/** How the outline's profiles are read (analysis-size pixels, 0..255 luminance). */
export const EDGE_PROFILE = {
  /** Profile from this far inside the garment to this far outside, px: past a 2–3 px smear on both sides. */
  reachPx: 5,
  /** The sides' levels are the median of the profile's outer 3 px on each side. */
  sidePx: 3,
  /** The largest one-pixel step is looked for within this many px of the outline (where the edge lies). */
  coreReachPx: 3,
  /** Side of the box that smooths the garment mask before its gradient gives the normal, px: a normal from a 1-px outline points only along rows, columns or diagonals. */
  normalBoxPx: 7,
  /** A profile counts only when the sides differ by this much: below it the edge is too faint to judge its sharpness (white on white). */
  minStep: 40,
  /**
   * A profile is soft when its largest one-pixel step is under this share of
   * the whole step. A clean garment edge on the tune half takes a median 0.65–0.8
   * of its step in one pixel; a smeared one spreads it over 4 px or more (≤ 0.25 each).
   */
  softRatio: 0.35,
  /** Fewer judged profiles than this: too little contrasted outline to judge (a garment the colour of its surroundings). */
  minProfiles: 20,
} as const;

export interface EdgeInputs {
  /** The result at the analysis size. */
  result: RgbImage;
  /** The new garments as drawn (alpha ≥ 0.5 is the garment). */
  cover: Mask;
  /** Pixels kept on purpose (face, hair, hands, the other garment): their own edges are not the garment's. */
  keep: Mask;
}

/**
 * Share of the new garment's contrasted outline that is soft (EDGE_PROFILE),
 * 0..1; null when fewer than EDGE_PROFILE.minProfiles profiles could be judged.
 * A profile is judged where its inner part (2 px inside and deeper) is
 * garment, its outer part (2 px outside and beyond) is not, no sample is a
 * kept part, and its sides differ by at least minStep.
 */
export function softEdgeShare(x: EdgeInputs): number | null {
  const { width: w, height: h } = x.cover;
  const lum = luma(x.result);
  const normals = outlineNormals(x.cover);
  const { reachPx: T, softRatio, minStep } = EDGE_PROFILE;
  const prof = new Float32Array(2 * T + 1);
  let judged = 0, soft = 0;
  for (let k = 0; k < normals.index.length; k++) {
    const i = normals.index[k]!, px = i % w, py = (i - px) / w;
    const nx = normals.nx[k]!, ny = normals.ny[k]!;
    let ok = true;
    for (let t = -T; t <= T && ok; t++) {
      const sx = Math.round(px + nx * t), sy = Math.round(py + ny * t);
      if (sx < 0 || sy < 0 || sx >= w || sy >= h) { ok = false; break; }
      const j = sy * w + sx;
      const inGarment = x.cover.data[j]! >= 0.5;
      if (x.keep.data[j]! >= 0.5 || (t <= -2 && !inGarment) || (t >= 2 && inGarment)) ok = false;
      prof[t + T] = lum[j]!;
    }
    if (!ok) continue;
    const r = profileSharpness(prof);
    if (r.step < minStep) continue;
    judged++;
    if (r.largest < softRatio * r.step) soft++;
  }
  return judged < EDGE_PROFILE.minProfiles ? null : soft / judged;
}

/**
 * One profile (2·reachPx + 1 samples, inside first): the step between its
 * sides (medians of their outer sidePx samples) and its largest one-pixel
 * step within coreReachPx of the outline.
 */
export function profileSharpness(prof: ArrayLike<number>): { step: number; largest: number } {
  const { reachPx: T, sidePx: S, coreReachPx: C } = EDGE_PROFILE;
  const median = (a: number[]) => a.sort((p, q) => p - q)[a.length >> 1]!;
  const inner: number[] = [], outer: number[] = [];
  for (let k = 0; k < S; k++) { inner.push(prof[k]!); outer.push(prof[2 * T - k]!); }
  let largest = 0;
  for (let k = T - C; k < T + C; k++) largest = Math.max(largest, Math.abs(prof[k + 1]! - prof[k]!));
  return { step: Math.abs(median(outer) - median(inner)), largest };
}

/**
 * The garment's outline pixels (garment pixels with a 4-neighbour outside it)
 * and their outward unit normals, from the gradient of the mask smoothed by a
 * normalBoxPx box (summed-area table: one pass, whatever the box).
 */
export function outlineNormals(cover: Mask): { index: number[]; nx: number[]; ny: number[] } {
  const { width: w, height: h } = cover;
  const inside = (i: number) => cover.data[i]! >= 0.5;
  const sat = new Float64Array((w + 1) * (h + 1));
  for (let y = 0; y < h; y++) {
    let row = 0;
    for (let x = 0; x < w; x++) {
      row += inside(y * w + x) ? 1 : 0;
      sat[(y + 1) * (w + 1) + x + 1] = sat[y * (w + 1) + x + 1]! + row;
    }
  }
  const r = EDGE_PROFILE.normalBoxPx >> 1;
  // the box mean at (x, y), the box clipped to the image
  const box = (x: number, y: number) => {
    const x0 = Math.max(0, x - r), y0 = Math.max(0, y - r), x1 = Math.min(w, x + r + 1), y1 = Math.min(h, y + r + 1);
    const s = sat[y1 * (w + 1) + x1]! - sat[y0 * (w + 1) + x1]! - sat[y1 * (w + 1) + x0]! + sat[y0 * (w + 1) + x0]!;
    return s / ((x1 - x0) * (y1 - y0));
  };
  const index: number[] = [], nx: number[] = [], ny: number[] = [];
  for (let y = 1; y < h - 1; y++) {
    for (let x = 1; x < w - 1; x++) {
      const i = y * w + x;
      if (!inside(i) || (inside(i - 1) && inside(i + 1) && inside(i - w) && inside(i + w))) continue;
      // outward: down the smoothed mask's slope
      const gx = box(x - 1, y) - box(x + 1, y), gy = box(x, y - 1) - box(x, y + 1);
      const n = Math.hypot(gx, gy);
      if (n < 1e-6) continue;
      index.push(i); nx.push(gx / n); ny.push(gy / n);
    }
  }
  return { index, nx, ny };
}
