/**
 * Where the person's current clothes are (at the analysis size): the upper
 * garment, the lower garment and the hair, told apart by position (body
 * zones) and colour (each garment's palette sampled where it must be: the
 * chest for the top, the thighs for the bottom; the skin model from the face).
 */
import { copyMask, createMask, type Mask, type RgbImage } from '../../vision/image.js';
import { extractPalette, extractPaletteInBox, paletteDistance2, shadedDistance2, type Palette } from '../../vision/palette.js';
import { fitSkinModel, skinMask, skinSaturationShare, type SkinModel } from '../../vision/skin.js';
import { toneOf, withoutClothTones, zoneClothTone } from '../../vision/cloth-tone.js';
import { boxUnion, EMPTY_BOX, fillCapsule, fillPolygon, fillEllipse } from '../../vision/raster.js';
import { boxBlurOwnPlane, growInto, maskBounds, morphPair, unionBoxInto, unionMask } from '../../vision/mask-ops.js';
import { grownBox, keepLargestInBox } from '../../vision/box-distance.js';
import { bodyRegions, mul, visible, type BodyFrame, type BodyRegions } from '../../vision/body-regions.js';
import type { PersonAnalysis } from '../../vision/person-analysis.js';
import type { Box } from '../../vision/skin-texture.js';
import { sameColourSleeve } from './same-colour-sleeve.js';
import { printedSleeve } from './printed-sleeve.js';
import { SLEEVE_CUFF, type CuffSearch } from './sleeve-cuff.js';
import { HAIR_FRONT, HAIR_MIN_WEIGHT, HAIR_SAMPLE, columnsOf, fineTexture, hairMask, hairOverTorso, hangingFromTop, hairSideSample, hairNotAmongTop, inFrameShare, litHair, topWithoutHair } from './hair-front.js';

export interface ClothingRegions {
  regions: BodyRegions;
  skin: Mask;
  skinModel: SkinModel;
  upperCloth: Mask;
  lowerCloth: Mask;
  /**
   * Pixels of `lowerCloth` that are likely the top's (a printed sleeve
   * hanging below the split line: printed-sleeve.ts; a sleeve of the
   * bottom's own colour on the arm's width: same-colour-sleeve.ts), null
   * when none are sought. Only the top's removal takes them: the parse keeps them the
   * bottom's, so a wrong guess never keeps a piece of old trousers (the top
   * stays over a new lower garment, protected) but at worst removes a piece
   * of the bottom beside a new top, where the bottom's fill goes.
   */
  topBelowLine?: Mask | null;
  /**
   * What the top's cuff between its sleeve and the hand, parsed as `lowerCloth`, is sought in (sleeve-cuff.ts
   * CuffSearch: found by topCuffs), null without both garments' palettes. Only a new lower garment's pass takes
   * the cuffs as the top's (kept, not removed) and seeks them, the parse's other readers never: the top's own
   * removal leaves them to the bottom as before, where a cuff over the hips was filled as the bottom's cloth
   * beside the hand.
   */
  topCuffs?: CuffSearch | null;
  hair: Mask;
  /**
   * The hair told by colour beside the head and above the shoulders, without
   * the hair followed down over the torso (hair-front.ts HAIR_FRONT): where a
   * top drawn over the shoulders cuts hair off, what the verdict's
   * hairCoveredSw2 reads (the hair over the chest stays in front, protected).
   */
  hairBeside: Mask;
  /**
   * The hair's palette and the top's without its hair colours (hair-front.ts
   * topWithoutHair), when both are known: the hair's ends over the old top
   * are told by them (hair-front.ts HAIR_ENDS).
   */
  hairColours?: { hair: Palette; top: Palette } | null;
  topPalette: Palette | null;
  bottomPalette: Palette | null;
}

/** Fallback skin sample when no face is visible: a medium tone. */
const DEFAULT_SKIN: SkinModel = { cb: 110, cr: 150, sdCb: 10, sdCr: 10, y: 150, rgb: [200, 160, 140] };

type FaceBox = { x0: number; y0: number; x1: number; y1: number };

function faceBox(person: PersonAnalysis): FaceBox | null {
  const s = person.scale;
  const k = person.keypoints;
  if (k.nose.score < 0.5) return null;
  const eyeW = Math.hypot(k.leftEye.x - k.rightEye.x, k.leftEye.y - k.rightEye.y);
  if (eyeW < 4) return null;
  // cheeks and nose: between the eyes' level and the mouth, a little wider than the eyes
  const cx = (k.leftEye.x + k.rightEye.x + k.nose.x) / 3;
  const y0 = (k.leftEye.y + k.rightEye.y) / 2 + eyeW * 0.25;
  const y1 = (k.leftMouth.y + k.rightMouth.y) / 2 - eyeW * 0.05;
  return { x0: (cx - eyeW * 0.7) * s, x1: (cx + eyeW * 0.7) * s, y0: y0 * s, y1: Math.max(y0 * s + 2, y1 * s) };
}

/** Below this share of the face's saturation a skin-test pixel is grey or white (see skinSaturationShare). */
const GREY_SATURATION_SHARE = 0.25;

/**
 * Colour match thresholds of the parse, RGB distance²: 45² separates a
 * garment from its neighbour on the fixtures; a hair colour within 40, a
 * garment's colour within 55 (95 in the torso's core, where shading is deeper).
 */
const PARSE_D2 = { hair: 40 * 40, match: 55 * 55, core: 95 * 95 } as const;
/** RGB units by which colour must beat the position prior (palettes share colours: a logo on the top, a print on the trousers). */
const PRIOR_MARGIN = 25;
/** Below the split line a top pixel whose local share of top among top and bottom is under this belongs to the bottom's print. */
const TOP_SHARE_BELOW_LINE = 0.65;

/** What every stage of the parse reads: the analysis image, its body zones, matte and skin. */
interface ParseBase {
  small: RgbImage;
  regions: BodyRegions;
  skinModel: SkinModel;
  /** Person matte, hard (0/1). */
  matte: Mask;
  skin: Mask;
  /** The chest (chestMask): where the top's palette and its cloth tone are sampled. */
  chest: Mask;
  /**
   * The lower garment is of a skin-coloured cloth tone (cloth-tone.ts) and
   * its pixels already left the skin: what still passes the skin test is
   * skin, and the lower garment's growths do not take it (their allowance
   * for a pale skirt's edge passing the skin test took the bare shins' shaded sides).
   */
  skinSettled?: boolean;
  /** Analysis px per full px; shoulder width and torso length at the analysis size. */
  s: number;
  sw: number;
  tl: number;
}

interface Pt2 { x: number; y: number }
const lerp2 = (a: Pt2, b: Pt2, t: number): Pt2 => ({ x: a.x + (b.x - a.x) * t, y: a.y + (b.y - a.y) * t });

/**
 * `clothTones`: skin-coloured cloth is told from skin (cloth-tone.ts). Off
 * for a garment photo's wearer (worn-garment.ts): there skin seen through a
 * lace or sheer dress is off the face's tone, and cut from the skin the
 * dress lost its neckline's shape (skin patches made at the new shoulders on
 * 2 of 3 tune cases with such a dress).
 */
