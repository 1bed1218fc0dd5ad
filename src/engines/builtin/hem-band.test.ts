import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createMask, type Mask, type RgbImage } from '../../vision/image.js';
import { bandStretches, HEM_BAND, HEM_BAND_TEXTURE, lowerBandUnderHem, plainBandTexture, rowTexture, topLowerEdges } from './hem-band.js';

const W = 24, H = 24;
const BLACK = [25, 25, 30], PINK = [225, 200, 214], GREEN = [40, 160, 60];

/** Rows y0..y1−1 of every column set in a new mask. */
function rows(y0: number, y1: number): Mask {
  const m = createMask(W, H);
  for (let y = y0; y < y1; y++) for (let x = 0; x < W; x++) m.data[y * W + x] = 1;
  return m;
}

/** A photo painted per pixel by `colour(x, y)`. */
function photo(colour: (x: number, y: number) => number[]): RgbImage {
  const img = { width: W, height: H, channels: 3 as const, data: new Uint8Array(W * H * 3) };
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) img.data.set(colour(x, y), (y * W + x) * 3);
  return img;
}

const bandRowsAt = (m: Mask | null, x: number) => (m ? Array.from({ length: H }, (_, y) => y).filter((y) => m.data[y * W + x]! >= 0.5) : []);

// swPx 60: the band's reach round(0.08 × 60) = 5 rows, a stretch at least 6 columns wide
const SW = 60;

test('a pink skirt\'s band under a black top\'s hem that the parse gave the top is found: the rows between the hem line and the top\'s lower edge', () => {
  assert.equal(Math.round(HEM_BAND.maxDepthSw * SW), 5);
  // black top rows 0..9, the pink skirt from row 10; the parse's top runs down to row 11 (rows 10..11 are the skirt's band),
  // its lower garment starts at row 12; row 11 a shade darker (the top's shadow on the band)
  const small = photo((_, y) => (y < 10 ? BLACK : y === 11 ? PINK.map((v) => v * 0.8) : PINK));
  const band = lowerBandUnderHem({ small, upper: rows(0, 12), lower: rows(12, H), swPx: SW });
  for (const x of [0, 7, 15, 23]) assert.deepEqual(bandRowsAt(band, x), [10, 11]);
  // a plaid's dark line across the band (row 9 of a band on rows 8..11) is like the top but inside the band: skipped
  const lined = photo((_, y) => (y < 8 || y === 9 ? BLACK : PINK));
  const skipped = lowerBandUnderHem({ small: lined, upper: rows(0, 12), lower: rows(12, H), swPx: SW });
  assert.deepEqual(bandRowsAt(skipped, 12), [8, 9, 10, 11]);
});

test('one cloth going on past the reach (a dress the parse split in its middle) gives no band', () => {
  // pink all the way up: the run of pixels like the cloth below reaches the reach with no hem line
  const small = photo(() => PINK);
  assert.equal(lowerBandUnderHem({ small, upper: rows(0, 12), lower: rows(12, H), swPx: SW }), null);
});

test('a print of the same colours above and below the edge gives no band: the pixels look like the cloth above too', () => {
  // a printed dress in green and pink stripes two columns wide, split by the parse at row 12
  const small = photo((x) => (Math.floor(x / 2) % 2 === 0 ? GREEN : PINK));
  assert.equal(lowerBandUnderHem({ small, upper: rows(0, 12), lower: rows(12, H), swPx: SW }), null);
});

test('the edge\'s one mixed row, or a band on fewer columns than a stretch, is no band', () => {
  // one pink row under the black top: shorter than HEM_BAND.minRows
  const oneRow = photo((_, y) => (y < 11 ? BLACK : PINK));
  assert.equal(lowerBandUnderHem({ small: oneRow, upper: rows(0, 12), lower: rows(12, H), swPx: SW }), null);
  // the band on columns 0..3 only (4 < 6 columns)
  const narrow = photo((x, y) => (y < 10 || (y < 12 && x >= 4) ? BLACK : PINK));
  assert.equal(lowerBandUnderHem({ small: narrow, upper: rows(0, 12), lower: rows(12, H), swPx: SW }), null);
});

test('topLowerEdges: the lowest row of the top with the lower garment alone below it, −1 elsewhere', () => {
  const upper = rows(0, 8), lower = rows(6, H);
  // column 3: the top runs on to row 10 over both
  for (let y = 8; y < 11; y++) upper.data[y * W + 3] = 1;
  lower.data.fill(0, 0, W * H);
  for (let y = 8; y < H; y++) for (let x = 0; x < W - 1; x++) lower.data[y * W + x] = 1;
  const edges = topLowerEdges(upper, lower);
  assert.equal(edges[0], 7);
  assert.equal(edges[3], 10);
  // the last column has no lower garment
  assert.equal(edges[W - 1], -1);
});

