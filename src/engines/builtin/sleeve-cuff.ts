/**
 * A kept top's cuff parsed as the bottom garment: a long sleeve ends over the
 * wrist in front of the hips, below the split line, where the parse's position
 * prior gives the bottom every pixel whose colour does not clearly beat it. A
 * ribbed or plain cuff in a shade of the trousers' hue (a blue-grey knit over
 * denim) is as near the bottom's palette in some light as the top's
 * (clothing-regions.ts sleeveEnds compares the bottom in any light), and past
 * the sleeve-end zone the pose's wrist point sets: it went to the bottom. A
 * new lower garment's pass then removed it and filled it with the hand's skin,
 * a bare wrist cut into the kept sleeve. Where it lies tells it: on the
 * forearm's line, joined to the top's parse above it and to the hand's skin
 * below it, in the top's own colours (as lit: nearer the top's palette than
 * the bottom's). Trousers beside the arm touch neither the hand's skin through
 * such pixels nor lie nearer the top, and a hand in a pocket shows no skin
 * below its wrist.
 */
import { createMask, type Mask, type RgbImage } from '../../vision/image.js';
import { components, componentsTouching, maskBounds, morph, morphPair } from '../../vision/mask-ops.js';
import { cropMask, framedMask, grownBox, smallHolesFilledIn, type PixelBox } from '../../vision/box-distance.js';
import { paletteDistance2, shadedDistance2, type Palette } from '../../vision/palette.js';

export const SLEEVE_CUFF = {
  /**
   * Where the cuff is sought along each seen forearm, shares of elbow → wrist: from `fromT` on past the
   * wrist to `toT` (a cuff of a sleeve longer than the arm runs to the knuckles, and the pose's wrist
   * point sits up to a third of a forearm short of the real wrist under a sleeve), within `halfWidthSw`
   * shoulder widths of that line (a forearm's half width with its sleeve, as SLEEVE_END).
   */
  fromT: 0.6,
  toT: 1.7,
  halfWidthSw: 0.1,
  /** A rib's or a print's dark marks up to 2·`closePx` px across between the cuff's pixels are the cuff's too. */
  closePx: 2,
  /** How near the hand's skin (in the pose's hand capsules) the cuff must come, px: its edge pixels mix with the skin and are neither. */
  handGapPx: 2,
  /**
   * How much nearer (× in distance², both as lit) a cuff's pixel must lie to the top's palette than to the
   * bottom's: a cuff in the top's own knit measured 2–3 × nearer in distance; a black top's black beside black
   * trousers, as near one as the other, stayed as a dark strip of the old trousers down the new ones.
   */
  bottomRatio2: 2 * 2,
  /** How much nearer (× in distance²) the top's palette must be than the skin's colour in any light: a shaded hand's colour is no cuff (clothing-regions.ts SLEEVE_SKIN_RATIO2). */
  skinRatio2: 1.5 * 1.5,
  /**
   * Holes in the top with its cuff of at most this, shoulder widths², on the forearm's bottom pixels are
   * the cuff's too: a darker knot of the knit failed the colour test, was left to the bottom inside the
   * cuff and filled with skin as a patch; a cuff is ~0.2 × 0.2 sw.
   */
  holeSw2: 0.01,
  /**
   * Least area of a cuff, shoulder widths²: a cuff round a forearm (~0.15 sw across) is ~0.05; the dark
   * stripes of a plaid skirt beside a black sleeve's end, nearer the black top's palette than the skirt's
   * pale one, came as specks of a few px and stayed as dark flecks of the old skirt over the new garment.
   */
  minSw2: 0.01,
} as const;

/** What the cuff is read from (analysis size; masks hard 0/1 from 0.5). */
export interface SleeveCuffInput {
  small: RgbImage;
  matte: Mask;
  skin: Mask;
  /** The pose's hand capsules (body-regions.ts hands): the hand's skin the cuff ends at. */
  hands: Mask;
  upper: Mask;
  lower: Mask;
  /** Shoulder width, analysis px. */
  sw: number;
  /** Each seen forearm's segment where the cuff is sought (SLEEVE_CUFF, analysis px) and its radius. */
  forearms: { a: { x: number; y: number }; b: { x: number; y: number }; r: number }[];
}

