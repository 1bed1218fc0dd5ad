/**
 * Fit: where each garment landmark goes on the body. The body panel is placed
 * by a thin-plate spline through a grid of control points; a flat garment
 * wraps around the torso, so across the body the grid follows a cylinder
 * (x = R sin θ): the centre keeps its print proportions and the sides are
 * foreshortened, as on a real body. Sleeves and legs get skeletal warps.
 */
import { onMask } from '../../vision/mask-ops.js';
import type { Category } from '../engine.js';
import type { Mask } from '../../vision/image.js';
import type { PersonAnalysis } from '../../vision/person-analysis.js';
import { add, dist, leftNormalAway, lerp, mul, norm, sub, visible, type BodyFrame } from '../../vision/body-regions.js';
import type { GarmentAnalysis } from './garment-analysis.js';
import { cuffLine, type LimbWarp } from './limb-warp.js';
import type { Pt } from './tps.js';
import { hemFloor, seenAnkle } from './feet-front.js';
import { lowestHem, type HemRows } from './hem-reach.js';
import { hemDip, isShorts, SHORTS } from './lower-landmarks.js';
import { innerOnOutline, seamOnOutline, SHOULDER_SEAM } from './shoulder-seams.js';

/** Visible width / flat width of a garment on a torso: sin θ/θ = 0.8 at θ = 1.13 rad. */
export const WRAP_RATIO = 0.8;
const WRAP_THETA_MAX_RAD = 1.13;
/**
 * Share of a seam's move out (shoulder-seams.ts) the armpit row's end follows:
 * the sleeve hangs from the moved seam, and a panel side left where it was
 * opened a gap down to the armpit wider than the render closes.
 */
const ARMPIT_FOLLOWS_SEAM = 0.5;
/** Shoulder seams sit above the shoulder joints BlazePose reports, as a share of shoulder width. */
const SHOULDER_SEAM_RAISE = 0.1;
/** Waistband height above the hip joints, as a share of torso length (jeans on the fixtures: 0.1–0.2). */
const WAIST_ABOVE_HIP = 0.15;
/**
 * Most the waistband is raised to the old lower garment's top, torso lengths
 * above WAIST_ABOVE_HIP: a high-waisted skirt's band (0.3–0.45 torso above the
 * hips) stayed as a band between the top and new trousers worn lower; raised
 * further the trousers' seat stretches visibly.
 */
const WAIST_LIFT_MAX_TL = 0.25;
/**
 * Top hem below the shoulder seam line, in body shoulder-joint distances per unit
 * of the garment's length / armpit-width ratio. On the fixtures the hip joints
 * sit 1.55–1.7 shoulder widths below the shoulder line; a plain T-shirt (ratio
 * 1.96) should end a little below them (1.96 from the seam line), a
 * long-sleeve top (1.69) at them: 0.92 left a skin gap above a pair of jeans.
 */
const HEM_PER_RATIO_SW = 1.0;
/** Hip joints below the shoulder line, shoulder widths: full-body fixtures 1.5–1.6; 1.45 keeps the waistband over the old one on thigh-up photos. */
const HIP_DROP_SW = 1.45;
/** Hem drop bounds (shoulder widths below the seam line): natural waist and mid-thigh. */
const HEM_DROP_MIN_SW = 1.1;
const HEM_DROP_MAX_SW = 2.4;
/**
 * A dress's hem drop below the seam line, shoulder widths: the same
 * HEM_PER_RATIO_SW times its length / armpit-width ratio as a top's (the
 * chest-width scale made it ~1.4× too long: a knee-length dress reached the
 * floor), at least to the upper thigh (a mini dress: ~1.9 sw below the
 * shoulders), at most to the ankles (feet-front.ts hemFloor).
 */
const DRESS_HEM_DROP_MIN_SW = 1.9;
/**
 * Most a garment's length is shortened to end at the ankles, as a share of
 * its own vertical scale: a print squashed by more than ~15 % reads as
 * squashed (floor-length wide trousers on a shorter body needed 0.75); the
 * rest of the length is cut at the hem floor (pipeline.ts), as a long hem
 * breaks on the shoe. A trouser leg longer still keeps its hem at this
 * scale, its shin squeezed instead (keptHem).
 */
const FLOOR_SQUASH_MIN = 0.85;
/** Lowest across scale at a top's centre line, as a share of the cylinder's (see fitUpper). */
const CENTRE_SCALE_MIN = 0.7;
/** A garment end within this share of the limb's length of the wrist/ankle snaps to it. */
const SNAP_FRACTION = 0.2;

export interface PanelFit {
  /** Control points: garment (full-res garment px) → body (person px). */
  garment: Pt[];
  body: Pt[];
  /** Garment part mask (analysis size of the garment). */
  part: 'panel';
}

export interface LimbFit {
  warp: LimbWarp;
  part: 'sleeveL' | 'sleeveR' | 'legL' | 'legR';
  /** Max half-width of the part in output px, for its bounding box. */
  reach: number;
}

export interface GarmentFit {
  category: Category;
  panel: PanelFit | null;
  limbs: LimbFit[];
  /** Output px per garment px (vertical, at the centre line). */
  scale: number;
  /** Widest gap between panel and sleeve the render closes, output px (tops with sleeves). */
  sleeveGapPx?: number;
}

/**
 * Output position of garment point (u across from the centre, v down from the anchor row), garment px.
 * `centreScale` (default `s`: the cylinder's own) sets the across scale at the
 * centre line; the sides still land where the cylinder puts them.
 */
function wrap(frame: BodyFrame, anchor: Pt, u: number, v: number, s: number, halfWidth: number, widthBoost: number, centreScale = s): Pt {
  const across = wrapAcross(u, s, halfWidth, widthBoost, centreScale);
  return add(anchor, add(mul(frame.across, across), mul(frame.down, v * s)));
}

/** Output offset across the body of a garment point `u` px from the centre line (see `wrap`). */
export function wrapAcross(u: number, s: number, halfWidth: number, widthBoost: number, centreScale = s): number {
  const r = (halfWidth * s) / WRAP_THETA_MAX_RAD;
  // (within 2 % of the cylinder's own centre the cubic would fold at |t| = 1.3: keep the cylinder)
  if (centreScale >= s * 0.98) {
    const theta = Math.max(-1.4, Math.min(1.4, (u * s) / r));
    return r * Math.sin(theta) * widthBoost;
  }
  // an odd cubic through the (widened) cylinder's edge with the centre's slope
  // = centreScale: widening for a broad body goes to the sides, not the print
  const edge = r * Math.sin(WRAP_THETA_MAX_RAD) * widthBoost;
  const t = Math.max(-1.3, Math.min(1.3, u / halfWidth));
  return centreScale * halfWidth * t + (edge - centreScale * halfWidth) * t * t * t;
}

/** Points along a polyline at arc length `len`; returns the truncated polyline. */
export function truncate(poly: Pt[], len: number): Pt[] {
  const out: Pt[] = [poly[0]!];
  let left = len;
  for (let i = 0; i + 1 < poly.length; i++) {
    const a = poly[i]!, b = poly[i + 1]!;
    const d = dist(a, b);
    if (left <= d || i + 2 === poly.length) {
      out.push(lerp(a, b, d > 0 ? left / d : 0));
      return out;
    }
    out.push(b);
    left -= d;
  }
  return out;
}

export function polyLength(poly: Pt[]): number {
  let l = 0;
  for (let i = 0; i + 1 < poly.length; i++) l += dist(poly[i]!, poly[i + 1]!);
  return l;
}

/**
 * Matches a straight garment segment (start→end) to a body polyline: the garment
 * length times `alongScale` is laid along the body, snapping to the body's end
 * when it falls within SNAP_FRACTION of it.
 */
export function matchAlong(gStart: Pt, gEnd: Pt, body: Pt[], alongScale: number): { garment: Pt[]; body: Pt[] } {
  const glen = dist(gStart, gEnd);
  const blen = polyLength(body);
  let target = glen * alongScale;
  if (Math.abs(target - blen) < blen * SNAP_FRACTION || target > blen) target = Math.min(target, blen * 1.04);
  const b = truncate(body, target);
  const total = polyLength(b);
  const dir = norm(sub(gEnd, gStart));
  const g: Pt[] = [gStart];
  let acc = 0;
  for (let i = 1; i < b.length; i++) {
    acc += dist(b[i - 1]!, b[i]!);
    g.push(add(gStart, mul(dir, (acc / (total || 1)) * glen)));
  }
  return { garment: g, body: b };
}

function limbPoly(person: PersonAnalysis, names: Parameters<typeof visible>[1][]): Pt[] {
  return names.map((n) => ({ x: person.keypoints[n].x, y: person.keypoints[n].y }));
}

/**
 * What the fit of a top may measure on the person photo (full px).
 */
export interface BodyMeasures {
  /** How far the torso reaches each side of the centre line at a depth (0 shoulders, 1 hips). */
  torsoExtent(depth: number): { left: number; right: number } | null;
  /** The body's silhouette top (not hair, not head) in column x between rows y0 and y1, or null. */
  silhouetteTop(x: number, y0: number, y1: number): number | null;
  /** Half the upper arm's width, or null where it cannot be measured. */
  armHalfWidth(side: 'left' | 'right'): number | null;
  /** How far the arm reaches outwards from a sleeve's body axis (full px), or null where it cannot be measured. */
  armOuterReach?(axis: Pt[]): number | null;
  /** The same runs one by one at shares `along` of the axis (null where one left the arm). */
  armOuterRuns?(axis: Pt[], along: readonly number[]): (number | null)[];
}

