import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createMask, type RgbImage } from './image.js';
import { CLOTH_TONE, offSkinTone, pixelTone, pixelToneInto, withoutClothTones, zoneClothTone, type Tone } from './cloth-tone.js';

/**
 * Worked by hand (BT.601): skin (200, 150, 120) has luma 161.53, Cb −23.44,
 * Cr 27.44, chroma 36.09: hue atan2(27.44, −23.44) = 130.50°, ln(36.09/161.53)
 * = −1.4988. Beige cloth (190, 170, 140): luma 172.56, Cb −18.37, Cr 12.44,
 * chroma 22.19: hue 145.90°, ln(22.19/172.56) = −2.0511.
 */
const SKIN = [200, 150, 120], BEIGE = [190, 170, 140];

test('a pixel tone is its CbCr hue and ln saturation; grey has none', () => {
  const t = pixelTone(200, 150, 120)!;
  assert.ok(Math.abs(t.hue - 130.5) < 0.01);
  assert.ok(Math.abs(t.lnSat - -1.4988) < 0.001);
  assert.equal(pixelTone(128, 128, 128), null);
});

test('pixelToneInto writes the beige tone worked above into its array, and leaves it for grey', () => {
  const out = new Float64Array([7, 7]);
  assert.equal(pixelToneInto(190, 170, 140, out), true);
  assert.ok(Math.abs(out[0]! - 145.9) < 0.01);
  assert.ok(Math.abs(out[1]! - -2.0511) < 0.001);
  const grey = new Float64Array([7, 7]);
  assert.equal(pixelToneInto(128, 128, 128, grey), false);
  assert.deepEqual([...grey], [7, 7]);
});

test('a zone tone is off the skin by hue or saturation, and only when well outside the skin spread', () => {
  const skin: Tone = { hue: 130, lnSat: Math.log(0.2), hueSd: 3, lnSatSd: 0.2 };
  const at = (hue: number, sat: number): Tone => ({ hue, lnSat: Math.log(sat), hueSd: 3, lnSatSd: 0.12 });
  assert.equal(offSkinTone(at(138, 0.2), skin), true, '8° yellower, 2.7 spreads');
  assert.equal(offSkinTone(at(134, 0.2), skin), false, '4°: within skin');
  assert.equal(offSkinTone(at(130, 0.1), skin), true, 'half the saturation: ln 0.5 / 0.2 = 3.5 spreads');
  assert.equal(offSkinTone(at(130, 0.16), skin), false, '0.8× saturation');
  // face and hands spread wide (5°): 7° off is only 1.4 spreads
  assert.equal(offSkinTone(at(137, 0.2), { ...skin, hueSd: 5 }), false);
});

/** A w×h image of one colour. */
function flat(w: number, h: number, rgb: number[]): RgbImage {
  const data = new Uint8Array(w * h * 3);
  for (let i = 0; i < w * h; i++) data.set(rgb, i * 3);
  return { width: w, height: h, channels: 3, data };
}

test('a zone mostly skin-coloured but off the skin tone gives its cloth tone; a zone mostly not skin-test gives none', () => {
  const image = flat(10, 10, BEIGE);
  const skinTone: Tone = { hue: 130.5, lnSat: -1.4988, hueSd: 3, lnSatSd: 0.12 };
  const zone = createMask(10, 10, 1), matte = createMask(10, 10, 1);
  const tone = zoneClothTone(image, { zone, skin: createMask(10, 10, 1), matte }, skinTone)!;
  assert.ok(Math.abs(tone.hue - 145.9) < 0.01);
  assert.equal(tone.hueSd, CLOTH_TONE.minHueSd, 'one colour: the spread floor');
  // 50 of 100 zone pixels pass the skin test: under the 0.6 share
  const half = createMask(10, 10);
  for (let i = 0; i < 50; i++) half.data[i] = 1;
  assert.equal(zoneClothTone(image, { zone, skin: half, matte }, skinTone), null);
  // the skin's own tone in the zone is not cloth
  assert.equal(zoneClothTone(flat(10, 10, SKIN), { zone, skin: createMask(10, 10, 1), matte }, skinTone), null);
});

test('skin-test pixels of the cloth tone inside its zone leave the skin; skin-toned ones and those outside the zone stay', () => {
  // 20×20: columns 0–9 skin, columns 10–19 beige; all pass the skin test; the cloth's zone is rows 10–19
  const w = 20, h = 20;
  const image = flat(w, h, SKIN);
  for (let y = 0; y < h; y++) for (let x = 10; x < w; x++) image.data.set(BEIGE, (y * w + x) * 3);
  const skin = createMask(w, h, 1);
  const within = createMask(w, h);
  for (let i = 10 * w; i < w * h; i++) within.data[i] = 1;
  const skinTone: Tone = { hue: 130.5, lnSat: -1.4988, hueSd: 3, lnSatSd: 0.12 };
  const cloth: Tone = { hue: 145.9, lnSat: -2.0511, hueSd: 3, lnSatSd: 0.12 };
  // a beige pixel: 15.4° / 3 and 0.552 / 0.12 spreads from the skin = 6.9, 0 from the cloth: cloth by more than the 1-spread margin
  const out = withoutClothTones(image, skin, { skin: skinTone, cloth: [{ tone: cloth, within }] });
  assert.equal(out.data[15 * w + 17], 0, 'beige in the zone: cloth');
  assert.equal(out.data[15 * w + 2], 1, 'skin in the zone: skin');
  assert.equal(out.data[3 * w + 17], 1, 'beige outside the zone: left to the skin test');
  assert.equal(skin.data[15 * w + 17], 1, 'the input mask is left as it was');
  assert.equal(withoutClothTones(image, skin, { skin: skinTone, cloth: [] }), skin, 'no cloth tone: the skin itself');
});
