import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createMask, type Mask } from '../../vision/image.js';
import { ellipseFit, neckOpening, outerCurve, withoutOpening } from './neck-opening.js';
import type { UpperGeometry } from './garment-landmarks.js';
import { flatTop } from '../../../test/support/drawing.js';

// flatTop (test/support/drawing.ts): body 50..150 wide (bw = 100) from y 190 up to its top edge; the back neck's centre is (100, 35).

/** Landmarks the opening reads: the centre line, the top of the bounds and the body width. */
const geometry = (matte: Mask): UpperGeometry => ({
  kind: 'upper', bounds: { x0: 50, y0: 35, x1: 150, y1: 190 }, neck: { x: 100, y: 40 },
  shoulderL: { x: 145, y: 55 }, shoulderR: { x: 55, y: 55 }, armpitL: { x: 150, y: 90 }, armpitR: { x: 50, y: 90 },
  hemL: { x: 150, y: 190 }, hemR: { x: 50, y: 190 }, bodyWidth: 100, sleeveL: null, sleeveR: null, panel: matte,
});

/** Shoulders falling 0.5 px per px outside the neck's corners at x = 80 and 120. */
const shoulders = (x: number) => 35 + Math.max(0, Math.abs(x - 100) - 20) * 0.5;
/** Inside a disc of radius 20 around the back neck's centre: the opening of a round neck 40 px wide, 20 px deep. */
const inDisc = (x: number, y: number, r = 20) => Math.hypot(x - 100, y - 35) < r;
const alphaAt = (m: Mask, x: number, y: number) => m.data[y * m.width + x]!;

test('a round neck showing its shadowed inside back: the inside is found, the front below it kept', () => {
  // inside grey 120, front 200: the shadow of the front over the inside
  const { image, matte } = flatTop(shoulders, (x, y) => (inDisc(x, y) ? 120 : 200));
  const o = neckOpening(image, matte, geometry(matte));
  assert.ok(o, 'opening found');
  assert.deepEqual(o.centre, { x: 100, y: 35 });
  // radius 20 on the centre ray (the edge lies between r 19 and 20), within the DP's 1-px steps
  const down = o.radii[(o.radii.length - 1) / 2]!;
  assert.ok(down >= 19 && down <= 21, `depth ${down}`);
  assert.ok(alphaAt(o.mask, 100, 45) > 0.9, 'inside back cut');
  assert.ok(alphaAt(o.mask, 90, 38) > 0.9, 'inside back cut beside the centre');
  assert.ok(alphaAt(o.mask, 100, 60) < 0.1, 'front below the neckline kept');
  assert.ok(alphaAt(o.mask, 130, 45) < 0.1, 'shoulder kept');
  // half a disc of radius 20: π·20²/2 ≈ 628 px
  let area = 0;
  for (const v of o.mask.data) area += v;
  assert.ok(area > 628 * 0.8 && area < 628 * 1.2, `area ${area}`);
  const drawn = withoutOpening(matte, o.mask);
  assert.ok(alphaAt(drawn, 100, 45) < 0.1 && alphaAt(drawn, 100, 60) === 1);
});

test('a crew neck whose inside is hidden (the top edge is the front neckline) is left whole', () => {
  // the same neck seen with the front covering the inside: the top edge dips 20 px at the centre
  const top = (x: number) => (Math.abs(x - 100) < 20 ? 35 + Math.sqrt(400 - (x - 100) ** 2) : shoulders(x));
  const { image, matte } = flatTop(top, () => 200);
  assert.equal(neckOpening(image, matte, geometry(matte)), null);
});

test('a high collar lit like the body is not cut, even with a fold line at its base', () => {
  // the collar's front spans the opening: uniform 200 but for a 2-px shadow line 20 px down
  const fold = (x: number, y: number) => {
    const r = Math.hypot(x - 100, y - 35);
    return r >= 20 && r < 22 ? 150 : 200;
  };
  const { image, matte } = flatTop(shoulders, fold);
  assert.equal(neckOpening(image, matte, geometry(matte)), null);
});

test('a straight top edge (a bandeau) has no neck opening, even over a dark print', () => {
  const { image, matte } = flatTop(() => 35, (x, y) => (inDisc(x, y) ? 120 : 200));
  assert.equal(neckOpening(image, matte, geometry(matte)), null);
});

/** A back neckline seen through the opening: the top edge dips 4 px (0.04 bw) at the centre between the corners at x = 80 and 120. */
const backNeckline = (x: number) => (Math.abs(x - 100) < 20 ? 35 + 4 * Math.cos(((x - 100) / 20) * (Math.PI / 2)) : shoulders(x));
/** The inside lit like the front (grey 196 against 200), its front neckline a 2-px rib (150) at radius 20, a dark label at the top centre. */
const litInside = (x: number, y: number) => {
  const r = Math.hypot(x - 100, y - 35);
  if (r >= 20 && r < 22) return 150;
  if (Math.abs(x - 100) < 5 && y >= 40 && y < 46) return 40;
  return r < 20 ? 196 : 200;
};

