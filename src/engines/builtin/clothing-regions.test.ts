import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createMask, type Mask, type RgbImage } from '../../vision/image.js';
import type { Palette } from '../../vision/palette.js';
import { bottomSample, BOTTOM_SAMPLE, claimWaistband, clothingRegions, FLARE_GROWTH, growFlare, HANGING_TOP, hangingTop, SLEEVE_END, sleeveEnds, THIGH_COVER, toneZones, topColumnsBelow, uncoveredThighs, WAISTBAND } from './clothing-regions.js';
import { STANDING, standingPerson } from '../../../test/support/standing-person.js';
import { bodyFrame } from '../../vision/body-regions.js';
import type { PersonAnalysis } from '../../vision/person-analysis.js';

const W = 20, H = 40;
const ORANGE = [240, 170, 10], BLACK = [28, 24, 30], SKIN = [200, 150, 120];

/**
 * A 20×40 person: an orange top on rows 0–9, a black skirt's band on rows
 * 10–17 (unparsed) and the skirt on rows 18–39 (parsed lower); column 15 has
 * skin (a midriff) on rows 10–13 between the top and the band.
 */
function scene(): { small: RgbImage; upper: Mask; lower: Mask; skin: Mask } {
  const data = new Uint8Array(W * H * 3);
  const upper = createMask(W, H), lower = createMask(W, H), skin = createMask(W, H);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const i = y * W + x;
      const midriff = x === 15 && y >= 10 && y < 14;
      const c = y < 10 ? ORANGE : midriff ? SKIN : BLACK;
      data.set(c, i * 3);
      if (y < 10) upper.data[i] = 1;
      if (y >= 18) lower.data[i] = 1;
      if (midriff) skin.data[i] = 1;
    }
  }
  return { small: { width: W, height: H, channels: 3, data }, upper, lower, skin };
}

const palette = (rgb: number[]): Palette => ({ centres: Float32Array.from(rgb), weights: [1] });

test('the band above the parsed skirt becomes the lower garment, up to the top and not into skin', () => {
  const { small, upper, lower, skin } = scene();
  const input = { small, matte: createMask(W, H, 1), skin, armCore: createMask(W, H), upper, lower };
  const out = claimWaistband(input, palette(BLACK), palette(ORANGE), 12);
  const at = (x: number, y: number) => out.data[y * W + x]!;
  assert.equal(at(5, 10), 1, 'the band up to the top hem (8 rows above the skirt)');
  assert.equal(at(5, 9), 0, 'not the top');
  assert.equal(at(15, 14), 1, 'the band below the midriff');
  assert.equal(at(15, 13), 0, 'not the midriff skin');
  assert.equal(lower.data[10 * W + 5], 0, 'the input mask is left as it was');
});

test('the band reaches at most maxRows above the skirt, and not at all when it is the top colour', () => {
  const { small, upper, lower, skin } = scene();
  const input = { small, matte: createMask(W, H, 1), skin, armCore: createMask(W, H), upper, lower };
  const short = claimWaistband(input, palette(BLACK), palette(ORANGE), 3);
  assert.equal(short.data[15 * W + 5], 1, '3 rows above (row 15)');
  assert.equal(short.data[14 * W + 5], 0, 'not the 4th (row 14)');
  // a black top over a black skirt: the band is the top's colour, so it stays unclaimed
  const none = claimWaistband(input, palette(BLACK), palette(BLACK), 12);
  assert.equal(none.data[17 * W + 5], 0);
  assert.ok(WAISTBAND.nearD2 < WAISTBAND.topD2, 'the band must be nearer the bottom than the top threshold');
});

const BLUE = [60, 80, 200], SHADED_BLUE = [30, 40, 100], GREY = [200, 200, 200];

