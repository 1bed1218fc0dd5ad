import { test } from 'node:test';
import assert from 'node:assert/strict';
import { backdropOfPlane, backdropPlane, edgeOpacity, extendRings, unmixAlpha, unmixEdge, type Rgb3 } from './edge-unmix.js';
import { createMask, type RgbImage } from './image.js';

const near = (a: number[], b: number[], eps = 1e-6) => a.every((v, k) => Math.abs(v - b[k]!) < eps);

test('a half-and-half blend of a blue garment and a white sweep reads α 0.5 and unmixes to the blue', () => {
  const bg: Rgb3 = [250, 250, 250], fg: Rgb3 = [50, 50, 250];
  // (I − B)·(F − B) / |F − B|² = (−100·−200 · 2) / 80000 = 0.5
  assert.equal(unmixAlpha([150, 150, 250], bg, fg), 0.5);
  // F = B + (I − B) / 0.5 = 250 − 200 = 50
  assert.ok(near(unmixEdge([150, 150, 250], bg, fg), [50, 50, 250]));
});

test('a pixel mostly background (α below minAlpha) is blended towards the reference colour', () => {
  const bg: Rgb3 = [250, 250, 250], fg: Rgb3 = [50, 50, 250];
  // α = 0.25 < 0.35: F at 1/0.35 gain is 250 − 50/0.35 = 750/7; t = 0.25/0.35 = 5/7;
  // 750/7 · 5/7 + 50 · 2/7 = 4450/49 ≈ 90.8
  assert.equal(unmixAlpha([200, 200, 250], bg, fg), 0.25);
  assert.ok(near(unmixEdge([200, 200, 250], bg, fg), [4450 / 49, 4450 / 49, 250]));
  // pure background: the reference itself
  assert.ok(near(unmixEdge(bg, bg, fg), fg));
});

test('an edge pixel of the plain background is not drawn; one a third cloth or more is drawn whole', () => {
  const bg: Rgb3 = [250, 250, 250], fg: Rgb3 = [50, 50, 250];
  // α = (I − B)·(F − B) / |F − B|², |F − B|² = 2 · 200² = 80000; by α (α − 0.05) / 0.25, by distance (d − 8) / 12
  assert.equal(edgeOpacity(bg, bg, fg), 0);
  // JPEG noise of 4 levels: α = 2·4·200 / 80000 = 0.02, d = 4√2 ≈ 5.7: both below
  assert.equal(edgeOpacity([246, 246, 250], bg, fg), 0);
  // α = 2·10·200 / 80000 = 0.05 (0 by α), d = 10√2 ≈ 14.14: by distance (10√2 − 8) / 12
  assert.ok(Math.abs(edgeOpacity([240, 240, 250], bg, fg) - (10 * Math.SQRT2 - 8) / 12) < 1e-9);
  // α = 0.25: 0.2 / 0.25 = 0.8 by α; d = 50√2 ≈ 71: whole by distance
  assert.equal(edgeOpacity([200, 200, 250], bg, fg), 1);
  // a dark print past the reference (α 1): whole
  assert.equal(edgeOpacity([0, 0, 0], [250, 250, 250], [120, 120, 120]), 1);
});

test('light cloth low on the line to a print\'s mean is cloth: far from the background', () => {
  // a black-on-white print's mean grey [130, 130, 130] on a white sweep [255, 255, 255]; its off-white cloth [230, 230, 230]
  // α = 25·125·3 / (125²·3) = 0.2 (0.6 by α), d = 25√3 ≈ 43 ≥ clothFrom: whole
  assert.equal(edgeOpacity([230, 230, 230], [255, 255, 255], [130, 130, 130]), 1);
  // a pixel 6 levels off the sweep: α = 0.048, d = 6√3 ≈ 10.4: (6√3 − 8) / 12 ≈ 0.2 by distance
  assert.ok(Math.abs(edgeOpacity([249, 249, 249], [255, 255, 255], [130, 130, 130]) - (6 * Math.sqrt(3) - 8) / 12) < 1e-9);
});

test('a garment too close to the background to tell them apart is drawn whole at its edge', () => {
  // |F − B| = √300 ≈ 17 < minContrast 30: unmixAlpha is 1
  assert.equal(edgeOpacity([250, 250, 250], [250, 250, 250], [240, 240, 240]), 1);
});

test('a dark print at the edge, farther from the sweep than the reference, comes back as it is', () => {
  // projection 250/130 > 1: α clamps to 1, no unmixing
  assert.deepEqual(unmixEdge([0, 0, 0], [250, 250, 250], [120, 120, 120]), [0, 0, 0]);
});

