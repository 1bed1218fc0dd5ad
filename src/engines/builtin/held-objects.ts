/**
 * Objects held in a hand beside the old garment (a handbag, a clutch, a tote): the person's parse
 * often gives such an object to the bottom beside it, and the removal replaced it with fill (the bag
 * erased, or smeared where half of it stayed). An object is kept, in front of the new garment, only
 * where three cues agree (when unsure it goes with the garment, as before):
 * - it stands out past the bottom's own outline on the hand's side: a line fitted to that side's
 *   edge over the rows round the hand, the object's rows left out as outliers;
 * - it is held: it touches the kept hand and lies within the hand's reach below the wrist;
 * - its colours are foreign to the whole old garment: measured over the garment away from the hand
 *   (a print's or a plaid's colours, or a side in shadow, are met elsewhere on it and stay cloth).
 * Analysis size throughout.
 */
import { createMask, type Mask, type RgbImage } from '../../vision/image.js';
import type { PersonAnalysis } from '../../vision/person-analysis.js';
import { VISIBLE_SCORE, type BodyFrame } from '../../vision/body-regions.js';
import { boxBlurOwnPlane, componentsTouching, growInto, maskArea, maskBounds, morph, morphPair } from '../../vision/mask-ops.js';
import { boundedChessboardDistance, cropMask, framedMask, grownBox, smallHolesFilledIn, type PixelBox } from '../../vision/box-distance.js';

/**
 * The backdrop beside the hand (HELD_OBJECT's backdropColours): a colour held by at least `share` of the
 * pixels off the matte in the holding zone, read only from `minPx` such pixels (a hand and bag filling the zone leave few).
 */
const BACKDROP = { share: 0.03, minPx: 50 } as const;

/** A garment pixel whose blur window lies this much within the garment is of its inside: its edge's pixels mix in the backdrop's colours. */
const INTERIOR = 0.999;

export const HELD_OBJECT = {
  /** How far a held object reaches from the kept hand, shoulder widths: a handbag's body hangs up to ~1 sw below the fingers. */
  reachSw: 1.1,
  /** How far above the wrist a held object may rise, shoulder widths: a clutch held in the fingers stands ~0.2 sw above them. */
  aboveWristSw: 0.25,
  /**
   * The bottom's side is read above the object, from 0.45 to 0.2 shoulder widths above the wrist (beside
   * the forearm, above a clutch's top), and below it, from 1.25 to 1.7 below the wrist (past the reach
   * of the hand and a bag hanging from it): the line through the two is the side's run past the object.
   */
  aboveRowsSw: [0.45, 0.2],
  belowRowsSw: [1.25, 1.7],
  /** Each of the two bands has at least this many rows with an edge. */
  minRows: 4,
  /** The object stands out past the fitted side by more than this, shoulder widths (a fold's or a seam's wobble is less). */
  pastSideSw: 0.04,
  /** The standing-out part touches the kept hand grown by this, shoulder widths (the fingers round a handle or a clutch). */
  touchSw: 0.06,
  /** The standing-out part's least area, shoulder widths² (a small bag ~0.1 sw²; a fold's lip or a sleeve's tip is less). */
  minAreaSw2: 0.02,
  /**
   * Colours are read blurred within the clothes over this radius, shoulder widths: a print's or a plaid's
   * mixture, not its single threads (a plaid's pale crossings matched a silver bag at 0.03).
   */
  blurSw: 0.06,
  /** Two colours are alike within this many RGB steps per channel (two bins of 8). */
  alikeSteps: 16,
  /** A colour foreign to the clothes is held by less than this share of their inside away from the hand (a colour they hold in a mass never is) … */
  rareShare: 0.03,
  /** … and by fewer of their pixels than this times the object's part holds. */
  ownRatio: 0.5,
  /**
   * The object's rim against the garment is followed this far in its own unblurred colours, shoulder widths (a bag's edge 2–5 px):
   * colours its body (grown in its foreign colours) holds, not only the part past the side (a bag's lit lower face is not met there).
   */
  rimSw: 0.06,
  /**
   * The object's outline is closed over this radius, shoulder widths: a notch in it up to ~0.12 sw across is its own (a bag's lower
   * face lit to the backdrop's colours, or where the matte's soft edge fell below half, left out as a jagged bite filled with the
   * backdrop); only within the holding zone, on the bottom or off the matte (never the hand or the top), never in the backdrop's colours.
   */
  closeSw: 0.06,
  /** Holes in the object up to this area, shoulder widths², are its own (a highlight of the backdrop's colour); the backdrop seen through a handle is larger (~0.1 sw²). */
  holeSw2: 0.01,
  /**
   * At least this share of the bottom lies outside the holding zone, where the clothes' palette is read: a
   * bottom the zone covers nearly whole has no palette of its own there, and its own colours read as
   * foreign (white shorts beside a hand, 0.07 of them outside, were kept as a held object; a long skirt
   * beside a hand holding a bag has 0.31 outside).
   */
  minBottomSeen: 0.2,
  /** A held object is at most this large, shoulder widths² (a handbag ~0.25, a tote ~0.5): larger, it is a garment, not a thing in the hand. */
  maxAreaSw2: 0.6,
  /**
   * A held object has a body: eroded by `coreSw` shoulder widths it keeps at least `minCoreSw2` sw²
   * (a handbag 0.09). A seated person's trousers in shadow along a thigh below a hand resting on it stood
   * out past the side's line (a bent leg's side is no line) in a shade met nowhere else on them: a strip
   * ~0.1 sw wide, 0.005 sw² left, kept in front of the new trousers.
   */
  coreSw: 0.06,
  minCoreSw2: 0.03,
  /** At least this share of the standing-out part's pixels is of foreign colours. */
  minForeignShare: 0.6,
} as const;

