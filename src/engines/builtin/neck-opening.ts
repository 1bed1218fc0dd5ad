/**
 * The neck opening of a flat top or dress: photographed from the front, a
 * crew or round neck shows the garment's inside back (the back neck band,
 * its label, the shadowed inner fabric) through the opening, above the front
 * neckline. Worn, that area is behind the wearer's neck: drawn over the
 * person it is a dark block across the throat. This finds it and takes it
 * out of the matte, so the person's own neck shows above the front neckline.
 *
 * The front neckline is traced as a curve around the top of the opening (a
 * ray per angle from the back neck's centre, below it), where the fabric
 * turns brighter outwards — the inside is in the shadow of the front — with
 * a dynamic programme that keeps the curve smooth. It is kept only when what
 * it encloses is really an opening seen from the front: deep at the centre,
 * hanging from the garment's top edge between shoulders that fall away, and
 * either darker than the front just outside the curve (in its shadow) or,
 * when the inside is lit like the front, framed by the back neckline: the
 * top edge dips a little between the collar's corners, as a back neck band
 * seen from the front does, and the curve is no deeper than a crew or scoop
 * neck. A crew neck whose inside is hidden (the top edge is the front
 * neckline: it dips deeply), a high collar or mock neck whose front is lit
 * like the body (its top edge is straight or rises at the centre) and a
 * straight top edge (a bandeau) fail these tests and are left whole.
 *
 * The inside back is taken out, not kept as the garment's own back band:
 * worn, a back band shows only as a thin strip behind the neck's sides, but
 * the flat photo's inside spans the whole opening, and the fit lays it
 * across the throat. What shows through the opening instead is the person's
 * neck and upper chest: the removal's bare neck (vision/bare-neck.ts), with
 * the visible neck's width, tone and light.
 */
import { createMask, lumaOf, type Mask, type RgbImage } from '../../vision/image.js';
import { blurMask, onMask } from '../../vision/mask-ops.js';
import type { UpperGeometry } from './garment-landmarks.js';
import { median } from '../../vision/robust-stats.js';
import { topAt } from './silhouette-rows.js';
import { hypot2 } from '../../vision/hypot.js';

/**
 * Geometry and contrast of a neck opening, as shares of the garment's body
 * width (bw) or in luminance units (0–255) at the analysis size. Measured on
 * the tune half's product photos: openings were 0.12–0.26 bw deep at the
 * centre (the inside seen below the back neck band) and 0.3–0.45 bw wide;
 * the inside was 13–65 units darker than the front below the neckline (a
 * grey marl inside under its front 13 (8 %), a grey inside on a white tee 65),
 * or lit like the front (−0.3 to 8.5 units: a navy, a green, an aqua and
 * white tees whose inside back and label showed through the neck).
 */
