import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createMask, type Mask, type RgbImage } from '../../vision/image.js';
import { DEFAULT_MIN_QUALITY } from '../engine.js';
import {
  OLD_SLIVER_WIDTH_SW,
  columnTops,
  QUALITY_LIMITS,
  combineFigures,
  feetCovered,
  fillFigures,
  keptBelowCover,
  keptLeftShowing,
  longestHardEdge,
  matteFragmentation,
  meanTexture,
  oldGarmentLeft,
  keptLegwear,
  oldGarmentSliver,
  outsideShare,
  penalty,
} from './quality-verdict.js';

/** Sets [x0, x1) × [y0, y1) of a mask to `v`. */
function rect(m: Mask, x0: number, y0: number, x1: number, y1: number, v = 1): Mask {
  for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) m.data[y * m.width + x] = v;
  return m;
}

const close = (actual: number, expected: number) => assert.ok(Math.abs(actual - expected) < 1e-9, `${actual} ≠ ${expected}`);

function image(width: number, height: number, colour: (x: number, y: number) => [number, number, number]): RgbImage {
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data.set(colour(x, y), (y * width + x) * 3);
  return { width, height, channels: 3, data };
}

test('matte fragmentation: stray pieces, holes and fill of the bounding box', () => {
  // a 20×20 garment with a 5×5 hole, and a 2×2 speck apart from it
  const m = rect(rect(createMask(40, 40), 10, 10, 30, 30), 15, 15, 20, 20, 0);
  rect(m, 2, 2, 4, 4);
  const f = matteFragmentation(m);
  // area 400 − 25 + 4 = 379, largest piece 375; outline filled 404; box (2..29)² = 784
  close(f.strayShare, 4 / 379);
  close(f.holeShare, 25 / 404);
  close(f.fillRatio, 379 / 784);
  assert.deepEqual(matteFragmentation(createMask(5, 5)), { strayShare: 1, holeShare: 0, fillRatio: 0 });
});

test('a garment matte torn by holes a fortieth of its outline is refused at the default min_quality', () => {
  // a 40×40 garment with two 4×5 holes: 40 / 1600 = 0.025 of its filled outline
  const m = rect(rect(rect(createMask(60, 60), 10, 10, 50, 50), 20, 15, 24, 20, 0), 34, 15, 38, 20, 0);
  const f = matteFragmentation(m);
  close(f.holeShare, 40 / 1600);
  const v = combineFigures({ holeShare: f.holeShare });
  assert.ok(v.score < DEFAULT_MIN_QUALITY, `score ${v.score}`);
  assert.deepEqual(v.warnings, ['garment_matte_fragmented']);
  // a speck of a hole (a worn garment's armpit gap) passes
  const speck = matteFragmentation(rect(rect(createMask(60, 60), 10, 10, 50, 50), 20, 15, 23, 18, 0));
  assert.ok(combineFigures({ holeShare: speck.holeShare }).score >= DEFAULT_MIN_QUALITY);
});

test('outside share: the drawn garment beyond the silhouette grown by the margin', () => {
  const body = rect(createMask(30, 10), 10, 0, 20, 10);
  const cover = rect(createMask(30, 10), 5, 0, 25, 10); // 200 px drawn
  // margin 0: columns 5–9 and 20–24 are outside, 100 px
  assert.equal(outsideShare(cover, body, 0), 0.5);
  // margin 2: the body reaches columns 8–21, so 3 + 3 columns stay outside, 60 px
  assert.equal(outsideShare(cover, body, 2), 0.3);
  assert.equal(outsideShare(createMask(30, 10), body, 2), 0);
});

