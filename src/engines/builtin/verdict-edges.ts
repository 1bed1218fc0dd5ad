/**
 * The new garment's outline where it meets the photo, read on brightness
 * profiles across it along its normal. Two defects a garment laid cleanly on
 * the photo does not have (its edge steps within a pixel or two at the
 * analysis size; the compositor's soft edge is 1–2 px at full size):
 * - a smear (softEdgeShare): the step from the garment's side to the
 *   neighbour's spread over many pixels: white sleeves bleeding into a white
 *   background, a blurred band where an old sleeve was painted out beside the
 *   new one, an outline smudged into the background;
 * - a halo (rimShare): a thin line along the outline lighter or darker than
 *   both sides: the product photo's background left round the cut-out, a
 *   dotted ghost outline.
 */
import { createMask, luma, type Mask, type RgbImage } from '../../vision/image.js';
import { maskBounds, morph } from '../../vision/mask-ops.js';
import { boundedChessboardDistance } from '../../vision/box-distance.js';
import { extractPaletteInBox, paletteDistance2, segmentPlace, type Palette } from '../../vision/palette.js';
import type { PixelBox } from '../../vision/box-distance.js';

/** How the outline's profiles are read (analysis-size pixels, 0..255 luminance). */
export const EDGE_PROFILE = {
  /** Profile from this far inside the garment to this far outside, px: past a 2–3 px smear on both sides. */
  reachPx: 5,
  /** The sides' levels are the median of the profile's outer 3 px on each side. */
  sidePx: 3,
  /** The largest one-pixel step is looked for within this many px of the outline (where the edge lies). */
  coreReachPx: 3,
  /** Side of the box that smooths the garment mask before its gradient gives the normal, px: a normal from a 1-px outline points only along rows, columns or diagonals. */
  normalBoxPx: 7,
  /** A profile counts only when the sides differ by this much: below it the edge is too faint to judge its sharpness (white on white). */
  minStep: 40,
  /**
   * A profile is soft when its largest one-pixel step is under this share of
   * the whole step. A clean garment edge on the tune half takes a median 0.65–0.8
   * of its step in one pixel; a smeared one spreads it over 4 px or more (≤ 0.25 each).
   */
  softRatio: 0.35,
  /** Fewer judged profiles than this: too little contrasted outline to judge (a garment the colour of its surroundings). */
  minProfiles: 20,
} as const;

export interface EdgeInputs {
  /** The result at the analysis size. */
  result: RgbImage;
  /** The new garments as drawn (alpha ≥ 0.5 is the garment). */
  cover: Mask;
  /** Pixels kept on purpose (face, hair, hands, the other garment, the arms in front of it): their own edges are not the garment's. */
  keep: Mask;
  /** The garment photos' background beyond their cut-outs (cutOutBackdrop, 3 floats a colour): never the garment's own colours. None: no colour is excluded. */
  backdrop?: Float32Array;
}

/**
 * The drawn garment's own colours: a print reaches the garment's outline, and
 * a stripe, a band or a motif of it running along or across the edge is a
 * line lighter or darker than its neighbours (a zebra print's black stripes
 * ending at a cami's hem, a shirt's red hem band, dark leaves at a sleeve's
 * edge), not the product photo's background left round the cut-out nor a
 * ghost of an old outline. A line (rimShare) or a band (verdict-halo.ts
 * haloShare) that lies wholly inside the drawn garment in these colours is
 * its print; one that reaches past the outline, or holds a colour the
 * garment has nowhere else, is still read. On the tune half
 * (78 results) the rim share of the acceptable results fell from 0–0.22
 * (a zebra cami's hem 0.22, a Hawaiian shirt's sleeves and hem 0.22) to
 * 0–0.11; results graded broken still read up to 0.2 where the line is in
 * no colour of the garment's. A smear in one of the print's own colours
 * inside the outline is no longer read as a rim: a known cost.
 */
