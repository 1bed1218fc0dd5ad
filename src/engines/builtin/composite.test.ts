import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createLayer } from './warp-render.js';
import { compositePass, garmentOcclusion } from './composite.js';
import { createMask } from '../../vision/image.js';

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

test('a fill brighter than 255 (a lit bare arm) is drawn as 255, never wrapped round to a dark blot', () => {
  const w = 8, h = 8;
  const layer = createLayer(w, h, { x0: 0, y0: 0, x1: -1, y1: -1 });
  const full = createMask(w, h);
  full.data.fill(1);
  const none = createMask(w, h);
  // skin fill (270, 200, −10) over the whole old garment, all of it skin
  const skin = new Float32Array(w * h * 3);
  for (let i = 0; i < w * h; i++) skin.set([270, 200, -10], i * 3);
  const fills = { skin, background: new Float32Array(w * h * 3), other: null, width: w, height: h, body: full, extent: full, otherWeight: null };
  const out = new Uint8Array(w * h * 3).fill(100);
  compositePass({ out, width: w, height: h, changed: new Float32Array(w * h) }, layer, { oldCloth: full, protect: none, armsFront: none, shading: full, fills });
  const p = (4 * w + 4) * 3;
  assert.ok(out[p]! >= 250, `red ${out[p]}`);
  assert.ok(out[p + 2]! <= 5, `blue ${out[p + 2]}`);
});
