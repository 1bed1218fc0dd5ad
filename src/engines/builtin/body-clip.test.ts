import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createMask } from '../../vision/image.js';
import { createLayer } from './warp-render.js';
import { BODY_CLIP, clipToBody } from './body-clip.js';

test('a top is cut back to the silhouette plus a loose sleeve reach; what lies on the body stays', () => {
  // output 200×200, analysis 100×100; the body is the column x 30..69 (analysis px), shoulder width 40 px
  const matte = createMask(100, 100);
  for (let y = 0; y < 100; y++) for (let x = 30; x < 70; x++) matte.data[y * 100 + x] = 1;
  const layer = createLayer(200, 200);
  layer.alpha.fill(1);
  const { layer: clipped, cutShare } = clipToBody(layer, matte, 40);
  const at = (x: number, y: number) => clipped.alpha[y * 200 + x]!;
  assert.equal(at(100, 100), 1, 'on the body');
  const reachOut = Math.round(BODY_CLIP.reachSw * 40) * 2; // output px
  assert.ok(at(140 + reachOut - 4, 100) > 0.9, 'within the reach');
  assert.equal(at(10, 100), 0, 'far beside the body');
  assert.equal(at(190, 100), 0);
  assert.ok(cutShare > 0.4 && cutShare < 0.65, `cut ${cutShare}`);
  assert.equal(layer.alpha[10 * 200 + 10], 1, 'the input layer is left as it was');
});
