/**
 * Body-part regions derived from keypoints (and clipped by the matte where
 * that matters): torso, upper and lower arms, thighs, shins, neck, head,
 * hands, feet. Sizes are fractions of the shoulder width, the one body
 * measure BlazePose gives reliably on every framing.
 */
import { createMask, type Mask } from './image.js';
import { fillCapsule, fillEllipse, fillPolygon, type Point } from './raster.js';
import type { PersonAnalysis, PoseLandmark } from './person-analysis.js';

/** Keypoint score below which a joint counts as not visible. */
export const VISIBLE_SCORE = 0.5;

export interface BodyFrame {
  shoulderL: Point;
  shoulderR: Point;
  hipL: Point;
  hipR: Point;
  shoulderMid: Point;
  hipMid: Point;
  /** Shoulder keypoint distance, px (full resolution). */
  shoulderWidth: number;
  torsoLength: number;
  /** Unit vector from shoulder mid to hip mid. */
  down: Point;
  /** Unit vector from the person's right shoulder to the left (image left to right). */
  across: Point;
}

export function visible(person: PersonAnalysis, name: PoseLandmark): boolean {
  const k = person.keypoints[name];
  return k.score >= VISIBLE_SCORE && k.x >= 0 && k.y >= 0 && k.x < person.width && k.y < person.height;
}

export function bodyFrame(person: PersonAnalysis): BodyFrame {
  const p = (n: PoseLandmark): Point => ({ x: person.keypoints[n].x, y: person.keypoints[n].y });
  const shoulderL = p('leftShoulder'), shoulderR = p('rightShoulder');
  const hipL = p('leftHip'), hipR = p('rightHip');
  const shoulderMid = mid(shoulderL, shoulderR);
  const hipMid = mid(hipL, hipR);
  const shoulderWidth = dist(shoulderL, shoulderR);
  const torsoLength = Math.max(dist(shoulderMid, hipMid), shoulderWidth * 0.8);
  const down = norm(sub(hipMid, shoulderMid));
  const across = norm(sub(shoulderL, shoulderR));
  return { shoulderL, shoulderR, hipL, hipR, shoulderMid, hipMid, shoulderWidth, torsoLength, down, across };
}

export const mid = (a: Point, b: Point): Point => ({ x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 });
export const sub = (a: Point, b: Point): Point => ({ x: a.x - b.x, y: a.y - b.y });
export const add = (a: Point, b: Point): Point => ({ x: a.x + b.x, y: a.y + b.y });
export const mul = (a: Point, s: number): Point => ({ x: a.x * s, y: a.y * s });
export const dist = (a: Point, b: Point): number => Math.hypot(a.x - b.x, a.y - b.y);
export function norm(a: Point): Point {
  const l = Math.hypot(a.x, a.y) || 1;
  return { x: a.x / l, y: a.y / l };
}
export const lerp = (a: Point, b: Point, t: number): Point => ({ x: a.x + (b.x - a.x) * t, y: a.y + (b.y - a.y) * t });

export interface BodyRegions {
  /** All masks at the analysis size (person.matte's size). */
  torso: Mask;
  arms: Mask;
  /** The arms' own width (no margin): where an arm is in front of the torso. */
  armCore: Mask;
  /** The arm's core below the shoulder (from a quarter down the upper arm). */
  forearmCore: Mask;
  legs: Mask;
  neck: Mask;
  /** The neck's lower two thirds, where a collar sits. */
  collar: Mask;
  head: Mask;
  hands: Mask;
  feet: Mask;
  /** The feet's top, where a trouser cuff may lie on the shoe. */
  cuffs: Mask;
  /** Generous zones where an old garment may be: clipped to the matte. */
  upperZone: Mask;
  lowerZone: Mask;
  /** Thigh-up photos: where a skirt may flare beyond the lower zone (only what does not look like the top). */
  lowerFlare: Mask;
  /** Body shape underneath clothes (skin where uncovered). */
  bodyShape: Mask;
}

