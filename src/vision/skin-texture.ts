/**
 * Skin texture for filled-in skin. A membrane fill carries tone and light
 * only, so a large filled area reads as painted next to real skin. The real
 * skin's fine texture (grain, pores, mottling) is measured as the covariance
 * across R, G, B of its band-pass values relative to the local mean, in two
 * octave bands; the fill is multiplied by 1 + seeded noise with the same
 * statistics, so the texture follows the fill's own light. Noise, not copied
 * patches: nothing recognisable (a mole, a vein, a necklace's edge) can be
 * cloned, and a robust fit keeps such structures out of the amplitudes too.
 */
import type { Mask } from './image.js';
import { madSd } from './robust-stats.js';

/**
 * Triangle-kernel radii (a box of radius r applied twice) bounding the bands,
 * plane px: band 0 is the value minus its r=1 blur (~1–2 px), band 1 the r=1
 * blur minus the r=2 one (~2–4 px). A coarser band (4–8 px) measured mostly
 * the body's own light and folds (2–4 % on the fixtures' arms), and as noise
 * it drew blotches: the fill's membrane carries that scale instead.
 */
const BAND_RADII = [1, 2] as const;
/** Reach of the widest kernel, px (a box of radius 2 twice). */
const KERNEL_REACH = 4;
/** Share of a sample's widest kernel that must fall on known skin (the rest is normalised away). */
const MIN_FOOTPRINT_KNOWN = 0.5;
/** Fewest samples for a fit: below that the texture is unknown and nothing is added. */
const MIN_SAMPLES = 40;
/** Most samples a fit reads (evenly strided): the sd of a sd from 3,000 samples is ~1 %. */
const MAX_SAMPLES = 3000;
/** Tile side for the local texture energy, plane px (~24 px of a 768×1024 photo). */
const TILE_PX = 12;
/** Samples a tile needs to count, and tiles a fit needs to pick the quieter half from. */
const MIN_TILE_SAMPLES = 12;
const MIN_TILES = 4;
/** Samples beyond this many robust sds (moles, hair, a strap's shadow) stay out of the covariance. */
const OUTLIER_SD = 3;
/** Cap on a band's relative sd: real skin measured 0.5–3 % per band on the fixtures; more is a bad sample. */
const MAX_RELATIVE_SD = 0.05;
/**
 * The skin's own grain bounds each band's amplitude. Band values near a
 * limb's edge measure its rounded form, not its grain: a forearm's or a
 * hand's profile falls by a quarter over its outer few px, and beside a made
 * leg the coarse band measured 1.6 % where the arm's grain along it was 0.3 %
 * (full size); the made legs and necks took that as blotches a few photo px
 * wide, a sponge-painted mottle. A kernel blind to the form sees the grain
 * only: [1 −2 1]ᵀ[1 −2 1] (∂²x ∂²y) is 0 on every quadratic (a limb's profile
 * across it, the light's slope along it), and its median response on skin
 * (robust to creases and moles) gives the grain's sd as white noise (the
 * kernel's energy is 36: GRAIN_KERNEL_SD). White noise of that sd holds
 * each band's white share of it (bandSds); `overWhite` is how many times that
 * share a band may hold, fine to coarse: skin's pores and mottle add power at
 * the coarser scale. On evenly lit broad skin (a back, a chest) the bands stay
 * within it and nothing changes.
 */
export const GRAIN_CAP = {
  overWhite: [1.25, 2] as readonly number[],
} as const;
/** Sd of the ∂²x ∂²y kernel's response to unit white noise: √(Σ taps²) = √36. */
const GRAIN_KERNEL_SD = 6;

/**
 * The ∂²x ∂²y kernel's tap at offset (dx, dy) of its 3×3 window: [1 −2 1]ᵀ[1 −2 1], so 1 at a corner, −2 at an
 * edge's middle, 4 at the centre. It is blind to a level and to a ramp in either direction (smooth shading), and
 * answers the pixel-to-pixel grain.
 */
export function grainTap(dx: number, dy: number): number {
  return (dx === 0 ? -2 : 1) * (dy === 0 ? -2 : 1);
}

