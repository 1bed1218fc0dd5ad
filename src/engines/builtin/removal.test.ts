import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createMask } from '../../vision/image.js';
import { fillPolygon } from '../../vision/raster.js';
import { armsPastOldHem, BACKGROUND_GAP, closeSeams, computeFills, legsOffArms, otherGarmentExtent, rimChroma, rowSpan, skinNearness, textureGains, visibleLegSkin, withoutSeenBackground } from './removal.js';

test('the other garment shows where the old top hung over it, not over the arms or outside the person', () => {
  const w = 60, h = 80;
  const lower = createMask(w, h), matte = createMask(w, h), arms = createMask(w, h);
  fillPolygon(matte, [{ x: 10, y: 0 }, { x: 50, y: 0 }, { x: 50, y: 80 }, { x: 10, y: 80 }]);
  // trousers from row 40, columns 20..40; an arm at columns 10..14
  fillPolygon(lower, [{ x: 20, y: 40 }, { x: 40, y: 40 }, { x: 40, y: 80 }, { x: 20, y: 80 }]);
  fillPolygon(arms, [{ x: 10, y: 0 }, { x: 14, y: 0 }, { x: 14, y: 80 }, { x: 10, y: 80 }]);
  const ext = otherGarmentExtent(lower, matte, arms, 4);
  assert.ok(ext);
  const at = (x: number, y: number) => ext.data[y * w + x]!;
  assert.ok(at(17, 60) > 0.9, 'beside the trousers: a strap over their edge');
  assert.equal(at(30, 20), 0, 'above the waistband: the belly');
  assert.equal(at(11, 60), 0, 'the arm');
  assert.equal(at(55, 60), 0, 'outside the person');
  assert.equal(otherGarmentExtent(createMask(w, h), matte, arms, 4), null);
  // the spans looked for within a box holding the trousers only: the same extent, float for float
  const boxed = otherGarmentExtent(lower, matte, arms, 4, undefined, undefined, { x0: 18, y0: 38, x1: 42, y1: 79 });
  assert.deepEqual(Array.from(boxed!.data), Array.from(ext.data));
});

test('rowSpan: the first and last px at 0.5 or more within x0..x1 of a row, and their count', () => {
  // row 1 of a 6-wide plane (from index 6): 0.5 at x 1, 0.9 at x 3, 0.2 at x 4, 1 at x 5
  const data = Float32Array.from([1, 1, 1, 1, 1, 1, 0, 0.5, 0, 0.9, 0.2, 1]);
  assert.deepEqual(rowSpan(data, 6, 0, 5), { a: 1, b: 5, n: 3 });
  assert.deepEqual(rowSpan(data, 6, 2, 4), { a: 3, b: 3, n: 1 });
  assert.equal(rowSpan(data, 6, 4, 4), null);
});

test('skin fills darken towards the body silhouette and the other garment gets its own fill', () => {
  const w = 64, h = 64;
  const small = { width: w, height: h, channels: 3 as const, data: new Uint8Array(w * h * 3) };
  const matte = createMask(w, h), skin = createMask(w, h), near = createMask(w, h), body = createMask(w, h), lower = createMask(w, h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      const inBody = x >= 12 && x < 52;
      matte.data[i] = inBody ? 1 : 0;
      body.data[i] = inBody ? 1 : 0;
      const trousers = inBody && y >= 48;
      lower.data[i] = trousers ? 1 : 0;
      // skin in the top rows, an old garment (to fill) in the middle
      const old = inBody && y >= 16 && y < 48;
      near.data[i] = old ? 1 : 0;
      skin.data[i] = inBody && y < 16 ? 1 : 0;
      small.data.set(trousers ? [20, 20, 90] : inBody ? (old ? [0, 200, 0] : [200, 150, 120]) : [240, 240, 240], i * 3);
    }
  }
  const extent = createMask(w, h);
  for (let i = 40 * w; i < w * h; i++) extent.data[i] = matte.data[i]!;
  const f = computeFills(small, matte, skin, near, { body, bare: body, armForm: null }, 40, { mask: lower, extent });
  const px = (plane: Float32Array, x: number, y: number) => Array.from(plane.slice((y * f.width + x) * 3, (y * f.width + x) * 3 + 3));
  // (the fills come back at the analysis size: these are the old garment's centre and its edge)
  const centre = px(f.skin, 32, 28), side = px(f.skin, 12, 28);
  // the skin tone carries into the old garment's place, brighter at the centre than at the edge
  assert.ok(Math.abs(centre[0]! - 200) < 25 && centre[1]! > 120 && centre[1]! < 175, `centre ${centre}`);
  assert.ok(side[0]! < centre[0]! - 5, `side ${side} centre ${centre}`);
  assert.ok(f.other && f.otherWeight);
  const o = px(f.other, 32, 44);
  assert.ok(o[2]! > 70 && o[0]! < 40, `other ${o}`);
  assert.ok(f.body.data[44 * w + 30]! < 0.1 && f.body.data[30 * w + 30]! > 0.9, 'skin gives way to the other garment below its top');
});

