import { z } from 'zod';

const ratePolicy = z.object({ per_second: z.number(), burst: z.number() });

export const accountSchema = z
  .object({
    object: z.literal('account'),
    team: z.object({ id: z.string(), name: z.string(), created_at: z.string() }),
    plan: z.string(),
    credits: z.number().describe('The balance: grants and refunds minus charges.'),
    concurrency: z.object({
      limit: z.number().describe('Jobs the team may have queued or running at once.'),
      in_use: z.number(),
    }),
    rate_limits: z.object({
      requests: ratePolicy.describe('Per key, for POST and other writes.'),
      polling: ratePolicy.describe('Per key, for GET requests.'),
    }),
    key: z.object({ id: z.string(), name: z.string(), prefix: z.string() }).describe('The key this request used.'),
  })
  .meta({ id: 'Account' });

export const ledgerEntrySchema = z
  .object({
    id: z.string(),
    kind: z.enum(['grant', 'charge', 'refund']),
    amount: z.number().describe('Credits added (grant, refund) or taken (charge, negative).'),
    balance_after: z.number(),
    operation: z.string().nullable().describe('The priced operation, e.g. tryon_sd.'),
    job_id: z.string().nullable(),
    key_id: z.string().nullable(),
    request_id: z.string().nullable().describe('The request that caused the change (for a refund: the submission).'),
    note: z.string().nullable(),
    created_at: z.string(),
  })
  .meta({ id: 'LedgerEntry' });
