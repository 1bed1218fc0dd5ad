/**
 * Person analysis: BlazePose's 33 keypoints, the selfie-segmentation matte and
 * face boxes, all from one downscaled copy of the photo. Measured on this
 * machine: detect on the full 768×1024 tensor took ~200 ms and segmentation
 * ~280 ms; on a 512-long-side copy both drop by about half, and the models
 * run at 256 px internally anyway.
 */
import type { HumanResult, VisionModels } from './models.js';
import { createMask, fitLongSide, resizeImage, toRgb, type Mask, type RgbImage } from './image.js';

/** Default long side of the analysis copy, px (the 'balanced' preset). */
export const ANALYSIS_LONG_SIDE_PX = 512;

/** BlazePose's 33 landmark names, in model order. */
export const POSE_LANDMARKS = [
  'nose', 'leftEyeInside', 'leftEye', 'leftEyeOutside', 'rightEyeInside', 'rightEye', 'rightEyeOutside',
  'leftEar', 'rightEar', 'leftMouth', 'rightMouth', 'leftShoulder', 'rightShoulder', 'leftElbow', 'rightElbow',
  'leftWrist', 'rightWrist', 'leftPinky', 'rightPinky', 'leftIndex', 'rightIndex', 'leftThumb', 'rightThumb',
  'leftHip', 'rightHip', 'leftKnee', 'rightKnee', 'leftAnkle', 'rightAnkle', 'leftHeel', 'rightHeel',
  'leftFoot', 'rightFoot',
] as const;
export type PoseLandmark = (typeof POSE_LANDMARKS)[number];

export interface Keypoint {
  x: number;
  y: number;
  /** Depth relative to the hips, in BlazePose's arbitrary unit (negative: nearer). */
  z: number;
  score: number;
}

export interface PersonAnalysis {
  /** Full-resolution photo size. */
  width: number;
  height: number;
  /** Keypoints in full-resolution pixel coordinates. */
  keypoints: Record<PoseLandmark, Keypoint>;
  poseScore: number;
  /** Person matte at the analysis size (0..1). */
  matte: Mask;
  /** Analysis size / full size. */
  scale: number;
  /** Face boxes [x, y, w, h] in full-resolution pixels, detector score. */
  faces: { box: [number, number, number, number]; score: number }[];
  /** The downscaled RGB photo the analysis ran on. */
  small: RgbImage;
}

async function toTensor(models: VisionModels, image: RgbImage) {
  const n = image.width * image.height;
  // (the typed-array constructor converts natively: the loop it replaces ran ~10 ms unoptimised, once per job)
  const values = new Float32Array(image.data.subarray(0, n * 3));
  return models.human.tf.tensor(values, [1, image.height, image.width, 3], 'float32');
}

/**
 * When BlazePose is unsure of a clear person, more looks on padded canvases.
 * Its person detector expects a whole upper body with room around it: on
 * catalogue crops cut at the chin (no head) and tight upper-body shots it
 * scored 0.4–0.6 (or found nothing), and 0.9–1.0 once the photo's own top
 * edge was repeated above it. A person who fills the frame down to the
 * thighs (a waist-up shot cut through the jeans) scored 0.13 as is, 0.30
 * with head room only and 0.89–0.99 once the bottom edge was repeated too:
 * the detector wants room below the hips as well. Measured on the fixtures,
 * edge copying beat a flat border colour (which reads as a wall with a hard
 * line). The layouts are tried in order until one is sure and plausible
 * (PLAUSIBLE_BODY): the first is the one that has served since the retry
 * was introduced, so photos it already rescued are not changed.
 */
const PADDED_RETRY = {
  /** Retry when the body score is below this (real persons score 0.99–1.00 when seen whole)… */
  belowBodyScore: 0.8,
  /** …or a shoulder is below this score. */
  belowShoulderScore: 0.5,
} as const;

/** Padding of each retry, as shares of the analysis copy's width (each side) and height (above, below). */
export const PADDED_LAYOUTS: readonly { side: number; top: number; bottom: number }[] = [
  { side: 0.15, top: 0.3, bottom: 0 },
  { side: 0.15, top: 0.3, bottom: 0.3 },
  { side: 0.3, top: 0.5, bottom: 0.5 },
];

/**
 * A padded look is kept only when its body is a person's upper body seen
 * from the front inside the photo itself: the padding is copied edge, and a
 * detector that is sure of it may have put the shoulders out there.
 */
export const PLAUSIBLE_BODY = {
  /** Least keypoint score for a shoulder or a hip to count. */
  minPointScore: 0.5,
  /** Shoulders within this share of the photo's size outside it (a shoulder at the edge). */
  shoulderOutsideShare: 0.02,
  /** Hip line below the shoulder line by at least this many shoulder widths (front views measured 1.1–1.7). */
  minTorsoPerShoulderWidth: 0.6,
  /** …and by at most this many (a side view or a wrong skeleton is longer). */
  maxTorsoPerShoulderWidth: 3,
} as const;

