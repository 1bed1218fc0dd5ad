import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createMask, type Mask } from '../../vision/image.js';
import { fillEllipse } from '../../vision/raster.js';
import { rect } from '../../../test/support/drawing.js';
import { HAIR_CLOSING_PX, HAIR_SAMPLE, hairMask, hairSideSample, inFrameShare } from './hair-front.js';

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
