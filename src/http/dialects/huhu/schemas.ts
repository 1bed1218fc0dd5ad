import { z } from 'zod';
import type { Category, TryOnOptions } from '../../../engines/engine.js';
import { ERROR_CODES } from '../../../errors.js';
import { flag } from '../../schemas/common.js';
import { HUHU_STATUSES, type HuhuJob } from '../../../jobs/webhook-bodies/huhu.js';

/** Huhu's garment types, as its document spells them, and the category each one replaces. */
export const GARMENT_TYPES = { Top: 'upper', Bottom: 'lower', 'Full body': 'dress' } as const satisfies Record<string, Category>;
export type GarmentType = keyof typeof GARMENT_TYPES;

export const MODEL_TYPES = ['SD_V1', 'SD_V2', 'SD_V3', 'HD'] as const;
export type ModelType = (typeof MODEL_TYPES)[number];

/**
 * Huhu's models as engine presets. HD is the quality preset, which is also
 * what makes a job cost the HD price (src/accounts/credit-costs.ts); SD_V2
 * and SD_V3 differ in Huhu's own model generations only, not in a trade-off
 * Drape's engines offer.
 */
export const MODEL_PRESETS: Record<ModelType, TryOnOptions['preset']> = {
  SD_V1: 'fast',
  SD_V2: 'balanced',
  SD_V3: 'balanced',
  HD: 'quality',
};

/** Clients differ in case, spacing and underscores: "Full body", "Full Body", "full_body". */
const garmentType = z
  .string()
  .transform((value, ctx) => {
    const spoken = value.trim().toLowerCase().replace(/[\s_]+/g, ' ');
    const type = (Object.keys(GARMENT_TYPES) as GarmentType[]).find((name) => name.toLowerCase() === spoken);
    if (type === undefined) {
      ctx.addIssue({ code: 'custom', message: 'must be Top, Bottom or Full body' });
      return z.NEVER;
    }
    return type;
  })
  .describe('Top, Bottom or Full body (case-insensitive; "full_body" too).');

const imageUrl = z.string().min(1);

/** Every field of POST /tryon/v1 other than the images: JSON values, or multipart strings. */
export const huhuTryOnFields = z.object({
  garment_type: garmentType,
  model_type: z.enum(MODEL_TYPES).default('SD_V1').describe('The model; HD costs two credits. Default SD_V1.'),
  repaint_hands: flag.default(false).describe('Generate hands where they cover the garment. Default false.'),
  repaint_feet: flag.default(false).describe('Generate shoes that match the outfit. Default false.'),
  repaint_other_garment: flag
    .default(true)
    .describe('Generate the other garment to match; only with Top or Bottom on SD_V2 or SD_V3. Default true.'),
  // A string here: the SSRF guard's one URL rule (src/net) judges it, as it judges image URLs.
  webhook: z.string().optional().describe('An http(s) URL that receives the job when it ends.'),
});

export type HuhuTryOnFields = z.output<typeof huhuTryOnFields>;

/** The body as OpenAPI lists it: JSON names the images by URL, multipart sends them as files. */
export const huhuTryOnBody = huhuTryOnFields
  .extend({
    image_garment_url: imageUrl.optional().describe('JSON: the garment image, an http(s) URL or a data: URI. Required.'),
    image_model_url: imageUrl.optional().describe('JSON: the model image, an http(s) URL or a data: URI. Required.'),
    image_garment_file: z
      .string()
      .optional()
      .describe('Multipart: the garment image file, JPG or PNG (also as input_image_garment_file). Required.'),
    image_model_file: z
      .string()
      .optional()
      .describe('Multipart: the model image file, JPG or PNG (also as input_image_model_file). Required.'),
  })
  .meta({ id: 'HuhuTryOnRequest' });

export const huhuTryOnAccepted = z
  .object({
    job_id: z.string().describe('Poll GET /requests/v1?job_id=…; also a native job id.'),
    status: z.literal('initiated'),
  })
  .meta({ id: 'HuhuTryOnAccepted' });


export const huhuJob = z
  .object({
    job_id: z.string(),
    status: z.enum(HUHU_STATUSES),
    output: z.array(z.object({ image_url: z.string() })).describe('The result image once completed; empty before.'),
    error: z.string().optional().describe('Why the job failed or was canceled (Drape adds this).'),
  })
  .meta({ id: 'HuhuJob' }) satisfies z.ZodType<HuhuJob>;

export const huhuErrorBody = z
  .object({
    detail: z.string(),
    error_code: z.enum(ERROR_CODES).describe('Drape’s error code (Drape adds this).'),
  })
  .meta({ id: 'HuhuError', description: 'Huhu documents status codes only; the body is FastAPI’s {detail}.' });

/** The same error schema under each status a route can answer with. */
export function huhuErrors(...statuses: number[]): Record<number, typeof huhuErrorBody> {
  return Object.fromEntries(statuses.map((status) => [status, huhuErrorBody]));
}
