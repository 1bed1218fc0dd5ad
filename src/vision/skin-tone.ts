/**
 * The made skin's tone kept to the person's own. A membrane fill spreads the
 * samples at its border; where few real skin pixels border a large fill (a
 * chest and both arms made under a new top, a face and hands the only skin
 * in sight) it carries one sample's colour far, and its albedo, lifted by the
 * silhouette's shading and the neck's light, came out lighter and more
 * saturated than any skin in the photo: an orange chest under a dark face.
 * Each made pixel's chromaticity (its share of R, G, B) is held within the
 * range the visible skin spans, and its brightness below the range's top;
 * inside that range the fill is left as it is. Never brightened: a made
 * limb's side is darker than any skin seen (its form shading, bare-body.ts).
 */
import { createMask, type Mask } from './image.js';
import { boxBlurOwnPlane, maskBounds } from './mask-ops.js';
import { blurCropBox, cropMask, type PixelBox } from './box-distance.js';
import type { Box } from './skin-texture.js';
import { kthSmallest } from './robust-stats.js';

export const SKIN_TONE_RANGE = {
  /**
   * Share of the visible skin's pixels below the range's low end and above
   * its high end, per chromaticity channel (above it for brightness): highlights,
   * lips and a shadow's edge lie outside it; the fixtures' faces and arms
   * span shares of R 0.40–0.47 within it, a too-orange fill measured 0.50.
   */
  tailShare: 0.1,
  /** Fewest visible skin pixels for a range: fewer are no measure of the person's skin. */
  minSamples: 200,
} as const;

/** The visible skin's range: per channel the chromaticity's low and high ends, and the brightness's top (sum of R, G, B). */
export interface SkinToneRange {
  shareLo: [number, number, number];
  shareHi: [number, number, number];
  sumHi: number;
}

/** The index of the value at share `q` (0..1) of `n` sorted values. */
function quantileIndex(n: number, q: number): number {
  return Math.min(n - 1, Math.max(0, Math.round(q * (n - 1))));
}

/** The values at shares `qLo` and `qHi` (qLo ≤ qHi) of `values` (reordered in place), as a sort would give them. */
function quantilePair(values: Float64Array, qLo: number, qHi: number): [number, number] {
  const n = values.length;
  return [kthSmallest(values, quantileIndex(n, qLo)), kthSmallest(values, quantileIndex(n, qHi))];
}

/** The range (SKIN_TONE_RANGE) of `rgb` (3 floats per pixel) over the `known` skin pixels (≥ 0.5); null with fewer than minSamples. */
export function skinToneRange(rgb: Float32Array, known: Mask): SkinToneRange | null {
  const kd = known.data;
  // (typed arrays filled in plain loops: per-pixel closures and a number[] of indices cost more than the measure)
  let n = 0, count = 0;
  for (let i = 0; i < kd.length; i++) if (kd[i]! >= 0.5) count++;
  // (sized by the known pixels, not the frame: two full planes a call were most of its allocation)
  const sums = new Float64Array(count);
  const idx = new Int32Array(count);
  for (let i = 0; i < kd.length; i++) {
    if (kd[i]! < 0.5) continue;
    const sum = rgb[i * 3]! + rgb[i * 3 + 1]! + rgb[i * 3 + 2]!;
    if (sum > 0) {
      sums[n] = sum;
      idx[n++] = i;
    }
  }
  if (n < SKIN_TONE_RANGE.minSamples) return null;
  const t = SKIN_TONE_RANGE.tailShare;
  const shares = new Float64Array(n);
  const shareLo: [number, number, number] = [0, 0, 0], shareHi: [number, number, number] = [0, 0, 0];
  for (let c = 0; c < 3; c++) {
    for (let k = 0; k < n; k++) shares[k] = rgb[idx[k]! * 3 + c]! / sums[k]!;
    [shareLo[c], shareHi[c]] = quantilePair(shares, t, 1 - t);
  }
  // (last: the selection reorders the sums the shares were divided by)
  return { shareLo, shareHi, sumHi: kthSmallest(sums.subarray(0, n), quantileIndex(n, 1 - t)) };
}

