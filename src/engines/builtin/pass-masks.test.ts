import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createMask, type Mask } from '../../vision/image.js';
import { handMask, type HandZone } from './pass-masks.js';

const W = 20;

/** A 20×20 mask with `v` inside [x0, x1) × [y0, y1). */
function rect(x0: number, y0: number, x1: number, y1: number, v = 1): Mask {
  const m = createMask(W, W);
  for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) m.data[y * W + x] = v;
  return m;
}

const at = (m: Mask, x: number, y: number) => m.data[y * W + x]!;
const xy = (i: number) => ({ x: i % W, y: Math.floor(i / W) });

/**
 * A hand's capsule x 4..15, y 2..17 (its left column soft, 0.6) on skin wider
 * than it; the old garment from row 10 down. Over the garment: a 3-row cuff
 * (rows 10..12, white: no skin saturation), the garment's own colour at
 * x ≥ 13 (a pale skirt passing the skin test), and one shaded pixel (7, 15)
 * between fingers that fails the skin test.
 */
function zone(garmentEverywhere = false): HandZone {
  const hands = rect(4, 2, 16, 18);
  for (let y = 2; y < 18; y++) hands.data[y * W + 4] = 0.6;
  const skin = rect(1, 1, 19, 19);
  skin.data[15 * W + 7] = 0;
  return {
    hands,
    skin,
    oldHard: rect(0, 10, W, W),
    saturated: (i) => !(xy(i).y >= 10 && xy(i).y <= 12),
    garmentColour: (i) => garmentEverywhere || (xy(i).x >= 13 && xy(i).y >= 10),
  };
}

test('a hand over the old garment stays on top, its cuff and the garment-coloured skin do not', () => {
  const m = handMask(zone());
  assert.equal(at(m, 8, 6), 1, 'skin beside the old garment is kept');
  assert.ok(Math.abs(at(m, 4, 6) - 0.6) < 1e-6, 'with the capsule\'s own soft value');
  assert.equal(at(m, 6, 14), 1, 'skin over the old garment, saturated and not its colour, is kept');
  assert.equal(at(m, 8, 11), 0, 'a cuff without skin saturation is not kept');
  assert.equal(at(m, 15, 14), 0, 'a pixel of the garment\'s colour is not kept');
  assert.equal(at(m, 13, 14), 0, 'not even beside the kept hand (a 3 px band is no pinhole)');
  assert.equal(at(m, 7, 15), 1, 'a 1 px pinhole between fingers is closed');
  assert.equal(at(m, 2, 6), 0, 'skin outside the capsule is not the hand');
});

test('without the garment\'s palette nothing over the old garment is kept', () => {
  const m = handMask(zone(true));
  assert.equal(at(m, 8, 6), 1);
  assert.equal(at(m, 8, 9), 1, 'the last row beside the garment');
  assert.equal(at(m, 6, 14), 0);
  assert.equal(at(m, 7, 15), 0);
});
