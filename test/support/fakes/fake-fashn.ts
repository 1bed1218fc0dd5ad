/**
 * FASHN's API as a provider double, as docs.fashn.ai documents it: POST
 * /v1/run {model_name, inputs} → {id, error: null}; GET /v1/status/{id} →
 * {id, status, output, error} (base64 outputs with return_base64; run-time
 * errors as {name, message}); GET /v1/credits. API-level errors are
 * {error: <Name>, message}: 401 UnauthorizedAccess, 429 OutOfCredits /
 * RateLimitExceeded, 500 InternalServerError.
 */
import { randomUUID } from 'node:crypto';
import sharp from 'sharp';
import { fakeTryOn, fromDataUri, startFake, type FakeServer } from './fake-server.js';

export interface FakeFashn extends FakeServer {
  runs: { model_name: string; inputs: Record<string, any> }[];
  settings: { runMs: number; credits: number; runtimeError: string | undefined; throttleNext: number; dropNext: number };
}

export async function startFakeFashn(key: string): Promise<FakeFashn> {
  const predictions = new Map<string, { inputs: Record<string, any>; done: number }>();
  const state = { runs: [] as FakeFashn['runs'], settings: { runMs: 50, credits: 100, runtimeError: undefined as string | undefined, throttleNext: 0, dropNext: 0 } };
  const server = await startFake(async (request, reply) => {
    if (state.settings.dropNext > 0) {
      state.settings.dropNext--;
      return reply.drop();
    }
    if (request.headers.authorization !== `Bearer ${key}`) return reply.json(401, { error: 'UnauthorizedAccess', message: 'Unauthorized: Invalid token' });
    if (request.method === 'GET' && request.path === '/v1/credits') {
      return reply.json(200, { credits: { total: state.settings.credits, subscription: 0, on_demand: state.settings.credits } });
    }
    if (request.method === 'POST' && request.path === '/v1/run') {
      if (state.settings.throttleNext > 0) {
        state.settings.throttleNext--;
        return reply.json(429, { error: 'RateLimitExceeded', message: 'Too many requests' }, { 'retry-after': '1' });
      }
      const body = request.json<{ model_name: string; inputs: Record<string, any> }>();
      if (state.settings.credits < (body.inputs.num_samples ?? 1)) return reply.json(429, { error: 'OutOfCredits', message: 'No API credits remaining' });
      state.runs.push(body);
      const id = `${randomUUID()}-u1`;
      predictions.set(id, { inputs: body.inputs, done: Date.now() + state.settings.runMs });
      return reply.json(200, { id, error: null });
    }
    const match = /^\/v1\/status\/(.+)$/.exec(request.path);
    const prediction = match === null ? undefined : predictions.get(decodeURIComponent(match[1]!));
    if (prediction === undefined) return reply.json(404, { error: 'NotFound', message: 'Prediction not found' });
    const id = decodeURIComponent(match![1]!);
    if (Date.now() < prediction.done) return reply.json(200, { id, status: 'processing', error: null });
    if (state.settings.runtimeError !== undefined) {
      return reply.json(200, { id, status: 'failed', error: { name: state.settings.runtimeError, message: 'Unable to detect body pose in the model image.' } });
    }
    const format = prediction.inputs.output_format === 'jpeg' ? 'jpeg' : 'png';
    const output = [];
    for (let index = 0; index < (prediction.inputs.num_samples ?? 1); index++) {
      const png = await fakeTryOn(fromDataUri(prediction.inputs.model_image));
      const bytes = format === 'jpeg' ? await sharp(png).jpeg().toBuffer() : png;
      output.push(`data:image/${format};base64,${bytes.toString('base64')}`);
    }
    return reply.json(200, { id, status: 'completed', output, error: null }, { 'x-fashn-credits-used': String(output.length) });
  });
  return { ...server, ...state };
}
