/**
 * The person's own leg standing out beside new trousers: below the old
 * garment's hem the legs are bare skin and stay as they are, and a trouser
 * leg fitted narrower than the calf or the thigh left a sliver of that skin
 * between its edge and the background (a strip of leg down the side of the
 * new leg). A leg is inside its trouser leg wherever the trousers reach, so
 * such a sliver goes with the old garment and takes the background's fill.
 */
import { createMask, lumaOf, type Mask, type RgbImage } from '../../vision/image.js';
import { components, maskBounds } from '../../vision/mask-ops.js';

/**
 * A sliver is a run along a row from the new garment's edge outwards, all on
 * the person (matte at least 0.5) from a given row down (the knees', pass-masks.ts), ending on the
 * background within `maxRunSw` shoulder widths (a calf past a narrow trouser
 * leg stood 0.02–0.05 sw out; a whole leg beside the garment, a stride the
 * fit missed, is 0.2 sw or more across and stays), of which at least
 * `minSkinShare` is skin (the sliver's outer pixel mixes skin with the
 * backdrop and may fail the skin test), with no pixel in the hands' or arms'
 * zone (a hand hanging against the new leg is kept whole by the hands' own
 * rule, and a forearm beside the hip is no leg). The garment's edge pixel must
 * go on being covered `hemClearSw` further down: at a hem, a slanted hem's
 * corner or a tassel, the skin beside it is the leg coming out below, which
 * stays (taken, the shin below a jagged hem was notched); and the garment's
 * run along the row up to that edge must be at least `minClothSw` wide (a
 * trouser leg is 0.25 sw or more; a tassel or a string hanging past the hem
 * over the shin is not the leg's cloth). The legs' zone is not asked:
 * its capsules are narrower than a calf, whose outer side is the sliver.
 */
export const LEG_BESIDE_NEW = { maxRunSw: 0.08, minSkinShare: 0.5, hemClearSw: 0.1, minClothSw: 0.15 } as const;

/** The luma step's resolution for the median grain (LEG_SLIVER_SKIN). */
const GRAIN_BIN = 0.25;

/**
 * What else a sliver must be (a backdrop the parse read as skin, and the
 * person's own leg between the legs or below shorts, were taken and painted
 * over). The new garment must reach `kneeClearSw` below the knees' row and
 * `shinShare` of the way from the knees to the ankles (a short garment's hem
 * above the knee or mid-shin leaves the real bare leg below it). A
 * run on the inner side of a leg (the garment found again further along the
 * row: the other leg) is taken only when the background runs on at least
 * `innerGapSw` past it (between the legs the skin is the other leg's, or the
 * thighs', unless the backdrop clearly shows). Each joined piece of slivers
 * must stand `minTallSw` tall (a strip down the leg, not an island; runs in
 * a column joined across gaps of up to `bridgeSw`, a row or two that failed), and its
 * grain (median luma step between vertical neighbours inside it, 0–255) must lie within
 * `grainLo`..`grainHi` times the visible skin's below the knees (other skin
 * when there is less than `minRefPx`), give or take `grainSlack` (a
 * blurred backdrop is smoother than skin, a wooden or structured one rougher).
 */
export const LEG_SLIVER_SKIN = { kneeClearSw: 0.1, shinShare: 0.5, innerGapSw: 0.06, minTallSw: 0.06, grainLo: 0.4, grainHi: 2, grainSlack: 1.5, minRefPx: 20, bridgeSw: 0.03 } as const;

export interface LegBesidePlanes {
  /** The new garment's coverage at the analysis size (composite.ts layerCoverage). */
  cover: Mask;
  skin: Mask;
  matte: Mask;
  /** The old garment as parsed: walked through, never marked (it goes with the removal anyway, and stays the old garment's for the verdict and the shading). */
  old: Mask;
  /** The hands as far as a kept hand may reach (hands-front.ts handsReachZone, HAND_REACH, with the pose's hands' zone): a fingertip past the front zone was cut. */
  hands: Mask;
  arms: Mask;
  /** The person's picture at the analysis size (the slivers' grain against the leg skin's). */
  image: RgbImage;
}

