/**
 * Landmarks and parts of an upper garment's or a dress's silhouette (a mask),
 * by scanning rows: neck, shoulders, armpits, sleeve roots and ends, hem
 * corners; parts: body panel and sleeves. Sides are the wearer's: `left` is
 * on the image right for a front view. Lower garments: lower-landmarks.ts.
 */
import { createMask, type Mask } from '../../vision/image.js';
import { blurMask, keepLargest, maskBounds, morph } from '../../vision/mask-ops.js';
import type { Pt } from './tps.js';
import { centralRun, centroidX, median, rowRuns, topAt } from './silhouette-rows.js';

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
  /** Body width measured on the lower half of the panel, px. */
  bodyWidth: number;
  sleeveL: SleeveGeometry | null;
  sleeveR: SleeveGeometry | null;
  panel: Mask;
}

function sleeve(mask: Mask, inside: (x: number, y: number) => boolean, root: Pt, minArea: number): SleeveGeometry | null {
  let m = createMask(mask.width, mask.height);
  for (let y = 0; y < mask.height; y++) {
    for (let x = 0; x < mask.width; x++) {
      const i = y * mask.width + x;
      if (mask.data[i]! >= 0.5 && inside(x, y)) m.data[i] = 1;
    }
  }
  // Slivers along the body's edge below the armpit are not sleeve: keep the main piece.
  m = keepLargest(m);
  let area = 0, far = 0;
  for (let y = 0; y < mask.height; y++) {
    for (let x = 0; x < mask.width; x++) {
      if (m.data[y * mask.width + x]! < 0.5) continue;
      area++;
      far = Math.max(far, Math.hypot(x - root.x, y - root.y));
    }
  }
  if (area < minArea || far < 4) return null;
  let sx = 0, sy = 0, n = 0;
  for (let y = 0; y < mask.height; y++) {
    for (let x = 0; x < mask.width; x++) {
      if (m.data[y * mask.width + x]! < 0.5) continue;
      if (Math.hypot(x - root.x, y - root.y) < far * 0.88) continue;
      sx += x; sy += y; n++;
    }
  }
  const end = { x: sx / n, y: sy / n };
  // The matte's feathered rim next to the sleeve belongs to it too (or the panel
  // keeps a faint outline of the flat sleeve); a soft seam makes sleeve and
  // panel alphas sum to the matte across it.
  const rim = morph(m, 2);
  for (let y = 0; y < mask.height; y++) {
    for (let x = 0; x < mask.width; x++) {
      const i = y * mask.width + x;
      rim.data[i] = rim.data[i]! >= 0.5 && (m.data[i]! >= 0.5 || (mask.data[i]! < 0.5 && inside(x, y))) ? 1 : 0;
    }
  }
  const soft = blurMask(rim, 1, 1);
  for (let i = 0; i < soft.data.length; i++) soft.data[i] = Math.min(soft.data[i]!, mask.data[i]!);
  return { root, end, length: Math.hypot(end.x - root.x, end.y - root.y), mask: soft };
}

