/**
 * Where a made bare leg (bare-body.ts bareLegSegments, fitted to the visible
 * leg by fitLegToSkin) runs down into the person's real leg below the old
 * garment's hem (a knee or a shin below an old long skirt), its outline turns
 * into the real leg's: the capsules' radii are medians over the whole leg, and
 * at the join they stood a few px inside (or outside) the real knee on each
 * side, a step that read as a seam between a made and a real leg.
 */
import { copyMask, type Mask } from './image.js';
import { armSegmentsCoverage, LIMB_EDGE, type ArmSegment } from './bare-body.js';
import { median } from './robust-stats.js';

/**
 * The join's reshaping, in widths of the made leg at the join (its own scale:
 * a knee 0.28–0.38 sw wide on the tune half's persons).
 */
export const LEG_JOIN = {
  /**
   * How many rows of the real leg just below the join its outline is measured
   * over (each side's median), leg widths: a quarter of a knee's width is
   * 8–12 px, enough rows to step over the hem's ragged edge and a stray pixel
   * of the skin parse, few enough that the shin's taper below does not count.
   */
  measureLw: 0.25,
  /**
   * How far above the join the made leg's outline turns from the real leg's
   * back to its own, leg widths (smoothstep): a leg's outline changes by a
   * few px over a leg's width at the knee; over a few rows the turn read as
   * a notch, over much more the made thigh took on the knee's width.
   */
  blendLw: 1,
  /**
   * The real leg's width at the join against the made leg's, lowest and
   * highest taken as one leg: below, the skin parse lost an edge in shadow;
   * above, both legs touch and measure as one run.
   */
  minRatio: 0.6,
  maxRatio: 1.6,
} as const;

/** A row's run: its first and last pixel. */
type Run = readonly [number, number];

/**
 * The bone's x at row `y` (the leg's pieces as a polyline, each piece's axis
 * `a → b`); null where no piece spans the row or the piece found runs more
 * across than down (a leg across the frame has no rows to reshape).
 */
export function boneXAt(leg: readonly ArmSegment[], y: number): number | null {
  for (const s of leg) {
    const y0 = Math.min(s.a.y, s.b.y), y1 = Math.max(s.a.y, s.b.y);
    if (y < y0 || y > y1 || y1 === y0) continue;
    if (Math.abs(s.b.x - s.a.x) > Math.abs(s.b.y - s.a.y)) return null;
    return s.a.x + ((s.b.x - s.a.x) * (y - s.a.y)) / (s.b.y - s.a.y);
  }
  return null;
}

/** The run of `inside` along row `y` through column `x` (at most `reach` px either way), null when `x` is not inside. */
export function runThrough(inside: (x: number, y: number) => boolean, x: number, y: number, reach: number): Run | null {
  if (!inside(x, y)) return null;
  let lo = x, hi = x;
  while (lo > x - reach && inside(lo - 1, y)) lo--;
  while (hi < x + reach && inside(hi + 1, y)) hi++;
  return [lo, hi];
}

/** The join of a made leg and the real leg: its row (the old garment's last on the bone), the real leg's outline just below (its edges: pixel x spans x to x + 1), the rows it was measured over. */
export interface LegJoin {
  y: number;
  lo: number;
  hi: number;
  rows: number;
}

/**
 * The join of the made leg (`made`: its coverage ≥ 0.5) with the real leg
 * (`skin`: a visible skin pixel) below the old garment (`old` ≥ 0.5): the
 * last row, going down the bone, of the old garment above the first row of
 * visible skin, and the real leg's outline (each side's median edge) over
 * LEG_JOIN.measureLw below it, where its skin ends beside no old garment (a
 * side whose skin runs into the old garment keeps the made leg's own edge);
 * null when the leg never shows below the old garment, neither side is
 * measured, or the real leg's width is no leg's (LEG_JOIN.minRatio, maxRatio).
 */
