import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createMask, type Mask, type RgbImage } from '../../vision/image.js';
import { fillEllipse } from '../../vision/raster.js';
import { paint, rect, solidImage } from '../../../test/support/drawing.js';
import type { Palette } from '../../vision/palette.js';
import { HAIR_AMONG_TOP, HAIR_CLOSING_PX, HAIR_ENDS, HAIR_FRONT, HAIR_SAMPLE, capKeyedEnds, hairEnds, hairMask, hairShareOf, hairNotAmongTop, hairOverTorso, hairSideSample, hangingFromTop, columnsOf, farFromAll, fineTexture, inFrameShare, litHair, topWithoutHair } from './hair-front.js';

const W = 100, H = 80;
// a face cut off above the eyes: eyes above the picture (row −10), mouth at row 20, centred at column 50, head 40 px wide
const FACE = { eyeY: -10, mouthY: 20, centreX: 50, headW: 40 };
const sum = (m: Mask) => m.data.reduce((s, v) => s + (v >= 0.5 ? 1 : 0), 0);

/** Face skin (columns 32–67) down to row 40, and hair down to row 60 beside it, `hairWidth` columns from column 72 rightwards and from 27 leftwards. */
function head(hairWidth: number): { matte: Mask; skin: Mask } {
  const matte = createMask(W, H), skin = createMask(W, H);
  rect(skin, 32, 0, 68, 41);
  rect(matte, 32, 0, 68, 41);
  rect(matte, 72, 0, 72 + hairWidth, 61);
  rect(matte, 28 - hairWidth, 0, 28, 61);
  return { matte, skin };
}

test('a head cut off above the eyes: the ellipse of the top-of-head sample lies mostly outside the picture', () => {
  assert.equal(HAIR_SAMPLE.minTopInFrame, 0.5);
  const inside = createMask(W, H), cut = createMask(W, H);
  fillEllipse(inside, { x: 50, y: 40 }, 20, 10);
  fillEllipse(cut, { x: 50, y: -4 }, 20, 10);
  const area = Math.PI * 20 * 10;
  assert.ok(inFrameShare(inside, area) > 0.9, 'whole ellipse');
  assert.ok(inFrameShare(cut, area) < HAIR_SAMPLE.minTopInFrame, 'its lower third only');
});

test('long hair beside the face is sampled there: the person, not skin, not the collar, within the bands', () => {
  assert.deepEqual(HAIR_SAMPLE.sideReach, [0.55, 1.0]);
  const { matte, skin } = head(10);
  const collar = rect(createMask(W, H), 60, 30, 100, 80);
  const sample = hairSideSample(FACE, matte, skin, collar);
  assert.ok(sample);
  const at = (x: number, y: number) => sample.data[y * W + x]!;
  // bands: columns 72–89 and 10–27 (0.55–1.0 × 40 px from column 50), rows 0 to the chin (20 + 0.6 × 30 = 38)
  assert.equal(at(75, 10), 1, 'hair right of the face');
  assert.equal(at(20, 10), 1, 'hair left of the face');
  assert.equal(at(50, 10), 0, 'the face is skin');
  assert.equal(at(85, 10), 0, 'background beyond the hair');
  assert.equal(at(20, 50), 0, 'below the chin');
  assert.equal(at(75, 32), 0, "the collar's zone");
});

test('short hair (background beside the face) gives no sample; HAIR_SAMPLE.minHairShare of the bands is the least that does', () => {
  assert.equal(HAIR_SAMPLE.minHairShare, 0.15);
  const none = createMask(W, H);
  assert.equal(hairSideSample(FACE, head(0).matte, head(0).skin, none), null, 'no hair');
  // each band is 18 columns wide (72–89, 10–27): 2 columns of hair are 11 % of it, 5 columns 28 %
  assert.equal(hairSideSample(FACE, head(2).matte, head(2).skin, none), null, 'a few strands: too few');
  const thick = hairSideSample(FACE, head(5).matte, head(5).skin, none);
  assert.ok(thick && sum(thick) > 0, 'a hand-width of hair: sampled');
});

