import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createMask } from './image.js';
import { applyNoiseField, applySkinTexture, cholesky3, grainCaps, grainResponse, grainTap, measureSkinTexture, scaleNoiseWhere, skinNoiseField } from './skin-texture.js';

/** A skin-coloured plane with seeded grain of `amp` (relative, luminance-correlated). */
function grainy(w: number, h: number, amp: number, seed = 1): Float32Array {
  const p = new Float32Array(w * h * 3);
  let s = seed;
  const rnd = () => ((s = (Math.imul(s, 1664525) + 1013904223) | 0) >>> 0) / 4294967296 - 0.5;
  for (let i = 0; i < w * h; i++) {
    const n = rnd() * Math.sqrt(12) * amp;
    p[i * 3] = 180 * (1 + n);
    p[i * 3 + 1] = 130 * (1 + n);
    p[i * 3 + 2] = 110 * (1 + 0.8 * n);
  }
  return p;
}

/** Relative sd of channel 0 around its mean inside a box. */
function relSd(p: Float32Array, w: number, x0: number, y0: number, x1: number, y1: number): number {
  let s = 0, ss = 0, n = 0;
  for (let y = y0; y <= y1; y++) for (let x = x0; x <= x1; x++) { const v = p[(y * w + x) * 3]!; s += v; ss += v * v; n++; }
  const m = s / n;
  return Math.sqrt(ss / n - m * m) / m;
}

test('cholesky3 factors a covariance', () => {
  const cov = Float64Array.from([4, 2, 0.4, 2, 2, 0.5, 0.4, 0.5, 1]);
  const L = cholesky3(cov);
  for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) {
    let s = 0;
    for (let k = 0; k < 3; k++) s += L[i * 3 + k]! * L[j * 3 + k]!;
    assert.ok(Math.abs(s - cov[i * 3 + j]!) < 1e-9);
  }
  assert.equal(L[1]!, 0, 'lower-triangular');
});

test('the texture measured on grainy skin is reproduced on a flat fill, matched in amplitude, and flat skin gives none', () => {
  const w = 96, h = 96;
  const known = createMask(w, h, 1);
  const all = { x0: 0, y0: 0, x1: w - 1, y1: h - 1 };
  const tex = measureSkinTexture(grainy(w, h, 0.02), known, all);
  assert.ok(tex && tex.samples >= 40);
  // R and G move together (one grain): the second latent adds little to G
  const L0 = tex.bands[0]!;
  assert.ok(L0[3]! > 4 * Math.abs(L0[4]!), `correlated channels ${Array.from(L0)}`);
  const flat = new Float32Array(w * h * 3);
  for (let i = 0; i < w * h; i++) flat.set([150, 110, 90], i * 3);
  const filled = new Float32Array(flat);
  applySkinTexture(filled, w, h, tex, { x0: 10, y0: 10, x1: 85, y1: 85 }, [1, 1], 3);
  // re-measured, the fill's bands match the source's within 20 %
  const inner = createMask(w, h);
  for (let y = 14; y <= 81; y++) for (let x = 14; x <= 81; x++) inner.data[y * w + x] = 1;
  const again = measureSkinTexture(filled, inner, all);
  assert.ok(again);
  for (let b = 0; b < 2; b++) {
    const want = tex.bands[b]![0]!, got = again.bands[b]![0]!;
    assert.ok(Math.abs(got / want - 1) < 0.2, `band ${b}: ${got} vs ${want}`);
  }
  assert.ok(relSd(filled, w, 14, 14, 81, 81) > 0.005);
  // outside the box nothing changes
  assert.deepEqual(filled.slice(0, w * 3 * 10), flat.slice(0, w * 3 * 10));
  // deterministic
  const twice = new Float32Array(flat);
  applySkinTexture(twice, w, h, tex, { x0: 10, y0: 10, x1: 85, y1: 85 }, [1, 1], 3);
  assert.deepEqual(twice, filled);
  // a flat source has no texture to give
  const none = measureSkinTexture(flat, known, all);
  assert.ok(none && none.bands.every((L) => L.every((v) => v === 0)));
});

