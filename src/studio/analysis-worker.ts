/**
 * The body of a studio analysis thread (run by piscina, see
 * studio-analysis.ts): a garment photo's classification or a person's pose,
 * off the HTTP event loop. The vision models load on the thread's first pose
 * read and stay for its life.
 */
import { setPriority } from 'node:os';
import { isDrapeError } from '../errors.js';
import type { AcceptedImage } from '../images/image-guard.js';
import { classifyGarment } from './garment-classifier.js';
import { PoseReader } from './pose-reader.js';
import type { AnalysisOutcome, AnalysisTask } from './studio-analysis.js';

/** As the engine threads (engine-worker.ts): the HTTP thread keeps the CPU it needs; analysis takes the rest. */
const ANALYSIS_THREAD_NICE = 19;
try {
  setPriority(ANALYSIS_THREAD_NICE);
} catch {
  // Not permitted on this platform: run at normal priority.
}

const poses = new PoseReader();

/** An AcceptedImage whose bytes arrived as a plain Uint8Array (structured clone drops Buffer). */
const revived = (image: AcceptedImage): AcceptedImage => ({ ...image, bytes: Buffer.from(image.bytes.buffer, image.bytes.byteOffset, image.bytes.byteLength) });

export default async function analyse(task: AnalysisTask): Promise<AnalysisOutcome> {
  try {
    const image = revived(task.image);
    if (task.kind === 'pose') return { ok: true, pose: await poses.read(image) };
    return { ok: true, classification: await classifyGarment(image, task.name, poses) };
  } catch (error) {
    if (isDrapeError(error)) return { ok: false, code: error.code, message: error.message, retryable: error.retryable };
    throw error;
  }
}
