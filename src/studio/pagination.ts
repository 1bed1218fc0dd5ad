import { DrapeError } from '../errors.js';

/** A list page when the client does not ask for everything. */
export const PAGE_SIZE = 100;
/** fetch_all: the document's "Fetch all records (max 10,000)". */
export const FETCH_ALL_MAX = 10_000;

/**
 * pagination_token: the last row's position, opaque to the client
 * (base64url JSON), so that the keyset behind it can change.
 */
export function encodeToken(position: string | number): string {
  return Buffer.from(JSON.stringify({ p: position })).toString('base64url');
}

export function decodeToken<T extends string | number>(token: string | undefined, kind: 'string' | 'number'): T | undefined {
  if (token === undefined || token === '') return undefined;
  let position: unknown;
  try {
    position = (JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { p?: unknown }).p;
  } catch {
    position = undefined;
  }
  if (typeof position !== kind) {
    throw new DrapeError('invalid_parameter', 'pagination_token is not one this server gave out.', { field: 'pagination_token' });
  }
  return position as T;
}

/**
 * Read a list page by page until it ends or `limit` rows are read: one page
 * of PAGE_SIZE, or with fetch_all up to FETCH_ALL_MAX. Returns the rows and
 * the token of the next page (null at the end).
 */
export async function readPages<Row, P extends string | number>(
  token: string | undefined,
  fetchAll: boolean,
  kind: 'string' | 'number',
  read: (after: P | undefined, limit: number) => Promise<Row[]>,
  positionOf: (row: Row) => P,
): Promise<{ rows: Row[]; next: string | null }> {
  const limit = fetchAll ? FETCH_ALL_MAX : PAGE_SIZE;
  const rows = await read(decodeToken<P>(token, kind), limit + 1);
  const page = rows.slice(0, limit);
  return { rows: page, next: rows.length > limit ? encodeToken(positionOf(page[page.length - 1]!)) : null };
}
