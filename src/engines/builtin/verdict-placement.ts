/**
 * Verdict figures for a garment drawn where it does not sit on the body.
 * A worn top leaves the wearer's neck bare down to its front neckline (at or
 * below the shoulders' line) and hair falling in front of the shoulders in
 * front of it: a top drawn shapeless up the neck to the chin, a neck opening
 * cut as a square notch or filled with a block over the throat, a top drawn
 * over that hair all cover them. Legwear covers the leg down to its hem: bare
 * leg beside it is a leg sticking out of a trouser leg.
 *
 * Pure functions of masks at the analysis size (see quality-verdict.ts);
 * measured at 384×512 on a 2-core machine: ~0.4 ms for a top, ~2.3 ms for
 * legwear (one pass over the masks each).
 */
import { createMask, lumaOf, type Mask, type RgbImage } from '../../vision/image.js';
import { maskBounds } from '../../vision/mask-ops.js';
import { median } from '../../vision/robust-stats.js';
import type { PixelBox } from '../../vision/box-distance.js';

/** Where the neck is looked at, shoulder widths (sw) around the shoulders' midpoint. */
export const NECK_ZONE = {
  /** Columns within this of the neck's centre line: the throat, narrower than any neck opening (0.3–0.45 of a body width). */
  halfWidthSw: 0.1,
  /** Rows from this far above the shoulders' line (the neck up to the chin)… */
  aboveSw: 0.5,
  /** …to this far below it (the skin a crew neck leaves bare above its front). */
  belowSw: 0.15,
} as const;

export interface NeckPoint {
  /** The shoulders' midpoint at the analysis size, px. */
  x: number;
  y: number;
}

/**
 * Skin of the photo in the neck zone (NECK_ZONE) that the drawn garment
 * covers, shoulder widths². A top's neckline replacing another's covers some
 * (a crew neck over a V-neck's opening); the inside back of a neck drawn
 * across the throat, or a garment drawn up the neck, covers a band of it.
 */
export function neckSkinCoveredSw2(cover: Mask, skin: Mask, neck: NeckPoint, swPx: number): number {
  const { width: w, height: h } = cover;
  const half = swPx * NECK_ZONE.halfWidthSw;
  const x0 = Math.max(0, Math.ceil(neck.x - half)), x1 = Math.min(w - 1, Math.floor(neck.x + half));
  const y0 = Math.max(0, Math.ceil(neck.y - swPx * NECK_ZONE.aboveSw)), y1 = Math.min(h - 1, Math.floor(neck.y + swPx * NECK_ZONE.belowSw));
  let n = 0;
  for (let y = y0; y <= y1; y++) {
    for (let x = x0; x <= x1; x++) if (cover.data[y * w + x]! >= 0.5 && skin.data[y * w + x]! >= 0.5) n++;
  }
  return n / Math.max(1, swPx * swPx);
}

/** Where old garment kept inside a new neckline is looked for, shoulder widths (sw) around the shoulders' midpoint. */
export const NECKLINE_ZONE = {
  /** Columns within this of the neck's centre line: a crew neck's opening is ~0.35 sw wide. */
  halfWidthSw: 0.15,
  /** Rows from this far above the shoulders' line (the neck up to the chin) down to the drawn garment's top edge. */
  aboveSw: 0.5,
} as const;

/**
 * The old garment kept as a layer beneath a new top or dress that shows
 * inside its neckline: pixels of `kept` above the drawn garment's top edge in
 * the neck opening's columns (NECKLINE_ZONE), shoulder widths². An old crew
 * neck's band or collar left between a lower new neckline and the neck reads
 * as a crescent of old garment across the throat, not as a layer worn beneath.
 * It reads only what the parse called old garment: a skin-coloured knit
 * parsed as skin is neither removed nor kept, and reads 0 here however much
 * of it shows (openingAndThroat's texture figure sees it).
 */
