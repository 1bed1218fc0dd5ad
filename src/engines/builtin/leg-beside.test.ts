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

/** The union of two masks of W × H. */
function unionBox(a: Mask, b: Mask): Mask {
  const m = createMask(W, H);
  for (let i = 0; i < m.data.length; i++) m.data[i] = Math.max(a.data[i]!, b.data[i]!);
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
  const slivers = legSkinBesideNew(planes(8, 22), { fromRow: 3, ankleRow: 3, swPx: SW });
  for (let y = 3; y < H - 5; y++) assert.deepEqual(marked(slivers, y), [8, 9, 20, 21]);
  // above the given row nothing
  for (let y = 0; y < 3; y++) assert.deepEqual(marked(slivers, y), []);
});

test('the leg coming out below the new hem stays: no sliver within 5 rows above the garment\'s lowest row', () => {
  // the trousers end at row 9 (rows 0..8), the leg runs on to the frame's bottom
  const slivers = legSkinBesideNew(planes(8, 22, { cover: box(10, 20, 0, 9) }), { fromRow: 0, ankleRow: 0, swPx: SW });
  for (let y = 0; y < 4; y++) assert.deepEqual(marked(slivers, y), [8, 9, 20, 21]);
  for (let y = 4; y < H; y++) assert.deepEqual(marked(slivers, y), []);
  // a tassel 3 rows long hanging from the hem (column 12, rows 9..11) marks nothing beside it
  const tassel = box(10, 20, 0, 9);
  for (let y = 9; y < 12; y++) tassel.data[y * W + 12] = 1;
  const withTassel = legSkinBesideNew(planes(8, 22, { cover: tassel }), { fromRow: 0, ankleRow: 0, swPx: SW });
  for (let y = 4; y < H; y++) assert.deepEqual(marked(withTassel, y), []);
  // a string 3 px wide hanging 7 rows past the hem (columns 14..16, rows 9..15) over a shin on columns 12..18: its sides are no sliver
  const string = box(10, 20, 0, 9);
  for (let y = 9; y < H; y++) for (let x = 14; x < 17; x++) string.data[y * W + x] = 1;
  const withString = legSkinBesideNew(planes(12, 19, { cover: string }), { fromRow: 0, ankleRow: 0, swPx: SW });
  for (let y = 4; y < H; y++) assert.deepEqual(marked(withString, y), []);
});

test('a leg standing out further than the longest sliver (a stride the fit missed) stays whole', () => {
  // 6 px out on the right (over 4), 2 on the left
  const slivers = legSkinBesideNew(planes(8, 26), { fromRow: 0, ankleRow: 0, swPx: SW });
  assert.deepEqual(marked(slivers, 5), [8, 9]);
  // nothing at all when both sides stand out too far
  assert.equal(legSkinBesideNew(planes(4, 26), { fromRow: 0, ankleRow: 0, swPx: SW }), null);
});

test('a run that reaches a hand, an arm or the frame\'s edge, or is mostly not skin, is no sliver', () => {
  const withHand = legSkinBesideNew(planes(8, 22, { hands: box(21, 24) }), { fromRow: 0, ankleRow: 0, swPx: SW });
  assert.deepEqual(marked(withHand, 5), [8, 9]);
  // the old garment's pixels in a sliver are walked through but not marked: the removal takes them already
  const withOld = legSkinBesideNew(planes(8, 22, { old: box(21, 22) }), { fromRow: 0, ankleRow: 0, swPx: SW });
  assert.deepEqual(marked(withOld, 5), [8, 9, 20]);
  const withArm = legSkinBesideNew(planes(8, 22, { arms: box(6, 9) }), { fromRow: 0, ankleRow: 0, swPx: SW });
  assert.deepEqual(marked(withArm, 5), [20, 21]);
  // the person runs on to the frame's right edge beside the trousers
  const cut = legSkinBesideNew({ ...planes(8, 22), matte: box(8, W), skin: box(8, W), cover: box(10, 27) }, { fromRow: 0, ankleRow: 0, swPx: SW });
  assert.deepEqual(marked(cut, 5), [8, 9]);
  // beside the left side a dark cloth, not skin (skin only on column 8 of 8..9 would be half: still a sliver; none is not)
  const cloth = legSkinBesideNew({ ...planes(8, 22), skin: box(20, 22) }, { fromRow: 0, ankleRow: 0, swPx: SW });
  assert.deepEqual(marked(cloth, 5), [20, 21]);
});

