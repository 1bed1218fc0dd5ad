import { z } from 'zod';
import { categorySchema, flag } from './common.js';
import { DEFAULT_MIN_QUALITY } from '../../engines/engine.js';

const imageReference = z
  .string()
  .min(1)
  .describe('JSON: an http(s) URL or a data: URI (base64). Multipart: the file itself, or the same string.');

const METADATA_MAX_BYTES = 4096;

/** Fields of POST /v1/tryon, the same for JSON and (as strings) for multipart. */
export const tryOnFields = {
    person_image: imageReference.describe('The person photo.'),
    garment_image: imageReference.optional().describe('The garment photo (or use `garments` for an outfit).'),
    category: categorySchema.optional().describe('Category of garment_image. Default auto.'),
    garments: z
      .array(z.object({ image: imageReference, category: categorySchema.optional() }))
      .min(1)
      .max(3)
      .optional()
      .describe('A whole outfit in one job: up to three garments, each with its category.'),
    output_format: z.enum(['jpeg', 'jpg', 'png', 'webp']).optional().describe('Default jpeg.'),
    // A string here: the SSRF guard's one URL rule (src/net) judges it, as it judges image URLs.
    webhook_url: z.string().optional().describe('An http(s) URL that receives the job JSON when it ends.'),
    metadata: z
      .record(z.string(), z.unknown())
      .refine((value) => JSON.stringify(value).length <= METADATA_MAX_BYTES, `at most ${METADATA_MAX_BYTES} bytes of JSON`)
      .optional()
      .describe('Your own JSON object, echoed back on the job.'),
    preserve_hands: flag.optional().describe('Keep the person’s hands over the garment. Default true.'),
    preserve_feet: flag.optional().describe('Keep the person’s feet and shoes. Default true.'),
    garment_background_removal: z.enum(['auto', 'on', 'off']).optional().describe('Default auto.'),
    result_background: z
      .string()
      .regex(/^(keep|remove|#[0-9a-fA-F]{6})$/, 'must be keep, remove or a #rrggbb colour')
      .optional()
      .describe('keep (default), remove, or a #rrggbb colour.'),
    output_width: z.coerce.number().int().min(64).max(4096).optional().describe('Fit the result inside this width.'),
    output_height: z.coerce.number().int().min(64).max(4096).optional().describe('Fit the result inside this height.'),
    diagnostics: flag.optional().describe('Also return intermediate masks, keypoints and landmarks as images.'),
    preset: z.enum(['fast', 'balanced', 'quality']).optional().describe('Speed/quality trade-off. Default balanced.'),
    min_quality: z.coerce
      .number()
      .min(0)
      .max(1)
      .optional()
      .describe(`A result whose quality score is below this fails the job with low_quality_result (refunded). 0 accepts every result. Default ${DEFAULT_MIN_QUALITY}.`),
    engine: z
      .string()
      .max(63)
      .optional()
      .describe(
        'Run on this engine first (a name from the server’s ENGINES_FILE, e.g. builtin); if it is down, the others follow in order. An unknown name is 400 unknown_engine.',
      ),
    capabilities: z
      .preprocess(
        // Multipart sends one string: a comma-separated list.
        (value) => (typeof value === 'string' ? value.split(',').map((item) => item.trim()).filter(Boolean) : value),
        z.array(z.string().min(1).max(63)).max(8),
      )
      .optional()
      .describe(
        'Run only on engines that declare every one of these capabilities in the server’s ENGINES_FILE (GET /v1/engines lists them, e.g. catvton, seed); they are tried in the usual order. None serving this operation and preset: 400 unknown_engine.',
      ),
};

export const tryOnBody = z.object(tryOnFields).meta({ id: 'TryOnRequest' });

/** POST /v1/refine: a try-on's fields plus the coarse result to improve. */
export const refineBody = z
  .object({
    ...tryOnFields,
    coarse_image: imageReference.describe('The try-on result to refine (from Drape or any other service), same framing as person_image.'),
    gender: z.enum(['woman', 'man']).optional().describe('The person’s gender, if you know it.'),
  })
  .meta({ id: 'RefineRequest' });

export type TryOnBody = z.output<typeof tryOnBody>;
export type RefineBody = z.output<typeof refineBody>;

export const waitQuery = z.object({
  wait: z.coerce.number().int().min(0).max(600).optional().describe('Hold the request up to N seconds (as Prefer: wait=N).'),
});
