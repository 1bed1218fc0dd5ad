/**
 * Layering: what a stylist does when the new garment covers less of the body
 * than the old one (a cropped top over a long tee, a sleeveless dress over a
 * long-sleeved top, a short dress over trousers). Skin can be made convincingly
 * only for small areas next to real skin (a neckline, a strap's edge); over a
 * belly, a whole arm or a leg the fill reads as a flat, painted block. There
 * the old garment stays, worn as a layer beneath the new one, and only the
 * small gaps are filled.
 */
import { createMask, type Mask } from '../../vision/image.js';
import { blurMask, components, componentsTouching, keepLargest, maskBounds, morph, morphPair, onMask, unionMask } from '../../vision/mask-ops.js';
import { EMPTY_BOX } from '../../vision/raster.js';
import { componentsInBox, type PixelBox } from '../../vision/box-distance.js';
import type { Pt } from './tps.js';
import { agreeingRunPixels, KEPT_ROWS_AGREE, type SideRuns } from './outline-rows.js';
import { median } from '../../vision/robust-stats.js';

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
  /**
   * A strip of the old garment narrower than this, shoulder widths, reads as a
   * sliver beside the new garment (an old sleeve's edge along a new one), not
   * as a layer worn beneath: a tee's sleeve past a cami's strap or a band
   * under a cropped top shows ≥ 0.15 sw wide; a quarter of an arm's width is
   * the most a sliver takes.
   */
  sliverWidthSw: 0.06,
} as const;

/** `bare` opened by half of `widthPx`: its strips narrower than that go (a new mask). */
function withoutSlivers(bare: Mask, widthPx: number): Mask {
  const r = Math.round(widthPx / 2);
  if (r < 1) return bare;
  return morphPair(bare, -r, r);
}

/**
 * Where a layer beneath a new dress or a new lower garment reads as worn, not
 * as a remnant: below its hem (trousers under a short dress; never under a
 * new lower garment, which replaces them: pass-masks.ts trousersKeptBeneath), and
 * there only trousers (TROUSERS_BENEATH). A dress replaces the top: beside
 * it, the old top's sleeves and collar around a sleeveless dress, or an old
 * dress's sides beside a narrower new one, read as leftovers; beside new
 * trousers old ones read as a strip down one side.
 */
export const LAYER_ZONE = {
  /** The hem's row may lie this far above the median hem row, shoulder widths: a curved hem rises at the sides. */
  hemSlackSw: 0.05,
  /**
   * Margin around the arms' region that counts as the arm's, shoulder widths:
   * the arms' capsule is 0.14 sw wide at the shoulder, a loose old sleeve
   * stands up to ~0.1 sw beyond it.
   */
  armMarginSw: 0.1,
  /**
   * The painted bare legs may show from this far above the median hem row,
   * shoulder widths: a dress's hem rises at its sides and over a stepping
   * leg by up to ~0.15 sw, and the legs cut off at the layer's row
   * (hemSlackSw) showed a square corner of skin under it.
   */
  legSlackSw: 0.25,
} as const;

/**
 * Old trousers beneath a new dress read as worn (trousers under a short
 * dress; new shorts replace them, pass-masks.ts trousersKeptBeneath); an old dress's or skirt's piece below
 * a new hem reads as a remnant (black shorts under a lace dress), and there
 * the legs are bare. Trousers reach the shoes and part between the legs.
 * Kept, they are kept whole (allOfLayer: their loose sides and the cloth
 * between the thighs, up into the notch between a new garment's legs,
 * zoneWithNotch): a whole leg painted in skin reads as a flat board, and
 * trousers cut to the body's shape read as pieces with straight edges and a
 * background gap where cloth was.
 */
export const TROUSERS_BENEATH = {
  /** Share of the way from knee to ankle where both shins lie on the old lower garment: trousers reach the shoe, most skirts and dresses end above. */
  shinCoveredAt: 0.85,
  /** Share of the way from knee to ankle where the point between both shins is free of it: trousers part between the legs, a maxi skirt does not. */
  gapAt: 0.7,
} as const;

/** One leg's knee and ankle (analysis px). */
export interface Shin {
  knee: { x: number; y: number };
  ankle: { x: number; y: number };
}

/**
 * New trousers or a dress drawn upright over a bent or seated leg miss its
 * thigh: there the old garment is the leg's own cover, and removed it left
 * the leg erased (a blur where the thigh was). Such a pass keeps the old
 * garment as before (the layer beside it too).
 */
export const THIGH_COVER = {
  /** Where along hip → knee the new garment is looked for (shares of the thigh). */
  probesAlong: [0.2, 0.35, 0.5, 0.65, 0.8],
  /** Fewer of the probes than this on the new garment on either thigh: it missed the leg. */
  minCovered: 3,
} as const;

/** One leg's hip and knee (analysis px). */
export interface Thigh {
  hip: { x: number; y: number };
  knee: { x: number; y: number };
}

/** Whether the new garment (`cover`, ≥ 0.5) lies on both thighs by THIGH_COVER. */
export function coversThighs(cover: Mask, thighs: [Thigh, Thigh]): boolean {
  return thighs.every((t) => {
    let on = 0;
    for (const a of THIGH_COVER.probesAlong) {
      if (onMask(cover, t.hip.x + (t.knee.x - t.hip.x) * a, t.hip.y + (t.knee.y - t.hip.y) * a)) on++;
    }
    return on >= THIGH_COVER.minCovered;
  });
}

/** Whether the old lower garment (`lower`, ≥ 0.5) is trousers by TROUSERS_BENEATH: on both shins near the ankle, not between them. */
export function trousersBeneath(lower: Mask, shins: [Shin, Shin]): boolean {
  const on = (p: { x: number; y: number }) => onMask(lower, p.x, p.y);
  const along = (s: Shin, t: number) => ({ x: s.knee.x + (s.ankle.x - s.knee.x) * t, y: s.knee.y + (s.ankle.y - s.knee.y) * t });
  const [a, b] = shins;
  const T = TROUSERS_BENEATH;
  const pa = along(a, T.gapAt), pb = along(b, T.gapAt);
  return on(along(a, T.shinCoveredAt)) && on(along(b, T.shinCoveredAt)) && !on({ x: (pa.x + pb.x) / 2, y: (pa.y + pb.y) / 2 });
}

/**
 * Where the old lower garment stays above new trousers' waist (hard 0/1, a
 * new mask): the rows above the new garment's top (the median over the
 * torso's columns of the first covered row in each), where the old garment
 * looks like the top (`likeTop`: an old dress's skirt under its bodice reads
 * as the top going on into the trousers; filled with skin it drew a bare band
 * with hard edges). Old jeans there are a waistband left above the new one,
 * and go. Empty when the new garment covers none of the torso's columns.
 */
export function waistGapZone(cover: Mask, torso: Mask, likeTop: (i: number) => boolean): Mask {
  const { width, height } = cover;
  const zone = createMask(width, height);
  const tops: number[] = [];
  for (let x = 0; x < width; x++) {
    let inTorso = false, top = -1;
    for (let y = 0; y < height; y++) {
      const i = y * width + x;
      if (torso.data[i]! >= 0.5) inTorso = true;
      if (top < 0 && cover.data[i]! >= 0.5) top = y;
    }
    if (inTorso && top >= 0) tops.push(top);
  }
  if (tops.length === 0) return zone;
  const toRow = median(tops);
  for (let i = 0; i < toRow * width; i++) if (likeTop(i)) zone.data[i] = 1;
  return zone;
}

/**
 * Pieces of the old lower garment's parse that lie wholly below its main
 * piece are no garment: a shin's shadow or a boot's shaft passes the parse's
 * garment test in patches, and removed, they were filled as blocks with hard
 * edges on the real shins and boots. A hand across a skirt splits it side by
 * side, not into a piece below its hem.
 */
export const LOWER_STRAYS = {
  /** Larger than this, shoulder widths², a piece below stays the garment's (a trouser leg's lower part below a bag held across the knees). */
  maxAreaSw2: 0.15,
} as const;

/** `lower` (the old lower garment's parse) without its stray pieces by LOWER_STRAYS (a new mask; `swPx` the shoulder width). */
export function withoutLowerStrays(lower: Mask, swPx: number): Mask {
  const { width } = lower;
  const { labels, sizes } = components(lower);
  if (sizes.length <= 2) return lower;
  let main = 1;
  for (let k = 2; k < sizes.length; k++) if (sizes[k]! > sizes[main]!) main = k;
  const top = new Array<number>(sizes.length).fill(Infinity);
  let mainBottom = -1;
  for (let i = 0; i < labels.length; i++) {
    const k = labels[i]!, y = Math.floor(i / width);
    if (k === main) mainBottom = y;
    else if (k > 0 && y < top[k]!) top[k] = y;
  }
  const maxArea = LOWER_STRAYS.maxAreaSw2 * swPx * swPx;
  const out = createMask(width, lower.height);
  for (let i = 0; i < labels.length; i++) {
    const k = labels[i]!;
    out.data[i] = k > 0 && k !== main && top[k]! > mainBottom && sizes[k]! <= maxArea ? 0 : lower.data[i]!;
  }
  return out;
}