function scaled(p: Point, s: number): Point {
  return { x: p.x * s, y: p.y * s };
}

export function bodyRegions(person: PersonAnalysis, frame: BodyFrame): BodyRegions {
  const { width, height } = person.matte;
  const s = person.scale;
  const k = (n: PoseLandmark) => scaled(person.keypoints[n], s);
  const sw = frame.shoulderWidth * s;
  const tl = frame.torsoLength * s;
  const down = frame.down, across = frame.across;
  const m = () => createMask(width, height);
  const torso = m(), arms = m(), armCore = m(), forearmCore = m(), legs = m(), neck = m(), collar = m(), head = m(), hands = m(), feet = m(), cuffs = m();
  const upperZone = m(), lowerZone = m(), bodyShape = m();

  const sL = k('leftShoulder'), sR = k('rightShoulder'), hL = k('leftHip'), hR = k('rightHip');
  const at = (p: Point, a: number, d: number): Point => ({ x: p.x + across.x * a + down.x * d, y: p.y + across.y * a + down.y * d });
  // torso: shoulders to hips, hips widened (the hip joints sit inside the body)
  fillPolygon(torso, [at(sR, -0.05 * sw, -0.05 * sw), at(sL, 0.05 * sw, -0.05 * sw), at(hL, 0.18 * sw, 0), at(hR, -0.18 * sw, 0)]);
  fillPolygon(bodyShape, [at(sR, 0.02 * sw, -0.02 * sw), at(sL, -0.02 * sw, -0.02 * sw), at(sL, -0.08 * sw, 0.35 * tl), at(hL, 0.16 * sw, 0), at(hR, -0.16 * sw, 0), at(sR, 0.08 * sw, 0.35 * tl)]);
  // upper zone: shoulder tops to a little below the hips, wide enough for loose tops
  fillPolygon(upperZone, [at(sR, -0.3 * sw, -0.2 * sw), at(sL, 0.3 * sw, -0.2 * sw), at(hL, 0.45 * sw, 0.3 * tl), at(hR, -0.45 * sw, 0.3 * tl)]);
  for (const side of ['left', 'right'] as const) {
    const sh = k(`${side}Shoulder`), el = k(`${side}Elbow`), wr = k(`${side}Wrist`);
    const idx = k(`${side}Index`), pk = k(`${side}Pinky`);
    fillCapsule(arms, sh, el, 0.14 * sw, 0.11 * sw);
    fillCapsule(arms, el, wr, 0.11 * sw, 0.08 * sw);
    fillCapsule(armCore, sh, el, 0.09 * sw, 0.075 * sw);
    fillCapsule(armCore, el, wr, 0.075 * sw, 0.06 * sw);
    fillCapsule(forearmCore, lerp(sh, el, 0.3), el, 0.08 * sw, 0.075 * sw);
    fillCapsule(forearmCore, el, wr, 0.075 * sw, 0.06 * sw);
    fillCapsule(bodyShape, sh, el, 0.11 * sw, 0.085 * sw);
    fillCapsule(bodyShape, el, wr, 0.085 * sw, 0.065 * sw);
    fillCapsule(upperZone, sh, el, 0.36 * sw, 0.34 * sw);
    fillCapsule(upperZone, el, wr, 0.34 * sw, 0.26 * sw);
    if (person.keypoints[`${side}Wrist`].score >= VISIBLE_SCORE) {
      const tip = add(wr, mul(sub(mid(idx, pk), wr), 1.5));
      const hr = Math.max(0.07 * sw, dist(idx, pk) * 0.8);
      fillCapsule(hands, wr, tip, hr * 0.9, hr);
    }
    const hip = k(`${side}Hip`), kn = k(`${side}Knee`), an = k(`${side}Ankle`);
    const heel = k(`${side}Heel`), foot = k(`${side}Foot`);
    fillCapsule(legs, hip, kn, 0.3 * sw, 0.2 * sw);
    fillCapsule(legs, kn, an, 0.2 * sw, 0.15 * sw);
    fillCapsule(bodyShape, hip, kn, 0.24 * sw, 0.15 * sw);
    fillCapsule(bodyShape, kn, an, 0.15 * sw, 0.1 * sw);
    fillCapsule(lowerZone, hip, kn, 0.45 * sw, 0.4 * sw);
    fillCapsule(lowerZone, kn, an, 0.4 * sw, 0.35 * sw);
    // (the knee too: on thigh-up photos BlazePose guessed ankles inside the
    // frame at 0.5+ while the knees scored below it, and the "shoes" kept
    // model_4's skirt hem)
    if (person.keypoints[`${side}Ankle`].score >= VISIBLE_SCORE && person.keypoints[`${side}Knee`].score >= VISIBLE_SCORE) {
      // shoes: from the ankle joint down past the toe and heel (a trouser cuff above it is clothing)
      const c = mid(heel, foot);
      fillCapsule(feet, at(an, 0, 0.02 * sw), c, 0.1 * sw, 0.13 * sw);
      fillCapsule(feet, heel, foot, 0.11 * sw, 0.11 * sw);
      // the capsule's top, above 60 % of the way from the ankle joint to the
      // foot's centre: where a trouser cuff stacks on the shoe (051962_0's
      // ankle points sat on the jeans' cuffs, 0.2 sw above the shoes)
      const shoeTop = an.y + (c.y - an.y) * 0.6;
      const x0 = Math.max(0, Math.floor(an.x - 0.25 * sw)), x1 = Math.min(width - 1, Math.ceil(an.x + 0.25 * sw));
      for (let y = Math.max(0, Math.floor(an.y - 0.2 * sw)); y < Math.min(height, shoeTop); y++) {
        for (let x = x0; x <= x1; x++) if (feet.data[y * width + x]! >= 0.5) cuffs.data[y * width + x] = 1;
      }
    }
  }
  // lower zone from the waist (a third of the torso above the hips) down
  // and, without knees in the frame (thigh-up photos), a flare below the hips to
  // the frame's bottom, outside the arms: a skirt flares past the thighs' capsules,
  // which follow guessed knees (model_4's white skirt stayed at both sides; its hip
  // joints sat at the navel)
  fillPolygon(lowerZone, [at(hR, -0.5 * sw, -0.35 * tl), at(hL, 0.5 * sw, -0.35 * tl), at(hL, 0.5 * sw, 0.1 * tl), at(hR, -0.5 * sw, 0.1 * tl)]);
  const kneesSeen = person.keypoints.leftKnee.score >= VISIBLE_SCORE || person.keypoints.rightKnee.score >= VISIBLE_SCORE;
  const lowerFlare = m();
  if (!kneesSeen) {
    fillPolygon(lowerFlare, [at(hR, -0.5 * sw, 0), at(hL, 0.5 * sw, 0), at(hL, 0.6 * sw, 2 * tl), at(hR, -0.6 * sw, 2 * tl)]);
    for (let i = 0; i < lowerFlare.data.length; i++) if (arms.data[i]! >= 0.5 || lowerZone.data[i]! >= 0.5) lowerFlare.data[i] = 0;
  }
  fillPolygon(bodyShape, [at(hR, -0.18 * sw, -0.35 * tl), at(hL, 0.18 * sw, -0.35 * tl), at(hL, 0.2 * sw, 0.1 * tl), at(hR, -0.2 * sw, 0.1 * tl)]);

  // head: face ellipse from eyes/ears/mouth plus hair above; neck between chin and shoulder line
  const ears = [k('leftEar'), k('rightEar')];
  const nose = k('nose');
  const headW = Math.max(dist(ears[0]!, ears[1]!) * 1.35, 0.35 * sw);
  const headC = { x: (ears[0]!.x + ears[1]!.x + nose.x) / 3, y: (ears[0]!.y + ears[1]!.y + nose.y) / 3 };
  fillEllipse(head, { x: headC.x, y: headC.y - headW * 0.15 }, headW * 0.62, headW * 0.95);
  const shoulderMid = mid(sL, sR);
  const chin = at(mid(k('leftMouth'), k('rightMouth')), 0, 0.12 * sw);
  // the head ends at the chin: below it a collar is clothing (a V-neck stayed white on 049205_0)
  for (let y = Math.max(0, Math.ceil(chin.y)); y < height; y++) head.data.fill(0, y * width, (y + 1) * width);
  // the neck proper: narrower than the trapezius, so a neckline is only cut where the neck is
  fillPolygon(neck, [at(chin, -0.14 * sw, 0), at(chin, 0.14 * sw, 0), at(shoulderMid, 0.16 * sw, -0.02 * sw), at(shoulderMid, -0.16 * sw, -0.02 * sw)]);
  // The upper zone reaches up the neck to the chin: a crew neck's collar and
  // shoulder band sit above 0.2 sw over the joints (051962_0's stayed, cut flat).
  fillPolygon(upperZone, [at(chin, -0.2 * sw, 0), at(chin, 0.2 * sw, 0), at(sL, 0.3 * sw, -0.2 * sw), at(sR, -0.3 * sw, -0.2 * sw)]);
  // The neck's lower two thirds: anything there that is neither skin nor hair is a collar.
  const neckMid = lerp(chin, shoulderMid, 0.35);
  fillPolygon(collar, [at(neckMid, -0.16 * sw, 0), at(neckMid, 0.16 * sw, 0), at(shoulderMid, 0.2 * sw, 0.02 * sw), at(shoulderMid, -0.2 * sw, 0.02 * sw)]);
  fillPolygon(bodyShape, [at(chin, -0.16 * sw, 0), at(chin, 0.16 * sw, 0), at(shoulderMid, 0.2 * sw, 0.05 * sw), at(shoulderMid, -0.2 * sw, 0.05 * sw)]);

  // Under the clothes the body fills the matte within these zones: the arms'
  // zone is the sleeve silhouette, so an old long sleeve becomes a whole arm.
  // (Its capsules alone missed 01861_00's forearm: BlazePose put the elbow
  // inside the sleeve's edge.)
  // (and the hands: BlazePose's wrist often sits short of the real one, and a
  // long sleeve's end past it was filled with background, 01861_00)
  for (let i = 0; i < bodyShape.data.length; i++) bodyShape.data[i] = Math.max(bodyShape.data[i]!, arms.data[i]!, hands.data[i]!);
  // Shoulders: from the neck's base down the trapezius over rounded deltoids.
  // A box at 0.12 sw above the joints cut the old top's shoulders off flat and
  // filled above it with background (model_5's tank top); the matte clips this
  // generous outline to the real silhouette.
  fillPolygon(bodyShape, [
    at(sR, -0.14 * sw, 0.05 * sw),
    at(sR, -0.1 * sw, -0.12 * sw),
    at(sR, 0.08 * sw, -0.22 * sw),
    at(shoulderMid, -0.18 * sw, -0.34 * sw),
    at(shoulderMid, 0.18 * sw, -0.34 * sw),
    at(sL, -0.08 * sw, -0.22 * sw),
    at(sL, 0.1 * sw, -0.12 * sw),
    at(sL, 0.14 * sw, 0.05 * sw),
    at(sL, 0.04 * sw, 0.3 * tl),
    at(sR, -0.04 * sw, 0.3 * tl),
  ]);
  fillEllipse(bodyShape, sR, 0.15 * sw, 0.14 * sw);
  fillEllipse(bodyShape, sL, 0.15 * sw, 0.14 * sw);
  for (let i = 0; i < bodyShape.data.length; i++) bodyShape.data[i] = Math.min(bodyShape.data[i]!, person.matte.data[i]! >= 0.5 ? 1 : 0);
  for (const zone of [upperZone, lowerZone, lowerFlare, arms, legs, hands, feet, cuffs, head, collar]) {
    for (let i = 0; i < zone.data.length; i++) zone.data[i] = Math.min(zone.data[i]!, person.matte.data[i]! >= 0.5 ? 1 : 0);
  }
  return { torso, arms, armCore, forearmCore, legs, neck, collar, head, hands, feet, cuffs, upperZone, lowerZone, lowerFlare, bodyShape };
}

