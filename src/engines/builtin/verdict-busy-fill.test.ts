import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createMask } from '../../vision/image.js';
import { BUSY_FILL, busyFill, busyFillPixels, laplacianMagnitude } from './verdict-busy-fill.js';
import { rect } from '../../../test/support/drawing.js';

/** A flat 100 luminance, 20×20, with one pixel at (10, 10) raised by `d`. */
function spike(d: number): Float32Array {
  const lum = new Float32Array(400).fill(100);
  lum[10 * 20 + 10] = 100 + d;
  return lum;
}

test('laplacian magnitude: 4d at a spike, d at its four neighbours, 0 elsewhere and on the border', () => {
  const lap = laplacianMagnitude(spike(40), 20, 20);
  assert.equal(lap[10 * 20 + 10], 160);
  for (const i of [10 * 20 + 9, 10 * 20 + 11, 9 * 20 + 10, 11 * 20 + 10]) assert.equal(lap[i], 40);
  assert.equal(lap[10 * 20 + 12], 0);
  assert.equal(lap[0], 0);
});

test('laplacian magnitude into a given plane: the same values written there, which is returned', () => {
  // the spike of 40 at (10, 10): 160 there and 40 at (10, 11), in the plane passed in
  const out = new Float32Array(400);
  const lap = laplacianMagnitude(spike(40), 20, 20, undefined, out);
  assert.equal(lap, out);
  assert.deepEqual([out[10 * 20 + 10], out[10 * 20 + 11], out[0]], [160, 40, 0]);
});

test('busy fill pixels: the centres whose 5×5 box holds the spike and its four neighbours', () => {
  assert.equal(BUSY_FILL.radiusPx, 2);
  const lap = laplacianMagnitude(spike(40), 20, 20);
  const fill = createMask(20, 20, 1);
  const none = createMask(20, 20);
  // a box within one pixel of the spike holds 160 + 4·40 = 320: mean 12.8;
  // two pixels off along a row it loses one neighbour (280: 11.2), at a corner two (240: 9.6)
  const busy = busyFillPixels(lap, fill, none, 12);
  const on: number[] = [];
  for (let i = 0; i < busy.data.length; i++) if (busy.data[i]! >= 0.5) on.push(i);
  const expected: number[] = [];
  for (let y = 9; y <= 11; y++) for (let x = 9; x <= 11; x++) expected.push(y * 20 + x);
  assert.deepEqual(on, expected);
  // the limit is strict: 12.8 is not above 12.8
  assert.equal(busyFillPixels(lap, fill, none, 12.8).data.reduce((a, v) => a + v, 0), 0);
  // kept pixels and pixels outside the fill are never counted: column 9 kept, row 11 not filled
  const keep = rect(createMask(20, 20), 9, 0, 10, 20);
  const rows = rect(createMask(20, 20, 1), 0, 11, 20, 12, 0);
  assert.equal(busyFillPixels(lap, rows, keep, 12).data.reduce((a, v) => a + v, 0), 4);
});

test('busy fill: the pieces large enough, in shoulder widths², against the skin\'s own texture', () => {
  const fill = createMask(20, 20, 1);
  const none = createMask(20, 20);
  // the 9 busy pixels over a 30 px shoulder width (900 px²): a piece of 0.01 sw² (the least counted is 0.9 px)
  assert.equal(busyFill({ lum: spike(40), fill, keep: none, skinTexture: null, shoulderWidthPx: 30 }), 9 / 900);
  // skin as textured as 4 puts the limit at 12 (the floor): still 9 pixels
  assert.equal(busyFill({ lum: spike(40), fill, keep: none, skinTexture: 4, shoulderWidthPx: 30 }), 9 / 900);
  // skin textured at 5 puts the limit at 15, above the box's 12.8: a fill as busy as skin is clean
  assert.equal(busyFill({ lum: spike(40), fill, keep: none, skinTexture: 5, shoulderWidthPx: 30 }), 0);
  // a 100 px shoulder width: the least piece counted is 10 px, the 9-pixel piece is too small
  assert.equal(busyFill({ lum: spike(40), fill, keep: none, skinTexture: null, shoulderWidthPx: 100 }), 0);
  // a flat fill is never busy
  assert.equal(busyFill({ lum: new Float32Array(400).fill(100), fill, keep: none, skinTexture: null, shoulderWidthPx: 30 }), 0);
});

test('laplacian magnitude over a box: the box\'s pixels only, the rest 0; the busy fill the same as over the frame', () => {
  // the spike of 40 at (10, 10) and a box over columns 9–10 of rows 9–10: 4·40 at the spike, 40 at (9, 10) and (10, 9);
  // its other neighbours (11, 10) and (10, 11) lie outside the box: 0 there, 40 over the whole frame
  const lap = laplacianMagnitude(spike(40), 20, 20, { x0: 9, y0: 9, x1: 10, y1: 10 });
  assert.equal(lap[10 * 20 + 10], 160);
  assert.equal(lap[10 * 20 + 9], 40);
  assert.equal(lap[9 * 20 + 10], 40);
  assert.equal(lap[10 * 20 + 11], 0);
  assert.equal(lap[11 * 20 + 10], 0);
  // a fill of rows 9–11, columns 9–11 only: its 9 pixels all busy (each 5×5 box holds the spike and its 4 neighbours), as with a whole-frame fill
  const fill = rect(createMask(20, 20), 9, 9, 12, 12);
  assert.equal(busyFill({ lum: spike(40), fill, keep: createMask(20, 20), skinTexture: null, shoulderWidthPx: 30 }), 9 / 900);
  // no fill at all: nothing read
  assert.equal(busyFill({ lum: spike(40), fill: createMask(20, 20), keep: createMask(20, 20), skinTexture: null, shoulderWidthPx: 30 }), 0);
});