export const NECK_OPENING = {
  /** The back neck's top (the collar's corners) is searched over this half-width around the centre line, bw: a scoop neck's corners lie 0.35–0.4 bw out. */
  searchHalfWidth: 0.4,
  /** The front neckline lies between these distances from the back neck's centre, bw. */
  radius: [0.06, 0.42] as readonly [number, number],
  /** Rays from the back neck's centre, spread over the half-turn below it. */
  rays: 41,
  /** Most the curve's radius changes from one ray to the next, px: keeps it a smooth neckline. */
  maxStepPx: 2,
  /** An edge counts up to this, luminance units: a label's or a print's hard edge must not outweigh a neckline's steady one. */
  edgeCap: 15,
  /** Share of an edge beyond edgeCap that still counts: places the curve on a step's peak. */
  edgeBeyondCap: 0.02,
  /** Luminance is compared over this many px on each side of the curve along a ray. */
  edgeSpanPx: 3,
  /** The curve's mean brightening outwards must reach this, luminance units (noise on flat fabric is 1–3). */
  minEdge: 6,
  /** Share of the rays whose edge lies inside the garment: fewer means the curve runs off the matte. */
  minRaysInside: 0.6,
  /** The inside is darker than the front by at least this… */
  minDarker: 8,
  /** …and this share of the front's luminance (shadowed fabric, not a print's tone). */
  minDarkerShare: 0.08,
  /** The front is read in a ring this many px wide just outside the curve, on the rays within 60° of straight down. */
  ringPx: 4,
  /**
   * The garment's top edge this far beyond each end of the opening, bw, lies
   * at least minShoulderDrop lower than the back neck: a neck opening sits
   * between shoulders that fall away from it (0.042–0.15 on the tune half's
   * tops and dresses; 0.027 on a wide scoop whose shoulders fall slowly),
   * a straight top edge (a bandeau, an off-shoulder top: 0.009) has none.
   */
  shoulderProbe: 0.16,
  minShoulderDrop: 0.025,
  /** The inside must be at least this deep on the centre line below the garment's top edge, bw: a hidden inside leaves only the rib… */
  minInsideDepth: 0.08,
  /** …or this deep under a back neckline (backNeckDip): the back band is there, so what lies below it is inside (0.043–0.073 on the tune half's tees with a label). */
  minInsideDepthUnderBackNeck: 0.04,
  /**
   * How far the top edge at the centre lies below the collar's corners, bw,
   * when it is a back neckline seen through the opening: 0.014–0.082 on the
   * tune half's tees and dresses showing their inside back. A hidden inside's
   * top edge is the front neckline (0.21–0.49); a mock neck's or a stand
   * collar's top edge is straight or rises at the centre (≤ 0).
   */
  backNeckDip: [0.012, 0.1] as readonly [number, number],
  /**
   * An inside lit like the front is taken out only under a back neckline and
   * when the curve is no deeper than this at the centre, bw (openings were
   * 0.12–0.29; deeper curves, 0.32–0.38, ran down a print or a ruched front)…
   */
  litInsideMaxDepth: 0.3,
  /** …and not lighter than the front by more than this, luminance units (a lit inside measured −0.3 to 8.5 darker). */
  litInsideMaxLighter: 8,
  /**
   * Under a back neckline, a first curve less than this far below the top
   * edge at the centre, bw, is the back band's or a label's lower edge
   * (0.043–0.087 on the tune half's tees; front necklines 0.118–0.26), and
   * the front neckline is sought at least nextCurveGap further out.
   */
  backBandDepth: 0.1,
  nextCurveGap: 0.04,
  /**
   * An inside lit like the front has no shadow to end at: its front neckline
   * is the front band's inner edge, brighter or darker than the inside, and
   * the nearest edge out: it is sought no further than this past
   * nextCurveGap, bw. The strongest edge further out was the band's lower
   * seam, a print or a shoulder seam (0.16–0.29 bw from the centre on the
   * tune half's lit tees: a navy, a green and a white crew neck cut as a deep
   * U or a notch through the band, with the visible inside ending 0.02–0.08 bw
   * past the back band's lower edge).
   */
  litFrontWindow: 0.06,
  /**
   * A contrast neckband (a ringer tee's coloured rib) is front fabric: the
   * curve traced where the fabric brightens outwards lies at its outer edge,
   * and the band, darker than the inside and the front, would be cut with the
   * inside. It is looked for within this width inside the curve, bw (a rib is
   * 0.02–0.05 bw wide; a tune-half ringer's blue band about 0.035)…
   */
  bandMaxWidth: 0.06,
  /** …as a step darker outwards of at least minEdge on this share of the rays within 60° of straight down… */
  bandMinRays: 0.6,
  /**
   * …whose band is coloured (max − min of RGB, 0–255) by at least this much
   * more than the inside inwards of it: a shadow on the inside under the front
   * is grey, a dyed rib (blue on a white tee: ~120 more) is not.
   */
  bandMinChroma: 40,
} as const;

export interface NeckOpening {
  /** 1 inside the opening (softened 1 px), at the analysis size. */
  mask: Mask;
  /** The back neck's centre (top of the garment on its centre line), analysis px. */
  centre: { x: number; y: number };
  /** The front neckline's distance from the centre, one per ray (angle 0 = image right, π/2 = down). */
  radii: number[];
}


/** The highest matte row near the centre line and the centre line's x. */
function backNeckCentre(matte: Mask, upper: UpperGeometry): { x: number; y: number } {
  const bw = upper.bodyWidth, cx = upper.neck.x, { y0, y1 } = upper.bounds;
  let y = y1;
  const half = bw * NECK_OPENING.searchHalfWidth;
  for (let x = Math.round(cx - half); x <= Math.round(cx + half); x++) y = Math.min(y, topAt(matte, x, y0, y1));
  return { x: cx, y };
}