/** What the held objects are read from: the parse's bottom (the object's side), the old garment removed and the kept hands. */
export interface HeldInputs {
  /** The parse's bottom (soft): its side is the outline an object stands out from. */
  bottom: Mask;
  /**
   * Every garment the parse found (hard; the pass's old garment and the one it keeps): their colours away
   * from the hand are the clothes' palette (a sleeve's cuff the parse gave the bottom beside the hand is the top's colour).
   */
  clothes: Mask;
  /** The hands kept over the new garment (pass-masks.ts protectMask). */
  hands: Mask;
  /** The person's matte: the backdrop seen through a bag's handle, which the parse gave the bottom too, is no part of the object. */
  matte: Mask;
  rgb: RgbImage;
}

/**
 * The objects held in the kept hands, among the old garment (hard 0/1), or null when there is none
 * (HELD_OBJECT).
 */
export function heldObjects(x: HeldInputs, person: PersonAnalysis, frame: BodyFrame): Mask | null {
  const s = person.scale, sw = frame.shoulderWidth * s;
  const centreX = ((frame.shoulderL.x + frame.shoulderR.x) / 2) * s;
  const { width: w, height: h } = x.hands;
  const handsBox = maskBounds(x.hands);
  let out: Mask | null = null;
  for (const side of ['left', 'right'] as const) {
    const k = person.keypoints[`${side}Wrist`];
    if (k.score < VISIBLE_SCORE || !handsBox) continue;
    const wrist = { x: k.x * s, y: k.y * s };
    const hand = sideOf(x.hands, handsBox, centreX, wrist.x < centreX ? -1 : 1);
    if (!maskBounds(hand)) continue;
    const object = heldBy(x, { hand, wrist, dir: wrist.x < centreX ? -1 : 1 }, sw);
    if (!object) continue;
    out ??= createMask(w, h);
    for (let i = 0; i < w * h; i++) if (object.data[i]! >= 0.5) out.data[i] = 1;
  }
  return out;
}

/** The pixels of `m` (≥ 0.5, all in `box`: only it is read) on one side (`dir` −1 left, +1 right) of column `centreX`, a new mask. */
function sideOf(m: Mask, box: PixelBox, centreX: number, dir: number): Mask {
  const out = createMask(m.width, m.height);
  for (let y = box.y0; y <= box.y1; y++) {
    for (let xx = box.x0, i = y * m.width + xx; xx <= box.x1; xx++, i++) if (m.data[i]! >= 0.5 && (xx - centreX) * dir > 0) out.data[i] = 1;
  }
  return out;
}

