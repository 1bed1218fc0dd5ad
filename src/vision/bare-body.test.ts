import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createMask, type Mask } from './image.js';
import { fillPolygon } from './raster.js';
import {
  armFormShading,
  armPastHem,
  armSegmentsCoverage,
  armSegmentsMask,
  armShade,
  bareArmSegments,
  bareLegSegments,
  capsuleSpan,
  fitLegToSkin,
  bareShouldersCoverage,
  bareShouldersMask,
  legAlongShade,
  lightTilt,
  LEG_SHADING,
  outwardNormal,
  seatInSilhouette,
} from './bare-body.js';

/** Width of `mask`'s run through (x, y) along the row, px. */
function rowRun(mask: Mask, x: number, y: number): number {
  const w = mask.width;
  if (mask.data[y * w + x]! < 0.5) return 0;
  let a = x, b = x;
  while (a > 0 && mask.data[y * w + a - 1]! >= 0.5) a--;
  while (b < w - 1 && mask.data[y * w + b + 1]! >= 0.5) b++;
  return b - a + 1;
}

// a vertical arm at x = 100, shoulder y 20, elbow y 120, wrist y 220; shoulder width 100 px
const arm = bareArmSegments({ x: 100, y: 20 }, { x: 100, y: 120 }, { x: 100, y: 220 }, 100);

test("a bare arm is a real arm's width: 22 px at the upper arm, the elbow and the forearm's widest, 16 near the wrist (shoulder width 100)", () => {
  const mask = armSegmentsMask(arm, 200, 260);
  // (radii 11.25, 11.5, 11.2 and 7.7 px on the pixel grid)
  for (const [y, width] of [[70, 22], [120, 22], [150, 22], [219, 16]] as const) assert.equal(rowRun(mask, 100, y), width, `row ${y}`);
});

/** Shoulders 100 px apart at y = 100 (shoulder width 100 px, torso 200 px): the frame the shoulder tests draw on. */
function shoulderFrame() {
  return {
    shoulderL: { x: 200, y: 100 },
    shoulderR: { x: 100, y: 100 },
    at: (p: { x: number; y: number }, a: number, d: number) => ({ x: p.x + a, y: p.y + d }),
    swPx: 100,
    tlPx: 200,
  };
}

test('the bare shoulder rises 16 px above the joint (deltoid 0.16 sw), 24 px at the neck base, nothing above', () => {
  const w = 300, h = 300;
  const f = shoulderFrame();
  const mask = bareShouldersMask(f, w, h);
  const topAt = (x: number) => {
    for (let y = 0; y < h; y++) if (mask.data[y * w + x]! >= 0.5) return 100 - y;
    return null;
  };
  assert.ok(Math.abs(topAt(200)! - 16) <= 1, `over the joint: ${topAt(200)}`);
  assert.ok(Math.abs(topAt(170)! - 23) <= 1, `at the neck's base: ${topAt(170)}`);
  // 0.15 sw outside the joint the deltoid's cap is low, beyond its radius nothing
  assert.ok(topAt(215)! <= 6, `0.15 sw outside: ${topAt(215)}`);
  assert.equal(topAt(218), null);
});

test("the bare shoulders' soft outline is the hard one's covered share: whole inside, partial on the line, a px or so wide", () => {
  const w = 300, h = 300;
  const f = shoulderFrame();
  const hard = bareShouldersMask(f, w, h), soft = bareShouldersCoverage(f, w, h);
  let partial = 0, off = 0;
  for (let i = 0; i < hard.data.length; i++) {
    const v = soft.data[i]!;
    assert.ok(v >= 0 && v <= 1 + 1e-6);
    if (v > 0.01 && v < 0.99) partial++;
    if (Math.abs(v - hard.data[i]!) > 0.99) off++;
  }
  // (every pixel but the outline's agrees; the outline is one px wide, so the partial ones are a few hundred)
  assert.equal(off, 0);
  assert.ok(partial > 100 && partial < 1500, `partial: ${partial}`);
  assert.equal(soft.data[100 * w + 150], 1);
});

