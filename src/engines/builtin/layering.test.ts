import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createMask, type Mask } from '../../vision/image.js';
import { KEPT_ROWS_AGREE } from './outline-rows.js';
import { unionMask } from '../../vision/mask-ops.js';
import { allOfLayer, ARM_AGAINST_TOP, armAgainstTop, armsPastSleeves, bareBelowHem, bareForearms, betweenParts, brokenLayers, coversThighs, deepFronts, easedTop, gapBesideDress, GAP_BESIDE_DRESS, keptOldGarment, keptToOutline, KEPT_TO_OUTLINE, KEPT_PAST_HAND, keptTopBeneath, layerZone, LAYERING, rimBesideDress, rimBesideTop, RIM_BESIDE_DRESS, sleevedTop, THIGH_COVER, topBeneathZone, topRows, TROUSERS_BENEATH, trousersBeneath, UPPER_LAYER_ZONE, upperLayerZone, waistGapZone, wholeLayers, withoutLowerStrays, zoneWithNotch, type Shin, type Thigh } from './layering.js';
import { rect as drawRect } from '../../../test/support/drawing.js';
import { subtract } from './pass-masks.js';

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

test('an old collar inside a new neckline goes; an old front deep above a low new top stays as a layer', () => {
  // old tee from row 10 over x 20–80; swPx 60: collar depth 0.2 × 60 = 12 px
  const oldTop = rect(20, 10, 80, 90);
  // a new crew neck 8 px below the old one at the sides, 10 px at the centre: median 8 ≤ 12
  const crew = rect(20, 18, 80, 90);
  for (let y = 18; y < 20; y++) for (let x = 40; x < 60; x++) crew.data[y * 100 + x] = 0;
  const collar = deepFronts(oldTop, crew, UPPER_LAYER_ZONE.collarDepthSw * 60);
  assert.equal(Math.max(...collar.data), 0, 'the collar band is not a layer');
  // a cami's top edge 30 px below the old neckline: 30 > 12
  const cami = deepFronts(oldTop, rect(20, 40, 80, 90), UPPER_LAYER_ZONE.collarDepthSw * 60);
  assert.equal(at(cami, 50, 25), 1, 'the old front above the cami stays');
  assert.equal(at(cami, 50, 45), 0, 'not under the cami');
  // a 15 px gap is a collar for a depth limit over 0.25 sw, a front under 0.25
  assert.ok(UPPER_LAYER_ZONE.collarDepthSw * 60 < 15);
  assert.equal(at(deepFronts(oldTop, rect(20, 25, 80, 90), UPPER_LAYER_ZONE.collarDepthSw * 60), 50, 15), 1);
});

test('an old sleeve shows past the new sleeve\'s end along the arm, not beside its start', () => {
  // an arm along row 50 from x 10 (shoulder) to x 90 (wrist); the new sleeve reaches 30 px, slack 5 px
  const arms = drawRect(createMask(100, 100), 0, 40, 100, 60);
  const past = armsPastSleeves({ arms, core: arms }, [{ axis: [{ x: 10, y: 50 }, { x: 50, y: 50 }, { x: 90, y: 50 }], sleevePx: 30 }], 5);
  assert.equal(at(past, 60, 45), 1, 'the forearm');
  assert.equal(at(past, 35, 45), 1, 'from 5 px before the sleeve ends');
  assert.equal(at(past, 34, 45), 0);
  assert.equal(at(past, 20, 55), 0, 'beside the new sleeve');
  assert.equal(at(past, 5, 50), 0, 'the shoulder cap');
  // an arm without a new sleeve keeps all of it
  assert.equal(at(armsPastSleeves({ arms, core: arms }, [{ axis: [{ x: 10, y: 50 }, { x: 90, y: 50 }], sleevePx: 0 }], 5), 5, 50), 1);
  // a hanging arm (axis x 20, rows 10–90, body's centre x 50): beside it towards the body only within its core (x 17–23)
  const hanging = [{ axis: [{ x: 20, y: 10 }, { x: 20, y: 90 }], sleevePx: 0 }, { axis: [{ x: 80, y: 10 }, { x: 80, y: 90 }], sleevePx: 0 }];
  const side = armsPastSleeves({ arms: drawRect(createMask(100, 100), 10, 10, 30, 90), core: drawRect(createMask(100, 100), 17, 10, 24, 90) }, hanging, 0);
  assert.equal(at(side, 12, 50), 1, 'the outer side');
  assert.equal(at(side, 23, 50), 1, 'the core');
  assert.equal(at(side, 27, 50), 0, 'towards the torso');
});

test('under a new tee (sleeves on both arms) the old top keeps its hem only; under a tank also its forearms', () => {
  // old long-sleeved top: torso x 30–70 rows 10–90, arms hanging x 16–28 / 72–84 rows 12–80 (axis x 22 / 78)
  const oldTop = unionOf(rect(30, 10, 70, 90), unionOf(rect(16, 12, 30, 80), rect(70, 12, 84, 80)));
  // the new tee: torso rows 16–50 (neckline 6 px below the old one), sleeves to row 30
  const cover = unionOf(rect(30, 16, 70, 50), unionOf(rect(16, 16, 30, 30), rect(70, 16, 84, 30)));
  const torso = drawRect(createMask(100, 100), 30, 10, 70, 90);
  const arms = unionOf(rect(16, 12, 28, 80), rect(72, 12, 84, 80));
  const armCore = unionOf(rect(19, 12, 25, 80), rect(75, 12, 81, 80));
  const axes = [22, 78].map((x) => [{ x, y: 12 }, { x, y: 46 }, { x, y: 80 }]);
  const everywhere = drawRect(createMask(100, 100), 0, 0, 100, 100);
  const keptUnder = (sleevePx: number) => {
    const zone = upperLayerZone({ cover, torso, arms, armCore, oldHard: oldTop, sleeves: axes.map((axis) => ({ axis, sleevePx })) }, 40);
    return { zone, kept: keptOldGarment(oldTop, cover, everywhere, 40, { zone, slivers: false }) };
  };
  // sleeves 18 px ≥ 0.15 × 40 = 6 px on both arms: a sleeved top
  const tee = keptUnder(18);
  assert.equal(at(tee.kept, 50, 70), 1, 'the hem below the tee');
  assert.equal(at(tee.kept, 22, 60), 0, 'the forearm\'s old sleeve goes');
  assert.equal(at(tee.kept, 50, 12), 0, 'the collar');
  assert.equal(at(tee.zone, 22, 40), 0);
  // a tank (no sleeve limbs): the old sleeves are a layer beneath
  const tank = keptUnder(0);
  assert.equal(at(tank.kept, 50, 70), 1, 'the hem below the tank');
  assert.equal(at(tank.kept, 22, 60), 1, 'the forearm\'s sleeve');
  assert.equal(at(tank.kept, 50, 12), 0, 'the collar');
  assert.equal(at(tank.zone, 31, 40), 0, 'the side beside the torso, in the arm\'s margin');
});

