import { z } from 'zod';
import { FASHN_STATUSES, RUNTIME_ERROR_NAMES } from '../../../jobs/webhook-bodies/fashn.js';
import type { CategoryChoice, TryOnOptions } from '../../../engines/engine.js';

/** FASHN's try-on categories → the native garment category. */
export const CATEGORIES = {
  auto: 'auto',
  tops: 'upper',
  bottoms: 'lower',
  'one-pieces': 'dress',
} as const satisfies Record<string, CategoryChoice>;

/** FASHN's modes (and tryon-max's generation_mode) → engine presets. */
export const MODE_PRESETS = {
  performance: 'fast',
  balanced: 'balanced',
  quality: 'quality',
} as const satisfies Record<string, TryOnOptions['preset']>;

const keysOf = <T extends Record<string, unknown>>(record: T) => Object.keys(record) as [keyof T & string, ...(keyof T & string)[]];

/** A URL or a data: URI (FASHN: "Base64 images must include the proper prefix"). */
const image = z.string().min(1).max(50_000_000);
/** FASHN: 1–4 images a run; each is charged. */
const sampleCount = z.number().int().min(1).max(4).default(1);
/** FASHN: "Must be between 0 and 2^32-1." */
const seed = z.number().int().min(0).max(2 ** 32 - 1).optional();
const outputFormat = z.enum(['png', 'jpeg']).default('png');

/** The inputs of tryon-v1.6, with FASHN's defaults. */
export const tryOnV16Inputs = z.object({
  model_image: image.describe('The person: an http(s) URL or a data: URI.'),
  garment_image: image.describe('The garment: an http(s) URL or a data: URI.'),
  category: z.enum(keysOf(CATEGORIES)).default('auto'),
  mode: z.enum(keysOf(MODE_PRESETS)).default('balanced'),
  garment_photo_type: z.enum(['auto', 'flat-lay', 'model']).default('auto'),
  segmentation_free: z.boolean().default(true).describe('Accepted; the built-in engine always fits without segmentation-free mode.'),
  moderation_level: z
    .enum(['conservative', 'permissive', 'none'])
    .default('permissive')
    .describe('Accepted; Drape runs no content moderation of its own.'),
  num_samples: sampleCount.describe('Results to make, 1–4; each costs the job’s price.'),
  seed: seed.describe('Fixes a generative engine’s randomness; the built-in engine is deterministic.'),
  output_format: outputFormat,
  return_base64: z.boolean().default(false).describe('Status answers carry data: URIs instead of links.'),
});

/** tryon-max names the garment product_image and its options differently. */
export const tryOnMaxInputs = z.object({
  model_image: image.describe('The person: an http(s) URL or a data: URI.'),
  product_image: image.describe('The product (garment): an http(s) URL or a data: URI.'),
  generation_mode: z.enum(['balanced', 'quality']).default('balanced'),
  num_images: sampleCount.describe('Results to make, 1–4; each costs the job’s price.'),
  seed,
  output_format: outputFormat,
  return_base64: z.boolean().default(false),
  prompt: z.string().max(2000).optional().describe('Accepted; no engine receives it yet.'),
  resolution: z.enum(['1k', '2k', '4k']).optional().describe('Accepted; results keep the person photo’s size.'),
  aspect_ratio: z.string().max(8).optional().describe('Accepted; results keep the person photo’s aspect ratio.'),
});

export const runBody = z
  .object({
    model_name: z.string().min(1).max(100).describe('tryon-v1.6 or tryon-max.'),
    inputs: z.record(z.string(), z.unknown()).describe('The model’s inputs (see tryon-v1.6 and tryon-max).'),
  })
  .meta({ id: 'FashnRunRequest' });

export const runQuery = z.object({
  webhook_url: z.url({ protocol: /^https?$/ }).max(2048).optional().describe('Receives the status body when the prediction ends.'),
});

export const runAccepted = z
  .object({ id: z.string().describe('The prediction id (also a native job id).'), error: z.null() })
  .meta({ id: 'FashnRunResponse' });

export const predictionStatus = z
  .object({
    id: z.string(),
    status: z.enum(FASHN_STATUSES),
    output: z.array(z.string()).optional().describe('Once completed: result links (valid 72 h), or data: URIs with return_base64.'),
    error: z.object({ name: z.enum(RUNTIME_ERROR_NAMES), message: z.string() }).nullable(),
  })
  .meta({ id: 'FashnPredictionStatus' });

/** API-level error names (before a prediction exists), with their statuses. */
export const API_ERROR_NAMES = [
  'BadRequest',
  'UnauthorizedAccess',
  'NotFound',
  'RateLimitExceeded',
  'ConcurrencyLimitExceeded',
  'OutOfCredits',
  'InternalServerError',
] as const;
export type ApiErrorName = (typeof API_ERROR_NAMES)[number];

export const apiError = z
  .object({ error: z.enum(API_ERROR_NAMES), message: z.string() })
  .meta({ id: 'FashnError', description: 'FASHN’s API-level error: returned before a prediction id exists.' });

export const creditsBalance = z
  .object({
    credits: z.object({
      total: z.number().int(),
      subscription: z.number().int().describe('Always 0: Drape credits are granted, not a monthly plan.'),
      on_demand: z.number().int(),
    }),
  })
  .meta({ id: 'FashnCredits' });

/** The same error schema under each status a route can answer with. */
export function fashnErrors(...statuses: number[]): Record<number, typeof apiError> {
  return Object.fromEntries(statuses.map((status) => [status, apiError]));
}
