/**
 * Debug renderings (options.diagnostics): keypoints and body regions on the
 * person, the clothing/skin/hair parse, the garment's landmarks and parts,
 * and the warped garment layer. All at the analysis size except the layer.
 */
import type { Category, NamedImage, RawImage } from '../engine.js';
import type { Mask } from '../../vision/image.js';
import type { PersonAnalysis } from '../../vision/person-analysis.js';
import { POSE_LANDMARKS } from '../../vision/person-analysis.js';
import type { ClothingRegions } from './clothing-regions.js';
import type { GarmentAnalysis } from './garment-analysis.js';
import type { GarmentFit } from './fit-targets.js';
import { layerIndex, type GarmentLayer } from './warp-render.js';
import type { Pt } from './tps.js';

function copyRgb(src: RawImage): RawImage {
  const n = src.width * src.height;
  const data = new Uint8Array(n * 3);
  for (let i = 0; i < n; i++) for (let c = 0; c < 3; c++) data[i * 3 + c] = src.data[i * src.channels + c]!;
  return { width: src.width, height: src.height, channels: 3, data };
}

function dot(img: RawImage, p: Pt, r: number, colour: [number, number, number]): void {
  for (let y = Math.round(p.y - r); y <= Math.round(p.y + r); y++) {
    for (let x = Math.round(p.x - r); x <= Math.round(p.x + r); x++) {
      if (x < 0 || y < 0 || x >= img.width || y >= img.height) continue;
      const i = (y * img.width + x) * 3;
      img.data[i] = colour[0]; img.data[i + 1] = colour[1]; img.data[i + 2] = colour[2];
    }
  }
}

function line(img: RawImage, a: Pt, b: Pt, colour: [number, number, number]): void {
  const n = Math.ceil(Math.hypot(b.x - a.x, b.y - a.y));
  for (let k = 0; k <= n; k++) dot(img, { x: a.x + ((b.x - a.x) * k) / (n || 1), y: a.y + ((b.y - a.y) * k) / (n || 1) }, 0, colour);
}

function tint(img: RawImage, mask: Mask, colour: [number, number, number], strength = 0.5): void {
  for (let i = 0; i < mask.data.length; i++) {
    const a = Math.min(1, mask.data[i]!) * strength;
    if (a <= 0) continue;
    for (let c = 0; c < 3; c++) img.data[i * 3 + c] = Math.round(img.data[i * 3 + c]! * (1 - a) + colour[c]! * a);
  }
}

export function renderDiagnostics(
  person: PersonAnalysis,
  clothing: ClothingRegions,
  pass: { garment: GarmentAnalysis; category: Category; fit: GarmentFit; layer: GarmentLayer },
  oldCloth: Mask,
  protect: Mask,
): NamedImage[] {
  const s = person.scale;
  const kpImg = copyRgb(person.small);
  tint(kpImg, clothing.regions.torso, [255, 0, 0], 0.25);
  tint(kpImg, clothing.regions.arms, [0, 0, 255], 0.25);
  tint(kpImg, clothing.regions.legs, [0, 255, 0], 0.25);
  for (const name of POSE_LANDMARKS) {
    const k = person.keypoints[name];
    dot(kpImg, { x: k.x * s, y: k.y * s }, 2, k.score >= 0.5 ? [255, 255, 0] : [120, 120, 120]);
  }
  const parse = copyRgb(person.small);
  tint(parse, clothing.skin, [255, 200, 0], 0.6);
  tint(parse, clothing.upperCloth, [255, 0, 0], 0.6);
  tint(parse, clothing.lowerCloth, [0, 0, 255], 0.6);
  tint(parse, clothing.hair, [0, 255, 0], 0.6);
  const passImg = copyRgb(person.small);
  tint(passImg, oldCloth, [255, 0, 255], 0.6);
  tint(passImg, protect, [0, 255, 255], 0.6);
  const g = pass.garment;
  const gImg = copyRgb({ width: g.matte.width, height: g.matte.height, channels: 3, data: new Uint8Array(g.matte.width * g.matte.height * 3).fill(128) });
  tint(gImg, g.matte, [255, 255, 255], 1);
  const points: Pt[] = [];
  if (pass.category === 'lower' && g.lower) {
    const l = g.lower;
    tint(gImg, l.legL?.mask ?? l.panel, [0, 0, 255], 0.4);
    tint(gImg, l.legR?.mask ?? l.panel, [255, 0, 0], 0.4);
    points.push(l.waistL, l.waistR, l.hemL, l.hemR);
    if (l.crotch) points.push(l.crotch);
    for (const leg of [l.legL, l.legR]) if (leg) for (let i = 0; i + 1 < leg.axis.length; i++) line(gImg, leg.axis[i]!, leg.axis[i + 1]!, [0, 160, 0]);
  } else if (g.upper) {
    const u = g.upper;
    if (u.sleeveL) tint(gImg, u.sleeveL.mask, [0, 0, 255], 0.4);
    if (u.sleeveR) tint(gImg, u.sleeveR.mask, [255, 0, 0], 0.4);
    points.push(u.neck, u.shoulderL, u.shoulderR, u.armpitL, u.armpitR, u.hemL, u.hemR);
    for (const sl of [u.sleeveL, u.sleeveR]) if (sl) line(gImg, sl.root, sl.end, [0, 160, 0]);
  }
  for (const p of points) dot(gImg, p, 2, [255, 128, 0]);
  const layer = pass.layer;
  const layerImg: RawImage = { width: layer.width, height: layer.height, channels: 3, data: new Uint8Array(layer.width * layer.height * 3) };
  for (let i = 0; i < layer.width * layer.height; i++) {
    const li = layerIndex(layer, i % layer.width, Math.floor(i / layer.width));
    const a = li < 0 ? 0 : layer.alpha[li]!;
    for (let c = 0; c < 3; c++) layerImg.data[i * 3 + c] = Math.round((li < 0 ? 0 : layer.rgb[li * 3 + c]!) * a + 96 * (1 - a));
  }
  for (const limb of pass.fit.limbs) for (let i = 0; i + 1 < limb.warp.body.length; i++) line(layerImg, limb.warp.body[i]!, limb.warp.body[i + 1]!, [0, 255, 0]);
  if (pass.fit.panel) for (const p of pass.fit.panel.body) dot(layerImg, p, 3, [255, 128, 0]);
  const tag = pass.category;
  return [
    { name: `${tag}-keypoints`, image: kpImg },
    { name: `${tag}-parse`, image: parse },
    { name: `${tag}-removal-protect`, image: passImg },
    { name: `${tag}-garment-landmarks`, image: gImg },
    { name: `${tag}-warped-layer`, image: layerImg },
  ];
}
