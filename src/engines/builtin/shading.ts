/**
 * Shading carried from the photo onto the new garment at low frequency only.
 * The old garment's own pattern is divided out first: each pixel's luminance
 * is divided by the luminance of its nearest palette colour (its albedo), so
 * a dark logo on a light shirt gives shading ≈ 1, not a dark blob. The
 * result is blurred and clamped.
 */
import { createMask, lumaOf, type Mask, type RgbImage } from '../../vision/image.js';
import { extractPalette, nearest } from '../../vision/palette.js';
import { halve, pushPullFill } from '../../vision/inpaint.js';
import { boxBlurPlane } from '../../vision/mask-ops.js';

/** Shading range kept, as a multiplier: deeper folds would read as dirt. */
const SHADE_MIN = 0.78;
const SHADE_MAX = 1.12;
/** Share of the measured shading applied: sheer and printed old garments still leak some pattern. */
const SHADE_STRENGTH = 0.75;
/** Blur radius, analysis px (~1/100 of the height): folds yes, print no. */
const SHADE_BLUR_PX = 4;

/** Returns the shading multiplier at half the analysis size (it is blurred anyway). */
export function shadingMap(small: RgbImage, region: Mask): Mask {
  const n = small.width * small.height;
  const flat = createMask(Math.ceil(small.width / 2), Math.ceil(small.height / 2), 1);
  const palette = extractPalette(small, region, 6);
  if (!palette) return flat;
  const ch = small.channels;
  const k = palette.weights.length;
  const plane = new Float32Array(n);
  const known = createMask(small.width, small.height);
  const ratios: number[] = [];
  for (let i = 0; i < n; i++) {
    if (region.data[i]! < 0.5) continue;
    const r = small.data[i * ch]!, g = small.data[i * ch + 1]!, b = small.data[i * ch + 2]!;
    const c = nearest(palette.centres, k, r, g, b).index;
    const albedo = lumaOf(palette.centres[c * 3]!, palette.centres[c * 3 + 1]!, palette.centres[c * 3 + 2]!);
    const lum = lumaOf(r, g, b);
    // very dark albedo carries no shading information: leave those to the fill
    if (albedo < 25) continue;
    const ratio = lum / albedo;
    plane[i] = ratio;
    known.data[i] = 1;
    if ((i & 7) === 0) ratios.push(ratio);
  }
  if (ratios.length < 10) return flat;
  // one channel only: the RGB fill did three times the work for one value
  const half = halve(plane, known, 1);
  const filled = pushPullFill(half.plane, half.known, 1);
  const hn = flat.width * flat.height;
  const blurred = boxBlurPlane(filled, flat.width, flat.height, SHADE_BLUR_PX / 2, 2);
  ratios.sort((a, b) => a - b);
  const median = ratios[Math.floor(ratios.length / 2)]! || 1;
  for (let i = 0; i < hn; i++) flat.data[i] = Math.max(SHADE_MIN, Math.min(SHADE_MAX, 1 + (blurred[i]! / median - 1) * SHADE_STRENGTH));
  return flat;
}
