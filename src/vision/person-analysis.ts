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
  const values = new Float32Array(n * 3);
  for (let i = 0; i < n * 3; i++) values[i] = image.data[i]!;
  return models.human.tf.tensor(values, [1, image.height, image.width, 3], 'float32');
}

/** Runs pose + face detection and the selfie matte on a downscaled copy. */
export async function detectPose(
  models: VisionModels,
  photo: RgbImage,
  longSide = ANALYSIS_LONG_SIDE_PX,
): Promise<{ result: HumanResult; small: RgbImage; scale: number }> {
  const rgb = toRgb(photo);
  const size = fitLongSide(rgb.width, rgb.height, longSide);
  const small = await resizeImage(rgb, size.width, size.height);
  const tensor = await toTensor(models, small);
  try {
    const result = await models.human.detect(tensor);
    return { result, small, scale: size.width / rgb.width };
  } finally {
    tensor.dispose();
  }
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
