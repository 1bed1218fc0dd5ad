/**
 * Made legs' grain at the output's own size, from the person's own visible
 * leg skin. The made skin's top-up (skin-grain-full.ts) is measured against
 * the visible skin near the fill, and only its finest band (1–3 px) is topped
 * up: a mid-band field read as a sponge-painted mottle on chests measured
 * beside a neck. A leg's skin is grainier than an arm's or a neck's
 * (follicles, pores, mottle at 2–8 px), and a made knee beside a real shin
 * drew half the shin's energy in the 2–8 px band: a smeared fill.
 *
 * So on the made legs (the body's legs region) the fine band and the 2–8 px
 * band (the r=1 minus the r=4 triangle mean, over the r=4 mean) are both
 * measured against the visible leg skin (falling back to all visible skin
 * near the made legs when too little leg shows) and both shortfalls are
 * topped up, each capped (LEG_GRAIN) so a leg's edge or a shadow in the
 * measure gives no speckle or mottle. Made skin off the legs keeps its own.
 */
import { bandSpreads, fineField, quieterHalf, realNearMade, seededWhiteNoise, T1, unitSd, wrapBlur, FULL_GRAIN, type GrainField, type LevelAt } from './skin-grain-full.js';
import { madSd } from '../../vision/robust-stats.js';

export const LEG_GRAIN = {
  /**
   * Most relative sd the 2–8 px band may take from the real leg: the tune
   * half's visible shins and thighs measured 0.6–1.2 % there (quieter tiles);
   * more is a leg's edge, a shadow or a hem in the measure.
   */
  maxCoarseSd: 0.012,
  /**
   * The same cap when no leg shows and the visible skin near the made legs
   * lends the grain (a face, hands, forearms: their features and knuckles
   * read 2–3 % even in the quieter tiles): under the smoother real legs'
   * own (0.5 %); at maxCoarseSd a made pair of shins read sandy, at 0.6 %
   * a clean studio photo's made legs read mottled.
   */
  fallbackMaxCoarseSd: 0.004,
  /** Most relative sd the fine band (1–2 px) may take from the real leg: as FULL_GRAIN.maxRelativeSd. */
  maxFineSd: FULL_GRAIN.maxRelativeSd,
  /** Radius of the wider triangle (a box applied twice) of the 2–8 px band, px: its window reaches twice this. */
  coarseRadius: 4,
  /** Seed of the coarse field: not the fine field's, so the two are independent and their variances add. */
  coarseSeed: 23,
} as const;

/** Reach of the 2–8 px band's window, px. */
export const COARSE_REACH = 2 * LEG_GRAIN.coarseRadius;

/** Triangle taps of a box of radius r applied twice (as skin-grain-full.ts's). */
function triangle(r: number): number[] {
  const t: number[] = [];
  for (let k = -2 * r; k <= 2 * r; k++) t.push((2 * r + 1 - Math.abs(k)) / ((2 * r + 1) * (2 * r + 1)));
  return t;
}
const TC = triangle(LEG_GRAIN.coarseRadius);

/** Points and the level read there: a picture's skin as skinTopUp reads it. */
export interface Measured {
  level: LevelAt;
  points: [number, number][];
}

/** The made legs' top-up: the fine field and the coarse (2–8 px) field (unit sd each) with their amplitudes (relative sd per unit field). */
export interface LegTopUp {
  fine: GrainField;
  coarse: Float32Array;
  ampFine: number;
  ampCoarse: number;
}

/** The 2–8 px band's value at (x, y): (r=1 triangle mean − coarse triangle mean) / coarse mean, or null where that mean is under FULL_GRAIN.minLevel or a level is not a number (off the picture). */
export function coarseBandAt(level: LevelAt, x: number, y: number): number | null {
  let mc = 0, m1 = 0;
  for (let dy = -COARSE_REACH; dy <= COARSE_REACH; dy++) {
    for (let dx = -COARSE_REACH; dx <= COARSE_REACH; dx++) {
      const v = level(x + dx, y + dy);
      mc += TC[dy + COARSE_REACH]! * TC[dx + COARSE_REACH]! * v;
      if (Math.abs(dx) <= 2 && Math.abs(dy) <= 2) m1 += T1[dy + 2]! * T1[dx + 2]! * v;
    }
  }
  return Number.isFinite(mc) && mc >= FULL_GRAIN.minLevel ? (m1 - mc) / mc : null;
}

/**
 * Robust sd (MAD) of the 2–8 px band at `points` (each ≥ COARSE_REACH px
 * inside the picture), each value taken from its tile's mean (a limb's
 * rounded shading puts a steady offset in a band this wide: about 0, a made
 * leg's form shading read as twice its grain), over the quieter half of the
 * tiles; null under FULL_GRAIN.minSamples.
 */
