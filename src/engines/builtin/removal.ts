/**
 * Removal: what the new garment leaves uncovered of the old one is replaced
 * by plausible content — the person's own skin inside the body's shape, the
 * other garment where the old one hung over it (a top's strap over trousers),
 * the surrounding background outside them — each by push-pull inpainting from
 * the nearest real pixels of its kind, so tone and lighting match.
 *
 * Skin is filled as albedo × form shading: the visible skin is divided by a
 * rounded falloff towards the body's silhouette before it is spread, and the
 * fill is multiplied by it again, so filled-in skin darkens towards its edges
 * like the real arms and neck around it instead of reading as a flat patch.
 * It then takes the grain of the visible skin near it (`skin-texture`): a
 * smooth fill next to real skin reads as painted.
 */
import { copyMask, createMask, lumaOf, type Mask, type RgbImage } from '../../vision/image.js';
import { halve, halvePair, pushPullFill, relaxFill } from '../../vision/inpaint.js';
import { blurMask, boxBlurPlane, maskBounds, morphPair, unionMask } from '../../vision/mask-ops.js';
import { upsamplePlane1, upsamplePlane3 } from '../../vision/plane-upsample.js';
import { boundedChessboardDistance } from '../../vision/box-distance.js';
import { measureSkinTexture, type Box } from '../../vision/skin-texture.js';
import { withSeenNeckSkin, type NeckZone } from './neck-skin.js';
import { texturedByPart, type SkinParts } from './skin-grain-parts.js';
import { armPastHem, type ArmSegment } from '../../vision/bare-body.js';
import { neckLight, NECK_LIGHT, type NeckFrame } from '../../vision/bare-neck.js';
import { LIT_SKIN_TONE, litSkinTone, skinToneRange, withinSkinToneOwn } from '../../vision/skin-tone.js';

export interface FillPlanes {
  /**
   * Skin, other-garment and background fills at the analysis size, 3 floats
   * per pixel: computed at half of it, upsampled bilinearly where the old
   * garment reaches (nearest elsewhere: never drawn there), the skin with its
   * texture added at the analysis size.
   */
  skin: Float32Array;
  background: Float32Array;
  /** The other garment's fill (null when none applies), same size. */
  other: Float32Array | null;
  width: number;
  height: number;
  /** Analysis size: weight of the skin fill (the bare body's shape, minus where the other garment goes). */
  body: Mask;
  /** The same over the generous body shape (BodyShapes.body): what layering reads as bare. */
  extent: Mask;
  /** Analysis size: weight of the other garment's fill; the background takes the rest. */
  otherWeight: Mask | null;
  /** Analysis size: the visible arms run on under the old sleeves (armsPastOldHem), null without arms: pass-masks reads it as arm, not as the old top's rim beside a narrower new one (rimBesideTop). */
  armsPastHem?: Mask | null;
  /** Analysis size: the visible skin the fill was spread from (1 px inside its edge): within the body's shape (textureSamples): where the compositor reads the photo's own grain (composite.ts filmGrain). */
  seenSkin?: Mask;
  /** Analysis size: the body's legs region off the arms and hands (`region`) and the visible skin on it off the arms and hands (`seen`): made legs take the grain of the person's own leg skin at the output size (skin-grain-legs.ts); null without the body's parts. */
  legs?: { region: Mask; seen: Mask } | null;
}

/** Darkening at the silhouette's edge, as a share: the fixtures' lit arms fall off by 20–30 % at their edges. */
const RIM_DARKENING = 0.25;
/** Falloff width, in shoulder widths: about a third of an arm's radius (0.12 sw). */
const RIM_WIDTH_SW = 0.06;

/**
 * How far from the visible skin (the fill's samples) a bare limb's own form
 * shading fades in, shoulder widths: about an arm's radius (bare-body.ts
 * BARE_ARM_SW). Nearer, the fill continues the real skin's light.
 */
const LIMB_FORM_FADE_SW = 0.12;

/**
 * Skin's colour in its own shade, as an exponent per channel (R, G, B) of a
 * shading factor k (each channel × k^γ): light scattered under the skin comes
 * back reddened, so skin's shade is warmer than its lit part — R falls less
 * than G, B more. A lit hand against its own shaded side measured R 0.85, B
 * 1.13 (log ratios over G's). Shaded in grey, made skin read as one flat tint
 * painted darker towards its edges.
 */
const SHADE_CHROMA = [0.85, 1, 1.13] as const;

/** Over-relaxation sweeps of the skin fill at half the analysis size, from the push-pull start. */
const SKIN_RELAX_SWEEPS = 30;
/** Reach of the skin whose texture the fill takes, around the fill's box, in shoulder widths: the neck, shoulders and upper arms. */
const TEXTURE_REACH_SW = 0.5;
/**
 * Gains of the texture's fine and coarse bands (1–2 and 2–4 analysis px). The
 * compositor draws the fill through bilinear upsampling, whose response at the
 * fine band's centre (~0.3 cycles per analysis px) is sinc² ≈ 0.74: 1.35
 * restores it. The coarse band's measure still holds some of the body's own
 * relief (throat, tendons); at full strength the fill read mottled next to
 * a real neck, at 0.6 like it.
 */
const TEXTURE_BAND_GAINS = [1.35, 0.6] as const;
/**
 * Photo px per analysis px at which TEXTURE_BAND_GAINS were set (768×1024
 * photos, analysis long side 512). The noise lives at the analysis size: on a
 * larger photo each of its grains covers more photo px than the skin's own
 * grain does, and at 3 photo px per analysis px a made chest read as coarse,
 * blocky grain. The gains scale by (this / the photo's upsampling)² above it
 * (the share of the noise's power at the skin grain's own scale).
 */
const TEXTURE_TUNED_UPSAMPLE = 2;
/** Seed of the fill's texture noise: fixed, so a run repeats exactly. */
const TEXTURE_SEED = 7;
/**
 * Narrowest gap in the body's shape that the fill keeps as background,
 * analysis px. The shape is a union of the torso's, arms' and legs' outlines
 * on the person's matte; where an arm meets the torso they can leave a seam a
 * few px wide, and where the old garment is removed across it, its
 * background fill drew a grey ghost line or band between the arm and the new
 * garment. A closing by this radius joins them (gaps up to twice as wide); a
 * real gap between an arm and the body shows the background in the photo.
 */