test("the fill's body shape: a seam of a few px between an arm and the torso is closed, a wide gap and the background are not", () => {
  // 30 × 10: torso x 0–9, a seam of 3 px (x 10–12), arm x 13–17, a gap of 6 px (x 18–23), other arm x 24–29;
  // the person's matte covers x 0–25 (the last arm's outer part lies outside it)
  const shape = createMask(30, 10), matte = createMask(30, 10);
  for (let y = 0; y < 10; y++) {
    for (let x = 0; x < 30; x++) {
      if (x <= 9 || (x >= 13 && x <= 17) || x >= 24) shape.data[y * 30 + x] = 1;
      if (x <= 25) matte.data[y * 30 + x] = 1;
    }
  }
  const out = closeSeams(shape, matte);
  const row = Array.from(out.data.slice(5 * 30, 6 * 30));
  // the 3 px seam closes (a closing of radius 2 bridges up to 4 px); the 6 px gap stays open; the arm outside the matte keeps its own value
  assert.deepEqual(row.slice(10, 13), [1, 1, 1]);
  assert.deepEqual(row.slice(18, 24), [0, 0, 0, 0, 0, 0]);
  assert.deepEqual(row.slice(24), [1, 1, 1, 1, 1, 1]);
});

test("the fill's body shape within a box: the seam inside it closes as on the whole frame, the shape outside it is the shape's own", () => {
  // 40 × 30: two blocks x 2–15 and x 19–37 (rows 2–27) with a 3 px seam (x 16–18), all on the matte; the box x 12–22, y 10–20
  const shape = createMask(40, 30), matte = createMask(40, 30);
  for (let y = 0; y < 30; y++) {
    for (let x = 0; x < 40; x++) {
      if (y >= 2 && y <= 27 && ((x >= 2 && x <= 15) || (x >= 19 && x <= 37))) shape.data[y * 40 + x] = 1;
      matte.data[y * 40 + x] = 1;
    }
  }
  const out = closeSeams(shape, matte, { x0: 12, y0: 10, x1: 22, y1: 20 });
  // inside the box the seam's 3 px close; above and below the box (rows 9 and 21) it stays open
  assert.deepEqual(Array.from(out.data.slice(15 * 40 + 16, 15 * 40 + 19)), [1, 1, 1]);
  assert.deepEqual(Array.from(out.data.slice(9 * 40 + 16, 9 * 40 + 19)), [0, 0, 0]);
  assert.deepEqual(Array.from(out.data.slice(21 * 40 + 16, 21 * 40 + 19)), [0, 0, 0]);
  // the blocks keep their value everywhere
  assert.equal(out.data[5 * 40 + 3], 1);
  assert.equal(out.data[25 * 40 + 36], 1);
});

