/**
 * Reads a person's pose from a photo for the studio (model images, custom
 * poses, garments on a model): BlazePose's 33 keypoints and the face
 * detector, through the same vision models the built-in engine uses
 * (src/vision), loaded on first use in the thread that reads (~1 s and
 * ~250 MB once, measured in models.ts; the server reads on its studio
 * analysis threads, studio-analysis.ts) and run one photo at a time (one
 * Human instance is not re-entrant). A pose read costs ~100 ms of CPU on a
 * 512 px copy.
 */
import sharp from 'sharp';
import type { AcceptedImage } from '../images/image-guard.js';
import { loadVisionModels, type VisionModels } from '../vision/models.js';
import { ANALYSIS_LONG_SIDE_PX, detectPose, POSE_LANDMARKS, type Keypoint, type PoseLandmark } from '../vision/person-analysis.js';

/** A pose in the pixel frame of the photo it was read from (the analysis copy's size). */
export interface PoseReading {
  width: number;
  height: number;
  keypoints: Record<PoseLandmark, Keypoint>;
  /** BlazePose's body score, 0–1. */
  score: number;
  /** Face detector boxes' scores (a face seen from the front). */
  faceScores: number[];
}

/**
 * When a body counts as a person, as the engine's own check (person-checks.ts):
 * BlazePose scores 0.99–1.00 on real persons seen whole and ~0.66 on a
 * garment-only photo; a clear face vouches for a lower score (a head at the
 * top edge scores ~0.6).
 */
export const PERSON = { minBodyScore: 0.8, minBodyScoreWithFace: 0.5, clearFaceScore: 0.8 } as const;

/** What the studio services need: a pose read (in core, on an analysis thread: studio-analysis.ts). */
export interface PoseReads {
  read(image: AcceptedImage): Promise<PoseReading | undefined>;
}

export class PoseReader implements PoseReads {
  private models: Promise<VisionModels> | undefined;
  private queue: Promise<unknown> = Promise.resolve();

  /** The pose of the one person in the photo; undefined when no person is seen. */
  async read(image: AcceptedImage): Promise<PoseReading | undefined> {
    const run = this.queue.then(() => this.readNow(image));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async readNow(image: AcceptedImage): Promise<PoseReading | undefined> {
    const models = await this.loaded();
    const decoded = await sharp(image.bytes)
      .resize(ANALYSIS_LONG_SIDE_PX, ANALYSIS_LONG_SIDE_PX, { fit: 'inside', withoutEnlargement: true })
      .removeAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    const photo = { width: decoded.info.width, height: decoded.info.height, channels: 3 as const, data: new Uint8Array(decoded.data) };
    const { result, scale } = await detectPose(models, photo);
    const body = result.body[0];
    const faceScores = result.face.map((face) => face.boxScore ?? face.score);
    const clearFace = faceScores.some((score) => score >= PERSON.clearFaceScore);
    if (body === undefined || body.score < (clearFace ? PERSON.minBodyScoreWithFace : PERSON.minBodyScore)) return undefined;
    const keypoints = {} as Record<PoseLandmark, Keypoint>;
    for (const name of POSE_LANDMARKS) {
      const found = body.keypoints.find((point) => point.part === name);
      keypoints[name] = found
        ? { x: found.position[0]! / scale, y: found.position[1]! / scale, z: found.position[2] ?? 0, score: found.score }
        : { x: 0, y: 0, z: 0, score: 0 };
    }
    return { width: photo.width, height: photo.height, keypoints, score: body.score, faceScores };
  }

  private loaded(): Promise<VisionModels> {
    this.models ??= loadVisionModels({ pose: 'blazepose-full', face: true }).catch((error: unknown) => {
      this.models = undefined;
      throw error;
    });
    return this.models;
  }
}
