/**
 * Skin colour model from the person's own face (chroma in YCbCr), so any skin
 * tone works: a fixed skin range fails on dark and on very light skin.
 */
import { createMask, lumaOf, type Mask, type RgbImage } from './image.js';
import { madSd, median } from './robust-stats.js';
import { hypot2 } from './hypot.js';

export interface SkinModel {
  cb: number;
  cr: number;
  sdCb: number;
  sdCr: number;
  /** Mean luma of the sample, 0..255. */
  y: number;
  /** Mean RGB of the sample: the fill colour for uncovered skin. */
  rgb: [number, number, number];
}

/** Chroma spread floor: a face sample's spread is ~3–6 units; lighting on arms varies more. */
const MIN_CHROMA_SD = 6.5;

export function toYCbCr(r: number, g: number, b: number): [number, number, number] {
  const y = lumaOf(r, g, b);
  return [y, 128 - 0.168736 * r - 0.331264 * g + 0.5 * b, 128 + 0.5 * r - 0.418688 * g - 0.081312 * b];
}

/** Fits a skin model to the pixels of `region` (a face box) that the matte covers. */
export function fitSkinModel(image: RgbImage, region: { x0: number; y0: number; x1: number; y1: number }): SkinModel | null {
  const ch = image.channels;
  const ys: number[] = [], cbs: number[] = [], crs: number[] = [], rs: number[] = [], gs: number[] = [], bs: number[] = [];
  for (let y = Math.max(0, Math.floor(region.y0)); y < Math.min(image.height, Math.ceil(region.y1)); y++) {
    for (let x = Math.max(0, Math.floor(region.x0)); x < Math.min(image.width, Math.ceil(region.x1)); x++) {
      const p = (y * image.width + x) * ch;
      const r = image.data[p]!, g = image.data[p + 1]!, b = image.data[p + 2]!;
      const [yy, cb, cr] = toYCbCr(r, g, b);
      // drop eyes, brows, lips and highlights: far from skin chroma or extreme luma
      if (yy < 30 || yy > 250 || cr < 128) continue;
      ys.push(yy); cbs.push(cb); crs.push(cr); rs.push(r); gs.push(g); bs.push(b);
    }
  }
  if (ys.length < 30) return null;
  const cb = median(cbs), cr = median(crs);
  return {
    cb,
    cr,
    sdCb: Math.max(MIN_CHROMA_SD, madSd(cbs, cb)),
    sdCr: Math.max(MIN_CHROMA_SD, madSd(crs, cr)),
    y: median(ys),
    rgb: [median(rs), median(gs), median(bs)],
  };
}

/** Soft skin likelihood per pixel (1 within ~2.5 sd of the face's chroma, 0 beyond ~4 sd). */
export function skinMask(image: RgbImage, model: SkinModel, within?: Mask): Mask {
  const out = createMask(image.width, image.height);
  const ch = image.channels;
  // (the planes, the model's figures and the luma bounds taken out once: the same doubles, not read through the objects per pixel)
  const o = out.data, rgb = image.data, inside = within?.data;
  const yLo = model.y * 0.3, yHi = Math.min(255, model.y * 1.7 + 20);
  const mCb = model.cb, mCr = model.cr, sdCb = model.sdCb, sdCr = model.sdCr;
  for (let i = 0; i < o.length; i++) {
    if (inside && inside[i]! < 0.5) continue;
    const p = i * ch;
    const r = rgb[p]!, g = rgb[p + 1]!, b = rgb[p + 2]!;
    const yy = lumaOf(r, g, b);
    const cb = 128 - 0.168736 * r - 0.331264 * g + 0.5 * b;
    const cr = 128 + 0.5 * r - 0.418688 * g - 0.081312 * b;
    if (yy < yLo || yy > yHi) continue;
    const u = (cb - mCb) / sdCb;
    const v = (cr - mCr) / sdCr;
    const d = Math.sqrt(u * u + v * v);
    o[i] = d <= 2.5 ? 1 : d >= 4 ? 0 : (4 - d) / 1.5;
  }
  return out;
}

/**
 * A colour's saturation (chroma per luma, so shade keeps it) as a share of
 * the face's: about 1 on skin in light or shade, near 0 on white and grey.
 * Pale skin's chroma spread reaches grey, so `skinMask` lets white cloth
 * pass; where that matters (neck skin kept over a new neckline) this tells them apart.
 */
export function skinSaturationShare(model: SkinModel, r: number, g: number, b: number): number {
  // (toYCbCr's sums written out and hypot2 for Math.hypot, the same doubles: per pixel the returned
  // array and Math.hypot's own allocations were much of the young generation's garbage)
  const y = lumaOf(r, g, b), cb = 128 - 0.168736 * r - 0.331264 * g + 0.5 * b, cr = 128 + 0.5 * r - 0.418688 * g - 0.081312 * b;
  const face = Math.max(8, hypot2(model.cb - 128, model.cr - 128)) / Math.max(1, model.y);
  return hypot2(cb - 128, cr - 128) / Math.max(1, y) / face;
}