/** The luminance of pixel i, as a Float32Array from luma() holds it. */
type LumaAt = (i: number) => number;

/**
 * luma(image) read one pixel at a time: the rays and the opening read a few
 * thousand pixels near the neck, not the whole photo (~1 ms a garment).
 */
function lumaAt(image: RgbImage): LumaAt {
  const { data, channels: ch } = image;
  return (i) => Math.fround(lumaOf(data[i * ch]!, data[i * ch + 1]!, data[i * ch + 2]!));
}

export interface RayEdges {
  /** edge[i][r - r0]: luminance outside minus inside at radius r on ray i; NaN where the span leaves the matte. */
  edge: Float64Array[];
  r0: number;
  r1: number;
}

/** Luminance steps along each ray (brighter outwards is positive). */
function rayEdges(L: LumaAt, matte: Mask, centre: { x: number; y: number }, bw: number): RayEdges {
  const P = NECK_OPENING, { width } = matte;
  const r0 = Math.max(P.edgeSpanPx + 1, Math.round(bw * P.radius[0])), r1 = Math.round(bw * P.radius[1]);
  const edge: Float64Array[] = [];
  for (let i = 0; i < P.rays; i++) {
    const a = (Math.PI * i) / (P.rays - 1), dx = Math.cos(a), dy = Math.sin(a);
    const along: number[] = [];
    for (let r = 0; r <= r1 + P.edgeSpanPx; r++) {
      const x = Math.round(centre.x + dx * r), y = Math.round(centre.y + dy * r);
      along.push(onMask(matte, x, y) ? L(y * width + x) : NaN);
    }
    const row = new Float64Array(r1 - r0 + 1);
    for (let r = r0; r <= r1; r++) {
      let out = 0, inn = 0;
      for (let k = 1; k <= P.edgeSpanPx; k++) { out += along[r + k]!; inn += along[r - k]!; }
      row[r - r0] = (out - inn) / P.edgeSpanPx;
    }
    edge.push(row);
  }
  return { edge, r0, r1 };
}

/**
 * The smooth curve (one radius per ray) with the largest summed edge: a
 * dynamic programme over the rays. An edge counts up to edgeCap, plus a
 * small share of its full size so that the capped span of a step still
 * peaks where the step is.
 */
function tracedCurve(e: RayEdges): number[] {
  const n = e.edge.length, m = e.r1 - e.r0 + 1, S = NECK_OPENING.maxStepPx;
  const cap = NECK_OPENING.edgeCap;
  const gain = (v: number) => (Number.isNaN(v) ? 0 : Math.min(v, cap) + v * NECK_OPENING.edgeBeyondCap);
  let score = Float64Array.from(e.edge[0]!, gain);
  const from: Int32Array[] = [];
  for (let i = 1; i < n; i++) {
    const next = new Float64Array(m), back = new Int32Array(m);
    for (let j = 0; j < m; j++) {
      let best = -Infinity, arg = j;
      for (let k = Math.max(0, j - S); k <= Math.min(m - 1, j + S); k++) if (score[k]! > best) { best = score[k]!; arg = k; }
      next[j] = best + gain(e.edge[i]![j]!);
      back[j] = arg;
    }
    score = next;
    from.push(back);
  }
  let j = 0;
  for (let k = 1; k < m; k++) if (score[k]! > score[j]!) j = k;
  const path = [j];
  for (let i = n - 2; i >= 0; i--) { j = from[i]![j]!; path.push(j); }
  return path.reverse().map((k) => k + e.r0);
}

/** The curve's mean edge and the share of rays where it lies inside the garment. */
function curveEdge(e: RayEdges, radii: number[]): { mean: number; inside: number } {
  let sum = 0, n = 0;
  radii.forEach((r, i) => {
    const v = e.edge[i]![r - e.r0]!;
    if (!Number.isNaN(v)) { sum += v; n++; }
  });
  return { mean: n ? sum / n : 0, inside: n / radii.length };
}

/**
 * The next smooth curve outside `inner` (each ray's edges nearer than
 * inner + nextCurveGap left out), or null when none runs inside the
 * garment with a neckline's edge. A lit inside's front neckline (`lit`) is
 * sought only within litFrontWindow past the gap, by the edge's size either
 * way (its front band may be lighter or darker than the inside).
 */
