/**
 * Hair in front of the garments. Long hair falls beside the neck and over the
 * shoulders, in front of the garment worn: it stays the person's and stays
 * in front of the new garment. The parse tells hair by its colour, sampled
 * at the top of the head; when the photo cuts the head off above the eyes
 * (the frame's top at the forehead or the nose) that sample is empty or a
 * sliver of forehead, and the hair beside the neck was parsed as the old top,
 * removed and filled with background or skin: white and skin-coloured blocks
 * cut into the hair. Then the hair's colour is sampled beside the face, where
 * long hair falls past the ears.
 */
import { copyMask, createMask, lumaOf, type Mask, type RgbImage } from '../../vision/image.js';
import { blurMask, boxBlurOwnPlane, boxBlurPlane, growInto, maskArea, maskBounds, morph, morphPair, unionMask } from '../../vision/mask-ops.js';
import { grownBox, holeAreasInBox, keepLargestInBox } from '../../vision/box-distance.js';
import { nearest, nearestShadeDistance2, nearestWeightedIndex, paletteDistance2, paletteWhere, segmentPlace, shadedDistance2, type Palette } from '../../vision/palette.js';
import { fillPolygon } from '../../vision/raster.js';

export const HAIR_SAMPLE = {
  /**
   * Below this share of the top-of-head sample's area inside the picture the
   * head's top is cut off: what is left of it is forehead and frame edge.
   */
  minTopInFrame: 0.5,
  /**
   * The bands beside the face, as shares of the head's width (the ears' span)
   * from the face's centre line: the ears sit at 0.5, long hair hangs just
   * outside them; a short cut leaves background there (not the person) or
   * the ears (skin), which the sample leaves out.
   */
  sideReach: [0.55, 1.0],
  /** The bands run from the eyes' level down to the chin (this share of the eyes-to-mouth distance below the mouth). */
  chinBelowMouth: 0.6,
  /**
   * The bands' sample counts when its hair pixels cover at least this share
   * of the bands' part in the picture: fewer are stray pixels (an earring, a
   * matte's edge). So must they in the bands' upper part, from the eyes to
   * the mouth: long hair hangs past the ears from above, while a collar
   * rising beside the chin (a polo's, a shirt's) fills the lower part only.
   * Sampled there, the hair's palette was the collar's and the top's, and the
   * old collar and shoulders, parsed as hair, stayed over the new top.
   */
  minHairShare: 0.15,
  /** The upper part is judged when it holds at least this share of the bands' pixels in the picture (a frame cut at the nose leaves none of it). */
  minUpperInFrame: 0.25,
} as const;

/**
 * Gaps between hair pixels closed up to this radius, analysis px. Strands at
 * the hair's ends are thin and their shading crosses the colour threshold:
 * parsed one by one, the gaps between them went to the old garment and its
 * fill, and the hair's ends read as dark streaks smeared into a white block.
 */
export const HAIR_CLOSING_PX = 2;

/** The face's keypoints a hair sample needs, analysis px. */
export interface FacePoints {
  /** Rows of the eyes' and the mouth's middle (the eyes' may lie above the picture). */
  eyeY: number;
  mouthY: number;
  /** Centre line of the face (between the ears). */
  centreX: number;
  /** The ears' span (or the head's least width). */
  headW: number;
}

/** The share of `area` (a mask drawn without clipping) that lies inside the picture, from its unclipped area `fullArea` px. */
export function inFrameShare(area: Mask, fullArea: number): number {
  return fullArea > 0 ? maskArea(area) / fullArea : 0;
}

/**
 * The hair sample beside the face (see HAIR_SAMPLE): the bands' pixels that
 * are the person (matte ≥ 0.5), not skin and outside `excluded` (the collar's
 * zone: a high collar reaches the chin); null when they are too few, in the
 * whole bands or in their part above the mouth.
 */
