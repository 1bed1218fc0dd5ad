/**
 * The person's own leg standing out beside new trousers: below the old
 * garment's hem the legs are bare skin and stay as they are, and a trouser
 * leg fitted narrower than the calf or the thigh left a sliver of that skin
 * between its edge and the background (a strip of leg down the side of the
 * new leg). A leg is inside its trouser leg wherever the trousers reach, so
 * such a sliver goes with the old garment and takes the background's fill.
 */
import { createMask, type Mask } from '../../vision/image.js';

/**
 * A sliver is a run along a row from the new garment's edge outwards, all on
 * the person (matte at least 0.5) from a given row down (the knees', pass-masks.ts), ending on the
 * background within `maxRunSw` shoulder widths (a calf past a narrow trouser
 * leg stood 0.02–0.05 sw out; a whole leg beside the garment, a stride the
 * fit missed, is 0.2 sw or more across and stays), of which at least
 * `minSkinShare` is skin (the sliver's outer pixel mixes skin with the
 * backdrop and may fail the skin test), with no pixel in the hands' or arms'
 * zone (a hand hanging against the new leg is kept whole by the hands' own
 * rule, and a forearm beside the hip is no leg). The garment's edge pixel must
 * go on being covered `hemClearSw` further down: at a hem, a slanted hem's
 * corner or a tassel, the skin beside it is the leg coming out below, which
 * stays (taken, the shin below a jagged hem was notched); and the garment's
 * run along the row up to that edge must be at least `minClothSw` wide (a
 * trouser leg is 0.25 sw or more; a tassel or a string hanging past the hem
 * over the shin is not the leg's cloth). The legs' zone is not asked:
 * its capsules are narrower than a calf, whose outer side is the sliver.
 */
export const LEG_BESIDE_NEW = { maxRunSw: 0.08, minSkinShare: 0.5, hemClearSw: 0.1, minClothSw: 0.15 } as const;

export interface LegBesidePlanes {
  /** The new garment's coverage at the analysis size (composite.ts layerCoverage). */
  cover: Mask;
  skin: Mask;
  matte: Mask;
  /** The old garment as parsed: walked through, never marked (it goes with the removal anyway, and stays the old garment's for the verdict and the shading). */
  old: Mask;
  /** The hands as far as a kept hand may reach (hands-front.ts handsReachZone, HAND_REACH, with the pose's hands' zone): a fingertip past the front zone was cut. */
  hands: Mask;
  arms: Mask;
}

/** The slivers of leg beside the new garment (1 on them) from `fromRow` down (analysis px), or null when there are none. */
export function legSkinBesideNew(p: LegBesidePlanes, at: { fromRow: number; swPx: number }): Mask | null {
  const { width: w, height: h } = p.cover;
  const out = createMask(w, h);
  const maxRun = Math.max(1, Math.round(LEG_BESIDE_NEW.maxRunSw * at.swPx));
  const below = Math.max(1, Math.round(LEG_BESIDE_NEW.hemClearSw * at.swPx));
  const minCloth = Math.max(1, Math.round(LEG_BESIDE_NEW.minClothSw * at.swPx));
  let found = false;
  for (let y = Math.max(0, Math.ceil(at.fromRow)); y + below < h; y++) {
    const row = y * w, on = (x: number) => p.cover.data[row + x]! >= 0.5;
    for (let x0 = 0; x0 < w; x0++) {
      if (!on(x0)) continue;
      // the garment's run x0..x1 on this row, then each of its two edges
      let x1 = x0;
      while (x1 + 1 < w && on(x1 + 1)) x1++;
      if (x1 - x0 + 1 >= minCloth) {
        for (const [edge, dir] of [[x0, -1], [x1, 1]] as const) {
          if (edge + dir < 0 || edge + dir >= w || p.cover.data[row + below * w + edge]! < 0.5) continue;
          if (markSliver(p, out, { row, from: edge + dir, dir, maxRun })) found = true;
        }
      }
      x0 = x1;
    }
  }
  return found ? out : null;
}

/** Walks from `from` along the row in `dir`; marks the run in `out` and returns true when it is a sliver (LEG_BESIDE_NEW). */
function markSliver(p: LegBesidePlanes, out: Mask, at: { row: number; from: number; dir: number; maxRun: number }): boolean {
  const w = p.cover.width;
  let k = 0, skin = 0, x = at.from;
  for (; x >= 0 && x < w && k <= at.maxRun; x += at.dir, k++) {
    const i = at.row + x;
    if (p.matte.data[i]! < 0.5) break;
    if (p.cover.data[i]! >= 0.5 || p.hands.data[i]! >= 0.5 || p.arms.data[i]! >= 0.5) return false;
    if (p.skin.data[i]! >= 0.5) skin++;
  }
  // (a run off the frame's edge or past the longest sliver is no sliver)
  if (k === 0 || k > at.maxRun || x < 0 || x >= w || skin < k * LEG_BESIDE_NEW.minSkinShare) return false;
  for (let j = 0, xi = at.from; j < k; j++, xi += at.dir) if (p.old.data[at.row + xi]! < 0.5) out.data[at.row + xi] = 1;
  return true;
}