/**
 * The torso's visible extent (full-resolution px) at a given depth below the
 * shoulders (0 = shoulder line, 1 = hip line): how far the person matte runs
 * left and right of the body's centre line, with `breaks` (the arms' core and
 * the hands) ending the run so arms hanging against the body, or a hand in a
 * pocket, do not count. Null where nothing is measured.
 */
export function torsoExtentAt(person: PersonAnalysis, frame: BodyFrame, breaks: Mask, depth: number): { left: number; right: number } | null {
  const s = person.scale;
  const m = person.matte;
  const c = lerp(frame.shoulderMid, frame.hipMid, depth);
  const y = Math.round(c.y * s);
  const cx = Math.round(c.x * s);
  if (y < 0 || y >= m.height || cx < 0 || cx >= m.width) return null;
  const on = (x: number) => m.data[y * m.width + x]! >= 0.5 && breaks.data[y * m.width + x]! < 0.5;
  if (!on(cx)) return null;
  let a = cx, b = cx;
  while (a > 0 && on(a - 1)) a--;
  while (b < m.width - 1 && on(b + 1)) b++;
  // image left is the person's right: frame.across points to the person's left
  const toLeft = frame.across.x >= 0;
  const lo = (cx - a + 0.5) / s, hi = (b - cx + 0.5) / s;
  return toLeft ? { left: hi, right: lo } : { left: lo, right: hi };
}

