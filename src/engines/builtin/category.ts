/**
 * Deciding `auto`: the garment's shape says upper, lower or dress; the person
 * photo says whether that category can be fitted (a lower needs the hips and
 * knees in frame, checked by the caller).
 *
 * Shape cues, measured on the fixture product photos:
 *  - two legs (a gap under a crotch over ≥ 20 % of the height): trousers, shorts;
 *  - a straight top edge as wide as the garment just below it, no sleeves, and
 *    wider at the bottom than at the top: a skirt;
 *  - otherwise tall (h/w ≥ 1.45; dresses 1.45–2.6, tops 0.4–1.4): a dress;
 *  - otherwise: an upper.
 */
import type { Category } from '../engine.js';
import type { GarmentAnalysis } from './garment-analysis.js';

export interface CategoryDecision {
  category: Category;
  reason: string;
}

const DRESS_MIN_ASPECT = 1.45;

export function decideCategory(g: GarmentAnalysis): CategoryDecision {
  const lower = g.lower;
  const bb = lower?.bounds ?? g.upper?.bounds;
  if (!bb) return { category: 'upper', reason: 'no geometry' };
  // The photo's own silhouette, its neck opening left in: taking out a garment's inside back
  // (neck-opening.ts) can also notch a waistband seen from the front, and a notched top edge
  // is a neckline's, not a waistband's.
  const m = g.whole;
  const w = bb.x1 - bb.x0 + 1;
  const h = bb.y1 - bb.y0 + 1;
  const aspect = h / w;
  if (lower?.crotch) return { category: 'lower', reason: `two legs below y=${Math.round(lower.crotch.y)}` };
  const rowSpan = (y: number) => {
    let a = -1, b = -1;
    for (let x = bb.x0; x <= bb.x1; x++) {
      if (m.data[y * m.width + x]! >= 0.5) {
        if (a < 0) a = x;
        b = x;
      }
    }
    return a < 0 ? { a: 0, b: -1 } : { a, b };
  };
  const at = (f: number) => rowSpan(bb.y0 + Math.round((h - 1) * f));
  const s10 = at(0.1);
  const w10 = s10.b - s10.a + 1;
  // the top edge's height across the central 70 % of the row at 10 %
  let top = Infinity, bottom = -Infinity;
  for (let x = Math.round(s10.a + w10 * 0.15); x <= Math.round(s10.b - w10 * 0.15); x++) {
    let y = bb.y0;
    while (y < bb.y1 && m.data[y * m.width + x]! < 0.5) y++;
    top = Math.min(top, y);
    bottom = Math.max(bottom, y);
  }
  // a waistband is a solid, straight band; a neckline dips, straps leave gaps
  let filled = 0;
  const y10 = bb.y0 + Math.round((h - 1) * 0.1);
  for (let x = s10.a; x <= s10.b; x++) if (m.data[y10 * m.width + x]! >= 0.5) filled++;
  const straightTop = w10 > 0 && bottom - top <= Math.min(h * 0.025, w10 * 0.04) && filled >= w10 * 0.9;
  const widerBelow = at(0.85).b - at(0.85).a + 1 >= w10 * 0.95;
  const sleeves = Boolean(g.upper?.sleeveL || g.upper?.sleeveR);
  if (straightTop && widerBelow && !sleeves && aspect >= 0.6 && aspect < 1.6) {
    return { category: 'lower', reason: `skirt: straight waistband, widening, h/w=${aspect.toFixed(2)}` };
  }
  // legs photographed overlapping: a tall column under a waistband
  if (straightTop && !sleeves && aspect >= 2.2) return { category: 'lower', reason: `trousers, legs together: h/w=${aspect.toFixed(2)}` };
  if (aspect >= DRESS_MIN_ASPECT) return { category: 'dress', reason: `tall silhouette h/w=${aspect.toFixed(2)}` };
  return { category: 'upper', reason: `short silhouette h/w=${aspect.toFixed(2)}` };
}
