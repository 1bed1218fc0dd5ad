/**
 * A dress's or long top's armpits read from its bodice. garment-landmarks.ts
 * measures the body's edges on a band of the lower body and looks for the
 * sleeves jutting out beyond them; on a garment whose skirt flares below its
 * waist that band is wider than a short sleeve's reach (puff, set-in, bell
 * sleeves), so no sleeve is found and the whole garment is warped as one
 * panel. Here the bodice's own width is the waist's (the narrowest row below
 * the sleeves), and a sleeve's underside is a step outwards in the outline
 * going up from it.
 */
import { median } from '../../vision/robust-stats.js';

/** The central run's edges of each row (NaN where none) and the main body's top and height (garment-landmarks' CentralRows). */
export interface EdgeRows {
  left: number[];
  right: number[];
  bb: { y0: number };
  h: number;
}

/**
 * Proportions of a bodice, as shares of the main body's height h or of the
 * waist's width. Measured on the tune half's flat dress photos (384 px long
 * side, h 315–327 px): waists 62–87 px; puff and short sleeves step out
 * 19–35 px (0.3–0.4 waists) within 4–8 rows, their armpits 0.19–0.29 h
 * below the top; a sleeveless bodice widens ~8 px over 35 rows to its
 * straps; a flutter cap on the shoulders steps out 0.13 h below the top,
 * on one side only.
 */
export const BODICE_SHAPE = {
  /** The waist is the narrowest row in this band of h: below a dress's short sleeves (they end by 0.3 h), above the skirt's flare. */
  waistSearch: [0.15, 0.6],
  /** Row widths are the median over ± this many rows: a ragged matte's notch is not the waist. */
  waistSmoothRows: 2,
  /** The lower-body band is at least this many waists wide: the garment flares below its waist, so the band is not the bodice's width. */
  flareOfWaist: 1.15,
  /** A sleeve's underside: going up, the edge steps out by this share of the waist within stepRows (share of h)... */
  stepOfWaist: 0.2,
  stepRows: 0.03,
  /** ... and stays out so for this many rows (a lone thread or notch is not a sleeve). */
  stepHoldRows: 3,
  /** The armpit is the lowest row of the step more than this many px out from the bodice's edge below it. */
  armpitOutPx: 2,
  /** The armpit lies at least this share of h below the top: a step higher up is a cap's or a flounce's edge on the shoulder, drawn with the body. */
  minArmpitDepth: 0.15,
  /**
   * The chest is at least this many waists wide. Sleeves photographed hanging
   * over the bodice's sides hide its chest: what shows below the armpits is
   * about the waist's width (63 and 83 px between the armpits at waists of
   * 63 and 85), and a panel scaled by it was drawn ~1.45× too wide. A fitted
   * bodice's bust over its waist (standard women's sizes, 88/68 cm) is 1.3.
   */
  chestOfWaist: 1.3,
} as const;

/** The waist: the row of the narrowest (smoothed) central run in BODICE_SHAPE.waistSearch, and that width; null when no row has a run. */
export function waistRow(rows: EdgeRows): { y: number; width: number } | null {
  const { bb, h, left, right } = rows, B = BODICE_SHAPE;
  let best: { y: number; width: number } | null = null;
  for (let y = bb.y0 + Math.round(h * B.waistSearch[0]); y <= bb.y0 + Math.round(h * B.waistSearch[1]); y++) {
    const widths: number[] = [];
    for (let k = -B.waistSmoothRows; k <= B.waistSmoothRows; k++) {
      const w = right[y + k]! - left[y + k]! + 1;
      if (Number.isFinite(w)) widths.push(w);
    }
    if (widths.length === 0) continue;
    const width = median(widths);
    if (!best || width < best.width) best = { y, width };
  }
  return best;
}

/**
 * The armpit's row on one side (the bodice's last row below the sleeve):
 * going up from the waist, the first step out by BODICE_SHAPE's step; null
 * when there is none, or when it lies too near the top (minArmpitDepth).
 */
export function bodiceArmpit(rows: EdgeRows, waist: { y: number; width: number }, side: 'a' | 'b'): number | null {
  const { bb, h } = rows, B = BODICE_SHAPE;
  const s = Math.max(2, Math.round(h * B.stepRows)), step = waist.width * B.stepOfWaist;
  // how far out the edge lies (larger: further from the centre); NaN where no run, which never passes a test
  const out = (y: number) => (side === 'a' ? -rows.left[y]! : rows.right[y]!);
  for (let y = waist.y - s; y >= bb.y0 + B.stepHoldRows; y--) {
    const base = out(y + s);
    let held = 0;
    while (held < B.stepHoldRows && out(y - held) - base >= step) held++;
    if (held < B.stepHoldRows) continue;
    let armpit = y + s;
    while (armpit > y && out(armpit - 1) - base <= B.armpitOutPx) armpit--;
    return armpit - bb.y0 >= h * B.minArmpitDepth ? armpit : null;
  }
  return null;
}

/**
 * Both armpits' rows from the bodice, for a garment whose lower-body band
 * (`bandWidth`, px) is wider than its waist by BODICE_SHAPE.flareOfWaist,
 * and the least width of the chest hidden under the sleeves (chestOfWaist);
 * null when it does not flare so or either side shows no sleeve.
 */
export function bodiceArmpits(rows: EdgeRows, bandWidth: number): { apA: number; apB: number; minChest: number } | null {
  const waist = waistRow(rows);
  if (!waist || bandWidth < waist.width * BODICE_SHAPE.flareOfWaist) return null;
  const apA = bodiceArmpit(rows, waist, 'a'), apB = bodiceArmpit(rows, waist, 'b');
  return apA === null || apB === null ? null : { apA, apB, minChest: waist.width * BODICE_SHAPE.chestOfWaist };
}
