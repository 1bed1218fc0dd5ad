import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createMask, type Mask, type RgbImage } from '../../vision/image.js';
import { columnTops } from './quality-verdict.js';
import { BETWEEN_LEGS, DRESS_WAIST, TOP_CUT, skirtShare, topCutSw } from './verdict-cut-top.js';

const W = 40, H = 40;
const COAT = [110, 105, 100], JEANS = [90, 120, 170];

function rect(m: Mask, x0: number, y0: number, x1: number, y1: number): Mask {
  for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) m.data[y * W + x] = 1;
  return m;
}

/**
 * A 40×40 photo: a coat on columns 0–19 down to row 39 (its tail), jeans on
 * columns 20–39 below row 20. The result changed everything below row 20 on
 * columns 0–(cutCols − 1) and 20–39 (the new trousers drawn there), and kept
 * the coat above (protected).
 */
function scene(cutCols: number, tailRgb = COAT): { original: RgbImage; cover: Mask; keep: Mask; changed: Float32Array } {
  const data = new Uint8Array(W * H * 3);
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) data.set(x < 20 ? (y < 20 ? COAT : tailRgb) : y < 20 ? COAT : JEANS, (y * W + x) * 3);
  const cover = rect(rect(createMask(W, H), 0, 20, cutCols, 40), 20, 20, 40, 40);
  const keep = rect(createMask(W, H), 0, 0, 40, 20);
  const changed = Float32Array.from(cover.data);
  return { original: { width: W, height: H, channels: 3, data }, cover, keep, changed };
}

// (the hips' line at the frame's foot unless given: every cut lies above it)
const figure = (s: ReturnType<typeof scene>, sw: number, oldLower = s.cover, skirt = 0, hipsRow = H) => topCutSw({ ...s, oldLower, tops: columnTops({ width: W, height: H, data: Float32Array.from(s.changed) }), shoulderWidthPx: sw, skirtShare: skirt, hipsRow });

test('a kept top cut straight where its tail went on below is measured (TOP_CUT)', () => {
  assert.deepEqual(TOP_CUT, { depthSw: 0.06, colourD: 18, minShare: 0.8, maxStepPx: 1, oldD: 40, minSkirtShare: 0.8 });
  // the coat's tail drawn over on 16 columns: 16 / 32 = 0.5 shoulder widths; the jeans' columns are a change of colour, no cut
  assert.equal(figure(scene(16), 32), 0.5);
  // the tail's colour 17 units from the coat's (within colourD 18): still a cut; 19 units: a hem, not counted
  assert.equal(figure(scene(16, [127, 105, 100]), 32), 0.5);
  assert.equal(figure(scene(16, [129, 105, 100]), 32), 0);
  // the removed old garment mostly of the top's colour (one colour for top and trousers): no cut
  const s = scene(16);
  assert.equal(figure(s, 32, rect(createMask(W, H), 0, 20, 16, 40)), 0);
  // ...unless the removed garment covered between the legs (a dress's lower part) and the cut lies below the hips (row 12): the one garment cut, 0.5 again
  assert.equal(figure(s, 32, rect(createMask(W, H), 0, 20, 16, 40), 0.8, 12), 0.5);
  assert.equal(figure(s, 32, rect(createMask(W, H), 0, 20, 16, 40), 0.79, 12), 0);
  // the tail kept (not drawn over): nothing cut
  assert.equal(figure(scene(0), 32), 0);
});

test('a dress cut at a waistband above the hips is a top tucked in; cut lower, across its skirt, it is measured (DRESS_WAIST)', () => {
  assert.deepEqual(DRESS_WAIST, { aboveHipsSw: 0.1 });
  const s = scene(16), dress = () => rect(createMask(W, H), 0, 20, 16, 40);
  // the cut at row 20; 0.1 × 32 = 3.2 px: the hips' line at row 23 puts the cut 3 px above it (within 3.2): measured, 0.5
  assert.equal(figure(s, 32, dress(), 1, 23), 0.5);
  // the hips' line at row 24: 4 px above it, a waist: nothing counted
  assert.equal(figure(s, 32, dress(), 1, 24), 0);
  // the hips' line above the cut (row 12): the skirt chopped, 0.5
  assert.equal(figure(s, 32, dress(), 1, 12), 0.5);
  // not a dress (skirtShare under 0.8): a coat's tail is cut wherever it lies, 0.5 with the hips' line at row 30
  assert.equal(figure(s, 32, undefined, 0, 30), 0.5);
  // trousers whose legs cover the line between them (skirtShare 1) removed from under a coat's tail above the hips:
  // the removed garment's main colour is the jeans' (400 px against the tail's 320), not the tail's: still a cut, 0.5
  assert.equal(figure(s, 32, undefined, 1, 30), 0.5);
});

test('a cut run stops where the edge steps more than TOP_CUT.maxStepPx', () => {
  const s = scene(16);
  // columns 8–15 changed from row 23 on: the edge steps 3 px at column 8, two runs of 8 columns
  for (let y = 20; y < 23; y++) for (let x = 8; x < 16; x++) s.changed[y * W + x] = 0;
  for (let y = 20; y < 23; y++) for (let x = 8; x < 16; x++) s.keep.data[y * W + x] = 1;
  assert.equal(figure(s, 32), 0.25);
});

test('skirtShare reads the line between the legs from BETWEEN_LEGS.from to .to of the way to the knees', () => {
  assert.deepEqual(BETWEEN_LEGS, { from: 0.4, to: 0.6 });
  // hips' midpoint (20, 10), knees' midpoint (20, 30): rows 18–22, 5 points (round(20 × 0.2) = 4 steps)
  const hips: [{ x: number; y: number }, { x: number; y: number }] = [{ x: 15, y: 10 }, { x: 25, y: 10 }];
  const knees: [{ x: number; y: number }, { x: number; y: number }] = [{ x: 14, y: 30 }, { x: 26, y: 30 }];
  // a skirt down to row 39 covers all 5; trousers' legs (columns 10–17 and 23–30) none; a mini skirt to row 19: 18 and 19, 2 of 5
  assert.equal(skirtShare(rect(createMask(W, H), 10, 5, 31, 40), hips, knees), 1);
  assert.equal(skirtShare(rect(rect(createMask(W, H), 10, 5, 18, 40), 23, 5, 31, 40), hips, knees), 0);
  assert.equal(skirtShare(rect(createMask(W, H), 10, 5, 31, 20), hips, knees), 0.4);
});