const BODY_SEAM_CLOSE_PX = 2;
/**
 * Margin of closeSeams' crop beyond the shape it closes, px: morphPair's own
 * pad around the shape's bounds, 2 × (both radii) + 1, so its rectangle lies
 * inside the crop wherever it lies inside the frame.
 */
const SEAM_CLOSE_CROP_PAD = 4 * BODY_SEAM_CLOSE_PX + 1;
/** Margin around the other garment's part of the removal whose pixels sample its fill, analysis px. */
const OTHER_SAMPLE_PAD_PX = 16;

/**
 * Half-size px around the old garment's box (halved) that the fills'
 * upsampling reads: the drawn box (2 analysis px around it) and the bilinear
 * taps' next pixel, with a pixel to spare.
 */
const HALF_READ_PAD = 3;

export interface OtherGarment {
  /** Its pixels (analysis size): the known samples for its fill. */
  mask: Mask;
  /** Where it would show once the old garment is gone (analysis size, soft). */
  extent: Mask;
}

/**
 * The body's shapes the fills read (analysis size): `body`, the generous one
 * (the old garment's outline at the arms and shoulders: where layering reads
 * its bare areas, and whose skin lends the fill its texture); `bare`, where
 * skin is made (the arms and shoulders of a real body, bare-body.ts); `armForm`,
 * the bare arms' shading (1 elsewhere), or null.
 */
export interface BodyShapes {
  body: Mask;
  bare: Mask;
  armForm: Float32Array | null;
  /** The bare arms' pieces (bare-body.ts), when the removal reaches the arms: the visible arm runs on under the old sleeve (armPastHem). */
  arms?: ArmSegment[];
  /** The new garment's coverage (composite.ts layerCoverage), with `arms`: the arm runs on only where the old hem shows. */
  cover?: Mask;
  /** The bare neck's frame and the visible neck's tone (bare-neck.ts): the skin fill's albedo around the neck; null when no neck shows. */
  neck?: BareNeckTone | null;
  /** The body's legs, arms and hands (body-regions.ts): made skin takes the grain of its own part's visible skin (skin-grain-parts.ts). */
  parts?: SkinParts;
  /** The pose's neck and shoulders (neck-skin.ts): the parse's skin right beside the visible skin there is skin; null or absent: none taken. */
  neckZone?: NeckZone | null;
}

export interface BareNeckTone {
  frame: NeckFrame;
  tone: [number, number, number];
  /** The upper chest's lift over the tone (bare-neck.ts chestLift). */
  lift: number;
}

/**
 * `nearOld`: the old garment grown by a few px — its edge colour must not leak into the fills.
 * `shoulderWidthPx`: at the analysis size, for the form shading's width.
 */
export function computeFills(
  small: RgbImage,
  matte: Mask,
  skin: Mask,
  nearOld: Mask,
  shapes: BodyShapes,
  shoulderWidthPx: number,
  other: OtherGarment | null = null,
  upsample = TEXTURE_TUNED_UPSAMPLE,
): FillPlanes {
  const w = small.width, h = small.height;
  const bodyShape = shapes.body;
  const armsPastHem = shapes.arms ? armsPastOldHem(shapes.arms, { skin, matte, nearOld, cover: shapes.cover ?? null }, shoulderWidthPx) : null;
  const bare = armsPastHem ? unionMask(shapes.bare, armsPastHem) : shapes.bare;
  const rgb = rgbPlane(small);
  const { knownSkin, knownBg } = fillSamples(matte, skin, nearOld);
  // Half size: the fills carry tone and lighting only; 4× cheaper (~8 ms each).
  // (both from one read of the image)
  const [hs, hb] = halvePair(rgb, knownSkin, knownBg);
  const hw = hs.known.width, hh = hs.known.height;
  const where = maskBounds(nearOld);
  // (the silhouette's rim at half size: a smooth falloff; the limbs' own form at the analysis size, limbForm)
  const form = formShading(halfBodyShape(bare, skin, matte, hw, hh), shoulderWidthPx / 2);
  const skinFill = skinFillHalf(hs, form, where, { neck: shapes.neck ?? null, swHalf: shoulderWidthPx / 2 });
  // the other garment only where it meets the old one's place (most tops end
  // above the trousers), and filled on that box only
  const otherFill = other ? otherGarmentFill(rgb, w, h, nearOld, other, hw, hh) : null;
  const otherWeight = otherFill && other ? other.extent : null;
  // (the fills are drawn only where the old garment goes, within `nearOld`; read at 1 px around a pixel)
  const drawn = where ? { x0: where.x0 - 2, y0: where.y0 - 2, x1: where.x1 + 2, y1: where.y1 + 2 } : { x0: 0, y0: 0, x1: -1, y1: -1 };
  const background = upsamplePlane3(pushPullFill(hb.plane, hb.known), hw, hh, w, h, drawn);
  const body = withoutOther(skinWeight(bare, { rgb, matte, skin, background, seenSkin: knownSkin }, shapes.neckZone ?? null, drawn, shoulderWidthPx), otherWeight);
  const extent = withoutOther(closeSeams(bodyShape, matte, drawn), otherWeight);
  // The planes go back at the analysis size: the skin's texture lives at 2–8 px
  // of a 768×1024 photo, finer than the half-size grid carries (drawn through
  // it, the same noise read as blotches).
  // (bilinear where the fills can be drawn, `drawn`)
  const shaded = upsamplePlane3(skinFill, hw, hh, w, h, drawn);
  // (on `drawn` only, like the upsampling: the rest of the plane is never read)
  if (shapes.armForm) limbForm(shaded, { rim: upsamplePlane1(form.rim, hw, hh, w, h, drawn), armForm: shapes.armForm, away: skinNearness(knownSkin, shoulderWidthPx, drawn) }, w, drawn);
  // (its tone within the visible skin's: skin-tone.ts)
  const tone = where ? skinToneRange(rgb, knownSkin) : null;
  // (the upsampled plane is read no more: held within the tone in place)
  const toned = tone ? withinSkinToneOwn(shaded, w, knownSkin, tone, drawn) : shaded;
  const seenSkin = textureSamples(knownSkin, bodyShape);
  const skinPlane = where ? withSkinTexture(toned, { rgb, samples: seenSkin, known: knownSkin, parts: shapes.parts ?? null }, where, shoulderWidthPx, textureGains(upsample)) : toned;
  // a soft edge between skin and background fills: the analysis-size steps read as jaggies at full size
  return {
    skin: skinPlane,
    background,
    other: otherFill && upsamplePlane3(otherFill, hw, hh, w, h, drawn),
    width: w, height: h,
    body: blurMask(body, 1, 1),
    extent: blurMask(extent, 1, 1),
    otherWeight,
    armsPastHem, seenSkin,
    legs: shapes.parts ? { region: legsOffArms(shapes.parts), seen: visibleLegSkin(knownSkin, shapes.parts) } : null,
  };
}

