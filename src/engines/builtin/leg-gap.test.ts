import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createMask, type Mask, type RgbImage } from '../../vision/image.js';
import { carveLegGap, LEG_GAP, openGapAt } from './leg-gap.js';

const W = 80, H = 40;
const BG = [248, 248, 248] as const, DENIM = [40, 70, 140], SHADOW = [200, 200, 200];

/**
 * An 80×40 product photo: trousers of `fabric` on columns 10–69, rows 4–37
 * (the matte, channel included, as the barrier closed it), and a channel of
 * background on columns `gap` from row `gapTop` down, with a shadow column
 * either side (RGB distance 83 from the background).
 */
function photo(fabric: number[], gap: [number, number], gapTop: number): { small: RgbImage; matte: Mask } {
  const data = new Uint8Array(W * H * 3);
  const matte = createMask(W, H);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const i = y * W + x;
      const garment = x >= 10 && x < 70 && y >= 4 && y < 38;
      let c: readonly number[] = garment ? fabric : BG;
      if (garment && y >= gapTop && x >= gap[0] - 1 && x <= gap[1] + 1) c = x >= gap[0] && x <= gap[1] ? BG : SHADOW;
      data.set(c, i * 3);
      if (garment) matte.data[i] = 1;
    }
  }
  return { small: { width: W, height: H, channels: 3, data }, matte };
}

const area = (m: Mask) => m.data.reduce((s, v) => s + (v >= 0.5 ? 1 : 0), 0);

test('the channel between the legs is cut out of the matte, shadows included, from the hems up to where it ends', () => {
  const { small, matte } = photo(DENIM, [39, 40], 18);
  const out = carveLegGap(small, matte, BG);
  // rows 18–37 (20 rows, over 0.25 × 34 = 8.5), columns 38–41 (the channel and its shadows, 4 ≤ 0.08 × 60 = 4.8 px)
  assert.equal(area(matte) - area(out), 20 * 4);
  assert.equal(out.data[30 * W + 38], 0);
  assert.equal(out.data[30 * W + 41], 0);
  assert.equal(out.data[30 * W + 42], 1, 'the fabric beside it stays');
  assert.equal(out.data[17 * W + 39], 1, 'above the channel the seat stays');
  assert.equal(matte.data[30 * W + 39], 1, 'the input matte is left as it was');
});

test('no cut for a slit, a gap already wider than a channel, or fabric of the background colour', () => {
  assert.equal(LEG_GAP.minHeightShare, 0.25);
  // a slit of 8 rows (under 8.5)
  const slit = photo(DENIM, [39, 40], 30);
  assert.equal(carveLegGap(slit.small, slit.matte, BG), slit.matte, 'slit');
  // 12 px of background between the legs: wider than 0.08 × 60 (an open gap the matte would already show)
  const wide = photo(DENIM, [34, 45], 18);
  assert.equal(carveLegGap(wide.small, wide.matte, BG), wide.matte, 'wide');
  // white trousers on white: the "channel" is not bounded by fabric
  const white = photo([246, 246, 246], [39, 40], 18);
  assert.equal(carveLegGap(white.small, white.matte, BG), white.matte, 'white');
});

test('where pale fabric (as near the background as a shadow) closes in above the hems, the channel goes on as its core alone', () => {
  // denim at the hems (rows 30–37), pale fabric above (RGB distance ~75 from the background: under sideD)
  const { small, matte } = photo(DENIM, [39, 40], 18);
  for (let y = 4; y < 30; y++) for (let x = 10; x < 70; x++) if (x < 38 || x > 41) small.data.set([215, 200, 200], (y * W + x) * 3);
  const out = carveLegGap(small, matte, BG);
  // rows 30–37 with the shadows (4 px), rows 18–29 the core alone (2 px: the shadows are 83 from the background, over coreD)
  assert.equal(area(matte) - area(out), 8 * 4 + 12 * 2);
  assert.equal(out.data[25 * W + 39], 0);
  assert.equal(out.data[25 * W + 38], 1, 'the shadow beside the core stays');
});

/**
 * A narrow, tall garment (columns 30–49, rows 2–39: 38 tall over 20 wide, 1.9 ≥ openGapMinAspect) with a
 * 1 px channel of background on column 39 (shadows on 38 and 40) from row `top` (12) down, open in the
 * matte (columns 37–42) over rows 34–39 where the cuffs part.
 */
