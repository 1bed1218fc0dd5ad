import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createLayer } from './warp-render.js';
import { drawnSleeves, washedSleeveShare, SLEEVE_WASH } from './verdict-sleeves.js';
import { paint, solidImage } from '../../../test/support/drawing.js';

const RED: [number, number, number] = [200, 0, 0];
const GREY: [number, number, number] = [170, 150, 150];
const NEAR_RED: [number, number, number] = [220, 20, 10];

/**
 * A 10×10 layer: a red sleeve (part 2) at columns 2–5, rows 2–6 (20 px) drawn
 * solid, its column 6 at alpha 0.5 (a soft edge: not judged), and a panel
 * (part 1) at columns 7–8, rows 2–6.
 */
function layer() {
  const l = createLayer(10, 10);
  for (let y = 2; y <= 6; y++) {
    for (let x = 2; x <= 8; x++) {
      const i = y * 10 + x;
      l.part[i] = x <= 6 ? 2 : 1;
      l.alpha[i] = x === 6 ? 0.5 : 1;
      l.rgb.set(RED, i * 3);
    }
  }
  return l;
}

test('drawn sleeves: the solid limb pixels only, with their drawn colours', () => {
  const s = drawnSleeves(layer(), 10, 10);
  assert.equal(s.index.length, 20);
  assert.equal(s.index[0], 2 * 10 + 2);
  assert.deepEqual(s.rgb.slice(0, 3), RED);
});

test('washed sleeves: share of the solid sleeve whose result colour left the drawn one', () => {
  const s = drawnSleeves(layer(), 10, 10);
  // result: the sleeve red, but a grey smear over columns 2–3 (10 of its 20 px) and a slightly
  // different red (distance² 20² + 20² + 10² = 900 < 1600) over column 4
  const result = paint(paint(paint(solidImage(10, 10, [255, 255, 255]), 2, 2, 7, 7, RED), 2, 2, 4, 7, GREY), 4, 2, 5, 7, NEAR_RED);
  // grey vs red: 30² + 150² + 150² ≫ 1600
  assert.equal(washedSleeveShare(s, result, 20), 0.5);
  // a clean result: nothing washed
  assert.equal(washedSleeveShare(s, paint(solidImage(10, 10, [255, 255, 255]), 2, 2, 7, 7, RED), 20), 0);
  // 20 px of sleeve at a shoulder width of 40: 0.0125 sw² < minSleeveSw2 (0.02), too little to judge
  assert.ok(SLEEVE_WASH.minSleeveSw2 * 40 * 40 > 20);
  assert.equal(washedSleeveShare(s, result, 40), null);
});