test("a wide old sleeve: skin is made on the bare arm only, with the arm's shading; layering still reads the sleeve's whole width", () => {
  // a sleeve x 10..49 (old garment, to fill) below a skin band (rows 0..11); the bare arm is x 20..39
  const w = 60, h = 64;
  const small = { width: w, height: h, channels: 3 as const, data: new Uint8Array(w * h * 3) };
  const matte = createMask(w, h), skin = createMask(w, h), near = createMask(w, h), body = createMask(w, h), bare = createMask(w, h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      const sleeve = x >= 10 && x < 50;
      matte.data[i] = body.data[i] = sleeve ? 1 : 0;
      bare.data[i] = x >= 20 && x < 40 ? 1 : 0;
      skin.data[i] = sleeve && y < 12 ? 1 : 0;
      near.data[i] = sleeve && y >= 12 ? 1 : 0;
      small.data.set(!sleeve ? [240, 240, 240] : y < 12 ? [200, 150, 120] : [30, 30, 160], i * 3);
    }
  }
  // the arm's form: 0.7 at its edges, 1 on its axis (x 29.5)
  const armForm = new Float32Array(w * h).fill(1);
  for (let i = 0; i < w * h; i++) if (bare.data[i]! > 0) armForm[i] = 1 - 0.3 * Math.abs((i % w) + 0.5 - 30) / 10;
  const flat = computeFills(small, matte, skin, near, { body, bare, armForm: null }, 40);
  const shaded = computeFills(small, matte, skin, near, { body, bare, armForm }, 40);
  const at = (m: { data: Float32Array }, x: number, y: number) => m.data[y * w + x]!;
  assert.ok(at(shaded.body, 30, 40) > 0.99 && at(shaded.body, 14, 40) < 0.01, 'skin on the arm, the background beside it');
  assert.ok(at(shaded.extent, 14, 40) > 0.99, "layering reads the sleeve's width");
  const red = (f: typeof flat, x: number, y: number) => f.skin[(y * w + x) * 3]!;
  assert.ok(red(shaded, 22, 40) < red(flat, 22, 40) - 10, `the arm's edge darker: ${red(shaded, 22, 40)} vs ${red(flat, 22, 40)}`);
  // its middle as lit as the samples (they are not divided by the arm's form: never brighter than them)
  assert.ok(Math.abs(red(shaded, 30, 40) - red(flat, 30, 40)) < 5, `its middle: ${red(shaded, 30, 40)} vs ${red(flat, 30, 40)}`);
});

test("a bare limb's shading is drawn at the analysis size: its edge steps in one pixel, not over the half-size grid", () => {
  const w = 60, h = 60;
  const small = { width: w, height: h, channels: 3 as const, data: new Uint8Array(w * h * 3) };
  const matte = createMask(w, h), skin = createMask(w, h), near = createMask(w, h), body = createMask(w, h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      matte.data[i] = body.data[i] = 1;
      skin.data[i] = y < 12 ? 1 : 0;
      near.data[i] = y >= 12 ? 1 : 0;
      small.data.set(y < 12 ? [200, 150, 120] : [30, 30, 160], i * 3);
    }
  }
  // the limb's form: 0.5 on columns 31 and up (an odd column: between two half-size cells), 1 left of it
  const armForm = new Float32Array(w * h).fill(1);
  for (let i = 0; i < w * h; i++) if (i % w >= 31) armForm[i] = 0.5;
  const f = computeFills(small, matte, skin, near, { body, bare: body, armForm }, 40);
  const red = (x: number) => f.skin[(40 * w + x) * 3]!;
  assert.ok(Math.abs(red(31) / red(30) - 0.5) < 0.05, `one pixel to the next: ${red(30)} → ${red(31)}`);
  assert.ok(Math.abs(red(29) - red(30)) < 5, `left of the edge untouched: ${red(29)}, ${red(30)}`);
});

test('a bare limb\'s own form fades in away from the visible skin: 0 on it, 1 from 0.12 shoulder widths on', () => {
  const known = createMask(40, 1);
  known.data[0] = 1;
  // shoulder width 100 px: the fade reaches 12 px; smoothstep at 6 px is 0.5
  const near = skinNearness(known, 100);
  assert.equal(near[0], 0);
  assert.ok(Math.abs(near[6]! - 0.5) < 1e-6);
  assert.equal(near[12], 1);
  assert.equal(near[30], 1);
});

