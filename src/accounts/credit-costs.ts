/**
 * What each operation costs, in credits: Huhu's public price table
 * (huhu-public-api-v1: image generation SD 1, HD 2; editing, background
 * removal, upscaling and hand fixes 2), so a team moving over keeps its
 * budget arithmetic. CREDIT_COSTS overrides single entries.
 */
import { ConfigError } from '../config.js';

export const DEFAULT_CREDIT_COSTS = {
  /** A try-on at the fast or balanced preset (Huhu SD_V1…V3). */
  tryon_sd: 1,
  /** A try-on at the quality preset (Huhu HD). */
  tryon_hd: 2,
  /** Refining a coarse try-on (Huhu "image editing"). */
  refine: 2,
  // The rest of the studio document's table (huhu-public-api-v1 "Credit Costs"), for the studio's
  // operations; each is charged once an engine that declares it runs one.
  /** Image Generation (HD) / Same-ID. */
  image_hd: 2,
  /** Multipose Generation. */
  multipose: 2,
  /** Image Editing / Inpainting. */
  inpaint: 2,
  /** Face Swap. */
  face_swap: 2,
  /** Upscale. */
  upscale: 2,
  /** Background Change / Removal. */
  background: 2,
  /** Hand Fix / Foot Fix. */
  hand_fix: 2,
  /** Logo Transfer / Accessory Try-On. */
  logo_transfer: 2,
  /** Ghost Mannequin. */
  ghost_mannequin: 2,
  /** Prompt Generation. */
  prompt_generation: 2,
  /** Video Generation (5s). */
  video_5s: 25,
  /** Video Generation (10s). */
  video_10s: 40,
} as const;

export type PricedOperation = keyof typeof DEFAULT_CREDIT_COSTS;
export type CreditCosts = Record<PricedOperation, number>;

/** The price table with overrides applied; an unknown operation name is a configuration error. */
export function creditCosts(overrides: Record<string, number>): CreditCosts {
  const unknown = Object.keys(overrides).filter((name) => !(name in DEFAULT_CREDIT_COSTS));
  if (unknown.length > 0) {
    throw new ConfigError(
      unknown.map((name) => `CREDIT_COSTS: unknown operation "${name}" (known: ${Object.keys(DEFAULT_CREDIT_COSTS).join(', ')})`),
    );
  }
  return { ...DEFAULT_CREDIT_COSTS, ...overrides };
}

/** Which price a job pays: the operation, and for try-ons the quality it asked for. */
export function pricedOperation(operation: string, options: Record<string, unknown>): PricedOperation {
  if (operation === 'tryon') return options.preset === 'quality' ? 'tryon_hd' : 'tryon_sd';
  if (operation in DEFAULT_CREDIT_COSTS) return operation as PricedOperation;
  throw new Error(`no price for operation ${operation}`);
}

/**
 * What one job costs: its operation's price once per result it asked for
 * (FASHN charges "1 credit per image"; options.samples is its num_samples).
 */
export function jobCost(costs: CreditCosts, operation: string, options: Record<string, unknown>): number {
  const samples = typeof options.samples === 'number' && options.samples > 1 ? options.samples : 1;
  return costs[pricedOperation(operation, options)] * samples;
}
