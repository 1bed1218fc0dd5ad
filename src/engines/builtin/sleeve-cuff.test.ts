import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createMask, type Mask } from '../../vision/image.js';
import { sleeveCuffs, topCuffs, type SleeveCuffInput } from './sleeve-cuff.js';

const W = 20;
function rect(x0: number, y0: number, x1: number, y1: number): Mask {
  const m = createMask(W, W);
  for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) m.data[y * W + x] = 1;
  return m;
}
const at = (m: Mask, x: number, y: number) => m.data[y * W + x]!;
const pal = (c: number[]) => ({ centres: Float32Array.from(c), weights: [1] });

/**
 * An arm hanging at x 6..13: the top's sleeve rows 0..5 (upper), its cuff rows 6..9 in (140, 150, 180), the hand's skin
 * rows 10..13 (in the pose's hand capsule rows 9..14); the rest of the frame trousers (70, 85, 110), all of it but the
 * sleeve and the hand parsed as the bottom. The forearm's segment (9.5, 0) → (9.5, 12), radius 4.5: x 5..14.
 * To the top's palette (150, 160, 190) the cuff lies 300 in distance², to the bottom's 15525 as lit, to the skin's
 * (205, 160, 140) at light 0.893 4923 (more than 2.25 × 300): it is the top's; the trousers lie 15525 from the top.
 */
function arm(): SleeveCuffInput {
  const data = new Uint8Array(W * W * 3);
  for (let i = 0; i < W * W; i++) data.set([70, 85, 110], i * 3);
  for (let y = 0; y < 14; y++) for (let x = 6; x < 14; x++) data.set(y < 6 ? [150, 160, 190] : y < 10 ? [140, 150, 180] : [200, 155, 135], (y * W + x) * 3);
  const upper = rect(6, 0, 14, 6), skin = rect(6, 10, 14, 14);
  const lower = createMask(W, W);
  for (let i = 0; i < W * W; i++) lower.data[i] = upper.data[i]! >= 0.5 || skin.data[i]! >= 0.5 ? 0 : 1;
  return { small: { width: W, height: W, channels: 3, data }, matte: rect(0, 0, W, W), skin, hands: rect(4, 9, 16, 15), upper, lower, sw: 20, forearms: [{ a: { x: 9.5, y: 0 }, b: { x: 9.5, y: 12 }, r: 4.5 }] };
}
const palettes = { top: pal([150, 160, 190]), bottom: pal([70, 85, 110]), skin: pal([205, 160, 140]) };

test("a cuff between the top's sleeve and the hand, in the top's colours as lit, is the top's; the trousers beside it are not", () => {
  const cuffs = sleeveCuffs(arm(), palettes, 55 * 55)!;
  for (let y = 6; y < 10; y++) for (let x = 6; x < 14; x++) assert.equal(at(cuffs, x, y), 1, `the cuff (${x}, ${y})`);
  for (let y = 0; y < W; y++) for (const x of [5, 14]) assert.equal(at(cuffs, x, y), 0, `the trousers beside the arm (${x}, ${y})`);
  assert.equal(at(cuffs, 9, 3), 0, "the top's own sleeve is not among them");
  // the cuff is 8 × 4 = 32 px: 0.01 sw² is 4 px at a shoulder of 20 px, 36 px at one of 60 (SLEEVE_CUFF.minSw2)
  assert.equal(sleeveCuffs({ ...arm(), sw: 60 }, palettes, 55 * 55), null, 'a piece smaller than a cuff is none');
});

test("a knot of the cuff in the trousers' colour, enclosed by the cuff and the top, is the cuff's up to SLEEVE_CUFF.holeSw2", () => {
  // a 5 × 2 knot x 8..12, rows 6..7, under the sleeve, in the trousers' colour: the closing (2 px) does not fill its
  // middle (its 5 × 5 window at (10, 6) holds (10, 4), which no cuff pixel's dilation reaches: the nearest lie 3 px
  // across or 4 rows down), and it is 10 px: at a shoulder of 40 px 0.01 × 40² = 16 px are filled, at 20 px only 4
  const x = arm();
  for (let y = 6; y < 8; y++) for (let px = 8; px < 13; px++) x.small.data.set([70, 85, 110], (y * W + px) * 3);
  const wide = sleeveCuffs({ ...x, sw: 40 }, palettes, 55 * 55)!;
  for (let px = 8; px < 13; px++) assert.equal(at(wide, px, 6), 1, `the knot under the sleeve is the cuff's (${px}, 6)`);
  const narrow = sleeveCuffs({ ...x, sw: 20 }, palettes, 55 * 55)!;
  assert.equal(at(narrow, 10, 6), 0, 'past 4 px it stays the bottom\'s');
  assert.equal(at(narrow, 10, 9), 1, 'the cuff below it stays the top\'s');
});

test('without the hand\'s skin below it (a hand in a pocket), or not joined to the top, nothing is a cuff', () => {
  const x = arm();
  assert.equal(sleeveCuffs({ ...x, skin: createMask(W, W) }, palettes, 55 * 55), null, 'no skin in the hand capsule');
  assert.equal(sleeveCuffs({ ...x, upper: createMask(W, W) }, palettes, 55 * 55), null, 'no top above it');
  assert.equal(sleeveCuffs({ ...x, forearms: [] }, palettes, 55 * 55), null, 'no seen forearm');
  // nearer the bottom's palette as lit than the top's: (90, 100, 125) lies 3600 + 3600 + 4225 from the top, 400 + 225 + 225 from the bottom
  for (let y = 6; y < 10; y++) for (let px = 6; px < 14; px++) x.small.data.set([90, 100, 125], (y * W + px) * 3);
  assert.equal(sleeveCuffs(x, palettes, 55 * 55), null, "the bottom's own colour between sleeve and hand");
});

test("topCuffs: a parse's search finds what sleeveCuffs finds, when the pass seeks it; without a search, none", () => {
  const search = { input: arm(), palettes, matchD2: 55 * 55 };
  assert.deepEqual(topCuffs(search)!.data, sleeveCuffs(arm(), palettes, 55 * 55)!.data);
  assert.equal(topCuffs(null), null);
  assert.equal(topCuffs(undefined), null);
});
