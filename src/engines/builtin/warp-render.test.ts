import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createMask } from '../../vision/image.js';
import { closeSleeveGaps, createLayer, legPartition, limbEdgeShare, limbSpans, panelSeamShare, seamCover, seamShare, trimToSpans, edgeAlpha, EDGE, partShare, pixelOwner, renderGarment, type GarmentLayer } from './warp-render.js';
import type { GarmentAnalysis } from './garment-analysis.js';
import type { GarmentFit } from './fit-targets.js';

/** One row: runs of [part, length] (part 0 = empty), colours by part. */
function row(runs: [number, number][]): GarmentLayer {
  const width = runs.reduce((s, [, n]) => s + n, 0);
  const layer = createLayer(width, 1);
  let x = 0;
  for (const [part, n] of runs) {
    for (let k = 0; k < n; k++, x++) {
      if (part === 0) continue;
      layer.alpha[x] = 1;
      layer.part[x] = part;
      layer.rgb.set(part === 1 ? [200, 0, 0] : [0, 0, 200], x * 3);
    }
  }
  return layer;
}

test('a narrow gap between panel and sleeve is closed with colours between theirs', () => {
  const layer = row([[1, 5], [0, 3], [2, 5]]);
  closeSleeveGaps(layer, 4);
  assert.deepEqual(Array.from(layer.alpha), Array(13).fill(1));
  // panel red (200, 0, 0) on one side, sleeve blue (0, 0, 200) on the other: the fill has some of each, no green
  const [r, g, b] = Array.from(layer.rgb.slice(6 * 3, 6 * 3 + 3));
  assert.ok(r! > 0 && r! < 200 && b! > 0 && b! < 200 && g === 0, `${r} ${g} ${b}`);
  assert.equal(layer.limb[6], 255);
  assert.equal(layer.part[6], 2);
});

test("a gap's fill takes the cloth around it in 2-D, not only its own row's two ends (no streak per row)", () => {
  // 13×4: every row is panel 5 px, gap 3 px, sleeve 5 px; row 0's panel is green instead of red.
  // Row by row, row 2's gap was a blend of red and blue only; filled from the cloth around it, the
  // green above reaches it.
  const layer = createLayer(13, 4);
  for (let y = 0; y < 4; y++) {
    for (let x = 0; x < 13; x++) {
      if (x >= 5 && x < 8) continue;
      const i = y * 13 + x;
      layer.alpha[i] = 1;
      layer.part[i] = x < 5 ? 1 : 2;
      layer.rgb.set(x >= 8 ? [0, 0, 200] : y === 0 ? [0, 200, 0] : [200, 0, 0], i * 3);
    }
  }
  closeSleeveGaps(layer, 4);
  assert.equal(layer.alpha[2 * 13 + 6], 1);
  assert.ok(layer.rgb[(2 * 13 + 6) * 3 + 1]! > 0, 'some green in row 2');
});

test("the corner where a sleeve's hem meets the panel's side is not filled over the arm below", () => {
  // 13×10: panel at x 0..4 on every row; sleeve at x 8..12 on rows 0..4 only (its hem at row 4); below
  // the hem the rows run on from the panel to the empty arm. A closing alone rounds that corner: a
  // disk of radius 3 containing (5, 5) lies within 3 px of the panel or the sleeve, e.g. the one centred
  // at (7, 7) reaches the panel at (4, 7). The rows below the hem have no sleeve at their end, so stay.
  const layer = createLayer(13, 10);
  for (let y = 0; y < 10; y++) {
    for (let x = 0; x < 13; x++) {
      const panel = x < 5, sleeve = x >= 8 && y <= 4;
      if (!panel && !sleeve) continue;
      const i = y * 13 + x;
      layer.alpha[i] = 1;
      layer.part[i] = panel ? 1 : 2;
      layer.rgb.set(panel ? [200, 0, 0] : [0, 0, 200], i * 3);
    }
  }
  closeSleeveGaps(layer, 6);
  assert.equal(layer.alpha[1 * 13 + 6], 1, 'the gap between sleeve and panel above the hem is filled');
  for (let y = 5; y < 10; y++) for (let x = 5; x < 13; x++) assert.equal(layer.alpha[y * 13 + x], 0, `(${x}, ${y})`);
});

test('wide gaps, and gaps between two sleeves or two panels, stay open', () => {
  for (const runs of [[[1, 5], [0, 6], [2, 5]], [[2, 5], [0, 3], [2, 5]], [[1, 5], [0, 3], [1, 5]]] as [number, number][][]) {
    const layer = row(runs);
    closeSleeveGaps(layer, 4);
    assert.equal(layer.alpha[6], 0, JSON.stringify(runs));
  }
});

