import { z } from 'zod';
import type { TryOnOptions } from './engine.js';

/**
 * TryOnOptions as they cross a boundary as JSON (a job's row, the engine
 * protocol's `task.options`): read back through this schema instead of cast.
 * `satisfies` makes it name every option of TryOnOptions (an option added
 * there and not here does not compile, rather than being dropped when read
 * back), and the schema's output must be a TryOnOptions.
 */
const tryOnOptionsShape = {
  preserveHands: z.boolean(),
  preserveFeet: z.boolean(),
  garmentBackgroundRemoval: z.enum(['auto', 'on', 'off']),
  resultBackground: z.string(),
  outputSize: z.object({ width: z.number().int().positive(), height: z.number().int().positive() }).optional(),
  diagnostics: z.boolean(),
  preset: z.enum(['fast', 'balanced', 'quality']),
  repaintOtherGarment: z.boolean().optional(),
  gender: z.enum(['woman', 'man']).optional(),
  samples: z.number().int().min(1).optional(),
  seed: z.number().int().optional(),
  garmentPhotoType: z.enum(['auto', 'flat-lay', 'model']).optional(),
  engine: z.string().optional(),
  requires: z.array(z.string()).optional(),
  minQuality: z.number().min(0).max(1).optional(),
  upscaleFactor: z.number().min(1).max(4).optional(),
} satisfies Record<keyof TryOnOptions, z.ZodType>;

export const tryOnOptionsSchema: z.ZodType<TryOnOptions> = z.object(tryOnOptionsShape);
