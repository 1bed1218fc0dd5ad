import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createMask, type Mask } from '../../vision/image.js';
import type { Palette } from '../../vision/palette.js';
import { sameColourSleeve, sharedColourShare } from './same-colour-sleeve.js';

/** A 20×20 mask with 1 inside [x0, x1) × [y0, y1). */
function rect(x0: number, y0: number, x1: number, y1: number): Mask {
  const m = createMask(20, 20);
  for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) m.data[y * 20 + x] = 1;
  return m;
}

const palette = (centres: number[], weights: number[]): Palette => ({ centres: Float32Array.from(centres), weights });
const MATCH_D2 = 55 * 55;
const red = palette([200, 0, 0], [1]);
const redTrousers = palette([210, 10, 0, 0, 0, 200], [0.6, 0.4]);
const jeans = palette([60, 80, 120], [1]);
const redTrack = palette([210, 10, 0], [1]);

test('the bottom shares the top\'s colours by the weight of its colours within the match distance', () => {
  // (210, 10, 0) is 10² + 10² = 200 from (200, 0, 0), under 55² = 3025: its 0.6; (0, 0, 200) is 200² + 200² away
  assert.equal(sharedColourShare(red, redTrousers, MATCH_D2), 0.6);
  // (60, 80, 120): 140² + 80² + 120² = 40,400 from red
  assert.equal(sharedColourShare(red, jeans, MATCH_D2), 0);
});

test('a sleeve of the trousers\' own colour on the arm\'s width below the line is the top\'s', () => {
  // the top's parse rows 0–9, the bottom's rows 10–19; an arm's core down columns 2–4 in its zone, columns 1–5
  // (sw 10: the sides reached 0.04 × 10 = 0.4 → 1 px on); the hands' zone rows 17–19;
  // a skin pixel at (3, 13); a second core piece at columns 15–16, rows 12–16, not joined to the top
  const skin = createMask(20, 20);
  skin.data[13 * 20 + 3] = 1;
  const armCore = rect(2, 0, 5, 20);
  for (let y = 12; y < 17; y++) for (let x = 15; x < 17; x++) armCore.data[y * 20 + x] = 1;
  const input = { matte: rect(0, 0, 20, 20), skin, hands: rect(0, 17, 20, 20), armCore, arms: rect(1, 0, 6, 20), upper: rect(0, 0, 20, 10), lower: rect(0, 10, 20, 20), sw: 10 };
  const sleeve = sameColourSleeve(input, { top: red, bottom: redTrack }, MATCH_D2);
  assert.ok(sleeve);
  const at = (x: number, y: number) => sleeve.data[y * 20 + x];
  assert.equal(at(3, 10), 1, 'just below the line on the core');
  assert.equal(at(2, 16), 1, 'down to the hands\' zone');
  assert.equal(at(3, 14), 1, 'below the skin pixel, reached beside it');
  assert.equal(at(3, 13), 0, 'skin');
  assert.equal(at(3, 17), 0, 'the hands\' zone');
  assert.equal(at(5, 12), 1, 'the sleeve\'s side in the arms\' zone');
  assert.equal(at(1, 16), 1, 'its other side');
  assert.equal(at(6, 12), 0, 'beside the arms\' zone: trousers');
  assert.equal(at(15, 14), 0, 'a core piece not joined to the top');
  assert.equal(at(3, 5), 0, 'the top\'s own pixels are not repeated');
  assert.equal(sameColourSleeve(input, { top: red, bottom: redTrousers }, MATCH_D2), null, 'a share of 0.6, under 0.9: the parse stands');
  assert.equal(sameColourSleeve(input, { top: red, bottom: jeans }, MATCH_D2), null, 'colours told apart');
});