export function keptInNecklineSw2(kept: Mask, cover: Mask, neck: NeckPoint, swPx: number): number {
  const { width: w, height: h } = cover;
  const half = swPx * NECKLINE_ZONE.halfWidthSw;
  const x0 = Math.max(0, Math.ceil(neck.x - half)), x1 = Math.min(w - 1, Math.floor(neck.x + half));
  const y0 = Math.max(0, Math.ceil(neck.y - swPx * NECKLINE_ZONE.aboveSw));
  let n = 0;
  for (let x = x0; x <= x1; x++) {
    let top = y0;
    while (top < h && cover.data[top * w + x]! < 0.5) top++;
    if (top >= h) continue;
    for (let y = y0; y < top; y++) if (kept.data[y * w + x]! >= 0.5) n++;
  }
  return n / Math.max(1, swPx * swPx);
}

/** Pixels where `a` and `b` are both set (≥ 0.5): e.g. the person's hair under a drawn top. */
export function overlapArea(a: Mask, b: Mask): number {
  let n = 0;
  for (let i = 0; i < a.data.length; i++) if (a.data[i]! >= 0.5 && b.data[i]! >= 0.5) n++;
  return n;
}

/**
 * The person's bare legs beside a drawn lower garment: pixels of `legSkin`
 * (the photo's skin within the legs) not under `cover`, in rows where the
 * garment is drawn and above the higher of its two hems, shoulder widths².
 * Legwear covers the leg down to its hem, so bare leg beside it there is a
 * leg sticking out of it; below the higher hem a shin bare beside the other,
 * longer or lower leg is worn so (a step, a cropped flare).
 */
export function legSkinBesideSw2(legSkin: Mask, cover: Mask, swPx: number): number {
  const box = maskBounds(cover), skinBox = maskBounds(legSkin);
  const hem = box && higherHem(cover, box);
  if (!box || !skinBox || hem === null) return 0;
  const w = cover.width;
  // (rows of the cover's box, the only ones drawn on; in each the bare skin within its own box)
  let n = 0;
  for (let y = box.y0; y <= hem; y++) {
    let drawn = false, bare = 0;
    for (let i = y * w + box.x0, end = y * w + box.x1; i <= end && !drawn; i++) drawn = cover.data[i]! >= 0.5;
    if (!drawn) continue;
    for (let i = y * w + skinBox.x0, end = y * w + skinBox.x1; i <= end; i++) if (cover.data[i]! < 0.5 && legSkin.data[i]! >= 0.5) bare++;
    n += bare;
  }
  return n / Math.max(1, swPx * swPx);
}

/** The photo's skin within the legs' zone, less the hands' zone: a hand hanging beside the thigh is skin there, not a leg. */
export function legSkinOf(skin: Mask, legs: Mask, hands: Mask): Mask {
  const out = createMask(skin.width, skin.height);
  for (let i = 0; i < out.data.length; i++) out.data[i] = skin.data[i]! >= 0.5 && legs.data[i]! >= 0.5 && hands.data[i]! < 0.5 ? 1 : 0;
  return out;
}

/** The lowest drawn row left and right of the drawn pixels' mean column, the higher (smaller) of the two; null when nothing is drawn. */
function higherHem(cover: Mask, box: PixelBox): number | null {
  const w = cover.width;
  // (over the cover's box `box`, in raster order: the same sums)
  let sumX = 0, n = 0;
  for (let y = box.y0; y <= box.y1; y++) {
    for (let x = box.x0, i = y * w + x; x <= box.x1; x++, i++) if (cover.data[i]! >= 0.5) { sumX += x; n++; }
  }
  if (n === 0) return null;
  const centre = sumX / n;
  let left = -1, right = -1;
  for (let y = box.y0; y <= box.y1; y++) {
    for (let x = box.x0, i = y * w + x; x <= box.x1; x++, i++) {
      if (cover.data[i]! < 0.5) continue;
      if (x < centre) left = y; else right = y;
    }
  }
  return Math.min(left < 0 ? right : left, right < 0 ? left : right);
}

/**
 * The photo's bare hand skin (skin within the hands' zone) that the result
 * changed, shoulder widths². A garment is worn beneath the hands: a hand
 * hanging beside it, resting on it or in its pocket shows over it as it did
 * in the photo. Changed hand skin is a hand drawn over by the new garment or
 * painted out: a stub at the wrist, a thumb cut off at the hip.
 */
