/**
 * Made skin's grain at the output's own size. The skin fill and its texture
 * (skin-texture.ts) live at the analysis size, 2–3 output px per analysis px,
 * and are drawn through bilinear sampling: the noise's finest grains become
 * 2–6 px soft blobs, and nothing is left at the output's own 1–4 px scale.
 * Measured at the output size (bandSpreads) on the tune half's made legs,
 * chests and shoulders, the finest band (1–2 px) of the made skin spread
 * 0.45–0.6 % against the same photo's real skin 0.8–1.0 %: a smooth fill
 * beside real skin. The film grain (white,
 * sized to the skin's pixel-to-pixel grain, composite.ts filmGrain) adds
 * little there: the photos' own skin texture lies at 2–4 px periods, which
 * a JPEG keeps, more than at single pixels.
 *
 * So the drawn made skin (the fill sampled at the output size, with the
 * film grain) is measured in the same bands as the visible skin of the
 * photo beside it, at the output size, and the fine band's shortfall in
 * variance is added as a relative noise of that band's shape (a periodic
 * field), so the made skin's fine spread reaches the real skin's.
 */
import type { Mask } from '../../vision/image.js';
import type { Box } from '../../vision/skin-texture.js';
import { madSd } from '../../vision/robust-stats.js';

export const FULL_GRAIN = {
  /**
   * Side of the periodic noise fields, output px: a grain of 1–4 px repeats
   * unseen at 256 px (a made leg is 100–200 px wide); the fields took
   * 30 ms to make on this busy machine, once per process (fineField).
   */
  fieldPx: 256,
  /** Most samples per measure (evenly strided): the sd of a MAD sd from 1,500 samples is ~3 %. */
  maxSamples: 1500,
  /** Fewest samples for a measure: fewer, nothing is added. */
  minSamples: 40,
  /**
   * Most relative sd the fine band may take from the real skin: the tune
   * half's real skin beside made skin measured 0.5–1.2 % (quieter tiles);
   * at 1.5 % a neck's tendons set a made chest's grain, and it read speckled.
   */
  maxRelativeSd: 0.01,
  /** Tile side for the quieter half, output px: ~a forearm's width at 768×1024 (skin-texture.ts TILE_PX is 12 analysis px). */
  tilePx: 24,
  /** Samples a tile needs to count, and tiles needed to pick the quieter half from. */
  minTileSamples: 8,
  minTiles: 4,
  /** Level (0..255) below which a sample is too dark for a relative value (shadow, hair), as skin-texture.ts MIN_LEVEL. */
  minLevel: 8,
} as const;

/** Reach of the wider band kernel (the r=2 triangle: a box of radius 2 applied twice), px; the bands are skin-texture.ts BAND_RADII's. */
export const REACH = 4;

/** Triangle taps of a box of radius r applied twice, over (2r + 1)². */
function triangle(r: number): number[] {
  const t: number[] = [];
  for (let k = -2 * r; k <= 2 * r; k++) t.push((2 * r + 1 - Math.abs(k)) / ((2 * r + 1) * (2 * r + 1)));
  return t;
}
export const T1 = triangle(1), T2 = triangle(2);

/** A picture read by pixel: its level (luma, 0..255) at (x, y). */
export type LevelAt = (x: number, y: number) => number;

/** The band window's side, px (2 × REACH + 1), and its weights row by row: the r=2 triangle's T2[dy]·T2[dx] over it, the r=1 triangle's over its inner 5×5. */
const SIDE = 2 * REACH + 1;
const W2 = Float64Array.from({ length: SIDE * SIDE }, (_, k) => T2[Math.floor(k / SIDE)]! * T2[k % SIDE]!);
const W1 = Float64Array.from({ length: 25 }, (_, k) => T1[Math.floor(k / 5)]! * T1[k % 5]!);
/** bandsAt's window of levels (one at a time: bandsAt reads it before it returns). */
const windowScratch = new Float64Array(SIDE * SIDE);

/**
 * The fine (value − r=1 triangle mean) and mid (r=1 − r=2 mean) band values
 * at (x, y), relative to the r=2 mean (skin-texture.ts's bands), or null
 * where that mean is under FULL_GRAIN.minLevel.
 */