/** The bare body a lower garment's or a dress's removal makes (a new mask): `trunk`, and the bare `legs` within `zone` (below the new hem: beside new trousers the legs are inside them). */
export function bareBelowHem(trunk: Mask, legs: Mask, zone: Mask): Mask {
  const out = createMask(trunk.width, trunk.height);
  for (let i = 0; i < out.data.length; i++) out.data[i] = Math.max(trunk.data[i]!, zone.data[i]! >= 0.5 ? legs.data[i]! : 0);
  return out;
}

/** The body zones the layer zone reads (analysis size). */
export interface LayerZoneInput {
  /** The new garment's coverage. */
  cover: Mask;
  /** The torso's region: the old top in front of it may stay (a hand over the belly band). */
  torso: Mask;
  /** The arms' region: an old sleeve there is not worn beneath. */
  arms: Mask;
}

/**
 * Where the old garment may stay as a layer beneath the new one (hard 0/1):
 * the rows below the new garment's hem (the median over the torso's columns
 * of the lowest covered row in each, less `slackSw` shoulder widths:
 * LAYER_ZONE.hemSlackSw unless given), outside the
 * arms grown by LAYER_ZONE.armMarginSw unless in the torso. Empty when the
 * new garment covers none of the torso's columns.
 */
export function layerZone(input: LayerZoneInput, swPx: number, slackSw: number = LAYER_ZONE.hemSlackSw): Mask {
  const { cover, torso } = input;
  const { width, height } = cover;
  const zone = createMask(width, height);
  const hem = hemRow(cover, torso);
  if (hem === null) return zone;
  const fromRow = Math.max(0, Math.round(hem - slackSw * swPx));
  const arms = morph(input.arms, Math.max(1, Math.round(LAYER_ZONE.armMarginSw * swPx)));
  // (everywhere below fromRow but on the grown arms off the torso: all of it, then the arms' box cleared where so)
  zone.data.fill(1, fromRow * width);
  const b = maskBounds(arms);
  if (!b) return zone;
  for (let y = Math.max(fromRow, b.y0); y <= b.y1; y++) {
    for (let i = y * width + b.x0; i <= y * width + b.x1; i++) if (!(arms.data[i]! < 0.5 || torso.data[i]! >= 0.5)) zone.data[i] = 0;
  }
  return zone;
}

/** The median over the torso's columns of the lowest row `cover` reaches in each; null when it covers none of them. */
function hemRow(cover: Mask, torso: Mask): number | null {
  const { width, height } = cover;
  const hems: number[] = [];
  for (let x = 0; x < width; x++) {
    let inTorso = false, hem = -1;
    for (let y = 0; y < height; y++) {
      const i = y * width + x;
      if (torso.data[i]! >= 0.5) inTorso = true;
      if (cover.data[i]! >= 0.5) hem = y;
    }
    if (inTorso && hem >= 0) hems.push(hem);
  }
  return hems.length === 0 ? null : median(hems);
}

/**
 * Where an old top stays as a layer beneath a new dress (hard 0/1, a new
 * mask): the upper body's zone (`upper`: trunk, arms and neck) above the
 * dress's hem row (hemRow; nowhere when the dress covers none of the torso's
 * columns). A dress over a long-sleeved top, a tee or a shirt is worn so (a
 * pinafore over a tee, a slip dress over a long-sleeve); made instead, the
 * arms, shoulders and chest the old top covered read as flat painted blocks,
 * where the old sleeves are real cloth with their own folds and light.
 * keptOldGarment decides which areas in it stay (large ones, whole about
 * the body's centre line).
 */
export function topBeneathZone(input: { cover: Mask; torso: Mask; upper: Mask }): Mask {
  const { width, height } = input.cover;
  const out = createMask(width, height);
  const hem = hemRow(input.cover, input.torso);
  if (hem === null) return out;
  for (let i = 0; i < hem * width; i++) out.data[i] = input.upper.data[i]! >= 0.5 ? 1 : 0;
  return out;
}

/**
 * The old top kept beneath a new dress or top (soft, a new mask): when
 * keptOldGarment keeps a layer of it in `zone` (topBeneathZone, upperLayerZone:
 * large areas, whole about the body's centre line), all of the old top (`top`,
 * its parse) in `allIn` (the zone unless given) that the new garment leaves uncovered. Its small pieces too: kept by area alone, the strips
 * of a long-sleeved top between the arm and the bodice were painted as skin,
 * brown blocks inside a white top.
 */
export function keptTopBeneath(input: { oldHard: Mask; cover: Mask; skinFill: Mask; top: Mask }, zone: Mask, whole: NonNullable<KeepRule['whole']>, swPx: number, allIn: Mask = zone): Mask {
  const { oldHard, cover, skinFill } = input;
  const areas = keptOldGarment(oldHard, cover, skinFill, swPx, { zone, slivers: false, whole });
  if (!anyAbove(areas.data, 0)) return areas;
  return keptOldGarment(oldHard, cover, skinFill, swPx, { zone: allIn, slivers: true, allOf: input.top });
}

/**
 * Where an old top worn beneath a new top shows as a real under-layer does:
 * its hem below the new hem, its sleeves continuing from under the new
 * sleeves, its front deep under a low new neckline (a tee under a cami). Not
 * its collar inside the new neckline, nor its shoulders and sides as a rim
 * beside a new top narrower than it: there it reads as a remnant, and its
 * place is filled (the neck's and chest's skin, the background).
 */
export const UPPER_LAYER_ZONE = {
  /**
   * Median depth, shoulder widths, from the old top's upper edge down to the
   * new top's, up to which the old garment between them is its collar inside
   * the new neckline and goes (the neck's and chest's skin is made there).
   * Deeper, it is the old front above a cami's or an off-shoulder top's edge
   * and stays as a layer. On the tune half old collars inside new crew necks
   * measured 0.06–0.2; fills 0.21–0.26 deep (a polo's placket, a cardigan's
   * collar) read as flat painted patches with a straight upper edge; fronts
   * above camis 0.26–0.66.
   */
  collarDepthSw: 0.2,
  /**
   * An old sleeve may show from this far before the new sleeve's end along the
   * arm, shoulder widths: the drawn sleeve stands off the arm and ends short of
   * its fitted length; with 0.04 sw the old sleeve, cut back to the fitted end,
   * left a patch of skin fill between the two on the tune half. A rim beside the new top's
   * shoulder lies within ~0.1 sw of the shoulder, well before a tee's sleeve
   * end (0.3–0.5 sw).
   */
  sleeveSlackSw: 0.15,
} as const;

/** One arm at the analysis size: its axis shoulder → elbow → wrist and how far along it the new sleeve reaches (0 when none). */
export interface SleeveReach {
  axis: Pt[];
  sleevePx: number;
}

/** What upperLayerZone reads besides layerZone's: the old top (hard), the arms' own width and each arm's sleeve. */
export interface UpperZoneInput extends LayerZoneInput {
  oldHard: Mask;
  armCore: Mask;
  sleeves: SleeveReach[];
  /**
   * Whether the person's neck shows (bare-neck.ts measured its tone): a
   * chest is made convincingly only below a visible neck. Under a collar or
   * a polo's placket the made chest read as a flat slab below the old
   * collar: there a sleeved top keeps the old front (deepFronts) too.
   */
  neckSeen?: boolean;
}

/**
 * A new top with sleeves on both arms replaces the old top above its own hem:
 * an old long sleeve showing past a new short one, or beside it where the
 * drawn sleeve stands off the arm, and an old collar or front inside the new
 * neckline read as remnants of the old garment, not as a layer worn beneath
 * (a tee over a cardigan is not how a shop shows a tee). There the old top
 * goes and the bare arm and chest are made; below the new hem it stays
 * (layerZone), as a longer top worn beneath. A new top without sleeves (a
 * cami, a tank) keeps the old sleeves and front as before (upperLayerZone).
 */
export const SLEEVED_TOP = {
  /**
   * Each new sleeve reaches at least this far along its arm, shoulder
   * widths: a tee's sleeve measures 0.3–0.5, a long sleeve 1.2–1.6; a
   * tank's armhole has no sleeve limb at all (0).
   */
  minSleeveSw: 0.15,
} as const;

/** Whether the new top has sleeves on both arms (SLEEVED_TOP.minSleeveSw, `swPx` shoulder width). */
export function sleevedTop(sleeves: SleeveReach[], swPx: number): boolean {
  return sleeves.length === 2 && sleeves.every((s) => s.sleevePx >= SLEEVED_TOP.minSleeveSw * swPx);
}