test('a collar rising beside the chin is no hair: the bands above the mouth must hold HAIR_SAMPLE.minHairShare of hair too, when the picture shows them', () => {
  assert.equal(HAIR_SAMPLE.minUpperInFrame, 0.25);
  const none = createMask(W, H);
  // eyes at row 5, mouth at row 20: the bands run from row 5 to the chin (20 + 0.6 × 15 = 29), 15 of their ~24 rows above the mouth (~62 % ≥ 25 %: judged)
  const face = { eyeY: 5, mouthY: 20, centreX: 50, headW: 40 };
  const collar = () => {
    const { matte, skin } = head(0);
    rect(matte, 0, 20, W, H); // the top from the mouth's row down, beside and below the face
    return { matte, skin };
  };
  const c = collar();
  // whole bands: ~9 of ~24 rows are the collar (~37 % ≥ 15 %), but above the mouth nothing
  assert.equal(hairSideSample(face, c.matte, c.skin, none), null, 'the collar alone');
  const withHair = collar();
  rect(withHair.matte, 72, 0, 82, 20); // long hair beside the face above the mouth: 10 of 18 columns
  rect(withHair.matte, 18, 0, 28, 20);
  const sample = hairSideSample(face, withHair.matte, withHair.skin, none);
  assert.ok(sample && sample.data[10 * W + 75] === 1, 'hair from above: sampled');
  // a frame cut at the nose (eyes and mouth above it): the bands are all below the mouth, the upper part is not judged
  const cut = { eyeY: -30, mouthY: -2, centreX: 50, headW: 40 };
  const low = head(0);
  rect(low.matte, 0, 0, W, H);
  rect(low.matte, 32, 0, 68, 41);
  assert.ok(hairSideSample(cut, low.matte, low.skin, none), 'nothing above the mouth to judge');
});

test('hair strands parsed apart are joined across gaps up to twice HAIR_CLOSING_PX, not wider, and specks go', () => {
  assert.equal(HAIR_CLOSING_PX, 2);
  const raw = createMask(W, H);
  // strands at columns 10–11 and 15–16 (a 3 px gap: joined) and 23–25 (a 6 px gap: kept)
  rect(raw, 10, 10, 12, 61);
  rect(raw, 15, 10, 17, 61);
  rect(raw, 23, 10, 26, 61);
  rect(raw, 80, 10, 82, 12); // a 2×2 speck
  const m = hairMask(raw);
  const at = (x: number, y: number) => m.data[y * W + x]!;
  assert.ok(at(13, 30) >= 0.5, 'the 3 px gap is hair');
  assert.ok(at(20, 30) < 0.5, 'the 6 px gap stays a gap');
  assert.ok(at(24, 30) >= 0.5, 'the far strand stays hair');
  assert.equal(at(80, 10), 0, 'the speck is dropped');
});

/** A palette from [colour, weight] pairs. */
function palette(...cs: [[number, number, number], number][]): Palette {
  return { centres: Float32Array.from(cs.flatMap(([c]) => c)), weights: cs.map(([, w]) => w) };
}

const HAIR_D2 = 40 * 40;
const BROWN: [number, number, number] = [60, 40, 25];
const NAVY: [number, number, number] = [35, 33, 50];
const ORANGE: [number, number, number] = [230, 110, 30];

