/**
 * Where the person's current clothes are (at the analysis size): the upper
 * garment, the lower garment and the hair, told apart by position (body
 * zones) and colour (each garment's palette sampled where it must be: the
 * chest for the top, the thighs for the bottom; the skin model from the face).
 */
import { createMask, type Mask } from '../../vision/image.js';
import { extractPalette, paletteDistance2, type Palette } from '../../vision/palette.js';
import { fitSkinModel, skinMask, type SkinModel } from '../../vision/skin.js';
import { fillPolygon, fillEllipse } from '../../vision/raster.js';
import { blurMask, boxBlurPlane, keepLargest } from '../../vision/mask-ops.js';
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
    const p0 = lp(a, b, kneesSeen ? 0.25 : 0.4), p1 = lp(a, b, kneesSeen ? 0.7 : 0.9);
    fillPolygon(thighs, [{ x: p0.x - sw * 0.1, y: p0.y }, { x: p0.x + sw * 0.1, y: p0.y }, { x: p1.x + sw * 0.08, y: p1.y }, { x: p1.x - sw * 0.08, y: p1.y }]);
  }
  const bottomPalette = extractPalette(small, notSkin(thighs), 5);
  // A sleeve or a hem hanging into the thigh sample must not make the top's colour
  // a "bottom" colour (01861_00: 24 % red in the trousers' palette).
  if (bottomPalette && topPalette) {
    for (let c = 0; c < bottomPalette.weights.length; c++) {
      const d2 = paletteDistance2(topPalette, bottomPalette.centres[c * 3]!, bottomPalette.centres[c * 3 + 1]!, bottomPalette.centres[c * 3 + 2]!);
      if (bottomPalette.weights[c]! < 0.35 && d2 < 45 * 45) bottomPalette.weights[c] = 0;
    }
  }
  // Where top and bottom share a colour, the line between them is taken at the hips.
  const hipLineY = ((frame.hipL.y + frame.hipR.y) / 2) * s - tl * 0.02;
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
    if (matte.data[i]! === 0 || skin.data[i]! >= 0.5) continue;
    const r = small.data[i * ch]!, g = small.data[i * ch + 1]!, b = small.data[i * ch + 2]!;
    const dTop = topPalette ? paletteDistance2(topPalette, r, g, b) : Infinity;
    const dBot = bottomPalette ? paletteDistance2(bottomPalette, r, g, b) : Infinity;
    if (hairPalette && hairZone.data[i]! > 0 && regions.torso.data[i]! < 0.5) {
      const dHair = paletteDistance2(hairPalette, r, g, b, 0.15);
      if (dHair < HAIR_D2 && dHair < dTop) { hair.data[i] = 1; continue; }
    }
    if (regions.head.data[i]! >= 0.5) continue;
    // An arm's own zone is the top's (a sleeve) when the colour agrees, even beside the hips.
    // (below the hips only when clearly the top's colour: a hand hangs over the trousers' print)
    const belowHip = Math.floor(i / w) > hipLineY;
    if (regions.arms.data[i]! >= 0.5 && dTop < CORE_D2 && (belowHip ? Math.sqrt(dTop) + 25 < Math.sqrt(dBot) : dTop <= dBot)) {
      upperCloth.data[i] = 1;
      continue;
    }
    const inUpper = regions.upperZone.data[i]! >= 0.5;
    const inLower = regions.lowerZone.data[i]! >= 0.5 && regions.feet.data[i]! < 0.5;
    const core = regions.torso.data[i]! >= 0.5;
    // Away from the torso (arms, legs' margins) a pixel must look like the garment:
    // shaded skin and background leaking through the matte are not clothes.
    const topLike = dTop < (core ? CORE_D2 : MATCH_D2);
    const botLike = dBot < MATCH_D2 || (regions.legs.data[i]! >= 0.5 && dBot < CORE_D2);
    if (inUpper && inLower) {
      const ambiguous = dTop < MATCH_D2 && dBot < MATCH_D2 && Math.abs(Math.sqrt(dTop) - Math.sqrt(dBot)) < 25;
      const upperWins = ambiguous ? Math.floor(i / w) < hipLineY : dTop <= dBot;
      if (upperWins) { if (topLike) upperCloth.data[i] = 1; }
      else if (botLike) lowerCloth.data[i] = 1;
    } else if (inUpper) {
      // below the hips, what could be the bottom garment is left to it
      const maybeBottom = Math.floor(i / w) > hipLineY && dBot < MATCH_D2 && Math.sqrt(dBot) < Math.sqrt(dTop) + 25;
      if (!maybeBottom && (topLike || (!bottomPalette && core))) upperCloth.data[i] = 1;
    } else if (inLower) {
      // (long tops are covered by the upper zone reaching 0.3 torso below the hips;
      // out here a top-coloured pixel is the bottom's print: 049447_0's white)
      if (botLike || !bottomPalette) lowerCloth.data[i] = 1;
    }
  }
  // Below the hips a real (long) top is solid top colour; a print on the trousers
  // that shares the top's colours is only partly "top". Where the top's local
  // share is under 65 %, it belongs to the bottom (049447_0's printed trousers).
  const upShare = boxBlurPlane(upperCloth.data, w, h, 6, 1);
  const lowShare = boxBlurPlane(lowerCloth.data, w, h, 6, 1);
  for (let y = Math.max(0, Math.ceil(hipLineY)); y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      if (upperCloth.data[i] !== 1) continue;
      const u = upShare[i]!, l = lowShare[i]!;
      if (u / (u + l + 1e-6) < 0.65) {
        upperCloth.data[i] = 0;
        lowerCloth.data[i] = 1;
      }
    }
  }
  // Specks (< 2 % of the main piece) are noise; pinholes do not matter: the
  // removal mask is grown and blurred later anyway.
  const clean = (m: Mask) => keepLargest(m, 0.02);
  const hairClean = blurMask(keepLargest(hair, 0.3), 1, 1);
  return { regions, skin, skinModel, upperCloth: clean(upperCloth), lowerCloth: clean(lowerCloth), hair: hairClean, topPalette, bottomPalette };
}
