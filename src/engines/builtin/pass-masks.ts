/**
 * The masks of one compositing pass (analysis size): the old garment to
 * remove, what stays protected over the new one (face, hair, hands, feet, the
 * other garment), arms in front of the torso, the removal fills, the shading
 * and the new garment's contact shadow. Shared by try-on and refine.
 */
import type { Category, TryOnOptions } from '../engine.js';
import { createMask, lumaOf, type Mask, type RgbImage } from '../../vision/image.js';
import type { PersonAnalysis } from '../../vision/person-analysis.js';
import { mul, type BodyFrame } from '../../vision/body-regions.js';
import { blurMask, boxBlurOwnPlane, componentsTouching, growInto, maskBounds, morph, morphPair, nonZeroSpan, onMask, threshold, unionInto, unionMask } from '../../vision/mask-ops.js';
import { blurCropBox, boundedChessboardDistance, cropMask, grownBox, smallHolesFilledIn, type PixelBox } from '../../vision/box-distance.js';
import { extractPaletteInBox, lightOnRay, paletteDistance2, paletteWhere, shadeDistance2, shadedDistance2, type Palette } from '../../vision/palette.js';
import { skinSaturationShare, type SkinModel } from '../../vision/skin.js';
import type { ClothingRegions } from './clothing-regions.js';
import { topCuffs } from './sleeve-cuff.js';
import type { NeckZone } from './neck-skin.js';
import { computeFills, otherGarmentExtent, type BareNeckTone, type OtherGarment } from './removal.js';
import { shadingMap } from './shading.js';
import { HAND_KEY, isHandColour, layerCoverage, occlusionOf, type HandKey, type PassMasks } from './composite.js';
import { ARM_AGAINST_TOP, armAgainstTop, bareBelowHem, brokenLayers, keptToOutline, type OutlinePlanes, coversThighs, keptOldGarment, LAYER_ZONE, layerZone, gapBesideDress, rimBesideDress, rimBesideTop, RIM_BESIDE_DRESS, keptTopBeneath, sleevedTop, topBeneathZone, trousersBeneath, upperLayerZone, waistGapZone, withoutLowerStrays, zoneWithNotch, type KeepRule, type Shin, type SleeveReach, type Thigh } from './layering.js';
import type { GarmentLayer } from './warp-render.js';
import { polyLength, truncate, type GarmentFit } from './fit-targets.js';
import type { Pt } from './tps.js';
import { boxUnion, EMPTY_BOX, fillCapsule } from '../../vision/raster.js';
import { feetFront } from './feet-front.js';
import { capKeyedEnds, hairEnds } from './hair-front.js';
import { fringedGarment, keptWithFringe, oldFringe, withFringe } from './old-fringe.js';
import { keptToShoes, oldCuffs, oldLegwear, type HemRows } from './hem-reach.js';
import { FOREARM_FRONT, forearmsFrontZone, handsFrontZone, handsReachZone, hiddenHandWrists } from './hands-front.js';
import { armFormShading, BARE_SHOULDER_SW, fitLegToSkin, lightTilt, type ArmSegment } from '../../vision/bare-body.js';
import { legHiddenFrom, legJoinedCoverage } from '../../vision/leg-join.js';
import { chestLift, litLuma, measureNeck, withBareNeck, type NeckFrame } from '../../vision/bare-neck.js';
import { EXTREMITIES } from '../../vision/body-regions.js';
import { hypot2 } from '../../vision/hypot.js';
import { straightenedArmCut } from './shoulder-lobes.js';
import { lowerBandUnderHem } from './hem-band.js';
import { heldObjects } from './held-objects.js';
import { legSkinBesideNew } from './leg-beside.js';
import { frontNecklineCap } from './front-neckline.js';
import { hemShadowOnLegs } from './hem-shadow.js';

/** Neck skin kept over a new top, and skin not kept as a shoe, has at least this share of the face's saturation (see skinSaturationShare). */
const NECK_SATURATION_SHARE = 0.4;

/** Half-width of the arm a new sleeve covers, shoulder widths (the arm core's own is 0.08). */
const SLEEVED_ARM_SW = 0.12;

/** Pinholes in a hand's skin (shading between fingers) closed up to this radius, analysis px. */
const HAND_CLOSING_PX = 1;

/**
 * How a kept hand's pixel is told to be the hand's own skin, drawn whole over the protect mask's soft
 * edge: within `d2` (RGB distance²) of one of 2 shades of the hands kept (a lit and a shaded side)
 * that holds at least `minShare` of them. The hand's outline mixed with a dark garment beside it is a
 * shade of its own, of a thin ring's share: not the skin. (From 0.3 the fingers of a hand in a pocket or
 * curled at the hip, a shade of their own too, stayed at half strength, a ghost over the new garment.)
 */
const HAND_CORE = { d2: 30 * 30, minShare: 0.15 } as const;

/**
 * The kept hands' (`hands`) own 2 shades in the photo (`small`), or null without hands: made once
 * a pass, the hands' skin core (handSkinCore) and their key (handKeyOf) both read them. (extractPalette
 * samples the mask from 0.5 itself: the hands as they are, no thresholded copy.)
 */
export function handColours(hands: Mask, small: RgbImage, box = maskBounds(hands)): Palette | null {
  // (read in the hands' box only (`box`, the hands' bounds from 0.5): the same pixels in the same order)
  return extractPaletteInBox(small, hands, 2, box);
}

/**
 * The hands kept (`hands`) in their own skin's shades (HAND_CORE; `own`, handColours) in the photo
 * (`small`), a new mask; empty without hands. `box`: the hands' bounds from 0.5, where alone a pixel is kept.
 */
export function handSkinCore(hands: Mask, small: RgbImage, own = handColours(hands, small), box = maskBounds(hands)): Mask {
  const out = createMask(hands.width, hands.height);
  if (!own || !box) return out;
  const rgb = small.data, ch = small.channels, w = hands.width;
  for (let y = box.y0; y <= box.y1; y++) {
    for (let i = y * w + box.x0; i <= y * w + box.x1; i++) {
      if (hands.data[i]! < 0.5) continue;
      const d2 = paletteDistance2(own, rgb[i * ch]!, rgb[i * ch + 1]!, rgb[i * ch + 2]!, HAND_CORE.minShare);
      if (d2 < HAND_CORE.d2) out.data[i] = hands.data[i]!;
    }
  }
  return out;
}

/**
 * The kept hands (`hands`) as told at the output size (composite.ts HandKey): their band one pixel past
 * them, feathered, and their own colours in the photo (`palette`, handColours); null without colours.
 * `others`: the protected layers besides the hands and the removed garments' palettes (HandKey.others, old).
 * (morph reads the mask from 0.5 itself: the hands as they are, no thresholded copy.)
 */
export function handKeyOf(hands: Mask, small: RgbImage, palette?: Palette | null, others: { mask: Mask; old: Palette[] } | null = null): HandKey | null {
  // (the hands' bounds from 0.5 found once: the colours read there, the band lies within them grown by its 1 px)
  const box = maskBounds(hands);
  const own = palette === undefined ? handColours(hands, small, box) : palette;
  if (!own) return null;
  const band = blurMask(morph(hands, 1, box), 1, 1, grownBox(box, 1, hands.width, hands.height));
  return others ? { band, palette: own, others: others.mask, old: others.old } : { band, palette: own };
}

/** RGB distance² within which a pixel looks like a garment's palette (the parse's own match threshold, 55): the old top like the lower garment, a hand like the garment under it. */
const LOOKS_LIKE_D2 = 55 * 55;

/**
 * The person's own bare arms and hands, seen in the photo: no removal of the
 * old top takes them (its edge grown into skin, or its parse grown along an
 * arm's shaded side, erased a forearm's edge and filled it with whatever skin
 * the fill found: beige trousers beside the hand), and the new panel goes
 * behind them (a top widened to the torso's measure covered the arm hanging beside it).
 */
const BARE_ARM = {
  /**
   * Skin with at least this share of the face's saturation (skinSaturationShare):
   * a tanned arm measures 0.8–2, a pale one lit 0.5–0.9 (beside a made-up
   * face), a grey or white top 0–0.1; a top's edge mixed with skin lies
   * between, and goes with the eroded outline.
   */
  saturationShare: 0.45,
  /**
   * RGB distance² within which skin is a removed garment's own colour (a
   * beige knit's sleeve passes the skin test and the saturation): the parse's
   * match, against the palette's skin-toned shades only (their own saturation
   * share as skin's): a grey top's palette holds a shade within 47–57 of a lit forearm.
   */
  garmentD2: 55 * 55,
  /**
   * RGB distance² within which bare skin has the face's skin colour, its shade
   * aside (shadedDistance2): arms in light or shadow measure 6–23, a tan
   * corduroy skirt the parse took for skin 29–39.
   */
  skinD2: 26 * 26,
  /**
   * How far the bare skin found in the arms' zone grows into like skin beyond
   * it, shoulder widths: the zone follows the pose's joints, and a forearm
   * crossing the body lay half outside it (a wrist point short of the real one).
   */
  growSw: 0.08,
  /** The bare skin's outline is eroded by this many analysis px: its edge pixels mix in the old garment and go with it. */
  edgePx: 1,
} as const;

/**
 * What stays over the new garment (soft), the hands kept among it and their colours (handColours; null
 * when hands are not kept), and the layers other than the hands where the hands' key reaches (composite.ts
 * HandKey.others; null without hands). `cover`, the new garment's coverage when its drawn top edge at the
 * neck is its front neckline (a flat photo's opening taken out), bounds the neck kept (front-neckline.ts).
 */
export function protectMask(c: ClothingRegions, category: Category, options: TryOnOptions, person: PersonAnalysis, frame: BodyFrame, oldHard: Mask, hems: HemRows | null = null, arms: HandArms | null = null, topKept: Mask = c.upperCloth, cover: Mask | null = null): { protect: Mask; hands: Mask | null; handColours: Palette | null; others: Mask | null } {
  const { width, height } = c.skin;
  const p = createMask(width, height);
  const r = c.regions;
  const small = person.small, ch = small.channels;
  const saturated = (i: number) => skinSaturationShare(c.skinModel, small.data[i * ch]!, small.data[i * ch + 1]!, small.data[i * ch + 2]!) >= NECK_SATURATION_SHARE;
  const bareSkin = (i: number) => c.skin.data[i]! >= 0.5 && saturated(i);
  // (over a lower garment or a dress the hands hang where it is drawn: their zone reaches the fingertips, hands-front.ts)
  // (the zone is a new mask of its own: the capsules are drawn into it)
  const handCapsules = category === 'upper' ? c.regions.hands : unionInto(handsFrontZone(person, frame), c.regions.hands);
  // (each hand mask with the fingers in the hand's shadow among it (handMask, HAND_SHADE): not read as the hands' colours below)
  const handsFrom = (capsules: Mask) => {
    const shade = createMask(width, height);
    return { mask: handMask(handZone(c, category, { person, frame, arms }, oldHard, saturated, capsules), shade), shade };
  };
  const first = options.preserveHands ? handsFrom(handCapsules) : null;
  // (a hand hidden in a pocket of the garment replaced is kept from its wrist up, hands-front.ts HAND_IN_POCKET)
  const wrists = first && category !== 'upper' ? hiddenHandWrists(person, frame, first.mask) : null;
  const kept = wrists ? handsFrom(unionInto(wrists, handCapsules)) : first;
  const hands = kept ? kept.mask : null;
  const feetZone = options.preserveFeet && category !== 'upper' ? feetFront(person, frame, legHemStarts(hems)) : null;
  const feet = feetZone && feetKept(feetZone, oldHard, bareSkin);
  const neckBase = category !== 'lower' ? neckBaseRows(c, person, oldHard, frame, cover) : null;
  // (the planes read in the loop, taken out of their objects once: read through them per pixel, the loop ran 2–3× slower)
  // (the hair's ends over the old top kept by how much hair they hold, hair-front.ts HAIR_ENDS)
  const ends = neckBase && c.hairColours ? hairEnds(c.hair, { small, old: oldHard, ...c.hairColours }) : null;
  const hairKept = ends ? ends.hair : c.hair;
  // (over a new lower garment the top as it stays: less the old lower garment's band under its hem, hem-band.ts)
  const upper = (category === 'lower' ? topKept : c.upperCloth).data;
  const head = r.head.data, hair = hairKept.data, neck = r.neck.data, handsData = hands?.data, feetData = feet ? feet.data : null;
  // (by rows: no division and remainder per pixel for its row and column; comparisons rather than
  // Math.max, the same maxima: with three arguments V8 did not inline it, and the loop took ~4 ms against 3 at 384×512)
  // (only the box of the planes' positive pixels: outside it every test fails and the pixel stays 0)
  const b = positiveBox(neckBase ? [r.head, c.hair, r.neck, hands, feet] : [c.upperCloth, hands, feet]);
  protectPixels(p.data, width, [b.x0, b.y0, b.x1, b.y1], neckBase ? [head, hair, neck] : null, neckBase, upper, handsData ?? null, feetData);
  // (the hands' skin whole over the softened edge: a finger 2–3 px across at the analysis size came out of
  // the blur at half strength, a ghost of itself over the new garment; the hand's outline, mixed with the
  // garment beside it and no longer the skin's colour, stays soft, or it drew a dark rim round the hand)
  // (the blur's mask is new and read nowhere else: the core is drawn into it; `p` is positive only in `b`)
  // (the feather held to the hair's ends as keyed: hair-front.ts capKeyedEnds)
  const soft = ends ? capKeyedEnds(blurMask(p, 1, 1, b), ends.cap, hands) : blurMask(p, 1, 1, b);
  const handBox = hands ? maskBounds(hands) : null;
  // (their shade among the hands' colours kept a dark sliver of a hand beside the body whole over the new garment)
  const own = kept ? handColours(subtract(kept.mask, kept.shade), person.small, handBox) : null;
  // (the other layers alone, unfeathered, where the hands' key reaches: their band, 2 px past them; HandKey.others)
  const kb = handBox && grownBox(handBox, 2, width, height), others = kb ? createMask(width, height) : null;
  if (kb && others) protectPixels(others.data, width, [kb.x0, kb.y0, kb.x1, kb.y1], neckBase ? [head, hair, neck] : null, neckBase, upper, null, feetData);
  return { protect: hands ? unionInto(soft, handSkinCore(hands, person.small, own, handBox)) : soft, hands, handColours: own, others };
}

/**
 * protectMask's pixels within box `box` ([x0, y0, x1, y1]) into `out` (width `width`): the head,
 * the hair and the neck down to its base row per column (`face`: head, hair, neck planes;
 * `neckBase`), or without them the top (`upper`); the kept hands (soft) and the kept feet (from 0.5)
 * over either. On typed arrays and numbers only: optimised once, this loop's code depends on no
 * object of a job, which kept deoptimising the code of the function around it between jobs.
 */