test('a limb\'s nearness to the skin within a box only: visible skin outside the box still counts, 0 outside it', () => {
  const known = createMask(40, 1);
  known.data[0] = 1;
  // the fade reaches 12 px (shoulder width 100); at 3 px t = 0.25: 0.0625 × 2.5 = 0.15625; at 6 px 0.5
  const near = skinNearness(known, 100, { x0: 3, y0: 0, x1: 8, y1: 0 });
  assert.equal(near[2], 0);
  assert.equal(near[3], 0.15625);
  assert.equal(near[6], 0.5);
  assert.equal(near[9], 0);
});

test('the skin texture\'s gains hold at the tuned upsampling and below it, and fall with its square above it', () => {
  assert.deepEqual(textureGains(2), [1.35, 0.6]);
  assert.deepEqual(textureGains(1.5), [1.35, 0.6]);
  // 3 photo px per analysis px: (2 / 3)² = 0.444…
  const g = textureGains(3);
  assert.ok(Math.abs(g[0]! - 0.6) < 1e-9 && Math.abs(g[1]! - 0.6 * 4 / 9) < 1e-9);
});

test('the rim in skin shade: rim^(0.85, 1, 1.13) per pixel, runs of one value sharing it', () => {
  // rim 1 → 1 in every channel; 0.25 → 0.25^0.85, 0.25, 0.25^1.13; a run of equal values repeats the same triple
  const out = rimChroma(new Float32Array([1, 0.25, 0.25, 1]));
  assert.equal(out.length, 12);
  assert.deepEqual([...out.subarray(0, 3)], [1, 1, 1]);
  // 0.25^0.85 = 2^-1.7 ≈ 0.30779, 0.25^1.13 = 2^-2.26 ≈ 0.20877
  assert.ok(Math.abs(out[3]! - 0.30779) < 1e-4);
  assert.equal(out[4], 0.25);
  assert.ok(Math.abs(out[5]! - 0.20877) < 1e-4);
  assert.deepEqual([...out.subarray(6, 9)], [...out.subarray(3, 6)]);
  assert.deepEqual([...out.subarray(9, 12)], [1, 1, 1]);
});

test("the arm run on past the old hem: skin seen on the person's matte only, and never off it", () => {
  // bare-body.test.ts's arm: the old sleeve above row 15 (columns 10..30), the
  // skin below it at x 14..19, the bone down x = 20, shoulder width 20; the
  // person's matte everywhere but column 15 above the hem, and column 14's
  // skin below the hem lies off the matte (a parse speck beside the person)
  const old = createMask(40, 40), skin = createMask(40, 40), matte = createMask(40, 40);
  for (let y = 0; y < 15; y++) for (let x = 10; x <= 30; x++) old.data[y * 40 + x] = 1;
  for (let y = 15; y < 30; y++) for (let x = 13; x <= 19; x++) skin.data[y * 40 + x] = 1;
  matte.data.fill(1);
  for (let y = 0; y < 15; y++) matte.data[y * 40 + 15] = 0;
  for (let y = 15; y < 40; y++) matte.data[y * 40 + 13] = 0;
  const arms = [{ a: { x: 20, y: 0 }, b: { x: 20, y: 30 }, ra: 2, rb: 2, fromBody: true }];
  const m = armsPastOldHem(arms, { skin, matte, nearOld: old }, 20);
  const at = (x: number, y: number) => m.data[y * 40 + x]!;
  // row 14: [-5.43, -0.5] across the bone as there (x 15 would be whole), but off the matte at x 15
  assert.equal(at(15, 14), 0);
  assert.equal(at(16, 14), 1);
  assert.equal(at(19, 14), 0.5);
  // the skin off the matte at x 13 is not the arm: its outer edge stays at x 14's centre (-5.5), x 13 gets nothing
  assert.ok(Math.abs(at(14, 14) - 0.43) < 1e-3);
  assert.equal(at(13, 14), 0);
  // row 12: [-4.83, -0.5]
  assert.equal(at(14, 12), 0);
  assert.equal(at(16, 12), 1);
});