/** Gaps between panel and sleeve up to this many shoulder widths are closed (an arm's inner third). */
const SLEEVE_GAP_SW = 0.08;

/** A sleeve's width over the arm's it covers. */
const SLEEVE_EASE = 1.12;
/** Most a sleeve is widened to cover its arm, and moved to centre on it (shoulder widths). */
const SLEEVE_WIDEN_MAX = 1.35;
const SLEEVE_SHIFT_MAX_SW = 0.08;

/**
 * The run of `mask` (analysis px) through the point at fraction `t` from `a`
 * to `b`, across that line: how far it reaches along the line's normal
 * (−dy, dx) on each side, `hi` ≥ 0 ≥ `lo`; null when the point is off the mask.
 */
function chordAcross(mask: Mask, a: Pt, b: Pt, t: number): { lo: number; hi: number } | null {
  const c = lerp(a, b, t);
  const d = norm(sub(b, a));
  const nx = -d.y, ny = d.x;
  const on = (r: number) => onMask(mask, c.x + nx * r, c.y + ny * r);
  if (!on(0)) return null;
  let hi = 0, lo = 0;
  while (on(hi + 1)) hi++;
  while (on(lo - 1)) lo--;
  return { lo, hi };
}

/** Half that run's length, px: a sleeve's half-width halfway down. */
export function chordHalfWidth(mask: Mask, a: Pt, b: Pt, t: number): number {
  const run = chordAcross(mask, a, b, t);
  return run ? (run.hi - run.lo + 1) / 2 : 0;
}

/** How far the middle of that run lies from the line, along its normal: positive on the normal's side. */
export function chordCentreOffset(mask: Mask, a: Pt, b: Pt, t: number): number {
  const run = chordAcross(mask, a, b, t);
  return run ? (run.hi + run.lo) / 2 : 0;
}

/**
 * The axis moved by `offset` px along each segment's normal (−dy, dx), easing
 * in from nothing at its first point (the seam stays) to all of it by halfway.
 */
export function shiftAxis(axis: Pt[], offset: number): Pt[] {
  const total = polyLength(axis);
  let acc = 0;
  return axis.map((p, i) => {
    if (i > 0) acc += dist(axis[i - 1]!, p);
    const seg = i === 0 ? sub(axis[1] ?? p, p) : sub(p, axis[i - 1]!);
    const d = norm(seg);
    const share = total > 0 ? Math.min(1, acc / (total * 0.5)) : 0;
    return add(p, mul({ x: -d.y, y: d.x }, offset * share));
  });
}

/**
 * Shortest segment of a sleeve's body axis, as a share of the axis. The axis
 * is cut where the sleeve's length runs out, often just past the elbow: the
 * last segment was then a few px along the forearm, its direction noise
 * (moved by shiftAxis, it even turned), and the warp extends the last segment
 * straight over all the cloth past the cuff's centre, which it drew as
 * streaks. A joint that near either end is dropped.
 */
const SLEEVE_SEGMENT_MIN = 0.1;

/** The polyline without interior points nearer than `minLen` px to the previous point kept or to the last. */
export function mergeShortSegments(axis: Pt[], minLen: number): Pt[] {
  if (axis.length <= 2) return axis;
  const last = axis[axis.length - 1]!;
  const out: Pt[] = [axis[0]!];
  for (const p of axis.slice(1, -1)) if (dist(out[out.length - 1]!, p) >= minLen && dist(p, last) >= minLen) out.push(p);
  out.push(last);
  return out;
}

/**
 * The straight garment axis `start`→`end` laid along a body polyline in
 * proportion to its arc length: each segment stretches the cloth by the same
 * ratio. A body axis moved after matching (shiftAxis) changed its segments'
 * lengths but not the garment's, and a short one got a very different
 * stretch from its neighbour: the print was squeezed into streaks past it.
 */
export function layAlong(body: Pt[], start: Pt, end: Pt): Pt[] {
  const total = polyLength(body);
  let acc = 0;
  return body.map((p, i) => {
    if (i > 0) acc += dist(body[i - 1]!, p);
    return lerp(start, end, total > 0 ? acc / total : 0);
  });
}

/**
 * Body proportions of a top's fit, as multiples of the named body measure.
 */
const UPPER_FIT = {
  /**
   * The chest seen from the front ≈ 1.15 shoulder-joint distances (deltoids
   * and ribcage reach past the joints); 1.0 left the old top showing at the sides.
   */
  chestOfShoulderWidth: 1.15,
  /** Hips seen from the front ≈ 1.9 hip-joint distances: the lower rows are widened to cover them. */
  hipsOfHipJoints: 1.9,
  /** Rows from this depth (0 shoulders, 1 hips) are widened to the measured torso, measured down to extentMaxDepth. */
  extentFromDepth: 0.15,
  extentMaxDepth: 1.1,
  /** Rows below this depth cover the hips. */
  hipRowDepth: 0.6,
  /** The garment covers the measured torso with this ease, widening each side by at most maxSideBoost. */
  extentEase: 1.04,
  maxSideBoost: 1.5,
  /**
   * Seen width / flat width of a top's product photo. Product photos of tops
   * are mostly taken on ghost mannequins or laid out as worn, already partly
   * wrapped: at WRAP_RATIO (0.8) the self-pairs (a person beside the photo of
   * the very top she wears) drew the print 1.15–1.2× its worn width and the
   * sleeves about 1.2× their worn length. The print (the panel's centre) and
   * the sleeves take the scale of this ratio; the panel's sides still reach
   * the body's chest (the cylinder at WRAP_RATIO).
   */
  photoWrap: 0.9,
  /** A sleeve's width over the panel's scale (a sleeve is cut a little narrower than it hangs). */
  sleeveAcrossOfPanel: 0.9,
  /** How far a sleeve's warp reaches from its axis, shoulder widths. */
  sleeveReachSw: 0.5,
} as const;

/** Where along a row the grid's points sit: the edges, the quarters and the centre line. */
const ROW_POINTS = [0, 0.25, 0.5, 0.75, 1] as const;

/** A flat top's landmarks at the full garment size, and its chest. */
interface FlatTop {
  shoulderR: Pt;
  shoulderL: Pt;
  armpitR: Pt;
  armpitL: Pt;
  hemR: Pt;
  hemL: Pt;
  /** Centre line x, half the chest's width and the shoulders' mean y. */
  cx: number;
  chestHalf: number;
  shoulderY: number;
}

/** The landmarks a flat top's fit reads. */
type FlatTopLandmarks = Pick<NonNullable<GarmentAnalysis['upper']>, 'shoulderR' | 'shoulderL' | 'armpitR' | 'armpitL' | 'hemR' | 'hemL' | 'chestWidth'>;

/** The landmarks scaled by k (garment px to full px), the centre line between the armpits and the chest's half width. */
export function flatTop(u: FlatTopLandmarks, k: number): FlatTop {
  const F = (p: Pt): Pt => ({ x: p.x * k, y: p.y * k });
  const armpitR = F(u.armpitR), armpitL = F(u.armpitL);
  const shoulderR = F(u.shoulderR), shoulderL = F(u.shoulderL);
  return {
    shoulderR,
    shoulderL,
    armpitR,
    armpitL,
    hemR: F(u.hemR),
    hemL: F(u.hemL),
    cx: (armpitR.x + armpitL.x) / 2,
    // (a chest hidden under sleeves hanging over the bodice is wider than the armpits' distance: garment-landmarks chestWidth)
    chestHalf: Math.max(1, (u.chestWidth !== undefined ? u.chestWidth * k : armpitL.x - armpitR.x) / 2),
    shoulderY: (shoulderR.y + shoulderL.y) / 2,
  };
}

/**
 * Output px per garment px of a top's photo where it is seen unwrapped (its
 * sleeves' length, its print at the centre line): the body's chest over the
 * photo's chest seen at UPPER_FIT.photoWrap. A dress keeps the cylinder's
 * scale (WRAP_RATIO): the self-pairs behind photoWrap are tops.
 */
export function photoScale(bodyChest: number, chestHalf: number, category: Category): number {
  return bodyChest / (2 * chestHalf * (category === 'upper' ? UPPER_FIT.photoWrap : WRAP_RATIO));
}

interface TopScales {
  /** The cylinder's scale (the panel's sides), the length's (down), the photo's own (sleeves; see UPPER_FIT.photoWrap) and the centre line's across. */
  s: number;
  sv: number;
  seen: number;
  centreScale: number;
}

/**
 * The panel's scales: `s` wraps the flat chest width around the body's chest;
 * `sv` (down) puts a top's hem where one of its proportions ends; `centreScale`
 * (across the centre line) keeps a print's aspect where it is seen face on
 * (the chest-width scale against the length's squashed logos to 0.7 of their
 * height; the sides still reach the body's edges), at most 30 % narrower than
 * the cylinder's centre (past that the sides stretch more than the centre was squeezed).
 */
