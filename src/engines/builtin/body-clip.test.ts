import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createMask } from '../../vision/image.js';
import { createLayer } from './warp-render.js';
import { BODY_CLIP, CLIP_EDGE, clipAtFloor, clipLowerToBody, clipToBody, floorReach, keepShare } from './body-clip.js';
import { blurMask } from '../../vision/mask-ops.js';

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

test('trousers stand off the legs by up to a wide leg, and stop just below the soles', () => {
  // output 200×200, analysis 100×100; the legs are the column x 40..59 from y 0 to 79 (soles at row 79), shoulder width 40 px
  const matte = createMask(100, 100);
  for (let y = 0; y < 80; y++) for (let x = 40; x < 60; x++) matte.data[y * 100 + x] = 1;
  const layer = createLayer(200, 200);
  layer.alpha.fill(1);
  const { layer: clipped } = clipLowerToBody(layer, matte, 40);
  const at = (x: number, y: number) => clipped.alpha[y * 200 + x]!;
  const reach = Math.round(BODY_CLIP.lowerReachSw * 40); // 12 analysis px
  assert.equal(at(100, 100), 1, 'on the legs');
  assert.ok(at((60 + reach - 2) * 2, 100) > 0.9, 'a wide leg beside the body stays (10 analysis px out)');
  assert.equal(at((60 + reach + 3) * 2, 100), 0, 'beyond the reach it is cut (15 px out)');
  const floor = 80 + Math.round(BODY_CLIP.floorMarginSw * 40); // first cut analysis row: 81
  assert.ok(at(100, (floor - 2) * 2) > 0.9, 'the hem on the shoe stays');
  assert.equal(at(100, (floor + 2) * 2), 0, 'below the soles it is cut, though within the reach');
});

test('feet cut by the frame set no floor for trousers', () => {
  const matte = createMask(100, 100);
  for (let y = 0; y < 100; y++) for (let x = 40; x < 60; x++) matte.data[y * 100 + x] = 1;
  const layer = createLayer(200, 200);
  layer.alpha.fill(1);
  const { layer: clipped } = clipLowerToBody(layer, matte, 40);
  assert.equal(clipped.alpha[198 * 200 + 100], 1);
});

test('the cut is sharpened to about CLIP_EDGE.edgePx output px, whatever the magnification', () => {
  // hand-worked with CLIP_EDGE = { slope 0.2 per px, edge 1.5 px }: at 3× the ramp spans 0.2 × 1.5 / 3 = 0.1 of the smoothed value
  assert.equal(CLIP_EDGE.smoothSlopePerPx, 0.2);
  assert.equal(CLIP_EDGE.edgePx, 1.5);
  assert.ok(Math.abs(keepShare(0.5, 3) - 0.5) < 1e-9, 'the cut is the 0.5 line');
  assert.ok(Math.abs(keepShare(0.52, 3) - 0.7) < 1e-9);
  assert.equal(keepShare(0.55, 3), 1);
  assert.ok(keepShare(0.45, 3) < 1e-9);
  // unmagnified the ramp spans 0.3: still a 1.5 px edge
  assert.ok(Math.abs(keepShare(0.56, 1) - 0.7) < 1e-9);
});

test('a wide sleeve cut beside the arm keeps a crisp edge at 3× magnification, not a smear', () => {
  // output 300×300, analysis 100×100; the body is the column x 30..69, shoulder width 40 px: the cut lies 4 analysis px out
  const matte = createMask(100, 100);
  for (let y = 0; y < 100; y++) for (let x = 30; x < 70; x++) matte.data[y * 100 + x] = 1;
  const layer = createLayer(300, 300);
  layer.alpha.fill(1);
  const { layer: clipped } = clipToBody(layer, matte, 40);
  const row = Array.from(clipped.alpha.slice(150 * 300 + 200, 150 * 300 + 260));
  const partial = row.filter((a) => a > 0.02 && a < 0.98).length;
  // before, a 1 px blur sampled at 3× left ~8 partial pixels: a soft band beside the arm
  assert.ok(partial >= 1 && partial <= 2, `partial pixels ${partial}: ${row.map((a) => a.toFixed(2)).join(' ')}`);
  assert.equal(row[0], 1, 'the sleeve beside the arm stays');
  assert.equal(row[59], 0, 'beyond the reach it is cut');
});

test('a hem is cut at the hem floor row, whatever the silhouette', () => {
  const layer = createLayer(200, 200);
  layer.alpha.fill(1);
  const clipped = clipAtFloor(layer, createMask(100, 100), 70);
  assert.equal(clipped.alpha[130 * 200 + 50], 1, 'above the floor');
  assert.equal(clipped.alpha[150 * 200 + 50], 0, 'below it');
});

test('each leg is cut at its own hem row', () => {
  const layer = createLayer(200, 200);
  layer.alpha.fill(1);
  // left half of the analysis mask at row 70, right half at row 85
  const clipped = clipAtFloor(layer, createMask(100, 100), (x) => (x < 50 ? 70 : 85));
  assert.equal(clipped.alpha[150 * 200 + 40], 0, 'below the left hem');
  assert.equal(clipped.alpha[150 * 200 + 160], 1, 'above the right hem');
  assert.equal(clipped.alpha[180 * 200 + 160], 0, 'below the right hem');
});

test('the floor\'s smoothed step, blurred on the band of rows by the floors, is the whole frame\'s blur of the step', () => {
  let seed = 11;
  const rand = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
  for (const [w, h] of [[40, 60], [17, 9], [64, 120]] as const) {
    for (let trial = 0; trial < 25; trial++) {
      const base = Math.floor(rand() * (h + 1)), spread = Math.floor(rand() * 30);
      // (some columns at the frame's top or bottom, some ragged: a leg's hem per column)
      const rows = Int32Array.from({ length: w }, () => Math.max(0, Math.min(h, base + Math.floor((rand() - 0.5) * spread))));
      const step = createMask(w, h);
      for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) if (y < rows[x]!) step.data[y * w + x] = 1;
      const whole = blurMask(step, CLIP_EDGE.smoothRadiusPx, 2);
      const { keep, onesAbove } = floorReach(rows, h);
      assert.deepEqual(Array.from(keep.data), Array.from(whole.data), `${w}×${h} trial ${trial}`);
      for (let i = 0; i < onesAbove * w; i++) assert.equal(keep.data[i], 1);
    }
  }
});
