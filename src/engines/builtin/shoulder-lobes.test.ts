import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createMask, type Mask } from '../../vision/image.js';
import { straightenedArmCut, SHOULDER_LOBE, type LobePlanes } from './shoulder-lobes.js';

// A shoulder width of 100 px, so the table's shoulder widths read as pixels.
const W = 120, SW = 100;
const JOINT = { x: 60, y: 40 };
/** The body's centre line, left of the joint: the image right side's shoulder, its outside toward +x. */
const CENTRE_X = 10;

/** A W×W mask with 1 inside each [x0, x1] × [y0, y1] (inclusive). */
function rects(...boxes: [number, number, number, number][]): Mask {
  const m = createMask(W, W);
  for (const [x0, y0, x1, y1] of boxes) for (let y = y0; y <= y1; y++) for (let x = x0; x <= x1; x++) m.data[y * W + x] = 1;
  return m;
}

const mirrored = (m: Mask): Mask => {
  const out = createMask(W, W);
  for (let y = 0; y < W; y++) for (let x = 0; x < W; x++) out.data[y * W + (W - 1 - x)] = m.data[y * W + x]!;
  return out;
};

const at = (m: Mask, x: number, y: number) => m.data[y * W + x]!;

/**
 * A sleeveless panel from row `panelTop` down, its shoulder corner out to
 * column 69; a bare arm hanging beside it (columns 60..90 from row 45 down)
 * whose top rows 45..50 curl in to column `curlTo` (the grown skin along the
 * old armhole).
 */
function shoulder(panelTop = 30, curlTo = 56): LobePlanes {
  return {
    cover: rects([0, panelTop, 69, W - 1]),
    bare: rects([60, 45, 90, W - 1], [curlTo, 45, 59, 50]),
    sleeved: createMask(W, W),
  };
}

test('the table is in shoulder widths as written here', () => {
  assert.deepEqual([SHOULDER_LOBE.edgeSw, SHOULDER_LOBE.neckSw, SHOULDER_LOBE.biteSw], [0.1, 0.2, 0.1]);
});

test("a panel corner over the arm above its cut is cut with it, and the cut's curl inside the arm's edge is not", () => {
  const p = shoulder();
  const cut = straightenedArmCut(p, [JOINT], CENTRE_X, SW);
  // the cut's top is row 45; its inner edge from row 55 (0.1 sw below) down is column 60, carried straight up
  assert.equal(at(cut, 65, 35), 1, 'the lobe: panel outside column 60 above the cut');
  assert.equal(at(cut, 69, 30), 1, "the lobe's corner");
  assert.equal(at(cut, 62, 28), 1, 'and 3 px past its outline, for the smoothing');
  assert.equal(at(cut, 62, 26), 0, 'but no further');
  assert.equal(at(cut, 60, 35), 0, 'the line itself stays panel');
  assert.equal(at(cut, 58, 47), 0, 'the curl (0.04 sw deep) goes back to the panel');
  assert.equal(at(cut, 75, 80), 1, 'the arm itself stays cut');
  // the old cut: the arm's own skin as seen, the corner left standing with a V under it
  assert.equal(at(p.bare, 65, 35), 0);
  assert.equal(at(p.bare, 58, 47), 1);
});

test('the same on the image left side, its outside toward -x', () => {
  const p = shoulder();
  const flipped = { cover: mirrored(p.cover), bare: mirrored(p.bare), sleeved: p.sleeved };
  const cut = straightenedArmCut(flipped, [{ x: W - 1 - JOINT.x, y: JOINT.y }], W - 1 - CENTRE_X, SW);
  assert.deepEqual(Array.from(cut.data), Array.from(mirrored(straightenedArmCut(p, [JOINT], CENTRE_X, SW)).data));
});

test('a panel rising more than 0.2 sw above the cut over the arm covers it by design: the cut is left as seen', () => {
  // the panel outside the line runs up to row 20, 25 px (0.25 sw) above the cut's top
  const p = shoulder(20);
  assert.deepEqual(Array.from(straightenedArmCut(p, [JOINT], CENTRE_X, SW).data), Array.from(p.bare.data));
});

test('a cut reaching more than 0.1 sw inside the edge (a hand raised to the shoulder) is left as seen', () => {
  const p = shoulder(30, 45);
  assert.deepEqual(Array.from(straightenedArmCut(p, [JOINT], CENTRE_X, SW).data), Array.from(p.bare.data));
});

test('a new sleeve over the shoulder covers its corner: the cut is left as seen', () => {
  // a short sleeve's stretch of the arm down to row 44, the arm bare below it: the sleeve, drawn over
  // the shoulder outside the line, is no lobe
  const p = { ...shoulder(), sleeved: rects([55, 30, 95, 44]) };
  assert.deepEqual(Array.from(straightenedArmCut(p, [JOINT], CENTRE_X, SW).data), Array.from(p.bare.data));
});
