/**
 * A product photo's garment edge unmixed from the photo's background, alpha-
 * matting style. An edge pixel is a blend I = α·F + (1 − α)·B of the garment's
 * colour F and the background's B; with B estimated from the background next
 * to the border (`backdropPlane`) and a reference garment colour from just
 * inside the edge (the warp's `bleed`), α is the pixel's position on the line
 * from B to that reference, and F = B + (I − B) / α (`unmixEdge`).
 *
 * The rim then keeps the photo's own detail (a print running out to the
 * edge stays sharp; a blurred fill of the inside smeared it into a band of
 * streaks) without the background's colour in it (a white or coloured rim of
 * the product background round the garment, drawn as a halo).
 */
import type { Mask, RgbImage } from './image.js';
import { halve, pushPullFill, upsample3 } from './inpaint.js';
import { chessboardDistance } from './mask-ops.js';

/** How edge pixels are unmixed (RGB units 0..255, α 0..1). */
export const EDGE_UNMIX = {
  /**
   * Least RGB distance between the garment's reference colour and the
   * background for unmixing: closer (a white tee on a white sweep, 5–20 on
   * the fixtures) α is mostly noise, and the pixel is left as it is (a rim
   * of the background's colour cannot be seen on a garment of that colour).
   */
  minContrast: 30,
  /**
   * Below this α the pixel is mostly background: its colour is blended
   * towards the reference (all of it at α = 0), since dividing by a small α
   * blows its noise up (JPEG noise of 3–4 units × 1/α).
   */
  minAlpha: 0.35,
  /** Matte level under which a pixel is background (the product matte's feather reaches ~0.33 one px out). */
  backgroundBelow: 0.02,
} as const;

export type Rgb3 = [number, number, number];

/**
 * α of pixel `px` on the line from background `bg` to garment colour `fg`:
 * its projection, clamped to 0..1; 1 (no unmixing) when `fg` lies within
 * EDGE_UNMIX.minContrast of `bg`.
 */
export function unmixAlpha(px: Rgb3, bg: Rgb3, fg: Rgb3): number {
  const dr = fg[0] - bg[0], dg = fg[1] - bg[1], db = fg[2] - bg[2];
  const len2 = dr * dr + dg * dg + db * db;
  if (len2 < EDGE_UNMIX.minContrast * EDGE_UNMIX.minContrast) return 1;
  const t = ((px[0] - bg[0]) * dr + (px[1] - bg[1]) * dg + (px[2] - bg[2]) * db) / len2;
  return t <= 0 ? 0 : t >= 1 ? 1 : t;
}

/**
 * The garment's own colour at edge pixel `px` (see the module comment):
 * F = B + (I − B) / α, each channel kept between the pixel's and the
 * reference's, with α from unmixAlpha; below
 * EDGE_UNMIX.minAlpha blended towards `fg` (all of it at α = 0). A pixel at
 * α = 1 (the garment's own colour, or farther from the background, as a dark
 * print on a light sweep) comes back as it is.
 */
export function unmixEdge(px: Rgb3, bg: Rgb3, fg: Rgb3): Rgb3 {
  const a = unmixAlpha(px, bg, fg);
  if (a >= 1) return [px[0], px[1], px[2]];
  const { minAlpha } = EDGE_UNMIX;
  const gain = 1 / Math.max(a, minAlpha);
  // below minAlpha the reference takes over linearly (continuous at minAlpha)
  const t = a >= minAlpha ? 1 : a / minAlpha;
  const out: Rgb3 = [0, 0, 0];
  for (let c = 0; c < 3; c++) {
    // (never past the reference: a background misread, the black inside
    // back of a neck opening, a lace's own holes, pushed a pale trim out to a
    // saturated yellow band; the garment's colour lies between the two)
    const lo = Math.min(px[c]!, fg[c]!), hi = Math.max(px[c]!, fg[c]!);
    const f = Math.max(lo, Math.min(hi, bg[c]! + (px[c]! - bg[c]!) * gain));
    out[c] = f * t + fg[c]! * (1 - t);
  }
  return out;
}

