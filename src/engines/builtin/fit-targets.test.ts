import { test } from 'node:test';
import assert from 'node:assert/strict';
import { capFactors, cappedScale, coverArmOutside, widenedCap, flatTop, narrowedRow, skirtNeeds, skirtReach, skirtRow, chordCentreOffset, keptHem, legTaper, onHemRow, pastTheHem, pointAtDepth, chordHalfWidth, dressLengthScale, layAlong, mergeShortSegments, photoScale, shiftAxis, tuckedUnderTop, upperLengthScale, wrapAcross } from './fit-targets.js';
import { frontFrame } from '../../../test/support/drawing.js';
import { mapLimb, prepareLimb } from './limb-warp.js';

const frame = frontFrame({ centreX: 200, shoulderY: 200, shoulderWidth: 200, hipY: 510, hipHalfWidth: 50 });

test("a top's hem drop follows its length / width ratio, in body shoulder widths", () => {
  // T-shirt: 700 px long, 357 px across the armpits (00055_00) → ~1.96 shoulder widths
  const tee = upperLengthScale(frame, 700, 357) * 700;
  assert.ok(Math.abs(tee - 200 * 1.96) < 3, `tee drop ${tee}`);
  // a longer top of the same width ends lower
  assert.ok(upperLengthScale(frame, 800, 357) * 800 > tee);
});

test('a cropped top stops at the waist, a tunic at mid-thigh', () => {
  const cropped = upperLengthScale(frame, 200, 400) * 200;
  const tunic = upperLengthScale(frame, 1400, 400) * 1400;
  assert.equal(Math.round(cropped), 220);
  assert.equal(Math.round(tunic), 480);
});

test("a print keeps its aspect at the centre line; the top's sides still reach the cylinder's edge", () => {
  const s = 1.5, half = 100;
  const cylinderEdge = wrapAcross(half, s, half, 1);
  // the centre scaled as the length (0.7 of the chest scale), widened bodies widen the sides only
  const centreSlope = (wrapAcross(1, s, half, 1.3, s * 0.7) - wrapAcross(-1, s, half, 1.3, s * 0.7)) / 2;
  assert.ok(Math.abs(centreSlope - s * 0.7) < 0.01, `centre slope ${centreSlope}`);
  assert.ok(Math.abs(wrapAcross(half, s, half, 1.3, s * 0.7) - cylinderEdge * 1.3) < 1e-6);
  assert.ok(Math.abs(wrapAcross(-half, s, half, 1, s * 0.7) + cylinderEdge) < 1e-6);
  // monotonic across: no fold
  let prev = -Infinity;
  for (let u = -120; u <= 120; u += 5) {
    const x = wrapAcross(u, s, half, 1.5, s * 0.7);
    assert.ok(x > prev);
    prev = x;
  }
});

test('a sleeve chord: its half-width and how far its middle sits off the axis', () => {
  // a 21 px wide vertical band (x 10..30) measured across the line x = 15
  const mask = { width: 50, height: 50, data: new Float32Array(2500) };
  for (let y = 0; y < 50; y++) for (let x = 10; x <= 30; x++) mask.data[y * 50 + x] = 1;
  const a = { x: 15, y: 0 }, b = { x: 15, y: 40 };
  assert.equal(chordHalfWidth(mask, a, b, 0.5), 10.5);
  // the axis runs down (+y): its normal (−dy, dx) points to −x, so the middle (x 20) is at −5
  assert.equal(chordCentreOffset(mask, a, b, 0.5), -5);
});

test('shiftAxis keeps the first point and moves the rest along the normal, fully from halfway', () => {
  const moved = shiftAxis([{ x: 0, y: 0 }, { x: 0, y: 50 }, { x: 0, y: 100 }], 10);
  assert.deepEqual(moved[0], { x: 0, y: 0 });
  assert.deepEqual(moved[1], { x: -10, y: 50 });
  assert.deepEqual(moved[2], { x: -10, y: 100 });
});