test('an elbow put on a sleeve\'s outer edge is seated one arm radius inside the silhouette; one inside it or off it stays', () => {
  // silhouette: x 50..100
  const inside = (x: number) => Math.round(x) >= 50 && Math.round(x) <= 100;
  const out = { x: 1, y: 0 };
  assert.deepEqual(seatInSilhouette({ x: 100, y: 10 }, out, 12, inside), { x: 88, y: 10 });
  assert.deepEqual(seatInSilhouette({ x: 95, y: 10 }, out, 12, inside), { x: 88, y: 10 });
  assert.deepEqual(seatInSilhouette({ x: 80, y: 10 }, out, 12, inside), { x: 80, y: 10 });
  assert.deepEqual(seatInSilhouette({ x: 120, y: 10 }, out, 12, inside), { x: 120, y: 10 });
});

test("the outer side of an arm is away from the body; an arm across the body has none", () => {
  // the image's right is the body's left here (away = +x)
  assert.deepEqual(outwardNormal({ x: 0, y: 0 }, { x: 0, y: 10 }, { x: 1, y: 0 }), { x: 1, y: -0 });
  assert.deepEqual(outwardNormal({ x: 0, y: 0 }, { x: 0, y: 10 }, { x: -1, y: 0 }), { x: -1, y: 0 });
  assert.equal(outwardNormal({ x: 0, y: 0 }, { x: 10, y: 0 }, { x: 1, y: 0 }), null);
});

test("a bare arm's shade: 1 on its middle, 0.85 at 0.6 of the radius, 0.7 at the edge; the light's side brighter, both edges dark", () => {
  assert.equal(armShade(0, 0), 1);
  assert.ok(Math.abs(armShade(0.6, 0) - 0.8456) < 0.001, String(armShade(0.6, 0)));
  assert.ok(Math.abs(armShade(-1, 0) - 0.7) < 1e-9);
  // tilt 0.1: ±0.06 at ±0.6 (0.1 × 0.6 × 0.64 / 0.64), nothing at the outline
  assert.ok(Math.abs(armShade(0.6, 0.1) - 0.9056) < 0.001 && Math.abs(armShade(-0.6, 0.1) - 0.7856) < 0.001);
  assert.ok(Math.abs(armShade(1, 0.1) - 0.7) < 1e-9 && Math.abs(armShade(-1, 0.1) - 0.7) < 1e-9);
});

test("the arms' form: 1 outside, 1 on the axis, darker towards both edges", () => {
  const form = armFormShading(arm, 200, 260, 0);
  const at = (x: number, y: number) => form[y * 200 + x]!;
  assert.equal(at(20, 70), 1);
  assert.ok(Math.abs(at(100, 70) - 1) < 0.02, String(at(100, 70)));
  assert.ok(at(109, 70) < 0.8 && at(90, 70) < 0.8, `${at(90, 70)} ${at(109, 70)}`);
});

test('a thin crease just outside a bare arm: darker than its edge for 2 px past the soft edge, the edge itself and beyond it untouched', () => {
  const form = armFormShading(arm, 200, 260, 0);
  const at = (x: number) => form[70 * 200 + x]!;
  // (radius 11.25 at row 70: px 111 is on the soft edge, 112–113 in the crease, 114 past the shading's reach)
  assert.ok(Math.abs(at(111) - 0.7) < 0.01, String(at(111)));
  assert.ok(at(112) < at(111) * 0.95 && at(113) < at(111) * 0.95, `${at(112)} ${at(113)}`);
  assert.equal(at(114), 1);
});