export function handSkinChangedSw2(skin: Mask, hands: Mask, changed: ArrayLike<number>, swPx: number): number {
  // (read in the hands' box only: no hand lies beyond it)
  const box = maskBounds(hands), w = hands.width, sd = skin.data, hd = hands.data;
  let n = 0;
  for (let y = box ? box.y0 : 0; box && y <= box.y1; y++) {
    for (let i = y * w + box.x0, end = y * w + box.x1; i <= end; i++) if (changed[i]! >= 0.5 && sd[i]! >= 0.5 && hd[i]! >= 0.5) n++;
  }
  return n / Math.max(1, swPx * swPx);
}

/** Where a new top's shoulders are compared with the person's, shoulder widths (sw) from the shoulders' midpoint. */
export const SHOULDER_ZONE = {
  /** Columns from this far beside the neck's centre line (outside any neck opening, which lies lower by design)… */
  innerSw: 0.2,
  /** …out to this far (past the shoulder joints, over the upper arm's top). */
  outerSw: 0.65,
  /** Only columns where the new garment's top edge is at most this far below the shoulders' line: a strap's or a low neckline's sides are not the garment's shoulder. */
  coverTopBelowSw: 0.35,
  /** The shoulders' top is looked for from this far above the shoulders' line (the pose's joints lie below it). */
  aboveSw: 0.4,
} as const;

/**
 * How far a new top's or dress's shoulders sit below the person's own, in
 * shoulder widths: over the shoulder zone's columns (SHOULDER_ZONE), the
 * median drop from the body's top edge (`body`: the person less hair) to the
 * drawn garment's top edge; null when no column has both. A top hangs from
 * the shoulders, its seam on their top: one drawn lower leaves the old
 * top's shoulders standing above it, or bare shoulders under a sleeved top.
 */
export function shoulderDropSw(body: Mask, cover: Mask, neck: NeckPoint, swPx: number): number | null {
  const { width: w, height: h } = cover;
  const z = SHOULDER_ZONE;
  const y0 = Math.max(0, Math.ceil(neck.y - swPx * z.aboveSw)), lowest = neck.y + swPx * z.coverTopBelowSw;
  const drops: number[] = [];
  for (let x = 0; x < w; x++) {
    const dx = Math.abs(x - neck.x);
    if (dx < swPx * z.innerSw || dx > swPx * z.outerSw) continue;
    let top = y0;
    while (top < h && cover.data[top * w + x]! < 0.5) top++;
    if (top > lowest) continue;
    let own = y0;
    while (own < top && body.data[own * w + x]! < 0.5) own++;
    drops.push(top - own);
  }
  return drops.length === 0 ? null : median(drops) / Math.max(1, swPx);
}

/**
 * Where what shows inside a sleeved top's drawn neck opening is read, shoulder
 * widths (sw) around the shoulders' midpoint.
 */
export const OPENING_ZONE = {
  /** Collar corners (the drawn top edge's highest points either side of the centre line) are looked for within this of it: a scoop's corners lie 0.2–0.3 out. */
  cornerReachSw: 0.3,
  /** The drawn top edge is looked for from this far above the shoulders' line (a top drawn up to the chin included). */
  aboveSw: 0.6,
  /** The opening is read from this far above the shoulders' line down to the drawn edge: the neck's base and the chest, not the throat. */
  fromAboveSw: 0.1,
  /** The throat's skin, the reference, is read within this of the centre line… */
  throatHalfSw: 0.08,
  /** …between these heights above the shoulders' line (below the chin's shadow, above the neck's base). */
  throatRowsSw: [0.4, 0.2] as readonly [number, number],
} as const;

/**
 * The lower part of a drawn neck opening and the throat's skin above it
 * (OPENING_ZONE), new masks at the analysis size; null when the drawn top
 * edge has no collar corner on one side of the centre line. The opening is
 * what lies below the straight line joining the collar corners (the highest
 * drawn row each side) and above the drawn top edge, from fromAboveSw above
 * the shoulders' line down; the throat is the photo's skin on the centre line.
 */