/** The object one hand holds (HELD_OBJECT), or null. */
function heldBy(x: HeldInputs, at: { hand: Mask; wrist: { x: number; y: number }; dir: number }, sw: number): Mask | null {
  const H = HELD_OBJECT, { width: w, height: h } = x.bottom;
  const y0 = Math.max(0, Math.round(at.wrist.y - H.aboveRowsSw[0] * sw)), y1 = Math.min(h - 1, Math.round(at.wrist.y + H.belowRowsSw[1] * sw));
  const line = sideLine(sideEdge(x.bottom, y0, y1, at.dir), y0, at.wrist.y, sw);
  if (!line) return null;
  const { inZone, box: zone } = holdingZone(at.hand, at.wrist.y, sw);
  const past = createMask(w, h);
  // (the zone's columns only: past them no pixel is in the zone)
  for (let y = y0; y <= y1; y++) {
    const ref = line.a + line.b * (y - y0);
    for (let xx = zone.x0, i = y * w + xx; xx <= zone.x1; xx++, i++) {
      if (x.bottom.data[i]! >= 0.5 && (xx - ref) * at.dir > H.pastSideSw * sw && inZone(i) && x.matte.data[i]! >= 0.5) past.data[i] = 1;
    }
  }
  // (joined to the hand through the backdrop seen between a handle and the bag too; that backdrop,
  // which the parse gave the bottom, is then no part of the object: backdropColours)
  const backdrop = backdropColours(x, inZone, zone);
  const touching = withoutBackdrop(componentsTouchingIn(past, morph(at.hand, Math.max(1, Math.round(H.touchSw * sw))), zone), backdrop, zone);
  const area = maskArea(touching);
  if (area < H.minAreaSw2 * sw * sw) return null;
  const reference = (i: number) => !inZone(i);
  if (!bottomSeen(x.bottom, reference)) return null;
  const foreign = foreignColours(x, reference, touching, Math.max(1, H.blurSw * sw));
  let n = 0;
  // (the touching pixels' box only: they lie in the zone's)
  for (let y = zone.y0; y <= zone.y1; y++) for (let i = y * w + zone.x0; i <= y * w + zone.x1; i++) if (touching.data[i]! >= 0.5 && foreign(i)) n++;
  if (n < H.minForeignShare * area) return null;
  const object = wholeObject(x, touching, { inZone, backdrop, foreign, reference }, sw);
  const core = maskArea(morph(object, -Math.max(1, Math.round(H.coreSw * sw))));
  return maskArea(object) <= H.maxAreaSw2 * sw * sw && core >= H.minCoreSw2 * sw * sw ? object : null;
}

/**
 * The whole object from its part past the side `seed` (HELD_OBJECT): grown into its own foreign colours over the
 * bottom inside the side, the part held in front of the garment; then a little further in the colours of that body's
 * own pixels, unblurred: its rim against the garment, whose blur mixes in the garment's; its outline closed and its
 * small holes filled (closeSw, holeSw2).
 */
function wholeObject(x: HeldInputs, seed: Mask, at: { inZone: (i: number) => boolean; backdrop: (i: number) => boolean; foreign: (i: number) => boolean; reference: (i: number) => boolean }, sw: number): Mask {
  const H = HELD_OBJECT;
  const open = (i: number) => x.bottom.data[i]! >= 0.5 && at.inZone(i) && x.matte.data[i]! >= 0.5 && !at.backdrop(i);
  const grown = growInto(seed, Math.ceil(H.reachSw * sw), (i) => open(i) && at.foreign(i));
  const own = foreignColours(x, at.reference, grown, 0);
  const rimmed = growInto(grown, Math.max(1, Math.round(H.rimSw * sw)), (i) => open(i) && own(i));
  const r = Math.max(1, Math.round(H.closeSw * sw));
  const closed = morphPair(rimmed, r, -r);
  for (let i = 0; i < closed.data.length; i++) {
    if (closed.data[i]! >= 0.5 && rimmed.data[i]! < 0.5 && at.inZone(i) && !at.backdrop(i) && (x.bottom.data[i]! >= 0.5 || x.matte.data[i]! < 0.5)) rimmed.data[i] = 1;
  }
  return smallHolesFilledIn(rimmed, H.holeSw2 * sw * sw);
}

/** Whether at least HELD_OBJECT.minBottomSeen of the bottom's pixels lie where `reference` holds. */
function bottomSeen(bottom: Mask, reference: (i: number) => boolean): boolean {
  let all = 0, seen = 0;
  for (let i = 0; i < bottom.data.length; i++) {
    if (bottom.data[i]! < 0.5) continue;
    all++;
    if (reference(i)) seen++;
  }
  return seen >= HELD_OBJECT.minBottomSeen * all;
}

/** `m` (a mask of this module's own, set only inside `box`) with the pixels `backdrop` takes cleared, in place. */
function withoutBackdrop(m: Mask, backdrop: (i: number) => boolean, box: PixelBox): Mask {
  for (let y = box.y0; y <= box.y1; y++) for (let i = y * m.width + box.x0; i <= y * m.width + box.x1; i++) if (m.data[i]! >= 0.5 && backdrop(i)) m.data[i] = 0;
  return m;
}

/**
 * componentsTouching(mask, seed) for a `mask` set only inside `box`: its pieces lie whole in the box, so
 * they are labelled on the box's crop (with the seed's crop) and pasted into a frame-sized mask, the same
 * pixels without labelling the frame.
 */
