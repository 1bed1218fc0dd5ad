/**
 * A halo round the drawn garment, read in colour: a band along its outline,
 * wider than a clean edge's blend, whose colour belongs neither to the
 * garment beside it nor to the photo beyond it. The product photo's
 * background kept at the cut-out's edge (white round a garment shot on
 * white, the wearer's skin round a garment taken from a worn photo, a grey
 * shadow fringe) draws such a band just inside the garment; a fill that
 * smears the new garment's or the old one's colours past the outline draws
 * it just outside. A clean edge passes from the garment's colour to the
 * photo's within a pixel or two at the analysis size.
 *
 * verdict-edges.ts' rimShare reads a thin line in brightness only: a
 * pinkish or skin-toned rim on a grey or light background, or a fringe
 * wider than its 2-px line, is not lighter or darker than both sides, and
 * it misses them.
 *
 * Reads the outline normals verdict-edges.ts has already found (no pass over
 * the image of its own): on the tune half at 384×512, median 0.85 ms, p90
 * 1.6 ms per result on a loaded 2-core machine.
 */
import type { Mask, RgbImage } from '../../vision/image.js';
import { segmentPlace } from '../../vision/palette.js';
import { fringeColourAt, ownColourAt, type EdgeInputs, type Outline, type OwnColours } from './verdict-edges.js';

/** Where the colours are read across the outline, analysis-size px along its outward normal (0 is the outline pixel). */
export const HALO_PROFILE = {
  /** The garment's own colours: samples this far inside (from…to), past a fringe of a few px. */
  insideFromPx: 4,
  insideToPx: 8,
  /** The band a halo occupies starts this far inside the outline… */
  bandInsidePx: 3,
  /** …and runs outwards while the result differs from the photo (a fill, a drawn fringe), at most this far. */
  bandOutsidePx: 12,
  /** A result pixel differs from the photo when its mean channel difference is at least this (0..255): JPEG noise and the compositor's shading stay under it. */
  changedMin: 20,
  /** The photo beyond the band: this many samples from its end (or from the profile's end when the whole reach changed). */
  beyondPx: 4,
  /** A band sample is off when its colour is at least this far (RGB distance, 0..441) from every garment sample and every sample beyond. */
  minOff: 45,
  /**
   * A halo is at least this many adjacent off samples wide: a clean edge's
   * blend is not one. With 2, a high-contrast edge's two blended pixels
   * counted: the acceptable tune result's clean outline measured 0.106.
   */
  minRunPx: 3,
  /** Fewer judged profiles than this: too little outline to judge. */
  minProfiles: 20,
  /**
   * The first sample beyond the outline, when within maxBlendOff (RGB) of the
   * segment from the garment's colour on the outline to the photo's just
   * beyond the band and between blendAt and 1 − blendAt along it, is the
   * compositor's soft edge (1–2 px at full size, one at the analysis size)
   * mixing the two, not a colour of its own: it does not make a run of the
   * print's colours ending at the outline a halo. The outline's own colour
   * carried on past it (near the segment's end) is still a run reaching out.
   * On the tune half a printed shirt's edge bands in its own colours read as
   * halos through that one blended pixel (0.07 of its outline).
   */
  maxBlendOff: 20,
  blendAt: 0.1,
} as const;

export interface HaloInputs extends EdgeInputs {
  /** The result and the person's photo at the analysis size. */
  result: RgbImage;
  original: RgbImage;
  /** The new garments as drawn (alpha ≥ 0.5 is the garment). */
  cover: Mask;
  /** Pixels kept on purpose (face, hair, hands, the other garment): their own edges are not the garment's. */
  keep: Mask;
}

/** One profile across the outline: colours (3 per sample) and whether the result differs from the photo there, inside first (index t + insideToPx). */
export interface HaloProfile {
  rgb: Float32Array;
  changed: Uint8Array;
  /** 1 where the sample lies in the drawn garment in one of its own colours (verdict-edges.ts OWN_COLOUR); none: no sample is. */
  own?: Uint8Array;
  /** 1 where the sample lies in the drawn garment in a colour of its photo's background (verdict-edges.ts fringeColourAt); none: no sample is. */
  fringe?: Uint8Array;
}

const PROFILE_LENGTH = HALO_PROFILE.insideToPx + HALO_PROFILE.bandOutsidePx + HALO_PROFILE.beyondPx + 1;

/**
 * Share of the garment's outline profiles (outline normals as read for
 * verdict-edges.ts) that hold a halo (hasHalo). 0..1; null when fewer than
 * minProfiles profiles could be read.
 */
export function haloShare(x: HaloInputs, outline: Outline): number | null {
  const w = x.cover.width;
  const { normals } = outline;
  const prof: HaloProfile = { rgb: new Float32Array(PROFILE_LENGTH * 3), changed: new Uint8Array(PROFILE_LENGTH), own: new Uint8Array(PROFILE_LENGTH), fringe: new Uint8Array(PROFILE_LENGTH) };
  let judged = 0, halos = 0;
  for (let k = 0; k < normals.index.length; k++) {
    const i = normals.index[k]!, px = i % w, py = (i - px) / w;
    if (!readHaloProfile(x, { px, py, nx: normals.nx[k]!, ny: normals.ny[k]! }, outline.palette, prof)) continue;
    judged++;
    if (hasHalo(prof)) halos++;
  }
  return judged < HALO_PROFILE.minProfiles ? null : halos / judged;
}

