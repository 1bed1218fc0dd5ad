/**
 * The studio's image analysis — garment classification (SKU uploads and
 * archives) and pose reads (model images, custom poses) — on a small pool of
 * worker threads, so that classifying a 20-SKU archive (40 photos, ~0.2 s of
 * CPU each) never holds the HTTP event loop: other requests are answered
 * while it runs. The threads start on first use and end after a minute idle
 * (a thread that read a pose holds the vision models, ~250 MB).
 */
import { Piscina } from 'piscina';
import { DrapeError, type ErrorCode } from '../errors.js';
import type { AcceptedImage } from '../images/image-guard.js';
import { threadEntry } from '../thread-entry.js';
import type { GarmentClassification } from './garment-classifier.js';
import type { PoseReading } from './pose-reader.js';

export type AnalysisTask = { kind: 'classify'; image: AcceptedImage; name: string } | { kind: 'pose'; image: AcceptedImage };

/** What crosses back: a DrapeError travels as its code and message (a thread cannot throw the class across). */
export type AnalysisOutcome =
  | { ok: true; classification?: GarmentClassification; pose?: PoseReading | undefined }
  | { ok: false; code: ErrorCode; message: string; retryable: boolean };

/** What the studio services need of the analysis (a pool here; tests may pass the same). */
export interface ImageAnalysis {
  classify(image: AcceptedImage, name: string): Promise<GarmentClassification>;
  readPose(image: AcceptedImage): Promise<PoseReading | undefined>;
}

const WORKER = threadEntry('./analysis-worker', import.meta.url);
/** An idle analysis thread ends after this long, freeing what it loaded. */
const IDLE_THREAD_MS = 60_000;

function settle(outcome: AnalysisOutcome): Extract<AnalysisOutcome, { ok: true }> {
  if (!outcome.ok) throw new DrapeError(outcome.code, outcome.message, { retryable: outcome.retryable });
  return outcome;
}

export class AnalysisPool implements ImageAnalysis {
  private readonly piscina: Piscina;

  constructor(threads: number) {
    this.piscina = new Piscina({
      filename: WORKER.filename,
      minThreads: 0,
      maxThreads: threads,
      idleTimeout: IDLE_THREAD_MS,
      concurrentTasksPerWorker: 1,
      workerData: { entry: WORKER.entry },
    });
  }

  async classify(image: AcceptedImage, name: string): Promise<GarmentClassification> {
    return settle((await this.piscina.run({ kind: 'classify', image, name } satisfies AnalysisTask)) as AnalysisOutcome).classification!;
  }

  async readPose(image: AcceptedImage): Promise<PoseReading | undefined> {
    return settle((await this.piscina.run({ kind: 'pose', image } satisfies AnalysisTask)) as AnalysisOutcome).pose;
  }

  /** Analyses this pool has finished (a test shows the studio's work ran here). */
  get completed(): number {
    return this.piscina.completed;
  }

  async close(): Promise<void> {
    await this.piscina.destroy();
  }
}