export function clothingRegions(person: PersonAnalysis, frame: BodyFrame, clothTones = true): ClothingRegions {
  const base = parseBase(person, frame, clothTones);
  const { topPalette, bottomPalette, topHangs } = garmentPalettes(person, base);
  // Where top and bottom share a colour, the line between them is the strongest
  // horizontal colour edge across the torso near the waist (a hem or a
  // waistband); without one, 0.15 torso above the hip joints.
  const hipLineY = splitLine(base.small, base.matte, frame, base.s, base.tl);
  const hairModel = hairPaletteAndZone(person, frame, base);
  // (the top's colours that are hair falling over the chest, sampled with it, do not count against the hair: hair-front.ts)
  const hairTop = topPalette && hairModel.palette ? topWithoutHair(topPalette, hairModel.palette, PARSE_D2.hair) : topPalette;
  const palettes = { top: topPalette, bottom: bottomPalette, hair: hairModel.palette, hairTop };
  const texture = topPalette && bottomPalette ? sharedTexture(base.small, base.matte) : undefined;
  const { parsed, raw } = parseWithHair(base, frame, { ...hairModel, palettes, texture }, classifyPixels(base, palettes, hairModel.zone, hipLineY));
  const split0 = printBelowLineToBottom(raw.upper, raw.lower, hipLineY);
  // (a top seen hanging over a thigh goes on below the line: its tails are the top's)
  const split = topHangs && topPalette ? hangingTop(base, split0, { top: topPalette, bottom: bottomPalette }, hipLineY) : split0;
  // (specks are noise, cleanPiece; pinholes do not matter: the removal mask is grown and blurred later anyway)
  const clean = cleanPiece;
  const hair = hairMask(raw.hair);
  const reach = Math.max(2, Math.round(base.sw * 0.12));
  const upper0 = clean(split.upper);
  const lowerGrown = bottomPalette ? growLower(base, { lower: withBand(base, upper0, clean(split.lower), bottomPalette, topPalette), upper: upper0, hair }, bottomPalette, topPalette, reach) : null;
  const flare = lowerGrown && { ...base, blocked: lowerBlocked(base, upper0, hair, flareReach(base, frame.hipMid.x * base.s, hipLineY)), lower: lowerGrown, hipLineY, centreX: frame.hipMid.x * base.s };
  const lower1 = flare && bottomPalette ? growFlare(flare, bottomPalette, topPalette) : clean(split.lower);
  // (a long sleeve's end below the split line is the top's: sleeveEnds)
  const ends = topPalette ? sleeveEnds(base, person, lower1, { top: topPalette, bottom: bottomPalette }) : null;
  const lowerCloth = ends ? without(lower1, ends) : lower1;
  const upper1 = ends ? unionMask(upper0, ends) : upper0;
  // (a cuff in a shade of the bottom's hue, between the top's sleeve and the hand, is the top's: sleeve-cuff.ts)
  // (sought only by the pass that takes them: topCuffs)
  const topCuffs = topPalette && bottomPalette ? { input: { small: base.small, matte: base.matte, skin: base.skin, hands: base.regions.hands, upper: upper1, lower: lowerCloth, sw: base.sw, forearms: forearmZones(person, base, SLEEVE_CUFF) }, palettes: { top: topPalette, bottom: bottomPalette, skin: { centres: Float32Array.from(base.skinModel.rgb), weights: [1] } }, matchD2: PARSE_D2.match } : null;
  // (a printed sleeve's marks below the split line went to a dark bottom: printed-sleeve.ts)
  const printed = topPalette && bottomPalette ? printedSleeve({ small: base.small, matte: base.matte, skin: base.skin, arms: base.regions.arms, hands: base.regions.hands, upper: upper1, lower: lowerCloth, hipLineY, sw: base.sw, texture }, { top: topPalette, bottom: bottomPalette }) : null;
  // (a sleeve of the bottom's own colour on the arm's width below the line went to it: same-colour-sleeve.ts)
  const alike = topPalette && bottomPalette ? sameColourSleeve({ matte: base.matte, skin: base.skin, hands: base.regions.hands, armCore: base.regions.armCore, arms: base.regions.arms, upper: upper1, lower: lowerCloth, sw: base.sw }, { top: topPalette, bottom: bottomPalette }, PARSE_D2.match) : null;
  const topBelowLine = printed && alike ? unionMask(printed, alike) : (printed ?? alike);
  // (twice as far for the top: a long sleeve runs on past the wrist BlazePose
  // reports, and its end stayed beside the hand)
  const upperCloth = topPalette ? growUpper(base, { upper: upper1, lower: lowerCloth, hair }, topPalette, bottomPalette, reach * 2) : upper1;
  const hairBeside = raw.hair === parsed.hair ? hair : hairMask(parsed.hair);
  const hairColours = hairModel.palette && hairTop ? { hair: hairModel.palette, top: hairTop } : null;
  return { regions: base.regions, skin: base.skin, skinModel: base.skinModel, upperCloth, lowerCloth, topBelowLine, topCuffs, hair, hairBeside, hairColours, topPalette, bottomPalette };
}

/**
 * The frame's fine texture of `small` (hair-front.ts fineTexture) on the
 * columns of the person's `matte` (its only pixels either reader reads),
 * worked out on the first call only. With both garments seen the printed
 * sleeve reads all of it and the lit hair its rows above the hair's last
 * row, which are those the hair's own shorter sweep gave: once, not twice.
 */
function sharedTexture(small: RgbImage, matte: Mask): () => Float32Array {
  let energy: Float32Array | null = null;
  return () => (energy ??= fineTexture(small, small.height - 1, columnsOf(matte)));
}

/**
 * Where a long sleeve's end is sought: along each forearm the pose sees, from
 * `fromT` of the way elbow→wrist on past the wrist to `toT` (a cuff runs over
 * the wrist towards the knuckles), within `halfWidthSw` shoulder widths of
 * that line (about a forearm's half width with its sleeve); a print's marks
 * up to 2·`closePx` px across are closed over.
 */
export const SLEEVE_END = { fromT: 0.6, toT: 1.3, halfWidthSw: 0.1, closePx: 2 } as const;
/** How much nearer (× in distance²) the top's palette must be than the face's skin: a shaded hand's colour is not a sleeve's. */
const SLEEVE_SKIN_RATIO2 = 1.5 * 1.5;

/**
 * Pixels the parse gave the lower garment at a hanging arm's sleeve end that
 * are the top's (a cuff below the split line takes the bottom's position
 * prior, and stayed when the top was replaced): in the forearm zones
 * (SLEEVE_END) only, within PARSE_D2.match of the top's palette and nearer it
 * than the bottom's shaded palette by PRIOR_MARGIN (a hand in a pocket of
 * dark trousers sits among trousers' colour), and never skin by the skin
 * model's colour nor nearer the face's skin (the hand: a check that does not
 * rely on the parse). Closed by SLEEVE_END.closePx among the zone's non-skin
 * pixels: a print's dark marks between them are the sleeve's too. A new
 * mask, or null without a seen forearm.
 */
export function sleeveEnds(base: Pick<ParseBase, 'small' | 'matte' | 'skin' | 'skinModel' | 's' | 'sw'>, person: PersonAnalysis, lower: Mask, palettes: { top: Palette; bottom: Palette | null }): Mask | null {
  const zones = forearmZoneMask(person, base, lower);
  if (!zones) return null;
  const { mask: zone, box } = zones;
  const { small } = base;
  const w = small.width, ch = small.channels;
  const skinColour: Palette = { centres: Float32Array.from(base.skinModel.rgb), weights: [1] };
  const seeds = createMask(w, small.height);
  // (the zones' box only: off it the zone is empty)
  for (let y = box.y0; y <= box.y1; y++) {
    for (let i = y * w + box.x0, end = y * w + box.x1; i <= end; i++) {
      if (zone.data[i]! < 0.5) continue;
      const r = small.data[i * ch]!, g = small.data[i * ch + 1]!, b = small.data[i * ch + 2]!;
      const dTop = paletteDistance2(palettes.top, r, g, b);
      if (dTop >= PARSE_D2.match || dTop * SLEEVE_SKIN_RATIO2 >= shadedDistance2(skinColour, r, g, b)) continue;
      if (palettes.bottom && Math.sqrt(dTop) + PRIOR_MARGIN >= Math.sqrt(shadedDistance2(palettes.bottom, r, g, b))) continue;
      seeds.data[i] = 1;
    }
  }
  const closed = morphPair(seeds, SLEEVE_END.closePx, -SLEEVE_END.closePx);
  const cd = closed.data, zd = zone.data;
  for (let i = 0; i < cd.length; i++) cd[i] = cd[i]! >= 0.5 && zd[i]! >= 0.5 ? 1 : 0;
  return closed;
}

/**
 * The lower garment's non-skin person pixels in the seen forearms' sleeve-end
 * zones (SLEEVE_END), with a box (inclusive, possibly empty: x1 < x0) holding
 * them all; null without a seen forearm.
 */
function forearmZoneMask(person: PersonAnalysis, base: Pick<ParseBase, 'small' | 'matte' | 'skin' | 's' | 'sw'>, lower: Mask): { mask: Mask; box: Box } | null {
  const zones = forearmZones(person, base);
  if (zones.length === 0) return null;
  const { small, matte, skin } = base;
  const w = small.width;
  const out = createMask(w, small.height);
  const box: Box = { x0: w, y0: small.height, x1: -1, y1: -1 };
  for (const z of zones) {
    const x0 = Math.max(0, Math.floor(Math.min(z.a.x, z.b.x) - z.r)), x1 = Math.min(w - 1, Math.ceil(Math.max(z.a.x, z.b.x) + z.r));
    const y0 = Math.max(0, Math.floor(Math.min(z.a.y, z.b.y) - z.r)), y1 = Math.min(small.height - 1, Math.ceil(Math.max(z.a.y, z.b.y) + z.r));
    box.x0 = Math.min(box.x0, x0);
    box.y0 = Math.min(box.y0, y0);
    box.x1 = Math.max(box.x1, x1);
    box.y1 = Math.max(box.y1, y1);
    for (let y = y0; y <= y1; y++) {
      for (let x = x0; x <= x1; x++) {
        const i = y * w + x;
        if (lower.data[i]! < 0.5 || matte.data[i]! < 0.5 || skin.data[i]! >= 0.5 || segmentDistance2(x, y, z.a, z.b) > z.r * z.r) continue;
        out.data[i] = 1;
      }
    }
  }
  return { mask: out, box };
}

