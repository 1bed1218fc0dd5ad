/**
 * The quality verdict of one try-on result: small checks on the pipeline's
 * own outputs (the garment matte, the drawn garment, the removal and its
 * fills, the pose), each measured as a figure, turned into a penalty between
 * its `ok` and `bad` levels, and combined into a score in 0..1 with a warning
 * code for every check past its `ok` level. The job layer fails a result whose
 * score is below the request's `min_quality` (README "Result quality").
 *
 * Each check is a pure function of masks and images at the analysis size, so
 * it can be tested on synthetic masks whose figures are worked out by hand.
 */
import type { Category, QualityVerdict, QualityWarning } from '../engine.js';
import { createMask, luma, resizeImage, type Mask, type RgbImage } from '../../vision/image.js';
import { boundedChessboardDistance, cropToBounds } from '../../vision/box-distance.js';
import { components, fillHoles, maskArea, maskBounds, morphPair, resizeMask } from '../../vision/mask-ops.js';
import { extractPalette, paletteDistance2, type Palette } from '../../vision/palette.js';
import type { PersonAnalysis } from '../../vision/person-analysis.js';
import type { GarmentAnalysis } from './garment-analysis.js';
import { busyFill } from './verdict-busy-fill.js';
import { armBones, oldCuffs } from './verdict-cuffs.js';
import { cutOutBackdrop, readOutline, rimShare, softEdgeShare } from './verdict-edges.js';
import { haloShare } from './verdict-halo.js';
import { innerBackShare } from './verdict-neckline.js';
import { smoothPatchShare } from './verdict-sharpness.js';
import { erasedLimbs, limbBones } from './verdict-limbs.js';
import { nearBox, oldRemnants, readOldColours, type OldColours, type OldGarmentInputs } from './verdict-remnants.js';
import { layerIndex, type GarmentLayer } from './warp-render.js';
import { drawnSleeves, washedSleeveShare } from './verdict-sleeves.js';
import { skirtShare, topCutSw } from './verdict-cut-top.js';
import { waistNotchSw2 } from './verdict-waist-notch.js';
import { legFlapSw2 } from './verdict-flap.js';
import { scratchMask, scratchUnion, withMaskArena, type MaskArena } from './verdict-scratch.js';
import { handWindowSw2, lostHandShare } from './verdict-hands.js';
import { handsFrontZone } from './hands-front.js';
import { footprintTexture, handSkinChangedSw2, openingAndThroat, shoulderDropSw, keptInNecklineSw2, legSkinBesideSw2, legSkinOf, neckSkinCoveredSw2, overlapArea } from './verdict-placement.js';

/**
 * Where each figure starts to count (`ok`) and where it alone makes the
 * result unusable (`bad`); the penalty ramps linearly between them. For
 * figures where lower is worse (`fillRatio`, `poseScore`) `ok` > `bad`.
 * Chosen on the tune half of the fixtures (README "Result quality").
 */