function protectPixels(out: Float32Array, width: number, box: readonly number[], face: Float32Array[] | null, neckBase: Int32Array | null, upper: Float32Array, hands: Float32Array | null, feet: Float32Array | null): void {
  const [x0, y0, x1, y1] = box as [number, number, number, number];
  const head = face ? face[0]! : null, hair = face ? face[1]! : null, neck = face ? face[2]! : null;
  for (let y = y0; y <= y1; y++) {
    for (let x = x0, i = y * width + x0; x <= x1; x++, i++) {
      let v = 0;
      if (head && hair && neck && neckBase) {
        if (head[i]! > v) v = head[i]!;
        if (hair[i]! > v) v = hair[i]!;
        if (neck[i]! >= 0.5 && y <= neckBase[x]!) v = 1;
      } else if (upper[i]! > v) {
        // the top stays over the new lower garment
        v = upper[i]!;
      }
      if (hands && hands[i]! > v) v = hands[i]!;
      // (the feet below the ankles, bare skin in sandals too: the new hem ends
      // at the ankles (feet-front.ts); not the old garment's cuff on the shoe,
      // which goes: white shoes pass the skin test, but not with skin's saturation)
      if (feet && feet[i]! >= 0.5) v = 1;
      out[i] = v;
    }
  }
}

/**
 * Under new trousers or a new skirt, the slivers of the person's own leg beside
 * the new garment (leg-beside.ts) given to the garment removed, so they take
 * the background's fill: kept, a strip of bare calf stood down the side of a
 * new trouser leg narrower than the leg. `r` as it was for another category
 * or without slivers; `slivers` the slivers (null without), which the pass's
 * `oldHard` leaves out: they are the person's leg, and the verdict reads the
 * old garment's colours on it (skin among them took the legs and hands for
 * remnants).
 */
function withLegsBeside<T extends { removed: ClothingRegions }>(r: T, at: { category: Category; cover: Mask; person: PersonAnalysis; frame: BodyFrame; swPx: number }): T & { slivers: Mask | null } {
  if (at.category !== 'lower') return { ...r, slivers: null };
  // (from the knees' row down: beside the thighs hang the hands, whose fingertips reach past any zone drawn from the pose)
  const c = r.removed, g = c.regions, k = at.person.keypoints, fromRow = Math.min(k.leftKnee.y, k.rightKnee.y) * at.person.scale;
  const ankleRow = Math.max(k.leftAnkle.y, k.rightAnkle.y) * at.person.scale;
  const hands = unionInto(handsReachZone(at.person, at.frame), g.hands);
  const slivers = legSkinBesideNew({ cover: at.cover, skin: c.skin, matte: at.person.matte, old: c.lowerCloth, hands, arms: g.arms, image: at.person.small }, { fromRow, ankleRow, swPx: at.swPx });
  return slivers ? { ...r, removed: { ...c, lowerCloth: unionMask(c.lowerCloth, slivers) }, slivers } : { ...r, slivers };
}

/**
 * Over a new lower garment, the old lower garment's band under the top's hem
 * (hem-band.ts) given to the garment removed: `removed` (the parse the
 * removal reads) with the band in its lower garment, and the top as it stays
 * over the new garment without it. The band lies up to HEM_BAND.maxDepthSw
 * above the parse's lower garment, past the 3 px the removal grows it by
 * (oldClothFor): left out of the removal, its upper rows stayed as a strip of
 * the old waistband between the top's hem and the new one. Both as they were
 * without a band or for another category.
 */
export function withHemBand<T extends { lowerCloth: Mask }>(removed: T, c: Pick<ClothingRegions, 'upperCloth' | 'lowerCloth'>, category: Category, at: { small: RgbImage; swPx: number }): { removed: T; topKept: Mask } {
  const band = category === 'lower' ? lowerBandUnderHem({ small: at.small, upper: c.upperCloth, lower: c.lowerCloth, swPx: at.swPx }) : null;
  if (!band) return { removed, topKept: c.upperCloth };
  return { removed: { ...removed, lowerCloth: unionMask(removed.lowerCloth, band) }, topKept: subtract(c.upperCloth, band) };
}

/** The box holding every positive pixel of `planes` (absent ones skipped), EMPTY_BOX when none has one. */
export function positiveBox(planes: (Mask | null)[]): PixelBox {
  let x0 = Infinity, y0 = Infinity, x1 = -1, y1 = -1;
  for (const m of planes) {
    // (Number.MIN_VALUE: any value above 0 counts, as `> 0` in the caller's tests)
    const b = m ? maskBounds(m, Number.MIN_VALUE) : null;
    if (!b) continue;
    x0 = Math.min(x0, b.x0);
    y0 = Math.min(y0, b.y0);
    x1 = Math.max(x1, b.x1);
    y1 = Math.max(y1, b.y1);
  }
  return x1 < 0 ? { ...EMPTY_BOX } : { x0, y0, x1, y1 };
}

/**
 * Bare skin under the old garment counted as a foot in a sandal only in
 * pieces of FOOT_SKIN_OPEN_PX or more across: the light stripes of a check or
 * a print at the old hem pass the skin test pixel by pixel, and kept, drew
 * the hem's pattern as streaks across the ankles.
 */
const FOOT_SKIN_OPEN_PX = 1;

/** Where the feet in front are kept (hard): their zone off the old garment, and on it where bare skin shows (see FOOT_SKIN_OPEN_PX). */
function feetKept(zone: Mask, oldHard: Mask, bareSkin: (i: number) => boolean): Mask {
  const { width, height } = zone;
  const out = createMask(width, height);
  // (only the zone's box: both masks are empty outside the zone)
  const b = maskBounds(zone);
  if (!b) return out;
  const onOld = createMask(width, height);
  for (let y = b.y0; y <= b.y1; y++) {
    for (let i = y * width + b.x0; i <= y * width + b.x1; i++) if (zone.data[i]! >= 0.5 && oldHard.data[i]! >= 0.5 && bareSkin(i)) onOld.data[i] = 1;
  }
  const skin = morphPair(onOld, -FOOT_SKIN_OPEN_PX, FOOT_SKIN_OPEN_PX, b);
  for (let y = b.y0; y <= b.y1; y++) {
    for (let i = y * width + b.x0; i <= y * width + b.x1; i++) if (zone.data[i]! >= 0.5 && (oldHard.data[i]! < 0.5 || skin.data[i]! >= 0.5)) out.data[i] = 1;
  }
  return out;
}

/** Each leg's hem row under a new lower garment (full px, hem-reach.ts): the feet in front start there at the earliest. */
function legHemStarts(rows: HemRows | null): { left?: number; right?: number } {
  // (only where a leg reaches below the common floor: elsewhere the feet start where they always did)
  const lower = (leg: { y: number } | null | undefined) => (rows && leg && leg.y > rows.floor ? leg.y : undefined);
  const left = lower(rows?.left), right = lower(rows?.right);
  return { ...(left !== undefined ? { left } : {}), ...(right !== undefined ? { right } : {}) };
}

/** The parse with the old cuffs below each ankle added to the old lower garment (hem-reach.ts oldCuffs). */
function withOldCuffs(c: ClothingRegions, person: PersonAnalysis, frame: BodyFrame, rows: HemRows | null): ClothingRegions {
  return rows ? { ...c, lowerCloth: unionMask(c.lowerCloth, oldCuffs(person, frame, oldLegwear(c), rows)) } : c;
}

/** The palettes of the garments a pass removes (null ones dropped). */
function removedPalettes(c: ClothingRegions, category: Category): Palette[] {
  const ps = category === 'upper' ? [c.topPalette] : category === 'lower' ? [c.bottomPalette] : [c.topPalette, c.bottomPalette];
  return ps.filter((q): q is Palette => q !== null);
}

/** What decides which pixels of the hands' zone stay over the new garment (analysis size). */
export interface HandZone {
  /** The hands' capsules from the pose (wrist towards the knuckles). */
  hands: Mask;
  skin: Mask;
  /** The old garment removed, hard. */
  oldHard: Mask;
  /** Skin with skin's saturation (see skinSaturationShare). */
  saturated: (i: number) => boolean;
  /** The pixel looks like a removed garment's palette (true for all without one). */
  garmentColour: (i: number) => boolean;
  /** Where and in what the kept hand is completed past its capsules (handGrown); without it, the capsules' pixels only. */
  reach?: HandReach;
}

/** What a kept hand may grow into (handGrown), analysis size. */
export interface HandReach {
  /** The bound (hands-front.ts handsReachZone): the pose's hands with a margin. */
  bound: Mask;
  /** The pose's own hand capsules (body-regions.ts, wrist towards the knuckles): past them the zone's pixels over the old garment are the hand only in its own colours (handTrimmed). */
  core: Mask;
  /** The person photo (the hand's own colours), the matte and the legs' region (bare thighs are not the hand). */
  rgb: RgbImage;
  matte: Mask;
  legs: Mask;
  /** The garment the pass keeps (the parse's top under a lower garment or a dress, its lower garment under a top): never grown into as the hand. */
  other: Mask;
  /**
   * The forearms (forearmsBare) the hand's colours are followed up into (FOREARM_FRONT.reachSw),
   * or null: a forearm across the hip is in front of a new lower garment or dress's panel.
   * `garmentLike`: the zone's garment colour (HandZone.garmentColour: nearer a removed garment's palette
   * than the face's skin; a lit forearm lies within LOOKS_LIKE_D2 of a light grey top), false without a
   * removed garment's palette (the parse took the garment for skin): in the arm's narrow capsule the arm is
   * told from the garment by the hand's own colours.
   */
  forearms: { zone: Mask; garmentLike: (i: number) => boolean } | null;
  /**
   * The pixel lies within LOOKS_LIKE_D2 of a removed garment's palette, however near the skin's colour:
   * the hand is not grown into it, on the old garment or off it where the parse took the garment for
   * skin (a beige knit passing the hand's colours was grown into as a blot round the hand).
   */
  garmentLike: (i: number) => boolean;
  /** The removed garments' palettes (none: the parse took the garment for skin; nothing is told from the hand by its colour then). */
  removed: Palette[];
  shoulderWidthPx: number;
}

/**
 * How a kept hand is completed (analysis size): the pose's capsules end short
 * of a hanging hand's fingertips or beside a spread thumb, and the new
 * garment was drawn over the rest of the hand (cut at the knuckles, or the
 * fingers over the old garment ghosted); the shading inside a hand (a fist's
 * crease, a ring) fails the skin test, and the garment showed through it.
 */
export const HAND_GROW = {
  /**
   * How far the hand's own colours are followed past what its capsules kept,
   * shoulder widths (4-connected steps): a hanging hand's fingers ran on
   * 10–15 analysis px (0.1–0.18 sw) past the zone's tip. HAND_REACH bounds it.
   */
  reachSw: 0.2,
  /**
   * Holes inside a kept hand up to this area, shoulder widths², are the
   * hand's own shading and are filled: at a shoulder width of ~85 analysis
   * px that is ~11 px, a fist's crease or a ring's shadow (a few px); the
   * gap between thumb and fingers showing what lies behind is larger and stays.
   */
  holeSw2: 0.0015,
  /**
   * Notches in a kept hand's outline up to about twice this, shoulder widths, are the hand's own
   * shading and are filled (a closing of this radius): a fist's shadowed inside, a pale nail, a
   * finger's crease opening onto the old garment fail the skin test, and unlike an enclosed hole
   * they are not filled; the new garment was drawn into the hand there (fingers cut at its edge, a
   * bite out of the fist). At a shoulder width of ~85 analysis px that is 3 px: notches up to ~6 px
   * across (a fist's shadow, a nail); the gap between thumb and fingers is wider and stays, and what
   * is filled is told by its colour (handNotchesFilled).
   */
  notchSw: 0.035,
} as const;

/**
 * The hands kept over the new garment, a new mask: in the hands' capsules,
 * skin beside the old garment, and over it (a hand resting on the hip, the
 * thigh, the belly is parsed as the garment under it and was drawn over or
 * seen through) skin with skin's saturation not of the garment's colour (a
 * pale yellow skirt passes the skin test beside the hand, a white cuff at the
 * wrist lacks skin's saturation, a skin-toned cuff matches the top's palette).
 * Closed by 1 px inside the capsules: the shading between fingers fails the
 * skin test, and its pinholes showed the new garment through the hand. With
 * a reach, completed (HAND_GROW): trimmed to the hand's colours past the
 * pose's own capsules, its small holes filled, grown into its own colours
 * and up its forearm (HandReach.forearms), the notches in its outline filled, and the cloth of a
 * removed garment's colour round it peeled from its outline (HAND_CLOTH).
 */
export function handMask(z: HandZone, shade: Mask | null = null): Mask {
  const { width, height } = z.hands;
  const kept = createMask(width, height);
  const hands = z.hands.data, skin = z.skin.data, oldHard = z.oldHard.data;
  // (only the capsules' box: the kept pixels lie in the capsules, and their closing inside their own box)
  const b = maskBounds(z.hands) ?? EMPTY_BOX;
  for (let y = b.y0; y <= b.y1; y++) {
    for (let i = y * width + b.x0; i <= y * width + b.x1; i++) {
      if (hands[i]! < 0.5 || skin[i]! < 0.5) continue;
      if (oldHard[i]! < 0.5 || (z.saturated(i) && !z.garmentColour(i))) kept.data[i] = 1;
    }
  }
  // (`kept` is 1 only in the box: closed there, grown by its reach)
  const closed = morphPair(kept, HAND_CLOSING_PX, -HAND_CLOSING_PX, b);
  // (the hand written over `kept`, read only by the closing: in the box, where every pixel is written; beyond it both are 0)
  for (let y = b.y0; y <= b.y1; y++) {
    for (let i = y * width + b.x0; i <= y * width + b.x1; i++) kept.data[i] = closed.data[i]! >= 0.5 ? hands[i]! : 0;
  }
  if (!z.reach) return kept;
  const sw2 = z.reach.shoulderWidthPx * z.reach.shoulderWidthPx;
  // (trimmed and filled in place: the mask is this function's own, no copy each step)
  // (the fingers in the hand's shadow (HAND_SHADE) set aside and put back after the growth: among the
  // hand's colours their shade let the hand grow into the dark outline of a hand beside the body)
  const set = shade ?? createMask(width, height);
  const grown = handGrown(smallHolesFilledIn(trimmedIn(kept, z, set), HAND_GROW.holeSw2 * sw2), z);
  for (let y = b.y0; y <= b.y1; y++) for (let i = y * width + b.x0; i <= y * width + b.x1; i++) if (set.data[i]! > grown.data[i]!) grown.data[i] = set.data[i]!;
  return rimPeeledIn(clothPeeledIn(notchesFilledIn(grown, z), z), z);
}

/**
 * The dark rim of a kept hand (HAND_RIM): inside the pose's own capsules nothing is trimmed by colour
 * (handTrimmed), and the hand's outline over the old garment, its skin mixed with a dark garment or in the
 * shadow between the hand and the hip, measured 0.4–0.6 of the hand's light, 1–3 analysis px deep. Kept,
 * it stayed as a dark line drawn round the hand over the new garment. Pixels that dark are peeled from the
 * outline through such pixels; fingers in the hand's own shadow (0.55–0.7 of the back of the hand's light,
 * more of the hand colours' mean light, HAND_SHADE) and the shade inside the hand are not reached.
 */
const HAND_RIM = {
  /** Highest light of a rim pixel, share of the kept hand's colours' mean luma (coreColours, weighted). */
  light: 0.6,
  /** How deep the rim is peeled, shoulder widths (4-connected steps): a rim measured 1–3 analysis px at ~95 px a shoulder width. */
  depthSw: 0.03,
} as const;

/**
 * The kept hand (`kept`, changed in place and returned) without its dark rim (HAND_RIM): pixels over the old
 * garment, in the pose's own capsules, darker than `light` of the hand colours' mean luma, reached from the
 * outline through such pixels. As it is without a reach or the hand's colours.
 */
