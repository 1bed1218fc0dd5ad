import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createMask, type Mask } from '../../vision/image.js';
import { fillPolygon } from '../../vision/raster.js';
import { upperLandmarks } from './garment-landmarks.js';
import { hemDip, isShorts, lowerLandmarks } from './lower-landmarks.js';
import { decideCategory } from './category.js';
import type { GarmentAnalysis } from './garment-analysis.js';

function shape(polys: { x: number; y: number }[][], w = 300, h = 400): Mask {
  const m = createMask(w, h);
  for (const p of polys) fillPolygon(m, p);
  return m;
}

// A T-shirt: body 100..200 × 60..330, sleeves spreading out to the sides from y 60..130.
const tee = () =>
  shape([
    [{ x: 100, y: 60 }, { x: 200, y: 60 }, { x: 200, y: 330 }, { x: 100, y: 330 }],
    [{ x: 100, y: 60 }, { x: 40, y: 110 }, { x: 65, y: 140 }, { x: 101, y: 125 }],
    [{ x: 200, y: 60 }, { x: 260, y: 110 }, { x: 235, y: 140 }, { x: 199, y: 125 }],
  ]);

test('a T-shirt silhouette yields shoulders, armpits, hem and two sleeves', () => {
  const g = upperLandmarks(tee());
  assert.ok(g);
  assert.ok(g.sleeveL && g.sleeveR, 'both sleeves found');
  // wearer's right sleeve is on the image left
  assert.ok(g.sleeveR.end.x < 80 && g.sleeveL.end.x > 220, `ends ${g.sleeveR.end.x} ${g.sleeveL.end.x}`);
  assert.ok(Math.abs(g.armpitR.y - 125) < 12 && Math.abs(g.armpitL.y - 125) < 12, `armpits at ${g.armpitR.y}, ${g.armpitL.y}`);
  assert.ok(Math.abs(g.armpitR.x - 100) < 6 && Math.abs(g.armpitL.x - 200) < 6);
  assert.ok(Math.abs(g.shoulderR.y - 60) < 4 && Math.abs(g.shoulderL.y - 60) < 4);
  assert.ok(Math.abs(g.hemR.y - 330) < 2 && Math.abs(g.hemL.x - 200) < 3);
  assert.ok(Math.abs(g.bodyWidth - 100) < 4);
  // the panel excludes the sleeves
  assert.equal(g.panel.data[115 * 300 + 50], 0);
  assert.equal(g.panel.data[200 * 300 + 150], 1);
});

test('a tank top (straps, no sleeves) yields no sleeves and strap shoulders', () => {
  const tank = shape([
    [{ x: 95, y: 140 }, { x: 205, y: 140 }, { x: 210, y: 330 }, { x: 90, y: 330 }],
    [{ x: 110, y: 60 }, { x: 125, y: 60 }, { x: 130, y: 141 }, { x: 100, y: 141 }],
    [{ x: 175, y: 60 }, { x: 190, y: 60 }, { x: 200, y: 141 }, { x: 170, y: 141 }],
  ]);
  const g = upperLandmarks(tank);
  assert.ok(g);
  assert.equal(g.sleeveL, null);
  assert.equal(g.sleeveR, null);
  assert.ok(g.shoulderR.x > 100 && g.shoulderR.x < 135 && g.shoulderR.y < 70, `strap R at ${JSON.stringify(g.shoulderR)}`);
  assert.ok(g.shoulderL.x > 165 && g.shoulderL.x < 200);
  assert.ok(g.armpitR.y >= 130 && g.armpitR.y <= 160, `armpit at ${g.armpitR.y}`);
});

test('trousers yield a waistband, a crotch and two legs; a skirt has no crotch', () => {
  const trousers = shape([
    [{ x: 90, y: 40 }, { x: 210, y: 40 }, { x: 215, y: 150 }, { x: 85, y: 150 }],
    [{ x: 85, y: 149 }, { x: 148, y: 149 }, { x: 140, y: 380 }, { x: 95, y: 380 }],
    [{ x: 152, y: 149 }, { x: 215, y: 149 }, { x: 205, y: 380 }, { x: 160, y: 380 }],
  ]);
  const t = lowerLandmarks(trousers);
  assert.ok(t?.crotch, 'crotch found');
  assert.ok(Math.abs(t.crotch.y - 150) < 8, `crotch at ${t.crotch.y}`);
  assert.ok(Math.abs(t.crotch.x - 150) < 4);
  assert.ok(Math.abs(t.waistR.x - 90) < 3 && Math.abs(t.waistL.x - 210) < 3);
  assert.ok(t.legL && t.legR);
  assert.ok(t.legR.axis.at(-1)!.x < 150 && t.legL.axis.at(-1)!.x > 150, 'wearer right leg on the image left');
  const skirt = lowerLandmarks(shape([[{ x: 100, y: 40 }, { x: 200, y: 40 }, { x: 240, y: 300 }, { x: 60, y: 300 }]]));
  assert.ok(skirt);
  assert.equal(skirt.crotch, null);
});

