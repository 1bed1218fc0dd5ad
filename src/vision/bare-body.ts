/**
 * The bare body where a removed garment leaves skin to be made (a sleeveless
 * dress over what was a long-sleeved top): the arms as tapered capsules along
 * the pose's bones with a real arm's widths, the shoulders as the deltoid's
 * round cap and the trapezius' slope to the neck. The old garment's outline is
 * wider than that (a sleeve stands off the arm, a tee's seam squares the
 * shoulder): filled up to it, the skin read as one flat, sleeve-shaped block.
 * The arm also gets a limb's shading across its width (lit middle, darker
 * edges, brighter on the side the photo's light comes from), so it reads as
 * a limb.
 */
import { createMask, type Mask } from './image.js';
import { fillCapsule, fillEllipse, fillPolygon, type Point } from './raster.js';
import type { Box } from './skin-texture.js';
import { hypot2 } from './hypot.js';
import { median } from './robust-stats.js';

/**
 * A bare arm's radius (half its width across the bone), shoulder widths.
 * Bare arms of the tune half's persons, measured across their bones on the
 * skin parse (median, p25–p75 of the widths): upper arm 0.21–0.23
 * (0.15–0.27), at the elbow 0.23, forearm 0.23 near the elbow, 0.21 at its
 * middle, 0.16 near the wrist, wrist 0.15. A loose sleeve's outline stands
 * 0.1 sw or more beyond.
 */
export const BARE_ARM_SW = {
  shoulder: 0.11,
  elbow: 0.115,
  /** The forearm's muscles: widest this share of the way from the elbow, at this radius. */
  forearmWidestAt: 0.3,
  forearmWidest: 0.112,
  wrist: 0.077,
} as const;

/**
 * The bare shoulder's outline, shoulder widths. Bare shoulders of the tune
 * half's persons, the silhouette's top above the shoulder joints' line
 * (p25–median): 0.16–0.18 over the joint, 0.1–0.16 at 0.05 sw outside it,
 * 0.09–0.13 at 0.1 sw, 0–0.09 at 0.15 sw; 0.22–0.26 at 0.2 sw from the
 * shoulders' midpoint (the neck's base).
 */
export const BARE_SHOULDER_SW = {
  /** The deltoid's cap: a circle round the shoulder joint. */
  deltoidRadius: 0.16,
  /** Where the trapezius meets the neck: across from the shoulders' midpoint, and above their line. */
  neckBaseAcross: 0.2,
  neckBaseAbove: 0.24,
  /** How far down the torso (torso lengths) the shoulders' outline reaches: the trunk's own shape takes over below. */
  downTl: 0.3,
  /**
   * Where the deltoid has narrowed to the upper arm's width, as a share of
   * the way from the shoulder joint to the elbow: its cap tapers there (a
   * round deltoid into the arm) when the elbow is known. A whole circle
   * stood 0.05 sw out from the arm hanging below it, and the shoulder read
   * as a square pad above a board.
   */
  deltoidTaperAlong: 0.35,
} as const;

/**
 * The shading across a bare arm: 1 − edgeDarkening × |u|^profileExponent +
 * tilt × u at the signed position u across it (−1..1, + towards the image's
 * right). Bare arms of the tune half's persons, their darker side against
 * their lit middle (median): 0.89 at 0.4 of the radius, 0.82 at 0.6, 0.72
 * at 0.8 — a power of 1.3, not a cylinder's cosine (flat across the middle);
 * the two sides differ by 0.14 at ±0.6 (median, p75 0.26): the light's side.
 * The tilt is the face's: lightGain × the relative luma difference of its
 * halves, at most maxTilt.
 */
export const ARM_SHADING = {
  edgeDarkening: 0.3,
  profileExponent: 1.3,
  maxTilt: 0.2,
  lightGain: 0.8,
  /**
   * Share of the upper arm, from the shoulder joint, over which its shading
   * fades in: the deltoid's cap is the shoulder's round, not a tube's end.
   * Shaded to its end, the capsule's round cap with its dark edge and crease
   * drew a dark arc across the top of a bare shoulder.
   */
  fromShoulder: 0.3,
} as const;

/** A limb's shading profile across it (see ARM_SHADING). */
export interface LimbShading {
  edgeDarkening: number;
  profileExponent: number;
}

/**
 * The shading across a bare leg, as ARM_SHADING's profile. A shin is rounder
 * and more lit along its front than an arm hanging at the side: the light of
 * a studio photo falls along the shin bone, its sides turn away. With the
 * arm's profile the painted legs read as flat planks with a dark outline; a
 * square profile keeps a lit band along the bone, darkens the sides further.
 */
export const LEG_SHADING: LimbShading = {
  edgeDarkening: 0.4,
  profileExponent: 2,
};

/**
 * The soft edge of a painted bare limb, analysis px: its coverage falls from
 * 1 to 0 over this width across its outline. A hard capsule raster, drawn at
 * two or three times the analysis size, showed its pixel steps along a limb's
 * long straight sides as a jagged outline; a real limb's edge is a px or two soft.
 */
export const LIMB_EDGE = {
  rampPx: 1.5,
  /**
   * How far past its outline a limb's shading carries its edge's shade. The
   * skin fill is shaded at half the analysis size and drawn through bilinear
   * upsampling: with the shading back at 1 right outside the outline, the
   * half-size cells straddling it mixed the dark edge with unshaded skin, and
   * the limb's soft edge showed that grid as a stepped, lighter outline.
   */
  shadePadPx: 3,
} as const;

/**
 * The crease where a bare limb lies against the body beside it: a thin line
 * darker than the limb's edge, just outside its outline. The limb's edge and
 * the trunk's fill beside it were of one shade, and the arm merged with the
 * torso into one wide slab; a real arm against the side shades the skin it
 * touches. It starts past the outline's soft edge (LIMB_EDGE.rampPx / 2):
 * where the limb meets the background it stays outside the drawn skin, no
 * dark outline.
 */
export const LIMB_CREASE = {
  /** Its width past the soft edge, analysis px (within LIMB_EDGE.shadePadPx). */
  widthPx: 2,
  /** How much darker than the limb's edge, at its middle. */
  depth: 0.18,
} as const;

