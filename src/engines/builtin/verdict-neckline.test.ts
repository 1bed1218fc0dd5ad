import { test } from 'node:test';
import assert from 'node:assert/strict';
import { INNER_BACK, hasInnerBack, innerBackShare } from './verdict-neckline.js';
import { flatTop } from '../../../test/support/drawing.js';

/** Body width 100 px: the run must reach 6–30 px below the top edge (past its 2 skipped rows), the front is read over 10 px. */
const BW = 100;

/** A column: `top` px of one level below the top edge, then another level. */
function column(run: number, depth: number, front: number, n = 60): number[] {
  return Array.from({ length: n }, (_, k) => (k < depth ? run : front));
}

test('the parameters are the ones the hand-worked figures below assume', () => {
  assert.deepEqual(INNER_BACK, { halfWidthBw: 0.1, minDepthBw: 0.06, maxDepthBw: 0.3, frontBw: 0.1, edgeSkipPx: 2, minLift: 10, maxSpread: 8, dipProbeBw: 0.4, minDipBw: 0.01 });
});

test('hasInnerBack: a flat darker run 15 px deep above a flat front is an inside back; 10 brighter counts, 9 does not', () => {
  assert.equal(hasInnerBack(column(200, 15, 210), BW), true);
  assert.equal(hasInnerBack(column(201, 15, 210), BW), false);
  // a front darker than the run (a dark print below a light collar) is none
  assert.equal(hasInnerBack(column(210, 15, 150), BW), false);
  // plain fabric: none
  assert.equal(hasInnerBack(column(200, 15, 200), BW), false);
});

test('hasInnerBack: a collar rib shallower than minDepthBw (6 px past the skipped rows) is no inside back', () => {
  // the darker rows end at 7: the run from row 2 must reach row 8 at least
  assert.equal(hasInnerBack(column(180, 7, 220), BW), false);
  assert.equal(hasInnerBack(column(180, 8, 220), BW), true);
});

test('hasInnerBack: stripes are not flat on both sides', () => {
  // 6-px stripes of 60 and 220 from the top edge: every split leaves a stripe on each side
  const stripes = Array.from({ length: 60 }, (_, k) => (Math.floor(k / 6) % 2 === 0 ? 60 : 220));
  assert.equal(hasInnerBack(stripes, BW), false);
});

/**
 * The inside-back figure of a flat top (test/support/drawing.ts flatTop: body
 * 50..150 wide, bw = 100, up to its top edge `top(x)`; the back neck's centre
 * is (100, 35)), each garment pixel's grey given by `shade(x, y)`.
 */
function flatTopShare(top: (x: number) => number, shade: (x: number, y: number) => number) {
  const { image: photo, matte } = flatTop(top, shade);
  return innerBackShare({ photo, matte, scale: 1, upper: { neck: { x: 100, y: 40 }, bodyWidth: BW, bounds: { x0: 50, y0: 0, x1: 150, y1: 190 } } });
}

/** Shoulders falling 0.5 px per px outside the neck's corners at x = 80 and 120. */
const shoulders = (x: number) => 35 + Math.max(0, Math.abs(x - 100) - 20) * 0.5;
/** A back neck band seen through the opening: the top edge dips 4 px (0.04 bw) at the centre between the corners. */
const backNeckline = (x: number) => (Math.abs(x - 100) < 20 ? 35 + 4 * Math.cos(((x - 100) / 20) * (Math.PI / 2)) : shoulders(x));
const inDisc = (x: number, y: number) => Math.hypot(x - 100, y - 35) < 20;

test('innerBackShare: a round neck showing its shadowed inside back under its back neck band is read in every centre column', () => {
  // inside grey 120 down to the front neckline 20 px below the back neck, front 200
  assert.equal(flatTopShare(backNeckline, (x, y) => (inDisc(x, y) ? 120 : 200)), 1);
});

test('innerBackShare: a crew neck whose top edge is the front neckline (cut or hidden), a collar with a fold line, a mock neck: none', () => {
  const front = (x: number) => (Math.abs(x - 100) < 20 ? 35 + Math.sqrt(400 - (x - 100) ** 2) : shoulders(x));
  assert.equal(flatTopShare(front, () => 200), 0);
  // a high collar lit like the body, a 2-px shadow line 20 px down: the run above it is no darker than below
  const fold = (x: number, y: number) => (Math.hypot(x - 100, y - 35) >= 20 && Math.hypot(x - 100, y - 35) < 22 ? 150 : 200);
  assert.equal(flatTopShare(backNeckline, fold), 0);
  // a mock neck rising at the centre: no dip, no neck opening
  const mockNeck = (x: number) => (Math.abs(x - 100) < 20 ? 35 - 3 * Math.cos(((x - 100) / 20) * (Math.PI / 2)) : shoulders(x));
  assert.equal(flatTopShare(mockNeck, (x, y) => (inDisc(x, y) ? 120 : 200)), 0);
});

test('innerBackShare: a straight top edge (a bandeau) over a dark print hanging from it has no neck: 0', () => {
  assert.equal(flatTopShare(() => 35, (x, y) => (inDisc(x, y) ? 120 : 200)), 0);
  // the same print under a top edge dipping 1 px (0.01 bw, minDipBw) reads as a neck
  assert.equal(flatTopShare((x) => (Math.abs(x - 100) < 20 ? 36 : 35), (x, y) => (inDisc(x, y) ? 120 : 200)), 1);
});

test('innerBackShare: a matte too short to read below its top edge gives no figure', () => {
  assert.equal(flatTopShare((x) => (Math.abs(x - 100) < 20 ? 180 : 170), () => 200), null);
});