export function hairSideSample(face: FacePoints, matte: Mask, skin: Mask, excluded: Mask): Mask | null {
  const { width: w, height: h } = matte;
  const bands = createMask(w, h);
  const y0 = face.eyeY, y1 = face.mouthY + (face.mouthY - face.eyeY) * HAIR_SAMPLE.chinBelowMouth;
  for (const side of [-1, 1]) {
    const xa = face.centreX + side * HAIR_SAMPLE.sideReach[0] * face.headW, xb = face.centreX + side * HAIR_SAMPLE.sideReach[1] * face.headW;
    fillPolygon(bands, [{ x: xa, y: y0 }, { x: xb, y: y0 }, { x: xb, y: y1 }, { x: xa, y: y1 }]);
  }
  const sample = createMask(w, h);
  // (counts of the whole bands and of their part above the mouth)
  let inFrame = 0, hair = 0, upperInFrame = 0, upperHair = 0;
  for (let i = 0; i < bands.data.length; i++) {
    if (bands.data[i]! < 0.5) continue;
    const upper = Math.floor(i / w) < face.mouthY ? 1 : 0;
    inFrame++;
    upperInFrame += upper;
    if (matte.data[i]! < 0.5 || skin.data[i]! >= 0.5 || excluded.data[i]! >= 0.5) continue;
    sample.data[i] = 1;
    hair++;
    upperHair += upper;
  }
  const enough = (px: number, of: number) => of > 0 && px >= of * HAIR_SAMPLE.minHairShare;
  // (the upper part is judged where the picture shows enough of it: a frame cut at the nose shows none)
  const upperSeen = upperInFrame >= inFrame * HAIR_SAMPLE.minUpperInFrame;
  return enough(hair, inFrame) && (!upperSeen || enough(upperHair, upperInFrame)) ? sample : null;
}

/** Hair pieces under this share of the largest are specks (a dark button, a shadow), not hair. */
const HAIR_MIN_PIECE = 0.3;

/**
 * The parse's hair from its raw hair-coloured pixels: gaps closed (see
 * HAIR_CLOSING_PX), specks dropped, the edge softened by 1 px. A new mask.
 */
export function hairMask(raw: Mask): Mask {
  // (the pieces are labelled in their box: hair covers a small part of the frame)
  return blurMask(keepLargestInBox(morphPair(raw, HAIR_CLOSING_PX, -HAIR_CLOSING_PX), undefined, HAIR_MIN_PIECE), 1, 1);
}

/**
 * Hair hanging in front of the torso. The parse tells hair by colour only
 * around the head and above the shoulders: over the torso a dark top's folds
 * and shadows come near dark hair's colour. There long hair is the hair
 * above it carried on (grown from it, pixel by pixel), where a pixel's colour
 * is the hair's and clearly not a garment's: parsed as the old top, the
 * strands over the chest were removed and the new top drawn over them, the
 * hair cut off at the shoulders' line and a smeared patch left beside it.
 */
export const HAIR_FRONT = {
  /** How far below the shoulders' line hair in front of the torso is followed, torso lengths: long hair reaches the waist. */
  maxBelowShoulderTl: 0.9,
  /**
   * RGB units by which a pixel must be nearer the hair's colour (seen in more
   * or less light, shadedDistance2: strands shine and shade) than every
   * garment's own colours (the palettes hold their shades): a dark shade close
   * to both is neither, and the hair does not leak into a dark top. (A
   * garment's colour darkened like the hair's: an orange print in shadow is
   * brown, and the strands over it were cut off there.)
   */
  colourMarginRgb: 10,
  /**
   * A colour of the top's palette holding at most this share of its sample
   * (the chest), within the hair's colour threshold and nearer the hair's
   * palette than the top's other colours (hairNearerBy), is hair falling over the chest,
   * not the top's own colour: kept in, every strand matched the top as well as
   * the hair. The top's main colour (more than this) always stays the top's.
   */
  maxChestShare: 0.25,
  /**
   * ...and only when it is nearer the hair's palette than the top's other
   * colours by this factor (RGB distance): a shade of the top between its
   * colours and a hair sample that took the garment's colour (a product
   * photo's collar read as a wearer's hair) are the top's.
   */
  hairNearerBy: 1.4,
} as const;

/**
 * Long hair hangs from the head down in front of the shoulders as well as
 * over the chest: a lock falling over the front of a shoulder lies beside the
 * torso's zone, over the top's shoulder and upper sleeve. Followed over the
 * torso only, it stopped at the torso's side and its strands beside it were
 * parsed as the old top: the new top was drawn over them, the lock cut off
 * at the shoulder (hangingFromTop).
 */
export const HAIR_HANGING = {
  /**
   * How far below the shoulders' line hair is followed over the arms' zone,
   * shoulder widths: a lock over the shoulder reaches the upper arm (~0.5 sw
   * down; on the tune half hair over a dark sleeve stopped by its colour
   * at ~0.55 sw); further down the arm hangs beside the hair, not under it.
   */
  overArmsSw: 0.6,
} as const;

/**
 * Where hair hanging from the head is followed over the garments (a new
 * mask): the torso's zone, and the arms' zone from the shoulders' line
 * (`shoulderRow`, analysis px) down HAIR_HANGING.overArmsSw (`swPx`: shoulder
 * width) — the arms' zone above the line is the shoulder's top, where hair
 * rests too.
 */