export const QUALITY_LIMITS = {
  /** Share of the garment matte outside its largest piece: a whole garment is one piece. */
  strayShare: { ok: 0.03, bad: 0.15 },
  /**
   * Share of the matte's filled outline that is holes. A hole in the matte is
   * a hole in the drawn garment: the old top shows through it and the pieces
   * around it read as torn. On the tune half every matte (worn garments'
   * included) measured 0 but one: a polo whose collar and front were read
   * with holes, drawn as torn pieces with the old top at the neck, 0.025.
   * A worn garment's arms may leave a hole against its side: a small one
   * counts little (ok), one a tenth of the outline refuses alone (bad).
   */
  holeShare: { ok: 0.01, bad: 0.1 },
  /** Matte area / its bounding box: garments fill 0.45–0.8 of their box; a scatter of fragments far less. */
  fillRatio: { ok: 0.4, bad: 0.2 },
  /**
   * Old top kept as a layer beneath a new top that shows only as slivers along
   * the new garment's edge (narrower than OLD_SLIVER_WIDTH_SW), shoulder widths².
   * On the tune half, tops worn over a kept layer (a tee under a cropped top,
   * long sleeves past short ones) left at most 0.012; old sleeves showing
   * beside the new ones, or a piece of an old sleeve beside the arm, 0.016–0.019.
   */
  oldSliverSw2: { ok: 0.01, bad: 0.02 },
  /**
   * Old garment kept as a layer that shows below the new garment's top edge in
   * its column (beside a sleeve, around a dress, below new shorts; for a top,
   * not over the torso, where a tee's band under a cropped top is worn so),
   * shoulder widths². A layer that reads as worn beneath shows above or beside
   * the new garment (a tee's neckline, a dress's top over new trousers): on
   * the tune half acceptable results measured at most 0.021; old sleeves
   * beside new ones, an old top or skirt around a new dress, old trousers
   * below new legwear 0.03–1.07 (most above 0.1). An old tee showing beside
   * the new one at the waist measured 0.033 and an old sleeve's flare beside
   * a new sleeve 0.06: both refused at the default min_quality.
   */
  keptBelowSw2: { ok: 0.025, bad: 0.045 },
  /**
   * Old legwear kept as a layer beneath a new lower garment and left showing,
   * shoulder widths² (see keptLegwear). On the tune half, kept corners at
   * hems and beside wide legs measured up to 0.09 (in acceptable results
   * too); old trousers' legs below new shorts 0.8–1.1, an old skirt's side
   * beside new trousers 0.135–0.28: each alone refuses the result.
   */
  oldLegwearSw2: { ok: 0.12, bad: 0.135 },
  /**
   * Share of the drawn garment outside the person's silhouette (grown by
   * OUTSIDE_MARGIN_SW). On the tune half a flared leg standing off the shin
   * measured 0.04 in a result graded acceptable; lower garments pasted flat
   * beyond the legs 0.08–0.11, dresses and sleeves drawn into the
   * background 0.1–0.25.
   */
  outsideShare: { ok: 0.05, bad: 0.12 },
  /** Old-garment-coloured pixels left in and beside the removed region, per removed pixel. */
  oldLeftShare: { ok: 0.04, bad: 0.15 },
  /**
   * Pieces of the old garment's colours left in and beside the removed
   * region, shoulder widths² (verdict-remnants.ts): what oldLeftShare misses
   * on a large garment. On the tune half results graded acceptable measured 0
   * (a faint ghost outline beside the arms 0.005); old trouser cuffs over the
   * shoes 0.05, old pieces and painted blocks in old colours 0.01–0.16.
   */
  oldRemnantSw2: { ok: 0.006, bad: 0.03 },
  /**
   * Old garment along the limbs' bones shown in the background's colours
   * (verdict-limbs.ts), shoulder widths². On the tune half results graded
   * acceptable measured at most 0.015; old sleeves and fills along arms cut
   * off 0.016–0.024 (all refused by other checks), arms erased below a short
   * new sleeve (white old sleeves on a white background) 0.044.
   */
  limbErasedSw2: { ok: 0.02, bad: 0.04 },
  /**
   * An old top's sleeve ends left along the arms outside the removed region
   * and the new garment (verdict-cuffs.ts), shoulder widths²: a long
   * sleeve's forearm or cuff, or a piece of the old top between arm and
   * waist, that the parse did not take. On the tune half (50 results with a
   * top or dress drawn) the acceptable result measured 0, as did 37 of the
   * others; specks at a fill's edge or an old hem 0.002–0.0027; an old
   * cardigan's cuffs shredded at both wrists below a new tee 0.0049, a piece
   * of an old tee beside the waist 0.0044, old sleeves and blocks beside the
   * arms 0.004–0.015.
   */
  oldCuffSw2: { ok: 0.004, bad: 0.01 },
  /**
   * A top kept in front of new trousers or a skirt but cut straight by their
   * top edge where the photo showed it going on below (verdict-cut-top.ts),
   * shoulder widths: the longest straight run of such columns. On the tune
   * half (21 lower results, none graded acceptable) an open coat's tails cut
   * at the new trousers' waistband measured 0.161 (with the parse's hanging
   * top turned off; 0.032 with it); the other results 0–0.049, except two
   * refused by other checks (a white top's hem over a painted waist 0.116, 0.31).
   * A dress whose lower part the parse took as the old lower garment (one
   * colour above and below the cut, measured since the skirt test, see
   * TOP_CUT.minSkirtShare), cut straight at the new waistband with a hard
   * seam: 0.82–1.11 (five results). Since a dress's bodice above a
   * waistband at the waist reads as a top tucked in (verdict-cut-top.ts
   * DRESS_WAIST), a shift dress as a top over paisley trousers (graded
   * acceptable) measures 0 and is delivered; a dress and a tunic cut below
   * the hips still 0.82–1.03, the other two 0–0.036 (refused by other checks).
   */
  topCutSw: { ok: 0.06, bad: 0.12 },
  /**
   * Fill beside a new waistband under a kept garment cut there
   * (verdict-waist-notch.ts), shoulder widths²: the notches left where a
   * dress or a long top, kept above the new lower garment, was wider than
   * its waistband. On the tune half (21 lower results) the acceptable-looking
   * one (new jeans under a cardigan's band) and 14 others measured 0; a
   * sweater over a skirt 0.0017, a coat's tails 0.0024; dresses cut at the
   * new waistband with fill beside it 0.0055–0.0155, a seated person's old
   * trousers kept on one leg over fill 0.0081 (all refused by other checks too).
   */
  waistNotchSw2: { ok: 0.004, bad: 0.012 },
  /** Filled (removed and not covered by the new garment) pixels per person pixel. */
  fillShare: { ok: 0.08, bad: 0.25 },
  /**
   * Texture of the fill / texture of the person's untouched skin near it. A
   * painted block is nearly flat (≤ 0.05); fills that read as skin or as a
   * smooth studio background measured 0.11–1 on the tune half.
   */
  fillTexture: { ok: 0.15, bad: 0.03 },
  /**
   * Longest straight contrasted edge of a fill against untouched pixels, in
   * shoulder widths. A neckline's or a hem's fill measured up to 0.46 on the
   * tune half; a painted block beside a detached piece of garment 0.6 and up.
   */
  hardEdgeSw: { ok: 0.45, bad: 0.7 },
  /**
   * Share of the feet zone (the shoes below the ankles) that the new garments
   * cover. A hem ends on the shoe's top (a flared one over part of it): on the
   * tune half acceptable results measured at most 0.34; trousers and dresses
   * drawn over the shoes, swallowing the feet, 0.73–1 (0.42–0.58 when over
   * one foot).
   */
  feetCoveredShare: { ok: 0.5, bad: 0.9 },
  /**
   * Skin of the photo on the neck's centre line (the throat and just below
   * the shoulders' line) that a new top or dress covers, shoulder widths²
   * (verdict-placement.ts). A neckline sitting higher than the old one's
   * covers at most ~0.02; on the tune half acceptable results measured at
   * most 0.008, while tops drawn up the neck to the chin, a neck opening
   * filled with a flat block or a square notch over the throat 0.044–0.13.
   */
  neckSkinSw2: { ok: 0.025, bad: 0.05 },
  /**
   * The old top kept as a layer beneath a new top or dress that shows inside
   * the new neckline (above its top edge, in the neck opening's columns),
   * shoulder widths² (verdict-placement.ts): an old crew neck's band or
   * collar left as a crescent across the throat above a lower new neckline.
   * On the tune half the tees graded broken for it (a tee's band, collar or
   * the old tee's own neck above the new one, a polo's collar) measured
   * 0.039–0.112, results without old garment in the neck 0. A cami or
   * strappy top over a tee or dress shows the old neckline as a layer
   * (0.18, graded acceptable) and is refused by this too: a known cost.
   */
  keptNecklineSw2: { ok: 0.03, bad: 0.05 },
  /**
   * What shows inside the drawn neck opening of a top or dress with sleeves
   * on both arms, below the neck's base: its texture at full size (mean
   * |Laplacian| of the luminance) over the throat's skin texture
   * (verdict-placement.ts openingAndThroat, footprintTexture). A neck and
   * chest shown through a neckline, or made there, are skin as smooth as
   * the throat; an old top kept beneath (a knit's rib and neck band, a polo's
   * collar and placket, a shirt's stripes) is not, whatever its colour: a
   * beige knit parsed as skin has no old garment for keptNecklineSw2 to
   * read. On the tune half (30 sleeved tops and dresses read) chests bare
   * in the photo measured 0.4–1.1, chests made there 0.8–2.0 (smeared
   * fills the roughest), old garment in the opening 2.3–12 (a beige knit's
   * neck band 2.8, a polo's collar and placket 12, an old strap or collar
   * fragment, an inside back in a V). Sleeveless tops are not read: a cami's
   * low edge over a kept top is a layered look. Hair, a textured necklace or
   * lace worn beneath in the opening read as texture too: a known cost.
   */
  openingTextureRatio: { ok: 2.2, bad: 2.6 },
  /**
   * Share of the centre columns of a flat top's drawn matte that still hold
   * the photo's inside back (verdict-neckline.ts): a flat, darker run from
   * the top edge at least 0.06 body widths deep, then a flat front brighter
   * below it, the part neck-opening.ts cuts out when the photo's geometry
   * matches a neck opening. Drawn, it is a grey patch or a second collar
   * curve inside the neckline. On the tune half (51 results with a flat top
   * or dress read) the acceptable result measured 0, tops and dresses whose
   * neck opening was cut or hidden 0–0.24 (a ragged neck notch 0.24); a
   * blouse's inside back with its label drawn across the throat 0.92, a
   * tee's inside back drawn as a second collar curve 0.71, a red tee's
   * shadowed inside 0.6.
   */
  innerBackShare: { ok: 0.3, bad: 0.6 },
  /**
   * The person's hair that a new top or dress covers, shoulder widths²: hair
   * falling in front of the shoulders stays in front of a top. On the tune
   * half (55 results with a top or dress drawn) those whose hair reads whole
   * measured at most 0.0091 (soft edges over hair beside the neck); hair cut
   * off by a shoulder drawn over it (a white block over curls, a garment edge
   * across the hair, hair chopped into blocks at the neckline) 0.0144–0.059.
   */
  hairCoveredSw2: { ok: 0.011, bad: 0.03 },
  /**
   * The person's bare leg beside a drawn lower garment, above its higher hem,
   * shoulder widths² (verdict-placement.ts). On the tune half the acceptable
   * result measured 0.004 and soft edges along trouser legs up to 0.009; a
   * leg sticking out of a trouser leg, a skin strip down a leg beside
   * trousers drawn off it 0.015–0.041.
   */
  legSkinSw2: { ok: 0.012, bad: 0.025 },
  /**
   * The photo's bare hand skin that the result changed, shoulder widths²
   * (verdict-placement.ts): a hand drawn over by the new garment or painted
   * out. On the tune half the acceptable result measured 0.0011 and results
   * whose hands read whole at most 0.004; a hand in a pocket drawn over by
   * new trousers, a hand beside a dress cut off at the wrist, fills painted
   * over the fingers 0.016–0.031.
   */
  handSkinSw2: { ok: 0.012, bad: 0.03 },
  /**
   * The largest share of a hand's skin in the photo (wrist to fingertips)
   * that the result shows in other colours (verdict-hands.ts): a hand in a
   * pocket or on the hip painted out into a smear, drawn over or ghosted by
   * the new garment. On the tune half (76 results, the hands' skin kept
   * whole over the protect mask's soft edge) the acceptable result measured
   * 0.029 and hands that read intact at most 0.17 (a hand's outline moved a
   * pixel against new trousers); a hand ghosted over new trousers 0.17;
   * hands painted out or pasted as smears 0.21–0.88 (a hand in a pocket,
   * much of its sliver of skin smeared, 0.43; 0.5 before that change).
   */
  handLostShare: { ok: 0.2, bad: 0.45 },
  /**
   * The photo kept beside a hand inside the new garment (verdict-hands.ts
   * handWindowSw2), shoulder widths²: a kept hand grown onto an old beige
   * skirt read as skin leaves that skirt showing through a window in the new
   * dress or trousers. On the tune half every result graded acceptable
   * measured 0 (hands' outlines beyond the parsed hands are slivers, opened
   * away); results graded broken 0.009–0.043: an old skirt kept below the
   * hand inside a new dress or trousers 0.023 (the dress's only other
   * figure past ok was outsideShare, delivered at 0.95 without this).
   */
  handWindowSw2: { ok: 0.01, bad: 0.03 },
  /**
   * How far a sleeved new top's or dress's top edge sits below the person's
   * shoulders, shoulder widths (median over the shoulder zone's columns,
   * verdict-placement.ts): a top hangs from the shoulders. On the tune half
   * (35 results with a sleeved top or dress drawn, none graded acceptable)
   * the one nearest to acceptable (a shirt with a soft sleeve edge) measured
   * 0.034; a tee drawn as a box below an old sweater's shoulders 0.052;
   * skin-coloured blocks over the shoulders, an old collar or shirt kept
   * above a new tee 0.06–0.29.
   */
  shoulderDropSw: { ok: 0.04, bad: 0.1 },
  /** The pose model's own score (below MIN_POSE_SCORE the person is refused only when no face is seen). */
  poseScore: { ok: 0.8, bad: 0.5 },
  /**
   * Share of the new garment's contrasted outline that is smeared (verdict-edges.ts):
   * its brightness step spread over several pixels instead of taken at once.
   * On the tune half, results whose outline reads clean at full size measured
   * at most 0.052 (most under 0.035); garments smeared or rimmed into the
   * background, a blurred ghost band beside a sleeve, an old sleeve painted
   * out as a white smear 0.094–0.27.
   */
  softEdgeShare: { ok: 0.06, bad: 0.15 },
  /**
   * Share of the new garment's outline with a thin light or dark rim along it
   * (verdict-edges.ts): the product photo's background left round the cut-out,
   * a dotted ghost outline beside the arms, grey smears along trouser sides;
   * not a line wholly inside the garment in its own colours (its print
   * reaching the edge, verdict-edges.ts OWN_COLOUR: acceptable results read
   * 0–0.22 when it counted, 0–0.11 since).
   * On the tune half, results whose outline reads clean at full size measured
   * at most 0.086 (a dress's pale lining at its neckline); halos round a shirt,
   * down the arms, along trouser sides 0.2–0.46.
   */
  rimShare: { ok: 0.1, bad: 0.25 },
  /**
   * Share of the new garment's outline with a halo read in colour
   * (verdict-halo.ts): a band at least 3 px wide at the analysis size, from
   * just inside the outline out through what the engine changed beyond it,
   * whose colour is far from every garment colour beside it and every photo
   * colour beyond it (the product photo's background or a worn photo's skin
   * kept at the cut-out's edge, a fill smearing colours past the outline),
   * and not wholly inside the garment in its own colours (its print reaching
   * the edge, verdict-edges.ts OWN_COLOUR), the outline read only where it
   * shows (not behind an arm in front of it).
   * Re-measured on the tune half once the print and the hidden outline no
   * longer counted (they had set the clean level: the acceptable results
   * measured 0–0.31 with them, a printed shirt's hem band and sleeve edges
   * 0.31, a zebra cami's hem 0.052): the acceptable results 0–0.018 but the
   * printed shirt (0.24: its hem and sleeve edges against the jeans and the
   * arms keep bands of blended colours); a trouser leg's ragged strip below a
   * coat and flecks in the leg gap, the only fault of a result graded broken,
   * 0.041; pale ghosts beside a dress or between the thighs 0.033–0.068;
   * painted blocks and smeared remnants beside garments, made limbs and
   * shorts' legs over flat fills 0.11–0.31. The ok level
   * moved from 0.045 (set over the print's noise) to 0.03, between the
   * acceptable results and the ragged strip. Since a print's minor colours
   * count as its own (OWN_COLOUR's colour set), the soft edge's one blended
   * pixel beyond the outline does not make a print band a halo, and both
   * give way where the colour is the garment photo's background beyond its
   * cut-out (CUT_OUT_BACKDROP: a kept fringe), the printed shirt measures
   * 0.019 (0.22 before; its rim 0.13 → 0.017, soft edge 0.093 → 0.004) and
   * is delivered; a zebra cami's grey hem fringe still 0.08, refused.
   */
  haloShare: { ok: 0.03, bad: 0.12 },
  /**
   * Fill whose neighbourhood is busy (verdict-busy-fill.ts), shoulder widths²:
   * the old print left in a fill, or a strip painted out raggedly between the
   * new garment's outline and the background. On the tune half results
   * graded acceptable in the lenient grading measured at most 0.026 (a fill
   * strip beside a flared trouser leg); sleeves torn and scalloped over a
   * painted-out printed shirt 0.071, painted blocks and old pieces beside
   * new garments 0.04–0.12 (refused by other checks too).
   */
  busyFillSw2: { ok: 0.035, bad: 0.065 },
  /**
   * Share of the drawn garment's patches smoother than the smoothest tenth of
   * its photo's, at the same scale (verdict-sharpness.ts): about 0.1 for a
   * garment drawn as sharp as its photo. On the tune half the acceptable
   * result measured 0.057 and the others 0–0.26, but for a dress with its
   * inside back across the neckline and smeared skin beside its sleeves,
   * 0.33; a sheer blouse drawn as a blur (its grain lost, the sleeves
   * streaked, a skin-toned smudge inside) 0.45.
   */
  smoothPatchShare: { ok: 0.3, bad: 0.45 },
  /**
   * Share of the drawn sleeves' solid interior whose colour in the result is
   * far from the colour drawn (verdict-sleeves.ts): a grey, translucent or
   * skin-toned smear blended over the sleeve after the draw. On the tune half
   * (36 results with sleeves large enough to judge; the acceptable result has
   * none) sleeves not noted as smeared or ghosted measured at most 0.02;
   * sleeves smeared into a pale background, tops and dresses blurred or
   * rimmed with a grey halo 0.056–0.071; sleeves drawn off a raised arm into
   * the background 0.094–0.117, sleeves smeared into the background with
   * ragged cuffs, a blurred blob over sheer sleeves 0.19–0.27.
   */
  washedSleeveShare: { ok: 0.04, bad: 0.15 },
  /**
   * The largest solid piece of a new lower garment standing off the person's
   * outline over the photo's background (verdict-flap.ts), shoulder widths²:
   * a trouser leg, a folded pocket or a hem corner drawn beside the leg,
   * which outsideShare reads as a few percent of the whole garment. On the
   * tune half (21 lower results) the acceptable ones (palazzo trousers,
   * trousers over the shoes) and 10 others measured 0; hems and legs drawn
   * wide off the walking or standing legs, trousers pasted as a flat block
   * over a stride or a seated pose 0.018–0.18 (all refused by other checks
   * too).
   */
  legFlapSw2: { ok: 0.01, bad: 0.04 },
} as const;