function topScales(frame: BodyFrame, t: FlatTop, category: Category, floorDrop: number | null): TopScales {
  const bodyChest = frame.shoulderWidth * UPPER_FIT.chestOfShoulderWidth;
  const s = bodyChest / (2 * t.chestHalf * WRAP_RATIO);
  const seen = photoScale(bodyChest, t.chestHalf, category);
  const length = (t.hemR.y + t.hemL.y) / 2 - t.shoulderY;
  const sv = category === 'upper' ? upperLengthScale(frame, length, 2 * t.chestHalf) : dressLengthScale(frame, length, 2 * t.chestHalf, floorDrop);
  return { s, sv, seen, centreScale: Math.max(s * CENTRE_SCALE_MIN, Math.min(seen, sv)) };
}

/**
 * How far a dress's skirt may reach each side of the body's centre line.
 * The fit scales a flat product photo by its chest, and a flared skirt's
 * hem is laid out flat there, its full cloth spread out: 1.3× the chest's
 * width (1.7–1.8× the armpits' distance) on the tune half's flared dresses.
 * Worn, that cloth hangs in folds round the legs: drawn at the photo's
 * width, the skirt stood out past the hips as a tent and covered the hands
 * hanging beside them. Each side of a skirt row is held to the hips it
 * hangs from (the side's need: the hips seen or the measured torso, as
 * panelGrid widens to) and, below the hip line, a drape's slant outwards.
 */
export const SKIRT_DRAPE = {
  /**
   * Below the hip line each side may hang out by this share of the drop:
   * the tangent of a flared skirt's side from the vertical when worn, 5°
   * (an A-line's least slant). A gathered or tiered skirt falls nearly
   * straight from the hips, its fullness in folds; at 0.12 (7°) the tune
   * half's tiered midi still stood out past the hands hanging beside it.
   */
  flarePerDrop: 0.09,
} as const;

/**
 * The most a skirt row reaches out on one side (output px from the centre
 * line): the side's need (px: the hips seen or the measured torso with its
 * ease, see panelGrid), plus the drape's slant over `drop` px below the hip
 * line (none above it).
 */
export function skirtReach(need: number, drop: number): number {
  return need + SKIRT_DRAPE.flarePerDrop * Math.max(0, drop);
}

/**
 * How far the torso measured on the photo may widen a skirt row past the
 * hip joints' estimate of the hips (UPPER_FIT.hipsOfHipJoints). The measured
 * silhouette takes in whatever touches the hips: an arm hanging against
 * them, a handbag, an open coat's sides; the skirt drawn out to it stood
 * past the hips on that side and covered the hand or bag.
 */
export const SKIRT_NEED = {
  /**
   * A side's need is at most the hips' half-width from the joints × this:
   * on the tune half's dresses the need (measured torso with its ease) over
   * bare hips came to at most 1.13× it, with an arm, handbag or coat against
   * the hips 1.18–1.5× (a lone arm near the low end: the side ratio below
   * catches it).
   */
  hipAllowance: 1.15,
  /**
   * …and at most the other side's need × this: a body seen from the front is
   * near symmetric about its centre line (bare hips' needs ≤ 1.06× apart
   * side to side: the centre line's own error), with an arm or handbag
   * against one hip 1.12–1.35× apart.
   */
  sideRatio: 1.08,
} as const;

/**
 * Each side's need on a skirt row (px out from the centre line; `seen`: the
 * hips or the measured torso with its ease, whichever is wider, as panelGrid
 * measures them) held to what the hips carry: no wider than `hipHalf` (the
 * hips' half-width from the joints) × SKIRT_NEED.hipAllowance nor than the
 * other side's need × SKIRT_NEED.sideRatio, and never below `hipHalf`.
 */
export function skirtNeeds(seen: { r: number; l: number }, hipHalf: number): { r: number; l: number } {
  const cap = (other: number): number => Math.max(hipHalf, Math.min(hipHalf * SKIRT_NEED.hipAllowance, other * SKIRT_NEED.sideRatio));
  return { r: Math.min(seen.r, cap(seen.l)), l: Math.min(seen.l, cap(seen.r)) };
}

/**
 * A row's offsets across the body (negative: the person's right side, the
 * first points), each side scaled towards the centre line so that its
 * outermost point reaches no further than `reachR` / `reachL`. A point at the
 * centre line stays; points keep their order.
 */
export function narrowedRow(across: number[], reachR: number, reachL: number): number[] {
  const outR = Math.max(0, ...across.map((a) => -a)), outL = Math.max(0, ...across);
  const kR = outR > reachR ? reachR / outR : 1, kL = outL > reachL ? reachL / outL : 1;
  return across.map((a) => a * (a < 0 ? kR : kL));
}

/**
 * A dress's skirt row (offsets across the body, as narrowedRow's) held to
 * what the hips carry: each side reaches no further than its skirtReach
 * (`need`: the side's need, px; `drop`: px below the hip line) or than the
 * chest's edge would on that row (`straight`, px out from the centre line:
 * where a straight dress's side lands), whichever is further. Only the
 * cloth a flared skirt spreads past its chest's width in the flat photo is
 * drawn in; a straight or pencil dress keeps its fit.
 */
export function skirtRow(across: number[], straight: { r: number; l: number }, need: { r: number; l: number }, drop: number): number[] {
  return narrowedRow(across, Math.max(straight.r, skirtReach(need.r, drop)), Math.max(straight.l, skirtReach(need.l, drop)));
}

/**
 * The panel's grid: shoulder, armpit, waist and hem rows, five points each,
 * wrapped onto the body. Each side of each row on its own is widened to cover
 * the measured torso and, low down, the hips (one hip pushed out by a hand in
 * a pocket or a turned body widened both sides of a hem into a tent); a
 * dress's skirt rows are held to what the hips carry (SKIRT_DRAPE).
 */
function panelGrid(frame: BodyFrame, t: FlatTop, sc: TopScales, category: Category, measures?: BodyMeasures): { garment: Pt[]; body: Pt[] } {
  const U = UPPER_FIT;
  const anchor = sub(frame.shoulderMid, mul(frame.down, frame.shoulderWidth * SHOULDER_SEAM_RAISE));
  const armpitY = (t.armpitR.y + t.armpitL.y) / 2, hemY = (t.hemR.y + t.hemL.y) / 2;
  const rows: { y: number; a: number; b: number }[] = [
    { y: t.shoulderY, a: t.shoulderR.x, b: t.shoulderL.x },
    { y: armpitY, a: t.armpitR.x, b: t.armpitL.x },
    { y: (armpitY + hemY) / 2, a: lerpX(t.armpitR, t.hemR), b: lerpX(t.armpitL, t.hemL) },
    { y: hemY, a: t.hemR.x, b: t.hemL.x },
  ];
  const hipWidth = dist(frame.hipL, frame.hipR) * U.hipsOfHipJoints;
  const garment: Pt[] = [], body: Pt[] = [];
  rows.forEach((row, i) => {
    const v = row.y - t.shoulderY;
    const depth = v * sc.sv / frame.torsoLength;
    const visibleHalf = Math.max(1, (row.b - row.a) / 2) * sc.s * WRAP_RATIO;
    const measured = depth > U.extentFromDepth ? measures?.torsoExtent(Math.min(U.extentMaxDepth, depth)) ?? null : null;
    const needFor = (extent: number): number => Math.max(depth > U.hipRowDepth ? hipWidth / 2 : 0, extent * U.extentEase);
    const boostFor = (need: number): number => (need > visibleHalf ? Math.min(U.maxSideBoost, need / visibleHalf) : 1);
    const skirt = category === 'dress' && i >= 2 && depth > U.hipRowDepth;
    const seen = { r: needFor(measured?.right ?? 0), l: needFor(measured?.left ?? 0) };
    const { r: needR, l: needL } = skirt ? skirtNeeds(seen, hipWidth / 2) : seen;
    const xs = ROW_POINTS.map((f) => row.a + (row.b - row.a) * f);
    const acrossOf = (u: number, side: 'r' | 'l'): number => wrapAcross(u, sc.s, t.chestHalf, boostFor(side === 'r' ? needR : needL), sc.centreScale);
    const wrapped = xs.map((x, j) => acrossOf(x - t.cx, ROW_POINTS[j]! < 0.5 ? 'r' : 'l'));
    // (a dress's skirt rows, below the armpits and over the hips; a side no wider than the chest lands as it did)
    const straight = { r: -acrossOf(-t.chestHalf, 'r'), l: acrossOf(t.chestHalf, 'l') };
    const across = skirt ? skirtRow(wrapped, straight, { r: needR, l: needL }, (depth - 1) * frame.torsoLength) : wrapped;
    const centre = alongCentre(frame, anchor, v * sc.sv);
    xs.forEach((x, j) => {
      garment.push({ x, y: row.y });
      body.push(add(centre, mul(frame.across, across[j]!)));
    });
  });
  return { garment, body };
}

/**
 * One sleeve's fit. It pivots about the shoulder seam point: the garment's
 * shoulder→cuff line is laid along the arm (seam → elbow → wrist), so the
 * sleeve hangs with the arm instead of standing out at the flat-lay angle.
 */