test('a top colour that is hair over the chest (a minor share, nearer the hair than the top) is left out; the top\'s own colours stay', () => {
  assert.equal(HAIR_FRONT.maxChestShare, 0.25);
  const hair = palette([BROWN, 0.7], [[90, 65, 45], 0.3]);
  const top = palette([NAVY, 0.6], [[58, 38, 22], 0.2], [ORANGE, 0.2]);
  assert.deepEqual(topWithoutHair(top, hair, HAIR_D2).weights, [0.6, 0, 0.2]);
  // a brown top under brown hair: its main colour (over maxChestShare) is the top's
  const brownTop = palette([[62, 41, 26], 0.8], [ORANGE, 0.2]);
  assert.deepEqual(topWithoutHair(brownTop, hair, HAIR_D2).weights, [0.8, 0.2]);
  // a dark shade of the top nearer its own colour than the hair's stays
  const shaded = palette([NAVY, 0.6], [[28, 26, 38], 0.2], [ORANGE, 0.2]);
  assert.deepEqual(topWithoutHair(shaded, hair, HAIR_D2).weights, [0.6, 0.2, 0.2]);
  // a shade between the top's colour and the hair's, not clearly nearer the hair (HAIR_FRONT.hairNearerBy) stays
  assert.equal(HAIR_FRONT.hairNearerBy, 1.4);
  const between = palette([[120, 20, 30], 0.6], [[90, 30, 27], 0.2], [ORANGE, 0.2]);
  // ≈ 32 from the hair's brown and ≈ 32 from the top's red: as near the one as the other
  assert.deepEqual(topWithoutHair(between, hair, HAIR_D2).weights, [0.6, 0.2, 0.2]);
});

/** A navy torso (rows 20–79, columns 20–79) under brown hair beside the head (rows 0–19, columns 30–39) carried on over the torso down to row 59. */
function longHair(strand: [number, number, number]): { input: Parameters<typeof hairOverTorso>[1]; seed: Mask } {
  const small = paint(paint(solidImage(W, H, NAVY), 30, 0, 40, 20, BROWN), 30, 20, 40, 60, strand);
  const matte = createMask(W, H, 1), skin = createMask(W, H);
  const torso = rect(createMask(W, H), 20, 20, 80, 80);
  const seed = rect(createMask(W, H), 30, 0, 40, 20);
  const head = rect(createMask(W, H), 25, 0, 75, 10);
  const hair = palette([BROWN, 1]);
  return { seed, input: { small, matte, skin, torso, head, maxRow: 70, hair, garments: [palette([NAVY, 1])], hairD2: HAIR_D2 } };
}

test('hair over the torso is the hair above it carried on, as far as its colour is the hair\'s and not the top\'s', () => {
  const { seed, input } = longHair([70, 47, 30]);
  const m = hairOverTorso(seed, input);
  const at = (x: number, y: number) => m.data[y * W + x]!;
  assert.equal(at(35, 40), 1, 'a strand over the chest, in shade');
  assert.equal(at(35, 65), 0, 'the top below the strand');
  assert.equal(at(50, 40), 0, 'the top beside it');
  // not past maxRow
  const low = longHair(BROWN);
  low.input.maxRow = 45;
  assert.equal(hairOverTorso(low.seed, low.input).data[50 * W + 35], 0, 'below maxRow');
  // hair joined to no head (the head's zone ends above it) stays as parsed and does not grow
  const loose = longHair(BROWN);
  loose.input.head = rect(createMask(W, H), 60, 0, 75, 10);
  const m2 = hairOverTorso(loose.seed, loose.input);
  assert.equal(m2.data[10 * W + 35], 1, 'the parsed hair');
  assert.equal(m2.data[40 * W + 35], 0, 'not grown over the torso');
});

test('a pixel as near the top\'s colour as the hair\'s (within HAIR_FRONT.colourMarginRgb) is not hair, nor is skin', () => {
  assert.equal(HAIR_FRONT.colourMarginRgb, 10);
  // halfway between brown and navy: ~25 from each
  const { seed, input } = longHair([48, 37, 38]);
  assert.equal(hairOverTorso(seed, input).data[40 * W + 35], 0, 'an in-between shade');
  const bare = longHair(BROWN);
  rect(bare.input.skin, 30, 20, 40, 60);
  assert.equal(hairOverTorso(bare.seed, bare.input).data[40 * W + 35], 0, 'skin');
});