test('a top is sleeved when both sleeves reach 0.15 shoulder widths along the arm', () => {
  const axis = [{ x: 0, y: 0 }, { x: 0, y: 10 }];
  assert.equal(sleevedTop([{ axis, sleevePx: 6 }, { axis, sleevePx: 20 }], 40), true);
  assert.equal(sleevedTop([{ axis, sleevePx: 5.9 }, { axis, sleevePx: 20 }], 40), false, 'a cap on one arm only');
  assert.equal(sleevedTop([{ axis, sleevePx: 20 }], 40), false, 'one arm');
  assert.equal(sleevedTop([{ axis, sleevePx: 0 }, { axis, sleevePx: 0 }], 40), false, 'a tank');
});

test('the old top\'s rim beside a narrower new top is its outline, not the arm nor below the hem', () => {
  const oldTop = drawRect(createMask(100, 100), 20, 10, 80, 90);
  const cover = drawRect(createMask(100, 100), 30, 10, 70, 50);
  const armCore = drawRect(createMask(100, 100), 20, 10, 24, 90);
  const kept = drawRect(createMask(100, 100), 20, 50, 80, 90);
  const rim = rimBesideTop({ oldHard: oldTop, cover, kept, armCore, centreX: 50 });
  // a row through one shoulder's top only (x 60–70 at row 5): the old top left of it is the neck's, not a rim
  drawRect(oldTop, 20, 5, 80, 10);
  drawRect(cover, 60, 5, 70, 6);
  const sloped = rimBesideTop({ oldHard: oldTop, cover, kept, armCore, centreX: 50 });
  assert.equal(at(sloped, 40, 5), 0, 'the neck beside a shoulder\'s top');
  assert.equal(at(sloped, 75, 5), 1, 'beside the shoulder, away from the centre');
  assert.equal(at(rim, 27, 30), 1, 'beside the new top');
  assert.equal(at(rim, 75, 30), 1);
  assert.equal(at(rim, 22, 30), 0, 'the arm keeps its skin');
  assert.equal(at(rim, 50, 30), 0, 'under the new top');
  assert.equal(at(rim, 27, 60), 0, 'the kept layer below the hem');
});

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

test('trousers kept beneath are kept whole: their loose sides beyond the body too', () => {
  // old trousers x 20–80 rows 10–90, new shorts over rows 10–50, the body's shape only x 35–65
  const trousers = rect(20, 10, 80, 90);
  const shorts = rect(20, 10, 80, 50);
  const zone = rect(0, 50, 100, 100);
  const cut = keptOldGarment(trousers, shorts, rect(35, 0, 65, 100), 60, { zone, slivers: false });
  assert.equal(at(cut, 25, 70), 0, 'cut to the body, the loose side goes');
  const whole = keptOldGarment(trousers, shorts, rect(35, 0, 65, 100), 60, { zone, slivers: false, allOf: trousers });
  assert.equal(at(whole, 25, 70), 1, 'whole, it stays');
  assert.equal(at(whole, 50, 70), 1);
  assert.equal(at(whole, 10, 70), 0, 'never past the old garment');
});

test('allOfLayer is the garment within the old one, uncovered and in the zone', () => {
  // trousers x 10–30, a coat's hem x 60–80 (both rows 0–100, in the old garment); new garment over rows 0–20; zone rows 40–100
  const old = unionOf(rect(10, 0, 30, 100), rect(60, 0, 80, 100));
  const out = allOfLayer(rect(10, 0, 30, 100), old, rect(0, 0, 100, 20), rect(0, 40, 100, 100));
  assert.equal(at(out, 12, 90), 1);
  assert.equal(at(out, 12, 30), 0, 'outside the zone');
  assert.equal(at(out, 70, 90), 0, 'not the trousers');
  assert.equal(at(out, 12, 10), 0, 'covered');
});

test('betweenParts is the gap between two parts of the new garment in a row, not beside it', () => {
  // shorts' legs x 20–45 and x 55–80, rows 40–60
  const shorts = unionOf(rect(20, 40, 45, 60), rect(55, 40, 80, 60));
  const gap = betweenParts(shorts);
  assert.equal(at(gap, 50, 50), 1);
  assert.equal(at(gap, 45, 50), 1);
  assert.equal(at(gap, 54, 50), 1);
  assert.equal(at(gap, 10, 50), 0, 'beside the garment');
  assert.equal(at(gap, 85, 50), 0);
  assert.equal(at(gap, 50, 70), 0, 'below it');
});