/**
 * The layer zone of a new top: under one with sleeves on both arms (sleevedTop)
 * layerZone's only, below its hem (and the old front inside its neckline
 * when the neck does not show: UpperZoneInput.neckSeen); otherwise layerZone's plus the arms past
 * the new sleeves and the front below the old collar (see UPPER_LAYER_ZONE).
 */
export function upperLayerZone(input: UpperZoneInput, swPx: number): Mask {
  const zone = layerZone(input, swPx);
  const sleeved = sleevedTop(input.sleeves, swPx);
  if (sleeved && input.neckSeen !== false) return zone;
  const front = deepFronts(input.oldHard, input.cover, UPPER_LAYER_ZONE.collarDepthSw * swPx);
  if (sleeved) return unionMask(zone, front);
  const arms = morph(input.arms, Math.max(1, Math.round(LAYER_ZONE.armMarginSw * swPx)));
  const past = armsPastSleeves({ arms, core: input.armCore }, input.sleeves, UPPER_LAYER_ZONE.sleeveSlackSw * swPx);
  for (let i = 0; i < zone.data.length; i++) if (past.data[i]! >= 0.5 || front.data[i]! >= 0.5) zone.data[i] = 1;
  return zone;
}

/** Where a point lies along an axis: its squared distance to it, the arc length of the nearest point and that point's x. */
function alongAxis(axis: Pt[], x: number, y: number): { d2: number; t: number; x: number } {
  let best = { d2: Infinity, t: 0, x: 0 };
  let start = 0;
  for (let k = 0; k + 1 < axis.length; k++) {
    const a = axis[k]!, b = axis[k + 1]!;
    const dx = b.x - a.x, dy = b.y - a.y, len2 = dx * dx + dy * dy, len = Math.sqrt(len2);
    const u = len2 > 0 ? Math.max(0, Math.min(1, ((x - a.x) * dx + (y - a.y) * dy) / len2)) : 0;
    const ex = a.x + u * dx - x, ey = a.y + u * dy - y, d2 = ex * ex + ey * ey;
    if (d2 < best.d2) best = { d2, t: start + u * len, x: a.x + u * dx };
    start += len;
  }
  return best;
}

/**
 * The pixels of `arms.arms` whose nearest arm axis they lie along past that
 * arm's new sleeve, less `slackPx` (a new mask): on the arm's outer side (away
 * from the body's centre line, midway between the shoulders) or within its
 * own width (`arms.core`). Between a hanging arm and the torso the old top's
 * side lies in the arm's margin: that is not a sleeve.
 */
export function armsPastSleeves(arms: { arms: Mask; core: Mask }, sleeves: SleeveReach[], slackPx: number): Mask {
  const { width, height } = arms.arms;
  const out = createMask(width, height);
  if (sleeves.length === 0) return out;
  const centreX = sleeves.reduce((sum, s) => sum + s.axis[0]!.x, 0) / sleeves.length;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      if (arms.arms.data[i]! < 0.5) continue;
      let near = { d2: Infinity, t: 0, x: 0 }, reach = 0;
      for (const s of sleeves) {
        const a = alongAxis(s.axis, x, y);
        if (a.d2 < near.d2) { near = a; reach = s.sleevePx; }
      }
      const outer = Math.abs(x - centreX) >= Math.abs(near.x - centreX);
      if (near.t >= reach - slackPx && (outer || arms.core.data[i]! >= 0.5)) out.data[i] = 1;
    }
  }
  return out;
}

/**
 * The old garment above the new one's upper edge, in the columns the new
 * garment covers (a new mask), each pixel holding its column's gap: rows from
 * the old garment's upper edge to the new one's.
 */
function neckGaps(oldHard: Mask, cover: Mask): { gap: Mask; depth: Int32Array } {
  const { width, height } = oldHard;
  const gap = createMask(width, height);
  const depth = new Int32Array(width);
  const oldTops = topRows(oldHard), newTops = topRows(cover);
  for (let x = 0; x < width; x++) {
    const oldTop = oldTops[x]!, newTop = newTops[x]!;
    if (newTop >= height || oldTop >= newTop) continue;
    depth[x] = newTop - oldTop;
    for (let y = oldTop; y < newTop; y++) if (oldHard.data[y * width + x]! >= 0.5) gap.data[y * width + x] = 1;
  }
  return { gap, depth };
}

/**
 * The first row of each column holding a pixel ≥ 0.5, the height when none.
 * Row by row over the mask's box (memory in order), not down each column.
 */
export function topRows(mask: Mask): Int32Array {
  const { width, height, data } = mask;
  const top = new Int32Array(width).fill(height);
  const b = maskBounds(mask);
  if (!b) return top;
  for (let y = b.y0; y <= b.y1; y++) {
    for (let x = b.x0; x <= b.x1; x++) if (top[x] === height && data[y * width + x]! >= 0.5) top[x] = y;
  }
  return top;
}

/**
 * The old garment's fronts above the new garment that a layer worn beneath
 * shows (a new mask): each connected gap between the two upper edges (see
 * neckGaps) whose median depth over its columns exceeds `collarPx`. A
 * shallower one is the old collar inside the new neckline: it goes.
 */
export function deepFronts(oldHard: Mask, cover: Mask, collarPx: number): Mask {
  const { gap, depth } = neckGaps(oldHard, cover);
  const { width } = gap;
  const out = createMask(width, gap.height);
  // (the gaps' pieces lie inside their box: only it labelled and read)
  const b = maskBounds(gap);
  if (!b) return out;
  const { labels, sizes } = componentsInBox(gap, b);
  const columns: Set<number>[] = sizes.map(() => new Set<number>());
  for (let y = b.y0; y <= b.y1; y++) {
    for (let i = y * width + b.x0; i <= y * width + b.x1; i++) if (labels[i]! > 0) columns[labels[i]!]!.add(i % width);
  }
  const deep = columns.map((cols) => {
    return cols.size > 0 && median([...cols].map((x) => depth[x]!)) > collarPx;
  });
  for (let y = b.y0; y <= b.y1; y++) {
    for (let i = y * width + b.x0; i <= y * width + b.x1; i++) if (labels[i]! > 0 && deep[labels[i]!]) out.data[i] = 1;
  }
  return out;
}

/**
 * A top kept beneath a new top reads as worn only whole: both its sleeves,
 * the whole band below the new hem, a front or collar centred in the new
 * neckline. A piece on one side off the arms (a coat's panel beside one
 * hip) reads as a remnant and goes: there the background is made (skin
 * there read as a painted block). On the arm's own width a one-sided piece
 * stays (onArmShare): the parse often misses its partner. Measured per kept
 * area (LAYERING.maxFilledAreaSw2 and larger), from the body's centre line
 * (midway between the shoulders).
 */
export const WHOLE_LAYER = {
  /**
   * An area stays with a partner: another area at least this share of its
   * area lying in its mirror image across the centre line (columns
   * overlapping). Both sleeves under a short-sleeved top measured 0.07/0.10
   * and 0.25/0.27 sw² on the tune half (shares 0.7, 0.93); a sleeve joined to
   * the front over the shoulder has the front as its partner; a band below
   * the hem cut in two by a hand, its other half (0.13/0.15). One-sided
   * pieces (a strip between one arm and the torso 0.05–0.07 sw², a coat's
   * panel beside one hip 0.15) had none.
   */
  pairAreaShare: 0.5,
  /**
   * An area stays alone when it reaches across the centre line, its nearer
   * side at least this share of its farther side's distance from it: fronts
   * and bands measured 0.55–1; a coat's panel beside one hip lay wholly on
   * one side (share < 0).
   */
  straddleShare: 0.5,
  /**
   * A one-sided area lying at least this share on the arms' own width stays:
   * an old sleeve whose partner the parse missed (left as it was on the
   * other arm) or the arm's own side. Filled, it made a bare arm beside a
   * sleeved one, or a second arm beside the torso where the arm's model lay
   * off the photo's arm.
   */
  onArmShare: 0.5,
} as const;

/** One kept area's figures: pixel count, mean x and its leftmost and rightmost columns. */
interface AreaSpan {
  n: number;
  sumX: number;
  x0: number;
  x1: number;
}

/**
 * The AreaSpan of each label below `count` (index 0 unused), from the labels
 * inside `box` (all of them by default; outside it they must be 0). Counts,
 * integer sums and extremes: the same whatever the order the pixels are read in.
 */
function areaSpans(labels: Int32Array, count: number, width: number, box: PixelBox = wholeFrame(labels, width)): AreaSpan[] {
  const spans = Array.from({ length: count }, () => ({ n: 0, sumX: 0, x0: Infinity, x1: -Infinity }));
  for (let y = box.y0; y <= box.y1; y++) {
    for (let x = box.x0, i = y * width + box.x0; x <= box.x1; x++, i++) {
      const l = labels[i]!;
      if (l <= 0 || l >= count) continue;
      const s = spans[l]!;
      s.n++;
      s.sumX += x;
      s.x0 = Math.min(s.x0, x);
      s.x1 = Math.max(s.x1, x);
    }
  }
  return spans;
}

