/**
 * A fill (pixels the removal changed and no new garment covers) should read
 * as smooth as the skin or the background it stands for. Where its
 * neighbourhood is busy, the fill carries what a clean result has not: the
 * old garment's print left in it, or a thin strip between the new garment's
 * outline and the background that is torn, scalloped or gapped (the old
 * garment wider than the new one, painted out raggedly along the new
 * outline). The busy pixels are counted as pieces of a meaningful size, in
 * shoulder widths², so a strip along a sleeve counts the same on any photo.
 *
 * A pure function of masks and the result's luminance at the analysis size.
 */
import { createMask, type Mask } from '../../vision/image.js';
import { maskBounds } from '../../vision/mask-ops.js';
import type { Box } from '../../vision/skin-texture.js';
import { piecesArea } from './verdict-remnants.js';
import { scratchMask, type MaskArena } from './verdict-scratch.js';

/** When a fill pixel's neighbourhood is busy, and how large a piece of them counts. */
export const BUSY_FILL = {
  /** Half-side of the square neighbourhood whose mean |Laplacian| is read, px (a 5×5 box spans a 2–3 px strip and its two edges). */
  radiusPx: 2,
  /** Busy: the neighbourhood's mean |Laplacian| is above this many times the untouched skin's own (skin's pores and shading are texture a fill may copy)... */
  skinTimes: 3,
  /** ...and above this, 0..255 luminance: untouched skin near the fills measured 4–18 on the tune half. */
  minTexture: 12,
  /** A piece smaller than this, shoulder widths², is a corner of the fill against a hand or a hem, not a strip seen at normal size. */
  minPieceSw2: 0.001,
} as const;

/**
 * |4-neighbour Laplacian| of `lum` at every pixel of `box` (the whole image by default; 0 on the
 * image's border and outside the box), into `out` (width × height, all zeros) when given.
 */
export function laplacianMagnitude(lum: Float32Array, width: number, height: number, box: Box = { x0: 0, y0: 0, x1: width - 1, y1: height - 1 }, out: Float32Array = new Float32Array(width * height)): Float32Array {
  for (let y = Math.max(1, box.y0); y <= Math.min(height - 2, box.y1); y++) {
    for (let x = Math.max(1, box.x0); x <= Math.min(width - 2, box.x1); x++) {
      const i = y * width + x;
      out[i] = Math.abs(4 * lum[i]! - lum[i - 1]! - lum[i + 1]! - lum[i - width]! - lum[i + width]!);
    }
  }
  return out;
}

/**
 * Fill pixels (not kept on purpose, at least radiusPx from the image's
 * border) whose (2·radiusPx + 1)² neighbourhood has a mean |Laplacian|
 * strictly above `limit`; read over `box` when given (the fill's: none lies outside it).
 */
export function busyFillPixels(lap: Float32Array, fill: Mask, keep: Mask, limit: number, box?: Box): Mask {
  const { width: w, height: h } = fill;
  const r = BUSY_FILL.radiusPx, n = (2 * r + 1) * (2 * r + 1);
  const out = createMask(w, h);
  const xs = Math.max(r, box?.x0 ?? 0), xe = Math.min(w - r, (box?.x1 ?? w) + 1), ye = Math.min(h - r, (box?.y1 ?? h) + 1);
  for (let y = Math.max(r, box?.y0 ?? 0); y < ye; y++) {
    for (let x = xs; x < xe; x++) {
      const i = y * w + x;
      if (fill.data[i]! < 0.5 || keep.data[i]! >= 0.5) continue;
      let sum = 0;
      for (let dy = -r; dy <= r; dy++) for (let dx = -r; dx <= r; dx++) sum += lap[i + dy * w + dx]!;
      if (sum / n > limit) out.data[i] = 1;
    }
  }
  return out;
}

export interface BusyFillInputs {
  /** The result's luminance at the analysis size. */
  lum: Float32Array;
  /** Filled pixels: changed by the removal, not covered by a new garment. */
  fill: Mask;
  /** Pixels kept on purpose (face, hair, hands): their own texture is no fill's. */
  keep: Mask;
  /** Mean |Laplacian| of the untouched skin near the fill (meanTexture), null when none is seen. */
  skinTexture: number | null;
  shoulderWidthPx: number;
}

/** The busy fill, shoulder widths²: the area of its pieces of meaningful size (BUSY_FILL). */
export function busyFill(x: BusyFillInputs, arena?: MaskArena): number {
  const { width: w, height: h } = x.fill;
  const limit = Math.max(BUSY_FILL.minTexture, BUSY_FILL.skinTimes * (x.skinTexture ?? 0));
  // (read over the fill's box only, its Laplacian over the box grown by the neighbourhood's radius: the frame is mostly no fill)
  const box = maskBounds(x.fill);
  if (!box) return 0;
  const r = BUSY_FILL.radiusPx;
  // (in a plane of the verdict's arena when it has one: verdict-scratch.ts)
  const lap = laplacianMagnitude(x.lum, w, h, { x0: box.x0 - r, y0: box.y0 - r, x1: box.x1 + r, y1: box.y1 + r }, scratchMask(arena, w, h).data);
  const busy = busyFillPixels(lap, x.fill, x.keep, limit, box);
  const sw2 = Math.max(1, x.shoulderWidthPx * x.shoulderWidthPx);
  return piecesArea(busy, BUSY_FILL.minPieceSw2 * sw2) / sw2;
}
