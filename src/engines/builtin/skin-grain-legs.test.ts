import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fineField, FULL_GRAIN, type LevelAt } from './skin-grain-full.js';
import { coarseBandAt, coarseField, coarseSpread, COARSE_REACH, fieldResponse, legAmplitudes, legTopUp, legTopUpAt, LEG_GRAIN } from './skin-grain-legs.js';

const SIDE = FULL_GRAIN.fieldPx;

/** A level of 100 × (1 + amp × field) (periodic field, `SIDE` px). */
function noisy(field: Float32Array, amp: number): LevelAt {
  return (x, y) => 100 * (1 + amp * field[(((y % SIDE) + SIDE) % SIDE) * SIDE + (((x % SIDE) + SIDE) % SIDE)]!);
}

/** Grid points every `step` px in [lo, hi)². */
function grid(lo: number, hi: number, step: number): [number, number][] {
  const out: [number, number][] = [];
  for (let y = lo; y < hi; y += step) for (let x = lo; x < hi; x += step) out.push([x, y]);
  return out;
}

describe('coarseBandAt', () => {
  it('is 0 on an even level, null where dark or off the picture', () => {
    assert.ok(Math.abs(coarseBandAt(() => 90, 20, 20)!) < 1e-12);
    assert.equal(coarseBandAt(() => 4, 20, 20), null);
    assert.equal(coarseBandAt((x) => (x < 0 ? NaN : 90), 3, 20), null);
  });
});

describe('coarseSpread', () => {
  it("does not read a limb's rounded shading as grain (each value from its tile's mean)", () => {
    // a wide smooth bump (a leg's form shading, 60 px across): a steady band offset, no grain
    const bump: LevelAt = (x) => 120 - 0.02 * (x - 60) ** 2;
    const s = coarseSpread(bump, grid(COARSE_REACH + 40, 80, 2))!;
    assert.ok(s < 0.0002, `shading read ${s}`);
  });

  it("reads the coarse field's amplitude through its response", () => {
    const f = coarseField(5);
    const rc = fieldResponse(f, SIDE)[1];
    const s = coarseSpread(noisy(f, 0.01), grid(COARSE_REACH, SIDE - COARSE_REACH, 3))!;
    assert.ok(Math.abs(s / 0.01 - rc) < 0.1 * rc, `${s / 0.01} vs ${rc}`);
  });
});

describe('legAmplitudes', () => {
  const rf: [number, number] = [0.8, 0.2], rc: [number, number] = [0.4, 0.5];

  it('tops up the 2–8 px band by its own field after the fine field’s spill', () => {
    // fine not short: fine amp 0 first; coarse shortfall 0.01² − 0.005² over rc[1]²
    const [f, c] = legAmplitudes([0.006, 0.01], [0.007, 0.005], rf, rc);
    assert.equal(f, 0);
    assert.ok(Math.abs(c - Math.sqrt(0.01 ** 2 - 0.005 ** 2) / 0.5) < 1e-12);
  });

  it("caps the real leg's spreads (LEG_GRAIN) and is 0 where nothing is short", () => {
    const [, c] = legAmplitudes([0, 0.05], [0, 0], rf, rc);
    assert.ok(Math.abs(c - LEG_GRAIN.maxCoarseSd / 0.5) < 1e-12);
    assert.deepEqual(legAmplitudes([0.005, 0.005], [0.006, 0.006], rf, rc), [0, 0]);
  });
});

describe('legTopUp', () => {
  const pts = grid(COARSE_REACH, SIDE - COARSE_REACH, 4);
  const real = { level: noisy(coarseField(7), 0.008), points: pts };
  const smooth = { level: (() => 100) as LevelAt, points: pts };

  it("brings a smooth made leg's 2–8 px spread to the real leg's", () => {
    const t = legTopUp(real, smooth, smooth)!;
    assert.ok(t.ampCoarse > 0);
    const made: LevelAt = (x, y) => 100 * (1 + legTopUpAt(t, x, y));
    const after = coarseSpread(made, pts)!, target = coarseSpread(real.level, pts)!;
    assert.ok(Math.abs(after - target) < 0.15 * target, `${after} vs ${target}`);
  });

  it('falls back to the visible skin when no leg shows, and adds nothing when the made leg is not short', () => {
    const t = legTopUp({ level: real.level, points: [] }, real, smooth)!;
    assert.ok(t.ampCoarse > 0);
    assert.equal(legTopUp(smooth, smooth, real), null);
  });

  it("caps the 2–8 px grain lower when no leg shows (LEG_GRAIN.fallbackMaxCoarseSd)", () => {
    const grainy = { level: noisy(coarseField(7), 0.03), points: pts };
    const own = legTopUp(grainy, smooth, smooth)!, lent = legTopUp({ level: grainy.level, points: [] }, grainy, smooth)!;
    assert.ok(lent.ampCoarse < own.ampCoarse * 0.7, `${lent.ampCoarse} vs ${own.ampCoarse}`);
    const after = coarseSpread((x, y) => 100 * (1 + legTopUpAt(lent, x, y)), pts)!;
    assert.ok(after < LEG_GRAIN.fallbackMaxCoarseSd * 1.15, `${after}`);
  });

  it("shares the fine field with the made skin's top-up", () => {
    assert.equal(legTopUp(real, smooth, smooth)!.fine, fineField());
  });
});
