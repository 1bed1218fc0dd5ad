/**
 * A fitted garment must lie on the body. A warp driven by a few landmarks can
 * throw part of the garment past the silhouette (a sleeve landmark misread,
 * a fringe of background left in the matte): drawn there it reads as a
 * detached block beside the arm. Tops hug the body, so what lies farther from
 * the person's silhouette than a loose sleeve stands off is dropped. Trousers
 * and skirts stand off the legs further (wide legs, a flare) but not by more
 * than a wide leg does, and never below the soles: a leg fitted longer than
 * the person's drew its hem on the floor under the shoes. Dresses flare (a
 * gown's hem) and are left as fitted.
 */
import { createMask, type Mask } from '../../vision/image.js';
import { blurMask, boxBlurOwnPlane, maskBounds, morph } from '../../vision/mask-ops.js';
import { createSampler, sample1 } from '../../vision/mask-sampler.js';
import type { GarmentLayer } from './warp-render.js';

export const BODY_CLIP = {
  /** How far a top may stand off the silhouette, shoulder widths (a loose sleeve's fold: ~0.06). */
  reachSw: 0.1,
  /** How far trousers or a skirt may stand off the silhouette, shoulder widths (a wide leg's side: ~0.2 beyond the leg). */
  lowerReachSw: 0.3,
  /** How far below the silhouette's lowest row (the soles) a lower garment may reach, shoulder widths (a hem's fold on the shoe). */
  floorMarginSw: 0.03,
} as const;

/**
 * The cut's edge. The silhouette lives at the analysis size (~3× smaller than
 * the output); blurred by 1 px and sampled bilinearly, its ramp was ~3
 * analysis px, a soft smear ~8 output px wide where a wide sleeve is cut
 * along the arm. So the reach is smoothed a little more (its pixel steps must
 * not show) and its ramp sharpened after sampling to about `edgePx` output px.
 */
export const CLIP_EDGE = {
  /** Box-blur radius of the reach, analysis px (2 passes): just over a pixel step, so the cut is not scalloped. */
  smoothRadiusPx: 2,
  /** Steepest slope of that blurred step, per analysis px: a 2-pass box of radius 2 rises by 1/5 per px at its middle. */
  smoothSlopePerPx: 0.2,
  /** Width of the drawn edge's ramp, output px: anti-aliased, not soft. */
  edgePx: 1.5,
} as const;

/**
 * The layer with its alpha cut to the person's silhouette grown by
 * BODY_CLIP.reachSw (a soft 1 px edge at the analysis size), and the share of
 * its opacity that was cut. `matte`: the person matte at the analysis size;
 * `swPx`: shoulder width at the analysis size.
 */
export function clipToBody(layer: GarmentLayer, matte: Mask, swPx: number): { layer: GarmentLayer; cutShare: number } {
  return clipLayer(layer, smoothReach(morph(matte, Math.max(1, Math.round(BODY_CLIP.reachSw * swPx)))));
}

/**
 * The same for a lower garment: the silhouette grown by BODY_CLIP.lowerReachSw,
 * cut BODY_CLIP.floorMarginSw below the silhouette's lowest row (when the
 * person ends inside the frame: feet cut by the frame's edge set no floor).
 */
export function clipLowerToBody(layer: GarmentLayer, matte: Mask, swPx: number): { layer: GarmentLayer; cutShare: number } {
  const reach = morph(matte, Math.max(1, Math.round(BODY_CLIP.lowerReachSw * swPx)));
  const floor = maskBounds(matte)?.y1 ?? null;
  if (floor !== null && floor < matte.height - 1) {
    const cut = Math.min(matte.height, floor + 1 + Math.round(BODY_CLIP.floorMarginSw * swPx));
    reach.data.fill(0, cut * matte.width);
  }
  return clipLayer(layer, smoothReach(reach));
}

/**
 * The layer cut at row `floorPx` (analysis px; see feet-front.ts hemFloor),
 * or per column at `floorPx(x)` (each leg's hem, hem-reach.ts): a hem longer
 * than the fit could shorten ends there. `size`: a mask of the analysis size.
 */
export function clipAtFloor(layer: GarmentLayer, size: Mask, floorPx: number | ((x: number) => number)): GarmentLayer {
  const { width, height } = size;
  const rowAt = typeof floorPx === 'number' ? () => floorPx : floorPx;
  const rows = new Int32Array(width);
  for (let x = 0; x < width; x++) rows[x] = Math.max(0, Math.min(height, Math.round(rowAt(x))));
  const { keep, onesAbove } = floorReach(rows, height);
  return clipLayer(layer, keep, onesAbove).layer;
}

