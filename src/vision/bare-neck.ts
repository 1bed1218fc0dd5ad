/**
 * The bare neck where a removed collar leaves skin to be made. The body's
 * outline there was a generous trapezoid (the neck under any clothes) cut by
 * the person's matte, so the neck's filled sides followed the old collar's
 * outer edge, and the bare shoulders' flat top met it at a right angle: a
 * crew or stand collar's outline came back as a jagged step of skin and
 * background beside the throat, or a boxy shelf. Here the neck keeps the
 * visible neck's own width (measured on its lower half, above the old
 * collar) down to the trapezius, and meets the shoulders' slope in a
 * rounded fillet, as a real neck does; beside it is background.
 */
import { copyMask, lumaOf, type Mask } from './image.js';
import type { Point } from './raster.js';
import { BARE_SHOULDER_SW } from './bare-body.js';
import { median } from './robust-stats.js';
import { hypot2 } from './hypot.js';

/** Proportions of the bare neck, shoulder widths (sw). */
export const BARE_NECK_SW = {
  /**
   * The neck's half-width is kept within these: the tune half's visible necks
   * measured 0.1–0.15 sw either side of their centre line above the collar.
   * Narrower is a side hidden by hair or the collar's edge, wider is the
   * skin parse running onto the shoulders or the background.
   */
  minHalf: 0.09,
  maxHalf: 0.17,
  /** A side narrower than this share of the other is hidden (hair, a collar's rise): it takes the other's width. */
  hiddenSideShare: 0.75,
  /** Fewest visible neck rows (sw) to measure from: fewer leave the outline as it was. */
  minRows: 0.06,
  /** Radius of the fillet where the neck's side meets the shoulders' slope. */
  filletRadius: 0.08,
  /** The neck's outline is redrawn this far either side of its centre line (the neck trapezoid's reach, 0.2 sw, and the fillet). */
  zoneHalf: 0.3,
} as const;

/** Where the neck is, analysis px: its top (the chin) and its base (the shoulders' midpoint), the shoulder width, and each side's shelf row (where the shoulders' slope meets the neck). */
export interface NeckFrame {
  chin: Point;
  base: Point;
  swPx: number;
  /** The shoulders' outline meets the neck at these rows: the image's left side, its right side. */
  shelf: [number, number];
}

/** What the visible neck says: its half-widths (image left, image right), analysis px, and its skin's median colour. */
export interface NeckMeasure {
  halves: [number, number];
  tone: [number, number, number];
}

/** One row's visible neck span around the centre line, or null when none shows within reach. */
function neckSpan(visible: (x: number, y: number) => boolean, cx: number, y: number, reach: number): { xl: number; xr: number } | null {
  let x = Math.round(cx), d = 0;
  while (d <= reach && !visible(x, y)) { d++; x = Math.round(cx) + (d % 2 ? -1 : 1) * Math.ceil(d / 2); }
  if (d > reach) return null;
  let xl = x, xr = x;
  while (xl - 1 >= cx - reach && visible(xl - 1, y)) xl--;
  while (xr + 1 <= cx + reach && visible(xr + 1, y)) xr++;
  return { xl, xr };
}

/**
 * The visible neck (`visible`: neck skin, not the old garment), row by row
 * down from the chin until the old garment covers it, measured on its lower
 * half (the throat under the chin is narrower than the neck's base), or null
 * when too little of it shows. `colour` gives a pixel's RGB.
 */
export function measureNeck(visible: (x: number, y: number) => boolean, colour: (x: number, y: number) => [number, number, number], f: NeckFrame): NeckMeasure | null {
  const N = BARE_NECK_SW, sw = f.swPx, reach = N.maxHalf * sw * 1.5;
  const rows: { y: number; cx: number; xl: number; xr: number }[] = [];
  const y0 = Math.max(0, Math.ceil(f.chin.y)), y1 = Math.floor(Math.max(f.shelf[0], f.shelf[1]));
  for (let y = y0; y <= y1; y++) {
    const cx = centreAt(f, y), span = neckSpan(visible, cx, y, reach);
    if (span) rows.push({ y, cx, ...span });
    else if (rows.length > 0) break;
  }
  if (rows.length < N.minRows * sw) return null;
  const lower = rows.slice(rows.length >> 1);
  const clamp = (v: number) => Math.max(N.minHalf * sw, Math.min(N.maxHalf * sw, v));
  let l = clamp(median(lower.map((q) => q.cx - q.xl + 0.5))), r = clamp(median(lower.map((q) => q.xr - q.cx + 0.5)));
  if (l < r * N.hiddenSideShare) l = r;
  else if (r < l * N.hiddenSideShare) r = l;
  return { halves: [l, r], tone: litTone(lower.flatMap((q) => Array.from({ length: q.xr - q.xl + 1 }, (_, k) => colour(q.xl + k, q.y)))) };
}