test('kept whole, a trouser leg under the size threshold stays too', () => {
  // two trouser legs below the hem: x 20–45 rows 50–90 (1000 px² > 0.04 × 60² = 144) and x 55–80 rows 50–54 (100 px²)
  const trousers = unionOf(rect(20, 50, 45, 90), rect(55, 50, 80, 54));
  const rule = { zone: rect(0, 50, 100, 100), slivers: false };
  const cut = keptOldGarment(trousers, rect(0, 0, 100, 50), rect(0, 0, 100, 100), 60, rule);
  assert.equal(at(cut, 65, 52), 0, 'under the size threshold');
  const whole = keptOldGarment(trousers, rect(0, 0, 100, 50), rect(0, 0, 100, 100), 60, { ...rule, allOf: trousers });
  assert.equal(at(whole, 65, 52), 1);
  assert.equal(at(whole, 30, 70), 1);
});

test("the lower garment's parse loses its stray pieces below the main piece, not a piece beside it nor a large one", () => {
  // skirt x 30–70 rows 10–50; a shin's shadow x 40–45 rows 70–80 (50 px² ≤ 0.15 × 60² = 540); a piece beside the skirt x 75–80 rows 30–40
  const parse = unionOf(unionOf(rect(30, 10, 70, 50), rect(40, 70, 45, 80)), rect(75, 30, 80, 40));
  const out = withoutLowerStrays(parse, 60);
  assert.equal(at(out, 42, 75), 0, 'the stray below goes');
  assert.equal(at(out, 77, 35), 1, 'beside the main piece: stays');
  assert.equal(at(out, 50, 30), 1);
  // a large piece below (x 30–70 rows 60–90: 1200 px² > 540) stays
  const big = withoutLowerStrays(unionOf(rect(30, 10, 70, 50), rect(30, 60, 70, 90)), 60);
  assert.equal(at(big, 50, 75), 1);
});

test("zoneWithNotch adds the gap between the new garment's legs that opens into the zone, not a hole inside it", () => {
  // shorts: a band rows 10–30 over x 20–80, legs x 20–45 and x 55–80 rows 30–50, a hole x 40–44 rows 15–20; zone rows 50–100
  const shorts = unionOf(unionOf(rect(20, 10, 80, 30), rect(20, 30, 45, 50)), rect(55, 30, 80, 50));
  for (let y = 15; y < 20; y++) for (let x = 40; x < 44; x++) shorts.data[y * 100 + x] = 0;
  const zone = zoneWithNotch(shorts, rect(0, 50, 100, 100));
  assert.equal(at(zone, 50, 40), 1, 'the notch');
  assert.equal(at(zone, 50, 70), 1, 'the zone');
  assert.equal(at(zone, 42, 17), 0, 'the hole');
  assert.equal(at(zone, 10, 40), 0, 'beside the shorts');
});

test('an old top beneath a new one stays whole: both sleeves and a centred band, never a one-sided piece', () => {
  // swPx 40, centre line x 50; areas above 0.04 × 40² = 64 px²
  const oldTop = rect(10, 10, 90, 90);
  const cover = rect(25, 10, 75, 60);
  // both old sleeves show below the new ones (x 10–25 and 75–90, rows 10–40); a band below the hem (x 30–70, rows 60–90)
  const skin = unionOf(unionOf(rect(10, 10, 25, 40), rect(75, 10, 90, 40)), rect(30, 60, 70, 90));
  const kept = keptOldGarment(oldTop, cover, skin, 40, { slivers: false, whole: { centreX: 50, armCore: createMask(100, 100) } });
  assert.equal(at(kept, 15, 25), 1, 'the left sleeve stays');
  assert.equal(at(kept, 85, 25), 1, 'with its partner on the right');
  assert.equal(at(kept, 50, 80), 1, 'the band below the hem reaches across the centre line: it stays');
  // only the right sleeve bare (the left one under the new top): one-sided (its mirror x 11–25 holds no area), it goes
  const oneSleeve = unionOf(rect(75, 10, 90, 40), rect(30, 60, 70, 90));
  const alone = keptOldGarment(oldTop, cover, oneSleeve, 40, { slivers: false, whole: { centreX: 50, armCore: createMask(100, 100) } });
  assert.equal(at(alone, 85, 25), 0);
  assert.equal(at(alone, 50, 80), 1);
  assert.equal(at(brokenLayers(oldTop, cover, oneSleeve, 40, { slivers: false, whole: { centreX: 50, armCore: createMask(100, 100) } }), 85, 25), 1, 'brokenLayers names it');
  // lying on the arm's own width (the parse missed the other sleeve), it stays
  assert.equal(at(keptOldGarment(oldTop, cover, oneSleeve, 40, { slivers: false, whole: { centreX: 50, armCore: rect(74, 0, 91, 100) } }), 85, 25), 1);
  // without the rule it stays
  assert.equal(at(keptOldGarment(oldTop, cover, oneSleeve, 40, { slivers: false }), 85, 25), 1);
});

test('wholeLayers: an area needs a partner of at least half its area in its mirror image, or must reach across the centre line', () => {
  // labels on one 100-px row, centre line x 50: 1 = left sleeve x 0–19 (20 px), 2 = right sleeve x 80–88 (9 px, < half of 20:
  // neither pairs, though the left one is more than twice its area),
  // 3 = a band x 30–69 (reaches across), 4 = a panel x 72–77 (one side; its mirror x 22–27 holds no area)
  const labels = new Int32Array(100);
  const paint = (l: number, x0: number, x1: number) => { for (let x = x0; x <= x1; x++) labels[x] = l; };
  paint(1, 0, 19);
  paint(2, 80, 88);
  paint(3, 30, 69);
  paint(4, 72, 77);
  assert.deepEqual([...wholeLayers(labels, [1, 2, 3, 4], 100, 50)].sort(), [3]);
  // a right sleeve of 12 px (≥ 0.5 × 20) pairs with the left one, its mirror x 9–20 overlapping x 0–19
  paint(2, 80, 91);
  assert.deepEqual([...wholeLayers(labels, [1, 2], 100, 50)].sort(), [1, 2]);
  // a band cut in two at the centre line (x 30–48 and 52–69): each half is the other's partner
  labels.fill(0);
  paint(5, 30, 48);
  paint(6, 52, 69);
  assert.deepEqual([...wholeLayers(labels, [5, 6], 100, 50)].sort(), [5, 6]);
});

