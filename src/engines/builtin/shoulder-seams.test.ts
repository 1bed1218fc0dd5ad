import { test } from 'node:test';
import assert from 'node:assert/strict';
import { innerOnOutline, seamOnOutline, shoulderOutline, type ShoulderSide } from './shoulder-seams.js';

// A shoulder seen from the front, image right side (shoulder width 200 px): flat
// at row 160 out to column 310, then a deltoid falling one row per column to
// column 330, background beyond.
const dome = (x: number): number | null => (x <= 310 ? 160 : x <= 330 ? 160 + (x - 310) : null);
const top = (x: number, y0: number, y1: number): number | null => {
  const t = dome(Math.round(x));
  return t !== null && t >= y0 && t <= y1 ? t : null;
};
const hanging: ShoulderSide = { joint: { x: 300, y: 200 }, elbow: { x: 310, y: 400 }, out: 1 };

test("the shoulder's corner is the last column before the outline falls 0.12 shoulder widths (24 px) below the joint's top", () => {
  // at column 330 the outline is 20 px down, at 331 there is no silhouette
  assert.deepEqual(shoulderOutline(hanging, 200, top), { corner: { x: 330, y: 180 }, jointTop: 160 });
});

test('a sleeved seam moves out to 6 px inside the corner and up to 4 px under the top over the joint', () => {
  assert.deepEqual(seamOnOutline({ x: 305, y: 190 }, hanging, 200, top), { x: 324, y: 164 });
  // lifted by at most 0.15 shoulder widths (30 px)
  assert.deepEqual(seamOnOutline({ x: 305, y: 200 }, hanging, 200, top), { x: 324, y: 170 });
});

test('under a raised arm the seam is only lifted, at its own column', () => {
  const raised: ShoulderSide = { ...hanging, elbow: { x: 400, y: 180 } };
  assert.deepEqual(seamOnOutline({ x: 305, y: 190 }, raised, 200, top), { x: 305, y: 164 });
});

test('a column rising more than 8 px above the joint top (a strand of hair) ends the walk', () => {
  const strand = (x: number, y0: number, y1: number) => (Math.round(x) === 315 ? 150 : top(x, y0, y1));
  assert.deepEqual(shoulderOutline(hanging, 200, strand), { corner: { x: 314, y: 164 }, jointTop: 160 });
  assert.deepEqual(seamOnOutline({ x: 305, y: 190 }, hanging, 200, strand), { x: 308, y: 164 });
});

test('a seam already outside the corner keeps its column; with no silhouette over the joint it stays', () => {
  assert.deepEqual(seamOnOutline({ x: 328, y: 190 }, hanging, 200, top), { x: 328, y: 164 });
  assert.deepEqual(seamOnOutline({ x: 305, y: 190 }, hanging, 200, () => null), { x: 305, y: 190 });
});

test('a column a little higher out there (within 8 px) is walked past but does not set the height', () => {
  const bump = (x: number, y0: number, y1: number) => (Math.round(x) === 305 ? 154 : top(x, y0, y1));
  assert.deepEqual(seamOnOutline({ x: 305, y: 190 }, hanging, 200, bump), { x: 324, y: 164 });
});

test("the inner point rises with its seam, but not above its own column's outline (hair in front lowers it), and never falls", () => {
  // its column's top at row 160: raised by 30 px from 190 it would pass 164
  assert.equal(innerOnOutline({ x: 290, y: 190 }, 30, 200, top), 164);
  assert.equal(innerOnOutline({ x: 290, y: 190 }, 10, 200, top), 180);
  // hair down to row 185 over the column: the outline (less hair) starts there
  const hair = (_x: number, y0: number, y1: number) => (185 >= y0 && 185 <= y1 ? 185 : null);
  assert.equal(innerOnOutline({ x: 290, y: 190 }, 30, 200, hair), 189);
  // no silhouette above it in its column (hair past it, the head): half the lift
  assert.equal(innerOnOutline({ x: 290, y: 180 }, 30, 200, hair), 165);
  assert.equal(innerOnOutline({ x: 290, y: 190 }, 30, 200, () => null), 175);
  assert.equal(innerOnOutline({ x: 290, y: 190 }, -5, 200, top), 190);
});