/**
 * Half the upper arm's width (full px): from its axis outwards, away from the
 * body, to the matte's edge, at four points between shoulder and elbow; the
 * median, clamped to 0.05–0.2 shoulder widths. Outwards because inwards the
 * arm often lies against the torso. Null when the elbow is not seen.
 */
export function armHalfWidth(person: PersonAnalysis, frame: BodyFrame, side: 'left' | 'right'): number | null {
  if (!visible(person, `${side}Elbow`)) return null;
  const sh = side === 'left' ? frame.shoulderL : frame.shoulderR;
  const el = person.keypoints[`${side}Elbow`];
  const axis = norm(sub(el, sh));
  let out = { x: -axis.y, y: axis.x };
  // outwards: away from the body's centre line
  if (out.x * (sh.x - frame.shoulderMid.x) + out.y * (sh.y - frame.shoulderMid.y) < 0) out = { x: -out.x, y: -out.y };
  const s = person.scale, m = person.matte;
  const sw = frame.shoulderWidth;
  const found: number[] = [];
  for (const t of [0.3, 0.45, 0.6, 0.75]) {
    const c = lerp(sh, el, t);
    let r = 0;
    while (r < sw * 0.3) {
      const x = Math.round((c.x + out.x * r) * s), y = Math.round((c.y + out.y * r) * s);
      if (x < 0 || y < 0 || x >= m.width || y >= m.height || m.data[y * m.width + x]! < 0.5) break;
      r += 1 / s;
    }
    if (r > 0 && r < sw * 0.3) found.push(r);
  }
  if (found.length < 2) return null;
  found.sort((a, b) => a - b);
  return Math.max(sw * 0.05, Math.min(sw * 0.2, found[found.length >> 1]!));
}

/** First row (full px) of column x in y0..y1 that is the person and in none of `excluded` (hair, head); null if none. */
export function silhouetteTopAt(person: PersonAnalysis, x: number, y0: number, y1: number, ...excluded: Mask[]): number | null {
  const s = person.scale;
  const m = person.matte;
  const xi = Math.round(x * s);
  if (xi < 0 || xi >= m.width) return null;
  for (let y = Math.max(0, Math.round(y0 * s)); y <= Math.min(m.height - 1, Math.round(y1 * s)); y++) {
    const i = y * m.width + xi;
    if (m.data[i]! >= 0.5 && excluded.every((e) => e.data[i]! < 0.5)) return y / s;
  }
  return null;
}