export function hangingFromTop(torso: Mask, arms: Mask, shoulderRow: number, swPx: number): Mask {
  const out = createMask(torso.width, torso.height);
  const lastRow = shoulderRow + HAIR_HANGING.overArmsSw * swPx;
  for (let i = 0; i < out.data.length; i++) {
    const onArm = arms.data[i]! >= 0.5 && Math.floor(i / torso.width) <= lastRow;
    out.data[i] = torso.data[i]! >= 0.5 || onArm ? 1 : 0;
  }
  return out;
}

/** The hair palette's colours that count: those of at least this share (the parse's hair test's). */
export const HAIR_MIN_WEIGHT = 0.15;

/**
 * The top's palette without the colours that are hair over the chest (see
 * HAIR_FRONT.maxChestShare): a copy with their weights 0. `hairD2`: the
 * parse's hair colour threshold, RGB distance².
 */
export function topWithoutHair(top: Palette, hair: Palette, hairD2: number): Palette {
  const k = top.weights.length;
  const weights = top.weights.slice();
  const live = hairColours(hair);
  for (let c = 0; c < k; c++) {
    if (top.weights[c]! > HAIR_FRONT.maxChestShare) continue;
    const r = top.centres[c * 3]!, g = top.centres[c * 3 + 1]!, b = top.centres[c * 3 + 2]!;
    const toHair = nearest(live.centres, live.weights.length, r, g, b).dist2;
    let toTop = Infinity;
    for (let o = 0; o < k; o++) {
      if (o === c) continue;
      const dr = r - top.centres[o * 3]!, dg = g - top.centres[o * 3 + 1]!, db = b - top.centres[o * 3 + 2]!;
      toTop = Math.min(toTop, dr * dr + dg * dg + db * db);
    }
    if (toHair < hairD2 && toHair * HAIR_FRONT.hairNearerBy ** 2 < toTop) weights[c] = 0;
  }
  return { centres: top.centres, weights };
}

/** The hair palette's colours of at least HAIR_MIN_WEIGHT, as a palette of their own. */
function hairColours(hair: Palette): Palette {
  return paletteWhere(hair, (_r, _g, _b, w) => w >= HAIR_MIN_WEIGHT);
}

/** What the hair in front of the torso is grown over (analysis size). */
export interface HairFrontInput {
  small: RgbImage;
  /** Person matte, hard. */
  matte: Mask;
  skin: Mask;
  /** Where the parse does not look for hair by colour alone: the torso, and the shoulders (hangingFromTop). */
  torso: Mask;
  /** The head's zone: hair in front of the torso hangs from it. */
  head: Mask;
  /** The last row hair is followed down to (see HAIR_FRONT.maxBelowShoulderTl). */
  maxRow: number;
  hair: Palette;
  /** The garments' palettes (the top's without its hair colours, topWithoutHair). */
  garments: Palette[];
  /** The parse's hair colour threshold, RGB distance². */
  hairD2: number;
}

/**
 * The raw hair `seed` (the parse's hair pixels) with the hair hanging from
 * the head grown into the torso through pixels of the hair's colour (see
 * HAIR_FRONT): on the person, not skin, above `maxRow`. Only the hair joined
 * to the head's zone grows: a dark patch of the hair's colour by the neck
 * (a product photo's inside collar, read as a wearer's) hangs from no head.
 * A new mask.
 */
export function hairOverTorso(seed: Mask, x: HairFrontInput): Mask {
  const { small, matte, skin, torso, hair, garments } = x;
  const w = small.width, ch = small.channels;
  const margin = HAIR_FRONT.colourMarginRgb;
  const reach = w + small.height;
  const onHead = createMask(w, small.height);
  const oh = onHead.data, sd = seed.data, hd = x.head.data;
  for (let i = 0; i < oh.length; i++) oh[i] = sd[i]! >= 0.5 && hd[i]! >= 0.5 ? 1 : 0;
  const hanging = growInto(onHead, reach, (q) => seed.data[q]! >= 0.5);
  const grown = growInto(hanging, reach, (q) => {
    if (torso.data[q]! < 0.5 || Math.floor(q / w) > x.maxRow || matte.data[q]! < 0.5 || skin.data[q]! >= 0.5) return false;
    const r = small.data[q * ch]!, g = small.data[q * ch + 1]!, b = small.data[q * ch + 2]!;
    const dHair = shadedDistance2(hair, r, g, b, HAIR_MIN_WEIGHT);
    if (dHair >= x.hairD2) return false;
    const near = Math.sqrt(dHair) + margin;
    for (const p of garments) if (paletteDistance2(p, r, g, b) <= near * near) return false;
    return true;
  });
  return unionMask(seed, grown);
}

