import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createMask } from '../../vision/image.js';
import { maskArea } from '../../vision/mask-ops.js';
import { HAND_LOSS, HAND_WINDOW, handSkinInZone, handWindowSw2, lostHandShare, type HandLossInputs, type HandWindowInputs } from './verdict-hands.js';
import { paint, rect, solidImage } from '../../../test/support/drawing.js';

const WALL: [number, number, number] = [250, 250, 250];
const SKIN: [number, number, number] = [200, 150, 120];
/** The skin in shadow: 0.7 × SKIN, within 0.45–1.15 of it (shadedDistance2 0). */
const SHADED: [number, number, number] = [140, 105, 84];
const NAVY: [number, number, number] = [20, 30, 70];
const DENIM: [number, number, number] = [70, 110, 160];

/**
 * A 30×20 photo, shoulder width 20 px (400 px per sw²; a hand is judged from
 * HAND_LOSS.minSkinSw2 × 400 = 1.2 px of skin): a white wall; the face's bare
 * skin at columns 10–19 of rows 0–3; old navy trousers at columns 2–27 of
 * rows 6–19. Two hands' zones, columns 3–8 and 21–26 of rows 8–14, each with
 * 5×5 px of skin over the trousers (columns 4–8 and 22–26, rows 9–13), the
 * first's bottom row in shadow. The result draws the trousers as denim and
 * keeps both hands.
 */
function scene(): HandLossInputs {
  const withHands = (img: ReturnType<typeof solidImage>) =>
    paint(paint(paint(img, 4, 9, 9, 13, SKIN), 4, 13, 9, 14, SHADED), 22, 9, 27, 14, SKIN);
  const face = (img: ReturnType<typeof solidImage>) => paint(img, 10, 0, 20, 4, SKIN);
  const original = withHands(face(paint(solidImage(30, 20, WALL), 2, 6, 28, 20, NAVY)));
  const result = withHands(face(paint(solidImage(30, 20, WALL), 2, 6, 28, 20, DENIM)));
  const zone = rect(rect(createMask(30, 20), 3, 8, 9, 15), 21, 8, 27, 15);
  const skin = rect(createMask(30, 20), 10, 0, 20, 4);
  return { original, result, zone, skin, matte: rect(rect(createMask(30, 20), 10, 0, 20, 6), 2, 6, 28, 20), old: rect(createMask(30, 20), 2, 6, 28, 20), shoulderWidthPx: 20 };
}

test("the hands' skin: skin colours in the zone, in light or shadow, not the trousers around them", () => {
  assert.equal(HAND_LOSS.minSkinSw2, 0.003);
  const hand = handSkinInZone(scene());
  // 25 px a hand, the shaded row included
  assert.equal(maskArea(hand), 50);
  assert.equal(hand.data[13 * 30 + 4], 1, 'the shaded row');
  assert.equal(hand.data[8 * 30 + 4], 0, 'the trousers in the zone');
  assert.equal(hand.data[2 * 30 + 12], 0, 'the face, outside the zones');
});

test('hands kept whole lose nothing', () => {
  assert.equal(lostHandShare(scene()), 0);
});

test("a hand's share lost: painted over, or ghosted half over the new garment; the worst hand counts", () => {
  const x = scene();
  // the first hand's top two rows drawn over with denim: 10 of its 25 px
  paint(x.result, 4, 9, 9, 11, DENIM);
  // the second's one pixel ghosted, half skin and half denim ((135, 130, 140): 71 from the skin, past 50): 1 of 25
  paint(x.result, 22, 9, 23, 10, [135, 130, 140]);
  assert.equal(lostHandShare(x), 10 / 25);
  // a faint change (within 50 of the photo: (220, 170, 140) is 35 off) is no loss
  const faint = scene();
  paint(faint.result, 4, 9, 9, 13, [220, 170, 140]);
  assert.equal(lostHandShare(faint), 0);
});

test('a hand showing less skin than HAND_LOSS.minSkinSw2 is not judged', () => {
  const x = scene();
  // a third zone with one skin pixel (0.0025 sw²), lost
  rect(x.zone, 12, 16, 15, 19);
  paint(x.original, 13, 17, 14, 18, SKIN);
  assert.equal(lostHandShare(x), 0);
});

test("a garment of the skin's colour under the hand is no hand", () => {
  const x = scene();
  // beige trousers 8.7 from the skin (within HAND_LOSS.garmentD2 = 20²): the zone's skin is theirs
  const BEIGE: [number, number, number] = [205, 155, 125];
  paint(x.original, 2, 6, 28, 20, BEIGE);
  assert.equal(maskArea(handSkinInZone(x)), 0);
  assert.equal(lostHandShare(x), 0);
});

/**
 * A 40×30 frame, shoulder width 20 px (400 px per sw²; opened by
 * HAND_WINDOW.openSw × 20 = 0.6 → 1 px): the new garment covers it all; the
 * hands' zone is columns 5–24 of rows 5–24, the parsed hand columns 10–14 of
 * rows 5–14. The pass kept the hand, a 5×5 block below it (columns 10–14,
 * rows 15–19: an old skirt read as skin) and a 1-px sliver beside it
 * (column 15, rows 5–14: the hand's own outline the parse missed).
 */
function windowScene(): HandWindowInputs {
  const protect = rect(rect(rect(createMask(40, 30), 10, 5, 15, 15), 10, 15, 15, 20), 15, 5, 16, 15);
  return {
    protect,
    cover: rect(createMask(40, 30), 0, 0, 40, 30),
    zone: rect(createMask(40, 30), 5, 5, 25, 25),
    hands: rect(createMask(40, 30), 10, 5, 15, 15),
    changed: new Float32Array(40 * 30),
    shoulderWidthPx: 20,
  };
}

test('the photo kept beside a hand inside the new garment: the block below it counts, the sliver beside it does not', () => {
  assert.equal(HAND_WINDOW.openSw, 0.03);
  // the 5×5 block survives the 1-px opening whole (3×3 core grown back), the 1-px sliver goes: 25 / 400
  assert.equal(handWindowSw2(windowScene()), 25 / 400);
});

test('no window where the pass kept an object held in the hand on purpose (a bag below the fingers)', () => {
  // the block below the hand is a held object the pass found (held-objects.ts): kept in front on purpose
  assert.equal(handWindowSw2({ ...windowScene(), held: rect(createMask(40, 30), 10, 15, 15, 20) }), 0);
  // held elsewhere, the block still counts
  assert.equal(handWindowSw2({ ...windowScene(), held: rect(createMask(40, 30), 30, 0, 40, 10) }), 25 / 400);
});

test('no window where the result redrew the block, where no new garment covers it, or outside the hands\' zone', () => {
  const redrawn = windowScene();
  const changed = new Float32Array(40 * 30);
  for (let y = 15; y < 20; y++) for (let x = 10; x < 15; x++) changed[y * 40 + x] = 1;
  assert.equal(handWindowSw2({ ...redrawn, changed }), 0);
  assert.equal(handWindowSw2({ ...windowScene(), cover: rect(createMask(40, 30), 0, 0, 40, 15) }), 0);
  assert.equal(handWindowSw2({ ...windowScene(), zone: rect(createMask(40, 30), 5, 5, 25, 15) }), 0);
  assert.equal(handWindowSw2({ ...windowScene(), zone: createMask(40, 30) }), 0);
});
