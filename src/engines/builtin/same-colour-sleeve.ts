/**
 * An old sleeve hanging below the split line when the top and the bottom
 * share their colours (a red track top over red track trousers): the parse
 * gives a pixel below the line to the top only when its colour clearly beats
 * the bottom's, so the sleeve's lower part went to the bottom, and neither
 * colour (clothing-regions.ts sleeveEnds) nor texture (printed-sleeve.ts)
 * tells it from the trousers. Replacing the top then left the old sleeve on
 * the arm beside the new one. The arm's own width can tell: where the arm
 * hangs, nothing behind it shows, so a pixel there that is neither skin nor a
 * hand is its sleeve. Joined to the top's parse through such pixels, they are
 * the top's for its removal (ClothingRegions.topBelowLine); the parse keeps
 * them the bottom's.
 */
import { createMask, type Mask } from '../../vision/image.js';
import { growInto } from '../../vision/mask-ops.js';
import { paletteDistance2, type Palette } from '../../vision/palette.js';

export const SAME_COLOUR_SLEEVE = {
  /**
   * Least share (by weight) of the bottom's colours lying within the parse's
   * match distance of the top's palette for the two to read as one colour:
   * on the tune half a red track top and its trousers, a dark top and dark
   * trousers shared 0.96–1; a black cardigan over a pink plaid skirt 0.7
   * (through the top's pale trim, a skirt beside the arm's edge taken), a
   * striped shirt over black trousers 0.13.
   */
  alikeShare: 0.9,
  /**
   * How far the top's parse is followed down the arm's width, shoulder
   * widths: an upper arm and a forearm with its cuff measure ~1.1; farther
   * on lies the hand.
   */
  reachSw: 1.2,
  /**
   * How far the sleeve found on the arm's own width goes on sideways, within
   * the arms' zone, shoulder widths: a sleeve stands off the arm by up to the
   * zone's margin (0.02–0.035 sw, body-regions.ts); taken on the core only,
   * its sides stayed as two red slivers along the made arm.
   */
  looseSw: 0.04,
} as const;

/** The weighted share of `bottom`'s colours within `matchD2` (RGB distance²) of `top`'s palette. */
export function sharedColourShare(top: Palette, bottom: Palette, matchD2: number): number {
  let shared = 0, total = 0;
  for (let c = 0; c < bottom.weights.length; c++) {
    const wt = bottom.weights[c]!;
    total += wt;
    const r = bottom.centres[c * 3]!, g = bottom.centres[c * 3 + 1]!, b = bottom.centres[c * 3 + 2]!;
    if (paletteDistance2(top, r, g, b) < matchD2) shared += wt;
  }
  return total > 0 ? shared / total : 0;
}

/** What the sleeve is read from (analysis size, all hard 0/1 from 0.5). */
export interface SameColourSleeveInput {
  matte: Mask;
  skin: Mask;
  /** The hands' zone: never taken (a hand in a pocket sits among the trousers). */
  hands: Mask;
  /** The arms' own width (body-regions.ts armCore): where the arm hides what lies behind it. */
  armCore: Mask;
  /** The arms' zone with its margin (body-regions.ts arms): where a sleeve may stand off the arm. */
  arms: Mask;
  upper: Mask;
  lower: Mask;
  /** Shoulder width, px. */
  sw: number;
}

/**
 * The bottom's pixels on the arms' own width that are the top's sleeve (see
 * above): reached from the top's parse, up to SAME_COLOUR_SLEEVE.reachSw,
 * through the bottom's person pixels on the arm's core that are neither skin
 * nor the hands' zone; then on from them, up to SAME_COLOUR_SLEEVE.looseSw,
 * through such pixels within the arms' zone (the sleeve's sides). Only when the two garments share their colours
 * (sharedColourShare from SAME_COLOUR_SLEEVE.alikeShare; `matchD2`, the
 * parse's match distance²); otherwise null, as when none are found.
 */
export function sameColourSleeve(x: SameColourSleeveInput, palettes: { top: Palette; bottom: Palette }, matchD2: number): Mask | null {
  if (sharedColourShare(palettes.top, palettes.bottom, matchD2) < SAME_COLOUR_SLEEVE.alikeShare) return null;
  const { matte, skin, hands, armCore, arms, upper, lower } = x;
  const bottomCloth = (i: number) => lower.data[i]! >= 0.5 && matte.data[i]! >= 0.5 && skin.data[i]! < 0.5 && hands.data[i]! < 0.5;
  const onCore = growInto(upper, Math.max(1, Math.round(SAME_COLOUR_SLEEVE.reachSw * x.sw)), (i) => armCore.data[i]! >= 0.5 && bottomCloth(i));
  // (the top's own pixels out first: the sideways growth starts from the sleeve below the line only)
  const core = createMask(upper.width, upper.height);
  let any = false;
  for (let i = 0; i < core.data.length; i++) {
    if (onCore.data[i]! >= 0.5 && upper.data[i]! < 0.5) {
      core.data[i] = 1;
      any = true;
    }
  }
  return any ? growInto(core, Math.max(1, Math.round(SAME_COLOUR_SLEEVE.looseSw * x.sw)), (i) => arms.data[i]! >= 0.5 && bottomCloth(i)) : null;
}
