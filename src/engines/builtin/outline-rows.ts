/**
 * Neighbouring rows of the kept layer's runs to its outline made to agree
 * (layering.ts keptToOutline decides each row alone: where the run's far end
 * flips between an arm and the background from row to row, short bars of the
 * kept garment alternate with background-filled gaps beside a forearm).
 */
/**
 * How the rows of one side's runs agree, shoulder widths of height. The run
 * beside a forearm ends on the arm in one row and just past its edge (the
 * background, or a longer run) in the next, where the arm's outline is
 * ragged: gaps of 1–8 rows (analysis size, 0.01–0.06 sw) between kept rows
 * whose runs overlap. A gap where the background really shows between the arm
 * and the body is as tall as the space under the elbow, a fifth of a shoulder
 * width or more.
 */
export const KEPT_ROWS_AGREE = {
  /**
   * The tallest gap between two kept rows on one side that is filled, when
   * the two rows' runs overlap: the garment's side runs on between them.
   */
  gapSw: 0.08,
  /**
   * A bar of kept rows (after the gaps are filled) shorter than this, with
   * rows that stay removed right above and below it, is dropped: a sliver of
   * the garment a few rows tall in the background fill beside an arm reads as
   * a stroke across it, not as the garment's side. A short bar at the kept
   * layer's end (the old hem's band reaching the arm, nothing removed below
   * it) is the garment's own edge and stays.
   */
  minBarSw: 0.04,
} as const;

/** The planes the filled gaps walk (analysis size, from 0.5). */
export interface RowPlanes {
  /** Whether the pixel would take the background fill. */
  backgroundFilled: (i: number) => boolean;
  width: number;
}

/**
 * One side's runs row by row from row `y0`: the first pixel outward from the
 * kept layer's main pieces (`start`; -1 where the row has none), how many
 * pixels are taken from it stepping by `step` (`n`; 0 where none), and
 * whether the row's old garment there stays removed (`open`: 1 where the
 * pixel at `start` would take the background fill and nothing is taken).
 */
export interface SideRuns {
  y0: number;
  step: 1 | -1;
  start: Int32Array;
  n: Int32Array;
  open: Uint8Array;
}

/** The column of a run's far end. */
function farEnd(side: SideRuns, r: number): number {
  return side.start[r]! + side.step * (side.n[r]! - 1);
}

/** Whether the runs of rows `a` and `b` share a column. */
function runsOverlap(side: SideRuns, a: number, b: number): boolean {
  const lo = (r: number) => Math.min(side.start[r]!, farEnd(side, r));
  const hi = (r: number) => Math.max(side.start[r]!, farEnd(side, r));
  return lo(a) <= hi(b) && lo(b) <= hi(a);
}

/**
 * `side`'s run lengths with each gap of at most `maxGap` rows between two
 * kept rows whose runs overlap filled (a new array): in a gap row the run
 * walks out from its own start over pixels that would take the background
 * fill, no further than the nearer of the two kept rows' far ends (the
 * garment's side between them, never past either).
 */
export function filledGaps(side: SideRuns, planes: RowPlanes, maxGap: number): Int32Array {
  const n = side.n.slice();
  let last = -1;
  for (let r = 0; r < n.length; r++) {
    if (side.n[r]! <= 0) continue;
    const gap = r - last - 1;
    if (last >= 0 && gap >= 1 && gap <= maxGap && runsOverlap(side, last, r)) {
      const limit = side.step < 0 ? Math.max(farEnd(side, last), farEnd(side, r)) : Math.min(farEnd(side, last), farEnd(side, r));
      for (let g = last + 1; g < r; g++) n[g] = gapRun(side, planes, g, limit);
    }
    last = r;
  }
  return n;
}

/** The run of gap row `r` from its own start out to column `limit` over pixels that would take the background fill. */
function gapRun(side: SideRuns, planes: RowPlanes, r: number, limit: number): number {
  const s = side.start[r]!;
  if (s < 0) return 0;
  const row = (side.y0 + r) * planes.width;
  let k = 0;
  for (let x = s; x >= 0 && x < planes.width && (limit - x) * side.step >= 0 && planes.backgroundFilled(row + x); x += side.step) k++;
  return k;
}

/**
 * `n` with every bar of consecutive kept rows shorter than `minBar` rows set
 * to 0 where the rows right above and below it are `open` (a new array).
 */
export function withoutShortBars(n: Int32Array, open: Uint8Array, minBar: number): Int32Array {
  const out = n.slice();
  for (let r = 0; r < n.length; ) {
    if (n[r]! <= 0) { r++; continue; }
    let e = r;
    while (e < n.length && n[e]! > 0) e++;
    if (e - r < minBar && r > 0 && open[r - 1] === 1 && e < n.length && open[e] === 1) out.fill(0, r, e);
    r = e;
  }
  return out;
}

/**
 * The pixel indices `side`'s runs take once neighbouring rows agree
 * (KEPT_ROWS_AGREE, scaled by `swPx`): short gaps filled, then short bars
 * between rows that stay removed dropped.
 */
export function agreeingRunPixels(side: SideRuns, planes: RowPlanes, swPx: number): number[] {
  const filled = filledGaps(side, planes, Math.floor(KEPT_ROWS_AGREE.gapSw * swPx));
  const n = withoutShortBars(filled, side.open, KEPT_ROWS_AGREE.minBarSw * swPx);
  const pixels: number[] = [];
  for (let r = 0; r < n.length; r++) {
    const row = (side.y0 + r) * planes.width;
    for (let k = 0; k < n[r]!; k++) pixels.push(row + side.start[r]! + k * side.step);
  }
  return pixels;
}