/**
 * Lit hair read as skin. The skin test is a colour test: light, lit or
 * auburn curls share skin's hue and pass it, so they were neither hair nor
 * garment, and the new top was drawn over them. Hair is told from skin
 * there by its texture: strands and curls are fine light-and-shade structure
 * (their luminance swings over 1–3 px), while skin, even shaded, is smooth at
 * that scale. Only textured skin-coloured pixels joined to the hair count,
 * and only in pieces thick enough (an opening): the 1–2 px line where skin
 * meets a garment's edge or the hair's own edge is textured too.
 */
export const HAIR_TEXTURE = {
  /** Band-pass radius, analysis px: the luminance minus its blur at this radius is the fine structure. */
  bandRadius: 1,
  /** Averaging radius of the band's magnitude, analysis px. */
  energyRadius: 2,
  /**
   * Least mean fine-structure magnitude, as a share of the local luminance,
   * for hair: lit curls measure ~0.05–0.12, smooth skin (neck, chest,
   * shoulders) ~0.01–0.03 at the analysis size.
   */
  minEnergy: 0.05,
  /** Opening radius, analysis px: thinner textured lines are edges, not hair. */
  openPx: 2,
  /** Luminance floor for the share (dark pixels are not skin-coloured anyway). */
  minLuma: 20,
  /**
   * Holes the hair encloses up to this area, shoulder widths², are hair too:
   * a curl's smooth lit crown and the gaps between curls; left out, the new
   * top showed through the hair in blotches.
   */
  maxHoleSw2: 0.02,
} as const;

/**
 * Per pixel of rows 0..`lastRow` and columns `cols` (inclusive; the whole
 * width by default), the fine-structure energy of `small` relative to its
 * luminance (see HAIR_TEXTURE); 0 in the other columns. Computed on those
 * rows and columns and the blurs' reach beyond them only (lit hair is sought
 * above a row over the chest, and every reader reads the person's pixels
 * only: their columns are the matte's): there every blur window is the
 * whole frame's, and the window sums of these 8-bit-derived values are exact
 * in float64 in any order and from any start (every luminance, its blur and
 * their difference is 0 or a float32 of at least 2⁻¹² — a multiple of
 * 2⁻³⁵ — and a row's sums stay below 2¹⁸), so the same values as over the
 * whole frame. The columns' blur still runs from row 0 down, as over the frame.
 */
export function fineTexture(small: RgbImage, lastRow: number, cols: { x0: number; x1: number } = { x0: 0, x1: small.width - 1 }): Float32Array {
  const reach = 2 * HAIR_TEXTURE.bandRadius + HAIR_TEXTURE.energyRadius;
  const W = small.width, h = Math.max(1, Math.min(small.height, Math.floor(lastRow) + reach + 1));
  const c0 = Math.max(0, cols.x0 - reach), c1 = Math.min(W - 1, cols.x1 + reach), w = c1 - c0 + 1;
  const out = new Float32Array(W * h);
  if (w <= 0) return out;
  const lum = cropLuma(small, h, c0, w);
  const low = boxBlurPlane(lum, w, h, HAIR_TEXTURE.bandRadius, 2);
  const band = new Float32Array(w * h);
  for (let j = 0; j < w * h; j++) band[j] = Math.abs(lum[j]! - low[j]!);
  // (the band is read no more: blurred in place)
  const energy = boxBlurOwnPlane(band, w, h, HAIR_TEXTURE.energyRadius, 1);
  const x0 = Math.max(0, cols.x0), x1 = Math.min(W - 1, cols.x1);
  for (let y = 0; y < h; y++) {
    for (let x = x0, j = y * w + x0 - c0; x <= x1; x++, j++) out[y * W + x] = energy[j]! / Math.max(low[j]!, HAIR_TEXTURE.minLuma);
  }
  return out;
}

/** The luminance (image.ts lumaOf) of `small`'s rows 0..h − 1 and its `w` columns from `c0`, a plane of that size. */
function cropLuma(small: RgbImage, h: number, c0: number, w: number): Float32Array {
  const lum = new Float32Array(w * h);
  const rgb = small.data, ch = small.channels, W = small.width;
  for (let y = 0, j = 0; y < h; y++) {
    for (let p = (y * W + c0) * ch, end = p + w * ch; p < end; p += ch, j++) lum[j] = lumaOf(rgb[p]!, rgb[p + 1]!, rgb[p + 2]!);
  }
  return lum;
}

