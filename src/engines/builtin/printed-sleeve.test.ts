import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createMask, type Mask, type RgbImage } from '../../vision/image.js';
import type { Palette } from '../../vision/palette.js';
import { printedSleeve, textureReferences } from './printed-sleeve.js';

const W = 40, H = 60, LINE = 29, SW = 50;
const LAVENDER = [170, 170, 200], NAVY = [30, 30, 60], DENIM = [60, 80, 120];

/**
 * A 40×60 person, shoulder width 50 (neighbourhood radius 2 px): the top on
 * rows 0–29; the arm's zone on columns 0–9, where the sleeve runs on below
 * the split line (row 29) down to row 44 and was parsed as the bottom;
 * plain denim below it and on columns 10–39 below the line, all parsed as
 * the bottom. `printed`: the top and its sleeve are a 1 px lavender/navy
 * checkerboard (a dense print); else plain lavender.
 */
function scene(printed: boolean): { small: RgbImage; matte: Mask; skin: Mask; arms: Mask; hands: Mask; upper: Mask; lower: Mask } {
  const data = new Uint8Array(W * H * 3);
  const upper = createMask(W, H), lower = createMask(W, H), arms = createMask(W, H);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const i = y * W + x;
      const sleeve = x < 10 && y > LINE && y <= 44;
      const top = y <= LINE || sleeve;
      data.set(top ? (printed && (x + y) % 2 === 0 ? NAVY : LAVENDER) : DENIM, i * 3);
      if (y <= LINE) upper.data[i] = 1;
      else lower.data[i] = 1;
      if (x < 10) arms.data[i] = 1;
    }
  }
  return { small: { width: W, height: H, channels: 3, data }, matte: createMask(W, H, 1), skin: createMask(W, H), arms, hands: createMask(W, H), upper, lower };
}

const palettes = { top: { centres: Float32Array.from([...LAVENDER, ...NAVY]), weights: [0.5, 0.5] } as Palette, bottom: { centres: Float32Array.from(DENIM), weights: [1] } as Palette };

test('a printed sleeve parsed as the plain bottom below the split line goes back to the top', () => {
  const out = printedSleeve({ ...scene(true), hipLineY: LINE, sw: SW }, palettes);
  // the sleeve's inside (2 px in from its edges) all moved...
  for (let y = 32; y <= 42; y++) for (let x = 0; x <= 7; x++) assert.equal(out.data[y * W + x], 1, `sleeve ${x},${y}`);
  let moved = 0;
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const v = out.data[y * W + x]!;
      moved += v;
      // ...never the denim below it (rows 46 on), off the arm's zone, or the top's own pixels
      if (y >= 46 || x >= 10 || y <= LINE) assert.equal(v, 0, `kept ${x},${y}`);
    }
  }
  // (the sleeve below the line is 10 × 15 = 150 px; the opening may round its corners)
  assert.ok(moved >= 120 && moved <= 160, `moved ${moved}`);
});

test('without a texture telling top and bottom apart nothing moves (plain top over plain denim)', () => {
  const out = printedSleeve({ ...scene(false), hipLineY: LINE, sw: SW }, palettes);
  assert.equal(out.data.reduce((a, b) => a + b, 0), 0);
});

test('the texture references are the medians of the sleeve above the line and the bottom off the arms', () => {
  // 10×20: rows 0–9 the top, rows 10–19 the bottom (split line row 9), the arms' zone columns 0–4
  const w = 10, h = 20;
  const upper = createMask(w, h), lower = createMask(w, h), arms = createMask(w, h);
  const energy = new Float32Array(w * h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      if (y <= 9) upper.data[i] = 1;
      else lower.data[i] = 1;
      if (x < 5) arms.data[i] = 1;
      // the sleeve above the line (50 px): 20 at 0.1 and 30 at 0.3; the bottom off the arms (50 px) at 0.05;
      // the top off the arms and the bottom on them at 9 (neither reference reads them)
      energy[i] = y <= 9 ? (x < 5 ? (y < 4 ? 0.1 : 0.3) : 9) : x < 5 ? 9 : 0.05;
    }
  }
  const base = { matte: createMask(w, h, 1), skin: createMask(w, h), arms, upper, lower, hipLineY: 9 };
  const refs = textureReferences(base, energy);
  // (the medians: the 25th of 50 sorted values, 20 × 0.1 then 30 × 0.3 → 0.3)
  assert.ok(refs && Math.abs(refs.top - 0.3) < 1e-6 && Math.abs(refs.bottom - 0.05) < 1e-6, JSON.stringify(refs));
  // one sleeve pixel of skin: 49 of the top's, too few for a reference
  const skin = createMask(w, h);
  skin.data[0] = 1;
  assert.equal(textureReferences({ ...base, skin }, energy), null);
});