test('lit hair that passes the skin test: the textured part joined to the hair is hair, smooth skin beside it is not', () => {
  // skin-coloured everywhere; columns 10–39 striped light and shade every 2 px (curls), 40–69 smooth (skin)
  const small = solidImage(W, H, [200, 150, 120]);
  for (let x = 10; x < 40; x += 2) paint(small, x, 0, x + 1, H, [140, 95, 70]);
  const all = rect(createMask(W, H), 0, 0, W, H);
  const seed = rect(createMask(W, H), 10, 0, 40, 5);
  const lit = litHair(seed, { small, matte: all, skin: all, zone: all, maxRow: 60, sw: 60, garments: [], garmentD2: 0 });
  assert.ok(lit.data[30 * W + 25]! >= 0.5, 'the curls below the seed');
  assert.equal(lit.data[30 * W + 55], 0, 'the smooth skin');
  assert.equal(lit.data[70 * W + 25], 0, 'below maxRow');
});

test('a shared texture is read in place of lit hair\'s own: the smooth skin it calls textured joins the hair', () => {
  // skin-coloured and smooth everywhere: its own texture is 0, so only the seed is hair; a shared
  // plane of 1 (above HAIR_TEXTURE.minEnergy 0.05) everywhere makes every pixel down to maxRow textured
  const small = solidImage(W, H, [200, 150, 120]);
  const all = rect(createMask(W, H), 0, 0, W, H);
  const seed = rect(createMask(W, H), 10, 0, 40, 5);
  const input = { small, matte: all, skin: all, zone: all, maxRow: 60, sw: 60, garments: [], garmentD2: 0 };
  assert.equal(litHair(seed, input).data[30 * W + 55], 0, 'its own texture: smooth');
  const shared = litHair(seed, { ...input, texture: () => new Float32Array(W * H).fill(1) });
  assert.equal(shared.data[30 * W + 55], 1, 'the shared texture: textured');
  assert.equal(shared.data[70 * W + 55], 0, 'below maxRow');
});

test('the fine texture of rows 0..lastRow is the same over the whole frame as over those rows and the blurs\' reach', () => {
  // an irregular 8-bit image (a multiplicative hash per channel): every value differs from its neighbours
  const small = solidImage(W, H, [0, 0, 0]);
  for (let i = 0; i < small.data.length; i++) small.data[i] = (i * 2654435761) >>> 24;
  const whole = fineTexture(small, H - 1);
  for (const lastRow of [0, 7, 40]) {
    const part = fineTexture(small, lastRow);
    for (let i = 0; i < (lastRow + 1) * W; i++) assert.equal(part[i], whole[i], `row ${Math.floor(i / W)} of ${lastRow}`);
  }
});

test('the fine texture of some columns is the same there as over the whole frame, and 0 beside them', () => {
  // irregular 8-bit images: a multiplicative hash per channel, and a dark one (mostly 0, some 1s: the least
  // luminances and blurs, whose sums from another column must still be exact)
  const hashed = solidImage(W, H, [0, 0, 0]), dark = solidImage(W, H, [0, 0, 0]);
  for (let i = 0; i < hashed.data.length; i++) {
    hashed.data[i] = (i * 2654435761) >>> 24;
    dark.data[i] = ((i * 2654435761) >>> 24) < 40 ? 1 : 0;
  }
  for (const small of [hashed, dark]) {
    for (const lastRow of [H - 1, 30]) {
      const whole = fineTexture(small, lastRow);
      for (const cols of [{ x0: 0, x1: 9 }, { x0: 37, x1: 61 }, { x0: 90, x1: W - 1 }, { x0: 50, x1: 50 }]) {
        const part = fineTexture(small, lastRow, cols);
        assert.equal(part.length, whole.length);
        for (let i = 0; i < (lastRow + 1) * W; i++) {
          const x = i % W;
          assert.equal(part[i], x >= cols.x0 && x <= cols.x1 ? whole[i] : 0, `pixel ${x}, ${Math.floor(i / W)} of columns ${cols.x0}–${cols.x1}`);
        }
      }
    }
  }
});

