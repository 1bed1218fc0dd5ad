import { test } from 'node:test';
import assert from 'node:assert/strict';
import { seamOnOutline, shoulderOutline, type ShoulderSide } from './shoulder-seams.js';

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
  assert.deepEqual(shoulderOutline(hanging, 200, top), { corner: { x: 330, y: 180 }, crestY: 160 });
});

test('a sleeved seam moves out to 6 px inside the corner and up to 4 px under the crest', () => {
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
  assert.deepEqual(shoulderOutline(hanging, 200, strand), { corner: { x: 314, y: 164 }, crestY: 160 });
  assert.deepEqual(seamOnOutline({ x: 305, y: 190 }, hanging, 200, strand), { x: 308, y: 164 });
});

test('a seam already outside the corner keeps its column; with no silhouette over the joint it stays', () => {
  assert.deepEqual(seamOnOutline({ x: 328, y: 190 }, hanging, 200, top), { x: 328, y: 164 });
  assert.deepEqual(seamOnOutline({ x: 305, y: 190 }, hanging, 200, () => null), { x: 305, y: 190 });
});
