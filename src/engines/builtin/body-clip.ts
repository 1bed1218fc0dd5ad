/**
 * A fitted top must lie on the body. A warp driven by a few landmarks can
 * throw part of the garment past the silhouette (a sleeve landmark misread,
 * a fringe of background left in the matte): drawn there it reads as a
 * detached block beside the arm. Tops hug the body, so what lies farther from
 * the person's silhouette than a loose sleeve stands off is dropped; dresses
 * and trousers flare, and are left as fitted.
 */
import type { Mask } from '../../vision/image.js';
import { blurMask, morph } from '../../vision/mask-ops.js';
import { createSampler, sample1 } from '../../vision/mask-sampler.js';
import type { GarmentLayer } from './warp-render.js';

export const BODY_CLIP = {
  /** How far a top may stand off the silhouette, shoulder widths (a loose sleeve's fold: ~0.06). */
  reachSw: 0.1,
} as const;

/**
 * The layer with its alpha cut to the person's silhouette grown by
 * BODY_CLIP.reachSw (a soft 1 px edge at the analysis size), and the share of
 * its opacity that was cut. `matte`: the person matte at the analysis size;
 * `swPx`: shoulder width at the analysis size.
 */
export function clipToBody(layer: GarmentLayer, matte: Mask, swPx: number): { layer: GarmentLayer; cutShare: number } {
  const reach = blurMask(morph(matte, Math.max(1, Math.round(BODY_CLIP.reachSw * swPx))), 1, 1);
  const sampler = createSampler(layer.width, layer.height, matte.width, matte.height);
  const alpha = new Float32Array(layer.alpha.length);
  let total = 0, cut = 0;
  for (let y = 0; y < layer.lh; y++) {
    for (let x = 0; x < layer.lw; x++) {
      const i = y * layer.lw + x;
      const a = layer.alpha[i]!;
      if (a <= 0) continue;
      const ax = Math.min(layer.width - 1, Math.max(0, x + layer.ox)), ay = Math.min(layer.height - 1, Math.max(0, y + layer.oy));
      const keep = Math.min(1, sample1(sampler, reach.data, ax, ay));
      alpha[i] = a * keep;
      total += a;
      cut += a - alpha[i]!;
    }
  }
  return { layer: { ...layer, alpha }, cutShare: total > 0 ? cut / total : 0 };
}
