// tsc copies no SQL, HTML, CSS or plain .js files: put the migrations and the
// playground's static files beside the built code.
import { cpSync } from 'node:fs';

cpSync('src/db/migrations', 'dist/src/db/migrations', { recursive: true });
cpSync('src/web', 'dist/src/web', { recursive: true });