/** A 30×30 image of `bg` with rectangles [x0, x1) × [y0, y1) painted. */
function painted(bg: number[], rects: [number, number, number, number, number[]][]): RgbImage {
  const data = new Uint8Array(30 * 30 * 3);
  for (let i = 0; i < 900; i++) data.set(bg, i * 3);
  for (const [x0, y0, x1, y1, c] of rects) for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) data.set(c, (y * 30 + x) * 3);
  return { width: 30, height: 30, channels: 3, data };
}

function box(x0: number, y0: number, x1: number, y1: number, m = createMask(30, 30)): Mask {
  for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) m.data[y * 30 + x] = 1;
  return m;
}

test('a flare grows from the skirt by its colour, below the split line, as far as FLARE_GROWTH.reachSw, not into blocked parts', () => {
  // the skirt parsed on columns 10–19 from row 10; its shaded flare on columns 20–27 and 4–9, and blue above the line too
  const small = painted(GREY, [[4, 5, 28, 30, BLUE], [20, 15, 28, 30, SHADED_BLUE]]);
  const blocked = box(4, 0, 10, 30); // an arm hanging on the left
  const x = { small, matte: createMask(30, 30, 1), skin: createMask(30, 30), blocked, lower: box(10, 10, 20, 30), hipLineY: 9, centreX: 15, sw: 10 };
  const out = growFlare(x, palette(BLUE), null);
  const at = (px: number, py: number) => out.data[py * 30 + px]!;
  // reach 0.3 × 10 = 3 px: columns 20, 21, 22 of the shaded flare; not 23
  assert.equal(FLARE_GROWTH.reachSw, 0.3);
  assert.equal(at(22, 20), 1, 'the shaded flare, 3 px out');
  assert.equal(at(23, 20), 0, 'past the reach');
  assert.equal(at(20, 12), 1, 'blue beside the skirt below the line');
  assert.equal(at(15, 9), 0, 'not above the split line');
  assert.equal(at(9, 20), 0, 'not into the arm');
  assert.equal(x.lower.data[20 * 30 + 22], 0, 'the input mask is left as it was');
});

test('a flare grows into skin-test pixels of its shaded colour, unless the skin is settled (a skin-coloured bottom already left it)', () => {
  // the shaded flare (columns 20–27, rows 15–29) passes the skin test; its shaded distance to the blue is 0 (half of it)
  const small = painted(GREY, [[4, 5, 28, 30, BLUE], [20, 15, 28, 30, SHADED_BLUE]]);
  const x = { small, matte: createMask(30, 30, 1), skin: box(20, 15, 28, 30), blocked: box(4, 0, 10, 30), lower: box(10, 10, 20, 30), hipLineY: 9, centreX: 15, sw: 10 };
  assert.equal(growFlare(x, palette(BLUE), null).data[20 * 30 + 22], 1, 'within FLARE_GROWTH.skinNearD2');
  const settled = growFlare({ ...x, skinSettled: true }, palette(BLUE), null);
  assert.equal(settled.data[20 * 30 + 22], 0, 'settled: skin stays skin');
  assert.equal(settled.data[12 * 30 + 20], 1, 'the blue beside the skirt (no skin) still grows');
});

test('a flare stops at FLARE_GROWTH.halfWidthSw from the hips and at what is clearly the top colour', () => {
  const small = painted(GREY, [[10, 10, 28, 30, SHADED_BLUE]]);
  const base = { small, matte: createMask(30, 30, 1), skin: createMask(30, 30), blocked: createMask(30, 30), lower: box(10, 10, 20, 30), hipLineY: 9, sw: 10 };
  // centre at column 5: 0.9 × 10 = 9 px reaches column 14 only, the skirt's columns 20+ are beyond
  assert.equal(maskSum(growFlare({ ...base, centreX: 5 }, palette(BLUE), null)), 200);
  // centred: 3 columns × 20 rows grow
  assert.equal(maskSum(growFlare({ ...base, centreX: 15 }, palette(BLUE), null)), 260);
  // a top of exactly the flare's colour: 0 + 25 < √(30² + 40² + 100²) ≈ 112 from the bottom, so it is the top's
  assert.equal(maskSum(growFlare({ ...base, centreX: 15 }, palette(BLUE), palette(SHADED_BLUE))), 200);
});

