/**
 * Landmarks and parts of an upper garment's or a dress's silhouette (a mask),
 * by scanning rows: neck, shoulders, armpits, sleeve roots and ends, hem
 * corners; parts: body panel and sleeves. Sides are the wearer's: `left` is
 * on the image right for a front view. Lower garments: lower-landmarks.ts.
 */
import { createMask, type Mask } from '../../vision/image.js';
import { blurMask, keepLargest, maskBounds, morph } from '../../vision/mask-ops.js';
import { grownBox, type PixelBox } from '../../vision/box-distance.js';
import type { Pt } from './tps.js';
import { median } from '../../vision/robust-stats.js';
import { hypot2 } from '../../vision/hypot.js';
import { centralRun, centroidX, rowRuns, topAt } from './silhouette-rows.js';
import { bodiceArmpits } from './bodice-armpits.js';

export type { LowerGeometry } from './lower-landmarks.js';
export { lowerLandmarks } from './lower-landmarks.js';

export interface SleeveGeometry {
  /** Armhole centre: where the sleeve's axis starts. */
  root: Pt;
  /** Cuff centre. */
  end: Pt;
  /** Sleeve length, px, root to end. */
  length: number;
  mask: Mask;
}

export interface UpperGeometry {
  kind: 'upper';
  bounds: { x0: number; y0: number; x1: number; y1: number };
  neck: Pt;
  shoulderL: Pt;
  shoulderR: Pt;
  armpitL: Pt;
  armpitR: Pt;
  hemL: Pt;
  hemR: Pt;
  /** Body width measured on the lower half of the panel, px (a flared dress's: its chest's, see chestWidth). */
  bodyWidth: number;
  /**
   * The chest's width, px, where sleeves hanging over the bodice's sides hide
   * it in the photo (bodice-armpits.ts): wider than the armpits' distance.
   * Absent: the armpits' distance is the chest.
   */
  chestWidth?: number;
  sleeveL: SleeveGeometry | null;
  sleeveR: SleeveGeometry | null;
  panel: Mask;
}

/**
 * One side's sleeve region, beyond the seam line: pixel (x, y) lies in it when
 * x < limit[y] (`towards` -1, the image's left) or x > limit[y] (+1). The
 * seam is a limit per row, so a sleeve is read over its side's columns
 * only, not by testing every pixel of the frame.
 */
interface SleeveSide {
  limit: Float64Array;
  towards: -1 | 1;
}

/** The columns [from, to) of row y inside `side` (none for a NaN limit: no x compares true with it). */
function sideColumns(side: SleeveSide, y: number, width: number): { from: number; to: number } {
  const lim = side.limit[y]!;
  if (Number.isNaN(lim)) return { from: 0, to: 0 };
  return side.towards < 0 ? { from: 0, to: Math.max(0, Math.min(width, Math.ceil(lim))) } : { from: Math.max(0, Math.floor(lim) + 1), to: width };
}

/**
 * A sleeve's piece is worked on a crop of the frame: its box grown by this,
 * px, holds the rim's dilation (2) and its blur's reach (1) with the pads
 * morph and blurMask take around them (5 and 3), so on the crop they work
 * the same rectangles, and give the same values, as on the whole frame.
 */
const PIECE_MARGIN_PX = 5;

/** A piece of a mask on a crop (`crop`, frame px), and the box of its pixels >= 0.5 (frame px). */
interface Piece {
  m: Mask;
  crop: PixelBox;
  box: PixelBox;
}

/** The box of the mask's pixels >= 0.5 inside `side`, or null when none. */
function sideBox(mask: Mask, side: SleeveSide): PixelBox | null {
  const { width, height } = mask;
  let x0 = width, y0 = height, x1 = -1, y1 = -1;
  for (let y = 0; y < height; y++) {
    const { from, to } = sideColumns(side, y, width);
    for (let x = from, i = y * width + from; x < to; x++, i++) {
      if (mask.data[i]! < 0.5) continue;
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      y1 = y;
    }
  }
  return x1 < 0 ? null : { x0, y0, x1, y1 };
}