/**
 * A bare leg's radius (half its width across the bone), shoulder widths.
 * Bare legs of the tune half's persons, measured across their bones on the
 * skin parse (median, p25–p75 of the half-widths): thigh 0.26–0.28 at 0.4–0.6
 * of the way from the hip joint, 0.22 (0.19–0.22) at 0.8, at the knee 0.16
 * (0.14–0.19); the calf 0.17 (0.15–0.19) at 0.2–0.4 of the way to the ankle,
 * 0.15 at 0.6, 0.12 at 0.8, the ankle 0.11 (0.1–0.12). A skirt's or loose
 * trousers' outline stands far beyond (the lower zone is 0.45 sw); filled up
 * to it, the skin read as a flat, skirt-shaped block.
 */
export const BARE_LEG_SW = {
  hip: 0.26,
  /**
   * The thigh: widest this share of the way from the hip joint, at this
   * radius, and still this wide (lowThigh) at lowThighAt, narrowing into the
   * knee only over its last fifth. Tapered straight from the hip to the knee
   * (0.18 at 0.8), a made thigh was a cone meeting the knee at a sharp
   * corner, and the leg read as a stiff tube.
   */
  thighWidestAt: 0.5,
  thighWidest: 0.27,
  lowThighAt: 0.8,
  lowThigh: 0.22,
  knee: 0.16,
  /** The calf: widest this share of the way from the knee, at this radius. */
  calfWidestAt: 0.3,
  calfWidest: 0.17,
  ankle: 0.1,
  /**
   * How far the leg runs on past the ankle joint (into the shoe, which stays
   * in front: feet-front.ts): ended at the joint, its round end left a notch
   * of background between the leg and the shoe.
   */
  pastAnkle: 0.12,
} as const;

/** One tapered piece of a bare arm: from `a` (radius `ra`) to `b` (radius `rb`), analysis px. */
export interface ArmSegment {
  a: Point;
  b: Point;
  ra: number;
  rb: number;
  /** Its shading profile across it: ARM_SHADING's when absent. */
  shading?: LimbShading;
  /**
   * It runs on into the body at `a` (an upper arm at the shoulder joint): no
   * limb shading past `a`, and it fades in along its first ARM_SHADING.fromShoulder.
   */
  fromBody?: boolean;
  /** A leg's piece: its ends' positions along the leg (legAlongShade: −1 the hip, 0 the knee, 1 the ankle); its light changes along it. */
  legAlong?: readonly [number, number];
}

const lerpPt = (a: Point, b: Point, t: number): Point => ({ x: a.x + (b.x - a.x) * t, y: a.y + (b.y - a.y) * t });

/** A bare arm's three tapered pieces along shoulder → elbow → wrist (analysis px), `swPx` the shoulder width there. */
export function bareArmSegments(shoulder: Point, elbow: Point, wrist: Point, swPx: number): ArmSegment[] {
  const A = BARE_ARM_SW;
  const widest = lerpPt(elbow, wrist, A.forearmWidestAt);
  return [
    { a: shoulder, b: elbow, ra: A.shoulder * swPx, rb: A.elbow * swPx, fromBody: true },
    { a: elbow, b: widest, ra: A.elbow * swPx, rb: A.forearmWidest * swPx },
    { a: widest, b: wrist, ra: A.forearmWidest * swPx, rb: A.wrist * swPx },
  ];
}

/**
 * A bare leg's tapered pieces along hip → thigh → knee → calf → ankle and on past the ankle
 * (BARE_LEG_SW.pastAnkle, in the shin's direction), analysis px; `swPx` the
 * shoulder width there. The same pieces as an arm's: armFormShading shades them.
 */
export function bareLegSegments(hip: Point, knee: Point, ankle: Point, swPx: number): ArmSegment[] {
  const L = BARE_LEG_SW;
  const calf = lerpPt(knee, ankle, L.calfWidestAt);
  const thigh = lerpPt(hip, knee, L.thighWidestAt), lowThigh = lerpPt(hip, knee, L.lowThighAt);
  const shin = Math.hypot(ankle.x - knee.x, ankle.y - knee.y) || 1;
  const past = { x: ankle.x + ((ankle.x - knee.x) / shin) * L.pastAnkle * swPx, y: ankle.y + ((ankle.y - knee.y) / shin) * L.pastAnkle * swPx };
  const shading = LEG_SHADING;
  return [
    { a: hip, b: thigh, ra: L.hip * swPx, rb: L.thighWidest * swPx, shading, legAlong: [-1, L.thighWidestAt - 1] },
    { a: thigh, b: lowThigh, ra: L.thighWidest * swPx, rb: L.lowThigh * swPx, shading, legAlong: [L.thighWidestAt - 1, L.lowThighAt - 1] },
    { a: lowThigh, b: knee, ra: L.lowThigh * swPx, rb: L.knee * swPx, shading, legAlong: [L.lowThighAt - 1, 0] },
    { a: knee, b: calf, ra: L.knee * swPx, rb: L.calfWidest * swPx, shading, legAlong: [0, L.calfWidestAt] },
    { a: calf, b: ankle, ra: L.calfWidest * swPx, rb: L.ankle * swPx, shading, legAlong: [L.calfWidestAt, 1] },
    { a: ankle, b: past, ra: L.ankle * swPx, rb: L.ankle * swPx, shading, legAlong: [1, 1] },
  ];
}

/**
 * The light along a bare leg, as factors of the made skin's lit tone. Bare
 * legs of the tune half's persons, their middle's luma against the lit arms'
 * (the arms' middle, which the made skin's lit tone follows): 0.75–0.92 on
 * the shins (the key light falls on the torso; the legs lie lower and further
 * from it). Along a shin: the kneecap 10–20 % lighter than the thigh's end
 * above it, a band 0.1–0.25 of the shin below the knee 10–20 % darker (the
 * hollow under the kneecap), the shin's middle lit again, 3–8 % darker again
 * at the ankle. Made at the lit tone alone, with no change along them, the
 * legs read as flat even tubes, lighter than the person's own arms and than
 * the real shin they run into below an old hem.
 */
export const LEG_ALONG = {
  /** The leg's light against the lit tone, over its whole length. */
  tone: 0.9,
  /** The kneecap's lift, and its reach either way along the leg (thigh or shin lengths). */
  kneeLight: 0.06,
  kneeReach: 0.1,
  /** The hollow below the kneecap: its middle (shin lengths below the knee), depth and reach either way. */
  belowKneeAt: 0.17,
  belowKneeDepth: 0.1,
  belowKneeReach: 0.1,
  /** How much darker the ankle is than the knee, the shin darkening evenly between. */
  ankleShade: 0.06,
} as const;

/** A smooth bump of height 1 at `c`, falling to 0 at `reach` either side: (1 − ((s − c) / reach)²)². */
function bump(s: number, c: number, reach: number): number {
  const u = (s - c) / reach;
  return u * u >= 1 ? 0 : (1 - u * u) ** 2;
}

