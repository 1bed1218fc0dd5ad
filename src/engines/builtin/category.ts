/**
 * Deciding `auto`: the garment's shape says upper, lower or dress; the person
 * photo says whether that category can be fitted (a lower needs the hips and
 * knees in frame).
 */
import type { Category } from '../engine.js';
import type { GarmentAnalysis } from './garment-analysis.js';

export interface CategoryDecision {
  category: Category;
  reason: string;
}

/** Height/width above which a one-piece silhouette with a neckline is a dress. Fixture tops: 0.8–1.3, dresses: 1.6–2.6. */
const DRESS_MIN_ASPECT = 1.45;

export function decideCategory(g: GarmentAnalysis): CategoryDecision {
  const lower = g.lower;
  const bb = lower?.bounds ?? g.upper?.bounds;
  if (!bb) return { category: 'upper', reason: 'no geometry' };
  const w = bb.x1 - bb.x0 + 1;
  const h = bb.y1 - bb.y0 + 1;
  const aspect = h / w;
  if (lower?.crotch) return { category: 'lower', reason: `two legs below y=${Math.round(lower.crotch.y)}` };
  // A skirt's top edge is a straight waistband nearly as wide as the garment at 10 % height;
  // tops and dresses have a neckline dip or straps there.
  const m = g.matte;
  const topRow = bb.y0 + Math.max(1, Math.round(h * 0.03));
  let topCover = 0;
  for (let x = bb.x0; x <= bb.x1; x++) if (m.data[topRow * m.width + x]! >= 0.5) topCover++;
  const row10 = bb.y0 + Math.round(h * 0.1);
  let cover10 = 0;
  for (let x = bb.x0; x <= bb.x1; x++) if (m.data[row10 * m.width + x]! >= 0.5) cover10++;
  const flatTop = topCover >= cover10 * 0.8 && cover10 > 0;
  if (flatTop && aspect >= 0.7) return { category: 'lower', reason: `straight waistband (top ${topCover}px of ${cover10}px)` };
  if (aspect >= DRESS_MIN_ASPECT) return { category: 'dress', reason: `tall silhouette h/w=${aspect.toFixed(2)}` };
  return { category: 'upper', reason: `short silhouette h/w=${aspect.toFixed(2)}` };
}
