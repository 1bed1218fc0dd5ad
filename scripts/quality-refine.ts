/**
 * Quality review of refine (a script, not a test), in two parts:
 *
 *  1. Ground truth. For a person P wearing garment G, a coarse image is made
 *     by degrading P inside G's region as a weak generative model would
 *     (blur, flattened contrast, a colour cast) and softening and brightening
 *     everything else a little (a VAE round trip); refine(P, G, coarse) should
 *     be closer to P than the coarse is. G is the product photo for the
 *     manifest's pairs, and for every other person P's own photo (shrunk and
 *     shifted, so the fit has to move it) taken as a worn garment: those
 *     "worn pairs" test the blending with a near-perfect fit, the product
 *     pair tests it with our real fit.
 *  2. Drape's own try-on as the coarse result: refine(P2, G, tryon(P2, G))
 *     completes, differs from the coarse and keeps the untouched pixels.
 *
 * Writes a contact sheet (person | garment | coarse | refined) to
 * artifacts/quality-refine/sheet.png and the figures beside it.
 *
 *   npm run quality:refine
 *   npm run quality:refine -- --persons=14627_00.jpg,01008_00.jpg --limit=6
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import sharp, { type OverlayOptions } from 'sharp';
import type { Category, RawImage, RefineRequest, TryOnOptions } from '../src/engines/engine.js';
import { loadVisionModels, type VisionModels } from '../src/vision/models.js';
import { analysePerson } from '../src/engines/builtin/pipeline.js';
import { runRefine } from '../src/engines/builtin/refine.js';
import { runTryOn } from '../src/engines/builtin/tryon.js';
import { createMask, type Mask, type RgbImage } from '../src/vision/image.js';
import { blurMask, boxBlurPlane, morph, resizeMask } from '../src/vision/mask-ops.js';
import { meanAbsChange, ssim } from '../src/vision/image-metrics.js';
import { fixturesAvailable, fixturesDir, loadGarment, loadManifest, loadPerson, recordingContext, tryOnOptions } from '../test/support/engine-fixtures.js';

const TILE_HEIGHT_PX = 300;

/** The garment region of a person photo (full size, hard 0/1): the engine's own clothing parse, grown 2 analysis px. */
export async function garmentRegion(models: VisionModels, person: RgbImage, category: Category, options: TryOnOptions = tryOnOptions()): Promise<Mask> {
  const { clothing } = await analysePerson(models, person, options, recordingContext());
  const m = createMask(clothing.upperCloth.width, clothing.upperCloth.height);
  for (let i = 0; i < m.data.length; i++) {
    const u = clothing.upperCloth.data[i]!, l = clothing.lowerCloth.data[i]!;
    m.data[i] = category === 'upper' ? u : category === 'lower' ? l : Math.max(u, l);
  }
  const full = resizeMask(morph(m, 2), person.width, person.height);
  for (let i = 0; i < full.data.length; i++) full.data[i] = full.data[i]! >= 0.5 ? 1 : 0;
  return full;
}

/**
 * A weak generative try-on of the garment the person already wears: inside
 * `region` blurred (texture lost), contrast flattened towards the region's
 * mean and a warm colour cast; outside it lightly softened and brightened.
 */
export function degrade(person: RgbImage, region: Mask): RgbImage {
  const { width: w, height: h } = person;
  const n = w * h;
  const soft = blurMask(region, 3, 2).data;
  const inside: Float32Array[] = [], outside: Float32Array[] = [];
  const mean = [0, 0, 0];
  let count = 0;
  for (let i = 0; i < n; i++) if (region.data[i]! >= 0.5) { for (let c = 0; c < 3; c++) mean[c] = mean[c]! + person.data[i * person.channels + c]!; count++; }
  for (let c = 0; c < 3; c++) {
    mean[c] = count ? mean[c]! / count : 128;
    const p = new Float32Array(n);
    for (let i = 0; i < n; i++) p[i] = person.data[i * person.channels + c]!;
    inside.push(boxBlurPlane(p, w, h, 4, 2));
    outside.push(boxBlurPlane(p, w, h, 1, 1));
  }
  const cast = [22, 4, -16];
  const out = new Uint8Array(n * 3);
  for (let i = 0; i < n; i++) {
    const k = soft[i]!;
    for (let c = 0; c < 3; c++) {
      const gin = mean[c]! + (inside[c]![i]! - mean[c]!) * 0.7 + cast[c]!;
      const gout = outside[c]![i]! * 1.03 + 3;
      out[i * 3 + c] = Math.round(Math.max(0, Math.min(255, gin * k + gout * (1 - k))));
    }
  }
  return { width: w, height: h, channels: 3, data: out };
}