/**
 * Fills `prof` along the normal (nearest pixel); false when the profile
 * leaves the image, touches a kept part, its inside samples are not garment
 * or the garment comes back outside (a strap, a gap between two garments:
 * no two sides to compare).
 */
function readHaloProfile(x: HaloInputs, at: { px: number; py: number; nx: number; ny: number }, palette: OwnColours, prof: HaloProfile): boolean {
  const { px, py, nx, ny } = at;
  const { insideToPx: IN, insideFromPx, changedMin } = HALO_PROFILE;
  const { width: w, height: h } = x.cover;
  const r = x.result.data, rc = x.result.channels, o = x.original.data, oc = x.original.channels;
  for (let k = 0; k < PROFILE_LENGTH; k++) {
    const t = k - IN;
    const sx = Math.round(px + nx * t), sy = Math.round(py + ny * t);
    if (sx < 0 || sy < 0 || sx >= w || sy >= h) return false;
    const j = sy * w + sx;
    if (x.keep.data[j]! >= 0.5) return false;
    const inGarment = x.cover.data[j]! >= 0.5;
    if ((t <= -insideFromPx && !inGarment) || (t >= 2 && inGarment)) return false;
    const a = r[j * rc]!, b = r[j * rc + 1]!, c = r[j * rc + 2]!;
    prof.rgb[k * 3] = a; prof.rgb[k * 3 + 1] = b; prof.rgb[k * 3 + 2] = c;
    prof.changed[k] = Math.abs(a - o[j * oc]!) + Math.abs(b - o[j * oc + 1]!) + Math.abs(c - o[j * oc + 2]!) >= 3 * changedMin ? 1 : 0;
    if (prof.own) prof.own[k] = ownColourAt(x, palette, j) ? 1 : 0;
    if (prof.fringe) prof.fringe[k] = fringeColourAt(x, j) ? 1 : 0;
  }
  return true;
}

/**
 * Whether the band (from bandInsidePx inside the outline outwards through
 * the samples the result changed, at most bandOutsidePx) holds minRunPx
 * adjacent samples at least minOff from every garment sample (insideFromPx…
 * insideToPx in) and every sample of the photo beyond the band (beyondPx
 * from its end), not all of them in the garment's own colours (`own`,
 * verdict-edges.ts OWN_COLOUR: a run wholly inside the garment in its print's
 * colours is the print reaching its edge; one that reaches past it, or holds
 * a colour the garment has nowhere else, is a halo).
 */
export function hasHalo(prof: HaloProfile): boolean {
  const { insideToPx: IN, insideFromPx, bandInsidePx, bandOutsidePx, beyondPx, minOff, minRunPx } = HALO_PROFILE;
  // the band's last sample: the outline, or past it while the result differs from the photo
  let end = 0;
  while (end < bandOutsidePx && prof.changed[end + 1 + IN] === 1) end++;
  const beyond: [number, number] = [end + 1 + IN, end + beyondPx + IN];
  const inside: [number, number] = [0, IN - insideFromPx];
  // (`foreign`: the run so far holds a sample neither in the garment's own colours nor a blend at its edge)
  let run = 0, foreign = false;
  for (let t = -bandInsidePx; t <= end; t++) {
    const k = t + IN;
    const off = Math.min(nearest(prof.rgb, k, inside), nearest(prof.rgb, k, beyond));
    run = off >= minOff ? run + 1 : 0;
    foreign = run > 0 && (foreign || (prof.own?.[k] !== 1 && !(t === 1 && prof.fringe?.[IN] !== 1 && edgeBlend(prof.rgb, k, beyond[0]))));
    if (run >= minRunPx && foreign) return true;
  }
  return false;
}

/** Whether sample k is a mix of the outline's colour (t = 0) and sample `to`'s (maxBlendOff, blendAt): the two blended at a soft edge. */
export function edgeBlend(rgb: Float32Array, k: number, to: number): boolean {
  const { maxBlendOff, blendAt } = HALO_PROFILE;
  const place = segmentPlace(rgb, HALO_PROFILE.insideToPx, rgb, to, rgb[k * 3]!, rgb[k * 3 + 1]!, rgb[k * 3 + 2]!);
  return place.off2 <= maxBlendOff * maxBlendOff && place.at >= blendAt && place.at <= 1 - blendAt;
}

/** Distance (RGB) from sample k's colour to the nearest of samples from…to (inclusive). */
function nearest(rgb: Float32Array, k: number, [from, to]: [number, number]): number {
  const r = rgb[k * 3]!, g = rgb[k * 3 + 1]!, b = rgb[k * 3 + 2]!;
  let best = Infinity;
  for (let s = from; s <= to; s++) {
    const dr = r - rgb[s * 3]!, dg = g - rgb[s * 3 + 1]!, db = b - rgb[s * 3 + 2]!;
    best = Math.min(best, dr * dr + dg * dg + db * db);
  }
  return Math.sqrt(best);
}
