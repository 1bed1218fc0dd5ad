import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createMask, type RgbImage } from './image.js';
import { estimateBorderBackground, openBarrier, peelShadowRim, productMatte, readBackground, seedRuns } from './garment-matte.js';
import { maskArea } from './mask-ops.js';

function productPhoto(bg: [number, number, number], fg: [number, number, number]): RgbImage {
  const w = 120, h = 160;
  const data = new Uint8Array(w * h * 3);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const inGarment = x >= 30 && x < 90 && y >= 20 && y < 140;
      // a print inside the garment with the background's colour: must stay garment
      const print = x >= 50 && x < 70 && y >= 60 && y < 80;
      const c = inGarment && !print ? fg : bg;
      const noise = ((x * 7 + y * 13) % 5) - 2;
      data.set([c[0] + noise, c[1] + noise, c[2] + noise], (y * w + x) * 3);
    }
  }
  return { width: w, height: h, channels: 3, data };
}

test('the border colour is found and the garment (with a background-coloured print) is matted', () => {
  const img = productPhoto([240, 240, 238], [200, 40, 60]);
  const bg = estimateBorderBackground(img);
  assert.ok(Math.abs(bg.rgb[0] - 240) <= 2 && bg.plainness > 0.9);
  const m = productMatte(img, bg);
  const area = maskArea(m);
  // 60 × 120 garment, minus the 1 px rim dropped for the halo
  assert.ok(area > 58 * 118 * 0.97 && area < 60 * 120 * 1.02, `area ${area}`);
  assert.ok(m.data[70 * 120 + 60]! > 0.9, 'the print is garment');
  assert.ok(m.data[5 * 120 + 5]! < 0.01);
});

test('a white tee on a light grey background is still separated', () => {
  const m = productMatte(productPhoto([228, 228, 228], [250, 250, 250]));
  const area = maskArea(m);
  assert.ok(area > 60 * 120 * 0.9 && area < 60 * 120 * 1.05, `area ${area}`);
});

test('one read of the background serves both barrier widths: each matte as its route makes it alone', () => {
  const img = productPhoto([228, 228, 228], [250, 250, 250]);
  const bg = estimateBorderBackground(img);
  const reads = readBackground(img, bg);
  const before = { coloured: new Uint8Array(reads.coloured), edges: new Uint8Array(reads.edges) };
  for (const grow of [2, 5]) assert.deepEqual(productMatte(img, bg, grow, reads).data, productMatte(img, bg, grow).data);
  // (the mattes only read them: the second route sees what the first saw)
  assert.deepEqual(reads, before);
  // the white tee's outline is an edge, its inside and the background are not
  assert.equal(reads.edges[80 * 120 + 29], 1);
  assert.equal(reads.edges[80 * 120 + 10], 0);
  assert.equal(reads.coloured[5 * 120 + 5], 1);
  assert.equal(reads.coloured[100 * 120 + 40], 0);
});

/**
 * A 20 × 12 picture: background (250) in columns 0–3, then a rim profile in
 * columns 4–6 given per column, then the garment (dark red) from column 7 on.
 * The matte covers columns 4 onwards (the flood fill stopped at the rim).
 */
function rimScene(rim: [number, number, number][]): { image: RgbImage; matte: ReturnType<typeof createMask> } {
  const w = 20, h = 12;
  const data = new Uint8Array(w * h * 3);
  const matte = createMask(w, h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const c = x < 4 ? [250, 250, 250] : x < 7 ? rim[x - 4]! : [120, 20, 30];
      data.set(c, (y * w + x) * 3);
      matte.data[y * w + x] = x >= 4 ? 1 : 0;
    }
  }
  return { image: { width: w, height: h, channels: 3, data }, matte };
}

const plainBg = { rgb: [250, 250, 250] as [number, number, number], spread: 1, plainness: 1 };

test('a soft shadow ramp (lighter pixel by pixel outwards) is peeled off the drawn matte', () => {
  // distances to the background: 17, 35, 52 (steps of ~17 > 6), then the garment's 260
  const { image, matte } = rimScene([[240, 240, 240], [230, 230, 230], [220, 220, 220]]);
  const out = peelShadowRim(image, matte, plainBg);
  const row = 5 * 20;
  // all three ramp columns go (each pass peels the outermost, RIM_RAMP.maxPx = 3); the garment stays
  assert.deepEqual([4, 5, 6, 7, 8].map((x) => out.data[row + x]), [0, 0, 0, 1, 1]);
});