/** Where lit hair is looked for (analysis size). */
export interface LitHairInput {
  small: RgbImage;
  /** Person matte, hard. */
  matte: Mask;
  skin: Mask;
  /** The zone around the head and over the shoulders where hair may hang. */
  zone: Mask;
  /** The last row hair is followed down to. */
  maxRow: number;
  /** Shoulder width, analysis px. */
  sw: number;
  /** The garments' palettes, and the RGB distance² within which a colour is theirs. */
  garments: Palette[];
  garmentD2: number;
  /**
   * The frame's fineTexture of `small` (rows 0..height − 1) on the matte's
   * columns at least, when the caller shares it: its rows up to maxRow are
   * there those of fineTexture(small, maxRow), worked out here otherwise (on
   * the zone's columns: see fineTexture).
   */
  texture?: () => Float32Array;
}

/**
 * The raw hair `seed` with the textured pixels joined to it (see
 * HAIR_TEXTURE) that are skin-coloured or of no garment's colour (curls in
 * shade the hair's palette, sampled elsewhere, missed; a print's edges are
 * the garment's): on the person, in `zone`, above `maxRow`; with the
 * small holes it encloses (HAIR_TEXTURE.maxHoleSw2). A new mask.
 */
export function litHair(seed: Mask, x: LitHairInput): Mask {
  const { small, matte, skin, zone } = x;
  const w = small.width, h = small.height;
  // (its own texture on the zone's columns only: it is read in the zone)
  const energy = x.texture ? x.texture() : fineTexture(small, x.maxRow, columnsOf(zone));
  const textured = createMask(w, h);
  const ch = small.channels, rgb = small.data, td = textured.data, md = matte.data, zd = zone.data, sd = skin.data;
  // (no closure here: one over this function's locals tied its optimised loop to one job's objects,
  // thrown away after every job, V8's "weak objects"; rows below maxRow stay 0, as the new mask holds them)
  for (let y = 0; y < h && y <= x.maxRow; y++) {
    for (let i = y * w, end = i + w; i < end; i++) {
      const ok = md[i]! >= 0.5 && zd[i]! >= 0.5 && energy[i]! >= HAIR_TEXTURE.minEnergy;
      td[i] = ok && (sd[i]! >= 0.5 || farFromAll(x.garments, rgb[i * ch]!, rgb[i * ch + 1]!, rgb[i * ch + 2]!, x.garmentD2)) ? 1 : 0;
    }
  }
  const thick = morphPair(textured, -HAIR_TEXTURE.openPx, HAIR_TEXTURE.openPx);
  const grown = growInto(seed, w + h, bothOn(thick.data, td));
  return withSmallHoles(grown, matte, HAIR_TEXTURE.maxHoleSw2 * x.sw * x.sw);
}

/** The columns of `mask`'s pixels from 0.5 (maskBounds), inclusive; none (x1 < x0) when it has none. */
export function columnsOf(mask: Mask): { x0: number; x1: number } {
  const b = maskBounds(mask);
  return b ? { x0: b.x0, x1: b.x1 } : { x0: 0, x1: -1 };
}

/** Whether colour (r, g, b) is further than `d2` (RGB distance²) from every palette of `palettes`. */
export function farFromAll(palettes: readonly Palette[], r: number, g: number, b: number, d2: number): boolean {
  for (let k = 0; k < palettes.length; k++) if (!(paletteDistance2(palettes[k]!, r, g, b) > d2)) return false;
  return true;
}

/** Whether a pixel is from 0.5 in both planes (a test made here, so that it closes over nothing of its caller's). */
function bothOn(a: Float32Array, b: Float32Array): (i: number) => boolean {
  return (i: number) => a[i]! >= 0.5 && b[i]! >= 0.5;
}

/**
 * `m` with its holes (mask-ops.ts holeAreas) of at most `maxArea` px on the
 * person filled, its larger holes and those off the person 0, a new mask.
 */
function withSmallHoles(m: Mask, matte: Mask, maxArea: number): Mask {
  // (labelled on the mask's box: the same areas, 0 outside it, box-distance.ts)
  const area = holeAreasInBox(m);
  const out = createMask(m.width, m.height);
  for (let i = 0; i < out.data.length; i++) {
    const a = area[i]!;
    out.data[i] = a > 0 ? (a <= maxArea && matte.data[i]! >= 0.5 ? 1 : 0) : m.data[i]!;
  }
  return out;
}

