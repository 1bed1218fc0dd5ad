/**
 * The old top's unparsed fringe: the colour parse takes the old garment by its
 * palette, and the parts of it in colours outside the palette — a white rib
 * collar or cuff on a dark top, the stripes along a sleeve, a dark lining at
 * an open front — are left out of the removal mask. Where they lie at the
 * edge of the removed region, on the person (matte), and are neither skin,
 * hair, the head, the hands, the feet nor another parsed garment, they stayed
 * as remnants beside the new garment (an arc of the old collar beside the new
 * neckline, a piece of the old cuff under a new sleeve).
 *
 * Only a fringe is taken: a connected piece of such pixels that touches the
 * old top and lies wholly within a short reach of it. A piece reaching
 * farther is something of its own (a bag, a scarf, background the matte
 * took in) and stays whole. Where the old top is kept as a layer beneath the
 * new one, its fringe is kept with it (keptWithFringe).
 *
 * The old bottom's fringe is told by the matte instead (lowerFringe): its
 * pale edges (a lit hem beside a pale backdrop, a lining band at a skirt's
 * hem) lie where the matte is unsure, beside new trousers narrower than the
 * old skirt.
 */
import { copyMask, createMask, type Mask } from '../../vision/image.js';
import { boundedChessboardDistance, cropMask, grownBox, keepLargestInBox } from '../../vision/box-distance.js';
import { components, growInto, maskBounds, unionMask } from '../../vision/mask-ops.js';
import { EMPTY_BOX } from '../../vision/raster.js';
import type { Box } from '../../vision/skin-texture.js';
import type { Category } from '../engine.js';
import type { ClothingRegions } from './clothing-regions.js';

export const OLD_FRINGE = {
  /**
   * How far an unparsed piece may reach from the old garment, in shoulder
   * widths: a lining strip or a shaded fold at a garment's edge is a few
   * centimetres (~0.05–0.1 sw); an arm's radius is 0.12 sw, so a piece as
   * wide as a limb or wider is not taken.
   */
  reachSw: 0.1,
  /** Least reach in analysis px, whatever the scale: the garment's own soft edge already goes 3 px out (pass-masks.ts oldClothFor). */
  minReachPx: 4,
} as const;

/**
 * How near a fringe piece must come to the kept layer to be its edge, analysis
 * px: the removed garment's hard mask grows 3 px past the parse (oldClothFor),
 * so the kept layer's edge can stand 3 px off the fringe it borders.
 */
const KEPT_EDGE_PX = 4;

/**
 * `garment` (the old garment to remove, ≥ 0.5) with the pieces of `free`
 * (person pixels of no parsed class, ≥ 0.5) that touch it and lie wholly
 * within `reachPx` (chessboard) of it; a new mask. Labelled on the garment's
 * box grown by the reach and a pixel (fringeBox) only: a piece wholly within
 * reach lies inside it, and a piece running out of it has a pixel on its
 * border, farther than the reach, so it is not taken, as in the frame.
 */
export function withUnparsedFringe(garment: Mask, free: Mask, reachPx: number): Mask {
  const out = copyMask(garment);
  const reach = fringeReach(reachPx);
  const box = fringeBox(garment, reach);
  if (!box) return out;
  const g = cropMask(garment, box), f = cropMask(free, box);
  const dist = boundedChessboardDistance(g, reach + 1);
  const { labels, sizes } = components(f);
  const touches = new Uint8Array(sizes.length), far = new Uint8Array(sizes.length);
  for (let i = 0; i < labels.length; i++) {
    const l = labels[i]!;
    if (l === 0) continue;
    const d = dist[i]!;
    if (d <= 1) touches[l] = 1;
    if (d > reach) far[l] = 1;
  }
  const cw = g.width;
  for (let i = 0; i < labels.length; i++) {
    const l = labels[i]!;
    if (l !== 0 && touches[l] && !far[l]) out.data[(box.y0 + Math.floor(i / cw)) * garment.width + box.x0 + (i % cw)] = 1;
  }
  return out;
}

/** withUnparsedFringe's reach in whole px (at least 1). */
function fringeReach(reachPx: number): number {
  return Math.max(1, Math.round(reachPx));
}

/** The box of `garment` (≥ 0.5) grown by `reach` + 1 px within the frame, or null when it is empty: where a fringe can lie. */
export function fringeBox(garment: Mask, reach: number): Box | null {
  return grownBox(maskBounds(garment), reach + 1, garment.width, garment.height);
}

/**
 * The person's pixels the parse gave no class (`free` for withUnparsedFringe):
 * on the matte, and not skin, hair, the head, the hands, the feet (shoes
 * meet the hem) nor either garment. Within `box` only when given (zeros
 * elsewhere): withUnparsedFringe reads no more.
 */