test("a dress's hem drop follows its length / width ratio like a top's, from the upper thigh down to the ankles", () => {
  // (shoulder width 200 px) a knee-length dress 3.1× as long as its armpit width ends 3.1 sw below the seams, not 1.44× lower
  assert.equal(Math.round(dressLengthScale(frame, 930, 300, null) * 930), 620);
  // a mini dress at least to the upper thigh (1.9 sw)
  assert.equal(Math.round(dressLengthScale(frame, 300, 300, null) * 300), 380);
  // a maxi dress (5 sw) ends at a floor 4.5 sw below the seams; one far longer is shortened by at most 15 %, the rest cut
  assert.equal(Math.round(dressLengthScale(frame, 1000, 200, 900) * 1000), 900);
  assert.equal(Math.round(dressLengthScale(frame, 1400, 200, 900) * 1400), Math.round(1400 * 0.85));
});

test('a lower garment passing the hem floor is shortened to it, by at most 15 %', () => {
  const down = { x: 0, y: 1 };
  // waist at row 500, hem 400 garment px down at scale 1: a floor at row 860 shortens it to 360 px
  assert.equal(cappedScale(1, 500, down, 400, 860), 0.9);
  assert.equal(cappedScale(1, 500, down, 400, 950), 1, 'ending above the floor: its own length');
  assert.equal(cappedScale(1, 500, down, 400, null), 1, 'no floor');
  assert.equal(cappedScale(1, 500, down, 400, 700), 0.85, 'far too long: 15 % shorter, the rest cut at the floor');
});

test("a waistband a little below the top's hem is raised to tuck under it; a cropped top's midriff and a band already under the hem stay", () => {
  // torso 310 px: the tuck reaches 0.15 × 310 = 46.5 px up and goes 0.04 × 310 = 12.4 px under the hem
  const waist = { x: 200, y: 460 };
  const y = (hem: number | null) => Math.round(tuckedUnderTop(frame, waist, hem).y * 10) / 10;
  assert.equal(y(440), 427.6);
  assert.equal(y(455), 442.6);
  assert.equal(y(470), 457.6, 'under the hem by less than the overlap: on up to it');
  assert.equal(y(480), 460, 'already under the hem by more than the overlap');
  assert.equal(y(400), 460, "60 px up: a cropped top's midriff, not a sliver");
  assert.equal(y(null), 460);
  assert.equal(tuckedUnderTop(frame, waist, 440).x, 200);
});

test("a top's photo is seen at 0.9 of its flat width (sleeves, print); a dress's at the cylinder's 0.8", () => {
  // body chest 230 px, photo chest half-width 100 px: 230 / (200 × 0.9) and 230 / (200 × 0.8)
  assert.ok(Math.abs(photoScale(230, 100, 'upper') - 1.2778) < 1e-3);
  assert.ok(Math.abs(photoScale(230, 100, 'dress') - 1.4375) < 1e-6);
});

test('mergeShortSegments drops a joint a few px from the end, keeps a real bend', () => {
  // seam → elbow 170 px down → 2 px past the elbow: the elbow goes
  const cut = mergeShortSegments([{ x: 0, y: 0 }, { x: 0, y: 170 }, { x: 1, y: 172 }], 17);
  assert.deepEqual(cut, [{ x: 0, y: 0 }, { x: 1, y: 172 }]);
  // a long sleeve: seam → elbow → wrist, 100 px each, all kept
  const arm = [{ x: 0, y: 0 }, { x: 0, y: 100 }, { x: 100, y: 100 }];
  assert.deepEqual(mergeShortSegments(arm, 20), arm);
});

test('layAlong stretches every segment of the garment axis by the same ratio', () => {
  // body 30 + 10 px, garment 0 → 80 px: 60 and 20 px, twice each
  const g = layAlong([{ x: 0, y: 0 }, { x: 0, y: 30 }, { x: 10, y: 30 }], { x: 5, y: 0 }, { x: 5, y: 80 });
  assert.deepEqual(g, [{ x: 5, y: 0 }, { x: 5, y: 60 }, { x: 5, y: 80 }]);
});

test('a trouser leg runs straight from its waist point towards the knee: the crotch point lies on that line, not straight below the waist', () => {
  const down = { x: 0, y: 1 };
  // waist (100, 0), knee (80, 200): 60 px down lies 60/200 of the way, 6 px in
  assert.deepEqual(pointAtDepth({ x: 100, y: 0 }, { x: 80, y: 200 }, down, 60), { x: 94, y: 60 });
  // a knee no lower than the depth: straight down
  assert.deepEqual(pointAtDepth({ x: 100, y: 0 }, { x: 80, y: 50 }, down, 60), { x: 100, y: 60 });
});