/** Each seen forearm's sleeve-end segment (`span`, shares of elbow → wrist and a half width: SLEEVE_END by default), analysis px, with its reach. */
function forearmZones(person: PersonAnalysis, base: Pick<ParseBase, 's' | 'sw'>, span: { fromT: number; toT: number; halfWidthSw: number } = SLEEVE_END): { a: Pt2; b: Pt2; r: number }[] {
  const out: { a: Pt2; b: Pt2; r: number }[] = [];
  for (const side of ['left', 'right'] as const) {
    if (!visible(person, `${side}Elbow`) || !visible(person, `${side}Wrist`)) continue;
    const e = mul(person.keypoints[`${side}Elbow`], base.s), wr = mul(person.keypoints[`${side}Wrist`], base.s);
    out.push({ a: lerp2(e, wr, span.fromT), b: lerp2(e, wr, span.toT), r: base.sw * span.halfWidthSw });
  }
  return out;
}

/** `m` with `cut`'s pixels (from 0.5) cleared, a new mask. */
function without(m: Mask, cut: Mask): Mask {
  const out = createMask(m.width, m.height);
  // (the planes in locals, not read through their masks per pixel)
  const o = out.data, c = cut.data, md = m.data;
  for (let i = 0; i < o.length; i++) o[i] = c[i]! >= 0.5 ? 0 : md[i]!;
  return out;
}

/** Squared distance from (x, y) to the segment a–b. */
function segmentDistance2(x: number, y: number, a: Pt2, b: Pt2): number {
  const dx = b.x - a.x, dy = b.y - a.y;
  const len2 = dx * dx + dy * dy;
  const t = len2 > 0 ? Math.max(0, Math.min(1, ((x - a.x) * dx + (y - a.y) * dy) / len2)) : 0;
  const px = a.x + dx * t - x, py = a.y + dy * t - y;
  return px * px + py * py;
}

/**
 * A top seen hanging over a thigh (see THIGH_COVER) goes on below the split
 * line as far as its colour does: there the lower pass removed its tails and
 * drew the new trousers over them, the coat cut straight at their waistband.
 */
export const HANGING_TOP = {
  /** How far below its parsed part the top grows, shoulder widths (a knee-length coat's tails: ~0.9). */
  reachSw: 1.2,
} as const;

/**
 * The parse's top grown (connected, below the split line, up to HANGING_TOP.reachSw)
 * into person pixels within PARSE_D2.match of the top's palette and no
 * nearer the bottom's shaded palette (the shadow between the legs is the
 * trousers' own darker shade, and kept as the top it stayed as a dark piece
 * over the new trousers), then closed (2 px: a tweed's dark flecks as dark as
 * denim); those pixels leave the lower garment. New masks.
 */
export function hangingTop(base: Pick<ParseBase, 'small' | 'matte' | 'skin' | 'sw'>, masks: { upper: Mask; lower: Mask }, palettes: { top: Palette; bottom: Palette | null }, hipLineY: number): { upper: Mask; lower: Mask } {
  const { small, matte, skin } = base;
  const w = small.width, ch = small.channels;
  const grown = growInto(masks.upper, Math.max(2, Math.round(HANGING_TOP.reachSw * base.sw)), (q) => {
    if (Math.floor(q / w) <= hipLineY || matte.data[q]! < 0.5 || skin.data[q]! >= 0.5) return false;
    const r = small.data[q * ch]!, g = small.data[q * ch + 1]!, b = small.data[q * ch + 2]!;
    const dTop = paletteDistance2(palettes.top, r, g, b);
    return dTop < PARSE_D2.match && !(palettes.bottom && shadedDistance2(palettes.bottom, r, g, b) < dTop);
  });
  const closed = morphPair(grown, 2, -2);
  const upper = copyMask(masks.upper);
  const lower = copyMask(masks.lower);
  for (let i = 0; i < upper.data.length; i++) {
    if (Math.floor(i / w) <= hipLineY || closed.data[i]! < 0.5 || matte.data[i]! < 0.5) continue;
    upper.data[i] = 1;
    lower.data[i] = 0;
  }
  return { upper, lower };
}

/** The lower garment with its waistband (see WAISTBAND). */
function withBand(base: ParseBase, upper: Mask, lower: Mask, bottom: Palette, top: Palette | null): Mask {
  const input = { small: base.small, matte: base.matte, skin: base.skin, armCore: base.regions.armCore, upper, lower };
  return claimWaistband(input, bottom, top, Math.round(WAISTBAND.maxReachTl * base.tl));
}

/** The body zones, the skin model (from the face, else a medium tone), the hard matte and the skin mask (without cloth tones: `clothTones`). */
function parseBase(person: PersonAnalysis, frame: BodyFrame, clothTones: boolean): ParseBase {
  const small = person.small;
  const regions = bodyRegions(person, frame);
  const box = faceBox(person);
  const skinModel = (box && fitSkinModel(small, box)) || DEFAULT_SKIN;
  const matte = createMask(person.matte.width, person.matte.height);
  // (the planes read per pixel taken out of their objects once: read through them, such loops ran 2–3× slower)
  const soft = person.matte.data;
  const hard = matte.data;
  for (let i = 0; i < hard.length; i++) hard[i] = soft[i]! >= 0.5 ? 1 : 0;
  const s = person.scale;
  const chest = chestMask(frame, { small, s });
  const base = { small, regions, skinModel, matte, skin: skinMask(small, skinModel, matte), chest, s, sw: frame.shoulderWidth * s, tl: frame.torsoLength * s };
  return clothTones ? { ...base, ...skinWithoutClothTones(person, base, box) } : base;
}

/**
 * The skin test without skin-coloured cloth (cloth-tone.ts): the person's
 * skin tone from the face and the hands; a cloth tone from each zone a
 * garment must cover (the chest, the thighs, the pelvis, the shins) that is
 * mostly skin-coloured but off that tone. Cleared on the body only (the head
 * and the hands stay as the skin test has them), a top's tone in the upper
 * zone, a bottom's in the lower zone: the thighs' and pelvis' down to the
 * knees (shorts, a skirt: a bare shin's shaded side drifted to their tone and
 * was parsed as old legwear kept below a new hem), the shins' all of it.
 */
function skinWithoutClothTones(person: PersonAnalysis, base: ParseBase, box: FaceBox | null): { skin: Mask; skinSettled: boolean } {
  const { small, skin, matte, regions } = base;
  const reference = createMask(small.width, small.height);
  if (box) fillPolygon(reference, [{ x: box.x0, y: box.y0 }, { x: box.x1, y: box.y0 }, { x: box.x1, y: box.y1 }, { x: box.x0, y: box.y1 }]);
  const knees = (['leftKnee', 'rightKnee'] as const).filter((n) => visible(person, n)).map((n) => person.keypoints[n].y * base.s);
  const kneeRow = knees.length ? Math.min(...knees) : Infinity;
  const { upper, lower, aboveKnees } = toneZones({ matte, hands: regions.hands, head: regions.head, upperZone: regions.upperZone, lowerZone: regions.lowerZone }, kneeRow);
  const ref = reference.data, hands = regions.hands.data, skinData = skin.data;
  for (let i = 0; i < ref.length; i++) ref[i] = (ref[i]! >= 0.5 || hands[i]! >= 0.5) && skinData[i]! >= 0.5 ? 1 : 0;
  const skinTone = toneOf(small, reference);
  if (!skinTone) return { skin, skinSettled: false };
  const B = BOTTOM_SAMPLE, kneesSeen = knees.length > 0;
  const zones: [Mask, Mask][] = [
    [base.chest, upper],
    [legBand(person, base, kneesSeen ? B.thigh.from : B.thigh.fromNoKnees, B.thigh.to, B.thigh.halfWidthSw).band, aboveKnees],
    [legBand(person, base, B.pelvis.from, B.pelvis.to, B.pelvis.halfWidthSw).band, aboveKnees],
    [shinBand(person, base), lower],
  ];
  const cloth = zones.flatMap(([zone, within]) => {
    const tone = zoneClothTone(small, { zone, skin, matte }, skinTone);
    return tone ? [{ tone, within }] : [];
  });
  return { skin: withoutClothTones(small, skin, { skin: skinTone, cloth }), skinSettled: cloth.some((c) => c.within !== upper) };
}

/**
 * The body (on the matte, off the hands and the head) in the upper zone, in
 * the lower zone, and in the lower zone above `kneeRow`: where a top's and a
 * bottom's cloth tone may be cleared. New masks, 1 or 0. (By rows, the
 * planes read into locals: read through the regions per pixel, with a
 * division for the row, this loop was a third of the parse's skin step.)
 */
