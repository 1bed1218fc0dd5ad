/**
 * Warm-up at init: try-ons of a drawn figure (upper, lower, dress) through the
 * whole pipeline, with the pose and matte models replaced by the figure's own
 * keypoints and silhouette. Measured on the 2-core machine: a fresh thread ran
 * its first ~5 jobs at 1.5–2× the steady time (964 → 476 ms for one pair; the
 * JS mask passes run unoptimised until V8 has seen them a few times), and that
 * set the p95. The real models are warmed separately (`loadVisionModels`).
 */
import type { Category, EngineContext, RawImage, TryOnRequest } from '../engine.js';
import type { HumanResult, TensorLike, VisionModels } from '../../vision/models.js';
import { POSE_LANDMARKS, type PoseLandmark } from '../../vision/person-analysis.js';
import { createMask, type Mask } from '../../vision/image.js';
import { fillCapsule, fillEllipse, fillPolygon, type Point } from '../../vision/raster.js';
import { boxBlurPlane } from '../../vision/mask-ops.js';
import { runTryOn } from './tryon.js';

/** Rounds over the three categories: measured first real job after 2 rounds ~690 ms, after 4 ~480 ms (steady ~420 ms); 3 rounds cost ~4 s of init. */
const WARM_UP_ROUNDS = 3;
const PHOTO_SIZE_PX = { width: 768, height: 1024 } as const;

/** A front-view standing figure, as fractions of the photo's width and height (person's left on the image's right). */
const FIGURE: Record<PoseLandmark, [number, number]> = {
  nose: [0.5, 0.12], leftEyeInside: [0.512, 0.1], leftEye: [0.522, 0.1], leftEyeOutside: [0.532, 0.1],
  rightEyeInside: [0.488, 0.1], rightEye: [0.478, 0.1], rightEyeOutside: [0.468, 0.1],
  leftEar: [0.55, 0.11], rightEar: [0.45, 0.11], leftMouth: [0.515, 0.145], rightMouth: [0.485, 0.145],
  leftShoulder: [0.62, 0.22], rightShoulder: [0.38, 0.22], leftElbow: [0.66, 0.38], rightElbow: [0.34, 0.38],
  leftWrist: [0.67, 0.52], rightWrist: [0.33, 0.52], leftPinky: [0.675, 0.56], rightPinky: [0.325, 0.56],
  leftIndex: [0.67, 0.565], rightIndex: [0.33, 0.565], leftThumb: [0.66, 0.55], rightThumb: [0.34, 0.55],
  leftHip: [0.57, 0.52], rightHip: [0.43, 0.52], leftKnee: [0.57, 0.72], rightKnee: [0.43, 0.72],
  leftAnkle: [0.57, 0.9], rightAnkle: [0.43, 0.9], leftHeel: [0.57, 0.93], rightHeel: [0.43, 0.93],
  leftFoot: [0.585, 0.95], rightFoot: [0.415, 0.95],
};

type Layer = [Mask, [number, number, number]];

function point(name: PoseLandmark, w: number, h: number): Point {
  const [x, y] = FIGURE[name];
  return { x: x * w, y: y * h };
}

/** The figure's parts as masks at a given size, back to front, each with its colour. */
function drawFigure(w: number, h: number): Layer[] {
  const p = (n: PoseLandmark) => point(n, w, h);
  const skin = createMask(w, h), top = createMask(w, h), trousers = createMask(w, h), shoes = createMask(w, h);
  const sw = p('leftShoulder').x - p('rightShoulder').x;
  fillEllipse(skin, { x: 0.5 * w, y: 0.11 * h }, 0.07 * w, 0.075 * h);
  fillCapsule(skin, { x: 0.5 * w, y: 0.15 * h }, { x: 0.5 * w, y: 0.22 * h }, 0.09 * sw);
  for (const side of ['left', 'right'] as const) {
    fillCapsule(skin, p(`${side}Elbow`), p(`${side}Wrist`), 0.09 * sw, 0.07 * sw);
    fillCapsule(skin, p(`${side}Wrist`), p(`${side}Index`), 0.07 * sw);
    fillCapsule(top, p(`${side}Shoulder`), p(`${side}Elbow`), 0.12 * sw, 0.1 * sw);
    fillCapsule(trousers, p(`${side}Hip`), p(`${side}Knee`), 0.22 * sw, 0.16 * sw);
    fillCapsule(trousers, p(`${side}Knee`), p(`${side}Ankle`), 0.16 * sw, 0.12 * sw);
    fillCapsule(shoes, p(`${side}Heel`), p(`${side}Foot`), 0.08 * sw);
  }
  fillPolygon(top, [p('rightShoulder'), p('leftShoulder'), { x: p('leftHip').x + 0.12 * sw, y: p('leftHip').y }, { x: p('rightHip').x - 0.12 * sw, y: p('rightHip').y }]);
  fillPolygon(trousers, [{ x: p('rightHip').x - 0.2 * sw, y: p('rightHip').y - 0.02 * h }, { x: p('leftHip').x + 0.2 * sw, y: p('leftHip').y - 0.02 * h }, p('leftKnee'), p('rightKnee')]);
  return [[skin, [205, 160, 140]], [trousers, [60, 60, 70]], [top, [40, 70, 160]], [shoes, [30, 25, 25]]];
}

