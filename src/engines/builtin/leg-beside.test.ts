import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createMask, type Mask, type RgbImage } from '../../vision/image.js';
import { LEG_BESIDE_NEW, legSkinBesideNew, type LegBesidePlanes } from './leg-beside.js';

const W = 30, H = 16;

/** Columns x0..x1−1 of rows y0..y1−1 set in a new mask. */
function box(x0: number, x1: number, y0 = 0, y1 = H): Mask {
  const m = createMask(W, H);
  for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) m.data[y * W + x] = 1;
  return m;
}

const marked = (m: Mask | null, y: number) => (m ? Array.from({ length: W }, (_, x) => x).filter((x) => m.data[y * W + x]! >= 0.5) : []);

// swPx 50: the longest sliver is round(0.08 × 50) = 4 px; the garment's edge must go on 5 rows further down
const SW = 50;

/** A picture of W × H in one colour (a warm skin tone), or from `px` (x, y) → [r, g, b]. */
function picture(px: (x: number, y: number) => [number, number, number] = () => [200, 150, 120]): RgbImage {
  const data = new Uint8Array(W * H * 3);
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) data.set(px(x, y), (y * W + x) * 3);
  return { width: W, height: H, channels: 3, data };
}

/** A leg (person and skin) on columns legX0..legX1−1, new trousers on 10..19, no hands or arms. */
function planes(legX0: number, legX1: number, extra: Partial<LegBesidePlanes> = {}): LegBesidePlanes {
  return { cover: box(10, 20), skin: box(legX0, legX1), matte: box(legX0, legX1), old: box(0, 0), hands: box(0, 0), arms: box(0, 0), image: picture(), ...extra };
}

test('a calf 2 px wider on each side than the new trouser leg is marked on both sides, down from the hips\' row', () => {
  assert.equal(Math.round(LEG_BESIDE_NEW.maxRunSw * SW), 4);
  assert.equal(Math.round(LEG_BESIDE_NEW.hemClearSw * SW), 5);
  assert.equal(Math.round(LEG_BESIDE_NEW.minClothSw * SW), 8);
  const slivers = legSkinBesideNew(planes(8, 22), { fromRow: 3, swPx: SW });
  for (let y = 3; y < H - 5; y++) assert.deepEqual(marked(slivers, y), [8, 9, 20, 21]);
  // above the given row nothing
  for (let y = 0; y < 3; y++) assert.deepEqual(marked(slivers, y), []);
});

test('the leg coming out below the new hem stays: no sliver within 5 rows above the garment\'s lowest row', () => {
  // the trousers end at row 9 (rows 0..8), the leg runs on to the frame's bottom
  const slivers = legSkinBesideNew(planes(8, 22, { cover: box(10, 20, 0, 9) }), { fromRow: 0, swPx: SW });
  for (let y = 0; y < 4; y++) assert.deepEqual(marked(slivers, y), [8, 9, 20, 21]);
  for (let y = 4; y < H; y++) assert.deepEqual(marked(slivers, y), []);
  // a tassel 3 rows long hanging from the hem (column 12, rows 9..11) marks nothing beside it
  const tassel = box(10, 20, 0, 9);
  for (let y = 9; y < 12; y++) tassel.data[y * W + 12] = 1;
  const withTassel = legSkinBesideNew(planes(8, 22, { cover: tassel }), { fromRow: 0, swPx: SW });
  for (let y = 4; y < H; y++) assert.deepEqual(marked(withTassel, y), []);
  // a string 3 px wide hanging 7 rows past the hem (columns 14..16, rows 9..15) over a shin on columns 12..18: its sides are no sliver
  const string = box(10, 20, 0, 9);
  for (let y = 9; y < H; y++) for (let x = 14; x < 17; x++) string.data[y * W + x] = 1;
  const withString = legSkinBesideNew(planes(12, 19, { cover: string }), { fromRow: 0, swPx: SW });
  for (let y = 4; y < H; y++) assert.deepEqual(marked(withString, y), []);
});

test('a leg standing out further than the longest sliver (a stride the fit missed) stays whole', () => {
  // 6 px out on the right (over 4), 2 on the left
  const slivers = legSkinBesideNew(planes(8, 26), { fromRow: 0, swPx: SW });
  assert.deepEqual(marked(slivers, 5), [8, 9]);
  // nothing at all when both sides stand out too far
  assert.equal(legSkinBesideNew(planes(4, 26), { fromRow: 0, swPx: SW }), null);
});

test('a run that reaches a hand, an arm or the frame\'s edge, or is mostly not skin, is no sliver', () => {
  const withHand = legSkinBesideNew(planes(8, 22, { hands: box(21, 24) }), { fromRow: 0, swPx: SW });
  assert.deepEqual(marked(withHand, 5), [8, 9]);
  // the old garment's pixels in a sliver are walked through but not marked: the removal takes them already
  const withOld = legSkinBesideNew(planes(8, 22, { old: box(21, 22) }), { fromRow: 0, swPx: SW });
  assert.deepEqual(marked(withOld, 5), [8, 9, 20]);
  const withArm = legSkinBesideNew(planes(8, 22, { arms: box(6, 9) }), { fromRow: 0, swPx: SW });
  assert.deepEqual(marked(withArm, 5), [20, 21]);
  // the person runs on to the frame's right edge beside the trousers
  const cut = legSkinBesideNew({ ...planes(8, 22), matte: box(8, W), skin: box(8, W), cover: box(10, 27) }, { fromRow: 0, swPx: SW });
  assert.deepEqual(marked(cut, 5), [8, 9]);
  // beside the left side a dark cloth, not skin (skin only on column 8 of 8..9 would be half: still a sliver; none is not)
  const cloth = legSkinBesideNew({ ...planes(8, 22), skin: box(20, 22) }, { fromRow: 0, swPx: SW });
  assert.deepEqual(marked(cloth, 5), [20, 21]);
});