/** The box of a whole frame of `labels`, `width` wide. */
function wholeFrame(labels: Int32Array, width: number): PixelBox {
  return { x0: 0, y0: 0, x1: width - 1, y1: Math.ceil(labels.length / width) - 1 };
}

/** Whether span `m`'s columns overlap span `s`'s mirror image across `centreX`. */
function mirrors(s: AreaSpan, m: AreaSpan, centreX: number): boolean {
  return m.x0 <= 2 * centreX - s.x0 && m.x1 >= 2 * centreX - s.x1;
}

/**
 * Which of the candidate areas (`ids`, labels into `labels`) a new top keeps
 * as a whole layer by WHOLE_LAYER: one reaching across `centreX`, or one
 * with a partner in its mirror image: of similar area both ways (a pair of
 * sleeves, a band's two halves), or a larger one reaching across (the front
 * its other sleeve is joined to).
 */
export function wholeLayers(labels: Int32Array, ids: number[], width: number, centreX: number, box?: PixelBox): Set<number> {
  const spans = areaSpans(labels, Math.max(0, ...ids) + 1, width, box);
  const W = WHOLE_LAYER;
  const straddles = (s: AreaSpan) => Math.min(centreX - s.x0, s.x1 - centreX) >= W.straddleShare * Math.max(centreX - s.x0, s.x1 - centreX);
  const pairs = (s: AreaSpan, m: AreaSpan) => mirrors(s, m, centreX) && m.n >= W.pairAreaShare * s.n && (s.n >= W.pairAreaShare * m.n || straddles(m));
  const whole = new Set<number>();
  for (const l of ids) {
    const s = spans[l]!;
    if (straddles(s) || ids.some((m) => m !== l && pairs(s, spans[m]!))) whole.add(l);
  }
  return whole;
}

/**
 * How a pass keeps its layer: `zone`, where it may stay (layerZone;
 * everywhere when absent); `slivers`: whether thin strips of it stay too;
 * `allOf`: all of this garment in the zone stays instead (allOfLayer: old
 * trousers), not only its large areas on the body's shape; `whole`: given,
 * only whole layers about its centre line stay (wholeLayers) and one-sided
 * areas on the arms' own width (`armCore`, WHOLE_LAYER.onArmShare).
 */
export interface KeepRule {
  zone?: Mask;
  slivers: boolean;
  allOf?: Mask;
  whole?: { centreX: number; armCore: Mask };
}

/** The labels among `ids` whose pixels lie at least WHOLE_LAYER.onArmShare on `armCore`; the labels outside `box` are 0. */
function onArms(labels: Int32Array, ids: number[], armCore: Mask, box: PixelBox): number[] {
  const counted = labelTable(ids);
  const n = new Int32Array(counted.length), on = new Int32Array(counted.length);
  const core = armCore.data, w = armCore.width;
  for (let y = box.y0; y <= box.y1; y++) {
    for (let i = y * w + box.x0; i <= y * w + box.x1; i++) {
      const l = labels[i]!;
      if (counted[l] !== 1) continue;
      n[l]!++;
      if (core[i]! >= 0.5) on[l]!++;
    }
  }
  return ids.filter((l) => on[l]! >= WHOLE_LAYER.onArmShare * n[l]!);
}

/**
 * The labels `ids` as a table indexed by label (1: in it): a Map's or a Set's
 * lookup for every pixel of the frame cost more than the rest of those loops.
 */
function labelTable(ids: Iterable<number>): Uint8Array {
  let max = -1;
  for (const l of ids) if (l > max) max = l;
  const table = new Uint8Array(max + 1);
  for (const l of ids) table[l] = 1;
  return table;
}

/**
 * The old garment's bare areas a rule reads (see keptOldGarment): their
 * labels, the ones larger than LAYERING.maxFilledAreaSw2 (`large`) and of
 * those the ones the rule keeps (`keep`).
 */
function layerAreas(oldHard: Mask, cover: Mask, skinFill: Mask, swPx: number, rule: KeepRule): { labels: Int32Array; box: PixelBox; large: number[]; keep: Set<number> } {
  const zone = rule.zone;
  const { width: w, height: h } = oldHard;
  const bare = createMask(w, h);
  // (the bare areas lie on the old garment: only its box looked at, and labelled)
  const b = maskBounds(oldHard) ?? EMPTY_BOX;
  for (let y = b.y0; y <= b.y1; y++) {
    for (let i = y * w + b.x0; i <= y * w + b.x1; i++) {
      if (zone && zone.data[i]! < 0.5) continue;
      if (oldHard.data[i]! >= 0.5 && cover.data[i]! < 0.5 && skinFill.data[i]! >= LAYERING.skinWeight) bare.data[i] = 1;
    }
  }
  // (an opening takes pixels away only: the pieces stay inside the box)
  const { labels, sizes } = componentsInBox(rule.slivers ? bare : withoutSlivers(bare, LAYERING.sliverWidthSw * swPx), b);
  const minArea = LAYERING.maxFilledAreaSw2 * swPx * swPx;
  const large = sizes.map((n, l) => (l > 0 && n > minArea ? l : 0)).filter((l) => l > 0);
  const whole = rule.whole;
  // (the labels are 0 outside the old garment's box: only it is read)
  const keep = whole ? new Set([...wholeLayers(labels, large, bare.width, whole.centreX, b), ...onArms(labels, large, whole.armCore, b)]) : new Set(large);
  return { labels, box: b, large, keep };
}

/**
 * The areas a rule with `whole` leaves out for not being whole (hard
 * 0/1, a new mask): one-sided pieces of an old top too large to fill with
 * skin. Beside the new top and the arms they are the background (the body's
 * outline is the new top's, as for rimBesideTop): made with skin they read
 * as a painted block.
 */
export function brokenLayers(oldHard: Mask, cover: Mask, skinFill: Mask, swPx: number, rule: KeepRule): Mask {
  const { labels, box: b, large, keep } = layerAreas(oldHard, cover, skinFill, swPx, rule);
  const brokenIds = large.filter((l) => !keep.has(l));
  const out = createMask(oldHard.width, oldHard.height);
  if (brokenIds.length === 0) return out;
  const broken = labelTable(brokenIds);
  // (layerAreas labels only the old garment's box: the labels outside it are 0, never broken)
  for (let y = b.y0; y <= b.y1; y++) {
    for (let i = y * oldHard.width + b.x0; i <= y * oldHard.width + b.x1; i++) {
      const l = labels[i]!;
      if (l < broken.length && broken[l] === 1) out.data[i] = 1;
    }
  }
  return out;
}

/**
 * The part of the old garment to keep as a layer beneath the new one
 * (analysis size, soft 0..1): with `rule.allOf`, all of that garment in the
 * zone (allOfLayer); otherwise each connected area that would be filled with
 * skin (old garment, not covered by the new one, inside the body) and is
 * larger than LAYERING.maxFilledAreaSw2 (and whole, WHOLE_LAYER, when the
 * rule asks), grown under the new garment's edge. `cover`: the new garment's
 * coverage at the analysis size; `skinFill`: the skin fill's weight; `swPx`:
 * shoulder width at the analysis size; `rule`: see KeepRule.
 */
export function keptOldGarment(oldHard: Mask, cover: Mask, skinFill: Mask, swPx: number, rule: KeepRule = { slivers: true }): Mask {
  const kept = rule.allOf ? allOfLayer(rule.allOf, oldHard, cover, rule.zone) : keptAreas(oldHard, cover, skinFill, swPx, rule);
  if (!anyAbove(kept.data, 0)) return kept;
  const grown = morph(kept, LAYERING.underlapPx);
  // (morphology writes 0 or 1: outside the box of its ones the minimum is the 0 already there)
  const b = maskBounds(grown);
  const { width } = grown;
  for (let y = b ? b.y0 : 0; b && y <= b.y1; y++) {
    for (let i = y * width + b.x0; i <= y * width + b.x1; i++) grown.data[i] = Math.min(grown.data[i]!, oldHard.data[i]! >= 0.5 ? 1 : 0);
  }
  return blurMask(grown, 1, 1);
}

/** The areas keptOldGarment keeps by its size (and wholeness) rule (hard, a new mask). */
function keptAreas(oldHard: Mask, cover: Mask, skinFill: Mask, swPx: number, rule: KeepRule): Mask {
  const { labels, box: b, keep } = layerAreas(oldHard, cover, skinFill, swPx, rule);
  const kept = createMask(oldHard.width, oldHard.height);
  const table = labelTable(keep);
  // (layerAreas labels only the old garment's box: the labels outside it are 0, never kept)
  for (let y = b.y0; y <= b.y1; y++) {
    for (let i = y * oldHard.width + b.x0; i <= y * oldHard.width + b.x1; i++) {
      const l = labels[i]!;
      if (l < table.length && table[l] === 1) kept.data[i] = 1;
    }
  }
  return kept;
}