test('the outline is drawn sharpened, a little inside the smoothed matte', () => {
  // hand-worked with EDGE = { sharpen 5, inset 0.06 }: alpha = clamp(0.5 + (f − 0.56) × 5)
  assert.equal(EDGE.sharpen, 5);
  assert.equal(EDGE.inset, 0.06);
  assert.equal(edgeAlpha(1), 1);
  assert.equal(edgeAlpha(0), 0);
  assert.ok(Math.abs(edgeAlpha(0.5) - 0.2) < 1e-9, 'the old 0.5 line is drawn at 0.2: the outline moved inside');
  assert.ok(Math.abs(edgeAlpha(0.56) - 0.5) < 1e-9);
  assert.equal(edgeAlpha(0.66), 1, 'saturates a tenth above its level');
  assert.equal(edgeAlpha(0.4), 0);
});

test('a magnified part is sharpened more, so its drawn edge stays about EDGE.edgePx output px wide', () => {
  // hand-worked with EDGE = { sharpen 5, inset 0.06, edgePx 1.5 }: at 3 output px per analysis px the sharpening is 5 × 3 / 1.5 = 10
  assert.equal(EDGE.edgePx, 1.5);
  assert.ok(Math.abs(edgeAlpha(0.56, 3) - 0.5) < 1e-9, 'the outline stays where it was');
  assert.ok(Math.abs(edgeAlpha(0.6, 3) - 0.9) < 1e-9, 'was 0.7 unmagnified');
  assert.equal(edgeAlpha(0.62, 3), 1);
  assert.equal(edgeAlpha(0.5, 3), 0, 'was 0.2: the soft rim outside the outline is gone');
  assert.ok(Math.abs(edgeAlpha(0.5, 1.5) - 0.2) < 1e-9, 'up to EDGE.edgePx the sharpening is as before');
});

test("a part's share of the matte: its own value inside, reaching past the matte's edge near the part only", () => {
  // 12×1 row: matte 1 at x 0..5, 0.5 at x 6 (soft edge), 0 beyond; the part (a sleeve) is x 3..6 at the matte's value
  const matte = createMask(12, 1), part = createMask(12, 1);
  for (let x = 0; x <= 5; x++) matte.data[x] = 1;
  matte.data[6] = 0.5;
  for (let x = 3; x <= 6; x++) part.data[x] = matte.data[x]!;
  const share = partShare(part, matte);
  assert.deepEqual(Array.from(share.data.slice(0, 7)), [0, 0, 0, 1, 1, 1, 1], 'inside: part / matte (1 in the soft edge too)');
  // outside the matte: 1 within EDGE.shareReachPx (3) of the part's last pixel at 0.5 or more (x 6), else 0
  assert.deepEqual(Array.from(share.data.slice(7)), [1, 1, 1, 0, 0]);
});

test("a layer pixel's owner: the first part to draw on it however faint, then a part that dominates it", () => {
  // a panel's faint soft edge (weight 0.1) on an empty pixel is the panel's
  assert.equal(pixelOwner(0, 0.1, 1), 1);
  // a sleeve's faint edge over it does not take it; a sleeve drawn at 0.5 or more does
  assert.equal(pixelOwner(1, 0.1, 2), 1);
  assert.equal(pixelOwner(1, 0.5, 2), 2);
});

test("a trousers' seat is kept only between the legs' outer sides, in the rows the legs reach", () => {
  // a 6×3 layer: row 0 legs on columns 2–3; row 1 a leg on column 1 only; row 2 no leg (the waistband above the legs)
  const layer = createLayer(6, 3);
  layer.alpha.fill(1);
  layer.limb[2] = 255; layer.limb[3] = 40;
  layer.limb[6 + 1] = 255;
  const spans = limbSpans(layer);
  assert.deepEqual([...spans], [2, 3, 1, 1, -1, -1]);
  trimToSpans(layer, spans);
  assert.deepEqual([...layer.alpha], [0, 0, 1, 1, 0, 0, 0, 1, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1]);
});

test('two trouser legs meet at the midline between their axes: the second goes beneath the first on the first\'s side', () => {
  // 10 px from the first axis, 20 from the second: the first's side, the second under it
  assert.equal(legPartition(10, 20), 1);
  assert.equal(legPartition(20, 10), 0);
  // on the midline, half; half a px towards the second (distances 10.5 and 10 → 10 and 10.5): a quarter more
  assert.equal(legPartition(10, 10), 0.5);
  assert.equal(legPartition(10, 10.5), 0.75);
  assert.equal(legPartition(10.5, 10), 0.25);
  // beyond the first's reach (Infinity): the second draws
  assert.equal(legPartition(Infinity, 10), 0);
});