/**
 * `fill` (3 floats per pixel, width `w`) with each pixel in `box` that is not
 * known skin held within `range` (a new plane): its chromaticity clamped per
 * channel and renormalised, its brightness at most the range's top.
 */
export function withinSkinTone(fill: Float32Array, w: number, known: Mask, range: SkinToneRange, box: Box): Float32Array {
  return withinSkinToneOwn(fill.slice(), w, known, range, box);
}

/**
 * `withinSkinTone` of a plane the caller made for it and reads no more, in
 * place (returned; each pixel reads only its own values): the copy is a whole
 * frame's plane per call, where the box is a part of it.
 */
export function withinSkinToneOwn(fill: Float32Array, w: number, known: Mask, range: SkinToneRange, box: Box): Float32Array {
  const out = fill;
  const h = known.height;
  const [lo0, lo1, lo2] = range.shareLo, [hi0, hi1, hi2] = range.shareHi;
  for (let y = Math.max(0, box.y0); y <= Math.min(h - 1, box.y1); y++) {
    for (let x = Math.max(0, box.x0); x <= Math.min(w - 1, box.x1); x++) {
      const i = y * w + x;
      if (known.data[i]! >= 0.5) continue;
      const sum = fill[i * 3]! + fill[i * 3 + 1]! + fill[i * 3 + 2]!;
      if (sum <= 0) continue;
      // (scalars, not an array allocated per made pixel)
      const s0 = Math.min(hi0, Math.max(lo0, fill[i * 3]! / sum));
      const s1 = Math.min(hi1, Math.max(lo1, fill[i * 3 + 1]! / sum));
      const s2 = Math.min(hi2, Math.max(lo2, fill[i * 3 + 2]! / sum));
      const total = s0 + s1 + s2;
      const bright = Math.min(range.sumHi, sum);
      out[i * 3] = (bright * s0) / total;
      out[i * 3 + 1] = (bright * s1) / total;
      out[i * 3 + 2] = (bright * s2) / total;
    }
  }
  return out;
}

/**
 * The lit tone of the visible skin around made skin. The skin that borders a
 * removed garment lies in its shadow (a wrist under a cuff, the neck under the
 * chin and a collar), and a membrane fill carries that border's colour along
 * a whole made arm: darker and more saturated than the person's lit skin, and
 * in streaks where the border's shade varies. A limb's lit middle is as the
 * visible skin's lit part nearby: the mean colour of the visible skin pixels
 * within `reachSw` brighter than their neighbourhood's mean (the brighter
 * half: about the mean plus 0.8 sd, the spread's lit end, with its own
 * chroma — lit skin is less saturated than its shade).
 */
export const LIT_SKIN_TONE = {
  /** Reach of the visible skin that sets a pixel's tone, shoulder widths: a hand's or a neck's whole width from its border. */
  reachSw: 0.25,
  /** Share of the reach's full weight of samples below which a pixel's tone is spread from farther (push-pull). */
  minWeight: 0.02,
  /** Box blur passes of the reach (two: a triangle, weighing the nearer skin more). */
  passes: 2,
} as const;

/**
 * Per pixel the lit tone (LIT_SKIN_TONE) of the `known` skin (≥ 0.5) of `rgb`
 * (3 floats per pixel, the mask's size) around it, spread by `spread` (a
 * fill of 3 floats per pixel from soft-known samples) where no skin is within
 * reach; `reachPx` the reach in px. Null when no skin is known.
 */
export function litSkinTone(rgb: Float32Array, known: Mask, reachPx: number, spread: (plane: Float32Array, weight: Mask) => Float32Array): Float32Array | null {
  const { width: w, height: h } = known;
  const skin = maskBounds(known);
  if (!skin) return null;
  const lit = litSamples(rgb, known, reachPx, skin);
  const plane = new Float32Array(w * h * 3);
  const weight = createMask(w, h);
  if (lit.box) litMeans(rgb, lit, reachPx, { plane, weight });
  return spread(plane, weight);
}

/**
 * The visible skin pixels of `known` (≥ 0.5, inside its box `skin`) brighter
 * than their neighbourhood's mean (litSkinTone), a frame-sized mask, and
 * their box (null when none). The neighbourhood's blurs are read on the
 * skin only, so they are worked out on its box grown by their spread
 * (blurCropBox): the planes are 0 beyond the skin.
 */
