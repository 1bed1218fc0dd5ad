/**
 * How the default min_quality was chosen (a script, not a test): runs the
 * built-in engine over the tune half of the fixtures (test/support/fixture-split.ts),
 * writes contact sheets (person | garment | result, labelled with the case id,
 * the verdict's score and warnings) to artifacts/quality-threshold/, and
 * prints every case's score, warnings and figures as JSON lines. Judge each
 * result on the sheets (acceptable or broken), then pick the threshold that
 * separates the two (README "Result quality").
 *
 *   npm run quality:threshold                 the tune half
 *   npm run quality:threshold -- --cases=T03,T17
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import sharp from 'sharp';
import { createEngine } from '../src/engines/builtin/index.js';
import type { RawImage } from '../src/engines/engine.js';
import { isDrapeError } from '../src/errors.js';
import { fixturesAvailable, fixturesDir, loadGarment, loadManifest, loadPerson, recordingContext, tryOnOptions } from '../test/support/engine-fixtures.js';
import { halfCases } from '../test/support/fixture-split.js';

const TILE_HEIGHT_PX = 260;
const CASES_PER_SHEET = 8;

async function tile(img: RawImage): Promise<Buffer> {
  return sharp(img.data, { raw: { width: img.width, height: img.height, channels: img.channels } }).resize({ height: TILE_HEIGHT_PX }).flatten({ background: '#ffffff' }).png().toBuffer();
}

async function labelled(text: string, parts: Buffer[]): Promise<Buffer> {
  const widths = await Promise.all(parts.map(async (p) => (await sharp(p).metadata()).width!));
  const width = widths.reduce((a, b) => a + b, 0);
  const esc = text.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const svg = `<svg width="${width}" height="22" xmlns="http://www.w3.org/2000/svg"><rect width="100%" height="100%" fill="#222"/><text x="4" y="16" font-family="sans-serif" font-size="13" fill="#fff">${esc}</text></svg>`;
  let x = 0;
  const composite = [{ input: Buffer.from(svg), left: 0, top: 0 }, ...parts.map((p, i) => ({ input: p, left: (x += i === 0 ? 0 : widths[i - 1]!), top: 22 }))];
  return sharp({ create: { width, height: TILE_HEIGHT_PX + 22, channels: 3, background: '#fff' } }).composite(composite).png().toBuffer();
}

async function main(): Promise<void> {
  const dir = fixturesDir();
  if (!fixturesAvailable(dir)) throw new Error(`fixtures not found at ${dir} (set DRAPE_FIXTURES)`);
  const only = process.argv.find((a) => a.startsWith('--cases='))?.split('=')[1]?.split(',');
  const cases = halfCases(loadManifest(dir), 'tune').filter((c) => !only || only.includes(c.id));
  const outDir = resolve(process.cwd(), 'artifacts/quality-threshold');
  mkdirSync(outDir, { recursive: true });
  const engine = createEngine();
  await engine.init();
  const tiles: Buffer[] = [];
  for (const c of cases) {
    const person = await loadPerson(c.person, dir);
    const garment = await loadGarment(c.garment, dir);
    try {
      const r = await engine.run({ operation: 'tryon', person, garments: [{ image: garment, category: c.category }], options: tryOnOptions() }, recordingContext());
      const q = r.quality!;
      console.log(JSON.stringify({ ...c, score: q.score, warnings: q.warnings, figures: q.figures }));
      tiles.push(await labelled(`${c.id} ${q.score.toFixed(2)} ${q.warnings.join(' ')}`, [await tile(person), await tile(garment), await tile(r.image)]));
    } catch (error) {
      if (!isDrapeError(error)) throw error;
      console.log(JSON.stringify({ ...c, refused: error.code }));
    }
  }
  for (let s = 0; s * CASES_PER_SHEET < tiles.length; s++) {
    const group = tiles.slice(s * CASES_PER_SHEET, (s + 1) * CASES_PER_SHEET);
    const metas = await Promise.all(group.map((t) => sharp(t).metadata()));
    const colW = Math.max(...metas.map((m) => m.width!));
    const rowH = TILE_HEIGHT_PX + 22;
    const rows = Math.ceil(group.length / 2);
    const sheet = await sharp({ create: { width: colW * 2, height: rowH * rows, channels: 3, background: '#fff' } })
      .composite(group.map((t, i) => ({ input: t, left: (i % 2) * colW, top: Math.floor(i / 2) * rowH })))
      .png()
      .toBuffer();
    writeFileSync(resolve(outDir, `sheet-${String(s + 1).padStart(2, '0')}.png`), sheet);
  }
  await engine.dispose?.();
}

await main();
