/**
 * Renders a fitted garment into an RGBA layer at the output resolution:
 * every output pixel inside a part's box is mapped back into the garment
 * photo (TPS grid for the panel, skeletal warp for limbs) and sampled
 * bilinearly, colour from the full-resolution photo, alpha from the part's
 * mask. Parts are stacked panel first, then legs/sleeves over it.
 */
import { createMask, type Mask } from '../../vision/image.js';
import { blurMask, morph } from '../../vision/mask-ops.js';
import { closeByDisk } from '../../vision/distance.js';
import { cropMask, grownBox, type PixelBox } from '../../vision/box-distance.js';
import { pushPullFill } from '../../vision/inpaint.js';
import type { GarmentAnalysis } from './garment-analysis.js';
import type { GarmentFit } from './fit-targets.js';
import { mapLimb, prepareLimb, straightenCuff } from './limb-warp.js';
import { fitTps, sampleGrid, tpsGrid } from './tps.js';
import { edgeOpacity, unmixEdge, type Rgb3 } from '../../vision/edge-unmix.js';

/** TPS grid spacing, output px: the map is smooth, 8 px keeps its error under 0.2 px. */
const GRID_STEP_PX = 8;

/**
 * The garment layer covers only the box the garment can reach (`ox`, `oy`,
 * `lw` × `lh` inside the output): at 1536×2048 a full-size float layer was
 * 50 MB of allocation per garment.
 */
export interface GarmentLayer {
  /** Output size. */
  width: number;
  height: number;
  ox: number;
  oy: number;
  lw: number;
  lh: number;
  /** Colour (not premultiplied), 3 floats per layer pixel (0..255). */
  rgb: Float32Array;
  alpha: Float32Array;
  /** Which part won each pixel: 0 none, 1 panel, 2 limb. */
  part: Uint8Array;
  /** The limbs' own alpha (0..255) at each pixel, under or over the panel. */
  limb: Uint8Array;
  /** Extent of the pixels written, output coordinates (x1 < 0 while empty). */
  bounds: { x0: number; y0: number; x1: number; y1: number };
}

export function createLayer(width: number, height: number, box = { x0: 0, y0: 0, x1: width - 1, y1: height - 1 }): GarmentLayer {
  const lw = Math.max(0, box.x1 - box.x0 + 1), lh = Math.max(0, box.y1 - box.y0 + 1);
  return {
    width,
    height,
    ox: box.x0,
    oy: box.y0,
    lw,
    lh,
    rgb: new Float32Array(lw * lh * 3),
    alpha: new Float32Array(lw * lh),
    part: new Uint8Array(lw * lh),
    limb: new Uint8Array(lw * lh),
    bounds: { x0: width, y0: height, x1: -1, y1: -1 },
  };
}

/** Layer index of output pixel (x, y), or -1 outside the layer's box. */
export function layerIndex(layer: GarmentLayer, x: number, y: number): number {
  const lx = x - layer.ox, ly = y - layer.oy;
  return lx < 0 || ly < 0 || lx >= layer.lw || ly >= layer.lh ? -1 : ly * layer.lw + lx;
}

function maskFor(g: GarmentAnalysis, fit: GarmentFit, part: string): Mask | null {
  const upperLike = fit.category !== 'lower';
  if (upperLike) {
    const u = g.upper;
    if (!u) return null;
    if (part === 'panel') return u.panel;
    if (part === 'sleeveL') return u.sleeveL?.mask ?? null;
    if (part === 'sleeveR') return u.sleeveR?.mask ?? null;
    return null;
  }
  const l = g.lower;
  if (!l) return null;
  if (part === 'panel') return l.panel;
  if (part === 'legL') return l.legL?.mask ?? null;
  if (part === 'legR') return l.legR?.mask ?? null;
  return null;
}

function bilinearMask(m: Mask, x: number, y: number): number {
  if (x < 0 || y < 0 || x > m.width - 1 || y > m.height - 1) return 0;
  const x0 = Math.floor(x), y0 = Math.floor(y);
  const x1 = Math.min(m.width - 1, x0 + 1), y1 = Math.min(m.height - 1, y0 + 1);
  return bilerp(m.data, y0 * m.width, y1 * m.width, x0, x1, x - x0, y - y0);
}

/** Bilinear value of a plane at rows r0/r1 (offsets), columns x0/x1, weights tx/ty. */
function bilerp(d: Float32Array, r0: number, r1: number, x0: number, x1: number, tx: number, ty: number): number {
  return (d[r0 + x0]! * (1 - tx) + d[r0 + x1]! * tx) * (1 - ty) + (d[r1 + x0]! * (1 - tx) + d[r1 + x1]! * tx) * ty;
}

/**
 * Composites one sample of the garment at source (sx, sy) = (`at[0]`, `at[1]`)
 * onto layer pixel i, over what is there, or under it by the share `under` (a
 * panel behind a sleeve; a share, not a flag, so the boundary is
 * anti-aliased). Returns whether it drew (the caller, which knows the pixel's
 * coordinates, grows the layer's bounds). (The point comes in the mapping's
 * own array and the share in `underAt[0]`, not as numbers: a fractional
 * number passed to a function V8 does not inline, as this one, is boxed, up to
 * three allocations for each of the warp's pixels.)
 */