test('the light tilt: a face 20 % brighter on the right tilts the arms 0.145 that way; a stronger one stops at 0.2', () => {
  const face = createMask(20, 10);
  fillPolygon(face, [{ x: 0, y: 0 }, { x: 20, y: 0 }, { x: 20, y: 10 }, { x: 0, y: 10 }]);
  // a luma plane of the face: `left` on its left half, `right` on its right
  const lum = (left: number, right: number) => Float64Array.from({ length: 200 }, (_, i) => (i % 20 < 10 ? left : right));
  const tilt = lightTilt(lum(100, 120), face, 10);
  assert.ok(Math.abs(tilt - 0.1455) < 0.001, String(tilt));
  assert.equal(lightTilt(lum(50, 150), face, 10), 0.2);
  assert.equal(lightTilt(lum(150, 50), face, 10), -0.2);
  assert.equal(lightTilt(lum(100, 100), face, 30), 0, 'no skin right of the centre');
});

test('the light tilt of a face cropped from the frame at column 40: the centre stays in frame columns', () => {
  const face = createMask(20, 10, 1);
  const lum = Float64Array.from({ length: 200 }, (_, i) => (i % 20 < 10 ? 100 : 120));
  // centre at frame column 50 = the crop's column 10: as the uncropped face above, 0.8 × 20 / 110
  assert.ok(Math.abs(lightTilt(lum, face, 50, 40) - 0.1455) < 0.001);
  // centre at frame column 45: left 5 columns of 100, right 5 of 100 and 10 of 120 (mean 113.3): 0.8 × 13.3 / 106.7 = 0.1
  assert.ok(Math.abs(lightTilt(lum, face, 45, 40) - 0.1) < 0.001);
});

// a vertical leg at x = 100: hip y 20, knee y 220, ankle y 420; shoulder width 100 px
const leg = bareLegSegments({ x: 100, y: 20 }, { x: 100, y: 220 }, { x: 100, y: 420 }, 100);

test("a bare leg is a real leg's width: 54 px at mid-thigh, 44 at 0.8 of it, 32 at the knee, 34 at the calf, 20 at the ankle, on past it into the shoe", () => {
  const mask = armSegmentsMask(leg, 200, 480);
  // (radii 27, 22, 16, 17 and 10 px: thigh halfway 0.27 sw, 0.22 at 0.8 of it (row 180), knee 0.16, calf 0.17 at 0.3 down the shin, ankle 0.1;
  // row 70, a quarter down the thigh: halfway between the hip's 26 and 27, 26.5)
  for (const [y, width] of [[70, 53], [120, 54], [180, 44], [220, 32], [280, 34], [420, 20], [425, 20]] as const) assert.ok(Math.abs(rowRun(mask, 100, y) - width) <= 1, `row ${y}: ${rowRun(mask, 100, y)}`);
  // row 200, halfway from 0.8 of the thigh to the knee: (22 + 16) / 2 = 19, no corner
  assert.ok(Math.abs(rowRun(mask, 100, 200) - 38) <= 1, `row 200: ${rowRun(mask, 100, 200)}`);
  // 0.12 sw past the ankle (row 432), nothing further than its round end
  assert.ok(rowRun(mask, 100, 432) > 0);
  assert.equal(rowRun(mask, 100, 445), 0);
});

test('a bare leg takes the width of the visible leg: a slimmer shin narrows the whole leg, within 0.7–1.15', () => {
  // the visible shin below an old hem (row 300): 0.8 of the pieces' radius (17 px at the calf, row 280, to 10 at the ankle, row 420)
  const radius = (y: number) => (y >= 420 ? 10 : 17 - (7 * (y - 280)) / 140);
  const shin = (x: number, y: number) => y >= 300 && Math.abs(x - 100) <= 0.8 * radius(y);
  const fitted = fitLegToSkin(leg, shin);
  const k = fitted[0]!.ra / leg[0]!.ra;
  assert.ok(k < 0.85 && k >= 0.7, `scale ${k}`);
  assert.ok(Math.abs(fitted[3]!.rb / leg[3]!.rb - k) < 1e-9, 'every piece by the same scale');
  // no visible leg: unchanged
  assert.equal(fitLegToSkin(leg, () => false), leg);
  // the two legs touching read as one wide leg: capped
  const wide = fitLegToSkin(leg, (x) => Math.abs(x - 100) <= 60);
  assert.ok(Math.abs(wide[0]!.ra / leg[0]!.ra - 1.15) < 1e-9);
  // (centred on the pose's leg: not moved)
  assert.equal(fitted[1]!.a.x, 100);
  // two legs touching: their middle is no leg's, not moved
  const pair = fitLegToSkin(leg, (x) => x >= 90 && x <= 160);
  assert.equal(pair[1]!.a.x, 100);
});

