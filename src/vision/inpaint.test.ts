import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createMask } from './image.js';
import { halve, pushPullFill } from './inpaint.js';

test('push-pull keeps known pixels and fills unknown ones from their neighbourhood', () => {
  const w = 64, h = 48;
  const rgb = new Float32Array(w * h * 3);
  const known = createMask(w, h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      const left = x < w / 2;
      rgb.set(left ? [200, 150, 120] : [40, 60, 200], i * 3);
      // a hole straddling the middle
      known.data[i] = x > 20 && x < 44 && y > 10 && y < 38 ? 0 : 1;
    }
  }
  const out = pushPullFill(rgb, known);
  assert.deepEqual(Array.from(out.slice(0, 3)), [200, 150, 120]);
  const at = (x: number, y: number) => Array.from(out.slice((y * w + x) * 3, (y * w + x) * 3 + 3));
  // inside the hole near the left edge it is closer to the left colour
  const l = at(22, 24), r = at(42, 24);
  assert.ok(l[0]! > r[0]! + 40, `left ${l} right ${r}`);
  for (const v of [...l, ...r]) assert.ok(v >= 40 && v <= 200);
});

test('an all-unknown plane stays finite, and halve averages by weight', () => {
  const out = pushPullFill(new Float32Array(12 * 3).fill(9), createMask(4, 3));
  assert.ok(out.every((v) => Number.isFinite(v)));
  const k = createMask(2, 2);
  k.data[0] = 1;
  const rgb = new Float32Array([100, 100, 100, 7, 7, 7, 7, 7, 7, 7, 7, 7]);
  const hv = halve(rgb, k);
  assert.deepEqual(Array.from(hv.rgb), [100, 100, 100]);
  assert.equal(hv.known.data[0], 0.25);
});
