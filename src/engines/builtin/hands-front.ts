/**
 * Hands in front of a lower garment or a dress. Hands hang beside or in
 * front of the hips, where the new waistband and legs are drawn: the body
 * regions' hand capsule (body-regions.ts, wrist towards the knuckles' points
 * and half as far again) ends at the middle of the fingers of a hanging hand,
 * and the fingers below it were drawn over by the new garment, the hand cut
 * off at the knuckles. This zone reaches the fingertips; which of its pixels
 * stay is decided by the hand's skin (pass-masks.ts handMask).
 */
import { createMask, type Mask } from '../../vision/image.js';
import type { PersonAnalysis } from '../../vision/person-analysis.js';
import { VISIBLE_SCORE, add, dist, mid, mul, sub, type BodyFrame } from '../../vision/body-regions.js';
import { fillCapsule } from '../../vision/raster.js';

export const HANDS_FRONT = {
  /**
   * The fingertips lie this many wrist-to-knuckle-points distances from the
   * wrist: the pose's index and pinky points sit near the fingers' middle
   * joints on a hanging hand, the fingertips about as far again past them.
   */
  tipOfKnuckles: 2.1,
  /** The zone's radius at the wrist and at the fingertips, shoulder widths: a hand is ~0.25 sw wide, a little more with the thumb out. */
  radiusSw: [0.1, 0.13],
} as const;

/** The hands' zone (analysis size, hard 0/1) for each hand whose wrist is seen: wrist → fingertips (`frame`: its shoulder width, full px). */
export function handsFrontZone(person: PersonAnalysis, frame: Pick<BodyFrame, 'shoulderWidth'>): Mask {
  const { matte, scale: s } = person;
  const zone = createMask(matte.width, matte.height);
  const sw = frame.shoulderWidth * s;
  const k = person.keypoints;
  for (const side of ['left', 'right'] as const) {
    if (k[`${side}Wrist`].score < VISIBLE_SCORE) continue;
    const at = (n: `${typeof side}Wrist` | `${typeof side}Index` | `${typeof side}Pinky`) => ({ x: k[n].x * s, y: k[n].y * s });
    const wrist = at(`${side}Wrist`), knuckles = mid(at(`${side}Index`), at(`${side}Pinky`));
    if (dist(wrist, knuckles) < 1) continue;
    const tip = add(wrist, mul(sub(knuckles, wrist), HANDS_FRONT.tipOfKnuckles));
    fillCapsule(zone, wrist, tip, HANDS_FRONT.radiusSw[0] * sw, HANDS_FRONT.radiusSw[1] * sw);
  }
  return zone;
}
