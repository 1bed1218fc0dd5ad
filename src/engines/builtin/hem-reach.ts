/**
 * How far down each leg a new full-length lower garment reaches. At the
 * ankles (feet-front.ts hemFloor) where the person's old trousers ended
 * there or higher (bare ankles, cropped trousers); where they covered the
 * ankles and broke on the shoes, down to where they ended: cut at the ankles
 * the new hem floated above the shoes, the gap filled with background or
 * skin and the old cuffs left below it.
 *
 * The old garment near each ankle: the parse's lower garment, or silhouette
 * that is not skin and matches the lower garment's palette (the parse left a
 * cuff turned up or in the shoe's shadow out). Not in more or less light: a
 * dark shoe matches light trousers in shadow.
 */
import { copyMask, createMask, type Mask } from '../../vision/image.js';
import type { PersonAnalysis } from '../../vision/person-analysis.js';
import type { BodyFrame } from '../../vision/body-regions.js';
import type { GarmentFit } from './fit-targets.js';
import { paletteDistance2, type Palette } from '../../vision/palette.js';
import { hemFloor, seenAnkle } from './feet-front.js';
import type { ClothingRegions } from './clothing-regions.js';

export const HEM_REACH = {
  /** Half-width of the column band read around each ankle, shoulder widths (a trouser leg at the ankle is ~0.2 sw wide). */
  bandSw: 0.1,
  /** A row of the band is the old garment's when at least this share of its silhouette is (the shoe's top beside a cuff is not). */
  rowShare: 0.5,
  /** RGB distance² within which a pixel matches the old garment's palette (the parse's own match: 55). */
  matchD2: 55 * 55,
  /**
   * How far below the ankle row an old hem may be followed, shoulder widths:
   * a trouser's break covers the shoe's top (~0.25 sw below the joint), never
   * the whole shoe (a dark shoe matching dark trousers).
   */
  maxBelowAnkleSw: 0.3,
  /** A new leg ending this close above its hem row (shoulder widths) reaches it: full length. */
  reachToleranceSw: 0.02,
  /** Half-width of the old cuff removed around each ankle, shoulder widths (a wide leg's cuff: ~0.3 sw across). */
  cuffHalfSw: 0.2,
  /** An old leg kept beneath the new garment (layering.ts) is read this far above the ankle row, shoulder widths (the shin, above the feet's zone). */
  keptProbeAboveSw: 0.15,
} as const;

/** The old garment near the feet: what the parse says and what the palette says. */
export interface OldLegwear {
  /** The parse's old lower garment (analysis size). */
  lower: Mask;
  /** Skin (analysis size): never the old garment. */
  skin: Mask;
  /** The old lower garment's palette, or null. */
  palette: Palette | null;
}

/** The person's old lower garment near the feet, from the parse. */
export function oldLegwear(c: ClothingRegions): OldLegwear {
  return { lower: c.lowerCloth, skin: c.skin, palette: c.bottomPalette };
}

/** The lowest hem row of each leg (full px), left and right, or null when no ankle is seen. */
export interface HemRows {
  left: { x: number; y: number } | null;
  right: { x: number; y: number } | null;
  /** Today's common floor (feet-front.ts hemFloor), full px. */
  floor: number;
}

/** Whether analysis pixel `i` is the old garment (see OldLegwear). */
function isOld(person: PersonAnalysis, old: OldLegwear, i: number): boolean {
  if (old.lower.data[i]! >= 0.5) return true;
  if (!old.palette || old.skin.data[i]! >= 0.5) return false;
  const d = person.small.data, ch = person.small.channels;
  return paletteDistance2(old.palette, d[i * ch]!, d[i * ch + 1]!, d[i * ch + 2]!) < HEM_REACH.matchD2;
}

