import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Mask } from '../../vision/image.js';
import { freePlanes, MAX_FREE_PLANES, scratchMask, scratchUnion, withMaskArena } from './verdict-scratch.js';

test('a settled arena hands its planes back: the next one gets the same plane, zeroed', async () => {
  let first: Float32Array | undefined;
  await withMaskArena(async (arena) => {
    const m = arena.mask(3, 2);
    m.data.fill(0.7);
    first = m.data;
  });
  const before = freePlanes();
  await withMaskArena(async (arena) => {
    const m = arena.mask(2, 3);
    // same length (6 floats): the plane handed back, all zeros again
    assert.equal(m.data, first);
    assert.deepEqual([...m.data], [0, 0, 0, 0, 0, 0]);
    assert.equal(freePlanes(), before - 1);
    // a plane of another length is a new one
    assert.notEqual(arena.mask(4, 2).data, first);
  });
});

test('an arena whose work fails hands its planes back too', async () => {
  const before = freePlanes();
  await assert.rejects(withMaskArena(async (arena) => {
    arena.mask(5, 5);
    arena.mask(5, 5);
    throw new Error('check failed');
  }));
  assert.equal(freePlanes(), Math.min(MAX_FREE_PLANES, before + 2));
});

test('at most MAX_FREE_PLANES planes wait for reuse', async () => {
  await withMaskArena(async (arena) => {
    for (let k = 0; k < MAX_FREE_PLANES + 5; k++) arena.mask(7, 1);
  });
  assert.equal(freePlanes(), MAX_FREE_PLANES);
});

test('scratchUnion is the maximum of its masks; scratchMask without an arena is a new zero mask', async () => {
  const mask = (data: number[]): Mask => ({ width: 3, height: 1, data: Float32Array.from(data) });
  const a = mask([0.25, 0.75, 0]), b = mask([0.5, 0.125, 0]), c = mask([0, 0, 1]);
  // per pixel: max(0.25, 0.5, 0) = 0.5, max(0.75, 0.125, 0) = 0.75, max(0, 0, 1) = 1; the inputs untouched
  assert.deepEqual([...scratchUnion(undefined, a, b, c).data], [0.5, 0.75, 1]);
  assert.deepEqual([...a.data], [0.25, 0.75, 0]);
  await withMaskArena(async (arena) => {
    assert.deepEqual([...scratchUnion(arena, b, a).data], [0.5, 0.75, 0]);
  });
  const fresh = scratchMask(undefined, 2, 2);
  assert.deepEqual([fresh.width, fresh.height, ...fresh.data], [2, 2, 0, 0, 0, 0]);
});
