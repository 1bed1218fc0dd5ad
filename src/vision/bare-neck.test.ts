import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createMask } from './image.js';
import { chestLift, litLuma, measureNeck, neckLight, withBareNeck, type NeckFrame } from './bare-neck.js';

// a neck centred at x = 100 from the chin (y 40) to the shoulders' midpoint (y 140); shoulder width 100 px, shelves at y 116
const frame: NeckFrame = { chin: { x: 100, y: 40 }, base: { x: 100, y: 140 }, swPx: 100, shelf: [116, 116] };

/** Visible neck skin: 13 px either side of x = 100 from the chin down to row `bottom` (the old collar below). */
const neckSkin = (bottom: number, left = 13, right = 13) => (x: number, y: number) => y >= 40 && y <= bottom && x >= 100 - left && x <= 100 + right;
const skinColour = (): [number, number, number] => [200, 160, 130];

test("the bare neck keeps the visible neck's width, and its colour", () => {
  const m = measureNeck(neckSkin(90), skinColour, frame);
  assert.ok(m);
  assert.deepEqual(m.halves.map((h) => Math.round(h)), [14, 14]);
  assert.deepEqual(m.tone, [200, 160, 130]);
});

test('a neck side hidden (hair, a collar rising on one side) takes the other side’s width', () => {
  const m = measureNeck(neckSkin(90, 6, 13), skinColour, frame);
  assert.ok(m);
  assert.equal(m.halves[0], m.halves[1]);
});

test('too little neck showing leaves the outline as it was', () => {
  assert.equal(measureNeck(neckSkin(43), skinColour, frame), null);
});

test('the redrawn neck: skin inside its width, background beside it (an old collar’s outline), rounded into the shoulders at the shelf', () => {
  const w = 200, h = 200;
  const bare = createMask(w, h), matte = createMask(w, h, 1);
  // the old outline: a trapezoid 20 px either side of the centre line
  for (let y = 40; y < 200; y++) for (let x = 80; x <= 120; x++) bare.data[y * w + x] = 1;
  const out = withBareNeck(bare, matte, frame, [14, 14]);
  const at = (x: number, y: number) => out.data[y * w + x]!;
  assert.equal(at(100, 80), 1);
  assert.equal(at(113, 80), 1);
  assert.equal(at(116, 80), 0, 'beside the neck');
  // the fillet (radius 8 px) flares the side out towards the shelf
  assert.equal(at(116, 114), 1);
  assert.equal(at(118, 130), 1, 'below the shelf the outline is as it was');
});

test("the neck's light: darker under the chin, the tone at its base, the collarbones lighter, none far out", () => {
  const underChin = neckLight(frame, 100, 42), base = neckLight(frame, 100, 112);
  assert.ok(underChin.shade < base.shade);
  assert.equal(base.weight, 1);
  const clavicle = neckLight(frame, 120, 132), notch = neckLight(frame, 100, 132);
  assert.ok(clavicle.shade > notch.shade);
  assert.equal(neckLight(frame, 190, 170).weight, 0);
});

test('the upper chest is lifted towards the face’s lit luma, never darkened, at most 12 %', () => {
  assert.equal(chestLift([100, 100, 100], 90), 1);
  assert.equal(chestLift([100, 100, 100], 105), 1.05);
  assert.equal(chestLift([100, 100, 100], 200), 1.12);
  assert.equal(chestLift([100, 100, 100], null), 1);
  // the lit part: the mean between the 60th and 90th percentiles
  assert.equal(litLuma([0, 10, 20, 30, 40, 50, 60, 70, 80, 90]), 70);
});