/** The body's legs region off its arms and hands (a made forearm hanging beside a thigh keeps the arm's grain), a new 0/1 mask. */
export function legsOffArms(parts: SkinParts): Mask {
  const out = createMask(parts.legs.width, parts.legs.height);
  for (let i = 0; i < out.data.length; i++) if (parts.legs.data[i]! >= 0.5 && parts.arms.data[i]! < 0.5 && parts.hands.data[i]! < 0.5) out.data[i] = 1;
  return out;
}

/** The visible skin `known` (> 0) on the body's legs, off its arms and hands (as skin-grain-parts.ts grainParts' leg source), a new 0/1 mask. */
export function visibleLegSkin(known: Mask, parts: SkinParts): Mask {
  const out = createMask(known.width, known.height);
  for (let i = 0; i < out.data.length; i++) {
    if (known.data[i]! > 0 && parts.legs.data[i]! >= 0.5 && parts.arms.data[i]! < 0.5 && parts.hands.data[i]! < 0.5) out.data[i] = 1;
  }
  return out;
}

/**
 * The skin fill's weight within `box`: the bare shape with its seams closed
 * (closeSeams), the parse's skin right beside the visible skin at the neck
 * and shoulders taken (neck-skin.ts: a notch of background between the real
 * neck and the made shoulder), less where the background shows through a gap
 * the matte bridged (BACKGROUND_GAP).
 */
function skinWeight(bare: Mask, at: { rgb: Float32Array; matte: Mask; skin: Mask; background: Float32Array; seenSkin: Mask }, neckZone: NeckZone | null, box: Box, shoulderWidthPx: number): Mask {
  const closed = closeSeams(bare, at.matte, box);
  const withNeck = neckZone ? withSeenNeckSkin(closed, at, neckZone, box, shoulderWidthPx) : closed;
  return withoutSeenBackground(withNeck, at, box, shoulderWidthPx);
}

/**
 * The visible arms run on under the old sleeves (bare-body.ts armPastHem) on
 * the person's matte, a new mask: the arm continues up into the new sleeve's
 * hem with the real arm's outline, where the pose's capsule beside it left
 * the background filled above the old hem in a hard straight edge.
 */
export function armsPastOldHem(arms: ArmSegment[], m: { skin: Mask; matte: Mask; nearOld: Mask; cover?: Mask | null }, shoulderWidthPx: number): Mask {
  const { skin, matte, nearOld } = m;
  const seen = createMask(skin.width, skin.height);
  for (let i = 0; i < seen.data.length; i++) seen.data[i] = skin.data[i]! >= 0.5 && matte.data[i]! >= 0.5 ? 1 : 0;
  const past = armPastHem(arms, seen, nearOld, shoulderWidthPx, m.cover ?? null);
  // (on the run-on's box only: it is positive there alone, and clearing a zero changes nothing)
  const b = maskBounds(past, Number.MIN_VALUE);
  for (let y = b ? b.y0 : 0; b && y <= b.y1; y++) for (let i = y * past.width + b.x0; i <= y * past.width + b.x1; i++) if (matte.data[i]! < 0.5) past.data[i] = 0;
  return past;
}

/**
 * The background seen through a narrow gap the person's matte bridged beside a
 * visible limb (between an arm and the waist, beside a hand at the hip): the
 * segmentation is unsure there, and the colour parse gave the gap to the old
 * garment beside it. A removed pixel within `besideSkinSw` of the visible
 * skin, where the matte is below `matteBelow` and whose colour lies within
 * `rgbDistance` of the background fill (the background spread from where the
 * matte is sure it is background), is that background: it takes the background
 * fill, never made skin. A bare arm's capsule (bare-body.ts) is drawn at a
 * measured bare-arm width and reached 3–6 analysis px past a slim arm's own
 * edge into such a gap, where made skin, darkened towards the limb's outline,
 * read as a pale ghost with a dark smudge between the arm and the new garment.
 */
export const BACKGROUND_GAP = {
  /**
   * How far from the visible skin the gap is looked for, shoulder widths: the
   * capsule's overshoot past the seen arm's edge (0.04–0.07). Farther away a
   * made limb has no seen outline to keep to: a made leg behind a removed
   * silver bag, whose pixels are as pale and as unsure as a gap, stays whole.
   */
  besideSkinSw: 0.1,
  /**
   * The matte's value below which the person's segmentation is unsure: gaps
   * between an arm and the body measured 0.05–0.67, a garment's or a limb's
   * own edge 0.8–1 a pixel inside its outline.
   */
  matteBelow: 0.75,
  /**
   * RGB distance (0–441) to the background fill within which a pixel is the
   * background: a gap's pixels measured 2–21 from it; a white dress beside
   * such a gap on a light grey background 34–60, the arm's skin 46–150.
   */
  rgbDistance: 30,
  /**
   * The pixels found are opened by this radius, analysis px: a gap is at
   * least 3 px across (they measured 4–8); a lone pale pixel on a made arm (a
   * highlight, a print's white at the old top's unsure edge) went to the
   * background as a white dot.
   */
  openPx: 1,
} as const;