function put(layer: GarmentLayer, g: GarmentAnalysis, part: PartSource, i: number, at: Float32Array, partId: number, underAt: Float64Array): boolean {
  const sx = at[0]!, sy = at[1]!, under = underAt[0]!;
  const scale = g.scale;
  const u = sx * scale - 0.5 * (1 - scale), v = sy * scale - 0.5 * (1 - scale);
  // share, field and core lie on the matte's grid: one set of taps serves the three (outside it the share is 0)
  const mw = g.matte.width, mh = g.matte.height;
  if (u < 0 || v < 0 || u > mw - 1 || v > mh - 1) return false;
  const mx0 = Math.floor(u), my0 = Math.floor(v);
  const mx1 = Math.min(mw - 1, mx0 + 1), r0 = my0 * mw, r1 = Math.min(mh - 1, my0 + 1) * mw;
  const mtx = u - mx0, mty = v - my0;
  const raw = bilerp(part.share.data, r0, r1, mx0, mx1, mtx, mty);
  const share = part.seamEdge === 'limb' ? limbEdgeShare(raw, part.magnification) : part.seamEdge === 'panel' ? panelSeamShare(raw) : raw;
  if (share <= 0.004) return false;
  const edge = edgeAlpha(bilerp(part.field.data, r0, r1, mx0, mx1, mtx, mty), part.magnification);
  let a = share * edge;
  if (a <= 0.004) return false;
  const colour = sourceColour(g, sx, sy, SCRATCH.source);
  // near the edge (core < 1) the colour is unmixed from the background, or taken from the decontaminated bleed plane
  const core = bilerp(g.core.data, r0, r1, mx0, mx1, mtx, mty);
  const val = core < 0.999 ? edgeColour(g, u, v, core, colour, SCRATCH.opacity) : colour;
  // (and drawn as opaque as the photo shows cloth there: edgeOpacity, PartSource.photoEdge)
  if (core < 0.999 && part.photoEdge) a *= SCRATCH.opacity[0]!;
  if (a <= 0.004) return false;
  const prevA = layer.alpha[i]!;
  const outA = a + prevA * (1 - a);
  // weights of the new sample and of what was there
  const wNew = a * (1 - under * prevA);
  const wOld = prevA * (1 - a + under * a);
  for (let c = 0; c < 3; c++) {
    const prev = layer.rgb[i * 3 + c]!;
    layer.rgb[i * 3 + c] = outA > 0 ? (val[c]! * wNew + prev * wOld) / outA : 0;
  }
  const cover = part.seam ? seamAlpha(part.seam, i, partId, share, edge, outA) : outA;
  layer.alpha[i] = cover;
  layer.part[i] = pixelOwner(layer.part[i]!, wNew, partId);
  if (partId === 2) layer.limb[i] = Math.max(layer.limb[i]!, Math.round(a * 255));
  // (a seam's cover counts as the sleeve's: the arms' cut of the panel, composite.ts panelBehindArms, leaves a sleeve its own opacity)
  else if (cover > outA) layer.limb[i] = Math.max(layer.limb[i]!, Math.round(cover * 255));
  return true;
}

/**
 * The limbs' shares and outline opacities at each layer pixel (0..255, the
 * most any limb drew), kept so that the panel drawn after them can tell an
 * inner seam from the garment's outline (seamAlpha).
 */
interface LimbSeam {
  share: Uint8Array;
  edge: Uint8Array;
}

/**
 * Layer pixel i's alpha after a sample of part `partId` with share `share` of
 * the matte and outline opacity `edge` (edgeAlpha) is drawn on it, `over` the
 * alpha composited the usual way. A limb's sample is recorded in `seam`. A
 * panel's sample where a limb drew is covered by both of them (seamCover), if
 * more than `over`: where the sleeve's and the panel's soft seam edges
 * overlap, each 0.8–0.9 opaque, composited one over the other they left a
 * tenth of the old top or the arm showing, a dotted line along the armhole.
 */
function seamAlpha(seam: LimbSeam, i: number, partId: number, share: number, edge: number, over: number): number {
  if (partId === 2) {
    seam.share[i] = Math.max(seam.share[i]!, Math.round(Math.min(1, share) * 255));
    seam.edge[i] = Math.max(seam.edge[i]!, Math.round(edge * 255));
    return over;
  }
  const limbShare = seam.share[i]!;
  return limbShare === 0 ? over : Math.max(over, seamCover(share, edge, limbShare / 255, seam.edge[i]! / 255));
}

/**
 * The cover of a pixel where a panel (share `panelShare` of the matte,
 * outline opacity `panelEdge`) and a limb (`limbShare`, `limbEdge`) meet. The
 * two shares split the garment's cloth between the parts (they sum to about 1
 * across a seam), so together they cover the sum of their shares, at most
 * the outline's opacity: whole where both sides are cloth, as soft as the
 * outline where the seam reaches the garment's edge, and as faint as the two
 * shares where neither part quite reaches.
 */
export function seamCover(panelShare: number, panelEdge: number, limbShare: number, limbEdge: number): number {
  return Math.min(1, panelShare + limbShare) * Math.min(panelEdge, limbEdge);
}

/**
 * Reused colour triples of `put`'s samples: `put` runs for every pixel of
 * every garment part, and a fresh triple a sample made the young-generation
 * collector a visible share of the warp. Each is read before `put` returns.
 */
const SCRATCH = { source: [0, 0, 0] as Rgb3, bleed: [0, 0, 0] as Rgb3, backdrop: [0, 0, 0] as Rgb3, edge: [0, 0, 0] as Rgb3, opacity: new Float64Array(1) };

