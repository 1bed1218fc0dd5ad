/**
 * `npm run bench:studio`: a 20-SKU archive (front and back view of 20 fixture tops) through the studio API with
 * the built-in engine and one engine worker, on PostgreSQL (TEST_POSTGRES_URL): how long
 * complete_multipart_upload takes (unpack, image guard, classification) and how free the event loop stays
 * meanwhile (its delay, and the slowest of GET /metering/plan calls made every 50 ms while it runs), then the
 * time from it to every front-view output; writes a contact sheet of the outputs (argument 1, default
 * studio-sheet.png) to look at.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { fixturesDir } from '../test/support/engine-fixtures.js';
import { loadConfig } from '../src/config.js';
import { startServer } from '../src/server.js';
import { createPostgresDatabase } from '../test/support/databases.js';
import { testEnv } from '../test/support/server.js';
import { studio, uploadZip, zip, local } from '../test/studio/support.js';
import { TEST_ADMIN_KEY } from '../test/support/keys.js';
import sharp from 'sharp';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';

const fixtures = fixturesDir();
const dir = `${fixtures}/garments`;
const manifest = JSON.parse(readFileSync(`${fixtures}/manifest.json`, 'utf8'));
// An archive is all or nothing: leave out the tops whose background the matte cannot separate (no_garment_detected).
const UNSEPARABLE = new Set(['048554_1.jpg', '0023.jpg', '1.jpg', 't3.jpg']);
const names = Object.entries(manifest.garments)
  .filter(([n, v]: any) => v.category === 'upper' && n.endsWith('.jpg') && !UNSEPARABLE.has(n))
  .slice(0, 20)
  .map(([n]) => n);
const db = await createPostgresDatabase();
const server = await startServer(loadConfig(testEnv({ DATA_DIR: mkdtempSync(join(tmpdir(), 'drape-bench-studio-')), DATABASE_URL: db.url, ENGINES: 'builtin', WORKERS: '1', PORT: '0', LOG_LEVEL: 'warn' })));
await server.engineReady;
const api = studio(server.url, TEST_ADMIN_KEY);
await server.credits.grant((await server.teams.list())[0]!.id, 1000);
const projectId = (await api.post('/project', { project_name: '20 SKUs' })).body.project_id;
const entries: [string, Buffer][] = [];
for (const [i, n] of names.entries()) {
  entries.push([`sku-${String(i + 1).padStart(2, '0')}/front.jpg`, readFileSync(`${dir}/${n}`)]);
  entries.push([`sku-${String(i + 1).padStart(2, '0')}/back.jpg`, readFileSync(`${dir}/${n}`)]);
}
const archive = await zip(entries);
const delay = monitorEventLoopDelay({ resolution: 10 });
const probes: number[] = [];
let uploading = true;
const probing = (async () => {
  while (uploading) {
    const sent = performance.now();
    await api.get('/metering/plan');
    probes.push(performance.now() - sent);
    await new Promise((r) => setTimeout(r, 50));
  }
})();
delay.enable();
const t0 = Date.now();
const done = await uploadZip(api, projectId, (u) => local(u, server), archive);
const t1 = Date.now();
delay.disable();
uploading = false;
await probing;
const msOf = (ns: number) => Math.round(ns / 1e6);
console.log('complete_multipart_upload', done.status, 'bytes', archive.length, 'ms', t1 - t0, done.status === 200 ? '' : JSON.stringify(done.body));
console.log('event-loop delay during the upload ms: p50', msOf(delay.percentile(50)), 'p99', msOf(delay.percentile(99)), 'max', msOf(delay.max));
console.log('GET /metering/plan during the upload:', probes.length, 'calls, slowest ms', Math.round(Math.max(...probes)));
const skus = (await api.get(`/sku?project_id=${projectId}`)).body.skus;
const model = (await api.post('/project/upload', { project_id: projectId, file_type: 'model_image', file_data: readFileSync(`${fixtures}/persons/049205_0.jpg`).toString('base64') })).body.image_id;
await api.post('/task', { project_id: projectId, sku_ids: skus.map((s: any) => s.sku_id) });
const list = (await api.get('/task')).body.skus;
const fronts = list.flatMap((s: any) => s.tasks.filter((t: any) => t.view === 'front').map((t: any) => ({ sku: s.sku_id, task: t.task_id })));
for (const f of fronts) await api.put('/task', { project_id: projectId, task_id: f.task, sku_id: f.sku, model_image: model });
for (let i = 0; i < fronts.length; i += 10) {
  for (;;) {
    const r = await api.post('/task/generate', { project_id: projectId, task_ids: fronts.slice(i, i + 10).map((f: any) => f.task) });
    if (r.status === 200) break;
    await new Promise((d) => setTimeout(d, 1000));
  }
}
const outputs: string[] = [];
for (const f of fronts) {
  for (;;) {
    const d = (await api.get(`/task?project_id=${projectId}&sku_id=${f.sku}&task_id=${f.task}`)).body;
    if (d.task_status === 'Generation completed' || d.task_status === 'Generation failed') { if (d.output[0]) outputs.push(d.output[0].image_url); else console.log('failed', d.error); break; }
    await new Promise((r) => setTimeout(r, 500));
  }
}
const t2 = Date.now();
console.log('tasks', fronts.length, 'complete→all front outputs ms', t2 - t0, 'generation ms', t2 - t1);
const tiles = await Promise.all(outputs.slice(0, 20).map(async (u) => sharp(Buffer.from(await (await fetch(local(u, server))).arrayBuffer())).resize(200, 266, { fit: 'contain', background: '#fff' }).png().toBuffer()));
const sheet = await sharp({ create: { width: 1000, height: 266 * 4, channels: 3, background: '#fff' } }).composite(tiles.map((t, i) => ({ input: t, left: (i % 5) * 200, top: Math.floor(i / 5) * 266 }))).png().toBuffer();
writeFileSync(process.argv[2] ?? 'studio-sheet.png', sheet);
await server.close();
await db.drop();
process.exit(0);