/**
 * A garment's small dots of a hair-like colour (a strap's studs, a print's
 * brown marks) pass the hair's colour test where the hair may hang: the
 * top's colours near the hair's do not count against it (topWithoutHair),
 * since hair over the chest is sampled with the top. Such dots are of one of
 * the top's own colours and lie scattered over the top's main colour, while
 * hair — even a thin lock's edge — is a mass of its own: a hair pixel
 * outside the head of one of the top's colours whose neighbourhood is mostly
 * the top is the top's. Closed and hole-filled as hair, the dots took the
 * strap between them along, and it stayed in the result.
 */
export const HAIR_AMONG_TOP = {
  /** The neighbourhood's radius, shoulder widths (about a strap's width). */
  radiusSw: 0.05,
  /** Least share of hair among the neighbourhood's hair and top pixels: a lock's straight edge has ~0.5, studs on a strap ~0.1–0.3. */
  minHairShare: 0.35,
  /** RGB distance² within which a pixel has one of the top's colours, however small its share (a stud's few per cent). */
  topColourD2: 40 * 40,
  /** The top's colours that count: at least this share of its sample. */
  minTopWeight: 0.01,
} as const;

/** What a hair pixel among the top is told by: the parse's raw top, the head's zone, the image and the top's palette (analysis size). */
export interface AmongTopInput {
  top: Mask;
  head: Mask;
  small: RgbImage;
  topPalette: Palette;
  /** Shoulder width, px. */
  sw: number;
}

/**
 * The raw hair `hair` without its pixels outside the head, of one of the
 * top's colours (HAIR_AMONG_TOP.topColourD2), whose neighbourhood holds under
 * HAIR_AMONG_TOP.minHairShare of hair among hair and top pixels. A new mask.
 */
export function hairNotAmongTop(hair: Mask, x: AmongTopInput): Mask {
  const { width: w, height: h } = hair;
  const r = Math.max(2, Math.round(HAIR_AMONG_TOP.radiusSw * x.sw));
  const out = createMask(w, h);
  const box = maskBounds(hair);
  if (!box) return out;
  const rows = [box.y0, box.y1] as const;
  // The shares are read on the hair's rows only: blurred over those rows and r
  // more each side (or to the frame's edge), where each window is the whole
  // frame's. The parse's masks are 0/1, their window sums exact in any order:
  // the same shares as blurs of the whole frame, over a head's rows, not all.
  const c0 = Math.max(0, rows[0] - r), c1 = Math.min(h - 1, rows[1] + r);
  const crop = (m: Mask) => boxBlurPlane(m.data.subarray(c0 * w, (c1 + 1) * w), w, c1 - c0 + 1, r, 1);
  const hairShare = crop(hair), topShare = crop(x.top);
  const ch = x.small.channels, px = x.small.data;
  for (let i = rows[0] * w, end = (rows[1] + 1) * w; i < end; i++) {
    if (hair.data[i]! < 0.5) continue;
    const j = i - c0 * w;
    const both = hairShare[j]! + topShare[j]!;
    const among = x.head.data[i]! < 0.5 && both > 0 && hairShare[j]! < HAIR_AMONG_TOP.minHairShare * both;
    const topColour = among && paletteDistance2(x.topPalette, px[i * ch]!, px[i * ch + 1]!, px[i * ch + 2]!, HAIR_AMONG_TOP.minTopWeight) < HAIR_AMONG_TOP.topColourD2;
    out.data[i] = topColour ? 0 : hair.data[i]!;
  }
  return out;
}

/**
 * The hair's ends over the old top, keyed by colour. The parse's hair is
 * closed and feathered (HAIR_CLOSING_PX, hairMask): along its outline it
 * holds the old top seen between and around the strands' ends, and kept
 * whole over the new top that drew a rim of the old top's colour round the
 * hair (a white halo over a dark top) or a block of it beside the new
 * neckline; the ends themselves, mixed with the top and no longer of the
 * hair's colour, went with the old top and the hair ended in a cut line.
 * In a band along the hair's outline over the old top each pixel is kept by
 * how much of the hair's colour it holds: its place on the line from the
 * nearest top colour to the nearest hair colour. Where the two colours are
 * close (dark hair on a dark top, fair hair on a light one) a pixel's colour
 * does not tell them apart and the hair is kept as parsed.
 */