/**
 * Two cuffs hanging below the body's hem at its outer sides: sleeves photographed
 * hanging down, merged with the body in the silhouette. Returns the body's edges
 * (the cuffs' inner edges), or null. Cuffs are wide (≥ 12 % of the hem row) and
 * hang a little (≤ 30 % of the body's height); the straps dangling from 14627_00
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

/** Upper garments and dresses share this: a panel with optional sleeves. */
export function upperLandmarks(mask: Mask): UpperGeometry | null {
  const bb0 = maskBounds(mask);
  if (!bb0) return null;
  const cx0 = centroidX(mask, bb0.y0, bb0.y1);
  const left: number[] = new Array(mask.height).fill(NaN);
  const right: number[] = new Array(mask.height).fill(NaN);
  let maxW = 0;
  for (let y = bb0.y0; y <= bb0.y1; y++) {
    const r = centralRun(rowRuns(mask, y), cx0);
    if (r) { left[y] = r.a; right[y] = r.b; maxW = Math.max(maxW, r.b - r.a + 1); }
  }
  // The garment's main body ends at the last wide row: dangling belts, ties and
  // straps below it are not the hem (fixture 14627_00 has two).
  let mainBottom = bb0.y1;
  while (mainBottom > bb0.y0 && !(right[mainBottom]! - left[mainBottom]! + 1 >= maxW * 0.45)) mainBottom--;
  const bb = { ...bb0, y1: mainBottom };
  const h = bb.y1 - bb.y0 + 1;
  const lobes = hangingCuffs(mask, bb, bb0.y1);
  const cx = centroidX(mask, bb.y0 + Math.round(h * 0.3), bb.y1);
  const band = (f0: number, f1: number, arr: number[]) => {
    const v: number[] = [];
    for (let y = bb.y0 + Math.round(h * f0); y <= bb.y0 + Math.round(h * f1); y++) if (!Number.isNaN(arr[y]!)) v.push(arr[y]!);
    return median(v);
  };
  // Body edges from the lower body (hem flare excluded): 55–85 % of the height.
  let bodyA = band(0.55, 0.85, left);
  let bodyB = band(0.55, 0.85, right);
  // Long sleeves photographed hanging down lie against the body and widen that
  // band; the hem below the cuffs shows the body's own width (00151_00).
  const hemA = band(0.93, 0.98, left);
  const hemB = band(0.93, 0.98, right);
  // Sleeves hanging beside the body with their cuffs below the hem (ruffled or
  // bell sleeves, 049920_1, 049947_1, 00470_00): the cuffs' inner edges are the body's.
  const mergedSleeves = lobes !== null || bodyB - bodyA > (hemB - hemA) * 1.18;
  if (lobes) {
    bodyA = lobes.a;
    bodyB = lobes.b;
  } else if (mergedSleeves) {
    bodyA = hemA;
    bodyB = hemB;
  }
  const bodyWidth = Math.max(1, bodyB - bodyA);
  const jump = Math.max(2, bodyWidth * 0.06);
  // Armpit: going up from the lower body, where the central run juts out —
  // abruptly (by a fifth of the body width within 12 % of the height): a top
  // that widens gradually towards the shoulders has no sleeves.
  const outAt = (side: 'a' | 'b', y: number) => (side === 'a' ? bodyA - left[y]! : right[y]! - bodyB);
  const findArmpit = (side: 'a' | 'b'): number | null => {
    let streak = 0;
    for (let y = bb.y0 + Math.round(h * 0.75); y >= bb.y0 + Math.round(h * 0.08); y--) {
      streak = outAt(side, y) > jump ? streak + 1 : 0;
      if (streak < 3) continue;
      const top = Math.max(bb.y0, y - Math.round(h * 0.12));
      let most = 0;
      for (let yy = y; yy >= top; yy--) most = Math.max(most, outAt(side, yy) || 0);
      return most >= bodyWidth * 0.2 ? y + 3 : null;
    }
    return null;
  };
  // Merged sleeves: no jut to find; the armpit sits about a fifth of the height below the top.
  const apA = mergedSleeves ? bb.y0 + Math.round(h * 0.22) : findArmpit('a');
  const apB = mergedSleeves ? bb.y0 + Math.round(h * 0.22) : findArmpit('b');
  const edgeAt = (arr: number[], y: number, fallback: number) => (Number.isNaN(arr[y]!) ? fallback : arr[y]!);
  const neckY = topAt(mask, cx, bb.y0, bb.y1);
  const neck = { x: cx, y: (bb.y0 + neckY) / 2 };
  const hemY = bb.y1 - Math.max(1, Math.round(h * 0.015));
  const hemR = { x: lobes ? bodyA : edgeAt(left, hemY, bodyA), y: bb.y1 };
  const hemL = { x: lobes ? bodyB : edgeAt(right, hemY, bodyB), y: bb.y1 };
  const hasSleeves = apA !== null && apB !== null;
  let shoulderR: Pt, shoulderL: Pt, armpitR: Pt, armpitL: Pt;
  if (hasSleeves) {
    const xa = bodyA + bodyWidth * 0.04, xb = bodyB - bodyWidth * 0.04;
    shoulderR = { x: xa, y: topAt(mask, xa, bb.y0, bb.y1) };
    shoulderL = { x: xb, y: topAt(mask, xb, bb.y0, bb.y1) };
    armpitR = { x: mergedSleeves ? bodyA : edgeAt(left, apA! + 2, bodyA), y: apA! };
    armpitL = { x: mergedSleeves ? bodyB : edgeAt(right, apB! + 2, bodyB), y: apB! };
  } else {
    // Sleeveless: shoulder = the strap's top, armpit = where the panel reaches body width.
    const strap = (from: number, to: number): Pt => {
      let best = { x: (from + to) / 2, y: bb.y1 };
      for (let x = Math.round(Math.min(from, to)); x <= Math.round(Math.max(from, to)); x++) {
        const t = topAt(mask, x, bb.y0, bb.y1);
        if (t < best.y - 1 || (t <= best.y + 1 && Math.abs(x - cx) > Math.abs(best.x - cx))) best = { x, y: Math.min(t, best.y) };
      }
      return best;
    };
    shoulderR = strap(bodyA, cx - bodyWidth * 0.12);
    shoulderL = strap(bodyB, cx + bodyWidth * 0.12);
    const widthReached = (arr: number[], target: number, sign: number) => {
      for (let y = bb.y0; y <= bb.y1; y++) if (!Number.isNaN(arr[y]!) && sign * (arr[y]! - target) <= bodyWidth * 0.04) return y;
      return bb.y0 + Math.round(h * 0.3);
    };
    const ya = Math.max(shoulderR.y + 2, widthReached(left, bodyA, 1));
    const yb = Math.max(shoulderL.y + 2, widthReached(right, bodyB, -1));
    armpitR = { x: edgeAt(left, ya, bodyA), y: ya };
    armpitL = { x: edgeAt(right, yb, bodyB), y: yb };
  }
  // Seam lines: shoulder → armpit, then down the central run's edge.
  const sideR = (y: number) => (mergedSleeves ? Math.max(bodyA, edgeAt(left, y, bodyA)) : edgeAt(left, y, bodyA));
  const sideL = (y: number) => (mergedSleeves ? Math.min(bodyB, edgeAt(right, y, bodyB)) : edgeAt(right, y, bodyB));
  const outsideR = (x: number, y: number) =>
    y < shoulderR.y ? x < shoulderR.x : y <= armpitR.y ? x < shoulderR.x + ((armpitR.x - shoulderR.x) * (y - shoulderR.y)) / Math.max(1, armpitR.y - shoulderR.y) : x < sideR(y);
  const outsideL = (x: number, y: number) =>
    y < shoulderL.y ? x > shoulderL.x : y <= armpitL.y ? x > shoulderL.x + ((armpitL.x - shoulderL.x) * (y - shoulderL.y)) / Math.max(1, armpitL.y - shoulderL.y) : x > sideL(y);
  const minArea = bodyWidth * h * 0.02;
  const sleeveR = hasSleeves ? sleeve(mask, outsideR, { x: (shoulderR.x + armpitR.x) / 2, y: (shoulderR.y + armpitR.y) / 2 }, minArea) : null;
  const sleeveL = hasSleeves ? sleeve(mask, outsideL, { x: (shoulderL.x + armpitL.x) / 2, y: (shoulderL.y + armpitL.y) / 2 }, minArea) : null;
  const panel = createMask(mask.width, mask.height);
  for (let i = 0; i < panel.data.length; i++) {
    const sleeveA = Math.max(sleeveR?.mask.data[i] ?? 0, sleeveL?.mask.data[i] ?? 0);
    panel.data[i] = Math.max(0, mask.data[i]! - sleeveA);
  }
  return { kind: 'upper', bounds: bb, neck, shoulderL, shoulderR, armpitL, armpitR, hemL, hemR, bodyWidth, sleeveL, sleeveR, panel };
}

/** Trousers, shorts and skirts. */
