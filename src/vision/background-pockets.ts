/**
 * Background pockets: patches of a product photo's background that the
 * garment encloses (the gap between a sleeve and the body of a top whose arm
 * hangs close, the wedge under a tee's sleeve cut off by a faint outline).
 * The border flood fill (garment-matte.ts) cannot reach them, so they were
 * kept as garment and drawn as white or grey patches on the wearer. A light
 * print or a white panel inside the cloth is enclosed the same way and must
 * stay garment: see BACKGROUND_POCKET. (Smaller pockets, a strap's loop or a
 * keyhole at the back of the neck, hold 8–15 px at the analysis size, too few
 * to tell them by their colour from the specks in prints and along outlines.)
 */
import { createMask, type Mask, type RgbImage } from './image.js';
import type { BackgroundEstimate } from './garment-matte.js';

/** One enclosed patch of background-coloured pixels and what tells it from cloth. */
export interface Pocket {
  /** Its pixels (indices into the frame). */
  pixels: number[];
  /** Mean RGB distance of its pixels to the border's colour, in multiples of the border's spread. */
  distance: number;
  /** RGB standard deviation of its pixels about their own mean colour, in multiples of the border's spread. */
  spread: number;
  /** Its bounding box. */
  x0: number; y0: number; x1: number; y1: number;
}

/**
 * The enclosed patches: 4-connected pieces of `open` (pocketSeeds), with their colour
 * read against the border's (`bg`).
 */
export function enclosedPatches(image: RgbImage, bg: BackgroundEstimate, open: Uint8Array): Pocket[] {
  const { width, channels: ch, data } = image;
  const seen = new Uint8Array(open.length);
  const out: Pocket[] = [];
  for (let s = 0; s < open.length; s++) {
    if (!open[s] || seen[s]) continue;
    const pixels = [s];
    seen[s] = 1;
    for (let k = 0; k < pixels.length; k++) {
      const i = pixels[k]!, x = i % width;
      if (x > 0 && open[i - 1] && !seen[i - 1]) { seen[i - 1] = 1; pixels.push(i - 1); }
      if (x < width - 1 && open[i + 1] && !seen[i + 1]) { seen[i + 1] = 1; pixels.push(i + 1); }
      if (i >= width && open[i - width] && !seen[i - width]) { seen[i - width] = 1; pixels.push(i - width); }
      if (i < open.length - width && open[i + width] && !seen[i + width]) { seen[i + width] = 1; pixels.push(i + width); }
    }
    out.push(patchStats(data, ch, width, pixels, bg));
  }
  return out;
}

/** A patch's colour read against the border's (see Pocket). */
function patchStats(data: Uint8Array, ch: number, width: number, pixels: number[], bg: BackgroundEstimate): Pocket {
  let sr = 0, sg = 0, sb = 0, dist = 0, x0 = Infinity, y0 = Infinity, x1 = -1, y1 = -1;
  for (const i of pixels) {
    const p = i * ch, r = data[p]!, g = data[p + 1]!, b = data[p + 2]!;
    sr += r; sg += g; sb += b;
    dist += Math.sqrt((r - bg.rgb[0]) ** 2 + (g - bg.rgb[1]) ** 2 + (b - bg.rgb[2]) ** 2);
    const x = i % width, y = (i - x) / width;
    x0 = Math.min(x0, x); x1 = Math.max(x1, x); y0 = Math.min(y0, y); y1 = Math.max(y1, y);
  }
  const n = pixels.length, mr = sr / n, mg = sg / n, mb = sb / n;
  let v = 0;
  for (const i of pixels) {
    const p = i * ch;
    v += (data[p]! - mr) ** 2 + (data[p + 1]! - mg) ** 2 + (data[p + 2]! - mb) ** 2;
  }
  return { pixels, distance: dist / n / bg.spread, spread: Math.sqrt(v / n) / bg.spread, x0, y0, x1, y1 };
}