/**
 * The light at position `s` along a bare leg (−1 the hip, 0 the knee, 1 the
 * ankle; each bone's own length), LEG_ALONG: the tone, the kneecap's lift and
 * the hollow below it, the shin darkening towards the ankle (and on past it
 * as at it).
 */
export function legAlongShade(s: number): number {
  const A = LEG_ALONG;
  const knee = 1 + A.kneeLight * bump(s, 0, A.kneeReach) - A.belowKneeDepth * bump(s, A.belowKneeAt, A.belowKneeReach);
  return A.tone * knee * (1 - A.ankleShade * Math.max(0, Math.min(1, s)));
}

/**
 * Bare legs are as wide as the person's own where they show: legs differ far
 * more between persons than arms (the tune half's knees 0.14–0.19 sw), and a
 * leg drawn at the median width beside a slimmer real shin below an old hem
 * stood out as a wider block with a step.
 */
export const LEG_FIT = {
  /** Where along each piece (share of its length) the visible leg is measured across its bone. */
  probesAlong: [0.25, 0.5, 0.75],
  /** At least this many measures, else the leg keeps BARE_LEG_SW. */
  minProbes: 2,
  /**
   * A measure below this share of the piece's radius is no leg: the light
   * stripes of a check or a print under the old hem pass the skin test a px
   * or two wide, and counted, they narrowed the leg to the scale's floor,
   * thinner than the real ankle it runs into.
   */
  minRatio: 0.4,
  /** The scale's range: two legs touching measure as one, a leg's edge in shadow fails the skin test. */
  minScale: 0.7,
  maxScale: 1.15,
  /**
   * The leg is moved across its bone onto the visible leg's middle (the
   * median offset of the measures within the scale's range), at most this
   * share of the piece's radius there: the pose's knee and ankle sit a few px
   * off the real ones, and a leg painted from them met the real shin below
   * an old hem with a step and a straight, hard edge beside it.
   */
  maxShiftShare: 0.5,
} as const;

/** One measure of the visible leg across a piece's bone: its half-width over the piece's radius, and its middle's offset from the bone (px, along `n`). */
interface LegMeasure {
  ratio: number;
  offset: number;
  n: Point;
  r: number;
}

/** The visible leg measured across each piece's bone at LEG_FIT.probesAlong (`skin`: a visible skin pixel), where a probe lands on it. */
function measureLeg(leg: ArmSegment[], skin: (x: number, y: number) => boolean): LegMeasure[] {
  const out: LegMeasure[] = [];
  for (const s of leg) {
    const len = Math.hypot(s.b.x - s.a.x, s.b.y - s.a.y);
    if (len < 1) continue;
    const n = { x: -(s.b.y - s.a.y) / len, y: (s.b.x - s.a.x) / len };
    for (const t of LEG_FIT.probesAlong) {
      const p = lerpPt(s.a, s.b, t), r = s.ra + (s.rb - s.ra) * t;
      if (!skin(p.x, p.y)) continue;
      let lo = 0, hi = 0;
      while (lo < 2 * r && skin(p.x - n.x * (lo + 1), p.y - n.y * (lo + 1))) lo++;
      while (hi < 2 * r && skin(p.x + n.x * (hi + 1), p.y + n.y * (hi + 1))) hi++;
      out.push({ ratio: (lo + hi + 1) / 2 / r, offset: (hi - lo) / 2, n, r });
    }
  }
  return out;
}


/**
 * One leg's pieces (bareLegSegments) with their radii scaled by the median
 * ratio of the visible leg's half-width (`skin`: a visible skin pixel, analysis
 * px) to the piece's radius, measured across the bone at LEG_FIT.probesAlong
 * (not below LEG_FIT.minRatio), and moved onto the visible leg's middle
 * (LEG_FIT.maxShiftShare); the same pieces when too few probes land on skin.
 */
export function fitLegToSkin(leg: ArmSegment[], skin: (x: number, y: number) => boolean): ArmSegment[] {
  const measures = measureLeg(leg, skin).filter((m) => m.ratio >= LEG_FIT.minRatio);
  if (measures.length < LEG_FIT.minProbes) return leg;
  const k = Math.max(LEG_FIT.minScale, Math.min(LEG_FIT.maxScale, median(measures.map((m) => m.ratio))));
  // (two legs touching measure as one: their middle is no leg's)
  const centred = measures.filter((m) => m.ratio <= LEG_FIT.maxScale);
  let dx = 0, dy = 0;
  if (centred.length >= LEG_FIT.minProbes) {
    const sx = centred.map((m) => clampShift(m) * m.n.x), sy = centred.map((m) => clampShift(m) * m.n.y);
    dx = median(sx);
    dy = median(sy);
  }
  const move = (p: Point): Point => ({ x: p.x + dx, y: p.y + dy });
  return leg.map((s) => ({ ...s, a: move(s.a), b: move(s.b), ra: s.ra * k, rb: s.rb * k }));
}

/** A measure's offset, at most LEG_FIT.maxShiftShare of the piece's radius either way. */
function clampShift(m: LegMeasure): number {
  const cap = LEG_FIT.maxShiftShare * m.r;
  return Math.max(-cap, Math.min(cap, m.offset));
}

/**
 * `joint` moved inwards (against `outward`, a unit vector away from the
 * body) until a capsule of radius `r` round it stays inside the silhouette
 * on its outer side: on a sleeved arm the pose model often puts the elbow on
 * the sleeve's outer edge, and an arm drawn round it stood half outside the
 * person with the torso's fill beside it. Never moved outwards, nor when the
 * joint itself lies off the silhouette (nothing to seat it against).
 */
export function seatInSilhouette(joint: Point, outward: Point, r: number, inside: (x: number, y: number) => boolean): Point {
  if (!inside(joint.x, joint.y)) return joint;
  let d = 0;
  while (d < r && inside(joint.x + outward.x * (d + 1), joint.y + outward.y * (d + 1))) d++;
  if (d >= r) return joint;
  return { x: joint.x - outward.x * (r - d), y: joint.y - outward.y * (r - d) };
}

/**
 * The unit normal of `a → b` pointing away from the body (the side `away`
 * points to: the arm's side of the body, across it); null when the limb runs
 * across the body (|normal · away| below 0.3): its outer side is then no side.
 */