type Figure = keyof typeof QUALITY_LIMITS;

/** Which warning each figure raises. */
const WARNING_OF: Record<Figure, QualityWarning> = {
  strayShare: 'garment_matte_fragmented',
  holeShare: 'garment_matte_fragmented',
  fillRatio: 'garment_matte_fragmented',
  outsideShare: 'garment_outside_body',
  oldLeftShare: 'old_garment_visible',
  oldRemnantSw2: 'old_garment_visible',
  limbErasedSw2: 'limb_erased',
  oldCuffSw2: 'old_garment_visible',
  oldSliverSw2: 'old_garment_visible',
  keptBelowSw2: 'old_garment_visible',
  oldLegwearSw2: 'old_garment_visible',
  topCutSw: 'garment_misaligned',
  waistNotchSw2: 'large_fill',
  fillShare: 'large_fill',
  fillTexture: 'flat_fill',
  hardEdgeSw: 'fill_hard_edge',
  feetCoveredShare: 'garment_misaligned',
  neckSkinSw2: 'garment_misaligned',
  keptNecklineSw2: 'garment_misaligned',
  openingTextureRatio: 'old_garment_visible',
  innerBackShare: 'garment_misaligned',
  hairCoveredSw2: 'garment_misaligned',
  legSkinSw2: 'garment_misaligned',
  handSkinSw2: 'garment_misaligned',
  handLostShare: 'limb_erased',
  handWindowSw2: 'old_garment_visible',
  shoulderDropSw: 'garment_misaligned',
  poseScore: 'low_pose_confidence',
  softEdgeShare: 'smeared_edges',
  rimShare: 'smeared_edges',
  haloShare: 'smeared_edges',
  busyFillSw2: 'smeared_edges',
  smoothPatchShare: 'smeared_edges',
  washedSleeveShare: 'smeared_edges',
  legFlapSw2: 'garment_outside_body',
};