function maskSum(m: Mask): number {
  let n = 0;
  for (const v of m.data) n += v >= 0.5 ? 1 : 0;
  return n;
}

test('the bottom is sampled on the thighs, and also on the pelvis when the thighs are mostly bare', () => {
  // thighs band rows 20–29, pelvis band rows 10–19, on columns 5–24 (200 px each)
  const small = painted(GREY, [[5, 10, 25, 20, BLUE]]);
  const thighs = box(5, 20, 25, 30), pelvis = box(5, 10, 25, 20);
  const matte = createMask(30, 30, 1);
  // thighs 70 % cloth (60 px of skin): sampled on the thighs only
  const fewSkin = box(5, 20, 25, 23);
  assert.equal(maskSum(bottomSample({ small, matte, skin: fewSkin, thighs, pelvis }, null)), 140);
  // thighs 30 % cloth (140 px of skin, under minClothShare 0.4): the pelvis' 200 px join the thighs' 60
  assert.equal(BOTTOM_SAMPLE.minClothShare, 0.4);
  const bare = box(5, 20, 25, 27);
  assert.equal(maskSum(bottomSample({ small, matte, skin: bare, thighs, pelvis }, null)), 260);
  // the pelvis' pixels of the top's colour stay out (a top hanging over the hips)
  assert.equal(maskSum(bottomSample({ small, matte, skin: bare, thighs, pelvis }, palette(BLUE))), 60);
});

const COAT = [120, 110, 100];

test('a thigh the top hangs over is left out of the bottom\'s sample (THIGH_COVER)', () => {
  assert.deepEqual(THIGH_COVER, { otherMaxShare: 0.65, topMinShare: 0.6, topLead: 0.2 });
  // thighs: columns 5–14 and 15–24 on rows 20–29 (100 px each); jeans blue, a coat's colour over the left one
  const left = box(5, 20, 15, 30), right = box(15, 20, 25, 30);
  const matte = createMask(30, 30, 1), skin = createMask(30, 30);
  const cover = (coatCols: number, rightRgb = BLUE) => uncoveredThighs({ small: painted(GREY, [[5, 20, 25, 30, BLUE], [15, 20, 25, 30, rightRgb], [5, 20, 5 + coatCols, 30, COAT]]), matte, skin, thighs: [left, right] }, palette(COAT));
  const sum = (coatCols: number, rightRgb = BLUE) => maskSum(cover(coatCols, rightRgb).mask);
  // all coat: covered, the right thigh only
  assert.equal(sum(10), 100);
  assert.equal(cover(10).covered, true);
  // 6 of 10 columns coat: top share 0.6 (topMinShare), 0.4 in the jeans' palette (≤ 0.65): covered
  assert.equal(sum(6), 100);
  assert.equal(cover(6).covered, true);
  // 5 of 10: top share 0.5, under topMinShare: both thighs
  assert.equal(sum(5), 200);
  assert.equal(cover(5).covered, false);
  // both thighs the coat's colour (one garment, or two of one colour): both
  assert.equal(sum(10, COAT), 200);
  assert.equal(cover(10, COAT).covered, false);
  // no top palette: both
  const noTop = uncoveredThighs({ small: painted(GREY, [[5, 20, 15, 30, COAT]]), matte, skin, thighs: [left, right] }, null);
  assert.equal(maskSum(noTop.mask), 200);
  assert.equal(noTop.covered, false);
});

