/**
 * Compositing one garment pass at full resolution:
 *   1. the old garment's uncovered part is replaced by the skin, other-garment or background fill;
 *   2. the new garment, shaded, goes over with its anti-aliased alpha;
 *   3. protected layers (face, hair, hands, feet, the other garment, arms in
 *      front of the torso) keep their original pixels.
 * Pixels outside the old garment and the new one are never written.
 *
 * Stages per pixel: `pixelWeights` (how much of the new garment is drawn and
 * how much of the old one removed), `fillColour` (what shows where the old one
 * goes), `garmentColour` (the new one, shaded); `compositePass` blends them.
 */
import { createMask, lumaOf, type Mask } from '../../vision/image.js';
import { blurMask, maskBounds, threshold } from '../../vision/mask-ops.js';
import { axisReach, createSampler, createTaps, sample1, tapSample3, tapsAt, type Sampler, type Taps } from '../../vision/mask-sampler.js';
import type { FillPlanes } from './removal.js';
import { lightOnRay, paletteDistance2, shadeDistance2, type Palette } from '../../vision/palette.js';
import { grainSdOf, grainTap } from '../../vision/skin-texture.js';
import { layerIndex, type GarmentLayer } from './warp-render.js';
import { cellPoints, FULL_GRAIN, REACH as FULL_GRAIN_REACH, memoisedLevel, skinTopUp, topUpAt, type LevelAt, type SkinTopUp } from './skin-grain-full.js';
import { COARSE_REACH, legTopUp, legTopUpAt, type LegTopUp } from './skin-grain-legs.js';
import { CLIP_EDGE, keepShare } from './body-clip.js';

export interface PassMasks {
  /** All at the analysis size. */
  oldCloth: Mask;
  protect: Mask;
  /** Applies to the panel only: arms hanging in front of the torso. */
  armsFront: Mask;
  /**
   * Applies to the panel only, whatever sleeve lies under it: the bare arms'
   * skin past the new sleeves (pass-masks.ts BARE_ARM). A sleeve hidden under
   * the panel ran on past its visible cuff, and spared from armsFront there
   * the panel was drawn over a bare forearm crossing the body.
   */
  bareArms?: Mask;
  /** Shading multiplier, at its own (half analysis) size. */
  shading: Mask;
  fills: FillPlanes;
  /** The new garment's nearness (analysis size, 0..1, see `garmentOcclusion`): filled skin darkens beside it. */
  occlusion?: Mask;
  /** The kept hands told at the output size by their own colours (HAND_KEY); none without kept hands. */
  handKey?: HandKey;
  /**
   * Applies to the panel only, as `bareArms`: the bare arms' skin before the panel told at the output size
   * by its own colours (HAND_KEY), none without bare arms. A forearm held across the body is in front of
   * the panel as its hand is: cut by `bareArms` alone, feathered at the analysis size and eroded by its
   * mixed outline, the arm's edge was laid half under the panel, a smeared ghost of the forearm.
   */
  armKey?: HandKey;
  /**
   * Applies with `bareArms`: the new sleeves' stretches of the arm up to their visible cuffs, widened to
   * either side (pass-masks.ts SLEEVE_SPAN_SW), analysis size, hard. There the sleeve drawn beneath the
   * panel is not cut with it (panelBehindArms); past a cuff the sleeve's hidden underarm is.
   */
  sleeveSpan?: Mask;
}

/**
 * The kept hands at the output size: the protect mask lives at the analysis
 * size, where a finger is 2–4 px across, and magnified its feathered edge
 * drew the new garment half over the fingers (a ghost of the hand) or cut
 * them short. Within a pixel of the kept hands, a photo pixel in the hands'
 * own colours is the hand, whole over the hands (the band's value); the rest
 * is cut as before.
 */
export interface HandKey {
  /**
   * The kept hands grown by one pixel and feathered by a 1 px box (analysis
   * size, 0..1): whole over the hands, a ramp past them, so that old cloth of
   * a hand's colour beside it (a beige garment) fades as before instead of
   * ending in the analysis grid's steps.
   */
  band: Mask;
  /** The kept hands' own colours (2 centres). */
  palette: Palette;
  /**
   * The protected layers other than the hands (analysis size, before the protect mask's feather: the
   * top over new trousers, the head, the feet), or none. Where they are under 0.5 inside the band's half
   * line the protect mask is the hands' own, and its soft edge is weighted by the photo's likeness to the
   * hands' colours (keyLikeness, edgeLiked, HAND_LIKENESS).
   */
  others?: Mask;
  /** The palettes of the garments the pass removes (with `others`): only a pixel like them loses the protect (HAND_LIKENESS). */
  old?: Palette[];
}

/** How a photo pixel in a hand's band is told to be the hand (HandKey). */
export const HAND_KEY = {
  /** RGB distance² to one of the hands' own colours (each at least `minShare` of them) scaled by the pixel's light: the parse's skin match for arms in light or shadow (pass-masks BARE_ARM.skinD2). */
  d2: 26 * 26,
  /** A shade holding less of the hands than this is not theirs: the outline mixed with the garment beside it (pass-masks HAND_CORE.minShare). */
  minShare: 0.15,
  /**
   * The light's range, shares of a hand colour: a finger in the hip's shadow
   * measured 0.75; the hand's outline half mixed with a dark garment about
   * 0.5 (kept whole it drew a dark rim round the hand), mixed with white
   * background 1.2 and more.
   */
  light: [0.7, 1.15],
  /**
   * A photo pixel of the hands' colours is the hand, kept whole, where the band is at least this
   * (its half line, the kept hands grown by one analysis px); past it, not kept at all. A hand pixel is the
   * hand or it is not: kept at the band's ramp (0.3–0.9 across 2–3 output px) the hand-coloured pixels
   * past the kept hand were laid half under the new garment, the fingers' ends a ghost over it and old
   * cloth of the skin's colour under the fingers a soft blob.
   */
  bandFrom: 0.5,
} as const;

/** Whether photo colour (r, g, b) is one of the hands' own colours in some light (HAND_KEY). */
export function isHandColour(p: Palette, r: number, g: number, b: number): boolean {
  for (let c = 0; c < p.weights.length; c++) {
    if (p.weights[c]! < HAND_KEY.minShare) continue;
    const s = lightOnRay(p, c, r, g, b);
    if (Number.isNaN(s) || s < HAND_KEY.light[0] || s > HAND_KEY.light[1]) continue;
    if (shadeDistance2(p, c, s, r, g, b) < HAND_KEY.d2) return true;
  }
  return false;
}