test('litHair on its own texture (the zone\'s columns) gives what it gives on the whole frame\'s texture, on random masks', () => {
  // a seeded pseudo-random image and masks of random ellipses: textured and smooth patches, a zone narrower than the frame
  let seed = 12345;
  const rand = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
  for (let trial = 0; trial < 8; trial++) {
    const small = solidImage(W, H, [0, 0, 0]);
    for (let i = 0; i < W * H; i++) {
      const smooth = (i % W) < W / 2;
      for (let c = 0; c < 3; c++) small.data[i * 3 + c] = smooth ? 150 + c * 20 : Math.floor(rand() * 256);
    }
    const blobs = (n: number, rMax: number) => {
      const m = createMask(W, H);
      for (let k = 0; k < n; k++) fillEllipse(m, { x: 15 + rand() * 70, y: rand() * H }, 3 + rand() * rMax, 3 + rand() * rMax);
      return m;
    };
    const zone = blobs(3, 25), c = { x: 55 + rand() * 30, y: 10 + rand() * 40 };
    fillEllipse(zone, c, 12, 12);
    const x = { small, matte: blobs(6, 40), skin: blobs(4, 15), zone, maxRow: 30 + Math.floor(rand() * 40), sw: 40, garments: [], garmentD2: 0 };
    const hairSeed = createMask(W, H);
    fillEllipse(hairSeed, c, 3, 3);
    const own = litHair(hairSeed, x), whole = litHair(hairSeed, { ...x, texture: () => fineTexture(small, H - 1) });
    assert.deepEqual(own.data, whole.data, `trial ${trial}`);
  }
});

test('columnsOf: the columns of a mask\'s pixels from 0.5, none for an empty mask', () => {
  const m = createMask(W, H);
  const none = columnsOf(m);
  assert.ok(none.x1 < none.x0);
  m.data[5 * W + 12] = 0.4;
  m.data[7 * W + 30] = 0.5;
  m.data[60 * W + 71] = 1;
  assert.deepEqual(columnsOf(m), { x0: 30, x1: 71 });
});

test('hair hanging from the head is followed over the torso and the arms\' zone down to 0.6 shoulder widths below the shoulders', () => {
  // torso x 30–69, arms x 10–29 and 70–89, all rows; shoulders' line at row 20, shoulder width 40: the arms count to row 20 + 24 = 44
  const torso = createMask(100, 100), arms = createMask(100, 100);
  for (let y = 0; y < 100; y++) for (let x = 0; x < 100; x++) {
    if (x >= 30 && x < 70) torso.data[y * 100 + x] = 1;
    else if (x >= 10 && x < 90) arms.data[y * 100 + x] = 1;
  }
  const zone = hangingFromTop(torso, arms, 20, 40);
  assert.equal(zone.data[90 * 100 + 50], 1, 'the torso, however low');
  assert.equal(zone.data[10 * 100 + 20], 1, 'the shoulder\'s top');
  assert.equal(zone.data[44 * 100 + 80], 1, 'the upper arm');
  assert.equal(zone.data[45 * 100 + 80], 0, 'further down the arm');
  assert.equal(zone.data[30 * 100 + 5], 0, 'beside the body');
});

