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

/**
 * How far past the pose's hand a kept hand's skin may run (pass-masks.ts
 * handGrown): the pose's wrist and knuckle points sit off the real hand by a
 * few pixels, a curled or spread hand reaches past the zone's tip or side,
 * and those fingers were drawn over by the new garment, a hand cut short.
 */
export const HAND_REACH = {
  /** The bound's tip, wrist-to-knuckle-points distances from the wrist: HANDS_FRONT's 2.1 plus a quarter, for the pose's points sitting short of the fingers' middle joints. */
  tipOfKnuckles: 2.6,
  /** Its radius at the wrist and at the tip, shoulder widths: HANDS_FRONT's 0.1–0.13 plus 0.04, a hand with the thumb out (up to ~0.3 sw wide) off the pose's line. */
  radiusSw: [0.14, 0.17],
} as const;

/** The hands' zone (analysis size, hard 0/1) for each hand whose wrist is seen: wrist → fingertips (`frame`: its shoulder width, full px). */
export function handsFrontZone(person: PersonAnalysis, frame: Pick<BodyFrame, 'shoulderWidth'>): Mask {
  return handCapsules(person, frame, HANDS_FRONT);
}

/** The bound a kept hand's skin may grow in (HAND_REACH; analysis size, hard 0/1), for each hand whose wrist is seen. */
export function handsReachZone(person: PersonAnalysis, frame: Pick<BodyFrame, 'shoulderWidth'>): Mask {
  return handCapsules(person, frame, HAND_REACH);
}

/** A capsule per seen hand from the wrist to `tipOfKnuckles` wrist-to-knuckle distances, `radiusSw` at its ends (shoulder widths). */
function handCapsules(person: PersonAnalysis, frame: Pick<BodyFrame, 'shoulderWidth'>, shape: { tipOfKnuckles: number; radiusSw: readonly [number, number] }): Mask {
  const { matte, scale: s } = person;
  const zone = createMask(matte.width, matte.height);
  const sw = frame.shoulderWidth * s;
  const k = person.keypoints;
  for (const side of ['left', 'right'] as const) {
    if (k[`${side}Wrist`].score < VISIBLE_SCORE) continue;
    const at = (n: `${typeof side}Wrist` | `${typeof side}Index` | `${typeof side}Pinky`) => ({ x: k[n].x * s, y: k[n].y * s });
    const wrist = at(`${side}Wrist`), knuckles = mid(at(`${side}Index`), at(`${side}Pinky`));
    if (dist(wrist, knuckles) < 1) continue;
    const tip = add(wrist, mul(sub(knuckles, wrist), shape.tipOfKnuckles));
    fillCapsule(zone, wrist, tip, shape.radiusSw[0] * sw, shape.radiusSw[1] * sw);
  }
  return zone;
}

/**
 * A hand in a pocket (of trousers, shorts, a dress): its wrist point lies at the pocket's edge or
 * inside it, the hand hidden, and only the wrist above the pocket shows. The
 * hands' zone from the wrist point holds no skin there, nothing was kept, and
 * the wrist was painted out where it met the waistband (the forearm fading
 * into a notch at the hip). Such a hand's zone is begun up its forearm.
 */
export const HAND_IN_POCKET = {
  /**
   * A hand whose zone (handsFrontZone) keeps less skin than this, shoulder widths², is hidden: a hand in a
   * pocket showing only its wrist keeps none, a whole hand's skin measures 0.04–0.15 sw² (verdict-hands.ts).
   */
  hiddenSw2: 0.004,
  /** The zone up the forearm: from this many wrist-to-knuckle-points distances before the wrist to the wrist (a hand is ~1 such distance from wrist to knuckles). */
  backOfKnuckles: 0.5,
} as const;

/**
 * The wrists of the hidden hands (HAND_IN_POCKET; analysis size, hard 0/1): for each seen hand whose
 * zone keeps less than `hiddenSw2` of `kept` (the hands kept from the hands' zone), a capsule from
 * `backOfKnuckles` before the wrist to the wrist, the zone's radius at the wrist; null when no hand is hidden.
 */
export function hiddenHandWrists(person: PersonAnalysis, frame: Pick<BodyFrame, 'shoulderWidth'>, kept: Mask): Mask | null {
  const { matte, scale: s } = person;
  const sw = frame.shoulderWidth * s;
  const out = createMask(matte.width, matte.height);
  const k = person.keypoints;
  let any = false;
  for (const side of ['left', 'right'] as const) {
    if (k[`${side}Wrist`].score < VISIBLE_SCORE) continue;
    const at = (n: `${typeof side}Wrist` | `${typeof side}Index` | `${typeof side}Pinky`) => ({ x: k[n].x * s, y: k[n].y * s });
    const wrist = at(`${side}Wrist`), knuckles = mid(at(`${side}Index`), at(`${side}Pinky`));
    if (dist(wrist, knuckles) < 1) continue;
    const zone = createMask(matte.width, matte.height);
    const box = fillCapsule(zone, wrist, add(wrist, mul(sub(knuckles, wrist), HANDS_FRONT.tipOfKnuckles)), HANDS_FRONT.radiusSw[0] * sw, HANDS_FRONT.radiusSw[1] * sw);
    let n = 0;
    for (let y = box.y0; y <= box.y1; y++) for (let i = y * zone.width + box.x0; i <= y * zone.width + box.x1; i++) if (zone.data[i]! >= 0.5 && kept.data[i]! >= 0.5) n++;
    if (n >= HAND_IN_POCKET.hiddenSw2 * sw * sw) continue;
    fillCapsule(out, add(wrist, mul(sub(knuckles, wrist), -HAND_IN_POCKET.backOfKnuckles)), wrist, HANDS_FRONT.radiusSw[0] * sw);
    any = true;
  }
  return any ? out : null;
}

/**
 * The forearms in front of a lower garment: a forearm crossing the hip or
 * resting on it lies in front of the new waistband and legs, and was drawn
 * over from the elbow to the wrist (the hand kept, cut off at the wrist).
 */
export const FOREARM_FRONT = {
  /** The capsule's radius at the elbow and at the wrist, shoulder widths: the arm's own width with a margin (body-regions.ts LIMB_RADII_SW.arm's lower part), for the pose's joints off the arm's middle. */
  radiusSw: [0.11, 0.09],
  /** How far a kept hand's colours are followed up the forearm, shoulder widths (4-connected steps): a forearm is ~0.7 sw long. */
  reachSw: 0.9,
} as const;

/** Capsules elbow → wrist (FOREARM_FRONT; analysis size, hard 0/1) for each arm whose elbow and wrist are seen. */
export function forearmsFrontZone(person: PersonAnalysis, frame: Pick<BodyFrame, 'shoulderWidth'>): Mask {
  const { matte, scale: s } = person;
  const zone = createMask(matte.width, matte.height);
  const sw = frame.shoulderWidth * s;
  const k = person.keypoints;
  for (const side of ['left', 'right'] as const) {
    const elbow = k[`${side}Elbow`], wrist = k[`${side}Wrist`];
    if (elbow.score < VISIBLE_SCORE || wrist.score < VISIBLE_SCORE) continue;
    fillCapsule(zone, { x: elbow.x * s, y: elbow.y * s }, { x: wrist.x * s, y: wrist.y * s }, FOREARM_FRONT.radiusSw[0] * sw, FOREARM_FRONT.radiusSw[1] * sw);
  }
  return zone;
}