test('old garment left: its colour inside the removed region and in the band beside it, not a fill of the surroundings', () => {
  const skin: [number, number, number] = [220, 180, 150];
  const red: [number, number, number] = [200, 0, 0];
  const old = rect(createMask(20, 10), 5, 0, 15, 10); // 100 px removed
  const original = image(20, 10, (x) => (x >= 5 && x < 15 ? red : skin));
  const surround = rect(rect(createMask(20, 10), 0, 0, 5, 10), 15, 0, 20, 10);
  const cover = rect(createMask(20, 10), 5, 0, 10, 10);
  // left red: columns 13–14 inside the region (20 px) and column 15 beside it (10 px)
  const result = image(20, 10, (x) => (x >= 13 && x <= 15 ? red : skin));
  assert.equal(oldGarmentLeft({ original, result, old, cover, surround, keep: createMask(20, 10), bandPx: 2 }), 0.3);
  // kept on purpose (the other garment, hands): column 15 is not counted
  const keep = rect(createMask(20, 10), 15, 0, 16, 10);
  assert.equal(oldGarmentLeft({ original, result, old, cover, surround, keep, bandPx: 2 }), 0.2);
  // a new red garment: red left beside it may be its own edge, never counted
  const redCover = image(20, 10, (x) => (x < 10 && x >= 5 ? red : x >= 13 && x <= 15 ? red : skin));
  assert.equal(oldGarmentLeft({ original, result: redCover, old, cover, surround, keep: createMask(20, 10), bandPx: 2 }), 0);
  // column 18 is beyond the 2 px band: not counted
  const far = image(20, 10, (x) => (x === 18 ? red : skin));
  assert.equal(oldGarmentLeft({ original, result: far, old, cover, surround, keep: createMask(20, 10), bandPx: 2 }), 0);
  // an old garment the colour of skin: a skin fill is nearer the surroundings, never a remnant
  const beige: [number, number, number] = [214, 176, 146];
  const beigeTop = image(20, 10, (x) => (x >= 5 && x < 15 ? beige : skin));
  assert.equal(oldGarmentLeft({ original: beigeTop, result: image(20, 10, () => skin), old, cover, surround, keep: createMask(20, 10), bandPx: 2 }), 0);
});

test('texture: mean absolute Laplacian over pixels whose neighbours are inside', () => {
  const w = 10, h = 10;
  const checker = new Float32Array(w * h).map((_, i) => ((i % w) + Math.floor(i / w)) % 2 === 0 ? 0 : 10);
  const all = createMask(w, h, 1);
  // every inner pixel differs by 10 from each of its 4 neighbours: |4·a − 4·b| = 40
  assert.equal(meanTexture(checker, all), 40);
  assert.equal(meanTexture(new Float32Array(w * h).fill(7), all), 0);
  // a one-pixel line has no pixel with all neighbours inside
  assert.equal(meanTexture(checker, rect(createMask(w, h), 0, 5, 10, 6)), null);
});

test('hard edge: the longest contrasted straight run of a fill against kept pixels', () => {
  const fill = rect(createMask(30, 30), 5, 10, 25, 20); // 20 wide, 10 high
  const kept = createMask(30, 30, 1);
  rect(kept, 5, 10, 25, 20, 0);
  const lum = new Float32Array(900).fill(150);
  for (let i = 0; i < 900; i++) if (fill.data[i]! >= 0.5) lum[i] = 100;
  assert.equal(longestHardEdge(fill, kept, lum), 20);
  // below it a new garment (not kept): the top edge still runs 20; beyond the
  // top edge's 3 px gap only columns 5–16 kept: 12 px
  rect(kept, 0, 20, 30, 30, 0);
  rect(kept, 17, 7, 30, 8, 0);
  assert.equal(longestHardEdge(fill, kept, lum), 12);
  // a soft step (10 levels) is no hard edge
  const soft = lum.map((v) => (v === 100 ? 140 : v));
  assert.equal(longestHardEdge(fill, kept, soft), 0);
});

test('fill figures: share of the person; texture and edges only for a fill large enough to judge', () => {
  const result = image(20, 20, (x, y) => (x >= 5 && x < 15 && y >= 5 && y < 15 ? [120, 120, 120] : (x + y) % 2 === 0 ? [100, 100, 100] : [140, 140, 140]));
  const fill = rect(createMask(20, 20), 5, 5, 15, 15); // 100 px, flat grey
  const kept = createMask(20, 20, 1);
  rect(kept, 5, 5, 15, 15, 0);
  const f = fillFigures({ result, fill, kept, reference: kept, personArea: 400, shoulderWidthPx: 10 });
  assert.equal(f.fillShare, 0.25);
  assert.equal(f.fillTexture, 0); // flat against a checker of ±20
  // luma steps of 20 on every edge row/column: the 10 px sides run a whole shoulder width
  assert.equal(f.hardEdgeSw, 1);
  assert.deepEqual(fillFigures({ result, fill, kept, reference: kept, personArea: 100_000, shoulderWidthPx: 10 }), { fillShare: 0.001 });
});

