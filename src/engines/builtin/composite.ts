/**
 * Compositing one garment pass at full resolution:
 *   1. the old garment's uncovered part is replaced by the skin, other-garment or background fill;
 *   2. the new garment, shaded, goes over with its anti-aliased alpha;
 *   3. protected layers (face, hair, hands, feet, the other garment, arms in
 *      front of the torso) keep their original pixels.
 * Pixels outside the old garment and the new one are never written.
 */
import { createMask, type Mask } from '../../vision/image.js';
import { blurMask } from '../../vision/mask-ops.js';
import { createSampler, sample1, sample3 } from '../../vision/mask-sampler.js';
import type { FillPlanes } from './removal.js';
import { layerIndex, type GarmentLayer } from './warp-render.js';

export interface PassMasks {
  /** All at the analysis size. */
  oldCloth: Mask;
  protect: Mask;
  /** Applies to the panel only: arms hanging in front of the torso. */
  armsFront: Mask;
  /** Shading multiplier, at its own (half analysis) size. */
  shading: Mask;
  fills: FillPlanes;
  /** The new garment's nearness (analysis size, 0..1, see `garmentOcclusion`): filled skin darkens beside it. */
  occlusion?: Mask;
}

/**
 * Composites in place into `out` (RGB, channels 3, the person's size).
 * Returns the full-resolution mask of changed pixels (for diagnostics and
 * figures): `changed` when given, raised in place to this pass's changes
 * (a separate full-size array per pass plus a max over all pixels cost ~20 ms
 * at 768×1024 here), else a new one. `cover`, when given, is raised in place
 * to the new garment's own opacity as drawn (after protection), and `under`
 * (RGB, full size) takes what lay under the garment there (the fill or the
 * photo): refine tells from them where its fit did not reach and separates
 * the garment's own colour at its soft edge.
 */
export function compositePass(
  out: Uint8Array,
  width: number,
  height: number,
  layer: GarmentLayer,
  m: PassMasks,
  changed = new Float32Array(width * height),
  cover?: Float32Array,
  under?: Uint8Array,
): Float32Array {
  const aw = m.oldCloth.width, ah = m.oldCloth.height;
  const sa = createSampler(width, height, aw, ah);
  const sf = createSampler(width, height, m.fills.width, m.fills.height);
  const old = m.oldCloth.data, protect = m.protect.data, arms = m.armsFront.data, body = m.fills.body.data, shade = m.shading.data;
  const sh = createSampler(width, height, m.shading.width, m.shading.height);
  const skin = m.fills.skin, bg = m.fills.background, other = m.fills.other, otherW = m.fills.otherWeight?.data ?? null;
  const occ = m.occlusion?.data ?? null;
  // Rows/columns the old garment touches at the analysis size, plus the layer's own extent.
  const box = touchedBox(m.oldCloth, layer, width, height);
  for (let y = box.y0; y <= box.y1; y++) {
    for (let x = box.x0; x <= box.x1; x++) {
      const i = y * width + x;
      const li = layerIndex(layer, x, y);
      const la = li < 0 ? 0 : layer.alpha[li]!;
      const o = sample1(sa, old, x, y);
      if (la <= 0.002 && o <= 0.002) continue;
      const keep = sample1(sa, protect, x, y);
      let a = la * (1 - keep);
      // (not where a sleeve covers the arm: the panel showing at the sleeve's
      // soft edge would be cut back to a sliver of the bare arm)
      if (a > 0 && layer.part[li] === 1) a *= 1 - sample1(sa, arms, x, y) * (1 - Math.min(1, layer.limb[li]! / 128));
      // The old garment goes under the new one's soft edge too (the new one is
      // laid over the fill): weighted by (1 − a) it showed through as a rim of
      // its colour around the new garment (049713_0's purple tee).
      const removal = o * (1 - keep);
      if (a <= 0.002 && removal <= 0.002) continue;
      const p = i * 3;
      let r = out[p]!, g = out[p + 1]!, b = out[p + 2]!;
      // (under an opaque garment the fill would not show: skip its sampling)
      if (removal > 0.002 && a < 0.998) {
        const bw = sample1(sa, body, x, y);
        const ow = other && otherW ? sample1(sa, otherW, x, y) : 0;
        // uncovered skin carries its own light (the fill's membrane from the skin
        // around it, times the body's form): the old garment's shading drew its
        // folds and a dark rim at the hole's border (model_5's tank top)
        // (and lies a little in the new garment's shadow next to its edge)
        const ks = occ ? bw * (1 - CONTACT_SHADOW * sample1(sa, occ, x, y)) : bw;
        const gw = Math.max(0, 1 - bw - ow);
        let fr = sample3(sf, skin, x, y, 0) * ks + sample3(sf, bg, x, y, 0) * gw;
        let fg = sample3(sf, skin, x, y, 1) * ks + sample3(sf, bg, x, y, 1) * gw;
        let fb = sample3(sf, skin, x, y, 2) * ks + sample3(sf, bg, x, y, 2) * gw;
        if (ks > 0.002) {
          // film grain on filled skin: a smooth fill next to real skin reads as painted
          const grain = (hashNoise(x, y) - 0.5) * 2 * SKIN_GRAIN * ks;
          fr += grain;
          fg += grain;
          fb += grain;
        }
        if (ow > 0.002) {
          fr += sample3(sf, other!, x, y, 0) * ow;
          fg += sample3(sf, other!, x, y, 1) * ow;
          fb += sample3(sf, other!, x, y, 2) * ow;
        }
        r += (fr - r) * removal;
        g += (fg - g) * removal;
        b += (fb - b) * removal;
      }
      if (cover && a > cover[i]!) {
        cover[i] = a;
        if (under) {
          under[p] = Math.round(r);
          under[p + 1] = Math.round(g);
          under[p + 2] = Math.round(b);
        }
      }
      if (a > 0.002) {
        const s = sample1(sh, shade, x, y);
        const q = li * 3;
        r += (Math.min(255, layer.rgb[q]! * s) - r) * a;
        g += (Math.min(255, layer.rgb[q + 1]! * s) - g) * a;
        b += (Math.min(255, layer.rgb[q + 2]! * s) - b) * a;
      }
      out[p] = Math.round(r);
      out[p + 1] = Math.round(g);
      out[p + 2] = Math.round(b);
      const c = Math.max(a, removal);
      if (c > changed[i]!) changed[i] = c;
    }
  }
  return changed;
}