function sleeveFit(person: PersonAnalysis, frame: BodyFrame, g: GarmentAnalysis, side: 'left' | 'right', pivot: { garment: Pt; body: Pt }, sc: Pick<TopScales, 's' | 'seen'>, measures?: BodyMeasures): LimbFit | null {
  // (along the arm the photo's own scale, across it the cylinder's: a sleeve is a tube wrapped like the body)
  const s = sc.s;
  const sl = side === 'left' ? g.upper?.sleeveL : g.upper?.sleeveR;
  if (!sl) return null;
  const k = 1 / g.scale;
  const end = { x: sl.end.x * k, y: sl.end.y * k };
  const m = matchAlong(pivot.garment, end, [pivot.body, ...limbPoly(person, [`${side}Elbow`, `${side}Wrist`])], sc.seen);
  // A sleeve at least as wide as the arm in it: a fitted sleeve at the panel's
  // scale left a band of the person's arm showing along it, and skin between it
  // and the body; by at most SLEEVE_WIDEN_MAX: a sleeve photographed against the
  // body is a sliver of the silhouette, and stretched over the arm it smeared.
  let acrossScale = 1 / (s * UPPER_FIT.sleeveAcrossOfPanel);
  const armHalf = measures?.armHalfWidth(side);
  const sleeveHalf = chordHalfWidth(sl.mask, sl.root, sl.end, 0.5) * k;
  if (armHalf && sleeveHalf > 0) acrossScale = Math.max(acrossScale / SLEEVE_WIDEN_MAX, Math.min(acrossScale, sleeveHalf / (armHalf * SLEEVE_EASE)));
  // The axis runs from the seam's top to the cuff: a hanging sleeve's cloth
  // lies mostly outside it, so laid on the arm's axis the sleeve sat off the
  // arm, a sliver of the arm showing inside it. Past the seam the body axis is
  // moved so the sleeve's own centre line runs down the arm.
  const centre = chordCentreOffset(sl.mask, { x: pivot.garment.x * g.scale, y: pivot.garment.y * g.scale }, sl.end, 0.6) * k / acrossScale;
  const shift = Math.max(-frame.shoulderWidth * SLEEVE_SHIFT_MAX_SW, Math.min(frame.shoulderWidth * SLEEVE_SHIFT_MAX_SW, centre));
  const merged = mergeShortSegments(m.body, polyLength(m.body) * SLEEVE_SEGMENT_MIN);
  const body = shift !== 0 ? shiftAxis(merged, -shift) : merged;
  const garment = layAlong(body, m.garment[0]!, m.garment[m.garment.length - 1]!);
  // (the cuff drawn straight across the arm, however the flat-lay's edge lies)
  const cuff = cuffLine(sl.mask, k, garment[0]!, garment[garment.length - 1]!) ?? undefined;
  const outward = sleeveOutward(sl.mask, { x: pivot.garment.x * g.scale, y: pivot.garment.y * g.scale }, sl.end, 0.5, body, frame) * k;
  const reach = outward > 0 ? measures?.armOuterReach?.(body) : null;
  const cover = reach ? coverArmOutside(acrossScale, 1 / (s * UPPER_FIT.sleeveAcrossOfPanel), outward, reach + frame.shoulderWidth * SLEEVE_COVER.marginSw) : acrossScale;
  // (the cap only where the sleeve below it was widened to the arm: unmeasured there, the arm runs off the sleeve's axis)
  const cap = reach ? sleeveCapFactors(sl.mask, g.scale, { body, garment }, frame, { acrossScale: cover, armReach: reach }, measures) : [];
  const warp = widenedCap({ body, garment, acrossScale: cover, cuff }, cap);
  return { warp, part: side === 'left' ? 'sleeveL' : 'sleeveR', reach: frame.shoulderWidth * UPPER_FIT.sleeveReachSw };
}

/**
 * A sleeve's cap widened to the arm's round below the shoulder seam. The
 * sleeve's axis starts at the seam's top, and the flat-lay's cloth beside it
 * starts as a wedge there (the seam runs down and in from that point), while
 * the arm below the shoulder is about as round as further down: widened for
 * the arm halfway down (coverArmOutside), the cap still left a sliver of the
 * bare arm or the old sleeve outside it, from the seam a tenth of the way to
 * the elbow. Measured at SLEEVE_CAP's points on the first stretch (seam →
 * elbow) and widened there alone (LimbWarp.acrossTaper).
 */
const SLEEVE_CAP = {
  /**
   * Where the cap is measured: shares of the sleeve's first stretch, where
   * the wedge is narrowest. Further down (0.14–0.2 measured) the arm's run
   * reached the panel's armhole, which already covers it, and a cap widened
   * for it bulged out over the shoulder's line.
   */
  along: [0.03, 0.08],
  /** Share of the first stretch by which the widening has eased back to the sleeve's own scale (past along's last). */
  easeEnd: 0.15,
  /**
   * acrossScale's least factor: the cap widened at most twice. Where the arm
   * lies further out than that, the cap's cloth is no wedge beside the arm's
   * round (the arm runs out from the sleeve's axis, or the panel's shoulder
   * covers it): stretched for it, it stood out in a square shoulder or a
   * horn, so that point is left as it was.
   */
  minFactor: 0.5,
} as const;

/** acrossScale's factors for the cap (capFactors), from the flat-lay's cloth and the arm's runs; none where nothing is measured. */
function sleeveCapFactors(mask: Mask, scale: number, axes: { body: Pt[]; garment: Pt[] }, frame: BodyFrame, reach: { acrossScale: number; armReach: number }, measures?: BodyMeasures): number[] {
  const { acrossScale, armReach } = reach;
  const { body, garment } = axes;
  const runs = body.length >= 2 ? measures?.armOuterRuns?.([body[0]!, body[1]!], SLEEVE_CAP.along) : undefined;
  if (!runs) return [];
  const a = mul(garment[0]!, scale), b = mul(garment[1]!, scale);
  const outAt = (t: number): number => Math.max(0, sleeveOutward(mask, a, b, t, body, frame)) / scale;
  const outward = SLEEVE_CAP.along.map(outAt);
  // (no further out than the sleeve's own cloth below the cap: an arm running
  // out from the sleeve's axis is not covered below either, and a cap widened
  // for it stood out as a horn)
  const below = outAt(SLEEVE_CAP.easeEnd) / acrossScale;
  // (a run further out than the arm's reach lower down (`armReach`) is the shoulder's or the old top's width, not the arm's round)
  const margin = frame.shoulderWidth * SLEEVE_COVER.marginSw;
  return capFactors(outward, runs.map((r) => (r === null || r > armReach ? null : Math.min(below, r + margin))), acrossScale);
}

/**
 * acrossScale's factor at each of SLEEVE_CAP.along so the cap's cloth,
 * `outward` garment px outside its axis there, reaches `need` output px out;
 * 1 where the cloth already reaches, nothing was measured, or it would need
 * less than SLEEVE_CAP.minFactor, and 1 below any such point.
 */
export function capFactors(outward: readonly number[], need: readonly (number | null)[], acrossScale: number): number[] {
  const each = SLEEVE_CAP.along.map((_, i) => {
    const n = need[i];
    if (n === null || n === undefined || n <= 0) return 1;
    const f = (outward[i] ?? 0) / (acrossScale * n);
    return f < SLEEVE_CAP.minFactor ? 1 : Math.min(1, f);
  });
  // (widened only from the seam down without a break: below a point left as it was, a widened one bulged out in a kink of the shoulder's line)
  const first = each.findIndex((f) => f >= 1);
  return first < 0 ? each : each.map((f, i) => (i < first ? f : 1));
}

/**
 * The warp with its first stretch split at SLEEVE_CAP.along and
 * SLEEVE_CAP.easeEnd, acrossScale scaled there by `factors`, 1 at the seam
 * (above it lies the panel's shoulder; stretched there the cap's tip stood
 * out as a horn) and back to 1 at easeEnd: one factor eased linearly from
 * the seam widened the cap's middle, where the wedge is already wider, past
 * the arm into a shoulder pad. The splits join straight pieces, so the nearer one's
 * mapping is continuous and they are not blended (LimbWarp.unblended).
 * Unchanged where every factor is 1.
 */
export function widenedCap(w: LimbWarp, factors: readonly number[]): LimbWarp {
  if (factors.every((f) => f >= 1) || w.body.length < 2 || w.garment.length !== w.body.length) return w;
  const at = [...SLEEVE_CAP.along, SLEEVE_CAP.easeEnd];
  const split = (p: Pt[]): Pt[] => [p[0]!, ...at.map((t) => lerp(p[0]!, p[1]!, t)), ...p.slice(1)];
  const body = split(w.body), garment = split(w.garment);
  const taper = [1, ...factors, ...body.slice(at.length).map(() => 1)];
  return { ...w, body, garment, acrossTaper: taper, unblended: at.map((_, i) => i + 1) };
}

/** A sleeve widened to cover the arm's outer side (coverArmOutside). */
const SLEEVE_COVER = {
  /** How far the sleeve's cloth reaches past the arm's outer edge, shoulder widths: the edge's soft px and a little ease. */
  marginSw: 0.015,
  /** Most it is widened, over the panel's scale (SLEEVE_WIDEN_MAX widens for the arm's width alone). */
  widenMax: 1.6,
} as const;