/** The share of the band's silhouette on row `y` (analysis px) that is the old garment, or −1 for a row without silhouette. */
function oldShare(person: PersonAnalysis, old: OldLegwear, y: number, x0: number, x1: number): number {
  const w = person.matte.width;
  let n = 0, k = 0;
  for (let x = x0; x <= x1; x++) {
    const i = y * w + x;
    if (person.matte.data[i]! < 0.5) continue;
    n++;
    if (isOld(person, old, i)) k++;
  }
  return n === 0 ? -1 : k / n;
}

/**
 * Where the old garment ends below one ankle (full px row), from the ankle
 * row down while the band's rows are the old garment's (HEM_REACH.rowShare),
 * at most HEM_REACH.maxBelowAnkleSw below it; null when the ankle row itself
 * is not (the old garment ended higher).
 */
export function oldHemBelow(person: PersonAnalysis, old: OldLegwear, ankle: { x: number; y: number }, swPx: number): number | null {
  const { width, height } = person.matte;
  const s = person.scale;
  const half = Math.max(1, Math.round(HEM_REACH.bandSw * swPx * s));
  const cx = Math.round(ankle.x * s);
  const x0 = Math.max(0, cx - half), x1 = Math.min(width - 1, cx + half);
  const y0 = Math.round(ankle.y * s);
  if (y0 < 0 || y0 >= height || x0 > x1) return null;
  const yMax = Math.min(height - 1, y0 + Math.floor(HEM_REACH.maxBelowAnkleSw * swPx * s));
  let y = y0;
  while (y <= yMax && oldShare(person, old, y, x0, x1) >= HEM_REACH.rowShare) y++;
  return y === y0 ? null : y / s;
}

/**
 * Each leg's hem row (full px): the common floor (hemFloor), or lower where
 * the old garment covered that ankle and ended lower (oldHemBelow); null
 * when no ankle is seen.
 */
export function hemRows(person: PersonAnalysis, frame: BodyFrame, old: OldLegwear): HemRows | null {
  const floor = hemFloor(person, frame);
  if (floor === null) return null;
  const leg = (side: 'left' | 'right') => {
    const a = seenAnkle(person, side, frame.shoulderWidth);
    if (!a) return null;
    const end = oldHemBelow(person, old, a, frame.shoulderWidth);
    return { x: a.x, y: Math.max(floor, end ?? floor) };
  };
  return { left: leg('left'), right: leg('right'), floor };
}

/** The hem row (full px) at column `x` (full px): the nearer leg's (the split halfway between the ankles), else the floor. */
export function hemRowAt(rows: HemRows, x: number): number {
  const legs = [rows.left, rows.right].filter((l): l is { x: number; y: number } => l !== null);
  if (legs.length === 0) return rows.floor;
  let best = legs[0]!;
  for (const l of legs) if (Math.abs(l.x - x) < Math.abs(best.x - x)) best = l;
  return best.y;
}

/** The lowest of the legs' hem rows (full px). */
export function lowestHem(rows: HemRows): number {
  return Math.max(rows.floor, rows.left?.y ?? rows.floor, rows.right?.y ?? rows.floor);
}

/**
 * The old garment's cuffs the parse left out (analysis size, hard 0/1): for
 * each leg reaching below the common floor, the pixels matching the old
 * garment (see OldLegwear) within HEM_REACH.cuffHalfSw of the ankle, from
 * the ankle row down to the leg's hem row. Removed with the old garment, or
 * kept they showed as dark blocks between the new hem and the shoe.
 */
export function oldCuffs(person: PersonAnalysis, frame: BodyFrame, old: OldLegwear, rows: HemRows): Mask {
  const { width, height } = person.matte;
  const s = person.scale;
  const out = createMask(width, height);
  const half = Math.round(HEM_REACH.cuffHalfSw * frame.shoulderWidth * s);
  for (const side of ['left', 'right'] as const) {
    const leg = rows[side];
    const a = seenAnkle(person, side, frame.shoulderWidth);
    if (!leg || !a || leg.y <= rows.floor) continue;
    const cx = Math.round(a.x * s);
    for (let y = Math.max(0, Math.round(a.y * s)); y < Math.min(height, Math.round(leg.y * s)); y++) {
      for (let x = Math.max(0, cx - half); x <= Math.min(width - 1, cx + half); x++) {
        const i = y * width + x;
        if (person.matte.data[i]! >= 0.5 && isOld(person, old, i)) out.data[i] = 1;
      }
    }
  }
  return out;
}