test('a light trim (a plateau of one colour before the garment) is kept', () => {
  // a white trim 3 px wide: no step towards the background between its pixels
  const { image, matte } = rimScene([[244, 244, 244], [244, 244, 244], [244, 244, 244]]);
  const out = peelShadowRim(image, matte, plainBg);
  assert.deepEqual([4, 5, 6, 7].map((x) => out.data[5 * 20 + x]), [1, 1, 1, 1]);
});

test('a ramp that ends in a plateau is peeled only down to the plateau', () => {
  // 240 then two px of 225: the outer step is 17, the next 0
  const { image, matte } = rimScene([[240, 240, 240], [225, 225, 225], [225, 225, 225]]);
  const out = peelShadowRim(image, matte, plainBg);
  assert.deepEqual([4, 5, 6, 7].map((x) => out.data[5 * 20 + x]), [0, 1, 1, 1]);
});

test('a drop shadow with a plateau core (the background darkened, lighter outwards) is peeled down to the garment', () => {
  // levels 240/250 = 0.96, then 210/250 = 0.84 twice: inner 0.84 ≤ 0.85, rise 0.12 ≥ 0.1, the red garment reached after 3 px
  // (the ramp alone stops at the plateau: 210 is 69 from the background, past RIM_RAMP.maxBgDistance)
  const { image, matte } = rimScene([[240, 240, 240], [210, 210, 210], [210, 210, 210]]);
  const out = peelShadowRim(image, matte, plainBg);
  assert.deepEqual([4, 5, 6, 7, 8].map((x) => out.data[5 * 20 + x]), [0, 0, 0, 1, 1]);
});

test('a grey garment (the background darkened, wider than SHADOW_BAND.maxPx) keeps its edge past the outer ramp pixel', () => {
  const { image, matte } = rimScene([[240, 240, 240], [210, 210, 210], [210, 210, 210]]);
  // the garment itself grey 210 from column 7 on: the band never reaches another colour
  for (let y = 0; y < 12; y++) for (let x = 7; x < 20; x++) image.data.set([210, 210, 210], (y * 20 + x) * 3);
  const out = peelShadowRim(image, matte, plainBg);
  // only the outer ramp pixel (240 before 210: a step of 52 towards the background) goes
  assert.deepEqual([4, 5, 6, 7].map((x) => out.data[5 * 20 + x]), [0, 1, 1, 1]);
});

test('a grey edge before a lighter band (a light garment shaded at its side, then its print) is not a shadow band', () => {
  // levels 0.88, 0.80, then 0.96: lighter again by 0.16 > maxRebound; only the outer ramp pixel goes (220 → 200 is a step of 35)
  const { image, matte } = rimScene([[220, 220, 220], [200, 200, 200], [240, 240, 240]]);
  const out = peelShadowRim(image, matte, plainBg);
  assert.deepEqual([4, 5, 6, 7].map((x) => out.data[5 * 20 + x]), [0, 1, 1, 1]);
});

test('a speck of the matte cut off from the garment is not drawn', () => {
  // the plain red garment from column 7 on (no rim to peel), plus a lone matte pixel at (1, 1) on the background
  const { image, matte } = rimScene([[120, 20, 30], [120, 20, 30], [120, 20, 30]]);
  matte.data[1 * 20 + 1] = 1;
  const out = peelShadowRim(image, matte, plainBg);
  // 1 px against the garment's 16 × 12 = 192: under 5 % of the largest piece
  assert.equal(out.data[1 * 20 + 1], 0);
  assert.equal(out.data[5 * 20 + 4], 1);
});

test('openBarrier lists, in raster order, the barrier pixels close to the background colour that are not background yet', () => {
  const isBg = Uint8Array.from([1, 0, 0, 0, 0]);
  const barrier = Uint8Array.from([1, 1, 0, 1, 1]);
  const coloured = Uint8Array.from([1, 1, 1, 0, 1]);
  // pixel 0 is background, 2 is off the barrier, 3 is not the background's colour
  assert.deepEqual([...openBarrier(isBg, barrier, coloured)], [1, 4]);
});

test('seedRuns pushes the first pixel of each open run within the span', () => {
  // state 1 is open: runs at 1–2 and 4; the span 2..5 starts inside the first run, which is seeded at 2
  const state = Uint8Array.from([0, 1, 1, 0, 1, 2, 1]);
  const seeds: number[] = [];
  seedRuns(state, 2, 5, seeds);
  assert.deepEqual(seeds, [2, 4]);
});
