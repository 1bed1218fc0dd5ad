/**
 * Inside the garment, which of two renderings to trust (analysis size):
 * our fit (the garment photo's real texture and colour, our geometry) or the
 * coarse image recoloured to the garment's colours (its geometry and folds).
 * Our fit wins where its structure lines up with the coarse image's; where it
 * does not (a strap, a print or a hem in another place) the coarse geometry is
 * kept: a classical warp is no match for a generative model's drape.
 */
import { createMask, luma, type Mask, type RgbImage } from '../../vision/image.js';
import { boxBlurOwnPlane, boxBlurPlane, maskBounds, nonZeroSpan } from '../../vision/mask-ops.js';
import { cropPlane, grownBox, type PixelBox } from '../../vision/box-distance.js';
import { EMPTY_BOX } from '../../vision/raster.js';
import { extractPalette, paletteDistance2 } from '../../vision/palette.js';
import { pushPullFill } from '../../vision/inpaint.js';
import { axisReach, createSampler, createTaps, sample1, tapSample3, tapsAt, type Sampler } from '../../vision/mask-sampler.js';

/** Recolouring reach, shoulder widths: larger than a fold or a print's detail, smaller than a colour block (a sleeve, a yoke). */
const RECOLOUR_RADIUS_SW = 0.12;
/**
 * Per-channel gains are clamped to this range: beyond it the coarse engine
 * drew something else there. Gains, not offsets: an offset measured on the lit
 * part of a sleeve pushed its shadowed part to pure red (a red forearm's
 * green channel at 0); a gain scales light and shadow alike.
 */
const GAIN_MIN = 0.33;
const GAIN_MAX = 3;
/** Added to both local means before their ratio, levels: near-black garments (means of 10–20) get no wild gains. */
const GAIN_EPS = 8;
/** Band-pass for the alignment test, analysis px (~2–8 full-size px): print edges and seams, not noise, not shading. */
const BAND_FINE_PX = 1;
const BAND_COARSE_PX = 4;
/** Window of the local correlation, analysis px. */
const NCC_RADIUS_PX = 4;
/** Band energy (mean squared, luma levels²) below which a window counts as flat. */
const FLAT_ENERGY = 4;
/**
 * Correlation from which our fit counts as aligned (weight 0 below the first,
 * 1 above the second). Measured with the refine quality review on six of its
 * degraded pairs: 0.15–0.55 kept misaligned folds and straps of our fit (mean
 * SSIM inside the garment 0.681), 0.3–0.7 gave 0.690, 0.5–0.9 0.696 but
 * trades our texture for the coarse blur, which a sharp coarse result would
 * not have.
 */
const NCC_LOW = 0.3;
const NCC_HIGH = 0.7;
/** Colour gap (RGB distance of 2 px local means, after recolouring) up to which the two agree fully; twice it, not at all. */
const COLOUR_AGREE_D = 30;
const COLOUR_BLUR_PX = 2;
/** The 1 px gap may be this much larger (a print's fine line against the coarse image's softer one). */
const FINE_GAP_FACTOR = 1.6;
/**
 * Our fit's weight where both renderings are flat: the colours agree after
 * recolouring and the texture decides nothing, so the coarse image's folds
 * (0.6 here let our fit's own shading streaks through on worn garments).
 */
const FLAT_WEIGHT = 0.3;


/** The band-pass of luma plane `l`, which it takes as its own (blurred in place: a plane's copy per blur saved). */
function band(l: Float32Array, w: number, h: number): Float32Array {
  const fine = boxBlurPlane(l, w, h, BAND_FINE_PX, 1);
  const coarse = boxBlurOwnPlane(l, w, h, BAND_COARSE_PX, 2);
  for (let i = 0; i < fine.length; i++) fine[i] = fine[i]! - coarse[i]!;
  return fine;
}

/**
 * Per-channel gains (3 floats per pixel) that move the coarse image's colours
 * to our fit's, measured where both show the garment (`both`) as the ratio of
 * their local means (normalised convolution over `both`), and carried by a
 * push-pull fill to the rest of the plane. The means are blurred on `both`'s
 * box grown by blurBoxMargin only (recolourBox): the planes are 0 outside
 * `both`, and the blur's sums there are the frame's to the last bit.
 */
