/**
 * Limbs erased by the removal: where the old garment covered an arm or a
 * leg (a long sleeve, a trouser leg) and the new garment does not, the fill
 * must show the limb as skin; a fill that shows the background along the
 * limb's bone has cut the arm off below a short new sleeve, leaving the hand
 * afloat. The pose model's bones say where the limbs are, whatever the old
 * garment hid.
 *
 * A pure function of masks, images and bones at the analysis size.
 */
import { createMask, type Mask, type RgbImage } from '../../vision/image.js';
import { maskBounds } from '../../vision/mask-ops.js';
import { extractPalette, paletteDistance2, type Palette } from '../../vision/palette.js';
import type { Keypoint, PoseLandmark } from '../../vision/person-analysis.js';

/** A bone between two joints, analysis px. */
export interface Bone {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** How the limbs are found and when a fill on them reads as background. */
export const LIMB = {
  /** The joints a limb runs between: upper arm, forearm, thigh, shin on each side. */
  bones: [
    ['leftShoulder', 'leftElbow'], ['leftElbow', 'leftWrist'], ['rightShoulder', 'rightElbow'], ['rightElbow', 'rightWrist'],
    ['leftHip', 'leftKnee'], ['leftKnee', 'leftAnkle'], ['rightHip', 'rightKnee'], ['rightKnee', 'rightAnkle'],
  ] as [PoseLandmark, PoseLandmark][],
  /** Joints the pose model scores below this are guesses (an arm out of the frame): their bones are not judged. */
  minJointScore: 0.5,
  /** Half the width of the strip along a bone that is surely the limb, shoulder widths (forearms measure ~0.15–0.2 across). */
  radiusSw: 0.05,
  /** RGB distance² within which a pixel has one of the background's colours. */
  backgroundD2: 25 * 25,
  /** …and this many times farther (distance²) from the skin's colours: a fill of pale skin beside a pale wall is the limb. */
  skinRatio: 4,
} as const;

/**
 * The bones (LIMB.bones unless given) whose both joints the pose model is sure of, in analysis px
 * (`scale`: analysis size / photo size).
 */
export function limbBones(
  keypoints: Record<PoseLandmark, Keypoint>,
  scale: number,
  bones: readonly (readonly [PoseLandmark, PoseLandmark])[] = LIMB.bones,
): Bone[] {
  const out: Bone[] = [];
  for (const [a, b] of bones) {
    const p = keypoints[a], q = keypoints[b];
    if (p.score < LIMB.minJointScore || q.score < LIMB.minJointScore) continue;
    out.push({ x0: p.x * scale, y0: p.y * scale, x1: q.x * scale, y1: q.y * scale });
  }
  return out;
}

/** Pixels within `radius` of any bone (distance to the segment). */
export function boneStrips(bones: Bone[], width: number, height: number, radius: number): Mask {
  const m = createMask(width, height);
  for (const b of bones) {
    const dx = b.x1 - b.x0, dy = b.y1 - b.y0, len2 = dx * dx + dy * dy;
    const xs = Math.max(0, Math.floor(Math.min(b.x0, b.x1) - radius)), xe = Math.min(width - 1, Math.ceil(Math.max(b.x0, b.x1) + radius));
    const ys = Math.max(0, Math.floor(Math.min(b.y0, b.y1) - radius)), ye = Math.min(height - 1, Math.ceil(Math.max(b.y0, b.y1) + radius));
    for (let y = ys; y <= ye; y++) {
      for (let x = xs; x <= xe; x++) {
        // pixel centres against the segment, the projection clamped to its ends
        const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((x + 0.5 - b.x0) * dx + (y + 0.5 - b.y0) * dy) / len2));
        const ex = x + 0.5 - (b.x0 + t * dx), ey = y + 0.5 - (b.y0 + t * dy);
        if (ex * ex + ey * ey <= radius * radius) m.data[y * width + x] = 1;
      }
    }
  }
  return m;
}

export interface LimbInputs {
  /** The person photo and the result, at the analysis size. */
  original: RgbImage;
  result: RgbImage;
  bones: Bone[];
  /** The old garment in the photo: removed, or kept as a layer beneath the new one. */
  old: Mask;
  /** The new garments as drawn. */
  cover: Mask;
  /** The person matte and skin parse of the photo: outside the one is the background, the other is the skin, away from the old garment. */
  matte: Mask;
  skin: Mask;
  shoulderWidthPx: number;
}

/**
 * Pixels along the limbs' bones where the old garment was and no new one
 * is drawn, that the result shows in the background's colours rather than
 * the skin's, shoulder widths². A removed sleeve filled with the background
 * cuts the arm off; an old sleeve kept beneath a short new one in the
 * background's own colour (white on a white wall) reads the same way: the
 * hands float beside a garment with no arms.
 */
export function erasedLimbs(x: LimbInputs): number {
  const { width: w, height: h } = x.old;
  if (x.bones.length === 0) return 0;
  // (the limbs' pixels in the old garment and not drawn over first: with none, the palettes, which read the whole frame, are not needed)
  const strips = boneStrips(x.bones, w, h, LIMB.radiusSw * x.shoulderWidthPx);
  const judged: number[] = [];
  // (the planes read per pixel taken out of their objects once: read through them, such loops ran 2–3× slower)
  const sd = strips.data, od = x.old.data, cd = x.cover.data, md = x.matte.data, kd = x.skin.data;
  // (in the strips' box only, in raster order: no strip lies beyond it)
  const sb = maskBounds(strips);
  for (let y = sb ? sb.y0 : h; sb && y <= sb.y1; y++) {
    for (let i = y * w + sb.x0, end = y * w + sb.x1; i <= end; i++) if (sd[i]! >= 0.5 && od[i]! >= 0.5 && cd[i]! < 0.5) judged.push(i);
  }
  if (judged.length === 0) return 0;
  const background = createMask(w, h);
  for (let i = 0; i < w * h; i++) background.data[i] = od[i]! < 0.5 && md[i]! < 0.5 ? 1 : 0;
  const bgPalette = extractPalette(x.original, background, 3);
  if (!bgPalette) return 0;
  let skinPalette: Palette | null | undefined;
  const ch = x.result.channels;
  let n = 0;
  for (const i of judged) {
    const r = x.result.data[i * ch]!, g = x.result.data[i * ch + 1]!, b = x.result.data[i * ch + 2]!;
    const dBg = paletteDistance2(bgPalette, r, g, b);
    if (dBg > LIMB.backgroundD2) continue;
    // (the skin away from the old garment, made only when a pixel needs it)
    if (skinPalette === undefined) skinPalette = extractPalette(x.original, awaySkin(od, kd, w, h), 3);
    if (skinPalette && paletteDistance2(skinPalette, r, g, b) <= dBg * LIMB.skinRatio) continue;
    n++;
  }
  return n / Math.max(1, x.shoulderWidthPx * x.shoulderWidthPx);
}

/** The skin (`kd` ≥ 0.5) away from the old garment (`od` < 0.5), a new w × h mask. */
export function awaySkin(od: Float32Array, kd: Float32Array, w: number, h: number): Mask {
  const skin = createMask(w, h);
  for (let i = 0; i < w * h; i++) skin.data[i] = od[i]! < 0.5 && kd[i]! >= 0.5 ? 1 : 0;
  return skin;
}