export const HAIR_ENDS = {
  /** The band's half-width either side of the hair's outline, analysis px (the closing's reach and its feather). */
  bandPx: 2,
  /** Least RGB distance between the nearest hair and top colours for a pixel to be told by them. */
  minSeparationRgb: 70,
  /** Most RGB distance of a pixel from that line: further off it is neither (a shadow, a print) and stays as parsed. */
  maxOffLineRgb: 40,
  /** The hair's share along the line mapped to what is kept: at most the first is the top's (0), from the second the hair's (1), a ramp between. */
  ramp: [0.25, 0.75] as readonly [number, number],
  /** The top's colours that count: at least this share of its sample (a stud's few per cent are not the top around the hair). */
  minTopWeight: 0.05,
  /**
   * The light range, shares of a top colour, over which the top in shadow is
   * still the top: the hair's ends shade the garment beneath them, and a
   * light top in their shadow (white gone grey-lilac) lies near the line to
   * dark hair, read as part hair and kept half over the new garment, a grey
   * rim round the ends. A pixel nearer a shade of the top's colour in this
   * range than the hair's line is the top's. Under the range's floor a dark
   * pixel is no shadow of a light top (dark hair's ends stay hair).
   */
  topShade: [0.45, 1] as readonly [number, number],
  /**
   * The shaded top holds the protect's feather off (capKeyedEnds) only in
   * patches that survive an opening of this radius, analysis px: a wedge of
   * shaded top beside the hair does; single pixels and 1 px runs between an
   * outline's strands do not, and there the feather keeps the outline smooth
   * (held off pixel by pixel, a lock's edge over a pale top came out in steps).
   */
  shadowOpenPx: 1,
} as const;

/**
 * How much of hair colour (r, g, b) holds between its nearest `hair` colour
 * (HAIR_MIN_WEIGHT) and its nearest `top` colour (HAIR_ENDS.minTopWeight),
 * 0..1 after HAIR_ENDS.ramp; null where the pixel cannot be told by them
 * (colours closer than minSeparationRgb, or the pixel off their line).
 */
export function hairShareOf(hair: Palette, top: Palette, r: number, g: number, b: number): number | null {
  const v = endReading(hair, top, r, g, b);
  return Number.isNaN(v) ? null : Math.max(0, v);
}

/** A pixel of the top in the hair's shadow (endReading): the top's, 0 kept, and the protect's feather held off it (capKeyedEnds). */
const IN_HAIR_SHADOW = -1;

/** hairShareOf's reading of (r, g, b): the share, NaN where not told, IN_HAIR_SHADOW for the top in the hair's shadow (HAIR_ENDS.topShade). */
function endReading(hair: Palette, top: Palette, r: number, g: number, b: number): number {
  const hi = nearestWeightedIndex(hair, r, g, b, HAIR_MIN_WEIGHT), ti = nearestWeightedIndex(top, r, g, b, HAIR_ENDS.minTopWeight);
  if (hi < 0 || ti < 0) return NaN;
  const hc = hair.centres, tc = top.centres;
  const ur = hc[hi * 3]! - tc[ti * 3]!, ug = hc[hi * 3 + 1]! - tc[ti * 3 + 1]!, ub = hc[hi * 3 + 2]! - tc[ti * 3 + 2]!;
  if (ur * ur + ug * ug + ub * ub < HAIR_ENDS.minSeparationRgb ** 2) return NaN;
  const { at: s, off2 } = segmentPlace(tc, ti, hc, hi, r, g, b);
  if (off2 > HAIR_ENDS.maxOffLineRgb ** 2) return NaN;
  // (a mix of two of the top's own colours, a stripe's edge, is the top's: it lies nearer their line than the hair's)
  if (nearTopMix(top, r, g, b, off2)) return 0;
  // (so is the top in the hair's shadow, nearer a shade of its colour than the hair's line)
  if (nearTopShade(top, r, g, b, off2)) return IN_HAIR_SHADOW;
  const [lo, up] = HAIR_ENDS.ramp;
  return Math.max(0, Math.min(1, (s - lo) / (up - lo)));
}

/**
 * Whether (r, g, b) lies nearer than `than2` (RGB distance²) to the segment
 * between two of `top`'s colours (HAIR_ENDS.minTopWeight): the edge of a
 * stripe or print, mixed at the analysis size, is the top's, however near
 * the hair's line it lies.
 */
function nearTopMix(top: Palette, r: number, g: number, b: number, than2: number): boolean {
  const k = top.weights.length, c = top.centres;
  for (let i = 0; i < k; i++) {
    if (top.weights[i]! < HAIR_ENDS.minTopWeight) continue;
    for (let j = i + 1; j < k; j++) {
      if (top.weights[j]! < HAIR_ENDS.minTopWeight) continue;
      if (segmentPlace(c, i, c, j, r, g, b).off2 < than2) return true;
    }
  }
  return false;
}

