import sharp from 'sharp';
import { createEngine } from './src/engines/builtin/index.ts';
import { loadPerson, loadGarment, recordingContext, tryOnOptions } from './test/support/engine-fixtures.ts';
const [personName, ...garmentArgs] = process.argv.slice(2);
const engine = createEngine();
await engine.init();
const person = await loadPerson(personName!);
const garments = [];
for (const a of garmentArgs) { const [name, cat] = a.split(':'); garments.push({ image: await loadGarment(name!), category: (cat ?? 'auto') as any }); }
for (let rep = 0; rep < 2; rep++) {
const ctx = recordingContext();
const t0 = performance.now();
const res = await engine.run({ operation: 'tryon', person, garments, options: tryOnOptions({ diagnostics: rep === 0 }) }, ctx);
console.log('total', Math.round(performance.now() - t0), ctx.timings, res.info);
if (rep === 0) {
const tag = personName!.replace(/\..*/, '') + '_' + garmentArgs.map(g=>g.replace(/\..*/, '')).join('_');
await sharp(res.image.data, { raw: { width: res.image.width, height: res.image.height, channels: res.image.channels } }).png().toFile(`artifacts/dev/${tag}.png`);
for (const d of res.diagnostics ?? []) await sharp(d.image.data, { raw: { width: d.image.width, height: d.image.height, channels: d.image.channels } }).png().toFile(`artifacts/dev/${tag}-${d.name}.png`);
}
}