/** Whether any value exceeds `t` (a loop, not `some` with a closure called per pixel). */
function anyAbove(values: Float32Array, t: number): boolean {
  for (let i = 0; i < values.length; i++) if (values[i]! > t) return true;
  return false;
}


/**
 * All of the garment `of` (≥ 0.5) that the old garment (hard) holds, not
 * covered and within `zone` when given (a new mask): trousers kept beneath a
 * dress are the whole trousers. Cut to the body's shape, a loose
 * leg lost its outer side to a background fill with a straight, hard edge,
 * the cloth between the thighs became a background gap, and one trouser leg
 * below a hem near the frame's edge, under LAYERING.maxFilledAreaSw2, was
 * painted as skin beside the other one kept. Only the trousers: a coat's
 * hem below a new dress reads as a remnant.
 */
export function allOfLayer(of: Mask, oldHard: Mask, cover: Mask, zone: Mask | undefined): Mask {
  const out = createMask(of.width, of.height);
  for (let i = 0; i < out.data.length; i++) {
    if (of.data[i]! >= 0.5 && oldHard.data[i]! >= 0.5 && cover.data[i]! < 0.5 && (!zone || zone.data[i]! >= 0.5)) out.data[i] = 1;
  }
  return out;
}

/** The first and last column `cover` reaches (from 0.5) in the row starting at index `row`; x0 = width and x1 = -1 when none. */
function coveredSpan(cover: Mask, row: number): { x0: number; x1: number } {
  let x0 = cover.width, x1 = -1;
  for (let x = 0; x < cover.width; x++) if (cover.data[row + x]! >= 0.5) { x0 = Math.min(x0, x); x1 = x; }
  return { x0, x1 };
}

/**
 * Where the runs outward from the new garment's sides start in the row at
 * index `row`: [first column, step] for each side that lies past the body's
 * centre line `centreX` (a row through one sloping shoulder's top has only
 * the neck beside it); none where `cover` does not reach the row.
 */
function outwardSides(cover: Mask, row: number, centreX: number): [number, 1 | -1][] {
  const { x0, x1 } = coveredSpan(cover, row);
  const sides: [number, 1 | -1][] = [];
  if (x1 >= 0 && x0 < centreX) sides.push([x0 - 1, -1]);
  if (x1 >= 0 && x1 > centreX) sides.push([x1 + 1, 1]);
  return sides;
}

/**
 * The pixels between two parts of the new garment in the same row (a new
 * mask): covered somewhere left and somewhere right of them. Shorts part
 * between the legs above their hem: old trousers kept beneath show there
 * too, continuous with the legs below (removed, the notch was a background gap).
 */
export function betweenParts(cover: Mask): Mask {
  const { width, height } = cover;
  const out = createMask(width, height);
  for (let y = 0; y < height; y++) {
    const row = y * width;
    const { x0, x1 } = coveredSpan(cover, row);
    for (let x = x0 + 1; x < x1; x++) if (cover.data[row + x]! < 0.5) out.data[row + x] = 1;
  }
  return out;
}

/**
 * `zone` (the layer's, below the new hem) with the gaps between the new
 * garment's parts (betweenParts) that open into it (a new mask): the notch
 * between shorts' legs, not a see-through lace's holes in the middle of a dress.
 */
export function zoneWithNotch(cover: Mask, zone: Mask): Mask {
  return componentsTouching(unionMask(zone, betweenParts(cover)), zone);
}

/**
 * The old top's rim beside a new top narrower than it (a new mask): its
 * pixels neither covered nor kept as a layer that lie in a row the new top
 * reaches, left or right of it on the far side of the body's centre line
 * (`centreX`: a row through one sloping shoulder's top only has the neck
 * beside it, not a rim), outside the arms' own width (`armCore`). There the
 * new top's side is the body's outline: filled with the background, not with
 * skin (a bare strip of waist or shoulder between the new top and the arm
 * reads as a cut-out).
 */
export function rimBesideTop(input: { oldHard: Mask; cover: Mask; kept: Mask; armCore: Mask; centreX: number }): Mask {
  const { oldHard, cover, kept, armCore, centreX } = input;
  const { width, height } = cover;
  const rim = createMask(width, height);
  for (let y = 0; y < height; y++) {
    const row = y * width;
    const { x0, x1 } = coveredSpan(cover, row);
    if (x1 < 0) continue;
    for (let x = 0; x < width; x++) {
      const i = row + x;
      if (!((x < x0 && x0 < centreX) || (x > x1 && x1 > centreX))) continue;
      if (oldHard.data[i]! >= 0.5 && kept.data[i]! < 0.5 && armCore.data[i]! < 0.5) rim.data[i] = 1;
    }
  }
  return rim;
}

/**
 * The old top's rim beside a new top that is only a thin strip between the
 * new top's side and the visible arm (ARM_AGAINST_TOP): there the arm lies
 * against the new top, and the rim is made skin, the arm's own edge, not
 * background.
 */
export const ARM_AGAINST_TOP = {
  /**
   * Widest run, shoulder widths, from the new top's side out to the seen arm
   * for the run to be the arm's edge: under an arm's radius (0.12 sw), a
   * strip the arm resting on the new top would cover. The old top's side
   * there (a cami wider than the new tee, the removal's 2 px grown into the
   * arm), made background, stood as a white streak along the arm with made
   * skin on its other side. A wider run is a real gap beside the waist and
   * keeps the background (rimBesideTop).
   */
  maxSw: 0.1,
  /**
   * Seen skin past the run also taken, analysis px: the removal's hard mask
   * ends at the run, but its 1 px feather reaches the arm's first pixel, and
   * the skin weight's own 1 px feather (both 3×3 boxes, a neighbouring row's
   * run ending a pixel off) must be whole there; taken to the run's end only,
   * the fading weight let the background in as a pale 1–2 px line between the
   * made edge and the arm.
   */
  intoSkinPx: 3,
  /**
   * Rows between the new top's sleeve or side above and the run's piece it
   * hangs from, analysis px: the sleeve's soft hem and the arm's first rows
   * under it (bare skin, no rim) part them by 1–3 rows.
   */
  hangGapPx: 3,
} as const;

/**
 * The pixels of each row's run of removed old top (`oldHard`, not `kept`)
 * outward from the new top's side (`cover`) on the far side of the body's
 * centre line that ends on the visible skin (`skin`, not removed) within
 * `maxPx`, in pieces that hang from the new top (hangingFromTop; a new
 * mask): the arm against the new top (ARM_AGAINST_TOP).
 */
export function armAgainstTop(input: { oldHard: Mask; cover: Mask; kept: Mask; skin: Mask; centreX: number }, maxPx: number): Mask {
  return hangingFromTop(armRuns(input, maxPx), input.cover);
}

/**
 * The pieces of `runs` that hang from the new top (`cover`): each pixel of
 * the piece's top row has a covered pixel at most ARM_AGAINST_TOP.hangGapPx
 * rows above the next one (the arm coming out under the sleeve or
 * beside the armpit). A piece that starts below the background (the rim
 * above it wider than the reach) began as a square skin block under a
 * background strip, and one on its own beside a made arm was a pink patch of
 * skin fill over the old sleeve's leftovers. A new mask.
 */
function hangingFromTop(runs: Mask, cover: Mask): Mask {
  const { labels, sizes } = components(runs);
  const w = runs.width, gap = ARM_AGAINST_TOP.hangGapPx;
  const top = new Int32Array(sizes.length).fill(runs.height);
  for (let i = 0; i < labels.length; i++) if (labels[i]! > 0) top[labels[i]!] = Math.min(top[labels[i]!]!, Math.floor(i / w));
  // (every pixel of the piece's top row under the new top: a side sloping out above covers only the run's first pixels)
  const loose = new Uint8Array(sizes.length);
  for (let i = 0; i < labels.length; i++) {
    const l = labels[i]!;
    if (l === 0 || Math.floor(i / w) !== top[l] || loose[l]) continue;
    let under = false;
    for (let k = 1; k <= gap + 1 && i - k * w >= 0 && !under; k++) under = cover.data[i - k * w]! >= 0.5;
    if (!under) loose[l] = 1;
  }
  const out = createMask(w, runs.height);
  for (let i = 0; i < labels.length; i++) if (labels[i]! > 0 && !loose[labels[i]!]) out.data[i] = 1;
  return out;
}