/**
 * The picture a pass draws into (RGB, channels 3, the person's size) and what
 * it records. `changed` is raised to each pass's changes (for diagnostics and
 * figures; one array over all passes: a separate full-size array per pass plus
 * a max over all pixels cost ~20 ms at 768×1024 here). `cover`, when given, is
 * raised to the new garment's own opacity as drawn (after protection), and
 * `under` (RGB, full size) takes what lay under the garment there (the fill or
 * the photo): refine tells from them where its fit did not reach and separates
 * the garment's own colour at its soft edge.
 */
export interface PassCanvas {
  out: Uint8Array;
  width: number;
  height: number;
  changed: Float32Array;
  cover?: Float32Array;
  under?: Uint8Array;
}

interface Rgb {
  r: number;
  g: number;
  b: number;
}

/** Everything one pass samples, with its samplers from output pixels to each plane's size. */
interface PassInputs {
  layer: GarmentLayer;
  sa: Sampler;
  sf: Sampler;
  sh: Sampler;
  m: PassMasks;
  /** The picture as it lies before this pass (the hands' own pixels: HandKey), RGB at the output's `width`. */
  photo: Uint8Array;
  width: number;
  /**
   * The output pixels whose samples of the hand key's band can be non-zero
   * (inclusive; x1 < x0 without a key): the band is zero away from the kept
   * hands, and sampling it over the whole pass cost a lookup per pixel.
   */
  handBox: KeyBox;
  /** The same for the bare arms' key (PassMasks.armKey). */
  armBox: KeyBox;
  /** The hands' key over `handBox` (keyPixels, smoothKey), or null without a key. */
  handKept: Mask | null;
  /** The bare arms' key over `armBox`, the same way. */
  armKept: Mask | null;
  /** Over `handBox`, the share of the protect mask that stays (keyLikeness), or null without a key's `others`. */
  handLike: Mask | null;
  /** Per analysis cell, whether an output pixel whose first taps lie there can sample a non-zero cut (cutTaps). */
  cuts: Uint8Array;
  /** The arms in front of the panel (armsFront, bareArms) with smoothed outlines (smoothArmCut), and the output's magnification. */
  armCut: { front: Mask; bare: Mask | null; magnification: number };
  /** The pass's one record of a pixel's taps on the fills' planes (fillColour). */
  taps: Taps;
  /** Half-width of the film grain on filled skin, levels (filmGrain). */
  grain: number;
  /** Made skin's grain at the output size (skin-grain-full.ts), or null. */
  topUp: SkinTopUp | null;
  /** Made legs' grain at the output size from the person's own leg skin (skin-grain-legs.ts), or null: it replaces `topUp` on the legs region. */
  legTopUp: LegTopUp | null;
}

