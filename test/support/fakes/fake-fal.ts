/**
 * A fal.ai queue double, as fal documents its queue API: POST /{model}
 * (Authorization: Key …) → {request_id, status_url, response_url,
 * cancel_url}; GET …/requests/{id}/status → {status: IN_QUEUE | IN_PROGRESS
 * | COMPLETED}; GET …/requests/{id} → the model's output ({images: [{url}]},
 * on its CDN) or its error ({detail: [{loc, msg, type}]}, 422); PUT
 * …/requests/{id}/cancel → 202 {status: CANCELLATION_REQUESTED}. 401
 * without the key; 429 with Retry-After when `throttleNext` is set.
 */
import { randomUUID } from 'node:crypto';
import { fakeTryOn, fromDataUri, startFake, type FakeServer } from './fake-server.js';

export interface FakeFal extends FakeServer {
  key: string;
  inputs: Record<string, any>[];
  canceled: string[];
  settings: { runMs: number; throttleNext: number; rejectInput: boolean; serverError: boolean };
}

export async function startFakeFal(key: string): Promise<FakeFal> {
  const requests = new Map<string, { input: Record<string, any>; done: number; canceled: boolean; model: string }>();
  const files = new Map<string, Buffer>();
  const state = { inputs: [] as Record<string, any>[], canceled: [] as string[], settings: { runMs: 50, throttleNext: 0, rejectInput: false, serverError: false } };
  let base = '';
  const server = await startFake(async (request, reply) => {
    if (request.path.startsWith('/cdn/')) {
      const file = files.get(request.path.slice('/cdn/'.length));
      return file === undefined ? reply.json(404, {}) : reply.bytes(200, file, 'image/png');
    }
    if (request.headers.authorization !== `Key ${key}`) return reply.json(401, { detail: 'Invalid API key' });
    if (state.settings.throttleNext > 0) {
      state.settings.throttleNext--;
      return reply.json(429, { detail: 'Rate limit exceeded' }, { 'retry-after': '1' });
    }
    if (state.settings.serverError) return reply.json(503, { detail: 'No runners available' }, { 'x-fal-retryable': 'true' });
    const match = /^\/(.+?)\/requests\/([^/]+)(\/status|\/cancel)?$/.exec(request.path);
    if (request.method === 'POST' && match === null) {
      const model = request.path.slice(1);
      const id = randomUUID();
      const input = request.json();
      state.inputs.push(input);
      requests.set(id, { input, done: Date.now() + state.settings.runMs, canceled: false, model });
      const at = `${base}/${model}/requests/${id}`;
      return reply.json(200, { request_id: id, response_url: at, status_url: `${at}/status`, cancel_url: `${at}/cancel`, queue_position: 0 });
    }
    const entry = match === null ? undefined : requests.get(match[2]!);
    if (entry === undefined) return reply.json(404, { detail: 'Request not found' });
    const id = match![2]!;
    if (request.method === 'PUT' && match![3] === '/cancel') {
      if (Date.now() >= entry.done) return reply.json(400, { status: 'ALREADY_COMPLETED' });
      entry.canceled = true;
      state.canceled.push(id);
      return reply.json(202, { status: 'CANCELLATION_REQUESTED' });
    }
    if (match![3] === '/status') {
      const done = Date.now() >= entry.done;
      return reply.json(done ? 200 : 202, { status: done ? 'COMPLETED' : 'IN_PROGRESS', response_url: `${base}/${entry.model}/requests/${id}` });
    }
    if (state.settings.rejectInput) {
      return reply.json(422, { detail: [{ loc: ['body', 'model_image'], msg: 'Could not detect a person in the image', type: 'image_load_error' }] });
    }
    const person = fromDataUri(entry.input.model_image);
    const images = [];
    for (let index = 0; index < (entry.input.num_samples ?? 1); index++) {
      const name = `${id}-${index}.png`;
      files.set(name, await fakeTryOn(person));
      images.push({ url: `${base}/cdn/${name}`, content_type: 'image/png' });
    }
    return reply.json(200, { images });
  });
  base = server.url;
  return { ...server, key, ...state };
}
