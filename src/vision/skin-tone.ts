/**
 * The made skin's tone kept to the person's own. A membrane fill spreads the
 * samples at its border; where few real skin pixels border a large fill (a
 * chest and both arms made under a new top, a face and hands the only skin
 * in sight) it carries one sample's colour far, and its albedo, lifted by the
 * silhouette's shading and the neck's light, came out lighter and more
 * saturated than any skin in the photo: an orange chest under a dark face.
 * Each made pixel's chromaticity (its share of R, G, B) is held within the
 * range the visible skin spans, and its brightness below the range's top;
 * inside that range the fill is left as it is. Never brightened: a made
 * limb's side is darker than any skin seen (its form shading, bare-body.ts).
 */
import type { Mask } from './image.js';
import type { Box } from './skin-texture.js';

export const SKIN_TONE_RANGE = {
  /**
   * Share of the visible skin's pixels below the range's low end and above
   * its high end, per chromaticity channel (above it for brightness): highlights,
   * lips and a shadow's edge lie outside it; the fixtures' faces and arms
   * span shares of R 0.40–0.47 within it, a too-orange fill measured 0.50.
   */
  tailShare: 0.1,
  /** Fewest visible skin pixels for a range: fewer are no measure of the person's skin. */
  minSamples: 200,
} as const;

/** The visible skin's range: per channel the chromaticity's low and high ends, and the brightness's top (sum of R, G, B). */
export interface SkinToneRange {
  shareLo: [number, number, number];
  shareHi: [number, number, number];
  sumHi: number;
}

/** The value at share `q` (0..1) of sorted `values`. */
function quantile(values: Float64Array, q: number): number {
  return values[Math.min(values.length - 1, Math.max(0, Math.round(q * (values.length - 1))))]!;
}

/** The range (SKIN_TONE_RANGE) of `rgb` (3 floats per pixel) over the `known` skin pixels (≥ 0.5); null with fewer than minSamples. */
export function skinToneRange(rgb: Float32Array, known: Mask): SkinToneRange | null {
  const idx: number[] = [];
  for (let i = 0; i < known.data.length; i++) if (known.data[i]! >= 0.5 && rgb[i * 3]! + rgb[i * 3 + 1]! + rgb[i * 3 + 2]! > 0) idx.push(i);
  if (idx.length < SKIN_TONE_RANGE.minSamples) return null;
  const t = SKIN_TONE_RANGE.tailShare;
  const sums = Float64Array.from(idx, (i) => rgb[i * 3]! + rgb[i * 3 + 1]! + rgb[i * 3 + 2]!).sort();
  const shareLo: [number, number, number] = [0, 0, 0], shareHi: [number, number, number] = [0, 0, 0];
  for (let c = 0; c < 3; c++) {
    const shares = Float64Array.from(idx, (i) => rgb[i * 3 + c]! / (rgb[i * 3]! + rgb[i * 3 + 1]! + rgb[i * 3 + 2]!)).sort();
    shareLo[c] = quantile(shares, t);
    shareHi[c] = quantile(shares, 1 - t);
  }
  return { shareLo, shareHi, sumHi: quantile(sums, 1 - t) };
}

/**
 * `fill` (3 floats per pixel, width `w`) with each pixel in `box` that is not
 * known skin held within `range` (a new plane): its chromaticity clamped per
 * channel and renormalised, its brightness at most the range's top.
 */
export function withinSkinTone(fill: Float32Array, w: number, known: Mask, range: SkinToneRange, box: Box): Float32Array {
  const out = fill.slice();
  const h = known.height;
  for (let y = Math.max(0, box.y0); y <= Math.min(h - 1, box.y1); y++) {
    for (let x = Math.max(0, box.x0); x <= Math.min(w - 1, box.x1); x++) {
      const i = y * w + x;
      if (known.data[i]! >= 0.5) continue;
      const sum = fill[i * 3]! + fill[i * 3 + 1]! + fill[i * 3 + 2]!;
      if (sum <= 0) continue;
      const shares = [0, 1, 2].map((c) => Math.min(range.shareHi[c]!, Math.max(range.shareLo[c]!, fill[i * 3 + c]! / sum)));
      const total = shares[0]! + shares[1]! + shares[2]!;
      const bright = Math.min(range.sumHi, sum);
      for (let c = 0; c < 3; c++) out[i * 3 + c] = (bright * shares[c]!) / total;
    }
  }
  return out;
}
