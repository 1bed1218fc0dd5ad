import { z } from 'zod';
import { ERROR_CODES } from '../../errors.js';

export const errorBody = z
  .object({
    error: z.object({
      code: z.enum(ERROR_CODES),
      message: z.string(),
      field: z.string().optional(),
    }),
  })
  .meta({ id: 'Error', description: 'Every error response of the native API.' });

/** The same error schema under each status a route can answer with. */
export function errorResponses(...statuses: number[]): Record<number, typeof errorBody> {
  return Object.fromEntries(statuses.map((status) => [status, errorBody]));
}

const CATEGORY_ALIASES: Record<string, 'auto' | 'upper' | 'lower' | 'dress'> = {
  auto: 'auto',
  upper: 'upper',
  top: 'upper',
  tops: 'upper',
  upper_body: 'upper',
  lower: 'lower',
  bottom: 'lower',
  bottoms: 'lower',
  lower_body: 'lower',
  dress: 'dress',
  dresses: 'dress',
  full: 'dress',
  full_body: 'dress',
  'full body': 'dress',
  overall: 'dress',
  'one-piece': 'dress',
  one_piece: 'dress',
};

export const categorySchema = z
  .string()
  .transform((value, ctx) => {
    const category = CATEGORY_ALIASES[value.trim().toLowerCase()];
    if (category === undefined) {
      ctx.addIssue({
        code: 'custom',
        message: 'must be auto, upper, lower or dress (aliases: top, bottom, full, full_body, overall, one-piece)',
      });
      return z.NEVER;
    }
    return category;
  })
  .meta({ description: 'auto | upper | lower | dress, or an alias: top, bottom, full, full_body, overall, one-piece.' });

/**
 * A boolean field of any API, native or dialect: a JSON boolean, or in a form
 * the strings common clients send — true/false in any case (Python's requests
 * sends data={'x': False} as "False") and 1/0.
 */
export const flag = z
  .union([z.boolean(), z.string().regex(/^(true|false|1|0)$/i, 'must be true or false')], { error: 'must be true or false' })
  .transform((value) => (typeof value === 'boolean' ? value : /^(true|1)$/i.test(value)));