function tallPhoto(top = 12): { small: RgbImage; matte: Mask } {
  const data = new Uint8Array(W * H * 3);
  const matte = createMask(W, H);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const garment = x >= 30 && x < 50 && y >= 2;
      let c: readonly number[] = garment ? DENIM : BG;
      if (garment && y >= top && x >= 38 && x <= 40) c = x === 39 ? BG : SHADOW;
      data.set(c, (y * W + x) * 3);
      if (garment && !(y >= 34 && x >= 37 && x <= 42)) matte.data[y * W + x] = 1;
    }
  }
  return { small: { width: W, height: H, channels: 3, data }, matte };
}

test('on a tall garment the channel is followed up from where a gap already open in the matte between the cuffs ends', () => {
  const { small, matte } = tallPhoto();
  const out = carveLegGap(small, matte, BG);
  // rows 12–33 carved (22 rows; 28 from the hem, over 0.25 × 38 = 9.5), columns 38–40 (3 ≤ 0.16 × 20 = 3.2 px)
  assert.equal(area(matte) - area(out), 22 * 3);
  assert.equal(out.data[20 * W + 39], 0);
  // the same garment three times as wide (columns 10–69: 38 tall over 60 wide, 0.63): shorts, whose channel
  // from row 12 ends above 2 + 0.45 × 38 = 19.1 (a crease above a slit, not their crotch): not followed up
  const wide = widen(matte);
  assert.equal(carveLegGap(small, wide, BG), wide);
});

/** The matte widened to columns 10–69 (shorts: 38 tall over 60 wide), its open gap kept. */
function widen(matte: Mask): Mask {
  const wide = { width: W, height: H, data: matte.data.slice() };
  for (let y = 2; y < H; y++) for (let x = 10; x < 70; x++) if (x < 30 || x >= 50) wide.data[y * W + x] = 1;
  return wide;
}

test('on shorts the channel above the gap open at their hems is their crotch when it ends in the lower part (shortsCrotchShare)', () => {
  assert.equal(LEG_GAP.shortsCrotchShare, 0.45);
  // channel from row 20 (at or below 19.1): rows 20–33 carved (14 rows; 20 from the hem, over 9.5), columns 38–40
  const low = tallPhoto(20);
  const wide = widen(low.matte);
  const out = carveLegGap(low.small, wide, BG);
  assert.equal(area(wide) - area(out), 14 * 3);
  assert.equal(out.data[25 * W + 39], 0);
  assert.equal(out.data[19 * W + 39], 1, 'above the channel the seat stays');
  // from row 19 (above 19.1): a crease, the matte kept
  const high = tallPhoto(19);
  const highWide = widen(high.matte);
  assert.equal(carveLegGap(high.small, highWide, BG), highWide);
});

test('a pale spot on a leg beside the open gap is no channel: the channel above the open gap is still carved', () => {
  const { small, matte } = tallPhoto();
  // the gap open over columns 38–40 only (rows 34–39), and one background-white pixel of a print on the
  // right leg at (42, 36): bounded by denim on 41 and 43, within the search's reach (3 px of the centre 39.5)
  for (let y = 34; y < H; y++) for (const x of [37, 41, 42]) matte.data[y * W + x] = 1;
  small.data.set(BG, (36 * W + 42) * 3);
  const out = carveLegGap(small, matte, BG);
  // rows 12–33 carved on columns 38–40, as with the cuffs parting (taken for the channel, the spot ended
  // the search 3 rows up and nothing was carved)
  assert.equal(area(matte) - area(out), 22 * 3);
  assert.equal(out.data[20 * W + 39], 0);
  assert.equal(out.data[36 * W + 42], 1, 'the spot stays fabric');
});

test('openGapAt: the middle of the run outside the matte nearest the centre, bounded by the matte on both sides', () => {
  const inside = (x: number) => x >= 10 && x < 70 && !(x >= 36 && x <= 43);
  assert.equal(openGapAt(0, 40, 9, (x) => inside(x)), 39.5);
  // searched from the left of the run: the same run
  assert.equal(openGapAt(0, 33, 9, (x) => inside(x)), 39.5);
  // no gap within reach: fabric only
  assert.equal(openGapAt(0, 20, 5, (x) => inside(x)), null);
  // reaching the garment's edge: not bounded on both sides
  assert.equal(openGapAt(0, 12, 5, (x) => x >= 14 && x < 70), null);
});