/** The mask's pixels inside `side` (0/1) on a crop around them, keepLargest'ed (null when none). */
function sidePiece(mask: Mask, side: SleeveSide): Piece | null {
  const box = sideBox(mask, side);
  if (!box) return null;
  const { width, height } = mask, g = PIECE_MARGIN_PX;
  const crop = grownBox(box, g, width, height)!;
  const cw = crop.x1 - crop.x0 + 1;
  const m = createMask(cw, crop.y1 - crop.y0 + 1);
  for (let y = box.y0; y <= box.y1; y++) {
    const { from, to } = sideColumns(side, y, width);
    const end = Math.min(to, box.x1 + 1);
    for (let x = Math.max(from, box.x0); x < end; x++) if (mask.data[y * width + x]! >= 0.5) m.data[(y - crop.y0) * cw + x - crop.x0] = 1;
  }
  // Slivers along the body's edge below the armpit are not sleeve: keep the main piece.
  return { m: keepLargest(m), crop, box };
}

/** Area of the piece and its farthest pixel's distance from `root` (hypot2: Math.hypot's doubles without its allocations a pixel). */
function areaAndReach({ m, crop, box }: Piece, root: Pt): { area: number; far: number } {
  let area = 0, far = 0;
  for (let y = box.y0; y <= box.y1; y++) {
    for (let x = box.x0; x <= box.x1; x++) {
      if (m.data[(y - crop.y0) * m.width + x - crop.x0]! < 0.5) continue;
      area++;
      far = Math.max(far, hypot2(x - root.x, y - root.y));
    }
  }
  return { area, far };
}

/** Centroid of the piece's pixels at least `minDist` from `root` (by hypot2, as areaAndReach): the cuff. */
function farCentroid({ m, crop, box }: Piece, root: Pt, minDist: number): Pt {
  let sx = 0, sy = 0, n = 0;
  for (let y = box.y0; y <= box.y1; y++) {
    for (let x = box.x0; x <= box.x1; x++) {
      if (m.data[(y - crop.y0) * m.width + x - crop.x0]! < 0.5) continue;
      if (hypot2(x - root.x, y - root.y) < minDist) continue;
      sx += x; sy += y; n++;
    }
  }
  return { x: sx / n, y: sy / n };
}

/**
 * The piece grown by 2 px into the matte's feathered rim beside it (and into
 * the side's background), softened, within the matte: a frame-sized mask.
 */
function softPiece(mask: Mask, side: SleeveSide, { m, crop, box }: Piece): Mask {
  const rim = morph(m, 2);
  const { width, height } = mask, cw = m.width;
  // (the dilation is zero beyond 2 px of the piece's box: only that band is read)
  for (let y = Math.max(0, box.y0 - 2); y <= Math.min(height - 1, box.y1 + 2); y++) {
    const { from, to } = sideColumns(side, y, width);
    for (let x = Math.max(0, box.x0 - 2); x <= Math.min(width - 1, box.x1 + 2); x++) {
      const c = (y - crop.y0) * cw + x - crop.x0;
      rim.data[c] = rim.data[c]! >= 0.5 && (m.data[c]! >= 0.5 || (mask.data[y * width + x]! < 0.5 && x >= from && x < to)) ? 1 : 0;
    }
  }
  const blurred = blurMask(rim, 1, 1);
  const soft = createMask(width, height);
  // (within the matte on the crop only: off it the piece is 0, and the matte is never below 0)
  for (let y = 0; y < blurred.height; y++) {
    for (let x = 0, c = y * cw, i = (y + crop.y0) * width + crop.x0; x < cw; x++, c++, i++) soft.data[i] = Math.min(blurred.data[c]!, mask.data[i]!);
  }
  return soft;
}

function sleeve(mask: Mask, side: SleeveSide, root: Pt, minArea: number): SleeveGeometry | null {
  const piece = sidePiece(mask, side);
  if (!piece) return null;
  const { area, far } = areaAndReach(piece, root);
  if (area < minArea || far < 4) return null;
  const end = farCentroid(piece, root, far * 0.88);
  // The matte's feathered rim next to the sleeve belongs to it too (or the panel
  // keeps a faint outline of the flat sleeve); a soft seam makes sleeve and
  // panel alphas sum to the matte across it.
  return { root, end, length: Math.hypot(end.x - root.x, end.y - root.y), mask: softPiece(mask, side, piece) };
}