test('a leg much longer than the body is squeezed by at most 15 % and runs on past the hem along the shin; a leg that fits keeps its end', () => {
  const leg = [{ x: 0, y: 0 }, { x: 0, y: 100 }, { x: 0, y: 200 }];
  // 400 px of leg: 0.85 × 400 = 340, 140 px past the end at (0, 200)
  assert.deepEqual(pastTheHem(leg, 400), { x: 0, y: 340 });
  // 220 px: 0.85 × 220 = 187 < 200, the end stays
  assert.deepEqual(pastTheHem(leg, 220), { x: 0, y: 200 });
  // a bent shin: on along its last segment (3-4-5: 100 px further is (60, 80) on)
  const bent = [{ x: 0, y: 0 }, { x: 0, y: 100 }, { x: 30, y: 140 }];
  const end = pastTheHem(bent, 300); // 255 − 150 = 105 px on
  assert.ok(Math.abs(end.x - (30 + 63)) < 1e-9 && Math.abs(end.y - (140 + 84)) < 1e-9);
});

test('a leg longer than the body keeps its own hem at the leg end at 85 %, the thigh squashed no more than needed, the shin between', () => {
  // thigh 100 px, shin 200 px
  const leg = [{ x: 0, y: 0 }, { x: 0, y: 100 }, { x: 0, y: 300 }];
  const near = (p: { x: number; y: number }, x: number, y: number) => Math.abs(p.x - x) < 1e-6 && Math.abs(p.y - y) < 1e-6;
  const all = (ps: { x: number; y: number }[], ys: number[]) => ps.length === ys.length && ps.every((p, i) => near(p, 0, ys[i]!));
  // 400 px at s = 1: 340 > 300. Hem 0.2 × 400 = 80 px (68 on the body); the thigh's scale (0.85) runs on
  // 0.15 × 200 = 30 px below the knee (35.29 garment px); the squeezed shin's 400 − 130 / 0.85 − 80 = 167.06
  // garment px on 200 − 68 − 30 = 102 body px: 102 ≥ 167.06 × 0.85 × 0.5 = 71
  const kept = keptHem(leg, { x: 0, y: 0 }, { x: 0, y: 400 }, 1)!;
  assert.ok(all(kept.garment, [0, 100 / 0.85, 130 / 0.85, 320, 400]), JSON.stringify(kept.garment));
  assert.ok(all(kept.body, [0, 100, 130, 232, 300]), JSON.stringify(kept.body));
  // the stretch changes at the squeezed shin's ends (130 and 232), straight joints the warp leaves unblended
  assert.deepEqual(kept.unblended, [2, 3]);
  // 600 px: hem min(120, half the shin / 0.85 = 117.65) px, 100 on the body; 70 body px squeezed. Thigh at
  // 0.85: 329.41 garment px need 140 body px; 0.81: 321.86 → 130.4; 0.77: 313.52 → 120.7; 0.73: 304.27 → 111.1;
  // 0.69: 293.94 → 101.4; the last, 0.65 (282.35 → 91.8, still > 70), is laid
  const long = keptHem(leg, { x: 0, y: 0 }, { x: 0, y: 600 }, 1)!;
  assert.ok(all(long.garment, [0, 100 / 0.65, 130 / 0.65, 600 - 100 / 0.85, 600]), JSON.stringify(long.garment));
  assert.ok(all(long.body, [0, 100, 130, 200, 300]), JSON.stringify(long.body));
  // 340 px: 289 ≤ 300, it fits (matchAlong lays it)
  assert.equal(keptHem(leg, { x: 0, y: 0 }, { x: 0, y: 340 }, 1), null);
});

test('a long leg ends on its hem row, on along the shin; an end already as low stays', () => {
  const knee = { x: 0, y: 100 };
  assert.deepEqual(onHemRow({ knee }, { x: 0, y: 200 }, 230), { x: 0, y: 230 });
  assert.deepEqual(onHemRow({ knee }, { x: 0, y: 200 }, 180), { x: 0, y: 200 });
  assert.deepEqual(onHemRow({ knee }, { x: 0, y: 200 }, null), { x: 0, y: 200 });
  // shin (0.6, 0.8): 40 rows down is 50 px on
  const end = onHemRow({ knee }, { x: 30, y: 140 }, 180);
  assert.ok(Math.abs(end.x - 60) < 1e-9 && Math.abs(end.y - 180) < 1e-9);
});

