import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createMask, type Mask } from '../../vision/image.js';
import { POSE_LANDMARKS, type PersonAnalysis } from '../../vision/person-analysis.js';
import { frontFrame } from '../../../test/support/drawing.js';
import { HELD_OBJECT, heldObjects } from './held-objects.js';

// analysis size 240×320 at scale 1; shoulder width 80 px; the right hand hangs at the skirt's left side
const W = 240, H = 320;
const frame = frontFrame({ centreX: 120, shoulderY: 40, shoulderWidth: 80, hipY: 110, hipHalfWidth: 30 });
const BACKDROP = [235, 235, 235], TOP = [20, 20, 20], HAND = [150, 100, 70], GREY = [200, 200, 205];
// the skirt: vertical stripes of 4 px, pink and navy (a print whose mixture is its colour)
const stripe = (x: number) => (Math.floor(x / 4) % 2 === 0 ? [220, 160, 200] : [40, 40, 90]);

type Rect = [number, number, number, number];
const inRect = (r: Rect, x: number, y: number) => x >= r[0] && x <= r[2] && y >= r[1] && y <= r[3];

interface Scene {
  skirt: Rect;
  /** The piece beside the hand the parse gave the skirt, and how it is coloured. */
  piece: Rect;
  pieceColour: (x: number, y: number) => number[];
  /** A part of the piece where the person's matte is soft, below half (a bag's lit edge the matte lost). */
  soft?: Rect;
}

function person(): PersonAnalysis {
  const at: Partial<Record<(typeof POSE_LANDMARKS)[number], [number, number]>> = { rightWrist: [50, 110], rightIndex: [50, 122], rightPinky: [52, 122] };
  const keypoints = Object.fromEntries(POSE_LANDMARKS.map((n) => {
    const [x, y] = at[n] ?? [0, 0];
    return [n, { x, y, score: at[n] ? 1 : 0 }];
  })) as PersonAnalysis['keypoints'];
  return { width: W, height: H, keypoints, poseScore: 1, matte: createMask(W, H), scale: 1, faces: [], small: { width: W, height: H, channels: 3, data: new Uint8Array(W * H * 3) } };
}

/** The photo and masks of a scene: a black top over a striped skirt, a hand at its left side and a piece below the hand. */
function draw(s: Scene): { p: PersonAnalysis; bottom: Mask; clothes: Mask; hands: Mask } {
  const p = person();
  const bottom = createMask(W, H), clothes = createMask(W, H), hands = createMask(W, H);
  const hand: Rect = [44, 110, 58, 126], top: Rect = [60, 40, 180, 89];
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const i = y * W + x;
      let c = BACKDROP;
      if (inRect(top, x, y)) { c = TOP; clothes.data[i] = 1; }
      if (inRect(s.skirt, x, y)) { c = stripe(x); bottom.data[i] = clothes.data[i] = 1; }
      if (inRect(s.piece, x, y)) { c = s.pieceColour(x, y); bottom.data[i] = clothes.data[i] = 1; }
      if (inRect(hand, x, y)) { c = HAND; hands.data[i] = 1; bottom.data[i] = clothes.data[i] = 0; }
      if (c !== BACKDROP) p.matte.data[i] = s.soft && inRect(s.soft, x, y) ? 0.4 : 1;
      p.small.data.set(c, i * 3);
    }
  }
  return { p, bottom, clothes, hands };
}

function held(s: Scene): Mask | null {
  const { p, bottom, clothes, hands } = draw(s);
  return heldObjects({ bottom, clothes, hands, matte: p.matte, rgb: p.small }, p, frame);
}

const count = (m: Mask | null, r: Rect) => {
  let n = 0;
  for (let y = r[1]; y <= r[3]; y++) for (let x = r[0]; x <= r[2]; x++) if (m && m.data[y * W + x]! >= 0.5) n++;
  return n;
};
const area = (r: Rect) => (r[2] - r[0] + 1) * (r[3] - r[1] + 1);