test('a dot of the top\'s colour among the top (a stud on a strap) is not hair; a lock\'s edge, a strand of another colour and a dot on the head are', () => {
  assert.equal(HAIR_AMONG_TOP.minHairShare, 0.35);
  assert.equal(HAIR_AMONG_TOP.topColourD2, 40 * 40);
  // shoulder width 40 px: neighbourhood radius round(0.05·40) = 2, a 5×5 window
  const hair = createMask(20, 20), top = createMask(20, 20), head = createMask(20, 20);
  const small = solidImage(20, 20, [30, 30, 30]);
  // the top: black, with gold studs of 5 % of its sample
  const topPalette: Palette = { centres: Float32Array.from([30, 30, 30, 110, 95, 82]), weights: [0.95, 0.05] };
  rect(hair, 0, 0, 10, 20); // a lock: columns 0–9
  paint(small, 0, 0, 10, 20, [55, 36, 31]);
  rect(top, 10, 0, 20, 20); // the top: columns 10–19
  const dot = (x: number, y: number, c: [number, number, number]) => {
    top.data[y * 20 + x] = 0;
    hair.data[y * 20 + x] = 1;
    paint(small, x, y, x + 1, y + 1, c);
  };
  dot(15, 10, [110, 95, 82]); // a stud: 1 hair among 24 top pixels, share 1/25 < 0.35, the top's colour (distance 0)
  dot(15, 15, [220, 180, 90]); // a blonde strand's pixel: as few, but no colour of the top (distance² to the stud's 110² + …)
  dot(15, 4, [110, 95, 82]); // a stud-coloured dot on the head
  rect(head, 13, 2, 18, 7);
  const out = hairNotAmongTop(hair, { top, head, small, topPalette, sw: 40 });
  assert.equal(out.data[10 * 20 + 15], 0, 'the stud goes');
  assert.equal(out.data[15 * 20 + 15], 1, 'the strand stays');
  assert.equal(out.data[4 * 20 + 15], 1, 'on the head it stays');
  // the lock's edge column 9 at row 10: columns 7–9 hair (15 px), 10–11 top (10 px): share 0.6
  assert.equal(out.data[10 * 20 + 9], 1, 'the lock\'s edge stays');
  assert.equal(sum(out), 10 * 20 + 2);
});


test('hairNotAmongTop reads the shares only on the hair\'s rows, the same as over the whole frame', () => {
  // 12 × 30: the top fills rows 5..24; a hair dot at row 15 column 6 of the top's colour,
  // its 5 × 5 window (r = 2) all top but itself: share 1/25 < 0.35: it goes; a lock of
  // 3 × 3 hair at rows 0..2 (above the top) stays: no top within its window's rows 0..4
  const small: RgbImage = { width: 12, height: 30, channels: 3, data: new Uint8Array(12 * 30 * 3).fill(100) };
  const top = createMask(12, 30), hair = createMask(12, 30), head = createMask(12, 30);
  for (let y = 5; y < 25; y++) for (let x = 0; x < 12; x++) top.data[y * 12 + x] = 1;
  top.data[15 * 12 + 6] = 0;
  hair.data[15 * 12 + 6] = 1;
  for (let y = 0; y < 3; y++) for (let x = 0; x < 3; x++) hair.data[y * 12 + x] = 1;
  const topPalette = { centres: Float32Array.from([100, 100, 100]), weights: [1] };
  const out = hairNotAmongTop(hair, { top, head, small, topPalette, sw: 2 / HAIR_AMONG_TOP.radiusSw });
  assert.equal(out.data[15 * 12 + 6], 0, 'the dot goes');
  assert.equal(sum(out), 9, 'the lock stays');
});

const WHITE: [number, number, number] = [240, 240, 240];

