/**
 * The real neck's and shoulders' skin the removal reaches. Where a new top
 * uncovers the neck and shoulders, the old garment's removal (its fringe and
 * the few px it is grown by) reaches a little onto the visible neck and the
 * trapezius beside it, and the bare body's shape there (the neck redrawn to
 * its measured width, bare-neck.ts) can lie inside the real neck's side: the
 * background fill was drawn over real skin there, and the made shoulder met
 * the real neck in a notch of background with hard edges. The parse's skin
 * right beside the visible skin, in the neck and shoulders' zone of the pose,
 * in pieces that reach the made skin and have a skin's grain, and only where
 * it stands on the skin below it (standing), is skin: the skin fill's weight
 * takes it.
 *
 * Only in that zone (between the chin and the shoulder points, never down the
 * arms below them) and only with grain: beside a forearm, a skin-coloured
 * backdrop that the parse called skin took the skin fill and drew a skin
 * strip along the arm; a flat backdrop has no grain, skin has some.
 */
import { copyMask, createMask, lumaOf, type Mask } from '../../vision/image.js';
import { components } from '../../vision/mask-ops.js';
import type { Point } from '../../vision/raster.js';
import type { PixelBox } from '../../vision/box-distance.js';
import { boundedChessboardDistance } from '../../vision/box-distance.js';
import { medianInPlace } from '../../vision/robust-stats.js';

/** The pose's neck and shoulders, analysis px: the chin (the neck's top) and the two shoulder points. */
export interface NeckZone {
  chin: Point;
  shoulders: [Point, Point];
}

/** Which parse skin beside the visible skin the skin fill takes (withSeenNeckSkin); sizes in shoulder widths (sw). */
export const SEEN_SKIN = {
  /**
   * How far from the visible skin (the fill's samples, 1 px inside the skin)
   * the parse's skin is taken: the strips of the real neck's side the removal
   * took were 1–4 analysis px wide (sw 80–110 px); farther, the parse's skin
   * under a removed collar is less sure to be the neck's.
   */
  besideSw: 0.06,
  /**
   * The zone's reach below the line between the shoulder points: the top of
   * the shoulders lies above it. Lower down are the arms, beside which a
   * skin-coloured backdrop was taken for skin.
   */
  belowShouldersSw: 0.05,
  /** The zone's reach across, from the shoulders' midpoint: the shoulder points themselves (half a shoulder width). */
  acrossSw: 0.5,
  /**
   * Grain: the median over a window (grainRadiusPx) of the luma's Laplacian
   * magnitude, against the visible skin's in the zone. A piece whose pixels'
   * median has less than this share of it is flat: a backdrop (visible necks'
   * skin measured a median 1.1–2.1 luma levels; a flat sweep has only its
   * compression noise).
   */
  grainShare: 0.5,
  /** Radius of the window the grain's median is taken over, analysis px: an edge crossing it (the arm's, the garment's) covers under half of it. */
  grainRadiusPx: 2,
} as const;

/** The zone test at the analysis size: whether (x, y) lies between the chin and the shoulder line (and belowShouldersSw below it), within the shoulder points across. */
export function inNeckZone(zone: NeckZone): (x: number, y: number) => boolean {
  const [l, r] = zone.shoulders;
  const mx = (l.x + r.x) / 2, my = (l.y + r.y) / 2;
  const sw = Math.max(1e-6, Math.hypot(r.x - l.x, r.y - l.y));
  const ax = (r.x - l.x) / sw, ay = (r.y - l.y) / sw;
  // (down: across turned a quarter, pointing down the image)
  const s = ax >= 0 ? 1 : -1, dx = -ay * s, dy = ax * s;
  const top = Math.min(0, (zone.chin.x - mx) * dx + (zone.chin.y - my) * dy);
  const below = SEEN_SKIN.belowShouldersSw * sw, across = SEEN_SKIN.acrossSw * sw;
  return (x, y) => {
    const px = x + 0.5 - mx, py = y + 0.5 - my;
    const v = px * dx + py * dy;
    return v >= top && v <= below && Math.abs(px * ax + py * ay) <= across;
  };
}

/**
 * `shape` (the skin fill's weight) with the parse's skin (`at.skin` ≥ 0.5 on
 * the matte) within besideSw of the visible skin (`at.seenSkin`), in the neck
 * zone, set to 1 in the pieces (4-connected) with a skin's grain (grainOf on
 * `at.rgb`, 3 floats a pixel: the piece's median against the visible skin's);
 * only within `box`. A new mask when any pixel is set, `shape` itself when none.
 */
export function withSeenNeckSkin(shape: Mask, at: { skin: Mask; matte: Mask; seenSkin: Mask; rgb: Float32Array }, zone: NeckZone, box: PixelBox, swPx: number): Mask {
  const { width: w, height: h } = shape;
  const inZone = inNeckZone(zone);
  const reach = Math.max(1, Math.round(SEEN_SKIN.besideSw * swPx));
  const b = { x0: Math.max(0, box.x0), y0: Math.max(0, box.y0), x1: Math.min(w - 1, box.x1), y1: Math.min(h - 1, box.y1) };
  const near = boundedChessboardDistance(at.seenSkin, reach + 1, b);
  const picked = createMask(w, h);
  let any = false;
  for (let y = b.y0; y <= b.y1; y++) {
    for (let x = b.x0; x <= b.x1; x++) {
      const i = y * w + x;
      if (shape.data[i]! >= 1 || near[i]! > reach || near[i]! === 0) continue;
      if (at.skin.data[i]! < 0.5 || at.matte.data[i]! < 0.5 || !inZone(x, y)) continue;
      picked.data[i] = 1;
      any = true;
    }
  }
  if (!any || !standing(picked, (j) => shape.data[j]! >= 0.5 || at.seenSkin.data[j]! >= 0.5, b)) return shape;
  const ref = seenGrain(at.rgb, at.seenSkin, inZone, b, reach);
  const grained = grainedPieces(picked, { rgb: at.rgb, made: (j) => shape.data[j]! >= 0.5 && near[j]! > 1 }, ref === null ? 0 : SEEN_SKIN.grainShare * ref, b);
  const out = copyMask(shape);
  let set = false;
  for (let y = b.y0; y <= b.y1; y++) {
    for (let i = y * w + b.x0; i <= y * w + b.x1; i++) {
      if (picked.data[i]! < 0.5 || !grained.has(grained.labels[i]!)) continue;
      out.data[i] = 1;
      set = true;
    }
  }
  return set ? out : shape;
}

