/**
 * Background removal for garment product photos (plain or near-plain
 * background): flood fill from the border over pixels close to the border's
 * colour, then holes filled (a print is garment, not background). Measured
 * on the fixtures: border colour spread is 1–4 RGB units, garment edges
 * differ from it by 15+ even for white tees on white.
 */
import { createMask, type Mask, type RgbImage } from './image.js';
import { MAD_TO_SD, median } from './robust-stats.js';
import { blurMask, fillHoles, keepLargest, maskArea, maskBounds, morph, morphPair, resizeMask } from './mask-ops.js';

export interface BackgroundEstimate {
  rgb: [number, number, number];
  /** RGB spread on the border, a noise estimate. */
  spread: number;
  /** Share of border pixels near the estimate: low means a busy background. */
  plainness: number;
}

export function estimateBorderBackground(image: RgbImage): BackgroundEstimate {
  const { width, height, channels: ch, data } = image;
  const rs: number[] = [], gs: number[] = [], bs: number[] = [];
  const band = Math.max(1, Math.round(Math.min(width, height) * 0.01));
  const push = (x: number, y: number) => {
    const p = (y * width + x) * ch;
    rs.push(data[p]!); gs.push(data[p + 1]!); bs.push(data[p + 2]!);
  };
  for (let y = 0; y < height; y += 2) for (let b = 0; b < band; b++) { push(b, y); push(width - 1 - b, y); }
  for (let x = 0; x < width; x += 2) for (let b = 0; b < band; b++) { push(x, b); push(x, height - 1 - b); }
  const rgb: [number, number, number] = [median(rs), median(gs), median(bs)];
  const d = rs.map((_, i) => Math.hypot(rs[i]! - rgb[0], gs[i]! - rgb[1], bs[i]! - rgb[2]));
  const spread = median(d) * MAD_TO_SD + 1;
  const plainness = d.filter((v) => v < 12).length / d.length;
  return { rgb, spread, plainness };
}

/**
 * A leak through a faint outline leaves deep bays inside the garment; a
 * closing seals their mouths so the bays become holes and get filled.
 * Returns null when it changes little (it also rounds armpit corners and
 * would join trouser legs: the caller decides).
 */
export function sealLeaks(matte: Mask): Mask | null {
  // at half size: the closing is the costliest step of garment analysis otherwise
  const half = resizeMask(matte, Math.ceil(matte.width / 2), Math.ceil(matte.height / 2));
  const closedHalf = fillHoles(morphPair(half, LEAK_CLOSE_PX / 2, -LEAK_CLOSE_PX / 2));
  if (maskArea(closedHalf) <= maskArea(half) * 1.06) return null;
  const closed = resizeMask(closedHalf, matte.width, matte.height);
  const cd = closed.data, md = matte.data;
  for (let i = 0; i < cd.length; i++) cd[i] = Math.max(cd[i]! >= 0.5 ? 1 : 0, md[i]!);
  return closed;
}

/**
 * What productMatte reads of each pixel, the same for every route and pass,
 * read once: `coloured` (1: within its colour tolerance of the background;
 * the flood fill otherwise asks it up to four times per pixel) and `edges`
 * (1: a colour step above the edge threshold, before the barrier is grown).
 * The leak repair's second matte (garment-analysis.ts) of the same photo
 * reads the same pixels against the same background again: both are shared.
 */
export interface BackgroundReads {
  coloured: Uint8Array;
  edges: Uint8Array;
}