/**
 * How far a sleeve's cloth reaches outwards (away from the body) from the
 * garment's axis `a` → `b` (analysis px) at share `t` of the way down,
 * analysis px, with `body` its axis on the person; 0 where the axis is off
 * the cloth. Negative where the cloth there lies wholly inside the axis.
 */
function sleeveOutward(mask: Mask, a: Pt, b: Pt, t: number, body: Pt[], frame: BodyFrame): number {
  const run = chordAcross(mask, a, b, t);
  if (!run || body.length < 2) return 0;
  // (the warp keeps the side of the axis: the garment's normal (−dy, dx) is the body's)
  return leftNormalAway(norm(sub(body[1]!, body[0]!)), body[0]!, frame) ? run.hi : -run.lo;
}

/**
 * A sleeve's acrossScale (garment px per output px) so its cloth, `outward`
 * garment px outside its axis, reaches `need` output px out: the arm's outer
 * side, measured from the sleeve's own axis (armOuterReach). Widened for the
 * arm's width about the arm's joints (SLEEVE_EASE), a sleeve whose cloth
 * lies more inside its axis than out, or whose axis from the shoulder seam
 * runs inside the arm's, still ended inside the arm's outline: the old
 * sleeve or the bare arm showed as a strip down its outer side. Never
 * narrower than `acrossScale`, never wider than SLEEVE_COVER.widenMax ×
 * the panel's scale (`base`).
 */
export function coverArmOutside(acrossScale: number, base: number, outward: number, need: number): number {
  return Math.max(Math.min(acrossScale, base / SLEEVE_COVER.widenMax), Math.min(acrossScale, outward / need));
}

/**
 * Each side of the garment is widened to cover the measured torso (plus-size
 * bodies, loose old tops) and its shoulders raised to the silhouette's.
 */
export function fitUpper(person: PersonAnalysis, frame: BodyFrame, g: GarmentAnalysis, category: Category, measures?: BodyMeasures): GarmentFit | null {
  const u = g.upper;
  if (!u) return null;
  if (g.wearer) return fitWorn(person, frame, g, category);
  const top = flatTop(u, 1 / g.scale);
  const scales = topScales(frame, top, category, category === 'dress' ? seamToFloor(frame, hemFloor(person, frame)) : null);
  const grid = panelGrid(frame, top, scales, category, measures);
  // A sleeved top's seams go out and up to the shoulder's outline; a sleeveless
  // top's or dress's straps keep their place across but go up over the shoulder
  // as a seam does: left at the joints' raise they ended on the shoulder's side,
  // and the dress read as a strapless tube with skin made over the shoulders above it.
  const body = !measures ? grid.body : u.sleeveL || u.sleeveR ? raisedShoulders(person, frame, grid.body, measures) : raisedStraps(frame, grid.body, measures);
  const limbs = [
    sleeveFit(person, frame, g, 'left', { garment: top.shoulderL, body: body[4]! }, scales, measures),
    sleeveFit(person, frame, g, 'right', { garment: top.shoulderR, body: body[0]! }, scales, measures),
  ].filter((l): l is LimbFit => l !== null);
  return { category, panel: { garment: grid.garment, body, part: 'panel' }, limbs, scale: scales.s, sleeveGapPx: frame.shoulderWidth * SLEEVE_GAP_SW };
}

/**
 * The shoulder seams go out and up to the body's own shoulder outline
 * (shoulder-seams.ts): below it or inside its corner, the old top's shoulders
 * were filled with skin above the new one's and the deltoid showed bare beside
 * the sleeve. The shoulder row's ends (indices 0 and 4 of the grid) move; their
 * inner neighbours go as far up where their own column's outline allows
 * (shoulder-seams.ts innerOnOutline) and half as far out, the armpit row's
 * ends out by ARMPIT_FOLLOWS_SEAM; the sleeves pivot on the moved ends.
 * Returns the moved grid.
 */
function raisedShoulders(person: PersonAnalysis, frame: BodyFrame, grid: Pt[], measures: BodyMeasures): Pt[] {
  const bodyPts = [...grid];
  const toLeft: 1 | -1 = frame.across.x >= 0 ? 1 : -1;
  for (const [side, end, inner, armpit] of [['right', 0, 1, 5], ['left', 4, 3, 9]] as const) {
    const joint = side === 'right' ? frame.shoulderR : frame.shoulderL;
    const elbow = person.keypoints[`${side}Elbow`];
    const out: 1 | -1 = side === 'left' ? toLeft : toLeft === 1 ? -1 : 1;
    const seam = seamOnOutline(bodyPts[end]!, { joint, elbow, out }, frame.shoulderWidth, measures.silhouetteTop);
    const move = sub(seam, bodyPts[end]!);
    bodyPts[end] = seam;
    const innerX = bodyPts[inner]!.x + move.x / 2;
    bodyPts[inner] = { x: innerX, y: innerOnOutline({ x: innerX, y: bodyPts[inner]!.y }, -move.y, frame.shoulderWidth, measures.silhouetteTop) };
    bodyPts[armpit] = add(bodyPts[armpit]!, { x: move.x * ARMPIT_FOLLOWS_SEAM, y: 0 });
  }
  return bodyPts;
}

/**
 * A sleeveless garment's strap tops (the shoulder row's ends, indices 0 and 4)
 * go up to the body's own shoulder line over each joint where it is higher
 * than the fixed raise put them, by at most SHOULDER_SEAM.liftMaxSw; their
 * inner neighbours half as far. Across they stay where the cut puts them
 * (a cami's straps lie inside the shoulders). Returns the moved grid.
 */
function raisedStraps(frame: BodyFrame, grid: Pt[], measures: BodyMeasures): Pt[] {
  const bodyPts = [...grid];
  const sw = frame.shoulderWidth;
  for (const [joint, end, inner] of [[frame.shoulderR, 0, 1], [frame.shoulderL, 4, 3]] as const) {
    const top = measures.silhouetteTop(joint.x, joint.y - sw * SHOULDER_SEAM.searchAboveSw, joint.y);
    if (top == null) continue;
    const lift = Math.max(0, Math.min(sw * SHOULDER_SEAM.liftMaxSw, bodyPts[end]!.y - (top + sw * SHOULDER_SEAM.belowOutlineSw)));
    if (lift <= 0) continue;
    bodyPts[end] = sub(bodyPts[end]!, mul(frame.down, lift));
    bodyPts[inner] = sub(bodyPts[inner]!, mul(frame.down, lift * 0.5));
  }
  return bodyPts;
}

/**
 * Vertical scale of a top: its hem lands where a garment of its proportions
 * ends on this body. The chest width's scale (`s`) made a T-shirt reach mid-thigh
 * (hem 2.8 shoulder widths below the shoulders on a thigh-up photo): product photos are
 * mostly on ghost mannequins (the width is already wrapped) and tops are cut
 * with ease. The drop is the garment's length / armpit width times the body's
 * shoulder-joint distance, clamped between the waist and mid-thigh. Hip
 * keypoints are not used: on the thigh-up fixtures BlazePose put them at the
 * navel, while shoulders were reliable everywhere.
 */
export function upperLengthScale(frame: BodyFrame, garmentLength: number, garmentChest: number): number {
  const ratio = garmentLength / Math.max(1, garmentChest);
  const drop = frame.shoulderWidth * Math.max(HEM_DROP_MIN_SW, Math.min(HEM_DROP_MAX_SW, ratio * HEM_PER_RATIO_SW));
  return drop / Math.max(1, garmentLength);
}

/**
 * Vertical scale of a dress: its hem DRESS_HEM_DROP_MIN_SW or its
 * proportion's drop below the seam line (see DRESS_HEM_DROP_MIN_SW), shortened
 * towards `floorDrop` (the hem floor's distance below the seam line, full px;
 * null: no floor in the frame) by at most FLOOR_SQUASH_MIN (the rest is cut there).
 */
export function dressLengthScale(frame: BodyFrame, garmentLength: number, garmentChest: number, floorDrop: number | null): number {
  const ratio = garmentLength / Math.max(1, garmentChest);
  const own = frame.shoulderWidth * Math.max(DRESS_HEM_DROP_MIN_SW, ratio * HEM_PER_RATIO_SW);
  const drop = floorDrop !== null && floorDrop > 0 ? Math.max(own * FLOOR_SQUASH_MIN, Math.min(own, floorDrop)) : own;
  return drop / Math.max(1, garmentLength);
}

/** The hem floor's distance below the shoulder seam line along the body (full px), or null. */
function seamToFloor(frame: BodyFrame, floorY: number | null): number | null {
  if (floorY === null || frame.down.y <= 0.5) return null;
  const anchorY = frame.shoulderMid.y - frame.down.y * frame.shoulderWidth * SHOULDER_SEAM_RAISE;
  return (floorY - anchorY) / frame.down.y;
}

/**
 * A vertical scale that keeps a hem `length` garment px below `startY` (full
 * px) above `floorY`: `s`, or less where the hem would pass the floor, at
 * most by FLOOR_SQUASH_MIN (the rest is cut at the floor).
 */
export function cappedScale(s: number, startY: number, down: Pt, length: number, floorY: number | null): number {
  if (floorY === null || down.y <= 0.5 || length <= 0) return s;
  const reach = (floorY - startY) / down.y;
  return reach > 0 && length * s > reach ? Math.max(s * FLOOR_SQUASH_MIN, reach / length) : s;
}