/** 1 where a pixel is background-coloured, not on an edge and not reached by the border fill: what a pocket is made of. */
export function pocketSeeds(coloured: Uint8Array, edges: Uint8Array, isBg: Uint8Array): Uint8Array {
  const out = new Uint8Array(coloured.length);
  for (let i = 0; i < out.length; i++) out[i] = coloured[i] && !edges[i] && !isBg[i] ? 1 : 0;
  return out;
}

/**
 * What tells an enclosed patch of background from cloth of the background's
 * colour, measured at the analysis size (~384 long side) on the tune half's
 * product photos. The gaps between a blouse's sleeves and its body (arms
 * hanging close) read 0.97 and 1.10 border spreads from the border's colour
 * with a colour spread of 1.25–1.29 spreads, 318–460 px; the light parts of
 * prints and white cloth enclosed in garments read 1.5–5 from it, or as far
 * spread (a print's white has ink and shading in it: 1.5–2.6 spreads).
 */
export const BACKGROUND_POCKET = {
  /**
   * Only on a clean plain backdrop, this share of the border near its colour:
   * on a textured or noisy one (0.26–0.91 on the fixtures) the spread is the
   * wall's, and a stripe of white cloth read within it (0.6–1.7 spreads).
   */
  minPlainness: 0.95,
  /** Mean distance to the border's colour, border spreads: the backdrop itself, lit the same. */
  maxDistance: 1.5,
  /** Colour spread about its own mean, border spreads: as flat as the border. */
  maxSpread: 1.5,
  /**
   * Fewest px: a smaller patch has too few pixels for its spread to mean
   * anything (specks along the outline and in prints read 8–25 px with the
   * same distances), and drawn it is no visible gap.
   */
  minAreaPx: 30,
  /**
   * Largest share of the garment: the sleeve gaps held 0.7–1.1 %; the inside
   * of a white garment on a white backdrop is most of it, and no evidence.
   */
  maxAreaShare: 0.03,
  /**
   * Least distance of its centre from the garment box's centre line, share of
   * the box's width (the sleeve gaps sat at 0.22–0.24): a centred patch is the
   * channel between trouser legs or a dress's slit (leg-gap.ts carves those,
   * and the crotch is read from them) or a neck opening (neck-opening.ts).
   */
  minOffCentre: 0.1,
} as const;

/** The garment (everything the border fill did not reach) that a patch is judged against: its area and box's columns. */
export interface PocketFrame {
  area: number;
  x0: number;
  x1: number;
}

/** The garment's area and box's columns from the border fill's background plane (1: background). */
export function pocketFrame(isBg: Uint8Array, width: number): PocketFrame {
  let area = 0, x0 = width, x1 = -1;
  for (let i = 0; i < isBg.length; i++) {
    if (isBg[i]) continue;
    area++;
    const x = i % width;
    if (x < x0) x0 = x;
    if (x > x1) x1 = x;
  }
  return { area, x0, x1 };
}

/** Whether an enclosed patch is background the garment encloses (BACKGROUND_POCKET), on a backdrop `bg`. */
export function isBackgroundPocket(p: Pocket, bg: BackgroundEstimate, frame: PocketFrame): boolean {
  const P = BACKGROUND_POCKET;
  const n = p.pixels.length;
  const centre = (frame.x0 + frame.x1) / 2, boxWidth = Math.max(1, frame.x1 - frame.x0);
  return bg.plainness >= P.minPlainness && p.distance <= P.maxDistance && p.spread <= P.maxSpread && n >= P.minAreaPx && n <= frame.area * P.maxAreaShare &&
    Math.abs((p.x0 + p.x1) / 2 - centre) >= boxWidth * P.minOffCentre;
}

/**
 * `drawn` (a matte read with its pockets filled) with the pockets of `open`
 * (the same matte as cut, pockets open) open again: the pixelwise minimum.
 * The landmarks read the filled outline (a sleeve cut off from the body by
 * its gap read as an armpit at the gap's top, and the torso was stretched
 * down over the hips); only what is drawn leaves the backdrop out.
 */
export function reopenPockets(drawn: Mask, open: Mask): Mask {
  const out = createMask(drawn.width, drawn.height);
  for (let i = 0; i < out.data.length; i++) out.data[i] = Math.min(drawn.data[i]!, open.data[i]!);
  return out;
}