/**
 * smoothReach of the mask that is 1 above each column's floor row `rows[x]`
 * (0 from it down), `height` rows, and the row above which it is 1 across
 * the frame. Blurred only on the band of rows within the blur's reach of a
 * floor (grown as blurMask grows a mask's bounds): a box blur of ones is 1
 * and of zeros 0 (its window clamped at the image's edge, a mean of equal
 * values), so above the band the blurred step is 1 and below it 0, and the
 * band's edges lie beyond the reach of any floor. The same values as the
 * whole frame's blur, at a fraction of the rows (the frame's blur and its
 * fill were nearly half of this clip's time).
 */
export function floorReach(rows: Int32Array, height: number): { keep: Mask; onesAbove: number } {
  const width = rows.length;
  const r = CLIP_EDGE.smoothRadiusPx, passes = 2, pad = 2 * r * passes + 1;
  let lo = height, hi = 0;
  for (let x = 0; x < width; x++) {
    lo = Math.min(lo, rows[x]!);
    hi = Math.max(hi, rows[x]!);
  }
  const y0 = Math.max(0, lo - pad), y1 = Math.min(height, hi + pad);
  const keep = createMask(width, height);
  keep.data.fill(1, 0, y0 * width);
  const band = new Float32Array((y1 - y0) * width);
  // (filled row by row: down each column the writes strode a whole row apart)
  for (let y = y0; y < y1; y++) {
    for (let x = 0, i = (y - y0) * width; x < width; x++, i++) if (y < rows[x]!) band[i] = 1;
  }
  keep.data.set(boxBlurOwnPlane(band, width, y1 - y0, r, passes), y0 * width);
  return { keep, onesAbove: y0 };
}

function smoothReach(reach: Mask): Mask {
  return blurMask(reach, CLIP_EDGE.smoothRadiusPx, 2);
}

/**
 * How much of a layer pixel is kept, from the smoothed reach sampled there:
 * its 0.5 line is the cut, its ramp sharpened to CLIP_EDGE.edgePx output px
 * (`magnification`: output px per analysis px).
 */
export function keepShare(smoothed: number, magnification: number): number {
  return shareOnRamp(smoothed, clipRamp(magnification));
}

/** The width of keepShare's ramp in units of the smoothed reach, at `magnification`. */
function clipRamp(magnification: number): number {
  return CLIP_EDGE.smoothSlopePerPx * CLIP_EDGE.edgePx / Math.max(1, magnification);
}

/** keepShare with its ramp worked out once (clipLayer asks it for every layer pixel at one magnification). */
function shareOnRamp(smoothed: number, ramp: number): number {
  return Math.max(0, Math.min(1, 0.5 + (smoothed - 0.5) / ramp));
}

/**
 * The layer's alpha times `keep` (analysis size, sampled at each layer pixel), and the share of opacity cut.
 * `onesAbove`: a row above which `keep` is 1 throughout: layer rows sampling only those rows keep their
 * alpha as it is (a share of 1), without sampling.
 */
function clipLayer(layer: GarmentLayer, keep: Mask, onesAbove = 0): { layer: GarmentLayer; cutShare: number } {
  const sampler = createSampler(layer.width, layer.height, keep.width, keep.height);
  const ramp = clipRamp(layer.width / keep.width);
  const alpha = new Float32Array(layer.alpha.length);
  let total = 0, cut = 0;
  for (let y = 0; y < layer.lh; y++) {
    if (sampler.rows.i1[Math.min(layer.height - 1, Math.max(0, y + layer.oy))]! < onesAbove) {
      for (let i = y * layer.lw, end = i + layer.lw; i < end; i++) {
        const a = layer.alpha[i]!;
        if (a <= 0) continue;
        alpha[i] = a;
        total += a;
      }
      continue;
    }
    for (let x = 0; x < layer.lw; x++) {
      const i = y * layer.lw + x;
      const a = layer.alpha[i]!;
      if (a <= 0) continue;
      const ax = Math.min(layer.width - 1, Math.max(0, x + layer.ox)), ay = Math.min(layer.height - 1, Math.max(0, y + layer.oy));
      alpha[i] = a * shareOnRamp(sample1(sampler, keep.data, ax, ay), ramp);
      total += a;
      cut += a - alpha[i]!;
    }
  }
  return { layer: { ...layer, alpha }, cutShare: total > 0 ? cut / total : 0 };
}

