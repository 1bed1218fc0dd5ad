import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RgbImage } from './image.js';
import { createMask } from './image.js';
import { enclosedPatches, isBackgroundPocket, pocketFrame, pocketSeeds, reopenPockets, type Pocket } from './background-pockets.js';
import { estimateBorderBackground, productMatte } from './garment-matte.js';

test('a pocket is made of background-coloured pixels off the edges that the border fill did not reach', () => {
  const seeds = pocketSeeds(Uint8Array.of(1, 1, 0, 1, 1), Uint8Array.of(0, 1, 0, 0, 0), Uint8Array.of(0, 0, 0, 1, 0));
  assert.deepEqual([...seeds], [1, 0, 0, 0, 1]);
});

test('enclosed patches are 4-connected pieces read against the border colour in border spreads', () => {
  // 4 × 3: patch A = pixels 0, 1 (top left), patch B = pixels 7, 11 (right column, rows 1–2)
  const data = new Uint8Array(12 * 3).fill(0);
  data.set([103, 104, 100], 0); // distance 5 from (100, 100, 100)
  data.set([100, 100, 100], 3); // distance 0
  data.set([106, 108, 100], 7 * 3); // distance 10
  data.set([106, 108, 100], 11 * 3);
  const image: RgbImage = { width: 4, height: 3, channels: 3, data };
  const open = Uint8Array.of(1, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1);
  const [a, b, more] = enclosedPatches(image, { rgb: [100, 100, 100], spread: 2, plainness: 1 }, open);
  assert.equal(more, undefined);
  // A: mean distance (5 + 0) / 2 = 2.5 → 1.25 spreads; mean colour (101.5, 102, 100), each pixel 2.5 from it → 1.25 spreads
  assert.deepEqual(a, { pixels: [0, 1], distance: 1.25, spread: 1.25, x0: 0, y0: 0, x1: 1, y1: 0 });
  // B: two pixels of one colour 10 away → 5 spreads, no spread of its own
  assert.deepEqual(b, { pixels: [7, 11], distance: 5, spread: 0, x0: 3, y0: 1, x1: 3, y1: 2 });
});

test('the garment a pocket is judged against: what the fill did not reach, its area and columns', () => {
  // 3 × 2, background 1: garment at (1, 0), (1, 1), (2, 1)
  assert.deepEqual(pocketFrame(Uint8Array.of(1, 0, 1, 1, 0, 0), 3), { area: 3, x0: 1, x1: 2 });
});

test('background pockets: flat, the backdrop colour, small, off the centre line, on a plain backdrop', () => {
  // a garment of 2000 px spanning columns 0–100 (centre 50: off-centre from 10 px); at most 60 px (3 %)
  const frame = { area: 2000, x0: 0, x1: 100 };
  const plain = { rgb: [250, 250, 250] as [number, number, number], spread: 1, plainness: 1 };
  const pocket = (n: number, over: Partial<Pocket> = {}): Pocket => ({ pixels: Array.from({ length: n }, (_, i) => i), distance: 1, spread: 1, x0: 20, y0: 0, x1: 24, y1: 9, ...over });
  assert.equal(isBackgroundPocket(pocket(40), plain, frame), true);
  assert.equal(isBackgroundPocket(pocket(40, { distance: 1.6 }), plain, frame), false, 'a light cloth');
  assert.equal(isBackgroundPocket(pocket(40, { spread: 1.6 }), plain, frame), false, 'a print');
  assert.equal(isBackgroundPocket(pocket(29), plain, frame), false, 'a speck');
  assert.equal(isBackgroundPocket(pocket(60), plain, frame), true);
  assert.equal(isBackgroundPocket(pocket(61), plain, frame), false, 'most of a white garment');
  assert.equal(isBackgroundPocket(pocket(40, { x0: 41, x1: 59 }), plain, frame), false, 'centred: a leg channel or a neck opening');
  assert.equal(isBackgroundPocket(pocket(40, { x0: 38, x1: 42 }), plain, frame), true, 'centre 40, 10 px off');
  assert.equal(isBackgroundPocket(pocket(40), { ...plain, plainness: 0.94 }, frame), false, 'a textured backdrop');
});

/** A red garment (columns 30–89, rows 20–139) on a light backdrop with a 4 × 40 px slot of `slot`'s colour at columns 36–39. */
function slotPhoto(slot: [number, number, number]): RgbImage {
  const w = 120, h = 160;
  const data = new Uint8Array(w * h * 3);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const inGarment = x >= 30 && x < 90 && y >= 20 && y < 140;
      const inSlot = x >= 36 && x < 40 && y >= 60 && y < 100;
      const c = inSlot ? slot : inGarment ? [200, 40, 60] : [240, 240, 238];
      const noise = ((x * 7 + y * 13) % 5) - 2;
      data.set([c[0]! + noise, c[1]! + noise, c[2]! + noise], (y * w + x) * 3);
    }
  }
  return { width: w, height: h, channels: 3, data };
}

test('the backdrop enclosed between a sleeve and the body is opened; a light cloth there is kept', () => {
  // the backdrop's noise (±2 per channel) makes a border spread of 1.73 × 1.4826 + 1 = 3.57: the slot of the backdrop's
  // own colour reads ~0.6 spreads from it and ~0.7 of its own; the light cloth, 6 units brighter per channel, 10.4 / 3.57 = 2.9
  const open = productMatte(slotPhoto([240, 240, 238]));
  assert.ok(open.data[80 * 120 + 37]! < 0.01, 'the enclosed backdrop is background');
  assert.ok(open.data[80 * 120 + 60]! > 0.99, 'the garment stays');
  const kept = productMatte(slotPhoto([246, 246, 244]));
  assert.ok(kept.data[80 * 120 + 37]! > 0.99, 'the light cloth is garment');
  assert.ok(estimateBorderBackground(slotPhoto([240, 240, 238])).plainness > 0.95);
});

test('what is drawn is the filled matte with the cut matte\'s pockets open again (the pixelwise minimum)', () => {
  const drawn = createMask(4, 1), open = createMask(4, 1);
  drawn.data.set([1, 1, 0.5, 0]);
  // a pocket pixel (0 where the filled matte has 1), a garment pixel, a soft rim pixel, the neck opening taken out of the drawn one
  open.data.set([0, 1, 0.25, 0.75]);
  assert.deepEqual([...reopenPockets(drawn, open).data], [0, 1, 0.25, 0]);
});