function componentsTouchingIn(mask: Mask, seed: Mask, box: PixelBox): Mask {
  if (box.x1 < box.x0 || box.y1 < box.y0) return createMask(mask.width, mask.height);
  return framedMask(componentsTouching(cropMask(mask, box), cropMask(seed, box)), box, mask.width, mask.height);
}

/**
 * Whether a pixel lies within a held object's reach of the kept hand `hand` (HELD_OBJECT.reachSw), from
 * aboveWristSw above the wrist's row `wristY` down; `box` holds every such pixel (the hand's box grown by
 * the reach: the zone's pixels are tested there only, not over the frame).
 */
function holdingZone(hand: Mask, wristY: number, sw: number): { inZone: (i: number) => boolean; box: PixelBox } {
  const H = HELD_OBJECT, w = hand.width;
  const handBox = maskBounds(hand);
  const reach = boundedChessboardDistance(hand, Math.ceil(H.reachSw * sw) + 1, undefined, handBox);
  const top = wristY - H.aboveWristSw * sw;
  const box = grownBox(handBox, Math.ceil(H.reachSw * sw), w, hand.height) ?? { x0: 0, y0: 0, x1: -1, y1: -1 };
  return { inZone: (i: number) => reach[i]! <= H.reachSw * sw && Math.floor(i / w) >= top, box };
}

/**
 * Whether a pixel's own colour is the backdrop's beside the hand: the colours of the pixels off the
 * person's matte in the holding zone `inZone`, in the same bin of 8 steps a channel, held by at least
 * BACKDROP.share of them; false everywhere with fewer than BACKDROP.minPx such pixels.
 */
function backdropColours(x: HeldInputs, inZone: (i: number) => boolean, zone: PixelBox): (i: number) => boolean {
  const w = x.matte.width, ch = x.rgb.channels;
  const key = (i: number) => ((x.rgb.data[i * ch]! >> 3) << 10) | ((x.rgb.data[i * ch + 1]! >> 3) << 5) | (x.rgb.data[i * ch + 2]! >> 3);
  const hist = new Float64Array(32 * 32 * 32);
  let total = 0;
  // (the zone's box only: the counts are whole numbers, the same in any order)
  for (let y = zone.y0; y <= zone.y1; y++) {
    for (let i = y * w + zone.x0; i <= y * w + zone.x1; i++) {
      if (x.matte.data[i]! >= 0.5 || !inZone(i)) continue;
      hist[key(i)] = hist[key(i)]! + 1;
      total++;
    }
  }
  if (total < BACKDROP.minPx) return () => false;
  return (i: number) => nearCount(hist, key(i), 0) >= BACKDROP.share * total;
}

/** The counts of histogram `hist` (32 bins a channel) within `d` bins of bin `k` a channel. */
function nearCount(hist: Float64Array, k: number, d: number): number {
  const R = k >> 10, G = (k >> 5) & 31, B = k & 31;
  let m = 0;
  for (let a = Math.max(0, R - d); a <= Math.min(31, R + d); a++) {
    for (let b = Math.max(0, G - d); b <= Math.min(31, G + d); b++) for (let c = Math.max(0, B - d); c <= Math.min(31, B + d); c++) m += hist[(a << 10) | (b << 5) | c]!;
  }
  return m;
}

/** Per row y0..y1, the bottom's outermost pixel's column on side `dir` (−1 left: its least x), NaN where the row has none. */
function sideEdge(bottom: Mask, y0: number, y1: number, dir: number): Float64Array {
  const w = bottom.width, e = new Float64Array(y1 - y0 + 1).fill(NaN);
  for (let y = y0; y <= y1; y++) {
    for (let k = 0; k < w; k++) {
      const xx = dir < 0 ? k : w - 1 - k;
      if (bottom.data[y * w + xx]! >= 0.5) {
        e[y - y0] = xx;
        break;
      }
    }
  }
  return e;
}

/**
 * The line x = a + b·(y − y0) through the side's edge `e` (rows y0…) above the object and below it:
 * the median edge of the rows in each of HELD_OBJECT.aboveRowsSw and belowRowsSw (shoulder widths
 * from the wrist at row `wristY`), or null when either has fewer than minRows rows with an edge
 * (without the garment below the object, nothing says how its side runs there: kept as before).
 */
