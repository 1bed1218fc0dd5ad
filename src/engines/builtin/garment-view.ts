/**
 * Whether a top or dress is seen from the front in a product photo (flat
 * lay, ghost mannequin), from the neck opening. A front view looks into the
 * garment through its neckline: below the collar's top edge, at the centre,
 * lies the inside of the back (often with the brand label) and the front
 * neckline's own band, or buttons, a placket, a print. A back view's
 * neckline is higher and shallower: below the collar band the back panel
 * goes on in the shoulders' fabric.
 *
 * A print on the chest (a logo, a graphic) is the second, weaker front cue.
 *
 * Both cues are one-sided. Much of the neck zone unlike the shoulders' fabric
 * is a front view. Little of it is not a back view: a black or white tee seen
 * from the front measured 0.00–0.08 (its inside is its own colour and shade),
 * as low as a back view can be; a plain one without a print is then `unsure`
 * and the caller decides by other hints (the file's name).
 */
import type { Mask, RgbImage } from '../../vision/image.js';
import type { UpperGeometry } from './garment-landmarks.js';
import { median } from '../../vision/robust-stats.js';

/**
 * The neck zone and the fabric reference, in shoulder widths (the distance
 * between the two shoulder points, at the analysis size).
 */
export const NECK_ZONE = {
  /** Half the zone's width: a crew neck opening is ~0.35 shoulder widths wide. */
  halfWidth: 0.12,
  /** The zone starts below the collar band (~0.05 wide on a T-shirt), so a back view's own collar does not count. */
  start: 0.07,
  /** …and ends where a crew neck's front band is passed (~0.25); deeper is the chest, where prints start. */
  end: 0.27,
  /** The fabric reference: the shoulder panels between the neck and the shoulder points, this far from either. */
  shoulderInset: 0.15,
  /** …in the rows this far under the silhouette's top there. */
  shoulderDepth: 0.06,
} as const;

/**
 * A pixel is not the shoulders' fabric when its RGB distance to their median
 * is larger than this (0–441): above JPEG noise and a plain fabric's own
 * texture, below the shade a garment's inside falls into. A judgement, not a
 * fit: the shares below were measured with it on the tune half.
 */
const FABRIC_DISTANCE = 32;

/**
 * Share of the neck zone that is not the shoulders' fabric from which a photo
 * reads as a front view. The tune half's front photos spread over 0.00–1.00,
 * 14 of 32 at 0.3 or more; a back view, its back panel going on up to a
 * shallow collar, should stay near 0 (the fixtures hold no back-view photo
 * to measure).
 */
const FRONT_OPEN_SHARE = 0.3;
/** The share at which the front reading is as sure as it gets (0.95). */
const SURE_OPEN_SHARE = 0.6;

/**
 * The chest, in shoulder widths under the collar's top: where a brand's
 * print, logo or graphic sits on the front of a top (on the back of one, far
 * more rarely).
 */
export const CHEST_ZONE = { halfWidth: 0.3, start: 0.35, end: 0.9 } as const;
/**
 * Share of the chest unlike the shoulders' fabric from which it carries a
 * print (or a pocket, a placket: front things too). Plain fabrics' folds and
 * shading measured up to 0.15 on the tune half; prints and logos 0.2–1.0.
 */
const FRONT_PRINT_SHARE = 0.2;
/** A print says front less surely than the neck: backs carry prints too. */
const PRINT_CONFIDENCE = 0.7;

export interface ViewReading {
  view: 'front' | 'unsure';
  /** What decided a front view: the neck opening, or a print on the chest. */
  cue?: 'neck' | 'print';
  /** Share of the neck zone that is not the shoulders' fabric, 0–1. */
  openShare: number;
  /** Share of the chest (the garment only) that is not the shoulders' fabric, 0–1. */
  printShare: number;
  /** By the neck: 0.6 at FRONT_OPEN_SHARE rising to 0.95 at SURE_OPEN_SHARE; by a print PRINT_CONFIDENCE; 0.5 when unsure. */
  confidence: number;
}

interface Rgb { r: number; g: number; b: number }

/** Median colour of the matte's pixels in a box (analysis size), or null when none. */
function medianColour(small: RgbImage, matte: Mask, box: { x0: number; x1: number; y0: number; y1: number }): Rgb | null {
  const r: number[] = [], g: number[] = [], b: number[] = [];
  for (let y = Math.max(0, box.y0); y <= Math.min(small.height - 1, box.y1); y++) {
    for (let x = Math.max(0, box.x0); x <= Math.min(small.width - 1, box.x1); x++) {
      const i = y * small.width + x;
      if (matte.data[i]! < 0.5) continue;
      r.push(small.data[i * 3]!), g.push(small.data[i * 3 + 1]!), b.push(small.data[i * 3 + 2]!);
    }
  }
  if (r.length === 0) return null;
  return { r: median(r), g: median(g), b: median(b) };
}