/**
 * The tone of the neck's lit front: the mean of its pixels between two
 * luma percentiles (NECK_LIGHT.litShare). A neck's median is its shadow
 * under the chin and down its sides (hair, a collar's shade); the upper
 * chest faces the light as the neck's front does.
 */
function litTone(px: [number, number, number][]): [number, number, number] {
  const part = litPart(px.slice().sort((a, b) => luma3(a) - luma3(b)));
  return [0, 1, 2].map((c) => part.reduce((s, p) => s + p[c]!, 0) / part.length) as [number, number, number];
}

const luma3 = (p: readonly number[]) => lumaOf(p[0]!, p[1]!, p[2]!);

/** The part of sorted values between NECK_LIGHT.litShare's percentiles (one at least). */
function litPart<T>(sorted: T[]): T[] {
  const [a, b] = NECK_LIGHT.litShare, from = Math.floor(sorted.length * a);
  return sorted.slice(from, Math.max(from + 1, Math.floor(sorted.length * b)));
}

/** The lit luma of skin lumas (the mean between NECK_LIGHT.litShare's percentiles), as litTone reads the neck. */
export function litLuma(values: number[]): number {
  const part = litPart(values.slice().sort((a, b) => a - b));
  return part.reduce((s, v) => s + v, 0) / part.length;
}

/** The neck's centre line at row y: from the chin to the shoulders' midpoint. */
function centreAt(f: NeckFrame, y: number): number {
  const dy = f.base.y - f.chin.y;
  const t = dy > 1e-6 ? Math.max(0, Math.min(1, (y - f.chin.y) / dy)) : 0;
  return f.chin.x + (f.base.x - f.chin.x) * t;
}

/** How far the neck's side has flared out at row y, px: a quarter circle of the fillet's radius ending on the shelf. */
function fillet(y: number, shelf: number, radius: number): number {
  const d = y - (shelf - radius);
  if (d <= 0) return 0;
  return radius - Math.sqrt(Math.max(0, radius * radius - Math.min(d, radius) ** 2));
}

/**
 * `bare` (the bare body's shape, on the person's matte) with the neck redrawn
 * (a new mask): between the chin and each side's shelf, within zoneHalf of
 * the centre line, skin on the matte inside the neck's half-widths (`halves`,
 * neckHalfWidths) flared by the fillet, nothing outside them.
 */
export function withBareNeck(bare: Mask, matte: Mask, f: NeckFrame, halves: [number, number]): Mask {
  const { width, height } = bare;
  const out = copyMask(bare);
  const N = BARE_NECK_SW, sw = f.swPx, R = N.filletRadius * sw, zone = N.zoneHalf * sw;
  const y0 = Math.max(0, Math.ceil(f.chin.y));
  for (let y = y0; y < height; y++) {
    const cx = centreAt(f, y);
    let any = false;
    for (let x = Math.max(0, Math.floor(cx - zone)); x <= Math.min(width - 1, Math.ceil(cx + zone)); x++) {
      const side = x < cx ? 0 : 1, shelf = f.shelf[side]!;
      if (y >= shelf) continue;
      any = true;
      const half = halves[side]! + fillet(y, shelf, R), i = y * width + x;
      out.data[i] = Math.abs(x + 0.5 - cx) <= half && matte.data[i]! >= 0.5 ? 1 : 0;
    }
    if (!any) break;
  }
  return out;
}

/**
 * The light of a bare neck and upper chest (the fill's albedo there is the
 * visible neck's tone: the membrane between the neck and the arms, over a
 * whole removed top, took the arms' and hands' tone and read as a flat disk
 * of another skin), shoulder widths from the centre line and the shelf.
 */