/** The garment photo's colour at full-resolution source point (sx, sy), bilinear, into `out`. */
function sourceColour(g: GarmentAnalysis, sx: number, sy: number, out: Rgb3): Rgb3 {
  const img = g.image;
  const w = img.width, ch = img.channels, d = img.data;
  const fx = Math.max(0, Math.min(w - 1.001, sx)), fy = Math.max(0, Math.min(img.height - 1.001, sy));
  const x0 = Math.floor(fx), y0 = Math.floor(fy);
  const tx = fx - x0, ty = fy - y0;
  const p00 = (y0 * w + x0) * ch, p01 = p00 + ch, p10 = p00 + w * ch, p11 = p10 + ch;
  const w00 = (1 - tx) * (1 - ty), w01 = tx * (1 - ty), w10 = (1 - tx) * ty, w11 = tx * ty;
  for (let c = 0; c < 3; c++) out[c] = d[p00 + c]! * w00 + d[p01 + c]! * w01 + d[p10 + c]! * w10 + d[p11 + c]! * w11;
  return out;
}

/** A 3-float-per-pixel plane of the matte's size (`g.core`'s), bilinear at analysis point (u, v), into `out`. */
function planeColour(g: GarmentAnalysis, plane: Float32Array, u: number, v: number, out: Rgb3): Rgb3 {
  const cw = g.core.width;
  const cu = Math.max(0, Math.min(cw - 1.001, u)), cv = Math.max(0, Math.min(g.core.height - 1.001, v));
  const cx0 = Math.floor(cu), cy0 = Math.floor(cv);
  const ctx = cu - cx0, cty = cv - cy0;
  const q = (cy0 * cw + cx0) * 3;
  const b00 = (1 - ctx) * (1 - cty), b01 = ctx * (1 - cty), b10 = (1 - ctx) * cty, b11 = ctx * cty;
  for (let c = 0; c < 3; c++) out[c] = plane[q + c]! * b00 + plane[q + 3 + c]! * b01 + plane[q + cw * 3 + c]! * b10 + plane[q + cw * 3 + 3 + c]! * b11;
  return out;
}

/**
 * The colour drawn at an edge pixel (analysis point (u, v), `core` < 1) of
 * photo colour `colour`: on a product photo unmixed from its background
 * (edge-unmix.ts, with the bleed as the garment's reference colour), so a
 * print running to the edge keeps its detail; otherwise blended towards the
 * bleed by the core's share, as the background's colour is unknown there.
 * `opacity[0]` takes how much of the pixel the photo shows as cloth (a
 * product photo's edgeOpacity; 1 without a background to tell it from).
 */
function edgeColour(g: GarmentAnalysis, u: number, v: number, core: number, colour: Rgb3, opacity: Float64Array): Rgb3 {
  const ref = planeColour(g, g.bleed, u, v, SCRATCH.bleed);
  opacity[0] = 1;
  if (g.backdrop) {
    const bg = planeColour(g, g.backdrop, u, v, SCRATCH.backdrop);
    opacity[0] = edgeOpacity(colour, bg, ref);
    return unmixEdge(colour, bg, ref);
  }
  const out = SCRATCH.edge;
  for (let c = 0; c < 3; c++) out[c] = colour[c]! * core + ref[c]! * (1 - core);
  return out;
}

/**
 * Which part owns a layer pixel after a sample of part `partId` is drawn on it
 * with weight `wNew`, `current` its owner so far (0 none): the part that
 * dominates it, or the first to draw on it at all. A soft edge pixel belongs
 * to its part however faint: left unowned, it escaped the composite's
 * arms-in-front rule (panel pixels only), and a panel's outline under an arm
 * was drawn over the arm as a dotted ghost line.
 */
export function pixelOwner(current: number, wNew: number, partId: number): number {
  return wNew >= 0.5 || current === 0 ? partId : current;
}

/**
 * The garment's outline drawn at the output's resolution. Its matte lives at
 * the analysis size (384 px long side); sampled bilinearly and magnified (a
 * sleeve stretched 3× along an arm) its pixel steps showed as a scalloped,
 * smeared border, and its soft rim carried the photo's background (a white
 * halo). So the outline comes from the matte smoothed (`field`), sharpened
 * after sampling and drawn a little inside; which part a pixel belongs to
 * comes from the part's share of the matte (`share`), so the seams between
 * parts are as before.
 */
export const EDGE = {
  /** Box-blur radius of the smoothing, analysis px (2 passes): just over a pixel step. */
  smoothRadiusPx: 2,
  /** Alpha change per unit of the smoothed matte: its ~3 px ramp becomes ~1 analysis px, crisp yet anti-aliased. */
  sharpen: 5,
  /** The outline's level above the smoothed matte's 0.5 line: ~0.3 analysis px inside, off the background's rim. */
  inset: 0.06,
  /** Reach of a part's share beyond the matte, analysis px: covers the smoothed outline's spread. */
  shareReachPx: 3,
  /**
   * Widest drawn ramp, output px. The sharpened ramp is ~1 analysis px, but a
   * part is magnified 2–4× (a sleeve widened over a loose arm): its border
   * became a 3–4 px soft smear. Past this magnification it is sharpened more.
   */
  edgePx: 1.5,
} as const;

/**
 * The drawn opacity from the smoothed matte's value (see EDGE), for a part
 * drawn at `magnification` output px per analysis px.
 */
