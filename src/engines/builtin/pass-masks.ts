/**
 * The masks of one compositing pass (analysis size): the old garment to
 * remove, what stays protected over the new one (face, hair, hands, feet, the
 * other garment), arms in front of the torso, the removal fills, the shading
 * and the new garment's contact shadow. Shared by try-on and refine.
 */
import type { Category, TryOnOptions } from '../engine.js';
import { createMask, type Mask } from '../../vision/image.js';
import type { PersonAnalysis } from '../../vision/person-analysis.js';
import type { BodyFrame } from '../../vision/body-regions.js';
import { blurMask, chessboardDistance } from '../../vision/mask-ops.js';
import { paletteDistance2 } from '../../vision/palette.js';
import type { ClothingRegions } from './clothing-regions.js';
import { computeFills, otherGarmentExtent } from './removal.js';
import { shadingMap } from './shading.js';
import { garmentOcclusion, type PassMasks } from './composite.js';
import type { GarmentLayer } from './warp-render.js';

/** RGB distance² within which a pixel of the old top looks like the lower garment (the parse's own match threshold, 55). */
const LOOKS_LIKE_D2 = 55 * 55;

export function protectMask(c: ClothingRegions, category: Category, options: TryOnOptions, person: PersonAnalysis, frame: BodyFrame, oldHard: Mask): Mask {
  const { width, height } = c.skin;
  const p = createMask(width, height);
  const r = c.regions;
  const s = person.scale;
  const shoulderY = Math.min(frame.shoulderL.y, frame.shoulderR.y) * s;
  for (let i = 0; i < p.data.length; i++) {
    let v = 0;
    if (category !== 'lower') {
      v = Math.max(v, r.head.data[i]!, c.hair.data[i]!);
      // neck skin above the shoulder line stays: necklines sit at its base
      // (but not the old neckline's own edge: kept, it stayed as a thin outline)
      if (r.neck.data[i]! >= 0.5 && c.skin.data[i]! >= 0.5 && oldHard.data[i]! < 0.5 && Math.floor(i / width) < shoulderY) v = 1;
    } else {
      // the top stays over the new lower garment
      v = Math.max(v, c.upperCloth.data[i]!);
    }
    // (a hand's capsule over the old garment keeps only skin that is not that
    // garment: model_2's pale yellow skirt passes the skin test beside her hand)
    if (options.preserveHands) v = Math.max(v, r.hands.data[i]! * (c.skin.data[i]! >= 0.5 && oldHard.data[i]! < 0.5 ? 1 : 0.0));
    if (options.preserveFeet && category !== 'upper') v = Math.max(v, oldHard.data[i]! >= 0.5 && r.cuffs.data[i]! >= 0.5 ? 0 : r.feet.data[i]!);
    p.data[i] = v;
  }
  return blurMask(p, 1, 1);
}

export function armsFrontMask(c: ClothingRegions, category: Category): Mask {
  const { width, height } = c.skin;
  const m = createMask(width, height);
  if (category === 'lower') return m;
  // The arm's own skin in front of the torso (its core, from a third down the
  // upper arm: the shoulder itself is under the garment); sleeves are drawn over it separately.
  for (let i = 0; i < m.data.length; i++) m.data[i] = c.regions.forearmCore.data[i]! >= 0.5 && c.skin.data[i]! >= 0.5 ? 1 : 0;
  return blurMask(m, 1, 1);
}

/** The old garment to remove (hard, and soft for compositing) and the 5 px around it (kept out of the fills). */
export function oldClothFor(c: ClothingRegions, category: Category): { hard: Mask; soft: Mask; near: Mask } {
  const m = createMask(c.skin.width, c.skin.height);
  for (let i = 0; i < m.data.length; i++) {
    const u = c.upperCloth.data[i]!, l = c.lowerCloth.data[i]!;
    m.data[i] = category === 'upper' ? u : category === 'lower' ? l : Math.max(u, l);
  }
  // The old garment's soft edge (matte below 0.5, mixed colour) must go too:
  // grow 3 analysis px into whatever is not skin, and 2 px into skin: the
  // pixels mixing the garment's edge with skin pass the skin test and, kept,
  // drew the old neckline and straps as a thin dark outline (14627_00).
  // (one distance transform for the three radii; `near` is the grown mask's
  // 2 px neighbourhood, within 5 px of the garment)
  const dist = chessboardDistance(m, 6);
  const near = createMask(m.width, m.height);
  for (let i = 0; i < m.data.length; i++) {
    const d = dist[i]!;
    if (d <= 5) near.data[i] = 1;
    if (m.data[i]! < 0.5 && ((d <= 3 && c.skin.data[i]! < 0.5) || d <= 2)) m.data[i] = 1;
  }
  return { hard: m, soft: blurMask(m, 1, 1), near };
}

export interface PassMaskSet extends PassMasks {
  /** The old garment, hard (removal) before its soft edge. */
  oldHard: Mask;
}

/**
 * All masks of one pass. `shading` replaces the shading measured on the
 * person's old garment (refine carries the coarse result's folds instead).
 */
export function passMasks(
  clothing: ClothingRegions,
  person: PersonAnalysis,
  frame: BodyFrame,
  category: Category,
  layer: GarmentLayer,
  options: TryOnOptions,
  shading?: Mask,
): PassMaskSet {
  const { hard, soft: oldCloth, near } = oldClothFor(clothing, category);
  const protect = protectMask(clothing, category, options, person, frame, hard);
  const swPx = frame.shoulderWidth * person.scale;
  const bottom = clothing.bottomPalette;
  const small = person.small;
  const sc = small.channels;
  const looksLike = bottom ? (i: number) => paletteDistance2(bottom, small.data[i * sc]!, small.data[i * sc + 1]!, small.data[i * sc + 2]!) < LOOKS_LIKE_D2 : undefined;
  const extent = category === 'upper' ? otherGarmentExtent(clothing.lowerCloth, person.matte, clothing.regions.arms, swPx * 0.12, clothing.regions.armCore, looksLike) : null;
  const other = extent ? { mask: clothing.lowerCloth, extent } : null;
  const fills = computeFills(person.small, person.matte, clothing.skin, near, clothing.regions.bodyShape, swPx, other);
  // the shadow reaches ~0.04 shoulder widths (a strap's own width) past the garment's edge
  const occlusion = garmentOcclusion(layer, oldCloth.width, oldCloth.height, Math.max(1, swPx * 0.04));
  return {
    oldHard: hard,
    oldCloth,
    protect,
    armsFront: armsFrontMask(clothing, category),
    shading: shading ?? shadingMap(person.small, oldCloth),
    fills,
    occlusion,
  };
}
