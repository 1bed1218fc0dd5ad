/**
 * Verdict figures for a top or dress drawn over what a worn top leaves
 * showing: the wearer's neck, bare down to the front neckline (which sits at
 * or below the shoulders' line), and hair falling in front of the shoulders.
 * Faults that draw garment there: a garment warped shapeless up the neck to
 * the chin, a neck opening cut as a square notch or filled with a block over
 * the throat, a flat photo's inside back of the neck drawn across the throat,
 * a top drawn over the hair in front of the shoulders.
 *
 * Pure functions of masks at the analysis size (see quality-verdict.ts).
 */
import type { Mask } from '../../vision/image.js';

/** Where the neck is looked at, shoulder widths (sw) around the shoulders' midpoint. */
export const NECK_ZONE = {
  /** Columns within this of the neck's centre line: the throat, narrower than any neck opening (0.3–0.45 of a body width). */
  halfWidthSw: 0.1,
  /** Rows from this far above the shoulders' line (the neck up to the chin)… */
  aboveSw: 0.5,
  /** …to this far below it (the skin a crew neck leaves bare above its front). */
  belowSw: 0.15,
} as const;

export interface NeckPoint {
  /** The shoulders' midpoint at the analysis size, px. */
  x: number;
  y: number;
}

/**
 * Skin of the photo in the neck zone (NECK_ZONE) that the drawn garment
 * covers, shoulder widths². A top's neckline replacing another's covers some
 * (a crew neck over a V-neck's opening); the inside back of a neck drawn
 * across the throat, or a garment drawn up the neck, covers a band of it.
 */
export function neckSkinCoveredSw2(cover: Mask, skin: Mask, neck: NeckPoint, swPx: number): number {
  const { width: w, height: h } = cover;
  const half = swPx * NECK_ZONE.halfWidthSw;
  const x0 = Math.max(0, Math.ceil(neck.x - half)), x1 = Math.min(w - 1, Math.floor(neck.x + half));
  const y0 = Math.max(0, Math.ceil(neck.y - swPx * NECK_ZONE.aboveSw)), y1 = Math.min(h - 1, Math.floor(neck.y + swPx * NECK_ZONE.belowSw));
  let n = 0;
  for (let y = y0; y <= y1; y++) {
    for (let x = x0; x <= x1; x++) if (cover.data[y * w + x]! >= 0.5 && skin.data[y * w + x]! >= 0.5) n++;
  }
  return n / Math.max(1, swPx * swPx);
}

/** Pixels where `a` and `b` are both set (≥ 0.5): e.g. the person's hair under a drawn top. */
export function overlapArea(a: Mask, b: Mask): number {
  let n = 0;
  for (let i = 0; i < a.data.length; i++) if (a.data[i]! >= 0.5 && b.data[i]! >= 0.5) n++;
  return n;
}