test('score: the product of (1 − penalty); one warning per check past its ok level', () => {
  close(penalty(0.09, { ok: 0.03, bad: 0.15 }), 0.5);
  close(penalty(0.3, { ok: 0.4, bad: 0.2 }), 0.5); // lower is worse
  assert.equal(penalty(0.5, { ok: 0.4, bad: 0.2 }), 0);
  assert.equal(penalty(1, { ok: 0.03, bad: 0.15 }), 1);
  const half = (l: { ok: number; bad: number }) => (l.ok + l.bad) / 2;
  const one = combineFigures({ strayShare: half(QUALITY_LIMITS.strayShare), outsideShare: 0, poseScore: 1 });
  assert.equal(one.score, 0.5);
  assert.deepEqual(one.warnings, ['garment_matte_fragmented']);
  const two = combineFigures({ strayShare: half(QUALITY_LIMITS.strayShare), fillRatio: half(QUALITY_LIMITS.fillRatio), oldLeftShare: QUALITY_LIMITS.oldLeftShare.bad });
  assert.equal(two.score, 0);
  assert.deepEqual(two.warnings, ['garment_matte_fragmented', 'old_garment_visible']);
  assert.deepEqual(combineFigures({}), { score: 1, warnings: [], figures: {} });
});

test('old garment sliver: a thin strip of the kept old garment beside the new one, not a broad layer', () => {
  const cover = rect(createMask(30, 24), 10, 0, 20, 24); // the new garment: columns 10–19
  const shown = createMask(30, 24);
  rect(shown, 20, 5, 22, 15); // a strip 2 px wide beside it: 20 px, 1–2 px from the garment
  rect(shown, 2, 12, 10, 20); // a broad 8 × 8 layer touching it on the other side
  // radius 2: the 2 px strip vanishes in the opening, the 8 × 8 block comes back whole
  assert.equal(oldGarmentSliver(shown, cover, 2), 20);
  // radius 1: a 2 px strip still vanishes (it needs 3 px to survive a 3 × 3 erosion)
  assert.equal(oldGarmentSliver(shown, cover, 1), 20);
  // a 3 px strip survives radius 1; radius 2 removes it, but its third column is 3 px away: 2 × 10 px counted
  const wide = rect(createMask(30, 24), 20, 5, 23, 15);
  assert.equal(oldGarmentSliver(wide, cover, 1), 0);
  assert.equal(oldGarmentSliver(wide, cover, 2), 20);
});

test('kept layer below the new garment: only where the new garment is drawn higher in the same column, not where it is worn', () => {
  // the new garment: columns 10–19, rows 5–14 (its top edge at row 5)
  const cover = rect(createMask(30, 30), 10, 5, 20, 15);
  const shown = createMask(30, 30);
  rect(shown, 10, 15, 20, 18); // an old hem under the new one: 10 × 3 = 30 px, below row 5 in columns the garment reaches
  rect(shown, 12, 0, 18, 5); // an old neckline above the new one: rows 0–4, above the top edge, not counted
  rect(shown, 22, 8, 25, 20); // old sleeves in columns the new garment never reaches: not counted
  rect(shown, 14, 8, 16, 10); // under the new garment itself (covered): not counted
  assert.equal(keptBelowCover(shown, cover), 30);
  assert.equal(keptBelowCover(shown, createMask(30, 30)), 0);
  // the hem's left half over the torso (worn there, like a tee under a cropped top): 5 × 3 px left
  assert.equal(keptBelowCover(shown, cover, rect(createMask(30, 30), 0, 10, 15, 30)), 15);
});

test('feet covered: the share of the feet zone under the drawn garment, none when too few feet pixels are seen', () => {
  const feet = rect(createMask(20, 20), 4, 15, 16, 20); // 12 × 5 = 60 px of shoes
  const hem = rect(createMask(20, 20), 0, 0, 20, 16); // a hem on the shoes' top row: 12 px
  close(feetCovered(hem, feet, 10)!, 12 / 60);
  const long = rect(createMask(20, 20), 0, 0, 20, 19); // trousers down to the sole's last row: 4 rows of 12
  close(feetCovered(long, feet, 10)!, 48 / 60);
  assert.equal(feetCovered(long, feet, 61), null);
  assert.equal(feetCovered(long, createMask(20, 20), 0), null);
});