/**
 * `shape` (the skin fill's weight; a new mask when any pixel goes, `shape`
 * itself when none) less the pixels within `box` where the background shows
 * (BACKGROUND_GAP): near the visible
 * skin (`at.seenSkin`), the matte (`at.matte`) unsure and the photo's colour
 * (`at.rgb`, 3 floats a pixel) near the background fill's (`at.background`,
 * the same layout), in pieces at least 2 × `openPx` + 1 px across.
 * `shoulderWidthPx` at the masks' size.
 */
export function withoutSeenBackground(shape: Mask, at: { rgb: Float32Array; matte: Mask; background: Float32Array; seenSkin: Mask }, box: Box, shoulderWidthPx: number): Mask {
  const seen = seenBackground(shape, at, box, shoulderWidthPx);
  if (!seen) return shape;
  const out = copyMask(shape);
  const open = morphPair(seen, -BACKGROUND_GAP.openPx, BACKGROUND_GAP.openPx);
  // (within `box` only: an opening never reaches past what it opens, and `seen` lies within it)
  const { width: w, height: h } = out;
  for (let y = Math.max(0, box.y0); y <= Math.min(h - 1, box.y1); y++) {
    for (let x = Math.max(0, box.x0), i = y * w + x; x <= Math.min(w - 1, box.x1); x++, i++) if (open.data[i]! >= 0.5) out.data[i] = 0;
  }
  return out;
}

/**
 * The pixels within `box` where the background shows (withoutSeenBackground's
 * test before the opening), or null when none: wherever the skin fill's shape
 * lies, so that the gap is opened whole (its part under a capsule's overshoot
 * is 1–3 px wide, and opened alone it went).
 */
function seenBackground(size: { width: number; height: number }, at: { rgb: Float32Array; matte: Mask; background: Float32Array; seenSkin: Mask }, box: Box, shoulderWidthPx: number): Mask | null {
  const { width: w, height: h } = size;
  const seen = createMask(w, h);
  const d2 = BACKGROUND_GAP.rgbDistance * BACKGROUND_GAP.rgbDistance;
  const reach = Math.max(1, Math.round(BACKGROUND_GAP.besideSkinSw * shoulderWidthPx));
  const { rgb, matte, background: bg } = at;
  // (read inside `box` only: boundedChessboardDistance's values hold there)
  const fromSkin = boundedChessboardDistance(at.seenSkin, reach + 1, box);
  let any = false;
  for (let y = Math.max(0, box.y0); y <= Math.min(h - 1, box.y1); y++) {
    for (let x = Math.max(0, box.x0); x <= Math.min(w - 1, box.x1); x++) {
      const i = y * w + x;
      if (matte.data[i]! >= BACKGROUND_GAP.matteBelow || fromSkin[i]! > reach) continue;
      const dr = rgb[i * 3]! - bg[i * 3]!, dg = rgb[i * 3 + 1]! - bg[i * 3 + 1]!, db = rgb[i * 3 + 2]! - bg[i * 3 + 2]!;
      if (dr * dr + dg * dg + db * db < d2) {
        seen.data[i] = 1;
        any = true;
      }
    }
  }
  return any ? seen : null;
}

/** `shape` × (1 − the other garment's weight), a new mask; `shape` itself without one. */
function withoutOther(shape: Mask, otherWeight: Mask | null): Mask {
  if (!otherWeight) return shape;
  const out = createMask(shape.width, shape.height);
  for (let i = 0; i < out.data.length; i++) out.data[i] = shape.data[i]! * (1 - otherWeight.data[i]!);
  return out;
}

/**
 * The body's shape with its thin seams closed (see BODY_SEAM_CLOSE_PX), never
 * less than it and never past the person's matte (≥ 0.5); only within `box`
 * (where the fills are drawn: the rest is never read), the whole shape when null.
 */
export function closeSeams(bodyShape: Mask, matte: Mask, box: Box | null = null): Mask {
  const { width: w, height: h } = bodyShape;
  const x0 = box ? Math.max(0, box.x0) : 0, y0 = box ? Math.max(0, box.y0) : 0;
  const x1 = box ? Math.min(w - 1, box.x1) : w - 1, y1 = box ? Math.min(h - 1, box.y1) : h - 1;
  // The shape inside the box and a closing's reach around it (the morphology
  // works on the part it covers only), on a crop that holds the rectangle the
  // closing works on (its bounds and their pad, SEAM_CLOSE_CROP_PAD), so the
  // same pixels close as on the whole frame without a whole frame's masks.
  const pad = 2 * BODY_SEAM_CLOSE_PX;
  const cx0 = Math.max(0, x0 - pad - SEAM_CLOSE_CROP_PAD), cy0 = Math.max(0, y0 - pad - SEAM_CLOSE_CROP_PAD);
  const cx1 = Math.min(w - 1, x1 + pad + SEAM_CLOSE_CROP_PAD), cy1 = Math.min(h - 1, y1 + pad + SEAM_CLOSE_CROP_PAD);
  const cw = Math.max(0, cx1 - cx0 + 1);
  const part = createMask(cw, Math.max(0, cy1 - cy0 + 1));
  for (let y = Math.max(0, y0 - pad); y <= Math.min(h - 1, y1 + pad); y++) {
    for (let x = Math.max(0, x0 - pad); x <= Math.min(w - 1, x1 + pad); x++) part.data[(y - cy0) * cw + x - cx0] = bodyShape.data[y * w + x]!;
  }
  const closed = morphPair(part, BODY_SEAM_CLOSE_PX, -BODY_SEAM_CLOSE_PX);
  const out = copyMask(bodyShape);
  for (let y = y0; y <= y1; y++) {
    for (let x = x0; x <= x1; x++) {
      const i = y * w + x, c = closed.data[(y - cy0) * cw + x - cx0]!;
      if (matte.data[i]! >= 0.5 && c > out.data[i]!) out.data[i] = c;
    }
  }
  return out;
}

