/**
 * Renders a fitted garment into an RGBA layer at the output resolution:
 * every output pixel inside a part's box is mapped back into the garment
 * photo (TPS grid for the panel, skeletal warp for limbs) and sampled
 * bilinearly, colour from the full-resolution photo, alpha from the part's
 * mask. Parts are stacked panel first, then legs/sleeves over it.
 */
import type { Mask } from '../../vision/image.js';
import type { GarmentAnalysis } from './garment-analysis.js';
import type { GarmentFit } from './fit-targets.js';
import { mapLimb, prepareLimb } from './limb-warp.js';
import { fitTps, sampleGrid, tpsGrid } from './tps.js';

/** TPS grid spacing, output px: the map is smooth, 8 px keeps its error under 0.2 px. */
const GRID_STEP_PX = 8;

export interface GarmentLayer {
  width: number;
  height: number;
  /** Premultiplied-free colour, 3 floats per pixel (0..255). */
  rgb: Float32Array;
  alpha: Float32Array;
  /** Which part won each pixel: 0 none, 1 panel, 2 limb. */
  part: Uint8Array;
  /** Extent of the pixels written (x1 < 0 while empty). */
  bounds: { x0: number; y0: number; x1: number; y1: number };
}

export function createLayer(width: number, height: number): GarmentLayer {
  return {
    width,
    height,
    rgb: new Float32Array(width * height * 3),
    alpha: new Float32Array(width * height),
    part: new Uint8Array(width * height),
    bounds: { x0: width, y0: height, x1: -1, y1: -1 },
  };
}

function maskFor(g: GarmentAnalysis, fit: GarmentFit, part: string): Mask | null {
  const upperLike = fit.category !== 'lower';
  if (upperLike) {
    const u = g.upper;
    if (!u) return null;
    if (part === 'panel') return u.panel;
    if (part === 'sleeveL') return u.sleeveL?.mask ?? null;
    if (part === 'sleeveR') return u.sleeveR?.mask ?? null;
    return null;
  }
  const l = g.lower;
  if (!l) return null;
  if (part === 'panel') return l.panel;
  if (part === 'legL') return l.legL?.mask ?? null;
  if (part === 'legR') return l.legR?.mask ?? null;
  return null;
}

function bilinearMask(m: Mask, x: number, y: number): number {
  if (x < 0 || y < 0 || x > m.width - 1 || y > m.height - 1) return 0;
  const x0 = Math.floor(x), y0 = Math.floor(y);
  const x1 = Math.min(m.width - 1, x0 + 1), y1 = Math.min(m.height - 1, y0 + 1);
  const tx = x - x0, ty = y - y0;
  const w = m.width, d = m.data;
  return (d[y0 * w + x0]! * (1 - tx) + d[y0 * w + x1]! * tx) * (1 - ty) + (d[y1 * w + x0]! * (1 - tx) + d[y1 * w + x1]! * tx) * ty;
}

/**
 * Composites one sample of the garment at source (sx, sy) onto layer pixel i,
 * over what is there, or under it when `under` (a panel behind a sleeve).
 */
