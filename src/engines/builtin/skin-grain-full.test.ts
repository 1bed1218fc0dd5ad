import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createMask } from '../../vision/image.js';
import { bandsAt, bandSpreads, cellPointAt, cellPoints, memoisedLevel, passingCells, windowBands, FINE_RESPONSE, fineAmplitude, FULL_GRAIN, grainFields, realNearMade, skinTopUp, topUpAt } from './skin-grain-full.js';

/** |a − b| within half a unit of the `digits`-th decimal. */
function close(a: number, b: number, digits: number): void {
  assert.ok(Math.abs(a - b) < 0.5 * 10 ** -digits, `${a} ≉ ${b}`);
}

describe('bandsAt', () => {
  it('reads a lone bright pixel through the two triangle kernels', () => {
    // 100 everywhere, 325 at (10, 10): the r=1 kernel's centre tap is (3/9)² = 1/9, the r=2 one's (5/25)² = 1/25,
    // so m1 = 100 + 225/9 = 125, m2 = 100 + 225/25 = 109: fine (325 − 125)/109, mid (125 − 109)/109
    const level = (x: number, y: number) => (x === 10 && y === 10 ? 325 : 100);
    const [fine, mid] = bandsAt(level, 10, 10)!;
    close(fine, 200 / 109, 10);
    close(mid, 16 / 109, 10);
  });

  it('is 0 on an even level and null where it is too dark', () => {
    const flat = bandsAt(() => 80, 5, 5)!;
    close(flat[0], 0, 12);
    close(flat[1], 0, 12);
    assert.equal(bandsAt(() => 5, 5, 5), null);
  });
});

describe('memoisedLevel', () => {
  it("reads each px of two points' overlapping windows once, with the level's own values", () => {
    // points (10, 10) and (12, 10): windows x 6..14 and 8..16, rows 6..14, so 11 × 9 = 99 px in all,
    // of which 7 × 9 = 63 lie in both windows: 162 reads of the level without the memo, 99 with it
    const reads: number[] = [];
    const level = (x: number, y: number) => {
      reads.push(y * 100 + x);
      return x === 10 && y === 10 ? 325 : 100 + x / 3;
    };
    const memo = memoisedLevel(level, [[10, 10], [12, 10]]);
    const first = bandsAt(memo, 10, 10), second = bandsAt(memo, 12, 10);
    assert.equal(reads.length, 99);
    assert.equal(new Set(reads).size, 99);
    assert.deepEqual(first, bandsAt(level, 10, 10));
    assert.deepEqual(second, bandsAt(level, 12, 10));
  });
});

describe('windowBands', () => {
  it('reads the window of levels as bandsAt reads the picture', () => {
    // 9×9 window, 100 everywhere but 325 at its centre (index 40): fine 200/109, mid 16/109 (bandsAt's first case)
    const win = new Float64Array(81).fill(100);
    win[40] = 325;
    const [fine, mid] = windowBands(win)!;
    close(fine, 200 / 109, 10);
    close(mid, 16 / 109, 10);
    assert.equal(windowBands(new Float64Array(81).fill(5)), null);
  });

  it('gives the same floats as the sums over the window taken row by row with the kernels’ taps', () => {
    const t = (r: number) => Array.from({ length: 4 * r + 1 }, (_, k) => (2 * r + 1 - Math.abs(k - 2 * r)) / ((2 * r + 1) * (2 * r + 1)));
    const t1 = t(1), t2 = t(2);
    const win = Float64Array.from({ length: 81 }, (_, k) => 90 + ((k * 7919) % 37) * 0.731);
    let m1 = 0, m2 = 0;
    for (let dy = -4; dy <= 4; dy++) {
      for (let dx = -4; dx <= 4; dx++) {
        const v = win[(dy + 4) * 9 + dx + 4]!;
        m2 += t2[dy + 4]! * t2[dx + 4]! * v;
        if (Math.abs(dx) <= 2 && Math.abs(dy) <= 2) m1 += t1[dy + 2]! * t1[dx + 2]! * v;
      }
    }
    assert.deepEqual(windowBands(win), [(win[40]! - m1) / m2, (m1 - m2) / m2]);
  });
});

