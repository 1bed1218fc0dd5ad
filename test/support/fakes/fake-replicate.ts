/**
 * A Replicate double, as Replicate documents its HTTP API: POST
 * /v1/predictions {version, input} (Authorization: Bearer …) → 201 with
 * {id, status: starting, urls}; GET /v1/predictions/{id} → status starting |
 * processing | succeeded (output: a file URL) | failed (error); POST
 * /v1/predictions/{id}/cancel; GET /v1/account. Errors are problem details
 * {title, detail, status}: 401, 422 for bad input, 429 with Retry-After.
 */
import { randomUUID } from 'node:crypto';
import { fakeTryOn, fromDataUri, startFake, type FakeServer } from './fake-server.js';

export interface FakeReplicate extends FakeServer {
  inputs: { version: string; input: Record<string, any> }[];
  canceled: string[];
  settings: { runMs: number; throttleNext: number; failPrediction: boolean; hangStatus: boolean };
}

export async function startFakeReplicate(token: string): Promise<FakeReplicate> {
  const predictions = new Map<string, { input: Record<string, any>; done: number; status: string }>();
  const files = new Map<string, Buffer>();
  const state = {
    inputs: [] as FakeReplicate['inputs'],
    canceled: [] as string[],
    settings: { runMs: 50, throttleNext: 0, failPrediction: false, hangStatus: false },
  };
  let base = '';
  const problem = (status: number, title: string, detail: string) => ({ title, detail, status });
  const server = await startFake(async (request, reply) => {
    if (request.path.startsWith('/delivery/')) {
      const file = files.get(request.path.slice('/delivery/'.length));
      return file === undefined ? reply.json(404, {}) : reply.bytes(200, file, 'image/png');
    }
    if (request.headers.authorization !== `Bearer ${token}`) {
      return reply.json(401, problem(401, 'Unauthenticated', 'You did not pass a valid authentication token'));
    }
    if (request.method === 'GET' && request.path === '/v1/account') return reply.json(200, { type: 'user', username: 'drape-test' });
    if (request.method === 'POST' && request.path === '/v1/predictions') {
      if (state.settings.throttleNext > 0) {
        state.settings.throttleNext--;
        return reply.json(429, problem(429, 'Request was throttled', 'Expected available in 1 second.'), { 'retry-after': '1' });
      }
      const body = request.json<{ version: string; input: Record<string, any> }>();
      if (typeof body.input?.human_img !== 'string' || !body.input.human_img.startsWith('data:image/')) {
        return reply.json(422, problem(422, 'Input validation failed', 'human_img: Does not match format uri'));
      }
      state.inputs.push(body);
      const id = randomUUID().replace(/-/g, '').slice(0, 26);
      predictions.set(id, { input: body.input, done: Date.now() + state.settings.runMs, status: 'starting' });
      return reply.json(201, {
        id,
        status: 'starting',
        input: body.input,
        output: null,
        error: null,
        urls: { get: `${base}/v1/predictions/${id}`, cancel: `${base}/v1/predictions/${id}/cancel` },
      });
    }
    const match = /^\/v1\/predictions\/([^/]+)(\/cancel)?$/.exec(request.path);
    const prediction = match === null ? undefined : predictions.get(match[1]!);
    if (prediction === undefined) return reply.json(404, problem(404, 'Not found', 'The requested resource could not be found.'));
    const id = match![1]!;
    if (match![2] === '/cancel') {
      prediction.status = 'canceled';
      state.canceled.push(id);
      return reply.json(200, { id, status: 'canceled', output: null, error: null });
    }
    if (state.settings.hangStatus) return reply.hang();
    if (prediction.status === 'canceled') return reply.json(200, { id, status: 'canceled', output: null, error: null });
    if (Date.now() < prediction.done) return reply.json(200, { id, status: 'processing', output: null, error: null });
    if (state.settings.failPrediction) return reply.json(200, { id, status: 'failed', output: null, error: 'CUDA error: out of memory' });
    const name = `${id}.png`;
    files.set(name, await fakeTryOn(fromDataUri(prediction.input.human_img)));
    return reply.json(200, { id, status: 'succeeded', output: `${base}/delivery/${name}`, error: null });
  });
  base = server.url;
  return { ...server, ...state };
}
