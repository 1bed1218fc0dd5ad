import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bodiceArmpit, bodiceArmpits, waistRow, type EdgeRows } from './bodice-armpits.js';

/** Rows 0..n-1 with these left and right edges per row. */
function edgeRows(n: number, left: (y: number) => number, right: (y: number) => number): EdgeRows {
  return { left: Array.from({ length: n }, (_, y) => left(y)), right: Array.from({ length: n }, (_, y) => right(y)), bb: { y0: 0 }, h: n };
}

test('waistRow: the narrowest row of the search band (0.15–0.6 h), widths smoothed over ± 2 rows', () => {
  // h 20: the band is rows 3..12. Widths: 30 down to row 5, 20 from row 6, one 9 px notch at row 9, 25 from row 12.
  const widths = [10, 30, 30, 30, 30, 30, 20, 20, 20, 9, 20, 20, 25, 25, 25, 25, 25, 25, 25, 25];
  const rows = edgeRows(20, () => 100, (y) => 100 + widths[y]! - 1);
  // row 5 reads rows 3..7 (30 30 30 20 20: median 30); row 6 reads 4..8 (30 30 20 20 20: median 20), the first 20;
  // the notch's row 9 reads 7..11 (20 20 9 20 20: median 20), not narrower
  assert.deepEqual(waistRow(rows), { y: 6, width: 20 });
  assert.equal(waistRow(edgeRows(20, () => NaN, () => NaN)), null);
});

// h 100, waist at row 60, 40 px wide (80..119). The image-left edge steps out to 60 above row 30 (a sleeve's
// underside); the image-right edge tapers out 0.25 px a row above the waist (a sleeveless bodice).
const sleeveAt = (armpit: number) => edgeRows(100, (y) => (y < armpit ? 60 : 80), (y) => 119 + Math.max(0, 60 - y) * 0.25);

test('bodiceArmpit: the bodice row below the first step out of 0.2 waists within 0.03 h, deep enough below the top', () => {
  const waist = { y: 60, width: 40 };
  // step 8 px within 3 rows: row 27 lies 20 px out from row 30, as do 26 and 25; row 29 is already out: the armpit is row 30
  assert.equal(bodiceArmpit(sleeveAt(30), waist, 'a'), 30);
  // the taper widens 0.75 px in 3 rows: no step
  assert.equal(bodiceArmpit(sleeveAt(30), waist, 'b'), null);
  // a step at row 10 lies 0.1 h below the top, under minArmpitDepth 0.15: a cap on the shoulder
  assert.equal(bodiceArmpit(sleeveAt(10), waist, 'a'), null);
});

test('bodiceArmpits: the hidden chest\'s least width, only for a garment whose lower-body band flares past 1.15 waists, and with a sleeve on each side', () => {
  const both = edgeRows(100, (y) => (y < 30 ? 60 : 80), (y) => (y < 32 ? 139 : 119));
  // waist 40 wide: a 44 px band (< 46) does not flare
  assert.equal(bodiceArmpits(both, 44), null);
  // the chest hidden under the sleeves: at least 1.3 waists, 52 px
  assert.deepEqual(bodiceArmpits(both, 60), { apA: 30, apB: 32, minChest: 52 });
  assert.equal(bodiceArmpits(sleeveAt(30), 60), null);
});