export function edgeAlpha(field: number, magnification = 1): number {
  const sharpen = EDGE.sharpen * Math.max(1, magnification / EDGE.edgePx);
  return Math.max(0, Math.min(1, 0.5 + (field - 0.5 - EDGE.inset) * sharpen));
}

/**
 * A limb's edge along its seam with the panel. A sleeve's (or leg's) share of
 * the matte is its piece softened by a 1 px box at the analysis size
 * (garment-landmarks.ts softPiece), a ramp of ~3 analysis px; magnified
 * 3–5× along the arm it was a 10–15 px fade. Over the panel that fade is
 * hidden, but where the limb reaches past the panel (a wide sleeve's cuff
 * hanging below the hem, a sleeve's inner side before the arm) it was the
 * garment's outline: a streaked soft edge, and a ragged step where it met
 * the hem. So the share is sharpened to about `edgePx` output px, round a
 * level below its 0.5 line: the limb reaches a little under the panel's own
 * soft side, so the seam stays opaque where both are drawn.
 */
export const SEAM_EDGE = {
  /** Width of a piece's share ramp, analysis px (the 1 px box over the piece's 2 px grown rim). */
  rampPx: 3,
  /** The share's level drawn as the limb's edge: there the panel's complementary share is 0.8, the seam's union at least that. */
  level: 0.2,
  /**
   * The panel's share from which its side of a seam with a limb is drawn
   * whole (panelSeamShare). Drawn at its share, the panel's side of the seam
   * was a few px of partly opaque cloth that only the limb beneath filled,
   * and where the two warps part by a pixel the limb's crisp edge stopped
   * short of it: the old top or the arm showed through as a dotted line
   * along the armhole. Whole from 0.6 (the limb is whole where the panel's
   * share is under 0.8 less its ramp) the two overlap whole across a px or
   * two, and below it the panel still fades over the limb, the two prints
   * blended across the seam rather than cut.
   */
  panelWhole: 0.6,
  /** Widest drawn ramp, output px (as EDGE.edgePx). */
  edgePx: 1.5,
} as const;

/**
 * A limb's opacity from its share of the matte (see SEAM_EDGE), drawn at
 * `magnification` output px per analysis px: a ramp of SEAM_EDGE.edgePx
 * output px round SEAM_EDGE.level, never wider than reaches from 0 there (a
 * share of 0 stays 0).
 */
export function limbEdgeShare(share: number, magnification: number): number {
  const half = Math.min(SEAM_EDGE.level, (0.5 * SEAM_EDGE.edgePx) / (SEAM_EDGE.rampPx * Math.max(1e-6, magnification)));
  return Math.max(0, Math.min(1, 0.5 + ((share - SEAM_EDGE.level) * 0.5) / half));
}

/** A top's panel's opacity from its share of the matte: whole from SEAM_EDGE.panelWhole, in proportion below. */
export function panelSeamShare(share: number): number {
  return Math.max(0, Math.min(1, share / SEAM_EDGE.panelWhole));
}

interface PartSource {
  /** The part's share of the garment, 0..1; outside the matte, 1 within shareReachPx of the part. */
  share: Mask;
  /** The whole garment's matte, smoothed: its outline. */
  field: Mask;
  /** Output px per analysis px where the part is drawn (see EDGE.edgePx). */
  magnification: number;
  /**
   * Whether the edge's opacity follows the product photo's own edge
   * (edge-unmix.ts edgeOpacity): for trousers, whose legs' outer sides the
   * matte's steps onto the background drew as a pale, ragged strip. Tops and
   * dresses keep the matte's outline for now: which old top stays beneath a
   * new one (layering.ts WHOLE_LAYER) and the verdict read their coverage
   * against thresholds that a pixel's trim along the outline tipped over (an
   * old tee dropped for made arms, a broken dress's score over the minimum).
   */
  photoEdge: boolean;
  /**
   * How the share's seam with the other parts is drawn (SEAM_EDGE): a top's
   * or dress's sleeves sharpened ('limb', limbEdgeShare), its panel whole
   * from SEAM_EDGE.panelWhole ('panel', panelSeamShare); null keeps it as
   * it is. Trousers keep theirs: beneath the legs lies the seat, drawn under
   * them and trimmed to their spans (trimToSpans), and their outer sides
   * follow the photo's own edge (photoEdge).
   */
  seamEdge: 'limb' | 'panel' | null;
  /** Where a top's limbs record their shares and the panel reads them at the seam (seamAlpha); none for trousers. */
  seam: LimbSeam | null;
}

/** Output px per garment px of a panel fit: the square root of its boxes' area ratio. */
function panelMagnification(body: { x: number; y: number }[], garment: { x: number; y: number }[]): number {
  const area = (ps: { x: number; y: number }[]) =>
    Math.max(1, (Math.max(...ps.map((p) => p.x)) - Math.min(...ps.map((p) => p.x))) * (Math.max(...ps.map((p) => p.y)) - Math.min(...ps.map((p) => p.y))));
  return Math.sqrt(area(body) / area(garment));
}

/** A part's share of the matte (see PartSource), at the analysis size. */
export function partShare(part: Mask, matte: Mask): Mask {
  const near = morph(part, EDGE.shareReachPx);
  const share = createMask(part.width, part.height);
  for (let i = 0; i < share.data.length; i++) {
    const m = matte.data[i]!;
    share.data[i] = m >= 0.02 ? Math.min(1, part.data[i]! / m) : near.data[i]!;
  }
  return share;
}

