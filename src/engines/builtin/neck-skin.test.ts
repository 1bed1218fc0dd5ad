import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createMask, type Mask } from '../../vision/image.js';
import { computeFills } from './removal.js';
import { inNeckZone, SEEN_SKIN, withSeenNeckSkin, type NeckZone } from './neck-skin.js';

/** A skin colour with a grain of ±10 levels (a fixed hash per pixel), or flat. */
function skinAt(x: number, y: number, grain: boolean): [number, number, number] {
  const n = grain ? ((((x * 73856093) ^ (y * 19349663)) >>> 0) % 21) - 10 : 0;
  return [200 + n, 150 + n, 120 + n];
}

test('the neck zone: between the chin and the shoulder line (a little below it), within the shoulder points across', () => {
  const inZone = inNeckZone({ chin: { x: 60, y: 20 }, shoulders: [{ x: 10, y: 80 }, { x: 110, y: 80 }] });
  assert.equal(inZone(59, 40), true, 'beside the neck');
  assert.equal(inZone(15, 79), true, 'the top of a shoulder');
  assert.equal(inZone(59, 10), false, 'above the chin');
  assert.equal(inZone(59, 80 + 0.1 * 100), false, 'the chest below the shoulders');
  assert.equal(inZone(5, 79), false, 'past a shoulder point: the arm');
  // a tilted pose: the zone turns with the shoulder line
  const tilted = inNeckZone({ chin: { x: 60, y: 20 }, shoulders: [{ x: 10, y: 60 }, { x: 110, y: 100 }] });
  assert.equal(tilted(100, 94), true, 'above the lower shoulder');
  assert.equal(tilted(20, 80), false, 'below the higher shoulder');
});

test("the real neck's side under the old garment's grown edge is made skin, not background: no notch between the neck and the made shoulder", () => {
  // a neck x 45..74 (rows 20..69) on shoulders (rows 70 on); the old top covers the shoulders, and its
  // grown edge the neck's left side (x 45..50, rows 50..69); the bare shape's neck is narrower (x 51..74)
  const w = 120, h = 120;
  const small = { width: w, height: h, channels: 3 as const, data: new Uint8Array(w * h * 3) };
  const matte = createMask(w, h), skin = createMask(w, h), near = createMask(w, h), bare = createMask(w, h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      const neck = x >= 45 && x < 75 && y >= 20 && y < 70, shoulders = y >= 70 && x >= 5 && x < 115;
      matte.data[i] = neck || shoulders ? 1 : 0;
      skin.data[i] = neck ? 1 : 0;
      near.data[i] = shoulders || (neck && x <= 50 && y >= 50) ? 1 : 0;
      bare.data[i] = (neck && x > 50) || shoulders ? 1 : 0;
      small.data.set(neck ? skinAt(x, y, true) : shoulders ? [30, 30, 160] : [230, 230, 230], i * 3);
    }
  }
  const neckZone: NeckZone = { chin: { x: 60, y: 20 }, shoulders: [{ x: 10, y: 80 }, { x: 110, y: 80 }] };
  const before = computeFills(small, matte, skin, near, { body: bare, bare, armForm: null }, 100);
  const after = computeFills(small, matte, skin, near, { body: bare, bare, armForm: null, neckZone }, 100);
  const at = (m: Mask, x: number, y: number) => m.data[y * w + x]!;
  assert.ok(at(before.body, 48, 60) < 0.1, 'without the zone, background on the neck (as before)');
  assert.ok(at(after.body, 48, 60) > 0.9, `skin on the neck's side: ${at(after.body, 48, 60)}`);
  assert.ok(at(after.body, 40, 60) < 0.1, 'beside the neck the background stays');
});