test('given the bands\' box, the bottom\'s sample and the thigh cover test read only it, with the same results', () => {
  // as above: thighs band rows 20–29, pelvis band rows 10–19, columns 5–24; their box
  const small = painted(GREY, [[5, 10, 25, 20, BLUE]]);
  const thighs = box(5, 20, 25, 30), pelvis = box(5, 10, 25, 20), bands = { x0: 5, y0: 10, x1: 24, y1: 29 };
  const matte = createMask(30, 30, 1);
  assert.equal(maskSum(bottomSample({ small, matte, skin: box(5, 20, 25, 23), thighs, pelvis, box: bands }, null)), 140);
  const bare = box(5, 20, 25, 27);
  assert.equal(maskSum(bottomSample({ small, matte, skin: bare, thighs, pelvis, box: bands }, null)), 260);
  assert.equal(maskSum(bottomSample({ small, matte, skin: bare, thighs, pelvis, box: bands }, palette(BLUE))), 60);
  // a box leaving out the pelvis' rows: only the thighs' 60 px of cloth are read
  assert.equal(maskSum(bottomSample({ small, matte, skin: bare, thighs, pelvis, box: { x0: 5, y0: 20, x1: 24, y1: 29 } }, null)), 60);
  // the thigh cover test: the left thigh (columns 5–14) under the coat, the right (15–24) in jeans, box rows 20–29
  const left = box(5, 20, 15, 30), right = box(15, 20, 25, 30), skin = createMask(30, 30);
  const cover = (coatCols: number, within: { x0: number; y0: number; x1: number; y1: number }) => uncoveredThighs({ small: painted(GREY, [[5, 20, 25, 30, BLUE], [5, 20, 5 + coatCols, 30, COAT]]), matte, skin, thighs: [left, right], box: within }, palette(COAT));
  const thighBox = { x0: 5, y0: 20, x1: 24, y1: 29 };
  assert.equal(maskSum(cover(10, thighBox).mask), 100);
  assert.equal(cover(10, thighBox).covered, true);
  assert.equal(maskSum(cover(5, thighBox).mask), 200);
  assert.equal(cover(5, thighBox).covered, false);
  // a box holding only the left thigh's coat columns 5–9 (wrongly: to see it is all that is read): the left's cloth
  // is all coat (share 1), the right has no cloth read (share 0, no palette to compare): not covered; the union
  // is drawn within the box over the left band, so the right band's 100 px are left out
  assert.equal(maskSum(cover(5, { x0: 5, y0: 20, x1: 9, y1: 29 }).mask), 100);
});

test('a hanging top goes on below the split line by its colour, as far as HANGING_TOP.reachSw, and leaves the lower garment', () => {
  assert.equal(HANGING_TOP.reachSw, 1.2);
  // a coat's tail on columns 5–14 down to row 29, jeans on columns 15–24 below row 9 (the split line)
  const small = painted(GREY, [[5, 0, 15, 30, COAT], [15, 10, 25, 30, BLUE]]);
  const matte = box(5, 0, 25, 30), skin = createMask(30, 30);
  const upper = box(5, 0, 15, 10), lower = box(5, 10, 25, 30);
  const run = (sw: number) => hangingTop({ small, matte, skin, sw }, { upper, lower }, { top: palette(COAT), bottom: palette(BLUE) }, 9);
  // reach 1.2 × 20 = 24 rows: the whole tail (200 px) is the top's, the jeans (200 px) stay lower
  const far = run(20);
  assert.equal(maskSum(far.upper), 300);
  assert.equal(maskSum(far.lower), 200);
  // reach round(1.2 × 5) = 6 rows: rows 10–15 only
  assert.equal(maskSum(run(5).upper), 160);
  // a navy coat over blue jeans: the jeans' shadow (a darker shade of their blue, 17 from the navy) is not the coat's
  const shadow = painted(GREY, [[5, 0, 15, 10, [40, 50, 90]], [5, 10, 15, 30, SHADED_BLUE], [15, 10, 25, 30, BLUE]]);
  const dark = hangingTop({ small: shadow, matte, skin, sw: 20 }, { upper, lower }, { top: palette([40, 50, 90]), bottom: palette(BLUE) }, 9);
  assert.equal(maskSum(dark.upper), 100);
});