/** Midway between two edge points, x only (a row between the armpit and hem rows). */
function lerpX(a: Pt, b: Pt): number {
  return (a.x + b.x) / 2;
}

/** A point on the body's centre line, `d` px below the anchor, bending from shoulders to hips. */
function alongCentre(frame: BodyFrame, anchor: Pt, d: number): Pt {
  return add(anchor, mul(frame.down, d));
}

/**
 * The frame for lower garments. On thigh-up photos (no knee in the frame)
 * BlazePose put the hip joints at the navel (0.9 shoulder widths below the
 * shoulders), which lifted the waistband and squeezed the seat;
 * on full-body fixtures the hips sat 1.5–1.6 shoulder widths down. There the
 * hips are moved down to at least HIP_DROP_SW shoulder widths.
 */
function lowerFrame(person: PersonAnalysis, frame: BodyFrame): BodyFrame {
  if (hasLegsInFrame(person)) return frame;
  const drop = dist(frame.shoulderMid, frame.hipMid);
  const want = frame.shoulderWidth * HIP_DROP_SW;
  if (want <= drop) return frame;
  const shift = mul(frame.down, want - drop);
  return { ...frame, hipL: add(frame.hipL, shift), hipR: add(frame.hipR, shift), hipMid: add(frame.hipMid, shift), torsoLength: Math.max(frame.torsoLength, want) };
}

/** Body proportions of a lower garment's fit, as multiples of the named body measure. */
const LOWER_FIT = {
  /** The visible waist ≈ 1.7 hip-joint distances (the pelvis is wider than the joints). */
  waistOfHipJoints: 1.7,
  /** The crotch lies 0.05–0.45 torso lengths below the hip line, where the garment's own rise puts it. */
  crotchBelowHipsTl: [0.05, 0.45],
  /** The seat's hip points: at this share of the crotch's depth, at least this many hip-joint distances out. */
  seatHipDepth: 0.9,
  seatHipOfJoints: 0.95,
  /** A leg's width over the panel's scale. */
  legAcrossOfPanel: 0.9,
  /** How far a leg's warp reaches from its axis, shoulder widths. */
  legReachSw: 0.55,
  /** A leg running off the frame is lengthened by this much more than it lacks. */
  croppedLegExtra: 1.1,
  /** A skirt's hip row, as a share of the waist-to-hem length. */
  skirtHipRow: 0.3,
  /** A skirt covers hips ≈ 1.9 hip-joint distances wide, widened by at most maxSkirtBoost. */
  skirtHipsOfJoints: 1.9,
  maxSkirtBoost: 1.4,
  /**
   * A top's hem at most this many torso lengths above the waistband: the band
   * is raised to tuck under it. Left between them, the sliver showed the old
   * garment's band (light trousers and skirts the parse reads as skin) or the
   * old skirt under a cardigan's ribbing (0–0.13 on the fixtures); a cropped
   * top's midriff lies further up.
   */
  tuckUnderTopTl: 0.15,
  /** How far the band goes up under the top's hem, torso lengths. */
  tuckOverlapTl: 0.04,
} as const;

/** A flat lower garment at the full garment size, its wrap scale and where its waist lands on the body. */
interface LowerPlacement {
  /** A leg's width over `s`: shorts' (lower-landmarks.ts SHORTS) or a trouser leg's. */
  legAcross: number;
  frame: BodyFrame;
  F: (p: Pt) => Pt;
  /** Full garment px per analysis px (F's factor). */
  k: number;
  waistR: Pt;
  waistL: Pt;
  cx: number;
  waistHalf: number;
  hipDist: number;
  s: number;
  waistMid: Pt;
}

/**
 * Where the waistband lands: WAIST_ABOVE_HIP torso lengths above the hips.
 * Where the hips were moved down (lowerFrame) the old lower garment's top
 * (`oldTopY`) keeps it from dropping below it (a high-waisted skirt otherwise
 * showed between top and trousers), never above where the keypoint hips put it.
 */
function lowerPlacement(person: PersonAnalysis, fullFrame: BodyFrame, g: GarmentAnalysis, l: NonNullable<GarmentAnalysis['lower']>, oldTopY?: number | null, topHemY?: number | null): LowerPlacement {
  const frame = lowerFrame(person, fullFrame);
  const k = 1 / g.scale;
  const F = (p: Pt): Pt => ({ x: p.x * k, y: p.y * k });
  const waistR = F(l.waistR), waistL = F(l.waistL);
  const waistHalf = Math.max(1, (waistL.x - waistR.x) / 2);
  const hipDist = dist(frame.hipL, frame.hipR);
  const s = (hipDist * LOWER_FIT.waistOfHipJoints) / (2 * waistHalf * WRAP_RATIO);
  let waistMid = sub(frame.hipMid, mul(frame.down, frame.torsoLength * WAIST_ABOVE_HIP));
  if (oldTopY != null && frame.down.y > 0.5) {
    // never above where the keypoint hips put it (moved hips) or WAIST_LIFT_MAX_TL above the usual waist
    const highest =
      frame !== fullFrame ? fullFrame.hipMid.y - fullFrame.torsoLength * WAIST_ABOVE_HIP * fullFrame.down.y : waistMid.y - frame.torsoLength * WAIST_LIFT_MAX_TL * frame.down.y;
    const lift = waistMid.y - Math.max(highest, oldTopY);
    if (lift > 0) waistMid = sub(waistMid, mul(frame.down, lift / frame.down.y));
  }
  waistMid = tuckedUnderTop(frame, waistMid, topHemY);
  return { frame, F, k, waistR, waistL, cx: (waistR.x + waistL.x) / 2, waistHalf, hipDist, s, waistMid, legAcross: isShorts(l) ? SHORTS.legAcrossOfPanel : LOWER_FIT.legAcrossOfPanel };
}

/**
 * The waist's centre raised to tuck under the top's hem (`topHemY`, full px)
 * where that lies a little above it (LOWER_FIT.tuckUnderTopTl), else as it was.
 */
export function tuckedUnderTop(frame: BodyFrame, waistMid: Pt, topHemY?: number | null): Pt {
  if (topHemY == null || frame.down.y <= 0.5) return waistMid;
  const gap = (waistMid.y - topHemY) / frame.down.y;
  const lift = gap + frame.torsoLength * LOWER_FIT.tuckOverlapTl;
  // (a band already under the hem by the overlap or more stays)
  if (lift <= 0 || gap > frame.torsoLength * LOWER_FIT.tuckUnderTopTl) return waistMid;
  return sub(waistMid, mul(frame.down, lift));
}

/**
 * The crotch's depth below the waist: where the garment's own rise puts it,
 * clamped to a plausible band below the hip joints (a fixed offset squeezed a
 * 300 px rise into 60 px).
 */
function crotchDepth(p: LowerPlacement, crotch: Pt): number {
  const rise = (p.F(crotch).y - p.waistR.y) * p.s;
  const waistToHip = dist(p.waistMid, p.frame.hipMid);
  const [lo, hi] = LOWER_FIT.crotchBelowHipsTl;
  return Math.max(waistToHip + p.frame.torsoLength * lo, Math.min(waistToHip + p.frame.torsoLength * hi, rise));
}

/**
 * One trouser leg: waist point → crotch → knee → ankle. Guessed joints lie
 * below the frame: the leg keeps the seat's scale and runs off the image
 * (cropped) instead of being squeezed into the visible part.
 */
function trouserLegFit(person: PersonAnalysis, p: LowerPlacement, leg: { axis: Pt[]; mask: Mask }, side: 'left' | 'right', depth: number, hems?: HemRows | null): LimbFit {
  const { frame, s } = p;
  const [gw, gcBent, ge] = leg.axis.map(p.F) as [Pt, Pt, Pt];
  const waistPt = add(p.waistMid, mul(frame.across, (side === 'left' ? 1 : -1) * p.hipDist * 0.5));
  const joints = legJoints(person, frame, side);
  // (the leg is one straight tube from the waist to the knee, on the body and on the garment: see pointAtDepth)
  const gc = pointAtDepth(gw, ge, DOWN, gcBent.y - gw.y);
  const toAnkle = [pointAtDepth(waistPt, joints.knee, frame.down, depth), joints.knee, joints.ankle];
  const legPoly = [toAnkle[0]!, joints.knee, legEnd(joints, hems?.[side] ?? null, hems?.floor ?? null)];
  const short = dist(gc, ge) * s - polyLength(legPoly);
  if (joints.guessed && short > 0) legPoly[2] = add(joints.ankle, mul(norm(sub(joints.ankle, joints.knee)), short * LOWER_FIT.croppedLegExtra));
  // a full-length leg (reaching the ankle, as matchAlong snaps) is stretched on to the old hem below it
  const full = !joints.guessed && legPoly[2] !== joints.ankle && dist(gc, ge) * s >= polyLength(toAnkle) * (1 - SNAP_FRACTION);
  // a leg longer than the person's keeps its own hem at the ankle, the shin giving way (keptHem)
  // (placed so that the hem's centre, not its lowest corner, rests on the hem row: see hemDip)
  const dip = hemDip(leg.mask, leg.axis[leg.axis.length - 1]!, (dist(gc, ge) / p.k) * LONG_LEG.hemDipMax) * p.k;
  const row = hems?.[side]?.y ?? hems?.floor ?? null;
  const kept = joints.guessed ? null : keptHem([legPoly[0]!, legPoly[1]!, onHemRow(joints, legPoly[2]!, row === null ? null : row + dip * s * FLOOR_SQUASH_MIN)], gc, ge, s);
  // (one it cannot lay so runs on past the hem and is cut there, see pastTheHem)
  if (!joints.guessed && !kept) legPoly[2] = pastTheHem(legPoly, dist(gc, ge) * s);
  const m = kept ?? matchAlong(gc, ge, legPoly, full ? Math.max(s, polyLength(legPoly) / Math.max(1, dist(gc, ge))) : s);
  return {
    warp: { body: [waistPt, ...m.body], garment: [gw, ...m.garment], acrossScale: 1 / (s * LOWER_FIT.legAcrossOfPanel), acrossTaper: legTaper(p.legAcross, m.body.length), unblended: kept?.unblended.map((i) => i + 1) },
    part: side === 'left' ? 'legL' : 'legR',
    reach: frame.shoulderWidth * LOWER_FIT.legReachSw,
  };
}