test('the seam\'s shadow between two trouser legs: whole on their midline, none a width off it', () => {
  // equally far from both axes: on the midline
  assert.equal(seamShare(10, 10, 4), 1);
  // 10 and 14 px: 2 px off the midline, half of a 4 px width
  assert.equal(seamShare(10, 14, 4), 0.5);
  assert.equal(seamShare(14, 10, 4), 0.5);
  // 5 px off: none
  assert.equal(seamShare(10, 20, 4), 0);
  // past one leg's reach: none
  assert.equal(seamShare(Infinity, 10, 4), 0);
});

/**
 * A product photo 40×24 at scale 1: a blue cloth [50, 50, 250] from column 12
 * on, column 11 an anti-aliased pixel a twenty-fifth cloth ([242, 242, 250], α 0.04),
 * the rest a white sweep [250, 250, 250]; its matte steps two columns out
 * onto the sweep (garment from column 10), its core from column 14.
 */
function overshotMatte(): GarmentAnalysis {
  const w = 40, h = 24;
  const image = { width: w, height: h, channels: 3 as const, data: new Uint8Array(w * h * 3) };
  const matte = createMask(w, h), core = createMask(w, h);
  const bleed = new Float32Array(w * h * 3), backdrop = new Float32Array(w * h * 3);
  for (let i = 0; i < w * h; i++) {
    const x = i % w;
    image.data.set(x >= 12 ? [50, 50, 250] : x === 11 ? [242, 242, 250] : [250, 250, 250], i * 3);
    matte.data[i] = x >= 10 ? 1 : 0;
    core.data[i] = x >= 14 ? 1 : 0;
    bleed.set([50, 50, 250], i * 3);
    backdrop.set([250, 250, 250], i * 3);
  }
  return { image, matte, whole: matte, scale: 1, upper: { panel: matte } as never, lower: { panel: matte } as never, source: 'product', core, bleed, backdrop };
}

test('a trousers\' matte stepping out onto a product photo\'s plain background is not drawn there: the photo says where the cloth ends', () => {
  const g = overshotMatte();
  // the seat panel drawn where it lies in the photo (a thin-plate spline through the corners and the centre: the identity)
  const pts = [{ x: 0, y: 0 }, { x: 39, y: 0 }, { x: 0, y: 23 }, { x: 39, y: 23 }, { x: 20, y: 12 }];
  const fit = (category: 'lower' | 'upper'): GarmentFit => ({ category, panel: { garment: pts, body: pts, part: 'panel' }, limbs: [], scale: 1 });
  const layer = renderGarment(40, 24, g, fit('lower'));
  const at = (l: GarmentLayer, x: number) => l.alpha[12 * l.lw + x - l.ox]!;
  // column 10: the matte's outline drawn at 0.7 (field: two 5-tap box blurs, 15/25 = 0.6; 0.5 + 0.04 × 5), but sweep there (α 0)
  assert.equal(at(layer, 10), 0);
  // column 11: the field is 19/25 = 0.76, drawn whole by the matte; the photo shows a trace of cloth,
  // 8√2 ≈ 11.3 levels off the sweep: (8√2 − 8) / 12 by distance (edge-unmix.ts EDGE_OPACITY)
  assert.ok(Math.abs(at(layer, 11) - (8 * Math.SQRT2 - 8) / 12) < 1e-6, `column 11: ${at(layer, 11)}`);
  // the cloth itself is drawn whole in its own colour
  assert.equal(at(layer, 12), 1);
  assert.equal(at(layer, 20), 1);
  const p = (12 * layer.lw + 20 - layer.ox) * 3;
  assert.deepEqual(Array.from(layer.rgb.slice(p, p + 3)).map(Math.round), [50, 50, 250]);
  // a top keeps the matte's outline (PartSource.photoEdge)
  assert.ok(Math.abs(at(renderGarment(40, 24, g, fit('upper')), 10) - 0.7) < 1e-6);
});

test("a limb's seam with the panel is drawn crisp round its share's 0.2 level, whatever its magnification", () => {
  const near = (a: number, b: number) => assert.ok(Math.abs(a - b) < 1e-9, `${a} vs ${b}`);
  // magnified 4×: the 3 px ramp would be 12 output px; half of 1.5 px of it is 0.75 / 12 = 0.0625 of the share
  near(limbEdgeShare(0.2, 4), 0.5);
  near(limbEdgeShare(0.23125, 4), 0.75);
  near(limbEdgeShare(0.2625, 4), 1);
  near(limbEdgeShare(0.5, 4), 1);
  near(limbEdgeShare(0.1375, 4), 0);
  // (the soft share's 0.5 line, the old edge, is now well inside; 0.1 of the share, a faint fringe before, is gone)
  near(limbEdgeShare(0.1, 4), 0);
  // unmagnified the ramp is held to 0.2 each side of the level, so a share of 0 stays 0
  near(limbEdgeShare(0, 1), 0);
  near(limbEdgeShare(0.1, 1), 0.25);
  near(limbEdgeShare(0.4, 1), 1);
});