test('a cuff the parse gave the lower garment at a hanging forearm\'s end becomes the top\'s, not the hand or the trousers (SLEEVE_END)', () => {
  assert.deepEqual(SLEEVE_END, { fromT: 0.6, toT: 1.3, halfWidthSw: 0.1, closePx: 2 });
  const LAVENDER = [177, 190, 220], DENIM = [50, 58, 87], MARK = [30, 33, 41], HAND = [200, 150, 120];
  // elbow (10, 2), wrist (10, 20), sw 50: the zone runs along column 10 from row 12.8 to 25.4, 5 px either side.
  // Parsed lower below row 10; a lavender cuff on columns 8–12, rows 16–21 (30 px) with a dark print mark at
  // (10, 18), a lone dark speck at (10, 12), the hand (skin) on rows 22–26, denim elsewhere.
  const small = painted(DENIM, [[8, 16, 13, 22, LAVENDER], [10, 18, 11, 19, MARK], [10, 12, 11, 13, MARK], [8, 22, 13, 27, HAND]]);
  const matte = box(0, 0, 30, 30), lower = box(0, 10, 30, 30), skin = box(8, 22, 13, 27);
  const base = { small, matte, skin, skinModel: { cb: 110, cr: 150, sdCb: 10, sdCr: 10, y: 150, rgb: [200, 150, 120] as [number, number, number] }, s: 1, sw: 50 };
  const person = standingPerson({ leftElbow: [10, 2], leftWrist: [10, 20] });
  const ends = sleeveEnds(base, person, lower, { top: palette(LAVENDER), bottom: palette(DENIM) });
  assert.ok(ends);
  // the cuff with its print mark closed over (30 px); the lone speck, the hand and the denim stay
  assert.equal(maskSum(ends), 30);
  assert.equal(ends.data[18 * 30 + 10], 1);
  assert.equal(ends.data[12 * 30 + 10], 0);
  // a bottom of nearly the cuff's colour (within PRIOR_MARGIN): the position prior stands
  assert.equal(maskSum(sleeveEnds(base, person, lower, { top: palette(LAVENDER), bottom: palette([170, 185, 215]) })!), 0);
  // no forearm seen: nothing to look at
  assert.equal(sleeveEnds(base, standingPerson({}), lower, { top: palette(LAVENDER), bottom: palette(DENIM) }), null);
});

/**
 * A standing person (analysis 200×400, shoulder width 50 px) with a skin face,
 * a grey tee, beige shorts down to row 260 and bare skin legs below. The
 * beige (190, 170, 140) passes the face's skin test (chroma 2.44 sd from the
 * face's (200, 150, 120) with the 6.5 floor), but the thighs' zone is all of
 * it, 15.4° yellower than the face (5.1 spreads): a cloth tone (cloth-tone.ts).
 */
function beigeShortsPerson(hemRow = 260): PersonAnalysis {
  const person = standingPerson({
    ...STANDING, nose: [200, 60], leftEye: [215, 40], rightEye: [185, 40], leftMouth: [208, 75], rightMouth: [192, 75],
    leftShoulder: [250, 100], rightShoulder: [150, 100], leftHip: [230, 330], rightHip: [170, 330],
  });
  const { small, matte } = person;
  const paint = (x0: number, y0: number, x1: number, y1: number, rgb: number[]) => {
    for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) { small.data.set(rgb, (y * 200 + x) * 3); matte.data[y * 200 + x] = 1; }
  };
  paint(85, 5, 115, 45, SKIN);
  paint(70, 45, 130, 165, [128, 128, 140]);
  paint(75, 165, 125, hemRow, [190, 170, 140]);
  if (hemRow < 355) paint(75, hemRow, 125, 355, SKIN);
  return person;
}

