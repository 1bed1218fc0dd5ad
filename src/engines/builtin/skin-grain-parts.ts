/**
 * Which visible skin lends made skin its grain, by the body's part. Skin's
 * grain differs by part: a shin or a thigh carries more fine grain (hair
 * follicles, pores, mottle) than the smooth inside of an arm or a hand's
 * back. Measured on all visible skin around the fill, the quieter half of it
 * (skin-texture.ts quieterTiles) is mostly the arms and hands, and a made knee
 * took a fine grain 2–6× weaker than the real shin just below it: a painted
 * blur beside real skin. Each part's made skin takes the grain of the same
 * part's visible skin when enough of it shows (legs from legs, arms from
 * arms, the trunk from the neck and chest), else the grain of all skin near
 * the fill as before. The caps that keep a limb's edge out of the grain
 * (skin-texture.ts GRAIN_CAP) hold for every part's measure alike.
 */
import { createMask, type Mask } from '../../vision/image.js';
import { applyNoiseField, measureSkinTexture, scaleNoiseWhere, skinNoiseField, type Box, type SkinTexture } from '../../vision/skin-texture.js';

/** The body's part masks (analysis size, body-regions.ts) that sort made and visible skin by part. */
export interface SkinParts {
  legs: Mask;
  arms: Mask;
  hands: Mask;
}

export const OWN_PART_GRAIN = {
  /**
   * Fewest visible px of a part's own skin, in shoulder widths² (analysis
   * size), for its grain to be its own: a shin's hand-width below a hem is
   * ~0.1 × 0.5 sw; fewer px fit too few of skin-texture's tiles to pick the
   * quieter half from, and a hem's or a shoe's edge would set the grain.
   */
  minSkinSw2: 0.04,
} as const;

/** One part: where its made skin is (`target`) and its own visible skin (`source`), both 0/1 masks; `sourcePx`: the source's set px. */
export interface GrainPart {
  target: Mask;
  source: Mask;
  sourcePx: number;
}

/**
 * The parts' masks from the visible skin and the body's `parts`: legs (not
 * the arms or hands beside or on them), arms (not the hands: their edges and
 * knuckles are no arm's grain) and the trunk (neither: the neck, chest, back
 * and belly). The legs read all `known` skin on them: the body's shape
 * (textureSamples' `samples`) ends at the old garment's outline and leaves
 * out the shins below a hem, the very skin a made knee runs into; the arms
 * and trunk read `samples` (not the face: its features are no skin grain).
 * Targets: the legs; the arms off the legs; the rest, within `where` only
 * (the whole frame when null: texturedByPart reads them only there). New masks.
 */
export function grainParts(seen: { samples: Mask; known: Mask }, parts: SkinParts, where: Box | null = null): GrainPart[] {
  const { samples, known } = seen;
  const { width: w, height: h } = samples;
  const out = [0, 1, 2].map(() => ({ target: createMask(w, h), source: createMask(w, h), sourcePx: 0 }));
  const [leg, arm, trunk] = out as [GrainPart, GrainPart, GrainPart];
  const b = where ?? { x0: 0, y0: 0, x1: w - 1, y1: h - 1 };
  for (let y = Math.max(0, b.y0); y <= Math.min(h - 1, b.y1); y++) {
    for (let x = Math.max(0, b.x0), i = y * w + x; x <= Math.min(w - 1, b.x1); x++, i++) {
      (parts.legs.data[i]! >= 0.5 ? leg : parts.arms.data[i]! >= 0.5 ? arm : trunk).target.data[i] = 1;
    }
  }
  // (the sources anywhere in the frame, but only on visible skin: elsewhere no part takes a px)
  const kd = known.data, sd = samples.data;
  for (let i = 0; i < w * h; i++) {
    const isKnown = kd[i]! > 0, isSample = !(sd[i]! < 0.5);
    if (!isKnown && !isSample) continue;
    const isLeg = parts.legs.data[i]! >= 0.5, isArm = parts.arms.data[i]! >= 0.5;
    if (parts.hands.data[i]! >= 0.5) continue;
    // (each source px counted as it is set: no pass over the whole frame per part in ownGrain)
    if (isLeg && !isArm && isKnown) setSource(leg, i);
    if (!isSample || isLeg) continue;
    setSource(isArm ? arm : trunk, i);
  }
  return out;
}

