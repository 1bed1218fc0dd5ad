import { z } from 'zod';
import type { CategoryChoice } from '../../../engines/engine.js';
import { flag } from '../../schemas/common.js';

/** Pixelcut's garment_mode → the native garment category. */
export const GARMENT_MODES = {
  auto: 'auto',
  full: 'dress',
  upper: 'upper',
  lower: 'lower',
} as const satisfies Record<string, CategoryChoice>;

type GarmentMode = keyof typeof GARMENT_MODES;
const GARMENT_MODE_NAMES = Object.keys(GARMENT_MODES) as [GarmentMode, ...GarmentMode[]];

const imageUrl = z.string().min(1);

/** The fields of POST /v1/try-on, the same in JSON and (as strings) in multipart; the files are read apart. */
export const pixelcutTryOnFields = z.object({
  person_image_url: imageUrl
    .optional()
    .describe('The person photo: an http(s) URL or a data: URI. Required unless person_image is uploaded.'),
  garment_image_url: imageUrl
    .optional()
    .describe('The garment photo: an http(s) URL or a data: URI. Required unless garment_image is uploaded.'),
  garment_mode: z
    .enum(GARMENT_MODE_NAMES)
    .default('auto')
    .describe('auto (detect), full (dresses, jumpsuits), upper (shirts, jackets) or lower (pants, skirts).'),
  preprocess_garment: flag.default(true).describe('Remove the garment photo’s background first. Default true.'),
  remove_background: flag
    .default(false)
    .describe('Remove the result’s background (white: results are JPEG). Default false.'),
  wait_for_result: flag
    .default(true)
    .describe('true: hold the request and answer 200 {result_url}; false: answer 202 {job_id} at once. Default true.'),
});

export type PixelcutTryOnFields = z.output<typeof pixelcutTryOnFields>;

const imageFile = z.string().meta({ format: 'binary' });

/** The request as documented: the fields, plus the two files a multipart request may carry instead of URLs. */
export const pixelcutTryOnBody = pixelcutTryOnFields
  .extend({
    person_image: imageFile.optional().describe('multipart/form-data only: the person photo file; wins over person_image_url.'),
    garment_image: imageFile.optional().describe('multipart/form-data only: the garment photo file; wins over garment_image_url.'),
  })
  .meta({ id: 'PixelcutTryOnRequest' });

export const pixelcutResult = z
  .object({ result_url: z.string().describe('The JPEG result, valid for 1 hour.') })
  .meta({ id: 'PixelcutTryOnResult' });

export const pixelcutAccepted = z
  .object({ job_id: z.string().describe('Poll GET /v1/try-on/{job_id} (the Location header); also a native job id.') })
  .meta({ id: 'PixelcutTryOnAccepted' });

export const PIXELCUT_STATUSES = ['pending', 'processing', 'completed', 'failed', 'canceled'] as const;

/** The codes Pixelcut documents, and those Drape adds for what Pixelcut's document leaves without one. */
export const PIXELCUT_ERROR_CODES = [
  'invalid_request_body',
  'missing_parameter',
  'invalid_parameter',
  'unsupported_content_type',
  'malformed_image',
  'unsupported_image_format',
  'file_size_too_large',
  'resolution_too_high',
  'unknown_foreground',
  'invalid_auth_token',
  'insufficient_api_credits',
  'rate_limit_exceeded',
  'forbidden',
  'not_found',
  'internal_error',
] as const;

export type PixelcutErrorCode = (typeof PIXELCUT_ERROR_CODES)[number];

export const pixelcutError = z
  .object({
    error: z.string().describe('What went wrong, and why.'),
    error_code: z.enum(PIXELCUT_ERROR_CODES),
  })
  .meta({ id: 'PixelcutError' });

export const pixelcutJobStatus = z
  .object({
    job_id: z.string(),
    status: z.enum(PIXELCUT_STATUSES),
    result_url: z.string().optional().describe('Once completed: the JPEG result, valid for 1 hour from this answer.'),
    error: z.string().optional().describe('Once failed: why.'),
    error_code: z.enum(PIXELCUT_ERROR_CODES).optional().describe('Once failed: the code a wait_for_result request would get.'),
  })
  .meta({ id: 'PixelcutJobStatus' });

/** The same error schema under each status a route can answer with. */
export function pixelcutErrors(...statuses: number[]): Record<number, typeof pixelcutError> {
  return Object.fromEntries(statuses.map((status) => [status, pixelcutError]));
}
