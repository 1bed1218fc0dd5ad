/**
 * Engine benchmark: the built-in engine in 2 worker threads (as the worker
 * pool runs it: one engine per thread, init once, models warm, its young
 * generation size), over the
 * fixture persons × garments at 768×1024 and at 1536×2048 (fixtures upscaled
 * with sharp). Prints per-stage p50/p95 (decode, pose, matte,
 * garment_analysis, warp, composite, verdict, encode), total p50/p95 and the peak RSS
 * of the whole process. Then refine at 768×1024: each upper or lower
 * try-on's own result refined again as the coarse image.
 *
 *   npm run bench:engine [-- --runs=28 --threads=2]
 */
import { Worker, isMainThread, parentPort } from 'node:worker_threads';
import { resolve } from 'node:path';
import sharp from 'sharp';
import { configureEngineHeap, ENGINE_YOUNG_GENERATION_MB } from '../src/engines/engine-pool.js';

interface Job {
  id: number;
  person: Buffer;
  garment: Buffer;
  category: 'upper' | 'lower' | 'dress';
  /** Refine this coarse result instead of trying on. */
  coarse?: Buffer;
  /** Send the encoded result back (the coarse images of the refine round). */
  keepResult?: boolean;
}
interface Done {
  id: number;
  timings?: Record<string, number>;
  result?: Uint8Array;
  error?: string;
}

async function workerMain(): Promise<void> {
  const { createEngine } = await import('../src/engines/builtin/index.js');
  const { DEFAULT_TRYON_OPTIONS } = await import('../src/engines/engine.js');
  const engine = createEngine();
  await engine.init();
  const decode = async (buf: Buffer) => {
    const { data, info } = await sharp(buf).rotate().removeAlpha().raw().toBuffer({ resolveWithObject: true });
    return { width: info.width, height: info.height, channels: 3 as const, data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
  };
  parentPort!.on('message', async (job: Job) => {
    const timings: Record<string, number> = {};
    const time = async <T>(name: string, work: () => Promise<T> | T): Promise<T> => {
      const t0 = performance.now();
      try {
        return await work();
      } finally {
        timings[name] = (timings[name] ?? 0) + performance.now() - t0;
      }
    };
    try {
      const t0 = performance.now();
      const [person, garment, coarse] = await time('decode', () =>
        Promise.all([decode(Buffer.from(job.person)), decode(Buffer.from(job.garment)), job.coarse ? decode(Buffer.from(job.coarse)) : undefined]),
      );
      const common = { person, garments: [{ image: garment, category: job.category }], options: { ...DEFAULT_TRYON_OPTIONS } };
      const result = await engine.run(
        coarse === undefined ? { operation: 'tryon', ...common } : { operation: 'refine', coarse, ...common },
        { stage: time, progress: () => {} },
      );
      const encoded = await time('encode', () =>
        sharp(result.image.data, { raw: { width: result.image.width, height: result.image.height, channels: result.image.channels } }).jpeg({ quality: 90 }).toBuffer(),
      );
      timings.total = performance.now() - t0;
      parentPort!.postMessage({ id: job.id, timings, ...(job.keepResult ? { result: new Uint8Array(encoded) } : {}) } satisfies Done);
    } catch (error) {
      parentPort!.postMessage({ id: job.id, error: String((error as { code?: string }).code ?? error) } satisfies Done);
    }
  });
  parentPort!.postMessage({ id: -1 });
}

function pct(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))] ?? NaN;
}

