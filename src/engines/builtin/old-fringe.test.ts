import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createMask, type Mask } from '../../vision/image.js';
import type { ClothingRegions } from './clothing-regions.js';
import { fringeBox, keptWithFringe, oldFringe, unparsedPixels, withFringe, withUnparsedFringe } from './old-fringe.js';

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

test('withUnparsedFringe: a piece running out of the box of reach is not taken, one inside it is', () => {
  // garment: the 2×2 block at columns 10–11, rows 10–11 of a 30×30 frame; reach 2, so the labelled box is
  // columns and rows 7–14. Piece L: column 9, rows 8–11 (distances 1–2: taken). Piece R: row 12 from
  // column 12 to 25 (distance 1 at its start, 14 at its end: not taken, though its part inside the box is near).
  const garment = maskOf(30, 30, (x, y) => x >= 10 && x <= 11 && y >= 10 && y <= 11);
  const L = (x: number, y: number) => x === 9 && y >= 8 && y <= 11;
  const R = (x: number, y: number) => y === 12 && x >= 12 && x <= 25;
  const free = maskOf(30, 30, (x, y) => L(x, y) || R(x, y));
  assert.deepEqual(onCells(withUnparsedFringe(garment, free, 2)), onCells(maskOf(30, 30, (x, y) => (x >= 10 && x <= 11 && y >= 10 && y <= 11) || L(x, y))));
});

test('fringeBox: the garment\'s box grown by the reach and a pixel, within the frame; null without a garment', () => {
  // garment columns 3–5, rows 2–4 of a 12×8 frame, reach 2: grown by 3 → columns 0–8, rows 0–7 (clamped)
  assert.deepEqual(fringeBox(maskOf(12, 8, (x, y) => x >= 3 && x <= 5 && y >= 2 && y <= 4), 2), { x0: 0, y0: 0, x1: 8, y1: 7 });
  assert.equal(fringeBox(createMask(12, 8), 2), null);
});

test('unparsedPixels within a box: the same pixels inside it, none outside', () => {
  // a 6×1 row all on the matte and of no class; the box holds columns 2–3
  const none = createMask(6, 1);
  const out = unparsedPixels({ matte: maskOf(6, 1, () => true), skin: none, hair: none, head: none, hands: none, feet: none, upper: none, lower: none }, { x0: 2, y0: 0, x1: 3, y1: 0 });
  assert.deepEqual(onCells(out), ['2,0', '3,0']);
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
  assert.deepEqual(onCells(keptWithFringe(kept, fringe, createMask(12, 5))), onCells(maskOf(12, 5, (x, y) => x <= 2 || P1(x, y))));
});

test('keptWithFringe: of a touching piece, only the pixels no nearer the removed garment than the kept layer', () => {
  // old garment (its parse): rows 0–3 of a 16×8 frame; kept: columns 0–5 of it, columns 6–15 removed.
  // Fringe: one piece along row 4, columns 2–13, under both parts.
  const old = maskOf(16, 8, (_, y) => y <= 3);
  const kept = maskOf(16, 8, (x, y) => y <= 3 && x <= 5);
  const fringe = maskOf(16, 8, (x, y) => y === 4 && x >= 2 && x <= 13);
  // row 4, column x: 1 from the kept layer up to column 6 (diagonal), then x − 5; 1 from the removed part from
  // column 5 on (its first column 6, diagonal), x = 2 is 4 from it: columns 2–6 tie or lie nearer the kept layer,
  // 7–13 are the removed part's edge. The whole piece stayed before.
  const out = keptWithFringe(kept, fringe, old);
  assert.deepEqual(onCells(out), onCells(maskOf(16, 8, (x, y) => (y <= 3 && x <= 5) || (y === 4 && x >= 2 && x <= 6))));
});

test('keptWithFringe without a fringe is a copy of the kept layer', () => {
  const kept = maskOf(6, 3, (x) => x <= 1);
  const out = keptWithFringe(kept, createMask(6, 3), createMask(6, 3));
  assert.notEqual(out, kept);
  assert.deepEqual(onCells(out), onCells(kept));
});

/** A parse of a w×h frame for the lower garment's fringe: the planes given, the rest empty. */
function lowerParse(w: number, h: number, planes: { lower: Mask; skin?: Mask; feet?: Mask; upper?: Mask }): ClothingRegions {
  const none = createMask(w, h);
  return { skin: planes.skin ?? none, hair: none, upperCloth: planes.upper ?? none, lowerCloth: planes.lower, regions: { head: none, hands: none, feet: planes.feet ?? none } } as unknown as ClothingRegions;
}

/** A w×h matte: 1 where `on` holds, else the value `at` gives (0 when none). */
function matteOf(w: number, h: number, at: (x: number, y: number) => number): Mask {
  const m = createMask(w, h);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) m.data[y * w + x] = at(x, y);
  return m;
}

