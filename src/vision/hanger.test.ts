import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createMask, type Mask, type RgbImage } from './image.js';
import { maskArea } from './mask-ops.js';
import { withoutHanger } from './hanger.js';

const W = 100, H = 100;
const WHITE = [240, 240, 240] as const, BLACK = [30, 30, 30] as const;

/** A photo and its matte: each rectangle [x0, y0, x1, y1] (inclusive) painted in its colour and set in the matte. */
function scene(rects: Array<[number, number, number, number, readonly [number, number, number]]>): { image: RgbImage; matte: Mask } {
  const image: RgbImage = { width: W, height: H, channels: 3, data: new Uint8Array(W * H * 3).fill(128) };
  const matte = createMask(W, H);
  for (const [x0, y0, x1, y1, rgb] of rects) {
    for (let y = y0; y <= y1; y++) {
      for (let x = x0; x <= x1; x++) {
        image.data.set(rgb, (y * W + x) * 3);
        matte.data[y * W + x] = 1;
      }
    }
  }
  return { image, matte };
}

/** A white T-shape: sleeves' band rows 30–45 over x 10–89 (16 × 80 = 1280 px), the torso rows 46–94 over x 30–69 (49 × 40 = 1960 px). */
const T_SHAPE: Array<[number, number, number, number, readonly [number, number, number]]> = [[10, 30, 89, 45, WHITE], [30, 46, 69, 94, WHITE]];

test('a hook rising above a T-shape and the dark hanger joined to it under the top are taken out; the white garment stays', () => {
  // hook: x 49–50, rows 20–29 (20 px); the hanger's dark bar inside the top: x 40–59, rows 30–33 (80 px)
  const { image, matte } = scene([...T_SHAPE, [49, 20, 50, 29, BLACK], [40, 30, 59, 33, BLACK]]);
  assert.equal(maskArea(matte), 1280 + 1960 + 20);
  const out = withoutHanger(image, matte);
  // bounds x 10–89 (gw 80), rows 20–94 (gh 75): the hook is one 2 px run ≤ 3 px, centred (49.5), 10 rows ≥ 1.1;
  // the bar lies within the reach (x 34–66, rows to 29 + 7.5 → 37): all 20 + 80 px go, the bar's place left open
  assert.equal(maskArea(out), 1280 + 1960 + 20 - 100);
  assert.equal(out.data[25 * W + 49], 0);
  assert.equal(out.data[31 * W + 45], 0);
  assert.equal(out.data[31 * W + 39], 1, 'white beside the bar stays');
  assert.equal(out.data[34 * W + 49], 1, 'white under the bar stays');
  assert.equal(matte.data[25 * W + 49], 1, 'the input is not changed');
});

test('a dark patch on the garment beyond the reach of the hook stays', () => {
  // the bar is joined to a dark stripe x 40–41 running down to row 60: rows 34–37 go (the reach ends at row 37), rows 38–60 stay
  const { image, matte } = scene([...T_SHAPE, [49, 20, 50, 29, BLACK], [40, 30, 59, 33, BLACK], [40, 34, 41, 60, BLACK]]);
  const out = withoutHanger(image, matte);
  assert.equal(maskArea(matte) - maskArea(out), 100 + 2 * 4);
  assert.equal(out.data[38 * W + 40], 1);
});

test('a cami\'s two thin straps stay, in the garment\'s colour or in a dark one', () => {
  for (const strap of [WHITE, BLACK]) {
    // body x 30–69 rows 40–94; straps x 34–35 and 64–65 rows 20–39: two runs a row, no hook
    const { image, matte } = scene([[30, 40, 69, 94, WHITE], [34, 20, 35, 39, strap], [64, 20, 65, 39, strap]]);
    assert.deepEqual(withoutHanger(image, matte).data, matte.data);
  }
});

test('a thin centred strap in the garment\'s colour stays (a halter\'s tie), and so does a wide centred part (a hood)', () => {
  // one 2 px run at the centre rising 20 rows, but white like the body
  const tie = scene([[30, 40, 69, 94, WHITE], [49, 20, 50, 39, WHITE]]);
  assert.deepEqual(withoutHanger(tie.image, tie.matte).data, tie.matte.data);
  // a dark hood 20 px wide (x 40–59) over the body: one run, but wider than a hook (max(3, 0.8) px)
  const hood = scene([[30, 40, 69, 94, WHITE], [40, 20, 59, 39, BLACK]]);
  assert.deepEqual(withoutHanger(hood.image, hood.matte).data, hood.matte.data);
});

test('a thin part off the centre line (a one-shoulder strap) stays', () => {
  // a 2 px dark strap at x 32–33 over a body x 30–69 (centre 49.5; 16 px off, beyond 0.1 × 40 = 4 px)
  const { image, matte } = scene([[30, 40, 69, 94, WHITE], [32, 20, 33, 39, BLACK]]);
  assert.deepEqual(withoutHanger(image, matte).data, matte.data);
});

test('a rise of a single pixel row is not a hook, and a hook to the photo\'s bottom leaves nothing to cut', () => {
  // 1 row of a 2 px dark run over the body: gh 56, the rise must be at least max(2, 0.84) rows
  const { image, matte } = scene([[30, 40, 69, 94, WHITE], [49, 39, 50, 39, BLACK]]);
  assert.deepEqual(withoutHanger(image, matte).data, matte.data);
  const line = scene([[49, 0, 50, 99, BLACK]]);
  assert.deepEqual(withoutHanger(line.image, line.matte).data, line.matte.data);
});