async function mainThread(): Promise<void> {
  const { fixturesAvailable, fixturesDir, loadManifest } = await import('../test/support/engine-fixtures.js');
  const arg = (n: string, d: number) => Number(process.argv.find((a) => a.startsWith(`--${n}=`))?.split('=')[1] ?? d);
  const threads = arg('threads', 2);
  const runs = arg('runs', 28);
  const dir = fixturesDir();
  if (!fixturesAvailable(dir)) throw new Error(`fixtures not found at ${dir} (set DRAPE_FIXTURES)`);
  const manifest = loadManifest(dir);
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);
  // Loader hooks are per thread in Node 20: each worker registers tsx itself, then loads this file.
  const boot = `import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(import.meta.url)}); })`;
  // (the engine pool's young generation and first old-generation limit, src/engines/engine-pool.ts: the threads run as the server runs them)
  const resourceLimits = { maxYoungGenerationSizeMb: ENGINE_YOUNG_GENERATION_MB };
  configureEngineHeap();
  const workers = Array.from({ length: threads }, () => new Worker(boot, { eval: true, resourceLimits }));
  await Promise.all(workers.map((w) => new Promise<void>((ok, fail) => {
    w.once('error', fail);
    w.on('message', function ready(m: Done) { if (m.id === -1) { w.off('message', ready); ok(); } });
  })));
  const rssLoaded = process.memoryUsage().rss;
  const persons = Object.entries(manifest.persons);
  const garmentsBy = (c: string) => Object.entries(manifest.garments).filter(([, g]) => g.category === c).map(([n]) => n);
  const plan = Array.from({ length: runs }, (_, i) => {
    const [person, meta] = persons[i % persons.length]!;
    const category = meta.framing === 'upper_body' || i % 3 === 0 ? 'upper' : i % 3 === 1 ? 'lower' : 'dress';
    const list = garmentsBy(category);
    return { person, garment: list[i % list.length]!, category } as const;
  });
  const report: Record<string, unknown> = { threads, runs, rssAfterInitMb: Math.round(rssLoaded / 1e6) };
  let refineJobs: Job[] = [];
  const rounds = [[768, 1024, 'tryon'], [1536, 2048, 'tryon'], [768, 1024, 'refine']] as const;
  for (const [w, h, operation] of rounds) {
    const jobs: Job[] = [];
    if (operation === 'refine') jobs.push(...refineJobs);
    else {
      for (const [id, p] of plan.entries()) {
        const load = (f: string) => sharp(resolve(dir, f)).resize(w, h, { fit: 'fill' }).jpeg({ quality: 92 }).toBuffer();
        jobs.push({ id, person: await load(`persons/${p.person}`), garment: await load(`garments/${p.garment}`), category: p.category, keepResult: w === 768 });
      }
    }
    // warm-up: one job per worker, not counted
    const results: Done[] = [];
    const runAll = async (list: Job[], into: Done[]) => {
      let next = 0;
      const t0 = performance.now();
      await Promise.all(workers.map((wk) => new Promise<void>((ok) => {
        const feed = () => {
          if (next >= list.length) return ok();
          wk.postMessage(list[next++]!);
        };
        wk.on('message', function onMsg(m: Done) {
          if (m.id < 0) return;
          into.push(m);
          if (next >= list.length) { wk.off('message', onMsg); ok(); } else feed();
        });
        feed();
      })));
      return performance.now() - t0;
    };
    await runAll(jobs.slice(0, threads), []);
    const wall = await runAll(jobs, results);
    const ok = results.filter((r) => r.timings);
    if (operation === 'tryon' && w === 768) {
      // every upper or lower try-on that succeeded is refined in the last round, its result as the coarse image
      refineJobs = ok.flatMap((r) => {
        const job = jobs[r.id]!;
        return job.category === 'dress' || r.result === undefined ? [] : [{ ...job, coarse: Buffer.from(r.result), keepResult: false }];
      });
    }
    const stages =
      operation === 'refine'
        ? ['decode', 'align', 'pose', 'matte', 'garment_analysis', 'warp', 'change_map', 'composite', 'encode', 'total']
        : ['decode', 'pose', 'matte', 'garment_analysis', 'warp', 'composite', 'verdict', 'encode', 'total'];
    const table: Record<string, { p50: number; p95: number }> = {};
    for (const s of stages) {
      const v = ok.map((r) => r.timings![s] ?? 0);
      table[s] = { p50: Math.round(pct(v, 0.5)), p95: Math.round(pct(v, 0.95)) };
    }
    const key = `${operation === 'refine' ? 'refine ' : ''}${w}x${h}`;
    report[key] = { stagesMs: table, errors: results.filter((r) => r.error).map((r) => r.error), throughputPerSec: Number(((ok.length / wall) * 1000).toFixed(2)) };
    console.log(`\n${key}: ${ok.length} runs on ${threads} threads, ${(ok.length / wall * 1000).toFixed(2)} ${operation === 'refine' ? 'refines' : 'try-ons'}/s`);
    console.log('stage              p50 ms   p95 ms');
    for (const s of stages) console.log(`${s.padEnd(18)} ${String(table[s]!.p50).padStart(6)}   ${String(table[s]!.p95).padStart(6)}`);
  }
  clearInterval(sampler);
  report.peakRssMb = Math.round(peakRss / 1e6);
  console.log(`\npeak RSS ${report.peakRssMb} MB (after init ${report.rssAfterInitMb} MB)`);
  console.log(JSON.stringify(report));
  await Promise.all(workers.map((w) => w.terminate()));
}

if (isMainThread) await mainThread();
else await workerMain();
