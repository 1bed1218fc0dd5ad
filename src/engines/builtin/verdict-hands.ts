/**
 * Hands lost in front of the replaced garment: a hand resting on the hip, in
 * a trouser pocket or over the belly lies on the old garment, and the parse
 * often takes it for that garment; the removal then paints it out (a
 * skin-coloured smear with a soft notch where the hand was), or the new
 * garment is drawn over it or half over it (the hand ghosted). The photo
 * says where the hand was: in each hand's zone (the pose's wrist to the
 * fingertips), the pixels with the person's own bare skin colours. The
 * share of them the result shows in other colours is the hand lost.
 *
 * A share per hand, not an area: a hand in a pocket shows a sliver of skin
 * (a few dozen pixels at the analysis size), half of it erased is the whole
 * defect, while a whole hand's outline moving by a pixel against the new
 * garment beside it changes as many pixels and reads as intact.
 *
 * A pure function of masks and images at the analysis size.
 */
import { createMask, type Mask, type RgbImage } from '../../vision/image.js';
import { componentsInBox } from '../../vision/box-distance.js';
import { maskArea, maskBounds, morphPair } from '../../vision/mask-ops.js';
import { extractPaletteInBox, paletteDistance2, shadedDistance2 } from '../../vision/palette.js';

/** How a hand's skin is told in the photo and when the result lost it. */
export const HAND_LOSS = {
  /**
   * RGB distance² within which a pixel of the hands' zone has one of the
   * person's bare skin colours in some light (shadedDistance2 to 3 shades of
   * the skin parse away from the old garment and the hands): a hand in a
   * pocket's shadow or lit on the hip passes, navy, black or saturated
   * trousers and white tops do not.
   */
  skinD2: 32 * 32,
  /**
   * RGB distance² within which a pixel has the old garment's own colours (as
   * seen away from the hands): not the hand, whatever its skin test; nor is
   * a pixel nearer the garment's colours than the skin's (a beige or brown
   * garment under the hand passes the skin test in some light).
   */
  garmentD2: 20 * 20,
  /**
   * RGB distance between the photo and the result beyond which a hand's
   * pixel is lost: painted out, drawn over, or ghosted half over a garment
   * of another colour. Untouched pixels measure under 15 (both resized alike).
   */
  lostDistance: 50,
  /**
   * A hand showing less skin than this, shoulder widths², is not judged: a
   * share of a few pixels is noise. A hand in a pocket showing a sliver
   * measured 0.0047, a whole hand 0.04–0.15.
   */
  minSkinSw2: 0.003,
} as const;

export interface HandLossInputs {
  /** The person photo and the result, at the analysis size. */
  original: RgbImage;
  result: RgbImage;
  /** The hands' zone: wrist to fingertips (hands-front.ts) with the pose's hand capsules; each piece is judged alone. */
  zone: Mask;
  /** The person's skin parse and matte. */
  skin: Mask;
  matte: Mask;
  /** The old garments, removed or kept as a layer. */
  old: Mask;
  shoulderWidthPx: number;
}

/**
 * The photo's hand skin (HAND_LOSS), a new hard mask:
 * in the hands' zone and the person, with a bare skin colour in some light
 * and not the old garment's. Empty when the person shows no bare skin away
 * from the zone and the old garment to read the colours from.
 */
export function handSkinInZone(x: Omit<HandLossInputs, 'result'>): Mask {
  const { width: w, height: h } = x.zone;
  const out = createMask(w, h);
  // (the hand lies in the zone's box, the old garment in its own: read there only, the frame beyond is none of either)
  const zoneBox = maskBounds(x.zone);
  if (!zoneBox) return out;
  const zd = x.zone.data, md = x.matte.data, od = x.old.data, sd = x.skin.data;
  const bare = createMask(w, h), oldAway = createMask(w, h);
  // (bare skin lies in the skin's box: made and read there only, as the old garment below)
  const skinBox = maskBounds(x.skin);
  for (let y = skinBox ? skinBox.y0 : h; skinBox && y <= skinBox.y1; y++) {
    for (let i = y * w + skinBox.x0, end = y * w + skinBox.x1; i <= end; i++) bare.data[i] = sd[i]! >= 0.5 && od[i]! < 0.5 && zd[i]! < 0.5 ? 1 : 0;
  }
  const oldBox = maskBounds(x.old);
  for (let y = oldBox ? oldBox.y0 : h; oldBox && y <= oldBox.y1; y++) {
    for (let i = y * w + oldBox.x0, end = y * w + oldBox.x1; i <= end; i++) oldAway.data[i] = od[i]! >= 0.5 && zd[i]! < 0.5 ? 1 : 0;
  }
  const skin = extractPaletteInBox(x.original, bare, 3, skinBox);
  if (!skin) return out;
  // (oldAway lies in the old garment's box: its palette reads that box only)
  const garment = extractPaletteInBox(x.original, oldAway, 3, oldBox);
  const rgb = x.original.data, ch = x.original.channels;
  for (let y = zoneBox.y0; y <= zoneBox.y1; y++) {
    for (let i = y * w + zoneBox.x0, end = y * w + zoneBox.x1; i <= end; i++) {
      if (zd[i]! < 0.5 || md[i]! < 0.5) continue;
      const r = rgb[i * ch]!, g = rgb[i * ch + 1]!, b = rgb[i * ch + 2]!;
      const dSkin = shadedDistance2(skin, r, g, b);
      if (dSkin > HAND_LOSS.skinD2) continue;
      if (garment && paletteDistance2(garment, r, g, b) <= Math.max(dSkin, HAND_LOSS.garmentD2)) continue;
      out.data[i] = 1;
    }
  }
  return out;
}