export const OWN_COLOUR = {
  /** The garment's colours are read this far inside its outline, px: past the band a halo occupies (HALO_PROFILE.insideFromPx). */
  insidePx: 4,
  /** Colours in its palette (k-means), each holding at least 0.05 of the pixels (paletteDistance2): a print's main colours. */
  k: 8,
  /** A sample within this RGB distance (0..441) of one of them is the garment's own colour: the halo's minOff, the distance at which a band reads as another colour. */
  maxDistance: 45,
  /**
   * A busy print's colours each hold far less than 0.05 of its pixels (a
   * Hawaiian shirt's red hem band, its leaves' greens at a sleeve's edge):
   * k-means merges them into its main centres and they read as no colour of
   * the garment's. So a colour is its own too when the interior holds at
   * least minSetShare of its pixels within one step of it on a grid of
   * setLevels levels per channel (the colour's cell and its 26 neighbours,
   * 16–32 levels either way). On the tune half a printed shirt's edge bands
   * in its own colours measured 0.22 of its outline as a halo with the
   * palette alone, 0.07 with this; a plain garment's set is its few colours,
   * and a white fringe round a red one is no colour of it.
   */
  setLevels: 16,
  minSetShare: 0.003,
} as const;

/**
 * The garment photo's own background just beyond its cut-out: what a loose
 * cut-out keeps as a fringe (a product shot's grey or white, a worn photo's
 * skin). A band in those colours is a halo even when the garment's print
 * holds them too (a zebra print's greys at its hem beside a grey fringe):
 * drawn, the fringe takes the body's shading, so a colour counts when it is
 * the background's scaled by minScale…maxScale, within maxDistance (RGB).
 */
export const CUT_OUT_BACKDROP = {
  /** The ring read beyond the matte, analysis px (from…to): past its soft edge, before the rest of the photo. */
  fromPx: 2,
  toPx: 6,
  /** Its main colours: a k-means palette, the centres holding ≥ 0.05 of the ring. */
  k: 3,
  minWeight: 0.05,
  /** The shading a drawn garment takes (composite.ts: the person's luminance over its blur) spans about this. */
  minScale: 0.55,
  maxScale: 1.1,
  maxDistance: 25,
} as const;

/** A garment photo (full size) with its matte at the analysis size (`scale`: analysis / full). */
export interface CutOutPhoto {
  image: RgbImage;
  /** The whole silhouette (GarmentAnalysis.whole: a flat photo's neck opening left in, its inside back being no background). */
  whole: Mask;
  scale: number;
}

/** The main colours (CUT_OUT_BACKDROP) of each photo's ring beyond its matte, 3 floats each. */
export function cutOutBackdrop(photos: CutOutPhoto[]): Float32Array {
  const { fromPx, toPx, k, minWeight } = CUT_OUT_BACKDROP;
  const out: number[] = [];
  for (const p of photos) {
    const { width: w, height: h } = p.whole;
    // (the ring lies within toPx of the silhouette's box: made, read and sampled there only; beyond it 0)
    const sb = maskBounds(p.whole);
    const d = boundedChessboardDistance(p.whole, toPx + 1, undefined, sb);
    const rb = sb && { x0: Math.max(0, sb.x0 - toPx), y0: Math.max(0, sb.y0 - toPx), x1: Math.min(w - 1, sb.x1 + toPx), y1: Math.min(h - 1, sb.y1 + toPx) };
    const ring = createMask(w, h);
    // (the photo read at each ring pixel's centre: the silhouette is at the analysis size)
    const small = { width: w, height: h, channels: 3 as const, data: new Uint8Array(w * h * 3) };
    const iw = p.image.width, ih = p.image.height, c = p.image.channels;
    for (let y = rb ? rb.y0 : 0; rb && y <= rb.y1; y++) {
      for (let x = rb.x0, i = y * w + x; x <= rb.x1; x++, i++) {
        if (d[i]! < fromPx || d[i]! > toPx) continue;
        ring.data[i] = 1;
        const sx = Math.min(iw - 1, Math.floor((x + 0.5) / p.scale)), sy = Math.min(ih - 1, Math.floor((y + 0.5) / p.scale));
        for (let ch = 0; ch < 3; ch++) small.data[i * 3 + ch] = p.image.data[(sy * iw + sx) * c + ch]!;
      }
    }
    const pal = extractPaletteInBox(small, ring, k, rb);
    pal?.weights.forEach((wt, j) => { if (wt >= minWeight) out.push(pal.centres[j * 3]!, pal.centres[j * 3 + 1]!, pal.centres[j * 3 + 2]!); });
  }
  return Float32Array.from(out);
}