test('wholeLayers on a box: only the labels inside it are read', () => {
  // a 10×3 frame, centre line x 5: label 1 at x 1–3 and label 2 at x 6–8 on row 1 (mirrors of each other, 3 px each)
  const labels = new Int32Array(30);
  for (const x of [1, 2, 3]) labels[10 + x] = 1;
  for (const x of [6, 7, 8]) labels[10 + x] = 2;
  // the box holding both (row 1, x 1–8): the pair, as on the whole frame
  assert.deepEqual([...wholeLayers(labels, [1, 2], 10, 5, { x0: 1, y0: 1, x1: 8, y1: 1 })].sort(), [1, 2]);
  assert.deepEqual([...wholeLayers(labels, [1, 2], 10, 5)].sort(), [1, 2]);
  // a box ending at x 6 reads label 2 as its first column only, x 6, no longer the mirror of x 1–3: neither is whole
  assert.deepEqual([...wholeLayers(labels, [1, 2], 10, 5, { x0: 0, y0: 0, x1: 6, y1: 2 })], []);
});

test('under a sleeved new top the old front inside a low neckline stays only where the neck does not show', () => {
  // old top x 30–70 rows 10–90; the new tee's torso from row 30 (20 px below the old edge: deeper than 0.2 × 40 = 8 px), sleeves on both arms
  const oldTop = rect(30, 10, 70, 90);
  const cover = rect(30, 30, 70, 60);
  const torso = drawRect(createMask(100, 100), 30, 10, 70, 90);
  const arms = unionOf(rect(16, 12, 28, 80), rect(72, 12, 84, 80));
  const armCore = unionOf(rect(19, 12, 25, 80), rect(75, 12, 81, 80));
  const sleeves = [22, 78].map((x) => ({ axis: [{ x, y: 12 }, { x, y: 46 }, { x, y: 80 }], sleevePx: 18 }));
  const input = { cover, torso, arms, armCore, oldHard: oldTop, sleeves };
  assert.equal(at(upperLayerZone({ ...input, neckSeen: true }, 40), 50, 20), 0, 'below a visible neck the chest is made');
  assert.equal(at(upperLayerZone({ ...input, neckSeen: false }, 40), 50, 20), 1, 'under a collar the old front stays');
  assert.equal(at(upperLayerZone({ ...input, neckSeen: false }, 40), 22, 60), 0, 'the old sleeves still go');
});

test('an old top stays beneath a new dress only above the dress\'s hem, within the upper body', () => {
  // the dress covers the torso's columns 40..59 down to row 79: its hem row is 79
  const dress = rect(40, 30, 60, 80);
  const torso = rect(40, 20, 60, 60);
  const upper = rect(10, 10, 90, 95);
  const zone = topBeneathZone({ cover: dress, torso, upper });
  assert.equal(at(zone, 20, 50), 1, 'an arm beside the bodice');
  assert.equal(at(zone, 20, 78), 1, 'just above the hem row');
  assert.equal(at(zone, 20, 79), 0, 'the hem row and below are the layer zone\'s below the hem');
  assert.equal(at(zone, 5, 50), 0, 'outside the upper body');
  assert.equal(at(topBeneathZone({ cover: rect(0, 0, 10, 10), torso, upper }), 20, 50), 0, 'nowhere when the dress misses the torso');
});

test('a long-sleeved top beneath a new dress is kept whole, its thin strips too, once its sleeves are', () => {
  // an old long-sleeved top: two sleeves (x 14..25 and 74..85, rows 20..69) and the front between (x 26..73, rows 15..69)
  const top = unionOf(unionOf(rect(14, 20, 26, 70), rect(74, 20, 86, 70)), rect(26, 15, 74, 70));
  // the dress covers the front from row 17: a band of the top 2 px tall stays uncovered above it
  const dress = rect(26, 17, 74, 90);
  const everywhere = rect(0, 0, 100, 100);
  const zone = rect(0, 0, 100, 80);
  const whole = { centreX: 50, armCore: createMask(100, 100) };
  const kept = keptTopBeneath({ oldHard: top, cover: dress, skinFill: everywhere, top }, zone, whole, 40);
  assert.equal(at(kept, 18, 50), 1, 'a sleeve');
  assert.equal(at(kept, 82, 50), 1, 'the other');
  // 2 px is under LAYERING.sliverWidthSw × 40 = 2.4 px: by area alone the band goes
  assert.equal(at(keptOldGarment(top, dress, everywhere, 40, { zone, slivers: false, whole }), 50, 15), 0);
  assert.ok(at(kept, 50, 15) > 0.5, 'the band above the bodice stays with the sleeves');
  assert.equal(at(kept, 18, 85), 0, 'nothing outside the zone');
  // decided in a zone of the sleeves' rows only (a cami's: its arms past the straps), kept in a wider one: the band above too
  const armsOnly = rect(0, 30, 100, 80);
  assert.equal(at(keptTopBeneath({ oldHard: top, cover: dress, skinFill: everywhere, top }, armsOnly, whole, 40), 50, 15), 0);
  assert.ok(at(keptTopBeneath({ oldHard: top, cover: dress, skinFill: everywhere, top }, armsOnly, whole, 40, zone), 50, 15) > 0.5);
  // one sleeve alone (the other arm bare): not a whole layer, nothing kept
  const one = unionOf(rect(14, 20, 26, 70), rect(26, 15, 74, 17));
  const lone = keptTopBeneath({ oldHard: one, cover: dress, skinFill: everywhere, top: one }, zone, whole, 40);
  assert.equal(at(lone, 18, 50), 0, 'a lone sleeve is no layer');
  assert.equal(at(lone, 50, 15), 0);
});