test("legTaper: a trouser leg keeps its width; a shorts leg is a trouser leg's width at the waist and its thigh's from the crotch's depth down", () => {
  assert.equal(legTaper(0.9, 3), undefined);
  // across 0.7 of the panel's scale against a trouser leg's 0.9: acrossScale × 0.9 / 0.7 = 9/7 at the crotch's depth, knee and end
  assert.deepEqual(legTaper(0.7, 3), [1, 9 / 7, 9 / 7, 9 / 7]);
});

test("a flat top's chest is its armpits' distance, or the chest hidden under its sleeves when the landmarks give one", () => {
  const p = (x: number, y: number) => ({ x, y });
  const u = { shoulderR: p(105, 30), shoulderL: p(155, 30), armpitR: p(100, 90), armpitL: p(160, 90), hemR: p(80, 300), hemL: p(180, 300) };
  // at k 2 (full size is twice the analysis size): armpits 200 and 320, chest half (320 − 200) / 2 = 60, centre 260
  const plain = flatTop(u, 2);
  assert.equal(plain.chestHalf, 60);
  assert.equal(plain.cx, 260);
  assert.equal(plain.shoulderY, 60);
  // a hidden chest of 78 px: 156 full px, half 78; the centre stays between the armpits
  const hidden = flatTop({ ...u, chestWidth: 78 }, 2);
  assert.equal(hidden.chestHalf, 78);
  assert.equal(hidden.cx, 260);
});

test("a skirt row reaches the side's need at the hip line and slants out 0.09 of the drop below it", () => {
  // need 100 px: above the hip line (negative drop) no slant; 200 px below it 100 + 0.09 × 200 = 118
  assert.equal(skirtReach(100, -50), 100);
  assert.equal(skirtReach(100, 0), 100);
  assert.equal(Math.round(skirtReach(100, 200) * 1000) / 1000, 118);
});

test("a skirt side's need is held to the hips' estimate and to the other side's", () => {
  // hips' half-width 100: an arm against one hip measured 135 there, the bare side 102;
  // the wide side may reach min(100 × 1.15, 102 × 1.08) = min(115, 110.16) = 110.16, the bare side keeps 102 (under 135 × 1.08 and 115)
  const arm = skirtNeeds({ r: 135, l: 102 }, 100);
  assert.deepEqual([Math.round(arm.r * 100) / 100, arm.l], [110.16, 102]);
  // a coat on both sides (140, 150): each side at most 100 × 1.15 = 115
  const coat = skirtNeeds({ r: 140, l: 150 }, 100);
  assert.deepEqual([Math.round(coat.r * 100) / 100, Math.round(coat.l * 100) / 100], [115, 115]);
  // wide bare hips (110, 112): within 115 and within 1.08× each other, kept
  assert.deepEqual(skirtNeeds({ r: 110, l: 112 }, 100), { r: 110, l: 112 });
  // never below the hips: the other side at the hips (100) still allows 100 × 1.08 = 108 here, and a side at the hips stays
  assert.deepEqual(skirtNeeds({ r: 100, l: 100 }, 100), { r: 100, l: 100 });
  assert.equal(Math.round(skirtNeeds({ r: 100, l: 130 }, 100).l * 100) / 100, 108);
});

test('a skirt row wider than the body is narrowed each side on its own, towards the centre line', () => {
  // right side (negative) reaches 150 px, allowed 120: × 0.8 → −120, −48; left side 130 within 140: kept
  assert.deepEqual(narrowedRow([-150, -60, 0, 60, 130], 120, 140), [-120, -48, 0, 60, 130]);
  // both sides over: right 200 → 100 (× 0.5), left 160 → 80 (× 0.5); a centre point off the line by 4 follows its side
  assert.deepEqual(narrowedRow([-200, -100, 4, 80, 160], 100, 80), [-100, -50, 2, 40, 80]);
  // a row within both reaches is unchanged
  assert.deepEqual(narrowedRow([-90, -40, 0, 40, 90], 100, 100), [-90, -40, 0, 40, 90]);
});

