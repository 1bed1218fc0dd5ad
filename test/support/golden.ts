/**
 * Golden figures of the built-in engine: for a fixed list of fixture cases,
 * what the engine replaced (a coarse mask, run-length coded), how much, what
 * it changed outside that, and its quality verdict. `npm run quality:golden`
 * compares a fresh run with test/engine/golden/golden.json; with `-- --update`
 * it rewrites the file (an engine change on purpose). The test
 * test/engine/golden.test.ts fails on any difference beyond GOLDEN_TOLERANCE.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Category, Engine, RawImage } from '../../src/engines/engine.js';
import { isDrapeError } from '../../src/errors.js';
import { loadServed, recordingContext, tryOnOptions } from './engine-fixtures.js';

export const GOLDEN_FILE = fileURLToPath(new URL('../engine/golden/golden.json', import.meta.url));

/** Width of the coarse replaced-region grid (its height keeps the photo's aspect). */
const GRID_WIDTH = 48;

export interface GoldenCase {
  person: string;
  garment: string;
  category: Category;
}

export interface GoldenFigures {
  /** The engine's refusal code, when it refuses the case. */
  refused?: string;
  /** Coarse replaced region: grid size and run lengths over its rows, alternating, starting with unreplaced cells. */
  grid?: { width: number; height: number; runs: number[] };
  /** Share of pixels changed (info.changedFraction). */
  changedFraction?: number;
  /** Mean absolute change (0..255) of the pixels outside the replaced region. */
  outsideChange?: number;
  /** Mean of the replaced-region map (0..1, soft edges included): moves with a few pixels of any mask. */
  changedMean?: number;
  /** Mean absolute change (0..255) inside the replaced region: moves with the fills' and the garment's colours. */
  insideChange?: number;
  score?: number;
  warnings?: string[];
}

export interface GoldenEntry extends GoldenCase {
  figures: GoldenFigures;
}

/**
 * How far a run may drift and still match: tight enough that a changed
 * threshold in a stage shows, loose enough for float differences between
 * CPUs (tfjs-wasm's SIMD sums in another order).
 */
export const GOLDEN_TOLERANCE = {
  /** Share of grid cells whose replaced/unreplaced state differs. */
  gridCells: 0.004,
  changedFraction: 0.0015,
  outsideChange: 0.01,
  /** About 15 full-strength pixels of a 768×1024 photo. */
  changedMean: 0.00002,
  insideChange: 0.02,
  score: 0.01,
};

export function readGolden(): GoldenEntry[] {
  return JSON.parse(readFileSync(GOLDEN_FILE, 'utf8')) as GoldenEntry[];
}

export function writeGolden(entries: GoldenEntry[]): void {
  writeFileSync(GOLDEN_FILE, `${JSON.stringify(entries, null, 1)}\n`);
}

/** Runs one case (with diagnostics, for the replaced region) and measures it. */
export async function goldenFigures(engine: Engine, c: GoldenCase): Promise<GoldenFigures> {
  const person = await loadServed('persons', c.person);
  const garment = await loadServed('garments', c.garment);
  try {
    const r = await engine.run({ operation: 'tryon', person, garments: [{ image: garment, category: c.category }], options: tryOnOptions({ diagnostics: true }) }, recordingContext());
    const region = r.diagnostics!.find((d) => d.name === 'replaced-region')!.image;
    return {
      grid: coarseGrid(region),
      changedFraction: r.info!.changedFraction as number,
      outsideChange: Number(changeOver(person, r.image, region, false).toFixed(4)),
      changedMean: Number(meanLevel(region).toFixed(6)),
      insideChange: Number(changeOver(person, r.image, region, true).toFixed(4)),
      score: r.quality!.score,
      warnings: r.quality!.warnings,
    };
  } catch (error) {
    if (isDrapeError(error)) return { refused: error.code };
    throw error;
  }
}

/** The replaced region (grey image, any change > 0) on a GRID_WIDTH-wide grid: a cell is replaced when most of its pixels are. */
export function coarseGrid(region: RawImage): { width: number; height: number; runs: number[] } {
  const width = GRID_WIDTH;
  const height = Math.max(1, Math.round((region.height / region.width) * width));
  const cells: number[] = [];
  for (let gy = 0; gy < height; gy++) {
    for (let gx = 0; gx < width; gx++) {
      const x0 = Math.floor((gx * region.width) / width), x1 = Math.floor(((gx + 1) * region.width) / width);
      const y0 = Math.floor((gy * region.height) / height), y1 = Math.floor(((gy + 1) * region.height) / height);
      let on = 0, n = 0;
      for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++, n++) if (region.data[(y * region.width + x) * region.channels]! > 0) on++;
      cells.push(on * 2 > n ? 1 : 0);
    }
  }
  const runs: number[] = [];
  let current = 0, length = 0;
  for (const c of cells) {
    if (c === current) length++;
    else {
      runs.push(length);
      current = c;
      length = 1;
    }
  }
  runs.push(length);
  return { width, height, runs };
}

/** The cells of a run-length coded grid, 0 or 1 each. */
export function gridCells(runs: number[]): number[] {
  return runs.flatMap((length, index) => new Array<number>(length).fill(index % 2));
}

function meanLevel(region: RawImage): number {
  let sum = 0;
  const n = region.width * region.height;
  for (let i = 0; i < n; i++) sum += region.data[i * region.channels]!;
  return sum / n / 255;
}

/** Mean absolute change (0..255) over the pixels inside (any change) or outside the replaced region. */
function changeOver(person: RawImage, result: RawImage, region: RawImage, inside: boolean): number {
  let sum = 0, count = 0;
  for (let i = 0; i < person.width * person.height; i++) {
    if (region.data[i * region.channels]! > 0 !== inside) continue;
    for (let c = 0; c < 3; c++) sum += Math.abs(person.data[i * person.channels + c]! - result.data[i * result.channels + c]!);
    count += 3;
  }
  return count ? sum / count : 0;
}

/** What differs between a fresh run and the golden figures, beyond the tolerances (empty: they match). */
export function goldenDifferences(want: GoldenFigures, got: GoldenFigures): string[] {
  const out: string[] = [];
  if (want.refused !== got.refused) return [`refused: ${want.refused ?? 'no'} → ${got.refused ?? 'no'}`];
  if (want.refused) return out;
  const a = gridCells(want.grid!.runs), b = gridCells(got.grid!.runs);
  if (a.length !== b.length) out.push(`grid size ${a.length} → ${b.length} cells`);
  else {
    const differing = a.filter((v, i) => v !== b[i]).length / a.length;
    if (differing > GOLDEN_TOLERANCE.gridCells) out.push(`replaced region: ${(differing * 100).toFixed(2)} % of cells differ`);
  }
  for (const key of ['changedFraction', 'outsideChange', 'changedMean', 'insideChange', 'score'] as const) {
    const d = Math.abs(want[key]! - got[key]!);
    if (d > GOLDEN_TOLERANCE[key]) out.push(`${key}: ${want[key]} → ${got[key]}`);
  }
  if (JSON.stringify(want.warnings) !== JSON.stringify(got.warnings)) out.push(`warnings: ${want.warnings?.join(',')} → ${got.warnings?.join(',')}`);
  return out;
}