function rimPeeledIn(kept: Mask, z: HandZone): Mask {
  const r = z.reach;
  const own = r ? coreColours(kept, r) : null;
  if (!r || !own) return kept;
  let sum = 0, weight = 0;
  for (let c = 0; c < own.weights.length; c++) {
    sum += own.weights[c]! * lumaOf(own.centres[c * 3]!, own.centres[c * 3 + 1]!, own.centres[c * 3 + 2]!);
    weight += own.weights[c]!;
  }
  const dark = (weight > 0 ? sum / weight : 0) * HAND_RIM.light;
  const rgb = r.rgb.data, ch = r.rgb.channels;
  const rim = (i: number) => kept.data[i]! >= 0.5 && r.core.data[i]! >= 0.5 && z.oldHard.data[i]! >= 0.5 && lumaOf(rgb[i * ch]!, rgb[i * ch + 1]!, rgb[i * ch + 2]!) < dark;
  // (grown from the pixels off the hand into the rim: only what the outline reaches)
  return peeledFromOutline(kept, Math.max(1, Math.round(HAND_RIM.depthSw * r.shoulderWidthPx)), rim);
}

/**
 * The kept hand `kept` (changed in place and returned) without the pixels `peel` takes that its outline
 * reaches within `depthPx` (4-connected steps through such pixels, growInto from the pixels off the hand).
 * Worked on the hand's box grown by 1 px: `peel` takes only the hand's own pixels, so the growth starts in
 * that ring and never leaves the box; on the frame it took a full-frame plane, copy and scan per hand.
 */
function peeledFromOutline(kept: Mask, depthPx: number, peel: (i: number) => boolean): Mask {
  const b = maskBounds(kept);
  if (!b) return kept;
  const w = kept.width, box = grownBox(b, 1, w, kept.height)!, off = cropMask(kept, box), cw = off.width;
  for (let j = 0; j < off.data.length; j++) off.data[j] = off.data[j]! >= 0.5 ? 0 : 1;
  const frameIndex = (j: number) => (box.y0 + Math.floor(j / cw)) * w + box.x0 + (j % cw);
  const reached = growInto(off, depthPx, (j) => peel(frameIndex(j)));
  for (let y = b.y0; y <= b.y1; y++) {
    for (let x = b.x0, i = y * w + x; x <= b.x1; x++, i++) if (kept.data[i]! >= 0.5 && reached.data[(y - box.y0) * cw + x - box.x0]! >= 0.5) kept.data[i] = 0;
  }
  return kept;
}

/**
 * Cloth round a kept hand (HAND_CLOTH): the old garment the parse took for skin beside the hand (a beige
 * garment under the fingertips, past a short or curled hand but inside the pose's capsules, or beside a
 * forearm grown into it) passes the skin and hand-colour tests, lit near the lit hand's colour, and stayed
 * over the new garment as a blob of the old one. Its colour tells it: one of the removed garment's colours
 * as the photo shows them (`nearD`), and in hue nearer them (each in some light, palette.ts shadedDistance2)
 * than the hand's own.
 */
const HAND_CLOTH = {
  /**
   * RGB distance to a removed garment's palette centre (as lit) under which a pixel may be that garment:
   * HAND_KEY's 26. A garment palette holding skin the parse took for the garment (orange-brown centres
   * 33 in hue from a dark hand's) lies 45 and more from the hand's pixels, and its hue alone bit into the hand.
   */
  nearD: 26,
  /**
   * How deep such cloth is peeled from the kept hand's outline, shoulder widths (4-connected steps, through
   * cloth-hued pixels over the old garment only): the blob under a hand's fingertips measured up to ~5
   * analysis px (0.06 sw). Inside the hand a pixel of the garment's hue (a highlight, a pale nail) is not reached.
   */
  depthSw: 0.08,
} as const;

/**
 * The kept hand (`kept`, changed in place and returned) without the cloth round it (HAND_CLOTH): pixels over
 * the old garment of a removed garment's colour, nearer it in hue than the hand's own (coreColours), reached
 * from its outline through such pixels. As it is without a reach, a removed palette or the hand's colours.
 */
function clothPeeledIn(kept: Mask, z: HandZone): Mask {
  const r = z.reach;
  const own = r && r.removed.length > 0 ? coreColours(kept, r) : null;
  if (!r || !own) return kept;
  const rgb = r.rgb.data, ch = r.rgb.channels;
  const cloth = (i: number) => {
    if (kept.data[i]! < 0.5 || z.oldHard.data[i]! < 0.5) return false;
    const red = rgb[i * ch]!, green = rgb[i * ch + 1]!, blue = rgb[i * ch + 2]!;
    const hand = shadedDistance2(own, red, green, blue, HAND_KEY.minShare);
    for (const q of r.removed) if (paletteDistance2(q, red, green, blue) < HAND_CLOTH.nearD * HAND_CLOTH.nearD && shadedDistance2(q, red, green, blue) < hand) return true;
    return false;
  };
  // (grown from the pixels off the hand into the cloth: only what the outline reaches)
  return peeledFromOutline(kept, Math.max(1, Math.round(HAND_CLOTH.depthSw * r.shoulderWidthPx)), cloth);
}

/**
 * The kept hand (`kept`) with the notches in its outline filled (HAND_GROW.notchSw, a closing), a new
 * mask (filled pixels 1): only pixels in the reach's bound and the person with skin's saturation (the
 * background seen between the fingers has none), not of the garment the pass keeps nor of a removed
 * garment's colour (HandZone.garmentColour: a strip of old cloth between two fingers stays the
 * garment's, to be drawn over). As it is without a reach.
 */
export function handNotchesFilled(kept: Mask, z: HandZone): Mask {
  return z.reach ? notchesFilledIn({ width: kept.width, height: kept.height, data: kept.data.slice() }, z) : kept;
}

/** handNotchesFilled in place: `kept` itself, its notches filled (its closing read before any is). */
function notchesFilledIn(kept: Mask, z: HandZone): Mask {
  const r = z.reach;
  const px = r ? Math.round(HAND_GROW.notchSw * r.shoulderWidthPx) : 0;
  if (!r || px < 1) return kept;
  const closed = morphPair(kept, px, -px);
  // (a closing by a square lies within the kept hand's box)
  const b = maskBounds(kept) ?? EMPTY_BOX;
  for (let y = b.y0; y <= b.y1; y++) {
    for (let i = y * kept.width + b.x0; i <= y * kept.width + b.x1; i++) {
      if (kept.data[i]! >= 0.5 || closed.data[i]! < 0.5) continue;
      if (r.bound.data[i]! < 0.5 || r.matte.data[i]! < 0.5 || r.other.data[i]! >= 0.5 || !z.saturated(i) || z.garmentColour(i)) continue;
      kept.data[i] = 1;
    }
  }
  return kept;
}

/** `kept` with its enclosed holes of at most `maxPx` pixels filled (value 1), a new mask; holes touching the frame's border are no holes. */
export function handHolesFilled(kept: Mask, maxPx: number): Mask {
  return smallHolesFilledIn({ width: kept.width, height: kept.height, data: kept.data.slice() }, maxPx);
}

/**
 * The kept hand (`kept`) without its pixels past the pose's own capsules that
 * lack the colours of the hand inside them (coreColours, composite.ts
 * isHandColour), a new mask: the zone to the fingertips reaches past a short
 * or curled hand, and there a sheer or beige garment passing the skin test
 * was kept as a blot of old cloth below the fingers; off the old garment too,
 * where the parse took beige trousers or a knit skirt for skin. Fingers over what the hand holds,
 * in its own shadow, stay (HAND_SHADE). As it is without a reach.
 */
export function handTrimmed(kept: Mask, z: HandZone): Mask {
  return z.reach ? trimmedIn({ width: kept.width, height: kept.height, data: kept.data.slice() }, z) : kept;
}

/**
 * handTrimmed in place: `out` itself, trimmed (its colours read before any pixel is, a pixel's trim reads that pixel only).
 * With `shade`, the fingers in the hand's shadow (HAND_SHADE) are moved there (trimmed from `out`, their value written into it).
 */
function trimmedIn(out: Mask, z: HandZone, shade: Mask | null = null): Mask {
  const r = z.reach;
  const own = r ? coreColours(out, r) : null;
  if (!r || !own) return out;
  const rgb = r.rgb.data, ch = r.rgb.channels, w = out.width;
  // (only the kept hand's box holds pixels to trim)
  const b = maskBounds(out) ?? EMPTY_BOX;
  for (let y = b.y0; y <= b.y1; y++) {
    for (let i = y * w + b.x0; i <= y * w + b.x1; i++) {
      if (out.data[i]! < 0.5 || r.core.data[i]! >= 0.5) continue;
      const red = rgb[i * ch]!, green = rgb[i * ch + 1]!, blue = rgb[i * ch + 2]!;
      if (isHandColour(own, red, green, blue)) continue;
      // (a finger in the hand's own shadow over what it holds: off the person's matte, nearer the face's skin
      // than a removed garment's colours, and off the old garment or over it in the hand's hue; HAND_SHADE)
      const shaded = r.matte.data[i]! < 0.5 && !z.garmentColour(i) && isShadedHandColour(own, red, green, blue) && (z.oldHard.data[i]! < 0.5 || inHandsHue(own, r.removed, red, green, blue));
      if (shaded && !shade) continue;
      if (shaded && shade) shade.data[i] = out.data[i]!;
      out.data[i] = 0;
    }
  }
  return out;
}

/**
 * A kept hand's fingers past the pose's capsules in the hand's own shadow: a hand holding a bag's
 * handle shows the back of the hand lit and the fingers over the bag turned away, at about half to two
 * thirds of its light, under what a hand colour's light may be (composite.ts HAND_KEY.light, which
 * leaves out the outline mixed with a dark garment); the fingers were trimmed and the new garment
 * drawn over them, the hand cut at the knuckles. Only off the person's matte (the object held is not
 * the person: the fingers over it measured a matte of 0–0.4) and off the old garment, or over it only
 * in the hand's hue (`oldRatio2`: fingers in shadow over dark trousers were cut the same way) (handTrimmed):
 * on the person a shaded fold of a beige garment the parse took for skin passes as well, and its
 * shade, once among the hand's colours, kept more of that garment round the hand. Even so such fingers
 * are put back only after the hand's growth, and their shade is not among the colours its key and
 * skin core read (handMask, protectMask): read there, the dark outline of a hand beside the body grew
 * into the hand and stayed as a dark sliver over the new garment.
 */
const HAND_SHADE = {
  /** Lowest light, share of a hand colour: fingers turned away from the light measured 0.55–0.7 of the back of the hand; a black bag or belt beside them under 0.3. */
  light: 0.45,
  /**
   * RGB distance² to the hand colour's shade at light 1, scaled by the light²: the shade keeps the
   * skin's own hue (HAND_KEY's 26 scaled with it), an olive or navy object beside the finger does not.
   */
  d2: 26 * 26,
  /**
   * Over the old garment such a finger stays only when its colour is this many times (in distance², each
   * palette in any light, palette.ts shadedDistance2) nearer the hand's colours than every removed garment's:
   * a finger in shadow over denim measured 3 × nearer in distance (9 × in distance²), while the garment's own
   * shade beside it, as near one as the other, and a dark mix of the two are not kept.
   */
  oldRatio2: 2 * 2,
} as const;

/**
 * Whether photo colour (r, g, b) is clearly in the hand's hue rather than a removed garment's (HAND_SHADE.oldRatio2):
 * each palette of `removed` (none: nothing tells the hand from the garment by its colour, false) lies that many times
 * farther in any light than the hand's own colours (`p`).
 */
function inHandsHue(p: Palette, removed: Palette[], r: number, g: number, b: number): boolean {
  const hand = shadedDistance2(p, r, g, b, HAND_KEY.minShare) * HAND_SHADE.oldRatio2;
  return removed.length > 0 && removed.every((q) => shadedDistance2(q, r, g, b) >= hand);
}

/** Whether photo colour (r, g, b) is one of the hands' own colours (`p`) in a shade darker than isHandColour's (HAND_SHADE). */
function isShadedHandColour(p: Palette, r: number, g: number, b: number): boolean {
  for (let c = 0; c < p.weights.length; c++) {
    if (p.weights[c]! < HAND_KEY.minShare) continue;
    const s = lightOnRay(p, c, r, g, b);
    if (Number.isNaN(s) || s < HAND_SHADE.light || s >= HAND_KEY.light[0]) continue;
    if (shadeDistance2(p, c, s, r, g, b) < HAND_SHADE.d2 * s * s) return true;
  }
  return false;
}

/**
 * The kept hand's own colours (2 shades) where the pose's own capsules hold
 * it, else where it is kept at all; null when nothing is kept: past the
 * capsules the zone may hold a blot of old cloth the parse took for skin
 * (a beige garment), whose colour would be counted as the hand's.
 */
function coreColours(kept: Mask, r: HandReach): Palette | null {
  const inCore = createMask(kept.width, kept.height);
  let n = 0;
  const b = maskBounds(kept) ?? EMPTY_BOX;
  for (let y = b.y0; y <= b.y1; y++) {
    for (let i = y * kept.width + b.x0; i <= y * kept.width + b.x1; i++) if (kept.data[i]! >= 0.5 && r.core.data[i]! >= 0.5) { inCore.data[i] = 1; n++; }
  }
  // (extractPalette samples the mask from 0.5 itself: no thresholded copy; both masks lie in the kept hand's box, read there only)
  return extractPaletteInBox(r.rgb, n > 0 ? inCore : kept, 2, b);
}

/**
 * The kept hand (`kept`) grown into its own colours (composite.ts
 * isHandColour: a shaded sheer or brown garment is no hand) by HAND_GROW inside the
 * reach's bound and the person, a new mask (grown pixels 1): never on the
 * garment the pass keeps, nor near the removed garment's colours; off the old garment not on the legs (a hand
 * hanging beside a bare thigh: the same skin, not the hand). As it is when
 * the zone has no reach or the hand no colours.
 */
export function handGrown(kept: Mask, z: HandZone): Mask {
  const r = z.reach;
  // (extractPalette samples the mask from 0.5 itself: no thresholded copy; read in the hand's box only)
  const own = r ? extractPaletteInBox(r.rgb, kept, 2, maskBounds(kept)) : null;
  if (!r || !own) return kept;
  const rgb = r.rgb.data, ch = r.rgb.channels;
  const accept = (bound: Mask, garmentLike: (i: number) => boolean, legs: Mask | null) => (i: number) => {
    if (bound.data[i]! < 0.5 || r.matte.data[i]! < 0.5 || r.other.data[i]! >= 0.5) return false;
    if (garmentLike(i) || (legs && z.oldHard.data[i]! < 0.5 && legs.data[i]! >= 0.5)) return false;
    return isHandColour(own, rgb[i * ch]!, rgb[i * ch + 1]!, rgb[i * ch + 2]!);
  };
  const hand = growInto(kept, Math.round(HAND_GROW.reachSw * r.shoulderWidthPx), accept(r.bound, r.garmentLike, r.legs));
  // (then up the forearm from the hand: only skin joined to the kept hand, in its colours; the forearm
  // crosses the hip, in the legs' zone, where the parse took old beige trousers for skin: no bare thigh
  // lies between the elbow and the wrist of an arm at the hip)
  const arms = r.forearms;
  return arms ? growInto(hand, Math.round(FOREARM_FRONT.reachSw * r.shoulderWidthPx), accept(arms.zone, arms.garmentLike, null)) : hand;
}