export function toneZones(m: { matte: Mask; hands: Mask; head: Mask; upperZone: Mask; lowerZone: Mask }, kneeRow: number): { upper: Mask; lower: Mask; aboveKnees: Mask } {
  const { width: w, height: h } = m.matte;
  const [upper, lower, aboveKnees] = [createMask(w, h), createMask(w, h), createMask(w, h)];
  const matte = m.matte.data, hands = m.hands.data, head = m.head.data, upZ = m.upperZone.data, lowZ = m.lowerZone.data;
  const up = upper.data, low = lower.data, above = aboveKnees.data;
  for (let y = 0, i = 0; y < h; y++) {
    const aboveKnee = y < kneeRow;
    for (let x = 0; x < w; x++, i++) {
      if (!(matte[i]! >= 0.5) || hands[i]! >= 0.5 || !(head[i]! < 0.5)) continue;
      if (upZ[i]! >= 0.5) up[i] = 1;
      if (lowZ[i]! >= 0.5) {
        low[i] = 1;
        if (aboveKnee) above[i] = 1;
      }
    }
  }
  return { upper, lower, aboveKnees };
}

/** Where a shin's tone is sampled: from `from` to `to` of the knee → ankle way, `halfWidthSw` shoulder widths about it (a shin is ~0.2 sw across). */
export const SHIN_SAMPLE = { from: 0.15, to: 0.85, halfWidthSw: 0.07 } as const;

/** Both seen shins' sampling capsules (SHIN_SAMPLE), analysis px; empty without a seen knee and ankle. */
function shinBand(person: PersonAnalysis, base: Pick<ParseBase, 'small' | 's' | 'sw'>): Mask {
  const band = createMask(base.small.width, base.small.height);
  for (const side of ['left', 'right'] as const) {
    if (!visible(person, `${side}Knee`) || !visible(person, `${side}Ankle`)) continue;
    const knee = mul(person.keypoints[`${side}Knee`], base.s), ankle = mul(person.keypoints[`${side}Ankle`], base.s);
    fillCapsule(band, lerp2(knee, ankle, SHIN_SAMPLE.from), lerp2(knee, ankle, SHIN_SAMPLE.to), SHIN_SAMPLE.halfWidthSw * base.sw);
  }
  return band;
}

/** The chest where the top's palette is sampled: between the shoulders' inner 60 %, down 60 % of the way to the hips. */
function chestMask(frame: BodyFrame, base: Pick<ParseBase, 'small' | 's'>): Mask {
  const { small, s } = base;
  const chest = createMask(small.width, small.height);
  const sL = mul(frame.shoulderL, s), sR = mul(frame.shoulderR, s), hL = mul(frame.hipL, s), hR = mul(frame.hipR, s);
  fillPolygon(chest, [lerp2(sR, sL, 0.2), lerp2(sL, sR, 0.2), lerp2(lerp2(sL, sR, 0.2), lerp2(hL, hR, 0.2), 0.6), lerp2(lerp2(sR, sL, 0.2), lerp2(hR, hL, 0.2), 0.6)]);
  return chest;
}

/** `m`'s pixels that are on the person and not skin, a new mask. */
function clothSample(base: ParseBase, m: Mask): Mask {
  const out = createMask(m.width, m.height);
  const md = m.data, skin = base.skin.data, matte = base.matte.data;
  const o = out.data;
  for (let i = 0; i < md.length; i++) o[i] = md[i]! >= 0.5 && skin[i]! < 0.5 && matte[i]! > 0 ? 1 : 0;
  return out;
}

/** Each garment's palette, sampled where it must be: the chest for the top, the thighs (or the pelvis, see bottomSample) for the bottom. */
function garmentPalettes(person: PersonAnalysis, base: ParseBase): { topPalette: Palette | null; bottomPalette: Palette | null; topHangs: boolean } {
  const { small } = base;
  const topPalette = extractPalette(small, clothSample(base, base.chest), 5);
  const bands = sampleBands(person, base, topPalette);
  // (the bands and so the sample lie in the bands' box: only it is read)
  const sample = bottomSample({ small, matte: base.matte, skin: base.skin, thighs: bands.thighs, pelvis: bands.pelvis, box: bands.box }, topPalette);
  return { topPalette, bottomPalette: extractPaletteInBox(small, sample, 5, bands.box), topHangs: bands.covered };
}

/**
 * Where the bottom's palette is sampled, as shares of the way from the hip
 * joint to the knee (or of 0.6 torso lengths below the hip without knees in
 * the frame), and half-widths in shoulder widths.
 */
export const BOTTOM_SAMPLE = {
  /** The lower half of the thigh: a long top's hem or a hanging sleeve rarely reaches it. */
  thigh: { from: 0.45, to: 0.9, fromNoKnees: 0.4, halfWidthSw: [0.1, 0.08] },
  /**
   * The pelvis, just below the hip joints: every lower garment covers it, the
   * shortest skirt too. Sampled when the thighs are bare (a mini skirt, shorts):
   * their sample was only the hem's fringe, and the skirt stayed above new trousers.
   */
  pelvis: { from: 0.05, to: 0.3, halfWidthSw: [0.12, 0.12] },
  /** Below this share of cloth (not skin) among the thigh sample's person pixels, the thighs are bare. */
  minClothShare: 0.4,
} as const;

/** Both thighs' (or pelvis') sampling quads between `from` and `to` of the hip → knee way (see BOTTOM_SAMPLE), and the box they were drawn in. */
function legBand(person: PersonAnalysis, base: ParseBase, from: number, to: number, halfWidthSw: readonly number[], sides: readonly ('left' | 'right')[] = ['left', 'right']): { band: Mask; box: Box } {
  const { small, s, sw, tl } = base;
  const band = createMask(small.width, small.height);
  let box: Box = EMPTY_BOX;
  const kneesSeen = visible(person, 'leftKnee') || visible(person, 'rightKnee');
  for (const side of sides) {
    const hip = person.keypoints[`${side}Hip`], knee = person.keypoints[`${side}Knee`];
    const a = mul(hip, s);
    const b = kneesSeen ? mul(knee, s) : { x: a.x, y: a.y + tl * 0.6 };
    const p0 = lerp2(a, b, from), p1 = lerp2(a, b, to);
    const [w0, w1] = [halfWidthSw[0]! * sw, halfWidthSw[1]! * sw];
    box = boxUnion(box, fillPolygon(band, [{ x: p0.x - w0, y: p0.y }, { x: p0.x + w0, y: p0.y }, { x: p1.x + w1, y: p1.y }, { x: p1.x - w1, y: p1.y }]));
  }
  return { band, box };
}

/**
 * What the bottom's sample is chosen from (analysis size): the photo, the
 * hard matte, the skin, and the two sampling bands; `box`, when given, holds
 * every band pixel ≥ 0.5 (only it is read: the bands are a small part of the frame).
 */
export interface BottomSampleInput {
  small: RgbImage;
  matte: Mask;
  skin: Mask;
  thighs: Mask;
  pelvis: Mask;
  box?: Box;
}

/** `box` (the whole frame without one) clamped to a width × height frame. */
function boxOnFrame(box: Box | undefined, width: number, height: number): Box {
  if (!box) return { x0: 0, y0: 0, x1: width - 1, y1: height - 1 };
  return { x0: Math.max(0, box.x0), y0: Math.max(0, box.y0), x1: Math.min(width - 1, box.x1), y1: Math.min(height - 1, box.y1) };
}

/** Both sampling bands of the person (see BOTTOM_SAMPLE); the thighs' without a thigh the top hangs over (see uncoveredThighs). */
function sampleBands(person: PersonAnalysis, base: ParseBase, top: Palette | null): { thighs: Mask; pelvis: Mask; covered: boolean; box: Box } {
  const T = BOTTOM_SAMPLE.thigh, P = BOTTOM_SAMPLE.pelvis;
  const kneesSeen = visible(person, 'leftKnee') || visible(person, 'rightKnee');
  const thigh = (side: 'left' | 'right') => legBand(person, base, kneesSeen ? T.from : T.fromNoKnees, T.to, T.halfWidthSw, [side]);
  const [left, right] = [thigh('left'), thigh('right')];
  const box = boxUnion(left.box, right.box);
  const thighs = uncoveredThighs({ small: base.small, matte: base.matte, skin: base.skin, thighs: [left.band, right.band], box }, top);
  const pelvis = legBand(person, base, P.from, P.to, P.halfWidthSw);
  return { thighs: thighs.mask, pelvis: pelvis.band, covered: thighs.covered, box: boxUnion(box, pelvis.box) };
}

/**
 * A top that hangs below the waist (an open coat, a long cardigan) may cover
 * one thigh's sampling band: sampled there, the bottom's palette took the
 * top's colours, and the top's tails below the waist were parsed as the old
 * trousers (removed, the new ones drawn over them). A thigh is covered when
 * its cloth has colours the other thigh's cloth has not (two garments over
 * the two thighs) and clearly more of the top's colours than the other thigh
 * (alike thighs, or a top's colours on both: one garment, both stay).
 * Measured on the tune half: the covered thigh 0.52 of its cloth in the other
 * thigh's palette, 0.78 top-coloured against 0.48; every uncovered person
 * 0.79 or more in the other's palette.
 */