export function outwardNormal(a: Point, b: Point, away: Point): Point | null {
  const len = Math.hypot(b.x - a.x, b.y - a.y);
  if (len < 1e-6) return null;
  let n = { x: -(b.y - a.y) / len, y: (b.x - a.x) / len };
  const dot = n.x * away.x + n.y * away.y;
  if (Math.abs(dot) < 0.3) return null;
  if (dot < 0) n = { x: -n.x, y: -n.y };
  return n;
}

/** The segments' capsules as a mask (width × height). */
export function armSegmentsMask(segments: ArmSegment[], width: number, height: number): Mask {
  const mask = createMask(width, height);
  for (const s of segments) fillCapsule(mask, s.a, s.b, s.ra, s.rb);
  return mask;
}

/** The body's axes at the analysis size: `at(p, a, d)` is p moved `a` px across the body (to its left) and `d` px down it. */
export interface ShoulderFrame {
  shoulderL: Point;
  shoulderR: Point;
  at: (p: Point, a: number, d: number) => Point;
  swPx: number;
  tlPx: number;
  /** The elbows (analysis px), when known: each deltoid tapers into its upper arm (BARE_SHOULDER_SW.deltoidTaperAlong). */
  elbowL?: Point;
  elbowR?: Point;
}

/** A deltoid's outline: a tapered capsule from the joint (radius `ra`) to `b` (radius `rb`); a circle when `b` is the joint. */
interface DeltoidCap {
  a: Point;
  b: Point;
  ra: number;
  rb: number;
}

/** The deltoid round `joint`, tapered towards `elbow` when known (see BARE_SHOULDER_SW.deltoidTaperAlong). */
function deltoidCap(joint: Point, elbow: Point | undefined, swPx: number): DeltoidCap {
  const r = BARE_SHOULDER_SW.deltoidRadius * swPx;
  if (!elbow) return { a: joint, b: joint, ra: r, rb: r };
  const t = BARE_SHOULDER_SW.deltoidTaperAlong;
  const A = BARE_ARM_SW;
  return { a: joint, b: lerpPt(joint, elbow, t), ra: r, rb: (A.shoulder + (A.elbow - A.shoulder) * t) * swPx };
}

/** The bare shoulders' outline: a polygon (the trapezius' slope and the trunk's top) and the deltoids' caps, analysis px. */
function shoulderOutline(f: ShoulderFrame): { polygon: Point[]; caps: DeltoidCap[] } {
  const S = BARE_SHOULDER_SW, sw = f.swPx;
  const { shoulderL: sL, shoulderR: sR } = f;
  const midPt = lerpPt(sL, sR, 0.5);
  const r = S.deltoidRadius * sw;
  const polygon = [
    f.at(sR, 0, -r),
    f.at(midPt, -S.neckBaseAcross * sw, -S.neckBaseAbove * sw),
    f.at(midPt, S.neckBaseAcross * sw, -S.neckBaseAbove * sw),
    f.at(sL, 0, -r),
    f.at(sL, 0, S.downTl * f.tlPx),
    f.at(sR, 0, S.downTl * f.tlPx),
  ];
  return { polygon, caps: [deltoidCap(sR, f.elbowR, sw), deltoidCap(sL, f.elbowL, sw)] };
}

/**
 * The outline drawn `scale` times larger (points and radii scaled), into a new
 * mask (width × height), and the box (that mask's px) holding every pixel drawn.
 * With `rowsOnly`, the mask keeps only the rows down to the box's last: the
 * rasterisers clamp to the frame's last row only where the shape reaches it, so
 * the pixels drawn are the same, without allocating and clearing the rest.
 */
function drawShoulders(f: ShoulderFrame, scale: number, width: number, height: number, rowsOnly = false): { mask: Mask; box: Box | null } {
  const { polygon, caps } = shoulderOutline(f);
  const k = (p: Point): Point => ({ x: p.x * scale, y: p.y * scale });
  const points = polygon.map(k);
  const shapes = caps.map((c) => ({ a: k(c.a), b: k(c.b), ra: c.ra * scale, rb: c.rb * scale, round: c.a === c.b }));
  const box = shapesBox(points, shapes, width, height);
  const mask = createMask(width, rowsOnly && box ? box.y1 + 1 : height);
  if (!box) return { mask, box };
  fillPolygon(mask, points);
  for (const c of shapes) {
    if (c.round) fillEllipse(mask, c.a, c.ra, c.ra);
    else fillCapsule(mask, c.a, c.b, c.ra, c.rb);
  }
  return { mask, box };
}

/** A box (px, within width × height) around a polygon and capsules, 2 px wider than their reach against rounding; null when off the frame. */
function shapesBox(points: Point[], caps: { a: Point; b: Point; ra: number; rb: number }[], width: number, height: number): Box | null {
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  const add = (p: Point, r: number) => {
    x0 = Math.min(x0, p.x - r);
    y0 = Math.min(y0, p.y - r);
    x1 = Math.max(x1, p.x + r);
    y1 = Math.max(y1, p.y + r);
  };
  for (const p of points) add(p, 0);
  for (const c of caps) {
    const r = Math.max(c.ra, c.rb);
    add(c.a, r);
    add(c.b, r);
  }
  const box = { x0: Math.max(0, Math.floor(x0) - 2), y0: Math.max(0, Math.floor(y0) - 2), x1: Math.min(width - 1, Math.ceil(x1) + 2), y1: Math.min(height - 1, Math.ceil(y1) + 2) };
  return box.x0 <= box.x1 && box.y0 <= box.y1 ? box : null;
}

/** Both bare shoulders (deltoid caps and the trapezius' slope up to the neck's base), a new mask. */
export function bareShouldersMask(f: ShoulderFrame, width: number, height: number): Mask {
  return drawShoulders(f, 1, width, height).mask;
}

/**
 * Sub-pixels per analysis px (each way) of the bare shoulders' soft outline.
 * A blur took the hard raster's steps off the long shoulder line, but spread
 * the shoulders' top edge over 5–6 analysis px (twice that at full size),
 * where a real shoulder against the background is a px or two soft: it read
 * as a blurred band along the top.
 */
const SHOULDER_SUPERSAMPLE = 3;

/** bareShouldersMask with each pixel's share covered (SHOULDER_SUPERSAMPLE² sub-pixels), a new mask. */
export function bareShouldersCoverage(f: ShoulderFrame, width: number, height: number): Mask {
  const k = SHOULDER_SUPERSAMPLE;
  // (the k²-size frame was 7 MB to clear and scan at 384×512: drawn down to the outline's last row, summed over its box)
  const { mask: fine, box: b } = drawShoulders(f, k, width * k, height * k, true);
  const mask = createMask(width, height);
  if (!b) return mask;
  const fd = fine.data, md = mask.data;
  for (let y = b.y0; y <= b.y1; y++) {
    for (let x = b.x0; x <= b.x1; x++) {
      const v = fd[y * width * k + x]!, i = Math.floor(y / k) * width + Math.floor(x / k);
      if (v > 0) md[i] = md[i]! + v / (k * k);
    }
  }
  return mask;
}

