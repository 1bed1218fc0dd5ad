/**
 * The corner of a panel left over a bare arm above the arm's cut.
 *
 * The panel goes behind the bare arms (composite.ts panelBehindArms): where
 * the arm's skin is seen the panel is cut. That skin is told from the
 * forearm's zone down and grown from there (pass-masks.ts bareArmSkin), so
 * its cut begins some way below the shoulder, while a sleeveless panel's
 * shoulder corner, warped onto the shoulder joint, runs on over the top of
 * the arm. Cut below and not above, the corner stood as a pointed lobe over
 * the arm with a V between it and the cut's top, which itself curls in
 * past the arm's edge where the grown skin follows the old armhole. The
 * line is the cut's inner edge below its top, carried straight up: the
 * panel outside it above the cut (the lobe) is cut with the arm, and the
 * cut's curl inside it (the bite) is not, so the shoulder ends in that line.
 */
import { createMask, type Mask } from '../../vision/image.js';
import type { PixelBox } from '../../vision/box-distance.js';
import { componentsTouching } from '../../vision/mask-ops.js';
import type { Pt } from './tps.js';

/** Where the cut is straightened at a shoulder and what counts as a lobe and a bite, shoulder widths (sw). */
export const SHOULDER_LOBE = {
  /**
   * The window about each shoulder joint: above and below it, toward the
   * body's centre and away from it. Under a sleeveless panel the arm's cut
   * begins 0.05–0.1 sw below the joint; a short sleeve's cuff lies 0.35 and more below it.
   */
  window: { upSw: 0.3, downSw: 0.6, inSw: 0.3, outSw: 0.45 },
  /** The cut's top is looked for down to this below the joint: lower, the panel's corner does not reach it. */
  topSw: 0.3,
  /**
   * The cut's inner edge is read from `edgeSw` to `fitSw` below its top
   * (above, its top curls in: 0.05–0.08 sw measured); the lobe and the
   * bite lie above `edgeSw` below it.
   */
  edgeSw: 0.1,
  fitSw: 0.3,
  /** Steepest edge, columns a row: past it the arm is not hanging beside the panel, and its edge carried up says nothing. */
  maxSlope: 0.5,
  /**
   * A lobe rises at most this far above the cut's top: a corner over the
   * arm is the panel's own thickness there (0.07–0.11 measured); a panel
   * that covers the upper arm further up covers it by design (a cap, a
   * wide shoulder) and is left as it is.
   */
  neckSw: 0.2,
  /** ... and reaches at most this far outside the line (0.09–0.12 measured): wider, it is more than a corner. */
  reachSw: 0.25,
  /**
   * The bite reaches at most this far inside the line (0.03–0.05
   * measured): deeper, the cut there is not the arm's top curling in (a
   * hand raised to the shoulder), and the shoulder is left as it is.
   */
  biteSw: 0.1,
  /**
   * The lobe is cut this far past its own outline, outside the line (analysis px): the cut is smoothed
   * before it is drawn (composite.ts smoothArmCut, a 2 px box twice), and cut to its outline alone the
   * lobe's tip, rounded in, stayed as a spike of the panel.
   */
  marginPx: 3,
} as const;

/** The planes read (analysis size): the bare arms' skin, the new sleeves' stretches of the arm (none at a sleeveless shoulder), the new garment as drawn. */
export interface LobePlanes {
  bare: Mask;
  sleeved: Mask;
  cover: Mask;
}

/** An edge line: column `x` at row `y`, `slope` columns a row, the outside toward `side` (+1: right). */
interface EdgeLine {
  x: number;
  y: number;
  slope: number;
  side: 1 | -1;
}

/**
 * The bare arms' skin as it cuts the panel (a new mask, hard): `p.bare`
 * with each sleeveless shoulder's lobe added and its bite taken out (SHOULDER_LOBE),
 * at the shoulder joints `shoulders` (analysis px), each side's outside
 * away from `centreX`, with a shoulder width of `swPx` analysis px.
 */
export function straightenedArmCut(p: LobePlanes, shoulders: Pt[], centreX: number, swPx: number): Mask {
  const out = createMask(p.bare.width, p.bare.height);
  for (let i = 0; i < out.data.length; i++) out.data[i] = p.bare.data[i]! >= 0.5 ? 1 : 0;
  for (const s of shoulders) {
    const found = lobeAt(p, s, s.x >= centreX ? 1 : -1, swPx);
    if (!found) continue;
    for (const i of found.lobe) out.data[i] = 1;
    for (const i of found.bite) out.data[i] = 0;
  }
  return out;
}