/** The hand zone of one pass: the removed garments' palettes say which colour over the old garment is not the hand. */
function handZone(c: ClothingRegions, category: Category, at: { person: PersonAnalysis; frame: BodyFrame; arms: HandArms | null }, oldHard: Mask, saturated: (i: number) => boolean, hands: Mask): HandZone {
  const { person, frame, arms } = at;
  const forearms = arms?.forearms ?? null;
  const palettes = removedPalettes(c, category);
  const small = person.small, ch = small.channels;
  const face: Palette = { centres: Float32Array.from(c.skinModel.rgb), weights: [1] };
  // (a shaded hand on dark trousers lies within LOOKS_LIKE_D2 of their palette's
  // lighter shades too: it is the garment only when nearer the garment than the face's skin)
  // (a loop, not a spread of a mapped array: this runs per pixel of the hands' zone)
  const garmentD2 = (i: number) => {
    let d = Infinity;
    for (const q of palettes) d = Math.min(d, paletteDistance2(q, small.data[i * ch]!, small.data[i * ch + 1]!, small.data[i * ch + 2]!));
    return d;
  };
  const garmentColour = (i: number) => {
    if (palettes.length === 0) return true;
    const d = garmentD2(i);
    return d < LOOKS_LIKE_D2 && d <= shadedDistance2(face, small.data[i * ch]!, small.data[i * ch + 1]!, small.data[i * ch + 2]!);
  };
  const garmentLike = (i: number) => palettes.length === 0 || garmentD2(i) < LOOKS_LIKE_D2;
  const zone: HandZone = { hands, skin: handSkin({ skin: c.skin, hands, saturated, faceRgb: c.skinModel.rgb }, small.data, ch), oldHard, saturated, garmentColour };
  // (under a new top a hand held in front of it reaches past its capsule too, a thumb up, fingers spread;
  // the lower garment the pass keeps, and the legs' zone off the old top, are not grown into)
  const other = category === 'upper' ? c.lowerCloth : c.upperCloth;
  // (the reach's zone is a new mask of its own: the hands are drawn into it)
  const bound = unionInto(handsReachZone(person, frame), hands);
  return { ...zone, reach: { bound: arms ? subtractInto(bound, arms.sleeved) : bound, core: c.regions.hands, rgb: small, matte: person.matte, legs: c.regions.legs, other, forearms: forearms ? { zone: forearms, garmentLike: (i) => palettes.length > 0 && garmentColour(i) } : null, garmentLike, removed: palettes, shoulderWidthPx: frame.shoulderWidth * person.scale } };
}

/**
 * The parse's skin, and in the hands' zone also pixels of the face's skin
 * colour (BARE_ARM.skinD2, shade aside) with skin's saturation: the parse
 * misses a hand resting on or in the pocket of dark trousers (it takes it
 * for the trousers), and the new garment was drawn over all but a stub of it.
 */
export function handSkin(z: { skin: Mask; hands: Mask; saturated: (i: number) => boolean; faceRgb: readonly number[] }, rgb: ArrayLike<number>, ch: number): Mask {
  const { skin, hands, saturated } = z;
  const face: Palette = { centres: Float32Array.from(z.faceRgb), weights: [1] };
  // (the parse's skin copied whole, then only the hands' box looked at: nothing changes outside the hands)
  const out = { width: skin.width, height: skin.height, data: skin.data.slice() };
  const b = maskBounds(hands) ?? EMPTY_BOX;
  for (let y = b.y0; y <= b.y1; y++) {
    for (let i = y * hands.width + b.x0; i <= y * hands.width + b.x1; i++) {
      if (out.data[i]! >= 0.5 || hands.data[i]! < 0.5) continue;
      if (saturated(i) && shadedDistance2(face, rgb[i * ch]!, rgb[i * ch + 1]!, rgb[i * ch + 2]!) < BARE_ARM.skinD2) out.data[i] = 1;
    }
  }
  return out;
}

/**
 * The neck skin that stays over a new top: per column of the neck zone, down
 * from its top while the pixels are skin and not the old garment, never below
 * the shoulder line (necklines sit at the neck's base; the old neckline's own
 * edge stayed as a thin outline when kept). The column ends are smoothed
 * (median over 5 columns, then mean over 9): taken raw, their pixel noise cut the
 * new collar's back into tufts. Returns the last kept row per column, −1 none.
 */
function neckBaseRows(c: ClothingRegions, person: PersonAnalysis, oldHard: Mask, frame: BodyFrame, cover: Mask | null): Int32Array {
  const { width, height } = c.skin, s = person.scale, shoulderY = Math.min(frame.shoulderL.y, frame.shoulderR.y) * s;
  const neck = c.regions.neck.data;
  // (white cloth passes the skin test beside a pale face: a white camisole
  // stayed as a white patch inside the new collar)
  const yMax = Math.min(height - 1, Math.floor(shoulderY));
  const raw = neckSkinEnds({ neck, skin: c.skin.data, oldHard: oldHard.data, rgb: person.small.data }, person.small.channels, c.skinModel, width, yMax);
  const median = new Int32Array(width).fill(-1);
  for (let x = 0; x < width; x++) {
    if (raw[x]! < 0) continue;
    const win: number[] = [];
    for (let k = -2; k <= 2; k++) if (x + k >= 0 && x + k < width && raw[x + k]! >= 0) win.push(raw[x + k]!);
    win.sort((a, b) => a - b);
    median[x] = win[win.length >> 1]!;
  }
  // (never below the new garment's front neckline: front-neckline.ts)
  const cap = cover ? frontNecklineCap(cover, ((frame.shoulderL.x + frame.shoulderR.x) / 2) * s, yMax, frame.shoulderWidth * s) : null;
  const out = new Int32Array(width).fill(-1);
  for (let x = 0; x < width; x++) {
    if (median[x]! < 0) continue;
    let sum = 0, n = 0;
    for (let k = -4; k <= 4; k++) if (x + k >= 0 && x + k < width && median[x + k]! >= 0) { sum += median[x + k]!; n++; }
    out[x] = cap ? Math.min(Math.round(sum / n), cap[x]!) : Math.round(sum / n);
  }
  return out;
}

/** The planes neckSkinEnds reads (analysis size): the neck's zone, the skin, the old garment (hard), the photo's RGB. */
interface NeckPlanes { neck: Float32Array; skin: Float32Array; oldHard: Float32Array; rgb: Uint8Array }

/**
 * Per column, the last row of the neck's skin run from the neck zone's top
 * (skin, not the old garment, with skin's saturation: NECK_SATURATION_SHARE),
 * never below `yMax`; −1 where the zone does not start by then. (A module
 * function of plain arrays: as a closure of neckBaseRows' per-call objects
 * its optimised loop was thrown away after every job, V8's "weak objects".)
 */
function neckSkinEnds(p: NeckPlanes, ch: number, model: SkinModel, width: number, yMax: number): Int32Array {
  const { neck, skin, oldHard, rgb } = p;
  const raw = new Int32Array(width).fill(-1);
  for (let x = 0; x < width; x++) {
    let y = 0;
    while (y <= yMax && neck[y * width + x]! < 0.5) y++;
    if (y > yMax) continue;
    for (let i = y * width + x; y <= yMax && neck[i]! >= 0.5 && skin[i]! >= 0.5 && oldHard[i]! < 0.5; y++, i += width) {
      if (skinSaturationShare(model, rgb[i * ch]!, rgb[i * ch + 1]!, rgb[i * ch + 2]!) < NECK_SATURATION_SHARE) break;
    }
    raw[x] = y - 1;
  }
  return raw;
}

/**
 * Each sleeve's arm, shoulder → elbow → wrist, cut where the sleeve as drawn
 * ends along it (drawnAlong): its fit's length along the body ran past the
 * drawn cuff (the seam sits above the shoulder joint, a flared cuff ends
 * short of the matched end), and the arm below the cuff counted as sleeved:
 * the panel was drawn over it.
 */
function sleevedArms(person: PersonAnalysis, fit: GarmentFit, layer: GarmentLayer): Pt[][] {
  const out: Pt[][] = [];
  for (const limb of fit.limbs) {
    if (limb.part !== 'sleeveL' && limb.part !== 'sleeveR') continue;
    const side = limb.part === 'sleeveL' ? 'left' : 'right';
    const k = person.keypoints;
    const joints = [k[`${side}Shoulder`], k[`${side}Elbow`], k[`${side}Wrist`]].map((j) => ({ x: j.x, y: j.y }));
    const drawn = drawnAlong(layer, joints, limb.reach);
    if (drawn > 0) out.push(truncate(joints, Math.min(polyLength(limb.warp.body), drawn)));
  }
  return out;
}

/**
 * A limb's own opacity (layer.limb, 0..255) from which a layer pixel it owns
 * (layer.part 2) is drawn sleeve: under the panel a sleeve's hidden underarm
 * ran on past its visible cuff.
 */
const SLEEVE_DRAWN_LIMB = 128;

/**
 * How far along `axis` (full px, arc length from its first point) the layer's
 * visible sleeve pixels (SLEEVE_DRAWN_LIMB) within `radius` of it reach, every other
 * pixel read; 0 with none.
 */
export function drawnAlong(layer: GarmentLayer, axis: Pt[], radius: number): number {
  const b = layer.bounds;
  let best = 0;
  for (let y = b.y0; y <= b.y1; y += 2) {
    for (let x = b.x0; x <= b.x1; x += 2) {
      const i = (y - layer.oy) * layer.lw + (x - layer.ox);
      if (layer.part[i] !== 2 || layer.limb[i]! < SLEEVE_DRAWN_LIMB) continue;
      const p = alongAxis(axis, x, y);
      if (p.distance <= radius) best = Math.max(best, p.along);
    }
  }
  return best;
}

/** The nearest point of polyline `axis` to (x, y): its arc length from the first point and its distance. */
function alongAxis(axis: Pt[], x: number, y: number): { along: number; distance: number } {
  let acc = 0, along = 0, distance = Infinity;
  for (let k = 0; k + 1 < axis.length; k++) {
    const a = axis[k]!, c = axis[k + 1]!;
    const dx = c.x - a.x, dy = c.y - a.y, len2 = dx * dx + dy * dy, len = Math.sqrt(len2);
    const t = len2 > 0 ? Math.max(0, Math.min(1, ((x - a.x) * dx + (y - a.y) * dy) / len2)) : 0;
    const d = hypot2(x - a.x - t * dx, y - a.y - t * dy);
    if (d < distance) {
      distance = d;
      along = acc + t * len;
    }
    acc += len;
  }
  return { along, distance };
}

/** The palette's centres with skin's saturation (BARE_ARM.saturationShare), or null with none. */
function skinToned(p: Palette, model: SkinModel): Palette | null {
  const kept = paletteWhere(p, (r, g, b) => skinSaturationShare(model, r, g, b) >= BARE_ARM.saturationShare);
  return kept.weights.length > 0 ? kept : null;
}

/**
 * The bare arms' and hands' skin seen in the photo (see BARE_ARM; hard, a new
 * mask, empty for a lower garment, whose removal does not reach the arms, and
 * without a removed garment's palette, as handMask keeps nothing then): in
 * the arms' zone below the shoulder and the hands', no garment of the parse, skin with the skin's
 * saturation and the face's colour and not of a removed garment's colour (a skin-toned sleeve stays
 * the garment), its outline eroded.
 */
export function bareArmSkin(c: ClothingRegions, category: Category, person: PersonAnalysis, swPx: number): Mask {
  const { width, height } = c.skin;
  const m = createMask(width, height);
  // (without a removed garment's palette the parse took it for skin: a beige knit is no arm)
  const removed = removedPalettes(c, category);
  if (category === 'lower' || removed.length === 0) return m;
  const bare = bareArmTest({ skin: c.skin.data, matte: person.matte.data, upper: c.upperCloth.data, lower: c.lowerCloth.data, rgb: person.small.data }, person.small.channels, c.skinModel, removed);
  const { forearm, hands } = c.regions;
  // (only the box of the forearms' and hands' zones: beyond it neither holds a pixel from 0.5, and nothing is set)
  const b = boxUnion(maskBounds(forearm) ?? EMPTY_BOX, maskBounds(hands) ?? EMPTY_BOX);
  const fd = forearm.data, hd = hands.data;
  for (let y = b.y0; y <= b.y1; y++) {
    for (let i = y * width + b.x0; i <= y * width + b.x1; i++) if ((fd[i]! >= 0.5 || hd[i]! >= 0.5) && bare(i)) m.data[i] = 1;
  }
  const reach = Math.max(1, Math.round(BARE_ARM.growSw * swPx));
  const grown = growInto(m, reach, bare);
  // (the growth takes at most `reach` steps from the box's pixels: the eroded skin lies in the box grown by it)
  const eroded = morph(grown, -BARE_ARM.edgePx, grownBox(b, reach, width, height));
  // (only what stays joined to the skin found in the zones: the growth runs into a skin-toned skirt the parse
  // took for skin beside the wrist, and the erosion cut that tongue off as an island: drawn in front of the new
  // top as the arm, it stood on the new garment as a round patch of the skirt)
  return componentsTouching(eroded, m);
}

/** The planes bareArmTest reads (analysis size): the skin, the person matte, the parsed top and bottom, the photo's RGB. */
interface BareArmPlanes { skin: Float32Array; matte: Float32Array; upper: Float32Array; lower: Float32Array; rgb: Uint8Array }

/**
 * bareArmSkin's per-pixel test (see BARE_ARM): skin on the person, no parsed
 * garment, with skin's saturation and the face's colour, and not of a
 * removed garment's skin-toned colour. Made here, from plain arrays, and not
 * as a closure inside bareArmSkin: there it tied bareArmSkin's optimised loop
 * to one job's objects, thrown away after every job (V8's "weak objects").
 */
function bareArmTest(p: BareArmPlanes, ch: number, model: SkinModel, removed: Palette[]): (i: number) => boolean {
  const { skin, matte, upper, lower, rgb } = p;
  const palettes: Palette[] = [];
  for (const q of removed) {
    const toned = skinToned(q, model);
    if (toned) palettes.push(toned);
  }
  const face: Palette = { centres: Float32Array.from(model.rgb), weights: [1] };
  return (i: number): boolean => {
    // (never a parsed garment: a corduroy skirt beside the hands passes the skin test and the saturation)
    if (skin[i]! < 0.5 || matte[i]! < 0.5 || upper[i]! >= 0.5 || lower[i]! >= 0.5) return false;
    const r = rgb[i * ch]!, g = rgb[i * ch + 1]!, b = rgb[i * ch + 2]!;
    if (skinSaturationShare(model, r, g, b) < BARE_ARM.saturationShare || shadedDistance2(face, r, g, b) >= BARE_ARM.skinD2) return false;
    // (a loop, not Array.some with a callback made per pixel)
    // (by index: an iterator per pixel was garbage for the minor collections)
    for (let k = 0; k < palettes.length; k++) if (paletteDistance2(palettes[k]!, r, g, b) < BARE_ARM.garmentD2) return false;
    return true;
  };
}

