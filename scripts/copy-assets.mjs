// tsc copies no SQL or .mjs files: put the migrations beside the built code.
import { cpSync } from 'node:fs';

cpSync('src/db/migrations', 'dist/src/db/migrations', { recursive: true });