test('kept legwear: the old lower garment kept and not under a new garment, shoulder widths², lower passes only', () => {
  // a 10 × 20 kept block; the new garment covers its top 10 × 8: 10 × 12 = 120 px show
  const kept = rect(createMask(30, 30), 5, 5, 15, 25);
  const cover = rect(createMask(30, 30), 0, 0, 30, 13);
  // shoulder width 20 px: 120 / 400 = 0.3 sw²
  close(keptLegwear([{ category: 'lower', kept }], cover, 20), 0.3);
  // a top's kept layer is judged as slivers (keptSlivers), not here
  assert.equal(keptLegwear([{ category: 'upper', kept }], cover, 20), 0);
  // the worst lower pass counts; a soft kept edge under 0.5 does not
  const faint = rect(createMask(30, 30), 5, 5, 15, 25, 0.4);
  close(keptLegwear([{ category: 'lower', kept: faint }, { category: 'lower', kept }], createMask(30, 30), 20), 0.5);
});

test('the limits and the default min_quality are the tuned table: a changed threshold fails here', () => {
  assert.deepEqual(QUALITY_LIMITS, {
    strayShare: { ok: 0.03, bad: 0.15 },
    holeShare: { ok: 0.01, bad: 0.1 },
    fillRatio: { ok: 0.4, bad: 0.2 },
    oldSliverSw2: { ok: 0.01, bad: 0.02 },
    keptBelowSw2: { ok: 0.025, bad: 0.045 },
    oldLegwearSw2: { ok: 0.12, bad: 0.135 },
    outsideShare: { ok: 0.05, bad: 0.12 },
    oldLeftShare: { ok: 0.04, bad: 0.15 },
    oldRemnantSw2: { ok: 0.006, bad: 0.03 },
    limbErasedSw2: { ok: 0.02, bad: 0.04 },
    oldCuffSw2: { ok: 0.004, bad: 0.01 },
    fillShare: { ok: 0.08, bad: 0.25 },
    fillTexture: { ok: 0.15, bad: 0.03 },
    topCutSw: { ok: 0.06, bad: 0.12 },
    waistNotchSw2: { ok: 0.004, bad: 0.012 },
    hardEdgeSw: { ok: 0.45, bad: 0.7 },
    feetCoveredShare: { ok: 0.5, bad: 0.9 },
    neckSkinSw2: { ok: 0.025, bad: 0.05 },
    keptNecklineSw2: { ok: 0.03, bad: 0.05 },
    openingTextureRatio: { ok: 2.2, bad: 2.6 },
    innerBackShare: { ok: 0.3, bad: 0.6 },
    hairCoveredSw2: { ok: 0.011, bad: 0.03 },
    legSkinSw2: { ok: 0.012, bad: 0.025 },
    handSkinSw2: { ok: 0.012, bad: 0.03 },
    handLostShare: { ok: 0.2, bad: 0.45 },
    handWindowSw2: { ok: 0.01, bad: 0.03 },
    shoulderDropSw: { ok: 0.04, bad: 0.1 },
    poseScore: { ok: 0.8, bad: 0.5 },
    softEdgeShare: { ok: 0.06, bad: 0.15 },
    rimShare: { ok: 0.1, bad: 0.25 },
    haloShare: { ok: 0.03, bad: 0.12 },
    busyFillSw2: { ok: 0.035, bad: 0.065 },
    smoothPatchShare: { ok: 0.3, bad: 0.45 },
    washedSleeveShare: { ok: 0.04, bad: 0.15 },
    legFlapSw2: { ok: 0.01, bad: 0.04 },
  });
  assert.equal(OLD_SLIVER_WIDTH_SW, 0.03);
  assert.equal(DEFAULT_MIN_QUALITY, 0.95);
});

