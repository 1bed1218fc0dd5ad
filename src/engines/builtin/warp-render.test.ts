import { test } from 'node:test';
import assert from 'node:assert/strict';
import { closeSleeveGaps, createLayer, type GarmentLayer } from './warp-render.js';

/** One row: runs of [part, length] (part 0 = empty), colours by part. */
function row(runs: [number, number][]): GarmentLayer {
  const width = runs.reduce((s, [, n]) => s + n, 0);
  const layer = createLayer(width, 1);
  let x = 0;
  for (const [part, n] of runs) {
    for (let k = 0; k < n; k++, x++) {
      if (part === 0) continue;
      layer.alpha[x] = 1;
      layer.part[x] = part;
      layer.rgb.set(part === 1 ? [200, 0, 0] : [0, 0, 200], x * 3);
    }
  }
  return layer;
}

test('a narrow gap between panel and sleeve is closed with a blend of their colours', () => {
  const layer = row([[1, 5], [0, 3], [2, 5]]);
  closeSleeveGaps(layer, 4);
  assert.deepEqual(Array.from(layer.alpha), Array(13).fill(1));
  // the middle of the gap is half panel red, half sleeve blue
  assert.deepEqual(Array.from(layer.rgb.slice(6 * 3, 6 * 3 + 3)), [100, 0, 100]);
  assert.equal(layer.limb[6], 255);
});

test('wide gaps, and gaps between two sleeves or two panels, stay open', () => {
  for (const runs of [[[1, 5], [0, 6], [2, 5]], [[2, 5], [0, 3], [2, 5]], [[1, 5], [0, 3], [1, 5]]] as [number, number][][]) {
    const layer = row(runs);
    closeSleeveGaps(layer, 4);
    assert.equal(layer.alpha[6], 0, JSON.stringify(runs));
  }
});