describe('bandSpreads', () => {
  it('is the median absolute band value, as an sd', () => {
    // a checkerboard of ±1 around 100: the r=1 triangle's taps 1,2,3,2,1 (over 9) alternate to 1/9, squared 1/81 in 2-D;
    // the r=2 one's 1,2,…,5,…,2,1 (over 25) to 1/25, 1/625 in 2-D. So m1 = 100 ± 1/81, m2 = 100 ± 1/625:
    // |fine| = (1 − 1/81)/m2 ≈ 0.80/81, |mid| = (1/81 − 1/625)/m2, each an sd by MAD_TO_SD (1.4826)
    const level = (x: number, y: number) => 100 + ((x + y) % 2 === 0 ? 1 : -1);
    const points = Array.from({ length: 50 }, (_, k) => [10 + k, 10] as const);
    const [fine, mid] = bandSpreads(level, points)!;
    close(fine * 100, (80 / 81) * 1.4826, 4);
    close(mid * 100, (1 / 81 - 1 / 625) * 1.4826, 4);
  });

  it('is null with too few samples', () => {
    assert.equal(bandSpreads(() => 100, [[5, 5]]), null);
  });
});

describe('fineAmplitude', () => {
  it('fills the fine band’s shortfall in variance, over the field’s own fine response', () => {
    // 0.01² − 0.006² = 0.008²: 0.008 / 0.82
    close(fineAmplitude([0.01, 0.02], [0.006, 0]), 0.008 / FINE_RESPONSE[0], 10);
  });

  it('takes at most FULL_GRAIN.maxRelativeSd from the real skin', () => {
    // real 0.03 capped at 0.01; made 0: 0.01 / 0.82
    close(fineAmplitude([0.03, 0], [0, 0]), FULL_GRAIN.maxRelativeSd / FINE_RESPONSE[0], 10);
  });

  it('adds nothing where the made skin is not short', () => {
    assert.equal(fineAmplitude([0.005, 0.01], [0.006, 0]), 0);
  });
});

describe('passingCells', () => {
  it('marks the cells where every mask reaches the threshold, and their box', () => {
    // 4×3; mask a passes at px 1, 2, 6, 9; mask b at 2, 6, 9, 11 → both at 2 (x2 y0), 6 (x2 y1), 9 (x1 y2)
    const a = createMask(4, 3), b = createMask(4, 3);
    for (const i of [1, 2, 6, 9]) a.data[i] = 0.5;
    for (const i of [2, 6, 9, 11]) b.data[i] = 1;
    const { ok, box } = passingCells([a, b], 0.5);
    assert.deepEqual(Array.from(ok), [0, 0, 1, 0, 0, 0, 1, 0, 0, 1, 0, 0]);
    assert.deepEqual(box, { x0: 1, y0: 0, x1: 2, y1: 2 });
    // at 0.6 mask a passes nowhere: no cell, an empty box
    const none = passingCells([a, b], 0.6);
    assert.deepEqual(Array.from(none.ok), new Array(12).fill(0));
    assert.ok(none.box.x1 < none.box.x0 && none.box.y1 < none.box.y0);
  });
});

describe('cellPoints', () => {
  it('takes the cells’ centres whose band window lies on the masks', () => {
    // 4×4 cells of 10 px: centres at 5, 15, 25, 35; each window reaches 4 px, within its own cell
    const m = createMask(4, 4);
    m.data.fill(1);
    assert.equal(cellPoints([m], 0.5, 40, 40).length, 16);
    m.data[0] = 0;
    const pts = cellPoints([m], 0.5, 40, 40);
    assert.equal(pts.length, 15);
    assert.ok(!pts.some((p) => p[0] === [5, 5][0] && p[1] === [5, 5][1]));
  });

  it('finds the cells inside the passing box only, in row order', () => {
    // 6×6 cells of 10 px; cells (2..3, 3..4) pass: centres x 25, 35 and y 35, 45; windows within their cells
    const m = createMask(6, 6);
    for (const i of [20, 21, 26, 27]) m.data[i] = 1;
    assert.deepEqual(cellPoints([m], 0.5, 60, 60), [[25, 35], [35, 35], [25, 45], [35, 45]]);
  });

  it('keeps the window inside the frame', () => {
    // 2×2 cells of 4 px: centres at 2 and 6 (round(1.5) = 2, round(5.5) = 6), fewer than 4 px from an edge
    const m = createMask(2, 2);
    m.data.fill(1);
    assert.deepEqual(cellPoints([m], 0.5, 8, 8), []);
  });
});