test('an old top beside a dress is background out to a bare arm, not where it is a sleeve or the body', () => {
  const cover = rect(40, 20, 60, 90);
  const top = rect(20, 10, 80, 60);
  drawRect(top, 20, 65, 40, 66); // a fold's edge one row tall
  // the bare arm on the left, two px of soft edge away; on the right the top runs on into the background (a long sleeve)
  const skin = rect(10, 0, 18, 100);
  const body = rect(35, 0, 65, 100);
  // (no forearm seen: the body's side stays as before)
  const { side, background: rim } = rimBesideDress({ top, cover, skin, body, forearms: createMask(100, 100), centreX: 50, fromRow: 30 });
  assert.ok(RIM_BESIDE_DRESS.edgePx >= 2 && RIM_BESIDE_DRESS.openPx >= 1);
  assert.equal(at(rim, 25, 45), 1, 'between the dress and the bare arm');
  assert.equal(at(rim, 20, 45), 1, 'out to the arm');
  assert.equal(at(rim, 37, 45), 0, "inside the body's zone: the body's side");
  assert.equal(at(rim, 25, 25), 0, 'above the armpit: the shoulder beneath');
  assert.equal(at(rim, 70, 45), 0, 'a run ending in the background is a sleeve');
  assert.equal(at(rim, 25, 65), 0, 'a row alone is no rim');
  assert.equal(at(rim, 15, 45), 0, 'not the arm');
  assert.equal(at(side, 25, 45), 1, 'the layer loses the background too');
  assert.equal(at(side, 37, 45), 0, 'beside a forearm not seen bare the body\'s side stays');
});

test('beside a bare forearm the old top\'s side inside the body\'s zone leaves the layer, to be made as skin', () => {
  // as above; the left forearm (x 10–17, rows 60–99) is skin: a top without long sleeves
  const cover = rect(40, 20, 60, 90);
  const top = rect(20, 10, 80, 60);
  const skin = rect(10, 0, 18, 100);
  const body = rect(35, 0, 65, 100);
  const forearms = rect(10, 60, 18, 100);
  const bare = rimBesideDress({ top, cover, skin, body, forearms, centreX: 50, fromRow: 30 });
  // row 45: the run x 39 → 20 ends at the arm's skin (x 17, 2 px out); x 35–39 lie in the body's zone
  assert.equal(at(bare.side, 37, 45), 1, "the body's side beside the bodice goes");
  assert.equal(at(bare.background, 37, 45), 0, 'and is not made background (skin is made there)');
  assert.equal(at(bare.side, 25, 45), 1);
  assert.equal(at(bare.side, 37, 25), 0, 'above the armpit it stays');
  assert.equal(at(bare.side, 62, 45), 0, 'the right side runs into the background: a sleeve, it stays');
  // a long sleeve covers the forearm (the top over it): the run is the sleeve's inner side and stays
  const sleeved = unionOf(top, forearms);
  const long = rimBesideDress({ top: sleeved, cover, skin, body, forearms, centreX: 50, fromRow: 30 });
  assert.equal(at(long.side, 37, 45), 0);
  assert.equal(at(long.background, 25, 45), 1, 'outside the body the background is made as before');
});

test('gapBesideDress: the removed old garment between a dress\'s side and a bare arm beside it is the background, outside the torso', () => {
  // a dress x 40–59 from row 20; the old dress x 20–79 removed; a bare arm x 12–19 on the left, its forearm rows 60–99;
  // on the right the old garment runs out to x 79 and the arm starts at x 81 (a 1 px soft edge), 20 px from the dress
  const cover = rect(40, 20, 60, 90);
  const old = rect(20, 10, 80, 90);
  const armSkin = unionMask(rect(12, 0, 20, 100), rect(81, 0, 89, 100));
  const torso = rect(35, 0, 65, 100);
  const forearms = unionMask(rect(12, 60, 20, 100), rect(81, 60, 89, 100));
  const input = { old, cover, armSkin, torso, forearms, centreX: 50, fromRow: 30 };
  // 100 px shoulders: runs up to 15 px; the left run x 39 → 20 is 20 px, too wide; with 200 px shoulders it is taken
  assert.equal(GAP_BESIDE_DRESS.maxSw, 0.15);
  assert.equal(at(gapBesideDress(input, 100), 25, 50), 0, 'a run wider than maxSw is a piece of its own');
  const gap = gapBesideDress(input, 200);
  assert.equal(at(gap, 25, 50), 1, 'between the dress and the arm: background');
  assert.equal(GAP_BESIDE_DRESS.armEdgePx, 2);
  assert.equal(at(gap, 22, 50), 1, "out to the arm's outline");
  assert.equal(at(gap, 20, 50), 0, "the arm's own edge (its last 2 px) stays");
  assert.equal(at(gap, 37, 50), 0, "inside the torso's zone: the body's side");
  assert.equal(at(gap, 15, 50), 0, 'not the arm');
  assert.equal(at(gap, 25, 25), 0, 'above the armpit row');
  assert.equal(at(gap, 70, 50), 1, 'the right side too');
  // a long sleeve over the forearms (the old garment over them): the run is the sleeve's inner side and stays
  const sleeved = gapBesideDress({ ...input, old: unionMask(old, forearms), armSkin: subtract(armSkin, forearms) }, 200);
  assert.equal(at(sleeved, 25, 50), 0);
  // the run ends in the background, not at skin: stays
  const noArm = gapBesideDress({ ...input, armSkin: rect(12, 60, 20, 100) }, 200);
  assert.equal(at(noArm, 25, 40), 0);
});