export function unparsedPixels(planes: { matte: Mask; skin: Mask; hair: Mask; head: Mask; hands: Mask; feet: Mask; upper: Mask; lower: Mask }, box: Box | null = null): Mask {
  const { matte, skin, hair, head, hands, feet, upper, lower } = planes;
  const w = matte.width;
  const out = createMask(w, matte.height);
  const b = box ?? { x0: 0, y0: 0, x1: w - 1, y1: matte.height - 1 };
  for (let y = b.y0; y <= b.y1; y++) {
    for (let i = y * w + b.x0; i <= y * w + b.x1; i++) {
      if (matte.data[i]! < 0.5) continue;
      if (skin.data[i]! >= 0.5 || hair.data[i]! >= 0.5 || head.data[i]! >= 0.5 || hands.data[i]! >= 0.5 || feet.data[i]! >= 0.5) continue;
      if (upper.data[i]! >= 0.5 || lower.data[i]! >= 0.5) continue;
      out.data[i] = 1;
    }
  }
  return out;
}

/**
 * The old top's unparsed fringe (withUnparsedFringe less the top itself) when
 * a top or a dress replaces it; the old bottom's (lowerFringe) when a lower
 * garment does. Read only for the removal (pass-masks.ts); the other stages
 * read the parse as it is.
 */
export function oldFringe(c: ClothingRegions, category: Category, matte: Mask, swPx: number): Mask {
  const top = c.upperCloth;
  const reachPx = Math.max(OLD_FRINGE.minReachPx, swPx * OLD_FRINGE.reachSw);
  if (category === 'lower') return lowerFringe(c, matte, fringeReach(reachPx));
  // (the unparsed pixels on the box withUnparsedFringe labels only: fringeBox)
  const box = fringeBox(top, fringeReach(reachPx));
  const free = unparsedPixels({ matte, skin: c.skin, hair: c.hair, head: c.regions.head, hands: c.regions.hands, feet: c.regions.feet, upper: top, lower: c.lowerCloth }, box ?? EMPTY_BOX);
  const grown = withUnparsedFringe(top, free, reachPx);
  // (the top's own pixels lie inside its box)
  const b = box ?? EMPTY_BOX, w = top.width;
  for (let y = b.y0; y <= b.y1; y++) for (let i = y * w + b.x0; i <= y * w + b.x1; i++) if (top.data[i]! >= 0.5) grown.data[i] = 0;
  return grown;
}

/** The parse's field of the old garment whose fringe a pass takes (oldFringe): the bottom's for a lower garment, else the top's. */
function fringedField(category: Category): 'lowerCloth' | 'upperCloth' {
  return category === 'lower' ? 'lowerCloth' : 'upperCloth';
}

/** The old garment whose fringe a pass takes (fringedField), as the parse has it. */
export function fringedGarment(c: ClothingRegions, category: Category): Mask {
  return c[fringedField(category)];
}

/** The parse with the fringe added to the old garment it borders (fringedField; oldClothFor removes it). */
export function withFringe(c: ClothingRegions, fringe: Mask, category: Category): ClothingRegions {
  const field = fringedField(category);
  return { ...c, [field]: unionMask(c[field], fringe) };
}

export const LOWER_FRINGE = {
  /**
   * Least matte of a bottom's fringe pixel. The background's fill is sampled
   * below 0.15 (removal.ts fillSamples); between it and 0.5 the matte is
   * unsure, and there a pale edge of the old garment (a lit hem beside a pale
   * backdrop, a lining band at a skirt's hem) is neither a background sample
   * nor the person: left out of the parse and the removal, it stayed.
   */
  matteMin: 0.15,
  /**
   * Matte from which a pixel is surely on the figure: a thing of its own (a
   * bag held at the hip, a belt's buckle) stands there whole; only its rim
   * is unsure. The pale edges above stay below it (0.4–0.7 measured).
   */
  matteMax: 0.75,
} as const;

/**
 * The old bottom's unparsed fringe when a lower garment replaces it: the
 * pixels the matte is unsure of (LOWER_FRINGE) and the parse gave no class,
 * reached from the bottom's largest piece through such pixels within
 * `reach` px (4-neighbour steps), each nearer the bottom than any other
 * parsed part (skin, hands, feet, hair, the head, the top): an unsure pixel
 * is the rim of what it lies nearest, and below a skirt's hem the legs go
 * on. Reached, not whole pieces as for the top: the unsure rim runs round
 * the whole figure, so no piece of it lies wholly near the bottom. Not
 * within reach above the feet: a trouser hem meets the shoes and their
 * shadow there. Not between two parts of the bottom (withinFold).
 */
