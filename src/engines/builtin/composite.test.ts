import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createLayer } from './warp-render.js';
import { garmentOcclusion } from './composite.js';

test('the garment occlusion is full under the garment, about half at its edge and none far from it', () => {
  // a 200×200 output with a garment box at x 60..139; analysis size 100×100
  const layer = createLayer(200, 200, { x0: 40, y0: 40, x1: 159, y1: 159 });
  for (let y = 40; y <= 159; y++) {
    for (let x = 60; x <= 139; x++) layer.alpha[(y - layer.oy) * layer.lw + (x - layer.ox)] = 1;
  }
  layer.bounds = { x0: 60, y0: 40, x1: 139, y1: 159 };
  const occ = garmentOcclusion(layer, 100, 100, 3);
  const at = (x: number, y: number) => occ.data[y * 100 + x]!;
  assert.ok(at(50, 50) > 0.95, `inside ${at(50, 50)}`);
  assert.ok(at(30, 50) > 0.3 && at(30, 50) < 0.7, `edge ${at(30, 50)}`);
  assert.ok(at(27, 50) > 0 && at(27, 50) < at(30, 50), 'falls off outside');
  assert.equal(at(10, 50), 0);
});