export interface SkinTexture {
  /** Per band, fine to coarse: lower-triangular Cholesky factor (row-major 3×3) of the relative values' covariance over R, G, B. */
  bands: Float64Array[];
  /** Samples the fit used. */
  samples: number;
}

export interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** Taps of a box of radius r applied twice: 1, 2, …, r + 1, …, 2, 1 over (r + 1)². */
function triangleTaps(r: number): Float64Array {
  const t = new Float64Array(4 * r + 1);
  for (let k = -2 * r; k <= 2 * r; k++) t[k + 2 * r] = (2 * r + 1 - Math.abs(k)) / ((2 * r + 1) * (2 * r + 1));
  return t;
}

/** Scale of a uniform in −0.5..0.5 to unit sd (its sd is 1/√12). */
const WHITE_SCALE = Math.sqrt(12);

/** Brightest channel mean (0..255) below which a sample is too dark for a relative value (shadow, hair). */
const MIN_LEVEL = 8;

/**
 * BAND_RADII's triangle kernels (triangleTaps) as 2-D windows of the widest
 * one's size (KERNEL_REACH each side, row-major): the products ty · tx the
 * local means weigh with, worked out once (the same doubles as per tap);
 * band 0 holds 0 beyond its own reach, which relativeSample never reads.
 */
const LEVEL_WINDOWS: readonly Float64Array[] = BAND_RADII.map((r) => {
  const t = triangleTaps(r), r2 = 2 * r, size = 2 * KERNEL_REACH + 1;
  const k = new Float64Array(size * size);
  for (let dy = -r2; dy <= r2; dy++) for (let dx = -r2; dx <= r2; dx++) k[(dy + KERNEL_REACH) * size + dx + KERNEL_REACH] = t[dy + r2]! * t[dx + r2]!;
  return k;
});

/**
 * The pixel's band values relative to its coarsest local mean,
 * [band][channel]: the pixel minus its r = 1 mean, that minus the r = 2 mean
 * (BAND_RADII), each over the r = 2 mean. The means are over known pixels
 * only (kernels normalised over them), both summed in one pass over the
 * widest window, each in its own row-major order. Null where less than
 * MIN_FOOTPRINT_KNOWN of the widest kernel falls on known pixels, or a
 * channel's coarse mean is too dark (MIN_LEVEL). (Summed per tap into
 * arrays allocated per sample, this was most of measureSkinTexture's time.)
 */
function relativeSample(plane: Float32Array, known: Mask, i: number): Float64Array | null {
  const { width: w, height: h } = known;
  const cx = i % w, cy = (i - cx) / w;
  const R = KERNEL_REACH, size = 2 * R + 1, r0 = 2 * BAND_RADII[0];
  const k0 = LEVEL_WINDOWS[0]!, k1 = LEVEL_WINDOWS[1]!, kd = known.data;
  let w0 = 0, r0s = 0, g0s = 0, b0s = 0, w1 = 0, r1s = 0, g1s = 0, b1s = 0, all = 0;
  for (let dy = Math.max(-R, -cy); dy <= Math.min(R, h - 1 - cy); dy++) {
    const row = (cy + dy) * w + cx, kRow = (dy + R) * size + R, inner = dy >= -r0 && dy <= r0;
    for (let dx = Math.max(-R, -cx); dx <= Math.min(R, w - 1 - cx); dx++) {
      const k = k1[kRow + dx]!;
      all += k;
      const j = row + dx;
      if (kd[j]! < 0.5) continue;
      const pr = plane[j * 3]!, pg = plane[j * 3 + 1]!, pb = plane[j * 3 + 2]!;
      w1 += k;
      r1s += k * pr;
      g1s += k * pg;
      b1s += k * pb;
      if (!inner || dx < -r0 || dx > r0) continue;
      const q = k0[kRow + dx]!;
      w0 += q;
      r0s += q * pr;
      g0s += q * pg;
      b0s += q * pb;
    }
  }
  if (w1 / all < MIN_FOOTPRINT_KNOWN) return null;
  const m1r = r1s / w1, m1g = g1s / w1, m1b = b1s / w1;
  if (m1r < MIN_LEVEL || m1g < MIN_LEVEL || m1b < MIN_LEVEL) return null;
  const m0r = r0s / w0, m0g = g0s / w0, m0b = b0s / w0;
  return Float64Array.of((plane[i * 3]! - m0r) / m1r, (plane[i * 3 + 1]! - m0g) / m1g, (plane[i * 3 + 2]! - m0b) / m1b, (m0r - m1r) / m1r, (m0g - m1g) / m1g, (m0b - m1b) / m1b);
}

