import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_TRYON_OPTIONS, type EngineContext, type RawImage } from '../engine.js';
import { modelScale, outputSize, runUpscale, SR_MAX_INPUT_PIXELS } from './upscale.js';

const ctx: EngineContext = { stage: async (_name, work) => work(), progress: () => {} };
const noModel = () => Promise.reject(new Error('no wasm here'));
const gradient = (width: number, height: number, channels: 3 | 4): RawImage => {
  const data = new Uint8Array(width * height * channels);
  for (let i = 0; i < width * height; i++) {
    data[i * channels] = (i % width) * 4;
    data[i * channels + 1] = 100;
    data[i * channels + 2] = Math.floor(i / width) * 4;
    if (channels === 4) data[i * channels + 3] = 200;
  }
  return { width, height, channels, data };
};

test('the model scale is the smallest that reaches the factor; sizes round', () => {
  assert.deepEqual([1, 1.5, 2, 2.01, 3, 3.5, 4].map(modelScale), [2, 2, 2, 3, 3, 4, 4]);
  assert.deepEqual(outputSize({ width: 96, height: 64 }, 2.5), { width: 240, height: 160 });
  assert.deepEqual(outputSize({ width: 33, height: 17 }, 1.5), { width: 50, height: 26 });
});

test('a model that cannot load falls back to lanczos3, says why, and keeps the exact size and the alpha channel', async () => {
  const result = await runUpscale(noModel, { operation: 'upscale', image: gradient(40, 30, 4), options: { ...DEFAULT_TRYON_OPTIONS, upscaleFactor: 3, samples: 2 } }, ctx);
  assert.deepEqual([result.image.width, result.image.height, result.image.channels], [120, 90, 4]);
  assert.equal(result.info?.method, 'lanczos3');
  assert.match(String(result.info?.reason), /could not run: no wasm here/);
  assert.equal(result.image.data[3], 200);
  assert.equal(result.samples?.length, 1);
  assert.equal(result.samples?.[0], result.image);
});

test('an input above the model’s budget is resized by lanczos3 without loading the model', async () => {
  let asked = 0;
  const side = Math.ceil(Math.sqrt(SR_MAX_INPUT_PIXELS)) + 1;
  const result = await runUpscale(
    () => {
      asked += 1;
      return noModel();
    },
    { operation: 'upscale', image: gradient(side, side, 3), options: { ...DEFAULT_TRYON_OPTIONS, upscaleFactor: 1.25 } },
    ctx,
  );
  assert.equal(asked, 0);
  assert.equal(result.info?.method, 'lanczos3');
  assert.match(String(result.info?.reason), /size budget/);
  assert.equal(result.image.width, Math.round(side * 1.25));
});
