import assert from 'node:assert/strict';
import type { ErrorCode } from '../../src/errors.js';
import { NATIVE_STATUS } from './expected-statuses.js';
import { TEST_ADMIN_KEY } from './keys.js';

/** Small HTTP helpers for tests against a started server. */
export interface JsonResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

/**
 * fetch with JSON conveniences. `key` is sent as a Bearer token: TEST_ADMIN_KEY
 * by default, none when null (or when the headers already carry a key).
 */
export async function request<T = any>(
  url: string,
  init: RequestInit & { json?: unknown; key?: string | null } = {},
): Promise<JsonResponse<T>> {
  const { json, key = TEST_ADMIN_KEY, ...rest } = init;
  const headers = new Headers(rest.headers);
  if (json !== undefined) headers.set('content-type', 'application/json');
  const carriesKey = ['authorization', 'x-api-key', 'ailabapi-api-key'].some((name) => headers.has(name));
  if (key !== null && !carriesKey) headers.set('authorization', `Bearer ${key}`);
  const response = await fetch(url, { ...rest, headers, ...(json === undefined ? {} : { body: JSON.stringify(json) }) });
  const text = await response.text();
  let body: unknown = text;
  if ((response.headers.get('content-type') ?? '').includes('json') && text.length > 0) body = JSON.parse(text);
  return { status: response.status, headers: response.headers, body: body as T };
}

export function multipart(fields: [string, string | { bytes: Buffer; filename?: string; type?: string }][]): FormData {
  const form = new FormData();
  for (const [name, value] of fields) {
    if (typeof value === 'string') form.append(name, value);
    else form.append(name, new Blob([new Uint8Array(value.bytes)], { type: value.type ?? 'application/octet-stream' }), value.filename ?? 'image');
  }
  return form;
}

/** Poll until `check` returns a value (not undefined), or fail after `timeoutMs`. */
export async function until<T>(check: () => Promise<T | undefined>, timeoutMs = 20_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The documented status of the code (NATIVE_STATUS), and the whole body: nothing but {error: {code, message, field?}}. */
export function assertError(response: JsonResponse, code: ErrorCode, field?: string): void {
  const detail = JSON.stringify(response.body);
  assert.equal(response.status, NATIVE_STATUS[code], detail);
  assert.equal(typeof response.body?.error?.message, 'string', detail);
  assert.deepEqual(
    response.body,
    { error: { code, message: response.body.error.message, ...(field === undefined ? {} : { field }) } },
    detail,
  );
}