test('oldFringe for a lower garment: the unsure pale band at a skirt\'s hem, nearer the skirt than the legs, goes with the skirt', () => {
  // 20×30 frame, shoulder width 40 px → reach 4. Skirt: columns 4–13, rows 2–11 (matte 1). Below its hem a
  // pale band the matte is unsure of (0.4): columns 4–13, rows 12–14 (1–3 px off the skirt). Legs (skin) rows
  // 19–24, columns 5–7 and 10–12; feet rows 25–29. Beside the skirt a bag (matte 1, no class): columns 14–16,
  // rows 4–9, touching it. Between the legs at row 15 column 8 background the matte calls 0.1.
  const W = 20, H = 30;
  const skirt = (x: number, y: number) => x >= 4 && x <= 13 && y >= 2 && y <= 11;
  const band = (x: number, y: number) => x >= 4 && x <= 13 && y >= 12 && y <= 14;
  const legs = (x: number, y: number) => ((x >= 5 && x <= 7) || (x >= 10 && x <= 12)) && y >= 19 && y <= 24;
  const feet = (x: number, y: number) => ((x >= 5 && x <= 7) || (x >= 10 && x <= 12)) && y >= 25;
  const bag = (x: number, y: number) => x >= 14 && x <= 16 && y >= 4 && y <= 9;
  const matte = matteOf(W, H, (x, y) => (skirt(x, y) || legs(x, y) || feet(x, y) || bag(x, y) ? 1 : band(x, y) ? 0.4 : x === 8 && y === 15 ? 0.1 : 0));
  const c = lowerParse(W, H, { lower: maskOf(W, H, skirt), skin: maskOf(W, H, legs), feet: maskOf(W, H, feet) });
  const fringe = oldFringe(c, 'lower', matte, 40);
  assert.deepEqual(onCells(fringe), onCells(maskOf(W, H, band)));
  // the fringe goes to the bottom, not to the top
  const withIt = withFringe(c, fringe, 'lower');
  assert.deepEqual(onCells(withIt.lowerCloth), onCells(maskOf(W, H, (x, y) => skirt(x, y) || band(x, y))));
  assert.deepEqual(onCells(withIt.upperCloth), []);
});

test('oldFringe for a lower garment leaves a bare leg\'s rim, the unsure rim by a trouser hem and a crease between two parts of the bottom alone', () => {
  // 20×30 frame, reach 4. (a) A skirt (columns 2–8, rows 2–11) with a bare leg straight below it (skin,
  // columns 4–6, rows 12–24) and the leg's unsure rim (0.4) at columns 3 and 7, rows 12–24: each rim pixel
  // is as near the leg as the skirt or nearer. (b) Trousers (columns 11–16, rows 2–22) meeting the shoes
  // (feet, rows 23–29) with an unsure shadow (0.3) beside the hem, within reach above the shoes: columns
  // 17–18, rows 19–22.
  const W = 20, H = 30;
  const skirt = (x: number, y: number) => x >= 2 && x <= 8 && y >= 2 && y <= 11;
  const leg = (x: number, y: number) => x >= 4 && x <= 6 && y >= 12 && y <= 24;
  const rim = (x: number, y: number) => (x === 3 || x === 7) && y >= 12 && y <= 24;
  const trousers = (x: number, y: number) => x >= 11 && x <= 16 && y >= 2 && y <= 22;
  const shoes = (x: number, y: number) => x >= 11 && x <= 16 && y >= 23;
  const shadow = (x: number, y: number) => x >= 17 && x <= 18 && y >= 19 && y <= 22;
  const matte = matteOf(W, H, (x, y) => (skirt(x, y) || leg(x, y) || trousers(x, y) || shoes(x, y) ? 1 : rim(x, y) ? 0.4 : shadow(x, y) ? 0.3 : 0));
  const skirtParse = lowerParse(W, H, { lower: maskOf(W, H, skirt), skin: maskOf(W, H, leg) });
  assert.deepEqual(onCells(oldFringe(skirtParse, 'lower', matte, 40)), []);
  const trouserParse = lowerParse(W, H, { lower: maskOf(W, H, trousers), feet: maskOf(W, H, shoes) });
  assert.deepEqual(onCells(oldFringe(trouserParse, 'lower', matte, 40)), []);
  // (c) a crease the matte is unsure of (0.4) between two parts of the bottom: row 8 between a thigh
  // (columns 2–12, rows 2–7) and a calf (columns 2–12, rows 9–14), the crook of a bent knee
  const thigh = (x: number, y: number) => x >= 2 && x <= 12 && ((y >= 2 && y <= 7) || (y >= 9 && y <= 14));
  const crease = matteOf(W, H, (x, y) => (thigh(x, y) ? 1 : x >= 2 && x <= 12 && y === 8 ? 0.4 : 0));
  assert.deepEqual(onCells(oldFringe(lowerParse(W, H, { lower: maskOf(W, H, thigh) }), 'lower', crease, 40)), []);
});