/**
 * Where the light comes from, as the tilt of a bare arm's shading across it
 * (see ARM_SHADING; + brighter towards the image's right): from the mean
 * luma (`lum`, the plane image.ts luma makes) of the face's skin left and
 * right of `centreX` (analysis px). 0 when either half has no skin.
 * `lum` and `faceSkin` may be a crop of the frame whose first column is the
 * frame's column `x0` (a face's box: a frame's planes were allocated and
 * cleared for it); read in raster order either way, so the sums are the same.
 */
export function lightTilt(lum: ArrayLike<number>, faceSkin: Mask, centreX: number, x0 = 0): number {
  const { width } = faceSkin;
  let sl = 0, nl = 0, sr = 0, nr = 0;
  for (let i = 0; i < faceSkin.data.length; i++) {
    if (faceSkin.data[i]! < 0.5) continue;
    if ((i % width) + x0 < centreX) { sl += lum[i]!; nl++; } else { sr += lum[i]!; nr++; }
  }
  if (nl === 0 || nr === 0) return 0;
  const l = sl / nl, r = sr / nr;
  const tilt = (ARM_SHADING.lightGain * (r - l)) / Math.max(1, (l + r) / 2);
  return Math.max(-ARM_SHADING.maxTilt, Math.min(ARM_SHADING.maxTilt, tilt));
}

/**
 * One row of a segment's capsule (scanCapsule): per pixel x0 + j of row y,
 * its distance `d[j]` from the axis, the radius `r[j]` there, its offset
 * (`ex[j]`, `ey[j]`) from the axis and its position `along[j]` it (0 at `a`,
 * 1 at `b`; unclamped: below 0 past `a`). Doubles in reused arrays, read by
 * the caller's own loop: a callback per pixel with five numbers was called
 * through a shared loop that could not inline it, and boxed every number
 * (most of the parse's and the removal's short-lived garbage).
 */
interface CapsuleRow {
  y: number;
  x0: number;
  x1: number;
  d: Float64Array;
  r: Float64Array;
  ex: Float64Array;
  ey: Float64Array;
  along: Float64Array;
}

/** The reused row of scanCapsule, at least `n` long. */
let capsuleRow: CapsuleRow = { y: 0, x0: 0, x1: -1, d: new Float64Array(0), r: new Float64Array(0), ex: new Float64Array(0), ey: new Float64Array(0), along: new Float64Array(0) };
function capsuleRowOf(n: number): CapsuleRow {
  if (capsuleRow.d.length < n) {
    const a = () => new Float64Array(n);
    capsuleRow = { y: 0, x0: 0, x1: -1, d: a(), r: a(), ex: a(), ey: a(), along: a() };
  }
  return capsuleRow;
}

/**
 * Visits the rows of a segment's capsule (and `pad` px around it): `visitRow`
 * reads each row's pixels in a CapsuleRow (index `y * width + x`), at least
 * those within the capsule's largest radius + `pad` of the axis. A row holds
 * only its span of the capsule (capsuleSpan), not the whole box: beside a
 * slanted arm most of the box lies beyond that reach, where every visitor
 * skips the pixel, and its distance was most of the scan's cost.
 */
function scanCapsule(s: ArmSegment, width: number, height: number, pad: number, visitRow: (row: CapsuleRow) => void): void {
  const dx = s.b.x - s.a.x, dy = s.b.y - s.a.y;
  const len2 = dx * dx + dy * dy || 1e-9;
  const rMax = Math.max(s.ra, s.rb) + pad;
  const x0 = Math.max(0, Math.floor(Math.min(s.a.x, s.b.x) - rMax)), x1 = Math.min(width - 1, Math.ceil(Math.max(s.a.x, s.b.x) + rMax));
  const y0 = Math.max(0, Math.floor(Math.min(s.a.y, s.b.y) - rMax)), y1 = Math.min(height - 1, Math.ceil(Math.max(s.a.y, s.b.y) + rMax));
  // (the segment's numbers in one record of one shape: segments come in several, and the row loop then deoptimised on each new one)
  const axis: CapsuleAxis = { ax: s.a.x, ay: s.a.y, dx, dy, len2, ra: s.ra, rb: s.rb };
  const row = capsuleRowOf(Math.max(0, x1 - x0 + 1));
  for (let y = y0; y <= y1; y++) {
    const span = capsuleSpan(s.a, s.b, rMax, y + 0.5);
    if (!span) continue;
    // (pixel x's centre is x + 0.5; CAPSULE_SPAN_MARGIN_PX more either side against rounding)
    const from = Math.max(x0, Math.floor(span[0] - 0.5) - CAPSULE_SPAN_MARGIN_PX), to = Math.min(x1, Math.ceil(span[1] - 0.5) + CAPSULE_SPAN_MARGIN_PX);
    if (to < from) continue;
    scanCapsuleRow(axis, y, from, to, row);
    visitRow(row);
  }
}

/** Px added to either end of a row's capsule span (capsuleSpan), so floating-point rounding can never leave out a pixel within reach. */
const CAPSULE_SPAN_MARGIN_PX = 2;

/**
 * The x-range where the horizontal line at `cy` lies within `reach` of the
 * segment a–b (the hull of both end discs and the band beside the segment),
 * or null where it passes beyond. Exact up to rounding.
 */
