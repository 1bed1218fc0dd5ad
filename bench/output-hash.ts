/**
 * Output fingerprint of the built-in engine: one SHA-256 over every result
 * image and verdict figure of the engine benchmark's cases (768×1024, as
 * bench/engine.ts builds them; the upper and lower ones refined again with
 * their own result as the coarse image) and of the tune half (as the
 * quality review loads them). A change meant only to make the engine faster must leave this
 * hash unchanged. Also prints the CPU time (user + system, ms) each engine
 * stage took over all cases: the engine runs in this one thread, so unlike
 * the wall times of bench/engine.ts these hardly move on a busy machine.
 *
 *   npm run bench:output-hash [-- --only=bench|tune] [--verbose]
 */
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import sharp from 'sharp';
import { createEngine } from '../src/engines/builtin/index.js';
import { DEFAULT_TRYON_OPTIONS, type Category, type Engine, type EngineContext, type RawImage } from '../src/engines/engine.js';
import { isDrapeError } from '../src/errors.js';
import { fixturesAvailable, fixturesDir, loadManifest, loadServed } from '../test/support/engine-fixtures.js';
import { halfCases } from '../test/support/fixture-split.js';

interface Case {
  id: string;
  person: () => Promise<RawImage>;
  garment: () => Promise<RawImage>;
  category: Category;
  /** Refine the try-on's own result afterwards (as bench/engine.ts refines its upper and lower try-ons). */
  refine?: boolean;
}

const BENCH_RUNS = 28;
const BENCH_SIZE = [768, 1024] as const;

async function benchDecode(file: string): Promise<RawImage> {
  const jpeg = await sharp(file).resize(BENCH_SIZE[0], BENCH_SIZE[1], { fit: 'fill' }).jpeg({ quality: 92 }).toBuffer();
  const { data, info } = await sharp(jpeg).rotate().removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, channels: 3, data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
}

/** The engine benchmark's plan (bench/engine.ts) at its first size. */
function benchCases(dir: string): Case[] {
  const manifest = loadManifest(dir);
  const persons = Object.entries(manifest.persons);
  const garmentsBy = (c: string) => Object.entries(manifest.garments).filter(([, g]) => g.category === c).map(([n]) => n);
  return Array.from({ length: BENCH_RUNS }, (_, i) => {
    const [person, meta] = persons[i % persons.length]!;
    const category = meta.framing === 'upper_body' || i % 3 === 0 ? 'upper' : i % 3 === 1 ? 'lower' : 'dress';
    const list = garmentsBy(category);
    const garment = list[i % list.length]!;
    return { id: `B${i}`, category, refine: category !== 'dress', person: () => benchDecode(resolve(dir, 'persons', person)), garment: () => benchDecode(resolve(dir, 'garments', garment)) };
  });
}

function tuneCases(dir: string): Case[] {
  return halfCases(loadManifest(dir), 'tune').map((c) => ({
    id: c.id,
    category: c.category,
    person: () => loadServed('persons', c.person, dir),
    garment: () => loadServed('garments', c.garment, dir),
  }));
}

/** An EngineContext that adds each stage's CPU time (µs, the whole process) to `cpu`. */
function cpuContext(cpu: Record<string, number>): EngineContext {
  return {
    async stage<T>(name: string, work: () => Promise<T> | T): Promise<T> {
      const t0 = process.cpuUsage();
      try {
        return await work();
      } finally {
        const d = process.cpuUsage(t0);
        cpu[name] = (cpu[name] ?? 0) + d.user + d.system;
      }
    },
    progress() {},
  };
}

async function caseDigest(engine: Engine, c: Case, cpu: Record<string, number>, refineCpu: Record<string, number>): Promise<string> {
  const h = createHash('sha256');
  const [person, garment] = await Promise.all([c.person(), c.garment()]);
  try {
    const common = { person, garments: [{ image: garment, category: c.category }], options: { ...DEFAULT_TRYON_OPTIONS } };
    const res = await engine.run({ operation: 'tryon', ...common }, cpuContext(cpu));
    const results = [res];
    if (c.refine) results.push(await engine.run({ operation: 'refine', coarse: res.image, ...common }, cpuContext(refineCpu)));
    for (const r of results) {
      h.update(`${r.image.width}x${r.image.height}x${r.image.channels}`);
      h.update(r.image.data);
      h.update(JSON.stringify({ quality: r.quality ?? null, info: r.info ?? null }));
    }
  } catch (error) {
    const code = isDrapeError(error) ? error.code : String(error);
    if (process.argv.includes('--verbose')) console.log(c.id, 'refused:', code);
    h.update(`error:${code}`);
  }
  return h.digest('hex');
}

async function main(): Promise<void> {
  const dir = fixturesDir();
  if (!fixturesAvailable(dir)) throw new Error(`fixtures not found at ${dir} (set DRAPE_FIXTURES)`);
  const only = process.argv.find((a) => a.startsWith('--only='))?.split('=')[1];
  const cases = [...(only === 'tune' ? [] : benchCases(dir)), ...(only === 'bench' ? [] : tuneCases(dir))];
  const engine = createEngine();
  await engine.init();
  const all = createHash('sha256');
  const t0 = process.cpuUsage();
  const cpu: Record<string, number> = {}, refineCpu: Record<string, number> = {};
  for (const c of cases) {
    const digest = await caseDigest(engine, c, cpu, refineCpu);
    if (process.argv.includes('--verbose')) console.log(c.id, digest);
    all.update(`${c.id}:${digest}\n`);
  }
  const total = process.cpuUsage(t0);
  console.log(`${cases.length} cases, user CPU ${(total.user / 1e6).toFixed(1)} s`);
  const perStage = (m: Record<string, number>) => Object.entries(m).map(([k, v]) => `${k} ${Math.round(v / 1000)}`).join(', ');
  console.log(`try-on CPU ms per stage (all cases): ${perStage(cpu)}`);
  console.log(`refine CPU ms per stage (bench cases): ${perStage(refineCpu)}`);
  console.log(`output sha256 ${all.digest('hex')}`);
  await engine.dispose?.();
}

await main();