export interface Scores {
  ssimIn: number;
  maeIn: number;
  ssimOut: number;
  maeOut: number;
}

export function scores(truth: RgbImage, img: RgbImage, region: Mask): Scores {
  const outside = createMask(region.width, region.height);
  for (let i = 0; i < outside.data.length; i++) outside.data[i] = region.data[i]! >= 0.5 ? 0 : 1;
  return {
    ssimIn: ssim(truth, img, region),
    maeIn: meanAbsChange(truth, img, region, true),
    ssimOut: ssim(truth, img, outside),
    maeOut: meanAbsChange(truth, img, region, false),
  };
}

/** The person photo shrunk to 85 % and shifted (its edges stretched): a worn garment the fit has to move. */
export async function wornGarmentPhoto(person: RgbImage): Promise<RgbImage> {
  const sw = Math.round(person.width * 0.85), sh = Math.round(person.height * 0.85);
  const { data, info } = await sharp(person.data, { raw: { width: person.width, height: person.height, channels: person.channels } })
    .resize(sw, sh)
    .extend({ left: person.width - sw - 20, right: 20, top: person.height - sh - 30, bottom: 30, extendWith: 'copy' })
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, channels: 3, data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
}

async function tile(img: RawImage, caption: string): Promise<Buffer> {
  const body = await sharp(img.data, { raw: { width: img.width, height: img.height, channels: img.channels } })
    .resize({ height: TILE_HEIGHT_PX })
    .flatten({ background: '#ffffff' })
    .png()
    .toBuffer();
  const meta = await sharp(body).metadata();
  const width = meta.width ?? 200;
  const svg = `<svg width="${width}" height="18" xmlns="http://www.w3.org/2000/svg"><rect width="100%" height="100%" fill="#222"/><text x="3" y="13" font-family="sans-serif" font-size="11" fill="#fff">${caption.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</text></svg>`;
  return sharp({ create: { width, height: TILE_HEIGHT_PX + 18, channels: 3, background: '#000' } })
    .composite([{ input: Buffer.from(svg), left: 0, top: 0 }, { input: body, left: 0, top: 18 }])
    .png()
    .toBuffer();
}

async function sheet(rows: Buffer[][], file: string): Promise<void> {
  const metas = await Promise.all(rows.map((r) => Promise.all(r.map((t) => sharp(t).metadata()))));
  const rowW = metas.map((m) => m.reduce((s, x) => s + (x.width ?? 0), 0));
  const width = Math.max(...rowW), height = rows.length * (TILE_HEIGHT_PX + 18);
  const parts: OverlayOptions[] = [];
  rows.forEach((r, y) => {
    let x = 0;
    r.forEach((t, k) => {
      parts.push({ input: t, left: x, top: y * (TILE_HEIGHT_PX + 18) });
      x += metas[y]![k]!.width ?? 0;
    });
  });
  await sharp({ create: { width, height, channels: 3, background: '#111' } }).composite(parts).png().toFile(file);
}

const fmt = (s: Scores) => `ssim in ${s.ssimIn.toFixed(3)} mae in ${s.maeIn.toFixed(1)} | ssim out ${s.ssimOut.toFixed(3)} mae out ${s.maeOut.toFixed(1)}`;

function arg(name: string): string | undefined {
  return process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
}