export function outerCurve(e: RayEdges, inner: number[], bw: number, lit = false): number[] | null {
  const P = NECK_OPENING, gap = bw * P.nextCurveGap, window = lit ? bw * P.litFrontWindow : Infinity;
  const edge = e.edge.map((row, i) => row.map((v, k) => {
    const past = k + e.r0 - (inner[i]! + gap);
    return past < 0 || past > window ? NaN : lit ? Math.abs(v) : v;
  }));
  const radii = tracedCurve({ ...e, edge });
  const found = curveEdge({ ...e, edge }, radii);
  if (!(found.mean >= P.minEdge && found.inside >= P.minRaysInside)) return null;
  return lit ? ellipseFit(radii) : mirrored(radii);
}

/**
 * The half-ellipse about the centre (a half-width across, a depth down) that
 * fits the curve best, as radii on the same rays: a crew or round neck's
 * front neckline seen from the front is one. A lit inside's neckline,
 * traced on faint edges in a narrow window, wandered from ray to ray and
 * was drawn as a stepped, notched opening. Least squares on
 * 1/r² = cos²θ/a² + sin²θ/b² (linear in 1/a² and 1/b²); the curve as traced
 * (mirrored) when the fit is degenerate.
 */
export function ellipseFit(radii: number[]): number[] {
  const n = radii.length, angle = (i: number) => (Math.PI * i) / (n - 1);
  let cc = 0, cs = 0, ss = 0, cy = 0, sy = 0;
  radii.forEach((r, i) => {
    const c = Math.cos(angle(i)) ** 2, s = Math.sin(angle(i)) ** 2, y = 1 / (r * r);
    cc += c * c; cs += c * s; ss += s * s; cy += c * y; sy += s * y;
  });
  const det = cc * ss - cs * cs, u = (cy * ss - sy * cs) / det, v = (sy * cc - cy * cs) / det;
  if (!(u > 0 && v > 0)) return mirrored(radii);
  return radii.map((_, i) => 1 / Math.sqrt(u * Math.cos(angle(i)) ** 2 + v * Math.sin(angle(i)) ** 2));
}

/**
 * The curve made mirror-symmetric about the centre line (each ray's radius
 * averaged with its mirror's): a neckline seen from the front is symmetric,
 * and a curve traced past the inside's lit fabric is pulled aside by a print
 * or a crease on one side, which drew a notched, lopsided neckline.
 */
function mirrored(radii: number[]): number[] {
  return radii.map((r, i) => (r + radii[radii.length - 1 - i]!) / 2);
}

/** The curve's radius at angle `a` (0..π), interpolated between rays. */
function radiusAt(radii: number[], a: number): number {
  const t = Math.max(0, Math.min(radii.length - 1, (a / Math.PI) * (radii.length - 1)));
  const i = Math.floor(t), f = t - i;
  return radii[i]! * (1 - f) + (radii[Math.min(radii.length - 1, i + 1)] ?? radii[i]!) * f;
}

/**
 * How far the curve can reach from its centre, px, with a margin over the
 * rounding of radiusAt's blend and of Math.hypot (both within an ulp or two):
 * a pixel farther along x or y, or by its squared distance, cannot be inside,
 * so its angle and radius are not worked out. Infinity when a radius is not finite.
 */
function curveReach(radii: number[]): number {
  let most = 0;
  for (const r of radii) {
    if (!Number.isFinite(r)) return Infinity;
    most = Math.max(most, r);
  }
  return most * (1 + 1e-9) + 1e-9;
}

/** Where the opening is: matte pixels inside the curve below the centre, and between its ends above it. */
function openingMask(matte: Mask, centre: { x: number; y: number }, radii: number[]): Mask {
  const { width, height } = matte, m = createMask(width, height);
  const xRight = centre.x + radii[0]!, xLeft = centre.x - radii[radii.length - 1]!;
  const reach = curveReach(radii), reach2 = reach * reach;
  // (columns an integer x can take: x >= xLeft from ceil, x <= xRight to floor; a NaN bound visits none, as it compares false)
  const aboveFrom = Math.max(0, Math.ceil(xLeft)), aboveTo = Math.min(width - 1, Math.floor(xRight));
  const belowFrom = Math.max(0, Math.ceil(centre.x - reach)), belowTo = Math.min(width - 1, Math.floor(centre.x + reach));
  for (let y = 0; y < height; y++) {
    const dy = y - centre.y;
    if (dy > reach) break;
    const below = !(dy < 0);
    for (let x = below ? belowFrom : aboveFrom, to = below ? belowTo : aboveTo; x <= to; x++) {
      const i = y * width + x;
      if (matte.data[i]! < 0.5) continue;
      const dx = x - centre.x;
      // (written as a negated test so that a NaN distance or radius stays outside, as the plain `<` leaves it)
      if (below && !(dx * dx + dy * dy <= reach2 && hypot2(dx, dy) < radiusAt(radii, Math.atan2(dy, dx)))) continue;
      m.data[i] = 1;
    }
  }
  return m;
}