/** The two ends of one backdrop colour's shading segment (backdropColour): read per outline sample, made once. */
const segmentEnds = new Float32Array(6);

/** Whether a colour is one of `backdrop`'s scaled by the drawn shading (CUT_OUT_BACKDROP). */
export function backdropColour(backdrop: Float32Array, r: number, g: number, b: number): boolean {
  const { minScale, maxScale, maxDistance } = CUT_OUT_BACKDROP;
  const ends = segmentEnds;
  for (let j = 0; j < backdrop.length; j += 3) {
    for (let ch = 0; ch < 3; ch++) { ends[ch] = backdrop[j + ch]! * minScale; ends[3 + ch] = backdrop[j + ch]! * maxScale; }
    if (segmentPlace(ends, 0, ends, 1, r, g, b).off2 <= maxDistance * maxDistance) return true;
  }
  return false;
}

/** The drawn garment's own colours: its palette, and every colour it shows often enough (OWN_COLOUR; `set`: 1 per cell of the setLevels³ grid). */
export interface OwnColours {
  palette: Palette | null;
  set: Uint8Array | null;
}

/** The garment's own colours (OwnColours) read over its interior (garmentInterior). */
export function garmentColours(x: EdgeInputs): OwnColours {
  const inner = garmentInterior(x);
  // (the interior lies in the cover's box: read there only, the same pixels in the same order)
  return { palette: extractPaletteInBox(x.result, inner.mask, OWN_COLOUR.k, inner.box), set: colourSet(x.result, inner.mask, inner.box) };
}

/** The grid cell of a colour (OWN_COLOUR.setLevels per channel). */
function colourCell(r: number, g: number, b: number): number {
  const L = OWN_COLOUR.setLevels, q = 256 / L;
  return (Math.floor(r / q) * L + Math.floor(g / q)) * L + Math.floor(b / q);
}

/**
 * The cells whose 3×3×3 neighbourhood holds at least minSetShare of `where`'s pixels (null: none there).
 * `box`: holds every pixel of `where` from 0.5 (null: none; the frame when left out), the only part read.
 */
export function colourSet(image: RgbImage, where: Mask, box: PixelBox | null = { x0: 0, y0: 0, x1: where.width - 1, y1: where.height - 1 }): Uint8Array | null {
  const L = OWN_COLOUR.setLevels, c = image.channels, d = image.data, w = where.width;
  const counts = new Float64Array(L * L * L);
  let n = 0;
  for (let y = box ? box.y0 : 0; box && y <= box.y1; y++) {
    for (let i = y * w + box.x0; i <= y * w + box.x1; i++) {
      if (where.data[i]! < 0.5) continue;
      counts[colourCell(d[i * c]!, d[i * c + 1]!, d[i * c + 2]!)]!++;
      n++;
    }
  }
  if (n === 0) return null;
  const set = new Uint8Array(L * L * L), min = OWN_COLOUR.minSetShare * n;
  for (let r = 0; r < L; r++) {
    for (let g = 0; g < L; g++) {
      for (let b = 0; b < L; b++) set[(r * L + g) * L + b] = neighbourhoodCount(counts, r, g, b) >= min ? 1 : 0;
    }
  }
  return set;
}

/** The pixels counted in cell (r, g, b) and its 26 neighbours on the grid. */
function neighbourhoodCount(counts: Float64Array, r: number, g: number, b: number): number {
  const L = OWN_COLOUR.setLevels;
  let s = 0;
  for (let R = Math.max(0, r - 1); R <= Math.min(L - 1, r + 1); R++) {
    for (let G = Math.max(0, g - 1); G <= Math.min(L - 1, g + 1); G++) {
      for (let B = Math.max(0, b - 1); B <= Math.min(L - 1, b + 1); B++) s += counts[(R * L + G) * L + B]!;
    }
  }
  return s;
}

/**
 * The drawn garment's interior: its outline eroded by OWN_COLOUR.insidePx, kept parts left out (a new
 * mask), and the cover's box, which holds it (null: no cover): the erosion and the kept parts' cut on it.
 */
