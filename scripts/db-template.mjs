// Part of `npm run build`: the migrated empty database that a first start copies (src/db/pglite-template.ts).
import { rm } from 'node:fs/promises';
import { buildTemplate } from '../dist/src/db/pglite-template.js';

const started = Date.now();
const folder = await buildTemplate();
// The tar.gz template of earlier builds: nothing reads it any more.
await rm(new URL('../dist/db-template.tar.gz', import.meta.url), { force: true });
console.log(`${folder}: built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
