/**
 * The old garment's shadow on the real leg below its hem. A skirt or a pair
 * of shorts shades the skin just below its hem: the tune half's shins below
 * an old long skirt's hem measured 10–15 % darker over their first 0.2–0.3
 * sw, a knee below frayed shorts 5–6 % over a few px. Once the garment goes,
 * nothing casts that shadow: left as it was, it stood as a dark band across
 * the leg right below the made knee (the made skin takes the lit tone), a
 * seam of tone at the knees; and the skin fill's membrane, spread from its
 * darkest rows, carried it up into the made thigh as a blurred dark band.
 * So the shaded rows of the real leg go with the old garment: the made leg
 * runs on over them and meets the real leg where its own light resumes.
 */
import { createMask, lumaOf, type Mask, type RgbImage } from '../../vision/image.js';
import { median } from '../../vision/robust-stats.js';

export const HEM_SHADOW = {
  /**
   * Deepest the shadow is taken below the hem, shoulder widths: a hem's
   * contact shadow on a knee measured 0.03–0.06 sw. A shade that runs on
   * past it (a long skirt's over a shin reached 0.2–0.3 sw) is no contact
   * shadow: made skin over that much of the real leg stood out by the
   * made leg's outline and form, so such a column is left as it is.
   */
  reachSw: 0.12,
  /** The leg's own light is measured this far below the hem, shoulder widths (past the reach, a shin's length on). */
  referenceSw: [0.15, 0.35] as readonly [number, number],
  /** Fewest rows of skin in the reference span for a column to count. */
  minReferenceRows: 4,
  /**
   * Share darker than the leg's own light a row must be to count as the
   * hem's shadow: the measured shadows were 5–15 % darker; a shin's own
   * light changes by 1–3 % over its first 0.3 sw.
   */
  darker: 0.04,
  /** Half-side of the box the levels are averaged over, analysis px: the skin's grain (1–2 %) is no shadow. */
  smoothPx: 1,
  /**
   * How far above the old hem the new garment must leave the leg bare,
   * shoulder widths: a new hem at or near the old one casts that shadow
   * itself, and made skin there smoothed half a knee's contact shadow away.
   */
  bareAboveSw: 0.1,
  /** Rows above the hem row the band starts, analysis px: the old garment's soft edge (its mask's 1 px blur and its fringe). */
  aboveHemPx: 2,
} as const;

/** What hemShadowOnLegs reads (analysis size): the photo, the visible skin, the legs' zone, the old garment (hard) and the new garment's coverage. */
export interface HemShadowInput {
  small: RgbImage;
  skin: (x: number, y: number) => boolean;
  legs: Mask;
  oldHard: Mask;
  cover: Mask;
}

/** Mean luma of the skin px in the box of half-side HEM_SHADOW.smoothPx round (x, y), or NaN when none. */
function levelAt(at: HemShadowInput, x: number, y: number): number {
  const { small } = at, ch = small.channels, r = HEM_SHADOW.smoothPx;
  let s = 0, n = 0;
  for (let dy = -r; dy <= r; dy++) {
    for (let dx = -r; dx <= r; dx++) {
      const xx = x + dx, yy = y + dy;
      if (xx < 0 || yy < 0 || xx >= small.width || yy >= small.height || !at.skin(xx, yy)) continue;
      const q = (yy * small.width + xx) * ch;
      s += lumaOf(small.data[q]!, small.data[q + 1]!, small.data[q + 2]!);
      n++;
    }
  }
  return n > 0 ? s / n : NaN;
}

/**
 * Column `x`'s lowest row of the old garment with the leg's visible skin
 * right below it, on the legs' zone, the new garment leaving it and `bare`
 * rows above it uncovered (HEM_SHADOW.bareAboveSw); -1 when none.
 */
export function hemRowAt(at: HemShadowInput, x: number, bare = 0): number {
  const { oldHard, legs, cover } = at, w = oldHard.width;
  for (let y = oldHard.height - 2; y >= 0; y--) {
    const i = y * w + x;
    if (oldHard.data[i]! < 0.5 || oldHard.data[i + w]! >= 0.5) continue;
    if (legs.data[i + w]! < 0.5 || !at.skin(x, y + 1)) return -1;
    for (let d = -1; d <= bare; d++) if (y - d >= 0 && cover.data[i - d * w]! >= 0.5) return -1;
    return y;
  }
  return -1;
}

/**
 * How many rows below the hem row `hem` of column `x` are the hem's shadow:
 * from the first, each HEM_SHADOW.darker below the median level of the leg
 * further down (HEM_SHADOW.referenceSw); 0 when the reference has too few
 * rows of skin or the shade runs on to HEM_SHADOW.reachSw.
 */
export function shadowRowsAt(at: HemShadowInput, x: number, hem: number, swPx: number): number {
  const [r0, r1] = HEM_SHADOW.referenceSw.map((s) => Math.round(s * swPx)) as [number, number];
  const ref: number[] = [];
  for (let d = r0; d <= r1 && hem + d < at.oldHard.height; d++) {
    if (!at.skin(x, hem + d)) continue;
    const v = levelAt(at, x, hem + d);
    if (!Number.isNaN(v)) ref.push(v);
  }
  if (ref.length < HEM_SHADOW.minReferenceRows) return 0;
  ref.sort((a, b) => a - b);
  const lit = ref[ref.length >> 1]! * (1 - HEM_SHADOW.darker);
  const reach = Math.round(HEM_SHADOW.reachSw * swPx);
  for (let d = 1; d <= reach; d++) if (!at.skin(x, hem + d) || !(levelAt(at, x, hem + d) < lit)) return d - 1;
  return 0;
}

/**
 * The hem's shadow on the real legs below the old garment, a new mask (null
 * when none is found): per run of columns whose hem shows on the leg
 * (hemRowAt), the median of its columns' shaded rows (shadowRowsAt), so that
 * the band's lower edge follows the hem, not each column's grain; from
 * HEM_SHADOW.aboveHemPx above the hem row (the old garment's soft edge there
 * still mixed its dark hem into the made skin as a thin line).
 */
export function hemShadowOnLegs(at: HemShadowInput, swPx: number): Mask | null {
  const { oldHard } = at, w = oldHard.width;
  const hems = Array.from({ length: w }, (_, x) => hemRowAt(at, x, Math.round(HEM_SHADOW.bareAboveSw * swPx)));
  let out: Mask | null = null;
  for (let x0 = 0; x0 < w; x0++) {
    if (hems[x0]! < 0) continue;
    let x1 = x0;
    while (x1 + 1 < w && hems[x1 + 1]! >= 0) x1++;
    const rows = Math.round(median(Array.from({ length: x1 - x0 + 1 }, (_, k) => shadowRowsAt(at, x0 + k, hems[x0 + k]!, swPx))));
    for (let x = x0; rows > 0 && x <= x1; x++) {
      out ??= createMask(w, oldHard.height);
      for (let y = Math.max(0, hems[x]! - HEM_SHADOW.aboveHemPx); y <= Math.min(oldHard.height - 1, hems[x]! + rows); y++) if (at.skin(x, y) || y <= hems[x]!) out.data[y * w + x] = 1;
    }
    x0 = x1;
  }
  return out;
}
