import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createMask, type Mask } from '../../vision/image.js';
import { anyInBox, countInBox, grainParts, texturedByPart } from './skin-grain-parts.js';
import { applySkinTexture, measureSkinTexture } from '../../vision/skin-texture.js';

const row = (v: number[]): Mask => ({ width: v.length, height: 1, data: Float32Array.from(v) });
const bits = (m: Mask): number[] => Array.from(m.data);

test('grainParts: legs (all known skin on them), arms off the legs and the trunk; hands and overlaps lend no grain', () => {
  // px 0 leg; 1 leg and arm; 2 arm; 3 arm and hand; 4 trunk (not visible); 5 leg outside the body's shape (known skin, no sample)
  const parts = { legs: row([1, 1, 0, 0, 0, 1]), arms: row([0, 1, 1, 1, 0, 0]), hands: row([0, 0, 0, 1, 0, 0]) };
  const [leg, arm, trunk] = grainParts({ samples: row([1, 1, 1, 1, 0, 0]), known: row([1, 1, 1, 1, 0, 1]) }, parts);
  assert.deepEqual(bits(leg!.target), [1, 1, 0, 0, 0, 1]);
  assert.deepEqual(bits(leg!.source), [1, 0, 0, 0, 0, 1]);
  assert.deepEqual(bits(arm!.target), [0, 0, 1, 1, 0, 0]);
  assert.deepEqual(bits(arm!.source), [0, 0, 1, 0, 0, 0]);
  assert.deepEqual(bits(trunk!.target), [0, 0, 0, 0, 1, 0]);
  assert.deepEqual(bits(trunk!.source), [0, 0, 0, 0, 0, 0]);
  // the sources' set px: legs 0 and 5, arm 2, trunk none
  assert.deepEqual([leg!.sourcePx, arm!.sourcePx, trunk!.sourcePx], [2, 1, 0]);
});

test('grainParts: targets within `where` only, sources anywhere', () => {
  // the same px as above; where = px 1..3: the targets there, the sources (legs 0 and 5, arm 2) as before
  const parts = { legs: row([1, 1, 0, 0, 0, 1]), arms: row([0, 1, 1, 1, 0, 0]), hands: row([0, 0, 0, 1, 0, 0]) };
  const seen = { samples: row([1, 1, 1, 1, 0, 0]), known: row([1, 1, 1, 1, 0, 1]) };
  const [leg, arm, trunk] = grainParts(seen, parts, { x0: 1, y0: 0, x1: 3, y1: 0 });
  assert.deepEqual(bits(leg!.target), [0, 1, 0, 0, 0, 0]);
  assert.deepEqual(bits(arm!.target), [0, 0, 1, 1, 0, 0]);
  assert.deepEqual(bits(trunk!.target), [0, 0, 0, 0, 0, 0]);
  assert.deepEqual(bits(leg!.source), [1, 0, 0, 0, 0, 1]);
  assert.deepEqual(bits(arm!.source), [0, 0, 1, 0, 0, 0]);
  assert.deepEqual([leg!.sourcePx, arm!.sourcePx, trunk!.sourcePx], [2, 1, 0]);
});

test('countInBox counts set px inside the clamped box', () => {
  const m = createMask(4, 3);
  for (const i of [0, 5, 6, 11]) m.data[i] = 1;
  // box x 1..9, y 1..1 → row 1: px 5, 6
  assert.equal(countInBox(m, { x0: 1, y0: 1, x1: 9, y1: 1 }), 2);
  assert.equal(countInBox(m, { x0: -3, y0: -3, x1: 9, y1: 9 }), 4);
});

test('anyInBox: whether any set px lies inside the clamped box', () => {
  const m = createMask(4, 3);
  for (const i of [0, 5, 6, 11]) m.data[i] = 1;
  // box x 1..2, y 1..1 holds px 5, 6; box x 2..3, y 0..0 holds none (px 2, 3 unset); px 11 (x 3, y 2) from a box past the frame
  assert.equal(anyInBox(m, { x0: 1, y0: 1, x1: 2, y1: 1 }), true);
  assert.equal(anyInBox(m, { x0: 2, y0: 0, x1: 3, y1: 0 }), false);
  assert.equal(anyInBox(m, { x0: 3, y0: 2, x1: 9, y1: 9 }), true);
});

