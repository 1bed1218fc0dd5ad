import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Caller } from '../../../studio/studio-service.js';

/** A query flag as clients send it: true/false, 1/0. */
export const queryFlag = z
  .enum(['true', 'false', '1', '0', 'True', 'False'])
  .transform((value) => value.toLowerCase() === 'true' || value === '1');

export const id = z.string().trim().min(1).max(100);
export const programId = id.optional().describe('Program ID (uses the key’s default program if omitted).');

/** pagination_token and fetch_all, on every list. */
export const listQuery = {
  program_id: programId,
  pagination_token: z.string().max(500).optional().describe('Token for the next page (from the previous answer).'),
  fetch_all: queryFlag.optional().describe('Every record, up to 10,000, in one answer.'),
};

export const name = z.string().trim().min(1).max(200);

export function callerOf(request: FastifyRequest): Caller {
  return { teamId: request.teamId, keyId: request.keyId, requestId: request.id };
}

/** One of the document's words, matched case-insensitively and answered in its spelling ("women" → "Women"). */
export function oneOf<const T extends readonly string[]>(words: T) {
  return z
    .string()
    .trim()
    .transform((value, context) => {
      const word = words.find((each) => each.toLowerCase() === value.toLowerCase());
      if (word === undefined) context.addIssue({ code: 'custom', message: `must be one of: ${words.join(', ')}` });
      return (word ?? value) as T[number];
    });
}