/** Known pixels inside the box (clamped to the plane), as indices. */
function knownInBox(known: Mask, box: Box): { candidates: number[]; box: Box } {
  const { width: w, height: h } = known;
  const b = { x0: Math.max(0, box.x0), y0: Math.max(0, box.y0), x1: Math.min(w - 1, box.x1), y1: Math.min(h - 1, box.y1) };
  const candidates: number[] = [];
  for (let y = b.y0; y <= b.y1; y++) for (let x = b.x0; x <= b.x1; x++) if (known.data[y * w + x]! >= 0.5) candidates.push(y * w + x);
  return { candidates, box: b };
}

/**
 * One band's texture: the covariance over R, G, B of the samples' relative
 * values (outliers beyond OUTLIER_SD robust sds left out), each channel's sd
 * capped at MAX_RELATIVE_SD and at `caps` (GRAIN_CAP) keeping the correlations, as its Cholesky factor;
 * null with too few samples.
 */
function bandTexture(kept: Float64Array[], b: number, caps: readonly number[]): Float64Array | null {
  const lum = kept.map((v) => (v[b * 3]! + v[b * 3 + 1]! + v[b * 3 + 2]!) / 3);
  const limit = OUTLIER_SD * madSd(lum, 0);
  const cov = new Float64Array(9);
  let cnt = 0;
  for (let j = 0; j < kept.length; j++) {
    if (Math.abs(lum[j]!) > limit) continue;
    const v = kept[j]!;
    for (let a = 0; a < 3; a++) for (let c = 0; c < 3; c++) cov[a * 3 + c] = cov[a * 3 + c]! + v[b * 3 + a]! * v[b * 3 + c]!;
    cnt++;
  }
  if (cnt < MIN_SAMPLES) return null;
  for (let a = 0; a < 9; a++) cov[a] = cov[a]! / cnt;
  for (let a = 0; a < 3; a++) {
    const sd = Math.sqrt(cov[a * 4]!);
    const cap = Math.min(MAX_RELATIVE_SD, caps[a]!);
    if (sd <= cap) continue;
    const f = cap / sd;
    for (let c = 0; c < 3; c++) {
      cov[a * 3 + c] = cov[a * 3 + c]! * f;
      cov[c * 3 + a] = cov[c * 3 + a]! * f;
    }
  }
  return cholesky3(cov);
}

/**
 * Fits the texture of `plane` (3 floats per pixel, the mask's size) on the
 * pixels `known` marks (≥ 0.5) inside `box`; null when too few are found.
 * Band values come from kernels normalised over known pixels only, so a
 * sample near the skin's edge does not see the background or the garment.
 */
export function measureSkinTexture(plane: Float32Array, known: Mask, box: Box): SkinTexture | null {
  const w = known.width;
  const { candidates, box: b } = knownInBox(known, box);
  if (candidates.length < MIN_SAMPLES) return null;
  const stride = Math.max(1, Math.ceil(candidates.length / MAX_SAMPLES));
  const rel: Float64Array[] = [];
  const tileOf: number[] = [];
  const grain: Float64Array[] = [];
  const tilesX = Math.ceil((b.x1 - b.x0 + 1) / TILE_PX);
  for (let s = 0; s < candidates.length; s += stride) {
    const i = candidates[s]!;
    const g = grainResponse(plane, known, i);
    if (g) grain.push(g);
    const v = relativeSample(plane, known, i);
    if (!v) continue;
    const cx = i % w, cy = (i - cx) / w;
    rel.push(v);
    tileOf.push(Math.floor((cy - b.y0) / TILE_PX) * tilesX + Math.floor((cx - b.x0) / TILE_PX));
  }
  const kept = quieterTiles(rel, tileOf);
  if (kept.length < MIN_SAMPLES) return null;
  const bands: Float64Array[] = [];
  const caps = grainCaps(grain);
  for (let band = 0; band < BAND_RADII.length; band++) {
    const factor = bandTexture(kept, band, caps[band]!);
    if (!factor) return null;
    bands.push(factor);
  }
  return { bands, samples: kept.length };
}

