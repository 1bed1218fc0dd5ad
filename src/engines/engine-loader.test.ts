import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import type { Engine } from './engine.js';
import { loadEngine, routeOperations } from './engine-loader.js';

const engine = (name: string, operations: Engine['operations']): Engine => ({
  name,
  operations,
  async init() {},
  async run() {
    throw new Error('not used');
  },
});

test('each operation is routed to the one engine that handles it', () => {
  const builtin = engine('builtin', ['tryon', 'refine']);
  assert.equal(routeOperations([builtin]).get('tryon'), builtin);
  assert.equal(routeOperations([builtin]).get('refine'), builtin);
  const gpu = engine('gpu', ['tryon']);
  const refiner = engine('refiner', ['refine']);
  const split = routeOperations([gpu, refiner]);
  assert.deepEqual([split.get('tryon'), split.get('refine')], [gpu, refiner]);
});

test('an operation handled by two engines, or by none, refuses to start', () => {
  assert.throws(
    () => routeOperations([engine('a', ['tryon', 'refine']), engine('b', ['tryon'])]),
    /handled by two engines: a and b/,
  );
  assert.throws(() => routeOperations([engine('empty', [])]), /no engine handles: tryon, refine/);
  assert.throws(() => routeOperations([engine('tryon only', ['tryon'])]), /no engine handles: refine/);
  assert.throws(() => routeOperations([engine('a', ['tryon', 'refine', 'upscale']), engine('b', ['upscale'])]), /"upscale" is handled by two engines/);
});

test('an optional operation (upscale) may have no engine: the server starts and says it cannot run it', () => {
  const routes = routeOperations([engine('builtin', ['tryon', 'refine'])]);
  assert.equal(routes.get('upscale'), undefined);
});

test('engine modules load by path; a module without createEngine is refused', async () => {
  const testEngine = fileURLToPath(new URL('../../test/support/test-engine.ts', import.meta.url));
  assert.equal((await loadEngine(testEngine)).name, 'test-engine');
  await assert.rejects(loadEngine(fileURLToPath(new URL('./engine.ts', import.meta.url))), /exports no createEngine/);
});