test('bandStretches: a stretch goes on over gaps of up to maxGapCols while its tops form a line, its gaps filled to the line; narrow stretches are dropped', () => {
  const edges = new Int32Array(12).fill(10);
  // columns 0..4 a band of 2 rows (tops at 9); a gap at 5..6; 7..8 of 2 rows; 9 of 6 rows (top at 5: a step of 4 off the line)
  const r = Int32Array.from([2, 2, 2, 2, 2, 0, 0, 2, 2, 6, 0, 0]);
  // (the gap's columns 5..6 take the band down from their neighbours' tops: 2 rows)
  assert.deepEqual(Array.from(bandStretches(edges, r, 6)), [2, 2, 2, 2, 2, 2, 2, 2, 2, 0, 0, 0]);
  // a gap column whose edge lies lower takes the rows down to the neighbours' top line (row 9), within maxTopStep of their band
  const lowEdge = Int32Array.from(edges);
  lowEdge[5] = 12;
  lowEdge[6] = 20;
  assert.deepEqual(Array.from(bandStretches(lowEdge, r, 6)).slice(4, 8), [2, 4, 0, 2]);
  // a wider minimum drops the stretch
  assert.deepEqual(Array.from(bandStretches(edges, r, 10)), new Array(12).fill(0));
});

// a print of one-column stripes, black and a mid grey, and a plain grey band in the print's own grey
const MID = [160, 160, 164], PALE = [200, 200, 205];
const stripes = (x: number) => (x % 2 === 0 ? BLACK : MID);

test('under a printed top a plain band in one of the print\'s own colours is told by its texture along the rows; under the same print going on below the edge (a printed dress), none', () => {
  // rows 0..9 the print, rows 10..11 the band (MID, as the print's grey: no colour margin), a pale plain lower garment from row 12;
  // the parse's top runs down to row 11. Texture: the print's row steps are luma(160) − luma(25) ≈ 135 (busy, ≥ busyMin 15),
  // the band's and the cloth below's 0 (≤ plainMax min(20, 135 × 0.5)); MID is PALE in 0.8 of the light (nearBelow)
  const small = photo((x, y) => (y < 10 ? stripes(x) : y < 12 ? MID : PALE));
  const band = lowerBandUnderHem({ small, upper: rows(0, 12), lower: rows(12, H), swPx: SW });
  for (const x of [0, 7, 15, 23]) assert.deepEqual(bandRowsAt(band, x), [10, 11]);
  // the print going on below the edge (busy below: no texture cue) and the band rows in its grey: colour cannot tell them
  const dress = photo((x, y) => (y < 10 || y >= 12 ? stripes(x) : MID));
  assert.equal(lowerBandUnderHem({ small: dress, upper: rows(0, 12), lower: rows(12, H), swPx: SW }), null);
  // a plain top over the plain lower garment in the band's colour: nothing busy above, and one cloth's colour going on
  const plain = photo((_, y) => (y < 12 ? MID : PALE));
  assert.equal(lowerBandUnderHem({ small: plain, upper: rows(0, 12), lower: rows(12, H), swPx: SW }), null);
});

test('rowTexture: the mean absolute luma step along the row over halfCols either side, cut at the frame; plainBandTexture: half the busy median above, at most plainMax, 0 unless above is busy and below plain', () => {
  assert.equal(HEM_BAND_TEXTURE.halfCols, 3);
  // greys alternating 100 / 110 along every row: every step is 10
  const small = photo((x) => (x % 2 === 0 ? [100, 100, 100] : [110, 110, 110]));
  assert.ok(Math.abs(rowTexture(small, 5, 3) - 10) < 1e-9);
  // at column 0 the window is columns 0..3: three steps of 10
  assert.ok(Math.abs(rowTexture(small, 0, 3) - 10) < 1e-9);
  // a step from 100 to 130 between columns 10 and 11, flat elsewhere: at column 10 one step of 30 over 6
  const edge = photo((x) => (x <= 10 ? [100, 100, 100] : [130, 130, 130]));
  assert.ok(Math.abs(rowTexture(edge, 10, 0) - 5) < 1e-9);
  // samples: row 0 of the alternating greys (10 each: not busy), and the print of MID and BLACK (busy)
  const print = photo((x, y) => (y < 4 ? stripes(x) : PALE));
  const at = (ys: number[]) => ys.flatMap((y) => [5, 6, 7].map((x) => y * W + x));
  // the print's steps are luma(MID) − luma(BLACK) ≈ 135 each: half of it is over plainMax, so plainMax
  assert.equal(plainBandTexture(print, at([1, 2]), at([6, 7])), HEM_BAND_TEXTURE.plainMax);
  assert.equal(plainBandTexture(small, at([1, 2]), at([6, 7])), 0);
  // busy below too: 0
  assert.equal(plainBandTexture(print, at([1, 2]), at([1, 2])), 0);
});