export function lowerFringe(c: ClothingRegions, matte: Mask, reach: number): Mask {
  const lower = c.lowerCloth, w = lower.width;
  const box = fringeBox(lower, reach);
  if (!box) return createMask(w, lower.height);
  // (from the largest piece: a stray piece of the bottom's colour, background the matte bridged between the
  // feet, borders shoes and floor, not the garment's edge)
  const seed = keepLargestInBox(lower, box);
  const others = unionMask(c.skin, c.regions.hands, c.regions.feet, c.hair, c.regions.head, c.upperCloth);
  const toSeed = boundedChessboardDistance(seed, reach + 1, box), toOther = boundedChessboardDistance(others, reach + 1, box);
  const end = ((maskBounds(c.regions.feet)?.y0 ?? lower.height) - reach) * w;
  const unsure = (v: number) => v >= LOWER_FRINGE.matteMin && v < LOWER_FRINGE.matteMax;
  const fold = withinFold(lower, reach);
  const accept = (i: number) => i < end && unsure(matte.data[i]!) && others.data[i]! < 0.5 && toSeed[i]! < toOther[i]! && !fold(i);
  const grown = growInto(seed, reach, accept);
  for (let i = 0; i < grown.data.length; i++) if (lower.data[i]! >= 0.5) grown.data[i] = 0;
  return grown;
}

/**
 * Whether a pixel has `garment` (≥ 0.5) within `reach` px on both sides
 * along its row or along its column: a crease or a gap between two parts of
 * the garment (the crook of a bent knee, the gap between trouser legs) is
 * its fold, where the matte dips too, not its edge.
 */
function withinFold(garment: Mask, reach: number): (i: number) => boolean {
  const { width: w, height: h } = garment;
  const hit = (x: number, y: number, dx: number, dy: number): boolean => {
    for (let k = 1; k <= reach; k++) {
      const xx = x + dx * k, yy = y + dy * k;
      if (xx < 0 || yy < 0 || xx >= w || yy >= h) return false;
      if (garment.data[yy * w + xx]! >= 0.5) return true;
    }
    return false;
  };
  return (i) => {
    const x = i % w, y = (i - x) / w;
    return (hit(x, y, -1, 0) && hit(x, y, 1, 0)) || (hit(x, y, 0, -1) && hit(x, y, 0, 1));
  };
}

/**
 * How far the sides of a fringe pixel are told apart (keptFringeSide), analysis
 * px: a fringe reaches at most OLD_FRINGE.reachSw (0.1 sw, 6–12 px on the
 * tune half's persons) from its garment; farther from both the kept layer and
 * the removed garment a pixel stays with the piece as before.
 */
const FRINGE_SIDE_PX = 16;

/**
 * `kept` (the old garment kept as a layer beneath the new one) with the
 * pieces of the fringe within KEPT_EDGE_PX of it: a kept garment's own edge
 * (a white cuff rib on a dark sleeve) goes with it, not into the fill. Of
 * such a piece only the pixels no nearer the removed part of the old garment
 * (`old`, its parse, less `kept`) than the kept layer (keptFringeSide): where
 * the kept layer ends against the removed garment (the kept thigh cut off
 * beside the fill), the piece's run along the removed part's edge is that
 * part's fringe, and kept it stood as a ragged dark sliver in the fill.
 * A new mask.
 */
export function keptWithFringe(kept: Mask, fringe: Mask, old: Mask): Mask {
  const out = copyMask(kept);
  // (labelled on the fringe's box only: its pieces lie inside it. No fringe (a lower garment's pass,
  // a top the parse took whole): nothing to label)
  const box = maskBounds(fringe);
  if (!box) return out;
  const near = boundedChessboardDistance(kept, FRINGE_SIDE_PX, box);
  const keptSide = keptFringeSide(near, kept, old, box);
  const f = cropMask(fringe, box);
  const { labels, sizes } = components(f);
  const cw = f.width, at = (i: number) => (box.y0 + Math.floor(i / cw)) * kept.width + box.x0 + (i % cw);
  const touches = new Uint8Array(sizes.length);
  for (let i = 0; i < labels.length; i++) if (labels[i]! !== 0 && near[at(i)]! <= KEPT_EDGE_PX) touches[labels[i]!] = 1;
  for (let i = 0; i < labels.length; i++) if (labels[i]! !== 0 && touches[labels[i]!] && keptSide(at(i))) out.data[at(i)] = 1;
  return out;
}

/**
 * Whether a pixel (frame index, inside `box`) lies no nearer the removed part
 * of the old garment (`old` ≥ 0.5 where `kept` < 0.5) than the kept layer
 * (`nearKept`, its chessboard distance capped at FRINGE_SIDE_PX): ties and
 * pixels far from both go with the kept layer.
 */
function keptFringeSide(nearKept: Uint8Array, kept: Mask, old: Mask, box: Box): (i: number) => boolean {
  const removed = createMask(old.width, old.height);
  const g = grownBox(box, FRINGE_SIDE_PX + 1, old.width, old.height) ?? box;
  for (let y = g.y0; y <= g.y1; y++) {
    for (let i = y * old.width + g.x0; i <= y * old.width + g.x1; i++) removed.data[i] = old.data[i]! >= 0.5 && kept.data[i]! < 0.5 ? 1 : 0;
  }
  const nearRemoved = boundedChessboardDistance(removed, FRINGE_SIDE_PX, box);
  return (i) => nearKept[i]! <= nearRemoved[i]!;
}