/**
 * A leg's acrossScale factors at its body points (waist point, then `n`
 * from the crotch's depth down): a trouser leg keeps its width (undefined);
 * a shorts leg (`across` SHORTS.legAcrossOfPanel) is a trouser leg's width
 * at the waist, as the seat drawn there, and its thigh's from the crotch's
 * depth down. Narrowed up to the waist too, each leg's half of the fly and
 * button landed apart from the other's: two flies, two buttons.
 */
export function legTaper(across: number, n: number): number[] | undefined {
  if (across === LOWER_FIT.legAcrossOfPanel) return undefined;
  return [1, ...Array.from({ length: n }, () => LOWER_FIT.legAcrossOfPanel / across)];
}

/**
 * The leg's end moved on along the shin so that a leg `length` px long (at
 * the seat's scale) is squeezed by no more than FLOOR_SQUASH_MIN to reach it;
 * the end as it was when it does already. Squeezed to end at the ankle, a
 * leg twice the body's length drew its print at half its height, the legs
 * ballooning out as wide as ever; past the hem it is cut there (pipeline.ts),
 * as a long hem breaks on the shoe.
 */
export function pastTheHem(legPoly: Pt[], length: number): Pt {
  const end = legPoly[legPoly.length - 1]!, before = legPoly[legPoly.length - 2]!;
  const lack = length * FLOOR_SQUASH_MIN - polyLength(legPoly);
  return lack > 0 ? add(end, mul(norm(sub(end, before)), lack)) : end;
}

/**
 * How a trouser leg longer than the person's leg (at FLOOR_SQUASH_MIN of the
 * seat's scale) is laid on it (keptHem). Cut at the ankle it lost its own hem
 * (a contrasting cuff, a turn-up, a flare's widening) and ended as a straight
 * block; its hem is what tells trousers from a skirt at a glance, and the
 * shin between knee and hem is the plainest stretch of a leg (the print
 * repeats, denim is uniform), so the shin gives way instead.
 */
const LONG_LEG = {
  /** The hem kept whole: this share of the garment leg's length from the crotch's depth down (a cuff ~0.1, a flare's widening ~0.3). */
  hemShare: 0.2,
  /** The kept hem covers at most this share of the person's shin (knee to leg end): a shin left at least half as long as it is. */
  hemOfShinMax: 0.5,
  /**
   * Least along scale of the shin, as a share of the thigh's: the shin
   * reads as cloth bunched above the hem, as a long leg gathers on the shoe;
   * at 0.45 a busy print crumpled into streaks below the knee, at 0.6 the
   * thigh's print was squashed nearly as much. Below it (a leg twice the
   * person's) the thigh is squashed more too, down to squashMin; the hem
   * keeps FLOOR_SQUASH_MIN. Cutting the rest of the shin's cloth out
   * instead left a seam across the print and a step in the leg's outline.
   */
  shinOfThighMin: 0.5,
  /** Least along scale of the thigh, as a share of the seat's scale (FLOOR_SQUASH_MIN is the first try). */
  squashMin: 0.65,
  /** Steps of the thigh's scale tried from FLOOR_SQUASH_MIN down to squashMin. */
  squashSteps: 5,
  /**
   * How far below the knee the thigh's scale runs on, as a share of the shin:
   * the squeeze starts on the straight shin. Changed at the bent knee, the
   * joint's blend of two stretches swirled the print there.
   */
  kneeRunOfShin: 0.15,
  /** Deepest hem dip followed (lower-landmarks.ts hemDip), as a share of the leg's length: a cuff's slant is 1–3 %. */
  hemDipMax: 0.06,
} as const;

/**
 * A leg from the crotch's depth (garment `gc` → hem centre `ge`, garment
 * px; `s` output px per garment px) laid on the person's `legPoly` (crotch's
 * depth, knee, leg end) where it is longer than the leg at FLOOR_SQUASH_MIN
 * of `s`: the garment's hem (LONG_LEG.hemShare of it) keeps that scale and
 * ends at the leg's end, the thigh keeps it too or is squashed as far as
 * LONG_LEG.squashMin, and the shin between them takes what is left. Null for a leg that fits (matchAlong lays it) or a body leg
 * without a shin.
 */
export function keptHem(legPoly: Pt[], gc: Pt, ge: Pt, s: number): { garment: Pt[]; body: Pt[]; unblended: number[] } | null {
  const L = dist(gc, ge);
  const [top, knee, end] = legPoly as [Pt, Pt, Pt];
  const thigh = dist(top, knee), shin = dist(knee, end);
  if (L * s * FLOOR_SQUASH_MIN <= thigh + shin || shin <= 0 || thigh <= 0) return null;
  // the hem keeps FLOOR_SQUASH_MIN of the seat's scale: it is what is kept
  const h = s * FLOOR_SQUASH_MIN;
  const hemG = Math.min(L * LONG_LEG.hemShare, (shin * LONG_LEG.hemOfShinMax) / h);
  const shinB = shin - hemG * h;
  // the thigh's scale runs on a little below the knee: the stretch changes on the straight shin, not at the bent joint
  const run = Math.min(shin * LONG_LEG.kneeRunOfShin, shinB / 2);
  let a = 0;
  for (let k = 0; k <= LONG_LEG.squashSteps; k++) {
    // the thigh's scale, from FLOOR_SQUASH_MIN of the seat's down to LONG_LEG.squashMin
    const t = s * (FLOOR_SQUASH_MIN - ((FLOOR_SQUASH_MIN - LONG_LEG.squashMin) * k) / LONG_LEG.squashSteps);
    const squeezedG = L - (thigh + run) / t - hemG;
    if (squeezedG <= 0) break;
    a = t;
    if (shinB - run >= squeezedG * t * LONG_LEG.shinOfThighMin) break;
  }
  if (a === 0) return null;
  const dir = norm(sub(ge, gc)), down = norm(sub(end, knee));
  const gKnee = add(gc, mul(dir, thigh / a));
  // (the stretch changes at the squeezed shin's ends, straight joints left unblended: limb-warp.ts LimbWarp.unblended)
  return {
    garment: [gc, gKnee, add(gKnee, mul(dir, run / a)), sub(ge, mul(dir, hemG)), ge],
    body: [top, knee, add(knee, mul(down, run)), sub(end, mul(down, hemG * h)), end],
    unblended: [2, 3],
  };
}

/** Straight down in garment px. */
const DOWN: Pt = { x: 0, y: 1 };

/**
 * The point `depth` px below `from` (along `down`) on the line from `from`
 * towards `to`; straight down when `to` lies no lower than that. A trouser
 * leg's axis went straight down from its waist point to the crotch's depth
 * and turned there towards the knee (and the garment's axis turned at its
 * crotch row's centre): the warp bent the leg's sides at that joint, a bulge
 * at the hips over a waisted side; a leg hangs as one straight tube from the
 * hip to the knee.
 */
export function pointAtDepth(from: Pt, to: Pt, down: Pt, depth: number): Pt {
  const reach = (to.x - from.x) * down.x + (to.y - from.y) * down.y;
  if (reach <= depth || reach <= 0) return add(from, mul(down, depth));
  return lerp(from, to, depth / reach);
}

/**
 * Where a full-length leg ends: at the ankle, or, where the old trousers
 * covered it and broke on the shoe below the common floor (`hem`, full px,
 * hem-reach.ts), on along the shin down to that row: a leg that reaches the
 * ankle (matchAlong's snap) reaches the old hem.
 */
function legEnd(joints: { knee: Pt; ankle: Pt; guessed: boolean }, hem: { y: number } | null, floor: number | null): Pt {
  if (joints.guessed || !hem || floor === null || hem.y <= floor) return joints.ankle;
  const dir = norm(sub(joints.ankle, joints.knee));
  if (dir.y <= 0.5) return joints.ankle;
  return add(joints.ankle, mul(dir, (hem.y - joints.ankle.y) / dir.y));
}