export function bandsAt(level: LevelAt, x: number, y: number): [number, number] | null {
  // (the window's levels read once each into a plain array, then summed from it)
  const win = windowScratch;
  for (let dy = -REACH, k = 0; dy <= REACH; dy++) for (let dx = -REACH; dx <= REACH; dx++, k++) win[k] = level(x + dx, y + dy);
  return windowBands(win);
}

/**
 * bandsAt's values from the window of levels `win` (SIDE² values row by row,
 * (x, y) at the centre): each mean summed in the same order as over the
 * window's rows, the same floats.
 */
export function windowBands(win: Float64Array): [number, number] | null {
  let m2 = 0;
  for (let k = 0; k < SIDE * SIDE; k++) m2 += W2[k]! * win[k]!;
  let m1 = 0;
  for (let r = 0; r < 5; r++) for (let c = 0; c < 5; c++) m1 += W1[r * 5 + c]! * win[(r + REACH - 2) * SIDE + c + REACH - 2]!;
  if (m2 < FULL_GRAIN.minLevel) return null;
  return [(win[REACH * SIDE + REACH]! - m1) / m2, (m1 - m2) / m2];
}

/**
 * `level` worked out once per pixel, over the box of `points` grown by a
 * window's reach (REACH), where bandsAt reads it at those points: the points'
 * 9 × 9 px windows overlap where they lie a few px apart (cellPoints: one per
 * analysis cell, 2 px at 2× magnification), and the made skin's level (the
 * fill sampled at the output size) was read for each px up to ~20 times. The
 * same doubles, kept in a plane; NaN marks a px not read yet. `reach`: the
 * windows' reach around the points, px (skin-grain-legs.ts reads wider ones).
 */
export function memoisedLevel(level: LevelAt, points: readonly (readonly [number, number])[], reach: number = REACH): LevelAt {
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (const [x, y] of points) {
    if (x < x0) x0 = x;
    if (x > x1) x1 = x;
    if (y < y0) y0 = y;
    if (y > y1) y1 = y;
  }
  if (x1 < x0) return level;
  x0 -= reach;
  y0 -= reach;
  const bw = x1 + reach - x0 + 1, values = new Float64Array(bw * (y1 + reach - y0 + 1)).fill(NaN);
  return (x: number, y: number) => {
    const k = (y - y0) * bw + x - x0;
    let v = values[k]!;
    if (Number.isNaN(v)) {
      v = level(x, y);
      values[k] = v;
    }
    return v;
  };
}

/**
 * Robust sds (MAD) of the fine and mid band values at `points` ([x, y] pairs,
 * each ≥ REACH px inside), over the quieter half of their tiles (quieterHalf),
 * or null under FULL_GRAIN.minSamples.
 */
export function bandSpreads(level: LevelAt, points: readonly (readonly [number, number])[]): [number, number] | null {
  const values: [number, number][] = [], tiles: number[] = [];
  for (const [x, y] of points) {
    const b = bandsAt(level, x, y);
    if (!b) continue;
    values.push(b);
    tiles.push(Math.floor(y / FULL_GRAIN.tilePx) * 65536 + Math.floor(x / FULL_GRAIN.tilePx));
  }
  const kept = quieterHalf(values, tiles);
  if (kept.length < FULL_GRAIN.minSamples) return null;
  return [madSd(kept.map((v) => v[0]), 0), madSd(kept.map((v) => v[1]), 0)];
}

/**
 * The values of the quieter half of the tiles (by their mean square band
 * value), as skin-texture.ts quieterTiles: skin's own grain is the floor of
 * the local energy, and structures (a neck's tendons, a collarbone's shadow,
 * a limb's edge) only add to it. Measured on all of it, a neck's skin read
 * 1.2 % fine and 0.9 % mid, and a made chest given that grain read mottled
 * beside the neck. Fewer than FULL_GRAIN.minTiles tiles: all values.
 */