/** Clamped integer box around points, padded by `pad` px. */
function boxOf(points: { x: number; y: number }[], pad: number, width: number, height: number) {
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (const p of points) {
    x0 = Math.min(x0, p.x); y0 = Math.min(y0, p.y); x1 = Math.max(x1, p.x); y1 = Math.max(y1, p.y);
  }
  return {
    x0: Math.max(0, Math.floor(x0 - pad)),
    y0: Math.max(0, Math.floor(y0 - pad)),
    x1: Math.min(width - 1, Math.ceil(x1 + pad)),
    y1: Math.min(height - 1, Math.ceil(y1 + pad)),
  };
}

/**
 * Limbs first, then the panel: over them at the torso's side (the sleeve
 * starts at the seam), under them where the arm itself is (`armCore`, at
 * `armScale` × output coordinates), so an arm in front of the body keeps its sleeve.
 */
/** Output pixels are warped in blocks of this size; a block whose source area holds no garment is skipped. */
const BLOCK_PX = 8;

/** Where a block is probed, as (x, y) pairs: 0 its first column or row, 1 its last, 2 its middle (the four corners and the centre). */
const BLOCK_PROBES = [0, 0, 1, 0, 0, 1, 1, 1, 2, 2] as const;

/** Summed-area table of a mask (1 px border of zeros): O(1) "any garment in this box?". */
function areaTable(m: Mask): Float64Array {
  const w = m.width + 1;
  const t = new Float64Array(w * (m.height + 1));
  for (let y = 0; y < m.height; y++) {
    let row = 0;
    for (let x = 0; x < m.width; x++) {
      row += m.data[y * m.width + x]!;
      t[(y + 1) * w + x + 1] = t[y * w + x + 1]! + row;
    }
  }
  return t;
}

function boxSum(t: Float64Array, m: Mask, u0: number, v0: number, u1: number, v1: number): number {
  const x0 = Math.max(0, Math.floor(u0)), y0 = Math.max(0, Math.floor(v0));
  const x1 = Math.min(m.width, Math.ceil(u1) + 1), y1 = Math.min(m.height, Math.ceil(v1) + 1);
  if (x1 <= x0 || y1 <= y0) return 0;
  const w = m.width + 1;
  return t[y1 * w + x1]! - t[y0 * w + x1]! - t[y1 * w + x0]! + t[y0 * w + x0]!;
}

/**
 * Warps one part block by block: `map` gives the garment (full-res) source of
 * an output pixel into out[0..1] (out[2] > `reach` means "not this part").
 */
function warpPart(
  layer: GarmentLayer,
  g: GarmentAnalysis,
  part: PartSource,
  box: { x0: number; y0: number; x1: number; y1: number },
  map: (x: number, y: number, out: Float32Array) => void,
  reach: number,
  partId: number,
  under?: (x: number, y: number, i: number) => number,
  track = false,
): Uint8Array | null {
  const out = new Float32Array(3);
  // (the share beneath, for put: a double, as `under` gives it)
  const share = new Float64Array(1);
  // (`track`: which layer pixels it drew on, returned)
  const drawn = track ? new Uint8Array(layer.lw * layer.lh) : null;
  const mask = part.share;
  const sat = areaTable(mask);
  const sc = g.scale;
  // margin in analysis px: the warp is not affine inside a block
  const pad = 3;
  for (let by = box.y0; by <= box.y1; by += BLOCK_PX) {
    const ey = Math.min(box.y1, by + BLOCK_PX - 1);
    for (let bx = box.x0; bx <= box.x1; bx += BLOCK_PX) {
      const ex = Math.min(box.x1, bx + BLOCK_PX - 1);
      let u0 = Infinity, v0 = Infinity, u1 = -Infinity, v1 = -Infinity;
      // the block's corners and centre (BLOCK_PROBES; no arrays made a block)
      for (let k = 0; k < BLOCK_PROBES.length; k += 2) {
        map(BLOCK_PROBES[k] === 0 ? bx : BLOCK_PROBES[k] === 1 ? ex : (bx + ex) >> 1, BLOCK_PROBES[k + 1] === 0 ? by : BLOCK_PROBES[k + 1] === 1 ? ey : (by + ey) >> 1, out);
        if (!(out[2]! <= reach)) continue;
        const u = out[0]! * sc, v = out[1]! * sc;
        if (u < u0) u0 = u;
        if (u > u1) u1 = u;
        if (v < v0) v0 = v;
        if (v > v1) v1 = v;
      }
      if (u0 === Infinity || boxSum(sat, mask, u0 - pad, v0 - pad, u1 + pad, v1 + pad) <= 0) continue;
      for (let y = by; y <= ey; y++) {
        for (let x = bx; x <= ex; x++) {
          map(x, y, out);
          if (out[2]! > reach) continue;
          const i = (y - layer.oy) * layer.lw + (x - layer.ox);
          share[0] = under ? under(x, y, i) : 0;
          if (!put(layer, g, part, i, out, partId, share)) continue;
          if (drawn) drawn[i] = 1;
          const b = layer.bounds;
          if (x < b.x0) b.x0 = x;
          if (x > b.x1) b.x1 = x;
          if (y < b.y0) b.y0 = y;
          if (y > b.y1) b.y1 = y;
        }
      }
    }
  }
  return drawn;
}