/** 48×48: columns 0..23 the legs (visible skin with a ±8 % checkerboard grain in rows 0..23, made below), 24..47 the trunk (flat visible skin above, made below). */
function scene(): { rgb: Float32Array; samples: Mask; parts: { legs: Mask; arms: Mask; hands: Mask }; fill: Float32Array } {
  const w = 48, h = 48;
  const rgb = new Float32Array(w * h * 3), fill = new Float32Array(w * h * 3).fill(100);
  const samples = createMask(w, h), legs = createMask(w, h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      if (x < 24) legs.data[i] = 1;
      if (y < 24) samples.data[i] = 1;
      const v = x < 24 ? 150 * (1 + 0.08 * ((x + y) % 2 === 0 ? 1 : -1)) : 150;
      rgb[i * 3] = rgb[i * 3 + 1] = rgb[i * 3 + 2] = v;
    }
  }
  return { rgb, samples, parts: { legs, arms: createMask(w, h), hands: createMask(w, h) }, fill };
}

test("texturedByPart: a made leg takes the visible leg's grain, the trunk keeps the (here flat) fallback", () => {
  const s = scene();
  const where = { x0: 0, y0: 24, x1: 47, y1: 47 };
  const grain = { fallback: null, shoulderWidthPx: 50, gains: [1, 1], seed: 3 };
  const out = texturedByPart(s.fill, { rgb: s.rgb, samples: s.samples, known: s.samples, parts: s.parts }, where, grain);
  // trunk (x ≥ 24): no grain of its own (flat skin measures 0), no fallback: the fill's 100 exactly
  for (let y = 24; y < 48; y++) for (let x = 24; x < 48; x++) assert.equal(out[(y * 48 + x) * 3], 100);
  // legs (x < 24): grain (the fill was 100 everywhere)
  let dev = 0;
  for (let y = 24; y < 48; y++) for (let x = 0; x < 24; x++) dev = Math.max(dev, Math.abs(out[(y * 48 + x) * 3]! - 100));
  assert.ok(dev > 1, `leg grain ${dev}`);
  // without the parts nothing of the leg's grain: the fill as it was
  const flat = texturedByPart(s.fill, { rgb: s.rgb, samples: s.samples, known: s.samples, parts: null }, where, grain);
  assert.deepEqual(Array.from(flat), Array.from(s.fill));
  // too little leg skin for a shoulder width of 200 px (0.04 × 200² = 1,600 > 24 × 24 = 576 px): the fallback stays
  const few = texturedByPart(s.fill, { rgb: s.rgb, samples: s.samples, known: s.samples, parts: s.parts }, where, { ...grain, shoulderWidthPx: 200 });
  assert.deepEqual(Array.from(few), Array.from(s.fill));
});

test('texturedByPart: float for float what one applySkinTexture per texture gives (the fallback everywhere, each part its own on its made skin)', () => {
  const s = scene();
  const where = { x0: 2, y0: 20, x1: 45, y1: 47 };
  const all = { x0: 0, y0: 0, x1: 47, y1: 47 };
  // visible skin (y < 24) by part: the legs x < 24, the trunk the rest
  const legSkin = createMask(48, 48), trunkSkin = createMask(48, 48);
  for (let y = 0; y < 24; y++) for (let x = 0; x < 48; x++) (x < 24 ? legSkin : trunkSkin).data[y * 48 + x] = 1;
  const legGrain = measureSkinTexture(s.rgb, legSkin, all)!, trunkGrain = measureSkinTexture(s.rgb, trunkSkin, all)!;
  // (a fallback with grain of its own: the legs')
  const grain = { fallback: legGrain, shoulderWidthPx: 50, gains: [1.2, 0.8], seed: 3 };
  const got = texturedByPart(s.fill, { rgb: s.rgb, samples: s.samples, known: s.samples, parts: s.parts }, where, grain);
  // by hand: the fallback on the whole box, then each part's own grain on its made skin (legs x < 24, trunk x ≥ 24)
  const want = s.fill.slice();
  applySkinTexture(want, 48, 48, legGrain, where, grain.gains, grain.seed);
  const legs = s.fill.slice(), trunk = s.fill.slice();
  applySkinTexture(legs, 48, 48, legGrain, where, grain.gains, grain.seed);
  applySkinTexture(trunk, 48, 48, trunkGrain, where, grain.gains, grain.seed);
  for (let y = 20; y < 48; y++) for (let x = 2; x <= 45; x++) for (let c = 0; c < 3; c++) want[(y * 48 + x) * 3 + c] = (x < 24 ? legs : trunk)[(y * 48 + x) * 3 + c]!;
  assert.deepEqual(got, want);
  // (the trunk's own flat grain: its made skin the fill's exactly)
  assert.equal(got[(30 * 48 + 30) * 3], 100);
});
