import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createMask, type Mask, type RgbImage } from '../../vision/image.js';
import { readOutline } from './verdict-edges.js';
import { HALO_PROFILE, haloShare, hasHalo } from './verdict-halo.js';

const SIZE = 64;
/** The garment: a band over the whole height, columns [16, 48); its outline is columns 16 and 47. */
const BAND_X0 = 16, BAND_X1 = 48;
type Rgb = [number, number, number];
const RED: Rgb = [200, 40, 40], GREY: Rgb = [128, 128, 128], WHITE: Rgb = [255, 255, 255];

function band(): Mask {
  const m = createMask(SIZE, SIZE);
  for (let y = 0; y < SIZE; y++) for (let x = BAND_X0; x < BAND_X1; x++) m.data[y * SIZE + x] = 1;
  return m;
}

/** An image with a colour per column (the same on every row). */
function columns(colour: (x: number) => Rgb): RgbImage {
  const data = new Uint8Array(SIZE * SIZE * 3);
  for (let y = 0; y < SIZE; y++) for (let x = 0; x < SIZE; x++) data.set(colour(x), (y * SIZE + x) * 3);
  return { width: SIZE, height: SIZE, channels: 3, data };
}

/** The person's photo: a grey wall. The result: the red garment drawn on it, cleanly. */
const photo = columns(() => GREY);
const clean = (x: number): Rgb => (x >= BAND_X0 && x < BAND_X1 ? RED : GREY);

function share(result: (x: number) => Rgb): number | null {
  const x = { result: columns(result), original: photo, cover: band(), keep: createMask(SIZE, SIZE) };
  return haloShare(x, readOutline(x));
}

test('the profile parameters are the ones the hand-worked figures below assume', () => {
  assert.deepEqual(HALO_PROFILE, {
    insideFromPx: 4, insideToPx: 8, bandInsidePx: 3, bandOutsidePx: 12, changedMin: 20, beyondPx: 4, minOff: 45, minRunPx: 3, minProfiles: 20, maxBlendOff: 20, blendAt: 0.1,
  });
});

test('haloShare: a clean edge has none; a white rim 3 px wide inside the left side is half the outline', () => {
  assert.equal(share(clean), 0);
  // columns 16–18: the product photo's white kept at the cut-out's edge, far from the red garment and the grey wall
  assert.equal(share((x) => (x >= BAND_X0 && x < BAND_X0 + 3 ? WHITE : clean(x))), 0.5);
  // 2 px wide: under minRunPx, a clean edge's blend is as wide
  assert.equal(share((x) => (x >= BAND_X0 && x < BAND_X0 + 2 ? WHITE : clean(x))), 0);
});

test('haloShare: a fill outside the outline in a colour of neither side is a halo; one that continues the wall is not', () => {
  // columns 10–15 changed to a pink smear beyond the left side: far from red (163) and from grey (82)
  assert.equal(share((x) => (x >= 10 && x < BAND_X0 ? [200, 150, 160] : clean(x))), 0.5);
  // the same columns repainted in the wall's own grey (a fill that reads as background): unchanged, no halo
  assert.equal(share((x) => (x >= 10 && x < BAND_X0 ? [130, 128, 126] : clean(x))), 0);
});

test('haloShare: a soft edge passes from the garment to the wall through blends, no halo', () => {
  // a 3-px ramp beside the left side (quarter steps from red to grey): only its middle sample is 45 or more from both sides
  const ramp = (x: number): Rgb => {
    if (x < 13 || x >= BAND_X0) return clean(x);
    const f = (x - 12) / 4;
    return [GREY[0] + f * (RED[0] - GREY[0]), GREY[1] + f * (RED[1] - GREY[1]), GREY[2] + f * (RED[2] - GREY[2])];
  };
  assert.equal(share(ramp), 0);
});

test('hasHalo: the run must be minOff from every garment sample and every sample beyond', () => {
  const n = HALO_PROFILE.insideToPx + HALO_PROFILE.bandOutsidePx + HALO_PROFILE.beyondPx + 1;
  const prof = (rim: Rgb) => {
    const rgb = new Float32Array(n * 3);
    for (let k = 0; k < n; k++) {
      const t = k - HALO_PROFILE.insideToPx;
      rgb.set(t >= -2 && t <= 0 ? rim : t <= 0 ? RED : GREY, k * 3);
    }
    return { rgb, changed: new Uint8Array(n) };
  };
  // a rim 46 from grey (and far from red) is a halo; at 44 from grey it is the wall's shade
  assert.equal(hasHalo(prof([128 + 46, 128, 128])), true);
  assert.equal(hasHalo(prof([128 + 44, 128, 128])), false);
});

test('haloShare: too little outline to judge gives no figure', () => {
  // kept parts over every profile
  const x = { result: columns(clean), original: photo, cover: band(), keep: createMask(SIZE, SIZE, 1) };
  assert.equal(haloShare(x, readOutline(x)), null);
});

test('haloShare: a white band inside the edge of a garment printed with white is its print; past the outline it is a halo', () => {
  // the red garment with a white stripe at columns 30–33 (1/6 of the columns its colours are read in, 20–43) and white at its
  // left edge, columns 16–18: the left profiles read red at t = −8…−4 (columns 24–20), red at t = −3 (19), white at t = −2…0
  // (18–16), grey beyond: three white samples 220 from grey and far from red, a halo by colour, but all in the garment's own
  // colours and inside it: not counted, the right side is clean: 0
  const printed = (edge: (x: number) => boolean) => (x: number): Rgb => (edge(x) || (x >= 30 && x <= 33) ? WHITE : clean(x));
  assert.equal(share(printed((x) => x >= 16 && x <= 18)), 0);
  // the white runs on past the outline over columns 14–15 (changed from the grey photo): the run reaches outside the garment,
  // a halo on every left profile: half the outline
  assert.equal(share(printed((x) => x >= 14 && x <= 18)), 0.5);
});

test('hasHalo: a run wholly in the garment\'s own colours is no halo', () => {
  const n = HALO_PROFILE.insideToPx + HALO_PROFILE.bandOutsidePx + HALO_PROFILE.beyondPx + 1;
  const rgb = new Float32Array(n * 3), own = new Uint8Array(n);
  for (let k = 0; k < n; k++) {
    const t = k - HALO_PROFILE.insideToPx;
    rgb.set(t >= -2 && t <= 0 ? WHITE : t <= 0 ? RED : GREY, k * 3);
    own[k] = t <= 0 ? 1 : 0;
  }
  assert.equal(hasHalo({ rgb, changed: new Uint8Array(n) }), true);
  assert.equal(hasHalo({ rgb, changed: new Uint8Array(n), own }), false);
  // one of the three (t = −1) not the garment's own colour: a halo again
  own[HALO_PROFILE.insideToPx - 1] = 0;
  assert.equal(hasHalo({ rgb, changed: new Uint8Array(n), own }), true);
});