function put(layer: GarmentLayer, g: GarmentAnalysis, mask: Mask, i: number, sx: number, sy: number, partId: number, under = false): void {
  const scale = g.scale;
  const u = sx * scale - 0.5 * (1 - scale), v = sy * scale - 0.5 * (1 - scale);
  const a = bilinearMask(mask, u, v);
  if (a <= 0.004) return;
  const img = g.image;
  const w = img.width, ch = img.channels, d = img.data;
  const fx = Math.max(0, Math.min(w - 1.001, sx)), fy = Math.max(0, Math.min(img.height - 1.001, sy));
  const x0 = Math.floor(fx), y0 = Math.floor(fy);
  const tx = fx - x0, ty = fy - y0;
  const p00 = (y0 * w + x0) * ch, p01 = p00 + ch, p10 = p00 + w * ch, p11 = p10 + ch;
  const w00 = (1 - tx) * (1 - ty), w01 = tx * (1 - ty), w10 = (1 - tx) * ty, w11 = tx * ty;
  // near the edge, colour comes from the decontaminated bleed plane
  const core = bilinearMask(g.core, u, v);
  let b00 = 0, b01 = 0, b10 = 0, b11 = 0, q00 = 0;
  const cw = g.core.width;
  if (core < 0.999) {
    const cu = Math.max(0, Math.min(cw - 1.001, u)), cv = Math.max(0, Math.min(g.core.height - 1.001, v));
    const cx0 = Math.floor(cu), cy0 = Math.floor(cv);
    const ctx = cu - cx0, cty = cv - cy0;
    q00 = (cy0 * cw + cx0) * 3;
    b00 = (1 - ctx) * (1 - cty); b01 = ctx * (1 - cty); b10 = (1 - ctx) * cty; b11 = ctx * cty;
  }
  const prevA = layer.alpha[i]!;
  const outA = a + prevA * (1 - a);
  // weights of the new sample and of what was there
  const wNew = under ? a * (1 - prevA) : a;
  const wOld = under ? prevA : prevA * (1 - a);
  for (let c = 0; c < 3; c++) {
    let val = d[p00 + c]! * w00 + d[p01 + c]! * w01 + d[p10 + c]! * w10 + d[p11 + c]! * w11;
    if (core < 0.999) {
      const bl = g.bleed;
      const bv = bl[q00 + c]! * b00 + bl[q00 + 3 + c]! * b01 + bl[q00 + cw * 3 + c]! * b10 + bl[q00 + cw * 3 + 3 + c]! * b11;
      val = val * core + bv * (1 - core);
    }
    const prev = layer.rgb[i * 3 + c]!;
    layer.rgb[i * 3 + c] = outA > 0 ? (val * wNew + prev * wOld) / outA : 0;
  }
  layer.alpha[i] = outA;
  const x = i % layer.width, y = (i - x) / layer.width;
  const b = layer.bounds;
  if (x < b.x0) b.x0 = x;
  if (x > b.x1) b.x1 = x;
  if (y < b.y0) b.y0 = y;
  if (y > b.y1) b.y1 = y;
  if (wNew >= 0.5 || (layer.part[i] === 0 && a >= 0.5)) layer.part[i] = partId;
}

/** Clamped integer box around points, padded by `pad` px. */
function boxOf(points: { x: number; y: number }[], pad: number, width: number, height: number) {
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (const p of points) {
    x0 = Math.min(x0, p.x); y0 = Math.min(y0, p.y); x1 = Math.max(x1, p.x); y1 = Math.max(y1, p.y);
  }
  return {
    x0: Math.max(0, Math.floor(x0 - pad)),
    y0: Math.max(0, Math.floor(y0 - pad)),
    x1: Math.min(width - 1, Math.ceil(x1 + pad)),
    y1: Math.min(height - 1, Math.ceil(y1 + pad)),
  };
}

/**
 * Limbs first, then the panel: over them at the torso's side (the sleeve
 * starts at the seam), under them where the arm itself is (`armCore`, at
 * `armScale` × output coordinates), so an arm in front of the body keeps its sleeve.
 */
export function renderGarment(layer: GarmentLayer, g: GarmentAnalysis, fit: GarmentFit, armCore?: Mask, armScale = 1): void {
  const out = new Float32Array(3);
  const { width, height } = layer;
  for (const limb of fit.limbs) {
    const mask = maskFor(g, fit, limb.part);
    if (!mask) continue;
    const segs = prepareLimb(limb.warp);
    const box = boxOf(limb.warp.body, limb.reach, width, height);
    for (let y = box.y0; y <= box.y1; y++) {
      for (let x = box.x0; x <= box.x1; x++) {
        mapLimb(segs, limb.warp.acrossScale, limb.reach * 0.6, x, y, out);
        if (out[2]! > limb.reach) continue;
        put(layer, g, mask, y * width + x, out[0]!, out[1]!, 2);
      }
    }
  }
  if (fit.panel) {
    const mask = maskFor(g, fit, 'panel');
    if (mask) {
      const tps = fitTps(fit.panel.body, fit.panel.garment);
      const spanY = Math.max(...fit.panel.body.map((p) => p.y)) - Math.min(...fit.panel.body.map((p) => p.y));
      const box = boxOf(fit.panel.body, spanY * 0.12 + 8, width, height);
      const grid = tpsGrid(tps, box.x0, box.y0, box.x1, box.y1, GRID_STEP_PX);
      const useArms = armCore && fit.limbs.length > 0;
      for (let y = box.y0; y <= box.y1; y++) {
        const ay = Math.min(armCore ? armCore.height - 1 : 0, Math.floor(y * armScale));
        for (let x = box.x0; x <= box.x1; x++) {
          sampleGrid(grid, x, y, out);
          const i = y * width + x;
          const under = useArms ? armCore!.data[ay * armCore!.width + Math.min(armCore!.width - 1, Math.floor(x * armScale))]! >= 0.5 && layer.alpha[i]! > 0 : false;
          put(layer, g, mask, i, out[0]!, out[1]!, 1, under);
        }
      }
    }
  }
}
