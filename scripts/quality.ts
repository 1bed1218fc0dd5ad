/**
 * Quality review (a script, not a test): runs the built-in engine over the
 * fixture persons × a fixed sample of garments of a fitting category and
 * writes contact sheets (person | garment | result) plus figures to
 * artifacts/quality/. Look at the sheets; the figures only catch gross faults.
 *
 *   npm run quality                    all persons, the fixed garment sample
 *   npm run quality -- --persons=a,b   a subset (file names from manifest.json)
 *   npm run quality -- --categories=upper
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import sharp from 'sharp';
import { createEngine } from '../src/engines/builtin/index.js';
import type { Category, RawImage } from '../src/engines/engine.js';
import { isDrapeError } from '../src/errors.js';
import { createMask, type RgbImage } from '../src/vision/image.js';
import { meanAbsChange, ssim } from '../src/vision/image-metrics.js';
import { fixturesAvailable, fixturesDir, loadGarment, loadManifest, loadPerson, recordingContext, tryOnOptions } from '../test/support/engine-fixtures.js';

/** A fixed sample: plain, printed, striped, long-sleeve, sleeveless; jeans, print trousers, skirt; dresses. */
const SAMPLE: Record<Category, string[]> = {
  upper: ['00055_00.jpg', '00151_00.jpg', '048769_1.jpg', '049920_1.jpg', '04825_00.jpg'],
  lower: ['051517_1.jpg', '051946_1.jpg', '051988_1.jpg'],
  dress: ['052234_1.jpg', '053742_1.jpg'],
};
const TILE_HEIGHT_PX = 320;

function arg(name: string): string | undefined {
  return process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
}

async function tile(img: RawImage | RgbImage): Promise<Buffer> {
  return sharp(img.data, { raw: { width: img.width, height: img.height, channels: img.channels } })
    .resize({ height: TILE_HEIGHT_PX })
    .flatten({ background: '#ffffff' })
    .png()
    .toBuffer();
}