export function openingAndThroat(cover: Mask, skin: Mask, neck: NeckPoint, swPx: number): { opening: Mask; throat: Mask } | null {
  const { width: w, height: h } = cover, Z = OPENING_ZONE;
  const tops = topEdge(cover, neck, swPx);
  const cx = Math.round(neck.x), left = highest(tops, cx, (x) => x < cx), right = highest(tops, cx, (x) => x > cx);
  if (!left || !right) return null;
  const opening = createMask(w, h), throat = createMask(w, h), from = neck.y - swPx * Z.fromAboveSw;
  for (let x = left.x + 1; x < right.x; x++) {
    const top = tops.get(x), line = left.y + ((right.y - left.y) * (x - left.x)) / (right.x - left.x);
    if (top !== undefined) for (let y = Math.max(0, Math.ceil(Math.max(from, line))); y < top; y++) opening.data[y * w + x] = 1;
  }
  const x0 = Math.max(0, Math.ceil(neck.x - swPx * Z.throatHalfSw)), x1 = Math.min(w - 1, Math.floor(neck.x + swPx * Z.throatHalfSw));
  const y0 = Math.max(0, Math.ceil(neck.y - swPx * Z.throatRowsSw[0])), y1 = Math.min(h - 1, Math.floor(neck.y - swPx * Z.throatRowsSw[1]));
  for (let y = y0; y <= y1; y++) for (let x = x0; x <= x1; x++) if (skin.data[y * w + x]! >= 0.5) throat.data[y * w + x] = 1;
  return { opening, throat };
}

/** The drawn top edge's row in each column within cornerReachSw of the neck's centre line, from aboveSw above the shoulders' line (OPENING_ZONE); columns with nothing drawn are left out. */
function topEdge(cover: Mask, neck: NeckPoint, swPx: number): Map<number, number> {
  const { width: w, height: h } = cover;
  const reach = Math.round(swPx * OPENING_ZONE.cornerReachSw), cx = Math.round(neck.x);
  const y0 = Math.max(0, Math.ceil(neck.y - swPx * OPENING_ZONE.aboveSw));
  const tops = new Map<number, number>();
  for (let x = Math.max(0, cx - reach); x <= Math.min(w - 1, cx + reach); x++) {
    let y = y0;
    while (y < h && cover.data[y * w + x]! < 0.5) y++;
    if (y < h) tops.set(x, y);
  }
  return tops;
}

/** The highest (smallest-row) top among the columns `side` accepts, the one nearest `cx` on ties; null when none. */
function highest(tops: Map<number, number>, cx: number, side: (x: number) => boolean): { x: number; y: number } | null {
  let best: { x: number; y: number } | null = null;
  for (const [x, y] of tops) {
    if (!side(x)) continue;
    if (!best || y < best.y || (y === best.y && Math.abs(x - cx) < Math.abs(best.x - cx))) best = { x, y };
  }
  return best;
}

/**
 * Mean |4-neighbour Laplacian| of the luminance of `image` (full size) over
 * the full-size pixels under the set pixels of `where` (analysis size, any
 * smaller scale) whose four neighbours lie under them too; null when none.
 * Read at full size: a knit's rib, a shirt's weave or a collar's stitching
 * is lost at the analysis size. The edge against what lies outside (the
 * drawn neckline, the hair) is not the texture inside.
 */
export function footprintTexture(image: RgbImage, where: Mask): number | null {
  const { width: W, height: H, channels: ch, data } = image;
  const sx = W / where.width, sy = H / where.height;
  const lum = (i: number) => lumaOf(data[i * ch]!, data[i * ch + 1]!, data[i * ch + 2]!);
  const under = (fx: number, fy: number) => where.data[Math.min(where.height - 1, Math.floor(fy / sy)) * where.width + Math.min(where.width - 1, Math.floor(fx / sx))]! >= 0.5;
  let sum = 0, n = 0;
  for (let y = 0; y < where.height; y++) {
    for (let x = 0; x < where.width; x++) {
      if (where.data[y * where.width + x]! < 0.5) continue;
      for (let fy = Math.max(1, Math.floor(y * sy)); fy < Math.min(H - 1, Math.floor((y + 1) * sy)); fy++) {
        for (let fx = Math.max(1, Math.floor(x * sx)), i = fy * W + fx; fx < Math.min(W - 1, Math.floor((x + 1) * sx)); fx++, i++) {
          if (!under(fx - 1, fy) || !under(fx + 1, fy) || !under(fx, fy - 1) || !under(fx, fy + 1)) continue;
          sum += Math.abs(4 * lum(i) - lum(i - 1) - lum(i + 1) - lum(i - W) - lum(i + W));
          n++;
        }
      }
    }
  }
  return n === 0 ? null : sum / n;
}
