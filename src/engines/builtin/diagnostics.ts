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

function dot(img: RawImage, p: Pt, r: number, colour: Colour): void {
  for (let y = Math.round(p.y - r); y <= Math.round(p.y + r); y++) {
    for (let x = Math.round(p.x - r); x <= Math.round(p.x + r); x++) {
      if (x < 0 || y < 0 || x >= img.width || y >= img.height) continue;
      const i = (y * img.width + x) * 3;
      img.data[i] = colour[0]; img.data[i + 1] = colour[1]; img.data[i + 2] = colour[2];
    }
  }
}

function line(img: RawImage, a: Pt, b: Pt, colour: Colour): void {
  const n = Math.ceil(Math.hypot(b.x - a.x, b.y - a.y));
  for (let k = 0; k <= n; k++) dot(img, { x: a.x + ((b.x - a.x) * k) / (n || 1), y: a.y + ((b.y - a.y) * k) / (n || 1) }, 0, colour);
}

function tint(img: RawImage, mask: Mask, colour: Colour, strength = 0.5): void {
  for (let i = 0; i < mask.data.length; i++) {
    const a = Math.min(1, mask.data[i]!) * strength;
    if (a <= 0) continue;
    for (let c = 0; c < 3; c++) img.data[i * 3 + c] = Math.round(img.data[i * 3 + c]! * (1 - a) + colour[c]! * a);
  }
}

type Colour = [number, number, number];

/** Drawing colours: regions and parse classes each their own hue; keypoints yellow when seen, grey when guessed. */
const COLOURS = {
  torso: [255, 0, 0], arms: [0, 0, 255], legs: [0, 255, 0],
  skin: [255, 200, 0], upperCloth: [255, 0, 0], lowerCloth: [0, 0, 255], hair: [0, 255, 0],
  removed: [255, 0, 255], protected: [0, 255, 255],
  seen: [255, 255, 0], guessed: [120, 120, 120],
  partL: [0, 0, 255], partR: [255, 0, 0], axis: [0, 160, 0], landmark: [255, 128, 0], warpAxis: [0, 255, 0],
} satisfies Record<string, Colour>;

/** Keypoints (seen from score 0.5) over the torso, arm and leg regions. */
function keypointsImage(person: PersonAnalysis, clothing: ClothingRegions): RawImage {
  const s = person.scale;
  const img = copyRgb(person.small);
  tint(img, clothing.regions.torso, COLOURS.torso, 0.25);
  tint(img, clothing.regions.arms, COLOURS.arms, 0.25);
  tint(img, clothing.regions.legs, COLOURS.legs, 0.25);
  for (const name of POSE_LANDMARKS) {
    const k = person.keypoints[name];
    dot(img, { x: k.x * s, y: k.y * s }, 2, k.score >= 0.5 ? COLOURS.seen : COLOURS.guessed);
  }
  return img;
}

/** The person photo with the given masks tinted over it (strength 0.6). */
function tintedImage(person: PersonAnalysis, layers: [Mask, Colour][]): RawImage {
  const img = copyRgb(person.small);
  for (const [mask, colour] of layers) tint(img, mask, colour, 0.6);
  return img;
}

/** The garment's matte (white on grey) with its parts tinted, its landmarks dotted and its limb axes drawn. */
function garmentLandmarksImage(g: GarmentAnalysis, category: Category): RawImage {
  const img = copyRgb({ width: g.matte.width, height: g.matte.height, channels: 3, data: new Uint8Array(g.matte.width * g.matte.height * 3).fill(128) });
  tint(img, g.matte, [255, 255, 255], 1);
  const points: Pt[] = [];
  if (category === 'lower' && g.lower) {
    const l = g.lower;
    tint(img, l.legL?.mask ?? l.panel, COLOURS.partL, 0.4);
    tint(img, l.legR?.mask ?? l.panel, COLOURS.partR, 0.4);
    points.push(l.waistL, l.waistR, l.hemL, l.hemR);
    if (l.crotch) points.push(l.crotch);
    for (const leg of [l.legL, l.legR]) if (leg) for (let i = 0; i + 1 < leg.axis.length; i++) line(img, leg.axis[i]!, leg.axis[i + 1]!, COLOURS.axis);
  } else if (g.upper) {
    const u = g.upper;
    if (u.sleeveL) tint(img, u.sleeveL.mask, COLOURS.partL, 0.4);
    if (u.sleeveR) tint(img, u.sleeveR.mask, COLOURS.partR, 0.4);
    points.push(u.neck, u.shoulderL, u.shoulderR, u.armpitL, u.armpitR, u.hemL, u.hemR);
    for (const sl of [u.sleeveL, u.sleeveR]) if (sl) line(img, sl.root, sl.end, COLOURS.axis);
  }
  for (const p of points) dot(img, p, 2, COLOURS.landmark);
  return img;
}

/** The warped layer over grey, with the limbs' body axes and the panel's grid points. */
function warpedLayerImage(layer: GarmentLayer, fit: GarmentFit): RawImage {
  const img: RawImage = { width: layer.width, height: layer.height, channels: 3, data: new Uint8Array(layer.width * layer.height * 3) };
  for (let i = 0; i < layer.width * layer.height; i++) {
    const li = layerIndex(layer, i % layer.width, Math.floor(i / layer.width));
    const a = li < 0 ? 0 : layer.alpha[li]!;
    for (let c = 0; c < 3; c++) img.data[i * 3 + c] = Math.round((li < 0 ? 0 : layer.rgb[li * 3 + c]!) * a + 96 * (1 - a));
  }
  for (const limb of fit.limbs) for (let i = 0; i + 1 < limb.warp.body.length; i++) line(img, limb.warp.body[i]!, limb.warp.body[i + 1]!, COLOURS.warpAxis);
  if (fit.panel) for (const p of fit.panel.body) dot(img, p, 3, COLOURS.landmark);
  return img;
}

export function renderDiagnostics(
  person: PersonAnalysis,
  clothing: ClothingRegions,
  pass: { garment: GarmentAnalysis; category: Category; fit: GarmentFit; layer: GarmentLayer },
  oldCloth: Mask,
  protect: Mask,
): NamedImage[] {
  const tag = pass.category;
  const parse: [Mask, Colour][] = [[clothing.skin, COLOURS.skin], [clothing.upperCloth, COLOURS.upperCloth], [clothing.lowerCloth, COLOURS.lowerCloth], [clothing.hair, COLOURS.hair]];
  return [
    { name: `${tag}-keypoints`, image: keypointsImage(person, clothing) },
    { name: `${tag}-parse`, image: tintedImage(person, parse) },
    { name: `${tag}-removal-protect`, image: tintedImage(person, [[oldCloth, COLOURS.removed], [protect, COLOURS.protected]]) },
    { name: `${tag}-garment-landmarks`, image: garmentLandmarksImage(pass.garment, tag) },
    { name: `${tag}-warped-layer`, image: warpedLayerImage(pass.layer, pass.fit) },
  ];
}