export function recolourField(ours: RgbImage, coarse: RgbImage, both: Mask, shoulderWidthPx: number): Float32Array {
  const { width: w, height: h } = both;
  const n = w * h;
  const r = Math.max(2, shoulderWidthPx * RECOLOUR_RADIUS_SW);
  const values = new Float32Array(n * 3).fill(1);
  const b = grownBox(maskBounds(both), blurBoxMargin(r, 2), w, h);
  // (no garment in both: no weight anywhere, as the frame's blur of zeros)
  if (!b) return values;
  const cw = b.x1 - b.x0 + 1, chh = b.y1 - b.y0 + 1, cn = cw * chh;
  // (the box's pixel j = y·cw + x is the frame's (y + b.y0)·w + x + b.x0: walked by rows, no division per pixel)
  const cb = new Float32Array(cn);
  for (let y = 0; y < chh; y++) cb.set(both.data.subarray((y + b.y0) * w + b.x0, (y + b.y0) * w + b.x1 + 1), y * cw);
  const known = createMask(w, h);
  const num: Float32Array[] = [], den: Float32Array[] = [];
  for (let c = 0; c < 3; c++) {
    const a = new Float32Array(cn), bb = new Float32Array(cn);
    for (let y = 0, j = 0; y < chh; y++) {
      for (let x = 0, i = (y + b.y0) * w + b.x0; x < cw; x++, j++, i++) {
        if (cb[j]! < 0.5) continue;
        a[j] = ours.data[i * ours.channels + c]!;
        bb[j] = coarse.data[i * coarse.channels + c]!;
      }
    }
    // (in place: `a` and `bb` are read no more)
    num.push(boxBlurOwnPlane(a, cw, chh, r, 2));
    den.push(boxBlurOwnPlane(bb, cw, chh, r, 2));
  }
  // (the box's copy of `both` blurred in place: read no more)
  const weight = boxBlurOwnPlane(cb, cw, chh, r, 2);
  for (let y = 0, j = 0; y < chh; y++) {
    for (let x = 0, i = (y + b.y0) * w + b.x0; x < cw; x++, j++, i++) {
      const wt = weight[j]!;
      if (wt < 0.05) continue;
      known.data[i] = Math.min(1, wt * 2);
      for (let c = 0; c < 3; c++) {
        const g = (num[c]![j]! / wt + GAIN_EPS) / (den[c]![j]! / wt + GAIN_EPS);
        values[i * 3 + c] = Math.max(GAIN_MIN, Math.min(GAIN_MAX, g));
      }
    }
  }
  if (allZero(known.data)) return values;
  return pushPullFill(values, known);
}

/**
 * How far past a plane's non-zero box a box blur (radius `radius`, `passes`
 * passes: vision/mask-ops.ts boxBlurPlane) is worked out on a crop for the
 * frame's values: its spread (passes × r), and as far again and a radius
 * more for the crop's edge, where the running column sums' rounding residue
 * (≈ 1e-16, below every threshold read) is divided by a clipped window.
 * Within the spread the crop's sums are the frame's: the same additions of
 * the same values, zeros before them.
 */
export function blurBoxMargin(radius: number, passes: number): number {
  const r = Math.max(1, Math.round(radius));
  return 2 * passes * r + r + 2;
}

/**
 * How far in from a crop's right and bottom edges alignmentWeight's values
 * can differ from the frame's, px: a blur's window clipped at the crop's edge
 * (where the frame's runs on) changes the values within its radius of it,
 * and each later blur spreads that by its own radius — the band's coarse blur
 * (two passes), the correlation's window and the final 1 px blur; the colour
 * gap's blurs reach less. One px to spare.
 */
const ALIGN_CROP_REACH_PX = Math.max(2 * BAND_COARSE_PX + NCC_RADIUS_PX, COLOUR_BLUR_PX + 1) + 1 + 1;