test('beige shorts are no skin when the thighs are all of one off-skin tone; the bare legs and the face stay skin', () => {
  const person = beigeShortsPerson();
  const frame = bodyFrame(person);
  const before = clothingRegions(person, frame, false);
  assert.equal(before.skin.data[230 * 200 + 90], 1, 'the face-fitted skin test alone takes the beige for skin');
  const after = clothingRegions(person, frame);
  assert.equal(after.skin.data[230 * 200 + 90], 0, 'a thigh in the shorts');
  assert.equal(after.lowerCloth.data[230 * 200 + 90], 1, 'parsed as the lower garment');
  assert.equal(after.skin.data[320 * 200 + 90], 1, 'a shin below the shorts');
  assert.equal(after.lowerCloth.data[320 * 200 + 90], 0, 'not grown into by the shorts (skin settled)');
  assert.equal(after.skin.data[30 * 200 + 100], 1, 'the face');
});

test('beige trousers down to the shoes are no skin below the knees either: the shins\' zone (SHIN_SAMPLE) is of the cloth tone too', () => {
  const person = beigeShortsPerson(355);
  const after = clothingRegions(person, bodyFrame(person));
  // (knee row 270, ankles 360: the shin zone runs from analysis row ~283 to ~347)
  assert.equal(after.skin.data[320 * 200 + 90], 0, 'a shin in the trousers');
  assert.equal(after.lowerCloth.data[320 * 200 + 90], 1);
  assert.equal(after.skin.data[30 * 200 + 100], 1, 'the face');
});

test('toneZones: the body off the hands and the head in each zone, the lower zone also cut at the knee row', () => {
  // 2 × 3, one column per case: rows 0..2
  const m = (values: number[]): Mask => {
    const mask = createMask(2, 3);
    mask.data.set(values);
    return mask;
  };
  const matte = m([1, 1, 1, 1, 1, 0]);
  const hands = m([0, 1, 0, 0, 0, 0]);
  const head = m([0, 0, 0.6, 0, 0, 0]);
  const upperZone = m([1, 1, 1, 1, 0, 0]);
  const lowerZone = m([0, 0, 0, 1, 1, 1]);
  // knee row 2: row 2 is not above the knees
  const z = toneZones({ matte, hands, head, upperZone, lowerZone }, 2);
  // pixel 0: upper body; 1: a hand; 2: the head; 3: both zones; 4: lower, at the knee row; 5: off the matte
  assert.deepEqual(Array.from(z.upper.data), [1, 0, 0, 1, 0, 0]);
  assert.deepEqual(Array.from(z.lower.data), [0, 0, 0, 1, 1, 0]);
  assert.deepEqual(Array.from(z.aboveKnees.data), [0, 0, 0, 1, 0, 0]);
});

test('topColumnsBelow: the first and last column of pixels exactly 1 from a row down', () => {
  // 6×4, rows 0..3; a 1 at (4, 0) lies above fromY = 1 and is not read; 0.9 is not exactly 1
  const m = createMask(6, 4);
  m.data[0 * 6 + 4] = 1;
  m.data[1 * 6 + 2] = 1; // row 1: columns 2 and 3
  m.data[1 * 6 + 3] = 1;
  m.data[2 * 6 + 1] = 0.9;
  m.data[3 * 6 + 1] = 1; // row 3: columns 1 and 5 (widens both ends after row 1)
  m.data[3 * 6 + 5] = 1;
  assert.deepEqual(topColumnsBelow(m, 1), { x0: 1, x1: 5 });
  // from row 2: only row 3's pixels
  assert.deepEqual(topColumnsBelow(m, 2), { x0: 1, x1: 5 });
  m.data[3 * 6 + 5] = 0;
  // row 1's columns 2..3 and row 3's column 1: x0 1, x1 3
  assert.deepEqual(topColumnsBelow(m, 1), { x0: 1, x1: 3 });
  assert.equal(topColumnsBelow(createMask(6, 4), 0), null);
});
