import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fitSkinModel, skinMask, skinSaturationShare } from './skin.js';
import type { RgbImage } from './image.js';

function image(colours: [number, number, number][]): RgbImage {
  const data = new Uint8Array(colours.length * 3);
  colours.forEach((c, i) => data.set(c, i * 3));
  return { width: colours.length, height: 1, channels: 3, data };
}

function faceSample(rgb: [number, number, number]): RgbImage {
  const side = 10;
  const data = new Uint8Array(side * side * 3);
  for (let i = 0; i < side * side; i++) data.set([rgb[0] + (i % 3) - 1, rgb[1] + (i % 5) - 2, rgb[2] + (i % 4) - 2], i * 3);
  return { width: side, height: side, channels: 3, data };
}

const box = { x0: 0, y0: 0, x1: 10, y1: 10 };

test('skin of the face tone counts as skin, in light and in shade; blue cloth does not', () => {
  const model = fitSkinModel(faceSample([200, 160, 140]), box)!;
  const m = skinMask(image([[200, 160, 140], [110, 86, 74], [225, 185, 165], [40, 60, 160]]), model);
  assert.deepEqual(Array.from(m.data).map((v) => v > 0.9), [true, true, true, false]);
});

test('saturation share: about 1 on skin in light or shade, near 0 on white and grey', () => {
  for (const face of [[200, 160, 140], [110, 70, 50]] as [number, number, number][]) {
    const model = fitSkinModel(faceSample(face), box)!;
    const shade = face.map((v) => Math.round(v * 0.55)) as [number, number, number];
    for (const c of [face, shade]) {
      const share = skinSaturationShare(model, ...c);
      assert.ok(share > 0.8 && share < 1.25, `${c}: ${share}`);
    }
    for (const c of [[240, 240, 240], [128, 128, 128], [245, 243, 240]] as [number, number, number][]) {
      assert.ok(skinSaturationShare(model, ...c) < 0.15, `${c} on ${face}`);
    }
  }
});