/** Both arms at the analysis size (`scale` analysis / full), each with the length of the new garment's sleeve along it (0 without one). */
function sleeveReaches(person: PersonAnalysis, fit: GarmentFit, scale: number): SleeveReach[] {
  const k = person.keypoints;
  return (['left', 'right'] as const).map((side) => {
    const axis = [k[`${side}Shoulder`], k[`${side}Elbow`], k[`${side}Wrist`]].map((j) => ({ x: j.x * scale, y: j.y * scale }));
    const limb = fit.limbs.find((l) => l.part === (side === 'left' ? 'sleeveL' : 'sleeveR'));
    return { axis, sleevePx: limb ? polyLength(limb.warp.body) * scale : 0 };
  });
}

/**
 * Where each pass keeps the old garment (layering.ts): under a new dress only
 * below its hem, away from the arms (beside it the old top reads as a
 * remnant); under a new top also its sleeves past the new ones and its front
 * below its collar (upperLayerZone), and only whole (WHOLE_LAYER: a one-sided
 * piece goes); a lower garment's layer anywhere, with
 * its strips (beside wide trousers they read as a layer). `belowHem` is the
 * pass's layerZone, computed once for lower garments and dresses.
 */
function keepRule(category: Category, input: { cover: Mask; regions: ClothingRegions['regions']; oldHard: Mask; sleeves: SleeveReach[]; belowHem: Mask | null; centreX: number; neckSeen: boolean }, swPx: number): KeepRule {
  if (category === 'dress' && input.belowHem) return { zone: input.belowHem, slivers: false };
  if (category === 'upper') return { zone: upperLayerZone({ cover: input.cover, torso: input.regions.torso, arms: input.regions.arms, oldHard: input.oldHard, armCore: input.regions.armCore, sleeves: input.sleeves, neckSeen: input.neckSeen }, swPx), slivers: false, whole: { centreX: input.centreX, armCore: input.regions.armCore } };
  return { slivers: true };
}

/**
 * The arms' skin in front of the panel (soft, a new mask; empty for a lower
 * garment) outside `sleeved` (sleevedMask: the arms inside the new garment's sleeves).
 */
export function armsFrontMask(c: ClothingRegions, category: Category, sleeved: Mask | null = null, bare: Mask | null = null): Mask {
  const { width, height } = c.skin;
  const m = createMask(width, height);
  if (category === 'lower') return m;
  // The arm's own skin in front of the torso (its core, from a third down the
  // upper arm: the shoulder itself is under the garment), or, given `bare`
  // (bareArmSkin), all of its bare skin (an arm beside the torso is in front
  // of the panel's side); sleeves are drawn over it separately.
  // An arm inside a new sleeve is not bare in front of the torso: kept there,
  // its skin showed as a sliver between the sleeve and the panel (a striped long-sleeve top).
  // (the planes read per pixel taken out of their objects once, as in protectMask)
  const md = m.data, bareData = bare ? bare.data : null, core = c.regions.forearmCore.data, skin = c.skin.data, out = sleeved ? sleeved.data : null;
  // (an arm pixel lies on `bare` or the forearm's core: only that mask's box written, the rest stays 0)
  const b = maskBounds(bare ?? c.regions.forearmCore) ?? EMPTY_BOX;
  for (let y = b.y0; y <= b.y1; y++) {
    for (let i = y * width + b.x0; i <= y * width + b.x1; i++) {
      const arm = bareData ? bareData[i]! >= 0.5 : core[i]! >= 0.5 && skin[i]! >= 0.5;
      md[i] = arm && !(out && out[i]! >= 0.5) ? 1 : 0;
    }
  }
  // (the arm pixels lie in the box: blurred there, grown by its reach)
  return blurMask(m, 1, 1, b);
}

/**
 * Sets to 1 in `mask` the pixels within `radius` of `axis` (analysis px)
 * whose nearest point on it lies before its end: the capsules' round cap past
 * the cuff is the bare arm below the sleeve, and the panel was drawn over the elbow there.
 */
export function sleevedStretchInto(mask: Mask, axis: Pt[], radius: number): void {
  const { width, height } = mask;
  const inside = createMask(width, height);
  for (let k = 0; k + 1 < axis.length; k++) fillCapsule(inside, axis[k]!, axis[k + 1]!, radius);
  const end = polyLength(axis) - 0.5;
  // (only the capsules' box: fillCapsule draws nothing outside it)
  const xs = axis.map((p) => p.x), ys = axis.map((p) => p.y);
  const x0 = Math.max(0, Math.floor(Math.min(...xs) - radius)), x1 = Math.min(width - 1, Math.ceil(Math.max(...xs) + radius));
  const y0 = Math.max(0, Math.floor(Math.min(...ys) - radius)), y1 = Math.min(height - 1, Math.ceil(Math.max(...ys) + radius));
  const d = inside.data;
  for (let y = y0; y <= y1; y++) {
    for (let x = x0, i = y * width + x0; x <= x1; x++, i++) if (d[i]! >= 0.5 && alongAxis(axis, x + 0.5, y + 0.5).along < end) mask.data[i] = 1;
  }
}

/**
 * oldClothFor on the parse with the old garment's unparsed fringe added
 * (old-fringe.ts), and the fringe. `unfringed`: for a lower garment with a
 * fringe or slivers of leg beside the new garment (`slivers`, withLegsBeside),
 * the soft old garment without them, for the shading (shadingMap reads
 * the garment's palette: a pale rim taken into it shifted the shading of the
 * whole new garment); null otherwise (the top's fringe is read with it, as
 * before).
 */
function oldClothWithFringe(c: ClothingRegions, x: { category: Category; bare: Mask | null; matte: Mask; swPx: number; slivers: Mask | null }): { fringe: Mask; hard: Mask; soft: Mask; near: Mask; unfringed: Mask | null } {
  const fringe = oldFringe(c, x.category, x.matte, x.swPx);
  const old = oldClothFor(withFringe(c, fringe, x.category), x.category, x.bare);
  // (the slivers of leg beside new trousers are left out of it too: skin, no fold of the old garment, withLegsBeside)
  const read = x.slivers ? { ...c, lowerCloth: subtract(c.lowerCloth, x.slivers) } : c;
  const unfringed = x.category === 'lower' && (x.slivers || maskBounds(fringe)) ? oldClothFor(read, x.category, x.bare).soft : null;
  return { fringe, ...old, unfringed };
}

/**
 * The parse a pass works on: under a new lower garment the top's cuffs the parse gave the bottom
 * (ClothingRegions.topCuffs) moved to the top (new masks), kept, not removed and filled beside the hand;
 * `c` itself for the other passes or without such cuffs.
 */
function withTopCuffs(c: ClothingRegions, category: Category): ClothingRegions {
  // (sought here, by the one pass that takes them, not by every parse: sleeve-cuff.ts topCuffs)
  const cuffs = category === 'lower' ? topCuffs(c.topCuffs) : null;
  return cuffs ? { ...c, upperCloth: unionMask(c.upperCloth, cuffs), lowerCloth: subtract(c.lowerCloth, cuffs) } : c;
}

/**
 * The old garment to remove (hard, and soft for compositing) and the 5 px
 * around it (kept out of the fills); never `bare` (the bare arms' skin, bareArmSkin).
 */
export function oldClothFor(c: ClothingRegions, category: Category, bare: Mask | null = null): { hard: Mask; soft: Mask; near: Mask } {
  const m = createMask(c.skin.width, c.skin.height);
  // (the planes read per pixel taken out of their objects once, as in protectMask)
  const upper = c.upperCloth.data, lower = c.lowerCloth.data, skin = c.skin.data, md = m.data;
  // (one garment's plane copied whole; both only for a dress: no test of the category per pixel)
  if (category === 'upper') {
    md.set(upper);
    // (the top's sleeve the parse gave the bottom: ClothingRegions.topBelowLine)
    if (c.topBelowLine) unionInto(m, c.topBelowLine);
  } else if (category === 'lower') md.set(lower);
  else for (let i = 0; i < md.length; i++) md[i] = Math.max(upper[i]!, lower[i]!);
  // The old garment's soft edge (matte below 0.5, mixed colour) must go too:
  // grow 3 analysis px into whatever is not skin, and 2 px into skin: the
  // pixels mixing the garment's edge with skin pass the skin test and, kept,
  // drew the old neckline and straps as a thin dark outline.
  // (one distance transform for the three radii; `near` is the grown mask's
  // 2 px neighbourhood, within 5 px of the garment)
  // (swept only over the garment's box grown by the cap: the same values, see box-distance.ts)
  // (the garment's box found once, for the sweep and the loop below)
  const garment = maskBounds(m);
  const dist = boundedChessboardDistance(m, 6, undefined, garment);
  const near = createMask(m.width, m.height);
  const nd = near.data, w = m.width;
  // (only the garment's box grown by the cap: beyond it the distance is the cap, 6, and neither test passes)
  const g = grownBox(garment, 6, w, m.height) ?? EMPTY_BOX;
  for (let y = g.y0; y <= g.y1; y++) {
    for (let i = y * w + g.x0; i <= y * w + g.x1; i++) {
      const d = dist[i]!;
      if (d <= 5) nd[i] = 1;
      if (md[i]! < 0.5 && ((d <= 3 && skin[i]! < 0.5) || d <= 2)) md[i] = 1;
    }
  }
  // (then the bare skin taken out, in its own box: a pixel's value is its own, so after the growth as before)
  if (bare) {
    const b = maskBounds(bare) ?? EMPTY_BOX, bd = bare.data;
    for (let y = b.y0; y <= b.y1; y++) for (let i = y * w + b.x0; i <= y * w + b.x1; i++) if (bd[i]! >= 0.5) md[i] = 0;
  }
  return { hard: m, soft: blurMask(m, 1, 1), near };
}

export interface PassMaskSet extends PassMasks {
  /** The old garment removed, hard (before its soft edge). */
  oldHard: Mask;
  /** The old garment kept as a layer beneath the new one (soft). */
  kept: Mask;
  /**
   * The part of `kept` that is an old top worn beneath a new top without
   * sleeves on purpose (topWornBeneath), null for other passes: the verdict
   * reads it as a layer, not as the old garment left showing. Beneath a dress
   * it is still read as showing: with it left out, two results on the check
   * half with other defects the verdict does not see (a strap piece drawn
   * apart on the shoulder, a halo round the dress) were delivered.
   */
  wornBeneath: Mask | null;
  /** Each leg's hem row a new lower garment reaches (hem-reach.ts), else null. */
  hems: HemRows | null;
  /** The objects held in the kept hands kept in front of the new garment (held-objects.ts), else null. */
  held: Mask | null;
}

/**
 * `a × (1 − b)`, a new mask: `a` copied, then per row only between `b`'s
 * first and last non-zero pixel (a × (1 − 0) is `a` to the bit; `b` is a
 * hand's, a rim's or a sleeve's mask, empty on most rows).
 */
export function subtract(a: Mask, b: Mask): Mask {
  return subtractInto({ width: a.width, height: a.height, data: a.data.slice() }, b);
}

/**
 * subtract(a, b) written into `a` itself (returned): for a mask the caller
 * made and reads no more as it was, no frame-sized copy. Each pixel reads
 * only its own value, so in place it comes out the same.
 */
export function subtractInto(a: Mask, b: Mask): Mask {
  const { width: w, height: h } = a;
  const ad = a.data, bd = b.data;
  for (let y = 0; y < h; y++) {
    const span = nonZeroSpan(b, y);
    if (!span) continue;
    for (let i = y * w + span.a; i <= y * w + span.b; i++) ad[i] = ad[i]! * (1 - bd[i]!);
  }
  return a;
}

/**
 * The bare arms' shading (bare-body.ts), and the bare legs' where the
 * pass removes a lower garment or a dress, lit from the side the face is lit from: the face's skin (the skin parse inside the head's zone, not
 * hair) either side of the nose.
 */
function bareLimbForm(c: ClothingRegions, person: PersonAnalysis, category: Category, legs: ArmSegment[]): Float32Array {
  const { width, height } = c.skin;
  const skin = c.skin.data, head = c.regions.head.data, hair = c.hair.data, rgb = person.small.data, ch = person.small.channels;
  // (the face lies in the head's zone: its box only, and planes of the box's size, not two frames' to clear)
  const b = maskBounds(c.regions.head) ?? EMPTY_BOX;
  const bw = b.x1 - b.x0 + 1, bh = b.y1 - b.y0 + 1;
  const face = createMask(bw, bh);
  // (in double precision, as the tilt's sums always were)
  const lum = new Float64Array(bw * bh);
  for (let y = b.y0, j = 0; y <= b.y1; y++) {
    for (let i = y * width + b.x0; i <= y * width + b.x1; i++, j++) {
      if (skin[i]! < 0.5 || head[i]! < 0.5 || hair[i]! >= 0.5) continue;
      face.data[j] = 1;
      lum[j] = lumaOf(rgb[i * ch]!, rgb[i * ch + 1]!, rgb[i * ch + 2]!);
    }
  }
  const tilt = lightTilt(lum, face, person.keypoints.nose.x * person.scale, b.x0);
  // (a lower garment's removal does not reach the arms: its form is the legs' only)
  const limbs = category === 'upper' ? c.regions.bareArms : category === 'dress' ? [...c.regions.bareArms, ...legs] : legs;
  return armFormShading(limbs, width, height, tilt);
}

/**
 * Both bare legs' pieces (bare-body.ts), each as wide as the person's own leg
 * where it shows (fitLegToSkin) and run on to the old garment's hem
 * (legToOldHem).
 */
function fittedLegs(c: ClothingRegions, person: PersonAnalysis, oldHard: Mask, swPx: number): ArmSegment[][] {
  const skinAt = legSkinAt(c, person);
  return c.regions.bareLegs.map((leg) => legToOldHem(fitLegToSkin(leg, skinAt), oldHard, swPx));
}

/** A visible skin pixel of the person (the skin parse on the matte), as the bare legs are fitted to. */
function legSkinAt(c: ClothingRegions, person: PersonAnalysis): (x: number, y: number) => boolean {
  return (x: number, y: number) => onMask(c.skin, x, y) && onMask(person.matte, x, y);
}

/** How far past the ankle joint a bare leg may run on to meet the old garment's hem, shoulder widths (a long skirt's hem hangs on the instep). */
const LEG_TO_HEM_MAX_SW = 0.35;

/**
 * A leg's last piece (past the ankle, bareLegSegments) run on along the shin
 * until it leaves the old garment (hard), at most LEG_TO_HEM_MAX_SW past the
 * ankle: the pose's ankle often sits above the real one, and where a long
 * skirt's hem reached below the leg's end, the background filled the gap
 * between the painted leg and the real foot as a light band.
 */
function legToOldHem(leg: ArmSegment[], oldHard: Mask, swPx: number): ArmSegment[] {
  const last = leg[leg.length - 1];
  if (!last) return leg;
  const len = Math.hypot(last.b.x - last.a.x, last.b.y - last.a.y);
  if (len < 1) return leg;
  const ux = (last.b.x - last.a.x) / len, uy = (last.b.y - last.a.y) / len;
  let d = len;
  while (d < LEG_TO_HEM_MAX_SW * swPx && onMask(oldHard, last.a.x + ux * (d + 1), last.a.y + uy * (d + 1))) d++;
  if (d === len) return leg;
  return [...leg.slice(0, -1), { ...last, b: { x: last.a.x + ux * d, y: last.a.y + uy * d } }];
}