/** Grain so palettes and fills see a spread of colours, not one value. */
function noise(i: number): number {
  const x = Math.imul(i ^ (i >>> 15), 2246822519);
  return (((x ^ (x >>> 13)) >>> 0) % 17) - 8;
}

function paint(w: number, h: number, layers: Layer[], background: [number, number, number]): RawImage {
  const data = new Uint8Array(w * h * 3);
  for (let i = 0; i < w * h; i++) {
    let c = background;
    for (const [mask, colour] of layers) if (mask.data[i]! >= 0.5) c = colour;
    const n = noise(i);
    for (let k = 0; k < 3; k++) data[i * 3 + k] = Math.max(0, Math.min(255, c[k]! + n));
  }
  return { width: w, height: h, channels: 3, data };
}

/** A product photo on white: a tee, trousers or a dress, drawn as polygons. */
function garmentPhoto(category: Category): RawImage {
  const { width: w, height: h } = PHOTO_SIZE_PX;
  const m = createMask(w, h);
  const P = (x: number, y: number): Point => ({ x: x * w, y: y * h });
  if (category === 'upper') {
    fillPolygon(m, [P(0.38, 0.15), P(0.45, 0.17), P(0.55, 0.17), P(0.62, 0.15), P(0.85, 0.3), P(0.78, 0.4), P(0.7, 0.33), P(0.7, 0.85), P(0.3, 0.85), P(0.3, 0.33), P(0.22, 0.4), P(0.15, 0.3)]);
  } else if (category === 'lower') {
    fillPolygon(m, [P(0.32, 0.08), P(0.68, 0.08), P(0.72, 0.92), P(0.54, 0.92), P(0.5, 0.35), P(0.46, 0.92), P(0.28, 0.92)]);
  } else {
    fillPolygon(m, [P(0.36, 0.08), P(0.4, 0.08), P(0.44, 0.2), P(0.56, 0.2), P(0.6, 0.08), P(0.64, 0.08), P(0.66, 0.4), P(0.8, 0.92), P(0.2, 0.92), P(0.34, 0.4)]);
  }
  return paint(w, h, [[m, [170, 40, 50]]], [248, 248, 248]);
}

/** Stand-ins for the models: the figure's keypoints, face box and silhouette at the size asked. */
function figureModels(models: VisionModels): VisionModels {
  const sizeOf = (t: unknown) => {
    const shape = (t as TensorLike).shape;
    return { h: shape[1]!, w: shape[2]! };
  };
  const human = {
    ...models.human,
    tf: {
      ...models.human.tf,
      tensor: (values: Float32Array | Int32Array, shape: number[]): TensorLike => ({ shape, data: async () => values, dispose() {} }),
    },
    async detect(input: unknown): Promise<HumanResult> {
      const { w, h } = sizeOf(input);
      return {
        body: [{ score: 0.99, box: [0.3 * w, 0.05 * h, 0.4 * w, 0.9 * h], keypoints: POSE_LANDMARKS.map((part) => ({ part, position: [FIGURE[part][0] * w, FIGURE[part][1] * h, 0], score: 0.99 })) }],
        face: [{ score: 0.95, boxScore: 0.95, box: [0.43 * w, 0.035 * h, 0.14 * w, 0.15 * h] }],
        hand: [],
      };
    },
    async segmentation(input: unknown): Promise<TensorLike> {
      const { w, h } = sizeOf(input);
      const hard = new Float32Array(w * h);
      for (const [mask] of drawFigure(w, h)) for (let i = 0; i < hard.length; i++) if (mask.data[i]! >= 0.5) hard[i] = 255;
      // soft edges like the real matte's (fractional values take other paths in the mask code)
      const soft = boxBlurPlane(hard, w, h, 2, 2);
      const alpha = new Int32Array(w * h);
      for (let i = 0; i < alpha.length; i++) alpha[i] = Math.round(soft[i]!);
      return { shape: [h, w, 1], data: async () => alpha, dispose() {} };
    },
  };
  return { human, options: models.options };
}

/** Runs the warm-up try-ons; a failure here only means a colder first job, never a failed init. */
export async function warmUpPipeline(
  models: VisionModels,
  report?: (category: Category, error: unknown) => void,
  rounds = WARM_UP_ROUNDS,
): Promise<void> {
  const fake = figureModels(models);
  const { width, height } = PHOTO_SIZE_PX;
  const person = paint(width, height, drawFigure(width, height), [215, 215, 210]);
  const ctx: EngineContext = { stage: async <T>(_name: string, work: () => Promise<T> | T) => work(), progress: () => {} };
  const options: TryOnRequest['options'] = { preserveHands: true, preserveFeet: true, garmentBackgroundRemoval: 'auto', resultBackground: 'keep', diagnostics: false, preset: 'balanced' };
  for (let round = 0; round < rounds; round++) {
    for (const category of ['upper', 'lower', 'dress'] as const) {
      try {
        await runTryOn(fake, { operation: 'tryon', person, garments: [{ image: garmentPhoto(category), category }], options }, ctx);
      } catch (error) {
        // a drawn figure the checks reject warms less; nothing else depends on it
        report?.(category, error);
      }
    }
  }
}