/**
 * Our fit's weight against the recoloured coarse image, per pixel: the local
 * normalised correlation of the two renderings' band-passed luma (their
 * print edges and seams in the same places), FLAT_WEIGHT where both are flat.
 * Worked out inside `readBox` only (0 beyond its crop; an empty box: all 0;
 * none: the whole frame), on the frame's corner from (0, 0) to
 * the box grown by ALIGN_CROP_REACH_PX: a box blur's running sums go from the
 * frame's first column and row, so a crop that starts there adds the same
 * values in the same order, and only its own right and bottom edges, kept
 * that far from the box, clip a window the frame would not.
 */
export function alignmentWeight(ours: RgbImage, coarse: RgbImage, gains: Float32Array, readBox?: PixelBox): Mask {
  const { width: w, height: h } = ours;
  if (readBox && (readBox.x1 < readBox.x0 || readBox.y1 < readBox.y0)) return createMask(w, h);
  const corner = { x0: 0, y0: 0, x1: Math.min(w - 1, (readBox?.x1 ?? w) + ALIGN_CROP_REACH_PX), y1: Math.min(h - 1, (readBox?.y1 ?? h) + ALIGN_CROP_REACH_PX) };
  const cw = corner.x1 + 1, ch = corner.y1 + 1;
  if (cw === w && ch === h) return alignmentOnFrame(ours, coarse, gains);
  const crop = (im: RgbImage): RgbImage => ({ width: cw, height: ch, channels: im.channels, data: cropPlane(im.data, w, im.channels, corner) });
  const part = alignmentOnFrame(crop(ours), crop(coarse), cropPlane(gains, w, 3, corner));
  const out = createMask(w, h);
  for (let y = 0; y < ch; y++) out.data.set(part.data.subarray(y * cw, (y + 1) * cw), y * w);
  return out;
}

/** alignmentWeight on the whole of its images. */
function alignmentOnFrame(ours: RgbImage, coarse: RgbImage, gains: Float32Array): Mask {
  const { width: w, height: h } = ours;
  const n = w * h;
  const a = band(luma(ours), w, h), b = band(luma(coarse), w, h);
  // colour blocks in other places (a sleeve's colour where the coarse has the body's) disagree after recolouring
  // (and thin lines of another colour: the light rim a worn garment's matte brings along lines up
  // with the coarse image's edge but not with its colour, e.g. at a neckline)
  const gap = new Float32Array(n), fineGap = new Float32Array(n);
  // (one difference plane and one copy of it for the three channels: each is written whole before it is read)
  const d = new Float32Array(n), bd = new Float32Array(n);
  for (let c = 0; c < 3; c++) {
    for (let i = 0; i < n; i++) d[i] = ours.data[i * ours.channels + c]! - coarse.data[i * coarse.channels + c]! * gains[i * 3 + c]!;
    bd.set(d);
    boxBlurOwnPlane(bd, w, h, COLOUR_BLUR_PX, 1);
    const fd = boxBlurOwnPlane(d, w, h, 1, 1);
    for (let i = 0; i < n; i++) {
      gap[i] = gap[i]! + bd[i]! * bd[i]!;
      fineGap[i] = fineGap[i]! + fd[i]! * fd[i]!;
    }
  }
  // (the squares into the band planes themselves: each pixel's product read from them first)
  const ab = new Float32Array(n), aa = a, bb = b;
  for (let i = 0; i < n; i++) {
    const ai = a[i]!, bi = b[i]!;
    ab[i] = ai * bi;
    aa[i] = ai * ai;
    bb[i] = bi * bi;
  }
  // (the products, `d` above and `out` below blurred in place: each is read no more)
  const sab = boxBlurOwnPlane(ab, w, h, NCC_RADIUS_PX, 1), saa = boxBlurOwnPlane(aa, w, h, NCC_RADIUS_PX, 1), sbb = boxBlurOwnPlane(bb, w, h, NCC_RADIUS_PX, 1);
  const out = createMask(w, h);
  for (let i = 0; i < n; i++) {
    const ea = saa[i]!, eb = sbb[i]!;
    const g = Math.max(Math.sqrt(gap[i]!), Math.sqrt(fineGap[i]!) / FINE_GAP_FACTOR);
    const colour = 1 - Math.max(0, Math.min(1, (g - COLOUR_AGREE_D) / COLOUR_AGREE_D));
    if (ea < FLAT_ENERGY && eb < FLAT_ENERGY) { out.data[i] = FLAT_WEIGHT * colour; continue; }
    const ncc = sab[i]! / Math.sqrt(Math.max(ea, FLAT_ENERGY) * Math.max(eb, FLAT_ENERGY));
    out.data[i] = Math.max(0, Math.min(1, (ncc - NCC_LOW) / (NCC_HIGH - NCC_LOW))) * colour;
  }
  return { width: w, height: h, data: boxBlurOwnPlane(out.data, w, h, 1, 1) };
}