/**
 * Whether (r, g, b) lies nearer than `than2` (RGB distance²) to a shade of one
 * of `top`'s colours (HAIR_ENDS.minTopWeight) in the light range
 * HAIR_ENDS.topShade: the top in the hair's shadow is the top's.
 */
function nearTopShade(top: Palette, r: number, g: number, b: number, than2: number): boolean {
  const [lo, hi] = HAIR_ENDS.topShade;
  for (let c = 0; c < top.weights.length; c++) {
    if (top.weights[c]! >= HAIR_ENDS.minTopWeight && nearestShadeDistance2(top, c, r, g, b, lo, hi) < than2) return true;
  }
  return false;
}

/** What the hair's ends are keyed against (analysis size). */
export interface HairEndsInput {
  small: RgbImage;
  /** The old top removed, hard: only there are the ends keyed. */
  old: Mask;
  hair: Palette;
  /** The top's palette without its hair colours (topWithoutHair). */
  top: Palette;
}

/**
 * The parse's hair `hair` (soft) with its ends over the old top keyed by
 * colour (HAIR_ENDS): in the band along its outline, on the old top, each
 * pixel told by hairShareOf is that share; the rest as parsed (`hair`, a new
 * mask). `cap`: 0 where a pixel is the top in the hair's shadow
 * (HAIR_ENDS.topShade) in a patch (shadowOpenPx), 1 elsewhere (capKeyedEnds).
 */
export function hairEnds(hair: Mask, x: HairEndsInput): { hair: Mask; cap: Mask } {
  const out = copyMask(hair);
  const cap = createMask(hair.width, hair.height);
  const box = maskBounds(hair);
  if (!box) return { hair: out, cap: createMask(hair.width, hair.height, 1) };
  const near = morph(hair, HAIR_ENDS.bandPx), core = morph(hair, -HAIR_ENDS.bandPx);
  const { width: w, height: h } = hair, ch = x.small.channels, px = x.small.data;
  // (the band lies in the hair's box grown by its width: only that box is read, not the frame)
  const band = grownBox(box, HAIR_ENDS.bandPx, w, h)!;
  for (let y = band.y0; y <= band.y1; y++) {
    for (let i = y * w + band.x0; i <= y * w + band.x1; i++) {
      if (x.old.data[i]! < 0.5 || near.data[i]! < 0.5 || core.data[i]! >= 0.5) continue;
      const v = endReading(x.hair, x.top, px[i * ch]!, px[i * ch + 1]!, px[i * ch + 2]!);
      if (Number.isNaN(v)) continue;
      out.data[i] = Math.max(0, v);
      // (only the top in the hair's shadow holds the feather off: elsewhere the told shares, noisy pixel by
      // pixel at the analysis size, cut the outline in steps, and the feather keeps it smooth)
      if (v === IN_HAIR_SHADOW) cap.data[i] = 1;
    }
  }
  // (cap holds the shaded pixels as 1 so far: opened (HAIR_ENDS.shadowOpenPx), then turned to the cap)
  // (an opening keeps no pixel past the band's box, where the cap is 1)
  const shadow = morphPair(cap, -HAIR_ENDS.shadowOpenPx, HAIR_ENDS.shadowOpenPx), capped = createMask(w, h, 1);
  for (let y = band.y0; y <= band.y1; y++) for (let i = y * w + band.x0; i <= y * w + band.x1; i++) if (shadow.data[i]! >= 0.5) capped.data[i] = 0;
  return { hair: out, cap: capped };
}

/**
 * The protect mask `soft`, feathered after the hair's ends were keyed
 * (hairEnds), held to `cap` (hairEnds': 0 on the top in the hair's shadow)
 * where it is under 1, in place (and returned): the feather spread the kept
 * hair back over the shaded top beside it, a grey-lilac rim or wedge along
 * the ends over the new garment. The kept hands (`hands`, soft) stay
 * as they are: a hand's skin may lie on the line from the top to the hair.
 */
export function capKeyedEnds(soft: Mask, cap: Mask, hands: Mask | null): Mask {
  const sd = soft.data, cd = cap.data, hd = hands ? hands.data : null;
  for (let i = 0; i < sd.length; i++) {
    if (cd[i]! >= 1 || sd[i]! <= cd[i]!) continue;
    sd[i] = Math.max(cd[i]!, hd ? Math.min(sd[i]!, hd[i]!) : 0);
  }
  return soft;
}