/** Margin around the person's silhouette that a garment may stand off it (a flared skirt, a loose sleeve), shoulder widths. */
export const OUTSIDE_MARGIN_SW = 0.08;
/**
 * Pixels of `shown` (the old garment kept as a layer, where no new garment
 * covers it) lower than the top of `cover` in their column and outside
 * `worn`: where the new garment is drawn above, a layer beneath should not
 * show (old sleeves beside new ones, an old top around a dress, old trousers
 * below new shorts). A layer's neckline above the new one, its sleeves in
 * columns the new garment does not reach, and `worn` (the torso, for tops: a
 * tee's band under a cropped top is worn so) are not counted.
 */
export function keptBelowCover(shown: Mask, cover: Mask, worn?: Mask, top: Int32Array = columnTops(cover)): number {
  const { width: w, height: h } = cover;
  let n = 0;
  for (let y = 0; y < h; y++) {
    for (let x = 0, i = y * w; x < w; x++, i++) {
      if (y > top[x]! && shown.data[i]! >= 0.5 && cover.data[i]! < 0.5 && !(worn && worn.data[i]! >= 0.5)) n++;
    }
  }
  return n;
}

/** The first row of `cover` in each column (its height where the column is empty): one scan for every pass's keptBelowCover. */
export function columnTops(cover: Mask): Int32Array {
  const { width: w, height: h } = cover;
  const top = new Int32Array(w).fill(h);
  // (over the cover's box only: no row or column beyond it holds any)
  const b = maskBounds(cover);
  for (let y = b ? b.y1 : -1; b && y >= b.y0; y--) for (let x = b.x0, i = y * w + x; x <= b.x1; x++, i++) if (cover.data[i]! >= 0.5) top[x] = y;
  return top;
}

/** A kept old garment narrower than this, shoulder widths, is a sliver beside the new one, not a layer worn beneath. */
export const OLD_SLIVER_WIDTH_SW = 0.03;
/** Width of the band beside the removed region where old-garment remnants are looked for, shoulder widths. */
export const OLD_BAND_SW = 0.15;
/** Feet seen over less than this, shoulder widths², are cut by the frame or hidden: too little to judge a hem against (whole feet measure 0.15–0.33). */
const MIN_JUDGED_FEET_SW2 = 0.1;
/** A fill smaller than this share of the person is too small to judge its texture or edges. */
const MIN_JUDGED_FILL_SHARE = 0.01;
/** Luminance step across a fill's edge that reads as a hard edge, 0..255. */
const HARD_EDGE_STEP = 18;

/** 0 at `ok`, 1 at `bad` and beyond, linear between (either direction). */
export function penalty(value: number, limit: { ok: number; bad: number }): number {
  const t = (value - limit.ok) / (limit.bad - limit.ok);
  return Math.min(1, Math.max(0, t));
}

/** Score = Π (1 − penalty) over the figures measured; a warning per figure past `ok`. */
export function combineFigures(figures: Partial<Record<Figure, number>>): QualityVerdict {
  let score = 1;
  const warnings = new Set<QualityWarning>();
  for (const [name, value] of Object.entries(figures) as [Figure, number][]) {
    const p = penalty(value, QUALITY_LIMITS[name]);
    score *= 1 - p;
    if (p > 0) warnings.add(WARNING_OF[name]);
  }
  const rounded: Record<string, number> = {};
  for (const [name, value] of Object.entries(figures)) rounded[name] = Number(value.toFixed(4));
  return { score: Number(score.toFixed(3)), warnings: [...warnings].sort(), figures: rounded };
}

/** How whole a garment matte is: share outside its largest piece, share of holes in its outline, area / bounding box. */
export function matteFragmentation(matte: Mask): { strayShare: number; holeShare: number; fillRatio: number } {
  const area = maskArea(matte);
  const box = maskBounds(matte);
  if (area === 0 || !box) return { strayShare: 1, holeShare: 0, fillRatio: 0 };
  // (its pieces and holes all lie in its box, and a background pixel on the box's edge touches the background outside it: labelled there)
  const inBox = cropToBounds(matte) ?? matte;
  const largest = Math.max(...components(inBox).sizes);
  const filled = maskArea(fillHoles(inBox));
  const boxArea = (box.x1 - box.x0 + 1) * (box.y1 - box.y0 + 1);
  return { strayShare: 1 - largest / area, holeShare: (filled - area) / filled, fillRatio: area / boxArea };
}

/** Share of `cover` (the drawn garment) outside `body` grown by `marginPx`. */
export function outsideShare(cover: Mask, body: Mask, marginPx: number): number {
  // (read only under the drawn garment: swept over its box grown by the margin, not the whole body)
  const d = boundedChessboardDistance(body, marginPx + 1, maskBounds(cover));
  let drawn = 0, outside = 0;
  for (let i = 0; i < cover.data.length; i++) {
    if (cover.data[i]! < 0.5) continue;
    drawn++;
    if (d[i]! > marginPx) outside++;
  }
  return drawn === 0 ? 0 : outside / drawn;
}

/**
 * Pixels of the result, inside the removed region or within `bandPx` of it and
 * not under a new garment, whose colour is the old garment's (its palette)
 * rather than the surroundings', per removed pixel. A fill that reads as skin
 * or background beside a similar old garment is not counted, nor the edge of
 * a new garment like the old one: a pixel counts only when it is clearly
 * nearer the old garment's colours than the surroundings' and the new one's.
 */
export function oldGarmentLeft(x: OldGarmentInputs): number {
  const oldArea = maskArea(x.old);
  // (newPalette: a new garment like the old one: its own soft edge is not a remnant)
  const { oldPalette, newPalette, near, oldBox } = x.colours ?? readOldColours(x);
  if (oldArea === 0 || !oldPalette) return 0;
  // the surroundings' colours over the whole surround: as measured since the
  // limits were set (a ring within 3 bands of the old garment was meant, but its
  // distance was capped at bandPx + 1, so the ring always held the whole surround)
  // (read at the first pixel in old colours: a clean result has none, and the surround spans most of the frame)
  let surroundPalette: Palette | null | undefined;
  const ch = x.result.channels;
  let left = 0;
  // (the planes read per pixel taken out of their objects once: read through them, such loops ran 2–3× slower)
  const cover = x.cover.data, keep = x.keep.data, rgb = x.result.data;
  // (in raster order over the box within bandPx of the old garment: no pixel beyond it is near)
  const box = nearBox(x.old, x.bandPx, oldBox), w = x.old.width;
  for (let y = box ? box.y0 : 0; box && y <= box.y1; y++) {
    for (let i = y * w + box.x0, end = y * w + box.x1; i <= end; i++) {
      if (near[i]! > x.bandPx || cover[i]! >= 0.5 || keep[i]! >= 0.5) continue;
      const r = rgb[i * ch]!, g = rgb[i * ch + 1]!, b = rgb[i * ch + 2]!;
      const dOld = paletteDistance2(oldPalette, r, g, b);
      if (dOld > OLD_COLOUR_D2) continue;
      if (surroundPalette === undefined) surroundPalette = extractPalette(x.original, x.surround, 3);
      if (surroundPalette && paletteDistance2(surroundPalette, r, g, b) <= dOld * 4) continue;
      if (newPalette && paletteDistance2(newPalette, r, g, b) <= dOld * 4) continue;
      left++;
    }
  }
  return left / oldArea;
}
/** RGB distance² within which a pixel has an old garment's colour. */
const OLD_COLOUR_D2 = 30 * 30;

/**
 * Pixels of the old garment kept as a layer beneath the new one (layering.ts)
 * that show only as a thin strip along the new garment's edge: narrower than
 * `widthPx` (they vanish in a morphological opening of that radius) and
 * within 2 px of the new garment. A layer worn beneath shows as a broad area
 * (a long sleeve past a short one, a tee's hem under a cropped top); a strip
 * beside the new sleeve or above the new waistband is the old garment left
 * where the new one should be.
 */
export function oldGarmentSliver(shown: Mask, cover: Mask, widthPx: number, nearCover: Uint8Array = nearCoverOf(cover)): number {
  const r = Math.max(1, Math.round(widthPx));
  const opened = morphPair(shown, -r, r);
  let n = 0;
  for (let i = 0; i < shown.data.length; i++) {
    if (shown.data[i]! >= 0.5 && opened.data[i]! < 0.5 && nearCover[i]! <= SLIVER_BESIDE_PX) n++;
  }
  return n;
}
/** A sliver touches the new garment: within this many px of it (its soft edge lies between). */
const SLIVER_BESIDE_PX = 2;