export function readBackground(image: RgbImage, bg: BackgroundEstimate): BackgroundReads {
  const { channels: ch, data } = image;
  // Clean studio backgrounds have a 1–2 unit spread: a tight tolerance keeps white garments.
  const tol = Math.max(6, Math.min(40, bg.spread * 3 + 3));
  const coloured = new Uint8Array(image.width * image.height);
  // (the background's colour read once, not per pixel)
  const r0 = bg.rgb[0], g0 = bg.rgb[1], b0 = bg.rgb[2];
  // (Math.sqrt, not Math.hypot: the same distance for integer steps, sqrt being correctly rounded; 0.9 ms against 3.6 ms per 288×384 photo)
  for (let i = 0, p = 0; i < coloured.length; i++, p += ch) {
    const dr = data[p]! - r0, dg = data[p + 1]! - g0, db = data[p + 2]! - b0;
    coloured[i] = Math.sqrt(dr * dr + dg * dg + db * db) < tol ? 1 : 0;
  }
  return { coloured, edges: edgePixels(image, Math.max(6, bg.spread * 3)) };
}

/**
 * Garment matte of a product photo. Background is what connects to the border
 * through pixels within `tolerance` of the border colour (or of the local
 * background, which handles soft vignettes and shadows).
 */
export function productMatte(image: RgbImage, bg = estimateBorderBackground(image), barrierGrowPx = BARRIER_GROW_PX, reads = readBackground(image, bg)): Mask {
  const { width, height } = image;
  const { coloured } = reads;
  const n = width * height;
  // Edge barrier: a white tee on a white background differs from it by less
  // than the noise-based tolerance inside, but its outline still has a
  // gradient; the fill must not cross it (white tees on white leaked).
  const barrier = growBarrier(reads.edges, width, height, barrierGrowPx);
  const isBg = borderFill(coloured, barrier, width, height);
  // Give back the barrier's width: grow the background 2 px into close pixels.
  // (only the barrier's close pixels not yet background can grow: listed once in raster order, each pass
  // tests those instead of the frame, the same pixels in the same order; a grown one is background and skipped)
  const open = openBarrier(isBg, barrier, coloured);
  for (let pass = 0; pass < barrierGrowPx; pass++) {
    const grow: number[] = [];
    for (let k = 0; k < open.length; k++) {
      const i = open[k]!;
      if (isBg[i]) continue;
      const x = i % width;
      if ((x > 0 && isBg[i - 1]) || (x < width - 1 && isBg[i + 1]) || (i >= width && isBg[i - width]) || (i < n - width && isBg[i + width])) grow.push(i);
    }
    for (const i of grow) isBg[i] = 1;
  }
  let mask = createMask(width, height);
  const md = mask.data;
  for (let i = 0; i < n; i++) md[i] = isBg[i] ? 0 : 1;
  mask = fillHoles(keepLargest(mask, STRAY_FRACTION));
  // Drop the 1 px rim where garment and background blend (a light halo after
  // the warp otherwise), then a 1 px feather for anti-aliased edges.
  return blurMask(morph(mask, -1), 1, 1);
}

/**
 * A product photo's garment is often ringed by a soft shadow or a blurred
 * outline a few px wide, where the flood fill stops (its gradient is the edge
 * barrier). Magnified by the warp, that rim is drawn as a light halo or a soft
 * smear into the person's background. A rim pixel is told from the garment's
 * own light trim (a white collar or cuff on a dark garment, as near the
 * background's colour) by its profile across the edge: a shadow is a ramp
 * whose colour moves towards the background's pixel by pixel going outwards,
 * a trim a plateau of one colour that then steps to the garment's.
 */
export const RIM_RAMP = {
  /** Widest rim peeled, px at the analysis size (~384 long side): the halo is 2–3 px there. */
  maxPx: 3,
  /** Least step towards the background's colour between a rim pixel and the one inside it, RGB distance: above JPEG noise. */
  minStep: 6,
  /** The step in multiples of the background's own noise (its border spread), when that is larger. */
  stepPerSpread: 2,
  /** A rim pixel farther than this from the background's colour is cloth, not a shadow or a halo (RGB distance). */
  maxBgDistance: 60,
} as const;

/**
 * The matte that is drawn: `matte` (soft, at `image`'s size) without the
 * garment's drop shadow (SHADOW_BAND) and its outer ramp towards the
 * background (see RIM_RAMP). Only the drawing uses it: landmarks read the
 * whole outline.
 */