/**
 * How much of a product photo's edge pixel is garment, as the photo itself
 * shows it (EDGE_OPACITY). The drawn matte lives at the analysis size, and
 * its outline stepped a pixel or two out onto the background in places (a
 * faint off-white speck beside the edge stops the background's fill there):
 * unmixed, such a pixel of the plain background reads α ≈ 0 and was drawn
 * whole in the reference colour, a blur of the garment's inside, as a pale
 * strip with ragged steps along the outline. The photo at full resolution
 * says where the cloth ends. A pixel is background only when it is both
 * near the background's colour and low on the line to the reference: a
 * two-tone print's reference is its mean (grey for black on white), and its
 * light cloth, far from a white sweep yet low on that line, is cloth.
 */
export const EDGE_OPACITY = {
  /** α (unmixAlpha) up to which a pixel may be background (JPEG noise on a white sweep reads 0.02–0.05 against a mid-tone garment). */
  clearBelow: 0.05,
  /** α from which a pixel is drawn whole: an anti-aliased pixel a third cloth, or a print's pale motif at the edge, stays opaque. */
  opaqueFrom: 0.3,
  /** RGB distance to the background up to which a pixel may be background: a white sweep's JPEG noise beside an edge, 1–7. */
  backgroundWithin: 8,
  /** RGB distance to the background from which a pixel is cloth, whatever its α: an off-white cloth on a white sweep, 40–50 on the fixtures. */
  clothFrom: 20,
} as const;

/** The opacity of edge pixel `px` (EDGE_OPACITY), 0..1: the larger of its α's (unmixAlpha to `fg`) and its distance's from `bg`; 1 when `fg` and `bg` are too close to tell. */
export function edgeOpacity(px: Rgb3, bg: Rgb3, fg: Rgb3): number {
  const { clearBelow, opaqueFrom, backgroundWithin, clothFrom } = EDGE_OPACITY;
  const byAlpha = (unmixAlpha(px, bg, fg) - clearBelow) / (opaqueFrom - clearBelow);
  const dr = px[0] - bg[0], dg = px[1] - bg[1], db = px[2] - bg[2];
  const byDistance = (Math.sqrt(dr * dr + dg * dg + db * db) - backgroundWithin) / (clothFrom - backgroundWithin);
  const t = Math.max(byAlpha, byDistance);
  return t <= 0 ? 0 : t >= 1 ? 1 : t;
}

/**
 * The background's colour near the garment, at the matte's size (3 floats a
 * pixel): the photo where the matte is background (below
 * EDGE_UNMIX.backgroundBelow in the drawn `matte` and in the `whole`
 * garment's: the inside back in a neck opening, taken out of the drawn
 * matte, is cloth, no background), filled in under the garment from the nearest
 * background around it (push-pull at half size: a sweep's light and a
 * vignette change slowly). Under an edge it is the background just beside it.
 */
export function backdropPlane(image: RgbImage, matte: Mask, whole: Mask = matte): Float32Array {
  const { width, height, channels: ch, data } = image;
  const n = width * height;
  const plane = new Float32Array(n * 3);
  for (let i = 0; i < n; i++) {
    plane[i * 3] = data[i * ch]!;
    plane[i * 3 + 1] = data[i * ch + 1]!;
    plane[i * 3 + 2] = data[i * ch + 2]!;
  }
  return backdropOfPlane(plane, matte, whole);
}

/**
 * backdropPlane of the photo's colours already as a plane (3 floats a pixel,
 * the matte's size), which it only reads: the garment analysis has made it
 * for the bleed.
 */
export function backdropOfPlane(plane: Float32Array, matte: Mask, whole: Mask = matte): Float32Array {
  const { width, height } = matte;
  const n = width * height;
  const known: Mask = { width, height, data: new Float32Array(n) };
  for (let i = 0; i < n; i++) known.data[i] = matte.data[i]! < EDGE_UNMIX.backgroundBelow && whole.data[i]! < EDGE_UNMIX.backgroundBelow ? 1 : 0;
  const half = halve(plane, known);
  return upsample3(pushPullFill(half.plane, half.known), half.known.width, half.known.height, width, height);
}

