/**
 * Where the person's current clothes are (at the analysis size): the upper
 * garment, the lower garment and the hair, told apart by position (body
 * zones) and colour (each garment's palette sampled where it must be: the
 * chest for the top, the thighs for the bottom; the skin model from the face).
 */
import { createMask, type Mask, type RgbImage } from '../../vision/image.js';
import { extractPalette, paletteDistance2, shadedDistance2, type Palette } from '../../vision/palette.js';
import { fitSkinModel, skinMask, skinSaturationShare, type SkinModel } from '../../vision/skin.js';
import { fillPolygon, fillEllipse } from '../../vision/raster.js';
import { blurMask, boxBlurPlane, keepLargest, morph } from '../../vision/mask-ops.js';
import { bodyRegions, visible, type BodyFrame, type BodyRegions } from '../../vision/body-regions.js';
import type { PersonAnalysis } from '../../vision/person-analysis.js';

export interface ClothingRegions {
  regions: BodyRegions;
  skin: Mask;
  skinModel: SkinModel;
  upperCloth: Mask;
  lowerCloth: Mask;
  hair: Mask;
  topPalette: Palette | null;
  bottomPalette: Palette | null;
}

/** Fallback skin sample when no face is visible: a medium tone. */
const DEFAULT_SKIN: SkinModel = { cb: 110, cr: 150, sdCb: 10, sdCr: 10, y: 150, rgb: [200, 160, 140] };

function faceBox(person: PersonAnalysis): { x0: number; y0: number; x1: number; y1: number } | null {
  const s = person.scale;
  const k = person.keypoints;
  if (k.nose.score < 0.5) return null;
  const eyeW = Math.hypot(k.leftEye.x - k.rightEye.x, k.leftEye.y - k.rightEye.y);
  if (eyeW < 4) return null;
  // cheeks and nose: between the eyes' level and the mouth, a little wider than the eyes
  const cx = (k.leftEye.x + k.rightEye.x + k.nose.x) / 3;
  const y0 = (k.leftEye.y + k.rightEye.y) / 2 + eyeW * 0.25;
  const y1 = (k.leftMouth.y + k.rightMouth.y) / 2 - eyeW * 0.05;
  return { x0: (cx - eyeW * 0.7) * s, x1: (cx + eyeW * 0.7) * s, y0: y0 * s, y1: Math.max(y0 * s + 2, y1 * s) };
}

/** Below this share of the face's saturation a skin-test pixel is grey or white (see skinSaturationShare). */
const GREY_SATURATION_SHARE = 0.25;

