import { z } from 'zod';

export const MASK_TYPES = { overall: 'dress', upper: 'upper', lower: 'lower' } as const;

export const glamTryOnBody = z
  .object({
    media_url: z.string().min(1).describe('The person photo: an http(s) URL or a data: URI.'),
    garment_url: z.string().min(1).describe('The garment photo: an http(s) URL or a data: URI.'),
    mask_type: z
      .enum(['overall', 'upper', 'lower'])
      .describe('overall: replace completely (dresses, jumpsuits); upper: replace the top; lower: replace the bottom.'),
  })
  .meta({ id: 'GlamTryOnRequest' });

export const glamEvent = z.object({ event_id: z.string().describe('The generation id; also a native job id.') });

export const GLAM_STATUSES = ['IN_QUEUE', 'IN_PROGRESS', 'READY', 'FAILED'] as const;

export const glamResult = z
  .object({
    media_urls: z.array(z.string()).describe('Result image links once READY; empty before.'),
    status: z.enum(GLAM_STATUSES),
    error: z.string().optional().describe('Why the generation FAILED (Drape adds this).'),
  })
  .meta({ id: 'GlamTryOnResult' });