/** armAgainstTop's runs in every row, hanging from the new top or not. */
function armRuns(input: { oldHard: Mask; cover: Mask; kept: Mask; skin: Mask; centreX: number }, maxPx: number): Mask {
  const { oldHard, cover, kept, skin, centreX } = input;
  const { width, height } = cover;
  const out = createMask(width, height);
  const removed = (i: number) => oldHard.data[i]! >= 0.5 && kept.data[i]! < 0.5;
  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (const [start, step] of outwardSides(cover, row, centreX)) {
      let x = start;
      while (x >= 0 && x < width && removed(row + x) && Math.abs(x - start) < maxPx + 1) x += step;
      const n = Math.abs(x - start);
      if (n === 0 || n > maxPx || x < 0 || x >= width || skin.data[row + x]! < 0.5 || oldHard.data[row + x]! >= 0.5) continue;
      // (and the seen skin's first ARM_AGAINST_TOP.intoSkinPx: the removal's soft edge and the mask's feather
      // reach past the run, and there the background mixed in drew a pale line along the arm)
      const end = x + step * ARM_AGAINST_TOP.intoSkinPx;
      for (let k = start; k !== end && k >= 0 && k < width; k += step) {
        if (Math.abs(k - start) >= n && skin.data[row + k]! < 0.5) break;
        out.data[row + k] = 1;
      }
    }
  }
  return out;
}

/**
 * Where a dress's side is the body's outline over an old top worn beneath
 * (rimBesideDress).
 */
export const RIM_BESIDE_DRESS = {
  /**
   * Depth of the row, torso lengths below the shoulders' mean row, from which
   * the old top beside the dress is its side, not its shoulder: the armpit
   * lies about a quarter of the torso down (above it the old top's shoulders
   * stand out from under the dress as a real under-layer's do).
   */
  armpitDropTl: 0.3,
  /** Pixels of neither the top nor skin (a soft edge) a run may end in before the bare arm, px at the analysis size. */
  edgePx: 3,
  /** Opening radius, px at the analysis size: a rim a row or two tall is a fold's edge, and made background it drew a dash. */
  openPx: 2,
  /**
   * Least share of a side's forearm zone (its pixels on the old top or on
   * skin) that is skin for the old top beside the dress to be its side, not a
   * sleeve's inner side: a tank's, a tee's or a short-sleeved shirt's forearms
   * are bare (skin share 1), a long sleeve covers the forearm (sheer lace
   * included: the parse gives the sleeve most of it).
   */
  bareForearmShare: 0.5,
} as const;

/**
 * The old top's rim beside a new dress narrower than it (new masks): in rows
 * from `fromRow` down that the dress reaches, on the far side of the body's
 * centre line, the runs of the top's pixels (`top`: the layer kept beneath,
 * hard) from the dress's side outwards that end at skin (`skin`, within
 * RIM_BESIDE_DRESS.edgePx), opened by RIM_BESIDE_DRESS.openPx. A fitted dress
 * presses a top beneath to the body: its side between the bodice and a bare
 * arm is not seen where the dress is worn over it. Outside the torso's and
 * the arms' zones (`body`) the background is made there (`background`): a
 * loose top billowed out beside the bodice as a slab. Inside them it is the
 * body's side and the arm: made background, a narrow bodice left a cut-out
 * between it and the arm, so the skin is made, on a side whose forearm is bare
 * (bareForearms: the old top has no long sleeve there; a tank's or a shirt's
 * side stood as a slab beside the bodice). `side`: all the layer loses, the
 * background's too. Beside a long sleeve the run is the sleeve's inner side
 * (a sheer one shows the arm through its lace: made skin drew a flat block in
 * it), and a run that ends in the background is a long sleeve hanging beside
 * the dress: they stay.
 */
export function rimBesideDress(input: { top: Mask; cover: Mask; skin: Mask; body: Mask; forearms: Mask; centreX: number; fromRow: number }): { side: Mask; background: Mask } {
  const { cover, centreX } = input;
  const { width, height } = cover;
  let runs = createMask(width, height);
  for (let y = Math.max(0, Math.ceil(input.fromRow)); y < height; y++) {
    const row = y * width;
    for (const [start, step] of outwardSides(cover, row, centreX)) runs = markRunToSkin(input, runs, row, start, step);
  }
  const bare = bareForearms(input);
  const outside = createMask(width, height), beside = createMask(width, height);
  for (let i = 0; i < runs.data.length; i++) {
    if (runs.data[i]! < 0.5) continue;
    if (input.body.data[i]! < 0.5) outside.data[i] = 1;
    else if ((i % width < centreX ? bare.left : bare.right)) beside.data[i] = 1;
  }
  const background = morphPair(outside, -RIM_BESIDE_DRESS.openPx, RIM_BESIDE_DRESS.openPx);
  return { side: unionMask(background, morphPair(beside, -RIM_BESIDE_DRESS.openPx, RIM_BESIDE_DRESS.openPx)), background };
}

/**
 * The removed old garment's gap between a new dress's side and a bare arm
 * hanging beside it (gapBesideDress). The arm's own pixels are seen, so the
 * run between its inner outline and the dress is no arm; outside the torso's
 * zone it is no body either, but the background behind them. The body's
 * skin fill had reached into it (a bare arm's capsule drawn at a measured
 * bare-arm width past a slim arm's seen edge, small islands of the closed
 * body shape) and drew beige blobs and a skin-coloured bar in a pale gap,
 * a ghost of the old garment's side between the arm and the waist.
 */
export const GAP_BESIDE_DRESS = {
  /**
   * The widest run taken, shoulder widths: the gaps between an arm hanging
   * at the waist and a new dress's side measured 0.05–0.1; a wider run is a
   * piece of its own (an old sleeve hanging beside the dress, a bag).
   */
  maxSw: 0.15,
  /**
   * The run's last pixels before the arm's skin that stay as they were, analysis px: the arm's own
   * outline (the seen skin is eroded by a pixel, pass-masks BARE_ARM.edgePx, and its anti-aliased
   * edge spans another), where the made skin keeps the arm whole; made background there notched the
   * arm's inner edge at the elbow.
   */
  armEdgePx: 2,
} as const;

/**
 * Where a new dress's gap beside a bare arm takes the background (a new mask,
 * hard, opened by RIM_BESIDE_DRESS.openPx; see GAP_BESIDE_DRESS): in rows
 * from `fromRow` down that the dress reaches (`cover`), on the far side of the
 * body's centre line, the run of removed old garment (`old`, hard) from the
 * dress's side outwards that ends at the seen bare arm's skin (`armSkin`,
 * within RIM_BESIDE_DRESS.edgePx) but for its last GAP_BESIDE_DRESS.armEdgePx px, is at
 * most GAP_BESIDE_DRESS.maxSw wide and lies outside the torso's zone (`torso`), on a side whose forearm is bare
 * (bareForearms: beside a long sleeve the run is the sleeve's inner side).
 */
export function gapBesideDress(input: { old: Mask; cover: Mask; armSkin: Mask; torso: Mask; forearms: Mask; centreX: number; fromRow: number }, swPx: number): Mask {
  const { cover, centreX, old, armSkin } = input;
  const { width, height } = cover;
  const bare = bareForearms({ top: old, skin: armSkin, forearms: input.forearms, centreX });
  const gap = createMask(width, height);
  const maxRun = Math.max(1, Math.round(GAP_BESIDE_DRESS.maxSw * swPx));
  for (let y = Math.max(0, Math.ceil(input.fromRow)); y < height; y++) {
    const row = y * width;
    for (const [start, step] of outwardSides(cover, row, centreX)) {
      const end = (step < 0 ? bare.left : bare.right) ? runEndAtSkin({ top: old, skin: armSkin }, row, start, step) : null;
      if (end === null || Math.abs(end - start) > maxRun) continue;
      const taken = Math.abs(end - start) - GAP_BESIDE_DRESS.armEdgePx;
      for (let k = 0, x = start; k < taken; k++, x += step) if (input.torso.data[row + x]! < 0.5) gap.data[row + x] = 1;
    }
  }
  return morphPair(gap, -RIM_BESIDE_DRESS.openPx, RIM_BESIDE_DRESS.openPx);
}

/**
 * The end (exclusive) of the run of `m.top` in one row from `start` in
 * direction `step`, when the run is not empty and ends at `m.skin` within
 * RIM_BESIDE_DRESS.edgePx; else null.
 */
function runEndAtSkin(m: { top: Mask; skin: Mask }, row: number, start: number, step: 1 | -1): number | null {
  const width = m.top.width;
  let x = start;
  while (x >= 0 && x < width && m.top.data[row + x]! >= 0.5) x += step;
  if (x === start) return null;
  for (let k = 0; k <= RIM_BESIDE_DRESS.edgePx; k++) {
    const xs = x + k * step;
    if (xs < 0 || xs >= width) return null;
    if (m.skin.data[row + xs]! >= 0.5) return x;
  }
  return null;
}