/** The image as 3 floats per pixel. */
function rgbPlane(small: RgbImage): Float32Array {
  const n = small.width * small.height, ch = small.channels;
  const rgb = new Float32Array(n * 3);
  for (let i = 0; i < n; i++) {
    rgb[i * 3] = small.data[i * ch]!;
    rgb[i * 3 + 1] = small.data[i * ch + 1]!;
    rgb[i * 3 + 2] = small.data[i * ch + 2]!;
  }
  return rgb;
}

/**
 * The fills' known samples, away from the old garment: skin (sure skin on the
 * person, 1 px inside its edge) and background (matte under 0.15).
 */
function fillSamples(matte: Mask, skin: Mask, nearOld: Mask): { knownSkin: Mask; knownBg: Mask } {
  const { width: w, height: h } = matte;
  // (a byte per pixel: a plane read here only)
  const skinLike = new Uint8Array(w * h);
  const knownSkin = createMask(w, h);
  const knownBg = createMask(w, h);
  // (the planes read per pixel taken out of their objects once: read through them, such loops ran 2–3× slower)
  const near = nearOld.data, sk = skin.data, ma = matte.data;
  // (the rows and columns holding skin-like pixels: the erosion below looks only there)
  let x0 = w, y0 = h, x1 = -1, y1 = -1;
  for (let i = 0; i < w * h; i++) {
    if (near[i]! >= 0.5) continue;
    // the neck (protected, kept) is the best sample for the chest next to it
    if (sk[i]! >= 0.8 && ma[i]! >= 0.5) {
      skinLike[i] = 1;
      const x = i % w;
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y0 === h) y0 = (i - x) / w;
      y1 = (i - x) / w;
    }
    if (ma[i]! < 0.15) knownBg.data[i] = 1;
  }
  // Skin samples 1 px inside the skin: edge pixels mix in hair, collar or
  // background, and the membrane carries a border's colour far (a red collar
  // tinted the shoulders).
  // (a sample is skin-like itself: only the skin-like pixels' box, within the frame's inner pixels)
  const k = skinLike, known = knownSkin.data;
  for (let y = Math.max(1, y0); y <= Math.min(h - 2, y1); y++) {
    for (let x = Math.max(1, x0); x <= Math.min(w - 2, x1); x++) {
      const i = y * w + x;
      if (k[i]! > 0 && k[i - 1]! > 0 && k[i + 1]! > 0 && k[i - w]! > 0 && k[i + w]! > 0) known[i] = 1;
    }
  }
  return { knownSkin, knownBg };
}

/** The body's silhouette at half size (every other pixel): the shape under the clothes and the visible skin. */
function halfBodyShape(bodyShape: Mask, skin: Mask, matte: Mask, hw: number, hh: number): Mask {
  const { width: w, height: h } = bodyShape;
  const half = createMask(hw, hh);
  for (let y = 0; y < hh; y++) {
    for (let x = 0; x < hw; x++) {
      const i = Math.min(h - 1, y * 2) * w + Math.min(w - 1, x * 2);
      half.data[y * hw + x] = Math.max(bodyShape.data[i]!, skin.data[i]! >= 0.5 && matte.data[i]! >= 0.5 ? 1 : 0);
    }
  }
  return half;
}

/**
 * The skin fill at half size, as albedo × form: the samples divided by the
 * silhouette's rim shading, spread by push-pull, relaxed where skin will be
 * filled (the old garment's box inside the body's shape), multiplied by the
 * rim (the bare limbs' own form comes at the analysis size: limbForm). The
 * samples are not divided by the arms' form: a hand or a wrist at an arm's
 * darker edge, divided by it, spread an albedo half as bright again along the
 * arm, and it blew out to white.
 */
function skinFillHalf(hs: { plane: Float32Array; known: Mask }, { rim, shape: halfShape }: HalfForm, where: Box | null, { neck, swHalf }: { neck: BareNeckTone | null; swHalf: number }): Float32Array {
  const { width: hw, height: hh } = hs.known;
  // (the samples divided by the rim in place: `hs` is this fill's own)
  const plane = hs.plane;
  const chroma = rimChroma(rim);
  for (let i = 0; i < hw * hh * 3; i++) plane[i] = plane[i]! / chroma[i]!;
  let fill = pushPullFill(plane, hs.known);
  if (where) {
    const free = createMask(hw, hh);
    const box = { x0: where.x0 >> 1, y0: where.y0 >> 1, x1: Math.min(hw - 1, (where.x1 >> 1) + 1), y1: Math.min(hh - 1, (where.y1 >> 1) + 1) };
    for (let y = box.y0; y <= box.y1; y++) {
      for (let x = box.x0; x <= box.x1; x++) {
        const i = y * hw + x;
        if (hs.known.data[i]! < 0.5 && halfShape.data[i]! > 0) free.data[i] = 1;
      }
    }
    relaxFill(fill, hs.known, free, SKIN_RELAX_SWEEPS);
    fill = towardsLitTone(fill, { plane, known: hs.known }, { mask: free, box }, swHalf);
    // (on the half-size box the upsampling reads around the drawn fills only)
    if (neck) towardsNeckTone(fill, hs.known, neck, { x0: (where.x0 >> 1) - HALF_READ_PAD, y0: (where.y0 >> 1) - HALF_READ_PAD, x1: (where.x1 >> 1) + HALF_READ_PAD, y1: (where.y1 >> 1) + HALF_READ_PAD });
  }
  for (let i = 0; i < hw * hh * 3; i++) fill[i] = fill[i]! * chroma[i]!;
  return fill;
}

/**
 * Per pixel and channel the rim's shading in skin's shade, rim^SHADE_CHROMA
 * (3 doubles per pixel, unrounded as before): worked out once for the samples' division and the
 * fill's multiplication, and once per run of equal rim values (the rim is one
 * value over the whole background and the shape's inside), where a power per
 * pixel, channel and use was most of skinFillHalf's own time.
 */
