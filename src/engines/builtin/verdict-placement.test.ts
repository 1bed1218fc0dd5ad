import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_MIN_QUALITY } from '../engine.js';
import { createMask, type Mask } from '../../vision/image.js';
import { combineFigures } from './quality-verdict.js';
import { footprintTexture, handSkinChangedSw2, keptInNecklineSw2, openingAndThroat, shoulderDropSw, legSkinBesideSw2, legSkinOf, neckSkinCoveredSw2, overlapArea } from './verdict-placement.js';

/** Sets [x0, x1) × [y0, y1) of a mask to 1. */
function rect(m: Mask, x0: number, y0: number, x1: number, y1: number): Mask {
  for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) m.data[y * m.width + x] = 1;
  return m;
}

const close = (actual: number, expected: number) => assert.ok(Math.abs(actual - expected) < 1e-9, `${actual} ≠ ${expected}`);

// shoulder width 20 px, shoulders' midpoint at (20, 20): the zone is x 18..22 (±0.1 sw = 2 px),
// y 10..23 (0.5 sw = 10 px above the line, 0.15 sw = 3 px below): 5 columns × 14 rows
const SW = 20, NECK = { x: 20, y: 20 };

test('neck skin covered: a garment drawn from 4 px above the shoulders\' line covers 8 rows of the zone', () => {
  const skin = createMask(40, 40, 1);
  const cover = rect(createMask(40, 40), 0, 16, 40, 40);
  // rows 16..23 × columns 18..22 = 40 px / 20² px per sw²
  close(neckSkinCoveredSw2(cover, skin, NECK, SW), 40 / 400);
});

test('neck skin covered: only the photo\'s skin counts (an old collar covered is no fault)', () => {
  const skin = rect(createMask(40, 40), 0, 0, 40, 18);
  const cover = rect(createMask(40, 40), 0, 16, 40, 40);
  // skin rows 16..17 under the garment, 5 columns
  close(neckSkinCoveredSw2(cover, skin, NECK, SW), 10 / 400);
});

test('neck skin covered: shoulders beside the neck and a garment below the zone count nothing', () => {
  const skin = createMask(40, 40, 1);
  const cover = rect(rect(createMask(40, 40), 0, 10, 17, 40), 23, 10, 40, 40);
  rect(cover, 17, 24, 23, 40);
  assert.equal(neckSkinCoveredSw2(cover, skin, NECK, SW), 0);
});

test('old garment kept inside the new neckline: the kept layer above the drawn top edge in the opening\'s columns', () => {
  // the new garment's top edge at row 24 (below the shoulders' line), an old band kept over rows 18..23 and below the edge
  const cover = rect(createMask(40, 40), 0, 24, 40, 40);
  const kept = rect(createMask(40, 40), 0, 18, 40, 30);
  // columns 17..23 (±0.15 sw = 3 px) × rows 18..23 = 42 px; the kept rows under the garment do not count
  close(keptInNecklineSw2(kept, cover, NECK, SW), 42 / 400);
  // a neckline reaching as high as the old band leaves none of it inside
  assert.equal(keptInNecklineSw2(kept, rect(createMask(40, 40), 0, 18, 40, 40), NECK, SW), 0);
  // columns with no garment drawn (nothing to sit inside) count nothing
  assert.equal(keptInNecklineSw2(kept, createMask(40, 40), NECK, SW), 0);
});

test('opening and throat: the notch below the collar corners from 0.1 sw above the shoulders\' line, and the throat\'s skin', () => {
  // corners are looked for within 0.3 sw = 6 px of the centre (columns 14..26), from row 20 − 0.6 sw = 8
  const cover = rect(createMask(40, 40), 0, 14, 40, 40);
  for (let y = 14; y < 22; y++) for (let x = 18; x < 23; x++) cover.data[y * 40 + x] = 0;
  const m = openingAndThroat(cover, createMask(40, 40, 1), NECK, SW)!;
  // corners (17, 14) and (23, 14); columns 18..22 from row 20 − 0.1 sw = 18 down to the drawn edge at 22: 5 × 4
  assert.equal(m.opening.data.reduce((a, v) => a + v, 0), 20);
  assert.equal(m.opening.data[18 * 40 + 18], 1);
  assert.equal(m.opening.data[17 * 40 + 18], 0);
  // throat: columns 19..21 (±0.08 sw = 1.6 px), rows 12..16 (0.4–0.2 sw above the line): 3 × 5
  assert.equal(m.throat.data.reduce((a, v) => a + v, 0), 15);
  // a straight top edge has its corners beside the centre: nothing below their line
  assert.equal(openingAndThroat(rect(createMask(40, 40), 0, 14, 40, 40), createMask(40, 40, 1), NECK, SW)!.opening.data.reduce((a, v) => a + v, 0), 0);
  // nothing drawn right of the centre line: no corner pair
  assert.equal(openingAndThroat(rect(createMask(40, 40), 0, 14, 20, 40), createMask(40, 40, 1), NECK, SW), null);
});