export function peelShadowRim(image: RgbImage, matte: Mask, bg: BackgroundEstimate): Mask {
  const { width, height, channels: ch, data } = image;
  const n = width * height;
  const inside = new Uint8Array(n);
  const dBg = new Float32Array(n);
  // (the matte's plane and the background's colour read once, not per pixel)
  const md = matte.data, r0 = bg.rgb[0], g0 = bg.rgb[1], b0 = bg.rgb[2];
  for (let i = 0; i < n; i++) {
    inside[i] = md[i]! >= 0.5 ? 1 : 0;
    // (Math.sqrt, not Math.hypot: see readBackground)
    const dr = data[i * ch]! - r0, dg = data[i * ch + 1]! - g0, db = data[i * ch + 2]! - b0;
    dBg[i] = Math.sqrt(dr * dr + dg * dg + db * db);
  }
  for (const i of shadowBand(image, inside, bg)) inside[i] = 0;
  const step = Math.max(RIM_RAMP.minStep, bg.spread * RIM_RAMP.stepPerSpread);
  const steps = [-1, 1, -width, width];
  // a ramp along some outward direction o: outside beyond the pixel, and the pixel inside it farther from the background
  const onRamp = (i: number, o: number) => !inside[i + o] && inside[i - o] && dBg[i - o]! >= dBg[i]! + step;
  const peelable = (i: number) =>
    inside[i] && dBg[i]! <= RIM_RAMP.maxBgDistance && (onRamp(i, steps[0]!) || onRamp(i, steps[1]!) || onRamp(i, steps[2]!) || onRamp(i, steps[3]!));
  let peel: number[] = [];
  for (let y = 1; y < height - 1; y++) {
    // (peelable's first two tests inline: most of the frame fails them, without a closure call each)
    for (let i = y * width + 1, end = y * width + width - 1; i < end; i++) if (inside[i] && dBg[i]! <= RIM_RAMP.maxBgDistance && peelable(i)) peel.push(i);
  }
  // (each pass peels its pixels at once; the test reads only a pixel and its 4-neighbours, so after the
  // first pass over the frame only the neighbours of the last peels can have become peelable: the same
  // pixels as a scan of the whole frame each pass, in a few hundred tests instead of the frame)
  const tested = new Uint8Array(n);
  for (let pass = 1; peel.length > 0; pass++) {
    for (const i of peel) inside[i] = 0;
    if (pass === RIM_RAMP.maxPx) break;
    const next: number[] = [];
    for (const i of peel) {
      for (const o of steps) {
        const j = i + o, x = j % width;
        if (tested[j] === pass || x < 1 || x > width - 2 || j < width || j >= n - width) continue;
        tested[j] = pass;
        if (peelable(j)) next.push(j);
      }
    }
    peel = next;
  }
  // (a rim pixel the peels went round, cut off from the garment, is dropped: drawn it was a stray speck)
  const whole = createMask(width, height);
  const wd = whole.data;
  for (let i = 0; i < n; i++) wd[i] = inside[i]!;
  const kept = keepLargest(whole, STRAY_FRACTION).data;
  const out = createMask(width, height);
  const od = out.data;
  for (let i = 0; i < n; i++) od[i] = kept[i]! ? md[i]! : 0;
  return out;
}

/** Pieces of the peeled matte smaller than this share of its largest are specks the peels cut off (productMatte and backdrop-gamut.ts's gamutMatte keep the same). */
export const STRAY_FRACTION = 0.05;

/**
 * A product photo's drop shadow under a hem or a sleeve: a band of the
 * background's own colour, darkened (a grey on a white or grey sweep), a few
 * px wide between the background and the garment, lighter outwards though
 * not pixel by pixel (its core is a plateau, which RIM_RAMP keeps as a
 * possible trim). Unmixed against the garment's colour it was drawn as a
 * soft dark band below the hem. Told from a grey garment by its width (a
 * grey garment runs on past maxPx) and from a light trim by its depth and
 * its rise towards the background.
 */