function garmentInterior(x: EdgeInputs): { mask: Mask; box: PixelBox | null } {
  const box = maskBounds(x.cover);
  const inner = morph(x.cover, -OWN_COLOUR.insidePx, box);
  // (morph returns a new mask when it erodes: written here, the cover stays whole; 0 beyond the box)
  const w = inner.width;
  for (let y = box ? box.y0 : 0; box && y <= box.y1; y++) {
    for (let i = y * w + box.x0; i <= y * w + box.x1; i++) if (x.keep.data[i]! >= 0.5) inner.data[i] = 0;
  }
  return { mask: inner, box };
}

/** The drawn garment's main colours (OWN_COLOUR): the palette of the result inside its outline, kept parts left out; null when too little of it shows. */
export function garmentPalette(x: EdgeInputs): Palette | null {
  const inner = garmentInterior(x);
  return extractPaletteInBox(x.result, inner.mask, OWN_COLOUR.k, inner.box);
}

/**
 * Whether pixel `j` lies in the drawn garment in one of its own colours:
 * near a centre of its palette, or in its colour set (OwnColours; a bare
 * palette: by it alone; never, without either) but for a colour of the
 * photo's background beyond its cut-out (CUT_OUT_BACKDROP: a fringe kept
 * there reads as one of a print's minor colours).
 */
export function ownColourAt(x: EdgeInputs, own: OwnColours | Palette | null, j: number): boolean {
  if (!own || x.cover.data[j]! < 0.5) return false;
  const colours = 'centres' in own ? { palette: own, set: null } : own;
  const d = x.result.data, c = x.result.channels;
  const r = d[j * c]!, g = d[j * c + 1]!, b = d[j * c + 2]!;
  if (colours.palette && paletteDistance2(colours.palette, r, g, b) <= OWN_COLOUR.maxDistance * OWN_COLOUR.maxDistance) return true;
  return !!colours.set && colours.set[colourCell(r, g, b)] === 1 && !fringeColourAt(x, j);
}

/** Whether pixel `j` lies in the drawn garment in a colour of its photo's background beyond the cut-out (CUT_OUT_BACKDROP): where a kept fringe would be. */
export function fringeColourAt(x: EdgeInputs, j: number): boolean {
  if (!x.backdrop || x.backdrop.length === 0 || x.cover.data[j]! < 0.5) return false;
  const d = x.result.data, c = x.result.channels;
  return backdropColour(x.backdrop, d[j * c]!, d[j * c + 1]!, d[j * c + 2]!);
}

/**
 * Share of the new garment's contrasted outline that is soft (EDGE_PROFILE),
 * 0..1; null when fewer than EDGE_PROFILE.minProfiles profiles could be judged
 * (outlineProfiles, and the sides differing by at least minStep).
 */
export function softEdgeShare(x: EdgeInputs, outline: Outline = readOutline(x)): number | null {
  const { softRatio, minStep } = EDGE_PROFILE;
  // (the print's own colours but for the photo's background's: an edge in them may be a fringe kept, read as before)
  const owns = outlineProfiles(outline, EDGE_PROFILE.reachPx, outline.walks.own);
  const fringes = outlineProfiles(outline, EDGE_PROFILE.reachPx, outline.walks.fringe);
  let judged = 0, soft = 0;
  for (const [k, prof] of outlineProfiles(outline, EDGE_PROFILE.reachPx).entries()) {
    const r = profileSharpness(prof, owns[k]!.map((o, s) => (fringes[k]![s] === 1 ? 0 : o)));
    if (r.step < minStep) continue;
    judged++;
    if (r.largest < softRatio * r.step) soft++;
  }
  return judged < EDGE_PROFILE.minProfiles ? null : soft / judged;
}

/** The result's luminance, the garment's outline normals and the profiles along them (walkOutline). */
export interface Outline {
  lum: Float32Array;
  normals: ReturnType<typeof outlineNormals>;
  walks: OutlineWalks;
  /** The garment's own colours (garmentColours). */
  palette: OwnColours;
}

/** Reads the outline once for both figures: the luminance (`lum`, when the caller already has it), the normals and the profiles are most of their cost. */
export function readOutline(x: EdgeInputs, lum: Float32Array = luma(x.result)): Outline {
  const normals = outlineNormals(x.cover);
  const palette = garmentColours(x);
  return { lum, normals, walks: walkOutline(x, lum, normals, palette), palette };
}

