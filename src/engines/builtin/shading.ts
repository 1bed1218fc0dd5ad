/**
 * Shading carried from the photo onto the new garment at low frequency only.
 * The old garment's own pattern is divided out first: each pixel's luminance
 * is divided by the luminance of its nearest palette colour (its albedo), so
 * a dark logo on a light shirt gives shading ≈ 1, not a dark blob. The
 * result is blurred and clamped.
 */
import { createMask, lumaOf, type Mask, type RgbImage } from '../../vision/image.js';
import { extractPaletteInBox, nearest } from '../../vision/palette.js';
import { halve, pushPullFill } from '../../vision/inpaint.js';
import { boxBlurOwnPlane, maskBounds } from '../../vision/mask-ops.js';

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
  // (the region's pixels lie in its box: the palette and the ratios read it only, in the frame's raster order)
  const box = maskBounds(region);
  const palette = extractPaletteInBox(small, region, 6, box);
  if (!palette || !box) return flat;
  const ch = small.channels;
  const k = palette.weights.length;
  const plane = new Float32Array(n);
  const known = createMask(small.width, small.height);
  // (each palette colour's luma once, not per pixel)
  const albedos = Float64Array.from({ length: k }, (_, c) => lumaOf(palette.centres[c * 3]!, palette.centres[c * 3 + 1]!, palette.centres[c * 3 + 2]!));
  // (every 8th pixel's ratio at most: a typed array sorts numerically without a comparator called per pair)
  const samples = new Float64Array((n >> 3) + 1);
  let count = 0;
  for (let y = box.y0, w = small.width; y <= box.y1; y++) for (let i = y * w + box.x0, end = y * w + box.x1; i <= end; i++) {
    if (region.data[i]! < 0.5) continue;
    const r = small.data[i * ch]!, g = small.data[i * ch + 1]!, b = small.data[i * ch + 2]!;
    const albedo = albedos[nearest(palette.centres, k, r, g, b).index]!;
    const lum = lumaOf(r, g, b);
    // very dark albedo carries no shading information: leave those to the fill
    if (albedo < 25) continue;
    const ratio = lum / albedo;
    plane[i] = ratio;
    known.data[i] = 1;
    if ((i & 7) === 0) samples[count++] = ratio;
  }
  if (count < 10) return flat;
  const ratios = samples.subarray(0, count);
  // one channel only: the RGB fill did three times the work for one value
  const half = halve(plane, known, 1);
  const filled = pushPullFill(half.plane, half.known, 1);
  const hn = flat.width * flat.height;
  // (in place: the fill is this map's own and read no more)
  const blurred = boxBlurOwnPlane(filled, flat.width, flat.height, SHADE_BLUR_PX / 2, 2);
  ratios.sort();
  const median = ratios[Math.floor(ratios.length / 2)]! || 1;
  for (let i = 0; i < hn; i++) flat.data[i] = Math.max(SHADE_MIN, Math.min(SHADE_MAX, 1 + (blurred[i]! / median - 1) * SHADE_STRENGTH));
  return flat;
}