/** Output pixels, inclusive; x1 < x0 for none. */
interface KeyBox {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** Below this weight a pixel's contribution is invisible (under half a level of 255). */
const NEGLIGIBLE = 0.002;

/**
 * Draws one garment pass onto `canvas` (its `out`, `changed`, `cover` and
 * `under` are the canvas's own records, raised by this pass) and returns the
 * canvas's `changed`.
 */
export function compositePass(canvas: PassCanvas, layer: GarmentLayer, m: PassMasks): Float32Array {
  const { out, width, height, changed, cover, under } = canvas;
  const inputs = passInputs(width, height, layer, m, out);
  // Rows/columns the old garment touches at the analysis size, plus the layer's own extent.
  const box = touchedBox(m.oldCloth, layer, width, height);
  // (one record per pass that each pixel's stages fill in: an object returned per
  // pixel (or null) was young-generation garbage for each of the box's pixels)
  const w: Weights = { a: 0, removal: 0, li: 0 };
  const f: Rgb = { r: 0, g: 0, b: 0 }, c: Rgb = { r: 0, g: 0, b: 0 };
  const spans = rowSpans(inputs, height);
  for (let y = box.y0; y <= box.y1; y++) {
    const sx0 = Math.max(box.x0, spans.x0[y]!), sx1 = Math.min(box.x1, spans.x1[y]!);
    for (let x = sx0; x <= sx1; x++) {
      if (!pixelWeights(inputs, x, y, w)) continue;
      const i = y * width + x, p = i * 3;
      let r = out[p]!, g = out[p + 1]!, b = out[p + 2]!;
      // (under an opaque garment the fill would not show: skip its sampling)
      if (w.removal > NEGLIGIBLE && w.a < 1 - NEGLIGIBLE) {
        fillColour(inputs, x, y, f);
        r += (f.r - r) * w.removal;
        g += (f.g - g) * w.removal;
        b += (f.b - b) * w.removal;
      }
      if (cover && w.a > cover[i]!) {
        cover[i] = w.a;
        if (under) {
          under[p] = Math.round(r);
          under[p + 1] = Math.round(g);
          under[p + 2] = Math.round(b);
        }
      }
      if (w.a > NEGLIGIBLE) {
        garmentColour(inputs, w.li, x, y, c);
        r += (c.r - r) * w.a;
        g += (c.g - g) * w.a;
        b += (c.b - b) * w.a;
      }
      out[p] = toByte(r);
      out[p + 1] = toByte(g);
      out[p + 2] = toByte(b);
      const ch = Math.max(w.a, w.removal);
      if (ch > changed[i]!) changed[i] = ch;
    }
  }
  return changed;
}

function passInputs(width: number, height: number, layer: GarmentLayer, m: PassMasks, photo: Uint8Array): PassInputs {
  const inputs = {
    layer,
    m,
    photo,
    width,
    sa: createSampler(width, height, m.oldCloth.width, m.oldCloth.height),
    sf: createSampler(width, height, m.fills.width, m.fills.height),
    sh: createSampler(width, height, m.shading.width, m.shading.height),
  };
  const handBox = handKeyBox(inputs.sa, m.handKey), armBox = handKeyBox(inputs.sa, m.armKey);
  const kept = (k: HandKey | undefined, hb: KeyBox) => (k && hb.x1 >= hb.x0 ? smoothKey(keyPixels(inputs.sa, photo, width, k, hb)) : null);
  const handLike = m.handKey?.others && handBox.x1 >= handBox.x0 ? keyLikeness(inputs.sa, photo, width, m.handKey, handBox) : null;
  const grain = filmGrain(photo, width, height, m.fills.seenSkin);
  const armCut = { front: smoothArmCut(m.armsFront), bare: m.bareArms ? smoothArmCut(m.bareArms) : null, magnification: width / m.oldCloth.width };
  return { ...inputs, taps: createTaps(), grain, ...madeSkinTopUps(inputs, grain), handBox, armBox, handKept: kept(m.handKey, handBox), armKept: kept(m.armKey, armBox), handLike, armCut, cuts: cutTaps([m.protect, armCut.front, armCut.bare ?? undefined, m.armKey?.band], m.oldCloth.width, m.oldCloth.height) };
}

/**
 * Per cell (r, c) of planes `width` × `height`, 1 where any of `planes` is
 * non-zero in the cells (r..r+1, c..c+1) (clamped to the plane): the taps of
 * a bilinear sample whose first taps are (r, c). Where it is 0 each plane
 * samples to exactly 0, and the pass's cuts (protect, arms in front, bare
 * arms; a few bilinear samples a pixel) are skipped: they lie over the
 * hands, arms and head, and most of a garment's pixels lie away from them.
 * A plane of another size (none the engine makes) counts as non-zero everywhere.
 */
export function cutTaps(planes: (Mask | undefined)[], width: number, height: number): Uint8Array {
  const any = new Uint8Array(width * height);
  // (the rows and columns holding a non-zero cell: the cells whose taps reach none of them stay 0 unvisited)
  let r0 = height, r1 = -1, c0 = width, c1 = -1;
  for (const m of planes) {
    if (!m) continue;
    if (m.width !== width || m.height !== height) return any.fill(1);
    const d = m.data;
    for (let r = 0, i = 0; r < height; r++) {
      for (let c = 0; c < width; c++, i++) {
        if (d[i] === 0) continue;
        any[i] = 1;
        if (r < r0) r0 = r;
        if (r > r1) r1 = r;
        if (c < c0) c0 = c;
        if (c > c1) c1 = c;
      }
    }
  }
  const out = new Uint8Array(width * height);
  for (let r = Math.max(0, r0 - 1); r <= r1; r++) {
    const row = r * width, next = r + 1 < height ? row + width : row;
    for (let c = Math.max(0, c0 - 1); c <= c1; c++) {
      const right = c + 1 < width ? c + 1 : c;
      out[row + c] = any[row + c]! | any[row + right]! | any[next + c]! | any[next + right]!;
    }
  }
  return out;
}

/** PassInputs.handBox: the output pixels that sample the band's non-zero cells (any value other than 0 there: exact). */
function handKeyBox(sa: Sampler, key: HandKey | undefined): KeyBox {
  const none = { x0: 0, y0: 0, x1: -1, y1: -1 };
  const b = key ? maskBounds(key.band, Number.MIN_VALUE) : null;
  if (!b) return none;
  const xs = axisReach(sa.cols, b.x0, b.x1), ys = axisReach(sa.rows, b.y0, b.y1);
  return xs && ys ? { x0: xs[0], x1: xs[1], y0: ys[0], y1: ys[1] } : none;
}

/**
 * Per output row, the columns [x0[y], x1[y]] outside which pixelWeights is
 * false by construction (x1 < x0: the whole row): the layer's alpha is
 * negligible there and every bilinear tap of the old garment is 0 (its
 * non-zero cells per analysis row, through axisReach). The pass's box spans
 * both whole; most of its pixels lie beside the body, and each cost a
 * lookup of both.
 */
function rowSpans(p: PassInputs, height: number): { x0: Int32Array; x1: Int32Array } {
  const x0 = new Int32Array(height).fill(p.width), x1 = new Int32Array(height).fill(-1);
  const widen = (y: number, a: number, b: number) => {
    if (a < x0[y]!) x0[y] = a;
    if (b > x1[y]!) x1[y] = b;
  };
  const o = p.m.oldCloth, ow = o.width;
  const first = new Int32Array(o.height).fill(ow), last = new Int32Array(o.height).fill(-1);
  for (let r = 0; r < o.height; r++) {
    const row = r * ow;
    let a = 0;
    while (a < ow && !(o.data[row + a]! > 0)) a++;
    if (a === ow) continue;
    let b = ow - 1;
    while (!(o.data[row + b]! > 0)) b--;
    first[r] = a;
    last[r] = b;
  }
  const { rows, cols } = p.sa;
  for (let y = 0; y < height; y++) {
    const r0 = rows.i0[y]!, r1 = rows.i1[y]!;
    const lo = Math.min(first[r0]!, first[r1]!), hi = Math.max(last[r0]!, last[r1]!);
    const reach = hi >= lo ? axisReach(cols, lo, hi) : null;
    if (reach) widen(y, reach[0], reach[1]);
  }
  const { layer } = p;
  for (let ly = 0; ly < layer.lh; ly++) {
    const row = ly * layer.lw;
    let a = 0;
    while (a < layer.lw && !(layer.alpha[row + a]! > NEGLIGIBLE)) a++;
    if (a === layer.lw) continue;
    let b = layer.lw - 1;
    while (!(layer.alpha[row + b]! > NEGLIGIBLE)) b--;
    widen(ly + layer.oy, a + layer.ox, b + layer.ox);
  }
  return { x0, x1 };
}

/** A pixel's weights: the new garment's opacity as drawn, the old garment's share removed, the layer index. */
interface Weights {
  a: number;
  removal: number;
  li: number;
}

/**
 * At output pixel (x, y), into `out`: the new garment's opacity as drawn (`a`,
 * after the protected layers), the share of the old garment removed
 * (`removal`) and the layer index `li`; false where neither is visible.
 */
function pixelWeights(p: PassInputs, x: number, y: number, out: Weights): boolean {
  const { layer, m, sa } = p;
  const li = layerIndex(layer, x, y);
  const la = li < 0 ? 0 : layer.alpha[li]!;
  const o = sample1(sa, m.oldCloth.data, x, y);
  if (la <= NEGLIGIBLE && o <= NEGLIGIBLE) return false;
  // (the cut masks sample to 0 away from their cells: cutTaps)
  const cut = p.cuts[sa.rows.i0[y]! * sa.srcWidth + sa.cols.i0[x]!] === 1;
  // (what lies in front cuts the new garment sharply: crispCut)
  const hand = keyKept(p.handKept, p.handBox, x, y);
  // (on the hands' protect's soft edge, the protect weighted by the photo's likeness to the hands: HAND_LIKENESS)
  const keep = cut ? Math.max(hand, edgeLiked(sampleCut(sa, m.protect.data, x, y), likeAt(p, x, y))) : hand;
  let a = la * (1 - keep);
  if (cut && a > 0 && layer.part[li] === 1) a = panelBehindArms(p, li, x, y, a);
  const removal = removalUnder(o, keep, la);
  if (a <= NEGLIGIBLE && removal <= NEGLIGIBLE) return false;
  out.a = a;
  out.removal = removal;
  out.li = li;
  return true;
}

/**
 * How like the hands' own colours a photo pixel inside their band must be to stay in front of the new
 * garment where the protect mask's soft edge keeps it (handLikeness, oldLikeness, keyLikeness,
 * edgeLiked). The protect mask's hands are the hand's zone grown into any skin-like colour, feathered,
 * with the notches between finger and palm filled (pass-masks HAND_GROW): kept at its value, its soft
 * edge kept a rim of the old garment along the hand's outline (dark trousers round a hand at the hip)
 * and its print between finger and palm, in front of the new garment. The key's own test (HAND_KEY, 0
 * or 1) is tuned to the outline and leaves out a hand's creases and highlights: a weight by it cut bites
 * into the palm and wrist. So the protect is weighted by a wider, graded likeness, averaged over a few
 * output px: a hand's colour (its chroma) in any light from a crease to a highlight is the hand; a colour
 * of another chroma (a print, a plaid's lines, a grey or white gap) is not, when it is the removed
 * garment's colour (an object held in the hand, of other colours, is kept).
 */
export const HAND_LIKENESS = {
  /** Light range, shares of a hand colour, over which the likeness is whole: a crease between fingers, a highlight on dark skin. */
  light: [0.5, 1.5],
  /** Past the range the likeness falls to 0 over this share of light: a white gap, or a black thread whose hue no longer tells, is no hand. */
  lightFade: 0.2,
  /** RGB distance of the pixel to the hand colour in its light, under which it is the hand whole (HAND_KEY's 26, and a lit side's spread). */
  near: 30,
  /** ... and from which it is not the hand at all (between, linear): a plaid's or a print's colours measured 50 and more. */
  far: 50,
  /**
   * Box radius, output px, over which the likeness is averaged: told pixel by pixel, a print's or a
   * plaid's dark threads and the photo's grain kept the photo in specks over the new garment.
   */
  smoothPx: 1,
  /**
   * RGB distance to a removed garment's palette under which a pixel is that garment whole, and from which
   * not at all (the parse's own match is 55, pass-masks LOOKS_LIKE_D2): only the old garment loses the
   * protect. A bag or clutch held in the fingers is of other colours and stays in front as before.
   */
  oldNear: 40,
  oldFar: 55,
  /**
   * The likeness weighs the protect mask on its soft edge only, in full from this far under 1 (its value),
   * fading to nothing where it is whole: inside the hand's outline a nail or a ring, pale or of no skin
   * chroma and near a light garment's colour, is the hand's own (weighed there, a fingertip's nail took
   * the new garment).
   */
  edgeSpan: 0.1,
} as const;

/** How like one of the removed garments' palettes (`old`, each centre of at least HAND_KEY.minShare) photo colour (r, g, b) is, 0..1 (HAND_LIKENESS.oldNear, oldFar). */
export function oldLikeness(old: Palette[] | undefined, r: number, g: number, b: number): number {
  const L = HAND_LIKENESS;
  let d2 = Infinity;
  for (const p of old ?? []) d2 = Math.min(d2, paletteDistance2(p, r, g, b, HAND_KEY.minShare));
  return Math.min(1, Math.max(0, (L.oldFar - Math.sqrt(d2)) / (L.oldFar - L.oldNear)));
}

/** How like one of the hands' own colours (each at least HAND_KEY.minShare of them) photo colour (r, g, b) is, 0..1 (HAND_LIKENESS). */
export function handLikeness(p: Palette, r: number, g: number, b: number): number {
  const L = HAND_LIKENESS;
  let best = 0;
  for (let c = 0; c < p.weights.length; c++) {
    if (p.weights[c]! < HAND_KEY.minShare) continue;
    const s = lightOnRay(p, c, r, g, b);
    if (Number.isNaN(s)) continue;
    const light = 1 - Math.max(0, L.light[0] - s, s - L.light[1]) / L.lightFade;
    if (light <= 0) continue;
    const d = Math.sqrt(shadeDistance2(p, c, s, r, g, b));
    const near = Math.min(1, Math.max(0, (L.far - d) / (L.far - L.near)));
    best = Math.max(best, Math.min(light, near));
  }
  return best;
}

/**
 * The protect mask's cut `protect` weighted by the photo's likeness `like` (keyLikeness) on its soft edge
 * only: in full where it is HAND_LIKENESS.edgeSpan or more under 1, not at all where it is whole.
 */
export function edgeLiked(protect: number, like: number): number {
  if (like >= 1) return protect;
  return protect * (1 - (1 - like) * Math.min(1, (1 - protect) / HAND_LIKENESS.edgeSpan));
}

/** How much of the protect mask stays at output pixel (x, y): the hands' likeness there (PassInputs.handLike), 1 away from it. */
function likeAt(p: PassInputs, x: number, y: number): number {
  const hb = p.handBox, like = p.handLike;
  if (!like || x < hb.x0 || x > hb.x1 || y < hb.y0 || y > hb.y1) return 1;
  return like.data[(y - hb.y0) * like.width + x - hb.x0]!;
}

/**
 * The share of the old garment removed (`compositePass` lays the fill over the
 * photo with it, then the new garment over that with `a`) so that the layers
 * stack front to back as: the protected part (the photo's own pixel) with
 * opacity `keep`, the new garment with its alpha `la`, the fill with the old
 * garment's share `o`, the photo. The fill's weight is then
 * o·(1 − keep)·(1 − la), and as drawn it is removal·(1 − la·(1 − keep)).
 * The old garment goes under the new one's soft edge too (weighted by
 * (1 − a) alone it showed through as a rim of its colour around the new
 * garment). Removing o·(1 − keep) put the fill in front of the protected
 * part's soft edge, o·la·keep·(1 − keep) too much of it: a rim of the fill's
 * skin or background round hair ends and hands over the new garment. Equal to
 * o·(1 − keep) where keep is 0 or 1; where the new garment covers the pixel
 * whole (la·(1 − keep) = 1) nothing of the fill shows, and that share stays.
 */
export function removalUnder(o: number, keep: number, la: number): number {
  const shown = 1 - la * (1 - keep);
  return shown > 0 ? Math.max(0, (o * (1 - keep) * (1 - la)) / shown) : o * (1 - keep);
}

/**
 * A panel pixel's opacity `a` (at layer index `li`, output pixel (x, y)) once
 * the arms in front of the panel cut it: the arms' core before the torso
 * (`armsFront`; not where a sleeve covers the arm: the panel showing at the
 * sleeve's soft edge would be cut back to a sliver of the bare arm), and the
 * bare arms' skin (`bareArms`, `armKey`). The layer holds one opacity a
 * pixel: where the panel's side is drawn over a sleeve, cutting the panel
 * cut the sleeve beneath it too, and the arm's skin showed through the
 * sleeve as a slot along its side, the sleeve's outline broken there. So
 * the bare-skin cut leaves the sleeve's own opacity (`layer.limb`) along the
 * sleeve's stretch of the arm (`sleeveSpan`: past its cuff the sleeve's
 * hidden underarm is cut with the panel, as before), except where the arm's
 * core lies before the torso.
 */
function panelBehindArms(p: PassInputs, li: number, x: number, y: number, a: number): number {
  const { layer, m, sa } = p;
  const limb = layer.limb[li]! / 255;
  const front = keepShare(sample1(sa, p.armCut.front.data, x, y), p.armCut.magnification);
  const cutFront = a * (1 - front * (1 - Math.min(1, layer.limb[li]! / SLEEVE_UNDER_PANEL.coversFrom)));
  if (!p.armCut.bare) return cutFront;
  const bare = Math.max(keyKept(p.armKept, p.armBox, x, y), keepShare(sample1(sa, p.armCut.bare.data, x, y), p.armCut.magnification));
  const span = m.sleeveSpan ? sample1(sa, m.sleeveSpan.data, x, y) : 0;
  const sleeve = Math.min(cutFront, limb * (1 - front) * span);
  return Math.max(sleeve, cutFront * (1 - bare));
}

/**
 * An arm mask (armsFront, bareArms: 0/1 at the analysis size, feathered by
 * 1 px) made ready to cut the panel as the body's outline is (body-clip.ts
 * CLIP_EDGE, keepShare): at 2–3 output px per analysis px its pixel
 * staircase, sampled and made crisp on the garment's side only (sampleCut),
 * drew the panel's edge along the arm as a wavy, stepped line with a 4–8 px
 * smear on the arm's side. Its 0/1 arm (the 0.5 line) is smoothed by
 * CLIP_EDGE's blur, so the staircase becomes a line, and keepShare sharpens
 * the sampled ramp on both sides to CLIP_EDGE.edgePx output px.
 */
export function smoothArmCut(mask: Mask): Mask {
  // (the 0/1 arm made on the arm's box only, the blur told that box: the same blur without two scans of the frame)
  const b = maskBounds(mask);
  return blurMask(threshold(mask, 0.5, b), CLIP_EDGE.smoothRadiusPx, 2, b);
}

/** A sleeve beneath the panel (panelBehindArms). */
const SLEEVE_UNDER_PANEL = {
  /** The sleeve's opacity beneath the panel, 0..255, from which the arms' core before the torso does not cut the panel (the sleeve covers the arm there). */
  coversFrom: 128,
} as const;

/** How much output pixel (x, y) is the own pixel of a key's hands or arms (`kept`, its KeyOutline over `hb`), 0..1. */
function keyKept(kept: Mask | null, hb: KeyBox, x: number, y: number): number {
  if (!kept || x < hb.x0 || x > hb.x1 || y < hb.y0 || y > hb.y1) return 0;
  return kept.data[(y - hb.y0) * kept.width + x - hb.x0]!;
}

/**
 * A key's hands or arms (HandKey) over its box `hb` of output pixels, 1 or 0:
 * inside its band's half line (HAND_KEY.bandFrom) where the photo has their
 * colours. `photo`: RGB at `width` px a row; `sa`: from output px to the band.
 */
export function keyPixels(sa: Sampler, photo: Uint8Array, width: number, k: HandKey, hb: KeyBox): Mask {
  const kept = createMask(Math.max(0, hb.x1 - hb.x0 + 1), Math.max(0, hb.y1 - hb.y0 + 1));
  for (let y = hb.y0; y <= hb.y1; y++) {
    for (let x = hb.x0; x <= hb.x1; x++) {
      if (sample1(sa, k.band.data, x, y) < HAND_KEY.bandFrom) continue;
      const q = (y * width + x) * 3;
      if (isHandColour(k.palette, photo[q]!, photo[q + 1]!, photo[q + 2]!)) kept.data[(y - hb.y0) * kept.width + x - hb.x0] = 1;
    }
  }
  return kept;
}

/**
 * The share of the protect mask kept over a key's box `hb` of output pixels (HAND_LIKENESS): inside its
 * band's half line (HAND_KEY.bandFrom), where the other protected layers (`k.others`) are under 0.5, the
 * photo's likeness to the removed garments (oldLikeness) less its likeness to the hands' colours
 * (handLikeness), elsewhere 1; smoothed (HAND_LIKENESS.smoothPx). All 1 without `others` or `old`.
 * `photo`: RGB at `width` px a row; `sa`: from output px to the band.
 */
export function keyLikeness(sa: Sampler, photo: Uint8Array, width: number, k: HandKey, hb: KeyBox): Mask {
  const like = createMask(Math.max(0, hb.x1 - hb.x0 + 1), Math.max(0, hb.y1 - hb.y0 + 1));
  like.data.fill(1);
  if (!k.others || !k.old?.length) return like;
  for (let y = hb.y0; y <= hb.y1; y++) {
    for (let x = hb.x0; x <= hb.x1; x++) {
      if (sample1(sa, k.band.data, x, y) < HAND_KEY.bandFrom || sample1(sa, k.others.data, x, y) >= 0.5) continue;
      const q = (y * width + x) * 3, r = photo[q]!, g = photo[q + 1]!, b = photo[q + 2]!;
      like.data[(y - hb.y0) * like.width + x - hb.x0] = 1 - oldLikeness(k.old, r, g, b) * (1 - handLikeness(k.palette, r, g, b));
    }
  }
  return HAND_LIKENESS.smoothPx > 0 ? blurMask(like, HAND_LIKENESS.smoothPx, 1) : like;
}

/**
 * The key's outline (keyPixels) as it cuts the new garment. Told pixel by
 * pixel from the photo's colour, a hand's or forearm's outline over a
 * garment's hem or cuff was ragged: bites and spurs of 2–6 output px where
 * the skin's edge mixes with the cloth or the shadow beside it, and the
 * garment's hem drawn round them as a jagged line. So the key is smoothed at
 * the output's scale (a local majority: spurs and bites under about a box's
 * width go, the outline follows the hand's own curve) and its ramp sharpened
 * back to an anti-aliased edge.
 */
export const KEY_OUTLINE = {
  /** Box-blur radius, output px (2 passes): the majority is taken over ~9 px, under a finger's width at the output's size (~10–15 px). */
  radiusPx: 2,
  /** Steepest slope of that blurred step, per output px: a 2-pass box of radius 2 rises by 1/5 per px at its middle. */
  slopePerPx: 0.2,
  /** Width of the drawn edge's ramp, output px: anti-aliased, not soft. */
  edgePx: 1.5,
} as const;

/** KEY_OUTLINE applied to a 0/1 key: smoothed, its 0.5 line the outline, its ramp KEY_OUTLINE.edgePx wide. */
export function smoothKey(kept: Mask): Mask {
  const blurred = blurMask(kept, KEY_OUTLINE.radiusPx, 2);
  const gain = 1 / (KEY_OUTLINE.slopePerPx * KEY_OUTLINE.edgePx);
  const out = createMask(kept.width, kept.height);
  for (let i = 0; i < out.data.length; i++) out.data[i] = Math.max(0, Math.min(1, 0.5 + (blurred.data[i]! - 0.5) * gain));
  return out;
}

/**
 * Where something in front of the new garment cuts it (a hand, a foot, the
 * chin and neck, an arm crossing the body: the protect, arms-in-front and
 * bare-arm masks), the cut's transition. Those masks live at the analysis
 * size, feathered by a 1 px box (3 analysis px of ramp) and magnified 1.6–2.7×
 * to the output: a 5–8 px blend in which the new garment was laid at half
 * strength beside the hand's edge over the old garment, a ghost of the old
 * garment's colour and a smeared outline round hands, arms and the chin.
 */
export const CUT_EDGE = {
  /**
   * Slope of the cut's opacity per unit of the sampled mask below its 0.5
   * line, on the garment's side: 3 turns that half of the ramp into a third
   * (the garment drawn whole up to ~0.5 analysis px from the line). Above the
   * line the mask's own feather stays: there it says "in front", sometimes
   * unsure (a hand's zone fading out over old cloth of the skin's colour, on
   * the tune half 0.5–0.7), and made crisp that cloth showed whole, a pale
   * blot on the new trousers (oldLeftShare 0.009 → 0.047).
   */
  gain: 3,
  /**
   * Step between neighbouring analysis px (0..1) from which a mask's slope is
   * an edge and is made crisp in full: the 1 px feather steps by 1/3 per px
   * across a straight edge (less along a diagonal). A gentler slope or a
   * plateau of a middle value is an uncertain region, not an edge, and stays.
   */
  edgeStep: 0.25,
} as const;

/** A cut mask's sampled value (0..1) made crisp below its 0.5 line, on the garment's side (CUT_EDGE). */
export function crispCut(v: number): number {
  return v >= 0.5 ? v : Math.max(0, 0.5 - (0.5 - v) * CUT_EDGE.gain);
}

/**
 * A cut mask at output pixel (x, y): its bilinear value, made crisp
 * (crispCut) by the share its analysis cell's steepest step has of
 * CUT_EDGE.edgeStep: edges crisp on the garment's side, plateaus as they are.
 */
export function sampleCut(s: Sampler, plane: Float32Array, x: number, y: number): number {
  const v = sample1(s, plane, x, y);
  if (v <= NEGLIGIBLE || v >= 0.5) return v;
  const w = s.srcWidth;
  const r0 = s.rows.i0[y]! * w, r1 = s.rows.i1[y]! * w, c0 = s.cols.i0[x]!, c1 = s.cols.i1[x]!;
  const p00 = plane[r0 + c0]!, p01 = plane[r0 + c1]!, p10 = plane[r1 + c0]!, p11 = plane[r1 + c1]!;
  const step = Math.max(Math.abs(p01 - p00), Math.abs(p11 - p10), Math.abs(p10 - p00), Math.abs(p11 - p01));
  const share = Math.min(1, step / CUT_EDGE.edgeStep);
  return v + (crispCut(v) - v) * share;
}

/**
 * A soft mask's edge at output pixel (x, y) made crisp on both sides of its 0.5
 * line (the gain of CUT_EDGE), by the share its analysis cell's steepest step
 * has of CUT_EDGE.edgeStep (plateaus stay). The skin fill's weight lives at
 * the analysis size, feathered by a 1 px box and magnified 1.6–2.7×: drawn as
 * sampled, a made arm's or shoulder's outline against the background fill was
 * a 6–8 px smear, where a real limb's outline in a photo is 1–2 px wide.
 */
export function sampleEdge(s: Sampler, plane: Float32Array, x: number, y: number): number {
  const v = sample1(s, plane, x, y);
  if (v <= NEGLIGIBLE || v >= 1 - NEGLIGIBLE) return v;
  const w = s.srcWidth;
  const r0 = s.rows.i0[y]! * w, r1 = s.rows.i1[y]! * w, c0 = s.cols.i0[x]!, c1 = s.cols.i1[x]!;
  const p00 = plane[r0 + c0]!, p01 = plane[r0 + c1]!, p10 = plane[r1 + c0]!, p11 = plane[r1 + c1]!;
  const step = Math.max(Math.abs(p01 - p00), Math.abs(p11 - p10), Math.abs(p10 - p00), Math.abs(p11 - p01));
  const share = Math.min(1, step / CUT_EDGE.edgeStep);
  const crisp = Math.max(0, Math.min(1, 0.5 + (v - 0.5) * CUT_EDGE.gain));
  return v + (crisp - v) * share;
}

/**
 * What shows where the old garment goes at (x, y), into `out`: the skin,
 * background and other-garment fills by their weights. Uncovered skin carries its own light
 * (the fill's membrane from the skin around it, times the body's form): the
 * old garment's shading drew its folds and a dark rim at the hole's border;
 * it lies a little in the new garment's shadow next to its edge.
 */
function fillColour(p: PassInputs, x: number, y: number, out: Rgb): void {
  const { sa, sf, m } = p;
  const { skin, background: bg, other } = m.fills;
  const otherW = m.fills.otherWeight?.data ?? null;
  // (the made skin's outline against the background crisp: sampleEdge)
  const bw = sampleEdge(sa, m.fills.body.data, x, y);
  const ow = other && otherW ? sample1(sa, otherW, x, y) : 0;
  const ks = m.occlusion ? bw * (1 - CONTACT_SHADOW * sample1(sa, m.occlusion.data, x, y)) : bw;
  const gw = Math.max(0, 1 - bw - ow);
  const t = p.taps;
  tapsAt(sf, x, y, t);
  const sr = tapSample3(skin, t, 0), sg = tapSample3(skin, t, 1), sb = tapSample3(skin, t, 2);
  let r = sr * ks + tapSample3(bg, t, 0) * gw;
  let g = sg * ks + tapSample3(bg, t, 1) * gw;
  let b = sb * ks + tapSample3(bg, t, 2) * gw;
  if (ks > NEGLIGIBLE) {
    // film grain on filled skin: a smooth fill next to real skin reads as painted
    const grain = (hashNoise(x, y) - 0.5) * 2 * p.grain * ks;
    // (and the skin's own 1–4 px grain, drawn at this size: skin-grain-full.ts)
    const n = skinNoiseAt(p, x, y) * ks;
    r += grain + sr * n;
    g += grain + sg * n;
    b += grain + sb * n;
  }
  if (ow > NEGLIGIBLE) {
    r += tapSample3(other!, t, 0) * ow;
    g += tapSample3(other!, t, 1) * ow;
    b += tapSample3(other!, t, 2) * ow;
  }
  out.r = r;
  out.g = g;
  out.b = b;
}

/** The made skin's relative top-up noise at (x, y): the legs' own (legTopUp) over the legs region (its weight sampled: a soft seam), the general one elsewhere. */
function skinNoiseAt(p: PassInputs, x: number, y: number): number {
  const n = p.topUp ? topUpAt(p.topUp, x, y) : 0;
  const legs = p.m.fills.legs;
  if (!p.legTopUp || !legs) return n;
  const lw = sample1(p.sa, legs.region.data, x, y);
  return lw > NEGLIGIBLE ? n + (legTopUpAt(p.legTopUp, x, y) - n) * lw : n;
}

/** The new garment's colour at layer index `li`, times the shading (clipped to white), into `out`. */
function garmentColour(p: PassInputs, li: number, x: number, y: number, out: Rgb): void {
  const s = sample1(p.sh, p.m.shading.data, x, y);
  const q = li * 3, rgb = p.layer.rgb;
  out.r = Math.min(255, rgb[q]! * s);
  out.g = Math.min(255, rgb[q + 1]! * s);
  out.b = Math.min(255, rgb[q + 2]! * s);
}

/**
 * A channel value as a byte, clamped: a Uint8Array wraps what lies past
 * 0..255, and a lit fill (a bare arm's bright side, the film grain on pale
 * skin) a few levels over 255 came out near 0 in one channel, a cyan or green blot.
 */
function toByte(v: number): number {
  return v >= 255 ? 255 : v <= 0 ? 0 : Math.round(v);
}

/** Darkening of filled skin right at the new garment's edge: a soft contact shadow. */
const CONTACT_SHADOW = 0.18;

/**
 * The new garment's coverage at the analysis size (`aw` × `ah`), blurred by
 * `radiusPx` analysis px: near 0.5 at its edge, falling off outside it.
 * Outside the garment that is how much of it is close by (its shadow).
 */
export function garmentOcclusion(layer: GarmentLayer, aw: number, ah: number, radiusPx: number): Mask {
  return occlusionOf(layerCoverage(layer, aw, ah), radiusPx);
}

/** The blur of a coverage mask that makes it a contact shadow (see garmentOcclusion). */
export function occlusionOf(cover: Mask, radiusPx: number): Mask {
  return blurMask(cover, radiusPx, 2);
}

/** The new garment's mean opacity per analysis-size cell (`aw` × `ah`), 0..1. */
export function layerCoverage(layer: GarmentLayer, aw: number, ah: number): Mask {
  // (the sums are kept in the coverage's own plane, float32 as they were in a plane of their own, and divided there)
  const cover = createMask(aw, ah);
  const acc = cover.data;
  // (a cell's count of samples is its sampled columns × its sampled rows: counted per axis, not added up per pixel)
  const colCount = new Int32Array(aw), rowCount = new Int32Array(ah);
  const b = layer.bounds;
  // every other output pixel once a cell spans 4 or more (1536×2048 over a 384×512 grid)
  const step = Math.max(1, Math.round(layer.width / aw / 2));
  if (b.x1 >= 0) {
    const sx = aw / layer.width, sy = ah / layer.height;
    // (each column's cell once, not a product and a floor per pixel: the same cells)
    const cellX = new Int32Array(b.x1 - b.x0 + 1);
    for (let x = b.x0; x <= b.x1; x += step) {
      const cx = Math.min(aw - 1, Math.floor(x * sx));
      cellX[x - b.x0] = cx;
      colCount[cx] = colCount[cx]! + 1;
    }
    for (let y = b.y0; y <= b.y1; y += step) {
      const cy = Math.min(ah - 1, Math.floor(y * sy));
      rowCount[cy] = rowCount[cy]! + 1;
      const ay = cy * aw, row = (y - layer.oy) * layer.lw - layer.ox;
      for (let x = b.x0; x <= b.x1; x += step) {
        // (a transparent sample adds +0: the sum stays the same without it)
        const v = layer.alpha[row + x]!;
        if (v === 0) continue;
        const j = ay + cellX[x - b.x0]!;
        acc[j] = acc[j]! + v;
      }
    }
  }
  // cells the layer box does not reach hold no garment (no sum, 0); the others their mean alpha
  // (a cell's full count of samples: cells the layer's box cuts count the rest as bare)
  const full = (layer.width / aw / step) * (layer.height / ah / step);
  for (let cy = 0; cy < ah; cy++) {
    if (rowCount[cy] === 0) continue;
    for (let cx = 0, i = cy * aw; cx < aw; cx++, i++) {
      const n = rowCount[cy]! * colCount[cx]!;
      if (n > 0) cover.data[i] = acc[i]! / Math.max(n, full);
    }
  }
  return cover;
}

/**
 * The film grain on filled skin: white noise of the photo's own grain on its
 * visible skin (at the output size), as a uniform noise's half-width (√3 ×
 * its sd). A fixed 2.5 levels (sd 1.44) doubled the grain of a clean studio
 * photo's skin (sd 0.7–0.9 along its arms) and the made skin read sandy
 * beside it. The grain's sd is read from the ∂²x ∂²y response of the luma on
 * the skin (blind to its shading: skin-texture.ts GRAIN_CAP, grainSdOf).
 */
export const FILM_GRAIN = {
  /** Half-width with too few skin samples (under `minSamples`), levels: about the fixtures' own noise on skin. */
  fallback: 2.5,
  /** Largest half-width, levels: a noisy photo's grain is matched up to this. */
  max: 6,
  minSamples: 40,
  /** Most samples read (evenly strided over the skin's analysis pixels). */
  maxSamples: 3000,
} as const;

/** The film grain's half-width (FILM_GRAIN) for the picture `photo` (RGB, `width` × `height`) on the visible skin `seen` (analysis size). */
export function filmGrain(photo: Uint8Array, width: number, height: number, seen: Mask | undefined): number {
  if (!seen || width < 3 || height < 3) return FILM_GRAIN.fallback;
  const sw = seen.width, sh = seen.height, sd = seen.data;
  // (only the skin's box, row by row: outside it no pixel is skin, and the skin's pixels come in the same order)
  const b = maskBounds(seen);
  if (!b) return FILM_GRAIN.fallback;
  let n = 0;
  for (let y = b.y0; y <= b.y1; y++) for (let i = y * sw + b.x0; i <= y * sw + b.x1; i++) if (sd[i]! >= 0.5) n++;
  if (n < FILM_GRAIN.minSamples) return FILM_GRAIN.fallback;
  const stride = Math.max(1, Math.ceil(n / FILM_GRAIN.maxSamples));
  const res: number[] = [];
  for (let y = b.y0, k = 0; y <= b.y1; y++) {
    for (let i = y * sw + b.x0; i <= y * sw + b.x1; i++) {
      if (sd[i]! < 0.5 || k++ % stride !== 0) continue;
      // (the output pixel at the analysis pixel's centre, 1 px inside the frame)
      const x = Math.min(width - 2, Math.max(1, Math.round(((i % sw) + 0.5) * (width / sw) - 0.5)));
      const yo = Math.min(height - 2, Math.max(1, Math.round((y + 0.5) * (height / sh) - 0.5)));
      res.push(grainAt(photo, width, x, yo));
    }
  }
  return Math.min(FILM_GRAIN.max, Math.sqrt(3) * grainSdOf(res));
}

/** The ∂²x ∂²y response ([1 −2 1]ᵀ[1 −2 1]) of the luma of `photo` (RGB, row `width`) at (x, y), 1 px inside it. */
function grainAt(photo: Uint8Array, width: number, x: number, y: number): number {
  let r = 0;
  for (let dy = -1; dy <= 1; dy++) {
    for (let dx = -1; dx <= 1; dx++) {
      const q = ((y + dy) * width + x + dx) * 3;
      r += grainTap(dx, dy) * lumaOf(photo[q]!, photo[q + 1]!, photo[q + 2]!);
    }
  }
  return r;
}

/**
 * The made skin's top-up grains for a pass, both read against the same drawn
 * skin (the skin fill sampled at the output size, with the film grain of
 * half-width `grain`) where it shows whole (the fill's body weight, the old
 * garment and 1 − the new garment's occlusion all ≥ 0.99: under the new
 * garment it is not seen, and its box took in skin far from the made skin):
 * - `topUp` (skin-grain-full.ts) against the photo's visible skin
 *   (`fills.seenSkin`) the new garment leaves bare (long new sleeves over
 *   smooth forearms set a chest's grain beside a neck twice as grainy);
 * - `legTopUp` (skin-grain-legs.ts) where the drawn skin also lies on the
 *   legs region, against the visible leg skin the new garment leaves bare,
 *   or the visible skin when too little leg shows.
 * Each null without its masks or samples. The drawn level is read once per
 * px for both (memoisedLevel over all their points, at the legs' wider reach).
 */
function madeSkinTopUps(p: { sf: Sampler; m: PassMasks; photo: Uint8Array; width: number }, grain: number): { topUp: SkinTopUp | null; legTopUp: LegTopUp | null } {
  const { m, photo, width } = p;
  const seen = m.fills.seenSkin, legs = m.fills.legs;
  if (!seen) return { topUp: null, legTopUp: null };
  const height = photo.length / 3 / width;
  const open = m.occlusion ? [uncovered(m.occlusion)] : [];
  const made = cellPoints([m.fills.body, m.oldCloth, ...open], 0.99, width, height);
  const madeLegs = legs ? cellPoints([m.fills.body, m.oldCloth, legs.region, ...open], 0.99, width, height) : [];
  const madeIn = insideBy(madeLegs, COARSE_REACH, width, height);
  const real = photoLevel(photo, width);
  const drawn = memoisedLevel(drawnSkinLevel(p, grain), [...made, ...madeIn], Math.max(COARSE_REACH, FULL_GRAIN_REACH));
  const topUp = made.length < FULL_GRAIN.minSamples ? null : skinTopUp({ level: real, points: cellPoints([seen, ...open], 0.5, width, height) }, { level: drawn, points: made });
  if (!legs || madeLegs.length < FULL_GRAIN.minSamples) return { topUp, legTopUp: null };
  const at = (mask: Mask) => ({ level: real, points: insideBy(cellPoints([mask, ...open], 0.5, width, height), COARSE_REACH, width, height) });
  return { topUp, legTopUp: legTopUp(at(legs.seen), at(seen), { level: drawn, points: madeIn }) };
}

/** The photo's luma at (x, y). */
function photoLevel(photo: Uint8Array, width: number): LevelAt {
  return (x, y) => {
    const q = (y * width + x) * 3;
    return lumaOf(photo[q]!, photo[q + 1]!, photo[q + 2]!);
  };
}

/** The made skin's drawn luma at (x, y): the skin fill sampled at the output size, with the film grain of half-width `grain`. */
function drawnSkinLevel(p: { sf: Sampler; m: PassMasks }, grain: number): LevelAt {
  const skin = p.m.fills.skin, t = createTaps();
  return (x, y) => {
    tapsAt(p.sf, x, y, t);
    return lumaOf(tapSample3(skin, t, 0), tapSample3(skin, t, 1), tapSample3(skin, t, 2)) + (hashNoise(x, y) - 0.5) * 2 * grain;
  };
}

/** The `points` at least `reach` px inside a `width` × `height` picture. */
function insideBy(points: [number, number][], reach: number, width: number, height: number): [number, number][] {
  return points.filter(([x, y]) => x >= reach && y >= reach && x < width - reach && y < height - reach);
}

/** 1 − `m`, a new mask. */
function uncovered(m: Mask): Mask {
  const out = createMask(m.width, m.height);
  for (let i = 0; i < out.data.length; i++) out.data[i] = 1 - m.data[i]!;
  return out;
}

/** Deterministic white noise in 0..1 per pixel (an integer hash): results stay reproducible. */
function hashNoise(x: number, y: number): number {
  let h = Math.imul(x, 374761393) + Math.imul(y, 668265263);
  h = Math.imul(h ^ (h >>> 13), 1274126177);
  return ((h ^ (h >>> 16)) >>> 0) / 4294967296;
}

function touchedBox(oldCloth: Mask, layer: GarmentLayer, width: number, height: number) {
  let x0 = Infinity, y0 = Infinity, x1 = -1, y1 = -1;
  const aw = oldCloth.width, d = oldCloth.data;
  // (each row's first and last pixel not at most 0.002, found from either end: the same box, without testing the pixels between)
  for (let y = 0; y < oldCloth.height; y++) {
    const row = y * aw;
    let a = 0;
    while (a < aw && d[row + a]! <= 0.002) a++;
    if (a === aw) continue;
    let b = aw - 1;
    while (d[row + b]! <= 0.002) b--;
    if (a < x0) x0 = a;
    if (b > x1) x1 = b;
    if (y < y0) y0 = y;
    y1 = y;
  }
  const sx = width / aw, sy = height / oldCloth.height;
  let bx0 = x1 < 0 ? width : Math.max(0, Math.floor((x0 - 1) * sx));
  let by0 = x1 < 0 ? height : Math.max(0, Math.floor((y0 - 1) * sy));
  let bx1 = x1 < 0 ? -1 : Math.min(width - 1, Math.ceil((x1 + 2) * sx));
  let by1 = x1 < 0 ? -1 : Math.min(height - 1, Math.ceil((y1 + 2) * sy));
  const b = layer.bounds;
  if (b.x1 >= 0) {
    bx0 = Math.min(bx0, b.x0); by0 = Math.min(by0, b.y0); bx1 = Math.max(bx1, b.x1); by1 = Math.max(by1, b.y1);
  }
  return { x0: bx0, y0: by0, x1: bx1, y1: by1 };
}
