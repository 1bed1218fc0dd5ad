/**
 * Layering: what a stylist does when the new garment covers less of the body
 * than the old one (a cropped top over a long tee, a sleeveless dress over a
 * long-sleeved top, shorts over trousers). Skin can be made convincingly
 * only for small areas next to real skin (a neckline, a strap's edge); over a
 * belly, a whole arm or a leg the fill reads as a flat, painted block. There
 * the old garment stays, worn as a layer beneath the new one, and only the
 * small gaps are filled.
 */
import { createMask, type Mask } from '../../vision/image.js';
import { blurMask, components, morph } from '../../vision/mask-ops.js';

export const LAYERING = {
  /**
   * A bare area larger than this, in shoulder widths², keeps the old garment:
   * a neckline gap or a strap's edge stays under it (≤ ~0.03), an upper arm
   * (~0.25 × 0.35 sw ≈ 0.09), a belly band (1 × 0.3 sw) or a leg exceed it.
   */
  maxFilledAreaSw2: 0.04,
  /** The kept garment reaches this far under the new one, analysis px: its soft edge lies over cloth, not over a fill. */
  underlapPx: 3,
  /** Skin-fill weight from which a pixel counts as bare skin to be made. */
  skinWeight: 0.5,
} as const;

/**
 * The part of the old garment to keep as a layer beneath the new one
 * (analysis size, soft 0..1): each connected area that would be filled with
 * skin (old garment, not covered by the new one, inside the body) and is
 * larger than LAYERING.maxFilledAreaSw2, grown under the new garment's edge.
 * `cover`: the new garment's coverage at the analysis size; `skinFill`: the
 * skin fill's weight; `swPx`: shoulder width at the analysis size.
 */
export function keptOldGarment(oldHard: Mask, cover: Mask, skinFill: Mask, swPx: number): Mask {
  const { width, height } = oldHard;
  const bare = createMask(width, height);
  for (let i = 0; i < bare.data.length; i++) {
    if (oldHard.data[i]! >= 0.5 && cover.data[i]! < 0.5 && skinFill.data[i]! >= LAYERING.skinWeight) bare.data[i] = 1;
  }
  const { labels, sizes } = components(bare);
  const minArea = LAYERING.maxFilledAreaSw2 * swPx * swPx;
  const kept = createMask(width, height);
  let any = false;
  for (let i = 0; i < labels.length; i++) {
    if (labels[i]! > 0 && sizes[labels[i]!]! > minArea) {
      kept.data[i] = 1;
      any = true;
    }
  }
  if (!any) return kept;
  const grown = morph(kept, LAYERING.underlapPx);
  for (let i = 0; i < grown.data.length; i++) grown.data[i] = Math.min(grown.data[i]!, oldHard.data[i]! >= 0.5 ? 1 : 0);
  return blurMask(grown, 1, 1);
}