export const SHADOW_BAND = {
  /** Widest band peeled, px at the analysis size (~384 long side): a sleeve's shadow measured 6. */
  maxPx: 7,
  /**
   * A band pixel is at least this share of the background's level: darker is
   * cloth (a washed grey tee's lighter edge measured 0.51–0.59), not a soft
   * shadow (0.8–0.95 on the fixtures).
   */
  minLevel: 0.65,
  /** Its colour lies within this RGB distance of the background's colour scaled to its level (plus the border's spread). */
  hueTolerance: 10,
  /** The band's inner end is at most this level: a shadow's core, darker than a light trim beside the background. */
  maxInnerLevel: 0.85,
  /** The band's outer end is lighter than its inner end by at least this share of the background's level. */
  minRise: 0.1,
  /**
   * Inwards a shadow only darkens (or holds); a pixel lighter by more than
   * this than the darkest before it is a light garment behind a grey edge (a
   * white trouser leg's shading), which the walk would have eaten up to its print.
   */
  maxRebound: 0.03,
} as const;

/** The background's level of an RGB colour (its projection on the background's colour, 0..) when it is the background darkened, else -1. */
function shadowLevel(data: Uint8Array, p: number, bg: BackgroundEstimate): number {
  const [r0, g0, b0] = bg.rgb;
  const k = (data[p]! * r0 + data[p + 1]! * g0 + data[p + 2]! * b0) / (r0 * r0 + g0 * g0 + b0 * b0);
  const dr = data[p]! - k * r0, dg = data[p + 1]! - k * g0, db = data[p + 2]! - k * b0;
  const neutral = Math.sqrt(dr * dr + dg * dg + db * db) <= SHADOW_BAND.hueTolerance + bg.spread;
  return neutral && k >= SHADOW_BAND.minLevel && k < 1 ? k : -1;
}

/**
 * Pixels of `inside` (1: garment) in a drop-shadow band (SHADOW_BAND): from
 * a pixel at the outline, inwards along an axis, pixels of the darkened
 * background's colour up to the garment (another colour), at most maxPx.
 */
function shadowBand(image: RgbImage, inside: Uint8Array, bg: BackgroundEstimate): number[] {
  const { width: w, height: h } = image;
  const band: number[] = [];
  const dirs: [number, number][] = [[-1, 0], [1, 0], [0, -1], [0, 1]];
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      if (!inside[i]) continue;
      // (a pixel inside the photo's edge with all four neighbours inside is on no outline: most of the garment)
      if (x > 0 && y > 0 && x < w - 1 && y < h - 1 && inside[i - 1] && inside[i + 1] && inside[i - w] && inside[i + w]) continue;
      for (const [dx, dy] of dirs) {
        const ox = x + dx, oy = y + dy;
        // the outline along this axis: outside (or the photo's edge) beyond the pixel
        if (ox >= 0 && oy >= 0 && ox < w && oy < h && inside[oy * w + ox]) continue;
        const n = bandWidth(image, inside, bg, x, y, dx, dy);
        for (let t = 0; t < n; t++) band.push((y - dy * t) * w + (x - dx * t));
      }
    }
  }
  return band;
}

/**
 * How many px from outline pixel (x, y) inwards (against the outward step
 * dx, dy) are a drop shadow: the band's width when it reaches the garment
 * within SHADOW_BAND.maxPx, deep enough and rising outwards; else 0.
 */