export function renderGarment(width: number, height: number, g: GarmentAnalysis, fit: GarmentFit, armCore?: Mask, armScale = 1): GarmentLayer {
  const limbBoxes = fit.limbs.map((limb) => boxOf(limb.warp.body, limb.reach, width, height));
  let panelBox: ReturnType<typeof boxOf> | null = null;
  if (fit.panel) {
    const spanY = Math.max(...fit.panel.body.map((p) => p.y)) - Math.min(...fit.panel.body.map((p) => p.y));
    panelBox = boxOf(fit.panel.body, spanY * 0.12 + 8, width, height);
  }
  const all = [...limbBoxes, ...(panelBox ? [panelBox] : [])];
  const union = all.length
    ? { x0: Math.min(...all.map((b) => b.x0)), y0: Math.min(...all.map((b) => b.y0)), x1: Math.max(...all.map((b) => b.x1)), y1: Math.max(...all.map((b) => b.y1)) }
    : { x0: 0, y0: 0, x1: -1, y1: -1 };
  const layer = createLayer(width, height, union);
  const field = blurMask(g.matte, EDGE.smoothRadiusPx, 2);
  // magnification given in output px per garment (full-res) px; the matte is g.scale of that
  const seam = fit.category !== 'lower' ? { share: new Uint8Array(layer.lw * layer.lh), edge: new Uint8Array(layer.lw * layer.lh) } : null;
  const source = (m: Mask, perGarmentPx: number, seamEdge: PartSource['seamEdge']): PartSource => ({ share: partShare(m, g.matte), field, magnification: perGarmentPx / g.scale, photoEdge: fit.category === 'lower', seamEdge, seam });
  const legs = fit.category === 'lower' && fit.limbs.length === 2 ? fit.limbs.map((l) => prepareLimb(l.warp)) : null;
  const drawn: (Uint8Array | null)[] = [];
  for (const [k, limb] of fit.limbs.entries()) {
    const mask = maskFor(g, fit, limb.part);
    if (!mask) continue;
    const segs = prepareLimb(limb.warp);
    const extend = limb.reach * 0.6;
    // (the second trouser leg goes beneath the first where it lies nearer the first's axis: see legPartition)
    const under = legs && k === 1 ? partitionUnder(legs, fit.limbs, extend) : undefined;
    const cuff = limb.warp.cuff;
    const map = (x: number, y: number, out: Float32Array) => {
      mapLimb(segs, limb.warp.acrossScale, extend, x, y, out);
      if (cuff && out[2]! <= limb.reach) straightenCuff(cuff, out);
    };
    drawn[k] = warpPart(layer, g, source(mask, 1 / limb.warp.acrossScale, fit.category !== 'lower' ? 'limb' : null), limbBoxes[k]!, map, limb.reach, 2, under, legs !== null);
  }
  if (legs && drawn[0] && drawn[1]) shadeLegSeam(layer, legs, fit.limbs, drawn[0], drawn[1]);
  if (fit.panel && panelBox) {
    const mask = maskFor(g, fit, 'panel');
    if (mask) {
      const tps = fitTps(fit.panel.body, fit.panel.garment);
      const grid = tpsGrid(tps, panelBox.x0, panelBox.y0, panelBox.x1, panelBox.y1, GRID_STEP_PX);
      // armCore is rasterised at analysis size: blurred and sampled smoothly, or
      // its pixel steps show along the sleeve where the panel goes under it
      const arms = armCore && fit.limbs.length > 0 && fit.category !== 'lower' ? blurMask(armCore, 2) : null;
      // trousers: the seat goes under the legs
      const seatUnder = fit.category === 'lower' && fit.limbs.length > 0 ? (_x: number, _y: number, i: number) => (layer.alpha[i]! > 0 ? 1 : 0) : undefined;
      const armUnder = arms
        ? (x: number, y: number, i: number) =>
            layer.alpha[i]! > 0 ? Math.max(0, Math.min(1, (bilinearMask(arms, (x + 0.5) * armScale - 0.5, (y + 0.5) * armScale - 0.5) - 0.3) / 0.4)) : 0
        : undefined;
      const under = seatUnder ?? armUnder;
      const spans = seatUnder ? limbSpans(layer) : null;
      warpPart(layer, g, source(mask, panelMagnification(fit.panel.body, fit.panel.garment), fit.category !== 'lower' && fit.limbs.length > 0 ? 'panel' : null), panelBox, (x, y, out) => { sampleGrid(grid, x, y, out); out[2] = 0; }, 1, 1, under);
      if (spans) trimToSpans(layer, spans);
    }
  }
  if (fit.category !== 'lower' && fit.limbs.length > 0) closeSleeveGaps(layer, Math.round(fit.sleeveGapPx ?? 0));
  return layer;
}

/** The filler of gaps between a sleeve and the panel (closeSleeveGaps). */
const SLEEVE_GAP = {
  /** Alpha from which a layer pixel counts as drawn cloth: below it the old top or the arm shows through. */
  solid: 0.8,
} as const;

/**
 * Closes narrow gaps between the panel and a sleeve: a sleeve hanging along
 * the arm and a panel at the torso's side leave a sliver of the arm or the
 * old top between them wherever the arm is wider than either reaches (long
 * sleeves on a wide arm), and where the two parts' warps meet at the
 * armhole seam their soft edges overlap to less than solid cloth, a dotted
 * line of the old top along the seam. The gaps are found in 2-D, along the
 * garment's own outline: a closing of the drawn cloth by a disk `maxGap` px
 * across fills what is narrower than that in any direction, kept where a
 * row runs from a sleeve to the panel across it (the outline elsewhere
 * stays as drawn). Filled row by row, a gap's rows were
 * each a blend of their two ends (horizontal streaks on a print) and stopped
 * at the first row wider than `maxGap` (a straight line across the arm);
 * the closing's edge follows the two parts' outlines, and its colours are
 * the drawn cloth's around it, smoothed in 2-D (pushPullFill). It counts as
 * sleeve.
 */