function sideLine(e: Float64Array, y0: number, wristY: number, sw: number): { a: number; b: number } | null {
  const H = HELD_OBJECT;
  const band = (from: number, to: number) => {
    const rows: { r: number; x: number }[] = [];
    for (let r = Math.max(0, Math.round(wristY + from * sw) - y0); r <= Math.min(e.length - 1, Math.round(wristY + to * sw) - y0); r++) if (!Number.isNaN(e[r]!)) rows.push({ r, x: e[r]! });
    if (rows.length < H.minRows) return null;
    const xs = rows.map((p) => p.x).sort((p, q) => p - q);
    return { r: rows[rows.length >> 1]!.r, x: xs[xs.length >> 1]! };
  };
  const up = band(-H.aboveRowsSw[0], -H.aboveRowsSw[1]), down = band(H.belowRowsSw[0], H.belowRowsSw[1]);
  if (!up || !down || down.r <= up.r) return null;
  const b = (down.x - up.x) / (down.r - up.r);
  return { a: up.x - b * up.r, b };
}

/**
 * Whether a pixel's colour, blurred within the clothes (HELD_OBJECT.blurSw), is foreign to them: the
 * clothes' inside where `reference` holds has fewer pixels of it (blurred colours within alikeSteps)
 * than ownRatio times the object's part `own` has, and under rareShare of its pixels. Measured against
 * the object's own count, a colour a bag holds in a mass is foreign though a brooch or a plaid's
 * crossings on the clothes hold it too, and a print's colours, met over the rest of the garment far
 * more than in a block of its side, are not. False everywhere without a reference.
 */
function foreignColours(x: HeldInputs, reference: (i: number) => boolean, own: Mask, radiusPx: number): (i: number) => boolean {
  const H = HELD_OBJECT, w = x.clothes.width;
  const { planes, box } = clothColours(x, Math.round(radiusPx));
  if (!box) return () => false;
  const bw = box.x1 - box.x0 + 1;
  // (the planes hold the box only: a pixel off it lies past the blur's reach of the clothes, its weight 0)
  const at = (i: number) => {
    const y = Math.floor(i / w), xx = i - y * w;
    return xx < box.x0 || xx > box.x1 || y < box.y0 || y > box.y1 ? -1 : (y - box.y0) * bw + xx - box.x0;
  };
  const key = (j: number) => {
    const q = (c: number) => Math.min(31, Math.floor(planes[c]![j]! / planes[3]![j]! / 8));
    return (q(0) << 10) | (q(1) << 5) | q(2);
  };
  const ref = new Float64Array(32 * 32 * 32), mine = new Float64Array(32 * 32 * 32);
  let total = 0;
  // (the box's pixels only: off it none has weight; the counts are whole numbers, the same in any order)
  for (let y = box.y0; y <= box.y1; y++) {
    for (let i = y * w + box.x0, j = (y - box.y0) * bw; i <= y * w + box.x1; i++, j++) {
      if (own.data[i]! >= 0.5 && planes[3]![j]! > 0) mine[key(j)] = mine[key(j)]! + 1;
      else if (planes[3]![j]! > INTERIOR && reference(i)) {
        ref[key(j)] = ref[key(j)]! + 1;
        total++;
      }
    }
  }
  if (total === 0) return () => false;
  const d = Math.round(H.alikeSteps / 8);
  return (i: number) => {
    const j = at(i);
    if (j < 0 || !(planes[3]![j]! > 0)) return false;
    const k = key(j), m = nearCount(ref, k, d);
    return m < H.rareShare * total && m < H.ownRatio * nearCount(mine, k, d);
  };
}

/**
 * The clothes' colour sums and weight (the clothes' pixels 1) box-blurred by `r` (one pass), on the clothes' box grown
 * past the blur's reach (2r + 1: a pixel within r of the clothes sees no nearer the box's edge than the frame's would
 * show it): four planes of the box's size, the same values as on the frame there; null box without clothes.
 */
function clothColours(x: HeldInputs, r: number): { planes: Float32Array[]; box: PixelBox | null } {
  const { width: w, height: h } = x.clothes, ch = x.rgb.channels;
  const box = grownBox(maskBounds(x.clothes), 2 * r + 1, w, h);
  if (!box) return { planes: [], box };
  const bw = box.x1 - box.x0 + 1, bh = box.y1 - box.y0 + 1;
  const planes = [0, 1, 2, 3].map(() => new Float32Array(bw * bh));
  for (let y = box.y0; y <= box.y1; y++) {
    for (let i = y * w + box.x0, j = (y - box.y0) * bw; i <= y * w + box.x1; i++, j++) {
      if (x.clothes.data[i]! < 0.5) continue;
      planes[3]![j] = 1;
      for (let c = 0; c < 3; c++) planes[c]![j] = x.rgb.data[i * ch + c]!;
    }
  }
  if (r >= 1) for (const p of planes) boxBlurOwnPlane(p, bw, bh, r, 1);
  return { planes, box };
}