test("a bare leg moves across its bone onto the visible leg's middle, at most half its radius", () => {
  // the visible shin 4 px right of the pose's (x 104), radius as the pieces': moved 4 px right, the knee at x 104
  const radius = (y: number) => (y >= 420 ? 10 : 17 - (7 * (y - 280)) / 140);
  const fitted = fitLegToSkin(leg, (x, y) => y >= 300 && Math.abs(x - 104) <= radius(y));
  assert.ok(Math.abs(fitted[1]!.a.x - 104) <= 0.5, String(fitted[1]!.a.x));
  assert.ok(Math.abs(fitted[1]!.a.y - leg[1]!.a.y) < 1e-9, 'along the bone: not moved');
  // 9 px off, on the shin's probes (radii 16.5 to 10.3 px): each capped at half its radius
  const far = fitLegToSkin(leg, (x, y) => y >= 300 && Math.abs(x - 109) <= radius(y));
  const moved = far[1]!.a.x - 100;
  assert.ok(moved > 4 && moved < 8.5, String(moved));
});

test("a bare leg's coverage is the capsule's, with a soft edge 1.5 px wide across its outline", () => {
  const cov = armSegmentsCoverage(leg, 200, 480);
  const hard = armSegmentsMask(leg, 200, 480);
  // mid-thigh, radius 27: full inside, half on the outline, none a ramp's half beyond
  const at = (x: number, y: number) => cov.data[y * 200 + x]!;
  assert.equal(at(100, 120), 1);
  assert.ok(Math.abs(at(126, 120) - 0.5) < 0.35, String(at(126, 120)));
  assert.equal(at(129, 120), 0);
  for (let i = 0; i < hard.data.length; i++) if (hard.data[i]! >= 0.5) assert.ok(cov.data[i]! >= 0.5, `pixel ${i}`);
});

test('a bare leg is shaded rounder than an arm: lit along its middle, darker at its sides; its edge shade carries on just outside it', () => {
  const form = armFormShading(leg, 200, 480, 0);
  // (mid-thigh: the leg's light along it there is its tone, 0.9; across, relative to the middle)
  const at = (x: number) => form[120 * 200 + x]! / 0.9;
  assert.ok(at(100) > 0.99);
  // half-way out (u 0.5, radius 27): 1 − 0.4 × 0.25
  assert.ok(Math.abs(at(113) - (1 - LEG_SHADING.edgeDarkening * Math.pow(13.5 / 27, LEG_SHADING.profileExponent))) < 0.02, String(at(113)));
  assert.ok(at(126) < 0.65);
  // 2 px outside the outline: still the edge's shade; far outside: 1
  assert.ok(at(129) < 0.65, String(at(129)));
  assert.equal(form[120 * 200 + 160], 1);
});

test("a bare leg's light along it: its tone 0.9, the kneecap 6 % lighter, the hollow below it 10 % darker, the ankle 6 % darker than the knee", () => {
  // worked by hand from LEG_ALONG (tone 0.9; knee +0.06 within 0.1; hollow −0.1 at 0.17 within 0.1; ankle −0.06 × s)
  const cases: [number, number][] = [
    [-1, 0.9], // the hip: the tone alone
    [-0.5, 0.9],
    [0, 0.954], // 0.9 × 1.06
    [0.05, 0.927584], // 0.9 × (1 + 0.06 × (1 − 0.5²)²) × (1 − 0.06 × 0.05) = 0.9 × 1.03375 × 0.997
    [0.17, 0.801738], // 0.9 × 0.9 × (1 − 0.06 × 0.17)
    [0.5, 0.873], // 0.9 × 0.97
    [1, 0.846], // 0.9 × 0.94
    [1.1, 0.846], // past the ankle as at it
  ];
  for (const [s, v] of cases) assert.ok(Math.abs(legAlongShade(s) - v) < 1e-5, `s ${s}: ${legAlongShade(s)}`);
});