test("only the cloth a flared skirt spreads past its chest's width is drawn in", () => {
  // need 100 px each side, 100 px below the hips: reach 100 + 0.09 × 100 = 109
  // a flared row (sides at 150 and 140) while the chest's edges land at 120: each side to 120 (the larger of 109 and 120)
  assert.deepEqual(skirtRow([-150, -75, 0, 70, 140], { r: 120, l: 120 }, { r: 100, l: 100 }, 100), [-120, -60, 0, 60, 120]);
  // the chest's edges at 90: the sides go to the reach, 109 (× 109/150 and × 109/140)
  const flared = skirtRow([-150, -75, 0, 70, 140], { r: 90, l: 90 }, { r: 100, l: 100 }, 100);
  assert.deepEqual(flared.map((a) => Math.round(a * 100) / 100), [-109, -54.5, 0, 54.5, 109]);
  // a straight dress (its sides no further out than the chest's, 130) is kept however narrow the hips
  assert.deepEqual(skirtRow([-130, -60, 0, 60, 130], { r: 130, l: 130 }, { r: 80, l: 80 }, 0), [-130, -60, 0, 60, 130]);
});

test("a sleeve is widened until its cloth covers the arm's outer side, at most 1.6× the panel's scale", () => {
  const near = (a: number, b: number) => assert.ok(Math.abs(a - b) < 1e-9, `${a} vs ${b}`);
  // 36 garment px of cloth outside the axis at 0.9 garment px per output px reach 40 px: an arm reaching 45 px
  // out needs 36 / 45 = 0.8
  near(coverArmOutside(0.9, 1.2, 36, 45), 0.8);
  // one reaching 36 px is covered already: unchanged
  near(coverArmOutside(0.9, 1.2, 36, 36), 0.9);
  // one reaching 50 px would need 0.72: held to 1.2 / 1.6 = 0.75
  near(coverArmOutside(0.9, 1.2, 36, 50), 0.75);
});

test("a sleeve's cap is widened point by point to the arm's round below the seam, at most twice", () => {
  const near = (a: number, b: number) => assert.ok(Math.abs(a - b) < 1e-9, `${a} vs ${b}`);
  // at 0.5 garment px per output px: 3 px of cloth reach 6 px, the arm 10 px out needs 3 / 5 = 0.6;
  // 6 px reach 12 of 15 needed: 0.8
  const f = capFactors([3, 6], [10, 15], 0.5);
  [0.6, 0.8].forEach((v, i) => near(f[i]!, v));
  // 9 px reach 18, past 15: 1; an unmeasured run: 1
  [1, 1].forEach((v, i) => near(capFactors([9, 12], [15, null], 0.5)[i]!, v));
  // 2 px for an arm 10 px out would need 0.4, more than twice: that is no wedge beside the arm, left as it was
  // ... and the point below it is left too: widened under a top left as it was, the cap bulged in a kink
  assert.deepEqual(capFactors([2, 6], [10, 15], 0.5), [1, 1]);
});

test("a widened cap maps the arm's round beside the seam onto the cloth's wedge there", () => {
  // a straight sleeve hanging down x = 0 from the seam at y 0 to y 100, drawn 1:1; its cloth 3 px out at y 3
  // (3 % of the way down); the output pixel 6 px out beside it (the normal (−dy, dx) points to −x)
  const w = { body: [{ x: 0, y: 0 }, { x: 0, y: 100 }], garment: [{ x: 0, y: 0 }, { x: 0, y: 100 }], acrossScale: 1 };
  const at = (warp: typeof w) => {
    const out = new Float32Array(3);
    mapLimb(prepareLimb(warp), 1, 50, -6, 3, out);
    return out[0]!;
  };
  // unwidened it sampled 6 px out, past the cloth: the arm showed there
  near(at(w), -6);
  // widened by 0.5 there it samples the cloth's edge, 3 px out
  near(at(widenedCap(w, [0.5, 1])), -3);
  // factors of 1 leave the warp as it was
  assert.equal(widenedCap(w, [1, 1]), w);
  function near(a: number, b: number) {
    assert.ok(Math.abs(a - b) < 1e-6, `${a} vs ${b}`);
  }
});
