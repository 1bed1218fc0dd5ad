import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyMask, createMask, luma, planesIn, withPooledPlanes } from './image.js';
import { solidImage } from '../../test/support/drawing.js';

test("luma: Rec. 601 weights per pixel, as float32 unless a Float64Array is given to keep every digit", () => {
  const img = solidImage(2, 1, [200, 100, 50]);
  const exact = 0.299 * 200 + 0.587 * 100 + 0.114 * 50;
  const f32 = luma(img);
  assert.ok(f32 instanceof Float32Array);
  assert.deepEqual([...f32], [Math.fround(exact), Math.fround(exact)]);
  const f64 = luma(img, new Float64Array(2));
  assert.ok(f64 instanceof Float64Array);
  assert.deepEqual([...f64], [exact, exact]);
  assert.notEqual(f32[0], exact, 'float32 rounds this value: the double plane is not the same numbers');
});

test('withPooledPlanes: a plane the work took and its result does not hold is handed back, zeroed, to the next mask of its length', () => {
  const w = 256, h = 256;
  let dropped: Float32Array | undefined, held: Float32Array | undefined;
  const result = withPooledPlanes(() => {
    const a = createMask(w, h), b = createMask(w, h);
    a.data.fill(0.75);
    b.data.fill(0.5);
    dropped = a.data;
    held = b.data;
    return { kept: b };
  }, (r) => planesIn(r));
  withPooledPlanes(() => {
    const c = createMask(w, h), d = createMask(w, h);
    // the dropped plane comes back all zeros; the held one is never handed out again
    assert.equal(c.data, dropped);
    assert.equal(c.data.every((v) => v === 0), true);
    assert.notEqual(d.data, held);
    assert.equal(d.data.every((v) => v === 0), true);
    return null;
  }, () => []);
  assert.equal(result.kept.data, held);
  assert.equal(held!.every((v) => v === 0.5), true);
});

test('createMask outside withPooledPlanes, and small planes inside it, are always new', () => {
  const a = createMask(256, 256);
  withPooledPlanes(() => createMask(256, 256), () => []);
  const b = createMask(256, 256);
  assert.notEqual(a.data, b.data);
  let small: Float32Array | undefined;
  withPooledPlanes(() => (small = createMask(8, 8).data), () => []);
  withPooledPlanes(() => assert.notEqual(createMask(8, 8).data, small), () => []);
  // filled masks come filled from a reused plane too
  withPooledPlanes(() => createMask(256, 256), () => []);
  withPooledPlanes(() => assert.equal(createMask(256, 256, 0.25).data.every((v) => v === 0.25), true), () => []);
});

test('planesIn: the typed arrays in nested objects, arrays and maps, each once', () => {
  const p = new Float32Array(2), q = new Uint8Array(1);
  const v = { a: { data: p }, list: [{ data: p }, null, 3, 'x'], m: new Map([['k', { q }]]) };
  assert.deepEqual(planesIn(v), [p, q]);
});

test('withPooledPlanes: an async piece of work takes its planes after an await too, and hands them back once it settles', async () => {
  const w = 256, h = 257; // (a length no other test uses: the spare planes are shared by the whole process)
  const taken = await withPooledPlanes(async () => {
    await Promise.resolve();
    return { data: createMask(w, h).data };
  }, () => []);
  assert.equal(withPooledPlanes(() => createMask(w, h).data, () => []), taken.data);
});

test('withPooledPlanes: work running beside an unsettled async piece of work does not take its planes', async () => {
  const w = 256, h = 258;
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const running = withPooledPlanes(async () => {
    const mine = createMask(w, h).data.fill(0.5);
    await gate;
    return mine;
  }, (m) => [m]);
  // (a pooled piece of work of its own meanwhile: the plane above is still taken, and stays as it was)
  const beside = withPooledPlanes(() => createMask(w, h).data, () => []);
  release();
  const mine = await running;
  assert.notEqual(beside, mine);
  assert.equal(mine.every((v) => v === 0.5), true);
});

test('withPooledPlanes nested: the inner work hands its planes back at once; the ones its result holds go back with the outer work', () => {
  const w = 256, h = 259;
  let kept: Float32Array | undefined;
  withPooledPlanes(() => {
    const dropped = withPooledPlanes(() => createMask(w, h).data, () => []);
    // handed back when the inner work returned: the outer one's next mask reuses it
    assert.equal(createMask(w, h).data, dropped);
    kept = withPooledPlanes(() => createMask(w, h).data.fill(0.5), (m) => [m]);
    assert.notEqual(createMask(w, h).data, kept, 'the inner result still holds it');
    assert.equal(kept.every((v) => v === 0.5), true);
    return null;
  }, () => []);
  // the outer result does not reach it: back in the spare planes with the rest
  const again = withPooledPlanes(() => [createMask(w, h).data, createMask(w, h).data, createMask(w, h).data], () => []);
  assert.equal(again.includes(kept!), true);
});

test('withPooledPlanes: with the spare planes full of another length, the planes handed back last are kept and the oldest dropped', () => {
  const w = 256, h = 260;
  // (more planes than the pool keeps, all of one length: a run of photos of one size)
  withPooledPlanes(() => Array.from({ length: 400 }, () => createMask(w, h + 1)), () => []);
  const last = withPooledPlanes(() => createMask(w, h).data, () => []);
  assert.equal(withPooledPlanes(() => createMask(w, h).data, () => []), last);
});

test('copyMask: the same values in a plane of its own, inside withPooledPlanes a plane handed back before', () => {
  const w = 256, h = 256;
  let dropped: Float32Array | undefined;
  withPooledPlanes(() => {
    dropped = createMask(w, h, 0.25).data;
    return null;
  }, () => []);
  const source = createMask(w, h);
  source.data[0] = 1;
  source.data[w * h - 1] = 0.5;
  withPooledPlanes(() => {
    const copy = copyMask(source);
    // the plane handed back comes again, holding the source's values: 1 and 0.5 at the ends, 0 between (not the 0.25 left in it)
    assert.equal(copy.data, dropped);
    assert.deepEqual([copy.width, copy.height, copy.data[0], copy.data[1], copy.data[w * h - 1]], [w, h, 1, 0, 0.5]);
    copy.data[0] = 0;
    assert.equal(source.data[0], 1);
    return null;
  }, () => []);
});