/**
 * The ∂²x ∂²y response at pixel `i` (GRAIN_CAP) per channel, relative to the
 * 3×3 mean: null unless all 9 pixels are known, inside the plane and bright
 * enough (MIN_LEVEL).
 */
export function grainResponse(plane: Float32Array, known: Mask, i: number): Float64Array | null {
  const { width: w, height: h } = known;
  const x = i % w, y = (i - x) / w;
  if (x < 1 || y < 1 || x >= w - 1 || y >= h - 1) return null;
  // (the sums in locals: no arrays allocated per sample)
  let r = 0, g = 0, b = 0, mr = 0, mg = 0, mb = 0;
  for (let dy = -1; dy <= 1; dy++) {
    for (let dx = -1; dx <= 1; dx++) {
      const j = i + dy * w + dx;
      if (known.data[j]! < 0.5) return null;
      const k = grainTap(dx, dy), pr = plane[j * 3]!, pg = plane[j * 3 + 1]!, pb = plane[j * 3 + 2]!;
      r += k * pr;
      g += k * pg;
      b += k * pb;
      mr += pr / 9;
      mg += pg / 9;
      mb += pb / 9;
    }
  }
  if (mr < MIN_LEVEL || mg < MIN_LEVEL || mb < MIN_LEVEL) return null;
  return Float64Array.of(r / mr, g / mg, b / mb);
}

/**
 * Per band (fine to coarse) and channel, the most relative sd GRAIN_CAP
 * allows: the grain's sd (the median |∂²x ∂²y| response of `grain`'s samples,
 * as white noise) × the band's white share × its `overWhite`. Too few
 * samples (under MIN_SAMPLES): no cap (MAX_RELATIVE_SD alone).
 */
export function grainCaps(grain: Float64Array[]): number[][] {
  const white = bandSds(BAND_RADII.map(triangleTaps));
  const sds = [0, 1, 2].map((c) => (grain.length < MIN_SAMPLES ? Infinity : grainSdOf(grain.map((g) => g[c]!))));
  return white.map((share, b) => sds.map((sd) => sd * share * (GRAIN_CAP.overWhite[b] ?? 1)));
}

/** The grain's sd as white noise from ∂²x ∂²y responses (GRAIN_CAP): their median absolute value × MAD_TO_SD / GRAIN_KERNEL_SD. */
export function grainSdOf(responses: ArrayLike<number>): number {
  return madSd(responses, 0) / GRAIN_KERNEL_SD;
}

/**
 * Multiplies `plane` (3 floats per pixel, `w` × `h`) inside `box` by 1 + a
 * seeded noise with `texture`'s statistics, each band's amplitude times its
 * entry of `bandGains` (fine to coarse). Deterministic: the
 * same box and `seed` give the same noise.
 */
export function applySkinTexture(plane: Float32Array, w: number, h: number, texture: SkinTexture, box: Box, bandGains: readonly number[] = [1, 1], seed = 1): void {
  const field = skinNoiseField(w, h, box, seed);
  if (field) applyNoiseField(plane, w, field, texture, bandGains);
}

/**
 * The latent white fields and their band blurs behind applySkinTexture's
 * noise, for one box and seed: textures of several parts over the same box
 * share them and only scale them (applyNoiseField), the same floats.
 */