test('an inside back lit like the front, under a back neckline, is found by its geometry', () => {
  const { image, matte } = flatTop(backNeckline, litInside);
  const o = neckOpening(image, matte, geometry(matte));
  assert.ok(o, 'opening found');
  assert.ok(alphaAt(o.mask, 100, 43) > 0.9, 'label cut');
  assert.ok(alphaAt(o.mask, 88, 42) > 0.9, 'inside back cut beside the centre');
  assert.ok(alphaAt(o.mask, 100, 62) < 0.1, 'front below the neckline kept');
  assert.ok(alphaAt(o.mask, 135, 50) < 0.1, 'shoulder kept');
});

test('a mock neck lit like the body (its top edge rises at the centre) is kept whole, label-like print and all', () => {
  const mockNeck = (x: number) => (Math.abs(x - 100) < 20 ? 35 - 3 * Math.cos(((x - 100) / 20) * (Math.PI / 2)) : shoulders(x));
  const { image, matte } = flatTop(mockNeck, litInside);
  assert.equal(neckOpening(image, matte, geometry(matte)), null);
});

test('withoutOpening scales the alpha by 1 − the opening', () => {
  const m = createMask(2, 1, 1), o = createMask(2, 1);
  o.data[0] = 0.25;
  assert.deepEqual([...withoutOpening(m, o).data], [0.75, 1]);
});

/** A ringer tee: the inside lit like the front (196 against 200) under a back neckline, a 4-px rib at radius 20–24 in `rib` (RGB) as the front neckline. */
function ringer(rib: [number, number, number]) {
  const { image, matte } = flatTop(backNeckline, (x, y) => (Math.hypot(x - 100, y - 35) < 20 ? 196 : 200));
  for (let y = 0; y < image.height; y++) {
    for (let x = 0; x < image.width; x++) {
      const r = Math.hypot(x - 100, y - 35);
      if (r >= 20 && r < 24 && matte.data[y * image.width + x]! >= 0.5) image.data.set(rib, (y * image.width + x) * 3);
    }
  }
  return { image, matte };
}

test('a coloured neckband is front fabric: the inside is cut, the band below it kept', () => {
  const { image, matte } = ringer([40, 90, 200]);
  const o = neckOpening(image, matte, geometry(matte));
  assert.ok(o, 'opening found');
  assert.ok(alphaAt(o.mask, 100, 45) > 0.9, 'inside back cut');
  assert.ok(alphaAt(o.mask, 100, 56) < 0.1 && alphaAt(o.mask, 100, 57) < 0.1, 'band kept on the centre line');
  assert.ok(alphaAt(o.mask, 88, 53) < 0.1, 'band kept beside the centre');
  const down = o.radii[(o.radii.length - 1) / 2]!;
  assert.ok(down >= 19 && down <= 21, `depth ${down}`);
});

test('a grey band as dark as the coloured one (a shadow under the front) is cut with the inside', () => {
  const { image, matte } = ringer([88, 88, 88]);
  const o = neckOpening(image, matte, geometry(matte));
  assert.ok(o, 'opening found');
  assert.ok(alphaAt(o.mask, 100, 56) > 0.9, 'grey band cut');
});

/**
 * Ray edges for outerCurve: 41 rays, radii 4..40, flat (0) but for a step of
 * `band` at radius 16 and of +30 at radius 30 on every ray.
 */
function twoSteps(band: number) {
  const edge = Array.from({ length: 41 }, () => {
    const row = new Float64Array(37);
    row[16 - 4] = band;
    row[30 - 4] = 30;
    return row;
  });
  return { edge, r0: 4, r1: 40 };
}

test('a lit inside\'s front neckline is the nearest edge past the back band, darker or brighter, not a seam further out', () => {
  const inner = new Array<number>(41).fill(8); // the back band's lower edge at radius 8; bw 100: gap 4, window 6 (radii 12..18)
  // the front band darker than the lit inside (a step of -40 at radius 16): found by its size, the +30 seam at 30 is past the window
  const lit = outerCurve(twoSteps(-40), inner, 100, true);
  assert.ok(lit && lit.every((r) => Math.abs(r - 16) < 1e-9), `radii ${lit}`);
  // only the seam at 30, beyond the window: no front neckline
  assert.equal(outerCurve(twoSteps(0), inner, 100, true), null);
  // a shadowed inside's neckline brightens outwards: the seam at 30 (the darker step does not count)
  assert.deepEqual(outerCurve(twoSteps(-40), inner, 100, false), new Array(41).fill(30));
});

test('ellipseFit: a front neckline traced unevenly becomes the half-ellipse that fits it', () => {
  const near = (got: number[], want: number[]) => got.forEach((g, i) => assert.ok(Math.abs(g - want[i]!) < 0.01, `ray ${i}: ${g} vs ${want[i]}`));
  // rays at 0, 45, 90, 135, 180°; an ellipse 40 across, 20 deep: at 45° 1/√(0.5/40² + 0.5/20²) = 1/√0.0015625 = 25.298
  near(ellipseFit([40, 25.298, 20, 25.298, 40]), [40, 25.298, 20, 25.298, 40]);
  // rays at 0, 90, 180°, the sides uneven (30 and 50): the half-width is 1/√((1/30² + 1/50²) / 2) = 1/√0.00075556 = 36.380, the depth stays 20
  near(ellipseFit([30, 20, 50]), [36.38, 20, 36.38]);
});