test('bareForearms: a side is bare when at least half its forearm pixels on the top or on skin are skin', () => {
  // 10 × 2, centre line x = 5; left forearm x 0–3 (row 0): one top, three skin; right forearm x 6–9: three top, one skin
  const top = createMask(10, 2), skin = createMask(10, 2), forearms = createMask(10, 2);
  for (const x of [0, 1, 2, 3, 6, 7, 8, 9]) forearms.data[x] = 1;
  for (const x of [0, 6, 7, 8]) top.data[x] = 1;
  for (const x of [1, 2, 3, 9]) skin.data[x] = 1;
  assert.deepEqual(bareForearms({ top, skin, forearms, centreX: 5 }), { left: true, right: false });
  // two of four skin on the right: exactly the share (0.5), bare
  top.data[8] = 0; skin.data[8] = 1;
  assert.equal(RIM_BESIDE_DRESS.bareForearmShare, 0.5);
  assert.deepEqual(bareForearms({ top, skin, forearms, centreX: 5 }), { left: true, right: true });
  // no forearm seen: not bare
  assert.deepEqual(bareForearms({ top, skin, forearms: createMask(10, 2), centreX: 5 }), { left: false, right: false });
});

test('topRows: the first row of each column at or above 0.5, the height where none', () => {
  // 5 × 4: column 1 from row 2, column 3 from row 1 (0.4 in row 0 does not count), column 4 a single pixel in row 3
  const m = createMask(5, 4);
  m.data[2 * 5 + 1] = 1;
  m.data[3 * 5 + 1] = 1;
  m.data[0 * 5 + 3] = 0.4;
  m.data[1 * 5 + 3] = 0.5;
  m.data[3 * 5 + 4] = 1;
  assert.deepEqual([...topRows(m)], [4, 2, 4, 1, 3]);
  assert.deepEqual([...topRows(createMask(3, 2))], [2, 2, 2]);
});

/**
 * An old dress kept below a new top (x 30–69, its left edge at x 30 soft, 0.5), its removed sides
 * x 20–29 and 70–79 (rows 60–79) taking the background fill; a hand (protected) at x 10–19, the
 * person's matte ending at x 80. With fromRow 65 and reach 12 px: the left run (x 29 down to 20,
 * 10 px) ends on the hand, on the person: kept, with its 8 neighbours (x 19–30, rows 64–80); the
 * right run (x 70–79) ends on the background at x 80: the dress's own flap, left removed; rows 60–63 lie
 * above fromRow (row 64 only as a neighbour of row 65). Reach 8 px: the 10 px run is a piece of its own.
 * (Reach 12 px and 8 px: shoulder widths of 48 and 32 px, KEPT_TO_OUTLINE.reachSw 0.25.)
 */
function outlineCase(swPx: number): Mask {
  const kept = rect(31, 60, 70, 80);
  for (let y = 60; y < 80; y++) kept.data[y * 100 + 30] = 0.5;
  const planes = { oldHard: rect(20, 60, 80, 80), cover: rect(20, 0, 80, 60), protect: rect(10, 60, 20, 80), body: createMask(100, 100), matte: rect(0, 0, 80, 100) };
  return keptToOutline(kept, planes, swPx, 65);
}

test('the kept layer runs on to the hand beside it, not past the person, a reach or above the armpits', () => {
  assert.equal(KEPT_TO_OUTLINE.reachSw, 0.25);
  const out = outlineCase(48);
  assert.equal(at(out, 25, 70), 1, 'the dress between the kept layer and the hand is kept');
  assert.equal(at(out, 20, 79), 1, 'up to the hand');
  assert.equal(at(out, 30, 70), 1, 'the soft edge beside the run made whole');
  assert.equal(at(out, 25, 80), 1, 'and the row below it (the removal soft edge there)');
  assert.equal(at(out, 25, 64), 1, 'the row above fromRow only as a neighbour');
  assert.equal(at(out, 25, 62), 0, 'above the armpits nothing is taken');
  assert.equal(at(out, 75, 70), 0, 'a run ending on the background stays removed');
  assert.equal(at(out, 50, 70), 1, 'the kept layer stays');
  assert.equal(at(outlineCase(32), 25, 70), 0, 'a run longer than the reach stays removed');
  assert.equal(at(outlineCase(32), 30, 70), 0.5, 'and the kept layer is as it was');
});

/**
 * A leftover piece of the kept layer further out starts no run: the kept dress's main piece at x 30–69
 * (rows 60–79, 800 px) and a 2×2 leftover at x 12–13, rows 70–71 (4 px, under a quarter of 800); the old
 * garment removed over x 6–79, rows 60–79, no new garment there; a forearm (protected) at x 2–5; the matte
 * x 0–79. Reach 12 px, fromRow 60. From the main piece the left run is x 29 down to 6, 24 px, longer than
 * the reach: nothing is taken. Started from the leftover (the first kept pixel in rows 70–71), the run x 11
 * down to 6 (6 px) ended on the forearm: a bar of the garment x 5–14, rows 69–72, beside the arm.
 */
test('keptToOutline: a leftover piece of the kept layer further out seeds no bar to the forearm', () => {
  const kept = rect(30, 60, 70, 80);
  for (const [x, y] of [[12, 70], [13, 70], [12, 71], [13, 71]] as const) kept.data[y * 100 + x] = 1;
  const planes = { oldHard: rect(6, 60, 80, 80), cover: createMask(100, 100), protect: rect(2, 60, 6, 80), body: createMask(100, 100), matte: rect(0, 0, 80, 100) };
  const out = keptToOutline(kept, planes, 48, 60);
  assert.equal(at(out, 8, 70), 0, 'no bar between the leftover and the forearm');
  assert.equal(at(out, 11, 71), 0, 'nor beside it in the next row');
  assert.equal(at(out, 20, 70), 0, 'nor between the main piece and the leftover (24 px: past the reach)');
  assert.equal(at(out, 12, 70), 1, 'the leftover itself stays as it was');
  assert.equal(at(out, 50, 70), 1, 'and the main piece');
});

