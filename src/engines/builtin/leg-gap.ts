/**
 * The gap between a product photo's trouser legs. Legs that hang close
 * together leave a channel of background a few pixels wide from the hems up
 * to the crotch; the matte's edge barrier closes it and the hole filling
 * keeps it, so the trousers read as a skirt: fitted as one panel, the
 * channel's background was drawn as a white stripe between the new legs and
 * the legs missed the person's own. Here the channel is found as a narrow
 * run of background colour between fabric, followed up from the hems, and
 * cut out of the matte.
 */
import type { Mask, RgbImage } from '../../vision/image.js';
import { maskBounds } from '../../vision/mask-ops.js';

export const LEG_GAP = {
  /** RGB distance from the background colour under which a pixel is the channel's core (the photo's own background: 1–30 on the fixtures). */
  coreD: 40,
  /**
   * RGB distance from the background under which a pixel still belongs to the
   * channel (its shadowed sides: up to ~90). Where pale fabric beside it is as
   * near, the channel is its core alone (coreD).
   */
  sideD: 90,
  /**
   * Widest channel, as a share of the garment's width: wider gaps are already
   * open in the matte. Wide-legged knit trousers hanging close left a channel
   * 12–14 % of their width that the matte closed (0.08 read them as a skirt).
   */
  maxWidthShare: 0.16,
  /** Where the channel is first looked for: this share of the garment's width either side of its centre. */
  searchShare: 0.15,
  /** How far the channel may shift from one row to the next, px. */
  stepPx: 2,
  /** Rows without the channel tolerated on the way up (a seam's highlight), before it has ended. */
  maxMisses: 2,
  /** The channel must rise at least this share of the garment's height from the hems: shorter is a slit or a pleat. */
  minHeightShare: 0.25,
  /**
   * A gap already open in the matte at the hems is followed up (openGapAt)
   * only on a garment at least this many times as tall as wide (its box):
   * full-length trousers measured 2.2–3.2 on the tune half, shorts 0.8,
   * whose flared legs, read as two legs from a slit and a crease above it,
   * splayed out past the thighs. On a shorter garment the gap is followed
   * too, but kept only as far up as shortsCrotchShare allows.
   */
  openGapMinAspect: 1.8,
  /**
   * Shorts (under openGapMinAspect): the channel followed up from a gap open
   * at their hems is their crotch only when its top lies at least this share
   * of the garment's height below the waistband. Shorts' rise (waist to
   * crotch, 23–30 cm) is most of their length (35–55 cm): 0.45–0.75, denim
   * shorts laid flat 0.73; a crease above a slit that runs up towards the
   * waistband (under half the height) is not a crotch. Not followed, shorts
   * whose open notch is under a fifth of their height read as a skirt: pasted
   * as one panel over both thighs, with the photo's background between the
   * legs drawn as a light patch in the notch.
   */
  shortsCrotchShare: 0.45,
} as const;

interface GapRow { y: number; a: number; b: number; core: number }

/** The matte with the legs' channel cut out (a new mask), or the matte itself when there is none. `bg`: the background colour. */
export function carveLegGap(small: RgbImage, matte: Mask, bg: readonly [number, number, number]): Mask {
  const bb = maskBounds(matte);
  if (!bb) return matte;
  const h = bb.y1 - bb.y0 + 1;
  const tall = h >= (bb.x1 - bb.x0 + 1) * LEG_GAP.openGapMinAspect;
  let rows = channelRows(small, matte, bg, bb, tall);
  if (!tall && rows.length === 0) {
    // shorts: above a gap open at the hems, only a channel ending low enough is their crotch
    rows = channelRows(small, matte, bg, bb, true);
    if (rows.length && rows[rows.length - 1]!.y < bb.y0 + h * LEG_GAP.shortsCrotchShare) return matte;
  }
  // (measured from the hems: the gap may open in the matte over its lowest rows, see openGapAt)
  if (rows.length === 0 || bb.y1 - rows[rows.length - 1]!.y + 1 < h * LEG_GAP.minHeightShare) return matte;
  const out = { width: matte.width, height: matte.height, data: matte.data.slice() };
  for (const r of rows) for (let x = r.a; x <= r.b; x++) out.data[r.y * matte.width + x] = 0;
  return out;
}