/** A parse's search for the top's cuffs (ClothingRegions.topCuffs): sleeveCuffs' inputs, the masks as the parse left them. */
export interface CuffSearch {
  input: SleeveCuffInput;
  palettes: { top: Palette; bottom: Palette; skin: Palette };
  matchD2: number;
}

/** sleeveCuffs of a parse's search (`search` null: none sought, null). */
export function topCuffs(search: CuffSearch | null | undefined): Mask | null {
  return search ? sleeveCuffs(search.input, search.palettes, search.matchD2) : null;
}

/**
 * The bottom's pixels that are the kept top's cuff (see above), a new mask, or null when there are none:
 * the bottom's non-skin person pixels on a forearm's segment within `matchD2` of the top's palette and
 * clearly nearer it than the bottom's (both as lit, SLEEVE_CUFF.bottomRatio2) and than the skin's colour in any light (`skin`, by
 * SLEEVE_CUFF.skinRatio2: a shaded hand is no cuff), closed by SLEEVE_CUFF.closePx among the segment's bottom pixels; only the pieces that touch
 * the top's parse and come within SLEEVE_CUFF.handGapPx of the hand's skin, of SLEEVE_CUFF.minSw2 at least, with the small holes between
 * them and the top (SLEEVE_CUFF.holeSw2) on the segment's bottom pixels.
 */
export function sleeveCuffs(x: SleeveCuffInput, palettes: { top: Palette; bottom: Palette; skin: Palette }, matchD2: number): Mask | null {
  const zone = cuffZone(x);
  if (!zone) return null;
  const { width: w, height: h } = zone;
  // (on the zone's box grown past the closings' reach: every pixel tested lies in the zone, and a pixel of the
  // box's core sees no farther than closePx + handGapPx; the frame-sized masks cost ~15–30 ms a parse)
  const box = grownBox(maskBounds(zone), 2 * (SLEEVE_CUFF.closePx + SLEEVE_CUFF.handGapPx) + 1, w, h)!;
  const zoneIn = cropMask(zone, box);
  const seeds = cuffSeeds(x, zoneIn, box, palettes, matchD2);
  const closed = morphPair(seeds, SLEEVE_CUFF.closePx, -SLEEVE_CUFF.closePx);
  for (let i = 0; i < closed.data.length; i++) closed.data[i] = closed.data[i]! >= 0.5 && zoneIn.data[i]! >= 0.5 ? 1 : 0;
  // (joined to the top: its pixels grown by 1 px; and to the hand's skin in the pose's hand capsules)
  const byTop = componentsTouching(closed, morph(cropMask(x.upper, box), 1));
  const skinIn = cropMask(x.skin, box), handsIn = cropMask(x.hands, box);
  const handSkin = createMask(skinIn.width, skinIn.height);
  for (let i = 0; i < handSkin.data.length; i++) handSkin.data[i] = skinIn.data[i]! >= 0.5 && handsIn.data[i]! >= 0.5 ? 1 : 0;
  const cuffs = largeOnly(componentsTouching(byTop, morph(handSkin, SLEEVE_CUFF.handGapPx)), SLEEVE_CUFF.minSw2 * x.sw * x.sw);
  // (the holes are the top's with its cuff, which reach past the box: filled on the frame)
  return cuffs ? withHolesFilled(framedMask(cuffs, box, w, h), x.upper, zone, SLEEVE_CUFF.holeSw2 * x.sw * x.sw) : null;
}

/**
 * The cuff's colour test on the zone's box `box` (`zoneIn`, the zone's crop), a mask of the box's size: the zone's
 * pixels within `matchD2` of the top's palette and clearly nearer it than the bottom's and the skin's (SLEEVE_CUFF).
 */
