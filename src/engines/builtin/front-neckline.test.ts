import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createMask, type Mask } from '../../vision/image.js';
import { FRONT_NECKLINE, frontNecklineCap } from './front-neckline.js';

// A 100 × 80 frame, shoulder width 50 px, the neck's centre line at x = 50, the shoulder line (yMax) at row 40.
const SW = 50, CX = 50, Y_MAX = 40;

/** A garment's coverage drawn from row top(x) down. */
function coverage(top: (x: number) => number): Mask {
  const m = createMask(100, 80);
  for (let x = 0; x < 100; x++) for (let y = Math.max(0, Math.ceil(top(x))); y < 80; y++) m.data[y * 100 + x] = 1;
  return m;
}

/** Shoulders at row 20 at the collar's corners (x = 40 and 60), falling 0.5 px a px outwards; between them `dip(x)`. */
const withNeck = (dip: (x: number) => number) => (x: number) => (Math.abs(x - CX) < 10 ? dip(x) : 20 + (Math.abs(x - CX) - 10) * 0.5);

test("a crew neck's front dip: the kept neck ends one row above the drawn front between the collar's corners, nowhere else", () => {
  // a round front neckline 10 px deep (0.2 sw) below the corners
  const depth = (x: number) => 20 + 10 * Math.sqrt(1 - ((x - CX) / 10) ** 2);
  const cap = frontNecklineCap(coverage(withNeck(depth)), CX, Y_MAX, SW);
  assert.equal(cap[CX], 29, 'one row above the front at the centre');
  assert.equal(cap[45], Math.ceil(depth(45)) - 1);
  assert.equal(cap[55], Math.ceil(depth(55)) - 1);
  // the corners and the shoulders beyond them (and the back band behind the neck's sides) keep the neck as it was
  for (const x of [10, 30, 39, 40, 60, 61, 70, 90]) assert.equal(cap[x], Infinity, `x = ${x}`);
});

test('a front neckline deeper than the shoulder line: the dip counts, its columns with no garment above the line stay unbounded', () => {
  // a deep V: the front starts below the shoulder line within 5 px of the centre
  const cap = frontNecklineCap(coverage(withNeck((x) => 20 + (10 - Math.abs(x - CX)) * 3)), CX, Y_MAX, SW);
  assert.equal(cap[CX], Infinity);
  assert.equal(cap[44], 20 + 4 * 3 - 1);
  assert.equal(cap[40], Infinity);
});

test("a top edge dipping less than minDipSw (a back neckline), a straight top edge or no garment near the neck: no bound", () => {
  const shallow = FRONT_NECKLINE.minDipSw * SW - 1;
  for (const top of [withNeck(() => 20 + shallow), () => 20, () => 100]) {
    const cap = frontNecklineCap(coverage(top), CX, Y_MAX, SW);
    assert.ok(cap.every((v) => v === Infinity));
  }
});

test('the corners are sought only within cornerSearchSw of the centre line: a higher edge beyond it is not a corner', () => {
  // a garment edge rising to row 5 far out (a raised sleeve at x ≥ 85) beside a neck dipping 10 px below corners at row 20
  const top = (x: number) => (x >= 85 ? 5 : withNeck((xx) => 30 - Math.abs(xx - CX) * 0.5)(x));
  const cap = frontNecklineCap(coverage(top), CX, Y_MAX, SW);
  assert.equal(cap[CX], 29);
  assert.equal(cap[70], Infinity, 'the shoulder beyond the corner');
});