/** Distance to `cover` as oldGarmentSliver compares it: one transform for every top's pass. */
function nearCoverOf(cover: Mask): Uint8Array {
  return boundedChessboardDistance(cover, SLIVER_BESIDE_PX + 1);
}

/** Share of `feet` under `cover` (the drawn garments); null when the feet are smaller than `minAreaPx`. */
export function feetCovered(cover: Mask, feet: Mask, minAreaPx: number): number | null {
  let area = 0, covered = 0;
  for (let i = 0; i < feet.data.length; i++) {
    if (feet.data[i]! < 0.5) continue;
    area++;
    if (cover.data[i]! >= 0.5) covered++;
  }
  return area === 0 || area < minAreaPx ? null : covered / area;
}


/** Mean |4-neighbour Laplacian| of `lum` over the pixels of `where` whose 4 neighbours are in it too; null when none. */
export function meanTexture(lum: Float32Array, where: Mask): number | null {
  const { width: w, height: h } = where;
  const m = where.data;
  let sum = 0, n = 0;
  for (let y = 1; y < h - 1; y++) {
    for (let x = 1; x < w - 1; x++) {
      const i = y * w + x;
      if (m[i]! < 0.5 || m[i - 1]! < 0.5 || m[i + 1]! < 0.5 || m[i - w]! < 0.5 || m[i + w]! < 0.5) continue;
      sum += Math.abs(4 * lum[i]! - lum[i - 1]! - lum[i + 1]! - lum[i - w]! - lum[i + w]!);
      n++;
    }
  }
  return n === 0 ? null : sum / n;
}

/**
 * The longest straight run (px) of a fill's edge against `kept` pixels, along
 * a row or a column, where the luminance steps by at least HARD_EDGE_STEP
 * from the fill's last pixel to the kept pixel EDGE_GAP_PX beyond it (the
 * compositor's soft edge lies between): the border of a painted block.
 * Edges against the new garment (a hem) are not counted: the pixel beyond is
 * the garment's, not kept.
 */
export function longestHardEdge(fill: Mask, kept: Mask, lum: Float32Array): number {
  const { width: w, height: h } = fill;
  const g = EDGE_GAP_PX, f = fill.data, k = kept.data;
  let best = 0;
  // horizontal edges (the kept pixels above or below), runs along the row
  for (let y = g; y < h - g; y++) {
    let up = 0, down = 0;
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      up = isHardEdge(f, k, lum, i, -w) ? up + 1 : 0;
      down = isHardEdge(f, k, lum, i, w) ? down + 1 : 0;
      best = Math.max(best, up, down);
    }
  }
  // vertical edges (the kept pixels left or right), runs down the column
  for (let x = g; x < w - g; x++) {
    let left = 0, right = 0;
    for (let y = 0; y < h; y++) {
      const i = y * w + x;
      left = isHardEdge(f, k, lum, i, -1) ? left + 1 : 0;
      right = isHardEdge(f, k, lum, i, 1) ? right + 1 : 0;
      best = Math.max(best, left, right);
    }
  }
  return best;
}
/** From a fill's last pixel to the kept pixel compared with it, px: past the compositor's 1–2 px soft edge. */
const EDGE_GAP_PX = 3;

/**
 * Whether the fill's last pixel `i` meets a kept pixel EDGE_GAP_PX beyond it
 * (`step`: towards the outside, ±1 or ±width) with a hard luminance step.
 * (A module function over the arrays, not a closure over the masks: it runs
 * four times per pixel and inlines.)
 */
function isHardEdge(fill: Float32Array, kept: Float32Array, lum: Float32Array, i: number, step: number): boolean {
  const j = i + EDGE_GAP_PX * step;
  return fill[i]! >= 0.5 && fill[i + step]! < 0.5 && kept[j]! >= 0.5 && Math.abs(lum[i]! - lum[j]!) >= HARD_EDGE_STEP;
}

export interface FillInputs {
  result: RgbImage;
  /** Filled pixels: changed by the removal, not covered by a new garment. */
  fill: Mask;
  /** Untouched pixels of the photo. */
  kept: Mask;
  /** Untouched skin near the fill: the texture it should have (studio backgrounds are smooth, so they are no reference). */
  reference: Mask;
  personArea: number;
  shoulderWidthPx: number;
  /** The result's luminance and the reference's meanTexture, when the caller already has them (the edge and busy-fill figures read them too). */
  lum?: Float32Array;
  referenceTexture?: number | null;
}

/** The fill's figures: its share of the person, its texture against the reference's, its longest hard edge. */
export function fillFigures(x: FillInputs): Partial<Record<'fillShare' | 'fillTexture' | 'hardEdgeSw', number>> {
  const share = x.personArea === 0 ? 0 : maskArea(x.fill) / x.personArea;
  if (share < MIN_JUDGED_FILL_SHARE) return { fillShare: share };
  const lum = x.lum ?? luma(x.result);
  const own = meanTexture(lum, x.fill);
  const ref = x.referenceTexture !== undefined ? x.referenceTexture : meanTexture(lum, x.reference);
  const out: Partial<Record<'fillShare' | 'fillTexture' | 'hardEdgeSw', number>> = { fillShare: share };
  if (own !== null && ref !== null && ref > 0) out.fillTexture = Math.min(1, own / ref);
  out.hardEdgeSw = longestHardEdge(x.fill, x.kept, lum) / Math.max(1, x.shoulderWidthPx);
  return out;
}

/** What the verdict reads from one try-on (all from the pipeline's own outputs). */
export interface VerdictInputs {
  person: PersonAnalysis;
  /** Shoulder width at the analysis size, px. */
  shoulderWidthPx: number;
  /** The person's skin parse, torso and feet zones (analysis size). */
  skin: Mask;
  torso: Mask;
  feet: Mask;
  /** The person's hair beside the head and above the shoulders (analysis size, ClothingRegions.hairBeside): hair falling in front of the shoulders stays in front of a top. */
  hair: Mask;
  /** The legs' and the hands' zones (analysis size): bare leg beside drawn legwear is a leg sticking out of it. */
  legs: Mask;
  hands: Mask;
  /** The person's lower garment as parsed (analysis size): left as it is under a new top, its colours beside the hands are no old sleeve. */
  lowerCloth: Mask;
  /**
   * Each pass: its garment and category, the old garment it removed, the old garment it kept as a layer beneath,
   * the parts it protected (kept on purpose, as that layer is), the arms in front of its panel (composite.ts cuts
   * the panel there: its coverage runs on behind them), the drawn layer.
   */
  passes: { garment: GarmentAnalysis; category: Category; oldHard: Mask; kept: Mask; wornBeneath?: Mask | null; protect: Mask; held?: Mask | null; armsInFront?: Mask; layer: GarmentLayer }[];
  /** The composed result at full size (before background and output size) and its changed-pixel map. */
  result: RgbImage;
  changed: Float32Array;
}

/** The verdict of one try-on result (its masks from an arena: see verdict-scratch.ts). */
export function judgeTryOn(x: VerdictInputs): Promise<QualityVerdict> {
  return withMaskArena((arena) => judgeWith(x, arena));
}