type Detected = { result: HumanResult; small: RgbImage; scale: number };
type Body = HumanResult['body'][number];

/** Runs pose + face detection on a downscaled copy, with the padded retries (PADDED_LAYOUTS). */
export async function detectPose(models: VisionModels, photo: RgbImage, longSide = ANALYSIS_LONG_SIDE_PX): Promise<Detected> {
  const rgb = toRgb(photo);
  const size = fitLongSide(rgb.width, rgb.height, longSide);
  const small = await resizeImage(rgb, size.width, size.height);
  const detected: Detected = { result: await detectOn(models, small), small, scale: size.width / rgb.width };
  if (!needsRetry(detected.result.body[0])) return detected;
  let best = detected.result.body[0];
  for (const layout of PADDED_LAYOUTS) {
    const padX = Math.round(small.width * layout.side), padY = Math.round(small.height * layout.top);
    const padded = await detectOn(models, padEdges(small, padX, padY, Math.round(small.height * layout.bottom)));
    const body = padded.body[0] && shiftBody(padded.body[0], -padX, -padY);
    if (!body || !plausibleBody(body, small) || body.score <= (best?.score ?? 0)) continue;
    best = body;
    if (!needsRetry(body)) break;
  }
  // faces stay from the unpadded copy: they count the persons in the photo itself
  return best === detected.result.body[0] ? detected : { ...detected, result: { ...detected.result, body: [best!] } };
}

function needsRetry(body: Body | undefined): boolean {
  if (!body) return true;
  const shoulder = (part: string) => body.keypoints.find((k) => k.part === part)?.score ?? 0;
  return body.score < PADDED_RETRY.belowBodyScore || Math.min(shoulder('leftShoulder'), shoulder('rightShoulder')) < PADDED_RETRY.belowShoulderScore;
}

/** Shoulders inside the photo, hips below them at a front view's distance (PLAUSIBLE_BODY). */
export function plausibleBody(body: Body, image: { width: number; height: number }): boolean {
  const P = PLAUSIBLE_BODY;
  const point = (part: string) => body.keypoints.find((k) => k.part === part && k.score >= P.minPointScore)?.position;
  const [ls, rs, lh, rh] = [point('leftShoulder'), point('rightShoulder'), point('leftHip'), point('rightHip')];
  if (!ls || !rs || !lh || !rh) return false;
  const mx = image.width * P.shoulderOutsideShare, my = image.height * P.shoulderOutsideShare;
  const inside = (q: number[]) => q[0]! >= -mx && q[0]! <= image.width + mx && q[1]! >= -my && q[1]! <= image.height + my;
  const sw = Math.hypot(ls[0]! - rs[0]!, ls[1]! - rs[1]!);
  const torso = (lh[1]! + rh[1]! - ls[1]! - rs[1]!) / 2;
  // front view: the person's left shoulder and hip are on the image's right
  const front = ls[0]! > rs[0]! && lh[0]! > rh[0]!;
  return inside(ls) && inside(rs) && front && sw > 0 && torso >= sw * P.minTorsoPerShoulderWidth && torso <= sw * P.maxTorsoPerShoulderWidth;
}

/** (a copy: Human reuses its result object on the next call) */
async function detectOn(models: VisionModels, image: RgbImage): Promise<HumanResult> {
  const tensor = await toTensor(models, image);
  try {
    const r = await models.human.detect(tensor);
    return { body: r.body.map((b) => ({ ...b, keypoints: b.keypoints.map((k) => ({ ...k })) })), face: [...r.face], hand: [...r.hand] };
  } finally {
    tensor.dispose();
  }
}

/** The image on a larger canvas, its edge pixels repeated outwards (`padY` above, `padX` each side, `padBottom` below). */
export function padEdges(image: RgbImage, padX: number, padY: number, padBottom = 0): RgbImage {
  const { width, height, channels: ch } = image;
  const w = width + 2 * padX, h = height + padY + padBottom;
  const data = new Uint8Array(w * h * 3);
  for (let y = 0; y < h; y++) {
    const sy = Math.min(height - 1, Math.max(0, y - padY));
    for (let x = 0; x < w; x++) {
      const sx = Math.min(width - 1, Math.max(0, x - padX));
      const s = (sy * width + sx) * ch, d = (y * w + x) * 3;
      data[d] = image.data[s]!;
      data[d + 1] = image.data[s + 1]!;
      data[d + 2] = image.data[s + 2]!;
    }
  }
  return { width: w, height: h, channels: 3, data };
}