export function closeSleeveGaps(layer: GarmentLayer, maxGap: number): void {
  const r = maxGap / 2;
  if (r < 1 || layer.lw === 0 || layer.lh === 0) return;
  const { gap, box } = bracketedGaps(layer, Math.floor(2 * r));
  // (most layers have no bracketed run: no closing needed, and no mask of the drawn cloth)
  if (!box) return;
  // (the drawn cloth, alpha ≥ SLEEVE_GAP.solid: what the gaps are found between and what fills them is sampled from)
  const solid = createMask(layer.lw, layer.lh);
  for (let i = 0; i < solid.data.length; i++) solid.data[i] = layer.alpha[i]! >= SLEEVE_GAP.solid ? 1 : 0;
  if (closedGaps(layer, solid, { gap, box }, r)) fillSleeveGap(layer, solid, { gap, box });
}

/**
 * Of the bracketed gaps' pixels (bracketedGaps: `gap` 1 inside `box`), those
 * a closing by a disk of radius r px also adds to the drawn cloth `solid`
 * (alpha ≥ SLEEVE_GAP.solid): the rest of `gap` is cleared; whether any
 * are left. (The closing alone also rounds
 * the corner where a sleeve's hem meets the panel's side, a tab of cloth
 * over the arm below the hem: there the row runs on to the arm, unbracketed.)
 */
function closedGaps(layer: GarmentLayer, solid: Mask, gaps: { gap: Uint8Array; box: PixelBox }, r: number): boolean {
  const { lw, lh } = layer;
  const { gap, box } = gaps;
  // (the closing at a pixel reads the cloth within 2r of it: worked on the gaps' box grown by that, it has the same values inside the box)
  const read = grownBox(box, 2 * Math.ceil(r) + 1, lw, lh)!;
  const closed = closeByDisk(cropMask(solid, read), r).data;
  const cw = read.x1 - read.x0 + 1;
  let any = false;
  for (let y = box.y0; y <= box.y1; y++) {
    for (let x = box.x0; x <= box.x1; x++) {
      const i = y * lw + x;
      if (gap[i] && closed[(y - read.y0) * cw + x - read.x0]! < 0.5) gap[i] = 0;
      if (gap[i]) any = true;
    }
  }
  return any;
}

/**
 * 1 at each pixel of a row's run of at most `maxGap` px short of drawn cloth
 * (alpha < SLEEVE_GAP.solid) with a sleeve's cloth at one end and the
 * panel's at the other, and the box of those pixels (null when there are none).
 */
function bracketedGaps(layer: GarmentLayer, maxGap: number): { gap: Uint8Array; box: PixelBox | null } {
  const { lw, lh, part, alpha } = layer;
  const gap = new Uint8Array(lw * lh);
  const box = { x0: lw, y0: lh, x1: -1, y1: -1 };
  for (let y = 0; y < lh; y++) {
    const row = y * lw;
    let last = -1;
    for (let x = 0; x < lw; x++) {
      if (!(alpha[row + x]! >= SLEEVE_GAP.solid)) continue;
      const n = x - last - 1;
      if (last >= 0 && n > 0 && n <= maxGap && part[row + last]! + part[row + x]! === 3) {
        gap.fill(1, row + last + 1, row + x);
        box.x0 = Math.min(box.x0, last + 1); box.x1 = Math.max(box.x1, x - 1);
        box.y0 = Math.min(box.y0, y); box.y1 = y;
      }
      last = x;
    }
  }
  return { gap, box: box.x1 < 0 ? null : box };
}

/**
 * Makes the `gap` pixels (all inside `box`) solid sleeve: what was drawn there is kept at its
 * alpha over the drawn cloth's colours around it, filled in smoothly
 * (pushPullFill from the `solid` pixels, the drawn cloth; pulled back only
 * onto the box, the one place it is read).
 */
function fillSleeveGap(layer: GarmentLayer, solid: Mask, { gap, box }: { gap: Uint8Array; box: PixelBox }): void {
  const { lw, alpha, rgb } = layer;
  const around = pushPullFill(rgb, solid, 3, box);
  const bd = layer.bounds;
  for (let i = box.y0 * lw, end = (box.y1 + 1) * lw; i < end; i++) {
    if (!gap[i]) continue;
    const a = alpha[i]!;
    for (let c = 0; c < 3; c++) rgb[i * 3 + c] = rgb[i * 3 + c]! * a + around[i * 3 + c]! * (1 - a);
    alpha[i] = 1;
    layer.part[i] = 2;
    layer.limb[i] = 255;
    const x = layer.ox + (i % lw), y = layer.oy + Math.floor(i / lw);
    bd.x0 = Math.min(bd.x0, x); bd.x1 = Math.max(bd.x1, x); bd.y0 = Math.min(bd.y0, y); bd.y1 = Math.max(bd.y1, y);
  }
}

/**
 * Each layer row's first and last column (layer px) a limb drew on, as pairs;
 * -1, -1 for a row without one.
 */
