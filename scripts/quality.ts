/**
 * Quality review (a script, not a test): runs the built-in engine over one
 * half of the fixtures and writes contact sheets (person | garment | result,
 * with the case id) plus figures to artifacts/quality/<half>/. Look at the
 * sheets; the figures only catch gross faults.
 *
 * The fixtures are split once, deterministically, into a tune half (develop
 * on it) and a check half (look at it only to report): persons and garments
 * separately, each stratum (a person's framing, a garment's category) sorted
 * by the SHA-256 of the file name and cut in the middle. A half's cases are
 * every person of the half × one garment of each fitting category from that
 * half (rotating through the category's garments so all of them appear),
 * plus the manifest pairs whose person and garment both fall in the half.
 *
 *   npm run quality -- --half=tune          (or --half=check)
 *   npm run quality -- --half=tune --cases=T03,T17   a subset by case id
 *   npm run quality -- --half=tune --full             also each case's person | garment | result at full size
 *                                                     (artifacts/quality/<half>/full/<id>.png), for grading
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import sharp from 'sharp';
import { createEngine } from '../src/engines/builtin/index.js';
import { DEFAULT_MIN_QUALITY, type Engine, type QualityVerdict, type RawImage } from '../src/engines/engine.js';
import { isDrapeError } from '../src/errors.js';
import { createMask, type RgbImage } from '../src/vision/image.js';
import { meanAbsChange, ssim } from '../src/vision/image-metrics.js';
import { fixturesAvailable, fixturesDir, loadManifest, loadServed, recordingContext, tryOnOptions } from '../test/support/engine-fixtures.js';
import { halfCases, type Half, type QualityCase } from '../test/support/fixture-split.js';

const TILE_HEIGHT_PX = 300;
const LINE_HEIGHT_PX = 18;
/** Two caption lines: the case, then the verdict and the outcome. */
const LABEL_HEIGHT_PX = 2 * LINE_HEIGHT_PX + 4;
/** Cases per contact sheet (two columns): small enough to judge each result at a glance. */
const CASES_PER_SHEET = 6;
const SHEET_COLUMNS = 2;

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