export function capsuleSpan(a: Point, b: Point, reach: number, cy: number): [number, number] | null {
  let lo = Infinity, hi = -Infinity;
  // (both ends by index, not an array made per row; hypot2 for Math.hypot, the same doubles without its allocations)
  for (let k = 0; k < 2; k++) {
    const p = k === 0 ? a : b;
    const h2 = reach * reach - (cy - p.y) * (cy - p.y);
    if (h2 < 0) continue;
    const h = Math.sqrt(h2);
    lo = Math.min(lo, p.x - h);
    hi = Math.max(hi, p.x + h);
  }
  const dx = b.x - a.x, dy = b.y - a.y, len = hypot2(dx, dy);
  // the band: |cross(p − a, u)| ≤ reach and 0 ≤ dot(p − a, u) ≤ len, each linear in x along the line (u the unit axis)
  if (len > 0 && dy !== 0) {
    const ux = dx / len, uy = dy / len, py = cy - a.y;
    // cross = (x − ax)·uy − py·ux, dot = (x − ax)·ux + py·uy
    let bl = a.x + Math.min((-reach + py * ux) / uy, (reach + py * ux) / uy), bh = a.x + Math.max((-reach + py * ux) / uy, (reach + py * ux) / uy);
    if (ux !== 0) {
      const d0 = a.x + (0 - py * uy) / ux, d1 = a.x + (len - py * uy) / ux;
      bl = Math.max(bl, Math.min(d0, d1));
      bh = Math.min(bh, Math.max(d0, d1));
    } else if (py * uy < 0 || py * uy > len) bh = -Infinity;
    if (bl <= bh) {
      lo = Math.min(lo, bl);
      hi = Math.max(hi, bh);
    }
  }
  return lo <= hi ? [lo, hi] : null;
}

interface CapsuleAxis {
  ax: number;
  ay: number;
  dx: number;
  dy: number;
  len2: number;
  ra: number;
  rb: number;
}

/**
 * One row (x0..x1) of scanCapsule into `row`. A function of its own: called
 * per row it is optimised after a few, where inline the few-times-called scan
 * ran unoptimised until an on-stack replacement was compiled, allocating a
 * number per operation meanwhile.
 */
function scanCapsuleRow(s: CapsuleAxis, y: number, x0: number, x1: number, row: CapsuleRow): void {
  const { ax, ay, dx, dy, len2, ra, rb } = s;
  row.y = y;
  row.x0 = x0;
  row.x1 = x1;
  for (let x = x0, j = 0; x <= x1; x++, j++) {
    const px = x + 0.5 - ax, py = y + 0.5 - ay;
    const along = (px * dx + py * dy) / len2;
    const t = Math.max(0, Math.min(1, along));
    const ex = px - dx * t, ey = py - dy * t;
    row.d[j] = hypot2(ex, ey);
    row.r[j] = ra + (rb - ra) * t;
    row.ex[j] = ex;
    row.ey[j] = ey;
    row.along[j] = along;
  }
}

/**
 * The segments' capsules as a soft mask (width × height): each pixel's
 * coverage, falling from 1 to 0 across the outline over LIMB_EDGE.rampPx.
 */
export function armSegmentsCoverage(segments: ArmSegment[], width: number, height: number): Mask {
  const mask = createMask(width, height);
  const ramp = LIMB_EDGE.rampPx;
  for (const s of segments) scanCapsule(s, width, height, ramp, (row) => coverageRow(mask.data, row, width, ramp));
  return mask;
}

/** One capsule row of armSegmentsCoverage max-combined into `md`. */
function coverageRow(md: Float32Array, row: CapsuleRow, width: number, ramp: number): void {
  const { d, r } = row;
  for (let x = row.x0, j = 0, i = row.y * width + row.x0; x <= row.x1; x++, j++, i++) {
    const c = Math.max(0, Math.min(1, (r[j]! - d[j]!) / ramp + 0.5));
    if (c > md[i]!) md[i] = c;
  }
}

/**
 * The form shading of bare limbs (width × height, 1 outside them): inside a
 * segment's capsule, armShade of the position across it (`tilt`: see
 * lightTilt) with the segment's profile, on a leg times its light along it
 * (legAlongShade), its edge's shade up to
 * LIMB_EDGE.shadePadPx outside it. Where capsules overlap, the nearer axis decides.
 */
export function armFormShading(segments: ArmSegment[], width: number, height: number, tilt: number): Float32Array {
  const form = new Float32Array(width * height).fill(1);
  const best = new Float32Array(width * height).fill(Infinity);
  for (const s of segments) {
    const dx = s.b.x - s.a.x, dy = s.b.y - s.a.y;
    // the normal pointing to the image's right, so `tilt` means the same on either arm
    const len = Math.hypot(dx, dy) || 1e-9;
    let nx = -dy / len, ny = dx / len;
    if (nx < 0 || (nx === 0 && ny < 0)) { nx = -nx; ny = -ny; }
    const profile = s.shading ?? ARM_SHADING;
    const pad = LIMB_EDGE.shadePadPx;
    const fromBody = s.fromBody === true;
    const leg = s.legAlong ?? null;
    scanCapsule(s, width, height, pad, (row) => {
      for (let x = row.x0, j = 0, i = row.y * width + row.x0; x <= row.x1; x++, j++, i++) {
        const d = row.d[j]!, r = row.r[j]!, along = row.along[j]!;
        if (d > r + pad || d / r >= best[i]!) continue;
        if (fromBody && along < 0) continue;
        best[i] = d / r;
        const across = armShade((row.ex[j]! * nx + row.ey[j]! * ny) / r, tilt, profile) * creaseShade(d - r);
        // (a leg's light changes along it too: legAlongShade)
        const shade = leg ? across * legAlongShade(leg[0] + (leg[1] - leg[0]) * Math.max(0, Math.min(1, along))) : across;
        // (from the shoulder the shading fades in: fromBody)
        const k = fromBody ? Math.min(1, along / ARM_SHADING.fromShoulder) : 1;
        form[i] = 1 + (shade - 1) * k;
      }
    });
  }
  return form;
}

/** The crease's shade (LIMB_CREASE) at `out` px outside a limb's outline: a tent from its start to its end, 1 elsewhere. */
function creaseShade(out: number): number {
  const t = (out - LIMB_EDGE.rampPx / 2) / LIMB_CREASE.widthPx;
  if (t <= 0 || t >= 1) return 1;
  return 1 - LIMB_CREASE.depth * (1 - Math.abs(2 * t - 1));
}

/**
 * Where the light's side shows across a limb: `tilt` × u(1 − u²) / (1 −
 * atU²), so the sides differ by 2 × tilt × atU at ±atU (ARM_SHADING's
 * measure) and by nothing at the outline. A lit limb's both sides turn away
 * from the camera: a tilt linear in u to the outline kept the lit side at full
 * light up to its edge, and a made arm read as a flat strip with one dark side.
 */
const LIGHT_SIDE = {
  atU: 0.6,
} as const;

/** A bare limb's shade at signed position `u` across it (−1..1), lit with `tilt`, with `profile` (see ARM_SHADING, LIGHT_SIDE). */
export function armShade(u: number, tilt: number, profile: LimbShading = ARM_SHADING): number {
  const a = Math.min(1, Math.abs(u));
  const v = Math.max(-1, Math.min(1, u));
  return 1 - profile.edgeDarkening * Math.pow(a, profile.profileExponent) + (tilt * v * (1 - v * v)) / (1 - LIGHT_SIDE.atU ** 2);
}

