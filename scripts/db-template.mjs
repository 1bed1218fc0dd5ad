// Part of `npm run build`: the migrated empty database that a first start unpacks (src/db/pglite-template.ts).
import { buildTemplate, TEMPLATE_FILE } from '../dist/src/db/pglite-template.js';

const started = Date.now();
const bytes = await buildTemplate();
console.log(`${TEMPLATE_FILE}: ${(bytes / 1e6).toFixed(1)} MB in ${((Date.now() - started) / 1000).toFixed(1)} s`);