test('the texture multiplies the fill: darker fill, proportionally smaller grain', () => {
  const w = 64, h = 64;
  const tex = measureSkinTexture(grainy(w, h, 0.02), createMask(w, h, 1), { x0: 0, y0: 0, x1: w - 1, y1: h - 1 })!;
  const make = (v: number) => { const p = new Float32Array(w * h * 3).fill(v); applySkinTexture(p, w, h, tex, { x0: 0, y0: 0, x1: w - 1, y1: h - 1 }, [1, 1], 5); return p; };
  const a = make(200), b = make(50);
  for (let i = 0; i < a.length; i += 97) assert.ok(Math.abs(a[i]! / 200 - b[i]! / 50) < 1e-5);
});

test('structures in a few places (moles, a strap shadow) do not raise the measured texture', () => {
  const w = 96, h = 96;
  const base = grainy(w, h, 0.01, 9);
  const tex = measureSkinTexture(base, createMask(w, h, 1), { x0: 0, y0: 0, x1: w - 1, y1: h - 1 })!;
  const marked = new Float32Array(base);
  // dark spots in a quarter of the area
  for (let y = 0; y < 48; y++) for (let x = 0; x < 48; x++) if ((x % 6 < 2) && (y % 6 < 2)) for (let c = 0; c < 3; c++) marked[(y * w + x) * 3 + c] = marked[(y * w + x) * 3 + c]! * 0.5;
  const withMarks = measureSkinTexture(marked, createMask(w, h, 1), { x0: 0, y0: 0, x1: w - 1, y1: h - 1 })!;
  for (let b = 0; b < 2; b++) assert.ok(withMarks.bands[b]![0]! < tex.bands[b]![0]! * 1.3, `band ${b}: ${withMarks.bands[b]![0]} vs ${tex.bands[b]![0]}`);
});

test('too few known samples: no texture', () => {
  const w = 40, h = 40;
  const known = createMask(w, h);
  for (let i = 0; i < 20; i++) known.data[i] = 1;
  assert.equal(measureSkinTexture(grainy(w, h, 0.02), known, { x0: 0, y0: 0, x1: w - 1, y1: h - 1 }), null);
});

test('the grain kernel is blind to a quadratic (a limb\'s form) and sees a lone bump', () => {
  const w = 3, h = 3;
  const known = createMask(w, h, 1);
  // 100 + x² + 2xy + 3y in every channel: ∂²x ∂²y of any quadratic is 0
  const form = new Float32Array(w * h * 3);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) form.fill(100 + x * x + 2 * x * y + 3 * y, (y * w + x) * 3, (y * w + x) * 3 + 3);
  const g = grainResponse(form, known, 4)!;
  for (let c = 0; c < 3; c++) assert.ok(Math.abs(g[c]!) < 1e-9, `form: ${g[c]}`);
  // a flat 100 with the centre at 109: 4 × 109 − 2 × 4 × 100 + 4 × 100 = 36, over the mean 909 / 9 = 101
  const bump = new Float32Array(w * h * 3).fill(100);
  bump.fill(109, 12, 15);
  const b = grainResponse(bump, known, 4)!;
  assert.ok(Math.abs(b[0]! - 36 / 101) < 1e-6, `bump: ${b[0]}`);
  // a neighbour off the skin, or the plane's border: no response
  known.data[0] = 0;
  assert.equal(grainResponse(bump, known, 4), null);
  assert.equal(grainResponse(bump, createMask(w, h, 1), 3), null);
});

test('grain caps: the grain\'s sd as white noise × each band\'s white share × GRAIN_CAP', () => {
  // |response| 0.06 everywhere: sd 0.06 × 1.4826 / 6 = 0.014826
  const grain = Array.from({ length: 50 }, (_, k) => Float64Array.from([k % 2 ? 0.06 : -0.06, 0.06, 0.06]));
  const caps = grainCaps(grain);
  // fine band (identity − triangle r=1): energy 1 − 2/9 + (19/81)² = 0.832800, share 0.912579; × 1.25
  assert.ok(Math.abs(caps[0]![0]! - 0.014826 * 0.912579 * 1.25) < 1e-5, `fine ${caps[0]![0]}`);
  // coarse band (triangle r=1 − r=2): (19/81)² + (85/625)² − 2 (37/225)² = 0.0194341, share 0.139406; × 2
  assert.ok(Math.abs(caps[1]![2]! - 0.014826 * 0.139406 * 2) < 1e-5, `coarse ${caps[1]![2]}`);
  // too few samples: no cap
  assert.equal(grainCaps(grain.slice(0, 39))[1]![0], Infinity);
});