export const THIGH_COVER = {
  /** At most this share of the covered thigh's cloth within PARSE_D2.match of the other thigh's palette. */
  otherMaxShare: 0.65,
  /** At least this share of the covered thigh's cloth within PARSE_D2.match of the top's palette... */
  topMinShare: 0.6,
  /** ...and at least this much more than of the other thigh's. */
  topLead: 0.2,
} as const;

/**
 * What the thigh cover test reads (analysis size): the photo, the hard matte,
 * the skin and each thigh's band; `box`, when given, holds every pixel ≥ 0.5
 * of both bands (only it is read).
 */
export interface ThighCoverInput {
  small: RgbImage;
  matte: Mask;
  skin: Mask;
  thighs: readonly [Mask, Mask];
  box?: Box;
}

/** Share of `band`'s cloth (on the person, not skin) within PARSE_D2.match of `palette`; 0 without cloth or palette. `box`: holds the band. */
function matchShare(x: ThighCoverInput, band: Mask, palette: Palette | null, box: Box): number {
  const { small, matte, skin } = x;
  const ch = small.channels, w = band.width;
  let cloth = 0, near = 0;
  for (let y = box.y0; y <= box.y1; y++) {
    for (let i = y * w + box.x0, end = y * w + box.x1; i <= end; i++) {
      if (band.data[i]! < 0.5 || matte.data[i]! <= 0 || skin.data[i]! >= 0.5) continue;
      cloth++;
      if (palette && paletteDistance2(palette, small.data[i * ch]!, small.data[i * ch + 1]!, small.data[i * ch + 2]!) < PARSE_D2.match) near++;
    }
  }
  return cloth ? near / cloth : 0;
}

/**
 * Both thighs' bands as one mask, without a thigh the top covers (see
 * THIGH_COVER): `mask`, the other thigh's band itself when one is covered,
 * else a new mask; `covered`, whether one is.
 */
export function uncoveredThighs(x: ThighCoverInput, top: Palette | null): { mask: Mask; covered: boolean } {
  const [a, b] = x.thighs;
  const box = boxOnFrame(x.box, a.width, a.height);
  // (b is zero outside the box)
  const both = () => unionBoxInto(unionMask(a), b, box);
  if (!top) return { mask: both(), covered: false };
  // (each band's cloth as bottomSample finds it without a pelvis band)
  const clothOf = (band: Mask) => thighCloth({ ...x, thighs: band }, box).cloth;
  const [ca, cb] = [clothOf(a), clothOf(b)];
  const [ta, tb] = [matchShare(x, ca, top, box), matchShare(x, cb, top, box)];
  const C = THIGH_COVER;
  // (the other thigh must wear cloth: a bare leg's palette is nothing to compare with)
  const covered = (own: Mask, other: Mask, tOwn: number, tOther: number) => {
    const otherPalette = tOwn >= C.topMinShare && tOwn - tOther >= C.topLead ? extractPaletteInBox(x.small, other, 5, box) : null;
    return otherPalette !== null && matchShare(x, own, otherPalette, box) <= C.otherMaxShare;
  };
  if (covered(ca, cb, ta, tb)) return { mask: b, covered: true };
  if (covered(cb, ca, tb, ta)) return { mask: a, covered: true };
  return { mask: both(), covered: false };
}

/**
 * The thighs' cloth (band pixels on the person, not skin), a new mask, with
 * the band's pixels on the person and the cloth's count; only `box` (holding
 * the band) is read.
 */
function thighCloth(x: Pick<BottomSampleInput, 'small' | 'matte' | 'skin' | 'thighs'>, box: Box): { cloth: Mask; onPerson: number; clothArea: number } {
  const { small, matte, skin } = x;
  const cloth = createMask(small.width, small.height);
  // (the planes in locals and the cloth test written out: through a closure and the objects per pixel this ran ~2× slower)
  const out = cloth.data, md = matte.data, sd = skin.data, thighs = x.thighs.data, w = small.width;
  let onPerson = 0, clothArea = 0;
  for (let y = box.y0; y <= box.y1; y++) {
    for (let i = y * w + box.x0, end = y * w + box.x1; i <= end; i++) {
      if (thighs[i]! < 0.5 || md[i]! <= 0) continue;
      onPerson++;
      if (sd[i]! < 0.5) { out[i] = 1; clothArea++; }
    }
  }
  return { cloth, onPerson, clothArea };
}

/**
 * The bottom's sample, a new mask: the thighs' cloth (on the person, not
 * skin); when the thighs are mostly bare (BOTTOM_SAMPLE.minClothShare) also
 * the pelvis' cloth that does not look like the top (a top hanging over the
 * hips is not the skirt).
 */
export function bottomSample(x: BottomSampleInput, top: Palette | null): Mask {
  const { small, matte, skin } = x;
  const ch = small.channels, w = small.width;
  const box = boxOnFrame(x.box, w, small.height);
  const { cloth, onPerson, clothArea } = thighCloth(x, box);
  if (onPerson === 0 || clothArea >= onPerson * BOTTOM_SAMPLE.minClothShare) return cloth;
  const out = cloth.data, md = matte.data, sd = skin.data, pelvis = x.pelvis.data, rgb = small.data;
  for (let y = box.y0; y <= box.y1; y++) {
    for (let i = y * w + box.x0, end = y * w + box.x1; i <= end; i++) {
      if (pelvis[i]! < 0.5 || !(md[i]! > 0 && sd[i]! < 0.5)) continue;
      if (top && paletteDistance2(top, rgb[i * ch]!, rgb[i * ch + 1]!, rgb[i * ch + 2]!) < PARSE_D2.match) continue;
      out[i] = 1;
    }
  }
  return cloth;
}

/** Hair: its palette from non-skin colour at the top of the head (null without a face), and the zone around the head it may be found in. */
function hairPaletteAndZone(person: PersonAnalysis, frame: BodyFrame, base: ParseBase): { palette: Palette | null; zone: Mask } {
  const { small, s, sw, tl } = base;
  const k = person.keypoints;
  const sample = createMask(small.width, small.height);
  const ears = { x: ((k.leftEar.x + k.rightEar.x) / 2) * s, y: ((k.leftEar.y + k.rightEar.y) / 2) * s };
  const eyeY = ((k.leftEye.y + k.rightEye.y) / 2) * s;
  const headW = Math.max(Math.hypot((k.leftEar.x - k.rightEar.x) * s, (k.leftEar.y - k.rightEar.y) * s), sw * 0.3);
  const rx = headW * 0.7, ry = headW * 0.45;
  fillEllipse(sample, { x: ears.x, y: eyeY - headW * 0.55 }, rx, ry);
  // (a head cut off above the eyes: beside the face instead, hair-front.ts)
  const cropped = inFrameShare(sample, Math.PI * rx * ry) < HAIR_SAMPLE.minTopInFrame;
  const face = { eyeY, mouthY: ((k.leftMouth.y + k.rightMouth.y) / 2) * s, centreX: ears.x, headW };
  const hairSample = cropped ? hairSideSample(face, base.matte, base.skin, base.regions.collar) : clothSample(base, sample);
  const palette = k.nose.score >= 0.5 && hairSample ? extractPalette(small, hairSample, 3) : null;
  const zone = createMask(small.width, small.height);
  const shoulderY = ((frame.shoulderL.y + frame.shoulderR.y) / 2) * s;
  fillEllipse(zone, { x: ears.x, y: ears.y + headW * 0.3 }, sw * 0.62, Math.max(headW * 1.4, shoulderY - ears.y + tl * 0.45));
  return { palette, zone };
}

interface ParsePalettes {
  top: Palette | null;
  bottom: Palette | null;
  hair: Palette | null;
  /** The top's palette the hair is told from: without its colours that are hair over the chest (topWithoutHair). */
  hairTop: Palette | null;
}
type PixelClass = 'upper' | 'lower' | 'hair' | null;

/**
 * The raw parse with the hair hanging in front of the torso (hair-front.ts
 * HAIR_FRONT) added to the hair and taken from the garments; the parse itself
 * without a hair palette. New masks where changed.
 */