test('score, worked by hand: three checks half-way to bad, and one just past ok', () => {
  // slivers (0.015 − 0.01) / 0.01 = 0.5; edge (0.575 − 0.45) / 0.25 = 0.5; texture (0.15 − 0.09) / 0.12 = 0.5
  const v = combineFigures({ oldSliverSw2: 0.015, hardEdgeSw: 0.575, fillTexture: 0.09 });
  assert.equal(v.score, 0.125);
  assert.deepEqual(v.warnings, ['fill_hard_edge', 'flat_fill', 'old_garment_visible']);
  // a neckline's fill edge of 0.45 sw is fine; 0.46 costs (0.46 − 0.45) / 0.25 = 0.04
  assert.deepEqual(combineFigures({ hardEdgeSw: 0.45 }).warnings, []);
  assert.equal(combineFigures({ hardEdgeSw: 0.46 }).score, 0.96);
  // a studio background fill at 0.114 of the skin's texture passes; a painted block at 0.03 is refused alone
  assert.equal(combineFigures({ fillTexture: 0.114 }).score, 0.7);
  assert.ok(combineFigures({ fillTexture: 0.03 }).score < DEFAULT_MIN_QUALITY);
  // a smeared outline: (0.105 − 0.06) / 0.09 = 0.5 → score 0.5 with its own warning; 0.06 (the clean maximum, rounded up) costs nothing
  assert.deepEqual(combineFigures({ softEdgeShare: 0.105 }), { score: 0.5, warnings: ['smeared_edges'], figures: { softEdgeShare: 0.105 } });
  assert.equal(combineFigures({ softEdgeShare: 0.06 }).score, 1);
  // a rim along a fifth of the outline: (0.2 − 0.1) / 0.15 = 2/3 → 0.333, the same warning as a smear
  assert.deepEqual(combineFigures({ rimShare: 0.2 }).warnings, ['smeared_edges']);
  assert.equal(combineFigures({ rimShare: 0.2 }).score, 0.333);
  // a colour halo along a tenth of the outline: (0.1 − 0.03) / 0.09 = 7/9 → 0.222, the same warning; 0.03 costs nothing
  assert.deepEqual(combineFigures({ haloShare: 0.1 }), { score: 0.222, warnings: ['smeared_edges'], figures: { haloShare: 0.1 } });
  assert.equal(combineFigures({ haloShare: 0.03 }).score, 1);
  // a flat top's inside back left in 0.45 of the neck's columns: (0.45 − 0.3) / 0.3 = 0.5 → 0.5, garment_misaligned; 0.3 costs nothing
  assert.deepEqual(combineFigures({ innerBackShare: 0.45 }), { score: 0.5, warnings: ['garment_misaligned'], figures: { innerBackShare: 0.45 } });
  assert.equal(combineFigures({ innerBackShare: 0.3 }).score, 1);
  // a busy fill of 0.05 sw²: (0.05 − 0.035) / 0.03 = 0.5, the smear's warning; 0.035 costs nothing
  assert.deepEqual(combineFigures({ busyFillSw2: 0.05 }), { score: 0.5, warnings: ['smeared_edges'], figures: { busyFillSw2: 0.05 } });
  assert.equal(combineFigures({ busyFillSw2: 0.035 }).score, 1);
  // a kept layer half-way (0.035 sw²) costs half; trousers over 0.7 of the feet cost (0.7 − 0.5) / 0.4 = 0.5
  const layered = combineFigures({ keptBelowSw2: 0.035, feetCoveredShare: 0.7 });
  assert.equal(layered.score, 0.25);
  assert.deepEqual(layered.warnings, ['garment_misaligned', 'old_garment_visible']);
});

test('an old top worn beneath a new dress on purpose is not counted as the old garment left showing', () => {
  // kept: a sleeve (x 10..19) and old trousers below the hem (rows 80..99), both soft-edged at 0.5 in one column
  const kept = createMask(100, 100);
  for (let y = 20; y < 100; y++) for (let x = 10; x < 20; x++) kept.data[y * 100 + x] = y < 80 ? 1 : 0.8;
  kept.data[50 * 100 + 19] = 0.5;
  const worn = createMask(100, 100);
  for (let y = 20; y < 80; y++) for (let x = 10; x < 20; x++) worn.data[y * 100 + x] = 1;
  const shown = keptLeftShowing({ kept, wornBeneath: worn });
  assert.equal(shown.data[50 * 100 + 12], 0, 'the sleeve worn beneath');
  assert.equal(shown.data[50 * 100 + 19], 0);
  assert.ok(Math.abs(shown.data[90 * 100 + 12]! - 0.8) < 1e-6, 'the rest of the kept layer as it was');
  assert.equal(keptLeftShowing({ kept, wornBeneath: null }), kept, 'other passes: all of it');
});

test('each column\'s first row of a mask, read over its box, is the whole frame\'s (its height where the column is empty)', () => {
  let seed = 3;
  const rand = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
  for (let trial = 0; trial < 40; trial++) {
    const w = 25, h = 18, m = createMask(w, h);
    const x0 = Math.floor(rand() * w), y0 = Math.floor(rand() * h);
    for (let y = y0; y < h; y++) for (let x = x0; x < w; x++) if (trial % 8 !== 0 && rand() < 0.3) m.data[y * w + x] = rand() < 0.8 ? 1 : 0.3;
    const whole = Array.from({ length: w }, (_, x) => {
      for (let y = 0; y < h; y++) if (m.data[y * w + x]! >= 0.5) return y;
      return h;
    });
    assert.deepEqual(Array.from(columnTops(m)), whole, `trial ${trial}`);
  }
});
