import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createMask, type Mask } from '../../vision/image.js';
import { bareBelowHem, coversThighs, keptOldGarment, layerZone, trousersBeneath, waistGapZone, LAYERING, THIGH_COVER, TROUSERS_BENEATH, type Shin, type Thigh } from './layering.js';

/** A 100×100 mask with 1 inside [x0, x1) × [y0, y1). */
function rect(x0: number, y0: number, x1: number, y1: number, size = 100): Mask {
  const m = createMask(size, size);
  for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) m.data[y * size + x] = 1;
  return m;
}

const at = (m: Mask, x: number, y: number) => m.data[y * m.width + x]!;

test('a long old top under a cropped new one is kept below the new hem, not filled with skin', () => {
  const oldTop = rect(20, 10, 80, 90);
  const cropped = rect(20, 10, 80, 50);
  const body = rect(0, 0, 100, 100);
  const kept = keptOldGarment(oldTop, cropped, body, 60);
  assert.equal(at(kept, 50, 70), 1, 'the belly keeps the old top');
  assert.ok(at(kept, 50, 49) > 0.5, 'it reaches under the new hem');
  assert.equal(at(kept, 50, 30), 0, 'not far under the new top');
  assert.equal(at(kept, 10, 70), 0, 'nor outside the old top');
});

test('a small neckline gap is filled, not kept', () => {
  const oldTop = rect(20, 10, 80, 90);
  // the new top leaves a 10×6 px gap at the neck: 60 px² < 0.04 × 60² = 144 px²
  const cover = rect(20, 16, 80, 90);
  for (let y = 10; y < 16; y++) for (let x = 20; x < 80; x++) if (x < 45 || x >= 55) cover.data[y * 100 + x] = 1;
  const kept = keptOldGarment(oldTop, cover, rect(0, 0, 100, 100), 60);
  assert.ok(10 * 6 < LAYERING.maxFilledAreaSw2 * 60 * 60);
  assert.equal(Math.max(...kept.data), 0);
});

test('bare areas outside the body (background fills) never keep the old garment', () => {
  const oldTop = rect(20, 10, 80, 90);
  const kept = keptOldGarment(oldTop, rect(20, 10, 80, 50), createMask(100, 100), 60);
  assert.equal(Math.max(...kept.data), 0);
});

test('the layer zone starts at the new garment\'s hem, outside the arms but in front of the torso', () => {
  // torso x 30–70, rows 10–90; an arm x 75–85 beside it; the new top covers rows 10–49 over x 25–90
  const torso = rect(30, 10, 70, 90);
  const arms = rect(75, 10, 85, 90);
  for (let y = 60; y < 70; y++) for (let x = 40; x < 50; x++) arms.data[y * 100 + x] = 1; // a hand over the belly
  const zone = layerZone({ cover: rect(25, 10, 90, 50), torso, arms }, 20);
  // hem row 49 in every torso column, less 0.05 × 20 = 1 px: the zone starts at row 48
  assert.equal(at(zone, 50, 47), 0, 'not above the hem');
  assert.equal(at(zone, 50, 48), 1, 'from the hem down');
  assert.equal(at(zone, 50, 80), 1, 'the belly below the hem');
  assert.equal(at(zone, 45, 65), 1, 'a hand in front of the torso does not take the zone');
  assert.equal(at(zone, 80, 80), 0, 'the arm beside the torso is not a layer');
  // the arms grow by 0.1 × 20 = 2 px: x 73 is the arm's margin, x 72 free
  assert.equal(at(zone, 73, 80), 0);
  assert.equal(at(zone, 72, 80), 1);
});

test('old sleeves beside a new sleeveless garment are filled, the band below its hem kept', () => {
  // old long-sleeved top: torso x 30–70 rows 10–90 and sleeves x 10–30 / 70–90 rows 10–80
  const oldTop = rect(10, 10, 90, 90);
  const cover = rect(30, 10, 70, 50);
  const zone = layerZone({ cover, torso: rect(30, 10, 70, 90), arms: unionOf(rect(10, 10, 28, 80), rect(72, 10, 90, 80)) }, 20);
  const kept = keptOldGarment(oldTop, cover, rect(0, 0, 100, 100), 20, { zone, slivers: false });
  assert.equal(at(kept, 50, 70), 1, 'the band below the hem stays');
  assert.equal(at(kept, 20, 30), 0, 'the sleeve beside the new garment goes');
  assert.equal(at(kept, 80, 70), 0, 'the sleeve beside the band goes too');
});

test('a sliver of the old top beside the new one is filled, a band of it kept', () => {
  // the new top covers x 20–77 of an old top x 20–80: a 3 px strip, 3 × 80 = 240 px² > 0.04 × 60² = 144 px²,
  // but narrower than 0.06 × 60 = 3.6 px: a sliver
  const oldTop = rect(20, 10, 80, 90);
  const sliver = keptOldGarment(oldTop, rect(20, 10, 77, 90), rect(0, 0, 100, 100), 60, { slivers: false });
  assert.equal(Math.max(...sliver.data), 0);
  // a 12 px band beside it (x 68–80) is a layer worn beneath
  const band = keptOldGarment(oldTop, rect(20, 10, 68, 90), rect(0, 0, 100, 100), 60, { slivers: false });
  assert.equal(at(band, 74, 50), 1);
  // asked to keep its strips, it keeps them
  assert.equal(at(keptOldGarment(oldTop, rect(20, 10, 77, 90), rect(0, 0, 100, 100), 60, { slivers: true }), 78, 50), 1);
});