test("a bare leg's form shading changes along its middle: knee lighter than thigh, the hollow below darker, the ankle darker than the shin", () => {
  const form = armFormShading(leg, 200, 480, 0);
  // the leg's middle (x 100; hip y 20, knee 220, ankle 420): the across shade there is 1 within 0.001
  const mid = (y: number) => form[y * 200 + 100]!;
  assert.ok(Math.abs(mid(120) - 0.9) < 0.005, `thigh ${mid(120)}`);
  assert.ok(Math.abs(mid(220) - 0.954) < 0.005, `knee ${mid(220)}`);
  // row 254: 0.17 of the shin below the knee (pixel centre 254.5: 0.1725)
  assert.ok(Math.abs(mid(254) - 0.8017) < 0.005, `hollow ${mid(254)}`);
  // row 320: 0.5 of the shin
  assert.ok(Math.abs(mid(320) - 0.873) < 0.005, `shin ${mid(320)}`);
  assert.ok(Math.abs(mid(419) - 0.846) < 0.005, `ankle ${mid(419)}`);
  // an arm has no light along it: its middle stays 1
  const armForm = armFormShading(arm, 200, 260, 0);
  assert.ok(armForm[100 * 200 + 100]! > 0.99);
});

test("a print's skin-like stripes under the old hem do not narrow a bare leg: measures under 0.4 of the radius are no leg", () => {
  // one-px-wide light stripes every row: each probe measures 1 px across a radius of 10–27
  assert.equal(fitLegToSkin(leg, (x) => Math.round(x) === 100), leg);
});

test("the upper arm's shading fades in from the shoulder joint: none above it, half at 0.15 of the way, whole from 0.3 on", () => {
  const form = armFormShading(arm, 200, 260, 0);
  const at = (x: number, y: number) => form[y * 200 + x]!;
  // (the joint at y 20, the elbow at 120: the arm's edge 10 px off its axis; unfaded there 1 − 0.3 × (10.5/11)^1.3 ≈ 0.72)
  assert.equal(at(110, 15), 1, 'past the joint: the shoulder, no limb');
  assert.ok(Math.abs(at(90, 35) - (1 - (1 - armShade(-9.5 / 11.075, 0)) * 0.5)) < 0.02, `halfway: ${at(90, 35)}`);
  assert.ok(at(90, 70) < 0.8, `below: ${at(90, 70)}`);
});

test('with the elbow known the deltoid tapers into the upper arm: 16 px out at the joint, 11 px 0.35 of the way down, no step', () => {
  const w = 300, h = 300;
  const f = { ...shoulderFrame(), elbowL: { x: 200, y: 200 }, elbowR: { x: 100, y: 200 } };
  const mask = bareShouldersMask(f, w, h);
  // the outer side of the left shoulder (x > 200) at each row
  const outAt = (y: number) => {
    let x = 200;
    while (x + 1 < w && mask.data[y * w + x + 1]! >= 0.5) x++;
    return x - 200;
  };
  assert.ok(Math.abs(outAt(100) - 16) <= 1, `at the joint: ${outAt(100)}`);
  assert.ok(Math.abs(outAt(135) - 11) <= 1, `0.35 of the way: ${outAt(135)}`);
  assert.ok(outAt(118) < 16 && outAt(118) > 11, `between: ${outAt(118)}`);
});