export interface NoiseField {
  /** The box, clamped to the plane. */
  box: Box;
  /** Row length of the planes below (the box's width + 2 × KERNEL_REACH). */
  fw: number;
  /** Per latent field (3): unit white noise and its two triangle blurs (BAND_RADII), over the padded box. */
  white: Float32Array[];
  g1: Float32Array[];
  g2: Float32Array[];
}

/** applySkinTexture's latent fields over `box` (clamped to `w` × `h`) from `seed`; null for an empty box. */
export function skinNoiseField(w: number, h: number, box: Box, seed: number): NoiseField | null {
  const bx0 = Math.max(0, box.x0), by0 = Math.max(0, box.y0);
  const bx1 = Math.min(w - 1, box.x1), by1 = Math.min(h - 1, box.y1);
  if (bx1 < bx0 || by1 < by0) return null;
  // the white field reaches past the box by the kernels' reach, so the bands are whole at its edge
  const pad = KERNEL_REACH;
  const fx0 = bx0 - pad, fy0 = by0 - pad;
  const fw = bx1 - bx0 + 1 + 2 * pad, fh = by1 - by0 + 1 + 2 * pad;
  const field: NoiseField = { box: { x0: bx0, y0: by0, x1: bx1, y1: by1 }, fw, white: [], g1: [], g2: [] };
  // (one set of planes for the three fields, each kept as a copy: the blurs' running sums pass over the stale
  // edges earlier fields left, and the same floats come out only from the same planes in the same order)
  const white = new Float32Array(fw * fh), g1 = new Float32Array(fw * fh), g2 = new Float32Array(fw * fh), tmp = new Float32Array(fw * fh);
  for (let f = 0; f < 3; f++) {
    // (xorshift along each row from a hashed start: a hash per pixel cost ~3× more)
    for (let y = 0; y < fh; y++) whiteRow(white, y * fw, fw, hashInt(fx0, y + fy0, f, seed) | 1);
    // (a box blur twice is the triangle kernel; exact inside the pad)
    triangleBlur(white, g1, tmp, fw, fh, BAND_RADII[0]);
    triangleBlur(white, g2, tmp, fw, fh, BAND_RADII[1]);
    field.white.push(white.slice());
    field.g1.push(g1.slice());
    field.g2.push(g2.slice());
  }
  return field;
}

/** `plane` (3 floats per pixel, `w` px a row) inside the field's box times 1 + `field`'s noise scaled to `texture` and `bandGains` (applySkinTexture). */
export function applyNoiseField(plane: Float32Array, w: number, field: NoiseField, texture: SkinTexture, bandGains: readonly number[]): void {
  const { box } = field;
  const bw = box.x1 - box.x0 + 1, bh = box.y1 - box.y0 + 1;
  const noise = fieldNoise(field, texture, bandGains);
  for (let y = 0; y < bh; y++) scaleRow(plane, ((y + box.y0) * w + box.x0) * 3, noise, y * bw * 3, bw * 3);
}

/** `field`'s noise scaled to `texture` and `bandGains` (applySkinTexture): 3 floats per pixel of the field's box, row by row. */
function fieldNoise(field: NoiseField, texture: SkinTexture, bandGains: readonly number[]): Float32Array {
  const { box, fw } = field;
  const pad = KERNEL_REACH;
  const bw = box.x1 - box.x0 + 1, bh = box.y1 - box.y0 + 1;
  // white noise of unit sd (WHITE_SCALE), its bands scaled to unit sd
  const norms = bandSds(BAND_RADII.map(triangleTaps)).map((sd) => 1 / sd);
  const n0 = norms[0]! * (bandGains[0] ?? 1), n1 = norms[1]! * (bandGains[1] ?? 1);
  const L0 = texture.bands[0]!, L1 = texture.bands[1]!;
  const noise = new Float32Array(bw * bh * 3);
  for (let f = 0; f < 3; f++) {
    const white = field.white[f]!, g1 = field.g1[f]!, g2 = field.g2[f]!;
    // latent field f feeds channels c ≥ f (L is lower-triangular)
    for (let c = f; c < 3; c++) {
      const a0 = L0[c * 3 + f]! * n0, a1 = L1[c * 3 + f]! * n1;
      for (let y = 0; y < bh; y++) addBandsRow({ white, g1, g2, from: (y + pad) * fw + pad }, noise, y * bw * 3 + c, bw, a0, a1);
    }
  }
  return noise;
}