export function rimChroma(rim: Float32Array): Float64Array {
  const out = new Float64Array(rim.length * 3);
  let last = NaN, p0 = 1, p1 = 1, p2 = 1;
  for (let i = 0; i < rim.length; i++) {
    const r = rim[i]!;
    if (r !== last) {
      last = r;
      p0 = r ** SHADE_CHROMA[0];
      p1 = r ** SHADE_CHROMA[1];
      p2 = r ** SHADE_CHROMA[2];
    }
    out[i * 3] = p0;
    out[i * 3 + 1] = p1;
    out[i * 3 + 2] = p2;
  }
  return out;
}

/**
 * How the made skin takes the visible skin's lit tone (skin-tone.ts
 * litSkinTone) in place of the membrane's: from `fromKnownSw[0]` away from
 * the visible skin, fully from `fromKnownSw[1]` (shoulder widths; about an
 * arm's radius). Nearer, the membrane continues the real skin across the
 * seam; farther, it carried the shadowed border's tone (a cuff's, a collar's)
 * along a whole made arm, darker and more saturated than the person's skin
 * and streaked along the limb.
 */
const LIT_TONE_BLEND = {
  fromKnownSw: [0.02, 0.15] as readonly [number, number],
} as const;

/**
 * `fill` (half size, the skin's albedo) on the `free` pixels drawn towards
 * the lit tone of the visible skin near them (LIT_TONE_BLEND), in place (each
 * pixel reads its own value only) and returned; `seen` the albedo samples (the
 * rim divided out) and where they are known; `free.box` holds the free pixels.
 */
function towardsLitTone(fill: Float32Array, seen: { plane: Float32Array; known: Mask }, free: { mask: Mask; box: Box }, swHalf: number): Float32Array {
  const { known } = seen;
  const lit = litSkinTone(seen.plane, known, Math.max(2, LIT_SKIN_TONE.reachSw * swHalf), (p, wt) => pushPullFill(p, wt));
  if (!lit) return fill;
  const [d0, d1] = LIT_TONE_BLEND.fromKnownSw.map((d) => d * swHalf) as [number, number];
  // (the distance swept on the free pixels' box only: box-distance.ts)
  const dist = boundedChessboardDistance(known, Math.ceil(d1) + 1, free.box);
  const b = free.box;
  for (let y = b.y0; y <= b.y1; y++) {
    for (let x = b.x0; x <= b.x1; x++) {
      const i = y * known.width + x;
      if (free.mask.data[i]! < 0.5) continue;
      const t = Math.max(0, Math.min(1, (dist[i]! - d0) / Math.max(1, d1 - d0)));
      const k = t * t * (3 - 2 * t);
      for (let c = 0; c < 3; c++) fill[i * 3 + c] = fill[i * 3 + c]! * (1 - k) + lit[i * 3 + c]! * k;
    }
  }
  return fill;
}

/**
 * The skin fill's albedo (half size, in place) drawn towards the visible
 * neck's tone with a neck's and upper chest's light (bare-neck.ts neckLight),
 * away from real skin only (NECK_LIGHT.fromKnownSw): next to it the
 * membrane already continues it. Within `box` (half size) only.
 */
function towardsNeckTone(fill: Float32Array, known: Mask, neck: BareNeckTone, box: Box): void {
  const [d0, d1] = NECK_LIGHT.fromKnownSw.map((d) => (d * neck.frame.swPx) / 2) as [number, number];
  const { width: hw, height: hh } = known;
  const dist = boundedChessboardDistance(known, Math.ceil(d1) + 1, box);
  const lum = lumaOf(neck.tone[0], neck.tone[1], neck.tone[2]);
  for (let y = Math.max(0, box.y0); y <= Math.min(hh - 1, box.y1); y++) {
    for (let x = Math.max(0, box.x0); x <= Math.min(hw - 1, box.x1); x++) {
      const i = y * hw + x;
      const far = Math.max(0, Math.min(1, (dist[i]! - d0) / Math.max(1, d1 - d0)));
      if (far <= 0) continue;
      const { weight, shade } = neckLight(neck.frame, x * 2, y * 2, neck.lift);
      const w = weight * far * far * (3 - 2 * far);
      if (w <= 0) continue;
      // (light added as grey, as it falls on skin: scaled, a lighter tone turned orange)
      const light = (shade - 1) * lum;
      for (let c = 0; c < 3; c++) fill[i * 3 + c] = fill[i * 3 + c]! * (1 - w) + (neck.tone[c]! + light) * w;
    }
  }
}

/** The box (analysis px) where the other garment's extent meets the old garment, or null when they do not meet. */
function otherMeetsOld(extent: Mask, nearOld: Mask): Box | null {
  const { width: w, height: h } = extent;
  let x0 = w, y0 = h, x1 = -1, y1 = -1;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      if (extent.data[i]! <= 0 || nearOld.data[i]! < 0.5) continue;
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
    }
  }
  return x1 >= 0 ? { x0, y0, x1, y1 } : null;
}

/**
 * The other garment's fill at half size (hw × hh), spread from its own pixels
 * on a padded box around where it meets the old garment; null when it does
 * not meet it.
 */