/** The lobe's and the bite's pixel indices at one shoulder joint `s` (`side`: +1 where its outside is to the right), or null where the cut is left as it is. */
function lobeAt(p: LobePlanes, s: Pt, side: 1 | -1, swPx: number): { lobe: number[]; bite: number[] } | null {
  const L = SHOULDER_LOBE, w = p.cover.width, h = p.cover.height;
  const inner = s.x - side * L.window.inSw * swPx, outer = s.x + side * L.window.outSw * swPx;
  const box: PixelBox = {
    x0: Math.max(0, Math.floor(Math.min(inner, outer))),
    x1: Math.min(w - 1, Math.ceil(Math.max(inner, outer))),
    y0: Math.max(0, Math.floor(s.y - L.window.upSw * swPx)),
    y1: Math.min(h - 1, Math.ceil(s.y + L.window.downSw * swPx)),
  };
  // (a new sleeve over the arm covers the shoulder's corner: counted as panel over the arm, the sleeve
  // itself was taken for a lobe)
  if (anyIn(p.sleeved, box)) return null;
  const cut = (i: number) => p.bare.data[i]! >= 0.5;
  const top = cutTop(p, cut, { ...box, y1: Math.min(box.y1, Math.floor(s.y + L.topSw * swPx)) });
  if (top < 0) return null;
  const line = innerEdge(cut, w, { ...box, y0: Math.round(top + L.edgeSw * swPx), y1: Math.min(box.y1, Math.round(top + L.fitSw * swPx)) }, side);
  if (!line) return null;
  const near = { ...box, y1: Math.min(box.y1, Math.round(top + L.edgeSw * swPx)) };
  const lobe = lobeBeyond(p, cut, near, line);
  if (lobe && (lobe.minY < top - L.neckSw * swPx || lobe.reach > L.reachSw * swPx)) return null;
  const bite = biteWithin(p, cut, { ...near, y0: top }, line);
  if (bite.depth > L.biteSw * swPx) return null;
  return { lobe: lobe ? withMargin(lobe.pixels, w, near, line) : [], bite: bite.pixels };
}

/** The lobe's pixels `pixels` and those within SHOULDER_LOBE.marginPx of them outside `line`, down to the row `box.y1`. */
function withMargin(pixels: number[], w: number, box: PixelBox, line: EdgeLine): number[] {
  const m = SHOULDER_LOBE.marginPx, out = new Set(pixels);
  for (const i of pixels) {
    const x = i % w, y = (i - x) / w;
    for (let yy = Math.max(0, y - m); yy <= Math.min(box.y1, y + m); yy++) {
      for (let xx = Math.max(0, x - m); xx <= Math.min(w - 1, x + m); xx++) if (outside(line, xx, yy) > 0) out.add(yy * w + xx);
    }
  }
  return [...out];
}

/** Whether `m` is 0.5 or more anywhere in `box`. */
function anyIn(m: Mask, box: PixelBox): boolean {
  for (let y = box.y0; y <= box.y1; y++) for (let x = box.x0, i = y * m.width + x; x <= box.x1; x++, i++) if (m.data[i]! >= 0.5) return true;
  return false;
}

/** The first row of `box` where the arm's cut bites the panel, or -1. */
function cutTop(p: LobePlanes, cut: (i: number) => boolean, box: PixelBox): number {
  const w = p.cover.width;
  for (let y = box.y0; y <= box.y1; y++) {
    for (let x = box.x0, i = y * w + x; x <= box.x1; x++, i++) if (cut(i) && p.cover.data[i]! >= 0.5) return y;
  }
  return -1;
}

/**
 * The cut's inner edge over the rows of `box`, each row's innermost cut
 * pixel, as a line through the edge's first rows with the slope between
 * the medians of its upper and lower halves (a stray row does not tilt
 * it); null with fewer than 5 rows or a slope past SHOULDER_LOBE.maxSlope.
 */