test("a top's panel's side of a seam with a limb is whole from its share's 0.6, in proportion below", () => {
  const near = (a: number, b: number) => assert.ok(Math.abs(a - b) < 1e-9, `${a} vs ${b}`);
  near(panelSeamShare(0.6), 1);
  near(panelSeamShare(0.9), 1);
  near(panelSeamShare(0.3), 0.5);
  near(panelSeamShare(0.15), 0.25);
  near(panelSeamShare(0), 0);
});

test("where a sleeve and the panel meet, their two shares cover the pixel together, as far as the outline's opacity", () => {
  const near = (a: number, b: number) => assert.ok(Math.abs(a - b) < 1e-9, `${a} vs ${b}`);
  // two soft edges of 0.85 each: one over the other leaves 0.15 × 0.15 = 0.0225 showing; together they are whole
  near(seamCover(0.85, 1, 0.85, 1), 1);
  // shares that do not quite meet: 0.5 + 0.3
  near(seamCover(0.5, 1, 0.3, 1), 0.8);
  // where the seam reaches the garment's outline the outline's opacity stays (the lesser of the two)
  near(seamCover(0.9, 0.6, 0.9, 1), 0.6);
});

/**
 * A plain top 40×24 at scale 1, its matte columns 4–37 of rows 2–21; the
 * panel is columns up to 17 and the sleeve from 21, the seam between them a
 * soft ramp over columns 18–20 (panel 0.75, 0.5, 0.25, the sleeve the rest).
 */
function seamedTop(): GarmentAnalysis {
  const w = 40, h = 24;
  const image = { width: w, height: h, channels: 3 as const, data: new Uint8Array(w * h * 3).fill(120) };
  const matte = createMask(w, h), panel = createMask(w, h), sleeve = createMask(w, h);
  for (let i = 0; i < w * h; i++) {
    const x = i % w, y = Math.floor(i / w);
    if (x < 4 || x > 37 || y < 2 || y > 21) continue;
    matte.data[i] = 1;
    panel.data[i] = x <= 17 ? 1 : x >= 21 ? 0 : (21 - x) / 4;
    sleeve.data[i] = 1 - panel.data[i]!;
  }
  const colours = new Float32Array(w * h * 3).fill(120);
  return { image, matte, whole: matte, scale: 1, upper: { panel, sleeveL: { mask: sleeve } } as never, lower: null, source: 'product', core: matte, bleed: colours, backdrop: colours };
}

test('a sleeve warped a pixel off the panel leaves no see-through line along the seam', () => {
  const g = seamedTop();
  // the panel where it lies in the photo; the sleeve one column to the right of it (its axis from column 21 onto the photo's 20)
  const pts = [{ x: 0, y: 0 }, { x: 39, y: 0 }, { x: 0, y: 23 }, { x: 39, y: 23 }, { x: 20, y: 12 }];
  const warp = { body: [{ x: 21, y: 12 }, { x: 38, y: 12 }], garment: [{ x: 20, y: 12 }, { x: 37, y: 12 }], acrossScale: 1 };
  const fit: GarmentFit = { category: 'upper', panel: { garment: pts, body: pts, part: 'panel' }, limbs: [{ warp, part: 'sleeveL', reach: 20 }], scale: 1 };
  const layer = renderGarment(40, 24, g, fit);
  const at = (x: number) => layer.alpha[(12 - layer.oy) * layer.lw + x - layer.ox]!;
  // Column 18: the panel's share 0.75, the sleeve's (the photo's column 17) 0: drawn as it is, 0.75 and nothing
  // beneath; whole from 0.6, whole.
  assert.equal(at(18), 1);
  // Column 19: the panel's 0.5 → 0.5 / 0.6 = 0.8333; the sleeve's 0.25 (round its 0.2, ±0.2) 0.5 + 0.05 × 2.5 = 0.625:
  // one over the other 0.8333 + 0.625 × 0.1667 = 0.9375, together whole.
  assert.ok(Math.abs(at(19) - 1) < 1e-9, `column 19: ${at(19)}`);
  // Column 20: the sleeve's 0.5, whole beneath.
  assert.ok(Math.abs(at(20) - 1) < 1e-9, `column 20: ${at(20)}`);
  // the garment's outline keeps its soft edge: column 4's field is 15/25 = 0.6, drawn 0.5 + 0.04 × 5 = 0.7
  assert.ok(Math.abs(at(4) - 0.7) < 1e-6, `column 4: ${at(4)}`);
});