async function judgeWith(x: VerdictInputs, arena: MaskArena): Promise<QualityVerdict> {
  const { person } = x;
  const { width: aw, height: ah } = person.matte;
  // the resize runs in sharp's threads: started first, awaited once the masks that do not need it are made
  const resized = resizeImage(x.result, aw, ah);
  // (unions over the passes through the shared helper: a loop inline here runs unoptimised, ~4× slower)
  const none = arena.mask(aw, ah);
  // (masks are ≥ 0: the first one starts the union as well as an empty mask, one pass less)
  const unionOf = (masks: Mask[]) => scratchUnion(arena, masks[0] ?? none, ...masks.slice(1));
  const coverages = x.passes.map((p) => layerCoverage(p.layer, aw, ah));
  const cover = unionOf(coverages);
  const old = unionOf(x.passes.map((p) => p.oldHard));
  const keep = unionOf(x.passes.flatMap((p) => [p.protect, p.kept])); // (what each pass kept on purpose, its protected parts and its layer, united here: no frame-sized union per pass)
  // (its resizes run in sharp's threads too: started here, awaited last)
  const sharpness = sharpnessFigure(x, coverages, keep);
  const changed = resizeMask({ width: x.result.width, height: x.result.height, data: x.changed }, aw, ah).data;
  const masks = regionMasks(arena, { matte: person.matte, skin: x.skin, old, cover, changed }, x.shoulderWidthPx);
  const figures: Partial<Record<Figure, number>> = { ...worstMatte(x.passes.map((p) => p.garment)) };
  figures.outsideShare = outsideShare(cover, masks.body, Math.round(x.shoulderWidthPx * OUTSIDE_MARGIN_SW));
  const bandPx = Math.max(1, Math.round(x.shoulderWidthPx * OLD_BAND_SW));
  const small = await resized;
  // (both old-garment figures compare the same palettes and distance: read once)
  const colours = readOldColours({ original: person.small, result: small, old, cover, bandPx });
  figures.oldLeftShare = oldGarmentLeft({ original: person.small, result: small, old, cover, surround: masks.surround, keep, bandPx, colours });
  figures.oldRemnantSw2 = oldRemnants({ original: person.small, result: small, old, cover, surround: masks.surround, keep, untouched: masks.kept, bandPx, shoulderWidthPx: x.shoulderWidthPx, colours });
  const oldOrKept = scratchUnion(arena, old, ...x.passes.map((p) => p.kept));
  // the passes that draw a top or a dress: the neck, cuff and sleeve figures read only them
  const tops = x.passes.filter((p) => p.category !== 'lower');
  Object.assign(figures, cuffFigure(x, tops, { result: small, cover, keep }, colours, arena));
  figures.limbErasedSw2 = erasedLimbs({ original: person.small, result: small, bones: limbBones(person.keypoints, person.scale), old: oldOrKept, cover, matte: person.matte, skin: x.skin, shoulderWidthPx: x.shoulderWidthPx });
  figures.oldSliverSw2 = keptSlivers(x.passes, cover, x.shoulderWidthPx, arena);
  const columns = columnTops(cover);
  const keptBelow = x.passes.map((p) => keptBelowCover(keptLeftShowing(p, arena), cover, p.category === 'upper' ? x.torso : undefined, columns));
  figures.keptBelowSw2 = Math.max(0, ...keptBelow) / (x.shoulderWidthPx * x.shoulderWidthPx);
  figures.oldLegwearSw2 = keptLegwear(x.passes, cover, x.shoulderWidthPx, arena);
  const lower = lowerPasses(x, coverages, arena);
  if (lower) figures.legFlapSw2 = legFlapSw2(lower.cover, masks.body, x.shoulderWidthPx);
  Object.assign(figures, cutTopFigure(x, lower, { original: person.small, keep, changed }));
  // (the luminance and the skin's texture serve the fill, edge and busy-fill figures alike)
  // (in a plane of the arena: a new one the size of the frame each verdict otherwise, verdict-scratch.ts)
  const lum = luma(small, scratchMask(arena, small.width, small.height).data);
  const skinTexture = meanTexture(lum, masks.reference);
  Object.assign(figures, waistNotchFigure(x, lower, { fill: masks.fill, kept: masks.kept }, arena));
  Object.assign(figures, fillFigures({ result: small, fill: masks.fill, kept: masks.kept, reference: masks.reference, personArea: maskArea(person.matte), shoulderWidthPx: x.shoulderWidthPx, lum, referenceTexture: skinTexture }));
  const feet = feetCovered(cover, x.feet, MIN_JUDGED_FEET_SW2 * x.shoulderWidthPx * x.shoulderWidthPx);
  if (feet !== null) figures.feetCoveredShare = feet;
  Object.assign(figures, edgeFigures(x, { result: small, cover, keep, original: person.small, lum }, arena));
  Object.assign(figures, neckFigures(x, tops, coverages, arena), legFigure(x, lower), innerBackFigure(tops));
  figures.busyFillSw2 = busyFill({ lum, fill: masks.fill, keep, skinTexture, shoulderWidthPx: x.shoulderWidthPx }, arena);
  const helds = x.passes.flatMap((p) => (p.held ? [p.held] : []));
  Object.assign(figures, handFigures(x, { old: oldOrKept, changed, result: small, protect: unionOf(x.passes.map((p) => p.protect)), held: helds.length > 0 ? unionOf(helds) : null, cover }, arena));
  figures.poseScore = person.poseScore;
  Object.assign(figures, sleeveFigure(x, tops, small));
  Object.assign(figures, await sharpness);
  return combineFigures(figures);
}

/**
 * The outline figures (verdict-edges.ts, verdict-halo.ts): soft edges, rims
 * and halos, each only when enough outline could be read. The arms in front
 * of a garment cut it where it is composed (composite.ts), so behind them its
 * coverage is no outline anyone sees: they are kept parts here.
 */
function edgeFigures(x: VerdictInputs, d: { result: RgbImage; cover: Mask; keep: Mask; original: RgbImage; lum: Float32Array }, arena: MaskArena): Partial<Record<Figure, number>> {
  // (the garment photos' background beyond their cut-outs: a fringe in its colours is never the print; verdict-edges.ts CUT_OUT_BACKDROP)
  const backdrop = cutOutBackdrop(x.passes.flatMap((p) => (p.garment.source === 'none' ? [] : [p.garment])));
  const edges = { result: d.result, cover: d.cover, keep: scratchUnion(arena, d.keep, ...x.passes.flatMap((p) => (p.armsInFront ? [p.armsInFront] : []))), backdrop };
  const outline = readOutline(edges, d.lum);
  const figures: Partial<Record<Figure, number>> = {};
  const soft = softEdgeShare(edges, outline);
  if (soft !== null) figures.softEdgeShare = soft;
  const rim = rimShare(edges, outline);
  if (rim !== null) figures.rimShare = rim;
  const halo = haloShare({ ...edges, original: d.original }, outline);
  if (halo !== null) figures.haloShare = halo;
  return figures;
}

/**
 * The smooth-patch figure (verdict-sharpness.ts), the worst over the garments
 * drawn from a cut-out photo (not 'none': the whole photo is no garment's
 * detail); none when no garment could be judged.
 */
async function sharpnessFigure(x: VerdictInputs, coverages: Mask[], keep: Mask): Promise<Partial<Record<Figure, number>>> {
  const shares = await Promise.all(x.passes.map((p, k) =>
    p.garment.source === 'none' ? null : smoothPatchShare({ result: x.result, cover: coverages[k]!, keep, photo: p.garment.image, matte: p.garment.matte })));
  return worstOf('smoothPatchShare', shares);
}

/** `{ [name]: the largest of the figures measured }`, or none when none was (each garment judged alone; the worst one counts). */
function worstOf(name: Figure, shares: (number | null)[]): Partial<Record<Figure, number>> {
  const judged = shares.filter((s): s is number => s !== null);
  return judged.length === 0 ? {} : { [name]: Math.max(...judged) };
}

/**
 * The hands' figures: their skin changed (verdict-placement.ts), and the
 * share of a hand lost (verdict-hands.ts) over the hands' zone to the
 * fingertips (hands-front.ts), where a hand in a pocket or on the hip lies
 * on the old garment below the pose's hand capsules.
 */
function handFigures(x: VerdictInputs, d: { old: Mask; changed: ArrayLike<number>; result: RgbImage; protect: Mask; held: Mask | null; cover: Mask }, arena: MaskArena): Partial<Record<Figure, number>> {
  const { person } = x;
  const zone = scratchUnion(arena, x.hands, handsFrontZone(person, { shoulderWidth: x.shoulderWidthPx / person.scale }));
  return {
    handSkinSw2: handSkinChangedSw2(x.skin, x.hands, d.changed, x.shoulderWidthPx),
    handLostShare: lostHandShare({ original: person.small, result: d.result, zone, skin: x.skin, matte: person.matte, old: d.old, shoulderWidthPx: x.shoulderWidthPx }),
    handWindowSw2: handWindowSw2({ protect: d.protect, cover: d.cover, zone, hands: x.hands, held: d.held, changed: d.changed, shoulderWidthPx: x.shoulderWidthPx }),
  };
}