/** The slivers of leg beside the new garment (1 on them) from `fromRow` (the knees') down (analysis px; `ankleRow` the ankles'), or null when there are none. */
export function legSkinBesideNew(p: LegBesidePlanes, at: { fromRow: number; ankleRow: number; swPx: number }): Mask | null {
  const { width: w, height: h } = p.cover;
  const out = createMask(w, h);
  const maxRun = Math.max(1, Math.round(LEG_BESIDE_NEW.maxRunSw * at.swPx));
  const below = Math.max(1, Math.round(LEG_BESIDE_NEW.hemClearSw * at.swPx));
  const minCloth = Math.max(1, Math.round(LEG_BESIDE_NEW.minClothSw * at.swPx));
  const gap = Math.max(1, Math.round(LEG_SLIVER_SKIN.innerGapSw * at.swPx));
  let found = false;
  const low = maskBounds(p.cover)?.y1 ?? -1;
  if (low < at.fromRow + LEG_SLIVER_SKIN.kneeClearSw * at.swPx || low < at.fromRow + LEG_SLIVER_SKIN.shinShare * (at.ankleRow - at.fromRow)) return null;
  for (let y = Math.max(0, Math.ceil(at.fromRow)); y + below < h; y++) {
    const row = y * w, on = (x: number) => p.cover.data[row + x]! >= 0.5;
    for (let x0 = 0; x0 < w; x0++) {
      if (!on(x0)) continue;
      // the garment's run x0..x1 on this row, then each of its two edges
      let x1 = x0;
      while (x1 + 1 < w && on(x1 + 1)) x1++;
      if (x1 - x0 + 1 >= minCloth) {
        for (const [edge, dir] of [[x0, -1], [x1, 1]] as const) {
          if (edge + dir < 0 || edge + dir >= w || p.cover.data[row + below * w + edge]! < 0.5) continue;
          if (markSliver(p, out, { row, from: edge + dir, dir, maxRun, gap })) found = true;
        }
      }
      x0 = x1;
    }
  }
  return found ? skinPieces(p, out, at) : null;
}

/** Median luma step (in GRAIN_BIN steps) between vertical neighbours both of which `pick` takes, and their count (grain −1 when none): the grain inside a region, not its edges' nor a strap's or a seam's. */
function grainOf(img: RgbImage, pick: (i: number) => boolean): { grain: number; n: number } {
  const { width: w, channels: ch, data } = img;
  const l = (i: number) => lumaOf(data[i * ch]!, data[i * ch + 1]!, data[i * ch + 2]!);
  const bins = new Uint32Array(Math.ceil(256 / GRAIN_BIN) + 1);
  let n = 0;
  for (let i = w; i < w * img.height; i++) {
    if (!pick(i) || !pick(i - w)) continue;
    bins[Math.round(Math.abs(l(i) - l(i - w)) / GRAIN_BIN)]!++;
    n++;
  }
  if (!n) return { grain: -1, n };
  let b = 0;
  for (let seen = bins[0]!; seen * 2 < n; ) seen += bins[++b]!;
  return { grain: b * GRAIN_BIN, n };
}

/** `out` with each column's gaps of at most `gap` rows between marked pixels filled: the slivers of one leg, broken by a row that failed, as one piece. */
function bridged(out: Mask, gap: number): Mask {
  const { width: w, height: h } = out, m = createMask(w, h);
  for (let x = 0; x < w; x++) {
    let last = -Infinity;
    for (let y = 0; y < h; y++) {
      if (out.data[y * w + x]! < 0.5) continue;
      if (y - last - 1 <= gap) for (let k = last + 1; k < y; k++) m.data[k * w + x] = 1;
      m.data[y * w + x] = 1;
      last = y;
    }
  }
  return m;
}