/**
 * Two cuffs hanging below the body's hem at its outer sides: sleeves photographed
 * hanging down, merged with the body in the silhouette. Returns the body's edges
 * (the cuffs' inner edges), or null. Cuffs are wide (≥ 12 % of the hem row) and
 * hang a little (≤ 30 % of the body's height); a top's dangling straps
 * are narrow (8–12 %) and long (53 %).
 */
function hangingCuffs(mask: Mask, bb: { x0: number; y0: number; x1: number; y1: number }, bottom: number): { a: number; b: number } | null {
  const h = bb.y1 - bb.y0 + 1;
  const dangle = bottom - bb.y1;
  if (dangle < Math.max(4, h * 0.05) || dangle > h * 0.3) return null;
  const hemRuns = rowRuns(mask, bb.y1);
  if (hemRuns.length === 0) return null;
  const hemA = hemRuns[0]!.a, hemB = hemRuns[hemRuns.length - 1]!.b;
  const full = hemB - hemA + 1;
  const inA: number[] = [], inB: number[] = [];
  for (let y = bb.y1 + 1 + Math.round(dangle * 0.1); y <= bb.y1 + Math.round(dangle * 0.5); y++) {
    const runs = rowRuns(mask, y);
    if (runs.length < 2) return null;
    const ra = runs[0]!, rb = runs[runs.length - 1]!;
    const outer = full * 0.1;
    if (Math.abs(ra.a - hemA) > outer || Math.abs(rb.b - hemB) > outer) return null;
    if (ra.b - ra.a + 1 < full * 0.12 || rb.b - rb.a + 1 < full * 0.12) return null;
    inA.push(ra.b + 1);
    inB.push(rb.a - 1);
  }
  if (inA.length < 2) return null;
  const a = median(inA), b = median(inB);
  // the body between the cuffs: at least a third of the width
  return b - a >= full * 0.33 ? { a, b } : null;
}

/**
 * Proportions of a flat upper garment's silhouette, as shares of its height
 * (h, from the top of the main body) or of its body width (bw).
 */
const UPPER_SHAPE = {
  /** A row at least this share of the widest row is still the main body: dangling belts, ties and straps below are not the hem. */
  mainRowOfWidest: 0.45,
  /** The body's edges are measured in this band of h (the lower body, hem flare excluded). */
  bodyBand: [0.55, 0.85],
  /** The hem's own width, in this band of h: below sleeves hanging against the body it shows the body's width. */
  hemBand: [0.93, 0.98],
  /** The body band wider than the hem by this factor means sleeves hanging against the body widen it. */
  mergedSleeveWiden: 1.18,
  /** The panel's centre line is measured from this share of h down (below the collar and shoulders). */
  centreFrom: 0.3,
  /** Armpit search, going up from / to these shares of h. */
  armpitSearch: [0.75, 0.08],
  /** A row juts out when it passes the body's edge by this share of bw (at least jutMinPx), for jutRows rows in a row. */
  jutOfBody: 0.06,
  jutMinPx: 2,
  jutRows: 3,
  /** ... and within jutWindow of h above, reaches jutReachOfBody of bw: a top that widens gradually towards the shoulders has no sleeves. */
  jutWindow: 0.12,
  jutReachOfBody: 0.2,
  /** Merged sleeves show no jut: the armpit sits about a fifth of h below the top. */
  mergedArmpitDepth: 0.22,
  /** Default armpit depth of a sleeveless top whose panel never reaches body width. */
  sleevelessArmpitDepth: 0.3,
  /** The hem's corners are read this share of h above the last row (its anti-aliased edge). */
  hemInset: 0.015,
  /** A sleeved top's shoulder points sit this share of bw inside the body's edges. */
  shoulderInset: 0.04,
  /** A strap is searched from the body's edge to this share of bw from the centre line. */
  strapFromCentre: 0.12,
  /** A sleeveless panel reaches body width within this share of bw. */
  reachTolerance: 0.04,
  /** A sleeve is at least this share of bw × h: smaller pieces are slivers along the body's edge. */
  minSleeveArea: 0.02,
} as const;

/** The central run's edges of each row (NaN where none), the main body's bounds (without dangling straps) and its height. */
interface CentralRows {
  left: number[];
  right: number[];
  bb: { x0: number; y0: number; x1: number; y1: number };
  h: number;
}