function withHairInFront(base: ParseBase, frame: BodyFrame, palettes: ParsePalettes, raw: { upper: Mask; lower: Mask; hair: Mask }): { upper: Mask; lower: Mask; hair: Mask } {
  const hair = palettes.hair;
  if (!hair) return raw;
  const { garments, maxRow } = hairReach(base, frame, palettes);
  // (over the torso and the front of the shoulders: hangingFromTop)
  const shoulderRow = ((frame.shoulderL.y + frame.shoulderR.y) / 2) * base.s;
  const torso = hangingFromTop(base.regions.torso, base.regions.arms, shoulderRow, base.sw);
  const grown = hairOverTorso(raw.hair, { small: base.small, matte: base.matte, skin: base.skin, torso, head: base.regions.head, maxRow, hair, garments, hairD2: PARSE_D2.hair });
  // (copies cleared under the hair: the hair over the torso is a small part of the frame)
  const upper = copyMask(raw.upper);
  const lower = copyMask(raw.lower);
  const gd = grown.data, ud = upper.data, ld = lower.data;
  for (let i = 0; i < gd.length; i++) {
    if (gd[i]! < 0.5) continue;
    ud[i] = 0;
    ld[i] = 0;
  }
  return { upper, lower, hair: grown };
}

type RawParse = { upper: Mask; lower: Mask; hair: Mask };

/** What hair over the torso is told from (the garments' palettes, the top's without its hair colours) and the last row it is followed down to (HAIR_FRONT.maxBelowShoulderTl). */
function hairReach(base: ParseBase, frame: BodyFrame, palettes: ParsePalettes): { garments: Palette[]; maxRow: number } {
  const garments = [palettes.hairTop, palettes.bottom].filter((p): p is Palette => p !== null);
  const shoulderY = ((frame.shoulderL.y + frame.shoulderR.y) / 2) * base.s;
  return { garments, maxRow: Math.round(shoulderY + HAIR_FRONT.maxBelowShoulderTl * base.tl) };
}

/**
 * The parse's hair beside the head (`parsed`: outside the torso, as the
 * colour parse looks for it) and all of it (`raw`: with the hair in front of
 * the torso, withHairInFront), both with the lit hair that passed the skin
 * test (hair-front.ts HAIR_TEXTURE); no lit hair without a hair palette (no face).
 */
function parseWithHair(base: ParseBase, frame: BodyFrame, hairModel: { palette: Palette | null; zone: Mask; palettes: ParsePalettes; texture?: (() => Float32Array) | undefined }, parse: RawParse): { parsed: RawParse; raw: RawParse } {
  if (!hairModel.palette) return { parsed: parse, raw: withHairInFront(base, frame, hairModel.palettes, parse) };
  // (a garment's hair-coloured dots among the top's colour are the top's: hair-front.ts HAIR_AMONG_TOP)
  const top = hairModel.palettes.top;
  const hair0 = top ? hairNotAmongTop(parse.hair, { top: parse.upper, head: base.regions.head, small: base.small, topPalette: top, sw: base.sw }) : parse.hair;
  const classed = { ...parse, hair: hair0 };
  const { garments, maxRow } = hairReach(base, frame, hairModel.palettes);
  const lit = litHair(classed.hair, { small: base.small, matte: base.matte, skin: base.skin, zone: hairModel.zone, maxRow, sw: base.sw, garments, garmentD2: PARSE_D2.match, texture: hairModel.texture });
  const beside = createMask(lit.width, lit.height);
  const torso = base.regions.torso.data, hairData = classed.hair.data;
  const litData = lit.data, out = beside.data;
  for (let i = 0; i < litData.length; i++) out[i] = litData[i]! >= 0.5 && torso[i]! < 0.5 ? 1 : hairData[i]!;
  const parsed = { ...classed, hair: beside };
  const front = withHairInFront(base, frame, hairModel.palettes, parsed);
  return { parsed, raw: { ...front, hair: unionMask(front.hair, lit) } };
}

/** Every person pixel classed upper garment, lower garment, hair or none, by zone and colour (raw: before cleaning). */
function classifyPixels(base: ParseBase, palettes: ParsePalettes, hairZone: Mask, hipLineY: number): { upper: Mask; lower: Mask; hair: Mask } {
  const { small, matte } = base;
  const w = small.width, h = small.height;
  const upper = createMask(w, h), lower = createMask(w, h), hair = createMask(w, h);
  const planes = pixelPlanes(base, hairZone);
  // (by rows: no division per pixel for its row)
  for (let y = 0, i = 0; y < h; y++) {
    const belowHip = y > hipLineY;
    for (let x = 0; x < w; x++, i++) {
      if (matte.data[i]! === 0) continue;
      const c = classifyPixel(planes, palettes, i, belowHip);
      if (c === 'upper') upper.data[i] = 1;
      else if (c === 'lower') lower.data[i] = 1;
      else if (c === 'hair') hair.data[i] = 1;
    }
  }
  return { upper, lower, hair };
}

/**
 * The planes classifyPixel reads, taken out of the parse's objects once per
 * parse: read through base.regions per pixel (three loads a plane), the
 * classing took ~1.5× as long.
 */
interface PixelPlanes {
  rgb: RgbImage['data'];
  ch: number;
  skinModel: SkinModel;
  skin: Float32Array;
  hairZone: Float32Array;
  torso: Float32Array;
  head: Float32Array;
  collar: Float32Array;
  upperZone: Float32Array;
  arms: Float32Array;
  armCore: Float32Array;
  lowerZone: Float32Array;
  lowerFlare: Float32Array;
  feet: Float32Array;
  cuffs: Float32Array;
  legs: Float32Array;
}

function pixelPlanes(base: ParseBase, hairZone: Mask): PixelPlanes {
  const { small, regions: z } = base;
  return {
    rgb: small.data, ch: small.channels, skinModel: base.skinModel, skin: base.skin.data, hairZone: hairZone.data,
    torso: z.torso.data, head: z.head.data, collar: z.collar.data, upperZone: z.upperZone.data, arms: z.arms.data, armCore: z.armCore.data,
    lowerZone: z.lowerZone.data, lowerFlare: z.lowerFlare.data, feet: z.feet.data, cuffs: z.cuffs.data, legs: z.legs.data,
  };
}

/** One person pixel's class; `belowHip`: below the split line between top and bottom. */
function classifyPixel(p: PixelPlanes, palettes: ParsePalettes, i: number, belowHip: boolean): PixelClass {
  const { rgb, ch, skin, skinModel } = p;
  const r = rgb[i * ch]!, g = rgb[i * ch + 1]!, b = rgb[i * ch + 2]!;
  const dTop = palettes.top ? paletteDistance2(palettes.top, r, g, b) : Infinity;
  // White and grey pass the skin test beside a pale face; of the top's own
  // colour and without skin's saturation they are the top (a white
  // tank top stayed at her shoulders beside a camisole's thin straps).
  if (skin[i]! >= 0.5 && !(dTop < PARSE_D2.match && skinSaturationShare(skinModel, r, g, b) < GREY_SATURATION_SHARE)) return null;
  const dBot = palettes.bottom ? paletteDistance2(palettes.bottom, r, g, b) : Infinity;
  if (palettes.hair && p.hairZone[i]! > 0 && p.torso[i]! < 0.5) {
    const dHair = paletteDistance2(palettes.hair, r, g, b, HAIR_MIN_WEIGHT);
    if (dHair < PARSE_D2.hair && dHair < (palettes.hairTop ? paletteDistance2(palettes.hairTop, r, g, b) : Infinity)) return 'hair';
  }
  if (p.head[i]! >= 0.5) return null;
  // a collar need not share the body's colours (a red rib on a grey top)
  if (p.collar[i]! >= 0.5 && p.upperZone[i]! >= 0.5) return 'upper';
  const top = Math.sqrt(dTop), bot = Math.sqrt(dBot);
  // An arm's own zone is the top's (a sleeve) when the colour agrees, even beside the hips.
  // (the arm's core is the top's unless the bottom's colour clearly wins; its
  // margins below the waist only when the top's colour clearly wins: a hand
  // hangs over printed trousers, long sleeves hang by the hips)
  const armCore = p.armCore[i]! >= 0.5;
  if (p.arms[i]! >= 0.5 && dTop < PARSE_D2.core && (armCore ? !(bot + PRIOR_MARGIN < top) : belowHip ? top + PRIOR_MARGIN < bot : dTop <= dBot)) return 'upper';
  const inUpper = p.upperZone[i]! >= 0.5;
  // the feet are shoes, except a cuff of the bottom's own colour on top of them
  // (in the skirt's flare only what does not look like the top: black
  // sleeves beside a leopard skirt with black spots became skirt)
  const inZone = p.lowerZone[i]! >= 0.5 || (p.lowerFlare[i]! >= 0.5 && !(dTop < PARSE_D2.match));
  const inLower = inZone && (p.feet[i]! < 0.5 || (p.cuffs[i]! >= 0.5 && dBot < PARSE_D2.match && dBot < dTop));
  const core = p.torso[i]! >= 0.5;
  // Away from the torso (arms, legs' margins) a pixel must look like the garment:
  // shaded skin and background leaking through the matte are not clothes.
  const topLike = dTop < (core ? PARSE_D2.core : PARSE_D2.match);
  const botLike = dBot < PARSE_D2.match || (p.legs[i]! >= 0.5 && dBot < PARSE_D2.core);
  if (inUpper && inLower) {
    // Position is the prior (above the hips: top), colour must beat it by a margin.
    const upperWins = belowHip ? top + PRIOR_MARGIN < bot : !(bot + PRIOR_MARGIN < top);
    if (upperWins) return topLike ? 'upper' : null;
    return botLike ? 'lower' : null;
  }
  // outside the lower zone the bottom garment cannot be: a sleeve hanging by a
  // skirt of the same black is still the top
  if (inUpper) return topLike || (!palettes.bottom && core) ? 'upper' : null;
  // (long tops are covered by the upper zone reaching 0.3 torso below the hips;
  // out here a top-coloured pixel is the bottom's print, e.g. white on trousers)
  if (inLower) return botLike || !palettes.bottom ? 'lower' : null;
  return null;
}