/**
 * Clears the pixels of `picked` that do not stand on skin: a pixel stays when
 * the one below it (the image's down, the shoulders' line lying across) is
 * `skin` (a pixel index's test: made or visible) or a pixel of `picked` that
 * stays, so each column of it reaches down onto the skin unbroken. Skin taken
 * with the background under it overhung the made shoulder beside the neck as
 * a tab with a hard edge; the notch between the real neck and the made
 * shoulder is filled from the shoulder up. Within `box`; whether any pixel stays.
 */
function standing(picked: Mask, skin: (j: number) => boolean, b: PixelBox): boolean {
  const { width: w, height: h } = picked;
  let any = false;
  for (let y = b.y1; y >= b.y0; y--) {
    for (let i = y * w + b.x0; i <= y * w + b.x1; i++) {
      if (picked.data[i]! < 0.5) continue;
      const below = i + w;
      if (y < h - 1 && (skin(below) || picked.data[below]! >= 0.5)) any = true;
      else picked.data[i] = 0;
    }
  }
  return any;
}

/**
 * The pieces (4-connected) of `picked` that touch made skin (`at.made`, a
 * pixel index's test) and whose pixels' median grain (grainOf on `at.rgb`)
 * reaches `least`: their labels, and the labels per pixel. A piece that
 * touches no made skin closes no notch between the real neck and the made
 * shoulder: taken, it stood out of the neck's outline as a tab. Grain judged
 * per piece, not per pixel: a smooth lit shoulder's pixels fell under it
 * inside and passed along its outline (an edge is grain to the Laplacian),
 * and a ring of made skin was drawn round the real skin.
 */
function grainedPieces(picked: Mask, at: { rgb: Float32Array; made: (j: number) => boolean }, least: number, b: PixelBox): { labels: Int32Array; has: (label: number) => boolean } {
  const { width: w, height: h } = picked;
  const { labels, sizes } = components(picked);
  const values = sizes.map((n) => new Float64Array(n));
  const count = new Int32Array(sizes.length);
  const touches = new Uint8Array(sizes.length);
  for (let y = b.y0; y <= b.y1; y++) {
    for (let x = b.x0, i = y * w + x; x <= b.x1; x++, i++) {
      const l = labels[i]!;
      if (l <= 0) continue;
      values[l]![count[l]!++] = grainOf(at.rgb, w, h, i);
      if ((x > 0 && at.made(i - 1)) || (x < w - 1 && at.made(i + 1)) || (y > 0 && at.made(i - w)) || (y < h - 1 && at.made(i + w))) touches[l] = 1;
    }
  }
  const ok = values.map((v, l) => l > 0 && touches[l] === 1 && medianInPlace(v, count[l]!) >= least);
  return { labels, has: (l) => ok[l] === true };
}

/** The visible skin's grain in the zone (grainOf's median over its pixels within `box` grown by `pad`), or null when none lies there. */
function seenGrain(rgb: Float32Array, seen: Mask, inZone: (x: number, y: number) => boolean, box: PixelBox, pad: number): number | null {
  const { width: w, height: h } = seen;
  const values: number[] = [];
  for (let y = Math.max(0, box.y0 - pad); y <= Math.min(h - 1, box.y1 + pad); y++) {
    for (let x = Math.max(0, box.x0 - pad); x <= Math.min(w - 1, box.x1 + pad); x++) {
      const i = y * w + x;
      if (seen.data[i]! >= 0.5 && inZone(x, y)) values.push(grainOf(rgb, w, h, i));
    }
  }
  return values.length ? medianInPlace(Float64Array.from(values)) : null;
}

/** The luma's Laplacian magnitude's median over the window of SEEN_SKIN.grainRadiusPx around pixel `i` (inner pixels of the frame only). */
export function grainOf(rgb: Float32Array, w: number, h: number, i: number): number {
  const r = SEEN_SKIN.grainRadiusPx, cx = i % w, cy = (i - cx) / w;
  const L = (x: number, y: number) => {
    const j = (y * w + x) * 3;
    return lumaOf(rgb[j]!, rgb[j + 1]!, rgb[j + 2]!);
  };
  const values = new Float64Array((2 * r + 1) ** 2);
  let n = 0;
  for (let y = Math.max(1, cy - r); y <= Math.min(h - 2, cy + r); y++) {
    for (let x = Math.max(1, cx - r); x <= Math.min(w - 2, cx + r); x++) values[n++] = Math.abs(4 * L(x, y) - L(x - 1, y) - L(x + 1, y) - L(x, y - 1) - L(x, y + 1)) / 4;
  }
  return n ? medianInPlace(values, n) : 0;
}