async function label(text: string, width: number): Promise<Buffer> {
  const svg = `<svg width="${width}" height="22" xmlns="http://www.w3.org/2000/svg"><rect width="100%" height="100%" fill="#222"/><text x="4" y="16" font-family="sans-serif" font-size="13" fill="#fff">${text.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</text></svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

interface Row {
  person: string;
  garment: string;
  category: Category;
  ms?: number;
  error?: string;
  meanChangeOutside?: number;
  meanChangeInside?: number;
  changedFraction?: number;
  ssimWhole?: number;
  ssimRegion?: number;
}

async function main(): Promise<void> {
  const dir = fixturesDir();
  if (!fixturesAvailable(dir)) throw new Error(`fixtures not found at ${dir} (set DRAPE_FIXTURES)`);
  const manifest = loadManifest(dir);
  const outDir = resolve(process.cwd(), 'artifacts/quality');
  mkdirSync(outDir, { recursive: true });
  const onlyPersons = arg('persons')?.split(',');
  const onlyCats = (arg('categories')?.split(',') ?? ['upper', 'lower', 'dress']) as Category[];
  const engine = createEngine();
  await engine.init();
  const rows: Row[] = [];
  const tiles = new Map<string, Buffer[]>();
  const jobs: { person: string; garment: string; category: Category }[] = [];
  for (const [person, meta] of Object.entries(manifest.persons)) {
    if (onlyPersons && !onlyPersons.includes(person)) continue;
    const legs = meta.framing !== 'upper_body';
    for (const category of onlyCats) {
      if (category !== 'upper' && !legs) continue;
      for (const garment of SAMPLE[category]) jobs.push({ person, garment, category });
    }
  }
  for (const pair of manifest.pairs) {
    if (!onlyPersons || onlyPersons.includes(pair.person)) jobs.push({ ...pair });
  }
  for (const job of jobs) {
    const person = await loadPerson(job.person, dir);
    const garment = await loadGarment(job.garment, dir);
    const ctx = recordingContext();
    const row: Row = { ...job };
    const t0 = performance.now();
    let resultTile: Buffer;
    let caption = `${job.person} + ${job.garment}`;
    try {
      const res = await engine.run({ operation: 'tryon', person, garments: [{ image: garment, category: job.category }], options: tryOnOptions({ diagnostics: true }) }, ctx);
      row.ms = Math.round(performance.now() - t0);
      const regionImg = res.diagnostics?.find((d) => d.name === 'replaced-region')?.image;
      const region = createMask(person.width, person.height);
      if (regionImg) for (let i = 0; i < region.data.length; i++) region.data[i] = regionImg.data[i * regionImg.channels]! / 255 > 0.02 ? 1 : 0;
      row.meanChangeOutside = Number(meanAbsChange(person, res.image, region, false).toFixed(3));
      row.meanChangeInside = Number(meanAbsChange(person, res.image, region, true).toFixed(2));
      row.changedFraction = Number(res.info?.changedFraction ?? 0);
      if (manifest.pairs.some((p) => p.person === job.person && p.garment === job.garment)) {
        row.ssimWhole = Number(ssim(person, res.image).toFixed(4));
        row.ssimRegion = Number(ssim(person, res.image, region).toFixed(4));
      }
      resultTile = await tile(res.image);
      caption += ` ${row.ms} ms`;
    } catch (error) {
      row.ms = Math.round(performance.now() - t0);
      row.error = isDrapeError(error) ? error.code : String(error);
      resultTile = await sharp({ create: { width: 240, height: TILE_HEIGHT_PX, channels: 3, background: '#400' } }).png().toBuffer();
      caption += ` ERROR ${row.error}`;
    }
    rows.push(row);
    console.log(JSON.stringify(row));
    const parts = [await tile(person), await tile(garment), resultTile];
    const metas = await Promise.all(parts.map((p) => sharp(p).metadata()));
    const width = metas.reduce((s, m) => s + (m.width ?? 0), 0);
    const composite = await sharp({ create: { width, height: TILE_HEIGHT_PX + 22, channels: 3, background: '#000' } })
      .composite([
        ...parts.map((p, i) => ({ input: p, left: metas.slice(0, i).reduce((s, m) => s + (m.width ?? 0), 0), top: 22 })),
        { input: await label(caption, width), left: 0, top: 0 },
      ])
      .png()
      .toBuffer();
    const key = manifest.pairs.some((p) => p.person === job.person && p.garment === job.garment) ? 'pairs' : `${job.category}-${job.garment.replace(/\.[a-z]+$/, '')}`;
    tiles.set(key, [...(tiles.get(key) ?? []), composite]);
  }
  const sheets: string[] = [];
  for (const [key, list] of tiles) {
    const perRow = 3;
    const metas = await Promise.all(list.map((t) => sharp(t).metadata()));
    const cellW = Math.max(...metas.map((m) => m.width ?? 0));
    const cellH = TILE_HEIGHT_PX + 22;
    const rowsN = Math.ceil(list.length / perRow);
    const file = resolve(outDir, `sheet-${key}.png`);
    await sharp({ create: { width: cellW * Math.min(perRow, list.length), height: cellH * rowsN, channels: 3, background: '#111' } })
      .composite(list.map((t, i) => ({ input: t, left: (i % perRow) * cellW, top: Math.floor(i / perRow) * cellH })))
      .png()
      .toFile(file);
    sheets.push(file);
  }
  const ok = rows.filter((r) => !r.error);
  const times = ok.map((r) => r.ms!).sort((a, b) => a - b);
  const summary = {
    runs: rows.length,
    failures: rows.filter((r) => r.error).map((r) => `${r.person}+${r.garment}: ${r.error}`),
    timeP50Ms: times[Math.floor(times.length * 0.5)] ?? null,
    timeP95Ms: times[Math.min(times.length - 1, Math.floor(times.length * 0.95))] ?? null,
    meanChangeOutsideMax: Math.max(0, ...ok.map((r) => r.meanChangeOutside ?? 0)),
    pairs: rows.filter((r) => r.ssimWhole !== undefined),
    sheets,
  };
  writeFileSync(resolve(outDir, 'summary.json'), JSON.stringify({ summary, rows }, null, 2));
  const md = [
    '# Quality review',
    '',
    `runs ${summary.runs}, failures ${summary.failures.length}, time p50 ${summary.timeP50Ms} ms, p95 ${summary.timeP95Ms} ms (one thread, includes diagnostics)`,
    `max mean change outside the replaced region: ${summary.meanChangeOutsideMax} (0..255)`,
    '',
    '| person | garment | category | ms | outside Δ | inside Δ | changed | SSIM whole | SSIM region | error |',
    '|---|---|---|---|---|---|---|---|---|---|',
    ...rows.map((r) => `| ${r.person} | ${r.garment} | ${r.category} | ${r.ms ?? ''} | ${r.meanChangeOutside ?? ''} | ${r.meanChangeInside ?? ''} | ${r.changedFraction ?? ''} | ${r.ssimWhole ?? ''} | ${r.ssimRegion ?? ''} | ${r.error ?? ''} |`),
    '',
    ...sheets.map((s) => `- ${s}`),
  ].join('\n');
  writeFileSync(resolve(outDir, 'summary.md'), md);
  console.log(JSON.stringify(summary, null, 2));
  await engine.dispose?.();
}

await main();