/** The lower passes' drawn coverage and the old garment they removed, each a union over them. */
interface LowerPasses { cover: Mask; oldLower: Mask }

/** The lower passes' coverage and removed old garment (LowerPasses), read once for every figure of legwear; null when no pass draws a lower garment. */
function lowerPasses(x: VerdictInputs, coverages: Mask[], arena: MaskArena): LowerPasses | null {
  const ks = x.passes.flatMap((p, k) => (p.category === 'lower' ? [k] : []));
  if (ks.length === 0) return null;
  return {
    cover: scratchUnion(arena, coverages[ks[0]!]!, ...ks.slice(1).map((k) => coverages[k]!)),
    oldLower: scratchUnion(arena, x.passes[ks[0]!]!.oldHard, ...ks.slice(1).map((k) => x.passes[k]!.oldHard)),
  };
}

/** The cut-top figure (verdict-cut-top.ts) of the lower garments drawn; none when there are none. */
function cutTopFigure(x: VerdictInputs, lower: LowerPasses | null, d: { original: RgbImage; keep: Mask; changed: Float32Array }): Partial<Record<Figure, number>> {
  if (!lower) return {};
  const { cover, oldLower } = lower;
  // (the changed share's own column tops: columnTops reads it from 0.5, as a mask of it would be)
  const changedMask = { width: cover.width, height: cover.height, data: d.changed };
  const k = x.person.keypoints, sc = x.person.scale;
  const at = (p: { x: number; y: number }) => ({ x: p.x * sc, y: p.y * sc });
  const skirt = skirtShare(oldLower, [at(k.leftHip), at(k.rightHip)], [at(k.leftKnee), at(k.rightKnee)]);
  return { topCutSw: topCutSw({ original: d.original, cover, oldLower, keep: d.keep, changed: d.changed, tops: columnTops(changedMask), shoulderWidthPx: x.shoulderWidthPx, skirtShare: skirt, hipsRow: ((k.leftHip.y + k.rightHip.y) / 2) * sc }) };
}

/** The waist-notch figure (verdict-waist-notch.ts) of the lower garments drawn; none when there are none. */
function waistNotchFigure(x: VerdictInputs, lower: LowerPasses | null, d: { fill: Mask; kept: Mask }, arena: MaskArena): Partial<Record<Figure, number>> {
  if (!lower) return {};
  const { cover: drawn, oldLower } = lower;
  // what shows of the new garment (its layer runs on under a kept top, unchanged there), and the garment kept unchanged
  const cover = arena.mask(drawn.width, drawn.height), keptGarment = arena.mask(drawn.width, drawn.height);
  const matte = x.person.matte.data, skin = x.skin.data, kept = d.kept.data;
  for (let i = 0; i < cover.data.length; i++) {
    cover.data[i] = drawn.data[i]! >= 0.5 && kept[i]! < 0.5 ? 1 : 0;
    keptGarment.data[i] = kept[i]! >= 0.5 && matte[i]! >= 0.5 && skin[i]! < 0.5 ? 1 : 0;
  }
  return { waistNotchSw2: waistNotchSw2({ original: x.person.small, cover, fill: d.fill, oldLower, keptGarment, shoulderWidthPx: x.shoulderWidthPx }) };
}

/**
 * The old garment a pass kept that reads as left showing: its kept layer
 * less an old top worn beneath a new top without sleeves on purpose (PassMaskSet.wornBeneath),
 * whose shoulders and neckline beside the straps are how such a layer shows.
 */
export function keptLeftShowing(p: Pick<VerdictInputs['passes'][number], 'kept' | 'wornBeneath'>, arena?: MaskArena): Mask {
  const worn = p.wornBeneath;
  if (!worn) return p.kept;
  const out = scratchMask(arena, p.kept.width, p.kept.height);
  for (let i = 0; i < out.data.length; i++) out.data[i] = p.kept.data[i]! * (1 - Math.min(1, worn.data[i]!));
  return out;
}

/** The washed-sleeve figure (verdict-sleeves.ts), the worst over the tops and dresses drawn with sleeves large enough to judge; none otherwise. */
function sleeveFigure(x: VerdictInputs, tops: VerdictInputs['passes'], small: RgbImage): Partial<Record<Figure, number>> {
  return worstOf('washedSleeveShare', tops.map((p) => washedSleeveShare(drawnSleeves(p.layer, small.width, small.height), small, x.shoulderWidthPx)));
}

/** The neck and hair figures (verdict-placement.ts) of the tops and dresses drawn (`coverages`: each pass's drawn layer); none when there are none. */
function neckFigures(x: VerdictInputs, tops: VerdictInputs['passes'], coverages: Mask[], arena: MaskArena): Partial<Record<Figure, number>> {
  const drawn = coverages.filter((_, k) => x.passes[k]!.category !== 'lower');
  if (drawn.length === 0) return {};
  const cover = drawn.length === 1 ? drawn[0]! : scratchUnion(arena, arena.mask(drawn[0]!.width, drawn[0]!.height), ...drawn);
  const { leftShoulder: l, rightShoulder: r } = x.person.keypoints;
  const neck = { x: ((l.x + r.x) / 2) * x.person.scale, y: ((l.y + r.y) / 2) * x.person.scale };
  const sw2 = Math.max(1, x.shoulderWidthPx * x.shoulderWidthPx);
  const kept = scratchUnion(arena, arena.mask(cover.width, cover.height), ...tops.map((p) => keptLeftShowing(p, arena)));
  return {
    neckSkinSw2: neckSkinCoveredSw2(cover, x.skin, neck, x.shoulderWidthPx),
    keptNecklineSw2: keptInNecklineSw2(kept, cover, neck, x.shoulderWidthPx),
    ...openingFigure(x, x.passes.map((pass, k) => ({ pass, cover: coverages[k]! })).filter((d) => d.pass.category !== 'lower'), neck),
    ...shoulderFigure(x, tops, cover, neck, arena),
    hairCoveredSw2: overlapArea(cover, x.hair) / sw2,
  };
}

/** Reference textures under this, luminance units per px, are taken as this: a throat in flat light is not a zero to divide by. */
const MIN_THROAT_TEXTURE = 0.5;

/** The opening-texture figure (verdict-placement.ts) of the tops and dresses drawn with sleeves on both arms (`drawn`: each pass with its coverage), the worst; none when none is read. */
function openingFigure(x: VerdictInputs, drawn: { pass: VerdictInputs['passes'][number]; cover: Mask }[], neck: { x: number; y: number }): Partial<Record<Figure, number>> {
  const ratios = drawn.filter((d) => d.pass.garment.upper?.sleeveL && d.pass.garment.upper.sleeveR).map((d) => {
    const m = openingAndThroat(d.cover, x.skin, neck, x.shoulderWidthPx);
    const inside = m && footprintTexture(x.result, m.opening), throat = m && footprintTexture(x.result, m.throat);
    return inside === null || throat === null ? null : inside / Math.max(MIN_THROAT_TEXTURE, throat);
  });
  return worstOf('openingTextureRatio', ratios);
}

/** The person's body as photographed, less the hair beside the head (hair over a shoulder is no shoulder's top). */
function bodyOf(x: VerdictInputs, arena: MaskArena): Mask {
  const m = arena.mask(x.skin.width, x.skin.height);
  const matte = x.person.matte.data, hair = x.hair.data;
  for (let i = 0; i < m.data.length; i++) m.data[i] = matte[i]! >= 0.5 && hair[i]! < 0.5 ? 1 : 0;
  return m;
}

/** The shoulder-drop figure (verdict-placement.ts) when every top or dress drawn has sleeves on both arms (a strap's or a sleeveless top's sides leave the shoulders bare by design); none otherwise. */
function shoulderFigure(x: VerdictInputs, tops: VerdictInputs['passes'], cover: Mask, neck: { x: number; y: number }, arena: MaskArena): Partial<Record<Figure, number>> {
  if (!tops.every((p) => p.garment.upper?.sleeveL && p.garment.upper.sleeveR)) return {};
  const drop = shoulderDropSw(bodyOf(x, arena), cover, neck, x.shoulderWidthPx);
  return drop === null ? {} : { shoulderDropSw: drop };
}