/** The longest profile read, px each side: the rim's (the soft edge's is a middle part of it). (A function: RIM_PROFILE is declared below.) */
const walkReachPx = () => Math.max(EDGE_PROFILE.reachPx, RIM_PROFILE.reachPx);

/**
 * Each outline pixel's profile at walkReachPx() (2·reach + 1 samples, inside
 * first) and its extent: the largest reach whose samples all pass
 * outlineProfiles' test (-1 when none). A shorter profile is the middle of
 * the longer one and valid when its reach is within the extent: one walk
 * serves both figures' reaches.
 */
interface OutlineWalks {
  samples: Float32Array;
  extent: Int8Array;
  /** 1 where the sample lies in the garment in one of its own colours (ownColourAt), as `samples`. */
  own: Uint8Array;
  /** 1 where the sample lies in the garment in a colour of its photo's background (fringeColourAt), as `samples`. */
  fringe: Uint8Array;
}

function walkOutline(x: EdgeInputs, lum: Float32Array, normals: Outline['normals'], palette: OwnColours): OutlineWalks {
  const { width: w, height: h } = x.cover;
  const R = walkReachPx(), len = 2 * R + 1, n = normals.index.length;
  const samples = new Float32Array(n * len), extent = new Int8Array(n).fill(R), own = new Uint8Array(n * len), fringe = new Uint8Array(n * len);
  for (let k = 0; k < n; k++) {
    const i = normals.index[k]!, px = i % w, py = (i - px) / w;
    const nx = normals.nx[k]!, ny = normals.ny[k]!;
    // outwards from the outline, both sides at once: the first |t| that fails ends every reach from it on
    for (let a = 0; a <= R && extent[k] === R; a++) {
      for (let side = a === 0 ? 1 : -1; side <= 1; side += 2) {
        const t = side * a;
        const sx = Math.round(px + nx * t), sy = Math.round(py + ny * t);
        const j = sy * w + sx;
        const inside = sx >= 0 && sy >= 0 && sx < w && sy < h;
        const inGarment = inside && x.cover.data[j]! >= 0.5;
        if (!inside || x.keep.data[j]! >= 0.5 || (t <= -2 && !inGarment) || (t >= 2 && inGarment)) { extent[k] = a - 1; break; }
        samples[k * len + t + R] = lum[j]!;
        own[k * len + t + R] = ownColourAt(x, palette, j) ? 1 : 0;
        fringe[k * len + t + R] = fringeColourAt(x, j) ? 1 : 0;
      }
    }
  }
  return { samples, extent, own, fringe };
}

/**
 * Luminance profiles across the garment's outline along its outward normal,
 * from `reachPx` inside to `reachPx` outside (2·reachPx + 1 samples, inside
 * first, nearest pixel; reachPx at most walkReachPx()). Only profiles that
 * lie in the image, whose inner part (2 px inside and deeper) is garment and
 * outer part (2 px outside and beyond) is not, and that touch no kept part:
 * a thin strap or a gap between two garments has no two sides to compare.
 */
export function outlineProfiles<P extends Float32Array | Uint8Array = Float32Array>(outline: Outline, reachPx: number, plane?: P): P[] {
  const { extent } = outline.walks;
  // (`plane`: one of the walks' planes, laid out as `samples`, sliced the same way)
  const source = (plane ?? outline.walks.samples) as P;
  const R = walkReachPx(), len = 2 * R + 1, from = R - reachPx;
  const out: P[] = [];
  for (let k = 0; k < extent.length; k++) if (extent[k]! >= reachPx) out.push(source.subarray(k * len + from, k * len + from + 2 * reachPx + 1) as P);
  return out;
}

/**
 * One profile (2·reachPx + 1 samples, inside first): the step between its
 * sides (medians of their outer sidePx samples) and its largest one-pixel
 * step within coreReachPx of the outline. Given `own` (1 per sample in the
 * garment's own colours, OWN_COLOUR), when the sidePx samples just inside
 * the outline are all in them, the garment's side is read there: a print
 * changing a few px inside its edge (a hem band as dark as the jeans below,
 * a leaf's dark edge by a sleeve's) is the print, not the edge's smear; a
 * smear blends the garment with what lies beyond into colours it has
 * nowhere else.
 */