describe('cellPointAt', () => {
  it('gives a cell\'s output point when it and its window\'s corner cells pass, else -1', () => {
    // 3 cells across, 2 down, output 30 px wide; tables written by hand: cell centres at x 5, 15, -1 (too near the edge)
    // and y 5, 15; each window's ends in the cell itself, except column 1 whose window reaches column 2 on the right
    const X = { at: Int32Array.from([5, 15, -1]), lo: Int32Array.from([0, 1, 2]), hi: Int32Array.from([0, 2, 2]) };
    const Y = { at: Int32Array.from([5, 15]), lo: Int32Array.from([0, 1]), hi: Int32Array.from([0, 1]) };
    const ok = Uint8Array.from([1, 1, 0, 1, 1, 1]);
    const grid = { ok, aw: 3, width: 30, X, Y };
    assert.equal(cellPointAt(grid, 0, 0), 5 * 30 + 5, 'cell (0, 0): point (5, 5)');
    assert.equal(cellPointAt(grid, 1, 0), -1, 'cell (1, 0) passes but its window\'s right end, cell (2, 0), does not');
    assert.equal(cellPointAt(grid, 1, 1), 15 * 30 + 15, 'cell (1, 1): its window\'s right end (2, 1) passes');
    assert.equal(cellPointAt(grid, 2, 1), -1, 'too near the frame\'s edge');
    assert.equal(cellPointAt(grid, 2, 0), -1, 'a cell that fails');
  });
});

describe('grainFields', () => {
  it('makes a unit-sd field whose band sds are FINE_RESPONSE', () => {
    const f = grainFields(11);
    close(f.fine.reduce((s, v) => s + v * v, 0) / f.fine.length, 1, 4);
    const side = f.side;
    const points: [number, number][] = [];
    for (let y = 4; y < side - 4; y += 3) for (let x = 4; x < side - 4; x += 3) points.push([x, y]);
    // (a level of 100 + the field: its band values are the field's per unit, over ~100)
    const [fine, mid] = bandSpreads((x, y) => 100 + f.fine[y * side + x]!, points)!;
    assert.ok(Math.abs(fine * 100 - FINE_RESPONSE[0]) < 0.03, `fine ${fine * 100}`);
    assert.ok(Math.abs(mid * 100 - FINE_RESPONSE[1]) < 0.03, `mid ${mid * 100}`);
  });
});

describe('topUpAt and skinTopUp', () => {
  it('reads the field periodically, times its amplitude', () => {
    const field = { side: 2, fine: Float32Array.of(1, 2, 3, 4) };
    // (3, 2) is (1, 0) of the 2 px tile: 0.5 × 2
    close(topUpAt({ field, amp: 0.5 }, 3, 2), 1, 10);
  });

  it('adds nothing to made skin as grainy as the real', () => {
    const points = Array.from({ length: 60 }, (_, k) => [10 + k, 10] as [number, number]);
    const level = (x: number, y: number) => 100 + ((x + y) % 2 === 0 ? 1 : -1);
    assert.equal(skinTopUp({ level, points }, { level, points }), null);
    const top = skinTopUp({ level, points }, { level: () => 100, points });
    assert.notEqual(top, null);
    assert.ok(top!.amp > 0);
  });
});

describe('realNearMade', () => {
  it('keeps the real points within the made box grown by half its larger side', () => {
    // made box x 100–140, y 100–120: grown by 20 to x 80–160, y 80–140
    const made: [number, number][] = [[100, 100], [140, 120]];
    const real: [number, number][] = [];
    for (let k = 0; k < 50; k++) real.push([80 + k, 90]);
    real.push([79, 90], [100, 141], [300, 300]);
    const near = realNearMade(real, made);
    assert.equal(near.length, 50);
    assert.ok(near.every(([x, y]) => x >= 80 && x <= 160 && y >= 80 && y <= 140));
  });

  it('takes all real points when too few lie near', () => {
    const real: [number, number][] = Array.from({ length: 50 }, (_, k) => [500 + k, 500]);
    assert.equal(realNearMade(real, [[0, 0], [10, 10]]).length, 50);
  });
});