function litSamples(rgb: Float32Array, known: Mask, reachPx: number, skin: PixelBox): { mask: Mask; box: PixelBox | null } {
  const { width: w, height: h } = known;
  const P = LIT_SKIN_TONE.passes;
  const c = blurCropBox(skin, 0, reachPx, P, w, h);
  const cw = c.x1 - c.x0 + 1, cn = cw * (c.y1 - c.y0 + 1);
  const k = new Float32Array(cn), kl = new Float32Array(cn);
  // (the crop's pixel j = (y − c.y0)·cw + x − c.x0 is the frame's y·w + x)
  for (let y = skin.y0; y <= skin.y1; y++) {
    for (let x = skin.x0, i = y * w + x, j = (y - c.y0) * cw + x - c.x0; x <= skin.x1; x++, i++, j++) {
      if (known.data[i]! < 0.5) continue;
      k[j] = 1;
      kl[j] = rgb[i * 3]! + rgb[i * 3 + 1]! + rgb[i * 3 + 2]!;
    }
  }
  // (blurred in place: a pixel's own weight and brightness are read again from `known` and `rgb`, as float32)
  const bk = boxBlurOwnPlane(k, cw, cn / cw, reachPx, P), bl = boxBlurOwnPlane(kl, cw, cn / cw, reachPx, P);
  const mask = createMask(w, h);
  let x0 = w, y0 = h, x1 = -1, y1 = -1;
  for (let y = skin.y0; y <= skin.y1; y++) {
    for (let x = skin.x0, i = y * w + x, j = (y - c.y0) * cw + x - c.x0; x <= skin.x1; x++, i++, j++) {
      if (known.data[i]! < 0.5 || Math.fround(rgb[i * 3]! + rgb[i * 3 + 1]! + rgb[i * 3 + 2]!) * bk[j]! < bl[j]!) continue;
      mask.data[i] = 1;
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      y0 = Math.min(y0, y);
      y1 = y;
    }
  }
  return { mask, box: x1 >= 0 ? { x0, y0, x1, y1 } : null };
}

/**
 * Into `out` (zeros, the frame's size) the lit samples' mean colour around
 * each pixel (`plane`, 3 floats a pixel) and its weight: where their blur
 * (LIT_SKIN_TONE.passes passes of `reachPx`) is above 1e-6. That is within
 * the blur's spread of their box, and the blurs are worked out on the box
 * grown by it twice (blurCropBox): the same values there as the frame's, and
 * beyond it the frame's are 0 (or a rounding residue far below 1e-6).
 */
function litMeans(rgb: Float32Array, lit: { mask: Mask; box: PixelBox | null }, reachPx: number, out: { plane: Float32Array; weight: Mask }): void {
  const { width: w, height: h } = lit.mask;
  const P = LIT_SKIN_TONE.passes, spreadPx = P * Math.max(0, Math.round(reachPx));
  const c = blurCropBox(lit.box!, spreadPx, reachPx, P, w, h);
  const cw = c.x1 - c.x0 + 1, ch = c.y1 - c.y0 + 1;
  const lw = cropMask(lit.mask, c).data;
  const sums = [0, 1, 2].map(() => new Float32Array(cw * ch));
  for (let y = c.y0, j = 0; y <= c.y1; y++) {
    for (let x = c.x0, i = y * w + x; x <= c.x1; x++, i++, j++) {
      if (lw[j] === 0) continue;
      for (let k = 0; k < 3; k++) sums[k]![j] = rgb[i * 3 + k]!;
    }
  }
  // (the lit samples are read no more: blurred in place)
  const bw = boxBlurOwnPlane(lw, cw, ch, reachPx, P);
  for (const s of sums) boxBlurOwnPlane(s, cw, ch, reachPx, P);
  for (let y = c.y0, j = 0; y <= c.y1; y++) {
    for (let x = c.x0, i = y * w + x; x <= c.x1; x++, i++, j++) {
      const b = bw[j]!;
      if (b <= 1e-6) continue;
      out.weight.data[i] = Math.min(1, b / LIT_SKIN_TONE.minWeight);
      for (let k = 0; k < 3; k++) out.plane[i * 3 + k] = sums[k]![j]! / b;
    }
  }
}