/** Darkening of filled skin right at the new garment's edge: a soft contact shadow. */
const CONTACT_SHADOW = 0.18;

/**
 * The new garment's coverage at the analysis size (`aw` × `ah`), blurred by
 * `radiusPx` analysis px: near 0.5 at its edge, falling off outside it.
 * Outside the garment that is how much of it is close by (its shadow).
 */
export function garmentOcclusion(layer: GarmentLayer, aw: number, ah: number, radiusPx: number): Mask {
  return occlusionOf(layerCoverage(layer, aw, ah), radiusPx);
}

/** The blur of a coverage mask that makes it a contact shadow (see garmentOcclusion). */
export function occlusionOf(cover: Mask, radiusPx: number): Mask {
  return blurMask(cover, radiusPx, 2);
}

/** The new garment's mean opacity per analysis-size cell (`aw` × `ah`), 0..1. */
export function layerCoverage(layer: GarmentLayer, aw: number, ah: number): Mask {
  const acc = new Float32Array(aw * ah);
  const cnt = new Float32Array(aw * ah);
  const b = layer.bounds;
  // every other output pixel once a cell spans 4 or more (1536×2048 over a 384×512 grid)
  const step = Math.max(1, Math.round(layer.width / aw / 2));
  if (b.x1 >= 0) {
    const sx = aw / layer.width, sy = ah / layer.height;
    for (let y = b.y0; y <= b.y1; y += step) {
      const ay = Math.min(ah - 1, Math.floor(y * sy)) * aw;
      const row = (y - layer.oy) * layer.lw - layer.ox;
      for (let x = b.x0; x <= b.x1; x += step) {
        const j = ay + Math.min(aw - 1, Math.floor(x * sx));
        acc[j] = acc[j]! + layer.alpha[row + x]!;
        cnt[j] = cnt[j]! + 1;
      }
    }
  }
  // cells the layer box does not reach hold no garment; the others their mean alpha
  const cover = createMask(aw, ah);
  // (a cell's full count of samples: cells the layer's box cuts count the rest as bare)
  const full = (layer.width / aw / step) * (layer.height / ah / step);
  for (let i = 0; i < acc.length; i++) if (cnt[i]! > 0) cover.data[i] = acc[i]! / Math.max(cnt[i]!, full);
  return cover;
}

/** Grain amplitude on filled skin, 0..255 levels: about the fixtures' own sensor and JPEG noise on skin. */
const SKIN_GRAIN = 2.5;

/** Deterministic white noise in 0..1 per pixel (an integer hash): results stay reproducible. */
function hashNoise(x: number, y: number): number {
  let h = Math.imul(x, 374761393) + Math.imul(y, 668265263);
  h = Math.imul(h ^ (h >>> 13), 1274126177);
  return ((h ^ (h >>> 16)) >>> 0) / 4294967296;
}

function touchedBox(oldCloth: Mask, layer: GarmentLayer, width: number, height: number) {
  let x0 = Infinity, y0 = Infinity, x1 = -1, y1 = -1;
  const aw = oldCloth.width;
  for (let y = 0; y < oldCloth.height; y++) {
    for (let x = 0; x < aw; x++) {
      if (oldCloth.data[y * aw + x]! <= 0.002) continue;
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
    }
  }
  const sx = width / aw, sy = height / oldCloth.height;
  let bx0 = x1 < 0 ? width : Math.max(0, Math.floor((x0 - 1) * sx));
  let by0 = x1 < 0 ? height : Math.max(0, Math.floor((y0 - 1) * sy));
  let bx1 = x1 < 0 ? -1 : Math.min(width - 1, Math.ceil((x1 + 2) * sx));
  let by1 = x1 < 0 ? -1 : Math.min(height - 1, Math.ceil((y1 + 2) * sy));
  const b = layer.bounds;
  if (b.x1 >= 0) {
    bx0 = Math.min(bx0, b.x0); by0 = Math.min(by0, b.y0); bx1 = Math.max(bx1, b.x1); by1 = Math.max(by1, b.y1);
  }
  return { x0: bx0, y0: by0, x1: bx1, y1: by1 };
}