export function coarseSpread(level: LevelAt, points: readonly (readonly [number, number])[]): number | null {
  const values: [number, number][] = [], tiles: number[] = [];
  const sums = new Map<number, { s: number; n: number }>();
  for (const [x, y] of points) {
    const b = coarseBandAt(level, x, y);
    if (b === null) continue;
    const tile = Math.floor(y / FULL_GRAIN.tilePx) * 65536 + Math.floor(x / FULL_GRAIN.tilePx);
    values.push([b, 0]);
    tiles.push(tile);
    const t = sums.get(tile) ?? { s: 0, n: 0 };
    t.s += b;
    t.n++;
    sums.set(tile, t);
  }
  values.forEach((v, k) => {
    const t = sums.get(tiles[k]!)!;
    v[0] -= t.s / t.n;
  });
  const kept = quieterHalf(values, tiles);
  return kept.length < FULL_GRAIN.minSamples ? null : madSd(kept.map((v) => v[0]), 0);
}

/** The coarse field from seeded white noise, periodic, unit sd: the noise's r=1 triangle blur minus its coarse one (the 2–8 px band's own shape). */
export function coarseField(seed: number, side: number = FULL_GRAIN.fieldPx): Float32Array {
  const white = seededWhiteNoise(seed, side * side);
  const b1 = wrapBlur(white, side, T1), bc = wrapBlur(white, side, TC);
  return unitSd(b1.map((v, i) => v - bc[i]!));
}

/** A periodic field's sds per unit in the fine band and the 2–8 px band, read on a level of 100 × (1 + 0.01 × field) over a grid of points. */
export function fieldResponse(field: Float32Array, side: number): [number, number] {
  const level: LevelAt = (x, y) => 100 * (1 + 0.01 * field[(((y % side) + side) % side) * side + (((x % side) + side) % side)]!);
  const pts: [number, number][] = [];
  for (let y = 0; y < side; y += 5) for (let x = 0; x < side; x += 5) pts.push([x, y]);
  return [bandSpreads(level, pts)![0] / 0.01, coarseSpread(level, pts)! / 0.01];
}

/** The fields and their responses, made on first use and shared. */
let shared: { fine: GrainField; coarse: Float32Array; rf: [number, number]; rc: [number, number] } | undefined;
function legFields(): NonNullable<typeof shared> {
  if (shared) return shared;
  const fine = fineField(), coarse = coarseField(LEG_GRAIN.coarseSeed, fine.side);
  return (shared = { fine, coarse, rf: fieldResponse(fine.fine, fine.side), rc: fieldResponse(coarse, fine.side) });
}

/**
 * The amplitudes of the fine and coarse fields (responses `rf`, `rc`: each
 * field's fine and 2–8 px band sds per unit) that raise the made skin's band
 * spreads `made` (fine, 2–8 px) to the real leg's `real` (capped by
 * LEG_GRAIN; the 2–8 px band by `coarseCap`): variances add, each band's shortfall met by its own field
 * after the other field's spill into it. Never negative.
 */
export function legAmplitudes(real: readonly [number, number], made: readonly [number, number], rf: readonly [number, number], rc: readonly [number, number], coarseCap: number = LEG_GRAIN.maxCoarseSd): [number, number] {
  const sf = Math.min(LEG_GRAIN.maxFineSd, real[0]) ** 2 - made[0] ** 2;
  const sc = Math.min(coarseCap, real[1]) ** 2 - made[1] ** 2;
  let f2 = Math.max(0, sf / rf[0] ** 2);
  const c2 = Math.max(0, (sc - f2 * rf[1] ** 2) / rc[1] ** 2);
  f2 = Math.max(0, (sf - c2 * rc[0] ** 2) / rf[0] ** 2);
  return [Math.sqrt(f2), Math.sqrt(c2)];
}

/** The fine band's and the 2–8 px band's spreads of `m`, or null when either is short of samples. */
function spreads(m: Measured): [number, number] | null {
  const b = bandSpreads(m.level, m.points);
  const c = b && coarseSpread(m.level, m.points);
  return b && c !== null ? [b[0], c] : null;
}

/**
 * The made legs' top-up: the made legs (`made`, their level memoised over
 * COARSE_REACH) measured against the visible leg skin (`legs`) or, with
 * fewer than FULL_GRAIN.minSamples points there, the visible skin near the
 * made legs (`skin`, realNearMade, its 2–8 px band capped lower:
 * LEG_GRAIN.fallbackMaxCoarseSd); null when a measure is short or nothing is.
 */
export function legTopUp(legs: Measured, skin: Measured, made: Measured): LegTopUp | null {
  if (made.points.length < FULL_GRAIN.minSamples) return null;
  const own = legs.points.length >= FULL_GRAIN.minSamples;
  const src = own ? legs : { level: skin.level, points: realNearMade(skin.points, made.points) };
  const r = src.points.length >= FULL_GRAIN.minSamples ? spreads(src) : null;
  const m = r && spreads(made);
  if (!r || !m) return null;
  const f = legFields();
  const [ampFine, ampCoarse] = legAmplitudes(r, m, f.rf, f.rc, own ? LEG_GRAIN.maxCoarseSd : LEG_GRAIN.fallbackMaxCoarseSd);
  return ampFine > 0 || ampCoarse > 0 ? { fine: f.fine, coarse: f.coarse, ampFine, ampCoarse } : null;
}

/** The made legs' relative noise at output pixel (x, y) (the fields repeat every `side` px). */
export function legTopUpAt(t: LegTopUp, x: number, y: number): number {
  const s = t.fine.side, k = (y % s) * s + (x % s);
  return t.ampFine * t.fine.fine[k]! + t.ampCoarse * t.coarse[k]!;
}