test('a grey bag hanging from the hand past the skirt\'s side, given to the skirt by the parse, is kept whole, over the skirt too', () => {
  assert.deepEqual([HELD_OBJECT.reachSw, HELD_OBJECT.pastSideSw, HELD_OBJECT.minForeignShare], [1.1, 0.04, 0.6]);
  // the bag x 25–66 (past the side at x 60, and 7 px over the skirt), rows 127–175 below the hand
  const bag: Rect = [25, 127, 66, 175];
  const m = held({ skirt: [60, 90, 180, 300], piece: bag, pieceColour: () => GREY });
  assert.ok(m, 'a held object');
  assert.equal(count(m, bag), area(bag), 'the whole bag, its part over the skirt too');
  assert.equal(count(m, [67, 90, 180, 300]), 0, 'none of the skirt');
});

test("a block of the skirt's own print standing out beside the hand is the skirt's: not kept", () => {
  const m = held({ skirt: [60, 90, 180, 300], piece: [25, 127, 66, 175], pieceColour: stripe });
  assert.equal(m, null);
});

test("without the skirt's side below the object nothing says how its side runs there: not kept", () => {
  // a short skirt ending 0.9 shoulder widths below the wrist, above the band its side is read in below the object
  const m = held({ skirt: [60, 90, 180, 182], piece: [25, 127, 66, 175], pieceColour: () => GREY });
  assert.equal(m, null);
});

test("a patch of another colour inside the skirt's outline (its side in shadow) beside the hand is not kept", () => {
  const m = held({ skirt: [60, 90, 180, 300], piece: [60, 127, 75, 175], pieceColour: () => GREY });
  assert.equal(m, null);
});

test('a bottom the holding zone covers nearly whole has no palette of its own to tell an object from: not kept', () => {
  assert.equal(HELD_OBJECT.minBottomSeen, 0.2);
  // a narrow bottom, columns 60–100, rows 90–230: all but its last 16 rows (0.11 of it) within the hand's reach
  const m = held({ skirt: [60, 90, 100, 230], piece: [25, 127, 66, 175], pieceColour: () => GREY });
  assert.equal(m, null);
});

test('a thin strip standing out below the hand (a bent leg\'s shaded side) has no body of a held object: not kept', () => {
  assert.deepEqual([HELD_OBJECT.coreSw, HELD_OBJECT.minCoreSw2], [0.06, 0.03]);
  // 8 px wide (0.1 sw): eroded by 5 px nothing is left
  const m = held({ skirt: [60, 90, 180, 300], piece: [50, 127, 57, 175], pieceColour: () => GREY });
  assert.equal(m, null);
});

test("a bite out of a held bag's edge over the skirt where the matte fell below half is the bag's: its outline closed, the skirt beside it not", () => {
  assert.equal(HELD_OBJECT.closeSw, 0.06);
  // the bag x 25–66 as above; rows 158–166 of its last 9 columns (60–66 over the skirt and 3 past the side line) on a soft matte (0.4):
  // open to the skirt, no hole; a notch 9 px across, under the closing's 11 (5 px each side)
  const bag: Rect = [25, 127, 66, 175], bite: Rect = [58, 158, 66, 166];
  const m = held({ skirt: [60, 90, 180, 300], piece: bag, pieceColour: () => GREY, soft: bite });
  assert.ok(m, 'a held object');
  assert.equal(count(m, bite), area(bite), 'the bite filled');
  assert.equal(count(m, bag), area(bag), 'the whole bag');
  assert.equal(count(m, [67, 90, 180, 300]), 0, 'none of the skirt');
});

test("a held bag's rim in a lit shade its body holds but the part past the side does not is the bag's", () => {
  // the bag x 25–66: past the side (x < 57) grey; over the skirt (60–66) a 1 px checker of grey and a lit shade, blurred
  // (5 px) their mean, alike to the grey (within 2 bins of 8): the body grows over it in its blurred colours up to where
  // the skirt's stripes mix in; its last columns are followed in their own colours, the lit shade among them, which
  // only that body holds (the part past the side never)
  const LIT = [235, 235, 240];
  const bag: Rect = [25, 127, 66, 175];
  const colour = (x: number, y: number) => (x >= 57 && (x + y) % 2 === 0 ? LIT : GREY);
  const m = held({ skirt: [60, 90, 180, 300], piece: bag, pieceColour: colour });
  assert.ok(m, 'a held object');
  assert.equal(count(m, bag), area(bag), 'the whole bag, its lit pixels at the rim too');
  assert.equal(count(m, [67, 90, 180, 300]), 0, 'none of the skirt');
});