export function findLegJoin(leg: readonly ArmSegment[], made: (x: number, y: number) => boolean, skin: (x: number, y: number) => boolean, old: Mask): LegJoin | null {
  const onOld = (x: number, y: number) => x >= 0 && y >= 0 && x < old.width && y < old.height && old.data[y * old.width + x]! >= 0.5;
  const ys = leg.flatMap((s) => [s.a.y, s.b.y]);
  const top = Math.ceil(Math.min(...ys)), bottom = Math.floor(Math.max(...ys));
  let sawOld = false;
  for (let y = top; y < bottom; y++) {
    const bx = boneXAt(leg, y + 0.5);
    if (bx === null) continue;
    const x = Math.floor(bx);
    if (onOld(x, y)) sawOld = true;
    if (!sawOld || onOld(x, y + 1) || !skin(x, y + 1)) continue;
    const own = runThrough(made, x, y, old.width);
    if (!own) return null;
    const width = own[1] - own[0] + 1;
    const rows = Math.max(2, Math.round(LEG_JOIN.measureLw * width));
    const side = (k: number, edge: (r: Run) => number, out: number) => {
      const r = runThrough(skin, x, y + k, 2 * width);
      // (a run ending against the old garment, a hem slanting across the leg, ends at no outline of the leg's)
      return r && !onOld(edge(r) + out, y + k) && !onOld(edge(r) + 2 * out, y + k) ? edge(r) : null;
    };
    const edges = (edge: (r: Run) => number, out: number) => {
      const found = Array.from({ length: rows }, (_, k) => side(k + 1, edge, out)).filter((v): v is number => v !== null);
      return found.length < Math.ceil(rows / 2) ? null : median(found);
    };
    const l = edges((r) => r[0], -1), r = edges((r) => r[1], 1);
    const lo = l ?? own[0], hi = r === null ? own[1] + 1 : r + 1;
    const ratio = (hi - lo) / width;
    return (l === null && r === null) || ratio < LEG_JOIN.minRatio || ratio > LEG_JOIN.maxRatio ? null : { y, lo, hi, rows };
  }
  return null;
}

/**
 * One made leg's coverage (armSegmentsCoverage, width × height, a new mask)
 * with its outline turned into the real leg's at the join (findLegJoin): on
 * the join's row and the rows measured below it the real leg's outline, above
 * it each side's edge eased (smoothstep over LEG_JOIN.blendLw) from the real
 * leg's, carried along the bone, back to the made leg's own; each edge soft as the capsules' (LIMB_EDGE.rampPx).
 */
export function legJoinedCoverage(leg: readonly ArmSegment[], skin: (x: number, y: number) => boolean, old: Mask): Mask {
  const { width: w, height: h } = old;
  const cov = armSegmentsCoverage([...leg], w, h);
  const made = (x: number, y: number) => x >= 0 && y >= 0 && x < w && y < h && cov.data[y * w + x]! >= 0.5;
  const join = findLegJoin(leg, made, skin, old);
  if (!join) return cov;
  const reach = Math.max(1, Math.round(LEG_JOIN.blendLw * (join.hi - join.lo)));
  const jx = boneXAt(leg, join.y + 0.5);
  if (jx === null) return cov;
  const out = copyMask(cov);
  const ramp = LIMB_EDGE.rampPx;
  for (let y = Math.max(0, join.y - reach); y <= Math.min(h - 1, join.y + join.rows); y++) {
    const bx = boneXAt(leg, y + 0.5);
    if (bx === null) continue;
    const own = runThrough(made, Math.floor(bx), y, w);
    if (!own) continue;
    const u = Math.min(1, Math.max(0, 1 - (join.y - y) / reach));
    const t = u * u * (3 - 2 * u);
    // (the real leg's edges carried along the bone: a slanting leg's outline moves across the rows)
    const shift = bx - jx;
    const a = own[0] + (join.lo + shift - own[0]) * t, b = own[1] + 1 + (join.hi + shift - own[1] - 1) * t;
    const x0 = Math.max(0, Math.floor(Math.min(a, own[0]) - 3)), x1 = Math.min(w - 1, Math.ceil(Math.max(b, own[1]) + 3));
    // (the capsules' soft edge: LIMB_EDGE.rampPx across each edge, from the pixel's centre)
    for (let x = x0; x <= x1; x++) out.data[y * w + x] = Math.max(0, Math.min(1, Math.min(x + 0.5 - a, b - x - 0.5) / ramp + 0.5));
  }
  return out;
}

/**
 * Whether a made leg (`made` ≥ 0.5) is hidden by the new garment (`garment`
 * ≥ 0.5): on every row it spans, down to its lowest, some pixel of it lies
 * under the garment. A leg that comes out below a new hem has rows of its own
 * below it; one the new trousers cover to its end has none, and what of it
 * lies beside them (where the old, wider or shorter garment was) would stand
 * as a skin-coloured block beside the trouser leg: the trousers cover that
 * leg, so it is not made. False for an empty leg.
 */
export function legHiddenFrom(made: Mask, garment: Mask): boolean {
  const { width: w, height: h } = made;
  let rows = 0;
  for (let y = 0; y < h; y++) {
    let any = false, under = false;
    for (let i = y * w, end = i + w; i < end && !under; i++) {
      if (made.data[i]! < 0.5) continue;
      any = true;
      under = garment.data[i]! >= 0.5;
    }
    if (any && !under) return false;
    if (any) rows++;
  }
  return rows > 0;
}