/** A caption of one or more lines; the verdict's line is red when the user gets no result. */
async function label(lines: { text: string; colour: string }[], width: number): Promise<Buffer> {
  const esc = (t: string) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const texts = lines.map((l, i) => `<text x="4" y="${16 + i * LINE_HEIGHT_PX}" font-family="sans-serif" font-size="14" fill="${l.colour}">${esc(l.text)}</text>`);
  const svg = `<svg width="${width}" height="${LABEL_HEIGHT_PX}" xmlns="http://www.w3.org/2000/svg"><rect width="100%" height="100%" fill="#222"/>${texts.join('')}</svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

/** completed, refused by the verdict (low_quality_result), or refused earlier with the engine's code. */
type Outcome = 'completed' | 'low_quality_result' | `refused:${string}`;

/** The outcome a user gets: below DEFAULT_MIN_QUALITY the job fails with low_quality_result (src/jobs). */
function outcomeOf(quality: QualityVerdict | undefined): Outcome {
  return quality && quality.score < DEFAULT_MIN_QUALITY ? 'low_quality_result' : 'completed';
}

interface Row extends QualityCase {
  ms?: number;
  error?: string;
  meanChangeOutside?: number;
  meanChangeInside?: number;
  changedFraction?: number;
  quality?: QualityVerdict;
  /** What a user gets with the default min_quality: the result, or the job failed with a code. */
  outcome?: Outcome;
  ssimWhole?: number;
  ssimRegion?: number;
}

/** One case: the engine's result (or its error code) and the figures. */
async function runCase(engine: Engine, c: QualityCase, dir: string, fullDir?: string): Promise<{ row: Row; tiles: Buffer[] }> {
  const person = await loadServed('persons', c.person, dir);
  const garment = await loadServed('garments', c.garment, dir);
  const row: Row = { ...c };
  const t0 = performance.now();
  let result: Buffer;
  try {
    const res = await engine.run({ operation: 'tryon', person, garments: [{ image: garment, category: c.category }], options: tryOnOptions({ diagnostics: true }) }, recordingContext());
    row.ms = Math.round(performance.now() - t0);
    const regionImg = res.diagnostics?.find((d) => d.name === 'replaced-region')?.image;
    const region = createMask(person.width, person.height);
    if (regionImg) for (let i = 0; i < region.data.length; i++) region.data[i] = regionImg.data[i * regionImg.channels]! / 255 > 0.02 ? 1 : 0;
    row.meanChangeOutside = Number(meanAbsChange(person, res.image, region, false).toFixed(4));
    row.meanChangeInside = Number(meanAbsChange(person, res.image, region, true).toFixed(2));
    row.changedFraction = Number(res.info?.changedFraction ?? 0);
    row.quality = res.quality;
    row.outcome = outcomeOf(res.quality);
    if (c.pair) {
      row.ssimWhole = Number(ssim(person, res.image).toFixed(4));
      row.ssimRegion = Number(ssim(person, res.image, region).toFixed(4));
    }
    result = await tile(res.image);
    if (fullDir) await writeFull([person, garment, res.image], resolve(fullDir, `${c.id}.png`));
  } catch (error) {
    row.ms = Math.round(performance.now() - t0);
    row.error = isDrapeError(error) ? error.code : String(error);
    row.outcome = `refused:${row.error}`;
    result = await sharp({ create: { width: 225, height: TILE_HEIGHT_PX, channels: 3, background: '#400' } }).png().toBuffer();
  }
  return { row, tiles: [await tile(person), await tile(garment), result] };
}

/**
 * Person | garment | result side by side at the result's height: remnants and edges show only at full size, and
 * the garment photo is there to judge whether its shape and print came through.
 */
async function writeFull(images: RawImage[], file: string): Promise<void> {
  const height = images[images.length - 1]!.height;
  const panels = await Promise.all(
    images.map((img) =>
      sharp(img.data, { raw: { width: img.width, height: img.height, channels: img.channels } })
        .resize({ height })
        .flatten({ background: '#ffffff' })
        .png()
        .toBuffer({ resolveWithObject: true }),
    ),
  );
  let left = 0;
  const layers = panels.map(({ data, info }) => {
    const layer = { input: data, left, top: 0 };
    left += info.width;
    return layer;
  });
  await sharp({ create: { width: left, height, channels: 3, background: '#000' } })
    .composite(layers)
    .png({ compressionLevel: 3 })
    .toFile(file);
}

function verdictLine(row: Row): string {
  if (row.error) return `REFUSED ${row.error}`;
  const q = row.quality;
  const verdict = q ? `${q.score.toFixed(2)} ${q.warnings.join(' ') || '-'}` : 'no verdict';
  return `${row.outcome === 'completed' ? 'completed' : 'REFUSED low_quality_result'} · ${verdict}`;
}

/** Person | garment | result side by side under a caption with the case id. */
async function caseTile(row: Row, parts: Buffer[]): Promise<Buffer> {
  const metas = await Promise.all(parts.map((p) => sharp(p).metadata()));
  const width = metas.reduce((s, m) => s + (m.width ?? 0), 0);
  const caption = [
    { text: `${row.id} ${row.person} + ${row.garment} (${row.category}${row.pair ? ', pair' : ''}) ${row.ms} ms`, colour: '#fff' },
    { text: verdictLine(row), colour: row.outcome === 'completed' ? '#8f8' : '#f88' },
  ];
  return sharp({ create: { width, height: TILE_HEIGHT_PX + LABEL_HEIGHT_PX, channels: 3, background: '#000' } })
    .composite([
      ...parts.map((p, i) => ({ input: p, left: metas.slice(0, i).reduce((s, m) => s + (m.width ?? 0), 0), top: LABEL_HEIGHT_PX })),
      { input: await label(caption, width), left: 0, top: 0 },
    ])
    .png()
    .toBuffer();
}

async function writeSheets(tiles: Buffer[], outDir: string): Promise<string[]> {
  const files: string[] = [];
  const metas = await Promise.all(tiles.map((t) => sharp(t).metadata()));
  const cellW = Math.max(...metas.map((m) => m.width ?? 0));
  const cellH = TILE_HEIGHT_PX + LABEL_HEIGHT_PX;
  for (let s = 0; s * CASES_PER_SHEET < tiles.length; s++) {
    const list = tiles.slice(s * CASES_PER_SHEET, (s + 1) * CASES_PER_SHEET);
    const file = resolve(outDir, `sheet-${String(s + 1).padStart(2, '0')}.png`);
    await sharp({ create: { width: cellW * SHEET_COLUMNS, height: cellH * Math.ceil(list.length / SHEET_COLUMNS), channels: 3, background: '#111' } })
      .composite(list.map((t, i) => ({ input: t, left: (i % SHEET_COLUMNS) * cellW, top: Math.floor(i / SHEET_COLUMNS) * cellH })))
      .png()
      .toFile(file);
    files.push(file);
  }
  return files;
}

function countBy(values: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of values) out[v] = (out[v] ?? 0) + 1;
  return out;
}

function summarise(rows: Row[], half: Half, sheets: string[]) {
  const ran = rows.filter((r) => !r.error);
  const times = ran.map((r) => r.ms!).sort((a, b) => a - b);
  return {
    half,
    cases: rows.length,
    minQuality: DEFAULT_MIN_QUALITY,
    /** What users get with the default min_quality: completed, low_quality_result, or the engine's earlier refusal. */
    outcomes: countBy(rows.map((r) => r.outcome ?? 'unknown')),
    warnings: countBy(ran.flatMap((r) => r.quality?.warnings ?? [])),
    timeP50Ms: times[Math.floor(times.length * 0.5)] ?? null,
    meanChangeOutsideMax: Math.max(0, ...ran.map((r) => r.meanChangeOutside ?? 0)),
    sheets,
  };
}

async function main(): Promise<void> {
  const half = arg('half');
  if (half !== 'tune' && half !== 'check') throw new Error('usage: npm run quality -- --half=tune|check [--cases=T01,T02]');
  const dir = fixturesDir();
  if (!fixturesAvailable(dir)) throw new Error(`fixtures not found at ${dir} (set DRAPE_FIXTURES)`);
  const only = arg('cases')?.split(',');
  const cases = halfCases(loadManifest(dir), half).filter((c) => !only || only.includes(c.id));
  console.log(`${half} half: ${cases.length} cases`);
  const outDir = resolve(process.cwd(), 'artifacts/quality', half);
  mkdirSync(outDir, { recursive: true });
  const fullDir = process.argv.includes('--full') ? resolve(outDir, 'full') : undefined;
  if (fullDir) mkdirSync(fullDir, { recursive: true });
  const engine = createEngine();
  await engine.init();
  const rows: Row[] = [];
  const tiles: Buffer[] = [];
  for (const c of cases) {
    const { row, tiles: parts } = await runCase(engine, c, dir, fullDir);
    rows.push(row);
    tiles.push(await caseTile(row, parts));
    console.log(JSON.stringify(row));
  }
  const summary = summarise(rows, half, await writeSheets(tiles, outDir));
  writeFileSync(resolve(outDir, 'figures.json'), JSON.stringify({ summary, rows }, null, 2));
  console.log(JSON.stringify(summary, null, 2));
  await engine.dispose?.();
}

await main();
