/**
 * A flap of a new lower garment standing off the legs: a trouser leg, a
 * folded pocket or a hem corner drawn beside the person's real outline over
 * what was background in the photo, detached from the leg it belongs to.
 * The share of the garment outside the body (quality-verdict.ts outsideShare)
 * reads such a piece as a few percent of a whole pair of trousers; here it is
 * read as a solid piece of its own, measured in shoulder widths².
 *
 * A pure function of masks at the analysis size.
 */
import { createMask, type Mask } from '../../vision/image.js';
import { boundedChessboardDistance, cropToBounds } from '../../vision/box-distance.js';
import { components, maskBounds, morphPair } from '../../vision/mask-ops.js';

/** What counts as a flap, shoulder widths (sw). */
export const LEG_FLAP = {
  /**
   * Drawn pixels farther than this from the person's outline in the photo
   * (the body as photographed, with the old garment) stand off it: the
   * warp's soft outline and a wide leg's hem stay within it. On the tune
   * half, palazzo trousers' hems over the gap between the legs stood up to
   * 0.08–0.12 off it (0.039 sw² of solid piece beyond 0.08), none beyond.
   */
  marginSw: 0.12,
  /**
   * Radius of the opening that keeps only solid pieces: a fringe or a strip
   * along the outline thinner than twice this (a few px at the analysis
   * size) is the garment's soft or ragged edge, not a flap.
   */
  solidSw: 0.03,
} as const;

/** The drawn lower garment (`cover` ≥ 0.5) farther than LEG_FLAP.marginSw from `body`, opened by LEG_FLAP.solidSw: its solid pieces standing off the body. */
export function flapPixels(cover: Mask, body: Mask, swPx: number): Mask {
  const { width: w, height: h } = cover;
  const out = createMask(w, h);
  const box = maskBounds(cover);
  if (!box) return out;
  const margin = Math.max(1, Math.round(LEG_FLAP.marginSw * swPx));
  // (read only under the drawn garment: no pixel beyond its box is drawn)
  const d = boundedChessboardDistance(body, margin + 1, box);
  for (let y = box.y0; y <= box.y1; y++) {
    for (let i = y * w + box.x0, end = y * w + box.x1; i <= end; i++) if (cover.data[i]! >= 0.5 && d[i]! > margin) out.data[i] = 1;
  }
  const r = Math.max(1, Math.round(LEG_FLAP.solidSw * swPx));
  return morphPair(out, -r, r, box);
}

/** The largest flap (flapPixels), shoulder widths²; 0 when none. */
export function legFlapSw2(cover: Mask, body: Mask, swPx: number): number {
  const crop = cropToBounds(flapPixels(cover, body, swPx));
  if (!crop) return 0;
  return Math.max(0, ...components(crop).sizes) / Math.max(1, swPx * swPx);
}