function innerEdge(cut: (i: number) => boolean, w: number, box: PixelBox, side: 1 | -1): EdgeLine | null {
  const rows: { y: number; x: number }[] = [];
  for (let y = box.y0; y <= box.y1; y++) {
    let x = side > 0 ? box.x0 : box.x1;
    while (x >= box.x0 && x <= box.x1 && !cut(y * w + x)) x += side;
    if (x >= box.x0 && x <= box.x1) rows.push({ y, x });
  }
  if (rows.length < 5) return null;
  const half = Math.floor(rows.length / 2);
  const a = medianPoint(rows.slice(0, half)), b = medianPoint(rows.slice(rows.length - half));
  const slope = (b.x - a.x) / (b.y - a.y);
  // (through the edge at its first rows, where the straightened cut joins it: through the fit's centre, a
  // curved edge was met by a step)
  const at = medianPoint(rows.slice(0, 3));
  return Math.abs(slope) > SHOULDER_LOBE.maxSlope ? null : { x: at.x, y: at.y, slope, side };
}

/** The median column and the mean row of `rows`. */
function medianPoint(rows: { y: number; x: number }[]): { y: number; x: number } {
  const xs = rows.map((r) => r.x).sort((u, v) => u - v);
  const m = xs.length >> 1;
  return { y: rows.reduce((sum, r) => sum + r.y, 0) / rows.length, x: xs.length % 2 ? xs[m]! : (xs[m - 1]! + xs[m]!) / 2 };
}

/** How far pixel (x, y)'s centre lies outside `line`, px (negative inside). */
function outside(line: EdgeLine, x: number, y: number): number {
  return line.side * (x + 0.5 - (line.x + 0.5 + line.slope * (y - line.y)));
}

/** Whether (x, y) lies on the cut or beside it (4-way). */
function byCut(cut: (i: number) => boolean, w: number, h: number, x: number, y: number): boolean {
  for (const [dx, dy] of STEPS) {
    const xx = x + dx, yy = y + dy;
    if (xx >= 0 && yy >= 0 && xx < w && yy < h && cut(yy * w + xx)) return true;
  }
  return false;
}

const STEPS = [[1, 0], [-1, 0], [0, 1], [0, -1]] as const;

/**
 * The panel not cut outside `line` in `box` that touches the cut (its
 * 4-way pieces with a pixel beside the cut): its pixels, its top row and
 * how far it reaches outside the line. Null when there is none, or when it
 * runs to the box's top or outer side (the panel goes on past the window:
 * no corner).
 */
function lobeBeyond(p: LobePlanes, cut: (i: number) => boolean, box: PixelBox, line: EdgeLine): { pixels: number[]; minY: number; reach: number } | null {
  const w = p.cover.width, bw = box.x1 - box.x0 + 1, bh = box.y1 - box.y0 + 1;
  if (bw <= 0 || bh <= 0) return null;
  const panel = createMask(bw, bh), besideCut = createMask(bw, bh);
  for (let y = box.y0; y <= box.y1; y++) {
    for (let x = box.x0; x <= box.x1; x++) {
      const i = y * w + x, j = (y - box.y0) * bw + x - box.x0;
      if (outside(line, x, y) <= 0 || p.cover.data[i]! < 0.5 || cut(i)) continue;
      panel.data[j] = 1;
      if (byCut(cut, w, p.cover.height, x, y)) besideCut.data[j] = 1;
    }
  }
  const lobe = componentsTouching(panel, besideCut);
  const pixels: number[] = [];
  let minY = Infinity, reach = 0, open = false;
  for (let j = 0; j < lobe.data.length; j++) {
    if (lobe.data[j] === 0) continue;
    const x = box.x0 + (j % bw), y = box.y0 + Math.floor(j / bw);
    pixels.push(y * w + x);
    minY = Math.min(minY, y);
    reach = Math.max(reach, outside(line, x, y));
    if (y === box.y0 || x === (line.side > 0 ? box.x1 : box.x0)) open = true;
  }
  return pixels.length === 0 || open ? null : { pixels, minY, reach };
}

/** The cut over the panel inside `line` in `box` (the bite): its pixels and how deep inside the line it reaches. */
function biteWithin(p: LobePlanes, cut: (i: number) => boolean, box: PixelBox, line: EdgeLine): { pixels: number[]; depth: number } {
  const w = p.cover.width, pixels: number[] = [];
  let depth = 0;
  for (let y = box.y0; y <= box.y1; y++) {
    for (let x = box.x0; x <= box.x1; x++) {
      const i = y * w + x, d = -outside(line, x, y);
      if (d <= 0 || !cut(i) || p.cover.data[i]! < 0.5) continue;
      pixels.push(i);
      depth = Math.max(depth, d);
    }
  }
  return { pixels, depth };
}