test('a hair end over the old top holds the share of the hair\'s colour on the line from the top\'s colour to the hair\'s (HAIR_ENDS.ramp)', () => {
  assert.deepEqual(HAIR_ENDS.ramp, [0.25, 0.75]);
  const hair = palette([BROWN, 1]), top = palette([WHITE, 1]);
  assert.equal(hairShareOf(hair, top, ...BROWN), 1);
  assert.equal(hairShareOf(hair, top, ...WHITE), 0);
  // half-way from white to brown (150, 140, 132.5): 0.5 along the line, (0.5 − 0.25) / 0.5 = 0.5 kept
  assert.ok(Math.abs(hairShareOf(hair, top, 150, 140, 132.5)! - 0.5) < 1e-9);
  // 0.3 of the way (186, 180, 175.5): (0.3 − 0.25) / 0.5 = 0.1
  assert.ok(Math.abs(hairShareOf(hair, top, 186, 180, 175.5)! - 0.1) < 1e-9);
  // red (200, 30, 30) lies ≈ 121 off the line (nearest point ≈ (97, 81, 69)): neither, not told
  assert.equal(hairShareOf(hair, top, 200, 30, 30), null);
  // pink (235, 200, 190), a white stripe's edge on a red top, lies ≈ 14 off the white–blond line (0.75 along it) but ≈ 9 off the red–white one: the top's
  const blond = palette([[220, 200, 170], 1]), striped = palette([WHITE, 0.3], [[240, 80, 80], 0.7]);
  assert.equal(hairShareOf(blond, striped, 235, 200, 190), 0);
  assert.ok(hairShareOf(blond, palette([WHITE, 1]), 235, 200, 190)! > 0.95, 'without the red, the pink is told by the white–blond line: hair');
  // dark hair on a near-black top (≈ 12 apart, under minSeparationRgb 70): not told
  assert.equal(HAIR_ENDS.minSeparationRgb, 70);
  assert.equal(hairShareOf(palette([[30, 25, 20], 1]), palette([[20, 20, 25], 1]), 25, 22, 22), null);
});

test('the top in the hair\'s shadow is the top\'s, not a mix with the hair (HAIR_ENDS.topShade); a real mix and a pixel darker than the shade floor stay hair', () => {
  assert.deepEqual(HAIR_ENDS.topShade, [0.45, 1]);
  const hair = palette([BROWN, 1]), top = palette([WHITE, 1]);
  // grey (150, 150, 150) is white at light 0.625: 0 off the top's shade. On the white–brown line it lies 0.451 along
  // (p·u = 90 × 595 = 53550 over |u|² = 118625), ≈ 11.2 off it (nearest (158.8, 149.7, 143.0)): before, kept (0.451 − 0.25) / 0.5 ≈ 0.40
  assert.equal(hairShareOf(hair, top, 150, 150, 150), 0);
  // the half-way mix (150, 140, 132.5) lies on the hair's line (0 off) but ≈ 12.4 off white's nearest shade (light 0.587): still 0.5
  assert.ok(Math.abs(hairShareOf(hair, top, 150, 140, 132.5)! - 0.5) < 1e-9);
  // grey (80, 80, 80) lies under the floor (white at 0.45 is 108: ≈ 48.5 off) and ≈ 19.9 off the hair's line (0.80 along): hair, as before
  assert.equal(hairShareOf(hair, top, 80, 80, 80), 1);
});

test('hairEnds\' cap is 0 on a patch of the top in the hair\'s shadow only: 1 on a lone shaded pixel, a mix, the top\'s own colour and the core', () => {
  assert.equal(HAIR_ENDS.shadowOpenPx, 1);
  const { hair, x } = hairEnd(WHITE);
  // a patch in the hair's shadow, columns 9–11 and rows 3–7 (white at light 0.625, see the test above), on an old top
  // everywhere: opened by 1 px it stays whole (3 × 5); a lone shaded pixel at (11, 9) goes
  const small = paint(paint(x.small, 9, 3, 12, 8, [150, 150, 150]), 11, 9, 12, 10, [150, 150, 150]);
  const { hair: kept, cap } = hairEnds(hair, { ...x, small, old: createMask(16, 12, 1) });
  const at = (px: number, y: number) => cap.data[y * 16 + px]!;
  assert.equal(at(11, 5), 0, 'the shaded patch: held off');
  assert.equal(at(9, 3), 0, 'to its corner');
  assert.equal(kept.data[5 * 16 + 11], 0, 'and not kept');
  assert.equal(at(11, 9), 1, 'a lone shaded pixel: the feather stays');
  assert.equal(kept.data[9 * 16 + 11], 0, '(though not kept)');
  assert.equal(at(10, 8), 1, 'a mix of hair and top: the feather stays');
  assert.equal(at(11, 8), 1, 'the top\'s own colour: the feather stays');
  assert.equal(at(6, 5), 1, 'the core');
});