// Trousers whose legs touch down to the hems: one block 100..180 × 20..339 (80 wide, 320 tall: 4 waists)
// with a gap 136..144 over its last 30 rows (under a fifth of the height).
const touchingTrousers = () =>
  shape([
    [{ x: 100, y: 20 }, { x: 180, y: 20 }, { x: 180, y: 310 }, { x: 100, y: 310 }],
    [{ x: 100, y: 309 }, { x: 136, y: 309 }, { x: 136, y: 340 }, { x: 100, y: 340 }],
    [{ x: 144, y: 309 }, { x: 180, y: 309 }, { x: 180, y: 340 }, { x: 144, y: 340 }],
  ]);

test('trousers whose legs touch down to a gap at the hems have their crotch at the rise; a circle skirt with the same gap, or a short garment, is a skirt', () => {
  const t = lowerLandmarks(touchingTrousers());
  assert.ok(t?.crotch && t.legL && t.legR, 'read as trousers');
  // bounds y 20..339: h 320; rise 0.28 × 320 = 89.6 → 90 below the top
  assert.equal(t.crotch.y, 110);
  assert.ok(Math.abs(t.crotch.x - 140) <= 1, `gap at ${t.crotch.x}`);
  // looking for the legs' channel first: the short gap alone is a slit
  assert.equal(lowerLandmarks(touchingTrousers(), { touchingLegs: false })?.crotch, null);
  // a skirt flaring from 80 to 200 wide (2.5 waists) above the same kind of gap
  const circle = shape([
    [{ x: 100, y: 20 }, { x: 180, y: 20 }, { x: 240, y: 310 }, { x: 40, y: 310 }],
    [{ x: 40, y: 309 }, { x: 136, y: 309 }, { x: 136, y: 340 }, { x: 40, y: 340 }],
    [{ x: 144, y: 309 }, { x: 240, y: 309 }, { x: 240, y: 340 }, { x: 144, y: 340 }],
  ]);
  assert.equal(lowerLandmarks(circle)?.crotch, null);
  // a knee-length straight skirt with a centre slit: 160 tall on an 80 waist (2 waists)
  const pencil = shape([
    [{ x: 100, y: 20 }, { x: 180, y: 20 }, { x: 180, y: 150 }, { x: 100, y: 150 }],
    [{ x: 100, y: 149 }, { x: 136, y: 149 }, { x: 136, y: 180 }, { x: 100, y: 180 }],
    [{ x: 144, y: 149 }, { x: 180, y: 149 }, { x: 180, y: 180 }, { x: 144, y: 180 }],
  ]);
  assert.equal(lowerLandmarks(pencil)?.crotch, null);
});

function analysis(mask: Mask): GarmentAnalysis {
  return {
    image: { width: mask.width, height: mask.height, channels: 3, data: new Uint8Array(mask.width * mask.height * 3) },
    matte: mask,
    whole: mask,
    scale: 1,
    upper: upperLandmarks(mask),
    lower: lowerLandmarks(mask),
    source: 'product',
    core: mask,
    bleed: new Float32Array(mask.width * mask.height * 3),
  };
}

test('auto category: tee → upper, trousers and skirt → lower, long one-piece → dress', () => {
  assert.equal(decideCategory(analysis(tee())).category, 'upper');
  const trousers = shape([
    [{ x: 90, y: 20 }, { x: 210, y: 20 }, { x: 215, y: 130 }, { x: 85, y: 130 }],
    [{ x: 85, y: 129 }, { x: 148, y: 129 }, { x: 140, y: 390 }, { x: 95, y: 390 }],
    [{ x: 152, y: 129 }, { x: 215, y: 129 }, { x: 205, y: 390 }, { x: 160, y: 390 }],
  ]);
  assert.equal(decideCategory(analysis(trousers)).category, 'lower');
  assert.equal(decideCategory(analysis(shape([[{ x: 100, y: 100 }, { x: 200, y: 100 }, { x: 240, y: 300 }, { x: 60, y: 300 }]]))).category, 'lower');
  const dress = shape([
    [{ x: 120, y: 20 }, { x: 135, y: 20 }, { x: 140, y: 90 }, { x: 110, y: 90 }],
    [{ x: 165, y: 20 }, { x: 180, y: 20 }, { x: 190, y: 90 }, { x: 160, y: 90 }],
    [{ x: 105, y: 89 }, { x: 195, y: 89 }, { x: 240, y: 390 }, { x: 60, y: 390 }],
  ]);
  assert.equal(decideCategory(analysis(dress)).category, 'dress');
});

