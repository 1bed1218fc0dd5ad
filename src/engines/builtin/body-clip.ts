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
import type { Mask } from '../../vision/image.js';
import { blurMask, morph } from '../../vision/mask-ops.js';
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
 * The layer with its alpha cut to the person's silhouette grown by
 * BODY_CLIP.reachSw (a soft 1 px edge at the analysis size), and the share of
 * its opacity that was cut. `matte`: the person matte at the analysis size;
 * `swPx`: shoulder width at the analysis size.
 */
export function clipToBody(layer: GarmentLayer, matte: Mask, swPx: number): { layer: GarmentLayer; cutShare: number } {
  return clipLayer(layer, blurMask(morph(matte, Math.max(1, Math.round(BODY_CLIP.reachSw * swPx))), 1, 1));
}

/**
 * The same for a lower garment: the silhouette grown by BODY_CLIP.lowerReachSw,
 * cut BODY_CLIP.floorMarginSw below the silhouette's lowest row (when the
 * person ends inside the frame: feet cut by the frame's edge set no floor).
 */
export function clipLowerToBody(layer: GarmentLayer, matte: Mask, swPx: number): { layer: GarmentLayer; cutShare: number } {
  const reach = morph(matte, Math.max(1, Math.round(BODY_CLIP.lowerReachSw * swPx)));
  const floor = lowestRow(matte);
  if (floor !== null && floor < matte.height - 1) {
    const cut = Math.min(matte.height, floor + 1 + Math.round(BODY_CLIP.floorMarginSw * swPx));
    reach.data.fill(0, cut * matte.width);
  }
  return clipLayer(layer, blurMask(reach, 1, 1));
}

/** The lowest row holding silhouette (matte ≥ 0.5), or null for an empty matte. */
function lowestRow(matte: Mask): number | null {
  for (let y = matte.height - 1; y >= 0; y--) {
    for (let x = 0; x < matte.width; x++) if (matte.data[y * matte.width + x]! >= 0.5) return y;
  }
  return null;
}

/** The layer's alpha times `keep` (analysis size, sampled at each layer pixel), and the share of opacity cut. */
function clipLayer(layer: GarmentLayer, keep: Mask): { layer: GarmentLayer; cutShare: number } {
  const sampler = createSampler(layer.width, layer.height, keep.width, keep.height);
  const alpha = new Float32Array(layer.alpha.length);
  let total = 0, cut = 0;
  for (let y = 0; y < layer.lh; y++) {
    for (let x = 0; x < layer.lw; x++) {
      const i = y * layer.lw + x;
      const a = layer.alpha[i]!;
      if (a <= 0) continue;
      const ax = Math.min(layer.width - 1, Math.max(0, x + layer.ox)), ay = Math.min(layer.height - 1, Math.max(0, y + layer.oy));
      alpha[i] = a * Math.min(1, sample1(sampler, keep.data, ax, ay));
      total += a;
      cut += a - alpha[i]!;
    }
  }
  return { layer: { ...layer, alpha }, cutShare: total > 0 ? cut / total : 0 };
}