/**
 * Below the hips a real (long) top is solid top colour; a print on the trousers
 * that shares the top's colours is only partly "top". Where the top's local
 * share is under TOP_SHARE_BELOW_LINE, it belongs to the bottom (printed
 * trousers). (computed on the rows below the line only, from 6 rows above it)
 */
function printBelowLineToBottom(upperIn: Mask, lowerIn: Mask, hipLineY: number): { upper: Mask; lower: Mask } {
  const { width: w, height: h } = upperIn;
  const upper = copyMask(upperIn);
  const lower = copyMask(lowerIn);
  const fromY = Math.max(0, Math.ceil(hipLineY) - 6);
  const startY = Math.max(0, Math.ceil(hipLineY));
  const cols = topColumnsBelow(upperIn, startY);
  if (!cols) return { upper, lower };
  // (blurred only on the columns within the window's radius of the top's pixels below the line: each of their
  // windows lies inside them, and the planes are 0/1, so the sums and the counts are those of the whole rows)
  const x0 = Math.max(0, cols.x0 - 6), cw = Math.min(w - 1, cols.x1 + 6) - x0 + 1;
  const rows = h - fromY;
  const upShare = boxBlurOwnPlane(cropColumns(upperIn, fromY, x0, cw), cw, rows, 6, 1);
  const lowShare = boxBlurOwnPlane(cropColumns(lowerIn, fromY, x0, cw), cw, rows, 6, 1);
  for (let y = startY; y < h; y++) {
    for (let x = cols.x0; x <= cols.x1; x++) {
      const i = y * w + x;
      if (upper.data[i] !== 1) continue;
      const j = (y - fromY) * cw + (x - x0);
      const u = upShare[j]!, l = lowShare[j]!;
      if (u / (u + l + 1e-6) < TOP_SHARE_BELOW_LINE) {
        upper.data[i] = 0;
        lower.data[i] = 1;
      }
    }
  }
  return { upper, lower };
}

/** The first and last column holding a pixel exactly 1 of `m` from row `fromY` down, or null without one. */
export function topColumnsBelow(m: Mask, fromY: number): { x0: number; x1: number } | null {
  const { width: w, height: h, data } = m;
  let x0 = w, x1 = -1;
  // (each row read only outside the columns found so far: from the left up to x0, from the right down to x1)
  for (let y = fromY; y < h; y++) {
    const row = y * w;
    for (let x = 0; x < x0; x++) {
      if (data[row + x] === 1) { x0 = x; break; }
    }
    for (let x = w - 1; x > x1; x--) {
      if (data[row + x] === 1) { x1 = x; break; }
    }
  }
  return x1 >= 0 ? { x0, x1 } : null;
}

/** The columns x0..x0 + cw − 1 of `m`'s rows from `fromY` down, a new plane cw wide. */
function cropColumns(m: Mask, fromY: number, x0: number, cw: number): Float32Array {
  const out = new Float32Array(cw * (m.height - fromY));
  for (let y = fromY; y < m.height; y++) out.set(m.data.subarray(y * m.width + x0, y * m.width + x0 + cw), (y - fromY) * cw);
  return out;
}

/**
 * The old lower garment's waistband above the lower zone. The zone starts a
 * third of the torso above the hip joints; a high waistband, or a skirt's
 * band under a short top, starts higher, and kept unparsed it stayed as a
 * dark band between the new trousers and the top.
 */
export const WAISTBAND = {
  /** How far above the lower garment's parsed top its band may reach, torso lengths. */
  maxReachTl: 0.3,
  /** RGB distance² to the bottom's shaded palette within which a pixel is the band (the growth's own 30). */
  nearD2: 30 * 30,
  /** RGB distance² to the top's palette under which a pixel is the top's, never the band (the parse's match). */
  topD2: 55 * 55,
} as const;

/** What the waistband stage reads (analysis size). */
export interface WaistbandInput {
  small: RgbImage;
  matte: Mask;
  skin: Mask;
  /** The arms' core: a hand or forearm across the waist is not the band. */
  armCore: Mask;
  upper: Mask;
  lower: Mask;
}

/**
 * The lower garment with its band claimed: per column, up from the garment's
 * topmost pixel, the run of pixels that look like the bottom (shaded), not
 * like the top, and are neither skin, arm nor top, up to `maxRows`. Returns a
 * new mask.
 */
export function claimWaistband(input: WaistbandInput, bottom: Palette, top: Palette | null, maxRows: number): Mask {
  const { width: w, height: h } = input.lower;
  const lower = copyMask(input.lower);
  const band = waistbandTest(input, bottom, top);
  const from = input.lower.data, out = lower.data;
  for (let x = 0; x < w; x++) {
    let y = 0;
    while (y < h && from[y * w + x]! < 0.5) y++;
    for (let k = 1; k <= maxRows && y - k >= 0 && band((y - k) * w + x); k++) out[(y - k) * w + x] = 1;
  }
  return lower;
}

/**
 * claimWaistband's per-pixel test: a person pixel, neither top, skin nor arm,
 * not like the top and like the bottom, shaded (WAISTBAND). Made here and
 * not as a closure inside claimWaistband: there it tied that function's
 * optimised loop to one job's objects, thrown away after every job (V8's
 * "weak objects").
 */
function waistbandTest(input: WaistbandInput, bottom: Palette, top: Palette | null): (i: number) => boolean {
  const matte = input.matte.data, upper = input.upper.data, skin = input.skin.data, armCore = input.armCore.data;
  const rgb = input.small.data, ch = input.small.channels;
  return (i: number): boolean => {
    if (matte[i]! < 0.5 || upper[i]! >= 0.5 || skin[i]! >= 0.5 || armCore[i]! >= 0.5) return false;
    const r = rgb[i * ch]!, g = rgb[i * ch + 1]!, b = rgb[i * ch + 2]!;
    if (top && paletteDistance2(top, r, g, b) < WAISTBAND.topD2) return false;
    return shadedDistance2(bottom, r, g, b) < WAISTBAND.nearD2;
  };
}

/** The parse's masks a growth stage reads: the garment grown and the ones it must not enter. */
interface GrowMasks { upper: Mask; lower: Mask; hair: Mask }

/**
 * Grows the lower garment from its pixels into neighbours of its colour in
 * more or less light (up to `reach` px): a skirt's shaded sides fail the plain
 * colour match (a white skirt stayed at both hips) and a pale yellow skirt's
 * edge passes the skin test, so both stayed beside new trousers.
 */
/**
 * How near the bottom's shaded colour the lower garment grows, RGB distance²:
 * 30 units (the fixtures' skirt shadows sit within 20, backgrounds beyond 40),
 * 18 for pixels that pass the skin test; into the flare zone only what is at
 * least 55 from the top's colours.
 */
const LOWER_GROWTH = { nearD2: 30 * 30, skinNearD2: 18 * 18, flareTopD2: 55 * 55 } as const;

function growLower(base: ParseBase, masks: GrowMasks, palette: Palette, top: Palette | null, reach: number): Mask {
  const { small, skin, matte, regions } = base;
  const { upper, hair } = masks;
  const ch = small.channels;
  const { nearD2: NEAR_D2, skinNearD2: SKIN_NEAR_D2, flareTopD2: FLARE_TOP_D2 } = LOWER_GROWTH;
  return growInto(masks.lower, reach, (q) => {
    if (matte.data[q]! < 0.5 || upper.data[q]! >= 0.5 || hair.data[q]! >= 0.5) return false;
    // (not into the arms: a black sleeve beside a leopard skirt with black spots)
    if (regions.feet.data[q]! >= 0.5 || regions.head.data[q]! >= 0.5 || regions.arms.data[q]! >= 0.5) return false;
    const r = small.data[q * ch]!, g = small.data[q * ch + 1]!, b = small.data[q * ch + 2]!;
    if (regions.lowerZone.data[q]! < 0.5 && !(regions.lowerFlare.data[q]! >= 0.5 && !(top && paletteDistance2(top, r, g, b) < FLARE_TOP_D2))) return false;
    if (skin.data[q]! >= 0.5 && base.skinSettled) return false;
    return shadedDistance2(palette, r, g, b) < (skin.data[q]! >= 0.5 ? SKIN_NEAR_D2 : NEAR_D2);
  });
}

