/**
 * A product photo of a garment on a hanger: the matte holds the hanger's hook
 * (a thin stem rising above the garment's top at its centre) and the parts of
 * the hanger seen above and inside the neck opening. Drawn, they put dark
 * shapes behind the wearer's neck.
 *
 * A hanger is recognised only by its hook: one narrow run per row, near the
 * garment's centre line, rising a few rows above the rest and unlike the
 * garment's body in colour. A real garment's thin top parts are not one
 * centred run in another colour: spaghetti straps and a halter's loop are two
 * runs (or a wide span) per row, a hood or a collar's points are wide, and all
 * are usually the garment's own colour. Below the hook, the pixels of the
 * hanger's colour joined to it (within a short, narrow reach) are taken out
 * too; pixels like the garment's body are never taken.
 */
import type { Mask, RgbImage } from './image.js';
import { maskBounds } from './mask-ops.js';
import type { PixelBox } from './box-distance.js';
import { median } from './robust-stats.js';

/**
 * Proportions of a hanger, against the matte's bounding box (garment width
 * gw, height gh). At the analysis size a hook was 1–2 px wide and rose 9 rows
 * (2.5 % of the garment's height) above a hanger 0.15 gw wide; the hanger's
 * shoulders ran 0.1 gh below the hook down to the collar.
 */
export const HANGER = {
  /** Widest a hook's row is, share of gw (and at least minHookPx): a strap or a tie is wider at product-photo scale. */
  hookMaxWidth: 0.02,
  /** A hook is at least this wide in px at any size. */
  minHookPx: 3,
  /** The hook rises at least this share of gh above the rest: a stray pixel or two on the top edge is not a hook. */
  hookMinRise: 0.015,
  /** The hook's run lies within this share of gw of the bounding box's centre line. */
  centreHalfWidth: 0.1,
  /** RGB distance from the body's colour beyond which a pixel is of another material (noise and shading on fabric stay under 60). */
  unlikeDistance: 90,
  /** The hanger's body is followed this share of gw each side of the hook. */
  reachHalfWidth: 0.2,
  /** …and this share of gh below the hook's foot. */
  reachDepth: 0.1,
  /** The body's colour is the median over this band of rows (shares of gh) and half-width (share of gw) round the centre. */
  bodyRows: [0.4, 0.6] as readonly [number, number],
  bodyHalfWidth: 0.2,
} as const;

type Rgb = [number, number, number];

/** Median colour of the matte's pixels in the body band (HANGER.bodyRows), or null when it holds none. */
function bodyColour(image: RgbImage, matte: Mask, b: PixelBox): Rgb | null {
  const gw = b.x1 - b.x0 + 1, gh = b.y1 - b.y0 + 1, cx = (b.x0 + b.x1) / 2;
  const ch: number[][] = [[], [], []];
  const ya = Math.round(b.y0 + gh * HANGER.bodyRows[0]), yb = Math.round(b.y0 + gh * HANGER.bodyRows[1]);
  const xa = Math.max(b.x0, Math.round(cx - gw * HANGER.bodyHalfWidth)), xb = Math.min(b.x1, Math.round(cx + gw * HANGER.bodyHalfWidth));
  for (let y = ya; y <= yb; y++) {
    for (let x = xa; x <= xb; x++) {
      if (matte.data[y * matte.width + x]! < 0.5) continue;
      const p = (y * image.width + x) * image.channels;
      for (let c = 0; c < 3; c++) ch[c]!.push(image.data[p + c]!);
    }
  }
  if (ch[0]!.length === 0) return null;
  return ch.map(median) as Rgb;
}

function distance(image: RgbImage, i: number, rgb: Rgb): number {
  const p = i * image.channels;
  return Math.hypot(image.data[p]! - rgb[0], image.data[p + 1]! - rgb[1], image.data[p + 2]! - rgb[2]);
}

/** The matte's run in row y when it is one narrow run: its ends, or null. */
function narrowRun(matte: Mask, y: number, maxWidth: number): { a: number; b: number } | null {
  let a = -1, b = -1, runs = 0;
  for (let x = 0; x < matte.width; x++) {
    if (matte.data[y * matte.width + x]! < 0.5) continue;
    if (b !== x - 1) runs++;
    if (a < 0) a = x;
    b = x;
  }
  return runs === 1 && b - a + 1 <= maxWidth ? { a, b } : null;
}

/** The hook's rows from the matte's top (HANGER): the pixels in them, or null when the top is no hook. */
function hookPixels(image: RgbImage, matte: Mask, b: PixelBox, body: Rgb): { pixels: number[]; foot: number; x: number } | null {
  const gw = b.x1 - b.x0 + 1, gh = b.y1 - b.y0 + 1, cx = (b.x0 + b.x1) / 2;
  const maxWidth = Math.max(HANGER.minHookPx, gw * HANGER.hookMaxWidth);
  const pixels: number[] = [];
  let y = b.y0, sumX = 0;
  for (let run = narrowRun(matte, y, maxWidth); run && Math.abs((run.a + run.b) / 2 - cx) <= gw * HANGER.centreHalfWidth; run = y <= b.y1 ? narrowRun(matte, y, maxWidth) : null) {
    for (let x = run.a; x <= run.b; x++) pixels.push(y * matte.width + x);
    sumX += (run.a + run.b) / 2;
    y++;
  }
  const rows = y - b.y0;
  if (rows < Math.max(2, gh * HANGER.hookMinRise) || y > b.y1) return null;
  let unlike = 0;
  for (const i of pixels) unlike += distance(image, i, body);
  return unlike / pixels.length >= HANGER.unlikeDistance ? { pixels, foot: y - 1, x: sumX / rows } : null;
}

/**
 * The matte without a hanger (see the file's comment): the hook and the
 * pixels unlike the body's colour joined to it below, within HANGER's reach.
 * Returns the matte itself when no hook is found.
 */
export function withoutHanger(image: RgbImage, matte: Mask): Mask {
  const b = maskBounds(matte);
  const body = b && bodyColour(image, matte, b);
  const hook = b && body && hookPixels(image, matte, b, body);
  if (!b || !body || !hook) return matte;
  const W = matte.width, gw = b.x1 - b.x0 + 1, gh = b.y1 - b.y0 + 1;
  const xa = Math.round(hook.x - gw * HANGER.reachHalfWidth), xb = Math.round(hook.x + gw * HANGER.reachHalfWidth);
  const yb = Math.round(hook.foot + gh * HANGER.reachDepth);
  const out = { ...matte, data: Float32Array.from(matte.data) };
  const stack = [...hook.pixels];
  for (const i of stack) out.data[i] = 0;
  while (stack.length) {
    const i = stack.pop()!, x = i % W, y = (i - x) / W;
    for (const [nx, ny] of [[x - 1, y], [x + 1, y], [x, y - 1], [x, y + 1]] as const) {
      if (nx < xa || nx > xb || ny < b.y0 || ny > yb) continue;
      const j = ny * W + nx;
      if (out.data[j]! < 0.5 || distance(image, j, body) < HANGER.unlikeDistance) continue;
      out.data[j] = 0;
      stack.push(j);
    }
  }
  return out;
}