/** Colour distance to the coarse garment's palette up to which a coarse pixel is that garment, and beyond which (×2) it is not (skin, background). */
const GARMENT_LIKE_D = 35;

/**
 * How much each coarse pixel looks like the garment the coarse engine drew
 * (its palette where both renderings show the garment), 0..1: outside our
 * fit, garment-like coarse pixels take the garment's recolouring, the rest
 * (skin it revealed) the tint of their surroundings. Within `box` only (0
 * elsewhere; none: the whole frame).
 */
export function garmentLikeness(coarse: RgbImage, both: Mask, box?: PixelBox): Mask {
  const { width: w, height: h } = both;
  const out = createMask(w, h);
  const palette = extractPalette(coarse, both, 4);
  if (!palette) return out;
  const b = box ?? { x0: 0, y0: 0, x1: w - 1, y1: h - 1 };
  const ch = coarse.channels;
  for (let y = b.y0; y <= b.y1; y++) {
    for (let x = b.x0, i = y * w + x; x <= b.x1; x++, i++) {
      const d = Math.sqrt(paletteDistance2(palette, coarse.data[i * ch]!, coarse.data[i * ch + 1]!, coarse.data[i * ch + 2]!));
      out.data[i] = 1 - Math.max(0, Math.min(1, (d - GARMENT_LIKE_D) / GARMENT_LIKE_D));
    }
  }
  return out;
}

export interface CoarseBlend {
  /** Full size: our garment's opacity as drawn, and what lay under it (RGB). */
  cover: Float32Array;
  under: Uint8Array;
  /**
   * Analysis size: the change map (soft, and grown for under our garment),
   * our fit's alignment weight, where the person is not wearing the old
   * garment(s), and the colour gains and offsets (3 floats per pixel each)
   * for the coarse pixels: coarse × gain + offset. Only the cells blendCoarse
   * reads need hold values (coverTapBox, and the change map's cells grown by
   * one): refine works out the alignment, gains and offsets there only.
   */
  change: Mask;
  grown: Mask;
  align: Mask;
  notOld: Mask;
  gains: Float32Array;
  offsets: Float32Array;
}

/**
 * The final blend of three renderings, in place: our garment (its share of
 * `out`, with what lay under it taken out), the coarse pixel recoloured
 * (`gains`, `offsets`), and what lies under our garment (the person, or the removal's
 * fill). Per pixel, with g the grown change map:
 *   our garment's weight  cover × (g × alignment + (1 − g) × old garment here)
 *     — where the coarse engine changed the person, our fit only where it lines
 *     up with the coarse image; where it did not, only over the old garment (the
 *     coarse result shows skin, background or the other garment unchanged there:
 *     the garment ends before them);
 *   the rest: the coarse pixel where the coarse engine changed the person, else
 *     what lies under.
 * One weight per pixel from the same masks, so no rim is left where our
 * garment's edge and the coarse one's do not meet (a light stripe between two
 * dark ones beside a sleeve, when a trim of the layer and this blend
 * faded out at different places). `changed` (full size) is raised to the
 * coarse pixel's weight.
 */