test('capKeyedEnds: the feathered protect held to the told shares, the kept hands as they are, by hand', () => {
  const mask = (v: number[]): Mask => ({ width: 4, height: 1, data: Float32Array.from(v) });
  const soft = mask([0.5, 0.8, 0.3, 1]);
  // (0: the feather over a pixel told 0 goes; 1: not told; 2: a hand's 0.9 keeps its 0.3; 3: the feather held to 0.4)
  const out = capKeyedEnds(soft, mask([0, 1, 0.2, 0.4]), mask([0, 0, 0.9, 0]));
  assert.deepEqual(Array.from(out.data), [0, 0.800000011920929, 0.30000001192092896, 0.4000000059604645]);
});

/** Brown hair (columns 3–9, rows 2–9) over a 16×12 white top, with its end's pixels in column 8 (inside) and 10 (outside) mixed with the top. */
function hairEnd(top: [number, number, number]): { hair: Mask; x: Parameters<typeof hairEnds>[1] } {
  const small = paint(paint(paint(solidImage(16, 12, top), 3, 2, 10, 10, BROWN), 8, 2, 9, 10, [186, 180, 175.5]), 10, 2, 11, 10, [150, 140, 132.5]);
  const hair = rect(createMask(16, 12), 3, 2, 10, 10);
  const old = rect(createMask(16, 12, 1), 10, 6, 11, 7, 0);
  return { hair, x: { small, old, hair: palette([BROWN, 1]), top: palette([top, 1]) } };
}

test('the hair\'s ends over the old top are kept by their colour in a band along the outline; its core, and pixels off the old top, as parsed', () => {
  assert.equal(HAIR_ENDS.bandPx, 2);
  const { hair, x } = hairEnd(WHITE);
  const out = hairEnds(hair, x).hair;
  const at = (px: number, y: number) => out.data[y * 16 + px]!;
  // (the mixed pixel (186, 180, 175.5) is stored as 186, 180, 175: 0.3 along the line less a little)
  assert.ok(at(8, 5) > 0.05 && at(8, 5) < 0.15, 'inside the outline, mostly the top: kept ≈ 0.1');
  assert.equal(at(9, 5), 1, 'hair\'s colour within the band: kept');
  assert.ok(Math.abs(at(10, 5) - 0.5) < 0.02, 'outside the outline, half hair: kept half');
  assert.equal(at(10, 6), 0, 'off the old top: as parsed');
  assert.equal(at(11, 5), 0, 'the top\'s colour: not kept');
  assert.equal(at(6, 5), 1, 'the core: as parsed');
  // a top of the hair's own colours cannot be told from it: the hair as parsed
  const dark = hairEnd([50, 38, 30]);
  assert.deepEqual(Array.from(hairEnds(dark.hair, dark.x).hair.data), Array.from(dark.hair.data));
});

test('farFromAll: a colour further than d2 from every palette, by hand', () => {
  const red: Palette = { centres: Float32Array.from([200, 0, 0]), weights: [1] };
  const blue: Palette = { centres: Float32Array.from([0, 0, 200]), weights: [1] };
  // (190, 10, 0) lies 10² + 10² = 200 from red's centre: within 300, so not far from all
  assert.equal(farFromAll([blue, red], 190, 10, 0, 300), false);
  // against 100 it is beyond red, and beyond blue (190² + 10² + 200²)
  assert.equal(farFromAll([blue, red], 190, 10, 0, 100), true);
  // exactly at d2 is not further than it
  assert.equal(farFromAll([red], 190, 10, 0, 200), false);
  // no palette: far from all
  assert.equal(farFromAll([], 0, 0, 0, 0), true);
});
