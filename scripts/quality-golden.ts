/**
 * The engine's golden figures (test/support/golden.ts): compares a fresh run
 * of every golden case with test/engine/golden/golden.json and prints what
 * differs; `-- --update` rewrites the file from the case list below, for an
 * engine change made on purpose (look at the sheets of npm run quality first).
 *
 *   npm run quality:golden
 *   npm run quality:golden -- --update
 */
import { createEngine } from '../src/engines/builtin/index.js';
import { fixturesAvailable, fixturesDir, loadManifest } from '../test/support/engine-fixtures.js';
import { goldenDifferences, goldenFigures, readGolden, writeGolden, type GoldenCase, type GoldenEntry } from '../test/support/golden.js';

/**
 * The manifest's pairs, plus a fixed sample across the kinds of case: a
 * light camisole, a tee, a shirt and a blouse on women; tops on men; a dress,
 * trousers, jeans and shorts over other lower garments; a skirt under a new
 * top; and a photo the engine refuses.
 */
const SAMPLE: GoldenCase[] = [
  { person: 'catvtonflux_1.jpg', garment: 't1.png', category: 'upper' },
  { person: '00067_00.jpg', garment: '048769_1.jpg', category: 'upper' },
  { person: '052012_0.jpg', garment: '053790_1.jpg', category: 'dress' },
  { person: '8.png', garment: '051412_1.jpg', category: 'lower' },
  { person: '0179.jpg', garment: '0329.jpg', category: 'lower' },
  { person: '052472_0.jpg', garment: '04825_00.jpg', category: 'upper' },
  { person: '053228_0.jpg', garment: '5.jpg', category: 'lower' },
  { person: '03191_00.jpg', garment: '06123_00.jpg', category: 'upper' },
  { person: 'model_8.png', garment: '0012.jpg', category: 'upper' },
  { person: 'model_8.png', garment: '7.jpg', category: 'lower' },
  { person: 'model_2.png', garment: '0047.jpg', category: 'upper' },
  { person: 'model.webp', garment: '02015_00.jpg', category: 'upper' },
];

async function main(): Promise<void> {
  if (!fixturesAvailable()) throw new Error(`fixtures not found at ${fixturesDir()} (set DRAPE_FIXTURES)`);
  const update = process.argv.includes('--update');
  const cases: GoldenCase[] = update ? [...loadManifest().pairs.map(({ person, garment, category }) => ({ person, garment, category })), ...SAMPLE] : readGolden();
  const want = update ? [] : (cases as GoldenEntry[]);
  const engine = createEngine();
  await engine.init();
  const entries: GoldenEntry[] = [];
  let differing = 0;
  for (const [index, c] of cases.entries()) {
    const figures = await goldenFigures(engine, c);
    entries.push({ person: c.person, garment: c.garment, category: c.category, figures });
    const diff = update ? [] : goldenDifferences(want[index]!.figures, figures);
    if (diff.length > 0) differing++;
    console.log(`${c.person} + ${c.garment} (${c.category}): ${figures.refused ?? `score ${figures.score}, changed ${figures.changedFraction}`}${diff.length ? `\n  DIFFERS: ${diff.join('; ')}` : ''}`);
  }
  await engine.dispose?.();
  if (update) {
    writeGolden(entries);
    console.log(`wrote ${entries.length} cases`);
  } else if (differing > 0) {
    console.log(`${differing} of ${cases.length} cases differ from the golden file`);
    process.exitCode = 1;
  } else console.log(`all ${cases.length} cases match`);
}

await main();
