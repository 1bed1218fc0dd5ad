/**
 * Sleeves washed out after they were drawn: the drawn layer says what colour
 * each sleeve pixel was given; where the result shows a colour far from it
 * over the sleeve's solid interior, something was blended over the sleeve
 * after the draw (a refinement smear, a grey or skin-toned ghost, a halo
 * spreading over it), and the sleeve reads translucent or grey. A sleeve
 * drawn cleanly keeps its drawn colour up to resampling and noise.
 *
 * A pure function of the drawn layer's sleeve pixels and the result at the
 * analysis size.
 */
import type { RgbImage } from '../../vision/image.js';
import { layerIndex, type GarmentLayer } from './warp-render.js';

/** When a drawn sleeve pixel is judged, and when its result reads as washed out. */
export const SLEEVE_WASH = {
  /** Only the sleeve's solid interior is judged: its soft edge is blended with what lies beneath by design. */
  minAlpha: 0.95,
  /** RGB distance² beyond which the result's colour is no longer the drawn one (resampling and noise stay well within). */
  colourD2: 40 * 40,
  /** Sleeves smaller than this, shoulder widths², are too little to judge (a cap sleeve's rim). */
  minSleeveSw2: 0.02,
} as const;

/** The drawn layer's solid sleeve pixels at the analysis size: their indices and drawn colours. */
export interface DrawnSleeves {
  index: number[];
  rgb: number[];
}

/**
 * The analysis pixels whose whole footprint in `layer` is sleeve (limb) drawn
 * with alpha ≥ SLEEVE_WASH.minAlpha, with the footprint's mean drawn colour:
 * the result is resized to the analysis size, so a printed sleeve is compared
 * with its drawn print averaged the same way, not with one pixel of it.
 */
export function drawnSleeves(layer: GarmentLayer, aw: number, ah: number): DrawnSleeves {
  const out: DrawnSleeves = { index: [], rgb: [] };
  const sx = layer.width / aw, sy = layer.height / ah;
  // only footprints wholly inside the layer's box can be solid sleeve: the rows and columns outside it are skipped, not read
  const lx1 = layer.ox + layer.lw, ly1 = layer.oy + layer.lh;
  const mean: [number, number, number] = [0, 0, 0];
  for (let y = 0; y < ah; y++) {
    const fy0 = Math.floor(y * sy), fy1 = Math.max(fy0 + 1, Math.min(layer.height, Math.floor((y + 1) * sy)));
    if (fy0 < layer.oy || fy1 > ly1) continue;
    for (let x = 0; x < aw; x++) {
      const fx0 = Math.floor(x * sx), fx1 = Math.max(fx0 + 1, Math.min(layer.width, Math.floor((x + 1) * sx)));
      if (fx0 < layer.ox || fx1 > lx1 || !footprintMean(layer, fx0, fx1, fy0, fy1, mean)) continue;
      out.index.push(y * aw + x);
      out.rgb.push(mean[0], mean[1], mean[2]);
    }
  }
  return out;
}

/**
 * Mean drawn colour over layer pixels [fx0, fx1) × [fy0, fy1) into `mean`;
 * false unless every one is solid sleeve. (Into the caller's array: one call
 * per analysis pixel, no array each.)
 */
function footprintMean(layer: GarmentLayer, fx0: number, fx1: number, fy0: number, fy1: number, mean: [number, number, number]): boolean {
  let r = 0, g = 0, b = 0, n = 0;
  for (let fy = fy0; fy < fy1; fy++) {
    for (let fx = fx0; fx < fx1; fx++) {
      const li = layerIndex(layer, fx, fy);
      if (li < 0 || layer.part[li] !== 2 || layer.alpha[li]! < SLEEVE_WASH.minAlpha) return false;
      r += layer.rgb[li * 3]!; g += layer.rgb[li * 3 + 1]!; b += layer.rgb[li * 3 + 2]!; n++;
    }
  }
  mean[0] = r / n; mean[1] = g / n; mean[2] = b / n;
  return true;
}

/**
 * Share of the drawn sleeves' solid pixels whose colour in `result` is
 * farther than SLEEVE_WASH.colourD2 from the colour drawn; null when the
 * sleeves are smaller than SLEEVE_WASH.minSleeveSw2.
 */
export function washedSleeveShare(sleeves: DrawnSleeves, result: RgbImage, shoulderWidthPx: number): number | null {
  const n = sleeves.index.length;
  if (n === 0 || n < SLEEVE_WASH.minSleeveSw2 * shoulderWidthPx * shoulderWidthPx) return null;
  const ch = result.channels;
  let washed = 0;
  for (let k = 0; k < n; k++) {
    const i = sleeves.index[k]!;
    const dr = result.data[i * ch]! - sleeves.rgb[k * 3]!;
    const dg = result.data[i * ch + 1]! - sleeves.rgb[k * 3 + 1]!;
    const db = result.data[i * ch + 2]! - sleeves.rgb[k * 3 + 2]!;
    if (dr * dr + dg * dg + db * db > SLEEVE_WASH.colourD2) washed++;
  }
  return washed / n;
}
