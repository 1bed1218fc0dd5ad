/**
 * Skin-coloured cloth told from skin. The face's skin model (skin.ts) passes
 * every colour within ~2.5 sd of the face's chroma and a wide band of light,
 * so beige, tan and camel cloth passes it too: a tan sweater and skirt, beige
 * shorts, camel chinos were parsed as bare skin, kept over the new garment or
 * left as a band beside it. One pixel's colour cannot tell them apart, but a
 * garment is one cloth over a whole zone: where the zone a garment must cover
 * (the chest, the thighs) is mostly skin-coloured and its median tone is off
 * the person's own measured skin (the face and the hands) in hue or in
 * saturation, that zone's tone is cloth, and each skin-test pixel nearer that
 * cloth tone than the person's skin tone is not skin.
 */
import { hypot2 } from './hypot.js';
import { lumaOf, type Mask, type RgbImage } from './image.js';
import { boxBlurOwnPlane } from './mask-ops.js';
import { madSd, medianInPlace } from './robust-stats.js';

export const CLOTH_TONE = {
  /** Fewest reference (face, hands) or zone pixels for a tone: fewer are no measure. */
  minSamples: 40,
  /**
   * Share of a zone's person pixels passing the skin test from which its tone
   * is tested: a bare neckline or bare thighs below a mini skirt are a part of
   * the zone; a skin-coloured garment fills it.
   */
  minZoneSkinShare: 0.6,
  /**
   * A zone's median hue this far from the skin's (degrees in the CbCr
   * plane) is another material. Measured on the tune half: real skin of the
   * arms, legs and torso lies within 5° of the face's and hands'; beige
   * shorts, camel chinos and a brown cord skirt 7–9° towards yellow.
   */
  minHueDeg: 6,
  /**
   * ...or its median saturation (chroma per luma) outside these multiples of
   * the skin's: bare limbs measured 0.75–1.35×, beige cloth 0.5–0.65× and
   * brown cord 2.2×.
   */
  satRatio: [0.7, 1.5],
  /**
   * ...and at least this far from the skin's tone in the skin's own spreads:
   * where the face and hands span a wide tone (mixed light), a cloth as near
   * as they are to each other cannot be told from skin pixel by pixel, and
   * cut by votes it fell apart into patches of skin and cloth. Measured: the
   * cloth told apart above 2.2 spreads, a tan knit that fell apart 1.3.
   */
  minSeparationSd: 2,
  /** Spread floors of a tone: hue in degrees, saturation as ln ratio (a pixel's noise at the analysis size). */
  minHueSd: 3,
  minLnSatSd: 0.12,
  /** How much nearer (in spreads) a pixel's tone must be to the cloth's than to the skin's to vote for cloth. */
  voteMarginSd: 1,
  /** Radius (analysis px, box blurred twice) over which the pixels' votes for cloth or skin are averaged: ~8 px of a 1024 px photo. */
  voteRadiusPx: 3,
  /** Below this chroma (CbCr units) a pixel has no hue: grey or white, left to the skin test. */
  minChroma: 4,
} as const;

/** A colour tone: median hue (degrees) and ln saturation, with their robust spreads. */
export interface Tone {
  hue: number;
  lnSat: number;
  hueSd: number;
  lnSatSd: number;
}

/** A pixel's hue (degrees, CbCr plane) and ln saturation (chroma per luma), or null without chroma. */
export function pixelTone(r: number, g: number, b: number): { hue: number; lnSat: number } | null {
  const out = new Float64Array(2);
  return pixelToneInto(r, g, b, out) ? { hue: out[0]!, lnSat: out[1]! } : null;
}

/**
 * pixelTone into `out` ([hue, lnSat]); false (out untouched) without chroma.
 * (The per-pixel form of the tone loops: no record a pixel, and hypot2 for
 * Math.hypot, the same doubles without its allocations.)
 */
export function pixelToneInto(r: number, g: number, b: number, out: Float64Array): boolean {
  const y = lumaOf(r, g, b);
  const cb = -0.168736 * r - 0.331264 * g + 0.5 * b;
  const cr = 0.5 * r - 0.418688 * g - 0.081312 * b;
  const chroma = hypot2(cb, cr);
  if (chroma < CLOTH_TONE.minChroma || y < 1) return false;
  out[0] = (Math.atan2(cr, cb) * 180) / Math.PI;
  out[1] = Math.log(chroma / y);
  return true;
}

/** The tone of `image`'s pixels under `mask` (from 0.5), or null with fewer than CLOTH_TONE.minSamples. */
export function toneOf(image: RgbImage, mask: Mask): Tone | null {
  const indices: number[] = [];
  for (let i = 0; i < mask.data.length; i++) if (!(mask.data[i]! < 0.5)) indices.push(i);
  return toneAt(image, indices);
}