export const NECK_LIGHT = {
  /** The neck's tone reaches this far across the centre line… */
  reachAcross: 0.4,
  /** …and this far down from the shelf (the upper chest, above the breast). */
  reachDown: 0.4,
  /** Share of the reach where the tone starts to fade into the membrane's. */
  fadeFrom: 0.5,
  /**
   * The upper chest faces the light as the face does, the neck lies in the
   * chin's shadow: below the shelf the tone is lifted by the face's median
   * luma over the neck's lit front, at most this much (never darkened)…
   */
  maxChestLift: 1.12,
  /** …coming in over this depth below the shelf, sw. */
  chestLiftDepth: 0.12,
  /** Under the chin a neck is this much darker than at its base: the chin's shadow. */
  underChin: 0.12,
  /** The collarbones catch the light: this much brighter… */
  clavicleGain: 0.05,
  /** …on a band this far below the shelf (a little above the shoulder joints' line)… */
  clavicleBelow: 0.16,
  /** …this wide (its sd)… */
  clavicleSd: 0.035,
  /** …from this far out of the centre line (the throat's notch between them stays as it is). */
  clavicleFrom: 0.05,
  /** The hollow under them: this much darker, this far below the band. */
  hollowDark: 0.04,
  hollowBelow: 0.08,
  /** The neck's lit front: its pixels between these luma percentiles (above them, highlights and specks of background). */
  litShare: [0.6, 0.9] as readonly [number, number],
  /**
   * Near real skin the membrane continues it and is kept: the neck's tone
   * takes over from the first distance to the nearest real skin to the
   * second, sw. Drawn up to a visible chest, the tone and the collarbones'
   * light made a band unlike the skin beside it (and a second collarbone
   * under the real one).
   */
  fromKnownSw: [0.04, 0.14] as readonly [number, number],
} as const;

/** The shelf's row `dx` shoulder widths across the centre line: between the two sides' rows, level beyond them (no step at the centre line). */
function shelfAt(f: NeckFrame, dx: number): number {
  const t = Math.max(0, Math.min(1, 0.5 + dx / (2 * BARE_SHOULDER_SW.neckBaseAcross)));
  return f.shelf[0] + (f.shelf[1] - f.shelf[0]) * t;
}

const smoothstep = (a: number, b: number, v: number) => {
  const t = Math.max(0, Math.min(1, (v - a) / (b - a)));
  return t * t * (3 - 2 * t);
};

/** At analysis pixel (x, y): the weight of the neck's tone in the skin fill and its shade there (NECK_LIGHT). */
export function neckLight(f: NeckFrame, x: number, y: number, lift = 1): { weight: number; shade: number } {
  const L = NECK_LIGHT, sw = f.swPx;
  if (y < f.chin.y) return { weight: 0, shade: 1 };
  const cx = centreAt(f, y), dx = (x - cx) / sw, shelf = shelfAt(f, dx);
  const below = (y - shelf) / sw;
  const e = hypot2(dx / L.reachAcross, Math.max(0, below) / L.reachDown);
  const weight = 1 - smoothstep(L.fadeFrom, 1, e);
  if (weight <= 0) return { weight: 0, shade: 1 };
  // the neck: darker towards the chin
  const t = Math.max(0, Math.min(1, (y - f.chin.y) / Math.max(1, shelf - f.chin.y)));
  let shade = below < 0 ? 1 - L.underChin * (1 - t) : 1 + (lift - 1) * smoothstep(0, L.chestLiftDepth, below);
  const out = smoothstep(L.clavicleFrom * 0.5, L.clavicleFrom * 1.5, Math.abs(dx));
  const band = (mu: number) => Math.exp(-0.5 * ((below - mu) / L.clavicleSd) ** 2);
  shade += out * (L.clavicleGain * band(L.clavicleBelow) - L.hollowDark * band(L.clavicleBelow + L.hollowBelow));
  return { weight, shade };
}

/** The upper chest's lift over the neck's tone (NECK_LIGHT.maxChestLift): the face's median luma over the tone's, within 1..max. */
export function chestLift(tone: [number, number, number], faceLuma: number | null): number {
  const neck = luma3(tone);
  if (faceLuma === null || !(neck > 0)) return 1;
  return Math.max(1, Math.min(NECK_LIGHT.maxChestLift, faceLuma / neck));
}
