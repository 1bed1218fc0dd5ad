/**
 * What crosses the thread boundary between the job runner and an engine
 * worker: encoded images in, encoded images out. Decoding and encoding happen
 * in the worker, so the HTTP thread never spends time on pixels.
 */
import type { OperationName, QualityVerdict, TryOnOptions } from './engine.js';

export type OutputFormat = 'jpeg' | 'png' | 'webp';

export interface EngineTask {
  kind: 'run';
  operation: OperationName;
  person: Uint8Array;
  garments: { bytes: Uint8Array; category: string }[];
  /** The coarse result a refine operation improves. */
  coarse?: Uint8Array | undefined;
  options: TryOnOptions;
  output: { format: OutputFormat; quality: number };
  /** Int32Array over a SharedArrayBuffer: index 0 set to 1 asks for cancellation at the next stage. */
  cancel: Int32Array;
  /** Receives StageMessage and ProgressMessage. */
  port: MessagePort;
}

export interface WarmupTask {
  kind: 'warmup';
}

export type StageMessage = { type: 'stage'; name: string; ms: number };
export type ProgressMessage = { type: 'progress'; percent: number };
export type EngineMessage = StageMessage | ProgressMessage;

export interface EncodedImage {
  bytes: Uint8Array;
  format: OutputFormat;
  width: number;
  height: number;
}

export type EngineOutcome =
  | {
      ok: true;
      image: EncodedImage;
      /** The other results when options.samples asked for more than one, in seed order. */
      samples: EncodedImage[];
      diagnostics: (EncodedImage & { name: string })[];
      info: Record<string, unknown>;
      /** The engine's verdict on `image`, when it judges its results. */
      quality?: QualityVerdict;
      timings: Record<string, number>;
    }
  | {
      ok: false;
      error: { code: string; message: string; retryable: boolean; detail?: string };
      timings: Record<string, number>;
    };

export interface WarmupOutcome {
  engines: { name: string; operations: string[]; capabilities: string[] }[];
  threadId: number;
}