test('sleeves hanging beside the body with cuffs below the hem are sleeves, not a wide cropped body', () => {
  // body 110..190 × 60..300; sleeves flaring from the shoulders down to y 330 on both sides
  const blouse = shape([
    [{ x: 110, y: 60 }, { x: 190, y: 60 }, { x: 190, y: 300 }, { x: 110, y: 300 }],
    [{ x: 110, y: 60 }, { x: 90, y: 70 }, { x: 50, y: 330 }, { x: 108, y: 330 }, { x: 112, y: 120 }],
    [{ x: 190, y: 60 }, { x: 210, y: 70 }, { x: 250, y: 330 }, { x: 192, y: 330 }, { x: 188, y: 120 }],
  ]);
  const g = upperLandmarks(blouse);
  assert.ok(g);
  assert.ok(g.sleeveL && g.sleeveR, 'both sleeves found');
  assert.ok(Math.abs(g.bodyWidth - 80) < 12, `body width ${g.bodyWidth}`);
  assert.ok(g.sleeveR.end.y > 280 && g.sleeveL.end.y > 280, 'cuffs at the bottom');
  // the armpit width is the body's, so the length ratio is a blouse's, not a crop top's
  assert.ok(g.armpitL.x - g.armpitR.x < 100, `armpits ${g.armpitR.x}..${g.armpitL.x}`);
});

test('narrow straps dangling far below the hem are not sleeves', () => {
  const top = shape([
    [{ x: 100, y: 60 }, { x: 200, y: 60 }, { x: 200, y: 200 }, { x: 100, y: 200 }],
    [{ x: 100, y: 190 }, { x: 112, y: 190 }, { x: 95, y: 330 }, { x: 84, y: 330 }],
    [{ x: 188, y: 190 }, { x: 200, y: 190 }, { x: 216, y: 330 }, { x: 205, y: 330 }],
  ]);
  const g = upperLandmarks(top);
  assert.ok(g);
  assert.equal(g.sleeveL, null);
  assert.equal(g.sleeveR, null);
});

test("long trousers whose gap shows only from halfway down have their crotch at most 0.34 of the height below the waist; shorts keep the gap's top", () => {
  // 80 wide, 320 tall (rows 20..339, 4 waists) with a gap 136..144 from row 180 down (half the height: legs, not a slit)
  const long = shape([
    [{ x: 100, y: 20 }, { x: 180, y: 20 }, { x: 180, y: 181 }, { x: 100, y: 181 }],
    [{ x: 100, y: 180 }, { x: 136, y: 180 }, { x: 136, y: 340 }, { x: 100, y: 340 }],
    [{ x: 144, y: 180 }, { x: 180, y: 180 }, { x: 180, y: 340 }, { x: 144, y: 340 }],
  ]);
  const t = lowerLandmarks(long, { touchingLegs: false });
  // h 320: 0.34 × 320 = 108.8 → 109 below the top (the gap's top, row 180, lay 160 below)
  assert.equal(t?.crotch?.y, 129);
  // shorts 80 wide, 100 tall (under 3.2 waists) with the gap from row 70: the gap's top stays
  const shorts = shape([
    [{ x: 100, y: 20 }, { x: 180, y: 20 }, { x: 180, y: 71 }, { x: 100, y: 71 }],
    [{ x: 100, y: 70 }, { x: 136, y: 70 }, { x: 136, y: 120 }, { x: 100, y: 120 }],
    [{ x: 144, y: 70 }, { x: 180, y: 70 }, { x: 180, y: 120 }, { x: 144, y: 120 }],
  ]);
  const sh = lowerLandmarks(shorts, { touchingLegs: false });
  assert.ok(sh?.crotch && sh.crotch.y >= 68 && sh.crotch.y <= 72, `shorts' crotch at ${sh?.crotch?.y}`);
});

test('hemDip: how far a slanted hem\'s centre lies above the leg\'s lowest row', () => {
  // a 6 × 10 leg whose hem slants: column 2 ends at row 6, the lowest row (9) is the outer corner's
  const m = createMask(6, 10);
  for (let y = 0; y < 10; y++) for (let x = 0; x < 6; x++) if (y <= 6 + Math.floor(x / 2)) m.data[y * 6 + x] = 1;
  // column 2 reaches row 7 (6 + 1): 2 rows above row 9
  assert.equal(hemDip(m, { x: 2, y: 9 }, 5), 2);
  // column 5 reaches row 8: 1 row
  assert.equal(hemDip(m, { x: 5, y: 9 }, 5), 1);
  // deeper than `max` (a slit): no dip
  assert.equal(hemDip(m, { x: 2, y: 9 }, 1), 0);
});