/**
 * Where a bare arm runs on under an old sleeve past its hem: the visible arm
 * below the hem, carried up along the upper arm's bone. The bare arm's
 * capsule lies on the pose's bone, often a fifth of a shoulder width off the
 * real arm; where the real arm showed below the old hem outside the capsule,
 * the background was filled above it, and the arm ended at the old hem in a
 * hard straight edge beside a narrower new sleeve, under a white notch of
 * background. Made skin up to the hem, it rounds into the new sleeve.
 */
export const ARM_PAST_HEM = {
  /**
   * The stretch of the upper arm (share of it from the shoulder joint) whose
   * old sleeve is made arm: above it, the deltoid's round (the shoulders'
   * outline) takes over.
   */
  fromAlong: 0.15,
  /**
   * How far down the bone (shares of the upper arm from the shoulder joint)
   * the visible arm is looked for: past a quarter below the elbow the skin
   * met is a hand at the hip, not the arm's continuation.
   */
  toAlong: 1.25,
  /** Farthest from the bone, shoulder widths: the arm's own radius (0.11) and the pose's offset from the real arm (up to 0.2). */
  reachSw: 0.3,
  /** A visible skin pixel is at the hem when the old garment lies within this many px above it along the bone (analysis px; the old garment's mask is grown by 1–2). */
  hemPx: 3,
  /** The run-on reaches this far past the hem's line, analysis px: over the old garment's grown edge, under the real arm's soft top. */
  pastHemPx: 2,
  /**
   * How far below the hem (shoulder widths, along the bone) the visible arm's
   * width is measured a second time: its edges run on above the hem as the
   * straight lines through both measures. The pose's bone is often a few
   * degrees off the real arm, and carried along it the arm read as a
   * slanted sliver beside the new sleeve.
   */
  belowHemSw: 0.12,
  /**
   * How far above the old hem (shoulder widths, along the bone) the arm runs
   * on at most, its outer side rounding in to its inner one (a quarter
   * ellipse, no higher than the arm is wide there): it goes into the new
   * sleeve. Carried on to the shoulder, beside a new sleeve narrower than
   * the old one (or laid off the arm) it stood out as a bare wedge; narrowed
   * in a straight line, as a spike.
   */
  intoSleeveSw: 0.3,
  /** The old hem shows (hemShows) when at least this share of the arm's skin along it is not under the new garment. */
  shownShare: 0.3,
  /** The edges' slope against the bone at most this (px per px): a steeper one is a hand or a fold below the hem, and drew a slanted spike. */
  maxSlope: 0.15,
  /** The arm's width above the hem, at most this many times its width there (edges that diverge fast are a measure's error). */
  maxWiden: 1.3,
  /** Gaps across the arm's run at the hem up to this wide are the same arm (analysis px: the skin parse's specks). */
  gapPx: 2,
} as const;

/**
 * ARM_PAST_HEM: the old garment's pixels (`old` ≥ 0.5) of each upper arm
 * (the `fromBody` pieces) across the bone within the visible arm's width at
 * the old hem (hemSpan) and along it from ARM_PAST_HEM.fromAlong down to the
 * hem, a new mask; `skin` the visible skin (≥ 0.5), `swPx` the shoulder
 * width; where the new garment covers the hem (`cover` ≥ 0.5), none (hemShows).
 */
export function armPastHem(segments: ArmSegment[], skin: Mask, old: Mask, swPx: number, cover: Mask | null = null): Mask {
  const { width: w, height: h } = old;
  const out = createMask(w, h);
  for (const s of segments) {
    if (!s.fromBody) continue;
    const f = boneFrame(s, ARM_PAST_HEM.reachSw * swPx, w, h);
    if (!f) continue;
    const span = hemSpan(f, skin, old);
    if (!span || !hemShows(span, cover)) continue;
    const edges = armEdges(s, span, skin, ARM_PAST_HEM.belowHemSw * swPx);
    // (the side farther from the bone rounds in towards the nearer above the hem: ARM_PAST_HEM.intoSleeveSw)
    const farHi = Math.abs(span.hi) > Math.abs(span.lo);
    const run = Math.min(ARM_PAST_HEM.intoSleeveSw * swPx, span.hi - span.lo + 1);
    const px = f.pixels;
    for (let p = 0; p < px.n; p++) {
      const i = px.i[p]!, along = px.along[p]!, across = px.across[p]!;
      const hem = span.alongLo + ((span.alongHi - span.alongLo) * (across - span.lo)) / Math.max(1, span.hi - span.lo);
      if (old.data[i]! < 0.5 || along < ARM_PAST_HEM.fromAlong || along > hem + ARM_PAST_HEM.pastHemPx / f.len) continue;
      const [lo, hi] = edges(along);
      const u = Math.max(0, (hem - along) * f.len) / run;
      const k = u < 1 ? Math.sqrt(1 - u * u) : 0;
      if (k <= 0) continue;
      const a = farHi ? lo : hi - (hi - lo) * k, b = farHi ? lo + (hi - lo) * k : hi;
      // (each pixel's covered share across the edges: a hard raster showed its steps along them)
      const c = Math.max(0, Math.min(1, Math.min(across + 0.5, b) - Math.max(across - 0.5, a)));
      if (c > out.data[i]!) out.data[i] = c;
    }
  }
  return out;
}

/**
 * The visible arm's edges (across the bone, px) as functions of the position
 * along it: the straight lines through its span at the hem (`span`) and its
 * skin run across the bone `below` px further down (the run overlapping the
 * hem's); the hem's span along the bone where no run is found there. Never
 * wider than ARM_PAST_HEM.maxWiden times the hem's span.
 */