/**
 * The bare legs' capsules with their soft edges (armSegmentsCoverage), each
 * turned into the real leg's outline where it meets it below the old garment
 * (`oldHard`; leg-join.ts legJoinedCoverage), on the person's matte (its soft
 * edge too), a new mask. A leg the new garment (`cover`) hides to its end
 * (leg-join.ts legHiddenFrom) is left out: beside the new garment it would
 * stand as a block of skin where the old garment was.
 */
function legsOnMatte(legs: ArmSegment[][], matte: Mask, skinAt: (x: number, y: number) => boolean, old: { oldHard: Mask; cover: Mask }): Mask {
  const m = createMask(matte.width, matte.height);
  for (const leg of legs) {
    const joined = legJoinedCoverage(leg, skinAt, old.oldHard);
    if (legHiddenFrom(joined, old.cover)) continue;
    const one = joined.data;
    for (let i = 0; i < m.data.length; i++) if (one[i]! > m.data[i]!) m.data[i] = one[i]!;
  }
  for (let i = 0; i < m.data.length; i++) m.data[i] = Math.min(m.data[i]!, 2 * matte.data[i]!);
  return m;
}

/**
 * The old garment a lower garment's or a dress's pass keeps as a layer
 * (layering.ts), soft: below its hem (`below`, layerZone) only old trousers;
 * above new trousers' waist what looks like the top (waistGapZone), its
 * strips too (the gap between a bodice and new trousers is a thin band).
 */
function keptBelowOrAtWaist(c: ClothingRegions, person: PersonAnalysis, m: { category: Category; hard: Mask; cover: Mask; extent: Mask }, below: Mask, swPx: number): Mask {
  const { hard, cover, extent } = m;
  // (the whole trousers, both legs however little shows, up into the notch between the new garment's legs: allOfLayer, zoneWithNotch)
  const underHem = trousersKeptBeneath(m.category, c.lowerCloth, shinsOf(person)) ? keptOldGarment(hard, cover, extent, swPx, { zone: zoneWithNotch(cover, below), slivers: false, allOf: c.lowerCloth }) : null;
  const top = c.topPalette;
  if (m.category !== 'lower' || !top) return underHem ?? createMask(hard.width, hard.height);
  const small = person.small, ch = small.channels;
  const likeTop = (i: number) => paletteDistance2(top, small.data[i * ch]!, small.data[i * ch + 1]!, small.data[i * ch + 2]!) < LOOKS_LIKE_D2;
  const atWaist = keptOldGarment(hard, cover, extent, swPx, { zone: waistGapZone(cover, c.regions.torso, likeTop), slivers: true });
  return underHem ? unionMask(underHem, atWaist) : atWaist;
}

/**
 * Whether a pass keeps the old trousers (`lower`, trousersBeneath) below the new
 * hem as a layer worn beneath: under a new dress only. A new lower garment
 * replaces the old one (no one wears shorts over jeans or cargo trousers):
 * kept, the old trousers stood on below a new pair of shorts, and the legs
 * there are bare (bareWithLegs).
 */
export function trousersKeptBeneath(category: Category, lower: Mask, shins: [Shin, Shin]): boolean {
  return category === 'dress' && trousersBeneath(lower, shins);
}

/**
 * The hem rows down to which a pass removes the old cuffs (withOldCuffs): a new
 * lower garment the legs come out of bare below (`legsBare`, coversThighs; the old
 * trousers go whole, trousersKeptBeneath) takes the old garment's own rows
 * (`own`, hem-reach.ts hemRows; Pass.oldHems), not the rows its legs reach (`reached`:
 * shorts keep the common floor, where the old cuffs stayed as worn beneath);
 * any other pass the reached rows.
 */
export function oldCuffRows(category: Category, legsBare: boolean, reached: HemRows | null, own: HemRows | null): HemRows | null {
  return category === 'lower' && legsBare ? own : reached;
}

/** The clothing with the old lower garment's parse less its stray pieces (LOWER_STRAYS) for a dress's or a lower garment's removal; as it is for a top's. */
function withoutStrays(c: ClothingRegions, category: Category, swPx: number): ClothingRegions {
  return category === 'upper' ? c : { ...c, lowerCloth: withoutLowerStrays(c.lowerCloth, swPx) };
}

/**
 * The bare trunk and the painted legs (their capsules on the matte) below the
 * new hem (`cover`), from LAYER_ZONE.legSlackSw above it (a new mask); over
 * old trousers kept beneath from the layer's own row (hemSlackSw): above it
 * a thigh painted beside the new garment's side stood over the trousers.
 */
function bareWithLegs(c: ClothingRegions, person: PersonAnalysis, m: { category: Category; legs: ArmSegment[][]; cover: Mask; oldHard: Mask }, swPx: number): Mask {
  const { regions } = c;
  const slack = trousersKeptBeneath(m.category, c.lowerCloth, shinsOf(person)) ? LAYER_ZONE.hemSlackSw : LAYER_ZONE.legSlackSw;
  return bareBelowHem(regions.bareTrunk, legsOnMatte(m.legs, person.matte, legSkinAt(c, person), m), layerZone({ cover: m.cover, torso: regions.torso, arms: regions.arms }, swPx, slack));
}

/** The neck's frame at the analysis size (bare-neck.ts): the chin below the mouth, the shoulders' midpoint, the bare shoulders' shelf either side. */
function neckFrame(person: PersonAnalysis, frame: BodyFrame): NeckFrame {
  const s = person.scale, sw = frame.shoulderWidth * s, { down, across } = frame;
  const mouth = jointAt(person, 'leftMouth'), mouthR = jointAt(person, 'rightMouth');
  const c = EXTREMITIES.chinBelowMouthSw * sw;
  const chin = { x: (mouth.x + mouthR.x) / 2 + down.x * c, y: (mouth.y + mouthR.y) / 2 + down.y * c };
  const base = { x: frame.shoulderMid.x * s, y: frame.shoulderMid.y * s };
  const at = (a: number) => ({ x: base.x + across.x * a - down.x * BARE_SHOULDER_SW.neckBaseAbove * sw, y: base.y + across.y * a - down.y * BARE_SHOULDER_SW.neckBaseAbove * sw });
  const p = at(-BARE_SHOULDER_SW.neckBaseAcross * sw), q = at(BARE_SHOULDER_SW.neckBaseAcross * sw);
  return { chin, base, swPx: sw, shelf: p.x <= q.x ? [p.y, q.y] : [q.y, p.y] };
}

/**
 * The bare shape with the neck redrawn to the visible neck's width, and the
 * visible neck's tone for the skin fill around it (bare-neck.ts), or the
 * shape as it was and no tone when too little neck shows (or the pass
 * removes a lower garment): visible neck skin is skin, on the matte, not the
 * old garment.
 */
function bareNeck(bare: Mask, c: ClothingRegions, pass: { person: PersonAnalysis; frame: BodyFrame; category: Category; oldHard: Mask }): { bare: Mask; neck: BareNeckTone | null } {
  const { person, frame, oldHard } = pass;
  // (a lower garment's removal does not reach the neck)
  if (pass.category === 'lower') return { bare, neck: null };
  const f = neckFrame(person, frame), img = person.small, ch = img.channels;
  const seen = (x: number, y: number) => onMask(c.skin, x, y) && onMask(person.matte, x, y) && !onMask(oldHard, x, y);
  const colour = (x: number, y: number): [number, number, number] => {
    const i = (y * img.width + x) * ch;
    return [img.data[i]!, img.data[i + 1]!, img.data[i + 2]!];
  };
  const m = measureNeck(seen, colour, f);
  if (!m) return { bare, neck: null };
  return { bare: withBareNeck(bare, person.matte, f, m.halves), neck: { frame: f, tone: m.tone, lift: chestLift(m.tone, faceLuma(c, person)) } };
}

/** The pose's neck and shoulders at the analysis size (neck-skin.ts), null for a lower garment (its removal does not reach the neck). */
function neckZoneOf(category: Category, person: PersonAnalysis, frame: BodyFrame): NeckZone | null {
  if (category === 'lower') return null;
  return { chin: neckFrame(person, frame).chin, shoulders: [mul(frame.shoulderL, person.scale), mul(frame.shoulderR, person.scale)] };
}

/** The luma of the face's lit skin (bare-neck.ts litLuma of the skin parse in the head's zone, not hair), or null without any. */
function faceLuma(c: ClothingRegions, person: PersonAnalysis): number | null {
  const img = person.small, ch = img.channels, values: number[] = [];
  const skin = c.skin.data, head = c.regions.head.data, hair = c.hair.data, rgb = img.data;
  for (let i = 0; i < skin.length; i++) {
    if (skin[i]! < 0.5 || head[i]! < 0.5 || hair[i]! >= 0.5) continue;
    values.push(lumaOf(rgb[i * ch]!, rgb[i * ch + 1]!, rgb[i * ch + 2]!));
  }
  return values.length ? litLuma(values) : null;
}

/** A pose point at the analysis size. */
function jointAt(person: PersonAnalysis, name: keyof PersonAnalysis['keypoints']): { x: number; y: number } {
  const p = person.keypoints[name];
  return { x: p.x * person.scale, y: p.y * person.scale };
}

/** Both legs' hip and knee at the analysis size. */
function thighsOf(person: PersonAnalysis): [Thigh, Thigh] {
  return [{ hip: jointAt(person, 'leftHip'), knee: jointAt(person, 'leftKnee') }, { hip: jointAt(person, 'rightHip'), knee: jointAt(person, 'rightKnee') }];
}

/** Both legs' knee and ankle at the analysis size. */
function shinsOf(person: PersonAnalysis): [Shin, Shin] {
  return [{ knee: jointAt(person, 'leftKnee'), ankle: jointAt(person, 'leftAnkle') }, { knee: jointAt(person, 'rightKnee'), ankle: jointAt(person, 'rightAnkle') }];
}

/** Where the bare arms are told in their own colours (armKeyPart). */
const ARM_KEY = {
  /**
   * Inside the new garment as drawn, this far in from its outline, shoulder widths. A forearm held across
   * the body lies inside the panel, and there it is in front of it; an arm hanging beside the torso meets
   * the panel at its side, where the panel's side drawn over the arm's mixed outline is the garment's own
   * edge (cut there in the arm's colours, a cami's side beside an arm read as a soft edge: 0.04 → 0.07 of
   * the outline).
   */
  insideSw: 0.05,
  /**
   * Only pieces of the bare arms at least twice this wide are keyed (opened by it, shoulder widths): a
   * forearm is ~0.15–0.2 sw across; slivers of skin the parse saw under the panel's side beside the arm,
   * kept whole, showed through the new top as brown streaks (at 0.015 one at a wide top's shoulder stayed).
   */
  openSw: 0.03,
} as const;

/** The bare arms told in their own colours (hard, a new mask): `bare` (bareArmSkin) outside `sleeved` (sleevedMask) and at least `px.inside` inside `cover` (the new garment as drawn), opened by `px.open` (ARM_KEY). */
export function armKeyMask(arms: { bare: Mask; sleeved: Mask; cover: Mask }, px: { inside: number; open: number }): Mask {
  const { width: w, height: h } = arms.bare;
  const out = createMask(w, h);
  // (a keyed pixel lies on the bare arms: only their box is read, and the garment's erosion only there, on the
  // box grown by its radius: each pixel's window lies inside that crop, so its erosion is the frame's)
  const b = maskBounds(arms.bare), crop = grownBox(b, px.inside, w, h);
  if (!b || !crop) return out;
  const inside = morph(cropMask(arms.cover, crop), -px.inside).data, cw = crop.x1 - crop.x0 + 1;
  const bare = arms.bare.data, sleeved = arms.sleeved.data;
  for (let y = b.y0; y <= b.y1; y++) {
    for (let x = b.x0, i = y * w + x, j = (y - crop.y0) * cw + x - crop.x0; x <= b.x1; x++, i++, j++) {
      if (bare[i]! >= 0.5 && sleeved[i]! < 0.5 && inside[j]! >= 0.5) out.data[i] = 1;
    }
  }
  return morphPair(out, -px.open, px.open, b);
}

/**
 * What of the arms the panel goes behind (see PassMasks): the arms' core,
 * spared where a sleeve lies under the panel, and the bare arms' skin
 * (`bare`, bareArmSkin), both outside the new sleeves' stretches of the arm
 * (`sleeved`, sleevedMask), the bare arms also told in their own colours
 * in the photo (`small`; armKeyPart).
 */
function armsOverPanel(c: ClothingRegions, category: Category, arms: { sleeved: Mask; bare: Mask; cover: Mask; span: Mask }, at: { small: RgbImage; swPx: number; shoulders: Pt[]; centreX: number }): { armsFront: Mask; bareArms: Mask; armKey?: HandKey; sleeveSpan: Mask } {
  const { sleeved, bare } = arms;
  const px = (sw: number) => Math.max(1, Math.round(sw * at.swPx));
  // (at the shoulders the cut ends in the arm's edge carried up, not in a corner with a V below it:
  // shoulder-lobes.ts; the key too, or it bit the arm's curl back out of the panel by its colours)
  const cut = category === 'lower' ? bare : straightenedArmCut(arms, at.shoulders, at.centreX, at.swPx);
  const keyed = armKeyMask({ ...arms, bare: cut }, { inside: px(ARM_KEY.insideSw), open: px(ARM_KEY.openSw) });
  return { armsFront: armsFrontMask(c, category, sleeved), bareArms: armsFrontMask(c, category, sleeved, cut), ...armKeyPart(keyed, at.small), sleeveSpan: arms.span };
}

/**
 * What a pass's layer reads as bare (keptOldGarment): the skin fill's extent;
 * under a new top the lower garment's fill too (a wide band of it below a
 * cropped top, a long old top's place pulled up from the trousers, read as a
 * flat block: there the old top stays as a longer layer beneath), and the
 * hips below the new top's hem when `below` is given (torsoBelowHem; a band
 * there the fills left to the background was painted as a grey smear across
 * the belly; beside the torso an old dress's loose side made the band
 * one-sided, and it was no longer kept whole): `withHips`. Without the hips (`own`)
 * for the pieces left out of a layer (brokenLayers): below the hem they are no rim beside the new top.
 */
function layerBare(category: Category, fills: { extent: Mask; otherWeight: Mask | null }, below: Parameters<typeof torsoBelowHem>[0]): { own: Mask; withHips: Mask } {
  if (category !== 'upper') return { own: fills.extent, withHips: fills.extent };
  const own = fills.otherWeight ? unionMask(fills.extent, fills.otherWeight) : fills.extent;
  // (the hips' band is a new mask of its own: the rest is drawn into it)
  return { own, withHips: unionInto(torsoBelowHem(below), own) };
}

/**
 * The hips' columns below a new top's hem, how far past each hip joint,
 * shoulder widths: the hip joints lie about half a shoulder width apart, the
 * hips' outline about 0.2 sw outside them (trunkShape's 0.16–0.2).
 */
export const HIPS_BELOW_HEM = { besideJointSw: 0.2 } as const;

/**
 * The person (`matte` from 0.5) below the new top's hem (layerZone) between
 * the hips' sides (HIPS_BELOW_HEM; `hips`: the hip joints' x, analysis px), a
 * new mask: symmetric about the body, so the band there reads as one whole
 * layer (an arm or a loose old dress beside it made it one-sided).
 */