test("the visible arm runs on above an old hem with its own width, its outer side rounding into the sleeve", () => {
  // upper arm down x = 20 from y = 0 to 30, shoulder width 20: reach 6 px,
  // measured again 2.4 px below the hem; the old sleeve above row 15, the
  // visible arm below it at x 14..19 (across the bone -5.5..-0.5 at the
  // pixels' centres, 5 px wide: outer side to the left). Its outer edge
  // rounds in over min(0.3 sw = 6 px, width + 1 = 6 px) above the hem's
  // centre row 15.5: at u px above it, -0.5 - 5·√(1 − (u/6)²).
  const old = createMask(40, 40), skin = createMask(40, 40);
  for (let y = 0; y < 15; y++) for (let x = 10; x <= 30; x++) old.data[y * 40 + x] = 1;
  for (let y = 15; y < 30; y++) for (let x = 14; x <= 19; x++) skin.data[y * 40 + x] = 1;
  const seg = { a: { x: 20, y: 0 }, b: { x: 20, y: 30 }, ra: 2, rb: 2, fromBody: true };
  const m = armPastHem([seg], skin, old, 20);
  const at = (x: number, y: number) => m.data[y * 40 + x]!;
  const near = (v: number, e: number) => assert.ok(Math.abs(v - e) < 1e-3, `${v} ≠ ${e}`);
  // row 14 (u = 1): outer edge at -5.430; x 14 covers [-6, -5], x 19 [-1, 0] half (the inner edge -0.5)
  near(at(14, 14), 0.43);
  assert.equal(at(15, 14), 1);
  assert.equal(at(18, 14), 1);
  assert.equal(at(19, 14), 0.5);
  assert.equal(at(20, 14), 0);
  // row 12 (u = 3): -4.830
  assert.equal(at(14, 12), 0);
  near(at(15, 12), 0.83);
  assert.equal(at(16, 12), 1);
  // row 10 (u = 5): -3.264; row 9 (u = 6): nothing
  near(at(16, 10), 0.264);
  assert.equal(at(17, 10), 1);
  for (let x = 0; x < 40; x++) assert.equal(at(x, 9), 0);
  // the visible arm itself and a piece not from the body are not marked
  assert.equal(at(16, 20), 0);
  assert.equal(armPastHem([{ ...seg, fromBody: false }], skin, old, 20).data.some((v) => v > 0), false);
  // a new sleeve covering the hem: no edge shows there, nothing runs on
  const cover = createMask(40, 40);
  for (let y = 0; y < 20; y++) for (let x = 0; x < 40; x++) cover.data[y * 40 + x] = 1;
  assert.equal(armPastHem([seg], skin, old, 20, cover).data.some((v) => v > 0), false);
});

test("capsuleSpan: a row's x-range within reach of a segment, from the band beside it and its end discs", () => {
  const close = (got: [number, number] | null, want: [number, number]) => assert.ok(got && Math.abs(got[0] - want[0]) < 1e-9 && Math.abs(got[1] - want[1]) < 1e-9, String(got));
  // a vertical segment x = 10 from y 10 to 30, reach 5: beside it the band 5–15; 3 px below its end the disc, ±√(25 − 9) = ±4
  close(capsuleSpan({ x: 10, y: 10 }, { x: 10, y: 30 }, 5, 20), [5, 15]);
  close(capsuleSpan({ x: 10, y: 10 }, { x: 10, y: 30 }, 5, 33), [6, 14]);
  assert.equal(capsuleSpan({ x: 10, y: 10 }, { x: 10, y: 30 }, 5, 36), null);
  // from (0, 0) to (30, 40) (axis 0.6, 0.8): at y 20 the axis crosses x 15, the band ±5 / 0.8 = ±6.25 either side
  close(capsuleSpan({ x: 0, y: 0 }, { x: 30, y: 40 }, 5, 20), [8.75, 21.25]);
  // a horizontal segment: its end discs' hull spans the band between them
  close(capsuleSpan({ x: 0, y: 0 }, { x: 20, y: 0 }, 5, 3), [-4, 24]);
});