/** The tone of `image`'s pixels at `indices` (in frame order), or null with fewer than CLOTH_TONE.minSamples with a hue. */
function toneAt(image: RgbImage, indices: readonly number[]): Tone | null {
  const ch = image.channels, rgb = image.data;
  // (typed arrays sized by the indices, filled in turn: the medians select in copies, the spreads read these;
  // hues and ln saturations are never NaN nor −0, so a selection's median is a sort's to the bit; sorting
  // every zone's samples four times was most of toneAt after its pixel tones)
  const hues = new Float64Array(indices.length), sats = new Float64Array(indices.length);
  const t = new Float64Array(2);
  let n = 0;
  for (const i of indices) {
    if (!pixelToneInto(rgb[i * ch]!, rgb[i * ch + 1]!, rgb[i * ch + 2]!, t)) continue;
    hues[n] = t[0]!;
    sats[n++] = t[1]!;
  }
  if (n < CLOTH_TONE.minSamples) return null;
  const hue = medianInPlace(hues.slice(0, n)), lnSat = medianInPlace(sats.slice(0, n));
  return { hue, lnSat, hueSd: Math.max(CLOTH_TONE.minHueSd, madSd(hues.subarray(0, n), hue)), lnSatSd: Math.max(CLOTH_TONE.minLnSatSd, madSd(sats.subarray(0, n), lnSat)) };
}

/** Whether `zone`'s tone is another material than `skin`'s (CLOTH_TONE.minHueDeg, satRatio, minSeparationSd). */
export function offSkinTone(zone: Tone, skin: Tone): boolean {
  const [lo, hi] = CLOTH_TONE.satRatio;
  const dSat = zone.lnSat - skin.lnSat;
  const off = Math.abs(zone.hue - skin.hue) >= CLOTH_TONE.minHueDeg || dSat <= Math.log(lo) || dSat >= Math.log(hi);
  return off && toneDistance(zone.hue, zone.lnSat, skin) >= CLOTH_TONE.minSeparationSd;
}

/**
 * The cloth tone of a zone a garment must cover, or null: when at least
 * CLOTH_TONE.minZoneSkinShare of its person pixels pass the skin test and
 * their tone is off the skin's (offSkinTone).
 */
export function zoneClothTone(image: RgbImage, x: { zone: Mask; skin: Mask; matte: Mask }, skinTone: Tone): Tone | null {
  // (the zone's skin pixels listed, not drawn into a frame-sized sample for toneOf to scan again)
  const zone = x.zone.data, matte = x.matte.data, skin = x.skin.data;
  const sample: number[] = [];
  let onPerson = 0;
  for (let i = 0; i < zone.length; i++) {
    if (zone[i]! < 0.5 || matte[i]! < 0.5) continue;
    onPerson++;
    if (skin[i]! >= 0.5) sample.push(i);
  }
  if (onPerson === 0 || sample.length < onPerson * CLOTH_TONE.minZoneSkinShare) return null;
  const tone = toneAt(image, sample);
  return tone && offSkinTone(tone, skinTone) ? tone : null;
}

/** Normalised distance of a tone (`hue`, `lnSat`) to `t` (its spreads as units). */
function toneDistance(hue: number, lnSat: number, t: Tone): number {
  return hypot2((hue - t.hue) / t.hueSd, (lnSat - t.lnSat) / t.lnSatSd);
}

/**
 * `skin` without the pixels of a cloth tone: each skin-test pixel within a
 * cloth tone's own zone (where its garment may be) is a vote, for cloth when
 * its tone is nearer that tone than the skin's by CLOTH_TONE.voteMarginSd
 * spreads (a limb's shaded side drifts from the skin's tone), else for skin; the votes are averaged over
 * CLOTH_TONE.voteRadiusPx (one pixel's tone is noisy where the two tones are
 * near) and a skin-test pixel is cleared where cloth wins. A new mask;
 * `skin` itself without cloth tones.
 */
export function withoutClothTones(image: RgbImage, skin: Mask, tones: { skin: Tone; cloth: { tone: Tone; within: Mask }[] }): Mask {
  if (tones.cloth.length === 0) return skin;
  const { width: w, height: h } = skin;
  const ch = image.channels;
  const votes = new Float32Array(w * h), weights = new Float32Array(w * h);
  // (the tones and their zones' planes taken out once: filtered per pixel, this loop allocated two arrays a skin pixel)
  const within = tones.cloth.map((c) => c.within.data), clothTones = tones.cloth.map((c) => c.tone);
  const skinData = skin.data, rgb = image.data, p = new Float64Array(2);
  for (let i = 0; i < votes.length; i++) {
    if (skinData[i]! < 0.5) continue;
    let any = false;
    for (const z of within) if (z[i]! >= 0.5) { any = true; break; }
    if (!any || !pixelToneInto(rgb[i * ch]!, rgb[i * ch + 1]!, rgb[i * ch + 2]!, p)) continue;
    const hue = p[0]!, lnSat = p[1]!;
    const dSkin = toneDistance(hue, lnSat, tones.skin);
    let cloth = false;
    for (let k = 0; k < within.length && !cloth; k++) cloth = within[k]![i]! >= 0.5 && toneDistance(hue, lnSat, clothTones[k]!) + CLOTH_TONE.voteMarginSd < dSkin;
    votes[i] = cloth ? 1 : -1;
    weights[i] = 1;
  }
  const v = boxBlurOwnPlane(votes, w, h, CLOTH_TONE.voteRadiusPx), n = boxBlurOwnPlane(weights, w, h, CLOTH_TONE.voteRadiusPx);
  const out = { width: w, height: h, data: skin.data.slice() };
  for (let i = 0; i < out.data.length; i++) {
    if (out.data[i]! >= 0.5 && n[i]! > 0 && v[i]! > 0) out.data[i] = 0;
  }
  return out;
}