function centralRows(mask: Mask, bb0: { x0: number; y0: number; x1: number; y1: number }): CentralRows {
  const cx0 = centroidX(mask, bb0.y0, bb0.y1);
  const left: number[] = new Array(mask.height).fill(NaN);
  const right: number[] = new Array(mask.height).fill(NaN);
  let maxW = 0;
  for (let y = bb0.y0; y <= bb0.y1; y++) {
    const r = centralRun(rowRuns(mask, y), cx0);
    if (r) { left[y] = r.a; right[y] = r.b; maxW = Math.max(maxW, r.b - r.a + 1); }
  }
  let mainBottom = bb0.y1;
  while (mainBottom > bb0.y0 && !(right[mainBottom]! - left[mainBottom]! + 1 >= maxW * UPPER_SHAPE.mainRowOfWidest)) mainBottom--;
  const bb = { ...bb0, y1: mainBottom };
  return { left, right, bb, h: bb.y1 - bb.y0 + 1 };
}

/** Median of an edge over a band of the main body's height. */
function bandMedian(rows: CentralRows, [f0, f1]: readonly [number, number], arr: number[]): number {
  const v: number[] = [];
  for (let y = rows.bb.y0 + Math.round(rows.h * f0); y <= rows.bb.y0 + Math.round(rows.h * f1); y++) if (!Number.isNaN(arr[y]!)) v.push(arr[y]!);
  return median(v);
}

/** The body's edges (a: image left, b: image right), and whether sleeves lie merged with it. */
interface BodyEdges {
  a: number;
  b: number;
  width: number;
  merged: boolean;
  /** Cuffs hanging below the hem were found (their inner edges are the body's). */
  cuffs: boolean;
}

/**
 * The body's edges from the lower body. Long sleeves photographed hanging
 * down lie against the body and widen that band: then the hem below the cuffs
 * shows the body's own width; with sleeves hanging beside the body and their
 * cuffs below the hem (ruffled or bell sleeves), the cuffs' inner edges are the body's.
 */
function bodyEdges(mask: Mask, rows: CentralRows, fullBottom: number): BodyEdges {
  const lobes = hangingCuffs(mask, rows.bb, fullBottom);
  const bodyA = bandMedian(rows, UPPER_SHAPE.bodyBand, rows.left), bodyB = bandMedian(rows, UPPER_SHAPE.bodyBand, rows.right);
  const hemA = bandMedian(rows, UPPER_SHAPE.hemBand, rows.left), hemB = bandMedian(rows, UPPER_SHAPE.hemBand, rows.right);
  const merged = lobes !== null || bodyB - bodyA > (hemB - hemA) * UPPER_SHAPE.mergedSleeveWiden;
  const [a, b] = lobes ? [lobes.a, lobes.b] : merged ? [hemA, hemB] : [bodyA, bodyB];
  return { a, b, width: Math.max(1, b - a), merged, cuffs: lobes !== null };
}

/**
 * The armpit's row on one side: going up from the lower body, where the
 * central run juts out abruptly (UPPER_SHAPE's jut), or null (no sleeve).
 */
function findArmpit(rows: CentralRows, body: BodyEdges, side: 'a' | 'b'): number | null {
  const { bb, h } = rows, U = UPPER_SHAPE;
  const jump = Math.max(U.jutMinPx, body.width * U.jutOfBody);
  const outAt = (y: number) => (side === 'a' ? body.a - rows.left[y]! : rows.right[y]! - body.b);
  let streak = 0;
  for (let y = bb.y0 + Math.round(h * U.armpitSearch[0]); y >= bb.y0 + Math.round(h * U.armpitSearch[1]); y--) {
    streak = outAt(y) > jump ? streak + 1 : 0;
    if (streak < U.jutRows) continue;
    const top = Math.max(bb.y0, y - Math.round(h * U.jutWindow));
    let most = 0;
    for (let yy = y; yy >= top; yy--) most = Math.max(most, outAt(yy) || 0);
    return most >= body.width * U.jutReachOfBody ? y + 3 : null;
  }
  return null;
}

const edgeAt = (arr: number[], y: number, fallback: number) => (Number.isNaN(arr[y]!) ? fallback : arr[y]!);

/**
 * The body's edges and both armpits' rows (null: no sleeve on that side):
 * merged sleeves sit at a fixed depth; otherwise the lower body's band is
 * read first, then, when it finds no sleeves, the bodice (with its hidden
 * chest's width).
 */