export function clothingRegions(person: PersonAnalysis, frame: BodyFrame): ClothingRegions {
  const small = person.small;
  const regions = bodyRegions(person, frame);
  const box = faceBox(person);
  const skinModel = (box && fitSkinModel(small, box)) || DEFAULT_SKIN;
  const matte = createMask(person.matte.width, person.matte.height);
  for (let i = 0; i < matte.data.length; i++) matte.data[i] = person.matte.data[i]! >= 0.5 ? 1 : 0;
  const skin = skinMask(small, skinModel, matte);
  const s = person.scale;
  const sw = frame.shoulderWidth * s;
  const tl = frame.torsoLength * s;
  const w = small.width, h = small.height;

  // palettes: top from the chest, bottom from the thighs
  const chest = createMask(w, h);
  const sL = { x: frame.shoulderL.x * s, y: frame.shoulderL.y * s }, sR = { x: frame.shoulderR.x * s, y: frame.shoulderR.y * s };
  const hL = { x: frame.hipL.x * s, y: frame.hipL.y * s }, hR = { x: frame.hipR.x * s, y: frame.hipR.y * s };
  const lp = (a: { x: number; y: number }, b: { x: number; y: number }, t: number) => ({ x: a.x + (b.x - a.x) * t, y: a.y + (b.y - a.y) * t });
  fillPolygon(chest, [lp(sR, sL, 0.2), lp(sL, sR, 0.2), lp(lp(sL, sR, 0.2), lp(hL, hR, 0.2), 0.6), lp(lp(sR, sL, 0.2), lp(hR, hL, 0.2), 0.6)]);
  const notSkin = (m: Mask) => {
    for (let i = 0; i < m.data.length; i++) m.data[i] = m.data[i]! >= 0.5 && skin.data[i]! < 0.5 && matte.data[i]! > 0 ? 1 : 0;
    return m;
  };
  const topPalette = extractPalette(small, notSkin(chest), 5);
  // bottom palette: the thighs when the knees are in frame, else a band just below the hips
  const thighs = createMask(w, h);
  const kneesSeen = visible(person, 'leftKnee') || visible(person, 'rightKnee');
  for (const side of ['left', 'right'] as const) {
    const hip = person.keypoints[`${side}Hip`], knee = person.keypoints[`${side}Knee`];
    const a = { x: hip.x * s, y: hip.y * s };
    const b = kneesSeen ? { x: knee.x * s, y: knee.y * s } : { x: a.x, y: a.y + tl * 0.6 };
    // the lower half of the thigh: a hem or a hanging sleeve rarely reaches it (01861_00)
    const p0 = lp(a, b, kneesSeen ? 0.45 : 0.4), p1 = lp(a, b, 0.9);
    fillPolygon(thighs, [{ x: p0.x - sw * 0.1, y: p0.y }, { x: p0.x + sw * 0.1, y: p0.y }, { x: p1.x + sw * 0.08, y: p1.y }, { x: p1.x - sw * 0.08, y: p1.y }]);
  }
  const bottomPalette = extractPalette(small, notSkin(thighs), 5);
  // Where top and bottom share a colour, the line between them is the strongest
  // horizontal colour edge across the torso near the waist (a hem or a
  // waistband: 049447_0, model_6); without one, 0.15 torso above the hip joints.
  const hipLineY = splitLine(small, matte, frame, s, tl);
  // hair: non-skin colour at the top of the head, grown over the zone around the head
  const hairSample = createMask(w, h);
  const ears = { x: ((person.keypoints.leftEar.x + person.keypoints.rightEar.x) / 2) * s, y: ((person.keypoints.leftEar.y + person.keypoints.rightEar.y) / 2) * s };
  const eyeY = ((person.keypoints.leftEye.y + person.keypoints.rightEye.y) / 2) * s;
  const headW = Math.max(Math.hypot((person.keypoints.leftEar.x - person.keypoints.rightEar.x) * s, (person.keypoints.leftEar.y - person.keypoints.rightEar.y) * s), sw * 0.3);
  fillEllipse(hairSample, { x: ears.x, y: eyeY - headW * 0.55 }, headW * 0.7, headW * 0.45);
  const hairPalette = person.keypoints.nose.score >= 0.5 ? extractPalette(small, notSkin(hairSample), 3) : null;
  const hairZone = createMask(w, h);
  fillEllipse(hairZone, { x: ears.x, y: ears.y + headW * 0.3 }, sw * 0.62, Math.max(headW * 1.4, (sL.y + sR.y) / 2 - ears.y + tl * 0.45));

  const upperCloth = createMask(w, h);
  const lowerCloth = createMask(w, h);
  const hair = createMask(w, h);
  const ch = small.channels;
  // Colour match thresholds, RGB distance²: 45² separates a garment from its neighbour on the fixtures.
  const HAIR_D2 = 40 * 40;
  const MATCH_D2 = 55 * 55;
  const CORE_D2 = 95 * 95;
  for (let i = 0; i < w * h; i++) {
    if (matte.data[i]! === 0) continue;
    const r = small.data[i * ch]!, g = small.data[i * ch + 1]!, b = small.data[i * ch + 2]!;
    const dTop = topPalette ? paletteDistance2(topPalette, r, g, b) : Infinity;
    // White and grey pass the skin test beside a pale face; of the top's own
    // colour and without skin's saturation they are the top (model_3's white
    // tank top stayed at her shoulders beside a camisole's thin straps).
    if (skin.data[i]! >= 0.5 && !(dTop < MATCH_D2 && skinSaturationShare(skinModel, r, g, b) < GREY_SATURATION_SHARE)) continue;
    const dBot = bottomPalette ? paletteDistance2(bottomPalette, r, g, b) : Infinity;
    if (hairPalette && hairZone.data[i]! > 0 && regions.torso.data[i]! < 0.5) {
      const dHair = paletteDistance2(hairPalette, r, g, b, 0.15);
      if (dHair < HAIR_D2 && dHair < dTop) { hair.data[i] = 1; continue; }
    }
    if (regions.head.data[i]! >= 0.5) continue;
    // a collar need not share the body's colours (051962_0's red rib)
    if (regions.collar.data[i]! >= 0.5 && regions.upperZone.data[i]! >= 0.5) { upperCloth.data[i] = 1; continue; }
    // An arm's own zone is the top's (a sleeve) when the colour agrees, even beside the hips.
    // (the arm's core is the top's unless the bottom's colour clearly wins; its
    // margins below the waist only when the top's colour clearly wins: a hand
    // hangs over the trousers' print on 049447_0, sleeves hang by the hips on 01008_00)
    const belowHip = Math.floor(i / w) > hipLineY;
    const armCore = regions.armCore.data[i]! >= 0.5;
    if (
      regions.arms.data[i]! >= 0.5 &&
      dTop < CORE_D2 &&
      (armCore ? !(Math.sqrt(dBot) + 25 < Math.sqrt(dTop)) : belowHip ? Math.sqrt(dTop) + 25 < Math.sqrt(dBot) : dTop <= dBot)
    ) {
      upperCloth.data[i] = 1;
      continue;
    }
    const inUpper = regions.upperZone.data[i]! >= 0.5;
    // the feet are shoes, except a cuff of the bottom's own colour on top of them
    // (in the skirt's flare only what does not look like the top: 01008_00's black
    // sleeves beside a leopard skirt with black spots became skirt)
    const inZone = regions.lowerZone.data[i]! >= 0.5 || (regions.lowerFlare.data[i]! >= 0.5 && !(dTop < MATCH_D2));
    const inLower = inZone && (regions.feet.data[i]! < 0.5 || (regions.cuffs.data[i]! >= 0.5 && dBot < MATCH_D2 && dBot < dTop));
    const core = regions.torso.data[i]! >= 0.5;
    // Away from the torso (arms, legs' margins) a pixel must look like the garment:
    // shaded skin and background leaking through the matte are not clothes.
    const topLike = dTop < (core ? CORE_D2 : MATCH_D2);
    const botLike = dBot < MATCH_D2 || (regions.legs.data[i]! >= 0.5 && dBot < CORE_D2);
    if (inUpper && inLower) {
      // Position is the prior (above the hips: top), colour must beat it by a margin:
      // palettes share colours (a logo on the top, a print on the trousers).
      const margin = 25;
      const upperWins = belowHip ? Math.sqrt(dTop) + margin < Math.sqrt(dBot) : !(Math.sqrt(dBot) + margin < Math.sqrt(dTop));
      if (upperWins) { if (topLike) upperCloth.data[i] = 1; }
      else if (botLike) lowerCloth.data[i] = 1;
    } else if (inUpper) {
      // outside the lower zone the bottom garment cannot be: a sleeve hanging by a
      // skirt of the same black is still the top (01008_00)
      if (topLike || (!bottomPalette && core)) upperCloth.data[i] = 1;
    } else if (inLower) {
      // (long tops are covered by the upper zone reaching 0.3 torso below the hips;
      // out here a top-coloured pixel is the bottom's print: 049447_0's white)
      if (botLike || !bottomPalette) lowerCloth.data[i] = 1;
    }
  }
  // Below the hips a real (long) top is solid top colour; a print on the trousers
  // that shares the top's colours is only partly "top". Where the top's local
  // share is under 65 %, it belongs to the bottom (049447_0's printed trousers).
  // (computed on the rows below the line only, from 6 rows above it)
  const fromY = Math.max(0, Math.ceil(hipLineY) - 6);
  const rows = h - fromY;
  const upShare = boxBlurPlane(upperCloth.data.subarray(fromY * w), w, rows, 6, 1);
  const lowShare = boxBlurPlane(lowerCloth.data.subarray(fromY * w), w, rows, 6, 1);
  for (let y = Math.max(0, Math.ceil(hipLineY)); y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      if (upperCloth.data[i] !== 1) continue;
      const j = i - fromY * w;
      const u = upShare[j]!, l = lowShare[j]!;
      if (u / (u + l + 1e-6) < 0.65) {
        upperCloth.data[i] = 0;
        lowerCloth.data[i] = 1;
      }
    }
  }
  // Specks (< 2 % of the main piece) are noise; pinholes do not matter: the
  // removal mask is grown and blurred later anyway.
  // A closing (2 px) first: skin-coloured bits of a print are garment, not holes.
  const clean = (m: Mask) => keepLargest(morph(morph(m, 2), -2), 0.02);
  const hairClean = blurMask(keepLargest(hair, 0.3), 1, 1);
  const upper = clean(upperCloth);
  const lower = clean(lowerCloth);
  const reach = Math.max(2, Math.round(sw * 0.12));
  if (bottomPalette) growLower(small, lower, upper, hairClean, skin, matte, regions, bottomPalette, topPalette, reach);
  // (twice as far for the top: a long sleeve runs on past the wrist BlazePose
  // reports, and its end stayed beside the hand, 01861_00)
  if (topPalette) growUpper(small, upper, lower, hairClean, skin, skinModel, matte, regions, topPalette, bottomPalette, reach * 2);
  return { regions, skin, skinModel, upperCloth: upper, lowerCloth: lower, hair: hairClean, topPalette, bottomPalette };
}