/** The first row of the matte in a column, from the top; -1 when the column is empty. */
function topOf(matte: Mask, x: number): number {
  const column = Math.max(0, Math.min(matte.width - 1, Math.round(x)));
  for (let y = 0; y < matte.height; y++) if (matte.data[y * matte.width + column]! >= 0.5) return y;
  return -1;
}

/** The shoulders' fabric colour: the two shoulder panels just under their top edge. */
function shoulderFabric(small: RgbImage, matte: Mask, neckX: number, shoulders: [number, number], width: number): Rgb | null {
  const samples = shoulders.map((shoulderX) => {
    const x = neckX + (shoulderX - neckX) * (0.5 + NECK_ZONE.shoulderInset);
    const top = topOf(matte, x);
    const depth = Math.max(1, Math.round(width * NECK_ZONE.shoulderDepth));
    return top < 0 ? null : { x0: Math.round(x) - depth, x1: Math.round(x) + depth, y0: top + depth, y1: top + 2 * depth };
  });
  const boxes = samples.filter((box): box is NonNullable<typeof box> => box !== null);
  if (boxes.length === 0) return null;
  return medianColour(small, matte, { x0: Math.min(...boxes.map((box) => box.x0)), x1: Math.max(...boxes.map((box) => box.x1)), y0: Math.min(...boxes.map((box) => box.y0)), y1: Math.max(...boxes.map((box) => box.y1)) });
}

interface Zone {
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}

/**
 * Share of a zone unlike the fabric. `background` says whether background
 * inside the zone counts (an open neckline) or is left out (beside a
 * narrow chest).
 */
function unlikeShare(small: RgbImage, matte: Mask, fabric: Rgb, zone: Zone, background: 'counts' | 'ignored'): number {
  let seen = 0, unlike = 0;
  for (let y = Math.max(0, zone.y0); y <= Math.min(small.height - 1, zone.y1); y++) {
    for (let x = Math.max(0, zone.x0); x <= Math.min(small.width - 1, zone.x1); x++) {
      const i = y * small.width + x;
      const inside = matte.data[i]! >= 0.5;
      if (!inside && background === 'ignored') continue;
      seen++;
      const distance = Math.hypot(small.data[i * 3]! - fabric.r, small.data[i * 3 + 1]! - fabric.g, small.data[i * 3 + 2]! - fabric.b);
      if (!inside || distance > FABRIC_DISTANCE) unlike++;
    }
  }
  return seen === 0 ? 0 : unlike / seen;
}

/** A zone centred on the neck, from `start` to `end` shoulder widths under the collar's top, `half` wide each side. */
function zoneUnder(neckX: number, top: number, width: number, spec: { halfWidth: number; start: number; end: number }): Zone {
  const half = Math.round(width * spec.halfWidth);
  return { x0: Math.round(neckX) - half, x1: Math.round(neckX) + half, y0: top + Math.round(width * spec.start), y1: top + Math.round(width * spec.end) };
}

/** The view of a top or dress: `small`, `matte` and the landmarks `upper` all at the analysis size. */
export function readGarmentView(small: RgbImage, matte: Mask, upper: UpperGeometry): ViewReading {
  const width = Math.abs(upper.shoulderL.x - upper.shoulderR.x);
  const neckX = upper.neck.x;
  const top = topOf(matte, neckX);
  const fabric = shoulderFabric(small, matte, neckX, [upper.shoulderL.x, upper.shoulderR.x], width);
  if (width < 8 || top < 0 || fabric === null) return { view: 'unsure', openShare: 0, printShare: 0, confidence: 0.5 };
  const openShare = unlikeShare(small, matte, fabric, zoneUnder(neckX, top, width, NECK_ZONE), 'counts');
  const printShare = unlikeShare(small, matte, fabric, zoneUnder(neckX, top, width, CHEST_ZONE), 'ignored');
  if (openShare >= FRONT_OPEN_SHARE) return { view: 'front', cue: 'neck', openShare, printShare, confidence: confidenceOf(openShare) };
  if (printShare >= FRONT_PRINT_SHARE) return { view: 'front', cue: 'print', openShare, printShare, confidence: PRINT_CONFIDENCE };
  return { view: 'unsure', openShare, printShare, confidence: 0.5 };
}

function confidenceOf(share: number): number {
  const past = Math.min(1, (share - FRONT_OPEN_SHARE) / (SURE_OPEN_SHARE - FRONT_OPEN_SHARE));
  return Math.round((0.6 + 0.35 * past) * 100) / 100;
}
