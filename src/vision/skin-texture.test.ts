import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createMask } from './image.js';
import { applySkinTexture, cholesky3, measureSkinTexture } from './skin-texture.js';

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