/**
 * A long leg's end moved on along the shin down to its hem row (`row`, full
 * px: the floor just below the ankle, or the old hem's, hem-reach.ts), where
 * the hem rests on the shoe: ended at the ankle row, the old trousers' leg
 * or the bare ankle showed between the new hem and the shoe. `end` as it
 * was where it lies that low already or the shin is not upright.
 */
export function onHemRow(joints: { knee: Pt }, end: Pt, row: number | null): Pt {
  const dir = norm(sub(end, joints.knee));
  if (row === null || row <= end.y || dir.y <= 0.5) return end;
  return add(end, mul(dir, (row - end.y) / dir.y));
}

/** The seat (waist to crotch) as a panel under the legs: no gap at the crotch. */
function seatPanel(p: LowerPlacement, l: { crotch: Pt; hipL: Pt; hipR: Pt }, depth: number): PanelFit {
  const { frame, s, waistMid, hipDist, cx } = p;
  const crotch = p.F(l.crotch), hipR = p.F(l.hipR), hipL = p.F(l.hipL);
  const hipLevel = add(waistMid, mul(frame.down, depth * LOWER_FIT.seatHipDepth));
  const garment: Pt[] = [p.waistR, { x: cx, y: p.waistR.y }, p.waistL, crotch, hipR, hipL];
  const body: Pt[] = [
    wrap(frame, waistMid, p.waistR.x - cx, 0, s, p.waistHalf, 1),
    waistMid,
    wrap(frame, waistMid, p.waistL.x - cx, 0, s, p.waistHalf, 1),
    add(waistMid, mul(frame.down, depth)),
    add(hipLevel, mul(frame.across, -Math.max(hipDist * LOWER_FIT.seatHipOfJoints, (crotch.x - hipR.x) * s * p.legAcross))),
    add(hipLevel, mul(frame.across, Math.max(hipDist * LOWER_FIT.seatHipOfJoints, (hipL.x - crotch.x) * s * p.legAcross))),
  ];
  return { garment, body, part: 'panel' };
}

/** A skirt: waist, hip line and hem rows, below the waist widened to at least the hips. */
function skirtPanel(p: LowerPlacement, l: { hemR: Pt; hemL: Pt }, floorY: number | null): PanelFit {
  const { frame, s, waistR, waistL, cx } = p;
  const hemR = p.F(l.hemR), hemL = p.F(l.hemL);
  // (a long skirt, or trousers read without legs, ends at the ankles: at its own length it covered the shoes)
  const sv = cappedScale(s, p.waistMid.y, frame.down, Math.max(hemR.y, hemL.y) - waistR.y, floorY);
  const rows = [
    { y: waistR.y, a: waistR.x, b: waistL.x },
    { y: waistR.y + (hemR.y - waistR.y) * LOWER_FIT.skirtHipRow, a: lerpX(waistR, hemR), b: lerpX(waistL, hemL) },
    { y: hemR.y, a: hemR.x, b: hemL.x },
  ];
  const garment: Pt[] = [], body: Pt[] = [];
  for (const row of rows) {
    const v = row.y - waistR.y;
    const flatHalf = Math.max(1, (row.b - row.a) / 2);
    const visibleHalf = flatHalf * s * WRAP_RATIO;
    const need = v > 0 ? (p.hipDist * LOWER_FIT.skirtHipsOfJoints) / 2 : 0;
    const boost = need > visibleHalf ? Math.min(LOWER_FIT.maxSkirtBoost, need / visibleHalf) : 1;
    for (const f of ROW_POINTS) {
      const x = row.a + (row.b - row.a) * f;
      garment.push({ x, y: row.y });
      body.push(wrap(frame, add(p.waistMid, mul(frame.down, v * sv)), x - cx, 0, s, flatHalf, boost));
    }
  }
  return { garment, body, part: 'panel' };
}

/**
 * Trousers and shorts (two legs and a seat panel) or a skirt (one panel).
 * `oldTopY`: top of the person's own lower garment on the centre line (full
 * px), if known (see lowerPlacement); `topHemY`: the hem of the top worn
 * over it there (see tuckedUnderTop).
 */
export function fitLower(person: PersonAnalysis, fullFrame: BodyFrame, g: GarmentAnalysis, oldTopY?: number | null, hems?: HemRows | null, topHemY?: number | null): GarmentFit | null {
  const l = g.lower;
  if (!l) return null;
  const p = lowerPlacement(person, fullFrame, g, l, oldTopY, topHemY);
  if (!(l.crotch && l.legL && l.legR)) return { category: 'lower', panel: skirtPanel(p, l, hems ? lowestHem(hems) : hemFloor(person, fullFrame)), limbs: [], scale: p.s };
  const depth = crotchDepth(p, l.crotch);
  const limbs = [trouserLegFit(person, p, l.legL, 'left', depth, hems), trouserLegFit(person, p, l.legR, 'right', depth, hems)];
  const panel = l.hipL && l.hipR ? seatPanel(p, { crotch: l.crotch, hipL: l.hipL, hipR: l.hipR }, depth) : null;
  return { category: 'lower', panel, limbs, scale: p.s };
}

/**
 * Knee and ankle, or straight down from the hip where BlazePose only guesses
 * them (thigh-up photos: knees below the frame scored 0.36–0.47 and
 * splayed the trousers). Thigh and shin ≈ 0.95 torso lengths each.
 */
function legJoints(person: PersonAnalysis, frame: BodyFrame, side: 'left' | 'right'): { knee: Pt; ankle: Pt; guessed: boolean } {
  const hip = side === 'left' ? frame.hipL : frame.hipR;
  const kneeSeen = visible(person, `${side}Knee`);
  const knee = kneeSeen ? limbPoly(person, [`${side}Knee`])[0]! : add(hip, mul(frame.down, frame.torsoLength * 0.95));
  const dir = norm(sub(knee, hip));
  const ankleSeen = visible(person, `${side}Ankle`) && kneeSeen;
  // (an ankle put on a long old hem is moved down to where the heel says: see feet-front.ts)
  const ankle = ankleSeen ? seenAnkle(person, side, frame.shoulderWidth) ?? limbPoly(person, [`${side}Ankle`])[0]! : add(knee, mul(dir, frame.torsoLength * 0.95));
  // a guess inside the frame may be a real ankle with a low score: keep snapping to it
  return { knee, ankle, guessed: !ankleSeen && ankle.y >= person.height * 0.95 };
}

export function hasLegsInFrame(person: PersonAnalysis): boolean {
  return visible(person, 'leftHip') && visible(person, 'rightHip') && (visible(person, 'leftKnee') || visible(person, 'rightKnee'));
}

/**
 * A worn garment is already on a body: its wearer's keypoints map onto the
 * person's (torso by TPS, sleeves joint by joint), no flat-lay wrapping.
 */
function fitWorn(person: PersonAnalysis, frame: BodyFrame, g: GarmentAnalysis, category: Category): GarmentFit {
  const w = g.wearer!;
  const P = (n: Parameters<typeof visible>[1]): Pt => ({ x: person.keypoints[n].x, y: person.keypoints[n].y });
  const W = (n: Parameters<typeof visible>[1]): Pt => ({ x: w[n].x, y: w[n].y });
  const names = ['leftShoulder', 'rightShoulder', 'leftHip', 'rightHip'] as const;
  const garment: Pt[] = names.map(W);
  const body: Pt[] = names.map(P);
  for (const t of [0.35, 0.7]) {
    garment.push(lerp(W('leftShoulder'), W('leftHip'), t), lerp(W('rightShoulder'), W('rightHip'), t));
    body.push(lerp(P('leftShoulder'), P('leftHip'), t), lerp(P('rightShoulder'), P('rightHip'), t));
  }
  const wearerWidth = dist(W('leftShoulder'), W('rightShoulder'));
  const s = frame.shoulderWidth / Math.max(1, wearerWidth);
  // a dress's skirt hangs below the wearer's hips: its hem carried down the
  // person's body at the same scale, or the fit's control points (and the box
  // it is drawn in) end at the hips and the skirt is cut off there
  const hemY = category === 'dress' && g.upper ? g.upper.bounds.y1 / g.scale : null;
  const floorY = hemY === null ? null : hemFloor(person, frame);
  for (const side of hemY === null ? [] : (['left', 'right'] as const)) {
    const drop = Math.max(0, hemY! - W(`${side}Hip`).y);
    garment.push({ x: W(`${side}Hip`).x, y: hemY! });
    // (never past the ankles: see feet-front.ts)
    body.push(add(P(`${side}Hip`), mul(frame.down, drop * cappedScale(s, P(`${side}Hip`).y, frame.down, drop, floorY))));
  }
  const limbs: LimbFit[] = [];
  for (const side of ['left', 'right'] as const) {
    if (!(side === 'left' ? g.upper?.sleeveL : g.upper?.sleeveR)) continue;
    limbs.push({
      warp: {
        body: [P(`${side}Shoulder`), P(`${side}Elbow`), P(`${side}Wrist`)],
        garment: [W(`${side}Shoulder`), W(`${side}Elbow`), W(`${side}Wrist`)],
        acrossScale: 1 / s,
      },
      part: side === 'left' ? 'sleeveL' : 'sleeveR',
      reach: frame.shoulderWidth * 0.5,
    });
  }
  return { category, panel: { garment, body, part: 'panel' }, limbs, scale: s };
}