export function blendCoarse(out: Uint8Array, coarse: RgbImage, b: CoarseBlend, changed: Float32Array): void {
  const W = coarse.width, H = coarse.height;
  const s = createSampler(W, H, b.change.width, b.change.height);
  const ch = b.change.data, gr = b.grown.data, al = b.align.data, no = b.notOld.data;
  const spans = sampledSpans(s, b.change, H);
  // (a pixel's taps on the gains and offsets found once for their 6 samples: tapsAt)
  const t = createTaps();
  for (let y = 0; y < H; y++) {
    const sx0 = spans.x0[y]!, sx1 = spans.x1[y]!;
    for (let x = 0; x < W; x++) {
      const i = y * W + x;
      const a = Math.min(1, b.cover[i]!);
      // (outside the change map's span its sample is exactly 0: sampledSpans)
      if (a <= 0.002 && (x < sx0 || x > sx1)) continue;
      const c0 = Math.min(1, sample1(s, ch, x, y));
      if (a <= 0.002 && c0 <= 0.002) continue;
      const p = i * 3;
      let ours = 0, k = c0;
      if (a > 0.002) {
        const g = Math.min(1, sample1(s, gr, x, y));
        ours = a * (g * sample1(s, al, x, y) + (1 - g) * (1 - sample1(s, no, x, y)));
        k = g * a + c0 * (1 - a);
      }
      if (a <= 0.002) {
        // no garment of ours here: the coarse pixel over the person (or the fill)
        if (k <= 0.002) continue;
        tapsAt(s, x, y, t);
        for (let c = 0; c < 3; c++) {
          const v = coarse.data[p + c]! * tapSample3(b.gains, t, c) + tapSample3(b.offsets, t, c);
          out[p + c] = Math.round(Math.max(0, Math.min(255, out[p + c]! + (v - out[p + c]!) * k)));
        }
        if (k > changed[i]!) changed[i] = k;
        continue;
      }
      tapsAt(s, x, y, t);
      for (let c = 0; c < 3; c++) {
        const u = b.under[p + c]!;
        // out = a·garment + (1 − a)·under
        const garment = (out[p + c]! - (1 - a) * u) / a;
        const v = coarse.data[p + c]! * tapSample3(b.gains, t, c) + tapSample3(b.offsets, t, c);
        const rest = u + (v - u) * k;
        out[p + c] = Math.round(Math.max(0, Math.min(255, garment * ours + rest * (1 - ours))));
      }
      const kept = k * (1 - ours);
      if (kept > changed[i]!) changed[i] = kept;
    }
  }
}

/**
 * The analysis-size box (`aw` × `ah`) of the cells blendCoarse's bilinear
 * taps read around the full-size pixels (`width` × `height`) our garment
 * covers at all (`cover` above 0); EMPTY_BOX when it covers none.
 */
export function coverTapBox(cover: Float32Array, width: number, height: number, aw: number, ah: number): PixelBox {
  const c = maskBounds({ width, height, data: cover }, Number.MIN_VALUE);
  if (!c) return { ...EMPTY_BOX };
  const s = createSampler(width, height, aw, ah);
  return { x0: s.cols.i0[c.x0]!, y0: s.rows.i0[c.y0]!, x1: s.cols.i1[c.x1]!, y1: s.rows.i1[c.y1]! };
}

/**
 * Per output row y of `height`, the columns [x0[y], x1[y]] outside which every
 * bilinear tap of `plane` through sampler `s` is 0, so that its sample is
 * exactly 0 (x1 < x0: the whole row). Most of a frame lies away from the
 * change map, and sampling it there cost a lookup per pixel.
 */
export function sampledSpans(s: Sampler, plane: Mask, height: number): { x0: Int32Array; x1: Int32Array } {
  const { width: pw, height: ph } = plane;
  const first = new Int32Array(ph).fill(pw), last = new Int32Array(ph).fill(-1);
  for (let r = 0; r < ph; r++) {
    const span = nonZeroSpan(plane, r);
    if (!span) continue;
    first[r] = span.a;
    last[r] = span.b;
  }
  const x0 = new Int32Array(height).fill(0), x1 = new Int32Array(height).fill(-1);
  for (let y = 0; y < height; y++) {
    const r0 = s.rows.i0[y]!, r1 = s.rows.i1[y]!;
    const lo = Math.min(first[r0]!, first[r1]!), hi = Math.max(last[r0]!, last[r1]!);
    const reach = hi >= lo ? axisReach(s.cols, lo, hi) : null;
    if (reach) [x0[y], x1[y]] = reach;
  }
  return { x0, x1 };
}

/** Whether every value is 0 (a loop, not `every` with a closure called per pixel). */
function allZero(values: Float32Array): boolean {
  for (let i = 0; i < values.length; i++) if (values[i] !== 0) return false;
  return true;
}