function bodyAndArmpits(mask: Mask, rows: CentralRows, fullBottom: number): { body: BodyEdges; apA: number | null; apB: number | null; chest?: number } {
  const band = bodyEdges(mask, rows, fullBottom);
  if (band.merged) {
    const y = rows.bb.y0 + Math.round(rows.h * UPPER_SHAPE.mergedArmpitDepth);
    return { body: band, apA: y, apB: y };
  }
  const apA = findArmpit(rows, band, 'a'), apB = findArmpit(rows, band, 'b');
  const bodice = apA === null || apB === null ? bodiceArmpits(rows, band.width) : null;
  if (!bodice) return { body: band, apA, apB };
  // a sleeved bodice's shoulders stand above its chest (just below the armpits), not above the skirt
  const a = edgeAt(rows.left, bodice.apA + 2, band.a), b = edgeAt(rows.right, bodice.apB + 2, band.b);
  const chest = Math.max(b - a, bodice.minChest);
  return { body: { a, b, width: Math.max(1, b - a), merged: false, cuffs: false }, apA: bodice.apA, apB: bodice.apB, chest };
}

interface Joints {
  shoulderR: Pt;
  shoulderL: Pt;
  armpitR: Pt;
  armpitL: Pt;
}

/** Shoulders just inside the body's edges, armpits where the sleeves jut out (or at the body's edges when merged). */
function sleevedJoints(mask: Mask, rows: CentralRows, body: BodyEdges, apA: number, apB: number): Joints {
  const { bb } = rows;
  const xa = body.a + body.width * UPPER_SHAPE.shoulderInset, xb = body.b - body.width * UPPER_SHAPE.shoulderInset;
  return {
    shoulderR: { x: xa, y: topAt(mask, xa, bb.y0, bb.y1) },
    shoulderL: { x: xb, y: topAt(mask, xb, bb.y0, bb.y1) },
    armpitR: { x: body.merged ? body.a : edgeAt(rows.left, apA + 2, body.a), y: apA },
    armpitL: { x: body.merged ? body.b : edgeAt(rows.right, apB + 2, body.b), y: apB },
  };
}

/** Sleeveless: shoulder = the strap's top (the highest point, outermost among equals), armpit = where the panel reaches body width. */
function sleevelessJoints(mask: Mask, rows: CentralRows, body: BodyEdges, cx: number): Joints {
  const { bb, h } = rows, U = UPPER_SHAPE;
  const strap = (from: number, to: number): Pt => {
    let best = { x: (from + to) / 2, y: bb.y1 };
    for (let x = Math.round(Math.min(from, to)); x <= Math.round(Math.max(from, to)); x++) {
      const t = topAt(mask, x, bb.y0, bb.y1);
      if (t < best.y - 1 || (t <= best.y + 1 && Math.abs(x - cx) > Math.abs(best.x - cx))) best = { x, y: Math.min(t, best.y) };
    }
    return best;
  };
  const shoulderR = strap(body.a, cx - body.width * U.strapFromCentre);
  const shoulderL = strap(body.b, cx + body.width * U.strapFromCentre);
  const widthReached = (arr: number[], target: number, sign: number) => {
    for (let y = bb.y0; y <= bb.y1; y++) if (!Number.isNaN(arr[y]!) && sign * (arr[y]! - target) <= body.width * U.reachTolerance) return y;
    return bb.y0 + Math.round(h * U.sleevelessArmpitDepth);
  };
  const ya = Math.max(shoulderR.y + 2, widthReached(rows.left, body.a, 1));
  const yb = Math.max(shoulderL.y + 2, widthReached(rows.right, body.b, -1));
  return { shoulderR, shoulderL, armpitR: { x: edgeAt(rows.left, ya, body.a), y: ya }, armpitL: { x: edgeAt(rows.right, yb, body.b), y: yb } };
}

/**
 * The seam line of one side as a limit per row (see SleeveSide): the
 * shoulder's column above the shoulder, the straight line shoulder → armpit,
 * then the body's side `bodySide(y)` below the armpit.
 */