/** Median luminance inside the opening and in the ring of front fabric just outside its lower curve. */
function insideAndFront(L: LumaAt, matte: Mask, opening: Mask, centre: { x: number; y: number }, radii: number[]): { inside: number; front: number } {
  const { width } = matte, inside: number[] = [], front: number[] = [];
  // (the opening ends within the curve's reach below its centre: openingMask)
  const end = Math.min(opening.data.length, (Math.floor(centre.y + curveReach(radii)) + 1) * width);
  for (let i = 0; i < end; i++) if (opening.data[i]! >= 0.5) inside.push(L(i));
  // (a loop, not radii.forEach: its callback captured this function's locals, and V8 tied the
  // optimised pixel loop above to one job's objects, thrown away after every job: "weak objects")
  for (let k = 0; k < radii.length; k++) {
    const r = radii[k]!, a = (Math.PI * k) / (radii.length - 1);
    if (Math.abs(a - Math.PI / 2) > Math.PI / 3) continue;
    for (let d = 2; d < 2 + NECK_OPENING.ringPx; d++) {
      const x = Math.round(centre.x + Math.cos(a) * (r + d)), y = Math.round(centre.y + Math.sin(a) * (r + d));
      if (onMask(matte, x, y)) front.push(L(y * width + x));
    }
  }
  return { inside: median(inside), front: median(front) };
}

/** How far the top edge falls beyond the opening's ends (the lower side's drop), px. */
function shoulderDrop(matte: Mask, upper: UpperGeometry, centre: { x: number; y: number }, radii: number[]): number {
  const probe = upper.bodyWidth * NECK_OPENING.shoulderProbe, { y0, y1 } = upper.bounds;
  const right = topAt(matte, centre.x + radii[0]! + probe, y0, y1), left = topAt(matte, centre.x - radii[radii.length - 1]! - probe, y0, y1);
  return Math.min(right, left) - centre.y;
}

/**
 * The neck opening of a flat upper garment or dress (see the file's comment),
 * or null when the top edge shows no inside to take out.
 */
export function neckOpening(small: RgbImage, matte: Mask, upper: UpperGeometry): NeckOpening | null {
  const P = NECK_OPENING, bw = upper.bodyWidth;
  const L = lumaAt(small);
  const centre = backNeckCentre(matte, upper);
  const edges = rayEdges(L, matte, centre, bw);
  if (edges.r1 <= edges.r0) return null;
  const radii = tracedCurve(edges);
  const edge = curveEdge(edges, radii);
  if (edge.mean < P.minEdge || edge.inside < P.minRaysInside) return null;
  // the inside must show on the centre line: a crew neck seen with its inside hidden starts at the front neckline
  const centreTop = topAt(matte, centre.x, upper.bounds.y0, upper.bounds.y1);
  const dip = centreTop - centre.y, insideDepth = centre.y + radiusAt(radii, Math.PI / 2) - centreTop;
  const backNeck = dip >= bw * P.backNeckDip[0] && dip <= bw * P.backNeckDip[1];
  if (insideDepth < bw * (backNeck ? P.minInsideDepthUnderBackNeck : P.minInsideDepth)) return null;
  if (shoulderDrop(matte, upper, centre, radii) < bw * P.minShoulderDrop) return null;
  const tone = insideAndFront(L, matte, openingMask(matte, centre, radii), centre, radii);
  const darker = tone.front - tone.inside;
  const shadowed = darker >= Math.max(P.minDarker, tone.front * P.minDarkerShare);
  // lit like the front: only under a back neckline
  if (!shadowed && !(backNeck && darker >= -P.litInsideMaxLighter)) return null;
  const front = backNeck ? frontNeckline(edges, radii, insideDepth, bw, !shadowed) : radii;
  if (!front && !shadowed) return null;
  const curve = keptFrontBand(small, edges, centre, front ?? radii, bw);
  return { mask: blurMask(openingMask(matte, centre, curve), 1, 1), centre, radii: curve };
}