/** rimBesideDress's run in one row from `start` in direction `step`: `runs` with it marked when it ends at skin (the same mask). */
function markRunToSkin(m: { top: Mask; skin: Mask }, runs: Mask, row: number, start: number, step: 1 | -1): Mask {
  const end = runEndAtSkin(m, row, start, step);
  if (end === null) return runs;
  for (let xr = start; xr !== end; xr += step) runs.data[row + xr] = 1;
  return runs;
}

/**
 * Whether each side's forearm (left of `centreX`, right of it) is bare by
 * RIM_BESIDE_DRESS.bareForearmShare: of the forearms' zone's pixels on the
 * top (`top`) or on skin, at least that share skin.
 */
export function bareForearms(m: { top: Mask; skin: Mask; forearms: Mask; centreX: number }): { left: boolean; right: boolean } {
  const { width } = m.top;
  const top = [0, 0], skin = [0, 0];
  const b = maskBounds(m.forearms);
  for (let y = b ? b.y0 : 0; b && y <= b.y1; y++) {
    for (let x = b.x0, i = y * width + x; x <= b.x1; x++, i++) {
      if (m.forearms.data[i]! < 0.5) continue;
      const s = x < m.centreX ? 0 : 1;
      if (m.top.data[i]! >= 0.5) top[s]!++;
      else if (m.skin.data[i]! >= 0.5) skin[s]!++;
    }
  }
  const bare = (s: number) => skin[s]! > 0 && skin[s]! >= RIM_BESIDE_DRESS.bareForearmShare * (skin[s]! + top[s]!);
  return { left: bare(0), right: bare(1) };
}

/**
 * How far the kept layer reaches sideways to its own outline
 * (keptToOutline), shoulder widths. The kept layer is cut to the body's
 * shape (keptOldGarment reads the skin fill's extent, which stops where the
 * arms' region begins); where a hand or forearm hangs beside the hip, the old
 * garment between the kept layer's side and the hand or arm was removed and
 * took the background fill: a flat white block cut into the garment beside
 * the hand. The garment's side there runs on from the kept layer to the hand
 * or the arm; on the tune half those strips measured 0.07–0.24 sw wide. An
 * arm's width (0.25 sw) is the most taken: a wider strip is a piece of its own
 * (a hanging sleeve, a coat's panel) and stays removed.
 */
export const KEPT_TO_OUTLINE = {
  reachSw: 0.25,
  /**
   * The share of the kept layer's largest piece a piece needs to start the
   * rows' runs (a main piece: the skirt, or its two sides parted by a hand in
   * front of it). A smaller piece further out is a leftover of the kept layer
   * (a strip of a cuff, a few pixels beside the forearm): a run from it ran to
   * the forearm only in the rows that piece reaches, short horizontal bars of
   * the garment beside the arm with the background fill between them.
   */
  pieceShare: 0.25,
  /**
   * The tallest gap in a column between the kept layer and the photo's own
   * garment below it that is kept (keptDownToPhoto): beside a hand the
   * removal ran 5–9 rows (analysis size, 0.07–0.12 sw) below the kept
   * layer's lower end on the tune half; a taller gap is the background
   * between two pieces of the garment and stays removed.
   */
  downGapSw: 0.15,
} as const;

/** The planes keptToOutline reads (analysis size, from 0.5). */
export interface OutlinePlanes {
  /** The old garment removed (hard). */
  oldHard: Mask;
  /** The new garment's coverage. */
  cover: Mask;
  /** What stays over the new garment (face, hair, hands, feet). */
  protect: Mask;
  /** Where the removal makes skin. */
  body: Mask;
  /** The person's matte. */
  matte: Mask;
}

/**
 * `kept` (the old garment kept as a layer beneath the new one) run on to its
 * own outline (a new mask): in each row the kept layer reaches from `fromRow`
 * down (the armpits' row: above it the run's far end is the neck, the
 * shoulder or a sleeve's own edge, not a hand beside the hip), the run of the
 * old garment's pixels outward from the first and last pixel of its main
 * pieces (KEPT_TO_OUTLINE.pieceShare: a leftover piece further out starts no
 * run; the main piece's run passes over it where it too is removed) that would take
 * the background fill (removed, neither covered, protected nor made skin) is
 * kept too, when it ends within KEPT_TO_OUTLINE.reachSw × `swPx` on the
 * person (matte ≥ 0.5: a hand, an arm made or seen, the new garment). A run
 * ending on the background is the old garment's own flap standing off the
 * body, and a longer run a piece of its own: both stay removed. Neighbouring
 * rows then agree (outline-rows.ts: short gaps between kept rows filled,
 * short bars between rows that stay removed dropped). Where the run ends on
 * a hand in front of the garment's side, the garment beyond the hand runs on
 * too, carried up from the side below the hand (pastHandRuns, carriedUp).
 * `kept` itself when nothing is taken.
 */
export function keptToOutline(kept: Mask, planes: OutlinePlanes, swPx: number, fromRow: number): Mask {
  const main = keepLargest(kept, KEPT_TO_OUTLINE.pieceShare);
  const b = maskBounds(main);
  if (!b || b.y1 < Math.ceil(fromRow)) return kept;
  const y0 = Math.max(b.y0, Math.ceil(fromRow));
  const rowPlanes = { backgroundFilled: (i: number) => backgroundFilled(planes, i), width: kept.width };
  const runs = [-1, 1].flatMap((step) => {
    const side = sideRuns(main, planes, { y0, y1: b.y1, x0: b.x0, x1: b.x1, step: step as 1 | -1, reach: Math.floor(KEPT_TO_OUTLINE.reachSw * swPx) });
    const past = easedTop(carriedUp(pastHandRuns(side, planes, swPx), kept, planes, Math.floor(KEPT_ROWS_AGREE.gapSw * swPx)), Math.round(KEPT_PAST_HAND.easeSw * swPx));
    return [...agreeingRunPixels(side, rowPlanes, swPx), ...agreeingRunPixels(past, rowPlanes, swPx)];
  });
  const outlined = runs.length === 0 ? kept : withRunsSpread(kept, runs);
  return keptDownToPhoto(outlined, planes, y0, Math.floor(KEPT_TO_OUTLINE.downGapSw * swPx));
}

/**
 * `kept` (after its runs to the outline) with each column's gap of at most
 * `maxRows` pixels that would take the background fill, from a kept pixel
 * (at or below row `y0`) down to the photo's own garment (photoGarment), kept
 * too (a new mask; `kept` itself when nothing is taken): the removal reaches
 * a few rows lower than the kept layer beside a hand or an arm, and there the
 * garment's side between the kept layer and the garment the photo keeps
 * below it took the background fill, a bar across the side. Only where each
 * gap pixel's row of such pixels ends on the person at both ends
 * (enclosedInRow): one reaching the background is the old garment's flap
 * standing off the body, and stays removed (as keptToOutline's runs).
 */
function keptDownToPhoto(kept: Mask, planes: OutlinePlanes, y0: number, maxRows: number): Mask {
  const { width: w, height: h } = kept;
  // (a gap starts below a kept pixel: only the kept layer's box is looked at)
  const b = maskBounds(kept);
  if (!b) return kept;
  let out: Mask | null = null;
  for (let x = b.x0; x <= b.x1; x++) {
    for (let y = Math.max(0, y0, b.y0); y <= Math.min(b.y1, h - 2); y++) {
      if (kept.data[y * w + x]! < 0.5 || kept.data[(y + 1) * w + x]! >= 0.5) continue;
      let k = 0;
      while (y + 1 + k < h && k <= maxRows && backgroundFilled(planes, (y + 1 + k) * w + x)) k++;
      if (k === 0 || k > maxRows || y + 1 + k >= h || !photoGarment(planes, (y + 1 + k) * w + x)) continue;
      if (!Array.from({ length: k }, (_, d) => y + 1 + d).every((yy) => enclosedInRow(planes, yy * w, x, w))) continue;
      out ??= { width: w, height: h, data: kept.data.slice() };
      for (let d = 1; d <= k; d++) out.data[(y + d) * w + x] = 1;
    }
  }
  return out ?? kept;
}

/**
 * One side's runs (keptToOutline) in rows `y0`–`y1` (the main pieces'
 * columns `x0`–`x1`): from the first pixel
 * outward of the main pieces' first (`step` -1) or last (`step` 1) pixel in
 * the row, the run outlineRun takes.
 */
function sideRuns(main: Mask, planes: OutlinePlanes, at: { y0: number; y1: number; x0: number; x1: number; step: 1 | -1; reach: number }): SideRuns {
  const { width: w } = main, rows = at.y1 - at.y0 + 1;
  const start = new Int32Array(rows).fill(-1), n = new Int32Array(rows), open = new Uint8Array(rows);
  for (let r = 0; r < rows; r++) {
    const row = (at.y0 + r) * w;
    let x0 = -1, x1 = -1;
    for (let x = at.x0; x <= at.x1; x++) if (main.data[row + x]! >= 0.5) { if (x0 < 0) x0 = x; x1 = x; }
    if (x0 < 0) continue;
    start[r] = at.step < 0 ? x0 - 1 : x1 + 1;
    n[r] = outlineRun(planes, row, { start: start[r]!, step: at.step, reach: at.reach, width: w });
    if (n[r] === 0 && start[r]! >= 0 && start[r]! < w && backgroundFilled(planes, row + start[r]!)) open[r] = 1;
  }
  return { y0: at.y0, step: at.step, start, n, open };
}