/** The channel's runs, row by row from the hems up (see LEG_GAP); empty when it does not start at the hems or, `followOpen`, above a gap open there. */
function channelRows(small: RgbImage, matte: Mask, bg: readonly [number, number, number], bb: { x0: number; y0: number; x1: number; y1: number }, followOpen: boolean): GapRow[] {
  const { width: w } = matte;
  const ch = small.channels;
  const h = bb.y1 - bb.y0 + 1, gw = bb.x1 - bb.x0 + 1;
  const d = (x: number, y: number) => {
    const p = (y * w + x) * ch;
    return Math.hypot(small.data[p]! - bg[0], small.data[p + 1]! - bg[1], small.data[p + 2]! - bg[2]);
  };
  const inMatte = (x: number, y: number) => x >= 0 && x < w && matte.data[y * w + x]! >= 0.5;
  const maxWidth = Math.max(2, Math.round(gw * LEG_GAP.maxWidthShare));
  const rows: GapRow[] = [];
  let centre = (bb.x0 + bb.x1) / 2, reach = Math.round(gw * LEG_GAP.searchShare), misses = 0, opened = false;
  for (let y = bb.y1; y > bb.y0 + h * 0.1; y--) {
    // (a row where the gap is open has no channel: a logo's white or a pale print on a leg beside it, taken
    // for one, ended the search a few rows up, and the channel above the open gap was drawn as a white strip)
    const open = rows.length > 0 || !followOpen ? null : openGapAt(y, centre, reach, inMatte);
    if (open !== null) {
      centre = open;
      opened = true;
      continue;
    }
    // (above an open gap the channel goes on from its top, as from one of its own rows)
    const row = channelAt(y, centre, opened && rows.length === 0 ? LEG_GAP.stepPx : reach, maxWidth, d, inMatte, rows.length > 0);
    if (row) {
      rows.push(row);
      centre = row.core;
      reach = LEG_GAP.stepPx;
      misses = 0;
    } else if (rows.length > 0 ? ++misses > LEG_GAP.maxMisses : y < bb.y1 - h * 0.1) {
      break;
    }
  }
  return rows;
}

/**
 * In row `y`, the run of background colour around its most background-like
 * matte pixel within `reach` of `centre`, bounded by fabric and at most
 * `maxWidth` wide; null when none. `followed`: the channel was found in the
 * rows below, so its core alone may continue it (a white garment's shadowed
 * fold never starts one: its sides are as pale as the background).
 */
function channelAt(y: number, centre: number, reach: number, maxWidth: number, d: (x: number, y: number) => number, inMatte: (x: number, y: number) => boolean, followed: boolean): GapRow | null {
  let core = -1, best = Infinity;
  for (let x = Math.round(centre - reach); x <= Math.round(centre + reach); x++) {
    if (!inMatte(x, y)) continue;
    const v = d(x, y);
    if (v < best) { best = v; core = x; }
  }
  if (core < 0 || best >= LEG_GAP.coreD) return null;
  // with its shadowed sides, or only its core where pale fabric beside it is as near the background as a shadow
  return boundedRun(y, core, LEG_GAP.sideD, maxWidth, d, inMatte) ?? (followed ? boundedRun(y, core, LEG_GAP.coreD, maxWidth, d, inMatte) : null);
}

/** The run around `core` of pixels nearer the background than `limit`, when fabric bounds it on both sides (not the matte's edge) and it is at most `maxWidth` wide; else null. */
function boundedRun(y: number, core: number, limit: number, maxWidth: number, d: (x: number, y: number) => number, inMatte: (x: number, y: number) => boolean): GapRow | null {
  let a = core, b = core;
  while (inMatte(a - 1, y) && d(a - 1, y) < limit && core - a < maxWidth) a--;
  while (inMatte(b + 1, y) && d(b + 1, y) < limit && b - core < maxWidth) b++;
  if (!inMatte(a - 1, y) || !inMatte(b + 1, y) || b - a + 1 > maxWidth) return null;
  return { y, a, b, core };
}

/**
 * In row `y`, the middle of the gap the matte already shows between the legs
 * (a run outside it bounded by the matte on both sides) nearest `centre`
 * within `reach`, or null. Legs hanging together often part over their last
 * rows, their cuffs apart, and touch above: the channel is followed up from
 * where the open gap ends (it was looked for only at the hems, and the
 * background between the legs above was drawn as a white stripe).
 */
export function openGapAt(y: number, centre: number, reach: number, inMatte: (x: number, y: number) => boolean): number | null {
  const c = Math.round(centre);
  for (let r = 0; r <= reach; r++) {
    for (const x of r === 0 ? [c] : [c - r, c + r]) {
      if (inMatte(x, y)) continue;
      let a = x, b = x;
      while (a - c > -reach * 2 && !inMatte(a - 1, y)) a--;
      while (b - c < reach * 2 && !inMatte(b + 1, y)) b++;
      return inMatte(a - 1, y) && inMatte(b + 1, y) ? (a + b) / 2 : null;
    }
  }
  return null;
}