function shiftBody(body: HumanResult['body'][number], dx: number, dy: number): HumanResult['body'][number] {
  return {
    ...body,
    box: [body.box[0]! + dx, body.box[1]! + dy, body.box[2]!, body.box[3]!],
    keypoints: body.keypoints.map((k) => ({ ...k, position: [k.position[0]! + dx, k.position[1]! + dy, ...k.position.slice(2)] })),
  };
}

/** Selfie segmentation matte (its alpha output, 0–255, last channel) at the size of `small`. */
export async function segmentPerson(models: VisionModels, small: RgbImage): Promise<Mask> {
  const tensor = await toTensor(models, small);
  try {
    const seg = await models.human.segmentation(tensor);
    if (!seg) return createMask(small.width, small.height);
    try {
      const data = await seg.data();
      const [h = small.height, w = small.width, channels = 1] = seg.shape;
      const mask = createMask(w, h);
      for (let i = 0; i < w * h; i++) mask.data[i] = data[i * channels + channels - 1]! / 255;
      return mask;
    } finally {
      seg.dispose();
    }
  } finally {
    tensor.dispose();
  }
}

/**
 * How deep below the shoulders the hip joints lie, in shoulder widths (the
 * distance between the shoulder keypoints), for a person facing the camera.
 * On tight upper-body crops (a shot cut through the thighs) BlazePose puts
 * the hips too high, at the chest's print or the top's middle, sure of them
 * all the same (score 0.99): measured on the tune half, such crops' hip line
 * lay 0.67–1.05 shoulder widths down, while every person seen whole with
 * both knees lay 1.34–1.94 (median 1.5). Everything hung on the hips went
 * wrong with them: the torso and legs' zones, the split between top and
 * trousers (a long tee's lower half parsed as trousers and left in place),
 * the hem of the new top.
 */
export const TORSO_DEPTH = {
  /** Below this depth the hips are placed too high: above every front view seen whole, below the crops. */
  minPerShoulderWidth: 1.1,
  /** The depth they are moved down to: the median of the persons seen whole. */
  typicalPerShoulderWidth: 1.5,
} as const;

/**
 * `keypoints` with both hips moved down along the torso's own axis to
 * TORSO_DEPTH.typicalPerShoulderWidth when they lie less than
 * TORSO_DEPTH.minPerShoulderWidth below the shoulders (kept in the photo,
 * `height` its rows); unchanged otherwise, or without sure shoulders and hips.
 */
export function withPlausibleHips(keypoints: Record<PoseLandmark, Keypoint>, height: number): Record<PoseLandmark, Keypoint> {
  const { leftShoulder: sL, rightShoulder: sR, leftHip: hL, rightHip: hR } = keypoints;
  if (Math.min(sL.score, sR.score, hL.score, hR.score) < 0.5) return keypoints;
  const sw = Math.hypot(sL.x - sR.x, sL.y - sR.y);
  const dx = (hL.x + hR.x - sL.x - sR.x) / 2, dy = (hL.y + hR.y - sL.y - sR.y) / 2;
  const depth = Math.hypot(dx, dy);
  if (sw <= 0 || depth <= 0 || dy <= 0 || depth >= TORSO_DEPTH.minPerShoulderWidth * sw) return keypoints;
  const k = (TORSO_DEPTH.typicalPerShoulderWidth * sw) / depth - 1;
  const moved = (h: Keypoint): Keypoint => ({ ...h, x: h.x + dx * k, y: Math.min(height - 1, h.y + dy * k) });
  return { ...keypoints, leftHip: moved(hL), rightHip: moved(hR) };
}

export function toPersonAnalysis(photo: RgbImage, detected: { result: HumanResult; small: RgbImage; scale: number }, matte: Mask): PersonAnalysis | null {
  const body = detected.result.body[0];
  if (!body) return null;
  const s = detected.scale;
  const keypoints = {} as Record<PoseLandmark, Keypoint>;
  for (const name of POSE_LANDMARKS) {
    const k = body.keypoints.find((p) => p.part === name);
    keypoints[name] = k
      ? { x: k.position[0]! / s, y: k.position[1]! / s, z: k.position[2] ?? 0, score: k.score }
      : { x: 0, y: 0, z: 0, score: 0 };
  }
  return {
    width: photo.width,
    height: photo.height,
    keypoints,
    poseScore: body.score,
    matte,
    scale: s,
    faces: detected.result.face.map((f) => ({
      box: [f.box[0]! / s, f.box[1]! / s, f.box[2]! / s, f.box[3]! / s] as [number, number, number, number],
      score: f.boxScore ?? f.score,
    })),
    small: detected.small,
  };
}