async function main(): Promise<void> {
  const dir = fixturesDir();
  if (!fixturesAvailable(dir)) throw new Error(`fixtures not found at ${dir} (set DRAPE_FIXTURES)`);
  const manifest = loadManifest(dir);
  const models = await loadVisionModels({ pose: 'blazepose-full', face: true });
  const outDir = resolve(process.cwd(), 'artifacts/quality-refine');
  mkdirSync(outDir, { recursive: true });
  const onlyPersons = arg('persons')?.split(',');
  const limit = Number(arg('limit') ?? Infinity);
  const options = tryOnOptions();
  const rows: Buffer[][] = [];
  const results: Record<string, unknown>[] = [];
  const times: number[] = [];

  const cases: { person: string; garment: string; category: Category; worn: boolean }[] = [];
  for (const p of manifest.pairs) cases.push({ person: p.person, garment: p.garment, category: p.category, worn: false });
  for (const [name, meta] of Object.entries(manifest.persons)) {
    if (manifest.pairs.some((p) => p.person === name)) continue;
    cases.push({ person: name, garment: name, category: meta.wearing === 'dress' ? 'dress' : 'upper', worn: true });
  }
  for (const job of cases.filter((c) => !onlyPersons || onlyPersons.includes(c.person)).slice(0, limit)) {
    const person = await loadPerson(job.person, dir);
    const garment = job.worn ? await wornGarmentPhoto(person) : await loadGarment(job.garment, dir);
    const label = `${job.person} + ${job.worn ? 'worn self' : job.garment} (${job.category})`;
    try {
      const region = await garmentRegion(models, person, job.category, options);
      let area = 0;
      for (let i = 0; i < region.data.length; i++) area += region.data[i]!;
      if (area < region.data.length * 0.01) {
        results.push({ case: label, skipped: 'no garment region found in the person photo' });
        console.log(`${label} skipped: no garment region`);
        continue;
      }
      const coarse = degrade(person, region);
      const request: RefineRequest = { operation: 'refine', person, garments: [{ image: garment, category: job.category }], coarse, options };
      const t0 = performance.now();
      const refined = await runRefine(models, request, recordingContext());
      const ms = performance.now() - t0;
      times.push(ms);
      const source = (refined.info?.categories as { source: string }[] | undefined)?.[0]?.source;
      if (job.worn && source !== 'worn') {
        results.push({ case: label, skipped: `the garment analysis did not find the wearer (source ${source})` });
        console.log(`${label} skipped: not analysed as a worn garment`);
        continue;
      }
      const before = scores(person, coarse, region), after = scores(person, refined.image, region);
      results.push({ kind: job.worn ? 'worn-pair' : 'product-pair', case: label, ms: Math.round(ms), before, after, info: refined.info });
      console.log(`${label} ${Math.round(ms)} ms\n  coarse  ${fmt(before)}\n  refined ${fmt(after)}`);
      rows.push([await tile(person, job.person), await tile(garment, job.worn ? 'worn (self, moved)' : job.garment), await tile(coarse, `coarse ${before.maeIn.toFixed(1)}`), await tile(refined.image, `refined ${after.maeIn.toFixed(1)} ${Math.round(ms)} ms`)]);
    } catch (error) {
      results.push({ case: label, error: String(error) });
      console.log(`${label} ERROR ${String(error)}`);
    }
  }

  // Drape's own try-on as the coarse result, on persons not wearing the garment
  const own: [string, string, Category][] = [['01008_00.jpg', '050191_1.jpg', 'upper'], ['model_6.png', '00055_00.jpg', 'upper'], ['049205_0.jpg', '051988_1.jpg', 'lower'], ['02849_00.jpg', '14627_00.jpg', 'upper']];
  for (const [p, g, category] of own.filter(([p]) => !onlyPersons || onlyPersons.includes(p))) {
    const person = await loadPerson(p, dir);
    const garment = await loadGarment(g, dir);
    const label = `${p} + ${g} (own try-on as coarse)`;
    try {
      const coarse = (await runTryOn(models, { operation: 'tryon', person, garments: [{ image: garment, category }], options }, recordingContext())).image;
      const t0 = performance.now();
      const refined = await runRefine(models, { operation: 'refine', person, garments: [{ image: garment, category }], coarse, options }, recordingContext());
      const ms = performance.now() - t0;
      times.push(ms);
      const n = person.width * person.height;
      let diffCoarse = 0, untouched = 0, kept = 0;
      for (let i = 0; i < n; i++) {
        let dc = 0, same = true, keptHere = true;
        for (let c = 0; c < 3; c++) {
          const q = i * 3 + c;
          dc += Math.abs(refined.image.data[q]! - coarse.data[q]!);
          if (coarse.data[q] !== person.data[q]) same = false;
          if (refined.image.data[q] !== person.data[q]) keptHere = false;
        }
        diffCoarse += dc / 3;
        if (same) { untouched++; if (keptHere) kept++; }
      }
      const row = { kind: 'own-coarse', case: label, ms: Math.round(ms), meanDiffFromCoarse: diffCoarse / n, untouchedByCoarse: untouched / n, keptOfUntouched: kept / Math.max(1, untouched), info: refined.info };
      results.push(row);
      console.log(`${label} ${Math.round(ms)} ms  mean |refined − coarse| ${row.meanDiffFromCoarse.toFixed(2)}, kept ${(row.keptOfUntouched * 100).toFixed(2)} % of the ${(row.untouchedByCoarse * 100).toFixed(1)} % the coarse left untouched`);
      rows.push([await tile(person, p), await tile(garment, g), await tile(coarse, 'coarse: own try-on'), await tile(refined.image, `refined ${Math.round(ms)} ms`)]);
    } catch (error) {
      results.push({ case: label, error: String(error) });
      console.log(`${label} ERROR ${String(error)}`);
    }
  }

  // steady-state time per refine at 768×1024 (the runs above include each thread's warm-up)
  const steady: number[] = [];
  {
    const person = await loadPerson('01008_00.jpg', dir);
    const garments = [{ image: await loadGarment('050191_1.jpg', dir), category: 'upper' as const }];
    const coarse = (await runTryOn(models, { operation: 'tryon', person, garments, options }, recordingContext())).image;
    for (let k = 0; k < 7; k++) {
      const ctx = recordingContext();
      const t0 = performance.now();
      await runRefine(models, { operation: 'refine', person, garments, coarse, options }, ctx);
      steady.push(performance.now() - t0);
      if (k === 6) console.log('stage ms', JSON.stringify(Object.fromEntries(Object.entries(ctx.timings).map(([n, v]) => [n, Math.round(v)]))));
    }
    steady.sort((a, b) => a - b);
  }

  const gt = results.filter((r) => r.before) as { kind: string; before: Scores; after: Scores }[];
  const summarise = (list: typeof gt) => {
    const mean = (f: (s: { before: Scores; after: Scores }) => number) => (list.length ? list.reduce((s, r) => s + f(r), 0) / list.length : NaN);
    return {
      n: list.length,
      improvedInside: list.filter((r) => r.after.maeIn < r.before.maeIn && r.after.ssimIn > r.before.ssimIn).length,
      ssimIn: [mean((r) => r.before.ssimIn), mean((r) => r.after.ssimIn)],
      maeIn: [mean((r) => r.before.maeIn), mean((r) => r.after.maeIn)],
      ssimOut: [mean((r) => r.before.ssimOut), mean((r) => r.after.ssimOut)],
      maeOut: [mean((r) => r.before.maeOut), mean((r) => r.after.maeOut)],
    };
  };
  times.sort((a, b) => a - b);
  const summary = {
    productPairs: summarise(gt.filter((r) => r.kind === 'product-pair')),
    wornPairs: summarise(gt.filter((r) => r.kind === 'worn-pair')),
    refineMsP50: Math.round(times[Math.floor(times.length / 2)] ?? NaN),
    refineMsMax: Math.round(times[times.length - 1] ?? NaN),
    steadyRefineMs768x1024: { p50: Math.round(steady[3]!), min: Math.round(steady[0]!), max: Math.round(steady[6]!) },
  };
  writeFileSync(resolve(outDir, 'summary.json'), JSON.stringify({ summary, results }, null, 2));
  console.log(JSON.stringify(summary, null, 2));
  if (rows.length) await sheet(rows, resolve(outDir, 'sheet.png'));
  console.log(`sheet: ${resolve(outDir, 'sheet.png')}`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