export function torsoBelowHem(x: { matte: Mask; cover: Mask; regions: ClothingRegions['regions']; swPx: number; hips: [number, number] }): Mask {
  const zone = layerZone({ cover: x.cover, torso: x.regions.torso, arms: x.regions.arms }, x.swPx);
  const reach = HIPS_BELOW_HEM.besideJointSw * x.swPx;
  const x0 = Math.max(0, Math.floor(Math.min(...x.hips) - reach)), x1 = Math.min(zone.width - 1, Math.ceil(Math.max(...x.hips) + reach));
  const out = createMask(zone.width, zone.height);
  for (let y = 0; y < zone.height; y++) {
    for (let xx = x0; xx <= x1; xx++) {
      const i = y * zone.width + xx;
      out.data[i] = zone.data[i]! >= 0.5 && x.matte.data[i]! >= 0.5 ? 1 : 0;
    }
  }
  return out;
}

/**
 * A new top's skin fill: `body` less the old top's rim beside it
 * (rimBesideTop) and its one-sided pieces left out of the layer (`broken`,
 * brokenLayers) outside the arms' own width: there the background is made;
 * plus a rim only a thin strip wide between the new top and the seen arm
 * (armAgainstTop): there the arm's edge is made.
 */
function topBodyFill(body: Mask, rim: Parameters<typeof rimBesideTop>[0], broken: Mask, arm: { skin: Mask; swPx: number }): Mask {
  const outline = rimBesideTop(rim);
  for (let i = 0; i < outline.data.length; i++) if (broken.data[i]! >= 0.5 && rim.armCore.data[i]! < 0.5) outline.data[i] = 1;
  // (a thin rim between the new top and the seen arm is the arm's edge: layering.ts ARM_AGAINST_TOP)
  const against = blurMask(armAgainstTop({ ...rim, skin: arm.skin }, Math.floor(ARM_AGAINST_TOP.maxSw * arm.swPx)), 1, 1);
  const out = subtract(body, blurMask(outline, 1, 1));
  for (let i = 0; i < out.data.length; i++) if (against.data[i]! > out.data[i]!) out.data[i] = against.data[i]!;
  return out;
}

/**
 * Whether a pixel looks like the lower garment (otherGarmentExtent's test):
 * within LOOKS_LIKE_D2 of its palette and no nearer the top's (a black cuff
 * of the old top is as near a print's dark lines, and the lower garment's
 * fill drew a smear of it beside the arm). Undefined without a bottom palette.
 */
export function looksLikeBottom(c: Pick<ClothingRegions, 'topPalette' | 'bottomPalette'>, small: RgbImage): ((i: number) => boolean) | undefined {
  const bottom = c.bottomPalette, top = c.topPalette;
  if (!bottom) return undefined;
  const sc = small.channels;
  return (i: number) => {
    const r = small.data[i * sc]!, g = small.data[i * sc + 1]!, b = small.data[i * sc + 2]!;
    const d = paletteDistance2(bottom, r, g, b);
    return d < LOOKS_LIKE_D2 && !(top && paletteDistance2(top, r, g, b) < d);
  };
}

/**
 * The lower garment's fill goes beside the arms only where the lower garment
 * is seen (looksLikeBottom), and one pixel's colour does not tell it there:
 * a print's dark marks on the old top's sleeve come as near a dark bottom's
 * colour as its own cloth, and the fill, drawn on each such mark, left a
 * speckled smear of the bottom in the sleeve's shape beside the new top's
 * arm. The lower garment is a mass of its colour; a print's marks are
 * scattered over the print's ground. So a pixel looks like the lower garment
 * when it does and so do most of its neighbourhood's person pixels.
 */
export const LOOKS_LIKE_MASS = {
  /** The neighbourhood's radius, shoulder widths (a print's marks and the ground between them). */
  radiusSw: 0.03,
  /** Least share of the neighbourhood's person pixels that look like the lower garment. */
  minShare: 0.5,
} as const;

/**
 * `looks` read over the neighbourhood (see LOOKS_LIKE_MASS): whether a
 * person pixel (matte from 0.5) passes it and so do at least
 * LOOKS_LIKE_MASS.minShare of the person pixels within `radiusPx` of it
 * (only ever fewer pixels than `looks`: a pixel of the top's colour among
 * the bottom's stays the top's). Undefined without `looks`. `within`: the
 * box of the pixels the caller asks about (null: all); beyond it the answer
 * is false. A pixel's answer reads `looks` and the matte within `radiusPx`
 * of it only, so `looks` is asked within that reach of `within` only (it is
 * most of the cost: a palette distance or two per person pixel).
 */
export function looksLikeMass(looks: ((i: number) => boolean) | undefined, matte: Mask, radiusPx: number, within: PixelBox | null = null): ((i: number) => boolean) | undefined {
  if (!looks) return undefined;
  const { width: w, height: h } = matte;
  // (1 where a pixel passes, a byte per pixel; beyond the person's box none is on the person, and none passes)
  const mass = new Uint8Array(w * h);
  const r = Math.max(1, Math.round(radiusPx));
  const box = boxWithin(maskBounds(matte), within ? grownBox(within, r, w, h) : null);
  if (!box) return onBytes(mass);
  // (the pixels answered: those of the box within `within`; the others of the box read by them only)
  const asked = boxWithin(box, within) ?? EMPTY_BOX;
  // (both planes are 0 beyond the person's box and read only inside it: their blurs are worked out on that box
  // grown by the blur's spread, blurCropBox, the same values there as the frame's; j is the crop's pixel of i)
  const c = blurCropBox(box, 0, r, 1, w, h);
  const cw = c.x1 - c.x0 + 1, cn = cw * (c.y1 - c.y0 + 1);
  const like = new Float32Array(cn), person = new Float32Array(cn);
  for (let y = box.y0; y <= box.y1; y++) {
    for (let x = box.x0, i = y * w + x, j = (y - c.y0) * cw + x - c.x0; x <= box.x1; x++, i++, j++) {
      if (matte.data[i]! < 0.5) continue;
      person[j] = 1;
      if (looks(i)) like[j] = mass[i] = 1;
    }
  }
  // (blurred in place: whether a pixel passes itself is kept in `mass`)
  const likeShare = boxBlurOwnPlane(like, cw, cn / cw, r, 1), personShare = boxBlurOwnPlane(person, cw, cn / cw, r, 1);
  for (let y = box.y0; y <= box.y1; y++) {
    for (let x = box.x0, i = y * w + x, j = (y - c.y0) * cw + x - c.x0; x <= box.x1; x++, i++, j++) {
      if (mass[i] === 1 && (y < asked.y0 || y > asked.y1 || x < asked.x0 || x > asked.x1 || !(likeShare[j]! >= LOOKS_LIKE_MASS.minShare * personShare[j]!))) mass[i] = 0;
    }
  }
  return onBytes(mass);
}

/**
 * Whether a pixel is 1 in `bytes`. Made here and not as a closure inside
 * looksLikeMass: capturing that function's plane tied its optimised loops
 * to one job's objects, thrown away after every job (V8's "weak objects").
 */
function onBytes(bytes: Uint8Array): (i: number) => boolean {
  return (i: number) => bytes[i] === 1;
}

/** The pixels of box `a` inside box `b` (all of `a` when `b` is null), null when none or `a` is null. */
export function boxWithin(a: PixelBox | null, b: PixelBox | null): PixelBox | null {
  if (!a) return null;
  if (!b) return a;
  const box = { x0: Math.max(a.x0, b.x0), y0: Math.max(a.y0, b.y0), x1: Math.min(a.x1, b.x1), y1: Math.min(a.y1, b.y1) };
  return box.x0 <= box.x1 && box.y0 <= box.y1 ? box : null;
}

/**
 * The parse's bottom pixels beside the body that the old top's removal takes
 * (armsOrBeside): a printed sleeve's end hanging by the hips went to the
 * bottom in blocks among the sleeve's own pixels, while the bottom's own edge
 * beside a hand or under a sleeve's end, which the top's grown edge takes
 * too, lies along the bottom's mass. So such a pixel is the bottom's when
 * most of its neighbourhood is.
 */
export const BOTTOM_IN_TOP = {
  /** The neighbourhood's radius, shoulder widths (as LOOKS_LIKE_MASS: a sleeve's blocks and the sleeve's pixels between them). */
  radiusSw: 0.03,
  /** Least share of the neighbourhood's person pixels the parse gave the bottom for such a pixel to stay the bottom's. */
  minShare: 0.5,
} as const;

/**
 * The zone where the lower garment's fill goes only where a pixel looks like
 * it (otherGarmentExtent's `arms`): the arms, and beside the body's torso and
 * legs what the parse does not give the lower garment (a wide sleeve hanging
 * beside a skirt lies outside the arms' zone, and the skirt's fill smeared
 * over its place). Nor, there, what the parse gave it where the old top's
 * removal takes it (`at.oldHard`) and most of its neighbourhood is not the
 * bottom's (BOTTOM_IN_TOP; `at.matte`, the person's): a printed sleeve's
 * blocks the parse gave the bottom, which drawn with the bottom's fill left
 * a blocky dark-and-pale patch in the sleeve's place beside the made forearm.
 * A new mask, worked out within `box` (0 beyond it); `swPx` at the masks' size.
 */
export function armsOrBeside(regions: Pick<ClothingRegions['regions'], 'arms' | 'torso' | 'legs'>, at: { lower: Mask; oldHard: Mask; matte: Mask }, box: PixelBox, swPx: number): Mask {
  const { arms, torso, legs } = regions;
  const w = arms.width;
  const out = createMask(w, arms.height);
  const share = bottomShare(at.lower, at.matte, box, Math.max(1, Math.round(BOTTOM_IN_TOP.radiusSw * swPx)));
  const { crop: k, own, person } = share;
  const cw = k.x1 - k.x0 + 1;
  // (within `box` only, the pixels otherGarmentExtent reads: zeros beyond it)
  for (let y = box.y0; y <= box.y1; y++) {
    for (let x = box.x0, i = y * w + x, j = (y - k.y0) * cw + x - k.x0; x <= box.x1; x++, i++, j++) {
      if (arms.data[i]! >= 0.5) {
        out.data[i] = 1;
        continue;
      }
      if (torso.data[i]! >= 0.5 || legs.data[i]! >= 0.5) continue;
      const bottom = at.lower.data[i]! >= 0.5 && (at.oldHard.data[i]! < 0.5 || own[j]! >= BOTTOM_IN_TOP.minShare * person[j]!);
      if (!bottom) out.data[i] = 1;
    }
  }
  return out;
}

/**
 * Over `box` grown by `r` (`crop`), the box-blurred planes of the person's
 * pixels (matte from 0.5) and of those the parse gave the lower garment
 * (`lower` from 0.5): their ratio at a pixel of `box` is the bottom's share of
 * the person within `r` px (the crop's own edge lies `r` past the box).
 */
function bottomShare(lower: Mask, matte: Mask, box: PixelBox, r: number): { crop: PixelBox; own: Float32Array; person: Float32Array } {
  const { width: w, height: h } = lower;
  const crop = blurCropBox(box, 0, r, 1, w, h);
  const cw = crop.x1 - crop.x0 + 1, ch = crop.y1 - crop.y0 + 1;
  const own = new Float32Array(cw * ch), person = new Float32Array(cw * ch);
  for (let y = crop.y0, j = 0; y <= crop.y1; y++) {
    for (let i = y * w + crop.x0, end = i + cw; i < end; i++, j++) {
      if (matte.data[i]! < 0.5) continue;
      person[j] = 1;
      if (lower.data[i]! >= 0.5) own[j] = 1;
    }
  }
  return { crop, own: boxBlurOwnPlane(own, cw, ch, r, 1), person: boxBlurOwnPlane(person, cw, ch, r, 1) };
}

/**
 * The old top worn beneath the new garment on purpose (layering.ts
 * keptTopBeneath), null when none: beneath a new dress above its hem
 * (topBeneathZone); beneath a new top without sleeves on both arms (a cami,
 * a tank: sleevedTop) where its rule keeps a whole layer (upperLayerZone),
 * then all of it in the upper body's zone, its shoulders too. Kept by area
 * alone, the old top's shoulders beside a cami's straps were made as flat
 * skin blocks between its kept sleeves and neckline.
 */
function topWornBeneath(c: ClothingRegions, m: { category: Category; hard: Mask; cover: Mask; extent: Mask; rule: KeepRule; sleeves: SleeveReach[] }, centreX: number, swPx: number): Mask | null {
  const { regions } = c;
  const whole = { centreX, armCore: regions.armCore };
  const input = { oldHard: m.hard, cover: m.cover, skinFill: m.extent, top: c.upperCloth };
  if (m.category === 'dress') return keptTopBeneath(input, topBeneathZone({ cover: m.cover, torso: regions.torso, upper: regions.upperZone }), whole, swPx);
  if (m.category !== 'upper' || sleevedTop(m.sleeves, swPx) || !m.rule.zone) return null;
  return keptTopBeneath(input, m.rule.zone, whole, swPx, regions.upperZone);
}

/**
 * The old top worn beneath (topWornBeneath) less, under a new dress, its rim
 * beside the dress (layering.ts rimBesideDress: its side beside the bodice out
 * to a bare arm; soft, `dressRim`: the part of it outside the torso's and the
 * arms' zones, which the body fill leaves to the background; inside them the
 * skin is made).
 */
function topBeneath(c: ClothingRegions, m: Parameters<typeof topWornBeneath>[1], at: { centreX: number; fromRow: number }, swPx: number): { wornBeneath: Mask | null; dressRim: Mask | null } {
  const worn = topWornBeneath(c, m, at.centreX, swPx);
  if (m.category !== 'dress' || !worn) return { wornBeneath: worn, dressRim: null };
  const body = unionMask(c.regions.torso, c.regions.arms);
  const rim = rimBesideDress({ top: threshold(worn, 0.5), cover: m.cover, skin: c.skin, body, forearms: c.regions.forearm, ...at });
  return { wornBeneath: subtract(worn, blurMask(rim.side, 1, 1)), dressRim: blurMask(rim.background, 1, 1) };
}

/**
 * The skin fill's weight under a new dress (`body`): less the old top's rim
 * beside it that takes the background (`dressRim`, topBeneath) and the removed old garment's gap between
 * the dress's side and a bare arm (layering.ts gapBesideDress), softened as the rim is.
 */
function dressBodyFill(body: Mask, dressRim: Mask | null, gap: Parameters<typeof gapBesideDress>[0], swPx: number): Mask {
  const rimless = dressRim ? subtract(body, dressRim) : body;
  return subtract(rimless, blurMask(gapBesideDress(gap, swPx), 1, 1));
}

/** The row (analysis px) from which an old top beside a new dress is its side (RIM_BESIDE_DRESS). */
function armpitRow(frame: BodyFrame, scale: number): number {
  return ((frame.shoulderL.y + frame.shoulderR.y) / 2 + RIM_BESIDE_DRESS.armpitDropTl * frame.torsoLength) * scale;
}

/** Where a kept hand may be followed up its arm, and where not (forearmsBare), analysis size. */
export interface HandArms {
  /** The forearms in front of the new garment the hand is followed up into (HandReach.forearms), or null. */
  forearms: Mask | null;
  /** The arms inside the new garment's sleeves as drawn: never grown into (a wrist under a long sleeve's cuff). */
  sleeved: Mask;
}

/**
 * The arms inside the new garment's sleeves as drawn (sleevedArms), each
 * SLEEVED_ARM_SW of a shoulder width either side of its stretch
 * (sleevedStretch), analysis size, hard, new masks: made once a pass, the
 * hands' zone (forearmsBare) and the arms before the panel (armsOverPanel) both read it.
 * `span`: the same stretches SLEEVE_SPAN_SW either side (composite.ts PassMasks.sleeveSpan).
 */