function otherGarmentFill(rgb: Float32Array, w: number, h: number, nearOld: Mask, other: OtherGarment, hw: number, hh: number): Float32Array | null {
  const meet = otherMeetsOld(other.extent, nearOld);
  if (!meet) return null;
  // padded to even coordinates so the crop's half-size grid is the fills' own
  const pad = OTHER_SAMPLE_PAD_PX;
  const x0 = Math.max(0, (meet.x0 - pad) & ~1), y0 = Math.max(0, (meet.y0 - pad) & ~1);
  const x1 = Math.min(w - 1, meet.x1 + pad), y1 = Math.min(h - 1, meet.y1 + pad);
  const cw = x1 - x0 + 1, chh = y1 - y0 + 1;
  const crgb = new Float32Array(cw * chh * 3);
  const known = createMask(cw, chh);
  for (let y = 0; y < chh; y++) {
    for (let x = 0; x < cw; x++) {
      const i = (y + y0) * w + x + x0, j = y * cw + x;
      // (three floats copied, not through a subarray view per pixel: a view allocated per pixel was most of the fill's own time)
      crgb[j * 3] = rgb[i * 3]!;
      crgb[j * 3 + 1] = rgb[i * 3 + 1]!;
      crgb[j * 3 + 2] = rgb[i * 3 + 2]!;
      if (nearOld.data[i]! < 0.5 && other.mask.data[i]! >= 0.5) known.data[j] = 1;
    }
  }
  const ho = halve(crgb, known);
  const filled = pushPullFill(ho.plane, ho.known);
  // beyond the crop its edge carries on (unused there: the removal stays inside the crop)
  const out = new Float32Array(hw * hh * 3);
  const ox = x0 >> 1, oy = y0 >> 1, ow = ho.known.width, oh = ho.known.height;
  for (let y = 0; y < hh; y++) {
    const qy = Math.max(0, Math.min(oh - 1, y - oy));
    for (let x = 0; x < hw; x++) {
      const q = (qy * ow + Math.max(0, Math.min(ow - 1, x - ox))) * 3, d = (y * hw + x) * 3;
      out[d] = filled[q]!;
      out[d + 1] = filled[q + 1]!;
      out[d + 2] = filled[q + 2]!;
    }
  }
  return out;
}

/**
 * The skin fill (analysis size) with the fine texture of the visible skin:
 * each part's made skin its own part's (skin-grain-parts.ts), else that of
 * all visible skin near it, `samples` (textureSamples). `where`: the old
 * garment's box. A new plane.
 */
function withSkinTexture(fill: Float32Array, seen: { rgb: Float32Array; samples: Mask; known: Mask; parts: SkinParts | null }, where: Box, shoulderWidthPx: number, gains: readonly number[]): Float32Array {
  const { rgb, samples } = seen;
  const { width: w, height: h } = samples;
  const reach = Math.round(shoulderWidthPx * TEXTURE_REACH_SW);
  const fallback =
    measureSkinTexture(rgb, samples, { x0: where.x0 - reach, y0: where.y0 - reach, x1: where.x1 + reach, y1: where.y1 + reach }) ??
    measureSkinTexture(rgb, samples, { x0: 0, y0: 0, x1: w - 1, y1: h - 1 });
  return texturedByPart(fill, seen, where, { fallback, shoulderWidthPx, gains, seed: TEXTURE_SEED });
}

/** The visible skin whose grain made skin takes: `known` skin (1 px inside its edge) within the body's shape (not the face: its features are no skin texture), a new mask. */
function textureSamples(known: Mask, bodyShape: Mask): Mask {
  const samples = createMask(known.width, known.height);
  const kd = known.data, body = bodyShape.data, sd = samples.data, w = known.width;
  // (only the body shape's box: beyond it no pixel of the shape reaches 0.5, and nothing is set)
  const b = maskBounds(bodyShape) ?? { x0: 0, y0: 0, x1: -1, y1: -1 };
  for (let y = b.y0; y <= b.y1; y++) for (let i = y * w + b.x0; i <= y * w + b.x1; i++) if (kd[i]! > 0 && body[i]! >= 0.5) sd[i] = 1;
  return samples;
}

/** TEXTURE_BAND_GAINS for a photo of `upsample` photo px per analysis px (see TEXTURE_TUNED_UPSAMPLE). */
export function textureGains(upsample: number): number[] {
  const k = Math.min(1, (TEXTURE_TUNED_UPSAMPLE / Math.max(1e-6, upsample)) ** 2);
  return TEXTURE_BAND_GAINS.map((g) => g * k);
}

/**
 * How much of the rim's darkening an edge keeps by the way it faces. A body's
 * side turns away from the camera and the light; the top of the shoulders
 * and the trapezius face up, towards a studio's key light, and stay lit to
 * their outline. Darkened there as a side is, the shoulders' top edge showed
 * as a blurred, darker band, as if the skin were rolled over a tube.
 */
const RIM_FACING = {
  /** The share of RIM_DARKENING kept on an edge facing straight up (the shape below it); a side keeps all of it. */
  upKeep: 0.15,
} as const;

/**
 * The silhouette's rim shading (half size) from its blur (`blurred`, 0..1):
 * 1 − RIM_DARKENING × (1 − √depth), less where the edge faces up (RIM_FACING;
 * the blur's gradient gives the way the edge faces).
 */
function rimShading(blurred: Float32Array, hw: number, hh: number): Float32Array {
  const rim = new Float32Array(hw * hh);
  for (let y = 0; y < hh; y++) {
    for (let x = 0; x < hw; x++) {
      const i = y * hw + x;
      const t = Math.max(0, Math.min(1, (blurred[i]! - 0.5) * 2));
      const gx = blurred[y * hw + Math.min(hw - 1, x + 1)]! - blurred[y * hw + Math.max(0, x - 1)]!;
      const gy = blurred[Math.min(hh - 1, y + 1) * hw + x]! - blurred[Math.max(0, y - 1) * hw + x]!;
      // (gy > 0: the shape lies below the edge, which faces up)
      const up = gy > 0 ? (gy * gy) / (gx * gx + gy * gy) : 0;
      rim[i] = 1 - RIM_DARKENING * (1 - up * (1 - RIM_FACING.upKeep)) * (1 - Math.sqrt(t));
    }
  }
  return rim;
}

/** The half-size form shading: `rim`, the silhouette's; `shape`, the silhouette. */
interface HalfForm {
  rim: Float32Array;
  shape: Mask;
}

/**
 * Form shading per pixel (1 inside, down to 1 − RIM_DARKENING at the edge) of
 * a body silhouette at half size (the bare body's shape and the visible
 * skin): its blur measures how near the edge a pixel is; a cylinder's
 * brightness falls like the square root of that distance. The rim darkens
 * the sides only (see RIM_FACING). The bare limbs' own shading is applied at
 * the analysis size (limbForm).
 */
function formShading(shape: Mask, shoulderWidthPx: number): HalfForm {
  const { width: hw, height: hh } = shape;
  const r = Math.max(1, shoulderWidthPx * RIM_WIDTH_SW);
  return { rim: rimShading(boxBlurPlane(shape.data, hw, hh, r, 2), hw, hh), shape };
}