function seamLimit(height: number, shoulder: Pt, armpit: Pt, bodySide: (y: number) => number): Float64Array {
  const limit = new Float64Array(height);
  for (let y = 0; y < height; y++) {
    limit[y] = y < shoulder.y ? shoulder.x : y <= armpit.y ? shoulder.x + ((armpit.x - shoulder.x) * (y - shoulder.y)) / Math.max(1, armpit.y - shoulder.y) : bodySide(y);
  }
  return limit;
}

/** Sleeves beyond the seam lines (shoulder → armpit, then down the central run's edge), and the panel (the rest). */
function splitSleeves(mask: Mask, rows: CentralRows, body: BodyEdges, j: Joints): { sleeveR: SleeveGeometry | null; sleeveL: SleeveGeometry | null; panel: Mask } {
  const { left, right } = rows;
  const sideR = (y: number) => (body.merged ? Math.max(body.a, edgeAt(left, y, body.a)) : edgeAt(left, y, body.a));
  const sideL = (y: number) => (body.merged ? Math.min(body.b, edgeAt(right, y, body.b)) : edgeAt(right, y, body.b));
  const { shoulderR, shoulderL, armpitR, armpitL } = j;
  const outsideR: SleeveSide = { limit: seamLimit(mask.height, shoulderR, armpitR, sideR), towards: -1 };
  const outsideL: SleeveSide = { limit: seamLimit(mask.height, shoulderL, armpitL, sideL), towards: 1 };
  const minArea = body.width * rows.h * UPPER_SHAPE.minSleeveArea;
  const sleeveR = sleeve(mask, outsideR, { x: (shoulderR.x + armpitR.x) / 2, y: (shoulderR.y + armpitR.y) / 2 }, minArea);
  const sleeveL = sleeve(mask, outsideL, { x: (shoulderL.x + armpitL.x) / 2, y: (shoulderL.y + armpitL.y) / 2 }, minArea);
  const panel = createMask(mask.width, mask.height);
  // (the sleeves' planes read once, not per pixel; a missing sleeve reads as a plane of zeros)
  const none = sleeveR && sleeveL ? null : new Float32Array(panel.data.length);
  const r = sleeveR?.mask.data ?? none!, l = sleeveL?.mask.data ?? none!;
  const pd = panel.data, md = mask.data;
  for (let i = 0; i < pd.length; i++) pd[i] = Math.max(0, md[i]! - Math.max(r[i]!, l[i]!));
  return { sleeveR, sleeveL, panel };
}

/** Upper garments and dresses share this: a panel with optional sleeves. */
export function upperLandmarks(mask: Mask): UpperGeometry | null {
  const bb0 = maskBounds(mask);
  if (!bb0) return null;
  const rows = centralRows(mask, bb0);
  const { bb, h } = rows;
  const { body, apA, apB, chest } = bodyAndArmpits(mask, rows, bb0.y1);
  const cx = centroidX(mask, bb.y0 + Math.round(h * UPPER_SHAPE.centreFrom), bb.y1);
  const neckY = topAt(mask, cx, bb.y0, bb.y1);
  const hemY = bb.y1 - Math.max(1, Math.round(h * UPPER_SHAPE.hemInset));
  const hasSleeves = apA !== null && apB !== null;
  const joints = hasSleeves ? sleevedJoints(mask, rows, body, apA, apB) : sleevelessJoints(mask, rows, body, cx);
  const parts = hasSleeves ? splitSleeves(mask, rows, body, joints) : { sleeveR: null, sleeveL: null, panel: withoutSleeves(mask) };
  return {
    kind: 'upper',
    bounds: bb,
    neck: { x: cx, y: (bb.y0 + neckY) / 2 },
    ...joints,
    hemL: { x: body.cuffs ? body.b : edgeAt(rows.right, hemY, body.b), y: bb.y1 },
    hemR: { x: body.cuffs ? body.a : edgeAt(rows.left, hemY, body.a), y: bb.y1 },
    bodyWidth: chest ?? body.width,
    ...(chest !== undefined ? { chestWidth: chest } : {}),
    ...parts,
  };
}

/** The whole silhouette as the panel (a copy). */
function withoutSleeves(mask: Mask): Mask {
  const panel = createMask(mask.width, mask.height);
  const pd = panel.data, md = mask.data;
  for (let i = 0; i < pd.length; i++) pd[i] = Math.max(0, md[i]!);
  return panel;
}

/** Trousers, shorts and skirts. */