test('a skin-coloured flat backdrop the parse took for skin is not made skin: beside an arm below the shoulders, nor beside the neck; nor a piece apart from the made skin', () => {
  // shoulders (20, 30)–(100, 30), chin (60, 0): sw 80, reach round(0.06 × 80) = 5 px
  const w = 130, h = 120, sw = 80;
  const zone: NeckZone = { chin: { x: 60, y: 0 }, shoulders: [{ x: 20, y: 30 }, { x: 100, y: 30 }] };
  const rgb = new Float32Array(w * h * 3).fill(230);
  const skin = createMask(w, h), matte = createMask(w, h), seen = createMask(w, h), shape = createMask(w, h);
  const paint = (x0: number, x1: number, y0: number, y1: number, grain: boolean, seenSkin: boolean) => {
    for (let y = y0; y <= y1; y++) {
      for (let x = x0; x <= x1; x++) {
        const i = y * w + x;
        rgb.set(skinAt(x, y, grain), i * 3);
        skin.data[i] = matte.data[i] = 1;
        if (seenSkin) seen.data[i] = 1;
      }
    }
  };
  // a forearm (seen skin, grainy) x 110..119 rows 50..110, a flat backdrop of its colour beside it x 104..109
  paint(110, 119, 50, 110, true, true);
  paint(104, 109, 50, 110, false, false);
  // and on its other side a backdrop of its colour with a grain of its own (a wall's texture) x 120..124
  paint(120, 124, 50, 110, true, false);
  // a neck (seen skin, grainy) x 50..69 rows 0..20 on made shoulders (the skin fill's shape) x 30..90 rows 21..30;
  // beside it, in the zone: a flat backdrop x 44..49 rows 2..20, the neck's own side, grainy, under the
  // removal x 70..74 rows 5..20, both down to the made shoulders, and a grainy tab x 70..72 rows 1..3 apart
  paint(50, 69, 0, 20, true, true);
  paint(44, 49, 2, 20, false, false);
  paint(70, 74, 5, 20, true, false);
  paint(70, 72, 1, 3, true, false);
  for (let y = 21; y <= 30; y++) for (let x = 30; x <= 90; x++) shape.data[y * w + x] = 1;
  const box = { x0: 0, y0: 0, x1: w - 1, y1: h - 1 };
  const out = withSeenNeckSkin(shape, { skin, matte, seenSkin: seen, rgb }, zone, box, sw);
  assert.equal(out.data[80 * w + 107], 0, 'the backdrop beside the arm stays background');
  assert.equal(out.data[80 * w + 122], 0, 'a grainy backdrop beside the arm too: below the shoulders is no neck');
  assert.equal(out.data[6 * w + 47], 0, 'the flat backdrop beside the neck stays background');
  assert.equal(out.data[12 * w + 72], 1, "the neck's grainy side down to the made shoulders is skin");
  assert.equal(out.data[2 * w + 71], 0, 'a piece touching no made skin is no notch: it stays');
  assert.ok(SEEN_SKIN.besideSw * sw >= 4, 'the reach covers the side');
});

test('skin beside the neck with the background under it overhangs the made shoulder as a tab: only the columns standing on the skin are taken', () => {
  // shoulders (20, 30)–(100, 30), chin (60, 0): sw 80, reach 5 px. A neck (seen skin) x 50..69 rows 0..20 on a
  // made shoulder x 30..72 rows 21..30; beside the neck, grainy parse skin x 70..74 rows 12..20: its columns
  // x 70..72 stand on the made shoulder, x 73..74 have the background under them
  const w = 130, h = 60, sw = 80;
  const zone: NeckZone = { chin: { x: 60, y: 0 }, shoulders: [{ x: 20, y: 30 }, { x: 100, y: 30 }] };
  const rgb = new Float32Array(w * h * 3).fill(230);
  const skin = createMask(w, h), matte = createMask(w, h), seen = createMask(w, h), shape = createMask(w, h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      const neck = x >= 50 && x <= 69 && y <= 20, side = x >= 70 && x <= 74 && y >= 12 && y <= 20;
      if (neck || side) {
        rgb.set(skinAt(x, y, true), i * 3);
        skin.data[i] = matte.data[i] = 1;
      }
      if (neck) seen.data[i] = 1;
      if (x >= 30 && x <= 72 && y >= 21 && y <= 30) shape.data[i] = matte.data[i] = 1;
    }
  }
  const out = withSeenNeckSkin(shape, { skin, matte, seenSkin: seen, rgb }, zone, { x0: 0, y0: 0, x1: w - 1, y1: h - 1 }, sw);
  assert.equal(out.data[15 * w + 71], 1, 'on the made shoulder: the notch is filled');
  assert.equal(out.data[15 * w + 73], 0, 'over the background: no tab');
  assert.equal(out.data[20 * w + 74], 0, 'nor its foot');
});