/** A grain of `step` luma: rows alternate between a warm skin tone and one `step` brighter in each channel. */
const grained = (step: number) => (_x: number, y: number): [number, number, number] => (y % 2 ? [200 + step, 150 + step, 120 + step] : [200, 150, 120]);

test('a run read as skin whose grain is not the visible leg skin\'s (a blurred or a structured backdrop), or an island of a few rows, is no sliver', () => {
  // bare leg skin on columns 0..3 (background on 4..7) has a grain of 4; the runs beside the trousers are on 8..9 and 20..21
  const withRef = (runs: (x: number, y: number) => [number, number, number]) => ({ ...planes(8, 22), skin: unionBox(box(0, 4), box(8, 22)), matte: unionBox(box(0, 4), box(8, 22)), image: picture((x, y) => (x < 4 ? grained(4)(x, y) : runs(x, y))) });
  // the same grain as the leg: slivers on both sides
  assert.deepEqual(marked(legSkinBesideNew(withRef(grained(4)), { fromRow: 0, ankleRow: 0, swPx: SW }), 5), [8, 9, 20, 21]);
  // a structured backdrop (steps of 60 between rows) and a blurred one (no step at all): none
  assert.equal(legSkinBesideNew(withRef(grained(60)), { fromRow: 0, ankleRow: 0, swPx: SW }), null);
  const ref10 = (runs: (x: number, y: number) => [number, number, number]) => ({ ...withRef(runs), image: picture((x, y) => (x < 4 ? grained(10)(x, y) : runs(x, y))) });
  assert.equal(legSkinBesideNew(ref10(() => [200, 150, 120]), { fromRow: 0, ankleRow: 0, swPx: SW }), null);
  // skin beside the trousers on rows 6..7 only (2 rows, under round(0.06 × 50) = 3): an island, no piece of the leg
  const island = { ...planes(10, 20), skin: unionBox(box(10, 20), box(8, 10, 6, 8)), matte: unionBox(box(10, 20), box(8, 10, 6, 8)) };
  assert.equal(legSkinBesideNew(island, { fromRow: 0, ankleRow: 0, swPx: SW }), null);
});

test('skin between the two legs is taken only where the background clearly shows between them; the outer sides are', () => {
  // trouser legs on 4..11 and 19..26; skin on 2..15 (the left leg's outer side 2..3, its inner side 12..15)
  // and 27..28; background 0..1, 16..18 (3 px = round(0.06 × 50)) and 29
  const person = unionBox(box(2, 16), box(19, 29));
  const twoLegs = { ...planes(0, 0), cover: unionBox(box(4, 12), box(19, 27)), skin: person, matte: person };
  assert.deepEqual(marked(legSkinBesideNew(twoLegs, { fromRow: 0, ankleRow: 0, swPx: SW }), 5), [2, 3, 12, 13, 14, 15, 27, 28]);
  // the gap narrowed to 2 px (the right leg's cloth from column 18): the inner run may be the other leg's or the thighs' skin, and stays
  const near = unionBox(box(2, 16), box(18, 29));
  const close = { ...twoLegs, cover: unionBox(box(4, 12), box(18, 27)), skin: near, matte: near };
  assert.deepEqual(marked(legSkinBesideNew(close, { fromRow: 0, ankleRow: 0, swPx: SW }), 5), [2, 3, 27, 28]);
});

test('below a short garment (its hem above the knee, or short of halfway down to the ankles) the bare leg is the real one: no sliver', () => {
  // the garment's lowest row is 15; knees at row 3, ankles at row 40 (off the frame): halfway is row 21.5
  assert.equal(legSkinBesideNew(planes(8, 22), { fromRow: 3, ankleRow: 40, swPx: SW }), null);
  // ankles at row 25: halfway is row 14, the garment reaches it
  assert.deepEqual(marked(legSkinBesideNew(planes(8, 22), { fromRow: 3, ankleRow: 25, swPx: SW }), 5), [8, 9, 20, 21]);
  // the garment ending at row 7 with the knees at row 3 (4 rows under round(0.1 × 50) = 5): a hem about the knee
  const hemAtKnee = planes(8, 22, { cover: box(10, 20, 0, 8) });
  assert.equal(legSkinBesideNew(hemAtKnee, { fromRow: 3, ankleRow: 3, swPx: SW }), null);
});
