/**
 * The engine seam. An engine turns decoded images into result images for one
 * or more operations. The built-in engine runs classical vision on the CPU; a
 * remote GPU engine implements the same interface by calling its server from
 * `run`. Engines run inside worker threads (src/engines/engine-pool.ts): one
 * instance per thread, `init` once, then many `run`s, one at a time.
 */

export const OPERATIONS = ['tryon', 'refine', 'upscale'] as const;
export type OperationName = (typeof OPERATIONS)[number];
/**
 * What every set of engines must handle; the others (upscale) may have no
 * engine, and then the server says it cannot run them (the studio's
 * /capabilities, 501 on its routes) instead of refusing to start.
 */
export const CORE_OPERATIONS: readonly OperationName[] = ['tryon', 'refine'];

export const CATEGORIES = ['upper', 'lower', 'dress'] as const;
export type Category = (typeof CATEGORIES)[number];
export type CategoryChoice = Category | 'auto';

/** Interleaved 8-bit sRGB pixels, row-major, no padding. */
export interface RawImage {
  width: number;
  height: number;
  channels: 3 | 4;
  data: Uint8Array;
}

export interface GarmentInput {
  image: RawImage;
  category: CategoryChoice;
}

export type BackgroundRemoval = 'auto' | 'on' | 'off';

export interface TryOnOptions {
  /** Keep the person's own hands over the new garment. */
  preserveHands: boolean;
  /** Keep the person's own feet and shoes. */
  preserveFeet: boolean;
  /** Remove the background of the garment photo before analysis. */
  garmentBackgroundRemoval: BackgroundRemoval;
  /** 'keep', 'remove' (transparent, or white for formats without alpha) or a '#rrggbb' colour. */
  resultBackground: string;
  /** Resize the result to fit inside this box; absent: the person photo's size. */
  outputSize?: { width: number; height: number };
  /** Also return intermediate masks, keypoints and landmarks as images. */
  diagnostics: boolean;
  /** Quality/speed trade-off; dialects map their model names onto it. */
  preset: 'fast' | 'balanced' | 'quality';
  /**
   * Redraw the garment of the other category to match the new one (Huhu's
   * repaint_other_garment). Only a generative engine can; the built-in engine
   * keeps the person's other garment as it is.
   */
  repaintOtherGarment?: boolean;
  /** The person's gender when the client states it (the AILabTools refiner asks for it). */
  gender?: 'woman' | 'man';
  /**
   * Results wanted from one job, 1–4 (FASHN's num_samples). An engine that
   * makes several at once returns the others in EngineResult.samples; one
   * that does not is run again with the next seed for each missing sample.
   */
  samples?: number;
  /** Fixes a generative engine's random choices; a deterministic engine ignores it. */
  seed?: number;
  /** What the garment photo shows, when the client says (FASHN's garment_photo_type). */
  garmentPhotoType?: 'auto' | 'flat-lay' | 'model';
  /**
   * Routing, not engine input (stripped before an engine sees the options):
   * the engine the request named (ENGINES_FILE's names), tried first.
   */
  engine?: string;
  /** Routing: capabilities the engine must declare (a FASHN model name served by capability). */
  requires?: string[];
  /**
   * A result whose quality score (EngineResult.quality) is below this, 0..1,
   * fails the job with low_quality_result. Absent: DEFAULT_MIN_QUALITY.
   */
  minQuality?: number;
  /**
   * An upscale job's factor, 1–4 (the studio's upscale_factor): the result
   * is round(width × factor) × round(height × factor). Try-ons ignore it.
   */
  upscaleFactor?: number;
}

/**
 * The score below which a result fails when the request does not say: chosen
 * on the tune half of the fixtures by README "Result quality"'s rule (refuse
 * the most results graded broken while refusing at most 10 % of the acceptable
 * ones). A result with any check past its limit falls below it: a refused,
 * refunded job is better than a broken picture handed over as a success.
 */