test('footprint texture: the full-size pixels under a mask pixel, their mean |Laplacian|', () => {
  // an 8 × 8 image of grey columns alternating 100 and 200: every inner pixel's Laplacian is ±2 × 100
  const data = new Uint8Array(8 * 8 * 3);
  for (let y = 0; y < 8; y++) for (let x = 0; x < 8; x++) data.fill(x % 2 === 0 ? 100 : 200, (y * 8 + x) * 3, (y * 8 + x) * 3 + 3);
  const image = { width: 8, height: 8, channels: 3 as const, data };
  // a 2 × 2 mask: its pixel (1, 1) covers full-size pixels 4..7; read are those with all four neighbours under it
  // (5..6: 4 pixels; row and column 7 are the image's edge)
  const where = createMask(2, 2);
  where.data[3] = 1;
  assert.ok(Math.abs(footprintTexture(image, where)! - 200) < 1e-6);
  // the whole mask set: pixels 1..6 in both directions
  assert.ok(Math.abs(footprintTexture(image, createMask(2, 2, 1))! - 200) < 1e-6);
  // a flat image has none
  assert.equal(footprintTexture({ ...image, data: new Uint8Array(8 * 8 * 3).fill(120) }, where), 0);
  assert.equal(footprintTexture(image, createMask(2, 2)), null);
});

test('overlap area counts the pixels set in both masks', () => {
  const a = rect(createMask(10, 10), 0, 0, 6, 10);
  const b = rect(createMask(10, 10), 4, 5, 10, 10);
  // columns 4..5 × rows 5..9
  assert.equal(overlapArea(a, b), 10);
});

test('bare leg beside legwear: only beside it, in rows it is drawn in, above its higher hem', () => {
  // trouser legs: left columns 4..7 rows 5..17 (52 px, hem row 17), right columns 12..15 rows 5..14 (40 px, hem row 14);
  // mean column (52·5.5 + 40·13.5) / 92 ≈ 8.98 parts them, the higher hem is row 14
  const cover = rect(rect(createMask(20, 20), 4, 5, 8, 18), 12, 5, 16, 15);
  const legSkin = createMask(20, 20);
  rect(legSkin, 3, 8, 4, 12); // a wedge beside the left leg, rows 8..11: 4 px counted
  rect(legSkin, 5, 8, 6, 10); // under the left leg: covered
  rect(legSkin, 12, 15, 16, 20); // the right shin below its hem
  rect(legSkin, 3, 15, 4, 17); // beside the left leg but below the higher hem (a stepping leg's shin)
  rect(legSkin, 10, 0, 11, 5); // rows above the waistband, where nothing is drawn
  // 4 px / 10² px per sw²
  close(legSkinBesideSw2(legSkin, cover, 10), 4 / 100);
  assert.equal(legSkinBesideSw2(legSkin, createMask(20, 20), 10), 0);
});

test('leg skin: skin within the legs\' zone, less the hands\' zone', () => {
  const skin = rect(createMask(10, 10), 0, 0, 10, 10);
  const legs = rect(createMask(10, 10), 2, 4, 8, 10); // 6 × 6 = 36 px
  const hands = rect(createMask(10, 10), 0, 4, 4, 6); // overlaps the legs on columns 2..3, rows 4..5: 4 px
  assert.equal(overlapArea(legSkinOf(skin, legs, hands), skin), 32);
  assert.equal(overlapArea(legSkinOf(createMask(10, 10), legs, hands), skin), 0);
});

test('a covered neck, covered hair or a bare leg past its ok level warns garment_misaligned', () => {
  // neckSkinSw2 0.0375 is halfway from ok 0.025 to bad 0.05; hairCoveredSw2 0.03 is at bad
  const neck = combineFigures({ neckSkinSw2: 0.0375 });
  assert.equal(neck.score, 0.5);
  assert.deepEqual(neck.warnings, ['garment_misaligned']);
  assert.equal(combineFigures({ hairCoveredSw2: 0.03 }).score, 0);
  assert.equal(combineFigures({ neckSkinSw2: 0.02, hairCoveredSw2: 0.01, legSkinSw2: 0.012 }).score, 1);
  // hair cut off beside one shoulder (0.0144) is refused at the default min_quality
  assert.ok(combineFigures({ hairCoveredSw2: 0.0144 }).score < DEFAULT_MIN_QUALITY);
  // legSkinSw2 0.0185 is halfway from ok 0.012 to bad 0.025
  assert.deepEqual(combineFigures({ legSkinSw2: 0.0185 }), { score: 0.5, warnings: ['garment_misaligned'], figures: { legSkinSw2: 0.0185 } });
});

