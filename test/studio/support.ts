/** Helpers for the studio API tests: requests under /public/v1, SKU archives, fixture photos. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import yazl from 'yazl';
import { fixturesDir } from '../support/engine-fixtures.js';
import { request, until, type JsonResponse } from '../support/http.js';

export const fixture = (folder: 'persons' | 'garments', name: string) => readFileSync(resolve(fixturesDir(), folder, name));

/** Links carry PUBLIC_URL (a test server listens on a port of its own): the same path on the server. */
export function local(url: string, server: { url: string; config: { PUBLIC_URL: string } }): string {
  return url.startsWith(server.config.PUBLIC_URL) ? server.url + url.slice(server.config.PUBLIC_URL.length) : url;
}

/** A studio call: JSON in and out, the key as a Bearer token. */
export function studio(base: string, key: string) {
  const call = (method: string, path: string, body?: unknown) =>
    request(`${base}/public/v1${path}`, { method, key, ...(body === undefined ? {} : { json: body }) });
  return {
    get: (path: string) => call('GET', path),
    post: (path: string, body: unknown) => call('POST', path, body),
    put: (path: string, body: unknown) => call('PUT', path, body),
  };
}
export type Studio = ReturnType<typeof studio>;

/** A studio error: the status, and FastAPI's {detail} body with Drape's code. */
export function assertStudioError(response: JsonResponse, status: number, code: string): void {
  const detail = JSON.stringify(response.body);
  assert.equal(response.status, status, detail);
  assert.equal(response.body.error_code, code, detail);
  assert.equal(typeof response.body.detail, 'string', detail);
}

/** A zip of [name, bytes] entries (stored, or deflated when `compress`). */
export function zip(entries: [string, Buffer][], compress = false): Promise<Buffer> {
  const archive = new yazl.ZipFile();
  for (const [name, bytes] of entries) archive.addBuffer(bytes, name, { compress });
  archive.end();
  return new Promise((done, fail) => {
    const chunks: Buffer[] = [];
    archive.outputStream.on('data', (chunk: Buffer) => chunks.push(chunk));
    archive.outputStream.on('error', fail);
    archive.outputStream.on('end', () => done(Buffer.concat(chunks)));
  });
}

/**
 * The whole upload: start it, PUT each part to its URL (no key), complete
 * with the ETags. Returns the complete call's answer.
 */
export async function uploadZip(api: Studio, projectId: string, rebase: (url: string) => string, archive: Buffer): Promise<JsonResponse> {
  const started = await api.post('/project/upload', { project_id: projectId, file_type: 'sku_zip', file_size: archive.length });
  assert.equal(started.status, 200, JSON.stringify(started.body));
  const { key, upload_id: uploadId, upload_urls: urls } = started.body as { key: string; upload_id: string; upload_urls: string[] };
  const partSize = Math.ceil(archive.length / urls.length);
  const parts = [];
  for (const [index, url] of urls.entries()) {
    const part = archive.subarray(index * partSize, Math.min(archive.length, (index + 1) * partSize));
    const put = await fetch(rebase(url), { method: 'PUT', body: new Uint8Array(part) });
    assert.equal(put.status, 200, await put.text());
    parts.push({ PartNumber: index + 1, ETag: put.headers.get('etag')! });
  }
  return api.post('/project/complete_multipart_upload', { project_id: projectId, key, upload_id: uploadId, parts });
}

/** Poll GET /task detail until the task's status is one of `ends`. */
export async function taskUntil(api: Studio, ids: { project: string; sku: string; task: string }, ends: string[]): Promise<any> {
  return until(async () => {
    const got = await api.get(`/task?project_id=${ids.project}&sku_id=${ids.sku}&task_id=${ids.task}`);
    assert.equal(got.status, 200, JSON.stringify(got.body));
    return ends.includes(got.body.task_status) ? got.body : undefined;
  }, 30_000, `task ${ids.task} to reach ${ends.join(' or ')}`);
}
