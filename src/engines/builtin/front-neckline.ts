/**
 * The new garment's front neckline as drawn: the neck skin kept over a new
 * top (pass-masks.ts neckBaseRows) runs down each column of the neck's zone
 * while the pixels are skin, as far as the shoulder line. Over a bare neck
 * that ends at the old collar, but an old top in a skin-like colour (a beige
 * knit) or an old neckline lower than the new one leaves skin all the way
 * down, and the kept neck was drawn over the new garment's front: a boxy,
 * flat-bottomed notch at the shoulder line, stepped where the columns' runs
 * ended, through which the old top showed. The front of a garment lies in
 * front of the neck and chest: where the garment's drawn top edge dips
 * between the collar's corners, the dip is its front neckline, and the neck
 * kept over the garment ends there. Beside the dip (the shoulders and the
 * back band behind the neck's sides) the neck stays over the garment as before.
 *
 * Only for a garment whose flat photo's inside back was found and taken out
 * (neck-opening.ts; GarmentAnalysis.neckOpened): where it was not (a polo's
 * collar), the dip's drawn top edge can be the inside back with its label,
 * which the kept neck hid.
 */
import type { Mask } from '../../vision/image.js';

/** The front neckline's dip, shoulder widths (sw). */
export const FRONT_NECKLINE = {
  /** The collar's corners (the garment's highest drawn rows) are sought this far either side of the neck's centre: a crew or scoop neck's corners lie 0.15–0.3 sw out. */
  cornerSearchSw: 0.35,
  /**
   * The dip must reach at least this far below the lower corner at the centre
   * to be a front neckline: a back neckline seen through a flat photo's
   * opening dips 0.014–0.082 bw (neck-opening.ts NECK_OPENING.backNeckDip,
   * ~0.07 sw at most), a worn crew neck's front ~0.1–0.15 sw.
   */
  minDipSw: 0.08,
} as const;

/** The first row of column x where `cover` is drawn (≥ 0.5), down to `yMax`; Infinity when none. */
function drawnTop(cover: Mask, x: number, yMax: number): number {
  for (let y = 0, i = x; y <= yMax; y++, i += cover.width) if (cover.data[i]! >= 0.5) return y;
  return Infinity;
}

/**
 * Per column, the last row the neck kept over the new garment may reach: one
 * above the garment's drawn top in the columns of its front neckline's dip
 * between the collar's corners (FRONT_NECKLINE), Infinity elsewhere or when
 * the drawn top edge shows no such dip. `cover`: the new garment's coverage;
 * `centreX`: the neck's centre line; `yMax`: the lowest row the neck may
 * reach (the shoulder line); `swPx`: shoulder width, px.
 */
export function frontNecklineCap(cover: Mask, centreX: number, yMax: number, swPx: number): Float64Array {
  const { width } = cover, cap = new Float64Array(width).fill(Infinity);
  const reach = FRONT_NECKLINE.cornerSearchSw * swPx;
  const x0 = Math.max(0, Math.floor(centreX - reach)), x1 = Math.min(width - 1, Math.ceil(centreX + reach));
  const c = Math.round(centreX);
  if (c < x0 || c > x1) return cap;
  const top = new Float64Array(x1 - x0 + 1);
  for (let x = x0; x <= x1; x++) top[x - x0] = drawnTop(cover, x, yMax);
  // the corners: the highest drawn rows either side, nearest the centre among equals
  let left = -1, right = -1;
  for (let x = x0; x <= c; x++) if (left < 0 || top[x - x0]! <= top[left - x0]!) left = x;
  for (let x = x1; x >= c; x--) if (right < 0 || top[x - x0]! <= top[right - x0]!) right = x;
  const corner = Math.max(top[left - x0]!, top[right - x0]!);
  if (!Number.isFinite(corner) || !(top[c - x0]! - corner >= FRONT_NECKLINE.minDipSw * swPx)) return cap;
  for (let x = left + 1; x < right; x++) cap[x] = top[x - x0]! - 1;
  return cap;
}