function bandWidth(image: RgbImage, inside: Uint8Array, bg: BackgroundEstimate, x: number, y: number, dx: number, dy: number): number {
  const { width: w, height: h, channels: ch, data } = image;
  const B = SHADOW_BAND;
  const outer = shadowLevel(data, (y * w + x) * ch, bg);
  if (outer < 0) return 0;
  let inner = outer;
  for (let n = 1; n <= B.maxPx; n++) {
    const ix = x - dx * n, iy = y - dy * n;
    // (out across a strap or off the photo: no garment behind the band)
    if (ix < 0 || iy < 0 || ix >= w || iy >= h || !inside[iy * w + ix]) return 0;
    const k = shadowLevel(data, (iy * w + ix) * ch, bg);
    if (k < 0) return inner <= B.maxInnerLevel && outer - inner >= B.minRise ? n : 0;
    // lighter again inwards: past a grey edge into a light garment, not a shadow's core
    if (k > inner + B.maxRebound) return 0;
    inner = Math.min(inner, k);
  }
  return 0;
}

/** How far the edge barrier is grown to close gaps in faint outlines, px (analysis size). */
const BARRIER_GROW_PX = 2;
/** Closing radius for leaked mattes, px (analysis size ~384 long side). */
const LEAK_CLOSE_PX = 10;

/** 1 where the local RGB gradient exceeds `threshold` (the edge barrier before it is grown). */
function edgePixels(image: RgbImage, threshold: number): Uint8Array {
  const { width, height, channels: ch, data } = image;
  const edge = new Uint8Array(width * height);
  for (let y = 0; y < height - 1; y++) {
    for (let x = 0; x < width - 1; x++) {
      const p = (y * width + x) * ch, r = p + ch, d = p + width * ch;
      // (the three channels written out: the same integer sums without the inner loop)
      const gx = Math.abs(data[p]! - data[r]!) + Math.abs(data[p + 1]! - data[r + 1]!) + Math.abs(data[p + 2]! - data[r + 2]!);
      const gy = Math.abs(data[p]! - data[d]!) + Math.abs(data[p + 1]! - data[d + 1]!) + Math.abs(data[p + 2]! - data[d + 2]!);
      if (Math.max(gx, gy) > threshold) edge[y * width + x] = 1;
    }
  }
  return edge;
}

/** The pixels (raster order) on the `barrier`, close to the background's colour (`coloured`) and not background (`isBg`): where productMatte grows the background back. */
export function openBarrier(isBg: Uint8Array, barrier: Uint8Array, coloured: Uint8Array): Int32Array {
  let count = 0;
  for (let i = 0; i < isBg.length; i++) if (!isBg[i] && barrier[i] && coloured[i]) count++;
  const out = new Int32Array(count);
  for (let i = 0, k = 0; i < isBg.length; i++) if (!isBg[i] && barrier[i] && coloured[i]) out[k++] = i;
  return out;
}

/**
 * 1 where a pixel joins the photo's border through 4-neighbours that are
 * `coloured` and off the `barrier`. The reached set does not depend on the
 * order of the fill, so it goes by runs along the rows (see the loop).
 */
function borderFill(coloured: Uint8Array, barrier: Uint8Array, width: number, height: number): Uint8Array {
  const n = width * height;
  // 1: open to the fill and not reached yet; 2: reached
  const state = new Uint8Array(n);
  for (let i = 0; i < n; i++) state[i] = coloured[i] && !barrier[i] ? 1 : 0;
  // (by spans along the rows: a seed's whole open run is reached at once and the runs above and below it
  // seeded, so a pixel's column is worked out per run, not per pixel; the pixels reached are the same,
  // those joined to the border through open ones)
  const seeds: number[] = [];
  for (let x = 0; x < width; x++) seeds.push(x, (height - 1) * width + x);
  for (let y = 0; y < height; y++) seeds.push(y * width, y * width + width - 1);
  while (seeds.length > 0) {
    const i = seeds.pop()!;
    if (state[i] !== 1) continue;
    const row = i - (i % width), end = row + width - 1;
    let lo = i, hi = i;
    while (lo > row && state[lo - 1] === 1) lo--;
    while (hi < end && state[hi + 1] === 1) hi++;
    state.fill(2, lo, hi + 1);
    if (row > 0) seedRuns(state, lo - width, hi - width, seeds);
    if (end < n - 1) seedRuns(state, lo + width, hi + width, seeds);
  }
  for (let i = 0; i < n; i++) state[i] = state[i] === 2 ? 1 : 0;
  return state;
}