function sleevedMask(person: PersonAnalysis, frame: BodyFrame, pass: { fit: GarmentFit; layer: GarmentLayer }): { sleeved: Mask; span: Mask } {
  const { width, height } = person.matte, s = person.scale;
  const sleeved = createMask(width, height), span = createMask(width, height);
  for (const axis of sleevedArms(person, pass.fit, pass.layer)) {
    const at = axis.map((p) => mul(p, s));
    sleevedStretchInto(sleeved, at, frame.shoulderWidth * SLEEVED_ARM_SW * s);
    sleevedStretchInto(span, at, frame.shoulderWidth * SLEEVE_SPAN_SW * s);
  }
  return { sleeved, span };
}

/**
 * Half-width of the band along a sleeve's stretch of the arm (up to its
 * visible cuff) in which the sleeve drawn beneath the panel stays where the
 * bare arm cuts the panel (composite.ts PassMasks.sleeveSpan), shoulder
 * widths: a loose sleeve's side stands off the arm's axis by up to ~0.25.
 */
const SLEEVE_SPAN_SW = 0.3;

/**
 * The arms of a kept hand (HandArms, analysis size): the new garment's
 * sleeves as drawn (`sleeved`, sleevedMask), which cover the arm; the forearms
 * (hands-front.ts forearmsFrontZone) less them in front of a new lower
 * garment or dress, none under a new top (its panel goes behind the bare
 * arms: armsOverPanel).
 */
function forearmsBare(person: PersonAnalysis, frame: BodyFrame, category: Category, sleeved: Mask): HandArms {
  // (the zone is a new mask, read no more: the sleeves taken out of it in place)
  return { forearms: category === 'upper' ? null : subtractInto(forearmsFrontZone(person, frame), sleeved), sleeved };
}

/** The pass's `armKey` (composite.ts PassMasks.armKey; handKeyOf over `bareFront`, the bare arms before the panel) when they are keyed, else nothing. */
export function armKeyPart(bareFront: Mask, small: RgbImage): { armKey?: HandKey } {
  const armKey = handKeyOf(bareFront, small);
  return armKey ? { armKey } : {};
}

/** The pass's `handKey` (handKeyOf; `own`: the hands' colours, handColours; `others`: HandKey.others and old) when hands are kept and keyed, else nothing. */
function handKeyPart(hands: Mask | null, own: Palette | null, small: RgbImage, others: { mask: Mask | null; old: Palette[] }): { handKey?: HandKey } {
  const handKey = hands ? handKeyOf(hands, small, own, others.mask ? { mask: others.mask, old: others.old } : null) : null;
  return handKey ? { handKey } : {};
}

/**
 * The new garment's coverage (composite.ts layerCoverage), the zone below the
 * hem of a new lower garment or dress (layering.ts layerZone; null for a top),
 * and whether it lies on both thighs (coversThighs: a new garment that misses
 * a thigh, over a bent leg, is layered as before).
 */
function belowNewHem(layer: GarmentLayer, category: Category, person: PersonAnalysis, regions: ClothingRegions['regions'], swPx: number): { cover: Mask; zone: Mask | null; legsCovered: boolean } {
  const cover = layerCoverage(layer, person.matte.width, person.matte.height);
  const zone = category === 'upper' ? null : layerZone({ cover, torso: regions.torso, arms: regions.arms }, swPx);
  return { cover, zone, legsCovered: zone !== null && coversThighs(cover, thighsOf(person)) };
}

/**
 * The lower garment beside a new top, whose fill goes where the old top hung
 * over it (removal.ts otherGarmentExtent), beside the arms where it is seen
 * as a mass (LOOKS_LIKE_MASS); without the top's sleeve the parse gave it
 * (ClothingRegions.topBelowLine: in the top's pass those pixels are the
 * top's), and beside the body not on the parse's scattered bottom pixels
 * the old top's removal (`oldHard`) takes (armsOrBeside). Null where the
 * lower garment has no extent.
 */
function otherBesideTop(clothing: ClothingRegions, person: PersonAnalysis, oldHard: Mask, swPx: number): OtherGarment | null {
  const lower = clothing.topBelowLine ? subtract(clothing.lowerCloth, clothing.topBelowLine) : clothing.lowerCloth;
  const pad = swPx * 0.12;
  // (otherGarmentExtent asks only within its rows' spans of the lower garment, widened by `pad`)
  const asked = grownBox(maskBounds(lower), Math.ceil(pad) + 1, lower.width, lower.height);
  if (!asked) return null;
  const looks = looksLikeMass(looksLikeBottom(clothing, person.small), person.matte, LOOKS_LIKE_MASS.radiusSw * swPx, asked);
  const extent = otherGarmentExtent(lower, person.matte, armsOrBeside(clothing.regions, { lower: clothing.lowerCloth, oldHard, matte: person.matte }, asked, swPx), pad, clothing.regions.armCore, looks, asked);
  return extent ? { mask: lower, extent } : null;
}

/**
 * Below a new top, the kept layer run on to a hand or an arm hanging beside
 * it (layering.ts keptToOutline), from the armpits' row down; `kept` itself
 * for the other passes: beside a new dress the old garment's sides read as
 * leftovers and take the background on purpose (LAYER_ZONE, rimBesideDress),
 * and above new trousers the kept top's run crossed a seated thigh.
 */
function keptOutlined(category: Category, kept: Mask, planes: OutlinePlanes, at: { swPx: number; fromRow: number }): Mask {
  return category === 'upper' ? keptToOutline(kept, planes, at.swPx, at.fromRow) : kept;
}

/**
 * protectMask's masks with the objects held in the kept hands (held-objects.ts; never under a new top,
 * which keeps the bottom they lie among) among what stays in front: in the protect mask with a 1 px soft
 * edge like the rest, and among the layers other than the hands (HandKey.others), so the hands' key does
 * not weigh them by the hands' likeness; `held` the objects, null without any.
 */
function withHeld<T extends { protect: Mask; hands: Mask | null; others: Mask | null }>(kept: T, at: { clothing: ClothingRegions; category: Category; person: PersonAnalysis; frame: BodyFrame }): T & { held: Mask | null } {
  const c = at.clothing;
  const clothes = () => unionMask(threshold(c.upperCloth, 0.5), threshold(c.lowerCloth, 0.5));
  const held = at.category !== 'upper' && kept.hands ? heldObjects({ bottom: c.lowerCloth, clothes: clothes(), hands: kept.hands, matte: at.person.matte, rgb: at.person.small }, at.person, at.frame) : null;
  if (!held) return { ...kept, held };
  return { ...kept, held, protect: unionInto(kept.protect, blurMask(held, 1, 1)), others: kept.others ? unionInto(kept.others, held) : null };
}

/**
 * The old garment as the pass reads it after its layers are decided, from the soft masks of
 * oldClothWithFringe (taken out in place: read no more as they were): `oldCloth` without what is
 * kept (`kept`) and the objects held in the kept hands (`held`, withHeld); and the region the new
 * garment's shading is read on, `shaded`: `oldCloth`, or under new trousers with a fringe the old
 * bottom without it (`unfringed`), with the kept layer and the held objects taken out alike (a bag
 * kept in front is no cloth of the garment: its colours entered the shading's palette).
 */
export function oldClothRead(old: { soft: Mask; unfringed: Mask | null }, kept: Mask, held: Mask | null): { oldCloth: Mask; shaded: Mask } {
  const without = (m: Mask) => (held ? subtractInto(subtractInto(m, kept), held) : subtractInto(m, kept));
  const oldCloth = without(old.soft);
  return { oldCloth, shaded: old.unfringed ? without(old.unfringed) : oldCloth };
}

/**
 * The old garment's masks with the hem's shadow on the real legs below it
 * (hem-shadow.ts) taken in, where the pass makes bare legs (`legs`: the
 * parse, the person and the new garment's coverage; null: none): the made
 * leg runs on over the shaded rows, and `shadow` (null when none is found)
 * is made skin whole (its px are the real leg's).
 */
function withShadowBelowHem<T extends { hard: Mask; soft: Mask; near: Mask }>(old: T, legs: { clothing: ClothingRegions; person: PersonAnalysis; cover: Mask } | null, swPx: number): T & { shadow: Mask | null } {
  if (!legs) return { ...old, shadow: null };
  const band = hemShadowOnLegs({ small: legs.person.small, skin: legSkinAt(legs.clothing, legs.person), legs: legs.clothing.regions.legs, oldHard: old.hard, cover: legs.cover }, swPx);
  return band ? { ...old, hard: unionMask(old.hard, band), soft: unionMask(old.soft, band), near: unionMask(old.near, band), shadow: band } : { ...old, shadow: null };
}

/** All masks of one pass (refine replaces `shading` with the coarse result's folds afterwards). */
export function passMasks(
  parsed: ClothingRegions,
  person: PersonAnalysis,
  frame: BodyFrame,
  pass: { category: Category; layer: GarmentLayer; fit: GarmentFit; hems: HemRows | null; oldHems: HemRows | null; garment?: { neckOpened?: boolean } },
  options: TryOnOptions,
): PassMaskSet {
  const { category, layer, hems } = pass, clothing = withTopCuffs(parsed, category), { regions } = clothing;
  // (under new trousers the old cuffs the parse left out go too: hem-reach.ts; below bare legs all of them, oldCuffRows)
  const swPx = frame.shoulderWidth * person.scale, armpit = armpitRow(frame, person.scale);
  // (the bare arms' skin is never removed, and the panel goes behind it: BARE_ARM)
  const bare = bareArmSkin(clothing, category, person, swPx);
  const { cover, zone, legsCovered } = belowNewHem(layer, category, person, regions, swPx);
  const cuffRows = oldCuffRows(category, legsCovered, hems, pass.oldHems);
  // (the old garment's edge the parse left out goes with it: old-fringe.ts; the old bottom's band under the top's hem too: withHemBand)
  const { removed, topKept, slivers } = withLegsBeside(withHemBand(withOldCuffs(withoutStrays(clothing, category, swPx), person, frame, cuffRows), clothing, category, { small: person.small, swPx }), { category, cover, person, frame, swPx });
  const { fringe, hard, soft, near, unfringed, shadow } = withShadowBelowHem(oldClothWithFringe(removed, { category, bare, matte: person.matte, swPx, slivers }), legsCovered ? { clothing, person, cover } : null, swPx);
  const { sleeved, span } = sleevedMask(person, frame, { fit: pass.fit, layer });
  const { protect, hands, handColours: own, others, held } = withHeld(protectMask(clothing, category, options, person, frame, hard, hems, forearmsBare(person, frame, category, sleeved), topKept, pass.garment?.neckOpened ? cover : null), { clothing, category, person, frame });
  const other = category === 'upper' ? otherBesideTop(clothing, person, hard, swPx) : null;
  // (skin below a new hem is made with a real leg's shape: bare legs, bare-body.ts; beside new trousers, none)
  const legs = legsCovered ? fittedLegs(clothing, person, hard, swPx) : [];
  const neck = bareNeck(legsCovered ? bareWithLegs(clothing, person, { category, legs, cover, oldHard: hard }, swPx) : regions.bareShape, clothing, { person, frame, category, oldHard: hard });
  const shapes = { body: regions.bodyShape, bare: shadow ? unionMask(neck.bare, shadow) : neck.bare, neck: neck.neck, armForm: category === 'lower' && !legsCovered ? null : bareLimbForm(clothing, person, category, legs.flat()), arms: category === 'lower' ? undefined : regions.bareArms, cover, parts: { legs: regions.legs, arms: regions.arms, hands: regions.hands }, neckZone: neckZoneOf(category, person, frame) };
  const fills = computeFills(person.small, person.matte, clothing.skin, near, shapes, swPx, other, 1 / person.scale);
  // Large bare areas keep the old garment as a layer beneath the new one
  // (layering.ts): an old top under a new top or dress (topWornBeneath); below
  // a new lower garment's or dress's hem only old trousers, above new trousers'
  // waist what looks like the top (keptBelowOrAtWaist); as before where it misses
  // a thigh (coversThighs). An old skirt beside new trousers, old jeans down one side of them, an old dress below a new
  // hem read as remnants. (On the generous body shape, as before the bare arms: the decision stays the same; keepRule.)
  const centreX = ((frame.shoulderL.x + frame.shoulderR.x) / 2) * person.scale; // the body's centre line (analysis px)
  const sleeves = sleeveReaches(person, pass.fit, person.scale);
  const rule = keepRule(category, { cover, regions, oldHard: hard, sleeves, belowHem: zone, centreX, neckSeen: neck.neck !== null }, swPx);
  const bareLayer = layerBare(category, fills, { matte: person.matte, cover, regions, swPx, hips: [frame.hipL.x * person.scale, frame.hipR.x * person.scale] });
  const beneath = legsCovered && zone ? keptBelowOrAtWaist(clothing, person, { category, hard, cover, extent: fills.extent }, zone, swPx) : keptOldGarment(hard, cover, bareLayer.withHips, swPx, rule);
  const { wornBeneath, dressRim } = topBeneath(clothing, { category, hard, cover, extent: bareLayer.withHips, rule, sleeves }, { centreX, fromRow: armpit }, swPx);
  const layered = wornBeneath ? unionMask(beneath, wornBeneath) : beneath;
  const kept = keptWithFringe(category === 'upper' ? layered : keptToShoes(layered, soft, person, frame), fringe, fringedGarment(removed, category)); // (an old leg kept beneath runs on to the shoes: hem-reach.ts)
  // beside a new top narrower than the old one its side is the body's outline (layering.ts rimBesideTop, brokenLayers)
  const bodyFill = category === 'upper' ? topBodyFill(fills.body, { oldHard: hard, cover, kept, armCore: fills.armsPastHem ? unionMask(regions.armCore, fills.armsPastHem) : regions.armCore, centreX }, brokenLayers(hard, cover, bareLayer.own, swPx, rule), { skin: clothing.skin, swPx }) : category === 'dress' ? dressBodyFill(fills.body, dressRim, { old: hard, cover, armSkin: bare, torso: regions.torso, forearms: regions.forearm, centreX, fromRow: armpit }, swPx) : fills.body;
  const outlined = keptOutlined(category, kept, { oldHard: hard, cover, protect, body: bodyFill, matte: person.matte }, { swPx, fromRow: armpit });
  const { oldCloth, shaded } = oldClothRead({ soft, unfringed }, outlined, held);
  return {
    oldHard: slivers ? subtractInto(threshold(oldCloth, 0.5), slivers) : threshold(oldCloth, 0.5),
    kept: outlined,
    wornBeneath: category === 'upper' ? wornBeneath : null,
    hems,
    held,
    oldCloth,
    protect,
    ...armsOverPanel(clothing, category, { sleeved, bare, cover, span }, { small: person.small, swPx, shoulders: [mul(frame.shoulderL, person.scale), mul(frame.shoulderR, person.scale)], centreX }),
    shading: shadingMap(person.small, shaded),
    fills: { ...fills, body: bodyFill },
    // the shadow reaches ~0.04 shoulder widths (a strap's own width) past the garment's edge
    occlusion: occlusionOf(cover, Math.max(1, swPx * 0.04)),
    ...handKeyPart(hands, own, person.small, { mask: others, old: removedPalettes(clothing, category) }),
  };
}