/**
 * Grows the lower garment from its pixels into neighbours of its colour in
 * more or less light (up to `reach` px): a skirt's shaded sides fail the plain
 * colour match (model_4's white skirt stayed at both hips) and a pale yellow
 * skirt's edge passes the skin test (model_2), so both stayed beside new trousers.
 */
function growLower(small: RgbImage, lower: Mask, upper: Mask, hair: Mask, skin: Mask, matte: Mask, regions: BodyRegions, palette: Palette, top: Palette | null, reach: number): void {
  const ch = small.channels;
  // 30 RGB units off the shaded colour: the fixtures' skirt shadows sit within 20, backgrounds beyond 40
  const NEAR_D2 = 30 * 30, SKIN_NEAR_D2 = 18 * 18, FLARE_TOP_D2 = 55 * 55;
  growInto(lower, reach, (q) => {
    if (matte.data[q]! < 0.5 || upper.data[q]! >= 0.5 || hair.data[q]! >= 0.5) return false;
    // (not into the arms: 01008_00's black sleeve beside a leopard skirt with black spots)
    if (regions.feet.data[q]! >= 0.5 || regions.head.data[q]! >= 0.5 || regions.arms.data[q]! >= 0.5) return false;
    const r = small.data[q * ch]!, g = small.data[q * ch + 1]!, b = small.data[q * ch + 2]!;
    if (regions.lowerZone.data[q]! < 0.5 && !(regions.lowerFlare.data[q]! >= 0.5 && !(top && paletteDistance2(top, r, g, b) < FLARE_TOP_D2))) return false;
    return shadedDistance2(palette, r, g, b) < (skin.data[q]! >= 0.5 ? SKIN_NEAR_D2 : NEAR_D2);
  });
}