export function quieterHalf(values: [number, number][], tiles: number[]): [number, number][] {
  const energy = new Map<number, { e: number; n: number }>();
  values.forEach((v, k) => {
    const t = energy.get(tiles[k]!) ?? { e: 0, n: 0 };
    t.e += v[0] * v[0] + v[1] * v[1];
    t.n++;
    energy.set(tiles[k]!, t);
  });
  const full = [...energy].filter(([, t]) => t.n >= FULL_GRAIN.minTileSamples).sort((a, b) => a[1].e / a[1].n - b[1].e / b[1].n);
  if (full.length < FULL_GRAIN.minTiles) return values;
  const quiet = new Set(full.slice(0, Math.ceil(full.length / 2)).map(([id]) => id));
  return values.filter((_, k) => quiet.has(tiles[k]!));
}

/**
 * The fine field's band sds per unit (fine, then mid), as bandSpreads reads
 * them on a level of 100 + the field (grainFields' test measures them
 * again): fixed by its kernels, so not measured per run (~100 ms here).
 */
export const FINE_RESPONSE: readonly [number, number] = [0.82, 0.22];

/** A periodic noise field (FULL_GRAIN.fieldPx square) of unit sd: the fine band's shape (grainFields). */
export interface GrainField {
  side: number;
  fine: Float32Array;
}

/** One periodic pass of `taps` (odd length) along x (`alongX`) or y of a `side`² field. */
function wrapPass(src: Float32Array, side: number, taps: readonly number[], alongX: boolean): Float32Array {
  const out = new Float32Array(side * side);
  const r = (taps.length - 1) >> 1;
  // (steps between neighbours along the pass, and the wrap's jump back)
  const step = alongX ? 1 : side, span = side * step;
  for (let line = 0; line < side; line++) {
    const base = alongX ? line * side : line;
    for (let k = 0; k < side; k++) {
      let s = 0;
      for (let j = -r; j <= r; j++) {
        const kk = k + j;
        const q = kk < 0 ? kk * step + span : kk >= side ? kk * step - span : kk * step;
        s += taps[j + r]! * src[base + q]!;
      }
      out[base + k * step] = s;
    }
  }
  return out;
}

/** `src` blurred periodically by `taps` in both directions. */
export function wrapBlur(src: Float32Array, side: number, taps: readonly number[]): Float32Array {
  return wrapPass(wrapPass(src, side, taps, true), side, taps, false);
}

/** `field` scaled to unit sd (its mean is 0 by construction: a difference of blurs of the same field). */
export function unitSd(field: Float32Array): Float32Array {
  let s = 0;
  for (let i = 0; i < field.length; i++) s += field[i]! * field[i]!;
  const k = 1 / Math.sqrt(s / field.length);
  return field.map((v) => v * k);
}

/** `length` values of white noise in [-0.5, 0.5) from a xorshift generator seeded by `seed`: the same field for the same seed, so a result is reproducible. */
export function seededWhiteNoise(seed: number, length: number): Float32Array {
  const white = new Float32Array(length);
  let state = (seed * 2654435761) | 1;
  for (let i = 0; i < length; i++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    white[i] = (state >>> 0) / 4294967296 - 0.5;
  }
  return white;
}

/**
 * The fine field from seeded white noise: the noise smoothed by [1 2 1]/4
 * (nothing at single-pixel alternation: the photos' skin holds little there,
 * and a white fine grain read sandy) minus its r=1 triangle blur, 1–3 px.
 *
 * The mid band (2–4 px) is short on made skin too (0.25–0.45 % against
 * 0.4–0.9 %), but a field of its shape (the r=1 minus the r=2 triangle blur,
 * blurred once more) added to the measured shortfall drew a cellular,
 * sponge-painted mottle on made chests beside a neck: the neck's measure
 * holds its tendons and shading even in the quieter tiles. It is left out.
 */
export function grainFields(seed: number, side = FULL_GRAIN.fieldPx): GrainField {
  const white = seededWhiteNoise(seed, side * side);
  const soft = wrapBlur(white, side, [0.25, 0.5, 0.25]);
  const soft1 = wrapBlur(soft, side, T1);
  return { side, fine: unitSd(soft.map((v, i) => v - soft1[i]!)) };
}

/**
 * The fine field's amplitude (relative sd per unit field) that raises the
 * made skin's fine band spread `made[0]` to the real skin's `real[0]` (capped
 * at FULL_GRAIN.maxRelativeSd): the variances add, so the shortfall in
 * variance over the field's own fine response (FINE_RESPONSE). 0 where the
 * made skin is not short.
 */
