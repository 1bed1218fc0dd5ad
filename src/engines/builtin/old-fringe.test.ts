import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createMask, type Mask } from '../../vision/image.js';
import { keptWithFringe, unparsedPixels, withUnparsedFringe } from './old-fringe.js';

/** A w×h mask, 1 where `on` holds. */
function maskOf(w: number, h: number, on: (x: number, y: number) => boolean): Mask {
  const m = createMask(w, h);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) if (on(x, y)) m.data[y * w + x] = 1;
  return m;
}

/** The cells on, as "x,y" (easier to read in a failure than indices). */
function onCells(m: Mask): string[] {
  const out: string[] = [];
  for (let i = 0; i < m.data.length; i++) if (m.data[i]! >= 0.5) out.push(`${i % m.width},${Math.floor(i / m.width)}`);
  return out;
}

test('withUnparsedFringe takes the pieces that touch the garment and lie wholly within reach of it', () => {
  // garment: columns 0–3 of a 10×6 frame. Free pieces: A columns 4–5 rows 1–2 (chessboard distance 1–2
  // from the garment), B row 4 columns 4–8 (1–5: reaches past 2), C columns 7–8 rows 0–1 (4–5: not touching).
  const garment = maskOf(10, 6, (x) => x <= 3);
  const A = (x: number, y: number) => x >= 4 && x <= 5 && y >= 1 && y <= 2;
  const B = (x: number, y: number) => y === 4 && x >= 4 && x <= 8;
  const C = (x: number, y: number) => x >= 7 && x <= 8 && y <= 1;
  const free = maskOf(10, 6, (x, y) => A(x, y) || B(x, y) || C(x, y));
  const out = withUnparsedFringe(garment, free, 2);
  assert.deepEqual(onCells(out), onCells(maskOf(10, 6, (x, y) => x <= 3 || A(x, y))));
  // with a reach of 5, B (distances 1–5) is a fringe too; C still does not touch
  assert.deepEqual(onCells(withUnparsedFringe(garment, free, 5)), onCells(maskOf(10, 6, (x, y) => x <= 3 || A(x, y) || B(x, y))));
  // the garment itself is not written into
  assert.equal(garment.data[4], 0);
});

test('unparsedPixels: on the matte and of no class (skin, hair, head, hands, feet, either garment)', () => {
  // one row of 9: off the matte, then skin, hair, head, hands, feet, top, bottom, and one pixel of none
  const row = (k: number) => maskOf(9, 1, (x) => x === k);
  const out = unparsedPixels({
    matte: maskOf(9, 1, (x) => x >= 1), skin: row(1), hair: row(2), head: row(3), hands: row(4), feet: row(5), upper: row(6), lower: row(7),
  });
  assert.deepEqual(onCells(out), ['8,0']);
});

test('keptWithFringe adds the fringe pieces within 4 px of the kept layer, whole', () => {
  // kept: columns 0–2 of a 12×5 frame. Fringe P1 columns 6–7 rows 0–1 (column 6 is 4 px from column 2: taken,
  // column 7 with it); P2 column 10 rows 3–4 (7 px off: not).
  const kept = maskOf(12, 5, (x) => x <= 2);
  const P1 = (x: number, y: number) => (x === 6 || x === 7) && y <= 1;
  const fringe = maskOf(12, 5, (x, y) => P1(x, y) || (x === 10 && y >= 3));
  assert.deepEqual(onCells(keptWithFringe(kept, fringe)), onCells(maskOf(12, 5, (x, y) => x <= 2 || P1(x, y))));
});

test('keptWithFringe without a fringe is a copy of the kept layer', () => {
  const kept = maskOf(6, 3, (x) => x <= 1);
  const out = keptWithFringe(kept, createMask(6, 3));
  assert.notEqual(out, kept);
  assert.deepEqual(onCells(out), onCells(kept));
});