/**
 * Grows the top the same way, beyond the body zones: a sleeve's shaded outer
 * side below the elbow bulges out of the arm's capsule and has skin's chroma
 * (01861_00's red forearm stayed beside the new sleeve).
 */
function growUpper(small: RgbImage, upper: Mask, lower: Mask, hair: Mask, skin: Mask, skinModel: SkinModel, matte: Mask, regions: BodyRegions, palette: Palette, bottom: Palette | null, reach: number): void {
  const ch = small.channels;
  const skinColour: Palette = { centres: Float32Array.from(skinModel.rgb), weights: [1] };
  // as for the lower garment; a skin-test pixel must also be 1.5× closer to the top than to the face's skin
  const NEAR_D2 = 30 * 30, SKIN_RATIO2 = 1.5 * 1.5;
  growInto(upper, reach, (q) => {
    if (matte.data[q]! < 0.5 || lower.data[q]! >= 0.5 || hair.data[q]! >= 0.5) return false;
    if (regions.feet.data[q]! >= 0.5 || regions.head.data[q]! >= 0.5) return false;
    const r = small.data[q * ch]!, g = small.data[q * ch + 1]!, b = small.data[q * ch + 2]!;
    const d2 = shadedDistance2(palette, r, g, b);
    if (d2 >= NEAR_D2) return false;
    // a dark top in shadow is as dark as black trousers beside it (07966_00): the bottom's colour wins there
    if (bottom !== null && shadedDistance2(bottom, r, g, b) <= d2) return false;
    return skin.data[q]! < 0.5 || d2 * SKIN_RATIO2 < shadedDistance2(skinColour, r, g, b);
  });
}