test('isShorts: legs shorter than the rise (crotch to hem under waistband to crotch, SHORTS.maxInseamOfRise 1)', () => {
  const bounds = { x0: 0, y0: 0, x1: 80, y1: 100 };
  assert.equal(isShorts({ bounds, crotch: { x: 40, y: 60 } }), true, 'inseam 40 under rise 60');
  assert.equal(isShorts({ bounds, crotch: { x: 40, y: 50 } }), false, 'inseam 50 not under rise 50');
  assert.equal(isShorts({ bounds, crotch: { x: 40, y: 30 } }), false, 'trousers: inseam 70 over rise 30');
  assert.equal(isShorts({ bounds, crotch: null }), false, 'a skirt');
});

// A dress 60..379 (h 320): bodice 120..179 (60 wide) down to the waist at y 160, then a skirt flaring to 40..259 at
// the hem. The lower-body band (0.55–0.85 h: y 236..332) is ~75..224 wide, wider than any short sleeve reaches.
const bodice = { x: 120, y: 60 };
const skirt = [{ x: 120, y: 160 }, { x: 180, y: 160 }, { x: 260, y: 380 }, { x: 40, y: 380 }];
const dress = (sleeveBottom: number | null) =>
  shape([
    [bodice, { x: 180, y: 60 }, { x: 180, y: 160 }, { x: 120, y: 160 }],
    skirt,
    ...(sleeveBottom === null
      ? []
      : [
          [{ x: 121, y: 60 }, { x: 96, y: 64 }, { x: 94, y: sleeveBottom }, { x: 121, y: sleeveBottom }],
          [{ x: 179, y: 60 }, { x: 204, y: 64 }, { x: 206, y: sleeveBottom }, { x: 179, y: sleeveBottom }],
        ]),
  ]);

test('a dress with short sleeves and a wide skirt: armpits where the outline steps out above the waist, sleeves split off', () => {
  // sleeves reach x 94 (image left), inside the skirt band's edge (~75): the band finds no jut. The waist is
  // the bodice (60 wide); going up from it the edge steps out 26 px (> 0.2 × 60) at y 119: the armpit is row 120,
  // 60 rows (0.19 h) below the top; the chest's edges under it are 120..179.
  const g = upperLandmarks(dress(120));
  assert.ok(g);
  assert.ok(g.sleeveR && g.sleeveL, 'both sleeves found');
  assert.ok(Math.abs(g.armpitR.y - 120) <= 2 && Math.abs(g.armpitL.y - 120) <= 2, `armpits at ${g.armpitR.y}, ${g.armpitL.y}`);
  assert.ok(Math.abs(g.armpitR.x - 120) <= 2 && Math.abs(g.armpitL.x - 179) <= 2, `armpits x ${g.armpitR.x}, ${g.armpitL.x}`);
  // the chest under the sleeves is hidden: at least 1.3 waists (78 px), wider than the armpits' 59 px
  assert.equal(g.chestWidth, 78);
  assert.equal(g.bodyWidth, 78);
  assert.ok(g.sleeveR.end.x < 110 && g.sleeveL.end.x > 190, `ends ${g.sleeveR.end.x} ${g.sleeveL.end.x}`);
  // the panel: the bodice and the whole skirt, not the sleeves
  assert.equal(g.panel.data[90 * 300 + 100], 0);
  assert.equal(g.panel.data[90 * 300 + 200], 0);
  assert.equal(g.panel.data[300 * 300 + 150], 1);
  assert.equal(g.panel.data[370 * 300 + 60], 1);
});

test('sleeveless, strapless and cap-flounced dresses with a wide skirt grow no sleeves', () => {
  // a bodice widening 5 px a side over 100 rows to its shoulders: a taper, never a step of 0.2 waists in 10 rows
  const sleeveless = shape([[{ x: 115, y: 60 }, { x: 185, y: 60 }, { x: 180, y: 160 }, { x: 120, y: 160 }], skirt]);
  // strapless: the bodice starts at the bust (y 120), straight across
  const strapless = shape([[{ x: 118, y: 120 }, { x: 182, y: 120 }, { x: 180, y: 160 }, { x: 120, y: 160 }], skirt]);
  // a flounce on each shoulder ending at y 85: its step lies 25 rows (0.08 h) below the top, under minArmpitDepth 0.15
  const flounced = dress(85);
  for (const [name, m] of [['sleeveless', sleeveless], ['strapless', strapless], ['flounced', flounced]] as const) {
    const g = upperLandmarks(m);
    assert.ok(g, name);
    assert.equal(g.sleeveR, null, `${name}: no right sleeve`);
    assert.equal(g.sleeveL, null, `${name}: no left sleeve`);
  }
});