/**
 * Neighbouring rows agree. A kept dress at x 30–69, rows 40–79; the old garment removed over x 10–79 (no new
 * garment there); a forearm (protected) at x 4–9; the matte x 0–79, except in the rows given, where x 0–9 reads as
 * background. Shoulder width 100 px, fromRow 40: reach 25 px, gaps of up to 8 rows filled
 * (KEPT_ROWS_AGREE.gapSw 0.08), bars under 4 rows dropped (minBarSw 0.04). In each row the left run is x 29
 * down to 10 (20 px) and ends at x 9 on the forearm: kept where the matte there is the person, left removed where
 * it is the background. The right run (x 70–79) ends on the background at x 80 in every row: never kept.
 */
function flickerCase(backgroundRows: number[]): Mask {
  const kept = rect(30, 40, 70, 80);
  const matte = rect(0, 0, 80, 100);
  for (const y of backgroundRows) matte.data.fill(0, y * 100, y * 100 + 10);
  const planes = { oldHard: rect(10, 40, 80, 80), cover: createMask(100, 100), protect: rect(4, 40, 10, 80), body: createMask(100, 100), matte };
  return keptToOutline(kept, planes, 100, 40);
}

const rows = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, k) => from + k);

test('keptToOutline: a gap of three rows between kept rows beside the arm is filled', () => {
  assert.deepEqual([KEPT_ROWS_AGREE.gapSw, KEPT_ROWS_AGREE.minBarSw], [0.08, 0.04]);
  // rows 60–62 end on the background; rows 59 and 63 cover rows 60 and 62 as neighbours; row 61 was the gap left
  const out = flickerCase([60, 61, 62]);
  assert.equal(at(out, 20, 61), 1, 'the middle row of the gap is kept');
  assert.equal(at(out, 10, 61), 1, 'out to the arm (both kept rows reach x 10)');
  assert.equal(at(out, 75, 61), 0, 'the right side (its runs end on the background) stays removed');
});

test('keptToOutline: an isolated kept row beside the arm is dropped, a bar of 4 rows or at the hem stays', () => {
  // only row 70 ends on the arm: a bar 1 row tall (< 4), dropped with its neighbours
  const one = flickerCase(rows(40, 79).filter((y) => y !== 70));
  assert.equal(at(one, 20, 70), 0, 'the single row takes the background fill');
  assert.equal(at(one, 20, 71), 0, 'and so does its neighbour');
  assert.equal(at(one, 40, 70), 1, 'the kept layer stays');
  // rows 70–73 end on the arm: 4 rows, not shorter than the bar's least height
  const four = flickerCase(rows(40, 79).filter((y) => y < 70 || y > 73));
  assert.equal(at(four, 20, 71), 1);
  assert.equal(at(four, 20, 74), 1, 'with the row below as a neighbour');
  assert.equal(at(four, 20, 76), 0);
  // rows 77–79 end on the arm: 3 rows at the kept layer's bottom, nothing removed below them (the old hem's band): kept
  const hem = flickerCase(rows(40, 76));
  assert.equal(at(hem, 20, 78), 1, "a short bar at the kept layer's end stays");
  assert.equal(at(hem, 20, 74), 0);
});

test('keptToOutline: a long run of rows ending on the background stays removed', () => {
  // rows 50–69 (20 rows, over 8) end on the background between kept rows 40–49 and 70–79
  const out = flickerCase(rows(50, 69));
  assert.equal(at(out, 20, 60), 0, 'the gap is the background between the arm and the body');
  assert.equal(at(out, 20, 52), 0);
  assert.equal(at(out, 20, 45), 1, 'the kept rows above stay');
  assert.equal(at(out, 20, 75), 1, 'and below');
});

/**
 * The kept side runs on past a hand. A kept dress at x 30–69 in rows 40–59 and out to its outline at x 10 in rows
 * 60–79 (below the hand); a hand (protected) at x 20–29, rows 40–59, right beside the kept layer; the old garment
 * removed over x 10–79, rows 40–79; the matte x 10–79 (x 9 the background). fromRow 40. Shoulder width 100 px:
 * hands up to 40 px passed (handSw 0.4), strips beyond up to 30 px taken (beyondSw 0.3), gaps of 8 rows
 * (KEPT_ROWS_AGREE.gapSw). In rows 40–59 the run from the kept layer is 0 px (x 29 is the hand); past the hand's
 * 10 px, x 19 down to 10 (10 px) would take the background fill and ends at x 9 on the background, with the kept
 * layer at x 19 in row 60 below: kept, the dress's side carried up. Shoulder width 30 px: the strip (10 px) is
 * wider than 9 px, a piece of its own. With the new garment at x 0–9 the strip ends on it, not at the garment's
 * outline. With the dress kept only at x 30–69 in rows 60–79 too (x 10–29 there removed, taking the
 * background), nothing below the strip shows the garment: no side carried up. All three stay removed.
 */
function pastHandCase(swPx: number, v: { coverLeft?: boolean; narrowBelow?: boolean } = {}): Mask {
  const kept = v.narrowBelow ? rect(30, 40, 70, 80) : unionMask(rect(30, 40, 70, 60), rect(10, 60, 70, 80));
  const cover = v.coverLeft ? rect(0, 40, 10, 80) : createMask(100, 100);
  const planes = { oldHard: rect(10, 40, 80, 80), cover, protect: rect(20, 40, 30, 60), body: createMask(100, 100), matte: rect(v.coverLeft ? 0 : 10, 0, 80, 100) };
  return keptToOutline(kept, planes, swPx, 40);
}

