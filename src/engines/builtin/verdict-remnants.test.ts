import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createMask } from '../../vision/image.js';
import { REMNANT, nearBox, oldRemnants, piecesArea, type RemnantInputs } from './verdict-remnants.js';
import { paint, rect, solidImage } from '../../../test/support/drawing.js';

const close = (actual: number, expected: number) => assert.ok(Math.abs(actual - expected) < 1e-9, `${actual} ≠ ${expected}`);

const SKIN: [number, number, number] = [220, 180, 150];
const RED: [number, number, number] = [200, 0, 0];
const DARK_RED: [number, number, number] = [180, 0, 0]; // distance² 400 from RED: within REMNANT.oldColourD2
const BLUE: [number, number, number] = [0, 0, 200];

/**
 * A 60×60 photo of skin with an old red garment at [20, 40)²; the result
 * fills it with skin and draws a new blue garment over [25, 40) × [20, 33),
 * but leaves a 4×5 red piece at [20, 24) × [35, 40) and a 2-pixel red speck
 * at [30, 32) × 38. Beside the garment (1–3 px off its left edge) a 3×5
 * dark-red patch at [17, 20) × [24, 29) is marked as skin in the photo
 * (surround). Shoulder width 50 px: 2500 px per sw², pieces from
 * 0.002 × 2500 = 5 px count.
 */
function scene(patchTouched: boolean): RemnantInputs {
  const original = paint(paint(solidImage(60, 60, SKIN), 20, 20, 40, 40, RED), 17, 24, 20, 29, DARK_RED);
  const result = paint(solidImage(60, 60, SKIN), 25, 20, 40, 33, BLUE);
  paint(paint(paint(result, 20, 35, 24, 40, RED), 30, 38, 32, 39, RED), 17, 24, 20, 29, DARK_RED);
  const old = rect(createMask(60, 60), 20, 20, 40, 40);
  const surround = rect(createMask(60, 60, 1), 20, 20, 40, 40, 0);
  const untouched = rect(createMask(60, 60, 1), 20, 20, 40, 40, 0);
  if (patchTouched) rect(untouched, 17, 24, 20, 29, 0);
  const cover = rect(createMask(60, 60), 25, 20, 40, 33);
  return { original, result, old, cover, surround, keep: createMask(60, 60), untouched, bandPx: 3, shoulderWidthPx: 50 };
}

test('old remnants: pieces of the old colours in and beside the removed region, in shoulder widths²', () => {
  assert.equal(REMNANT.minPieceSw2 * 2500, 5);
  // the 20 px piece counts, the 2 px speck does not; the patch is skin left as the photo showed it
  close(oldRemnants(scene(false)), 20 / 2500);
  // painted over by the try-on in the old colour, the same patch is a remnant beside the garment: 20 + 15 px
  close(oldRemnants(scene(true)), 35 / 2500);
  // parts kept on purpose (a hand, a layer worn beneath) never count
  const kept = scene(true);
  rect(kept.keep, 0, 30, 60, 60);
  close(oldRemnants(kept), 15 / 2500);
  // nothing removed, nothing left
  assert.equal(oldRemnants({ ...scene(false), old: createMask(60, 60) }), 0);
});

test('old remnants: a new garment in the old colours, or a fill in the surroundings\' colours, is no remnant', () => {
  // the new garment is red too: its colours are as near as the old ones, so the piece and the patch read as the new garment's edge
  const likeOld = scene(true);
  paint(likeOld.result, 25, 20, 40, 33, RED);
  assert.equal(oldRemnants(likeOld), 0);
  // the photo around the garment is dark red like the old colour and the fill takes it: what a clean result shows
  // (near the old colours, 400 ≤ REMNANT.oldColourD2, yet nearer the surroundings': 0 ≤ 4 × 400)
  const reddish = paint(solidImage(60, 60, DARK_RED), 20, 20, 40, 40, RED);
  const filled = paint(solidImage(60, 60, DARK_RED), 25, 20, 40, 33, BLUE);
  assert.equal(oldRemnants({ ...scene(false), original: reddish, result: filled }), 0);
});

test('pieces area: 4-connected pieces at least the minimum size', () => {
  const m = rect(rect(rect(createMask(20, 20), 0, 0, 3, 3), 3, 3, 5, 5), 10, 10, 11, 12);
  // 9 px and 4 px touch only at a corner: two pieces; the 2 px piece is below 4
  assert.equal(piecesArea(m, 4), 13);
  assert.equal(piecesArea(m, 5), 9);
  assert.equal(piecesArea(m, 1), 15);
});

test('nearBox: the old garment\'s bounds grown by the reach within the frame, from the bounds given when given', () => {
  // old garment: columns 4–6, rows 3–5 of a 20×10 frame; reach 2: columns 2–8, rows 1–7
  const old = createMask(20, 10);
  for (let y = 3; y <= 5; y++) for (let x = 4; x <= 6; x++) old.data[y * 20 + x] = 1;
  assert.deepEqual(nearBox(old, 2), { x0: 2, y0: 1, x1: 8, y1: 7 });
  assert.deepEqual(nearBox(old, 2, { x0: 4, y0: 3, x1: 6, y1: 5 }), { x0: 2, y0: 1, x1: 8, y1: 7 });
  // the given bounds are used as they are (here wider to the right and down: clipped to the frame)
  assert.deepEqual(nearBox(old, 2, { x0: 4, y0: 3, x1: 18, y1: 9 }), { x0: 2, y0: 1, x1: 19, y1: 9 });
  assert.equal(nearBox(old, 2, null), null, 'bounds null: an empty garment');
});