/**
 * `to` (3 floats per pixel, `m`'s size) where `m` is set (≥ 0.5) inside the
 * field's box: `from` times 1 + the field's noise scaled to `texture` and
 * `bandGains`, the floats applyNoiseField would give there (the same sums in
 * the same order, float32 between the fields), the noise made only where it is used.
 */
export function scaleNoiseWhere(to: Float32Array, from: Float32Array, m: Mask, field: NoiseField, scale: { texture: SkinTexture; bandGains: readonly number[] }): void {
  const { box, fw } = field, w = m.width;
  const a = noiseAmplitudes(scale.texture, scale.bandGains);
  for (let y = box.y0; y <= box.y1; y++) {
    const row = (y - box.y0 + KERNEL_REACH) * fw + KERNEL_REACH;
    scaleRowWhere({ to, from, m: m.data }, y * w + box.x0, box.x1 - box.x0 + 1, field, row, a);
  }
}

/** Per channel c and latent field f ≤ c, the amplitudes of bands 0 and 1 (fieldNoise's a0, a1) at [(c * 3 + f) * 2 + band]. */
function noiseAmplitudes(texture: SkinTexture, bandGains: readonly number[]): Float64Array {
  const norms = bandSds(BAND_RADII.map(triangleTaps)).map((sd) => 1 / sd);
  const n0 = norms[0]! * (bandGains[0] ?? 1), n1 = norms[1]! * (bandGains[1] ?? 1);
  const L0 = texture.bands[0]!, L1 = texture.bands[1]!;
  const a = new Float64Array(18);
  for (let c = 0; c < 3; c++) {
    for (let f = 0; f <= c; f++) {
      a[(c * 3 + f) * 2] = L0[c * 3 + f]! * n0;
      a[(c * 3 + f) * 2 + 1] = L1[c * 3 + f]! * n1;
    }
  }
  return a;
}

/**
 * One row of scaleNoiseWhere: `n` px from pixel `i0`, where `px.m` is set,
 * the field's planes read from `j0`; `a` from noiseAmplitudes. Each field's
 * two band values are read once a pixel (not once per channel they feed),
 * the channels' sums in fieldNoise's order, rounded to float32 after each
 * field as its noise plane is.
 */
function scaleRowWhere(px: { to: Float32Array; from: Float32Array; m: Float32Array }, i0: number, n: number, field: NoiseField, j0: number, a: Float64Array): void {
  const { to, from, m } = px;
  const [w0, w1, w2] = field.white as [Float32Array, Float32Array, Float32Array];
  const [g10, g11, g12] = field.g1 as [Float32Array, Float32Array, Float32Array];
  const [g20, g21, g22] = field.g2 as [Float32Array, Float32Array, Float32Array];
  const a00 = a[0]!, b00 = a[1]!, a10 = a[6]!, b10 = a[7]!, a11 = a[8]!, b11 = a[9]!;
  const a20 = a[12]!, b20 = a[13]!, a21 = a[14]!, b21 = a[15]!, a22 = a[16]!, b22 = a[17]!;
  for (let x = 0, i = i0, j = j0; x < n; x++, i++, j++) {
    if (m[i]! < 0.5) continue;
    const v0 = g10[j]!, v1 = g11[j]!, v2 = g12[j]!;
    const d00 = w0[j]! - v0, d10 = v0 - g20[j]!, d01 = w1[j]! - v1, d11 = v1 - g21[j]!, d02 = w2[j]! - v2, d12 = v2 - g22[j]!;
    const n0 = Math.fround(0 + a00 * d00 + b00 * d10);
    const n1 = Math.fround(Math.fround(0 + a10 * d00 + b10 * d10) + a11 * d01 + b11 * d11);
    const n2 = Math.fround(Math.fround(Math.fround(0 + a20 * d00 + b20 * d10) + a21 * d01 + b21 * d11) + a22 * d02 + b22 * d12);
    const p = i * 3;
    to[p] = from[p]! * (1 + n0);
    to[p + 1] = from[p + 1]! * (1 + n1);
    to[p + 2] = from[p + 2]! * (1 + n2);
  }
}