test('keptToOutline: the kept side runs on past a hand in front of it, carried up from the garment below it', () => {
  assert.deepEqual([KEPT_PAST_HAND.handSw, KEPT_PAST_HAND.beyondSw, KEPT_PAST_HAND.easeSw], [0.4, 0.3, 0.2]);
  const out = pastHandCase(100);
  assert.equal(at(out, 15, 50), 1, 'the dress beyond the hand is kept');
  assert.equal(at(out, 19, 41), 1, 'from the first row, beside the hand');
  // (rows 40–59 past the hand, eased over 0.2 × 100 = 20 rows: row 41 keeps 2 / 21 of its 10 px, row 59 all)
  assert.equal(at(out, 10, 41), 0, 'not yet out to its outline in its first rows');
  assert.equal(at(out, 10, 59), 1, 'out to its outline by the end of the ease');
  assert.equal(at(out, 25, 50), 0, 'the hand itself is not the kept layer');
  assert.equal(at(out, 15, 70), 1, 'below the hand the kept layer is as it was');
  assert.equal(at(pastHandCase(30), 15, 50), 0, 'a strip wider than beyondSw stays removed');
  assert.equal(at(pastHandCase(100, { coverLeft: true }), 15, 50), 0, 'a strip ending on the new garment stays removed');
  assert.equal(at(pastHandCase(100, { narrowBelow: true }), 15, 50), 0, 'a strip with no garment below it stays removed');
});

test('the side carried up past a hand starts at the hand and slopes out to its full run over the first rows', () => {
  // two blocks of runs (10 px, then 4 px) eased over 3 rows: the i-th row from a block's top keeps (i + 1) / 4
  const past = { y0: 5, step: 1 as const, start: new Int32Array([-1, 20, 20, 20, 20, -1, 30, 30]), n: new Int32Array([0, 10, 10, 10, 10, 0, 4, 4]), open: new Uint8Array(8) };
  assert.deepEqual(Array.from(easedTop(past, 3).n), [0, 3, 5, 8, 10, 0, 1, 2]);
  // no rows to ease over: as it was
  assert.deepEqual(Array.from(easedTop(past, 0).n), [0, 10, 10, 10, 10, 0, 4, 4]);
});

/**
 * The kept layer at x 30–69 in rows 40–49 (the photo's own garment below it, the person's matte x 10–79); the
 * removal reaches 6 rows lower at x 30–39 (rows 50–55 would take the background fill), then the photo's garment
 * again. Shoulder width 100 px: a gap of at most 15 rows between the kept layer and the garment below is kept.
 * At 30 px (at most 4 rows) it stays removed; so does a gap ending on the background (matte only to row 55), and
 * one whose rows reach the background at their side (matte x 30–79 only in rows 50–55: the garment's flap).
 */
function downGapCase(swPx: number, v: { backgroundBelow?: boolean; openSide?: boolean } = {}): Mask {
  const kept = rect(30, 40, 70, 50);
  const matte = rect(10, 0, 80, v.backgroundBelow ? 56 : 100);
  if (v.openSide) for (let y = 50; y < 56; y++) matte.data.fill(0, y * 100 + 10, y * 100 + 30);
  const planes = { oldHard: unionMask(rect(30, 40, 70, 50), rect(30, 50, 40, 56)), cover: createMask(100, 100), protect: createMask(100, 100), body: createMask(100, 100), matte };
  return keptToOutline(kept, planes, swPx, 40);
}

test('keptToOutline: the removal below the kept layer, down to the garment the photo keeps, is kept', () => {
  assert.equal(KEPT_TO_OUTLINE.downGapSw, 0.15);
  const out = downGapCase(100);
  assert.equal(at(out, 35, 50), 1, 'the gap right below the kept layer is kept');
  assert.equal(at(out, 35, 55), 1, 'down to the garment below');
  assert.equal(at(out, 45, 55), 0, 'the photo garment beside it is not made kept');
  assert.equal(at(out, 25, 52), 0, 'nothing outside the removal');
  assert.equal(at(downGapCase(30), 35, 53), 0, 'a gap taller than downGapSw stays removed');
  assert.equal(at(downGapCase(100, { backgroundBelow: true }), 35, 53), 0, 'a gap ending on the background stays removed');
  assert.equal(at(downGapCase(100, { openSide: true }), 35, 53), 0, 'a gap whose rows reach the background at their side stays removed');
});

test('a thin rim between a narrower new top and the seen arm is the arm\'s edge; a wide one or one ending on the background is not', () => {
  const oldTop = rect(20, 10, 80, 90);
  const cover = rect(30, 10, 70, 50);
  // the new top's right sleeve, above the rim: the arm comes out under it
  const sleeve = rect(70, 5, 85, 10);
  // the right arm rests on the old top (skin from x 80); the left one stands 5 px off it (background between)
  const skin = unionMask(rect(80, 10, 90, 90), rect(5, 10, 15, 90));
  const kept = rect(20, 50, 80, 90);
  const input = { oldHard: oldTop, cover: unionMask(cover, sleeve), kept, skin, centreX: 50 };
  // the right run is x 70–79, 10 px
  const thin = armAgainstTop(input, 10);
  assert.equal(at(thin, 70, 30), 1, 'from the new top\'s side');
  assert.equal(at(thin, 79, 30), 1, 'to the arm');
  for (let k = 0; k < ARM_AGAINST_TOP.intoSkinPx; k++) assert.equal(at(thin, 80 + k, 30), 1, 'and the arm\'s first pixels, under the removal\'s feather');
  assert.equal(at(thin, 80 + ARM_AGAINST_TOP.intoSkinPx, 30), 0, 'no farther into the arm');
  assert.equal(at(thin, 25, 30), 0, 'a run ending on the background is a gap');
  assert.equal(at(thin, 75, 60), 0, 'rows the new top does not reach: the kept layer');
  assert.equal(at(thin, 50, 30), 0, 'nothing under the new top');
  const wide = armAgainstTop(input, 9);
  assert.equal(Math.max(...wide.data), 0, 'a run wider than the reach keeps the background');
  const loose = armAgainstTop({ ...input, cover }, 10);
  assert.equal(Math.max(...loose.data), 0, 'runs that do not hang from the new top (background above them) keep it too');
});