export const DEFAULT_MIN_QUALITY = 0.95;

export interface TryOnRequest {
  operation: 'tryon';
  person: RawImage;
  /** One to three garments: at most one per category, a dress alone. */
  garments: GarmentInput[];
  options: TryOnOptions;
}

/**
 * Improve a coarse try-on (made by any engine or service) of these garments
 * on this person: fit and blend the garments onto the person again, guided by
 * the coarse result, and return a better image than the coarse one.
 */
export interface RefineRequest {
  operation: 'refine';
  person: RawImage;
  /** The top garment, and the bottom one when given. */
  garments: GarmentInput[];
  /** The try-on result to refine: the same person, garments already on. */
  coarse: RawImage;
  options: TryOnOptions;
}

/**
 * Enlarge one image by options.upscaleFactor (default 2). options.samples
 * asks for several results: an engine that cannot make them differ returns
 * the same picture (the studio reports how many are distinct).
 */
export interface UpscaleRequest {
  operation: 'upscale';
  image: RawImage;
  options: TryOnOptions;
}

export type EngineRequest = TryOnRequest | RefineRequest | UpscaleRequest;

export interface EngineContext {
  /**
   * Run one named stage of the work (pose, matte, warp, …). The stage is
   * timed into the job's stage timings, and a cancel request is honoured at
   * its start by throwing a `canceled` error.
   */
  stage<T>(name: string, work: () => Promise<T> | T): Promise<T>;
  /** Report progress, 0–100, of the engine's own work. */
  progress(percent: number): void;
}

/**
 * Why a result may not pass as a try-on, one code per check of the verdict
 * (README "Result quality"). Stable: clients switch on them.
 */
export const QUALITY_WARNINGS = [
  'garment_matte_fragmented',
  'garment_outside_body',
  'garment_misaligned',
  'old_garment_visible',
  'large_fill',
  'flat_fill',
  'fill_hard_edge',
  'smeared_edges',
  'limb_erased',
  'low_pose_confidence',
] as const;
export type QualityWarning = (typeof QUALITY_WARNINGS)[number];

/** An engine's own judgement of a result: 1 looks right, 0 is broken; a warning per check that found a defect. */
export interface QualityVerdict {
  score: number;
  warnings: QualityWarning[];
  /** The measured figures behind the score (names and meaning in the engine's verdict module). */
  figures: Record<string, number>;
}

export interface NamedImage {
  name: string;
  image: RawImage;
}

export interface EngineResult {
  image: RawImage;
  /** Further results of the same request, when options.samples asked for more than one. */
  samples?: RawImage[];
  /** Debug renderings, present when options.diagnostics was set. */
  diagnostics?: NamedImage[];
  /** Small JSON facts about the run (categories decided, scores). */
  info?: Record<string, unknown>;
  /** The engine's verdict on `image`, when it can judge its own results (the job fails below options.minQuality). */
  quality?: QualityVerdict;
}

export interface Engine {
  readonly name: string;
  readonly operations: readonly OperationName[];
  /** Features beyond the operations that routing may ask for (model names, "samples", …); none when absent. */
  readonly capabilities?: readonly string[];
  /** Load models. Called once per worker thread before the first `run`. */
  init(): Promise<void>;
  /**
   * Failures a client caused throw a DrapeError with an engine code
   * (no_person_detected, category_mismatch, …) and retryable false; transient
   * faults throw with retryable true.
   */
  run(request: EngineRequest, ctx: EngineContext): Promise<EngineResult>;
  dispose?(): Promise<void>;
}

/** What an engine module exports (built-in or a plug-in named in ENGINES). */
export type EngineFactory = () => Engine;

export const DEFAULT_TRYON_OPTIONS: TryOnOptions = {
  preserveHands: true,
  preserveFeet: true,
  garmentBackgroundRemoval: 'auto',
  resultBackground: 'keep',
  diagnostics: false,
  preset: 'balanced',
};