/**
 * The largest share of a hand's skin (handSkinInZone, per piece of the zone
 * showing at least HAND_LOSS.minSkinSw2) that the result shows in other
 * colours than the photo (HAND_LOSS.lostDistance); 0 when no hand is judged.
 * (The zone's pieces and the hands' skin lie in the zone's box: labelled and read there.)
 */
export function lostHandShare(x: HandLossInputs): number {
  const box = maskBounds(x.zone);
  if (!box) return 0;
  const hand = handSkinInZone(x);
  const { labels, sizes } = componentsInBox(x.zone, box);
  const skin = new Array<number>(sizes.length).fill(0), lost = new Array<number>(sizes.length).fill(0);
  const o = x.original.data, r = x.result.data, oc = x.original.channels, rc = x.result.channels;
  const lost2 = HAND_LOSS.lostDistance * HAND_LOSS.lostDistance;
  const w = x.zone.width;
  for (let y = box.y0; y <= box.y1; y++) {
    for (let i = y * w + box.x0, end = y * w + box.x1; i <= end; i++) {
      if (hand.data[i]! < 0.5) continue;
      const l = labels[i]!;
      skin[l]!++;
      const dr = o[i * oc]! - r[i * rc]!, dg = o[i * oc + 1]! - r[i * rc + 1]!, db = o[i * oc + 2]! - r[i * rc + 2]!;
      if (dr * dr + dg * dg + db * db >= lost2) lost[l]!++;
    }
  }
  const minPx = HAND_LOSS.minSkinSw2 * x.shoulderWidthPx * x.shoulderWidthPx;
  let worst = 0;
  for (let l = 1; l < sizes.length; l++) if (skin[l]! >= minPx && skin[l]! > 0) worst = Math.max(worst, lost[l]! / skin[l]!);
  return worst;
}

/**
 * The photo kept beside a hand inside the new garment: a pass keeps its
 * hands whole (the protect mask) and the new garment is cut round them, but
 * a kept hand's skin may grow past the hand onto the old garment beside it
 * (a beige skirt or sweater read as skin) and that piece of the old garment
 * is then left showing through a hand-shaped window in the new one. Counted
 * here: pixels in the hands' zone (wrist to fingertips), outside the parsed
 * hands, that the pass kept, the new garment covers and the result shows as
 * the photo did (`changed` < 0.5), opened by HAND_WINDOW.openSw; shoulder
 * widths².
 */
export interface HandWindowInputs {
  /** What the passes kept on purpose (their protect masks) and what the new garments cover. */
  protect: Mask;
  cover: Mask;
  /** The hands' zone (wrist to fingertips) and the parsed hands in it. */
  zone: Mask;
  hands: Mask;
  /** The objects the passes kept in the hands on purpose (held-objects.ts), or null: a bag's top by the fingers is no window. */
  held?: Mask | null;
  /** The result's changed-pixel map at the analysis size (0..1). */
  changed: ArrayLike<number>;
  shoulderWidthPx: number;
}

/** How wide a piece of the photo kept beside a hand must be to count. */
export const HAND_WINDOW = {
  /**
   * Opened by this, shoulder widths: the hand's own fingers and outline
   * beyond the parsed hand are slivers 1–3 px wide at the analysis size
   * (an acceptable result's hands in front of new trousers measured 0.036
   * sw² unopened, 0 opened by 0.03 sw); a block of an old skirt kept beside
   * a hand inside a new dress stays (0.062 sw² unopened, 0.023 opened).
   */
  openSw: 0.03,
} as const;

/** The window of photo kept beside the hands inside the new garment, shoulder widths² (see HandWindowInputs). */
export function handWindowSw2(x: HandWindowInputs): number {
  const box = maskBounds(x.zone);
  if (!box) return 0;
  const { width: w } = x.zone;
  const out = createMask(w, x.zone.height);
  const pd = x.protect.data, cd = x.cover.data, zd = x.zone.data, hd = x.hands.data, held = x.held?.data;
  for (let y = box.y0; y <= box.y1; y++) {
    for (let i = y * w + box.x0, end = y * w + box.x1; i <= end; i++) {
      if (zd[i]! >= 0.5 && hd[i]! < 0.5 && pd[i]! >= 0.5 && cd[i]! >= 0.5 && x.changed[i]! < 0.5 && !(held && held[i]! >= 0.5)) out.data[i] = 1;
    }
  }
  const r = Math.max(1, Math.round(HAND_WINDOW.openSw * x.shoulderWidthPx));
  return maskArea(morphPair(out, -r, r)) / Math.max(1, x.shoulderWidthPx * x.shoulderWidthPx);
}