/**
 * The hem rows a fitted lower garment reaches: a leg (or a one-piece panel)
 * ending above its row (shorts, cropped trousers) keeps the common floor:
 * the new hem is cut there, and the feet below it stay as they were (the old
 * cuffs go with the old trousers all the same: pass-masks.ts oldCuffRows).
 */
export function reachedHems(rows: HemRows, fit: GarmentFit, swPx: number): HemRows {
  const tol = HEM_REACH.reachToleranceSw * swPx;
  const panelEnd = fit.panel ? Math.max(...fit.panel.body.map((p) => p.y)) : -Infinity;
  const leg = (side: 'left' | 'right') => {
    const row = rows[side];
    if (!row) return null;
    const limb = fit.limbs.find((l) => l.part === (side === 'left' ? 'legL' : 'legR'));
    const end = limb ? limb.warp.body[limb.warp.body.length - 1]!.y : fit.limbs.length === 0 ? panelEnd : -Infinity;
    return end >= row.y - tol ? row : { x: row.x, y: rows.floor };
  };
  return { left: leg('left'), right: leg('right'), floor: rows.floor };
}

/**
 * The feet judged after a new lower garment (analysis size, a new mask):
 * `feet` without what lies above a leg's hem row where that row is below the
 * common floor (the shoe's top under a full-length leg is covered on purpose,
 * as the old trousers covered it).
 */
export function feetBelowHems(feet: Mask, rows: HemRows, scale: number): Mask {
  const out = copyMask(feet);
  for (let x = 0; x < feet.width; x++) {
    const row = hemRowAt(rows, x / scale);
    if (row <= rows.floor) continue;
    for (let y = 0; y < Math.min(feet.height, Math.round(row * scale)); y++) out.data[y * feet.width + x] = 0;
  }
  return out;
}

/**
 * The old garment kept beneath a new one (layering.ts: trousers below a
 * dress), run on to the shoes: where an old leg is kept on the shin
 * (HEM_REACH.keptProbeAboveSw above the ankle row), the rest of the removed
 * old garment below in that leg's band (HEM_REACH.cuffHalfSw) is kept too,
 * each column as much as it is kept on that row (the kept leg's edges run on
 * straight: its soft edge is narrower than the photo's leg).
 * Kept only down to the feet's zone, the old leg's end and the cuff beyond
 * were removed and filled with background: a white gap above the shoes.
 * `kept` soft, `removed` the old garment removed, soft (its soft edge is kept
 * too: it left a faint line); analysis size; a new mask.
 */
export function keptToShoes(kept: Mask, removed: Mask, person: PersonAnalysis, frame: BodyFrame): Mask {
  const { width, height } = kept;
  const s = person.scale, sw = frame.shoulderWidth;
  const out = copyMask(kept);
  const half = Math.round(HEM_REACH.cuffHalfSw * sw * s);
  for (const side of ['left', 'right'] as const) {
    const a = seenAnkle(person, side, sw);
    if (!a) continue;
    const cx = Math.round(a.x * s), x0 = Math.max(0, cx - half), x1 = Math.min(width - 1, cx + half);
    const probe = Math.round((a.y - HEM_REACH.keptProbeAboveSw * sw) * s);
    if (probe < 0 || probe >= height || kept.data[probe * width + cx]! < 0.5) continue;
    for (let y = probe; y < height; y++) {
      for (let x = x0; x <= x1; x++) {
        const i = y * width + x;
        if (removed.data[i]! > 0) out.data[i] = Math.max(out.data[i]!, kept.data[probe * width + x]!);
      }
    }
  }
  return out;
}