/** Pixels of `m` set (≥ 0.5) inside `box` (clamped to the mask). */
export function countInBox(m: Mask, box: Box): number {
  const { width: w, height: h } = m;
  let n = 0;
  for (let y = Math.max(0, box.y0); y <= Math.min(h - 1, box.y1); y++) {
    for (let x = Math.max(0, box.x0); x <= Math.min(w - 1, box.x1); x++) if (m.data[y * w + x]! >= 0.5) n++;
  }
  return n;
}

/** Whether any pixel of `m` is set (≥ 0.5) inside `box` (clamped to the mask): countInBox(m, box) > 0, stopping at the first. */
export function anyInBox(m: Mask, box: Box): boolean {
  const { width: w, height: h } = m;
  for (let y = Math.max(0, box.y0); y <= Math.min(h - 1, box.y1); y++) {
    for (let x = Math.max(0, box.x0); x <= Math.min(w - 1, box.x1); x++) if (m.data[y * w + x]! >= 0.5) return true;
  }
  return false;
}

/** Pixel `i` of `part`'s source set, and counted (once: grainParts sets each px of a part's source at most once). */
function setSource(part: GrainPart, i: number): void {
  part.source.data[i] = 1;
  part.sourcePx++;
}

/**
 * The part's own grain (measured on its visible skin anywhere in the frame)
 * when at least OWN_PART_GRAIN.minSkinSw2 of it shows and any of its made
 * skin lies in `where`; else null (the fill's grain stays).
 */
function ownGrain(rgb: Float32Array, part: GrainPart, where: Box, shoulderWidthPx: number): SkinTexture | null {
  if (part.sourcePx < OWN_PART_GRAIN.minSkinSw2 * shoulderWidthPx * shoulderWidthPx) return null;
  if (!anyInBox(part.target, where)) return null;
  const { width: w, height: h } = part.source;
  return measureSkinTexture(rgb, part.source, { x0: 0, y0: 0, x1: w - 1, y1: h - 1 });
}

/**
 * `fill` (analysis size, 3 floats per pixel) textured inside `where`: with
 * `fallback` everywhere, and each part's made skin (grainParts) with that
 * part's own grain where it has one (ownGrain). One noise field for all
 * (the same box and seed), each part scaling it by its own amplitudes: no
 * seam where the parts meet but the grain's strength. A new plane.
 */
export function texturedByPart(
  fill: Float32Array,
  seen: { rgb: Float32Array; samples: Mask; known: Mask; parts: SkinParts | null },
  where: Box,
  grain: { fallback: SkinTexture | null; shoulderWidthPx: number; gains: readonly number[]; seed: number },
): Float32Array {
  const { width: w, height: h } = seen.samples;
  const out = fill.slice();
  // (the noise's fields made once for the box and seed, each texture only scaling them: the same floats as one applySkinTexture each)
  const field = skinNoiseField(w, h, where, grain.seed);
  if (!field) return out;
  if (!seen.parts) {
    if (grain.fallback) applyNoiseField(out, w, field, grain.fallback, grain.gains);
    return out;
  }
  // (the parts' targets tile the field's box: each px takes its part's grain or the fallback, made once;
  // the fallback laid over the whole box first was thrown away wherever a part had its own)
  for (const part of grainParts(seen, seen.parts, where)) {
    const texture = ownGrain(seen.rgb, part, where, grain.shoulderWidthPx) ?? grain.fallback;
    if (texture) scaleNoiseWhere(out, fill, part.target, field, { texture, bandGains: grain.gains });
  }
  return out;
}