function cuffSeeds(x: SleeveCuffInput, zoneIn: Mask, box: PixelBox, palettes: { top: Palette; bottom: Palette; skin: Palette }, matchD2: number): Mask {
  const { small } = x;
  const ch = small.channels, bw = zoneIn.width;
  const seeds = createMask(bw, zoneIn.height);
  for (let j = 0; j < seeds.data.length; j++) {
    if (zoneIn.data[j]! < 0.5) continue;
    const i = (box.y0 + Math.floor(j / bw)) * small.width + box.x0 + (j % bw);
    const r = small.data[i * ch]!, g = small.data[i * ch + 1]!, b = small.data[i * ch + 2]!;
    const dTop = paletteDistance2(palettes.top, r, g, b);
    if (dTop >= matchD2 || dTop * SLEEVE_CUFF.bottomRatio2 >= paletteDistance2(palettes.bottom, r, g, b) || dTop * SLEEVE_CUFF.skinRatio2 >= shadedDistance2(palettes.skin, r, g, b)) continue;
    seeds.data[j] = 1;
  }
  return seeds;
}

/** `m`'s components of at least `minPx` pixels (changed in place and returned), null when none is. */
function largeOnly(m: Mask, minPx: number): Mask | null {
  const { labels, sizes } = components(m);
  let any = false;
  for (let i = 0; i < labels.length; i++) {
    const keep = labels[i]! > 0 && sizes[labels[i]!]! >= minPx;
    m.data[i] = keep ? 1 : 0;
    any ||= keep;
  }
  return any ? m : null;
}

/** `cuffs` (changed in place and returned) with the holes of `upper` ∪ `cuffs` of at most `maxPx` px that lie in `zone` (SLEEVE_CUFF.holeSw2). */
function withHolesFilled(cuffs: Mask, upper: Mask, zone: Mask, maxPx: number): Mask {
  const both = createMask(cuffs.width, cuffs.height);
  for (let i = 0; i < both.data.length; i++) both.data[i] = cuffs.data[i]! >= 0.5 || upper.data[i]! >= 0.5 ? 1 : 0;
  const filled = smallHolesFilledIn(both, maxPx);
  for (let i = 0; i < cuffs.data.length; i++) if (filled.data[i]! >= 0.5 && upper.data[i]! < 0.5 && zone.data[i]! >= 0.5) cuffs.data[i] = 1;
  return cuffs;
}

/** The bottom's non-skin person pixels on the forearms' segments (SLEEVE_CUFF), a new mask; null when there are none. */
function cuffZone(x: SleeveCuffInput): Mask | null {
  const { width: w, height: h } = x.small;
  const zone = createMask(w, h);
  let any = false;
  for (const f of x.forearms) {
    const x0 = Math.max(0, Math.floor(Math.min(f.a.x, f.b.x) - f.r)), x1 = Math.min(w - 1, Math.ceil(Math.max(f.a.x, f.b.x) + f.r));
    const y0 = Math.max(0, Math.floor(Math.min(f.a.y, f.b.y) - f.r)), y1 = Math.min(h - 1, Math.ceil(Math.max(f.a.y, f.b.y) + f.r));
    const dx = f.b.x - f.a.x, dy = f.b.y - f.a.y, len2 = dx * dx + dy * dy;
    for (let y = y0; y <= y1; y++) {
      for (let px = x0; px <= x1; px++) {
        const i = y * w + px;
        if (x.lower.data[i]! < 0.5 || x.matte.data[i]! < 0.5 || x.skin.data[i]! >= 0.5) continue;
        const t = len2 > 0 ? Math.max(0, Math.min(1, ((px - f.a.x) * dx + (y - f.a.y) * dy) / len2)) : 0;
        const ex = f.a.x + dx * t - px, ey = f.a.y + dy * t - y;
        if (ex * ex + ey * ey > f.r * f.r) continue;
        zone.data[i] = 1;
        any = true;
      }
    }
  }
  return any ? zone : null;
}
