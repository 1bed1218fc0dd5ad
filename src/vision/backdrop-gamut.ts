/**
 * A product photo's backdrop read as a range of colours rather than one: a
 * textured wall (concrete, plaster, wood) runs through many greys, so the
 * border's median colour and its spread (garment-matte.ts) cover only its
 * middle tones. Its lighter and darker patches then fall outside the
 * flood fill's tolerance and stay in the matte as a lopsided fringe, and
 * the photo is refused though the garment is clear. Here a pixel is
 * backdrop when it is close to one of the border's main colours, or to one
 * of them darkened (the garment's cast shadow on the wall). A corner logo,
 * a label or a hanger's hook crossing the border holds a small share of it
 * and is left out of the backdrop's colours.
 */
import { createMask, type Mask, type RgbImage } from './image.js';
import { extractPalette, nearestShadeDistance2, paletteWhere, type Palette } from './palette.js';
import { productMatte, STRAY_FRACTION, type BackgroundEstimate, type BackgroundReads } from './garment-matte.js';
import { keepLargest, morph, threshold } from './mask-ops.js';

export const BACKDROP_GAMUT = {
  /** Width of the border band sampled, share of the photo's short side (the same band as the single-colour estimate). */
  bandShare: 0.01,
  /** Colours the border is clustered into: enough to cover a wall's grey ramp (a concrete wall's centres lay 7–15 units apart). */
  colours: 8,
  /**
   * A colour holding less of the border than this is not backdrop: a logo
   * box a tenth of the photo wide and a twentieth tall crossing the band at
   * a corner holds ~4 % of it, a hanger's hook a few px wide well under 1 %,
   * while each of a concrete wall's eight tones held 7–17 %.
   */
  minShare: 0.05,
  /** The border's own distance to its colours, read at this quantile, is the noise the tolerance covers… */
  noiseQuantile: 0.95,
  /** …times this: a wall's tone between two centres is still backdrop (a textured wall's 95th percentile was 10 RGB units). */
  toleranceMultiple: 1.5,
  /** Least tolerance, RGB distance: above JPEG noise on a plain backdrop. */
  minTolerance: 6,
  /**
   * Darkest shade of a backdrop colour still read as backdrop, its share of
   * the colour's level: the cast shadow of a shirt hanging on a concrete
   * wall measured 0.6–1 of the wall's darkest tone (a few pixels right
   * under the hem 0.4–0.6, left in the matte as a px or two of dark rim),
   * a black hanger and black trims 0.2–0.4. Going down to 0.4 changed
   * nothing else on that photo; it would read more of a charcoal or navy
   * garment on a pale wall as its shadow.
   */
  minShade: 0.6,
} as const;

/** The border band's main colours (BACKDROP_GAMUT) and the tolerance around them, RGB distance. */
export interface BackdropGamut {
  palette: Palette;
  tolerance: number;
}

/** A mask of the photo's border band, `bandShare` of the short side wide (at least 1 px). */
function borderBand(width: number, height: number): Mask {
  const band = Math.max(1, Math.round(Math.min(width, height) * BACKDROP_GAMUT.bandShare));
  const m = createMask(width, height);
  for (let y = 0; y < height; y++) {
    const edgeRow = y < band || y >= height - band;
    for (let x = 0; x < width; x++) if (edgeRow || x < band || x >= width - band) m.data[y * width + x] = 1;
  }
  return m;
}

/**
 * Distance² from (r, g, b) to the nearest of `palette`'s colours, each taken
 * at the level (between `minShade` and 1 of itself) that fits best: a
 * shadow on the backdrop is its colour darkened, never lightened.
 */
export function backdropDistance2(palette: Palette, r: number, g: number, b: number, minShade: number = BACKDROP_GAMUT.minShade): number {
  let best = Infinity;
  for (let c = 0; c < palette.weights.length; c++) {
    best = Math.min(best, nearestShadeDistance2(palette, c, r, g, b, minShade, 1));
  }
  return best;
}

/** The border's main colours and their tolerance, or null when the photo is too small to have a border. */
export function estimateBackdropGamut(image: RgbImage): BackdropGamut | null {
  const G = BACKDROP_GAMUT;
  const band = borderBand(image.width, image.height);
  const all = extractPalette(image, band, G.colours, 12);
  if (!all) return null;
  const palette = paletteWhere(all, (_r, _g, _b, weight) => weight >= G.minShare);
  const { data, channels: ch } = image;
  // (the border's scatter about its colours as they are, unshaded: shading would call a darker sample exact)
  const d: number[] = [];
  for (let i = 0; i < band.data.length; i++) if (band.data[i]) d.push(Math.sqrt(backdropDistance2(palette, data[i * ch]!, data[i * ch + 1]!, data[i * ch + 2]!, 1)));
  d.sort((a, b) => a - b);
  const noise = d[Math.min(d.length - 1, Math.floor(d.length * G.noiseQuantile))]!;
  return { palette, tolerance: Math.max(G.minTolerance, noise * G.toleranceMultiple) };
}

/**
 * What productMatte reads of each pixel against the gamut: `coloured` (1:
 * backdrop-coloured, see backdropDistance2) and the photo's `edges` as given
 * (the outline barrier does not depend on how the backdrop's colour is read).
 */
export function readBackdropGamut(image: RgbImage, gamut: BackdropGamut, edges: Uint8Array): BackgroundReads {
  const { data, channels: ch } = image;
  const coloured = new Uint8Array(image.width * image.height);
  const t2 = gamut.tolerance * gamut.tolerance;
  for (let i = 0; i < coloured.length; i++) coloured[i] = backdropDistance2(gamut.palette, data[i * ch]!, data[i * ch + 1]!, data[i * ch + 2]!) < t2 ? 1 : 0;
  return { coloured, edges };
}

/**
 * The product matte over the backdrop's range of colours (productMatte with
 * the gamut's reads and the photo's `edges`). A textured wall's own strong
 * edges (cracks, dark streaks) stay on the barrier as 1 px lines that join a
 * corner logo or a patch to the garment until the matte's rim is dropped;
 * the pieces they joined fall apart then, and those under STRAY_FRACTION of
 * the largest are dropped again (with their 1 px feather).
 */
export function gamutMatte(image: RgbImage, bg: BackgroundEstimate, gamut: BackdropGamut, edges: Uint8Array): Mask {
  const matte = productMatte(image, bg, undefined, readBackdropGamut(image, gamut, edges));
  const kept = morph(keepLargest(threshold(matte), STRAY_FRACTION), 1);
  const out = createMask(image.width, image.height);
  for (let i = 0; i < out.data.length; i++) out.data[i] = kept.data[i]! >= 0.5 ? matte.data[i]! : 0;
  return out;
}