/** `out`'s joined pieces kept when tall enough and with skin's grain (LEG_SLIVER_SKIN); null when none is. */
function skinPieces(p: LegBesidePlanes, out: Mask, at: { fromRow: number; swPx: number }): Mask | null {
  const S = LEG_SLIVER_SKIN, w = out.width, from = Math.max(0, Math.ceil(at.fromRow)) * w;
  const bare = (i: number) => p.skin.data[i]! >= 0.5 && p.matte.data[i]! >= 0.5 && p.cover.data[i]! < 0.5 && out.data[i]! < 0.5 && p.hands.data[i]! < 0.5 && p.arms.data[i]! < 0.5;
  // (inside the skin: a pixel with bare skin on both sides, as the step to the one above is read with it)
  const inner = (i: number) => bare(i) && i % w > 0 && i % w < w - 1 && bare(i - 1) && bare(i + 1);
  let ref = grainOf(p.image, (i) => i >= from && inner(i));
  if (ref.n < S.minRefPx) ref = grainOf(p.image, inner);
  const { labels, sizes } = components(bridged(out, Math.round(S.bridgeSw * at.swPx)));
  const top = new Int32Array(sizes.length).fill(-1), bottom = new Int32Array(sizes.length).fill(-1);
  for (let i = 0; i < labels.length; i++) {
    const c = labels[i]!;
    if (c <= 0) continue;
    if (top[c]! < 0) top[c] = Math.floor(i / w);
    bottom[c] = Math.floor(i / w);
  }
  let kept = false;
  for (let c = 1; c < sizes.length; c++) {
    const g = grainOf(p.image, (i) => labels[i] === c && out.data[i]! >= 0.5).grain;
    const ok = bottom[c]! - top[c]! + 1 >= S.minTallSw * at.swPx && (ref.n === 0 || (g >= ref.grain * S.grainLo - S.grainSlack && g <= ref.grain * S.grainHi + S.grainSlack));
    if (!ok) sizes[c] = 0;
    else kept = true;
  }
  if (!kept) return null;
  for (let i = 0; i < labels.length; i++) if (labels[i]! > 0 && sizes[labels[i]!] === 0) out.data[i] = 0;
  return out;
}

/** Walks from `from` along the row in `dir`; marks the run in `out` and returns true when it is a sliver (LEG_BESIDE_NEW). */
function markSliver(p: LegBesidePlanes, out: Mask, at: { row: number; from: number; dir: number; maxRun: number; gap: number }): boolean {
  const w = p.cover.width;
  let k = 0, skin = 0, x = at.from;
  for (; x >= 0 && x < w && k <= at.maxRun; x += at.dir, k++) {
    const i = at.row + x;
    if (p.matte.data[i]! < 0.5) break;
    if (p.cover.data[i]! >= 0.5 || p.hands.data[i]! >= 0.5 || p.arms.data[i]! >= 0.5) return false;
    if (p.skin.data[i]! >= 0.5) skin++;
  }
  // (a run off the frame's edge or past the longest sliver is no sliver)
  if (k === 0 || k > at.maxRun || x < 0 || x >= w || skin < k * LEG_BESIDE_NEW.minSkinShare) return false;
  if (!outerOrClear(p, { row: at.row, x, dir: at.dir, gap: at.gap })) return false;
  for (let j = 0, xi = at.from; j < k; j++, xi += at.dir) if (p.old.data[at.row + xi]! < 0.5) out.data[at.row + xi] = 1;
  return true;
}

/** True when the row past a run's end `x` (on the background) holds no more garment in `dir` (the outer side), or the background runs `gap` px on first (LEG_SLIVER_SKIN). */
function outerOrClear(p: LegBesidePlanes, at: { row: number; x: number; dir: number; gap: number }): boolean {
  const w = p.cover.width;
  let g = 0, x = at.x;
  for (; x >= 0 && x < w && p.matte.data[at.row + x]! < 0.5; x += at.dir) g++;
  if (g >= at.gap) return true;
  for (; x >= 0 && x < w; x += at.dir) if (p.cover.data[at.row + x]! >= 0.5) return false;
  return true;
}