/** Pushes onto `seeds` the first pixel of each run of open pixels (state 1) within `lo`..`hi` (one row). */
export function seedRuns(state: Uint8Array, lo: number, hi: number, seeds: number[]): void {
  for (let j = lo; j <= hi; j++) if (state[j] === 1 && (j === lo || state[j - 1] !== 1)) seeds.push(j);
}

/** The edge pixels grown by `growPx` (4-neighbour steps) to close gaps (`edge` itself when `growPx` is 0). */
function growBarrier(edge: Uint8Array, width: number, height: number, growPx: number): Uint8Array {
  let grown = edge;
  for (let pass = 0; pass < growPx; pass++) {
    const next = new Uint8Array(grown);
    for (let y = 1; y < height - 1; y++) {
      for (let x = 1; x < width - 1; x++) {
        const i = y * width + x;
        if (grown[i]) next[i - 1] = next[i + 1] = next[i - width] = next[i + width] = 1;
      }
    }
    grown = next;
  }
  return grown;
}

/**
 * What a garment's matte must look like to be trusted. Garments are nearly
 * mirror-symmetric shapes. A matte that the background fill leaked into (a
 * light garment on a light background, a textured wall behind it) breaks up
 * into a lopsided shape full of bays. Measured at the analysis size on the
 * fixtures' product photos: leaked mattes had symmetry 0.47–0.79 (one 0.90),
 * sound ones 0.82–0.99, down to 0.82 for asymmetric cuts (ripped jeans) and
 * to solidity 0.41 for strappy tops, so solidity alone cannot decide.
 */
export const MATTE_PLAUSIBILITY = {
  /** Share of the matte that its mirror image about the box's centre line also covers. */
  minSymmetry: 0.8,
  /** Below this matte area / bounding-box area the shape must be more symmetric… */
  lowSolidity: 0.5,
  /** …at least this. */
  minSymmetryWhenSparse: 0.85,
  /** Barrier growth of the second route, px: closes wider gaps in a faint outline. */
  strongBarrierGrowPx: 5,
  /**
   * Symmetry the strong-barrier route must add to replace a plausible first
   * matte: a leak that bites out a shoulder costs ~0.1, while the two routes
   * of the other product photos of the tune half differ by at most 0.015.
   */
  leakRepairSymmetryGain: 0.04,
} as const;

interface MatteShape {
  solidity: number;
  symmetry: number;
  plausible: boolean;
}

/** Solidity and left–right symmetry of a garment matte (see MATTE_PLAUSIBILITY). */
export function matteShape(matte: Mask): MatteShape {
  const bb = maskBounds(matte);
  if (!bb) return { solidity: 0, symmetry: 0, plausible: false };
  const { width, data } = matte;
  const cx = (bb.x0 + bb.x1) / 2;
  let area = 0, both = 0, either = 0;
  for (let y = bb.y0; y <= bb.y1; y++) {
    for (let x = bb.x0; x <= bb.x1; x++) {
      const a = data[y * width + x]! >= 0.5;
      const b = data[y * width + Math.round(2 * cx - x)]! >= 0.5;
      if (a) area++;
      if (a || b) either++;
      if (a && b) both++;
    }
  }
  const solidity = area / ((bb.x1 - bb.x0 + 1) * (bb.y1 - bb.y0 + 1));
  const symmetry = either > 0 ? both / either : 0;
  const P = MATTE_PLAUSIBILITY;
  const plausible = symmetry >= P.minSymmetry && (solidity >= P.lowSolidity || symmetry >= P.minSymmetryWhenSparse);
  return { solidity, symmetry, plausible };
}