// The per-row loops below are functions of their own: called for every row,
// they are optimised after a few rows and stay so across calls, where inline
// in the few-times-called applySkinTexture they ran unoptimised until an
// on-stack replacement was compiled (up to ~90 ms on a busy machine),
// allocating a number object per operation meanwhile.

/** One row of unit white noise into `white` from index `i0`, by xorshift from `state`. */
function whiteRow(white: Float32Array, i0: number, n: number, state: number): void {
  const unit = WHITE_SCALE;
  for (let x = 0, i = i0; x < n; x++, i++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    white[i] = ((state >>> 0) / 4294967296 - 0.5) * unit;
  }
}

/** One row of a latent field's two bands (white − g1, g1 − g2 from `from`) added to `noise`'s channel at `q0` (stride 3), with amplitudes a0, a1. */
function addBandsRow(field: { white: Float32Array; g1: Float32Array; g2: Float32Array; from: number }, noise: Float32Array, q0: number, n: number, a0: number, a1: number): void {
  const { white, g1, g2, from } = field;
  for (let x = 0, j = from, q = q0; x < n; x++, j++, q += 3) {
    const v1 = g1[j]!;
    noise[q] = noise[q]! + a0 * (white[j]! - v1) + a1 * (v1 - g2[j]!);
  }
}

/** `plane` from `p0` times 1 + `noise` from `q0`, over `n` floats. */
function scaleRow(plane: Float32Array, p0: number, noise: Float32Array, q0: number, n: number): void {
  for (let x = 0; x < n; x++) plane[p0 + x] = plane[p0 + x]! * (1 + noise[q0 + x]!);
}

/**
 * A box blur of radius `r` applied twice, horizontally and vertically, by
 * running sums: exact at least 2r px inside the edges, which it leaves stale.
 * (`boxBlurPlane` clamps at the edges too; here ~4× slower for no use.)
 */
function triangleBlur(src: Float32Array, out: Float32Array, tmp: Float32Array, w: number, h: number, r: number): void {
  boxRows(src, tmp, w, h, r);
  boxRows(tmp, out, w, h, r);
  const sum = new Float32Array(w);
  boxColumns(out, tmp, w, h, r, sum);
  boxColumns(tmp, out, w, h, r, sum);
}

/**
 * One horizontal box pass of `triangleBlur`, `a` into `b`. (Top-level
 * functions with their sizes as arguments, not closures made per call over
 * them: optimised once, and their loops keep their bounds in registers.)
 */
function boxRows(a: Float32Array, b: Float32Array, w: number, h: number, r: number): void {
  const inv = 1 / (2 * r + 1);
  for (let y = 0; y < h; y++) {
    const row = y * w;
    let s = 0;
    for (let k = 0; k <= 2 * r; k++) s += a[row + k]!;
    for (let x = r; x < w - r; x++) {
      b[row + x] = s * inv;
      if (x + r + 1 < w) s += a[row + x + r + 1]! - a[row + x - r]!;
    }
  }
}

/** One vertical box pass of `triangleBlur`, `a` into `b`; `sum` is w floats of scratch. */
function boxColumns(a: Float32Array, b: Float32Array, w: number, h: number, r: number, sum: Float32Array): void {
  const inv = 1 / (2 * r + 1);
  sum.fill(0);
  for (let k = 0; k <= 2 * r; k++) for (let x = 0; x < w; x++) sum[x] = sum[x]! + a[k * w + x]!;
  for (let y = r; y < h - r; y++) {
    const row = y * w;
    for (let x = 0; x < w; x++) b[row + x] = sum[x]! * inv;
    if (y + r + 1 < h) {
      const add = (y + r + 1) * w, drop = (y - r) * w;
      for (let x = 0; x < w; x++) sum[x] = sum[x]! + a[add + x]! - a[drop + x]!;
    }
  }
}