test('no skin is made where the background shows through a gap the matte bridged beside the visible skin (BACKGROUND_GAP)', () => {
  // 12 × 9 px, all in the skin fill's shape (weight 1), over a background fill of (200, 200, 200). The visible
  // skin is column 11; shoulder width 40 px, so the reach is 0.1 × 40 = 4 px: columns 7–11. Elsewhere the matte
  // is sure (1) and the colour skin's (200, 160, 140), √(0 + 40² + 60²) = 72.1 from the fill: skin stays.
  // A gap: rows 0–4, columns 2–9, matte `gapMatte` (0.5), colour `gap` (grey). A lone pale pixel: row 7, column 8, matte 0.5, (210, 210, 210).
  const w = 12, h = 9;
  const run = (gap: number, gapMatte = 0.5) => {
    const shape = createMask(w, h), matte = createMask(w, h), seenSkin = createMask(w, h);
    shape.data.fill(1);
    matte.data.fill(1);
    const rgb = new Float32Array(w * h * 3);
    for (let i = 0; i < w * h; i++) rgb.set([200, 160, 140], i * 3);
    for (let y = 0; y < h; y++) seenSkin.data[y * w + 11] = 1;
    for (let y = 0; y <= 4; y++) {
      for (let x = 2; x <= 9; x++) {
        matte.data[y * w + x] = gapMatte;
        rgb.set([gap, gap, gap], (y * w + x) * 3);
      }
    }
    matte.data[7 * w + 8] = 0.5;
    rgb.set([210, 210, 210], (7 * w + 8) * 3);
    const background = new Float32Array(w * h * 3).fill(200);
    const out = withoutSeenBackground(shape, { rgb, matte, background, seenSkin }, { x0: 0, y0: 0, x1: w - 1, y1: h - 1 }, 40);
    assert.ok(shape.data.every((v) => v === 1), 'the input is not changed');
    return (x: number, y: number) => out.data[y * w + x];
  };
  // (217, 217, 217): √(3·17²) = 29.4 < 30 from the fill: the background, within reach (columns 7–9) only
  const at = run(217);
  for (let y = 0; y <= 4; y++) {
    for (let x = 0; x < w; x++) assert.equal(at(x, y), x >= 7 && x <= 9 ? 0 : 1, `gap row ${y}, column ${x}`);
  }
  assert.equal(at(8, 7), 1, 'a lone pale pixel is no gap: the opening takes it out');
  assert.equal(at(10, 2), 1, 'the skin-coloured pixel beside the gap');
  // (218, 218, 218): √(3·18²) = 31.2 ≥ 30: lighter than the background (old cloth), skin stays
  const light = run(218);
  for (let x = 0; x < w; x++) assert.equal(light(x, 2), 1, `light row, column ${x}`);
  // a matte of 0.75 is sure of the person (matteBelow): the same grey stays skin
  const sure = run(217, 0.75);
  for (let x = 0; x < w; x++) assert.equal(sure(x, 2), 1, `sure row, column ${x}`);
  assert.deepEqual(BACKGROUND_GAP, { besideSkinSw: 0.1, matteBelow: 0.75, rgbDistance: 30, openPx: 1 });
});

test("visibleLegSkin: the visible skin on the legs, off the arms and hands lying on them", () => {
  // 4×1: px 0 skin on a leg; px 1 skin on a leg under a hand; px 2 skin on a leg under an arm; px 3 a leg without skin
  const known = createMask(4, 1), legs = createMask(4, 1), arms = createMask(4, 1), hands = createMask(4, 1);
  known.data.set([1, 1, 1, 0]);
  legs.data.set([1, 1, 1, 1]);
  hands.data[1] = 1;
  arms.data[2] = 1;
  assert.deepEqual([...visibleLegSkin(known, { legs, arms, hands }).data], [1, 0, 0, 0]);
});

test('legsOffArms: the legs region without the arms or hands lying over it', () => {
  const legs = createMask(3, 1), arms = createMask(3, 1), hands = createMask(3, 1);
  legs.data.set([1, 1, 1]);
  arms.data[1] = 1;
  hands.data[2] = 1;
  assert.deepEqual([...legsOffArms({ legs, arms, hands }).data], [1, 0, 0]);
});