/**
 * How far the garment's own colours are carried outwards from its core ring
 * by ring (`extendRings`), analysis px: past the matte's soft edge, which lies
 * up to 3 px outside the core (a 2 px erosion and a 1 px feather) and 1 px
 * beyond it. Farther out the push-pull fill's average serves (never drawn).
 */
export const EDGE_RINGS = 5;

/**
 * `plane` (3 floats a pixel) carried outwards from its `known` pixels (≥ 0.5)
 * by `rings` rings: each pixel next to a known one (8 neighbours) takes the
 * mean of its known neighbours, and is known for the next ring. A push-pull
 * fill averages a wide window at once: beside a busy print (black and white
 * lace, a floral) its colour was the print's mean grey, drawn as a grey band
 * round the garment's outline; a ring's mean is the colour just inside.
 * Returns the plane and which pixels it now holds (1) or not (0).
 */
export function extendRings(plane: Float32Array, known: Mask, rings: number): { plane: Float32Array; known: Mask } {
  const { width: w, height: h } = known;
  const out = new Float32Array(plane);
  const k = new Uint8Array(w * h);
  for (let i = 0; i < k.length; i++) k[i] = known.data[i]! >= 0.5 ? 1 : 0;
  // (the first ring's candidates: the unknown pixels with a known 8-neighbour, at chessboard distance 1;
  // then only those beside the ring before)
  const dist = chessboardDistance(known, 1);
  const first: number[] = [];
  for (let i = 0; i < dist.length; i++) if (dist[i] === 1) first.push(i);
  let candidates: Iterable<number> = first;
  for (let ring = 0; ring < rings; ring++) {
    const reached: number[] = [];
    for (const i of candidates) if (!k[i] && ringMean(out, k, w, h, i % w, (i - (i % w)) / w)) reached.push(i);
    if (reached.length === 0) break;
    for (const i of reached) k[i] = 1;
    candidates = neighbours(reached, k, w, h);
  }
  const data = new Float32Array(w * h);
  for (let i = 0; i < data.length; i++) data[i] = k[i]!;
  return { plane: out, known: { width: w, height: h, data } };
}

/** The unknown 8-neighbours of the pixels `ring` (each once). */
function neighbours(ring: number[], k: Uint8Array, w: number, h: number): Set<number> {
  const out = new Set<number>();
  for (const i of ring) {
    const x = i % w, y = (i - x) / w;
    for (let dy = -1; dy <= 1; dy++) {
      for (let dx = -1; dx <= 1; dx++) {
        const xx = x + dx, yy = y + dy;
        if (xx >= 0 && yy >= 0 && xx < w && yy < h && !k[yy * w + xx]) out.add(yy * w + xx);
      }
    }
  }
  return out;
}

/**
 * The mean of the known 8-neighbours of (x, y) written into its place in
 * `plane`; false (nothing written) when none is known. A pixel written in
 * this ring is not yet known (`k` is raised after the ring), so it never
 * feeds a neighbour of the same ring.
 */
function ringMean(plane: Float32Array, k: Uint8Array, w: number, h: number, x: number, y: number): boolean {
  let n = 0, r = 0, g = 0, b = 0;
  for (let dy = -1; dy <= 1; dy++) {
    const yy = y + dy;
    if (yy < 0 || yy >= h) continue;
    for (let dx = -1; dx <= 1; dx++) {
      const xx = x + dx, j = yy * w + xx;
      if (xx < 0 || xx >= w || !k[j]) continue;
      n++;
      r += plane[j * 3]!; g += plane[j * 3 + 1]!; b += plane[j * 3 + 2]!;
    }
  }
  if (n === 0) return false;
  const i = (y * w + x) * 3;
  plane[i] = r / n; plane[i + 1] = g / n; plane[i + 2] = b / n;
  return true;
}