/**
 * A skirt's or a dress's flare below the hips stands off the legs further
 * than the lower zone reaches (the legs' capsules, 0.45 sw), and its sheer or
 * shaded edge was left as a strip beside new trousers. There the old lower
 * garment grows on by its own colour, connected, below the split line.
 */
export const FLARE_GROWTH = {
  /** How far from the hips' centre line a flare may reach, shoulder widths (a midi skirt's swing: ~0.8). */
  halfWidthSw: 0.9,
  /** How far the growth goes beyond the lower zone, shoulder widths. */
  reachSw: 0.3,
  /** RGB distance² to the bottom's shaded palette, and for skin-test pixels: the lower growth's own. */
  nearD2: LOWER_GROWTH.nearD2,
  skinNearD2: LOWER_GROWTH.skinNearD2,
} as const;

/** What the flare growth reads (analysis size). */
export interface FlareInput {
  small: RgbImage;
  matte: Mask;
  skin: Mask;
  /** Where the lower garment cannot be: arms, hands, feet, head, the top, the hair. */
  blocked: Mask;
  lower: Mask;
  /** The split line between top and bottom (row) and the hips' centre (column), analysis px. */
  hipLineY: number;
  centreX: number;
  /** Shoulder width, analysis px. */
  sw: number;
  /** What passes the skin test is skin (ParseBase.skinSettled): not grown into. */
  skinSettled?: boolean;
}

/**
 * The lower garment grown into its flare (see FLARE_GROWTH), a new mask:
 * below the split line, within the half-width of the hips' centre, into
 * person pixels of the bottom's shaded colour that are not blocked and not
 * clearly the top's colour.
 */
export function growFlare(x: FlareInput, palette: Palette, top: Palette | null): Mask {
  const { small, skin, matte, blocked, sw } = x;
  const w = small.width, ch = small.channels;
  const F = FLARE_GROWTH;
  return growInto(x.lower, Math.max(2, Math.round(F.reachSw * sw)), (q) => {
    if (Math.floor(q / w) <= x.hipLineY || Math.abs((q % w) - x.centreX) > F.halfWidthSw * sw) return false;
    if (matte.data[q]! < 0.5 || blocked.data[q]! >= 0.5) return false;
    const r = small.data[q * ch]!, g = small.data[q * ch + 1]!, b = small.data[q * ch + 2]!;
    // (a pixel clearly the top's colour is the top's: the arms are already out; a dress's skirt is both)
    if (top && Math.sqrt(paletteDistance2(top, r, g, b)) + PRIOR_MARGIN < Math.sqrt(paletteDistance2(palette, r, g, b))) return false;
    if (skin.data[q]! >= 0.5 && x.skinSettled) return false;
    return shadedDistance2(palette, r, g, b) < (skin.data[q]! >= 0.5 ? F.skinNearD2 : F.nearD2);
  });
}

/**
 * The box growFlare may grow into: below the split line, within
 * FLARE_GROWTH.halfWidthSw of the hips' centre (1 px wider each side against
 * rounding). Its test reads `blocked` there only.
 */
function flareReach(base: Pick<ParseBase, 'small' | 'sw'>, centreX: number, hipLineY: number): Box {
  const half = FLARE_GROWTH.halfWidthSw * base.sw;
  return { x0: Math.floor(centreX - half) - 1, y0: Math.floor(hipLineY) + 1, x1: Math.ceil(centreX + half) + 1, y1: base.small.height - 1 };
}

/**
 * The parse's masks the lower garment may not grow into, one mask, drawn
 * within `box` only (0 outside it: flareReach, all growFlare reads): the
 * union of six full-frame masks was ~1.5 % of the matte stage's CPU.
 */
function lowerBlocked(base: ParseBase, upper: Mask, hair: Mask, box: Box): Mask {
  const r = base.regions;
  const out = createMask(upper.width, upper.height);
  for (const m of [r.arms, r.hands, r.feet, r.head, upper, hair]) unionBoxInto(out, m, box);
  return out;
}

/**
 * A parsed garment's mask cleaned: a closing (2 px) first, as skin-coloured
 * bits of a print are garment, not holes; then pieces under 2 % of the main
 * one dropped as noise. On the box of the mask's pixels grown by the closing's
 * 2 px (its dilation's reach: the erosion only takes away): the frame-sized
 * labelling and copy were ~2 % of the matte stage.
 */
function cleanPiece(m: Mask): Mask {
  const b = maskBounds(m);
  return keepLargestInBox(morphPair(m, 2, -2, b), grownBox(b, 2, m.width, m.height), 0.02);
}

/**
 * Grows the top the same way, beyond the body zones: a sleeve's shaded outer
 * side below the elbow bulges out of the arm's capsule and has skin's chroma
 * (a red sleeve's forearm stayed beside the new sleeve).
 */
function growUpper(base: ParseBase, masks: GrowMasks, palette: Palette, bottom: Palette | null, reach: number): Mask {
  const { small, skin, skinModel, matte, regions } = base;
  const { lower, hair } = masks;
  const ch = small.channels;
  const skinColour: Palette = { centres: Float32Array.from(skinModel.rgb), weights: [1] };
  // as for the lower garment; a skin-test pixel must also be 1.5× closer to the top than to the face's skin
  const NEAR_D2 = 30 * 30, SKIN_RATIO2 = 1.5 * 1.5;
  return growInto(masks.upper, reach, (q) => {
    if (matte.data[q]! < 0.5 || lower.data[q]! >= 0.5 || hair.data[q]! >= 0.5) return false;
    if (regions.feet.data[q]! >= 0.5 || regions.head.data[q]! >= 0.5) return false;
    const r = small.data[q * ch]!, g = small.data[q * ch + 1]!, b = small.data[q * ch + 2]!;
    const d2 = shadedDistance2(palette, r, g, b);
    if (d2 >= NEAR_D2) return false;
    // a dark top in shadow is as dark as black trousers beside it: the bottom's colour wins there
    if (bottom !== null && shadedDistance2(bottom, r, g, b) <= d2) return false;
    return skin.data[q]! < 0.5 || d2 * SKIN_RATIO2 < shadedDistance2(skinColour, r, g, b);
  });
}

/** Row (analysis px) of the strongest colour change across the torso from 0.45 torso above to 0.6 below the hips (a tank top on the fixtures ended 0.54 below). */
export function splitLine(small: RgbImage, matte: Mask, frame: BodyFrame, s: number, tl: number): number {
  const hipY = ((frame.hipL.y + frame.hipR.y) / 2) * s;
  const fallback = hipY - tl * 0.15;
  const x0 = Math.max(0, Math.round(Math.min(frame.hipR.x, frame.hipL.x) * s));
  const x1 = Math.min(small.width - 1, Math.round(Math.max(frame.hipR.x, frame.hipL.x) * s));
  const y0 = Math.max(2, Math.round(hipY - tl * 0.45)), y1 = Math.min(small.height - 3, Math.round(hipY + tl * 0.6));
  if (x1 - x0 < 4 || y1 - y0 < 8) return fallback;
  const ch = small.channels;
  const rows: ([number, number, number] | null)[] = [];
  for (let y = 0; y < small.height; y++) {
    if (y < y0 - 4 || y > y1 + 4) { rows.push(null); continue; }
    let r = 0, g = 0, b = 0, n = 0;
    for (let x = x0; x <= x1; x++) {
      const i = y * small.width + x;
      if (matte.data[i]! < 0.5) continue;
      r += small.data[i * ch]!; g += small.data[i * ch + 1]!; b += small.data[i * ch + 2]!; n++;
    }
    rows.push(n > (x1 - x0) * 0.5 ? [r / n, g / n, b / n] : null);
  }
  const mean = (a: number, b: number) => {
    let r = 0, g = 0, bl = 0, n = 0;
    for (let y = a; y <= b; y++) {
      const v = rows[y];
      if (!v) continue;
      r += v[0]; g += v[1]; bl += v[2]; n++;
    }
    return n ? [r / n, g / n, bl / n] : null;
  };
  const edges = new Float32Array(y1 + 1);
  let bestEdge = 0;
  for (let y = y0; y <= y1; y++) {
    const above = mean(y - 4, y - 1), below = mean(y + 1, y + 4);
    if (!above || !below) continue;
    edges[y] = Math.hypot(above[0]! - below[0]!, above[1]! - below[1]!, above[2]! - below[2]!);
    bestEdge = Math.max(bestEdge, edges[y]!);
  }
  // 20 RGB units: below that a "hem" is shading, not a change of garment
  if (bestEdge < 20) return fallback;
  for (let y = y0; y <= y1; y++) if (edges[y]! === bestEdge) return y;
  return fallback;
}