test('hand skin changed: only the photo\'s skin within the hands\' zone that the result changed counts', () => {
  const skin = rect(createMask(10, 10), 0, 0, 10, 5); // rows 0..4 are skin
  const hands = rect(createMask(10, 10), 2, 2, 6, 8); // columns 2..5, rows 2..7
  const changed = new Float32Array(100);
  // the result changed rows 3..9 in columns 0..9: hand skin changed is columns 2..5 × rows 3..4 = 8 px
  for (let i = 30; i < 100; i++) changed[i] = 1;
  close(handSkinChangedSw2(skin, hands, changed, 4), 8 / 16);
  // a hand left as the photo had it: nothing changed
  assert.equal(handSkinChangedSw2(skin, hands, new Float32Array(100), 4), 0);
});

test('a hand drawn over past its ok level warns garment_misaligned; one at bad refuses alone', () => {
  // handSkinSw2 0.021 is halfway from ok 0.012 to bad 0.03
  assert.deepEqual(combineFigures({ handSkinSw2: 0.021 }), { score: 0.5, warnings: ['garment_misaligned'], figures: { handSkinSw2: 0.021 } });
  assert.equal(combineFigures({ handSkinSw2: 0.03 }).score, 0);
  assert.equal(combineFigures({ handSkinSw2: 0.004 }).score, 1);
});

// shoulder width 20 px, shoulders' midpoint at (20, 20): the shoulder zone is the columns 4..13 px beside the
// centre line (x 7..16 and 24..33), from row 12 (0.4 sw above) down, in columns where the garment's top edge is
// no lower than row 27 (0.35 sw below the line)
test('shoulder drop: a top drawn from row 16 over shoulders whose top is row 14 sits 2 px = 0.1 sw low', () => {
  const body = rect(createMask(40, 40), 0, 14, 40, 40);
  close(shoulderDropSw(body, rect(createMask(40, 40), 0, 16, 40, 40), NECK, SW)!, 2 / 20);
  // drawn from the shoulders' top: no drop
  assert.equal(shoulderDropSw(body, rect(createMask(40, 40), 0, 14, 40, 40), NECK, SW), 0);
});

test('shoulder drop: only columns where the garment reaches the shoulders count; none, no figure', () => {
  const body = rect(createMask(40, 40), 0, 14, 40, 40);
  // straps in columns 10..11 and 28..29 from row 14, the body from row 30 (below row 27): the straps sit on the shoulders
  const cami = rect(rect(rect(createMask(40, 40), 10, 14, 12, 40), 28, 14, 30, 40), 0, 30, 40, 40);
  assert.equal(shoulderDropSw(body, cami, NECK, SW), 0);
  assert.equal(shoulderDropSw(body, rect(createMask(40, 40), 0, 30, 40, 40), NECK, SW), null);
});

test('a sleeved top drawn below the shoulders past its ok level warns garment_misaligned', () => {
  // shoulderDropSw 0.07 is halfway from ok 0.04 to bad 0.1
  assert.deepEqual(combineFigures({ shoulderDropSw: 0.07 }), { score: 0.5, warnings: ['garment_misaligned'], figures: { shoulderDropSw: 0.07 } });
  assert.equal(combineFigures({ shoulderDropSw: 0.034 }).score, 1);
});

test('the bare leg beside a lower garment counts, read over the boxes, as over the whole frame', () => {
  // (the whole-frame count: every row down to the higher hem that is drawn on, its bare skin off the cover)
  const wholeFrame = (legSkin: Mask, cover: Mask, swPx: number): number => {
    const { width: w, height: h } = cover;
    let sumX = 0, k = 0;
    for (let i = 0; i < w * h; i++) if (cover.data[i]! >= 0.5) { sumX += i % w; k++; }
    if (k === 0) return 0;
    let left = -1, right = -1;
    for (let i = 0; i < w * h; i++) if (cover.data[i]! >= 0.5) { if (i % w < sumX / k) left = Math.floor(i / w); else right = Math.floor(i / w); }
    const hem = Math.min(left < 0 ? right : left, right < 0 ? left : right);
    let n = 0;
    for (let y = 0; y <= hem; y++) {
      let drawn = false, bare = 0;
      for (let x = 0; x < w; x++) if (cover.data[y * w + x]! >= 0.5) drawn = true; else if (legSkin.data[y * w + x]! >= 0.5) bare++;
      if (drawn) n += bare;
    }
    return n / Math.max(1, swPx * swPx);
  };
  let seed = 5;
  const rand = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
  const blob = (w: number, h: number) => {
    const m = createMask(w, h);
    const x0 = Math.floor(rand() * w), y0 = Math.floor(rand() * h), x1 = x0 + Math.floor(rand() * (w - x0)), y1 = y0 + Math.floor(rand() * (h - y0));
    for (let y = y0; y <= y1; y++) for (let x = x0; x <= x1; x++) if (rand() < 0.7) m.data[y * w + x] = rand() < 0.9 ? 1 : 0.4;
    return m;
  };
  for (let trial = 0; trial < 60; trial++) {
    const cover = trial % 10 === 0 ? createMask(30, 40) : blob(30, 40), skin = trial % 7 === 0 ? createMask(30, 40) : blob(30, 40);
    assert.equal(legSkinBesideSw2(skin, cover, 6), wholeFrame(skin, cover, 6), `trial ${trial}`);
  }
});