export function profileSharpness(prof: ArrayLike<number>, own?: ArrayLike<number>): { step: number; largest: number } {
  const { reachPx: T, coreReachPx: C, sidePx: S } = EDGE_PROFILE;
  // each side's median of its outer sidePx (3) samples, or of the inner side's sidePx samples next to the outline
  const nearOwn = own !== undefined && ownRun(own, T - S, S);
  const inner = nearOwn ? median3(prof[T - 3]!, prof[T - 2]!, prof[T - 1]!) : median3(prof[0]!, prof[1]!, prof[2]!);
  const outer = median3(prof[2 * T]!, prof[2 * T - 1]!, prof[2 * T - 2]!);
  let largest = 0;
  for (let k = T - C; k < T + C; k++) largest = Math.max(largest, Math.abs(prof[k + 1]! - prof[k]!));
  return { step: Math.abs(outer - inner), largest };
}

/**
 * The garment's outline pixels (garment pixels with a 4-neighbour outside it)
 * and their outward unit normals, from the gradient of the mask smoothed by a
 * normalBoxPx box (summed-area table: one pass, whatever the box). Read in
 * the garment's box only: every outline pixel lies in it, and a smoothing
 * window's sum is the sum of its part inside it (the frame beyond is empty),
 * the same integers as a table over the whole frame.
 */
export function outlineNormals(cover: Mask): { index: number[]; nx: number[]; ny: number[] } {
  const { width: w, height: h } = cover;
  const index: number[] = [], nx: number[] = [], ny: number[] = [];
  const b = maskBounds(cover);
  if (!b) return { index, nx, ny };
  const bw = b.x1 - b.x0 + 1, bh = b.y1 - b.y0 + 1;
  const bin = boxBinary(cover, b), pw = bw + 2;
  const sat = new Int32Array((bw + 1) * (bh + 1));
  for (let y = 0; y < bh; y++) {
    let row = 0;
    for (let x = 0; x < bw; x++) {
      row += bin[(y + 1) * pw + x + 1]!;
      sat[(y + 1) * (bw + 1) + x + 1] = sat[y * (bw + 1) + x + 1]! + row;
    }
  }
  const r = EDGE_PROFILE.normalBoxPx >> 1;
  const at = (x: number, y: number) => sat[Math.min(bh, Math.max(0, y - b.y0)) * (bw + 1) + Math.min(bw, Math.max(0, x - b.x0))]!;
  // the box mean at (x, y), the box clipped to the image (its sum over its part in the garment's box)
  const box = (x: number, y: number) => {
    const x0 = Math.max(0, x - r), y0 = Math.max(0, y - r), x1 = Math.min(w, x + r + 1), y1 = Math.min(h, y + r + 1);
    const s = at(x1, y1) - at(x1, y0) - at(x0, y1) + at(x0, y0);
    return s / ((x1 - x0) * (y1 - y0));
  };
  for (let y = Math.max(1, b.y0); y <= Math.min(h - 2, b.y1); y++) {
    for (let x = Math.max(1, b.x0); x <= Math.min(w - 2, b.x1); x++) {
      const i = (y - b.y0 + 1) * pw + x - b.x0 + 1;
      if (bin[i] !== 1 || (bin[i - 1] === 1 && bin[i + 1] === 1 && bin[i - pw] === 1 && bin[i + pw] === 1)) continue;
      // outward: down the smoothed mask's slope
      const gx = box(x - 1, y) - box(x + 1, y), gy = box(x, y - 1) - box(x, y + 1);
      const n = Math.hypot(gx, gy);
      if (n < 1e-6) continue;
      index.push(y * w + x); nx.push(gx / n); ny.push(gy / n);
    }
  }
  return { index, nx, ny };
}