export function fineAmplitude(real: readonly [number, number], made: readonly [number, number]): number {
  const short = Math.min(FULL_GRAIN.maxRelativeSd, real[0]) ** 2 - made[0] ** 2;
  return short > 0 ? Math.sqrt(short) / FINE_RESPONSE[0] : 0;
}

/**
 * Per analysis cell of `masks` (one size) 1 where every mask is at least
 * `threshold` (NaN passes, as `<` fails on it), else 0; and the box of the
 * passing cells (x1 < 0 when none): cellPoints reads only there.
 */
export function passingCells(masks: readonly Mask[], threshold: number): { ok: Uint8Array; box: Box } {
  const { width: aw, height: ah } = masks[0]!;
  const ok = new Uint8Array(aw * ah);
  const first = masks[0]!.data, rest = masks.slice(1).map((m) => m.data);
  let x0 = aw, y0 = ah, x1 = -1, y1 = -1;
  for (let y = 0; y < ah; y++) {
    const a = passRow(ok, first, rest, threshold, y * aw, aw);
    if (a < 0) continue;
    if (y0 === ah) y0 = y;
    y1 = y;
    if (a < x0) x0 = a;
    for (let x = aw - 1; x > x1; x--) {
      if (ok[y * aw + x] === 1) {
        x1 = x;
        break;
      }
    }
  }
  return { ok, box: { x0, y0, x1, y1 } };
}

/** One row of passingCells from index `row` (`n` cells) into `ok`: the first passing cell's x, or -1. (A function of its own: optimised after a few rows.) */
function passRow(ok: Uint8Array, first: Float32Array, rest: Float32Array[], threshold: number, row: number, n: number): number {
  let a = -1;
  for (let x = 0, i = row; x < n; x++, i++) {
    if (first[i]! < threshold) continue;
    let pass = 1;
    for (let k = 0; k < rest.length; k++) if (rest[k]![i]! < threshold) pass = 0;
    if (pass === 0) continue;
    ok[i] = 1;
    if (a < 0) a = x;
  }
  return a;
}

/** Per analysis column (or row) of `n`: the output px at its centre (-1 within REACH of the frame's `out` px) and the cells of its window's ends, `step` output px a cell. */
function cellAxis(n: number, out: number, step: number): { at: Int32Array; lo: Int32Array; hi: Int32Array } {
  const at = new Int32Array(n), lo = new Int32Array(n), hi = new Int32Array(n);
  for (let c = 0; c < n; c++) {
    const p = Math.round((c + 0.5) * step - 0.5);
    at[c] = p < REACH || p >= out - REACH ? -1 : p;
    lo[c] = Math.min(n - 1, Math.floor((p - REACH) / step));
    hi[c] = Math.min(n - 1, Math.floor((p + REACH) / step));
  }
  return { at, lo, hi };
}

/**
 * Output-size points (`width` × `height`) at the centres of the analysis
 * cells where every one of `masks` (one size) is at least `threshold`, also
 * at the cells of the band window's four corners (REACH px away), so that the
 * window lies on them; evenly strided to at most FULL_GRAIN.maxSamples, each
 * ≥ REACH px inside the frame.
 */
export function cellPoints(masks: readonly Mask[], threshold: number, width: number, height: number): [number, number][] {
  const { width: aw, height: ah } = masks[0]!;
  // (per cell once whether all masks pass, then five lookups a point; only the passing cells' box: a point's own cell passes)
  const { ok, box } = passingCells(masks, threshold);
  const cells: CellGrid = { ok, aw, width, X: cellAxis(aw, width, width / aw), Y: cellAxis(ah, height, height / ah) };
  // (counted first, then only the strided ones made: a pair per cell was most of the time)
  let count = 0;
  for (let cy = box.y0; cy <= box.y1; cy++) count += rowPointCount(cells, cy, box.x0, box.x1);
  const stride = Math.max(1, Math.ceil(count / FULL_GRAIN.maxSamples));
  const out: [number, number][] = [];
  for (let cy = box.y0, k = 0; cy <= box.y1; cy++) {
    for (let cx = box.x0; cx <= box.x1; cx++) {
      const q = cellPointAt(cells, cx, cy);
      if (q >= 0 && k++ % stride === 0) out.push([q % width, (q - (q % width)) / width]);
    }
  }
  return out;
}