/** The inside-back figure (verdict-neckline.ts), the worst over the tops and dresses cut from a flat photo (a worn photo's neck holds its wearer); none when there are none. */
function innerBackFigure(tops: VerdictInputs['passes']): Partial<Record<Figure, number>> {
  return worstOf('innerBackShare', tops.filter((p) => (p.garment.source === 'product' || p.garment.source === 'alpha') && p.garment.upper)
    .map((p) => innerBackShare({ photo: p.garment.image, matte: p.garment.matte, scale: p.garment.scale, upper: p.garment.upper! })));
}

/** The old-cuff figure (verdict-cuffs.ts) of the tops and dresses drawn; none when there are none. */
function cuffFigure(x: VerdictInputs, tops: VerdictInputs['passes'], drawn: { result: RgbImage; cover: Mask; keep: Mask }, colours: OldColours, arena: MaskArena): Partial<Record<Figure, number>> {
  if (tops.length === 0) return {};
  const old = scratchUnion(arena, tops[0]!.oldHard, ...tops.slice(1).map((p) => p.oldHard));
  const { person } = x;
  const arms = armBones(person.keypoints, person.scale);
  // every pass a top: `old` is the old-colour figures' old garment, so their palette is this one's too; the drawn one always is
  const oldPalette = tops.length === x.passes.length ? colours.oldPalette : undefined;
  const palettes = { oldPalette, drawnPalette: colours.newPalette };
  return { oldCuffSw2: oldCuffs({ original: person.small, ...drawn, arms, old, other: otherGarment(x, arena), matte: person.matte, skin: x.skin, shoulderWidthPx: x.shoulderWidthPx, ...palettes }) };
}

/** The person's lower garment where the legs are (not beside the arms, where an old top's sleeve end can be parsed as it): what a top leaves as it is. */
function otherGarment(x: VerdictInputs, arena: MaskArena): Mask {
  const { width: w, height: h } = x.lowerCloth;
  const m = arena.mask(w, h);
  const lower = x.lowerCloth.data, legs = x.legs.data, hands = x.hands.data;
  // (in the lower garment's box only: none of it lies beyond)
  const b = maskBounds(x.lowerCloth);
  for (let y = b ? b.y0 : h; b && y <= b.y1; y++) {
    for (let i = y * w + b.x0, end = y * w + b.x1; i <= end; i++) m.data[i] = lower[i]! >= 0.5 && legs[i]! >= 0.5 && hands[i]! < 0.5 ? 1 : 0;
  }
  return m;
}

/** The bare-leg figure (verdict-placement.ts) of the lower garments drawn; none when there are none. */
function legFigure(x: VerdictInputs, lower: LowerPasses | null): Partial<Record<Figure, number>> {
  if (!lower) return {};
  return { legSkinSw2: legSkinBesideSw2(legSkinOf(x.skin, x.legs, x.hands), lower.cover, x.shoulderWidthPx) };
}

/**
 * The old garment kept beneath new tops, as slivers beside them, shoulder
 * widths². Only tops: a kept lower garment or dress shows as strips beside
 * wide trousers and flared skirts that read as a layer (tune half: acceptable
 * lower and dress results measured as much as broken ones).
 */
function keptSlivers(passes: VerdictInputs['passes'], cover: Mask, swPx: number, arena: MaskArena): number {
  let worst = 0;
  let nearCover: Uint8Array | undefined;
  for (const p of passes) {
    if (p.category !== 'upper') continue;
    nearCover ??= nearCoverOf(cover);
    worst = Math.max(worst, oldGarmentSliver(keptShowing(p.kept, cover, arena), cover, swPx * OLD_SLIVER_WIDTH_SW, nearCover) / (swPx * swPx));
  }
  return worst;
}

/**
 * The old lower garment kept beneath a new one and showing (not under any new
 * garment), shoulder widths², the largest over the lower passes. Layering
 * keeps large bare areas rather than painting skin; under a new lower garment
 * that is old trousers' legs below new shorts or an old skirt beside new
 * trousers: the old garment plainly visible, never a look a wearer chose.
 */
export function keptLegwear(passes: Pick<VerdictInputs['passes'][number], 'category' | 'kept'>[], cover: Mask, swPx: number, arena?: MaskArena): number {
  let worst = 0;
  for (const p of passes) {
    if (p.category !== 'lower') continue;
    worst = Math.max(worst, maskArea(keptShowing(p.kept, cover, arena)) / Math.max(1, swPx * swPx));
  }
  return worst;
}

/** The old garment a pass kept as a layer where no new garment covers it: what of it shows. */
function keptShowing(kept: Mask, cover: Mask, arena: MaskArena | undefined): Mask {
  const shown = scratchMask(arena, cover.width, cover.height);
  for (let i = 0; i < shown.data.length; i++) shown.data[i] = kept.data[i]! >= 0.5 && cover.data[i]! < 0.5 ? 1 : 0;
  return shown;
}

/** The worst of each matte figure over the garments whose matte was cut out (not 'none': the whole photo). */
function worstMatte(garments: GarmentAnalysis[]): Partial<Record<Figure, number>> {
  const out: Partial<Record<Figure, number>> = {};
  for (const g of garments) {
    if (g.source === 'none') continue;
    const f = matteFragmentation(g.matte);
    out.strayShare = Math.max(out.strayShare ?? 0, f.strayShare);
    out.holeShare = Math.max(out.holeShare ?? 0, f.holeShare);
    out.fillRatio = Math.min(out.fillRatio ?? 1, f.fillRatio);
  }
  return out;
}

/** The masks the checks compare, at the analysis size, from the person matte, the skin, the removal and the drawn garments. */
function regionMasks(arena: MaskArena, { matte, skin, old, cover, changed }: { matte: Mask; skin: Mask; old: Mask; cover: Mask; changed: Float32Array }, swPx: number) {
  const { width, height } = matte;
  const body = arena.mask(width, height), surround = arena.mask(width, height), fill = arena.mask(width, height), kept = arena.mask(width, height);
  // (the arrays read and written once into locals: this loop runs over every pixel for five masks)
  const md = matte.data, od = old.data, sd = skin.data, cd = cover.data;
  const bd = body.data, ud = surround.data, fd = fill.data, kd = kept.data;
  for (let i = 0; i < changed.length; i++) {
    const m = md[i]!, o = od[i]!, c = changed[i]!;
    bd[i] = Math.max(m, o);
    ud[i] = o < 0.5 && (sd[i]! >= 0.5 || m < 0.5) ? 1 : 0;
    fd[i] = c >= 0.5 && cd[i]! < 0.5 ? 1 : 0;
    kd[i] = c < 0.02 ? 1 : 0;
  }
  // the texture a fill should have: untouched skin within a shoulder width of it
  const nearFill = boundedChessboardDistance(fill, Math.round(swPx) + 1);
  const reference = arena.mask(width, height);
  // (only within a shoulder width of the fill's box can a pixel be that near: read there, the rest stays 0;
  // unless the distance's byte cap is itself that near, when every pixel is)
  const near = Math.min(255, Math.round(swPx) + 1) <= swPx ? { x0: 0, y0: 0, x1: width - 1, y1: height - 1 } : nearBox(fill, Math.ceil(swPx));
  for (let y = near ? near.y0 : 0; near && y <= near.y1; y++) {
    for (let i = y * width + near.x0, end = y * width + near.x1; i <= end; i++) reference.data[i] = kd[i]! >= 0.5 && sd[i]! >= 0.5 && od[i]! < 0.5 && nearFill[i]! <= swPx ? 1 : 0;
  }
  return { body, surround, fill, kept, reference };
}

/** The layer's alpha sampled at the centre of each analysis pixel. */
function layerCoverage(layer: GarmentLayer, aw: number, ah: number): Mask {
  const m = createMask(aw, ah);
  const sx = layer.width / aw, sy = layer.height / ah;
  for (let y = 0; y < ah; y++) {
    const fy = Math.min(layer.height - 1, Math.floor((y + 0.5) * sy));
    // (rows that miss the layer's box stay 0: layerIndex would find nothing there)
    if (fy < layer.oy || fy >= layer.oy + layer.lh) continue;
    for (let x = 0; x < aw; x++) {
      const li = layerIndex(layer, Math.min(layer.width - 1, Math.floor((x + 0.5) * sx)), fy);
      if (li >= 0) m.data[y * aw + x] = layer.alpha[li]!;
    }
  }
  return m;
}

