/**
 * Landmarks of a worn garment come from its wearer's body, not from the
 * silhouette (the flat-lay rules assume sleeves spread or hanging beside the
 * body): shoulders, armpits and hem from the keypoints, sleeves = the garment
 * inside the wearer's arm zones.
 */
import { createMask, type Mask } from '../../vision/image.js';
import { keepLargest, maskArea, maskBounds } from '../../vision/mask-ops.js';
import type { UpperGeometry, SleeveGeometry } from './garment-landmarks.js';
import type { WornGarment } from './worn-garment.js';

export function wornUpperLandmarks(matte: Mask, worn: WornGarment): UpperGeometry | null {
  const bb = maskBounds(matte);
  if (!bb) return null;
  const k = worn.wearer;
  const sleeve = (arm: Mask, side: 'left' | 'right'): SleeveGeometry | null => {
    const m = createMask(matte.width, matte.height);
    for (let i = 0; i < m.data.length; i++) m.data[i] = arm.data[i]! >= 0.5 ? matte.data[i]! : 0;
    const piece = keepLargest(m);
    if (maskArea(piece) < maskArea(matte) * 0.02) return null;
    const root = { x: k[`${side}Shoulder`].x, y: k[`${side}Shoulder`].y };
    // the sleeve ends where the garment stops along the arm: elbow or wrist, whichever it reaches
    const el = k[`${side}Elbow`], wr = k[`${side}Wrist`];
    const covers = (p: { x: number; y: number }) => (piece.data[Math.round(p.y) * matte.width + Math.round(p.x)] ?? 0) >= 0.5;
    const end = covers(wr) ? { x: wr.x, y: wr.y } : { x: el.x, y: el.y };
    return { root, end, length: Math.hypot(end.x - root.x, end.y - root.y), mask: piece };
  };
  const sleeveL = sleeve(worn.armL, 'left');
  const sleeveR = sleeve(worn.armR, 'right');
  const panel = createMask(matte.width, matte.height);
  for (let i = 0; i < panel.data.length; i++) {
    panel.data[i] = Math.max(0, matte.data[i]! - Math.max(sleeveL?.mask.data[i] ?? 0, sleeveR?.mask.data[i] ?? 0));
  }
  const p = (n: keyof WornGarment['wearer']) => ({ x: k[n].x, y: k[n].y });
  const sL = p('leftShoulder'), sR = p('rightShoulder'), hL = p('leftHip'), hR = p('rightHip');
  const lerp = (a: { x: number; y: number }, b: { x: number; y: number }, t: number) => ({ x: a.x + (b.x - a.x) * t, y: a.y + (b.y - a.y) * t });
  return {
    kind: 'upper',
    bounds: bb,
    neck: { x: (sL.x + sR.x) / 2, y: bb.y0 },
    shoulderL: sL,
    shoulderR: sR,
    armpitL: lerp(sL, hL, 0.3),
    armpitR: lerp(sR, hR, 0.3),
    hemL: { x: hL.x, y: bb.y1 },
    hemR: { x: hR.x, y: bb.y1 },
    bodyWidth: Math.abs(sL.x - sR.x),
    sleeveL,
    sleeveR,
    panel,
  };
}