/** What cellPoints looks a cell up in: the passing cells (`aw` a row), the output width, and the two axes' tables (cellAxis). */
interface CellGrid {
  ok: Uint8Array;
  aw: number;
  width: number;
  X: ReturnType<typeof cellAxis>;
  Y: ReturnType<typeof cellAxis>;
}

/**
 * Cell (cx, cy)'s output point (y × width + x) when it and its window's four
 * corner cells pass and it lies ≥ REACH inside the frame, else -1. (A
 * module-level function, not a closure made per call: the loops calling a
 * fresh closure lost their optimised code each time the closure was collected.)
 */
export function cellPointAt(c: CellGrid, cx: number, cy: number): number {
  const { ok, aw, X, Y } = c;
  const i = cy * aw + cx;
  const x = X.at[cx]!, y = Y.at[cy]!;
  if (ok[i] === 0 || x < 0 || y < 0) return -1;
  const l = X.lo[cx]!, r = X.hi[cx]!, t = Y.lo[cy]! * aw, b = Y.hi[cy]! * aw;
  return ok[t + l] === 1 && ok[t + r] === 1 && ok[b + l] === 1 && ok[b + r] === 1 ? y * c.width + x : -1;
}

/** How many cells of row `cy` from `x0` to `x1` give a point (cellPointAt). */
function rowPointCount(c: CellGrid, cy: number, x0: number, x1: number): number {
  let n = 0;
  for (let cx = x0; cx <= x1; cx++) if (cellPointAt(c, cx, cy) >= 0) n++;
  return n;
}

/**
 * The `real` points within the box of the `made` points grown by half its
 * larger side, or all of them when fewer than FULL_GRAIN.minSamples lie
 * there: skin's grain differs by part (skin-grain-parts.ts), and a made chest
 * measured against all visible skin took a full-length photo's grainier legs
 * (fine 1.4 % where the neck beside it was 1.0 %) and read speckled beside a
 * smooth neck.
 */
export function realNearMade(real: [number, number][], made: [number, number][]): [number, number][] {
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (const [x, y] of made) {
    x0 = Math.min(x0, x);
    y0 = Math.min(y0, y);
    x1 = Math.max(x1, x);
    y1 = Math.max(y1, y);
  }
  const grow = Math.max(x1 - x0, y1 - y0) / 2;
  const near = real.filter(([x, y]) => x >= x0 - grow && x <= x1 + grow && y >= y0 - grow && y <= y1 + grow);
  return near.length >= FULL_GRAIN.minSamples ? near : real;
}

/** The made skin's full-size grain: the fine field and its amplitude (relative sd), from fineAmplitude. */
export interface SkinTopUp {
  field: GrainField;
  amp: number;
}

/** Seed of the noise field: fixed, so a run repeats exactly. */
const FIELD_SEED = 11;

/** The one fine field (it depends on nothing but FIELD_SEED and FULL_GRAIN.fieldPx): made on first use, ~30 ms, then shared by every job. */
let sharedField: GrainField | undefined;
export function fineField(): GrainField {
  return (sharedField ??= grainFields(FIELD_SEED));
}

/**
 * The top-up for made skin drawn as `made.level` at `made.points`, beside the
 * photo's real skin `real.level` at `real.points` (both cellPoints; those
 * near the made skin, realNearMade); null when either has too few samples or
 * the made skin is not short of fine grain.
 */
export function skinTopUp(real: { level: LevelAt; points: [number, number][] }, made: { level: LevelAt; points: [number, number][] }): SkinTopUp | null {
  if (made.points.length < FULL_GRAIN.minSamples || real.points.length < FULL_GRAIN.minSamples) return null;
  const r = bandSpreads(real.level, realNearMade(real.points, made.points));
  const m = r && bandSpreads(made.level, made.points);
  if (!r || !m) return null;
  const amp = fineAmplitude(r, m);
  return amp > 0 ? { field: fineField(), amp } : null;
}

/** The top-up's relative noise at output pixel (x, y) (the field repeats every `side` px). */
export function topUpAt(t: SkinTopUp, x: number, y: number): number {
  const s = t.field.side;
  return t.amp * t.field.fine[(y % s) * s + (x % s)]!;
}