/**
 * Sd of each band (kernel b − 1 minus kernel b, kernel −1 the identity) of
 * unit white noise: the root of the 2-D difference kernel's energy.
 */
function bandSds(taps: Float64Array[]): number[] {
  const size = taps[taps.length - 1]!.length;
  const c = (size - 1) >> 1;
  const kernel2d = (t: Float64Array | null) => {
    const k = new Float64Array(size * size);
    if (!t) k[c * size + c] = 1;
    else {
      const r = (t.length - 1) >> 1;
      for (let y = -r; y <= r; y++) for (let x = -r; x <= r; x++) k[(y + c) * size + x + c] = t[y + r]! * t[x + r]!;
    }
    return k;
  };
  const out: number[] = [];
  let prev = kernel2d(null);
  for (const t of taps) {
    const cur = kernel2d(t);
    let e = 0;
    for (let i = 0; i < prev.length; i++) e += (prev[i]! - cur[i]!) ** 2;
    out.push(Math.sqrt(e));
    prev = cur;
  }
  return out;
}

/**
 * The samples of the quieter half of the tiles (by the mean square of their
 * band values, all channels): skin's own texture is the floor of the local
 * energy, and structures only add to it — the throat and the jaw's shadow
 * measured 1.3–2.7 % on one fixture, the upper arms next to the filled chest
 * 0.4–0.8 % (forearms with veins 1.3–2.2 %). Few tiles: all samples.
 */
function quieterTiles(rel: Float64Array[], tileOf: number[]): Float64Array[] {
  // (per tile in typed arrays, listed in order of first appearance as a Map's entries were: the same sums, the same ties)
  let top = 0;
  for (const t of tileOf) if (t > top) top = t;
  const sum = new Float64Array(top + 1), count = new Int32Array(top + 1);
  const order: number[] = [];
  for (let j = 0; j < rel.length; j++) {
    const v = rel[j]!, t = tileOf[j]!;
    let e = 0;
    for (let k = 0; k < v.length; k++) e += v[k]! * v[k]!;
    if (count[t] === 0) order.push(t);
    sum[t] = sum[t]! + e;
    count[t] = count[t]! + 1;
  }
  const tiles = order.filter((id) => count[id]! >= MIN_TILE_SAMPLES).map((id) => ({ id, e: sum[id]! / count[id]! }));
  if (tiles.length < MIN_TILES) return rel;
  tiles.sort((a, b) => a.e - b.e);
  const quiet = new Uint8Array(top + 1);
  for (const t of tiles.slice(0, Math.ceil(tiles.length / 2))) quiet[t.id] = 1;
  return rel.filter((_, j) => quiet[tileOf[j]!] === 1);
}

/** Lower-triangular L with L·Lᵀ = cov (3×3, row-major); a degenerate direction gets 0. */
export function cholesky3(cov: Float64Array): Float64Array {
  const L = new Float64Array(9);
  for (let i = 0; i < 3; i++) {
    for (let j = 0; j <= i; j++) {
      let s = cov[i * 3 + j]!;
      for (let k = 0; k < j; k++) s -= L[i * 3 + k]! * L[j * 3 + k]!;
      if (i === j) L[i * 3 + i] = s > 1e-12 ? Math.sqrt(s) : 0;
      else L[i * 3 + j] = L[j * 3 + j]! > 0 ? s / L[j * 3 + j]! : 0;
    }
  }
  return L;
}

/** Deterministic 32-bit hash of (x, y, field, seed). */
function hashInt(x: number, y: number, field: number, seed: number): number {
  let h = Math.imul(x, 374761393) + Math.imul(y, 668265263) + Math.imul(field + 1, 2246822519) + Math.imul(seed, 3266489917);
  h = Math.imul(h ^ (h >>> 13), 1274126177);
  h = Math.imul(h ^ (h >>> 16), 2654435761);
  return h ^ (h >>> 15);
}