function armEdges(s: ArmSegment, span: HemSpan, skin: Mask, below: number): (along: number) => [number, number] {
  const len = Math.hypot(s.b.x - s.a.x, s.b.y - s.a.y);
  const dx = (s.b.x - s.a.x) / len, dy = (s.b.y - s.a.y) / len;
  const t1 = span.along + below / len;
  const at = (across: number) => {
    const x = Math.floor(s.a.x + dx * t1 * len + dy * across), y = Math.floor(s.a.y + dy * t1 * len - dx * across);
    return x >= 0 && y >= 0 && x < skin.width && y < skin.height && skin.data[y * skin.width + x]! >= 0.5;
  };
  const mid = (span.lo + span.hi) / 2, half = (span.hi - span.lo) / 2;
  // (on the pixels' centres, as the hem's span is measured)
  const start = Math.round(mid - 0.5) + 0.5;
  if (!at(start)) return () => [span.lo, span.hi];
  let lo = start, hi = start;
  // (searched up to three times the hem's width: the clamps below bound what it finds)
  const far = 3 * half + 3;
  while (lo > mid - far && at(lo - 1)) lo--;
  while (hi < mid + far && at(hi + 1)) hi++;
  const maxHalf = half * ARM_PAST_HEM.maxWiden + 0.5;
  const slope = (d: number) => Math.max(-ARM_PAST_HEM.maxSlope, Math.min(ARM_PAST_HEM.maxSlope, d / below));
  const sLo = slope(span.lo - lo), sHi = slope(span.hi - hi);
  return (along: number) => {
    const u = (span.along - along) * len;
    let a = span.lo + sLo * u, b = span.hi + sHi * u;
    const c = (a + b) / 2;
    if ((b - a) / 2 > maxHalf) { a = c - maxHalf; b = c + maxHalf; }
    return [a, b];
  };
}

/**
 * Whether the old hem shows beside the new garment: at least
 * ARM_PAST_HEM.shownShare of its skin pixels (`span.hits`) uncovered
 * (`cover` < 0.5); always without a cover. Where the new sleeve covers the
 * old hem no edge shows there, and the arm run on above it stood beside the
 * new sleeve as a loose patch of skin.
 */
function hemShows(span: HemSpan, cover: Mask | null): boolean {
  if (!cover) return true;
  const shown = span.hits.filter((i) => cover.data[i]! < 0.5).length;
  return shown >= span.hits.length * ARM_PAST_HEM.shownShare;
}

/** The visible arm at the old hem: its width across the bone (px), the hem's farthest point and its ends' positions along it (shares of the piece). */
interface HemSpan {
  lo: number;
  hi: number;
  along: number;
  alongLo: number;
  alongHi: number;
  /** Its skin pixels (indices). */
  hits: number[];
}

/** A piece's frame: `forEach(i, along, across)` over the pixels near its bone (along: shares of the piece from `a`, ≤ ARM_PAST_HEM.toAlong; across: signed px, |across| ≤ `reach`), the bone's unit direction. */
interface BoneFrame {
  /**
   * The pixels near the bone, in raster order: index `i[k]`, position
   * `along[k]` the piece (shares of it) and `across[k]` it (px), the first
   * `n`. Arrays its readers loop over: a visit callback per pixel with two
   * numbers, called from one loop for both readers, boxed every number.
   */
  pixels: { n: number; i: Int32Array; along: Float64Array; across: Float64Array };
  dx: number;
  dy: number;
  len: number;
}

function boneFrame(s: ArmSegment, reach: number, w: number, h: number): BoneFrame | null {
  const len = Math.hypot(s.b.x - s.a.x, s.b.y - s.a.y);
  if (len < 1) return null;
  const dx = (s.b.x - s.a.x) / len, dy = (s.b.y - s.a.y) / len;
  const end = lerpPt(s.a, s.b, ARM_PAST_HEM.toAlong);
  const x0 = Math.max(0, Math.floor(Math.min(s.a.x, end.x) - reach)), x1 = Math.min(w - 1, Math.ceil(Math.max(s.a.x, end.x) + reach));
  const y0 = Math.max(0, Math.floor(Math.min(s.a.y, end.y) - reach)), y1 = Math.min(h - 1, Math.ceil(Math.max(s.a.y, end.y) + reach));
  const size = Math.max(0, x1 - x0 + 1) * Math.max(0, y1 - y0 + 1);
  const pixels = { n: 0, i: new Int32Array(size), along: new Float64Array(size), across: new Float64Array(size) };
  const ax = s.a.x, ay = s.a.y;
  for (let y = y0; y <= y1; y++) {
    for (let x = x0; x <= x1; x++) {
      const px = x + 0.5 - ax, py = y + 0.5 - ay;
      const along = (px * dx + py * dy) / len, across = px * dy - py * dx;
      if (!(along >= 0 && along <= ARM_PAST_HEM.toAlong && Math.abs(across) <= reach)) continue;
      const k = pixels.n++;
      pixels.i[k] = y * w + x;
      pixels.along[k] = along;
      pixels.across[k] = across;
    }
  }
  return { pixels, dx, dy, len };
}

/**
 * The visible arm's width at the old hem, across the bone (px, `lo`..`hi`),
 * and the hem's farthest point along it (shares of the piece): the widest run
 * (gaps up to ARM_PAST_HEM.gapPx) of visible skin pixels with the old
 * garment within ARM_PAST_HEM.hemPx above them along the bone; null when none.
 */
function hemSpan(f: BoneFrame, skin: Mask, old: Mask): HemSpan | null {
  const { width: w, height: h } = old;
  const hits: { across: number; along: number; i: number }[] = [];
  const px = f.pixels;
  for (let p = 0; p < px.n; p++) {
    const i = px.i[p]!, along = px.along[p]!;
    if (skin.data[i]! < 0.5 || old.data[i]! >= 0.5 || along < ARM_PAST_HEM.fromAlong) continue;
    const x = i % w, y = (i - x) / w;
    for (let k = 1; k <= ARM_PAST_HEM.hemPx; k++) {
      const qx = Math.round(x - f.dx * k), qy = Math.round(y - f.dy * k);
      if (qx < 0 || qy < 0 || qx >= w || qy >= h) break;
      if (old.data[qy * w + qx]! >= 0.5) {
        hits.push({ across: px.across[p]!, along, i });
        break;
      }
    }
  }
  if (hits.length === 0) return null;
  hits.sort((p, q) => p.across - q.across);
  let best: HemSpan | null = null, start = 0;
  for (let j = 1; j <= hits.length; j++) {
    if (j < hits.length && hits[j]!.across - hits[j - 1]!.across <= ARM_PAST_HEM.gapPx) continue;
    const run = hits.slice(start, j);
    const lo = run[0]!.across, hi = run[run.length - 1]!.across;
    // (the hem at each end: its first row of skin there)
    const at = (v: number) => Math.min(...run.filter((r) => r.across === v).map((r) => r.along));
    if (!best || hi - lo > best.hi - best.lo) best = { lo, hi, along: Math.max(...run.map((r) => r.along)), alongLo: at(lo), alongHi: at(hi), hits: run.map((r) => r.i) };
    start = j;
  }
  return best;
}