/**
 * How far the kept layer's side reaches on past a hand in front of it
 * (pastHandRuns), shoulder widths. A hand hanging over the garment's side
 * hides its inner part; the old garment beyond the hand, out to its own
 * outline, was removed and took the background fill in the hand's rows only:
 * below the hand the kept layer reaches that outline, so the side stepped in
 * at the hand's lower end (a soft dark bar across the background there).
 */
export const KEPT_PAST_HAND = {
  /**
   * The widest hand the side passes over (from a protected pixel, the
   * person's pixels that keep or make their own colour): a hand with its
   * made skin edge measured 0.15–0.35 sw across on the tune half; a wider
   * run is no hand beside the hip.
   */
  handSw: 0.4,
  /**
   * The widest strip of the garment beyond the hand taken (up to the
   * person's outline): as KEPT_TO_OUTLINE.reachSw, an arm's width; a wider
   * strip is a piece of its own and stays removed.
   */
  beyondSw: 0.3,
  /**
   * Rows over which the side carried up past the hand widens from the hand
   * to its full run (easedTop): begun at full width in its first row it met
   * the cuff or wrist above the hand in a square step out onto the
   * background, where a garment's side runs on in a slope.
   */
  easeSw: 0.2,
} as const;

/**
 * One side's runs past the hand (keptToOutline): in each row whose run from
 * the kept layer (`side`) ends on the hand (onHand pixels, at least one of
 * them protected, at most KEPT_PAST_HAND.handSw × `swPx` of them), the pixels
 * beyond it that would take the background fill out to the person's outline
 * (matte below 0.5, or the frame's edge), when at most
 * KEPT_PAST_HAND.beyondSw × `swPx` (a new SideRuns; `open` where pixels past
 * the hand would take the background fill and none are taken).
 */
export function pastHandRuns(side: SideRuns, planes: OutlinePlanes, swPx: number): SideRuns {
  const w = planes.matte.width, rows = side.start.length, step = side.step;
  const start = new Int32Array(rows).fill(-1), n = new Int32Array(rows), open = new Uint8Array(rows);
  const inFrame = (x: number) => x >= 0 && x < w;
  for (let r = 0; r < rows; r++) {
    if (side.start[r]! < 0) continue;
    const row = (side.y0 + r) * w;
    let x = side.start[r]! + step * side.n[r]!, hand = 0, held = false;
    for (; inFrame(x) && onHand(planes, row + x) && hand <= KEPT_PAST_HAND.handSw * swPx; x += step) { hand++; held ||= planes.protect.data[row + x]! >= 0.5; }
    if (!held || hand > KEPT_PAST_HAND.handSw * swPx || !inFrame(x)) continue;
    start[r] = x;
    let k = 0;
    for (; inFrame(x) && backgroundFilled(planes, row + x) && k <= KEPT_PAST_HAND.beyondSw * swPx; x += step) k++;
    const ends = k > 0 && k <= KEPT_PAST_HAND.beyondSw * swPx && (!inFrame(x) || planes.matte.data[row + x]! < 0.5 || photoGarment(planes, row + x));
    if (ends) n[r] = k;
    else if (k > 0) open[r] = 1;
  }
  return { y0: side.y0, step, start, n, open };
}

/**
 * `past` (pastHandRuns) with only the runs that carry the garment's side
 * below the hand up (a new SideRuns): walking up from the bottom, a row's run
 * stays when within `maxGap` + 1 rows below it a row's run stayed, or the
 * run's first pixel's column shows the garment (showsBelow). A strip past the
 * hand with no garment below it is no side carried up (a block of the old
 * garment beside the hand, the background below it).
 */
export function carriedUp(past: SideRuns, kept: Mask, planes: OutlinePlanes, maxGap: number): SideRuns {
  const n = past.n.slice(), rows = n.length, w = kept.width;
  const held = (r: number, x: number) => (r < rows && n[r]! > 0) || (past.y0 + r < kept.height && showsBelow(kept, planes, (past.y0 + r) * w + x));
  for (let r = rows - 1; r >= 0; r--) {
    if (n[r]! <= 0) continue;
    let below = false;
    for (let d = 1; d <= maxGap + 1 && !below; d++) below = held(r + d, past.start[r]!);
    if (!below) n[r] = 0;
  }
  return { ...past, n };
}

/**
 * `past` with each block of rows' first `rows` runs shortened (a new
 * SideRuns): the i-th row from a block's top keeps (i + 1) / (rows + 1) of
 * its run, at least one pixel, so the side beyond the hand starts at the
 * hand and slopes out to its full run (KEPT_PAST_HAND.easeSw).
 */
export function easedTop(past: SideRuns, rows: number): SideRuns {
  const n = past.n.slice();
  for (let r = 0; r < n.length; r++) {
    if (past.n[r]! <= 0 || (r > 0 && past.n[r - 1]! > 0)) continue;
    for (let i = 0; i < rows && r + i < n.length && past.n[r + i]! > 0; i++) n[r + i] = Math.max(1, Math.round((past.n[r + i]! * (i + 1)) / (rows + 1)));
  }
  return { ...past, n };
}

/** Whether pixel `i` shows the garment below the hand: kept, or the photo's own (photoGarment). */
function showsBelow(kept: Mask, p: OutlinePlanes, i: number): boolean {
  return kept.data[i]! >= 0.5 || photoGarment(p, i);
}

/** Whether the pixels that would take the background fill around column `x` of the row starting at `row` end on the person (matte ≥ 0.5) at both ends, inside the frame. */
function enclosedInRow(p: OutlinePlanes, row: number, x: number, w: number): boolean {
  const endsOnPerson = (step: number) => {
    let xx = x;
    while (xx >= 0 && xx < w && backgroundFilled(p, row + xx)) xx += step;
    return xx >= 0 && xx < w && p.matte.data[row + xx]! >= 0.5;
  };
  return endsOnPerson(-1) && endsOnPerson(1);
}

/** A pixel of the person the pass leaves as the photo has it: neither removed, covered nor protected. */
function photoGarment(p: OutlinePlanes, i: number): boolean {
  return p.matte.data[i]! >= 0.5 && p.oldHard.data[i]! < 0.5 && p.cover.data[i]! < 0.5 && p.protect.data[i]! < 0.5;
}

/** A pixel of the hand pastHandRuns passes over: protected, or on the person and not taking the background fill (the hand's made skin at its edge). */
function onHand(p: OutlinePlanes, i: number): boolean {
  return p.protect.data[i]! >= 0.5 || (p.matte.data[i]! >= 0.5 && !backgroundFilled(p, i));
}

/** A removed pixel that takes the background fill: neither covered, protected nor made skin. */
function backgroundFilled(p: OutlinePlanes, i: number): boolean {
  return p.oldHard.data[i]! >= 0.5 && p.cover.data[i]! < 0.5 && p.protect.data[i]! < 0.5 && p.body.data[i]! < 0.5;
}

/**
 * `kept` with the run pixels (indices) and their 8 neighbours set to 1, a new
 * mask: the kept layer's own soft edge beside a run, and the removal's soft
 * edge above and below it, let a thin line of the background fill through at
 * half strength, a pale seam where the white block was.
 */
function withRunsSpread(kept: Mask, runs: number[]): Mask {
  const { width: w, height: h } = kept;
  const out: Mask = { width: w, height: h, data: kept.data.slice() };
  for (const i of runs) {
    const x = i % w, y = (i - x) / w;
    for (let dy = -1; dy <= 1; dy++) {
      for (let dx = -1; dx <= 1; dx++) {
        const xx = x + dx, yy = y + dy;
        if (xx >= 0 && xx < w && yy >= 0 && yy < h) out.data[yy * w + xx] = 1;
      }
    }
  }
  return out;
}

/**
 * The length of the run keptToOutline takes from column `start` stepping by
 * `step` in the row starting at index `row`: its pixels would take the
 * background fill, and it ends within `reach` on the person; 0 otherwise
 * (a longer run, one ending on the background or at the frame's edge).
 */
function outlineRun(p: OutlinePlanes, row: number, at: { start: number; step: 1 | -1; reach: number; width: number }): number {
  let n = 0, x = at.start;
  for (; x >= 0 && x < at.width && backgroundFilled(p, row + x); x += at.step) if (++n > at.reach) return 0;
  if (x < 0 || x >= at.width) return 0;
  return p.matte.data[row + x]! >= 0.5 ? n : 0;
}