/** `mask` ≥ 0.5 as 0/1 bytes over `b`, with a border of zeros 1 px wide: (b's width + 2) bytes a row. */
function boxBinary(mask: Mask, b: PixelBox): Uint8Array {
  const bw = b.x1 - b.x0 + 1, pw = bw + 2;
  const bin = new Uint8Array(pw * (b.y1 - b.y0 + 3));
  const d = mask.data;
  for (let y = b.y0; y <= b.y1; y++) {
    for (let x = 0, i = y * mask.width + b.x0, o = (y - b.y0 + 1) * pw + 1; x < bw; x++, i++, o++) bin[o] = d[i]! >= 0.5 ? 1 : 0;
  }
  return bin;
}

/**
 * A halo: a thin line along the garment's outline lighter or darker than
 * both what lies inside it and what lies outside it (the product photo's
 * background left as a fringe round the cut-out, a dotted ghost of an old
 * outline beside the new one). A garment's own trim or cuff is wider than the
 * line, and an edge between two levels is no line at all.
 */
export const RIM_PROFILE = {
  /** Profile reach, px each side of the outline: the line's flanks must fit beside it. */
  reachPx: 8,
  /** The line lies within this many px of the outline. */
  nearPx: 5,
  /** The line's width, px at the analysis size (a 2–4 px fringe at full size). */
  widthPx: 2,
  /** Each flank's level is the median of this many px beside the line. */
  flankPx: 3,
  /** The whole line is lighter (or darker) than both flanks by this much, 0..255: fainter lines are the shading of a fold. */
  minContrast: 45,
  /** Fewer profiles than this: too little outline to judge. */
  minProfiles: 20,
} as const;

/**
 * Share of the garment's outline profiles (outlineProfiles, reach
 * RIM_PROFILE.reachPx) with a rim: some widthPx-wide run of samples within
 * nearPx of the outline whose every sample is lighter than both flanks'
 * medians by minContrast, or darker than both by as much, and not all in the
 * garment's own colours (OWN_COLOUR). 0..1; null when fewer than minProfiles
 * profiles could be read.
 */
export function rimShare(x: EdgeInputs, outline: Outline = readOutline(x)): number | null {
  const profiles = outlineProfiles(outline, RIM_PROFILE.reachPx);
  if (profiles.length < RIM_PROFILE.minProfiles) return null;
  const owns = outlineProfiles(outline, RIM_PROFILE.reachPx, outline.walks.own);
  let rims = 0;
  for (let i = 0; i < profiles.length; i++) if (rimContrast(profiles[i]!, owns[i]) >= RIM_PROFILE.minContrast) rims++;
  return rims / profiles.length;
}

/**
 * The strongest line in one profile (2·reachPx + 1 samples, outline at the
 * middle): over every widthPx-wide window within nearPx of the outline with
 * flankPx samples on both sides, how far all its samples stand above both
 * flanks' medians (or below both), 0 when none does. Given `own` (1 per
 * sample in the garment's own colours, OWN_COLOUR), a window wholly in them
 * is the garment's print, not read.
 */
export function rimContrast(prof: ArrayLike<number>, own?: ArrayLike<number>): number {
  const { reachPx: R, nearPx: N, widthPx: W, flankPx: F } = RIM_PROFILE;
  // a flank's median of its flankPx (3) samples (thousands of profiles per result: no array per window)
  const median = (from: number) => median3(prof[from]!, prof[from + 1]!, prof[from + 2]!);
  let best = 0;
  for (let a = Math.max(F, R - N); a + W - 1 <= R + N && a + W + F <= 2 * R + 1; a++) {
    if (own && ownRun(own, a, W)) continue;
    let lo = Infinity, hi = -Infinity;
    for (let k = a; k < a + W; k++) { lo = Math.min(lo, prof[k]!); hi = Math.max(hi, prof[k]!); }
    const left = median(a - F), right = median(a + W);
    best = Math.max(best, lo - Math.max(left, right), Math.min(left, right) - hi);
  }
  return best;
}

/** Whether samples from…from + width − 1 of `own` are all 1. */
function ownRun(own: ArrayLike<number>, from: number, width: number): boolean {
  for (let k = from; k < from + width; k++) if (own[k] !== 1) return false;
  return true;
}

/**
 * The middle of three values: the median the profiles' sides and flanks take
 * (EDGE_PROFILE.sidePx and RIM_PROFILE.flankPx are 3), without sorting an array.
 */
function median3(a: number, b: number, c: number): number {
  return Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
}