test('a garment too close to the background colour is not unmixed', () => {
  // |F − B| = √300 ≈ 17 < minContrast 30
  assert.equal(unmixAlpha([245, 245, 245], [250, 250, 250], [240, 240, 240]), 1);
  assert.deepEqual(unmixEdge([245, 245, 245], [250, 250, 250], [240, 240, 240]), [245, 245, 245]);
});

test('the backdrop under the garment is the background around it', () => {
  // 4×4: a blue garment on the centre 2×2, a red sweep around it
  const img: RgbImage = { width: 4, height: 4, channels: 3, data: new Uint8Array(48) };
  const matte = createMask(4, 4);
  for (let i = 0; i < 16; i++) {
    const x = i % 4, y = (i - x) / 4, inside = x >= 1 && x <= 2 && y >= 1 && y <= 2;
    img.data.set(inside ? [0, 0, 200] : [200, 0, 0], i * 3);
    matte.data[i] = inside ? 1 : 0;
  }
  const plane = backdropPlane(img, matte);
  // every half-size cell holds three red pixels and one garment pixel: red everywhere
  for (let i = 0; i < 16; i++) assert.ok(near([...plane.subarray(i * 3, i * 3 + 3)], [200, 0, 0]), `pixel ${i}`);
});

test('the unmixed colour never goes past the reference: a channel the background pushes too far is held at the pixel or the reference', () => {
  const bg: Rgb3 = [20, 20, 20], fg: Rgb3 = [220, 100, 50];
  // α = (100·200 + 100·80 + 40·30) / (200² + 80² + 30²) = 29200 / 47300
  const a = 29200 / 47300;
  assert.ok(Math.abs(unmixAlpha([120, 120, 60], bg, fg) - a) < 1e-9);
  // red 20 + 100/α ≈ 182 lies in [120, 220]; green 182 is held at 120 (of [100, 120]), blue 84.8 at 60 (of [50, 60])
  assert.ok(near(unmixEdge([120, 120, 60], bg, fg), [20 + 100 / a, 120, 60]));
});

test('extendRings carries the colour just inside outwards ring by ring, not an average of the whole inside', () => {
  // a 5×1 strip: black at x 0, white at x 1 known; x 2..4 unknown (photo values 7 there, to be replaced)
  const known = createMask(5, 1);
  known.data[0] = 1;
  known.data[1] = 1;
  const plane = new Float32Array([0, 0, 0, 255, 255, 255, 7, 7, 7, 7, 7, 7, 7, 7, 7]);
  const out = extendRings(plane, known, 2);
  // ring 1: x 2's only known neighbour is x 1 (white); ring 2: x 3 takes x 2's white; x 4 is not reached
  assert.deepEqual([...out.plane], [0, 0, 0, 255, 255, 255, 255, 255, 255, 255, 255, 255, 7, 7, 7]);
  assert.deepEqual([...out.known.data], [1, 1, 1, 1, 0]);
});

test('a ring pixel takes the mean of its known 8-neighbours', () => {
  // 3×2: known (0,0)=30 and (0,1)=90 (one channel shown, all three equal); (1,0) sees both: 60
  const known = createMask(3, 2);
  known.data[0] = 1;
  known.data[3] = 1;
  const plane = new Float32Array(18);
  plane.fill(30, 0, 3);
  plane.fill(90, 9, 12);
  const out = extendRings(plane, known, 1);
  assert.deepEqual([...out.plane.subarray(3, 6)], [60, 60, 60]);
  assert.deepEqual([...out.plane.subarray(12, 15)], [60, 60, 60]);
  // column 2 is two steps away: not reached in one ring
  assert.deepEqual([...out.known.data], [1, 1, 0, 1, 1, 0]);
});

test('backdropOfPlane reads the colours from a plane: the background beside a 2×2 garment fills it', () => {
  // 4×4, a blue garment in the middle 2×2 on green: every half-size cell holds three green pixels, the fill is green everywhere
  const plane = new Float32Array(16 * 3);
  const matte = createMask(4, 4);
  for (let i = 0; i < 16; i++) {
    const x = i % 4, y = (i - x) / 4, inside = x >= 1 && x <= 2 && y >= 1 && y <= 2;
    plane.set(inside ? [0, 0, 200] : [0, 150, 0], i * 3);
    matte.data[i] = inside ? 1 : 0;
  }
  const out = backdropOfPlane(plane, matte);
  for (let i = 0; i < 16; i++) assert.deepEqual([...out.subarray(i * 3, i * 3 + 3)], [0, 150, 0], `pixel ${i}`);
  assert.equal(plane[5 * 3 + 2], 200, 'the plane is only read');
});