test('a limb\'s rounded form does not pass for coarse grain', () => {
  // a vertical limb of radius 12 px falling by 30 % to its edge (relative curvature 0.6 / 144 per px²),
  // grain white of sd 0.005; the coarse band (σ² 4 − 4/3 over 2 ≈ 1.33 × curvature) measured the form, ~0.56 %
  const w = 64, h = 64, cx = 32, r = 12;
  const known = createMask(w, h);
  const p = new Float32Array(w * h * 3);
  let s = 11;
  const rnd = () => ((s = (Math.imul(s, 1664525) + 1013904223) | 0) >>> 0) / 4294967296 - 0.5;
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) {
    const i = y * w + x, u = (x - cx) / r;
    if (Math.abs(u) <= 1) known.data[i] = 1;
    const v = 180 * (1 - 0.3 * Math.min(1, u * u)) * (1 + rnd() * Math.sqrt(12) * 0.005);
    p.fill(v, i * 3, i * 3 + 3);
  }
  const tex = measureSkinTexture(p, known, { x0: 0, y0: 0, x1: w - 1, y1: h - 1 })!;
  // capped at the grain's: 2 × 0.139 × 0.005 ≈ 0.0014 (within the median's sampling error)
  const coarse = tex.bands[1]![0]!;
  assert.ok(coarse > 0.0009 && coarse < 0.0018, `coarse ${coarse}`);
  // the fine band holds the grain itself, 0.913 × 0.005 ≈ 0.0046, within its cap
  const fine = tex.bands[0]![0]!;
  assert.ok(fine > 0.004 && fine < 0.0065, `fine ${fine}`);
});

test('the grain kernel is [1 −2 1]ᵀ[1 −2 1]: its taps sum to 0, a ramp gives 0, its squares sum to 36', () => {
  const taps = [-1, 0, 1].map((dy) => [-1, 0, 1].map((dx) => grainTap(dx, dy)));
  assert.deepEqual(taps, [[1, -2, 1], [-2, 4, -2], [1, -2, 1]]);
  // a ramp 3x + 5y: Σ tap × (3dx + 5dy) = 0 by the kernel's symmetry
  let ramp = 0, squares = 0;
  for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) { ramp += grainTap(dx, dy) * (3 * dx + 5 * dy); squares += grainTap(dx, dy) ** 2; }
  assert.equal(ramp, 0);
  assert.equal(squares, 36);
});

test('one noise field scaled to several textures gives each texture what applySkinTexture gives it, float for float', () => {
  const w = 40, h = 30;
  const all = { x0: 0, y0: 0, x1: w - 1, y1: h - 1 };
  const fine = measureSkinTexture(grainy(w, h, 0.02), createMask(w, h, 1), all)!;
  const coarse = measureSkinTexture(grainy(w, h, 0.04), createMask(w, h, 1), all)!;
  const box = { x0: -3, y0: 5, x1: 33, y1: 40 };
  const fill = new Float32Array(w * h * 3);
  for (let i = 0; i < fill.length; i++) fill[i] = 60 + (i % 97);
  const field = skinNoiseField(w, h, box, 7)!;
  // the box clamped to the plane
  assert.deepEqual(field.box, { x0: 0, y0: 5, x1: 33, y1: 29 });
  for (const tex of [fine, coarse, fine]) {
    const want = fill.slice();
    applySkinTexture(want, w, h, tex, box, [1.5, 0.5], 7);
    const got = fill.slice();
    applyNoiseField(got, w, field, tex, [1.5, 0.5]);
    assert.deepEqual(got, want);
    // only where the mask is set (every third px here): those px as applySkinTexture's, the rest untouched
    const m = createMask(w, h);
    for (let i = 0; i < w * h; i += 3) m.data[i] = 1;
    const some = new Float32Array(fill.length).fill(-1);
    scaleNoiseWhere(some, fill, m, field, { texture: tex, bandGains: [1.5, 0.5] });
    for (let i = 0; i < w * h; i++) {
      const y = Math.floor(i / w), x = i % w;
      const inBox = x <= 33 && y >= 5;
      for (let c = 0; c < 3; c++) assert.equal(some[i * 3 + c], m.data[i] === 1 && inBox ? want[i * 3 + c] : -1, `px ${i} channel ${c}`);
    }
  }
  // an empty box: no field
  assert.equal(skinNoiseField(w, h, { x0: 50, y0: 0, x1: 60, y1: 5 }, 7), null);
});