/**
 * The bare limbs' shading (`armForm`, analysis size, 1 off the limbs) laid on
 * the upsampled skin fill (in place), whose half-size fill carries the
 * silhouette's rim only (`rim`, upsampled): on a limb its own shading takes
 * the rim's place (both together darkened its edge twice, a dark outline
 * once the edge was crisp). Drawn at half size and
 * upsampled, the limb's dark edge and the crease beside it spread over 4–8
 * px of the photo, and a bare arm read as a smeared brown slab with a grey
 * halo instead of a limb with a clean outline. Next to the visible skin
 * (`away`, skinNearness) the fill already carries that skin's own light, and
 * the limb's form fades in away from it: on a real arm that a tank top's
 * armhole half covered, the capsule's shading drew a darker tube inside it.
 */
function limbForm(fill: Float32Array, form: { rim: Float32Array; armForm: Float32Array; away: Float32Array }, w: number, box: Box): void {
  const { rim, armForm, away } = form;
  const h = armForm.length / w;
  let last = NaN, p0 = 1, p1 = 1, p2 = 1;
  for (let y = Math.max(0, box.y0); y <= Math.min(h - 1, box.y1); y++) {
    for (let x = Math.max(0, box.x0); x <= Math.min(w - 1, box.x1); x++) {
      const i = y * w + x;
      const a = armForm[i]!, aw = away[i]!;
      // (no shading next to the visible skin: k is 1 there, each channel's factor 1)
      if (a === 1 || aw === 0) continue;
      const r = Math.max(1e-3, rim[i]!);
      const k = Math.max(1e-3, 1 + (a / r - 1) * aw);
      // (the powers once per run of equal k, as rimChroma's)
      if (k !== last) {
        last = k;
        p0 = k ** SHADE_CHROMA[0];
        p1 = k ** SHADE_CHROMA[1];
        p2 = k ** SHADE_CHROMA[2];
      }
      fill[i * 3] = fill[i * 3]! * p0;
      fill[i * 3 + 1] = fill[i * 3 + 1]! * p1;
      fill[i * 3 + 2] = fill[i * 3 + 2]! * p2;
    }
  }
}

/**
 * Per pixel, 0 on the visible skin (`known`, the skin fill's samples) rising
 * smoothly to 1 at LIMB_FORM_FADE_SW from it: how much of a bare limb's own
 * form shading applies (limbForm). Within `box` only (0 elsewhere; the
 * whole plane when null): the distance is taken on the box grown by its cap.
 */
export function skinNearness(known: Mask, shoulderWidthPx: number, box: Box | null = null): Float32Array {
  const reach = Math.max(1, shoulderWidthPx * LIMB_FORM_FADE_SW);
  const { width: w, height: h } = known;
  const out = new Float32Array(w * h);
  const b = box ?? { x0: 0, y0: 0, x1: w - 1, y1: h - 1 };
  const dist = boundedChessboardDistance(known, Math.ceil(reach), b);
  for (let y = Math.max(0, b.y0); y <= Math.min(h - 1, b.y1); y++) {
    for (let x = Math.max(0, b.x0); x <= Math.min(w - 1, b.x1); x++) {
      const t = Math.min(1, dist[y * w + x]! / reach);
      out[y * w + x] = t * t * (3 - 2 * t);
    }
  }
  return out;
}

/**
 * Where the other (lower) garment would show once an upper garment's old one
 * is gone: each row's span of the lower garment, widened by `pad` px, inside
 * the person matte and outside the arms (an old sleeve over the hip becomes
 * arm, not trousers) unless `looksLike` the other garment (then outside the
 * arms' core only). Rows from the lower garment's visible top down.
 * A top's dangling straps hang over the trousers' sides: filled with skin
 * or background they cut a white notch into them. `within`: a box holding
 * every px of `lower` ≥ 0.5 (its bounds, or more), the spans looked for
 * there only; the whole frame when absent.
 */
export function otherGarmentExtent(lower: Mask, matte: Mask, arms: Mask, pad: number, armCore?: Mask, looksLike?: (i: number) => boolean, within?: Box): Mask | null {
  const { width, height } = lower;
  const b = within ?? { x0: 0, y0: 0, x1: width - 1, y1: height - 1 };
  const spans: ({ a: number; b: number; n: number } | null)[] = [];
  let most = 0;
  for (let y = 0; y < height; y++) {
    const s = y >= b.y0 && y <= b.y1 ? rowSpan(lower.data, y * width, Math.max(0, b.x0), Math.min(width - 1, b.x1)) : null;
    spans.push(s);
    if (s) most = Math.max(most, s.n);
  }
  if (most < 4) return null;
  const out = createMask(width, height);
  let started = false;
  for (let y = 0; y < height; y++) {
    const s = spans[y];
    // the lower garment's top: its first row a tenth as wide as its widest (specks above it do not count)
    if (!started && (!s || s.n < most * 0.1)) continue;
    started = true;
    if (!s) continue;
    const x0 = Math.max(0, Math.round(s.a - pad)), x1 = Math.min(width - 1, Math.round(s.b + pad));
    for (let x = x0; x <= x1; x++) {
      const i = y * width + x;
      if (matte.data[i]! < 0.5 || (armCore && armCore.data[i]! >= 0.5)) continue;
      // in the arms' zone only what looks like the other garment: a top's strap hung
      // over the trousers' edge beside the arm, a red sleeve is an arm
      if (arms.data[i]! < 0.5 || (looksLike && looksLike(i))) out.data[i] = 1;
    }
  }
  return blurMask(out, 1, 1);
}

/** The first and last x in `x0`..`x1` of the row from index `row` where `data` is not under 0.5, and how many such px, or null when none. */
export function rowSpan(data: Float32Array, row: number, x0: number, x1: number): { a: number; b: number; n: number } | null {
  let a = -1, b = -1, n = 0;
  for (let x = x0; x <= x1; x++) {
    if (data[row + x]! < 0.5) continue;
    if (a < 0) a = x;
    b = x;
    n++;
  }
  return n > 0 ? { a, b, n } : null;
}