/** Breadth-first growth of a mask into 4-neighbours that `accept` takes, up to `reach` steps. */
function growInto(mask: Mask, reach: number, accept: (index: number) => boolean): void {
  const { width: w, height: h } = mask;
  const seen = new Uint8Array(w * h);
  let frontier = new Int32Array(w * h);
  let next = new Int32Array(w * h);
  let nf = 0;
  for (let i = 0; i < w * h; i++) if (mask.data[i]! >= 0.5) { seen[i] = 1; frontier[nf++] = i; }
  const visit = (q: number): boolean => {
    seen[q] = 1;
    if (!accept(q)) return false;
    mask.data[q] = 1;
    return true;
  };
  for (let d = 1; d <= reach && nf > 0; d++) {
    let nn = 0;
    for (let k = 0; k < nf; k++) {
      const p = frontier[k]!;
      const x = p % w;
      if (x > 0 && !seen[p - 1] && visit(p - 1)) next[nn++] = p - 1;
      if (x < w - 1 && !seen[p + 1] && visit(p + 1)) next[nn++] = p + 1;
      if (p >= w && !seen[p - w] && visit(p - w)) next[nn++] = p - w;
      if (p + w < w * h && !seen[p + w] && visit(p + w)) next[nn++] = p + w;
    }
    [frontier, next] = [next, frontier];
    nf = nn;
  }
}

/** Row (analysis px) of the strongest colour change across the torso from 0.45 torso above to 0.6 below the hips (model_6's tank top ends 0.54 below). */
export function splitLine(small: RgbImage, matte: Mask, frame: BodyFrame, s: number, tl: number): number {
  const hipY = ((frame.hipL.y + frame.hipR.y) / 2) * s;
  const fallback = hipY - tl * 0.15;
  const x0 = Math.max(0, Math.round(Math.min(frame.hipR.x, frame.hipL.x) * s));
  const x1 = Math.min(small.width - 1, Math.round(Math.max(frame.hipR.x, frame.hipL.x) * s));
  const y0 = Math.max(2, Math.round(hipY - tl * 0.45)), y1 = Math.min(small.height - 3, Math.round(hipY + tl * 0.6));
  if (x1 - x0 < 4 || y1 - y0 < 8) return fallback;
  const ch = small.channels;
  const rows: ([number, number, number] | null)[] = [];
  for (let y = 0; y < small.height; y++) {
    if (y < y0 - 4 || y > y1 + 4) { rows.push(null); continue; }
    let r = 0, g = 0, b = 0, n = 0;
    for (let x = x0; x <= x1; x++) {
      const i = y * small.width + x;
      if (matte.data[i]! < 0.5) continue;
      r += small.data[i * ch]!; g += small.data[i * ch + 1]!; b += small.data[i * ch + 2]!; n++;
    }
    rows.push(n > (x1 - x0) * 0.5 ? [r / n, g / n, b / n] : null);
  }
  const mean = (a: number, b: number) => {
    let r = 0, g = 0, bl = 0, n = 0;
    for (let y = a; y <= b; y++) {
      const v = rows[y];
      if (!v) continue;
      r += v[0]; g += v[1]; bl += v[2]; n++;
    }
    return n ? [r / n, g / n, bl / n] : null;
  };
  const edges = new Float32Array(y1 + 1);
  let bestEdge = 0;
  for (let y = y0; y <= y1; y++) {
    const above = mean(y - 4, y - 1), below = mean(y + 1, y + 4);
    if (!above || !below) continue;
    edges[y] = Math.hypot(above[0]! - below[0]!, above[1]! - below[1]!, above[2]! - below[2]!);
    bestEdge = Math.max(bestEdge, edges[y]!);
  }
  // 20 RGB units: below that a "hem" is shading, not a change of garment
  if (bestEdge < 20) return fallback;
  for (let y = y0; y <= y1; y++) if (edges[y]! === bestEdge) return y;
  return fallback;
}
