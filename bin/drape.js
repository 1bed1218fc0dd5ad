#!/usr/bin/env node
// The `drape` command. Runs the built code (npm install builds it).
import('../dist/src/cli/main.js').catch((error) => {
  if (error && error.code === 'ERR_MODULE_NOT_FOUND') {
    process.stderr.write('drape is not built yet: run `npm install` (or `npm run build`) in the package folder.\n');
    process.exit(1);
  }
  throw error;
});