export function limbSpans(layer: GarmentLayer): Int32Array {
  const spans = new Int32Array(layer.lh * 2).fill(-1);
  for (let y = 0; y < layer.lh; y++) {
    for (let x = 0, i = y * layer.lw; x < layer.lw; x++, i++) {
      if (layer.limb[i]! === 0) continue;
      if (spans[y * 2]! < 0) spans[y * 2] = x;
      spans[y * 2 + 1] = x;
    }
  }
  return spans;
}

/**
 * The layer without what was drawn outside each row's span (limbSpans) in
 * rows that have one. A trousers' seat panel (its own thin-plate spline)
 * reached past the legs' outer sides at the hips, where its hip points and
 * the legs' warps disagree, and its fading lowest rows left a soft, feathered
 * fringe there: the legs alone give the trousers' sides, the seat fills in
 * between them.
 */
export function trimToSpans(layer: GarmentLayer, spans: Int32Array): void {
  for (let y = 0; y < layer.lh; y++) {
    const a = spans[y * 2]!, b = spans[y * 2 + 1]!;
    if (a < 0) continue;
    for (let x = 0, i = y * layer.lw; x < layer.lw; x++, i++) if (x < a || x > b) layer.alpha[i] = 0;
  }
}

/**
 * Where two trouser legs overlap (wide legs on legs that touch), the share
 * of the second drawn beneath the first: 1 where the pixel lies nearer the
 * first leg's axis than the second's (`distFirst`, `distSecond`, output px),
 * 0 where nearer the second's, ramped over LEG_SEAM.softPx. Drawn whole one
 * over the other, the second leg covered the first's inner half and its cut
 * edge ran across the first's print: the two tubes merged into one block
 * that read as a skirt. Split at the midline each keeps its own inner side,
 * the garment's own inner-leg shading meeting there as the seam between them.
 */
export function legPartition(distFirst: number, distSecond: number): number {
  return Math.max(0, Math.min(1, 0.5 + (distSecond - distFirst) / LEG_SEAM.softPx));
}

/** Trouser legs meeting at their midline (legPartition). */
const LEG_SEAM = {
  /** Width of the partition's ramp, output px: a little anti-aliasing, no blend of the two prints. */
  softPx: 2,
  /** Darkest the seam's shadow makes the cloth on the midline (see shadeLegSeam). */
  shade: 0.45,
  /** Half-width of the seam's shadow, as a share of the leg's reach (0.55 shoulder widths): ~0.02 shoulder widths. */
  widthOfReach: 0.05,
  /** The shadow fades in over this many widths below the crotch (the seat above has no seam). */
  fadeInWidths: 4,
} as const;

/** The `under` share of the second leg's pixels (legPartition), from both legs' axes. */
function partitionUnder(legs: ReturnType<typeof prepareLimb>[], limbs: GarmentFit['limbs'], extend: number): (x: number, y: number) => number {
  const a = new Float32Array(3), b = new Float32Array(3);
  return (x, y) => {
    mapLimb(legs[0]!, limbs[0]!.warp.acrossScale, extend, x, y, a);
    mapLimb(legs[1]!, limbs[1]!.warp.acrossScale, extend, x, y, b);
    return legPartition(a[2]!, b[2]!);
  };
}

/**
 * The shadow between two trouser legs that meet (legPartition): each pixel
 * both legs drew on below the crotch is darkened by LEG_SEAM.shade at the
 * midline between their axes, fading to nothing LEG_SEAM.widthOfReach × the
 * leg's reach from it. Met edge to edge, two plain or busy prints ran into
 * each other with no line between: the trousers read as one panel; between
 * real legs that touch, the cloth folds into a shadowed crease.
 */
function shadeLegSeam(layer: GarmentLayer, legs: ReturnType<typeof prepareLimb>[], limbs: GarmentFit['limbs'], first: Uint8Array, second: Uint8Array): void {
  const a = new Float32Array(3), b = new Float32Array(3);
  const reach = limbs[0]!.reach;
  const width = Math.max(1, reach * LEG_SEAM.widthOfReach);
  // the crotch's row: the legs' axes part at their second point (fit-targets.ts trouserLegFit)
  const crotchY = Math.max(limbs[0]!.warp.body[1]?.y ?? 0, limbs[1]!.warp.body[1]?.y ?? 0);
  for (let ly = 0; ly < layer.lh; ly++) {
    const y = ly + layer.oy;
    const fadeIn = Math.min(1, (y - crotchY) / (width * LEG_SEAM.fadeInWidths));
    if (fadeIn <= 0) continue;
    for (let lx = 0, i = ly * layer.lw; lx < layer.lw; lx++, i++) {
      if (!first[i] || !second[i]) continue;
      const x = lx + layer.ox;
      mapLimb(legs[0]!, limbs[0]!.warp.acrossScale, reach * 0.6, x, y, a);
      mapLimb(legs[1]!, limbs[1]!.warp.acrossScale, reach * 0.6, x, y, b);
      const f = 1 - LEG_SEAM.shade * fadeIn * seamShare(a[2]!, b[2]!, width);
      for (let c = 0; c < 3; c++) layer.rgb[i * 3 + c] = layer.rgb[i * 3 + c]! * f;
    }
  }
}

/** How much of the seam's shadow a pixel `distFirst`, `distSecond` px from the legs' axes takes: 1 on their midline, 0 from `width` px off it. */
export function seamShare(distFirst: number, distSecond: number, width: number): number {
  // (a step across the midline brings one axis a px nearer and takes the other a px further)
  const off = Math.abs(distFirst - distSecond) / 2;
  return Number.isFinite(off) ? Math.max(0, 1 - off / width) : 0;
}