/**
 * The front neckline under a back neckline: a first curve close under the top
 * edge (backBandDepth) is the back band's or its label's lower edge, and the
 * front neckline is the next curve out. Null when the neckline found is
 * deeper than a crew or scoop neck (litInsideMaxDepth).
 */
function frontNeckline(edges: RayEdges, radii: number[], insideDepth: number, bw: number, lit: boolean): number[] | null {
  const P = NECK_OPENING, maxDepth = bw * P.litInsideMaxDepth;
  const outer = insideDepth < bw * P.backBandDepth ? outerCurve(edges, radii, bw, lit) : null;
  if (outer && radiusAt(outer, Math.PI / 2) <= maxDepth) return outer;
  return radiusAt(radii, Math.PI / 2) <= maxDepth ? radii : null;
}

const chroma = (img: RgbImage, x: number, y: number): number => {
  const i = (y * img.width + x) * img.channels, d = img.data;
  return Math.max(d[i]!, d[i + 1]!, d[i + 2]!) - Math.min(d[i]!, d[i + 1]!, d[i + 2]!);
};

/** The median chroma of the pixels `offset` px inside the curve on the rays within 60° of straight down (or where listed in `at`). */
function ringChroma(img: RgbImage, centre: { x: number; y: number }, at: number[], radii: number[]): number {
  const values: number[] = [];
  radii.forEach((r, k) => {
    const a = (Math.PI * k) / (radii.length - 1), rr = at[k]!;
    if (Math.abs(a - Math.PI / 2) > Math.PI / 3 || !(rr > 0) || rr > r) return;
    const x = Math.round(centre.x + Math.cos(a) * rr), y = Math.round(centre.y + Math.sin(a) * rr);
    if (x >= 0 && y >= 0 && x < img.width && y < img.height) values.push(chroma(img, x, y));
  });
  return median(values);
}

/**
 * The curve pulled in to a contrast neckband's inner edge (NECK_OPENING
 * bandMaxWidth): on each ray the strongest step darker outwards within the
 * band's width inside the curve. Kept as traced when too few rays show one
 * or the band is not coloured unlike the inside (a shadow under the front).
 */
function keptFrontBand(img: RgbImage, e: RayEdges, centre: { x: number; y: number }, radii: number[], bw: number): number[] {
  const P = NECK_OPENING, span = Math.round(bw * P.bandMaxWidth);
  const inner = radii.map((r, i) => {
    let best = -P.minEdge, at = NaN;
    for (let rr = Math.max(e.r0, Math.round(r) - span); rr <= Math.round(r) - 2; rr++) {
      const v = e.edge[i]![rr - e.r0]!;
      if (v < best) { best = v; at = rr; }
    }
    return at;
  });
  const lower = inner.filter((_, k) => Math.abs((Math.PI * k) / (radii.length - 1) - Math.PI / 2) <= Math.PI / 3);
  if (lower.filter((r) => !Number.isNaN(r)).length < lower.length * P.bandMinRays) return radii;
  const band = ringChroma(img, centre, inner.map((r, k) => (r + radii[k]!) / 2), radii);
  const inside = ringChroma(img, centre, inner.map((r) => r - P.edgeSpanPx), radii);
  if (!(band - inside >= P.bandMinChroma)) return radii;
  return mirrored(radii.map((r, k) => (Number.isNaN(inner[k]!) ? r : inner[k]! + 0.5)));
}

/** A mask with the opening taken out (alpha multiplied by 1 − the opening's). */
export function withoutOpening(mask: Mask, opening: Mask): Mask {
  const out = { width: mask.width, height: mask.height, data: mask.data.slice() };
  // (the opening lies near the top: past its last non-zero pixel mask × (1 − 0) is the mask itself, copied above)
  let end = opening.data.length;
  while (end > 0 && opening.data[end - 1] === 0) end--;
  for (let i = 0; i < end; i++) out.data[i] = mask.data[i]! * (1 - opening.data[i]!);
  return out;
}