test('without a zone every large bare area is kept', () => {
  const kept = keptOldGarment(rect(10, 10, 90, 90), rect(30, 10, 70, 50), rect(0, 0, 100, 100), 20);
  assert.equal(at(kept, 20, 30), 1);
});

function unionOf(a: Mask, b: Mask): Mask {
  const out = createMask(a.width, a.height);
  for (let i = 0; i < out.data.length; i++) out.data[i] = Math.max(a.data[i]!, b.data[i]!);
  return out;
}

// two legs: knees at (40, 40) and (60, 40), ankles at (40, 90) and (60, 90)
const shins: [Shin, Shin] = [{ knee: { x: 40, y: 40 }, ankle: { x: 40, y: 90 } }, { knee: { x: 60, y: 40 }, ankle: { x: 60, y: 90 } }];

test('old trousers below a new hem are a layer worn beneath; a skirt or shorts there are not', () => {
  // trousers: two tubes x 34–46 and 54–66 down to row 95, the background between them
  assert.equal(trousersBeneath(unionOf(rect(34, 20, 46, 96), rect(54, 20, 66, 96)), shins), true);
  // a maxi skirt: one piece x 30–70 down to row 95, closed between the legs
  assert.equal(trousersBeneath(rect(30, 20, 70, 96), shins), false);
  // TROUSERS_BENEATH.shinCoveredAt (0.85): row 82.5; tubes that end at row 80 are shorts or cropped trousers
  assert.equal(40 + TROUSERS_BENEATH.shinCoveredAt * 50, 82.5);
  assert.equal(trousersBeneath(unionOf(rect(34, 20, 46, 80), rect(54, 20, 66, 80)), shins), false);
  assert.equal(trousersBeneath(unionOf(rect(34, 20, 46, 84), rect(54, 20, 66, 84)), shins), true);
});

test('bare legs are made only within the zone below the new hem, the trunk everywhere', () => {
  const trunk = rect(30, 0, 70, 30);
  const legs = unionOf(rect(34, 30, 46, 96), rect(54, 30, 66, 96));
  const zone = rect(0, 60, 100, 100);
  const bare = bareBelowHem(trunk, legs, zone);
  assert.equal(at(bare, 50, 10), 1, 'the trunk');
  assert.equal(at(bare, 40, 50), 0, 'no leg beside new trousers or under the new hem');
  assert.equal(at(bare, 40, 70), 1, 'the leg below the hem');
  assert.equal(at(bare, 50, 70), 0, 'not between the legs');
});

test("above new trousers' waist only what looks like the top may stay: the rows above the garment's top in the torso's columns", () => {
  // torso x 30–70; the new trousers from row 50 down over x 30–70 (their top at row 48 over x 30–50: the median is 50 anyway)
  const cover = unionOf(rect(30, 50, 70, 100), rect(30, 48, 45, 50));
  const likeTop = (i: number) => i % 100 < 60; // the old garment left of x 60 has the top's colour
  const zone = waistGapZone(cover, rect(30, 10, 70, 60), likeTop);
  assert.equal(at(zone, 40, 49), 1, 'the gap above the waist, looking like the top');
  assert.equal(at(zone, 40, 50), 0, 'not from the waist down');
  assert.equal(at(zone, 65, 45), 0, 'not what looks unlike the top (an old waistband)');
  assert.equal(Math.max(...waistGapZone(createMask(100, 100), rect(30, 10, 70, 60), likeTop).data), 0, 'nothing without a new garment over the torso');
});

test('new trousers drawn upright over a bent leg miss its thigh: that pass is layered as before', () => {
  // hips (40, 20) and (60, 20); the left knee below its hip (40, 70), the right one out to the side (95, 30)
  const straight: Thigh = { hip: { x: 40, y: 20 }, knee: { x: 40, y: 70 } };
  const bent: Thigh = { hip: { x: 60, y: 20 }, knee: { x: 95, y: 30 } };
  const trousers = unionOf(rect(34, 15, 46, 96), rect(54, 15, 66, 96));
  assert.equal(coversThighs(trousers, [straight, { hip: { x: 60, y: 20 }, knee: { x: 60, y: 70 } }]), true);
  // on the bent thigh only the probe at 0.2 (x 67) … none from 0.35 on lies on the trousers (x ≥ 72)
  assert.equal(coversThighs(trousers, [straight, bent]), false);
  // THIGH_COVER.minCovered: 3 of 5 probes; trousers down to row 40 cover the straight thigh's probes at rows 30 and 37.5 only
  assert.equal(THIGH_COVER.minCovered, 3);
  assert.equal(coversThighs(unionOf(rect(34, 15, 46, 41), rect(54, 15, 66, 41)), [straight, straight]), false);
  assert.equal(coversThighs(unionOf(rect(34, 15, 46, 46), rect(54, 15, 66, 46)), [straight, straight]), true);
});
